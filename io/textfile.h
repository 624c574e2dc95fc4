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

/* Reads zPath. On success returns 0, sets *pz to a NUL-terminated UTF-8
 * buffer the caller frees and *pn to its length, and zSha (65 bytes) to the
 * SHA-256 of the file on disk. On failure returns -1 with a message. */
int pr_textfile_read(const char *zPath, pr_encoding eEnc, char **pz, size_t *pn,
                     char *zSha, char *zErr, size_t nErr);

#endif
