/*
 * csvstream.c - a clean CSV file a record at a time (csvstream.h): the
 * stream of io/instream cut by io/chunker into chunks of whole records,
 * each record tokenized by io/csv.
 */
#include "io/csvstream.h"
#include "io/chunker.h"
#include "io/encoding.h"
#include "io/instream.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

struct pr_csvstream {
    pr_instream *pIn;       /* the file, owned */
    pr_chunker *pCut;       /* its chunks of whole records, owned */
    pr_chunk chunk;         /* the chunk being handed out (chunk.z owned), or z NULL */
    size_t iPos;            /* the next record's offset in chunk.z */
    uint32_t iLine;         /* the physical line of chunk.z[iPos] */
    pr_csvrow row;          /* the fields of the last record */
    const char *zPath;      /* the file, borrowed */
};

pr_csvstream *pr_csvstream_open(const char *zPath, pr_err *pErr)
{
    pr_err err;
    pr_err_init(&err);
    pr_csvstream *s = calloc(1, sizeof(*s));
    if (!s) { pr_err_nomem(pErr, "opening a CSV file"); return NULL; }
    pr_csvrow_init(&s->row);
    s->zPath = zPath;
    if (!(s->pIn = pr_instream_open(zPath, &err))) {
        pr_err_set(pErr, err.rc == PR_ERR_NOMEM ? PR_ERR_NOMEM : PR_ERR_IO, "%s", err.zMsg);
        goto fail;
    }
    if (!(s->pCut = pr_chunker_new(s->pIn, NULL))) { pr_err_nomem(pErr, "opening a CSV file"); goto fail; }
    return s;
fail:
    pr_csvstream_free(s);
    return NULL;
}

/* Makes sure a record is at chunk.z + iPos. 1, 0 at the end, -1 (pErr set). */
static int fill(pr_csvstream *s, pr_err *pErr)
{
    while (!s->chunk.z || s->iPos >= s->chunk.n) {
        free(s->chunk.z);
        memset(&s->chunk, 0, sizeof(s->chunk));
        s->iPos = 0;
        pr_err err;
        pr_err_init(&err);
        pr_error rc = pr_chunker_next(s->pCut, &s->chunk, &err);
        if (rc) { pr_err_set(pErr, rc, "%s", err.zMsg); return -1; }
        if (!s->chunk.z) return 0;
        s->iLine = s->chunk.iLine;
        if (s->chunk.eKind != CHUNK_DATA) {
            pr_err_set(pErr, PR_ERR_CSV, "%s:%u: %s", s->zPath, s->chunk.iLine,
                       s->chunk.eKind == CHUNK_TOO_LONG ? "a record longer than 1 MiB" : "a quoted field that is never closed");
            return -1;
        }
    }
    return 1;
}

int pr_csvstream_next(pr_csvstream *s, const pr_csvrow **ppRow, uint32_t *piLine, pr_err *pErr)
{
    for (;;) {
        int k = fill(s, pErr);
        if (k <= 0) return k;
        uint32_t nLf, nLf2;
        size_t nUsed;
        char *z = s->chunk.z + s->iPos;
        size_t nRec = pr_csv_record_end(z, s->chunk.n - s->iPos, &nLf);
        assert(nRec > 0);
        uint32_t iLine = s->iLine;
        s->iPos += nRec;
        s->iLine += nLf;
        if (nRec == 1 || (nRec == 2 && z[0] == '\r')) continue;   /* a blank line */
        if (!pr_utf8_valid(z, nRec, 0) || memchr(z, 0, nRec)) {
            pr_err_set(pErr, PR_ERR_ENCODING, "%s:%u: not UTF-8", s->zPath, iLine);
            return -1;
        }
        if (pr_csv_next(z, nRec, &s->row, &nUsed, &nLf2, NULL)) { pr_err_nomem(pErr, "reading a CSV file"); return -1; }
        if (s->row.eRc != CSV_OK) {
            pr_err_set(pErr, PR_ERR_CSV, "%s:%u: malformed CSV", s->zPath, iLine);
            return -1;
        }
        *ppRow = &s->row;
        *piLine = iLine;
        return 1;
    }
}

void pr_csvstream_free(pr_csvstream *s)
{
    if (!s) return;
    free(s->chunk.z);
    pr_csvrow_clear(&s->row);
    pr_chunker_free(s->pCut);
    pr_instream_free(s->pIn);
    free(s);
}
