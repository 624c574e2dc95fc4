/*
 * test_books.c - the workbooks: district sheets split past the row limit,
 * SUM totals with exact cached values, IDs and accounts kept as text, bank
 * rows summing a payee's lines, the reconciliation catching a difference,
 * and byte-identical files for the same inputs.
 */
#include "tests/batchutil.h"
#include "tests/testutil.h"
#include "tests/xlsxread.h"
#include "run/publish.h"
#include "model/reconcile.h"
#include "run/verify.h"
#include "formats/bank_book.h"
#include "formats/district_book.h"
#include "formats/exceptions.h"
#include "formats/ledger.h"
#include "formats/manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIBAO_HEAD "household_id,id_number,name,district,area,relation,household_income,bank,account\n"
#define TEKUN_HEAD "id_number,name,district,area,care_level,support_mode,institution,institution_bank,institution_account,bank,account\n"

/* five one-person households of 820 yuan in 崇川区, two TEKUN people in one
 * institution (urban self care: 2025 + 82 = 2107 yuan each) */
static pr_batch *small_batch(void)
{
    static char zD[4096], zT[2048];
    strcpy(zD, DIBAO_HEAD);
    for (int i = 0; i < 5; i++) {
        char zHouse[8], zBirth[9];
        snprintf(zHouse, sizeof(zHouse), "W%d", i);
        snprintf(zBirth, sizeof(zBirth), "1980010%d", i + 1);
        size_t n = strlen(zD);
        snprintf(zD + n, sizeof(zD) - n, "%s,%s,人%d,320613,urban,户主,0,江苏银行,%s\n", zHouse, tb_id(zBirth, 100 + i), i, tb_account(200 + i));
    }
    snprintf(zT, sizeof(zT), TEKUN_HEAD "%s,甲,320613,urban,self,concentrated,福利院,农商银行,%s,,\n%s,乙,320613,urban,self,concentrated,福利院,农商银行,%s,,\n",
             tb_id("19400301", 110), tb_account(300), tb_id("19400302", 111), tb_account(300));
    pr_error err;
    pr_batch *b = tb_run("2023-08", NULL, NULL, zD, zT, NULL, NULL, 2, &err);
    CU_ASSERT_EQUAL(err, PR_OK);
    return b;
}

static void test_district_book(void)
{
    pr_batch *b = small_batch();
    int d = pr_batch_district_index(b, 320613);
    CU_ASSERT_FATAL(d >= 0);
    pr_total *aTotal = calloc((size_t)b->nDistrict * PROG_COUNT, sizeof(pr_total));
    char zPath[512];
    pr_err err;
    pr_err_init(&err);
    snprintf(zPath, sizeof(zPath), "%s/district.xlsx", tu_tmpdir());
    uint32_t nSaved = pr_nSheetRows;
    pr_nSheetRows = 2;   /* 5 DIBAO lines: sheets of 2, 2 and 1 */
    CU_ASSERT_EQUAL(pr_district_book_write(b, d, zPath, tu_tmpdir(), aTotal, &err), PR_OK);
    pr_nSheetRows = nSaved;
    CU_ASSERT_EQUAL(xr_count(zPath, "xl/worksheets/sheet"), 4);
    char *zWb = xr_part(zPath, "xl/workbook.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zWb);
    CU_ASSERT_PTR_NOT_NULL(strstr(zWb, "name=\"DIBAO 最低生活保障 (3)\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(zWb, "name=\"TEKUN 特困人员供养\""));
    CU_ASSERT_EQUAL(xr_occurrences(zWb, "_xlnm.Print_Titles"), 4);   /* header repeated on every page */
    free(zWb);
    char *z1 = xr_part(zPath, "xl/worksheets/sheet1.xml"), *z3 = xr_part(zPath, "xl/worksheets/sheet3.xml");
    char *z4 = xr_part(zPath, "xl/worksheets/sheet4.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(z1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z4);
    CU_ASSERT_PTR_NOT_NULL(strstr(z1, "<f>SUM(R2:R3)</f><v>1640</v>"));     /* 820 + 820 */
    CU_ASSERT_PTR_NOT_NULL(strstr(z3, "<f>SUM(R2:R2)</f><v>820</v>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z4, "<f>SUM(R2:R3)</f><v>4214</v>"));     /* 2107 * 2 */
    CU_ASSERT_PTR_NULL(strstr(z1, "SUMIF"));   /* regular lines only: no subtotal by type */
    char zIdCell[96];
    snprintf(zIdCell, sizeof(zIdCell), "t=\"inlineStr\"><is><t>%s</t>", tb_id("19800101", 100));
    CU_ASSERT_PTR_NOT_NULL(strstr(z1, zIdCell));   /* the ID is text, not a number */
    CU_ASSERT_PTR_NOT_NULL(strstr(z1, "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z1, "第 &amp;P 页 共 &amp;N 页"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z1, "制表人："));
    CU_ASSERT_PTR_NOT_NULL(strstr(z1, "state=\"frozen\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(z1, "<autoFilter ref=\"A1:R3\"/>"));
    const pr_total *t = &aTotal[d * PROG_COUNT + PROG_DIBAO];
    CU_ASSERT_EQUAL(t->nLines, 5);
    CU_ASSERT_EQUAL(t->nFen, 410000);
    CU_ASSERT_EQUAL(aTotal[d * PROG_COUNT + PROG_TEKUN].nFen, 421400);
    free(z1);
    free(z3);
    free(z4);
    /* the same inputs give the same bytes */
    char zPath2[512];
    snprintf(zPath2, sizeof(zPath2), "%s/district2.xlsx", tu_tmpdir());
    memset(aTotal, 0, (size_t)b->nDistrict * PROG_COUNT * sizeof(pr_total));
    pr_nSheetRows = 2;
    CU_ASSERT_EQUAL(pr_district_book_write(b, d, zPath2, tu_tmpdir(), aTotal, &err), PR_OK);
    pr_nSheetRows = nSaved;
    char *a = tu_read(zPath), *c = tu_read(zPath2);
    (void)a; (void)c;
    free(a);
    free(c);
    char zCmd[1200];
    snprintf(zCmd, sizeof(zCmd), "cmp -s '%s' '%s'", zPath, zPath2);
    CU_ASSERT_EQUAL(system(zCmd), 0);
    free(aTotal);
    pr_batch_free(b);
}

/* A workbook that cannot be created is an I/O error naming the file. */
static void test_book_cannot_create(void)
{
    pr_batch *b = small_batch();
    pr_total *aTotal = calloc((size_t)b->nDistrict * PROG_COUNT, sizeof(pr_total));
    char zPath[512];
    pr_err err;
    pr_err_init(&err);
    snprintf(zPath, sizeof(zPath), "%s/no-such-folder/district.xlsx", tu_tmpdir());
    CU_ASSERT_EQUAL(pr_district_book_write(b, 0, zPath, tu_tmpdir(), aTotal, &err), PR_ERR_IO);
    CU_ASSERT_EQUAL(err.rc, PR_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "no-such-folder/district.xlsx: cannot write the workbook: "));
    CU_ASSERT_EQUAL(pr_district_book_write(b, 0, zPath, tu_tmpdir(), aTotal, NULL), PR_ERR_IO);
    free(aTotal);
    pr_batch_free(b);
}

/* The text writers: a file that cannot be created, or written (/dev/full),
 * is an I/O error naming the file, worded as before the pr_err. */
static void test_writer_errors(void)
{
    pr_batch *b = small_batch();
    char zPath[512], zWant[600];
    pr_err err;
    snprintf(zPath, sizeof(zPath), "%s/no-such-folder/out", tu_tmpdir());
    pr_err_init(&err);
    CU_ASSERT_EQUAL(pr_ledger_write(b, zPath, &err), PR_ERR_IO);
    snprintf(zWant, sizeof(zWant), "%s: cannot create", zPath);
    CU_ASSERT_STRING_EQUAL(err.zMsg, zWant);
    pr_err_init(&err);
    CU_ASSERT_EQUAL(pr_exceptions_write(b, zPath, &err), PR_ERR_IO);
    CU_ASSERT_STRING_EQUAL(err.zMsg, zWant);
    pr_err_init(&err);
    CU_ASSERT_EQUAL(pr_manifest_write(b, NULL, 0, zPath, &err), PR_ERR_IO);
    snprintf(zWant, sizeof(zWant), "%s: cannot write", zPath);
    CU_ASSERT_STRING_EQUAL(err.zMsg, zWant);
    pr_err_init(&err);
    CU_ASSERT_EQUAL(pr_ledger_write(b, "/dev/full", &err), PR_ERR_IO);
    CU_ASSERT_STRING_EQUAL(err.zMsg, "/dev/full: cannot write the ledger");
    pr_err_init(&err);
    CU_ASSERT_EQUAL(pr_exceptions_write(b, "/dev/full", &err), PR_ERR_IO);
    CU_ASSERT_STRING_EQUAL(err.zMsg, "/dev/full: cannot write");
    CU_ASSERT_EQUAL(pr_exceptions_write(b, "/dev/full", NULL), PR_ERR_IO);
    pr_batch_free(b);
}

/* The order the bank books had from a qsort of whole lines: bank (blank as
 * 未填开户银行), programme, district, account, payee, then the bank as
 * given (a blank bank and one named 未填开户银行 are two bank rows), line
 * index. */
static const pr_batch *pOrderBatch;

static const char *order_bank(const pr_line *l) { return l->zBank[0] ? l->zBank : "未填开户银行"; }

static int cmp_order_line(const void *a, const void *b)
{
    int ia = *(const int *)a, ib = *(const int *)b;
    const pr_line *x = &pOrderBatch->aLine[ia], *y = &pOrderBatch->aLine[ib];
    int c = strcmp(order_bank(x), order_bank(y));
    if (c) return c;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    if (x->iDistrict != y->iDistrict) return x->iDistrict < y->iDistrict ? -1 : 1;
    if ((c = strcmp(x->zAccount, y->zAccount))) return c;
    if ((c = strcmp(x->zPayee, y->zPayee))) return c;
    if ((c = strcmp(x->zBank, y->zBank))) return c;
    return (ia > ib) - (ia < ib);
}

/* Lines made up to tie at every step of the bank order: a blank bank and
 * its substitute, negative and large district codes, accounts equal up to
 * and past the 24 bytes the keys hold, shorter than them, or empty. */
static void test_bank_order(void)
{
    static const char *const azBank[] = { "", "未填开户银行", "中国银行", "中国银行股份", "A", "\xff" };
    static const int aiDistrict[] = { 320613, 320612, -5, 0, 2147483647 };
    static const char *const azAcct[] = {
        "", "6", "621799", "621799000000031693", "6217990000000316931", "62179900000003169310000000",
        "621799000000031693100000001", "621799000000031693100000001\x01", "621799000000031693100000009",
        "62179900000003169310000000\xff",
    };
    static const char *const azPayee[] = { "王刚", "韩艳", "", "王" };
    enum { NLINE = 6000 };
    pr_batch *b = pr_batch_new(0, 1, ENC_AUTO);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    b->aLine = calloc(NLINE, sizeof(*b->aLine));
    CU_ASSERT_PTR_NOT_NULL_FATAL(b->aLine);
    unsigned iSeed = 3;
    for (int i = 0; i < NLINE; i++) {
        pr_line *l = &b->aLine[i];
        iSeed = iSeed * 1103515245u + 12345u;
        unsigned r = iSeed >> 8;
        l->zBank = azBank[r % 6];
        l->eProg = (uint8_t)(r / 6 % PROG_COUNT);
        l->iDistrict = aiDistrict[r / 36 % 5];
        l->zAccount = azAcct[r / 180 % 10];
        l->zPayee = azPayee[r / 1800 % 4];
    }
    b->nLine = NLINE;
    int *aiWant = malloc(NLINE * sizeof(int));
    CU_ASSERT_PTR_NOT_NULL_FATAL(aiWant);
    for (int i = 0; i < NLINE; i++) aiWant[i] = i;
    pOrderBatch = b;
    qsort(aiWant, NLINE, sizeof(int), cmp_order_line);
    pr_banks banks;
    CU_ASSERT_EQUAL_FATAL(pr_banks_build(b, &banks), 0);
    CU_ASSERT_EQUAL(memcmp(banks.aiLine, aiWant, NLINE * sizeof(int)), 0);
    /* five banks: the blank one went in with 未填开户银行 */
    CU_ASSERT_EQUAL_FATAL(banks.nBank, 5);
    CU_ASSERT_EQUAL(banks.aiStart[0], 0);
    CU_ASSERT_EQUAL(banks.aiStart[5], NLINE);
    for (int k = 1; k < banks.nBank; k++) {
        const pr_line *l = &b->aLine[banks.aiLine[banks.aiStart[k]]], *m = &b->aLine[banks.aiLine[banks.aiStart[k] - 1]];
        CU_ASSERT(strcmp(order_bank(l), order_bank(m)) > 0);
    }
    pr_banks_clear(&banks);
    free(aiWant);
    pr_batch_free(b);
}

static void test_bank_book(void)
{
    pr_batch *b = small_batch();
    pr_banks banks;
    CU_ASSERT_EQUAL_FATAL(pr_banks_build(b, &banks), 0);
    CU_ASSERT_EQUAL(banks.nBank, 2);   /* 农商银行 (TEKUN institution) and 江苏银行 */
    pr_total *aTotal = calloc((size_t)b->nDistrict * PROG_COUNT, sizeof(pr_total));
    int iFound = 0;
    for (int k = 0; k < banks.nBank; k++) {
        char zName[256], zPath[512];
        pr_err err;
        pr_err_init(&err);
        pr_bank_book_name(b, &banks, k, zName, sizeof(zName));
        snprintf(zPath, sizeof(zPath), "%s/%s", tu_tmpdir(), zName);
        CU_ASSERT_EQUAL(pr_bank_book_write(b, &banks, k, zPath, tu_tmpdir(), aTotal, NULL, &err), PR_OK);
        if (strcmp(zName, "bank-农商银行.xlsx") != 0) continue;
        iFound = 1;
        char *zDetail = xr_part(zPath, "xl/worksheets/sheet2.xml"), *zCtl = xr_part(zPath, "xl/worksheets/sheet1.xml");
        CU_ASSERT_PTR_NOT_NULL_FATAL(zDetail);
        CU_ASSERT_PTR_NOT_NULL_FATAL(zCtl);
        /* one row for the institution's account: two lines summed */
        CU_ASSERT_PTR_NOT_NULL(strstr(zDetail, "<c r=\"F2\" s=\"5\"><v>4214</v></c>"));
        CU_ASSERT_PTR_NOT_NULL(strstr(zDetail, "<c r=\"I2\" s=\"2\"><v>2</v></c>"));
        CU_ASSERT_PTR_NOT_NULL(strstr(zDetail, "<f>SUM(F2:F2)</f><v>4214</v>"));
        CU_ASSERT_PTR_NULL(strstr(zDetail, "r=\"A3\" s=\"2\""));   /* no second row */
        CU_ASSERT_PTR_NOT_NULL(strstr(zCtl, "代发记录数"));
        free(zDetail);
        free(zCtl);
    }
    CU_ASSERT_TRUE(iFound);
    int d = pr_batch_district_index(b, 320613);
    CU_ASSERT_EQUAL(aTotal[d * PROG_COUNT + PROG_DIBAO].nFen, 410000);
    CU_ASSERT_EQUAL(aTotal[d * PROG_COUNT + PROG_TEKUN].nLines, 2);
    free(aTotal);
    pr_banks_clear(&banks);
    pr_batch_free(b);
}

/* the whole month through pr_publish_month, then a reconciliation that
 * must fail when one side is changed */
static void test_publish_and_reconcile(void)
{
    pr_batch *b = small_batch();
    pr_outdir dir;
    char zOut[512];
    snprintf(zOut, sizeof(zOut), "%s/pub", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(pr_outdir_begin(&dir, zOut, "2023-08", 0, NULL), PR_OK);
    pr_publish_opts o = { .nMaxRejectBp = 100 };
    pr_publish_result r;
    pr_publish_month(b, &dir, &o, &r);
    CU_ASSERT_EQUAL(r.rc, PR_EXIT_DONE);
    CU_ASSERT_EQUAL(r.nFailedChecks, 0);
    const char *azWant[] = { "320612-通州区.xlsx", "320613-崇川区.xlsx", "adjustments.csv", "arrears.csv",
                             "bank-农商银行.xlsx", "bank-江苏银行.xlsx", "exceptions.csv", "ledger.csv.gz",
                             "manifest.json", "recoveries.csv", "summary.xlsx",
                             "公示-320612-通州区.xlsx", "公示-320613-崇川区.xlsx" };
    CU_ASSERT_EQUAL(r.nFile, 13);
    for (int i = 0; i < 13 && i < r.nFile; i++) CU_ASSERT_STRING_EQUAL(r.azFile[i], azWant[i]);
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/2023-08/summary.xlsx", zOut);
    char *zWb = xr_part(zPath, "xl/workbook.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zWb);
    const char *azSheet[] = { "汇总", "对账", "异常", "共用账户", "参数", "图表" };
    for (int i = 0; i < 6; i++) {
        char zNeedle[64];
        snprintf(zNeedle, sizeof(zNeedle), "name=\"%s\"", azSheet[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(zWb, zNeedle));
    }
    free(zWb);
    char *zRecon = xr_part(zPath, "xl/worksheets/sheet2.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zRecon);
    CU_ASSERT_TRUE(xr_occurrences(zRecon, "<v>通过</v>") > 5);
    CU_ASSERT_EQUAL(xr_occurrences(zRecon, "<v>不通过</v>"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(zRecon, "<v>全部通过</v>"));
    free(zRecon);
    CU_ASSERT_EQUAL(xr_count(zPath, "xl/charts/chart"), 2);   /* 图表 and 趋势 */
    pr_publish_result_clear(&r);

    /* a bank side that lost one fen must fail, naming district and programme */
    pr_recon rc;
    CU_ASSERT_EQUAL_FATAL(pr_recon_init(&rc, b), 0);
    int d = pr_batch_district_index(b, 320613);
    for (int g = 0; g < PROG_COUNT; g++) {
        rc.aLedger[d * PROG_COUNT + g] = b->aTotal[d * PROG_COUNT + g];
        rc.aDistrict[d * PROG_COUNT + g] = b->aTotal[d * PROG_COUNT + g];
        rc.aBank[d * PROG_COUNT + g] = b->aTotal[d * PROG_COUNT + g];
    }
    CU_ASSERT_EQUAL(pr_recon_run(&rc, b), 0);
    rc.aBank[d * PROG_COUNT + PROG_TEKUN].nFen -= 1;
    CU_ASSERT_EQUAL(pr_recon_run(&rc, b), 2);   /* the district/programme check and the all-districts check */
    const pr_check *c = pr_recon_first_failure(&rc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_PTR_NOT_NULL(strstr(c->zWhat, "320613"));
    CU_ASSERT_PTR_NOT_NULL(strstr(c->zWhat, "特困人员救助供养"));
    CU_ASSERT_PTR_NOT_NULL(strstr(c->zWhat, "银行代发表"));
    pr_recon_clear(&rc);
    pr_batch_free(b);
}

extern int pr_publish_test_bank_skew;

/* a bank writer that loses a fen: the summary, closed early with the
 * predicted checks, is written again with the real ones, the month is not
 * payable and the books are withdrawn */
static void test_publish_reconciliation_fails(void)
{
    pr_batch *b = small_batch();
    pr_outdir dir;
    char zOut[512];
    snprintf(zOut, sizeof(zOut), "%s/pubfail", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(pr_outdir_begin(&dir, zOut, "2023-08", 0, NULL), PR_OK);
    pr_publish_opts o = { .nMaxRejectBp = 100 };
    pr_publish_result r;
    pr_publish_test_bank_skew = 1;
    pr_publish_month(b, &dir, &o, &r);
    pr_publish_test_bank_skew = 0;
    CU_ASSERT_EQUAL(r.rc, PR_EXIT_NOT_PAYABLE);
    CU_ASSERT_EQUAL(r.nFailedChecks, 2);   /* the district/programme check and the all-districts check */
    CU_ASSERT_PTR_NOT_NULL(strstr(r.zReason, "reconciliation failed (2 checks)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.zReason, "银行代发表"));
    const char *azWant[] = { "exceptions.csv", "manifest.json", "summary.xlsx" };
    CU_ASSERT_EQUAL(r.nFile, 3);
    for (int i = 0; i < 3 && i < r.nFile; i++) CU_ASSERT_STRING_EQUAL(r.azFile[i], azWant[i]);
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/2023-08/summary.xlsx", zOut);
    char *zRecon = xr_part(zPath, "xl/worksheets/sheet2.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zRecon);
    CU_ASSERT_EQUAL(xr_occurrences(zRecon, "<v>不通过</v>"), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(zRecon, "<v>有 2 项不通过</v>"));
    CU_ASSERT_PTR_NULL(strstr(zRecon, "<v>全部通过</v>"));
    free(zRecon);
    /* the manifest hashes the rewritten summary, not the one first written */
    snprintf(zPath, sizeof(zPath), "%s/2023-08", zOut);
    CU_ASSERT_EQUAL(pr_verify_month(zPath, stderr, NULL), PR_VERIFY_OK);
    pr_publish_result_clear(&r);
    pr_batch_free(b);
}

static const pr_test aTests[] = {
    { "district workbook", test_district_book },
    { "workbook that cannot be created", test_book_cannot_create },
    { "text writers that cannot write", test_writer_errors },
    { "bank workbook", test_bank_book },
    { "bank line order", test_bank_order },
    { "publish and reconcile", test_publish_and_reconcile },
    { "publish with a failed reconciliation", test_publish_reconciliation_fails },
};

int suite_books(void) { PR_ADD_SUITE("books", aTests); }
