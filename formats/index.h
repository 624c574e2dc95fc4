/*
 * index.h - reading the price-index file (domain.md section 3) into the
 * model's pr_index.
 */
#ifndef PR_FORMATS_INDEX_H
#define PR_FORMATS_INDEX_H

#include <stddef.h>

#include "model/priceindex.h"

/* Reads and validates zPath . Returns a new index (free
 * with pr_index_free) or NULL with a message naming file and line. */
pr_index *pr_index_load(const char *zPath, int eEnc, char *zErr, size_t nErr);

#endif
