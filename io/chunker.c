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

pr_chunker *pr_chunker_new(pr_instream *pIn, pr_err *pErr)
{
    pr_chunker *p = calloc(1, sizeof(*p));
    if (!p) goto cleanup;
    p->pIn = pIn;
    p->iLine = 1;
    p->aBuf = malloc(PR_CHUNK_CAP);
    if (!p->aBuf) goto cleanup;
    return p;
cleanup:
    pr_chunker_free(p);
    pr_err_nomem(pErr, "starting to cut a file into chunks");
    return NULL;
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

static pr_error fill(pr_chunker *p, pr_err *pErr)
{
    while (!p->bEof && p->nFill < PR_CHUNK_CAP) {
        size_t n;
        pr_error rc = pr_instream_read(p->pIn, p->aBuf + p->nFill, PR_CHUNK_CAP - p->nFill, &n, pErr);
        if (rc) return rc;
        if (n == 0) p->bEof = 1;
        p->nFill += n;
        assert(p->nFill <= PR_CHUNK_CAP);
    }
    return PR_OK;
}

/* Hands out aBuf[0,nOut) as a chunk and keeps aBuf[nOut,nFill). */
static pr_error emit(pr_chunker *p, size_t nOut, size_t nSkip, pr_chunk_kind eKind, pr_chunk *pChunk,
                     pr_err *pErr)
{
    assert(nOut + nSkip <= p->nFill);
    char *aNew = malloc(PR_CHUNK_CAP);
    if (!aNew) return pr_err_nomem(pErr, "cutting a file into chunks");
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
    return PR_OK;
}

/* Emits the first physical line of aBuf as a broken record. */
static pr_error emit_broken_line(pr_chunker *p, pr_chunk_kind eKind, pr_chunk *pChunk, pr_err *pErr)
{
    char *zLf = memchr(p->aBuf, '\n', p->nFill);
    if (zLf) return emit(p, (size_t)(zLf - p->aBuf), 1, eKind, pChunk, pErr);
    if (p->bEof) return emit(p, p->nFill, 0, eKind, pChunk, pErr);
    /* the line itself is longer than the buffer: skip to its end */
    p->bSkipping = 1;
    pr_error rc = emit(p, p->nFill, 0, CHUNK_TOO_LONG, pChunk, pErr);
    return rc;
}

static pr_error skip_long_line(pr_chunker *p, pr_err *pErr)
{
    while (p->bSkipping) {
        if (p->nFill == 0) {
            pr_error rc = fill(p, pErr);
            if (rc) return rc;
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
    return PR_OK;
}

pr_error pr_chunker_next(pr_chunker *p, pr_chunk *pChunk, pr_err *pErr)
{
    memset(pChunk, 0, sizeof(*pChunk));
    pr_error rc = skip_long_line(p, pErr);
    if (rc == PR_OK) rc = fill(p, pErr);
    if (rc || p->nFill == 0) return rc;
    int bInQuote;
    size_t nOut = pr_csv_last_boundary(p->aBuf, p->nFill, &bInQuote);
    if (p->bEof) {
        if (!bInQuote) return emit(p, p->nFill, 0, CHUNK_DATA, pChunk, pErr);
        if (nOut > 0) return emit(p, nOut, 0, CHUNK_DATA, pChunk, pErr);
        return emit_broken_line(p, CHUNK_UNTERMINATED, pChunk, pErr);
    }
    if (nOut > 0) return emit(p, nOut, 0, CHUNK_DATA, pChunk, pErr);
    /* a full buffer and no complete record */
    return emit_broken_line(p, bInQuote ? CHUNK_UNTERMINATED : CHUNK_TOO_LONG, pChunk, pErr);
}
