/*
 * encoding.c - UTF-8 validation and GB18030 conversion. GB18030 never uses
 * the bytes of '"', ',', CR or LF inside a multi-byte character, so records
 * can be found on the raw bytes and converted one at a time.
 */
#include "io/encoding.h"

#include <assert.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

pr_error pr_encoding_parse(const char *z, pr_encoding *pEnc, pr_err *pErr)
{
    if (strcmp(z, "auto") == 0) *pEnc = ENC_AUTO;
    else if (strcmp(z, "utf-8") == 0 || strcmp(z, "utf8") == 0 || strcmp(z, "UTF-8") == 0) *pEnc = ENC_UTF8;
    else if (strcmp(z, "gb18030") == 0 || strcmp(z, "GB18030") == 0) *pEnc = ENC_GB18030;
    else return pr_err_set(pErr, PR_ERR_USAGE, "unknown encoding \"%s\" (auto, utf-8 or gb18030)", z);
    return PR_OK;
}

const char *pr_encoding_name(pr_encoding eEnc)
{
    switch (eEnc) {
    case ENC_UTF8: return "utf-8";
    case ENC_GB18030: return "gb18030";
    default: return "auto";
    }
}

int pr_has_high_bytes(const char *z, size_t n)
{
    const unsigned char *u = (const unsigned char *)z;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, u + i, 8);
        if (w & 0x8080808080808080ULL) return 1;
    }
    unsigned char acc = 0;
    for (; i < n; i++) acc |= u[i];
    return (acc & 0x80) != 0;
}

int pr_utf8_valid(const char *z, size_t n, int bAllowCut)
{
    const unsigned char *u = (const unsigned char *)z;
    size_t i = 0;
    while (i < n) {
        /* ASCII runs eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned c = u[i];
        if (c < 0x80) { i++; continue; }
        /* the common CJK case: E1-EC or EE-EF and two continuation bytes */
        if (i + 2 < n && (c & 0xF0) == 0xE0 && c != 0xE0 && c != 0xED
            && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) { i += 3; continue; }
        size_t nTrail;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) nTrail = 1;
        else if (c == 0xE0) { nTrail = 2; lo = 0xA0; }
        else if (c >= 0xE1 && c <= 0xEC) nTrail = 2;
        else if (c == 0xED) { nTrail = 2; hi = 0x9F; }
        else if (c >= 0xEE && c <= 0xEF) nTrail = 2;
        else if (c == 0xF0) { nTrail = 3; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) nTrail = 3;
        else if (c == 0xF4) { nTrail = 3; hi = 0x8F; }
        else return 0;
        for (size_t k = 1; k <= nTrail; k++) {
            if (i + k >= n) return bAllowCut ? 1 : 0;
            unsigned t = u[i + k];
            if (k == 1 ? (t < lo || t > hi) : (t < 0x80 || t > 0xBF)) return 0;
        }
        i += nTrail + 1;
    }
    return 1;
}

pr_encoding pr_encoding_detect(const char *z, size_t n)
{
    if (n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0) return ENC_UTF8;
    return pr_utf8_valid(z, n, 1) ? ENC_UTF8 : ENC_GB18030;
}

/* Returns 1 if z[0,n) is valid GB18030 (structure only). */
static int gb18030_valid(const unsigned char *u, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        if (c < 0x80) { i++; continue; }
        if (c == 0x80 || c == 0xFF || i + 1 >= n) return 0;
        unsigned t = u[i + 1];
        if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) { i += 2; continue; }
        if (t >= 0x30 && t <= 0x39 && i + 3 < n && u[i + 2] >= 0x81 && u[i + 2] <= 0xFE
            && u[i + 3] >= 0x30 && u[i + 3] <= 0x39) { i += 4; continue; }
        return 0;
    }
    return 1;
}

pr_encoding pr_encoding_detect_lines(const char *z, size_t n)
{
    /* the first 256 KiB of lines tell as well as a whole chunk */
    if (n > (256u << 10)) {
        const char *e = memchr(z + (256u << 10), '\n', n - (256u << 10));
        if (e) n = (size_t)(e - z) + 1;
    }
    if (n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0) return ENC_UTF8;
    size_t nBadUtf8 = 0, nBadGb = 0, i = 0;
    while (i < n) {
        const char *e = memchr(z + i, '\n', n - i);
        size_t nLine = e ? (size_t)(e - (z + i)) : n - i;
        const char *zLine = z + i;
        if (pr_has_high_bytes(zLine, nLine)) {
            int bLast = !e;   /* the block may cut the last line */
            if (!pr_utf8_valid(zLine, nLine, bLast)) nBadUtf8++;
            if (!bLast && !gb18030_valid((const unsigned char *)zLine, nLine)) nBadGb++;
        }
        i += nLine + 1;
    }
    if (nBadUtf8 == 0) return ENC_UTF8;
    return nBadUtf8 < nBadGb ? ENC_UTF8 : ENC_GB18030;
}

struct pr_gbconv {
    iconv_t cd;      /* iconv handle GB18030 -> UTF-8 */
    char *aOut;      /* output buffer, owned */
    size_t nCap;     /* capacity of aOut */
};

pr_gbconv *pr_gbconv_new(pr_err *pErr)
{
    pr_gbconv *p = calloc(1, sizeof(*p));
    if (!p) {
        pr_err_nomem(pErr, "starting a GB18030 converter");
        return NULL;
    }
    p->cd = iconv_open("UTF-8", "GB18030");
    if (p->cd == (iconv_t)-1) {
        if (errno == ENOMEM) pr_err_nomem(pErr, "starting a GB18030 converter");
        else pr_err_set(pErr, PR_ERR_ENCODING, "cannot convert GB18030 to UTF-8: %s", strerror(errno));
        free(p);
        return NULL;
    }
    return p;
}

pr_error pr_gbconv_run(pr_gbconv *p, const char *z, size_t n, const char **pzOut, size_t *pnOut,
                       pr_err *pErr)
{
    *pzOut = NULL;
    size_t nNeed = n * 2 + 16;   /* GB18030 -> UTF-8 grows at most 2x (4 -> 4, 2 -> 3) */
    if (nNeed > p->nCap) {
        char *a = realloc(p->aOut, nNeed);
        if (!a) return pr_err_nomem(pErr, "converting GB18030 text");
        p->aOut = a;
        p->nCap = nNeed;
    }
    iconv(p->cd, NULL, NULL, NULL, NULL);
    char *zIn = (char *)z, *zOut = p->aOut;
    size_t nIn = n, nOutLeft = p->nCap;
    if (iconv(p->cd, &zIn, &nIn, &zOut, &nOutLeft) == (size_t)-1) {
        /* E2BIG cannot happen: the buffer holds twice the input */
        return pr_err_set(pErr, PR_ERR_ENCODING, "not valid GB18030 text at byte offset %zu",
                          (size_t)(zIn - z));
    }
    assert(zOut >= p->aOut && (size_t)(zOut - p->aOut) <= p->nCap);
    *pzOut = p->aOut;
    *pnOut = (size_t)(zOut - p->aOut);
    return PR_OK;
}

void pr_gbconv_free(pr_gbconv *p)
{
    if (!p) return;
    if (p->cd != (iconv_t)-1) iconv_close(p->cd);
    free(p->aOut);
    free(p);
}

pr_error pr_utf8_to_gb18030(const char *z, size_t n, char **pzOut, size_t *pnOut, pr_err *pErr)
{
    *pzOut = NULL;
    *pnOut = 0;
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1) {
        if (errno == ENOMEM) return pr_err_nomem(pErr, "starting a GB18030 converter");
        return pr_err_set(pErr, PR_ERR_ENCODING, "cannot convert UTF-8 to GB18030: %s", strerror(errno));
    }
    /* UTF-8 -> GB18030 grows at most 2x (2 bytes -> 4) */
    size_t nCap = n * 2 + 16;
    char *a = malloc(nCap);
    if (!a) { iconv_close(cd); return pr_err_nomem(pErr, "converting text to GB18030"); }
    char *zIn = (char *)z, *zOut = a;
    size_t nIn = n, nOutLeft = nCap;
    if (iconv(cd, &zIn, &nIn, &zOut, &nOutLeft) == (size_t)-1) {
        size_t iAt = (size_t)(zIn - z);
        iconv_close(cd);
        free(a);
        return pr_err_set(pErr, PR_ERR_ENCODING, "not valid UTF-8 text at byte offset %zu", iAt);
    }
    iconv_close(cd);
    *pzOut = a;
    *pnOut = (size_t)(zOut - a);
    return PR_OK;
}
