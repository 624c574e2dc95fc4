/*
 * index.h - reading the price-index file (domain.md section 3) into the
 * model's pr_index.
 */
#ifndef PR_FORMATS_INDEX_H
#define PR_FORMATS_INDEX_H

#include <stddef.h>

#include "model/priceindex.h"
#include "io/err.h"

/* Reads and validates zPath. Returns a new index, owned by the caller (free
 * with pr_index_free), or NULL with a message in pErr (may be NULL) naming
 * the file and line: PR_ERR_INDEX for a bad or empty file, PR_ERR_CSV for a
 * malformed row, PR_ERR_HEADER for a missing column, PR_ERR_NOMEM, or the
 * code of pr_textfile_read (PR_ERR_IO, PR_ERR_GZIP, PR_ERR_ENCODING, ...). */
pr_index *pr_index_load(const char *zPath, int eEnc, pr_err *pErr);

#endif
