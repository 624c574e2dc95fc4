/*
 * textfile.h - reads a small configuration file (policy, price index) whole,
 * with a hard size cap: decompressed if gzip, converted to UTF-8 if GB18030,
 * BOM removed. Rosters never go through here; they stream.
 */
#ifndef PR_TEXTFILE_H
#define PR_TEXTFILE_H

#include <stddef.h>

#include "io/encoding.h"

#define PR_TEXTFILE_CAP (64u << 20)   /* largest configuration file accepted */

/* Reads zPath. On success returns PR_OK, sets *pz to a NUL-terminated
 * UTF-8 buffer the caller owns and frees with free(), *pn to its length,
 * and zSha (65 bytes) to the SHA-256 of the file on disk. On failure
 * returns PR_ERR_IO, PR_ERR_GZIP, PR_ERR_TOO_BIG, PR_ERR_ENCODING or
 * PR_ERR_NOMEM with a message naming the file, and leaves *pz alone. */
pr_error pr_textfile_read(const char *zPath, pr_encoding eEnc, char **pz, size_t *pn,
                          char *zSha, pr_err *pErr);

#endif
