/*
 * linemerge.c - sorted text files read a line at a time (zlib's gz reader,
 * which reads plain files as they are and multi-member gzip streams, a
 * block at a time; a line with a NUL byte is refused), and
 * their k-way merge: the files are few (one per shard), so the smallest
 * head is found by a scan of the heads rather than a heap.
 */
#include "io/linemerge.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- one file ---------------------------------------------------------- */

struct pr_linefile {
    gzFile gz;          /* the open stream */
    const char *zPath;  /* as given, borrowed */
    char *zBuf;         /* the current line, NUL-terminated */
    size_t nCap;        /* allocated in zBuf */
    uint32_t iLine;     /* number of the current line */
    char aIn[1 << 16];  /* decoded bytes not yet handed out */
    size_t iIn, nIn;    /* the next of them, and how many there are */
    int bEof;           /* the stream is done */
};

pr_linefile *pr_linefile_open(const char *zPath, pr_err *pErr)
{
    pr_linefile *f = calloc(1, sizeof(*f));
    if (!f) { pr_err_nomem(pErr, "opening a file of sorted lines"); return NULL; }
    f->zPath = zPath;
    f->nCap = 4096;
    f->zBuf = malloc(f->nCap);
    errno = 0;
    if (f->zBuf) f->gz = gzopen(zPath, "rb");
    if (!f->zBuf || !f->gz) {
        if (!f->zBuf) pr_err_nomem(pErr, "opening a file of sorted lines");
        else pr_err_set(pErr, PR_ERR_IO, "%s: cannot open: %s", zPath, errno ? strerror(errno) : "out of memory");
        pr_linefile_free(f);
        return NULL;
    }
    return f;
}

/* Refills aIn from the stream. 0 (bEof set at the end), or -1 with pErr
 * set: a read error, or a truncated or corrupt gzip stream. */
static int refill(pr_linefile *f, pr_err *pErr)
{
    int n = gzread(f->gz, f->aIn, sizeof(f->aIn));
    int e = Z_OK;
    const char *z = gzerror(f->gz, &e);
    if (n < 0 || (e != Z_OK && e != Z_STREAM_END)) {
        if (e == Z_ERRNO) return pr_err_set(pErr, PR_ERR_IO, "%s: line %u: read error: %s", f->zPath, f->iLine + 1, strerror(errno)), -1;
        return pr_err_set(pErr, PR_ERR_GZIP, "%s: line %u: truncated or corrupt gzip stream (%s)", f->zPath, f->iLine + 1, z), -1;
    }
    f->iIn = 0;
    f->nIn = (size_t)n;
    if (n == 0) f->bEof = 1;
    return 0;
}

/* Appends n bytes to the current line (of length *pn), growing it up to
 * the cap. 0 or -1 with pErr set. */
static int append(pr_linefile *f, size_t *pn, const char *z, size_t n, pr_err *pErr)
{
    if (*pn + n > PR_LINE_MAX)
        return pr_err_set(pErr, PR_ERR_TOO_BIG, "%s: line %u: longer than %d bytes", f->zPath, f->iLine + 1, PR_LINE_MAX), -1;
    if (*pn + n + 1 > f->nCap) {
        size_t nNew = f->nCap;
        while (*pn + n + 1 > nNew) nNew *= 2;
        char *zNew = realloc(f->zBuf, nNew);
        if (!zNew) return pr_err_nomem(pErr, "reading a line"), -1;
        f->zBuf = zNew;
        f->nCap = nNew;
    }
    memcpy(f->zBuf + *pn, z, n);
    *pn += n;
    return 0;
}

int pr_linefile_next(pr_linefile *f, const char **pz, pr_err *pErr)
{
    size_t n = 0;
    int bAny = 0;
    for (;;) {
        if (f->iIn == f->nIn) {
            if (!f->bEof && refill(f, pErr)) return -1;
            if (f->bEof) break;   /* a last line without its newline, or the end */
        }
        const char *zAt = f->aIn + f->iIn, *zNl = memchr(zAt, '\n', f->nIn - f->iIn);
        size_t nTake = zNl ? (size_t)(zNl - zAt) : f->nIn - f->iIn;
        bAny = 1;
        if (append(f, &n, zAt, nTake, pErr)) return -1;
        f->iIn += nTake + (zNl != NULL);
        if (zNl) break;
    }
    if (!bAny) return 0;   /* the end, after the last newline */
    f->zBuf[n] = 0;
    f->iLine++;
    if (memchr(f->zBuf, 0, n)) return pr_err_set(pErr, PR_ERR_CSV, "%s: line %u: a NUL byte", f->zPath, f->iLine), -1;
    if (n > 0 && f->zBuf[n - 1] == '\r') f->zBuf[--n] = 0;
    *pz = f->zBuf;
    return 1;
}

uint32_t pr_linefile_lineno(const pr_linefile *f) { return f->iLine; }

const char *pr_linefile_path(const pr_linefile *f) { return f->zPath; }

void pr_linefile_free(pr_linefile *f)
{
    if (!f) return;
    if (f->gz) gzclose(f->gz);
    free(f->zBuf);
    free(f);
}

/* ---- the merge ------------------------------------------------------------ */

/* One file of the merge. */
typedef struct merge_src {
    pr_linefile *f;     /* the reader, owned */
    char *zHeader;      /* its first line, owned */
    char *zHead;        /* its current line (a copy, owned), NULL when done */
    size_t nHeadCap;    /* allocated in zHead */
    char *zPrev;        /* the line handed out before, for the order check, owned */
    size_t nPrevCap;    /* allocated in zPrev */
    int bPrev;          /* zPrev holds a line */
} merge_src;

struct pr_linemerge {
    merge_src *aSrc;    /* one per file, owned */
    int nSrc;           /* number of files */
    int iLast;          /* the file whose line was handed out last, -1 */
};

/* Copies z into the growable buffer *pz (capacity *pnCap). 0 or -1. */
static int copy_line(char **pz, size_t *pnCap, const char *z)
{
    size_t n = strlen(z) + 1;
    if (n > *pnCap) {
        char *zNew = realloc(*pz, n);
        if (!zNew) return -1;
        *pz = zNew;
        *pnCap = n;
    }
    memcpy(*pz, z, n);
    return 0;
}

/* Reads the next line of s into its head, checking the order. 0 or -1. */
static int advance(merge_src *s, pr_err *pErr)
{
    const char *z;
    if (s->zHead && s->bPrev && copy_line(&s->zPrev, &s->nPrevCap, s->zHead)) return pr_err_nomem(pErr, "merging"), -1;
    int rc = pr_linefile_next(s->f, &z, pErr);
    if (rc < 0) return -1;
    if (rc == 0) { free(s->zHead); s->zHead = NULL; return 0; }
    if (s->bPrev && strcmp(z, s->zPrev) < 0)
        return pr_err_set(pErr, PR_ERR_CSV, "%s: line %u: not sorted (the line is smaller than the one before it)",
                          pr_linefile_path(s->f), pr_linefile_lineno(s->f)), -1;
    if (copy_line(&s->zHead, &s->nHeadCap, z)) return pr_err_nomem(pErr, "merging"), -1;
    return 0;
}

pr_linemerge *pr_linemerge_new(const char *const *azPath, int n, pr_err *pErr)
{
    pr_linemerge *m = calloc(1, sizeof(*m));
    if (!m || !(m->aSrc = calloc((size_t)n + 1, sizeof(*m->aSrc)))) { free(m); pr_err_nomem(pErr, "merging"); return NULL; }
    m->nSrc = n;
    m->iLast = -1;
    for (int i = 0; i < n; i++) {
        merge_src *s = &m->aSrc[i];
        const char *z;
        int rc;
        if (!(s->f = pr_linefile_open(azPath[i], pErr)) || (rc = pr_linefile_next(s->f, &z, pErr)) < 0) goto fail;
        if (rc == 0) { pr_err_set(pErr, PR_ERR_HEADER, "%s: empty: no header line", azPath[i]); goto fail; }
        if (!(s->zHeader = strdup(z))) { pr_err_nomem(pErr, "merging"); goto fail; }
        if (advance(s, pErr)) goto fail;
        s->bPrev = 1;   /* from the first data line on, each line is checked against the one before */
    }
    return m;
fail:
    pr_linemerge_free(m);
    return NULL;
}

const char *pr_linemerge_header(const pr_linemerge *m, int i)
{
    assert(i >= 0 && i < m->nSrc);
    return m->aSrc[i].zHeader;
}

const pr_linefile *pr_linemerge_file(const pr_linemerge *m, int i)
{
    assert(i >= 0 && i < m->nSrc);
    return m->aSrc[i].f;
}

int pr_linemerge_next(pr_linemerge *m, const char **pz, int *piFile, pr_err *pErr)
{
    /* the line handed out last is replaced only now, so that it stayed valid */
    if (m->iLast >= 0 && advance(&m->aSrc[m->iLast], pErr)) return -1;
    int iBest = -1;
    for (int i = 0; i < m->nSrc; i++)
        if (m->aSrc[i].zHead && (iBest < 0 || strcmp(m->aSrc[i].zHead, m->aSrc[iBest].zHead) < 0)) iBest = i;
    m->iLast = iBest;
    if (iBest < 0) return 0;
    *pz = m->aSrc[iBest].zHead;
    *piFile = iBest;
    return 1;
}

void pr_linemerge_free(pr_linemerge *m)
{
    if (!m) return;
    for (int i = 0; m->aSrc && i < m->nSrc; i++) {
        pr_linefile_free(m->aSrc[i].f);
        free(m->aSrc[i].zHeader);
        free(m->aSrc[i].zHead);
        free(m->aSrc[i].zPrev);
    }
    free(m->aSrc);
    free(m);
}
