/*
 * sha256.c - thin wrapper over libcrypto's EVP digest interface.
 */
#include "io/sha256.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

struct pr_sha256 {
    EVP_MD_CTX *pCtx;   /* libcrypto context, owned */
};

pr_sha256 *pr_sha256_new(void)
{
    pr_sha256 *p = calloc(1, sizeof(*p));
    if (!p) return NULL;
    p->pCtx = EVP_MD_CTX_new();
    if (!p->pCtx || EVP_DigestInit_ex(p->pCtx, EVP_sha256(), NULL) != 1) {
        pr_sha256_free(p);
        return NULL;
    }
    return p;
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

int pr_sha256_file(const char *zPath, char *zHex)
{
    int rc = -1;
    unsigned char *pBuf = NULL;
    pr_sha256 *pHash = NULL;
    FILE *f = fopen(zPath, "rb");
    if (!f) goto cleanup;
    pBuf = malloc(1 << 16);
    pHash = pr_sha256_new();
    if (!pBuf || !pHash) goto cleanup;
    size_t n;
    while ((n = fread(pBuf, 1, 1 << 16, f)) > 0) pr_sha256_update(pHash, pBuf, n);
    if (ferror(f)) goto cleanup;
    pr_sha256_final_hex(pHash, zHex);
    rc = 0;
cleanup:
    if (f) fclose(f);
    free(pBuf);
    pr_sha256_free(pHash);
    return rc;
}
