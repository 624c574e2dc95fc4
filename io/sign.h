/*
 * sign.h - Ed25519 keys and signatures through OpenSSL's EVP API: a key
 * pair written as PEM, keys read back (refusing other key types), and
 * signatures carried as base64 text. Nothing here knows what is signed.
 */
#ifndef PR_SIGN_H
#define PR_SIGN_H

#include <stddef.h>

#include "io/err.h"

typedef struct pr_sigkey pr_sigkey;

/* Base64 of a 64-byte Ed25519 signature and its NUL. */
#define PR_SIG_B64 89

/* Writes a new key pair: the private key to zPrivPath (PEM, PKCS#8, mode
 * 0600) and the public key to zPubPath (PEM). Neither file may exist yet.
 * PR_OK, or PR_ERR_EXISTS / PR_ERR_IO / PR_ERR_NOMEM with pErr set. */
pr_error pr_sigkey_generate(const char *zPrivPath, const char *zPubPath, pr_err *pErr);

/* Reads an Ed25519 private (bPrivate) or public key from the PEM file
 * zPath. Returns the key, owned by the caller (pr_sigkey_free), or NULL with
 * pErr naming the file: PR_ERR_IO (unreadable), PR_ERR_CONFIG (not PEM, a
 * corrupt PEM, or a key of another type). */
pr_sigkey *pr_sigkey_load(const char *zPath, int bPrivate, pr_err *pErr);

/* Frees p; p may be NULL. */
void pr_sigkey_free(pr_sigkey *p);

/* Signs z[0,n) with private key p into zB64 (PR_SIG_B64 bytes, the
 * caller's). PR_OK or PR_ERR_CONFIG / PR_ERR_NOMEM with pErr set. */
pr_error pr_sign(const pr_sigkey *p, const void *z, size_t n, char *zB64, pr_err *pErr);

/* Whether zB64 is a good signature of z[0,n) by the key p (public or
 * private): 1 yes, 0 no (bad signature, or not base64 of 64 bytes). */
int pr_sign_check(const pr_sigkey *p, const void *z, size_t n, const char *zB64);

/* The SHA-256 of the key's public half, as 64 hex characters and a NUL in
 * zHex (the caller's, 65 bytes): names a key in approvals. */
void pr_sigkey_id(const pr_sigkey *p, char *zHex);

#endif
