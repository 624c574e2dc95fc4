/*
 * test_shardfile.c - a shard's part of a file (io/shardfile.h): records
 * written and read back as chunks of consecutive original lines, broken
 * records alone with their kind, the missing last LF added, nothing left
 * behind by a writer that is not committed, and a data file that does not
 * match its index refused with its name.
 */
#include "tests/testutil.h"
#include "io/shardfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A record to write. */
typedef struct rec {
    const char *z;
    uint32_t iLine;
    pr_chunk_kind eKind;
} rec;

/* A chunk expected back. */
typedef struct want {
    const char *z;
    uint32_t iLine;
    pr_chunk_kind eKind;
} want;

static const char *base(const char *zName)
{
    static char z[4][600];
    static int i;
    i = (i + 1) % 4;
    snprintf(z[i], sizeof(z[i]), "%s/%s", tu_tmpdir(), zName);
    return z[i];
}

static int exists(const char *zBase, const char *zSuffix)
{
    char z[700];
    struct stat st;
    snprintf(z, sizeof(z), "%s%s", zBase, zSuffix);
    return stat(z, &st) == 0;
}

static void write_recs(const char *zBase, const rec *a, int n)
{
    pr_err err;
    pr_err_init(&err);
    pr_shardw *w = pr_shardw_new(zBase, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    for (int i = 0; i < n; i++) CU_ASSERT_EQUAL(pr_shardw_add(w, a[i].z, strlen(a[i].z), a[i].iLine, a[i].eKind, &err), PR_OK);
    CU_ASSERT_EQUAL(pr_shardw_count(w), (uint64_t)n);
    CU_ASSERT_EQUAL(pr_shardw_close(w, &err), PR_OK);
    CU_ASSERT_FALSE(exists(zBase, ".csv.gz"));   /* only the temporary names until the commit */
    CU_ASSERT_EQUAL(pr_shardw_commit(w, &err), PR_OK);
    pr_shardw_free(w);
    CU_ASSERT_TRUE(exists(zBase, ".csv.gz"));
    CU_ASSERT_TRUE(exists(zBase, ".lines.gz"));
    CU_ASSERT_FALSE(exists(zBase, ".csv.gz.tmp"));
}

static void test_round_trip(void)
{
    static const rec aRec[] = {
        { "h1,h2\r\n", 1, CHUNK_DATA },
        { "a,b\r\n", 2, CHUNK_DATA },
        { "\"x\ny\",c\n", 3, CHUNK_DATA },          /* spans lines 3-4 */
        { "d,e\n", 5, CHUNK_DATA },
        { "f,g\n", 9, CHUNK_DATA },                 /* lines 6-8 went to other shards */
        { "\"open,z\n", 10, CHUNK_UNTERMINATED },
        { "h,i\n", 11, CHUNK_DATA },
        { "j,k", 12, CHUNK_DATA },                  /* the file's last record, no LF */
    };
    static const want aWant[] = {
        { "h1,h2\r\na,b\r\n\"x\ny\",c\nd,e\n", 1, CHUNK_DATA },
        { "f,g\n", 9, CHUNK_DATA },
        { "\"open,z\n", 10, CHUNK_UNTERMINATED },
        { "h,i\nj,k\n", 11, CHUNK_DATA },
    };
    const char *zBase = base("rt");
    write_recs(zBase, aRec, (int)(sizeof(aRec) / sizeof(aRec[0])));
    pr_err err;
    pr_err_init(&err);
    pr_shardr *r = pr_shardr_open(zBase, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    for (size_t i = 0; i <= sizeof(aWant) / sizeof(aWant[0]); i++) {
        pr_chunk c;
        CU_ASSERT_EQUAL_FATAL(pr_shardr_next(r, &c, &err), PR_OK);
        if (i == sizeof(aWant) / sizeof(aWant[0])) { CU_ASSERT_PTR_NULL(c.z); break; }
        CU_ASSERT_PTR_NOT_NULL_FATAL(c.z);
        CU_ASSERT_EQUAL(c.n, strlen(aWant[i].z));
        CU_ASSERT(c.n == strlen(aWant[i].z) && memcmp(c.z, aWant[i].z, c.n) == 0);
        CU_ASSERT_EQUAL(c.iLine, aWant[i].iLine);
        CU_ASSERT_EQUAL(c.eKind, aWant[i].eKind);
        free(c.z);
    }
    CU_ASSERT(pr_shardr_raw_offset(r) > 0);
    pr_shardr_free(r);
    pr_shardr_free(NULL);
}

/* a chunk never passes PR_CHUNK_CAP: long runs are cut */
static void test_cap(void)
{
    const char *zBase = base("cap");
    pr_err err;
    pr_err_init(&err);
    pr_shardw *w = pr_shardw_new(zBase, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    size_t nRec = 100000;
    char *z = malloc(nRec);
    memset(z, 'a', nRec - 1);
    z[nRec - 1] = '\n';
    for (uint32_t i = 0; i < 25; i++) CU_ASSERT_EQUAL(pr_shardw_add(w, z, nRec, i + 1, CHUNK_DATA, &err), PR_OK);
    free(z);
    CU_ASSERT_EQUAL(pr_shardw_close(w, &err), PR_OK);
    CU_ASSERT_EQUAL(pr_shardw_commit(w, &err), PR_OK);
    pr_shardw_free(w);
    pr_shardr *r = pr_shardr_open(zBase, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    size_t nAll = 0;
    uint32_t iNext = 1;
    for (;;) {
        pr_chunk c;
        CU_ASSERT_EQUAL_FATAL(pr_shardr_next(r, &c, &err), PR_OK);
        if (!c.z) break;
        CU_ASSERT(c.n <= PR_CHUNK_CAP);
        CU_ASSERT_EQUAL(c.iLine, iNext);
        iNext += c.nLines;
        nAll += c.n;
        free(c.z);
    }
    CU_ASSERT_EQUAL(nAll, 25 * nRec);
    pr_shardr_free(r);
}

/* a writer freed before its commit leaves nothing */
static void test_abandoned(void)
{
    const char *zBase = base("gone");
    pr_err err;
    pr_err_init(&err);
    pr_shardw *w = pr_shardw_new(zBase, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    CU_ASSERT_EQUAL(pr_shardw_add(w, "a\n", 2, 1, CHUNK_DATA, &err), PR_OK);
    CU_ASSERT_TRUE(exists(zBase, ".csv.gz.tmp"));
    pr_shardw_free(w);
    CU_ASSERT_FALSE(exists(zBase, ".csv.gz.tmp"));
    CU_ASSERT_FALSE(exists(zBase, ".lines.gz.tmp"));
    CU_ASSERT_FALSE(exists(zBase, ".csv.gz"));
    pr_shardw_free(NULL);
    /* a folder that is not there: the message names the file */
    w = pr_shardw_new(base("no-such-dir/x"), &err);
    CU_ASSERT_PTR_NULL(w);
    CU_ASSERT_EQUAL(err.rc, PR_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "no-such-dir/x.csv.gz.tmp"));
}

/* One damaged pair: the index and data as written, and the message. */
typedef struct bad_case {
    const char *zIndex;
    const char *zData;
    const char *zWant;
} bad_case;

static void test_bad(void)
{
    static const bad_case aCase[] = {
        { "line,bytes\n1,2,d\n", "a\n", "bad.lines.gz:1: not a shard index" },
        { "line,bytes,kind\n1,2,x\n", "a\n", "bad.lines.gz:2: a malformed index row" },
        { "line,bytes,kind\n0,2,d\n", "a\n", "bad.lines.gz:2: a malformed index row" },
        { "line,bytes,kind\n1,,d\n", "a\n", "bad.lines.gz:2: a malformed index row" },
        { "line,bytes,kind\n1,2,d", "a\n", "bad.lines.gz:2: the index ends inside a row" },
        { "line,bytes,kind\n1,5,d\n", "a\n", "bad.csv.gz: ends before the record of its index row 2" },
        { "line,bytes,kind\n1,2,d\n", "a\nb\n", "bad.csv.gz: holds more than its index" },
    };
    for (size_t i = 0; i < sizeof(aCase) / sizeof(aCase[0]); i++) {
        char zDir[700];
        snprintf(zDir, sizeof(zDir), "bad%zu", i);
        CU_ASSERT_EQUAL(tu_sh("mkdir -p %s/%s", tu_tmpdir(), zDir), 0);
        char zName[800];
        snprintf(zName, sizeof(zName), "%s/bad.lines.gz", zDir);
        tu_write_gz(zName, aCase[i].zIndex, 1);
        snprintf(zName, sizeof(zName), "%s/bad.csv.gz", zDir);
        tu_write_gz(zName, aCase[i].zData, 1);
        snprintf(zName, sizeof(zName), "%s/bad", zDir);
        pr_err err;
        pr_err_init(&err);
        pr_shardr *r = pr_shardr_open(base(zName), &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        pr_error rc = PR_OK;
        for (;;) {
            pr_chunk c;
            if ((rc = pr_shardr_next(r, &c, &err)) || !c.z) break;
            free(c.z);
        }
        CU_ASSERT_EQUAL(rc, PR_ERR_IO);
        if (!strstr(err.zMsg, aCase[i].zWant)) fprintf(stderr, "\ncase %zu: '%s' lacks '%s'\n", i, err.zMsg, aCase[i].zWant);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, aCase[i].zWant));
        pr_shardr_free(r);
    }
}

int suite_shardfile(void)
{
    static const pr_test aT[] = {
        { "records and lines read back as chunks", test_round_trip },
        { "chunks stay under the cap", test_cap },
        { "an uncommitted writer leaves nothing", test_abandoned },
        { "a damaged part is named", test_bad },
    };
    PR_ADD_SUITE("shardfile", aT);
}
