/*
 * shardfile.c - a shard's records of a split file (shardfile.h): written
 * with zlib's gzip streams under temporary names, read back through
 * io/instream (so that a corrupt shard is named with its byte offset) as
 * chunks that carry the original line numbers.
 */
#include "io/shardfile.h"
#include "io/instream.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define INDEX_HEADER "line,bytes,kind\n"
#define NAME_MAX_BYTES 4200   /* longest BASE plus its suffixes */

static const char *const azSuffix[2] = { ".csv.gz", ".lines.gz" };

static char kind_char(pr_chunk_kind e) { return e == CHUNK_UNTERMINATED ? 'u' : e == CHUNK_TOO_LONG ? 'l' : 'd'; }

/* ---- writing ------------------------------------------------------------ */

struct pr_shardw {
    char azFinal[2][NAME_MAX_BYTES];   /* BASE.csv.gz, BASE.lines.gz */
    char azTemp[2][NAME_MAX_BYTES];    /* the same with .tmp */
    gzFile aGz[2];                     /* the open streams, NULL once closed */
    uint64_t nRec;                     /* records written */
    int bCommitted;                    /* the temporary names are gone */
};

pr_shardw *pr_shardw_new(const char *zBase, pr_err *pErr)
{
    pr_shardw *p = calloc(1, sizeof(*p));
    if (!p) { pr_err_nomem(pErr, "starting a shard file"); return NULL; }
    for (int i = 0; i < 2; i++) {
        int n = snprintf(p->azFinal[i], NAME_MAX_BYTES, "%s%s", zBase, azSuffix[i]);
        if (n < 0 || n + 4 >= NAME_MAX_BYTES) { pr_err_set(pErr, PR_ERR_IO, "%s: path too long", zBase); goto fail; }
        snprintf(p->azTemp[i], NAME_MAX_BYTES, "%s%s.tmp", zBase, azSuffix[i]);
        /* level 1: the shard files are read once, by the next stage */
        if (!(p->aGz[i] = gzopen(p->azTemp[i], "wb1"))) {
            pr_err_set(pErr, PR_ERR_IO, "%s: cannot create: %s", p->azTemp[i], errno ? strerror(errno) : "out of memory");
            goto fail;
        }
    }
    if (gzputs(p->aGz[1], INDEX_HEADER) < 0) { pr_err_set(pErr, PR_ERR_IO, "%s: cannot write", p->azTemp[1]); goto fail; }
    return p;
fail:
    pr_shardw_free(p);
    return NULL;
}

pr_error pr_shardw_add(pr_shardw *p, const char *z, size_t n, uint32_t iLine, pr_chunk_kind eKind,
                       pr_err *pErr)
{
    assert(p->aGz[0] && iLine >= 1);
    int bAddLf = eKind == CHUNK_DATA && (n == 0 || z[n - 1] != '\n');
    if (n && gzwrite(p->aGz[0], z, (unsigned)n) != (int)n) goto fail;
    if (bAddLf && gzputc(p->aGz[0], '\n') < 0) goto fail;
    if (gzprintf(p->aGz[1], "%u,%zu,%c\n", iLine, n + (size_t)bAddLf, kind_char(eKind)) <= 0)
        return pr_err_set(pErr, PR_ERR_IO, "%s: cannot write", p->azTemp[1]);
    p->nRec++;
    return PR_OK;
fail:
    return pr_err_set(pErr, PR_ERR_IO, "%s: cannot write", p->azTemp[0]);
}

uint64_t pr_shardw_count(const pr_shardw *p) { return p->nRec; }

pr_error pr_shardw_close(pr_shardw *p, pr_err *pErr)
{
    pr_error rc = PR_OK;
    for (int i = 0; i < 2; i++) {
        if (!p->aGz[i]) continue;
        if (gzclose(p->aGz[i]) != Z_OK && !rc) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write", p->azTemp[i]);
        p->aGz[i] = NULL;
    }
    return rc;
}

pr_error pr_shardw_commit(pr_shardw *p, pr_err *pErr)
{
    assert(!p->aGz[0] && !p->aGz[1]);
    for (int i = 0; i < 2; i++) {
        if (rename(p->azTemp[i], p->azFinal[i]) != 0)
            return pr_err_set(pErr, PR_ERR_IO, "%s: cannot rename to %s: %s", p->azTemp[i], p->azFinal[i], strerror(errno));
    }
    p->bCommitted = 1;
    return PR_OK;
}

void pr_shardw_free(pr_shardw *p)
{
    if (!p) return;
    for (int i = 0; i < 2; i++) {
        if (p->aGz[i]) gzclose(p->aGz[i]);
        if (!p->bCommitted && p->azTemp[i][0]) remove(p->azTemp[i]);
    }
    free(p);
}

/* ---- reading ------------------------------------------------------------ */

#define INDEX_BUF (64u << 10)   /* bytes of the index read at once */

/* One row of the index. */
typedef struct shard_entry {
    uint32_t iLine;     /* first physical line in the original */
    size_t nByte;       /* bytes in the data file */
    pr_chunk_kind eKind;
    uint32_t iRow;      /* its line in the index file, for messages */
} shard_entry;

struct pr_shardr {
    pr_instream *pData, *pIndex;  /* the two files, owned */
    char azName[2][NAME_MAX_BYTES];
    char *aBuf;                   /* index bytes not parsed yet, INDEX_BUF, owned */
    size_t iBuf, nBuf;            /* [iBuf, nBuf) unparsed */
    int bIndexEof;                /* the index is read to its end */
    uint32_t iRow;                /* index rows read (the header is row 1) */
    shard_entry next;             /* the entry read ahead */
    int bNext;                    /* next holds one */
};

pr_shardr *pr_shardr_open(const char *zBase, pr_err *pErr)
{
    pr_shardr *p = calloc(1, sizeof(*p));
    if (!p || !(p->aBuf = malloc(INDEX_BUF))) { pr_err_nomem(pErr, "opening a shard file"); goto fail; }
    for (int i = 0; i < 2; i++) {
        int n = snprintf(p->azName[i], NAME_MAX_BYTES, "%s%s", zBase, azSuffix[i]);
        if (n < 0 || n >= NAME_MAX_BYTES) { pr_err_set(pErr, PR_ERR_IO, "%s: path too long", zBase); goto fail; }
    }
    if (!(p->pData = pr_instream_open(p->azName[0], pErr))) goto fail;
    if (!(p->pIndex = pr_instream_open(p->azName[1], pErr))) goto fail;
    return p;
fail:
    pr_shardr_free(p);
    return NULL;
}

void pr_shardr_free(pr_shardr *p)
{
    if (!p) return;
    pr_instream_free(p->pData);
    pr_instream_free(p->pIndex);
    free(p->aBuf);
    free(p);
}

uint64_t pr_shardr_raw_offset(const pr_shardr *p) { return pr_instream_raw_offset(p->pData); }

/* Puts the next index line into [*pz, *pz + *pn) (without its LF); *pz is
 * NULL at the end. The line stays valid until the next call. */
static pr_error index_line(pr_shardr *p, const char **pz, size_t *pn, pr_err *pErr)
{
    for (;;) {
        char *zLf = memchr(p->aBuf + p->iBuf, '\n', p->nBuf - p->iBuf);
        if (zLf) {
            *pz = p->aBuf + p->iBuf;
            *pn = (size_t)(zLf - *pz);
            p->iBuf = (size_t)(zLf - p->aBuf) + 1;
            p->iRow++;
            return PR_OK;
        }
        if (p->bIndexEof) {
            if (p->iBuf < p->nBuf)
                return pr_err_set(pErr, PR_ERR_IO, "%s:%u: the index ends inside a row", p->azName[1], p->iRow + 1);
            *pz = NULL;
            return PR_OK;
        }
        memmove(p->aBuf, p->aBuf + p->iBuf, p->nBuf - p->iBuf);
        p->nBuf -= p->iBuf;
        p->iBuf = 0;
        if (p->nBuf == INDEX_BUF) return pr_err_set(pErr, PR_ERR_IO, "%s:%u: an index row is too long", p->azName[1], p->iRow + 1);
        size_t nRead;
        pr_error rc = pr_instream_read(p->pIndex, p->aBuf + p->nBuf, INDEX_BUF - p->nBuf, &nRead, pErr);
        if (rc) return rc;
        if (nRead == 0) p->bIndexEof = 1;
        p->nBuf += nRead;
    }
}

/* Reads a decimal number of at most 10 digits from z[*pi, n) up to cEnd. */
static int index_number(const char *z, size_t n, size_t *pi, char cEnd, uint64_t *pv)
{
    uint64_t v = 0;
    size_t i = *pi, i0 = i;
    while (i < n && z[i] >= '0' && z[i] <= '9' && i - i0 < 10) v = v * 10 + (uint64_t)(z[i++] - '0');
    if (i == i0 || i >= n || z[i] != cEnd) return -1;
    *pi = i + 1;
    *pv = v;
    return 0;
}

/* Reads the next entry into p->next (p->bNext 0 at the end of the index). */
static pr_error read_entry(pr_shardr *p, pr_err *pErr)
{
    const char *z;
    size_t n;
    pr_error rc;
    if (p->iRow == 0) {
        if ((rc = index_line(p, &z, &n, pErr))) return rc;
        if (!z || n + 1 != sizeof(INDEX_HEADER) - 1 || memcmp(z, INDEX_HEADER, n) != 0)
            return pr_err_set(pErr, PR_ERR_IO, "%s:1: not a shard index (the header must be line,bytes,kind)", p->azName[1]);
    }
    p->bNext = 0;
    if ((rc = index_line(p, &z, &n, pErr)) || !z) return rc;
    uint64_t iLine, nByte;
    size_t i = 0;
    if (index_number(z, n, &i, ',', &iLine) || index_number(z, n, &i, ',', &nByte) || i + 1 != n
        || !strchr("dul", z[i]) || iLine == 0 || iLine > UINT32_MAX || nByte == 0 || nByte > PR_CHUNK_CAP + 1)
        return pr_err_set(pErr, PR_ERR_IO, "%s:%u: a malformed index row", p->azName[1], p->iRow);
    p->next.iLine = (uint32_t)iLine;
    p->next.nByte = (size_t)nByte;
    p->next.eKind = z[i] == 'u' ? CHUNK_UNTERMINATED : z[i] == 'l' ? CHUNK_TOO_LONG : CHUNK_DATA;
    p->next.iRow = p->iRow;
    p->bNext = 1;
    return PR_OK;
}

/* Reads exactly n data bytes into z. */
static pr_error read_data(pr_shardr *p, char *z, size_t n, uint32_t iRow, pr_err *pErr)
{
    while (n > 0) {
        size_t nRead;
        pr_error rc = pr_instream_read(p->pData, z, n, &nRead, pErr);
        if (rc) return rc;
        if (nRead == 0)
            return pr_err_set(pErr, PR_ERR_IO, "%s: ends before the record of its index row %u (%s)", p->azName[0], iRow, p->azName[1]);
        z += nRead;
        n -= nRead;
    }
    return PR_OK;
}

static uint32_t count_lf(const char *z, size_t n)
{
    uint32_t c = 0;
    for (const char *e = z + n; (z = memchr(z, '\n', (size_t)(e - z))) != NULL; z++) c++;
    return c;
}

pr_error pr_shardr_next(pr_shardr *p, pr_chunk *pChunk, pr_err *pErr)
{
    memset(pChunk, 0, sizeof(*pChunk));
    pr_error rc = PR_OK;
    if (p->iRow == 0 && (rc = read_entry(p, pErr))) return rc;
    if (!p->bNext) {
        /* the end: the data file must end too */
        char c;
        size_t nRead;
        if ((rc = pr_instream_read(p->pData, &c, 1, &nRead, pErr))) return rc;
        if (nRead) return pr_err_set(pErr, PR_ERR_IO, "%s: holds more than its index %s lists", p->azName[0], p->azName[1]);
        return PR_OK;
    }
    char *z = malloc(PR_CHUNK_CAP + 2);
    if (!z) return pr_err_nomem(pErr, "reading a shard file");
    size_t n = 0;
    uint32_t iLine = p->next.iLine, nLines = 0;
    pChunk->eKind = p->next.eKind;
    do {
        if ((rc = read_data(p, z + n, p->next.nByte, p->next.iRow, pErr))) goto fail;
        nLines += count_lf(z + n, p->next.nByte);
        n += p->next.nByte;
        if ((rc = read_entry(p, pErr))) goto fail;
    } while (pChunk->eKind == CHUNK_DATA && p->bNext && p->next.eKind == CHUNK_DATA
             && p->next.iLine == iLine + nLines && n + p->next.nByte <= PR_CHUNK_CAP);
    pChunk->z = z;
    pChunk->n = n;
    pChunk->iLine = iLine;
    pChunk->nLines = nLines ? nLines : 1;
    return PR_OK;
fail:
    free(z);
    return rc;
}
