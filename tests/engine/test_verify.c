/*
 * test_verify.c - the auditor's verify (engine/verify.c) on a real month
 * folder: the sample batch is run once with the command ($PAYRUN_BIN, else
 * bin/payrun; run from the repository root), then each test copies the
 * folder, damages the copy in one way and checks the verdict (0 all match,
 * 3 something differs, 2 unreadable) and that the difference is named.
 */
#include "run/verify.h"
#include "formats/manifest_read.h"
#include "io/sha256.h"
#include "tests/testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SAMPLE_ARGS " --month 2023-08 --policy samples/policy.csv --index samples/index.csv" \
    " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv" \
    " --disability samples/disability-with-type.csv --disability samples/disability-certificate-only.csv" \
    " --orphan samples/orphan-children.csv"

static char zBase[600];    /* the untouched month folder */
static int nCase;          /* copies made so far */

static int setup(void)
{
    const char *zBin = getenv("PAYRUN_BIN");
    char zCmd[4096];
    snprintf(zCmd, sizeof(zCmd), "%s run" SAMPLE_ARGS " --max-reject-rate 100 --threads 2 --out %s/verify-base 2>/dev/null",
             zBin && zBin[0] ? zBin : "bin/payrun", tu_tmpdir());
    if (tu_sh("%s", zCmd) != 0) { fprintf(stderr, "verify suite: the sample run failed: %s\n", zCmd); return -1; }
    snprintf(zBase, sizeof(zBase), "%s/verify-base/2023-08", tu_tmpdir());
    return 0;
}

/* A fresh copy of the base folder, as <tmp>/case-N/<zMonth>; returns its
 * path relative to the temporary folder in zRel and the full path. */
static const char *copy_base(const char *zMonth, char *zRel, size_t nRel)
{
    static char zPath[700];
    char zCmd[2000];
    snprintf(zRel, nRel, "case-%d/%s", ++nCase, zMonth);
    snprintf(zPath, sizeof(zPath), "%s/%s", tu_tmpdir(), zRel);
    snprintf(zCmd, sizeof(zCmd), "mkdir -p '%s/case-%d' && cp -R '%s' '%s'", tu_tmpdir(), nCase, zBase, zPath);
    CU_ASSERT_EQUAL_FATAL(tu_sh("%s", zCmd), 0);
    return zPath;
}

/* Runs the verify; returns its code and its output (malloc'd) in *pzOut. */
static int run_verify(const char *zDir, char **pzOut, char *zErr, size_t nErr)
{
    size_t n = 0;
    FILE *f = open_memstream(pzOut, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pr_err e;
    pr_err_init(&e);
    int rc = pr_verify_month(zDir, f, &e);
    CU_ASSERT((rc == PR_VERIFY_UNREADABLE) == (e.rc != PR_OK));
    snprintf(zErr, nErr, "%s", e.zMsg);
    fclose(f);
    return rc;
}

/* Expects verdict 3 and a line of the output that starts with zLine. */
static void expect_diff(const char *zDir, const char *zLine)
{
    char *zOut = NULL, zErr[512];
    int rc = run_verify(zDir, &zOut, zErr, sizeof(zErr));
    CU_ASSERT_EQUAL(rc, PR_VERIFY_DIFFERS);
    char zNeedle[600];
    snprintf(zNeedle, sizeof(zNeedle), "\n%s", zLine);
    size_t n = strlen(zLine);
    int bFound = zOut && (strncmp(zOut, zLine, n) == 0 || strstr(zOut, zNeedle));
    CU_ASSERT(bFound);
    if (!bFound || rc != PR_VERIFY_DIFFERS)
        fprintf(stderr, "\nverify %s: rc %d, expected a line starting '%s'; got:\n%s(%s)\n", zDir, rc, zLine, zOut ? zOut : "", zErr);
    free(zOut);
}

static void expect_unreadable(const char *zDir, const char *zErrPart)
{
    char *zOut = NULL, zErr[512];
    int rc = run_verify(zDir, &zOut, zErr, sizeof(zErr));
    CU_ASSERT_EQUAL(rc, PR_VERIFY_UNREADABLE);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, zErrPart));
    if (rc != PR_VERIFY_UNREADABLE || !strstr(zErr, zErrPart))
        fprintf(stderr, "\nverify %s: rc %d, error '%s', expected '%s'\n", zDir, rc, zErr, zErrPart);
    free(zOut);
}

static char *read_text(const char *zPath)
{
    FILE *f = fopen(zPath, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *z = malloc((size_t)n + 1);
    if (z && fread(z, 1, (size_t)n, f) != (size_t)n) { free(z); z = NULL; }
    if (z) z[n] = 0;
    fclose(f);
    return z;
}

static void write_text(const char *zPath, const char *z)
{
    FILE *f = fopen(zPath, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fwrite(z, 1, strlen(z), f);
    fclose(f);
}

/* Replaces the first zOld after the first zAfter (NULL: the start) in file
 * zPath with zNew. */
static void edit_file(const char *zPath, const char *zAfter, const char *zOld, const char *zNew)
{
    char *z = read_text(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    char *zFrom = zAfter ? strstr(z, zAfter) : z;
    CU_ASSERT_PTR_NOT_NULL_FATAL(zFrom);
    char *zAt = strstr(zFrom, zOld);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zAt);
    size_t nOld = strlen(zOld), nNew = strlen(zNew), n = strlen(z);
    char *zOut = malloc(n - nOld + nNew + 1);
    memcpy(zOut, z, (size_t)(zAt - z));
    memcpy(zOut + (zAt - z), zNew, nNew);
    memcpy(zOut + (zAt - z) + nNew, zAt + nOld, n - (size_t)(zAt - z) - nOld + 1);
    write_text(zPath, zOut);
    free(zOut);
    free(z);
}

/* Names of the files of the base folder, manifest.json excluded. */
static int list_outputs(char azName[][256], int nMax)
{
    DIR *d = opendir(zBase);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < nMax) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "manifest.json") == 0) continue;
        snprintf(azName[n++], 256, "%s", e->d_name);
    }
    closedir(d);
    return n;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_untouched(void)
{
    char *zOut = NULL, zErr[512];
    CU_ASSERT_EQUAL(run_verify(zBase, &zOut, zErr, sizeof(zErr)), PR_VERIFY_OK);
    CU_ASSERT_STRING_EQUAL(zOut, "");
    free(zOut);
    /* a trailing slash is the same folder; pOut may be NULL */
    char zSlash[700];
    snprintf(zSlash, sizeof(zSlash), "%s/", zBase);
    CU_ASSERT_EQUAL(pr_verify_month(zSlash, NULL, NULL), PR_VERIFY_OK);
    /* the outputs of a payable month: ledger, exceptions and the workbooks */
    char az[64][256];
    int n = list_outputs(az, 64);
    CU_ASSERT(n >= 3);
}

/* one byte changed in each output in turn: named, with its SHA-256 */
static void test_one_byte_changed(void)
{
    char az[64][256], zRel[300], zFile[1000];
    int n = list_outputs(az, 64);
    CU_ASSERT(n >= 2);
    for (int i = 0; i < n; i++) {
        const char *zDir = copy_base("2023-08", zRel, sizeof(zRel));
        snprintf(zFile, sizeof(zFile), "%s/%s", zDir, az[i]);
        FILE *f = fopen(zFile, "r+b");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fseek(f, 0, SEEK_END);
        long nSize = ftell(f);
        fseek(f, nSize / 2, SEEK_SET);
        int c = fgetc(f);
        fseek(f, nSize / 2, SEEK_SET);
        fputc(c ^ 0x01, f);
        fclose(f);
        char zLine[400];
        snprintf(zLine, sizeof(zLine), "%s: SHA-256 differs from manifest.json", az[i]);
        expect_diff(zDir, zLine);
    }
}

static void test_missing_files(void)
{
    char zRel[300], zFile[1000];
    const char *azGone[] = { "exceptions.csv", "ledger.csv.gz" };
    for (int i = 0; i < 2; i++) {
        const char *zDir = copy_base("2023-08", zRel, sizeof(zRel));
        snprintf(zFile, sizeof(zFile), "%s/%s", zDir, azGone[i]);
        CU_ASSERT_EQUAL(remove(zFile), 0);
        char zLine[300];
        snprintf(zLine, sizeof(zLine), "%s: missing file", azGone[i]);
        expect_diff(zDir, zLine);
    }
    /* a listed output replaced by a folder */
    const char *zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zFile, sizeof(zFile), "%s/exceptions.csv", zDir);
    CU_ASSERT_EQUAL(remove(zFile), 0);
    CU_ASSERT_EQUAL(mkdir(zFile, 0755), 0);
    expect_diff(zDir, "exceptions.csv: not a regular file");
}

static void test_stray_files(void)
{
    char zRel[300], zFile[1000];
    const char *azStray[] = { "notes.txt", ".hidden", "ledger.csv.gz.bak" };
    for (int i = 0; i < 3; i++) {
        const char *zDir = copy_base("2023-08", zRel, sizeof(zRel));
        snprintf(zFile, sizeof(zFile), "%s/%s", zDir, azStray[i]);
        write_text(zFile, "x\n");
        char zLine[300];
        snprintf(zLine, sizeof(zLine), "%s: file not listed in the manifest", azStray[i]);
        expect_diff(zDir, zLine);
    }
    /* a sub-folder, and an empty file with a control character in its name */
    const char *zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zFile, sizeof(zFile), "%s/sub", zDir);
    CU_ASSERT_EQUAL(mkdir(zFile, 0755), 0);
    expect_diff(zDir, "sub: file not listed in the manifest");
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zFile, sizeof(zFile), "%s/a\033b", zDir);
    write_text(zFile, "");
    expect_diff(zDir, "a\\x1Bb: file not listed in the manifest");
}

/* The first number after zKey following zAfter in the manifest, plus one. */
static void bump_number(const char *zManifest, const char *zAfter, const char *zKey)
{
    char *z = read_text(zManifest);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    char *zFrom = strstr(z, zAfter);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zFrom);
    char *zAt = strstr(zFrom, zKey);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zAt);
    long long v = strtoll(zAt + strlen(zKey), NULL, 10);
    char zOld[64], zNew[64];
    snprintf(zOld, sizeof(zOld), "%s%lld", zKey, v);
    snprintf(zNew, sizeof(zNew), "%s%lld", zKey, v + 1);
    free(z);
    edit_file(zManifest, zAfter, zOld, zNew);
}

static void test_totals_edited(void)
{
    char zRel[300], zMan[1000];
    /* by_program DIBAO fen: the ledger and the districts disagree */
    const char *zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zMan, sizeof(zMan), "%s/manifest.json", zDir);
    bump_number(zMan, "\"by_program\"", "\"fen\": ");
    expect_diff(zDir, "ledger.csv.gz: total for DIBAO is ");
    expect_diff(zDir, "manifest.json: by_program DIBAO says ");
    /* a district's TEKUN persons: one person per line */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zMan, sizeof(zMan), "%s/manifest.json", zDir);
    bump_number(zMan, "\"district\": \"320613\"", "\"TEKUN\": {\"lines\": 12, \"persons\": ");
    expect_diff(zDir, "ledger.csv.gz: total for 320613 TEKUN is 12 lines, 12 persons, 2070200 fen; manifest.json says 12 lines, 13 persons, 2070200 fen");
    /* DIBAO persons are not in the ledger: caught by the manifest's own sums */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zMan, sizeof(zMan), "%s/manifest.json", zDir);
    bump_number(zMan, "\"district\": \"320612\"", "\"DIBAO\": {\"lines\": 40, \"persons\": ");
    expect_diff(zDir, "manifest.json: district 320612 says ");
    /* the overall lines */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zMan, sizeof(zMan), "%s/manifest.json", zDir);
    bump_number(zMan, "\"by_program\"", "},\n    \"lines\": ");
    expect_diff(zDir, "ledger.csv.gz: total for all programmes is ");
    /* a district dropped from the manifest: its ledger lines are named */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zMan, sizeof(zMan), "%s/manifest.json", zDir);
    edit_file(zMan, NULL, "\"district\": \"320685\"", "\"district\": \"320699\"");
    expect_diff(zDir, "ledger.csv.gz: total for 320685 DIBAO is 49 lines, 6512450 fen; manifest.json has no district 320685");
    expect_diff(zDir, "ledger.csv.gz: total for 320699 DIBAO is 0 lines, 0 fen; manifest.json says 49 lines, 6512450 fen");
}

/* Rewrites the ledger of zDir as zText (gzip) and updates its SHA-256 and
 * size in the manifest, so that only the content can tell. */
static void rewrite_ledger(const char *zRel, const char *zDir, const char *zText)
{
    char zName[400], zPath[1000], zMan[1000], zSha[65], zOld[200], zNew[200];
    snprintf(zName, sizeof(zName), "%s/ledger.csv.gz", zRel);
    snprintf(zPath, sizeof(zPath), "%s/ledger.csv.gz", zDir);
    snprintf(zMan, sizeof(zMan), "%s/manifest.json", zDir);
    pr_manifest m;
    CU_ASSERT_EQUAL_FATAL(pr_manifest_read(zMan, &m, NULL), PR_OK);
    int i = 0;
    while (i < m.nOut && strcmp(m.aOut[i].zName, "ledger.csv.gz") != 0) i++;
    CU_ASSERT_FATAL(i < m.nOut);
    snprintf(zOld, sizeof(zOld), "\"sha256\": \"%s\", \"bytes\": %lld", m.aOut[i].zSha, (long long)m.aOut[i].nBytes);
    pr_manifest_clear(&m);
    tu_write_gz(zName, zText, 2);
    struct stat st;
    CU_ASSERT_EQUAL_FATAL(stat(zPath, &st), 0);
    CU_ASSERT_EQUAL_FATAL(pr_sha256_file(zPath, zSha, NULL), PR_OK);
    snprintf(zNew, sizeof(zNew), "\"sha256\": \"%s\", \"bytes\": %lld", zSha, (long long)st.st_size);
    edit_file(zMan, "\"ledger.csv.gz\"", zOld, zNew);
}

static void test_ledger_content(void)
{
    char zRel[300], zPath[1000];
    snprintf(zPath, sizeof(zPath), "%s/ledger.csv.gz", zBase);
    char *zLedger = tu_read(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zLedger);
    size_t n = strlen(zLedger);
    CU_ASSERT_FATAL(n > 200 && zLedger[n - 1] == '\n');
    char *zFirst = strchr(zLedger, '\n') + 1;           /* first data line */
    char *zSecond = strchr(zFirst, '\n') + 1;
    char *zLast = zLedger + n - 1;
    while (zLast[-1] != '\n') zLast--;                  /* last data line */
    char *zText = malloc(2 * n + 16);

    /* the rewrite itself is clean: same text, new hash and size */
    const char *zDir = copy_base("2023-08", zRel, sizeof(zRel));
    rewrite_ledger(zRel, zDir, zLedger);
    char *zOut = NULL, zErr[300];
    CU_ASSERT_EQUAL(run_verify(zDir, &zOut, zErr, sizeof(zErr)), PR_VERIFY_OK);
    free(zOut);

    /* the last line twice: one line more for its district and programme */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zText, 2 * n + 16, "%s%s", zLedger, zLast);
    rewrite_ledger(zRel, zDir, zText);
    char zWant[200];
    const char *zComma = strchr(zLast, ',');
    char zProg[32];
    snprintf(zProg, sizeof(zProg), "%.*s", (int)(zComma - zLast), zLast);
    const char *zDist = zComma;
    for (int k = 0; k < 3; k++) zDist = strchr(zDist + 1, ',');
    snprintf(zWant, sizeof(zWant), "ledger.csv.gz: total for %.6s %s is ", zDist + 1, zProg);
    expect_diff(zDir, zWant);

    /* the first two data lines swapped: out of order, totals unchanged */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    size_t nHead = (size_t)(zFirst - zLedger), n1 = (size_t)(zSecond - zFirst);
    size_t n2 = (size_t)(strchr(zSecond, '\n') + 1 - zSecond);
    memcpy(zText, zLedger, nHead);
    memcpy(zText + nHead, zSecond, n2);
    memcpy(zText + nHead + n2, zFirst, n1);
    strcpy(zText + nHead + n1 + n2, zSecond + n2);
    rewrite_ledger(zRel, zDir, zText);
    expect_diff(zDir, "ledger.csv.gz: line 3: out of order (");
    zOut = NULL;
    run_verify(zDir, &zOut, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NULL(strstr(zOut, "total for"));
    free(zOut);

    /* malformed rows: a short row and a bad amount */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zText, 2 * n + 16, "%sDIBAO,x\nTEKUN,320613193801156447,,320613193801156447,320613,urban,a,b,c,d,12.50,e,REGULAR,2023-08,,202308-320613-000001\n", zLedger);
    rewrite_ledger(zRel, zDir, zText);
    int nLines = 0;
    for (const char *c = zLedger; *c; c++) nLines += *c == '\n';
    snprintf(zWant, sizeof(zWant), "ledger.csv.gz: line %d: 2 fields, the header has 16", nLines + 1);
    expect_diff(zDir, zWant);
    snprintf(zWant, sizeof(zWant), "ledger.csv.gz: line %d: amount_fen '12.50' is not a positive whole number of fen", nLines + 2);
    expect_diff(zDir, zWant);

    /* another header */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zText, 2 * n + 16, "program,beneficiary%s", strchr(zLedger, ','));
    rewrite_ledger(zRel, zDir, zText);
    expect_diff(zDir, "ledger.csv.gz: line 1: the header is not program,beneficiary_id,");

    /* a truncated gzip stream, listed with its new hash: cannot be read */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zPath, sizeof(zPath), "%s/ledger.csv.gz", zDir);
    CU_ASSERT_EQUAL(truncate(zPath, 1000), 0);
    expect_diff(zDir, "ledger.csv.gz: cannot be read to the end: ");
    free(zText);
    free(zLedger);
}

static void test_month_and_status(void)
{
    char zRel[300], zPath[1000], zMan[1000];
    /* a folder named after another month */
    const char *zDir = copy_base("2023-09", zRel, sizeof(zRel));
    expect_diff(zDir, "manifest.json: month is 2023-08 but the folder is 2023-09");
    /* a folder not named after a month: no check */
    zDir = copy_base("copy-of-august", zRel, sizeof(zRel));
    char *zOut = NULL, zErr[300];
    CU_ASSERT_EQUAL(run_verify(zDir, &zOut, zErr, sizeof(zErr)), PR_VERIFY_OK);
    free(zOut);
    /* a month that must not be paid has no ledger: fine when unlisted */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zPath, sizeof(zPath), "%s/ledger.csv.gz", zDir);
    snprintf(zMan, sizeof(zMan), "%s/manifest.json", zDir);
    CU_ASSERT_EQUAL(remove(zPath), 0);
    char *z = read_text(zMan);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    char *zEntry = strstr(z, "{\"name\": \"ledger.csv.gz\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zEntry);
    char *zEnd = strchr(zEntry, '}') + 1;
    if (*zEnd == ',') {
        zEnd++;                                    /* the entry and its comma go */
    } else {
        while (zEntry > z && zEntry[-1] != ',') zEntry--;
        zEntry--;                                  /* the last entry: the comma before it goes */
    }
    memmove(zEntry, zEnd, strlen(zEnd) + 1);
    int bStatus = strstr(z, "\"status\": \"ok\"") != NULL;
    write_text(zMan, z);
    free(z);
    if (bStatus) {
        expect_diff(zDir, "ledger.csv.gz: missing file (and not listed in the manifest)");
        edit_file(zMan, NULL, "\"status\": \"ok\"", "\"status\": \"not_payable\"");
    } else {
        edit_file(zMan, NULL, "\"engine\"", "\"status\": \"not_payable\", \"engine\"");
    }
    zOut = NULL;
    CU_ASSERT_EQUAL(run_verify(zDir, &zOut, zErr, sizeof(zErr)), PR_VERIFY_OK);
    CU_ASSERT_STRING_EQUAL(zOut, "");
    free(zOut);
}

static void test_unreadable(void)
{
    char zRel[300], zMan[1000];
    char zMissing[700];
    snprintf(zMissing, sizeof(zMissing), "%s/no-such-folder/2023-08", tu_tmpdir());
    expect_unreadable(zMissing, "cannot open the folder");
    snprintf(zMissing, sizeof(zMissing), "%s/manifest.json", zBase);
    expect_unreadable(zMissing, "not a folder");
    /* no manifest */
    const char *zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zMan, sizeof(zMan), "%s/manifest.json", zDir);
    CU_ASSERT_EQUAL(remove(zMan), 0);
    expect_unreadable(zDir, "manifest.json: cannot open");
    /* truncated in the middle */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zMan, sizeof(zMan), "%s/manifest.json", zDir);
    struct stat st;
    CU_ASSERT_EQUAL(stat(zMan, &st), 0);
    CU_ASSERT_EQUAL(truncate(zMan, st.st_size / 2), 0);
    expect_unreadable(zDir, "manifest.json: line ");
    /* not JSON at all, empty, a byte order mark */
    static const struct { const char *zText, *zErr; } aBad[] = {
        { "not json\n", "'[' or '{' expected near 'not'" },
        { "{\"month\": \"2023-08\",\n  nope}", "line 2, column 6 (byte 27): string or '}' expected near 'nope'" },
        { "", "line 1, column 0 (byte 0): '[' or '{' expected near end of file" },
        { "\xEF\xBB\xBF{}", "line 1, column 1 (byte 3): '[' or '{' expected" },
        { "{}", "\"month\" is missing" },
        { "[1, 2]", "the top level must be an object" },
        { "{\"month\": \"2023-08\", \"outputs\": [{\"name\": \"../etc/passwd\", \"sha256\": \"\", \"bytes\": 0}]}",
          "plain file name" },
        { "{\"month\": \"2023-08\", \"outputs\": [], \"totals\": {\"by_district\": [], \"by_program\": {}}}",
          "\"totals.by_program.DIBAO\" is missing" },
        { "{\"month\": \"2023-08\", \"month\": \"2023-09\"}", "duplicate object key near '\"month\"'" },
        { "{\"month\": \"2023-08\", \"outputs\": [], \"totals\": {\"by_district\": [], \"by_program\": {}}}}",
          "end of file expected near '}'" },
    };
    for (size_t i = 0; i < sizeof(aBad) / sizeof(aBad[0]); i++) {
        zDir = copy_base("2023-08", zRel, sizeof(zRel));
        snprintf(zMan, sizeof(zMan), "%s/manifest.json", zDir);
        write_text(zMan, aBad[i].zText);
        expect_unreadable(zDir, aBad[i].zErr);
    }
    /* a manifest that is a folder */
    zDir = copy_base("2023-08", zRel, sizeof(zRel));
    snprintf(zMan, sizeof(zMan), "%s/manifest.json", zDir);
    CU_ASSERT_EQUAL(remove(zMan), 0);
    CU_ASSERT_EQUAL(mkdir(zMan, 0755), 0);
    expect_unreadable(zDir, "manifest.json: ");
}

static const pr_test aTests[] = {
    { "untouched folder", test_untouched },
    { "one byte changed in each output", test_one_byte_changed },
    { "missing files", test_missing_files },
    { "stray files", test_stray_files },
    { "manifest totals edited", test_totals_edited },
    { "ledger content against totals and order", test_ledger_content },
    { "month and status", test_month_and_status },
    { "unreadable folder or manifest", test_unreadable },
};

int suite_verify(void)
{
    CU_pSuite pS = CU_add_suite("verify", setup, NULL);
    if (!pS) return -1;
    for (size_t i = 0; i < sizeof(aTests) / sizeof(aTests[0]); i++)
        if (!CU_add_test(pS, aTests[i].zName, aTests[i].xTest)) return -1;
    return 0;
}
