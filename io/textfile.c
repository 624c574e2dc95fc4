/*
 * textfile.c - whole-file reading of small configuration files.
 */
#include "io/textfile.h"
#include "io/instream.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pr_error pr_textfile_read(const char *zPath, pr_encoding eEnc, char **pz, size_t *pn,
                          char *zSha, pr_err *pErr)
{
    pr_error rc = PR_OK;
    char *aBuf = NULL;
    size_t nBuf = 0, nCap = 0;
    pr_gbconv *pConv = NULL;
    pr_instream *pIn = pr_instream_open(zPath, pErr);
    if (!pIn) return pErr ? pErr->rc : PR_ERR_IO;
    for (;;) {
        if (nCap - nBuf < 65536) {
            if (nCap >= PR_TEXTFILE_CAP) {
                rc = pr_err_set(pErr, PR_ERR_TOO_BIG, "%s: larger than the %u MiB allowed for a configuration file",
                                zPath, PR_TEXTFILE_CAP >> 20);
                goto cleanup;
            }
            size_t nNew = nCap ? nCap * 2 : 1 << 16;
            char *a = realloc(aBuf, nNew + 1);
            if (!a) { rc = pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto cleanup; }
            aBuf = a;
            nCap = nNew;
        }
        size_t n;
        rc = pr_instream_read(pIn, aBuf + nBuf, nCap - nBuf, &n, pErr);
        if (rc) goto cleanup;
        if (n == 0) break;
        nBuf += n;
        assert(nBuf <= nCap);
    }
    rc = pr_instream_drain(pIn, pErr);
    if (rc) goto cleanup;
    pr_instream_sha256_hex(pIn, zSha);
    if (eEnc == ENC_AUTO) eEnc = pr_encoding_detect(aBuf, nBuf);
    if (eEnc == ENC_GB18030) {
        pr_err e;
        pr_err_init(&e);
        const char *zOut = NULL;
        size_t nOut = 0;
        pConv = pr_gbconv_new(&e);
        if (pConv) pr_gbconv_run(pConv, aBuf, nBuf, &zOut, &nOut, &e);
        if (e.rc == PR_ERR_NOMEM) { rc = pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto cleanup; }
        if (!zOut) { rc = pr_err_set(pErr, PR_ERR_ENCODING, "%s: not valid GB18030 text", zPath); goto cleanup; }
        char *a = malloc(nOut + 1);
        if (!a) { rc = pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto cleanup; }
        memcpy(a, zOut, nOut);
        free(aBuf);
        aBuf = a;
        nBuf = nOut;
    } else if (!pr_utf8_valid(aBuf, nBuf, 0)) {
        rc = pr_err_set(pErr, PR_ERR_ENCODING, "%s: not valid UTF-8 text", zPath);
        goto cleanup;
    }
    if (nBuf >= 3 && memcmp(aBuf, "\xEF\xBB\xBF", 3) == 0) {
        memmove(aBuf, aBuf + 3, nBuf - 3);
        nBuf -= 3;
    }
    aBuf[nBuf] = 0;
    *pz = aBuf;
    *pn = nBuf;
    aBuf = NULL;
cleanup:
    free(aBuf);
    pr_gbconv_free(pConv);
    pr_instream_free(pIn);
    return rc;
}
