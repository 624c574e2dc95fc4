/*
 * sign.c - Ed25519 keys and signatures of sign.h, on OpenSSL's EVP API
 * (EVP_PKEY_ED25519, EVP_DigestSign in one shot, PEM for the key files).
 */
#include "io/sign.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct pr_sigkey {
    EVP_PKEY *pKey;               /* the Ed25519 key, owned */
};

/* Opens zPath for writing, failing if it exists. NULL with pErr set. */
static FILE *create_new(const char *zPath, mode_t eMode, pr_err *pErr)
{
    int fd = open(zPath, O_WRONLY | O_CREAT | O_EXCL, eMode);
    if (fd < 0) {
        /* two whole formats, so that each is one message to translate */
        if (errno == EEXIST)
            pr_err_set(pErr, PR_ERR_EXISTS, "%s: cannot create: %s (a key is never overwritten)", zPath, strerror(errno));
        else
            pr_err_set(pErr, PR_ERR_IO, "%s: cannot create: %s", zPath, strerror(errno));
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        pr_err_nomem(pErr, "writing a key");
    }
    return f;
}

pr_error pr_sigkey_generate(const char *zPrivPath, const char *zPubPath, pr_err *pErr)
{
    pr_error rc = PR_OK;
    FILE *pPriv = NULL, *pPub = NULL;
    EVP_PKEY *pKey = NULL;
    EVP_PKEY_CTX *pCtx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
    if (!pCtx || EVP_PKEY_keygen_init(pCtx) <= 0 || EVP_PKEY_keygen(pCtx, &pKey) <= 0) {
        rc = pr_err_set(pErr, PR_ERR_NOMEM, "cannot generate an Ed25519 key pair");
        goto cleanup;
    }
    if (!(pPriv = create_new(zPrivPath, 0600, pErr))) { rc = pErr ? pErr->rc : PR_ERR_IO; goto cleanup; }
    if (!(pPub = create_new(zPubPath, 0644, pErr))) { rc = pErr ? pErr->rc : PR_ERR_IO; unlink(zPrivPath); goto cleanup; }
    if (!PEM_write_PrivateKey(pPriv, pKey, NULL, NULL, 0, NULL, NULL) || !PEM_write_PUBKEY(pPub, pKey)
        || fflush(pPriv) || fflush(pPub)) {
        rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write the key pair", zPrivPath);
    }
cleanup:
    if (pPriv && fclose(pPriv) && !rc) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", zPrivPath, strerror(errno));
    if (pPub && fclose(pPub) && !rc) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", zPubPath, strerror(errno));
    if (rc && pPriv) { unlink(zPrivPath); unlink(zPubPath); }
    EVP_PKEY_free(pKey);
    EVP_PKEY_CTX_free(pCtx);
    return rc;
}

pr_sigkey *pr_sigkey_load(const char *zPath, int bPrivate, pr_err *pErr)
{
    pr_sigkey *p = NULL;
    EVP_PKEY *pKey = NULL;
    FILE *f = fopen(zPath, "r");
    if (!f) {
        pr_err_set(pErr, PR_ERR_IO, "%s: cannot read the key: %s", zPath, strerror(errno));
        return NULL;
    }
    pKey = bPrivate ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : PEM_read_PUBKEY(f, NULL, NULL, NULL);
    fclose(f);
    if (!pKey) {
        pr_err_set(pErr, PR_ERR_CONFIG, "%s: not a PEM %s key, or a corrupt one", zPath, bPrivate ? "private" : "public");
        goto cleanup;
    }
    if (EVP_PKEY_id(pKey) != EVP_PKEY_ED25519) {
        pr_err_set(pErr, PR_ERR_CONFIG, "%s: the key is not an Ed25519 key (payrun keygen writes one)", zPath);
        goto cleanup;
    }
    p = calloc(1, sizeof(*p));
    if (!p) { pr_err_nomem(pErr, "reading a key"); goto cleanup; }
    p->pKey = pKey;
    pKey = NULL;
cleanup:
    EVP_PKEY_free(pKey);
    return p;
}

void pr_sigkey_free(pr_sigkey *p)
{
    if (!p) return;
    EVP_PKEY_free(p->pKey);
    free(p);
}

pr_error pr_sign(const pr_sigkey *p, const void *z, size_t n, char *zB64, pr_err *pErr)
{
    unsigned char aSig[64];
    size_t nSig = sizeof(aSig);
    pr_error rc = PR_OK;
    EVP_MD_CTX *pCtx = EVP_MD_CTX_new();
    if (!pCtx) return pr_err_nomem(pErr, "signing");
    if (EVP_DigestSignInit(pCtx, NULL, NULL, NULL, p->pKey) <= 0
        || EVP_DigestSign(pCtx, aSig, &nSig, z, n) <= 0 || nSig != sizeof(aSig)) {
        rc = pr_err_set(pErr, PR_ERR_CONFIG, "cannot sign with this key (is it a private key?)");
        goto cleanup;
    }
    int k = EVP_EncodeBlock((unsigned char *)zB64, aSig, (int)nSig);
    assert(k == PR_SIG_B64 - 1);
    zB64[k] = 0;
cleanup:
    EVP_MD_CTX_free(pCtx);
    return rc;
}

int pr_sign_check(const pr_sigkey *p, const void *z, size_t n, const char *zB64)
{
    unsigned char aSig[66];
    if (strlen(zB64) != PR_SIG_B64 - 1) return 0;
    int k = EVP_DecodeBlock(aSig, (const unsigned char *)zB64, PR_SIG_B64 - 1);
    if (k != 66) return 0;   /* 64 bytes and the 2 padding zeros of "==" */
    EVP_MD_CTX *pCtx = EVP_MD_CTX_new();
    if (!pCtx) return 0;
    int bOk = EVP_DigestVerifyInit(pCtx, NULL, NULL, NULL, p->pKey) > 0
              && EVP_DigestVerify(pCtx, aSig, 64, z, n) == 1;
    EVP_MD_CTX_free(pCtx);
    return bOk;
}

void pr_sigkey_id(const pr_sigkey *p, char *zHex)
{
    unsigned char aPub[32], aMd[32];
    size_t nPub = sizeof(aPub);
    unsigned int nMd = 0;
    static const char azHex[] = "0123456789abcdef";
    zHex[0] = 0;
    if (EVP_PKEY_get_raw_public_key(p->pKey, aPub, &nPub) <= 0) return;
    if (!EVP_Digest(aPub, nPub, aMd, &nMd, EVP_sha256(), NULL) || nMd != 32) return;
    for (int i = 0; i < 32; i++) {
        zHex[2 * i] = azHex[aMd[i] >> 4];
        zHex[2 * i + 1] = azHex[aMd[i] & 15];
    }
    zHex[64] = 0;
}
