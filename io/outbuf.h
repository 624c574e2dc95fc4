/*
 * outbuf.h - a growable output byte buffer with a hard cap, and CSV/JSON
 * field writers on top of it.
 */
#ifndef PR_OUTBUF_H
#define PR_OUTBUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "io/err.h"

/* Like SQLite's sqlite3_str, the buffer keeps its first failure in rc and
 * every later append does nothing, so that a writer checks once, at the
 * end, and reports rc. */
typedef struct pr_outbuf {
    char *z;          /* bytes, owned by the buffer (pr_outbuf_clear frees) */
    size_t n;         /* used */
    size_t nCap;      /* allocated */
    size_t nMax;      /* hard cap; growing past it fails */
    pr_error rc;      /* PR_OK, or the first failure of an append:
                       * PR_ERR_NOMEM or PR_ERR_TOO_BIG (over nMax) */
} pr_outbuf;

void pr_outbuf_init(pr_outbuf *p, size_t nMax);
void pr_outbuf_clear(pr_outbuf *p);
/* Makes room for nMore bytes after the n used. Returns PR_OK, or p->rc
 * (set now or by an earlier failure). */
pr_error pr_outbuf_reserve(pr_outbuf *p, size_t nMore);
/* Appends; on failure sets rc and leaves the buffer as it was. */
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

/* Writes the bytes of p to f and empties p, for a writer that writes in
 * blocks. Returns PR_OK, p->rc if an append failed (nothing is written
 * then), or PR_ERR_IO if f took fewer bytes; the caller words the message. */
pr_error pr_outbuf_flush(pr_outbuf *p, FILE *f);

/* Writes n bytes to zPath (created or truncated). Returns PR_OK, or
 * PR_ERR_IO with "<path>: cannot write: <reason>". */
pr_error pr_write_file(const char *zPath, const void *z, size_t n, pr_err *pErr);

#endif
