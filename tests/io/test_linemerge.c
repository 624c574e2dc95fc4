/*
 * test_linemerge.c - sorted text files read a line at a time and merged
 * (io/linemerge.h): the merged order, headers, a last line without its
 * newline, CRLF, and each refusal with its file and line.
 */
#include "tests/testutil.h"
#include "io/linemerge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Merges the files (each "name=content", gzip when the name ends in .gz)
 * and writes the merged lines as "file:line|" into zOut, or the error
 * message. Returns the merge's last result (0 done, -1 error). */
static int merge(const char *const *azFile, int n, char *zOut, size_t nOut)
{
    const char *azPath[4];
    char zPaths[4][512];
    for (int i = 0; i < n; i++) {
        const char *zEq = strchr(azFile[i], '=');
        char zName[64];
        snprintf(zName, sizeof(zName), "%.*s", (int)(zEq - azFile[i]), azFile[i]);
        const char *zPath = strstr(zName, ".gz") ? tu_write_gz(zName, zEq + 1, 2) : tu_write_str(zName, zEq + 1);
        snprintf(zPaths[i], sizeof(zPaths[i]), "%s", zPath);
        azPath[i] = zPaths[i];
    }
    pr_err e;
    pr_err_init(&e);
    size_t o = 0;
    zOut[0] = 0;
    pr_linemerge *m = pr_linemerge_new(azPath, n, &e);
    int r = -1;
    if (m) {
        const char *z;
        int iFile;
        while ((r = pr_linemerge_next(m, &z, &iFile, &e)) > 0)
            o += (size_t)snprintf(zOut + o, nOut - o, "%d:%s|", iFile, z);
    }
    if (r < 0) snprintf(zOut, nOut, "%s", strrchr(e.zMsg, '/') ? strrchr(e.zMsg, '/') + 1 : e.zMsg);
    pr_linemerge_free(m);
    return r;
}

static void test_merge(void)
{
    static const struct { const char *azFile[3]; int n; int rc; const char *zWant; } aCase[] = {
        { { "a.gz=H\nb\nd\n", "b=H\na\nc\nd" }, 2, 0, "1:a|0:b|1:c|0:d|1:d|" },
        { { "a=H\r\nx\r\ny\r\n" }, 1, 0, "0:x|0:y|" },
        { { "a=H\n", "b=H\nz\n" }, 2, 0, "1:z|" },
        { { "a=" }, 1, -1, "a: empty: no header line" },
        { { "a=H\nb\na\n" }, 1, -1, "a: line 3: not sorted (the line is smaller than the one before it)" },
    };
    char zOut[1024];
    for (size_t i = 0; i < sizeof(aCase) / sizeof(aCase[0]); i++) {
        int r = merge(aCase[i].azFile, aCase[i].n, zOut, sizeof(zOut));
        CU_ASSERT_EQUAL(r, aCase[i].rc);
        CU_ASSERT_STRING_EQUAL(zOut, aCase[i].zWant);
    }
}

/* a gzip stream cut short, and a NUL byte, are errors naming the file and line */
static void test_truncated(void)
{
    char zBody[8192];
    size_t n = (size_t)snprintf(zBody, sizeof(zBody), "H\n");
    for (int i = 0; i < 500; i++) n += (size_t)snprintf(zBody + n, sizeof(zBody) - n, "%06d\n", i);
    const char *zPath = tu_write_gz("t.gz", zBody, 1);
    CU_ASSERT_EQUAL(tu_sh("f=%s; n=$(stat -c %%s $f); head -c $((n - 10)) $f > $f.t && mv $f.t $f", zPath), 0);
    pr_err e;
    pr_err_init(&e);
    pr_linefile *f = pr_linefile_open(zPath, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    const char *z;
    int r;
    while ((r = pr_linefile_next(f, &z, &e)) > 0) {}
    CU_ASSERT_EQUAL(r, -1);
    CU_ASSERT_EQUAL(e.rc, PR_ERR_GZIP);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.zMsg, "truncated or corrupt gzip stream"));
    pr_linefile_free(f);
    /* a NUL byte in a line */
    static const char zNul[] = "H\nb\0c\n";
    zPath = tu_write("nul", zNul, sizeof(zNul) - 1);
    pr_err_init(&e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f = pr_linefile_open(zPath, &e));
    CU_ASSERT_EQUAL(pr_linefile_next(f, &z, &e), 1);
    CU_ASSERT_EQUAL(pr_linefile_next(f, &z, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.zMsg, "nul: line 2: a NUL byte"));
    pr_linefile_free(f);
}

int suite_linemerge(void)
{
    static const pr_test aT[] = {
        { "merged order, headers, CRLF and refusals", test_merge },
        { "a truncated gzip stream, a NUL byte", test_truncated },
    };
    PR_ADD_SUITE("linemerge", aT);
}
