/*
 * test_trend.c - end to end: the 趋势 sheet of summary.xlsx. Runs the
 * sample months 2023-08 and 2023-09 as `make demo` does, then 2023-10 with
 * September's rosters (no returns, no adjustments) and checks its 趋势
 * sheet: each month's amount, lines and persons per programme and overall
 * against that month's manifest.json, the change of October against
 * September (amount, and per cent worked out here independently), the
 * same bytes at 1 and 2 threads; a tampered August (its ledger, then its
 * manifest's totals) is named 未通过核验 and its figures left out; without
 * --prev the sheet shows the month alone and says so. Run from the
 * repository root.
 */
#include "tests/testutil.h"
#include "tests/xlsxread.h"
#include "formats/manifest_read.h"
#include "model/types.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROSTERS_A " --policy samples/policy.csv --index samples/index.csv" \
    " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv"
#define ROSTERS_B " --disability samples/disability-certificate-only.csv --orphan samples/orphan-children.csv" \
    " --max-reject-rate 5 --no-progress"
#define AUG_ARGS " --month 2023-08" ROSTERS_A " --disability samples/disability-with-type.csv" ROSTERS_B
#define SEP_ARGS " --month 2023-09" ROSTERS_A " --disability samples/2023-09/disability-with-type.csv" ROSTERS_B \
    " --returns samples/returns-2023-08.csv --adjustments samples/adjustments-2023-09.csv"
#define OCT_ARGS " --month 2023-10" ROSTERS_A " --disability samples/2023-09/disability-with-type.csv" ROSTERS_B

static char zOut[600];     /* $TMP/trend: 2023-08, 2023-09, 2023-10 */
static int bRan;

static int setup(void)
{
    const char *zT = tu_tmpdir();
    snprintf(zOut, sizeof(zOut), "%s/trend", zT);
    int rc = tu_sh("rm -rf %s && %s run" AUG_ARGS " --out %s >/dev/null 2>&1", zOut, tu_bin(), zOut);
    if (!rc) rc = tu_sh("%s run" SEP_ARGS " --prev %s/2023-08 --out %s >/dev/null 2>&1", tu_bin(), zOut, zOut);
    if (!rc) rc = tu_sh("%s run" OCT_ARGS " --prev %s/2023-09 --out %s --threads 1 >/dev/null 2>&1", tu_bin(), zOut, zOut);
    if (rc) { fprintf(stderr, "the trend months did not run\n"); return 0; }
    bRan = 1;
    return 0;
}

/* The 趋势 sheet of DIR/YYYY-MM/summary.xlsx, its book in *ppBook. */
static const xr_sheet *trend_sheet(const char *zDir, const char *zMonth, xr_book **ppBook)
{
    char zPath[800], zErr[200];
    snprintf(zPath, sizeof(zPath), "%s/%s/summary.xlsx", zDir, zMonth);
    *ppBook = xr_open(zPath, zErr, sizeof(zErr));
    if (!*ppBook) { fprintf(stderr, "%s: %s\n", zPath, zErr); return NULL; }
    return xr_sheet_get(*ppBook, "趋势", zErr, sizeof(zErr));
}

/* The cell at column iCol (0-based) of row iRow (1-based), or NULL. */
static const xr_cell *cell(const xr_sheet *s, int iCol, int iRow)
{
    char zRef[16];
    snprintf(zRef, sizeof(zRef), "%c%d", 'A' + iCol, iRow);
    return xr_cell_at(s, zRef);
}

static const char *text(const xr_sheet *s, int iCol, int iRow)
{
    const xr_cell *c = cell(s, iCol, iRow);
    return c ? c->zText : "";
}

/* The first row from iFrom (1-based) whose column A is zText, or -1. */
static int find_row(const xr_sheet *s, const char *zText, int iFrom)
{
    for (int r = iFrom; r < 400; r++)
        if (strcmp(text(s, 0, r), zText) == 0) return r;
    return -1;
}

/* The number in a cell (a blank or missing cell is NAN). */
static double num(const xr_sheet *s, int iCol, int iRow)
{
    const xr_cell *c = cell(s, iCol, iRow);
    return c && c->eType == XR_NUMBER ? c->rValue : NAN;
}

/* Reads DIR/YYYY-MM/manifest.json into *m. */
static int manifest_of(const char *zDir, const char *zMonth, pr_manifest *m)
{
    char zPath[800];
    pr_err e;
    pr_err_init(&e);
    snprintf(zPath, sizeof(zPath), "%s/%s/manifest.json", zDir, zMonth);
    return pr_manifest_read(zPath, m, &e) == PR_OK ? 0 : -1;
}

/* Row iRow (1-based) of block k (0 amount, 1 lines, 2 persons) shows the
 * totals of manifest m. */
static void check_row(const xr_sheet *s, int iRow, int k, const pr_manifest *m)
{
    for (int g = 0; g <= PROG_COUNT; g++) {
        const pr_mtotal *t = g < PROG_COUNT ? &m->aProg[g] : &m->all;
        double rWant = k == 0 ? (double)t->nFen / 100.0 : k == 1 ? (double)t->nLines : (double)t->nPersons;
        double rGot = num(s, g + 2, iRow);
        CU_ASSERT_DOUBLE_EQUAL(rGot, rWant, 0.001);
        if (fabs(rGot - rWant) > 0.001) fprintf(stderr, "row %d block %d programme %d: %.2f, want %.2f\n", iRow, k, g, rGot, rWant);
    }
}

/* the three months' figures, each from its manifest, in the three blocks */
static void test_figures(void)
{
    CU_ASSERT_FATAL(bRan);
    xr_book *b;
    const xr_sheet *s = trend_sheet(zOut, "2023-10", &b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(text(s, 0, 1), "2023-08 至 2023-10 各项目发放趋势");
    static const char *const azMonth[] = { "2023-08", "2023-09", "2023-10" };
    static const char *const azState[] = { "通过", "通过", "本月" };
    static const char *const azBlock[] = { "各项目发放金额（元）", "各项目发放笔数", "各项目发放人数" };
    for (int k = 0; k < 3; k++) {
        int iTitle = find_row(s, azBlock[k], 1);
        CU_ASSERT_FATAL(iTitle > 0);
        CU_ASSERT_STRING_EQUAL(text(s, 0, iTitle + 1), "月份");
        CU_ASSERT_STRING_EQUAL(text(s, 2, iTitle + 1), "最低生活保障");
        CU_ASSERT_STRING_EQUAL(text(s, PROG_COUNT + 2, iTitle + 1), "合计");
        for (int i = 0; i < 3; i++) {
            int iRow = iTitle + 2 + i;
            CU_ASSERT_STRING_EQUAL(text(s, 0, iRow), azMonth[i]);
            CU_ASSERT_STRING_EQUAL(text(s, 1, iRow), azState[i]);
            pr_manifest m;
            CU_ASSERT_EQUAL_FATAL(manifest_of(zOut, azMonth[i], &m), 0);
            check_row(s, iRow, k, &m);
            pr_manifest_clear(&m);
        }
        CU_ASSERT_STRING_EQUAL(text(s, 0, iTitle + 5), "");   /* nothing after this month */
    }
    /* samples/EXPECTED.md: September paid 1355 lines, 682837.90 yuan */
    int iAmt = find_row(s, "各项目发放金额（元）", 1) + 3;
    CU_ASSERT_DOUBLE_EQUAL(num(s, PROG_COUNT + 2, iAmt), 682837.90, 0.001);
    CU_ASSERT_DOUBLE_EQUAL(num(s, PROG_COUNT + 2, find_row(s, "各项目发放笔数", 1) + 3), 1355, 0.001);
    /* 各月核验情况: each month's result and what was found */
    int iCheck = find_row(s, "各月核验情况", 1);
    CU_ASSERT_FATAL(iCheck > 0);
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_STRING_EQUAL(text(s, 0, iCheck + 2 + i), azMonth[i]);
        CU_ASSERT_STRING_EQUAL(text(s, 1, iCheck + 2 + i), azState[i]);
    }
    CU_ASSERT_STRING_EQUAL(text(s, 2, iCheck + 3), "manifest.json 与 ledger.csv.gz 核验一致");
    CU_ASSERT_STRING_EQUAL(text(s, 2, iCheck + 4), "本次计算结果");
    /* the chart: a line chart over the amount block */
    char zPath[800];
    snprintf(zPath, sizeof(zPath), "%s/2023-10/summary.xlsx", zOut);
    int nCharts = xr_count(zPath, "xl/charts/chart");
    CU_ASSERT_EQUAL(nCharts, 2);   /* 图表 and 趋势 */
    char *zChart = xr_part(zPath, "xl/charts/chart2.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zChart);
    CU_ASSERT_PTR_NOT_NULL(strstr(zChart, "<c:lineChart>"));
    CU_ASSERT_EQUAL(xr_occurrences(zChart, "<c:ser>"), PROG_COUNT);
    char zRange[80];
    snprintf(zRange, sizeof(zRange), "'趋势'!$A$%d:$A$%d", iAmt - 1, iAmt + 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(zChart, zRange));
    free(zChart);
    xr_close(b);
}

/* October against September, per programme and overall: the amounts, the
 * difference, and the per cent (worked out here in floating point and
 * rounded to 0.01 %; the sample's amounts are small enough to be exact) */
static void test_change(void)
{
    CU_ASSERT_FATAL(bRan);
    xr_book *b;
    const xr_sheet *s = trend_sheet(zOut, "2023-10", &b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    int iTitle = find_row(s, "本月与上月相比（2023-10 与 2023-09）", 1);
    CU_ASSERT_FATAL(iTitle > 0);
    CU_ASSERT_STRING_EQUAL(text(s, 4, iTitle + 1), "增减比例");
    pr_manifest sep, oct;
    CU_ASSERT_EQUAL_FATAL(manifest_of(zOut, "2023-09", &sep), 0);
    CU_ASSERT_EQUAL_FATAL(manifest_of(zOut, "2023-10", &oct), 0);
    int nChanged = 0;
    for (int g = 0; g <= PROG_COUNT; g++) {
        int iRow = iTitle + 2 + g;
        const pr_mtotal *o = g < PROG_COUNT ? &sep.aProg[g] : &sep.all, *n = g < PROG_COUNT ? &oct.aProg[g] : &oct.all;
        CU_ASSERT_STRING_EQUAL(text(s, 0, iRow), g < PROG_COUNT ? pr_prog_name_zh((pr_prog)g) : "合计");
        CU_ASSERT_DOUBLE_EQUAL(num(s, 1, iRow), (double)o->nFen / 100.0, 0.001);
        CU_ASSERT_DOUBLE_EQUAL(num(s, 2, iRow), (double)n->nFen / 100.0, 0.001);
        CU_ASSERT_DOUBLE_EQUAL(num(s, 3, iRow), (double)(n->nFen - o->nFen) / 100.0, 0.001);
        CU_ASSERT_DOUBLE_EQUAL(num(s, 7, iRow), (double)(n->nLines - o->nLines), 0.001);
        CU_ASSERT_DOUBLE_EQUAL(num(s, 10, iRow), (double)(n->nPersons - o->nPersons), 0.001);
        if (o->nFen > 0) {
            double rBp = round((double)(n->nFen - o->nFen) * 10000.0 / (double)o->nFen);
            CU_ASSERT_DOUBLE_EQUAL(num(s, 4, iRow) * 10000.0, rBp, 0.0001);
        } else {
            CU_ASSERT_STRING_EQUAL(text(s, 4, iRow), "—");
        }
        nChanged += n->nFen != o->nFen;
    }
    /* the sample: September's temporary assistance (2000.00) is not repeated
     * in October: -100.00 % */
    CU_ASSERT_DOUBLE_EQUAL(num(s, 3, iTitle + 2 + PROG_TEMP), -2000.00, 0.001);
    CU_ASSERT_DOUBLE_EQUAL(num(s, 4, iTitle + 2 + PROG_TEMP), -1.0, 0.0000001);
    CU_ASSERT(nChanged >= 2);
    pr_manifest_clear(&sep);
    pr_manifest_clear(&oct);
    xr_close(b);
}

/* the same month at 1 and 2 threads: the same summary.xlsx, byte for byte */
static void test_threads(void)
{
    CU_ASSERT_FATAL(bRan);
    char zOne[800];
    snprintf(zOne, sizeof(zOne), "%s/summary-1.xlsx", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(tu_sh("cp %s/2023-10/summary.xlsx %s", zOut, zOne), 0);
    CU_ASSERT_EQUAL_FATAL(tu_sh("%s run" OCT_ARGS " --prev %s/2023-09 --out %s --threads 2 --force >/dev/null 2>&1", tu_bin(),
                                zOut, zOut), 0);
    CU_ASSERT_EQUAL(tu_sh("cmp -s %s %s/2023-10/summary.xlsx", zOne, zOut), 0);
}

/* A copy of the three months with August changed by zTamper (a shell
 * command run in the copy's 2023-08), and October run again on it: the
 * 趋势 sheet names August 未通过核验 with zWhy in its note, and shows none
 * of its figures; September still passes. */
static void check_tampered(const char *zTag, const char *zTamper, const char *zWhy)
{
    char zCopy[700];
    snprintf(zCopy, sizeof(zCopy), "%s/%s", tu_tmpdir(), zTag);
    CU_ASSERT_EQUAL_FATAL(tu_sh("rm -rf %s && cp -a %s %s && cd %s/2023-08 && %s", zCopy, zOut, zCopy, zCopy, zTamper), 0);
    CU_ASSERT_EQUAL_FATAL(tu_sh("%s run" OCT_ARGS " --prev %s/2023-09 --out %s --force >/dev/null 2>&1", tu_bin(), zCopy,
                                zCopy), 0);
    /* payrun verify agrees that August was changed */
    CU_ASSERT_EQUAL(tu_sh("%s verify %s/2023-08 >/dev/null 2>&1", tu_bin(), zCopy), 3);
    xr_book *b;
    const xr_sheet *s = trend_sheet(zCopy, "2023-10", &b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    static const char *const azBlock[] = { "各项目发放金额（元）", "各项目发放笔数", "各项目发放人数" };
    for (int k = 0; k < 3; k++) {
        int iAug = find_row(s, azBlock[k], 1) + 2;
        CU_ASSERT_STRING_EQUAL(text(s, 0, iAug), "2023-08");
        CU_ASSERT_STRING_EQUAL(text(s, 1, iAug), "未通过核验");
        for (int g = 0; g <= PROG_COUNT; g++) CU_ASSERT(isnan(num(s, g + 2, iAug)));
        CU_ASSERT_STRING_EQUAL(text(s, 1, iAug + 1), "通过");
        CU_ASSERT_FALSE(isnan(num(s, PROG_COUNT + 2, iAug + 1)));
    }
    int iCheck = find_row(s, "各月核验情况", 1) + 2;
    CU_ASSERT_STRING_EQUAL(text(s, 0, iCheck), "2023-08");
    CU_ASSERT_STRING_EQUAL(text(s, 1, iCheck), "未通过核验");
    const char *zNote = text(s, 2, iCheck);
    CU_ASSERT_PTR_NOT_NULL(strstr(zNote, zWhy));
    if (!strstr(zNote, zWhy)) fprintf(stderr, "note: %s\n", zNote);
    /* the change against September is still there */
    CU_ASSERT(find_row(s, "本月与上月相比（2023-10 与 2023-09）", 1) > 0);
    xr_close(b);
}

static void test_tampered_ledger(void)
{
    CU_ASSERT_FATAL(bRan);
    /* one byte more on the ledger: its size and SHA-256 differ */
    check_tampered("tamper-ledger", "printf x >> ledger.csv.gz", "ledger.csv.gz 的大小");
    /* the same size, one byte changed */
    check_tampered("tamper-byte", "printf Z | dd of=ledger.csv.gz bs=1 seek=100 conv=notrunc 2>/dev/null",
                   "ledger.csv.gz 的 SHA-256");
}

static void test_tampered_manifest(void)
{
    CU_ASSERT_FATAL(bRan);
    /* the overall amount raised by 1 fen: it no longer adds up */
    check_tampered("tamper-manifest",
                   "python3 -c \"import json;m=json.load(open('manifest.json'));m['totals']['fen']+=1;"
                   "open('manifest.json','w').write(json.dumps(m))\"",
                   "合计与其分区县、分项目数相加不符");
}

/* a month folder of the window that holds another month */
static void test_wrong_month(void)
{
    CU_ASSERT_FATAL(bRan);
    check_tampered("tamper-month", "sed -i 's/\"month\": \"2023-08\"/\"month\": \"2023-07\"/' manifest.json",
                   "记载的月份为 2023-07");
}

/* a month inside the window without a folder: 无数据, and no change */
static void test_missing_month(void)
{
    CU_ASSERT_FATAL(bRan);
    char zCopy[700];
    snprintf(zCopy, sizeof(zCopy), "%s/trend-gap", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(tu_sh("rm -rf %s && mkdir %s && cp -a %s/2023-08 %s/", zCopy, zCopy, zOut, zCopy), 0);
    CU_ASSERT_EQUAL_FATAL(tu_sh("%s run" OCT_ARGS " --prev %s/2023-08 --out %s >/dev/null 2>&1", tu_bin(), zCopy, zCopy), 0);
    xr_book *b;
    const xr_sheet *s = trend_sheet(zCopy, "2023-10", &b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    int iCheck = find_row(s, "各月核验情况", 1) + 2;
    CU_ASSERT_STRING_EQUAL(text(s, 1, iCheck), "通过");
    CU_ASSERT_STRING_EQUAL(text(s, 0, iCheck + 1), "2023-09");
    CU_ASSERT_STRING_EQUAL(text(s, 1, iCheck + 1), "无数据");
    CU_ASSERT_STRING_EQUAL(text(s, 1, iCheck + 2), "本月");
    int iAmt = find_row(s, "各项目发放金额（元）", 1) + 3;
    CU_ASSERT_STRING_EQUAL(text(s, 0, iAmt), "2023-09");
    CU_ASSERT(isnan(num(s, PROG_COUNT + 2, iAmt)));
    CU_ASSERT(find_row(s, "没有上月（2023-09）的发放文件夹，无法比较。", 1) > 0);
    xr_close(b);
}

/* signed months: the signature is checked; a manifest.json whose bytes
 * changed (its figures untouched, so that only the signature can tell) is
 * 未通过核验 */
static void test_signed(void)
{
    CU_ASSERT_FATAL(bRan);
    char zDir[700];
    snprintf(zDir, sizeof(zDir), "%s/trend-signed", tu_tmpdir());
    const char *zB = tu_bin();
    int rc = tu_sh("rm -rf %s && mkdir -p %s/key && %s keygen --out %s/key >/dev/null 2>&1", zDir, zDir, zB, zDir);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    rc = tu_sh("%s run" AUG_ARGS " --sign-key %s/key/payrun-sign.key --out %s/m >/dev/null 2>&1", zB, zDir, zDir);
    if (!rc) rc = tu_sh("%s run" SEP_ARGS " --sign-key %s/key/payrun-sign.key --prev %s/m/2023-08 --out %s/m >/dev/null 2>&1", zB,
                        zDir, zDir, zDir);
    if (!rc) rc = tu_sh("%s run" OCT_ARGS " --sign-key %s/key/payrun-sign.key --prev %s/m/2023-09 --out %s/m >/dev/null 2>&1", zB,
                        zDir, zDir, zDir);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    xr_book *b;
    const xr_sheet *s = trend_sheet(zDir, "m/2023-10", &b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    int iCheck = find_row(s, "各月核验情况", 1) + 2;
    CU_ASSERT_STRING_EQUAL(text(s, 2, iCheck), "manifest.json 与 ledger.csv.gz 核验一致；签名有效");
    xr_close(b);
    /* the same JSON written with other spacing: the sums and the ledger
     * still hold, the signature does not */
    rc = tu_sh("cd %s/m/2023-08 && python3 -c \"import json;m=json.load(open('manifest.json'));"
               "open('manifest.json','w').write(json.dumps(m, indent=1))\"", zDir);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    rc = tu_sh("%s run" OCT_ARGS " --sign-key %s/key/payrun-sign.key --prev %s/m/2023-09 --out %s/m --force >/dev/null 2>&1", zB,
               zDir, zDir, zDir);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    s = trend_sheet(zDir, "m/2023-10", &b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(text(s, 1, iCheck), "未通过核验");
    CU_ASSERT_PTR_NOT_NULL(strstr(text(s, 2, iCheck), "manifest.sig 的签名与 manifest.json 不符"));
    CU_ASSERT_STRING_EQUAL(text(s, 1, iCheck + 1), "通过");
    xr_close(b);
}

/* without --prev: this month alone, and the sheet says so */
static void test_no_prev(void)
{
    CU_ASSERT_FATAL(bRan);
    xr_book *b;
    const xr_sheet *s = trend_sheet(zOut, "2023-08", &b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(text(s, 0, 1), "2023-08 各项目发放情况（无历史月份）");
    CU_ASSERT_PTR_NOT_NULL(strstr(text(s, 0, 2), "未指定上月发放文件夹（--prev）"));
    int iTitle = find_row(s, "各项目发放金额（元）", 1);
    CU_ASSERT_FATAL(iTitle > 0);
    CU_ASSERT_STRING_EQUAL(text(s, 0, iTitle + 2), "2023-08");
    CU_ASSERT_STRING_EQUAL(text(s, 1, iTitle + 2), "本月");
    CU_ASSERT_STRING_EQUAL(text(s, 0, iTitle + 3), "");
    pr_manifest m;
    CU_ASSERT_EQUAL_FATAL(manifest_of(zOut, "2023-08", &m), 0);
    check_row(s, iTitle + 2, 0, &m);
    pr_manifest_clear(&m);
    CU_ASSERT(find_row(s, "未指定 --prev，无上月数据可比。", 1) > 0);
    xr_close(b);
}

static const pr_test aTests[] = {
    { "three months: each month's figures from its manifest", test_figures },
    { "October against September, amount and per cent", test_change },
    { "1 and 2 threads: the same summary.xlsx", test_threads },
    { "a tampered ledger: 未通过核验, figures not used", test_tampered_ledger },
    { "a manifest whose totals do not add up: 未通过核验", test_tampered_manifest },
    { "a folder holding another month: 未通过核验", test_wrong_month },
    { "a month of the window without a folder: 无数据", test_missing_month },
    { "signed months: a changed manifest fails its signature", test_signed },
    { "no --prev: this month alone", test_no_prev },
};

int suite_trend(void)
{
    CU_pSuite pS = CU_add_suite("trend", setup, NULL);
    if (!pS) return -1;
    for (size_t i = 0; i < sizeof(aTests) / sizeof(aTests[0]); i++)
        if (!CU_add_test(pS, aTests[i].zName, aTests[i].xTest)) return -1;
    return 0;
}
