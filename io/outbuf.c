/*
 * outbuf.c - bounded growable buffers and field escaping.
 */
#include "io/outbuf.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pr_outbuf_init(pr_outbuf *p, size_t nMax)
{
    memset(p, 0, sizeof(*p));
    p->nMax = nMax;
}

void pr_outbuf_clear(pr_outbuf *p)
{
    free(p->z);
    p->z = NULL;
    p->n = p->nCap = 0;
}

pr_error pr_outbuf_reserve(pr_outbuf *p, size_t nMore)
{
    if (p->rc) return p->rc;
    assert(p->n <= p->nCap && p->nCap <= p->nMax);
    if (p->n + nMore <= p->nCap) return PR_OK;
    if (nMore > p->nMax - p->n) return p->rc = PR_ERR_TOO_BIG;
    size_t nNew = p->nCap ? p->nCap : 4096;
    while (nNew < p->n + nMore) nNew *= 2;
    if (nNew > p->nMax) nNew = p->nMax;
    char *z = realloc(p->z, nNew);
    if (!z) return p->rc = PR_ERR_NOMEM;
    p->z = z;
    p->nCap = nNew;
    return PR_OK;
}

void pr_outbuf_add(pr_outbuf *p, const char *z, size_t n)
{
    if (pr_outbuf_reserve(p, n)) return;
    memcpy(p->z + p->n, z, n);
    p->n += n;
}

void pr_outbuf_str(pr_outbuf *p, const char *z) { pr_outbuf_add(p, z, strlen(z)); }

void pr_outbuf_printf(pr_outbuf *p, const char *zFmt, ...)
{
    char zBuf[1024];
    va_list ap;
    va_start(ap, zFmt);
    int n = vsnprintf(zBuf, sizeof(zBuf), zFmt, ap);
    va_end(ap);
    if (n < 0) { if (!p->rc) p->rc = PR_ERR_NOMEM; return; }   /* only ENOMEM is possible here */
    if ((size_t)n < sizeof(zBuf)) { pr_outbuf_add(p, zBuf, (size_t)n); return; }
    if (pr_outbuf_reserve(p, (size_t)n + 1)) return;
    va_start(ap, zFmt);
    vsnprintf(p->z + p->n, (size_t)n + 1, zFmt, ap);
    va_end(ap);
    p->n += (size_t)n;
}

/* The bytes that end a plain CSV field: the NUL and those that need quoting. */
static const unsigned char aCsvStop[256] = { [0] = 1, [','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1 };

void pr_csv_measure(pr_csv_field *f, const char *z)
{
    /* one pass finds the end of a field that needs no quoting (nearly all) */
    const unsigned char *c = (const unsigned char *)z;
    while (!aCsvStop[*c]) c++;
    f->z = z;
    f->n = (size_t)(c - (const unsigned char *)z);
    f->bQuote = *c != 0;
    if (!f->bQuote) return;
    for (; *c; c++) f->n += *c == '"' ? 2 : 1;
    f->n += 2;
}

char *pr_csv_put(char *d, const pr_csv_field *f)
{
    if (!f->bQuote) {
        memcpy(d, f->z, f->n);
        return d + f->n;
    }
    *d++ = '"';
    for (const char *c = f->z; *c; c++) {
        if (*c == '"') *d++ = '"';
        *d++ = *c;
    }
    *d++ = '"';
    return d;
}

void pr_outbuf_csv(pr_outbuf *p, const char *z)
{
    pr_csv_field f;
    pr_csv_measure(&f, z);
    if (f.n == 0 || pr_outbuf_reserve(p, f.n)) return;
    p->n = (size_t)(pr_csv_put(p->z + p->n, &f) - p->z);
}

/* Length of the valid UTF-8 sequence at c, or 0 if it is not one. */
static int utf8_len(const unsigned char *c)
{
    if (c[0] < 0x80) return 1;
    int n = c[0] >= 0xC2 && c[0] <= 0xDF ? 2 : c[0] >= 0xE0 && c[0] <= 0xEF ? 3 : c[0] >= 0xF0 && c[0] <= 0xF4 ? 4 : 0;
    for (int i = 1; i < n; i++)
        if ((c[i] & 0xC0) != 0x80) return 0;
    if (n == 3 && ((c[0] == 0xE0 && c[1] < 0xA0) || (c[0] == 0xED && c[1] > 0x9F))) return 0;
    if (n == 4 && ((c[0] == 0xF0 && c[1] < 0x90) || (c[0] == 0xF4 && c[1] > 0x8F))) return 0;
    return n;
}

void pr_outbuf_json(pr_outbuf *p, const char *z)
{
    pr_outbuf_add(p, "\"", 1);
    for (const unsigned char *c = (const unsigned char *)z; *c; c++) {
        if (*c >= 0x80) {
            /* JSON is UTF-8: a byte that is not (a path from a GB18030 share)
             * becomes U+FFFD; the manifest adds the raw bytes in hex */
            int n = utf8_len(c);
            if (n == 0) { pr_outbuf_add(p, "\xEF\xBF\xBD", 3); continue; }
            pr_outbuf_add(p, (const char *)c, (size_t)n);
            c += n - 1;
            continue;
        }
        if (*c == '"') pr_outbuf_add(p, "\\\"", 2);
        else if (*c == '\\') pr_outbuf_add(p, "\\\\", 2);
        else if (*c == '\n') pr_outbuf_add(p, "\\n", 2);
        else if (*c == '\r') pr_outbuf_add(p, "\\r", 2);
        else if (*c == '\t') pr_outbuf_add(p, "\\t", 2);
        else if (*c < 0x20) pr_outbuf_printf(p, "\\u%04x", *c);
        else pr_outbuf_add(p, (const char *)c, 1);
    }
    pr_outbuf_add(p, "\"", 1);
}

pr_error pr_outbuf_flush(pr_outbuf *p, FILE *f)
{
    if (p->rc) return p->rc;
    if (p->n && fwrite(p->z, 1, p->n, f) != p->n) return PR_ERR_IO;
    p->n = 0;
    return PR_OK;
}

pr_error pr_write_file(const char *zPath, const void *z, size_t n, pr_err *pErr)
{
    int bOk = 0;
    FILE *f = fopen(zPath, "wb");
    if (!f) goto cleanup;
    bOk = n == 0 || fwrite(z, 1, n, f) == n;
    if (fflush(f) != 0) bOk = 0;
cleanup:
    if (f && fclose(f) != 0) bOk = 0;
    if (bOk) return PR_OK;
    return pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", zPath, strerror(errno));
}
