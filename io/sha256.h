/*
 * sha256.h - SHA-256 of byte streams and files, via OpenSSL's libcrypto.
 */
#ifndef PR_SHA256_H
#define PR_SHA256_H

#include <stddef.h>

#include "io/err.h"

typedef struct pr_sha256 pr_sha256;

/* Returns a new hashing context the caller owns (free with pr_sha256_free),
 * or NULL with pErr set to PR_ERR_NOMEM. */
pr_sha256 *pr_sha256_new(pr_err *pErr);
void pr_sha256_update(pr_sha256 *p, const void *pData, size_t nData);
/* Writes the digest as 64 hex characters and a NUL into zHex; p may not be
 * updated afterwards. */
void pr_sha256_final_hex(pr_sha256 *p, char *zHex);
/* Frees p; p may be NULL. */
void pr_sha256_free(pr_sha256 *p);

/* Hashes the file zPath into zHex (the caller's, 65 bytes). Returns PR_OK,
 * PR_ERR_IO with "<path>: cannot read: ..." (errno is left as the failed
 * call set it), or PR_ERR_NOMEM. */
pr_error pr_sha256_file(const char *zPath, char *zHex, pr_err *pErr);

#endif
