/*
 * outbuf.h - a growable output byte buffer with a hard cap, and CSV/JSON
 * field writers on top of it.
 */
#ifndef PR_OUTBUF_H
#define PR_OUTBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct pr_outbuf {
    char *z;          /* bytes, owned */
    size_t n;         /* used */
    size_t nCap;      /* allocated */
    size_t nMax;      /* hard cap; growing past it fails */
    int bFailed;      /* an append failed (out of memory or over the cap) */
} pr_outbuf;

void pr_outbuf_init(pr_outbuf *p, size_t nMax);
void pr_outbuf_clear(pr_outbuf *p);
/* Appends; on failure sets bFailed and leaves the buffer as it was. */
void pr_outbuf_add(pr_outbuf *p, const char *z, size_t n);
void pr_outbuf_str(pr_outbuf *p, const char *z);
void pr_outbuf_printf(pr_outbuf *p, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends z as one CSV field, quoted when it holds , " CR or LF. */
void pr_outbuf_csv(pr_outbuf *p, const char *z);
/* Appends z as a JSON string with quotes. */
void pr_outbuf_json(pr_outbuf *p, const char *z);

/* Writes n bytes to zPath (created or truncated). Returns 0 or -1. */
int pr_write_file(const char *zPath, const void *z, size_t n);

#endif
