/*
 * textfile.c - whole-file reading of small configuration files.
 */
#include "io/textfile.h"
#include "io/instream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pr_textfile_read(const char *zPath, pr_encoding eEnc, char **pz, size_t *pn,
                     char *zSha, char *zErr, size_t nErr)
{
    int rc = -1;
    char *aBuf = NULL;
    size_t nBuf = 0, nCap = 0;
    char zMsg[256];
    pr_gbconv *pConv = NULL;
    pr_instream *pIn = pr_instream_open(zPath, zErr, nErr);
    if (!pIn) return -1;
    for (;;) {
        if (nCap - nBuf < 65536) {
            if (nCap >= PR_TEXTFILE_CAP) {
                snprintf(zErr, nErr, "%s: larger than the %u MiB allowed for a configuration file",
                         zPath, PR_TEXTFILE_CAP >> 20);
                goto cleanup;
            }
            size_t nNew = nCap ? nCap * 2 : 1 << 16;
            char *a = realloc(aBuf, nNew + 1);
            if (!a) { snprintf(zErr, nErr, "%s: out of memory", zPath); goto cleanup; }
            aBuf = a;
            nCap = nNew;
        }
        ssize_t n = pr_instream_read(pIn, aBuf + nBuf, nCap - nBuf, zMsg, sizeof(zMsg));
        if (n < 0) { snprintf(zErr, nErr, "%s: %s", zPath, zMsg); goto cleanup; }
        if (n == 0) break;
        nBuf += (size_t)n;
    }
    if (pr_instream_drain(pIn, zMsg, sizeof(zMsg))) { snprintf(zErr, nErr, "%s: %s", zPath, zMsg); goto cleanup; }
    pr_instream_sha256_hex(pIn, zSha);
    if (eEnc == ENC_AUTO) eEnc = pr_encoding_detect(aBuf, nBuf);
    if (eEnc == ENC_GB18030) {
        pConv = pr_gbconv_new();
        size_t nOut;
        const char *zOut = pConv ? pr_gbconv_run(pConv, aBuf, nBuf, &nOut) : NULL;
        if (!zOut) { snprintf(zErr, nErr, "%s: not valid GB18030 text", zPath); goto cleanup; }
        char *a = malloc(nOut + 1);
        if (!a) { snprintf(zErr, nErr, "%s: out of memory", zPath); goto cleanup; }
        memcpy(a, zOut, nOut);
        free(aBuf);
        aBuf = a;
        nBuf = nOut;
    } else if (!pr_utf8_valid(aBuf, nBuf, 0)) {
        snprintf(zErr, nErr, "%s: not valid UTF-8 text", zPath);
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
    rc = 0;
cleanup:
    free(aBuf);
    pr_gbconv_free(pConv);
    pr_instream_free(pIn);
    return rc;
}
