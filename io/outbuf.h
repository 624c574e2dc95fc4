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
/* Makes room for nMore bytes after the n used. Returns 0, or -1 with
 * bFailed set. */
int pr_outbuf_reserve(pr_outbuf *p, size_t nMore);
/* Appends; on failure sets bFailed and leaves the buffer as it was. */
void pr_outbuf_add(pr_outbuf *p, const char *z, size_t n);
void pr_outbuf_str(pr_outbuf *p, const char *z);
void pr_outbuf_printf(pr_outbuf *p, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends z as one CSV field, quoted when it holds , " CR or LF. */
void pr_outbuf_csv(pr_outbuf *p, const char *z);

/* A CSV field measured before it is written, so that a row can reserve
 * its room once: n is the bytes it takes, quoted or not. */
typedef struct pr_csv_field {
    const char *z;
    size_t n;
    int bQuote;
} pr_csv_field;
void pr_csv_measure(pr_csv_field *f, const char *z);
/* Writes the measured field at d (f->n bytes of room); returns its end. */
char *pr_csv_put(char *d, const pr_csv_field *f);

/* Appends z as a JSON string with quotes. */
void pr_outbuf_json(pr_outbuf *p, const char *z);

/* Writes n bytes to zPath (created or truncated). Returns 0 or -1. */
int pr_write_file(const char *zPath, const void *z, size_t n);

#endif
