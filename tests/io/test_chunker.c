/*
 * test_chunker.c - record-aligned chunks of a stream (io/chunker.h).
 */
#include "tests/testutil.h"
#include "io/chunker.h"
#include "io/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHUNKS 256

typedef struct chunks {
    pr_chunk a[MAX_CHUNKS];
    int n;
    pr_error rc;     /* last pr_chunker_next result */
} chunks;

static pr_err err;   /* the error of the last failed call */

/* Cuts the file zPath into chunks. */
static void cut(const char *zPath, chunks *p)
{
    memset(p, 0, sizeof(*p));
    pr_err_init(&err);
    pr_instream *pIn = pr_instream_open(zPath, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pIn);
    pr_chunker *pCh = pr_chunker_new(pIn, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pCh);
    while (p->n < MAX_CHUNKS) {
        p->rc = pr_chunker_next(pCh, &p->a[p->n], &err);
        if (p->rc != PR_OK || !p->a[p->n].z) break;
        p->n++;
    }
    CU_ASSERT(p->n < MAX_CHUNKS);
    pr_chunker_free(pCh);
    pr_instream_free(pIn);
    remove(zPath);   /* the inputs run to several MiB: do not keep them */
}

static void free_chunks(chunks *p)
{
    for (int i = 0; i < p->n; i++) free(p->a[i].z);
    p->n = 0;
}

static uint32_t count_lf(const char *z, size_t n)
{
    uint32_t c = 0;
    for (size_t i = 0; i < n; i++) c += z[i] == '\n';
    return c;
}

/* A growing string. */
typedef struct sbuf { char *z; size_t n, nCap; } sbuf;

static void sb_add(sbuf *s, const char *z, size_t n)
{
    if (s->n + n + 1 > s->nCap) {
        while (s->n + n + 1 > s->nCap) s->nCap = s->nCap ? s->nCap * 2 : 1 << 16;
        s->z = realloc(s->z, s->nCap);
        if (!s->z) { perror("realloc"); exit(2); }
    }
    memcpy(s->z + s->n, z, n);
    s->n += n;
    s->z[s->n] = 0;
}

static void sb_str(sbuf *s, const char *z) { sb_add(s, z, strlen(z)); }

/* Appends plain lines (no quotes) of exactly nBytes in all; returns their count. */
static uint32_t sb_filler(sbuf *s, size_t nBytes, unsigned iSeed)
{
    uint32_t nLines = 0;
    char zLine[256];
    while (nBytes > 0) {
        size_t nLen;   /* with its LF */
        if (nBytes > 300) {
            iSeed = iSeed * 1103515245u + 12345u;
            nLen = 40 + (iSeed >> 16) % 100;
        } else if (nBytes > 150) {
            nLen = nBytes / 2;
        } else {
            nLen = nBytes;
        }
        memset(zLine, 'a' + (int)(nLines % 26), nLen - 1);
        if (nLen > 14) {
            char zNum[16];
            int k = snprintf(zNum, sizeof(zNum), "%u,", (unsigned)nLines);
            memcpy(zLine, zNum, (size_t)k);
        }
        zLine[nLen - 1] = '\n';
        sb_add(s, zLine, nLen);
        nBytes -= nLen;
        nLines++;
    }
    return nLines;
}

/* Checks the invariants of a clean cut of zIn: concatenation, record
 * boundaries, size cap and line numbers. */
static void check_clean_cut(const chunks *p, const char *zIn, size_t nIn)
{
    size_t iPos = 0;
    uint32_t iLine = 1;
    for (int i = 0; i < p->n; i++) {
        const pr_chunk *c = &p->a[i];
        CU_ASSERT_EQUAL(c->eKind, CHUNK_DATA);
        CU_ASSERT(c->n > 0);
        CU_ASSERT(c->n <= PR_CHUNK_CAP);
        CU_ASSERT_EQUAL(c->iLine, iLine);
        CU_ASSERT_EQUAL(c->nLines, count_lf(c->z, c->n));
        CU_ASSERT_FATAL(iPos + c->n <= nIn);
        CU_ASSERT(memcmp(c->z, zIn + iPos, c->n) == 0);
        /* every chunk but the last ends on a record boundary after a LF */
        int bOpen = 1;
        if (i < p->n - 1) {
            CU_ASSERT_EQUAL(c->z[c->n - 1], '\n');
            CU_ASSERT_EQUAL(pr_csv_last_boundary(c->z, c->n, &bOpen), c->n);
            CU_ASSERT_EQUAL(bOpen, 0);
        }
        /* walking its records ends exactly at its end */
        size_t j = 0;
        while (j < c->n) {
            uint32_t nLf;
            size_t nRec = pr_csv_record_end(c->z + j, c->n - j, &nLf);
            CU_ASSERT_FATAL(nRec > 0);
            j += nRec;
        }
        CU_ASSERT_EQUAL(j, c->n);
        iPos += c->n;
        iLine += c->nLines;
    }
    CU_ASSERT_EQUAL(iPos, nIn);
    CU_ASSERT_EQUAL(iLine - 1, count_lf(zIn, nIn));
}

static void test_big_csv(void)
{
    sbuf s = { 0 };
    sb_str(&s, "身份证号,姓名,备注\n");
    char zLine[200];
    unsigned x = 7;
    int i = 0;
    while (s.n < 3 * PR_CHUNK_CAP + PR_CHUNK_CAP / 2) {
        x = x * 1103515245u + 12345u;
        if (i % 97 == 0)
            snprintf(zLine, sizeof(zLine), "%06d,\"张, 三\",\"line one\nline \"\"two\"\"\"\n", i);
        else if (i % 13 == 0)
            snprintf(zLine, sizeof(zLine), "%06d,\"a,b\",%u\r\n", i, x);
        else
            snprintf(zLine, sizeof(zLine), "%06d,name%u,%u\n", i, x % 1000, x);
        sb_str(&s, zLine);
        i++;
    }
    chunks ch;
    cut(tu_write("big.csv", s.z, s.n), &ch);
    CU_ASSERT_EQUAL(ch.rc, PR_OK);
    CU_ASSERT(ch.n >= 4);
    check_clean_cut(&ch, s.z, s.n);
    free_chunks(&ch);
    /* the same through gzip, two members */
    cut(tu_write_gz("big.csv.gz", s.z, 2), &ch);
    CU_ASSERT_EQUAL(ch.rc, PR_OK);
    check_clean_cut(&ch, s.z, s.n);
    free_chunks(&ch);
    free(s.z);
}

static void test_small_and_empty(void)
{
    chunks ch;
    cut(tu_write("empty.csv", "", 0), &ch);
    CU_ASSERT_EQUAL(ch.rc, PR_OK);
    CU_ASSERT_EQUAL(ch.n, 0);
    const char *z = "a,b\nc,d";   /* no LF at the end */
    cut(tu_write_str("small.csv", z), &ch);
    CU_ASSERT_EQUAL(ch.rc, PR_OK);
    CU_ASSERT_EQUAL_FATAL(ch.n, 1);
    CU_ASSERT_EQUAL(ch.a[0].n, strlen(z));
    CU_ASSERT_EQUAL(ch.a[0].iLine, 1);
    CU_ASSERT_EQUAL(ch.a[0].nLines, 1);
    CU_ASSERT_EQUAL(ch.a[0].eKind, CHUNK_DATA);
    free_chunks(&ch);
}

/* A record whose quoted field holds a LF before byte PR_CHUNK_CAP and whose
 * closing quote comes after it stays in one chunk. */
static void test_quoted_newline_straddles_cap(void)
{
    static const size_t aBefore[] = { 50, 20, 1 };   /* record starts this far before the cap */
    for (size_t k = 0; k < sizeof(aBefore) / sizeof(aBefore[0]); k++) {
        sbuf s = { 0 };
        uint32_t nFill = sb_filler(&s, PR_CHUNK_CAP - aBefore[k], 1);
        CU_ASSERT_EQUAL_FATAL(s.n, PR_CHUNK_CAP - aBefore[k]);
        size_t iRec = s.n;
        /* "straddle,"" + 30 x 'q' + LF: the LF is at most 40 bytes into the record */
        sb_str(&s, "straddle,\"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\nsecond half of the field\",end\n");
        size_t nRec = s.n - iRec;
        uint32_t nAfter = sb_filler(&s, 5000, 3);
        chunks ch;
        cut(tu_write("straddle.csv", s.z, s.n), &ch);
        CU_ASSERT_EQUAL(ch.rc, PR_OK);
        CU_ASSERT_EQUAL_FATAL(ch.n, 2);
        CU_ASSERT_EQUAL(ch.a[0].n, iRec);
        CU_ASSERT_EQUAL(ch.a[0].iLine, 1);
        CU_ASSERT_EQUAL(ch.a[0].nLines, nFill);
        CU_ASSERT_EQUAL(ch.a[1].iLine, nFill + 1);
        CU_ASSERT_EQUAL(ch.a[1].nLines, 2 + nAfter);
        CU_ASSERT(ch.a[1].n > nRec && memcmp(ch.a[1].z, s.z + iRec, nRec) == 0);
        check_clean_cut(&ch, s.z, s.n);
        free_chunks(&ch);
        free(s.z);
    }
    /* the quoted LF itself after the cap */
    sbuf s = { 0 };
    uint32_t nFill = sb_filler(&s, PR_CHUNK_CAP - 30, 5);
    size_t iRec = s.n;
    sb_str(&s, "after,\"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\nmore\",x\n");
    sb_filler(&s, 3000, 9);
    chunks ch;
    cut(tu_write("straddle2.csv", s.z, s.n), &ch);
    CU_ASSERT_EQUAL_FATAL(ch.n, 2);
    CU_ASSERT_EQUAL(ch.a[0].n, iRec);
    CU_ASSERT_EQUAL(ch.a[1].iLine, nFill + 1);
    check_clean_cut(&ch, s.z, s.n);
    free_chunks(&ch);
    free(s.z);
}

static void test_unterminated_small(void)
{
    const char *z = "a,b\nc,d\ne,\"open\nf,g\nh,i\n";
    chunks ch;
    cut(tu_write_str("open.csv", z), &ch);
    CU_ASSERT_EQUAL(ch.rc, PR_OK);
    CU_ASSERT_EQUAL_FATAL(ch.n, 3);
    CU_ASSERT_EQUAL(ch.a[0].eKind, CHUNK_DATA);
    CU_ASSERT_EQUAL(ch.a[0].iLine, 1);
    CU_ASSERT_EQUAL(ch.a[0].nLines, 2);
    CU_ASSERT(ch.a[0].n == 8 && memcmp(ch.a[0].z, "a,b\nc,d\n", 8) == 0);
    CU_ASSERT_EQUAL(ch.a[1].eKind, CHUNK_UNTERMINATED);
    CU_ASSERT_EQUAL(ch.a[1].iLine, 3);
    CU_ASSERT_EQUAL(ch.a[1].nLines, 1);
    CU_ASSERT(ch.a[1].n == 7 && memcmp(ch.a[1].z, "e,\"open", 7) == 0);
    CU_ASSERT_EQUAL(ch.a[2].eKind, CHUNK_DATA);
    CU_ASSERT_EQUAL(ch.a[2].iLine, 4);
    CU_ASSERT_EQUAL(ch.a[2].nLines, 2);
    CU_ASSERT(ch.a[2].n == 8 && memcmp(ch.a[2].z, "f,g\nh,i\n", 8) == 0);
    free_chunks(&ch);
    /* the open quote on the first line; the last line without LF */
    z = "\"x,1\n2,3\n4,5";
    cut(tu_write_str("open2.csv", z), &ch);
    CU_ASSERT_EQUAL_FATAL(ch.n, 2);
    CU_ASSERT_EQUAL(ch.a[0].eKind, CHUNK_UNTERMINATED);
    CU_ASSERT(ch.a[0].n == 4 && memcmp(ch.a[0].z, "\"x,1", 4) == 0);
    CU_ASSERT_EQUAL(ch.a[0].iLine, 1);
    CU_ASSERT_EQUAL(ch.a[1].eKind, CHUNK_DATA);
    CU_ASSERT_EQUAL(ch.a[1].iLine, 2);
    CU_ASSERT(ch.a[1].n == 7 && memcmp(ch.a[1].z, "2,3\n4,5", 7) == 0);
    free_chunks(&ch);
    /* the open quote on the last line, no LF */
    z = "a,b\nc,\"d";
    cut(tu_write_str("open3.csv", z), &ch);
    CU_ASSERT_EQUAL_FATAL(ch.n, 2);
    CU_ASSERT_EQUAL(ch.a[1].eKind, CHUNK_UNTERMINATED);
    CU_ASSERT_EQUAL(ch.a[1].iLine, 2);
    CU_ASSERT(ch.a[1].n == 4 && memcmp(ch.a[1].z, "c,\"d", 4) == 0);
    free_chunks(&ch);
}

static void test_unterminated_big(void)
{
    sbuf s = { 0 };
    uint32_t nBefore = sb_filler(&s, PR_CHUNK_CAP + PR_CHUNK_CAP / 2, 11);
    size_t iBad = s.n;
    const char *zBad = "bad,\"this quote is never closed,1,2";
    sb_str(&s, zBad);
    sb_str(&s, "\n");
    size_t iAfter = s.n;
    uint32_t nAfter = sb_filler(&s, PR_CHUNK_CAP + 12345, 13);
    chunks ch;
    cut(tu_write("openbig.csv", s.z, s.n), &ch);
    CU_ASSERT_EQUAL(ch.rc, PR_OK);
    /* data up to the bad line, the bad line alone, data after it */
    int iBroken = -1;
    size_t iPos = 0;
    uint32_t iLine = 1;
    for (int i = 0; i < ch.n; i++) {
        const pr_chunk *c = &ch.a[i];
        CU_ASSERT_EQUAL(c->iLine, iLine);
        if (c->eKind != CHUNK_DATA) {
            CU_ASSERT_EQUAL(iBroken, -1);
            iBroken = i;
            CU_ASSERT_EQUAL(c->eKind, CHUNK_UNTERMINATED);
            CU_ASSERT_EQUAL(iPos, iBad);
            CU_ASSERT_EQUAL(c->iLine, nBefore + 1);
            CU_ASSERT_EQUAL(c->nLines, 1);
            CU_ASSERT(c->n == strlen(zBad) && memcmp(c->z, zBad, c->n) == 0);
            iPos += c->n + 1;
        } else {
            CU_ASSERT(c->n <= PR_CHUNK_CAP);
            CU_ASSERT(iPos + c->n <= s.n && memcmp(c->z, s.z + iPos, c->n) == 0);
            CU_ASSERT_EQUAL(c->nLines, count_lf(c->z, c->n));
            if (iBroken >= 0 && i == iBroken + 1) CU_ASSERT_EQUAL(iPos, iAfter);
            iPos += c->n;
        }
        iLine += c->nLines;
    }
    CU_ASSERT(iBroken > 0 && iBroken < ch.n - 1);
    CU_ASSERT_EQUAL(iPos, s.n);
    CU_ASSERT_EQUAL(iLine, nBefore + 1 + nAfter + 1);
    free_chunks(&ch);
    free(s.z);
}

static void test_too_long_line(void)
{
    sbuf s = { 0 };
    sb_str(&s, "a,b\n");
    char *zLong = malloc(PR_CHUNK_CAP + PR_CHUNK_CAP / 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zLong);
    memset(zLong, 'x', PR_CHUNK_CAP + PR_CHUNK_CAP / 2);
    sb_add(&s, zLong, PR_CHUNK_CAP + PR_CHUNK_CAP / 2);
    sb_str(&s, "\nc,d\ne,f\n");
    chunks ch;
    cut(tu_write("long.csv", s.z, s.n), &ch);
    CU_ASSERT_EQUAL(ch.rc, PR_OK);
    CU_ASSERT_EQUAL_FATAL(ch.n, 3);
    CU_ASSERT_EQUAL(ch.a[0].eKind, CHUNK_DATA);
    CU_ASSERT(ch.a[0].n == 4 && memcmp(ch.a[0].z, "a,b\n", 4) == 0);
    CU_ASSERT_EQUAL(ch.a[0].iLine, 1);
    CU_ASSERT_EQUAL(ch.a[1].eKind, CHUNK_TOO_LONG);
    CU_ASSERT_EQUAL(ch.a[1].iLine, 2);
    CU_ASSERT(ch.a[1].n <= PR_CHUNK_CAP);
    CU_ASSERT(ch.a[1].n > 0 && ch.a[1].z[0] == 'x');
    CU_ASSERT_EQUAL(ch.a[2].eKind, CHUNK_DATA);
    CU_ASSERT_EQUAL(ch.a[2].iLine, 3);
    CU_ASSERT_EQUAL(ch.a[2].nLines, 2);
    CU_ASSERT(ch.a[2].n == 8 && memcmp(ch.a[2].z, "c,d\ne,f\n", 8) == 0);
    free_chunks(&ch);
    free(s.z);

    /* the over-long line is the first line, and then the last (no LF) */
    memset(&s, 0, sizeof(s));
    sb_add(&s, zLong, PR_CHUNK_CAP + 1);
    sb_str(&s, "\nnext,line\n");
    sb_add(&s, zLong, PR_CHUNK_CAP + PR_CHUNK_CAP / 2);
    cut(tu_write("long2.csv", s.z, s.n), &ch);
    CU_ASSERT_EQUAL(ch.rc, PR_OK);
    CU_ASSERT_EQUAL_FATAL(ch.n, 3);
    CU_ASSERT_EQUAL(ch.a[0].eKind, CHUNK_TOO_LONG);
    CU_ASSERT_EQUAL(ch.a[0].iLine, 1);
    CU_ASSERT_EQUAL(ch.a[1].eKind, CHUNK_DATA);
    CU_ASSERT_EQUAL(ch.a[1].iLine, 2);
    CU_ASSERT(ch.a[1].n == 10 && memcmp(ch.a[1].z, "next,line\n", 10) == 0);
    CU_ASSERT_EQUAL(ch.a[2].eKind, CHUNK_TOO_LONG);
    CU_ASSERT_EQUAL(ch.a[2].iLine, 3);
    free_chunks(&ch);
    free(s.z);

    /* a line of exactly PR_CHUNK_CAP bytes with its LF still fits */
    memset(&s, 0, sizeof(s));
    sb_add(&s, zLong, PR_CHUNK_CAP - 1);
    sb_str(&s, "\nok\n");
    cut(tu_write("long3.csv", s.z, s.n), &ch);
    CU_ASSERT_EQUAL_FATAL(ch.n, 2);
    CU_ASSERT_EQUAL(ch.a[0].eKind, CHUNK_DATA);
    CU_ASSERT_EQUAL(ch.a[0].n, PR_CHUNK_CAP);
    CU_ASSERT_EQUAL(ch.a[1].eKind, CHUNK_DATA);
    CU_ASSERT_EQUAL(ch.a[1].iLine, 2);
    CU_ASSERT(ch.a[1].n == 3 && memcmp(ch.a[1].z, "ok\n", 3) == 0);
    free_chunks(&ch);
    free(s.z);

    /* one byte more does not */
    memset(&s, 0, sizeof(s));
    sb_add(&s, zLong, PR_CHUNK_CAP);
    sb_str(&s, "\nok\n");
    cut(tu_write("long4.csv", s.z, s.n), &ch);
    CU_ASSERT_EQUAL_FATAL(ch.n, 2);
    CU_ASSERT_EQUAL(ch.a[0].eKind, CHUNK_TOO_LONG);
    CU_ASSERT_EQUAL(ch.a[1].eKind, CHUNK_DATA);
    CU_ASSERT_EQUAL(ch.a[1].iLine, 2);
    CU_ASSERT(ch.a[1].n == 3 && memcmp(ch.a[1].z, "ok\n", 3) == 0);
    free_chunks(&ch);
    free(s.z);
    free(zLong);
}

static void test_read_error(void)
{
    /* a truncated gzip stream: the chunker passes the error on */
    sbuf s = { 0 };
    sb_filler(&s, 200000, 17);
    const char *zGz = tu_write_gz("err.csv.gz", s.z, 1);
    FILE *f = fopen(zGz, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    static unsigned char a[1 << 20];
    size_t n = fread(a, 1, sizeof(a), f);
    fclose(f);
    chunks ch;
    cut(tu_write("err-cut.csv.gz", a, n - 10), &ch);
    CU_ASSERT_EQUAL(ch.rc, PR_ERR_GZIP);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "truncated"));
    free_chunks(&ch);
    free(s.z);
}

int suite_chunker(void)
{
    static const pr_test aTests[] = {
        { "big_csv", test_big_csv },
        { "small_and_empty", test_small_and_empty },
        { "quoted_newline_straddles_cap", test_quoted_newline_straddles_cap },
        { "unterminated_small", test_unterminated_small },
        { "unterminated_big", test_unterminated_big },
        { "too_long_line", test_too_long_line },
        { "read_error", test_read_error },
    };
    PR_ADD_SUITE("chunker", aTests);
}
