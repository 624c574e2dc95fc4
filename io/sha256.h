/*
 * sha256.h - SHA-256 of byte streams and files, via OpenSSL's libcrypto.
 */
#ifndef PR_SHA256_H
#define PR_SHA256_H

#include <stddef.h>

typedef struct pr_sha256 pr_sha256;

/* Returns a new hashing context (free with pr_sha256_free), or NULL. */
pr_sha256 *pr_sha256_new(void);
void pr_sha256_update(pr_sha256 *p, const void *pData, size_t nData);
/* Writes the digest as 64 hex characters and a NUL into zHex; p may not be
 * updated afterwards. */
void pr_sha256_final_hex(pr_sha256 *p, char *zHex);
/* Frees p; p may be NULL. */
void pr_sha256_free(pr_sha256 *p);

/* Hashes the file zPath into zHex. Returns 0, or -1 if it cannot be read. */
int pr_sha256_file(const char *zPath, char *zHex);

#endif
