/*
 * test_diff.c - `payrun diff` (engine/run/diff.c) end to end: the sample
 * month run twice, with samples/policy.csv and with a corrected policy that
 * raises 通州区's (320612) dibao.standard and lowers 崇川区's (320613) from
 * 2023-08, so that every kind of row appears (补差, 补发, 追回 for a lower
 * amount and for a beneficiary no longer paid); the rows are checked against
 * what the two ledgers, read by the other ledger loader
 * (pr_prevledger_load), say they must be. Then equal folders and every
 * refusal with its exit status and message. Runs bin/payrun (or
 * $PAYRUN_BIN) from the repository root.
 *
 * No fuzz target: diff reads only payrun's own outputs, each checked against
 * its manifest's SHA-256 before it is read (tests/fuzz/README.md).
 */
#include "run/diff.h"
#include "formats/prevledger.h"
#include "model/changes.h"
#include "model/types.h"
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROSTERS " --index samples/index.csv" \
    " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv" \
    " --disability samples/disability-with-type.csv --disability samples/disability-certificate-only.csv" \
    " --orphan samples/orphan-children.csv --max-reject-rate 5 --no-progress"

#define HEADER "类型,项目,对象编号,所属期,金额,文号,审批人,事由,姓名,区划代码,城乡类别,开户银行,银行账号,收款人\n"
#define DOC "通民发〔2023〕12号"

/* The suite's own folder, T/diff, where every name below is. */
static const char *dt(void)
{
    static char z[600];
    if (!z[0]) {
        snprintf(z, sizeof(z), "%s/diff", tu_tmpdir());
        mkdir(z, 0700);
    }
    return z;
}

/* The months the tests compare, made once in T (the suite's folder):
 * T/dp/2023-08 (paid), T/dr/2023-08 (the re-run with the corrected policy),
 * T/ds/2023-09 (another month), T/dc/2023-08 (a copy of the paid month),
 * T/dn/2023-08 (a month that must not be paid: no ledger). */
static int months(void)
{
    static int rc = -1;
    if (rc != -1) return rc;
    const char *zT = dt();
    rc = tu_sh("cp samples/policy.csv %s/diff-policy.csv && printf '%s\\n%s\\n' >> %s/diff-policy.csv", zT,
               "dibao.standard,320612,*,2023-08,900,retroactive raise (test)",
               "dibao.standard,320613,*,2023-08,700,correction (test)", zT)
      || tu_sh("%s run --month 2023-08 --policy samples/policy.csv" ROSTERS " --out %s/dp 2>/dev/null", tu_bin(), zT)
      || tu_sh("%s run --month 2023-08 --policy %s/diff-policy.csv" ROSTERS " --out %s/dr 2>/dev/null", tu_bin(), zT, zT)
      || tu_sh("%s run --month 2023-09 --policy samples/policy.csv" ROSTERS " --out %s/ds 2>/dev/null", tu_bin(), zT)
      || tu_sh("mkdir -p %s/dc && cp -a %s/dp/2023-08 %s/dc/", zT, zT, zT)
      || tu_sh("%s run --month 2023-08 --policy samples/policy.csv" ROSTERS " --max-reject-rate 0 --out %s/dn 2>/dev/null; "
               "test $? -eq 3", tu_bin(), zT);
    if (rc) fprintf(stderr, "test_diff: the sample months could not be made\n");
    return rc;
}

/* Runs `payrun diff ARGS` in T (the messages then name T's entries
 * relatively), stderr into T/diff.err; its exit status. */
static int diff(const char *zArgs)
{
    static char zBin[4096];
    if (!zBin[0]) {
        char zCwd[2048];
        if (tu_bin()[0] == '/' || !getcwd(zCwd, sizeof(zCwd))) snprintf(zBin, sizeof(zBin), "%s", tu_bin());
        else snprintf(zBin, sizeof(zBin), "%s/%s", zCwd, tu_bin());
    }
    return tu_sh("cd %s && %s diff %s 2>diff.err", dt(), zBin, zArgs);
}

/* Whether T/diff.err holds z. */
static int said(const char *z)
{
    char zPath[700];
    snprintf(zPath, sizeof(zPath), "%s/diff.err", dt());
    char *zErr = tu_read(zPath);
    int b = zErr && strstr(zErr, z) != NULL;
    if (!b) fprintf(stderr, "\ntest_diff: stderr lacks \"%s\": %s", z, zErr ? zErr : "(none)\n");
    free(zErr);
    return b;
}

static int exists(const char *zName)
{
    char z[1024];
    struct stat st;
    snprintf(z, sizeof(z), "%s/%s", dt(), zName);
    return lstat(z, &st) == 0;
}

static const char *yuan(long long n, char *z)
{
    snprintf(z, 32, "%lld.%02lld", n / 100, n % 100);
    return z;
}

/* The ledger of T/zSub/2023-08 through the other loader. */
static void load(const char *zSub, pr_prev_ledger *L)
{
    char z[1024];
    pr_err e;
    pr_err_init(&e);
    snprintf(z, sizeof(z), "%s/%s/2023-08/ledger.csv.gz", dt(), zSub);
    pr_prev_ledger_init(L);
    CU_ASSERT_EQUAL(pr_prevledger_load(z, L, &e), PR_OK);
}

/* The expected file, worked out from the two ledgers: rows in (programme,
 * beneficiary_id) order, kinds, amounts, reasons, and the name and district
 * of the side the payee fields come from. anRows/anFen per kind. */
static char *expected(long long anRows[3], long long anFen[3])
{
    pr_prev_ledger P, R;
    load("dp", &P);
    load("dr", &R);
    size_t nCap = (size_t)(P.n + R.n + 1) * 400, n = 0;
    char *z = malloc(nCap);
    if (!z) return NULL;
    n += (size_t)snprintf(z, nCap, HEADER);
    int i = 0, j = 0;
    while (i < P.n || j < R.n) {
        /* pr_prev_ledger is sorted by programme, then beneficiary_id (strcmp) */
        int c = i >= P.n ? 1 : j >= R.n ? -1
              : P.a[i].eProg != R.a[j].eProg ? (P.a[i].eProg < R.a[j].eProg ? -1 : 1) : strcmp(P.a[i].zBen, R.a[j].zBen);
        const pr_prev_line *p = c <= 0 ? &P.a[i++] : NULL, *r = c >= 0 ? &R.a[j++] : NULL;
        long long nOld = p ? p->nAmount : 0, nNew = r ? r->nAmount : 0;
        if (nOld == nNew) continue;
        int k = !p ? 1 : nNew > nOld ? 0 : 2;
        static const char *const azKind[] = { "补差", "补发", "追回" };
        const pr_prev_line *s = k == 2 ? p : r;
        long long nFen = nNew > nOld ? nNew - nOld : nOld - nNew;
        char a[3][32];
        anRows[k]++;
        anFen[k] += nFen;
        /* up to the area; the area and the bank fields are checked apart */
        n += (size_t)snprintf(z + n, nCap - n, "%s,%s,%s,2023-08,%s," DOC ",,重算 %s → %s,%s,%06d,\n", azKind[k],
                              pr_prog_code((pr_prog)s->eProg), s->zBen, yuan(nFen, a[0]), yuan(nOld, a[1]),
                              yuan(nNew, a[2]), s->zName, (int)s->iDistrict);
    }
    pr_prev_ledger_clear(&P);
    pr_prev_ledger_clear(&R);
    return z;
}

/* Every row as the ledgers say; the header; the order; each kind. */
static void test_rows(void)
{
    CU_ASSERT_EQUAL_FATAL(months(), 0);
    CU_ASSERT_EQUAL_FATAL(diff("dp/2023-08 dr/2023-08 --reference '" DOC "' --out d1.csv"), 0);
    char zPath[1024];
    snprintf(zPath, sizeof(zPath), "%s/d1.csv", dt());
    char *zGot = tu_read(zPath);
    long long anRows[3] = { 0 }, anFen[3] = { 0 };
    char *zWant = expected(anRows, anFen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zGot);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zWant);
    /* UTF-8 without BOM, LF only, the header of the adjustments file */
    CU_ASSERT_EQUAL(strncmp(zGot, HEADER, strlen(HEADER)), 0);
    CU_ASSERT_PTR_NULL(strchr(zGot, '\r'));
    CU_ASSERT_EQUAL(zGot[strlen(zGot) - 1], '\n');
    /* every kind is there, the recoveries of both sorts too */
    CU_ASSERT_TRUE(anRows[0] > 0 && anRows[1] > 0 && anRows[2] > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(zGot, "\n追回,DIBAO,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zGot, " → 0.00,"));       /* only in the paid month */
    CU_ASSERT_PTR_NOT_NULL(strstr(zGot, ",重算 0.00 → "));   /* only in the re-run */
    /* row by row: the same rows in the same order, up to the area; then the
     * area, bank, account, payee (4 more fields, no quoting in the samples) */
    CU_ASSERT_PTR_NULL(strchr(zGot, '"'));
    const char *g = zGot, *w = zWant;
    int nRow = 0, bSame = 1;
    while (*w && *g) {
        const char *we = strchr(w, '\n'), *ge = strchr(g, '\n');
        if (!we || !ge) { bSame = 0; break; }
        size_t nW = (size_t)(we - w);
        if (nRow == 0) {
            bSame &= ge - g == we - w && memcmp(g, w, nW) == 0;
        } else {
            /* the expected row ends with "<district>,"; the rest is area and 3 fields */
            bSame &= (size_t)(ge - g) > nW && memcmp(g, w, nW) == 0;
            const char *zRest = g + nW;
            int bArea = strncmp(zRest, "城市,", 7) == 0 || strncmp(zRest, "农村,", 7) == 0;
            int nComma = 0;
            for (const char *q = zRest; q < ge; q++) nComma += *q == ',';
            bSame &= bArea && nComma == 3;
            if (!bSame) { fprintf(stderr, "row %d: got %.*s\n   want %.*s...\n", nRow, (int)(ge - g), g, (int)nW, w); break; }
        }
        g = ge + 1;
        w = we + 1;
        nRow++;
    }
    CU_ASSERT_TRUE(bSame);
    CU_ASSERT_TRUE(*g == 0 && *w == 0);
    CU_ASSERT_EQUAL(nRow, 1 + anRows[0] + anRows[1] + anRows[2]);
    /* hand-checked: DB320612-0010 (3 persons, income 980, 30 % supplement)
     * 820*3-980+246 = 1726 paid; 900*3-980+270 = 1990 due: 补差 264.00 */
    CU_ASSERT_PTR_NOT_NULL(strstr(zGot, "\n补差,DIBAO,DB320612-0010,2023-08,264.00," DOC ",,重算 1726.00 → 1990.00,"
                                        "钱德兴,320612,农村,中国农业银行,6228485735261302273,钱德兴\n"));
    /* the order: DIBAO rows first, PRICE rows last */
    CU_ASSERT_EQUAL(strncmp(zGot + strlen(HEADER) + strlen("补发,"), "DIBAO,", 6), 0);
    const char *zLast = zGot + strlen(zGot) - 1;
    while (zLast > zGot && zLast[-1] != '\n') zLast--;
    CU_ASSERT_PTR_NOT_NULL(strstr(zLast, ",PRICE,"));
    /* the summary line: rows and yuan per kind */
    char zSum[200], a[3][32];
    snprintf(zSum, sizeof(zSum), "补差 %lld rows %s yuan, 补发 %lld rows %s yuan, 追回 %lld rows %s yuan", anRows[0],
             yuan(anFen[0], a[0]), anRows[1], yuan(anFen[1], a[1]), anRows[2], yuan(anFen[2], a[2]));
    CU_ASSERT_TRUE(said(zSum));
    /* 0640 at most, no temporary file left */
    struct stat st;
    CU_ASSERT_EQUAL(stat(zPath, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 0137, 0);
    CU_ASSERT_EQUAL(tu_sh("ls -a %s | grep -q 'd1.csv.tmp'", dt()), 1);
    /* the function itself: the same counts and totals, the same bytes */
    char zP[600], zR[600], zOut[600];
    snprintf(zP, sizeof(zP), "%s/dp/2023-08", dt());
    snprintf(zR, sizeof(zR), "%s/dr/2023-08", dt());
    snprintf(zOut, sizeof(zOut), "%s/d1-api.csv", dt());
    pr_diff_opts o = { zP, zR, DOC, zOut, 0 };
    pr_diff_result res;
    pr_err e;
    pr_err_init(&e);
    CU_ASSERT_EQUAL(pr_diff_months(&o, &res, &e), PR_OK);
    CU_ASSERT_STRING_EQUAL(res.zMonth, "2023-08");
    for (int k = 0; k < 3; k++) {
        CU_ASSERT_EQUAL(res.anRows[k], anRows[k]);
        CU_ASSERT_EQUAL(res.anFen[k], anFen[k]);
    }
    CU_ASSERT_EQUAL(tu_sh("cmp -s %s %s/d1.csv", zOut, dt()), 0);
    /* the sums agree with the two months' totals: 补差 + 补发 - 追回 = re-run - paid */
    pr_prev_ledger P, R;
    load("dp", &P);
    load("dr", &R);
    long long nP = 0, nR = 0;
    for (int i = 0; i < P.n; i++) nP += P.a[i].nAmount;
    for (int i = 0; i < R.n; i++) nR += R.a[i].nAmount;
    CU_ASSERT_EQUAL(anFen[0] + anFen[1] - anFen[2], nR - nP);
    pr_prev_ledger_clear(&P);
    pr_prev_ledger_clear(&R);
    free(zGot);
    free(zWant);
}

/* Two folders with the same lines: the header alone, exit 0, and it says so. */
static void test_equal(void)
{
    CU_ASSERT_EQUAL_FATAL(months(), 0);
    CU_ASSERT_EQUAL(diff("dp/2023-08 dc/2023-08 --reference '" DOC "' --out d-eq.csv"), 0);
    CU_ASSERT_TRUE(said("the REGULAR lines of both folders are the same; d-eq.csv has only the header"));
    char zPath[1024];
    snprintf(zPath, sizeof(zPath), "%s/d-eq.csv", dt());
    char *z = tu_read(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_STRING_EQUAL(z, HEADER);
    free(z);
}

/* Usage errors exit 1 and write nothing. */
static void test_usage(void)
{
    CU_ASSERT_EQUAL_FATAL(months(), 0);
    CU_ASSERT_EQUAL(diff("dp/2023-08 dr/2023-08 --out u.csv"), 1);
    CU_ASSERT_TRUE(said("--reference DOC is required"));
    CU_ASSERT_EQUAL(diff("dp/2023-08 dr/2023-08 --reference X"), 1);
    CU_ASSERT_TRUE(said("--out FILE is required"));
    CU_ASSERT_EQUAL(diff("dp/2023-08 --reference X --out u.csv"), 1);
    CU_ASSERT_TRUE(said("give two month folders"));
    CU_ASSERT_EQUAL(diff("dp/2023-08 dr/2023-08 dc/2023-08 --reference X --out u.csv"), 1);
    CU_ASSERT_TRUE(said("give two month folders"));
    CU_ASSERT_EQUAL(diff("dp/2023-08 dr/2023-08 --reference '  ' --out u.csv"), 1);
    CU_ASSERT_TRUE(said("--reference must be a line of text"));
    CU_ASSERT_EQUAL(diff("dp/2023-08 dr/2023-08 --reference X --out u.csv --frob"), 1);
    CU_ASSERT_TRUE(said("unknown or incomplete option '--frob'"));
    CU_ASSERT_FALSE(exists("u.csv"));
    CU_ASSERT_EQUAL(diff("--help >/dev/null"), 0);
}

/* An --out that exists is refused, and left as it was, unless --force. */
static void test_out_exists(void)
{
    CU_ASSERT_EQUAL_FATAL(months(), 0);
    CU_ASSERT_EQUAL_FATAL(tu_sh("echo keep > %s/d-old.csv", dt()), 0);
    CU_ASSERT_EQUAL(diff("dp/2023-08 dr/2023-08 --reference X --out d-old.csv"), 2);
    CU_ASSERT_TRUE(said("d-old.csv: already exists; diff does not replace it (--force to replace it)"));
    CU_ASSERT_EQUAL(tu_sh("grep -qx keep %s/d-old.csv", dt()), 0);
    CU_ASSERT_EQUAL(diff("dp/2023-08 dr/2023-08 --reference X --out d-old.csv --force"), 0);
    CU_ASSERT_EQUAL(tu_sh("head -1 %s/d-old.csv | grep -q '^类型,项目,'", dt()), 0);
    /* a folder is never a file to write, --force or not */
    CU_ASSERT_EQUAL(diff("dp/2023-08 dr/2023-08 --reference X --out dc --force"), 2);
    CU_ASSERT_TRUE(said("dc: is a folder"));
    /* nor a file inside one of the month folders (verify would then fail) */
    CU_ASSERT_EQUAL(diff("dp/2023-08 dr/2023-08 --reference X --out dr/2023-08/d.csv"), 2);
    CU_ASSERT_TRUE(said("dr/2023-08/d.csv: inside the month folder dr/2023-08"));
    CU_ASSERT_FALSE(exists("dr/2023-08/d.csv"));
    /* nor one in a folder that is not there */
    CU_ASSERT_EQUAL(diff("dp/2023-08 dr/2023-08 --reference X --out nowhere/d.csv"), 2);
    CU_ASSERT_TRUE(said("nowhere/d.csv: cannot write into the folder nowhere"));
}

/* The folders: the same one twice, two months, not a verified month. */
static void test_folders(void)
{
    CU_ASSERT_EQUAL_FATAL(months(), 0);
    const char *zT = dt();
    /* the same folder, under two names */
    CU_ASSERT_EQUAL(diff("dp/2023-08 dp/./2023-08/ --reference X --out f.csv"), 2);
    CU_ASSERT_TRUE(said("dp/2023-08 and dp/./2023-08/ are the same folder"));
    CU_ASSERT_EQUAL_FATAL(tu_sh("ln -sfn dp %s/dp-link", zT), 0);
    CU_ASSERT_EQUAL(diff("dp/2023-08 dp-link/2023-08 --reference X --out f.csv"), 2);
    CU_ASSERT_TRUE(said("are the same folder"));
    /* two different months */
    CU_ASSERT_EQUAL(diff("dp/2023-08 ds/2023-09 --reference X --out f.csv"), 2);
    CU_ASSERT_TRUE(said("dp/2023-08 is the month 2023-08 but ds/2023-09 is 2023-09: diff compares two runs of the same month"));
    /* a folder that is not there, or has no manifest */
    CU_ASSERT_EQUAL(diff("dp/2023-08 nope/2023-08 --reference X --out f.csv"), 2);
    CU_ASSERT_TRUE(said("nope/2023-08: cannot open the month folder: No such file or directory"));
    CU_ASSERT_EQUAL_FATAL(tu_sh("mkdir -p %s/dm/2023-08 && cp %s/dp/2023-08/ledger.csv.gz %s/dm/2023-08/", zT, zT, zT), 0);
    CU_ASSERT_EQUAL(diff("dp/2023-08 dm/2023-08 --reference X --out f.csv"), 2);
    CU_ASSERT_TRUE(said("dm/2023-08/manifest.json"));
    /* a month that must not be paid has no ledger */
    CU_ASSERT_EQUAL(diff("dn/2023-08 dr/2023-08 --reference X --out f.csv"), 2);
    CU_ASSERT_TRUE(said("dn/2023-08/manifest.json: the month 2023-08 is \"not_payable\", not a paid month"));
    /* a ledger changed after the run: one byte, then its length */
    CU_ASSERT_EQUAL_FATAL(tu_sh("rm -rf %s/dx && mkdir -p %s/dx && cp -a %s/dp/2023-08 %s/dx/ && "
                                "printf '\\001' | dd of=%s/dx/2023-08/ledger.csv.gz bs=1 seek=100 conv=notrunc 2>/dev/null",
                                zT, zT, zT, zT, zT), 0);
    CU_ASSERT_EQUAL(diff("dx/2023-08 dr/2023-08 --reference X --out f.csv"), 2);
    CU_ASSERT_TRUE(said("dx/2023-08/ledger.csv.gz: SHA-256 differs from manifest.json: the folder is not a verified month"));
    CU_ASSERT_EQUAL_FATAL(tu_sh("echo >> %s/dx/2023-08/ledger.csv.gz", zT), 0);
    CU_ASSERT_EQUAL(diff("dr/2023-08 dx/2023-08 --reference X --out f.csv"), 2);
    CU_ASSERT_TRUE(said("bytes, manifest.json says"));
    /* a ledger gone, and a manifest that lists none */
    CU_ASSERT_EQUAL_FATAL(tu_sh("rm %s/dx/2023-08/ledger.csv.gz", zT), 0);
    CU_ASSERT_EQUAL(diff("dx/2023-08 dr/2023-08 --reference X --out f.csv"), 2);
    CU_ASSERT_TRUE(said("dx/2023-08/ledger.csv.gz: cannot open: No such file or directory"));
    CU_ASSERT_EQUAL_FATAL(tu_sh("sed -i '/\"name\": \"ledger.csv.gz\"/d' %s/dx/2023-08/manifest.json", zT), 0);
    CU_ASSERT_EQUAL(diff("dx/2023-08 dr/2023-08 --reference X --out f.csv"), 2);
    CU_ASSERT_TRUE(said("dx/2023-08/manifest.json: lists no ledger.csv.gz"));
    /* a month folder renamed to another month */
    CU_ASSERT_EQUAL_FATAL(tu_sh("mkdir -p %s/dw && cp -a %s/dp/2023-08 %s/dw/2023-07", zT, zT, zT), 0);
    CU_ASSERT_EQUAL(diff("dw/2023-07 dr/2023-08 --reference X --out f.csv"), 2);
    CU_ASSERT_TRUE(said("dw/2023-07/manifest.json: the month is 2023-08 but the folder is 2023-07"));
    /* nothing was written by any of them */
    CU_ASSERT_FALSE(exists("f.csv"));
    CU_ASSERT_EQUAL(tu_sh("ls -a %s | grep -q 'f.csv.tmp'", zT), 1);
}

int suite_diff(void)
{
    static const pr_test aT[] = {
        { "rows from the two ledgers", test_rows },
        { "equal folders", test_equal },
        { "usage errors", test_usage },
        { "an --out that exists", test_out_exists },
        { "folders refused", test_folders },
    };
    PR_ADD_SUITE("diff", aT);
}
