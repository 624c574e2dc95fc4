/*
 * test_manifest_read.c - the manifest.json reader (formats/manifest_read.c)
 * on its own: a good manifest and what it yields, then tables of bad ones
 * made by editing the good one (wrong types, duplicate keys, missing
 * members, huge numbers, deep nesting), every prefix of it (truncated), and
 * the file-level failures (missing, too large). Every failure must give its
 * code, a message that names the file and the member path or place, and an
 * empty pr_manifest.
 */
#include "formats/manifest_read.h"
#include "tests/testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHA_A "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define SHA_B "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define ZERO "{\"lines\": 0, \"persons\": 0, \"fen\": 0}"

/* The good manifest: two outputs, one district. The district's programmes
 * are on one line and by_program's one per line, so that an edit can pick
 * either. */
static const char zGood[] =
    "{\n"
    " \"month\": \"2023-08\",\n"
    " \"status\": \"not_payable\",\n"
    " \"extra\": [1, {\"x\": null}, 2.5],\n"
    " \"outputs\": [\n"
    "  {\"name\": \"a.csv\", \"sha256\": \"" SHA_A "\", \"bytes\": 7},\n"
    "  {\"name\": \"b.xlsx\", \"sha256\": \"" SHA_B "\", \"bytes\": 9}\n"
    " ],\n"
    " \"totals\": {\n"
    "  \"by_district\": [\n"
    "   {\"district\": \"320612\", \"name\": \"x\", \"programs\": {\"DIBAO\": {\"lines\": 1, \"persons\": 2, \"fen\": 3}, "
    "\"TEKUN\": " ZERO ", \"DIS_LIVING\": " ZERO ", \"DIS_NURSING\": " ZERO ", \"ORPHAN\": " ZERO ", \"PRICE\": " ZERO "}, "
    "\"lines\": 1, \"persons\": 2, \"fen\": 3}\n"
    "  ],\n"
    "  \"by_program\": {\n"
    "   \"DIBAO\": {\"lines\": 1, \"persons\": 2, \"fen\": 3},\n"
    "   \"TEKUN\": " ZERO ",\n"
    "   \"DIS_LIVING\": " ZERO ",\n"
    "   \"DIS_NURSING\": " ZERO ",\n"
    "   \"ORPHAN\": " ZERO ",\n"
    "   \"PRICE\": " ZERO "\n"
    "  },\n"
    "  \"lines\": 1, \"persons\": 2, \"fen\": 3\n"
    " }\n"
    "}\n";

/* 1 if every byte of p is zero: a failed parse leaves nothing behind. */
static int is_empty(const pr_manifest *p)
{
    const unsigned char *a = (const unsigned char *)p;
    for (size_t i = 0; i < sizeof(*p); i++)
        if (a[i]) return 0;
    return 1;
}

/* Parses z[0,n) as "m.json", expecting failure with rc and a message that
 * starts with the file name and holds zWant. Reports the case on failure. */
static void expect_bad(const char *z, size_t n, pr_error rc, const char *zWant, const char *zCase)
{
    pr_manifest m;
    pr_err e;
    pr_err_init(&e);
    pr_error got = pr_manifest_parse(z, n, "m.json", &m, &e);
    int bOk = got == rc && e.rc == rc && strncmp(e.zMsg, "m.json: ", 8) == 0 && strstr(e.zMsg, zWant) && is_empty(&m);
    CU_ASSERT_TRUE(bOk);
    if (!bOk) fprintf(stderr, "\n%s: rc %d, '%s' (wanted %d, '%s')\n", zCase, got, e.zMsg, rc, zWant);
    if (got == PR_OK) pr_manifest_clear(&m);
}

/* zGood with the first zFrom replaced by zTo, into a new string (owned by
 * the caller), or NULL when zGood has no zFrom. */
static char *edited(const char *zFrom, const char *zTo)
{
    const char *zAt = strstr(zGood, zFrom);
    if (!zAt) return NULL;
    size_t n = strlen(zGood) - strlen(zFrom) + strlen(zTo) + 1;
    char *z = malloc(n);
    if (z) snprintf(z, n, "%.*s%s%s", (int)(zAt - zGood), zGood, zTo, zAt + strlen(zFrom));
    return z;
}

/* Each case: replace zFrom in the good manifest by zTo; expect rc and zWant. */
typedef struct edit_case {
    const char *zFrom;        /* text of zGood to replace (first occurrence) */
    const char *zTo;          /* what to put there */
    pr_error rc;              /* the code expected */
    const char *zWant;        /* a part of the message expected */
} edit_case;

static void run_edits(const edit_case *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *z = edited(a[i].zFrom, a[i].zTo);
        CU_ASSERT_PTR_NOT_NULL_FATAL(z);
        char zCase[80];
        snprintf(zCase, sizeof(zCase), "case %zu (%.40s)", i, a[i].zTo);
        expect_bad(z, strlen(z), a[i].rc, a[i].zWant, zCase);
        free(z);
    }
}

static void test_good(void)
{
    pr_manifest m;
    pr_err e;
    pr_err_init(&e);
    CU_ASSERT_EQUAL_FATAL(pr_manifest_parse(zGood, strlen(zGood), "m.json", &m, &e), PR_OK);
    CU_ASSERT_EQUAL(e.rc, PR_OK);
    CU_ASSERT_STRING_EQUAL(e.zMsg, "");
    CU_ASSERT_EQUAL(m.iMonth, 2023 * 12 + 7);
    CU_ASSERT_STRING_EQUAL(m.zStatus, "not_payable");
    CU_ASSERT_EQUAL_FATAL(m.nOut, 2);
    CU_ASSERT_STRING_EQUAL(m.aOut[0].zName, "a.csv");
    CU_ASSERT_STRING_EQUAL(m.aOut[0].zSha, SHA_A);
    CU_ASSERT_EQUAL(m.aOut[0].nBytes, 7);
    CU_ASSERT_STRING_EQUAL(m.aOut[1].zName, "b.xlsx");
    CU_ASSERT_STRING_EQUAL(m.aOut[1].zSha, SHA_B);
    CU_ASSERT_EQUAL(m.aOut[1].nBytes, 9);
    CU_ASSERT_EQUAL_FATAL(m.nDistrict, 1);
    CU_ASSERT_EQUAL(m.aDistrict[0].iCode, 320612);
    CU_ASSERT_EQUAL(m.aDistrict[0].aProg[PROG_DIBAO].nLines, 1);
    CU_ASSERT_EQUAL(m.aDistrict[0].aProg[PROG_DIBAO].nPersons, 2);
    CU_ASSERT_EQUAL(m.aDistrict[0].aProg[PROG_DIBAO].nFen, 3);
    CU_ASSERT_EQUAL(m.aDistrict[0].aProg[PROG_PRICE].nFen, 0);
    CU_ASSERT_EQUAL(m.aDistrict[0].all.nPersons, 2);
    CU_ASSERT_EQUAL(m.aProg[PROG_DIBAO].nFen, 3);
    CU_ASSERT_EQUAL(m.all.nLines, 1);
    CU_ASSERT_EQUAL(m.all.nFen, 3);
    pr_manifest_clear(&m);
    CU_ASSERT_TRUE(is_empty(&m));
    pr_manifest_clear(&m);                    /* again: harmless */

    /* no "status" means "ok"; empty outputs and districts; the largest
     * 64-bit count; members the reader does not use may be deep */
    static const edit_case aOk[] = {
        { " \"status\": \"not_payable\",\n", "", PR_OK, "ok" },
        { "\"bytes\": 9", "\"bytes\": 9223372036854775807", PR_OK, "" },
        { "\"x\": null", "\"x\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", PR_OK, "" },
    };
    for (size_t i = 0; i < sizeof(aOk) / sizeof(aOk[0]); i++) {
        char *z = edited(aOk[i].zFrom, aOk[i].zTo);
        CU_ASSERT_PTR_NOT_NULL_FATAL(z);
        CU_ASSERT_EQUAL_FATAL(pr_manifest_parse(z, strlen(z), "m.json", &m, &e), PR_OK);
        CU_ASSERT_EQUAL(m.nOut, 2);
        if (i == 0) CU_ASSERT_STRING_EQUAL(m.zStatus, "ok");
        if (i == 1) CU_ASSERT_EQUAL(m.aOut[1].nBytes, INT64_MAX);
        pr_manifest_clear(&m);
        free(z);
    }
    static const char zEmpty[] =
        "{\"month\": \"2023-08\", \"outputs\": [], \"totals\": {\"by_district\": [], \"by_program\": {"
        "\"DIBAO\": " ZERO ", \"TEKUN\": " ZERO ", \"DIS_LIVING\": " ZERO ", \"DIS_NURSING\": " ZERO ", "
        "\"ORPHAN\": " ZERO ", \"PRICE\": " ZERO "}, \"lines\": 0, \"persons\": 0, \"fen\": 0}}";
    CU_ASSERT_EQUAL_FATAL(pr_manifest_parse(zEmpty, strlen(zEmpty), "m.json", &m, NULL), PR_OK);
    CU_ASSERT_EQUAL(m.nOut, 0);
    CU_ASSERT_PTR_NULL(m.aOut);
    CU_ASSERT_EQUAL(m.nDistrict, 0);
    CU_ASSERT_STRING_EQUAL(m.zStatus, "ok");
    pr_manifest_clear(&m);
    /* the length given counts, not a NUL */
    char *z = malloc(sizeof(zGood) + 5);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    snprintf(z, sizeof(zGood) + 5, "%sjunk", zGood);
    CU_ASSERT_EQUAL(pr_manifest_parse(z, strlen(zGood), "m.json", &m, &e), PR_OK);
    pr_manifest_clear(&m);
    expect_bad(z, strlen(z), PR_ERR_MANIFEST, "end of file expected", "text after the value");
    free(z);
}

/* Every proper prefix of the good manifest is refused, with its place. */
static void test_truncated(void)
{
    size_t n = strlen(zGood);
    /* the last byte is the final newline: without it the text is whole */
    for (size_t k = 0; k + 1 < n; k++) {
        char zCase[40];
        snprintf(zCase, sizeof(zCase), "prefix of %zu bytes", k);
        expect_bad(zGood, k, PR_ERR_MANIFEST, "line ", zCase);
    }
    expect_bad(NULL, 0, PR_ERR_MANIFEST, "line 1, column 0 (byte 0)", "nothing");
}

static void test_wrong_types(void)
{
    static const edit_case a[] = {
        { "{\n \"month\"", "[\n \"month\"", PR_ERR_MANIFEST, "line " },
        { "\"month\": \"2023-08\"", "\"month\": 202308", PR_ERR_MANIFEST, "\"month\" must be a string, not an integer" },
        { "\"month\": \"2023-08\"", "\"month\": \"2023-8\"", PR_ERR_MANIFEST, "\"month\" must be YYYY-MM" },
        { "\"month\": \"2023-08\"", "\"month\": \"2023-13\"", PR_ERR_MANIFEST, "\"month\" must be YYYY-MM" },
        { "\"status\": \"not_payable\"", "\"status\": false", PR_ERR_MANIFEST, "\"status\" must be a string, not a boolean" },
        { "\"outputs\": [", "\"outputs\": {\"a\": [", PR_ERR_MANIFEST, "line " },
        { "\"outputs\": [\n  {\"name\": \"a.csv\", \"sha256\": \"" SHA_A "\", \"bytes\": 7},",
          "\"outputs\": [\n  \"a.csv\",", PR_ERR_MANIFEST, "\"outputs[0]\" must be an object, not a string" },
        { "\"name\": \"b.xlsx\"", "\"name\": null", PR_ERR_MANIFEST, "\"outputs[1].name\" must be a string, not null" },
        { "\"bytes\": 7", "\"bytes\": \"7\"", PR_ERR_MANIFEST, "\"outputs[0].bytes\" must be an integer, not a string" },
        { "\"bytes\": 7", "\"bytes\": 7.0", PR_ERR_MANIFEST, "\"outputs[0].bytes\" must be an integer, not a real number" },
        { "\"bytes\": 7", "\"bytes\": -1", PR_ERR_MANIFEST, "\"outputs[0].bytes\" is negative (-1)" },
        { "\"sha256\": \"" SHA_A "\"", "\"sha256\": \"" SHA_A "0\"", PR_ERR_MANIFEST, "\"outputs[0].sha256\" must be 64 lower-case hex" },
        { "0123456789abcdef\"", "0123456789ABCDEF\"", PR_ERR_MANIFEST, "\"outputs[0].sha256\" must be 64 lower-case hex" },
        { "\"name\": \"a.csv\"", "\"name\": \"../a.csv\"", PR_ERR_MANIFEST, "\"outputs[0].name\" must be a plain file name" },
        { "\"name\": \"a.csv\"", "\"name\": \"..\"", PR_ERR_MANIFEST, "plain file name" },
        { "\"name\": \"a.csv\"", "\"name\": \"\"", PR_ERR_MANIFEST, "plain file name" },
        { "\"name\": \"a.csv\"", "\"name\": \"a\\u001b\"", PR_ERR_MANIFEST, "plain file name" },
        { "\"name\": \"a.csv\"", "\"name\": \"a\\u0000b\"", PR_ERR_MANIFEST, "line 6" },
        { "\"name\": \"a.csv\"", "\"name\": \"manifest.json\"", PR_ERR_MANIFEST, "cannot list itself" },
        { "\"totals\": {", "\"totals\": [{", PR_ERR_MANIFEST, "line " },
        { "{\"district\": \"320612\"", "\"320612\", {\"district\": \"320612\"", PR_ERR_MANIFEST,
          "\"totals.by_district[0]\" must be an object, not a string" },
        { "\"district\": \"320612\"", "\"district\": 320612", PR_ERR_MANIFEST,
          "\"totals.by_district[0].district\" must be a string, not an integer" },
        { "\"district\": \"320612\"", "\"district\": \"32061a\"", PR_ERR_MANIFEST, "\"totals.by_district[0].district\" must be a 6-digit code" },
        { "\"programs\": {\"DIBAO\": {\"lines\": 1, ", "\"programs\": {\"DIBAO\": {\"lines\": true, ", PR_ERR_MANIFEST,
          "\"totals.by_district[0].programs.DIBAO.lines\" must be an integer, not a boolean" },
        { "\"TEKUN\": " ZERO ",\n", "\"TEKUN\": [],\n", PR_ERR_MANIFEST, "\"totals.by_program.TEKUN\" must be an object, not an array" },
        { "\"PRICE\": " ZERO "\n", "\"PRICE\": " ZERO ", \"GIFT\": {}\n", PR_ERR_MANIFEST,
          "\"totals.by_program\" has an unknown programme \"GIFT\"" },
        { "  \"lines\": 1, \"persons\": 2", "  \"lines\": 1, \"persons\": {}", PR_ERR_MANIFEST,
          "\"totals.persons\" must be an integer, not an object" },
    };
    run_edits(a, sizeof(a) / sizeof(a[0]));
    /* a byte order mark, invalid UTF-8, raw control characters */
    static const struct { const char *z, *zWant; } aRaw[] = {
        { "\xEF\xBB\xBF{}", "line 1" },
        { "{\"month\": \"2023-\xC3\x28\"}", "line 1" },
        { "{\"month\": \"2023\n-08\"}", "line 1" },
        { "{}", "\"month\" is missing" },
        { "[]", "the top level must be an object, not an array" },
        { "7", "line 1" },
    };
    for (size_t i = 0; i < sizeof(aRaw) / sizeof(aRaw[0]); i++)
        expect_bad(aRaw[i].z, strlen(aRaw[i].z), PR_ERR_MANIFEST, aRaw[i].zWant, aRaw[i].z);
}

static void test_duplicates(void)
{
    static const edit_case a[] = {
        { "\"month\": \"2023-08\",", "\"month\": \"2023-08\", \"month\": \"2023-08\",", PR_ERR_MANIFEST, "duplicate object key" },
        { "\"x\": null", "\"x\": null, \"x\": 1", PR_ERR_MANIFEST, "line 4, column 29 (byte 78): duplicate object key near '\"x\"'" },   /* in a member not read */
        { "\"bytes\": 7}", "\"bytes\": 7, \"bytes\": 7}", PR_ERR_MANIFEST, "duplicate object key" },
        { "\"name\": \"b.xlsx\"", "\"name\": \"a.csv\"", PR_ERR_MANIFEST,
          "m.json: \"outputs[1]\" lists \"a.csv\" twice (also outputs[0])" },
        { "\"fen\": 3}\n  ],", "\"fen\": 3},\n   {\"district\": \"320612\", \"programs\": {}}\n  ],", PR_ERR_MANIFEST,
          "\"totals.by_district[1].programs.DIBAO\" is missing" },
        { "\"PRICE\": " ZERO "\n", "\"PRICE\": " ZERO ",\n   \"PRICE\": " ZERO "\n", PR_ERR_MANIFEST,
          "line 20, column 10 (byte 1082): duplicate object key near '\"PRICE\"'" },
    };
    run_edits(a, sizeof(a) / sizeof(a[0]));
    /* the same district twice, whole */
    const char *zStart = strstr(zGood, "{\"district\"");
    const char *zEnd = strstr(zStart, "\n  ],");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zEnd);
    char *zTo = malloc(2 * (size_t)(zEnd - zStart) + 8);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zTo);
    snprintf(zTo, 2 * (size_t)(zEnd - zStart) + 8, "%.*s,\n   %.*s", (int)(zEnd - zStart), zStart,
             (int)(zEnd - zStart), zStart);
    char *z = malloc(strlen(zGood) + strlen(zTo) + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    snprintf(z, strlen(zGood) + strlen(zTo) + 1, "%.*s%s%s", (int)(zStart - zGood), zGood, zTo, zEnd);
    expect_bad(z, strlen(z), PR_ERR_MANIFEST,
               "m.json: \"totals.by_district[1]\" lists district 320612 twice (also totals.by_district[0])",
               "district twice");
    free(z);
    free(zTo);
}

static void test_missing(void)
{
    static const edit_case a[] = {
        { "\"month\": \"2023-08\",", "", PR_ERR_MANIFEST, "\"month\" is missing" },
        { "\"outputs\": [", "\"outputz\": [", PR_ERR_MANIFEST, "\"outputs\" is missing" },
        { "\"totals\": {", "\"totalz\": {", PR_ERR_MANIFEST, "\"totals\" is missing" },
        { "\"by_district\": [", "\"by_districts\": [", PR_ERR_MANIFEST, "\"totals.by_district\" is missing" },
        { "\"by_program\": {", "\"by_programme\": {", PR_ERR_MANIFEST, "\"totals.by_program\" is missing" },
        { ",\n   \"ORPHAN\": " ZERO, "", PR_ERR_MANIFEST, "\"totals.by_program.ORPHAN\" is missing" },
        { "\"name\": \"a.csv\", ", "", PR_ERR_MANIFEST, "\"outputs[0].name\" is missing" },
        { "\"sha256\": \"" SHA_B "\", ", "", PR_ERR_MANIFEST, "\"outputs[1].sha256\" is missing" },
        { ", \"bytes\": 9", "", PR_ERR_MANIFEST, "\"outputs[1].bytes\" is missing" },
        { "\"district\": \"320612\", ", "", PR_ERR_MANIFEST, "\"totals.by_district[0].district\" is missing" },
        { "\"programs\": {", "\"programz\": {", PR_ERR_MANIFEST, "\"totals.by_district[0].programs\" is missing" },
        { "{\"lines\": 1, \"persons\": 2, \"fen\": 3}, \"TEKUN\"", "{\"lines\": 1, \"persons\": 2}, \"TEKUN\"",
          PR_ERR_MANIFEST, "\"totals.by_district[0].programs.DIBAO.fen\" is missing" },
        { "\"lines\": 1, \"persons\": 2, \"fen\": 3}\n  ],", "\"lines\": 1, \"fen\": 3}\n  ],", PR_ERR_MANIFEST,
          "\"totals.by_district[0].persons\" is missing" },
        { "  \"lines\": 1, \"persons\": 2, \"fen\": 3\n", "  \"lines\": 1, \"persons\": 2\n", PR_ERR_MANIFEST,
          "\"totals.fen\" is missing" },
    };
    run_edits(a, sizeof(a) / sizeof(a[0]));
}

/* Numbers beyond 64 bits and nesting beyond Jansson's depth are refused
 * with their place; so is a manifest beyond the size cap. */
static void test_limits(void)
{
    static const edit_case a[] = {
        { "\"bytes\": 7", "\"bytes\": 9223372036854775808", PR_ERR_MANIFEST, "line 6, column 126 (byte 222): too big integer near '9223372036854775808'" },
        { "\"bytes\": 7", "\"bytes\": -9223372036854775809", PR_ERR_MANIFEST, "line 6, column 127 (byte 223): too big negative integer" },
        { "\"bytes\": 7", "\"bytes\": 99999999999999999999999999999999999999", PR_ERR_MANIFEST, "too big" },
        { "\"bytes\": 7", "\"bytes\": 1e400", PR_ERR_MANIFEST, "real number overflow" },
        { "\"bytes\": 7", "\"bytes\": 1e3", PR_ERR_MANIFEST, "\"outputs[0].bytes\" must be an integer, not a real number" },
        { "\"fen\": 3\n", "\"fen\": -9223372036854775808\n", PR_ERR_MANIFEST, "\"totals.fen\" is negative (-9223372036854775808)" },
    };
    run_edits(a, sizeof(a) / sizeof(a[0]));
    /* 5000 arrays deep in a member the reader ignores */
    size_t nDeep = 5000, nCap = sizeof(zGood) + 2 * nDeep + 64;
    char *zDeep = malloc(2 * nDeep + 1), *z = malloc(nCap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zDeep);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    memset(zDeep, '[', nDeep);
    memset(zDeep + nDeep, ']', nDeep);
    zDeep[2 * nDeep] = 0;
    snprintf(z, nCap, "{\"deep\": %s, %s", zDeep, zGood + 2);
    expect_bad(z, strlen(z), PR_ERR_MANIFEST, "maximum parsing depth", "5000 deep");
    free(zDeep);
    free(z);
    /* one byte over the cap (spaces after a good manifest) */
    size_t nBig = PR_MANIFEST_MAX_BYTES + 1;
    char *zBig = malloc(nBig);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zBig);
    memset(zBig, ' ', nBig);
    memcpy(zBig, zGood, strlen(zGood));
    expect_bad(zBig, nBig, PR_ERR_TOO_BIG, "larger than the 16 MiB allowed", "over the cap");
    pr_manifest m;
    CU_ASSERT_EQUAL(pr_manifest_parse(zBig, nBig - 1, "m.json", &m, NULL), PR_OK);   /* at the cap */
    pr_manifest_clear(&m);
    free(zBig);
}

/* pr_manifest_read: the file's name leads every message; the first error
 * set on a pr_err stays. */
static void test_read_file(void)
{
    pr_manifest m;
    pr_err e;
    pr_err_init(&e);
    const char *zPath = tu_write_str("manifest-good.json", zGood);
    CU_ASSERT_EQUAL_FATAL(pr_manifest_read(zPath, &m, &e), PR_OK);
    CU_ASSERT_EQUAL(m.nOut, 2);
    CU_ASSERT_EQUAL(m.aDistrict[0].iCode, 320612);
    pr_manifest_clear(&m);

    char zMissing[600];
    snprintf(zMissing, sizeof(zMissing), "%s/no-such/manifest.json", tu_tmpdir());
    CU_ASSERT_EQUAL(pr_manifest_read(zMissing, &m, &e), PR_ERR_IO);
    CU_ASSERT_TRUE(is_empty(&m));
    CU_ASSERT_EQUAL(strncmp(e.zMsg, zMissing, strlen(zMissing)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.zMsg, ": cannot open: "));

    /* a second failure on the same pr_err keeps the first message */
    zPath = tu_write_str("manifest-bad.json", "{\"month\": 1}");
    char zFirst[sizeof(e.zMsg)];
    memcpy(zFirst, e.zMsg, sizeof(zFirst));
    CU_ASSERT_EQUAL(pr_manifest_read(zPath, &m, &e), PR_ERR_MANIFEST);
    CU_ASSERT_STRING_EQUAL(e.zMsg, zFirst);
    CU_ASSERT_EQUAL(e.rc, PR_ERR_IO);
    pr_err_init(&e);
    CU_ASSERT_EQUAL(pr_manifest_read(zPath, &m, &e), PR_ERR_MANIFEST);
    char zWant[700];
    snprintf(zWant, sizeof(zWant), "%s: \"month\" must be a string, not an integer", zPath);
    CU_ASSERT_STRING_EQUAL(e.zMsg, zWant);
    CU_ASSERT_TRUE(is_empty(&m));
}

static const pr_test aTests[] = {
    { "a good manifest", test_good },
    { "truncated", test_truncated },
    { "wrong types and values", test_wrong_types },
    { "duplicate keys and entries", test_duplicates },
    { "missing members", test_missing },
    { "huge numbers, deep nesting, size cap", test_limits },
    { "reading the file", test_read_file },
};

int suite_manifest_read(void) { PR_ADD_SUITE("manifest_read", aTests); }
