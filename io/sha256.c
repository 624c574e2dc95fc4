/*
 * sha256.c - thin wrapper over libcrypto's EVP digest interface.
 */
#include "io/sha256.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pr_sha256 {
    EVP_MD_CTX *pCtx;   /* libcrypto context, owned */
};

pr_sha256 *pr_sha256_new(pr_err *pErr)
{
    pr_sha256 *p = calloc(1, sizeof(*p));
    if (!p) goto cleanup;
    p->pCtx = EVP_MD_CTX_new();
    if (!p->pCtx || EVP_DigestInit_ex(p->pCtx, EVP_sha256(), NULL) != 1) goto cleanup;
    return p;
cleanup:
    pr_sha256_free(p);
    pr_err_nomem(pErr, "starting a SHA-256 digest");
    return NULL;
}

void pr_sha256_update(pr_sha256 *p, const void *pData, size_t nData)
{
    if (nData) EVP_DigestUpdate(p->pCtx, pData, nData);
}

void pr_sha256_final_hex(pr_sha256 *p, char *zHex)
{
    unsigned char aDigest[EVP_MAX_MD_SIZE];
    unsigned int nDigest = 0;
    EVP_DigestFinal_ex(p->pCtx, aDigest, &nDigest);
    static const char azHex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < nDigest; i++) {
        zHex[2 * i] = azHex[aDigest[i] >> 4];
        zHex[2 * i + 1] = azHex[aDigest[i] & 15];
    }
    zHex[2 * nDigest] = 0;
}

void pr_sha256_free(pr_sha256 *p)
{
    if (!p) return;
    EVP_MD_CTX_free(p->pCtx);
    free(p);
}

pr_error pr_sha256_file(const char *zPath, char *zHex, pr_err *pErr)
{
    pr_error rc = PR_OK;
    unsigned char *pBuf = NULL;
    pr_sha256 *pHash = NULL;
    int iErrno = 0;
    FILE *f = fopen(zPath, "rb");
    if (!f) {
        iErrno = errno;
        rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot read: %s", zPath, strerror(iErrno));
        goto cleanup;
    }
    pBuf = malloc(1 << 16);
    pHash = pr_sha256_new(pErr);
    if (!pBuf || !pHash) { rc = pr_err_nomem(pErr, "hashing a file"); goto cleanup; }
    size_t n;
    while ((n = fread(pBuf, 1, 1 << 16, f)) > 0) pr_sha256_update(pHash, pBuf, n);
    if (ferror(f)) {
        iErrno = errno;
        rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot read: %s", zPath, strerror(iErrno));
        goto cleanup;
    }
    pr_sha256_final_hex(pHash, zHex);
cleanup:
    if (f) fclose(f);
    free(pBuf);
    pr_sha256_free(pHash);
    if (iErrno) errno = iErrno;   /* callers word the reason from errno */
    return rc;
}
