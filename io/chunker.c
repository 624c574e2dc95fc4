/*
 * chunker.c - record-aligned cutting of a byte stream.
 *
 * The buffer holds [0, nFill) of not-yet-emitted bytes; the bytes before the
 * last record boundary found go out as one chunk, the rest moves to a fresh
 * buffer. Without any '"' in a buffer the boundary is simply its last LF.
 */
#include "io/chunker.h"
#include "io/csv.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

struct pr_chunker {
    pr_instream *pIn;     /* source, borrowed */
    char *aBuf;           /* current buffer, PR_CHUNK_CAP bytes, owned */
    size_t nFill;         /* bytes in aBuf */
    uint32_t iLine;       /* physical line number of aBuf[0] */
    int bEof;             /* source exhausted */
    int bSkipping;        /* discarding the rest of an over-long line */
};

pr_chunker *pr_chunker_new(pr_instream *pIn)
{
    pr_chunker *p = calloc(1, sizeof(*p));
    if (!p) return NULL;
    p->pIn = pIn;
    p->iLine = 1;
    p->aBuf = malloc(PR_CHUNK_CAP);
    if (!p->aBuf) { free(p); return NULL; }
    return p;
}

void pr_chunker_free(pr_chunker *p)
{
    if (!p) return;
    free(p->aBuf);
    free(p);
}

static uint32_t count_lf(const char *z, size_t n)
{
    uint32_t c = 0;
    const char *e = z + n;
    while ((z = memchr(z, '\n', (size_t)(e - z))) != NULL) { c++; z++; }
    return c;
}

static int fill(pr_chunker *p, char *zErr, size_t nErr)
{
    while (!p->bEof && p->nFill < PR_CHUNK_CAP) {
        ssize_t n = pr_instream_read(p->pIn, p->aBuf + p->nFill, PR_CHUNK_CAP - p->nFill, zErr, nErr);
        if (n < 0) return -1;
        if (n == 0) p->bEof = 1;
        p->nFill += (size_t)n;
    }
    return 0;
}

/* Hands out aBuf[0,nOut) as a chunk and keeps aBuf[nOut,nFill). */
static int emit(pr_chunker *p, size_t nOut, size_t nSkip, pr_chunk_kind eKind, pr_chunk *pChunk)
{
    char *aNew = malloc(PR_CHUNK_CAP);
    if (!aNew) return -1;
    size_t nRest = p->nFill - nOut - nSkip;
    memcpy(aNew, p->aBuf + nOut + nSkip, nRest);
    pChunk->z = p->aBuf;
    pChunk->n = nOut;
    pChunk->iLine = p->iLine;
    pChunk->nLines = count_lf(p->aBuf, nOut + nSkip);
    pChunk->eKind = eKind;
    p->iLine += pChunk->nLines;
    p->aBuf = aNew;
    p->nFill = nRest;
    return 1;
}

/* Emits the first physical line of aBuf as a broken record. */
static int emit_broken_line(pr_chunker *p, pr_chunk_kind eKind, pr_chunk *pChunk)
{
    char *zLf = memchr(p->aBuf, '\n', p->nFill);
    if (zLf) return emit(p, (size_t)(zLf - p->aBuf), 1, eKind, pChunk);
    if (p->bEof) return emit(p, p->nFill, 0, eKind, pChunk);
    /* the line itself is longer than the buffer: skip to its end */
    p->bSkipping = 1;
    int rc = emit(p, p->nFill, 0, CHUNK_TOO_LONG, pChunk);
    return rc;
}

static int skip_long_line(pr_chunker *p, char *zErr, size_t nErr)
{
    while (p->bSkipping) {
        if (p->nFill == 0) {
            if (fill(p, zErr, nErr)) return -1;
            if (p->nFill == 0) { p->bSkipping = 0; break; }
        }
        char *zLf = memchr(p->aBuf, '\n', p->nFill);
        if (zLf) {
            size_t nDrop = (size_t)(zLf - p->aBuf) + 1;
            memmove(p->aBuf, zLf + 1, p->nFill - nDrop);
            p->nFill -= nDrop;
            p->iLine += 1;
            p->bSkipping = 0;
        } else {
            p->nFill = 0;
        }
    }
    return 0;
}

int pr_chunker_next(pr_chunker *p, pr_chunk *pChunk, char *zErr, size_t nErr)
{
    if (skip_long_line(p, zErr, nErr)) return -1;
    if (fill(p, zErr, nErr)) return -1;
    if (p->nFill == 0) return 0;
    int bInQuote;
    size_t nOut = pr_csv_last_boundary(p->aBuf, p->nFill, &bInQuote);
    if (p->bEof) {
        if (!bInQuote) return emit(p, p->nFill, 0, CHUNK_DATA, pChunk);
        if (nOut > 0) return emit(p, nOut, 0, CHUNK_DATA, pChunk);
        return emit_broken_line(p, CHUNK_UNTERMINATED, pChunk);
    }
    if (nOut > 0) return emit(p, nOut, 0, CHUNK_DATA, pChunk);
    /* a full buffer and no complete record */
    return emit_broken_line(p, bInQuote ? CHUNK_UNTERMINATED : CHUNK_TOO_LONG, pChunk);
}
