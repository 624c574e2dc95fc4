/*
 * test_cycle_books.c - the workbooks in the payment cycle, read back cell by
 * cell (tests/xlsxread.h) from the hand-built month of tests/cyclebatch.c
 * (every figure is worked out there): the district books' 类型 and 所属期
 * and the 临时救助 sheet, the bank books' 付款编号 and their rows keyed as
 * pay_refs are, summary.xlsx's 回盘, 挂账, 调整 and 追回 sheets (filled, and
 * saying so when empty), the 变动 sheet with lines that are not REGULAR,
 * and the totals every writer adds up tying across the books.
 */
#include "tests/cyclebatch.h"
#include "tests/batchutil.h"
#include "tests/testutil.h"
#include "tests/xlsxread.h"
#include "formats/bank_book.h"
#include "formats/district_book.h"
#include "formats/ledger.h"
#include "formats/summary_book.h"
#include "model/reconcile.h"
#include "run/publish.h"
#include "run/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading cells -------------------------------------------------------- */

/* The text of cell zRef, "" when there is none. */
static const char *S(const xr_sheet *s, const char *zRef)
{
    const xr_cell *c = s ? xr_cell_at(s, zRef) : NULL;
    return c && c->zText ? c->zText : "";
}

/* The number of cell zRef, -999999 when it is not a number. */
static double N(const xr_sheet *s, const char *zRef)
{
    const xr_cell *c = s ? xr_cell_at(s, zRef) : NULL;
    return c && c->eType == XR_NUMBER ? c->rValue : -999999.0;
}

/* The formula of cell zRef, "" when there is none. */
static const char *F(const xr_sheet *s, const char *zRef)
{
    const xr_cell *c = s ? xr_cell_at(s, zRef) : NULL;
    return c && c->zFormula ? c->zFormula : "";
}

#define CHECK_S(s, ref, want) CU_ASSERT_STRING_EQUAL(S(s, ref), want)
#define CHECK_N(s, ref, want) CU_ASSERT_DOUBLE_EQUAL(N(s, ref), (double)(want), 1e-9)

static const xr_sheet *sheet(xr_book *b, const char *zName)
{
    char zErr[256];
    const xr_sheet *s = xr_sheet_get(b, zName, zErr, sizeof(zErr));
    if (!s) fprintf(stderr, "\nsheet %s: %s\n", zName, zErr);
    return s;
}

static xr_book *open_book(const char *zPath)
{
    char zErr[256];
    xr_book *b = xr_open(zPath, zErr, sizeof(zErr));
    if (!b) fprintf(stderr, "\n%s: %s\n", zPath, zErr);
    return b;
}

/* ---- district books ------------------------------------------------------- */

static const char *district_book(const pr_batch *b, int iCode, pr_total *aTotal, const char *zTag)
{
    static char zPath[600];
    int d = pr_batch_district_index(b, iCode);
    CU_ASSERT_FATAL(d >= 0);
    snprintf(zPath, sizeof(zPath), "%s/%s-district-%06d.xlsx", tu_tmpdir(), zTag, iCode);
    pr_err err;
    pr_err_init(&err);
    CU_ASSERT_EQUAL(pr_district_book_write(b, d, zPath, tu_tmpdir(), aTotal, &err), PR_OK);
    return zPath;
}

/* 崇川区: DIBAO with W0's re-issue and W1's back pay among the regular
 * lines in ledger order, a subtotal per type under the total; TEKUN with
 * 甲's difference; TEMP on a sheet of its own; every total added up. */
static void test_district_types(void)
{
    pr_batch *b = tc_month();
    pr_total *aTotal = calloc((size_t)b->nDistrict * PROG_COUNT, sizeof(pr_total));
    xr_book *x = open_book(district_book(b, 320613, aTotal, "cycle"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(xr_sheet_count(x), 3);
    CU_ASSERT_STRING_EQUAL(xr_sheet_name(x, 0), "DIBAO 最低生活保障");
    CU_ASSERT_STRING_EQUAL(xr_sheet_name(x, 1), "TEKUN 特困人员供养");
    CU_ASSERT_STRING_EQUAL(xr_sheet_name(x, 2), "临时救助");
    const xr_sheet *s = sheet(x, "DIBAO 最低生活保障");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CHECK_S(s, "K1", "类型");
    CHECK_S(s, "L1", "所属期");
    CHECK_S(s, "R1", "金额(元)");
    /* W0 REGULAR, W0 REISSUE, W1 REGULAR, W1 BACKPAY, W2, W3, W4 */
    static const char *const azType[7] = { "正常", "重发", "正常", "补发", "正常", "正常", "正常" };
    static const char *const azPeriod[7] = { "2023-08", "2023-07", "2023-08", "2023-06", "2023-08", "2023-08", "2023-08" };
    static const double aAmount[7] = { 820, 820, 820, 410, 820, 820, 820 };
    static const double aPersons[7] = { 1, 0, 1, 0, 1, 1, 1 };
    for (int i = 0; i < 7; i++) {
        char zRef[8];
        snprintf(zRef, sizeof(zRef), "A%d", i + 2);
        CHECK_N(s, zRef, i + 1);
        snprintf(zRef, sizeof(zRef), "K%d", i + 2);
        CHECK_S(s, zRef, azType[i]);
        snprintf(zRef, sizeof(zRef), "L%d", i + 2);
        CHECK_S(s, zRef, azPeriod[i]);
        snprintf(zRef, sizeof(zRef), "N%d", i + 2);
        CHECK_N(s, zRef, aPersons[i]);
        snprintf(zRef, sizeof(zRef), "R%d", i + 2);
        CHECK_N(s, zRef, aAmount[i]);
    }
    CHECK_S(s, "D3", "W0");
    CHECK_S(s, "Q3", "重发 2023-07: 账户冻结");
    CHECK_S(s, "I5", tc_zAcctW1New);   /* the back pay's own account */
    /* the total, then 其中 per type present */
    CHECK_S(s, "A9", "合计 7 笔");
    CU_ASSERT_STRING_EQUAL(F(s, "R9"), "SUM(R2:R8)");
    CHECK_N(s, "R9", 5330);
    CHECK_N(s, "N9", 5);
    CHECK_S(s, "A10", "其中：正常 5 笔");
    CU_ASSERT_STRING_EQUAL(F(s, "R10"), "SUMIF(K2:K8,\"正常\",R2:R8)");
    CHECK_N(s, "R10", 4100);
    CHECK_N(s, "N10", 5);
    CHECK_S(s, "A11", "其中：重发 1 笔");
    CHECK_N(s, "R11", 820);
    CHECK_N(s, "N11", 0);
    CHECK_S(s, "A12", "其中：补发 1 笔");
    CHECK_N(s, "R12", 410);
    CHECK_S(s, "A13", "");
    CHECK_S(s, "B14", "制表人：");
    s = sheet(x, "TEKUN 特困人员供养");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CHECK_S(s, "K2", "正常");
    CHECK_S(s, "K3", "补差");   /* 甲's difference after 甲's regular line */
    CHECK_S(s, "L3", "2023-07");
    CHECK_N(s, "R3", 30);
    CHECK_S(s, "K4", "正常");
    CHECK_N(s, "R5", 4244);
    CHECK_S(s, "A7", "其中：补差 1 笔");
    s = sheet(x, "临时救助");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CHECK_S(s, "E2", "钱七");
    CHECK_S(s, "F2", tc_zQian);
    CHECK_S(s, "K2", "临时救助");
    CHECK_S(s, "L2", "2023-08");
    CHECK_N(s, "N2", 1);
    CHECK_N(s, "R2", 800);
    CHECK_S(s, "A3", "合计 1 笔");
    CHECK_N(s, "R3", 800);
    CHECK_S(s, "A4", "其中：临时救助 1 笔");
    xr_close(x);
    char *zWb = xr_part(district_book(b, 320613, aTotal + 0, "cycle2"), "xl/workbook.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zWb);
    CU_ASSERT_EQUAL(xr_occurrences(zWb, "_xlnm.Print_Titles"), 3);
    free(zWb);
    memset(aTotal, 0, (size_t)b->nDistrict * PROG_COUNT * sizeof(pr_total));

    /* 通州区: its only lines are 赵六's two TEMPORARY lines */
    x = open_book(district_book(b, 320612, aTotal, "cycle"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(xr_sheet_count(x), 1);
    CU_ASSERT_STRING_EQUAL(xr_sheet_name(x, 0), "临时救助");
    s = sheet(x, "临时救助");
    CHECK_N(s, "R2", 1500);
    CHECK_N(s, "R3", 200);
    CHECK_S(s, "H2", "");
    CHECK_S(s, "H3", "未填开户银行");
    CHECK_S(s, "A4", "合计 2 笔");
    CHECK_N(s, "R4", 1700);
    xr_close(x);
    district_book(b, 320613, aTotal, "cycle3");
    /* what the two books wrote is the ledger's, programme by programme */
    for (int k = 0; k < b->nDistrict * PROG_COUNT; k++) {
        CU_ASSERT_EQUAL(aTotal[k].nLines, b->aTotal[k].nLines);
        CU_ASSERT_EQUAL(aTotal[k].nPersons, b->aTotal[k].nPersons);
        CU_ASSERT_EQUAL(aTotal[k].nFen, b->aTotal[k].nFen);
    }
    int d = pr_batch_district_index(b, 320613), d2 = pr_batch_district_index(b, 320612);
    CU_ASSERT_EQUAL(aTotal[d * PROG_COUNT + PROG_DIBAO].nLines, 7);
    CU_ASSERT_EQUAL(aTotal[d * PROG_COUNT + PROG_DIBAO].nPersons, 5);
    CU_ASSERT_EQUAL(aTotal[d * PROG_COUNT + PROG_DIBAO].nFen, 533000);
    CU_ASSERT_EQUAL(aTotal[d * PROG_COUNT + PROG_TEKUN].nFen, 424400);
    CU_ASSERT_EQUAL(aTotal[d * PROG_COUNT + PROG_TEMP].nFen, 80000);
    CU_ASSERT_EQUAL(aTotal[d2 * PROG_COUNT + PROG_TEMP].nLines, 2);
    CU_ASSERT_EQUAL(aTotal[d2 * PROG_COUNT + PROG_TEMP].nFen, 170000);
    free(aTotal);
    pr_batch_free(b);
}

/* A month of regular lines only (an empty cycle): every line 正常 of the
 * month, no subtotal rows. */
static void test_district_regular_only(void)
{
    pr_batch *b = tc_base();
    pr_total *aTotal = calloc((size_t)b->nDistrict * PROG_COUNT, sizeof(pr_total));
    xr_book *x = open_book(district_book(b, 320613, aTotal, "base"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    const xr_sheet *s = sheet(x, "DIBAO 最低生活保障");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    for (int r = 2; r <= 6; r++) {
        char zRef[8];
        snprintf(zRef, sizeof(zRef), "K%d", r);
        CHECK_S(s, zRef, "正常");
        snprintf(zRef, sizeof(zRef), "L%d", r);
        CHECK_S(s, zRef, "2023-08");
    }
    CHECK_S(s, "A7", "合计 5 笔");
    CHECK_N(s, "R7", 4100);
    CHECK_S(s, "A8", "");
    CHECK_S(s, "B9", "制表人：");
    xr_close(x);
    free(aTotal);
    pr_batch_free(b);
}

/* ---- bank books ------------------------------------------------------------ */

typedef struct bank_out {
    char azPath[8][600];
    char azName[8][256];
    int n;
} bank_out;

static void write_banks(const pr_batch *b, pr_total *aTotal, const char *zTag, bank_out *o)
{
    pr_banks banks;
    CU_ASSERT_EQUAL_FATAL(pr_banks_build(b, &banks), 0);
    CU_ASSERT_FATAL(banks.nBank <= 8);
    o->n = banks.nBank;
    for (int k = 0; k < banks.nBank; k++) {
        pr_err err;
        pr_err_init(&err);
        char zName[256];
        pr_bank_book_name(b, &banks, k, zName, sizeof(zName));
        snprintf(o->azName[k], sizeof(o->azName[k]), "%s", zName);
        snprintf(o->azPath[k], sizeof(o->azPath[k]), "%s/%s-%s", tu_tmpdir(), zTag, zName);
        CU_ASSERT_EQUAL(pr_bank_book_write(b, &banks, k, o->azPath[k], tu_tmpdir(), aTotal, NULL, &err), PR_OK);
    }
    pr_banks_clear(&banks);
}

/* The bank books of the month: a row per pay_ref with its 付款编号, lines of
 * every type summed into it, the remark naming the lines for another
 * month, the control sheet with the lines of each type; and the totals
 * those writers add up equal to the ledger's. */
static void test_bank_payref(void)
{
    pr_batch *b = tc_month();
    pr_total *aTotal = calloc((size_t)b->nDistrict * PROG_COUNT + 1, sizeof(pr_total));
    bank_out o;
    write_banks(b, aTotal, "cycle", &o);
    CU_ASSERT_EQUAL_FATAL(o.n, 3);
    CU_ASSERT_STRING_EQUAL(o.azName[0], "bank-农商银行.xlsx");
    CU_ASSERT_STRING_EQUAL(o.azName[1], "bank-未填开户银行.xlsx");
    CU_ASSERT_STRING_EQUAL(o.azName[2], "bank-江苏银行.xlsx");

    /* 江苏银行: rows by programme, district, account */
    xr_book *x = open_book(o.azPath[2]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    const xr_sheet *s = sheet(x, "代发明细");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CHECK_S(s, "B1", "付款编号");
    CHECK_S(s, "F1", "金额(元)");
    CHECK_S(s, "I1", "笔数");
    static const char *const azRef[7] = { "202308-320613-000001", "202308-320613-000002", "202308-320613-000004",
                                          "202308-320613-000005", "202308-320613-000006", "202308-320613-000003",
                                          "202308-320613-000008" };
    static const double aFen[7] = { 1640, 820, 820, 820, 820, 410, 800 };
    static const double aLines[7] = { 2, 1, 1, 1, 1, 1, 1 };
    for (int i = 0; i < 7; i++) {
        char zRef[8];
        snprintf(zRef, sizeof(zRef), "A%d", i + 2);
        CHECK_N(s, zRef, i + 1);
        snprintf(zRef, sizeof(zRef), "B%d", i + 2);
        CHECK_S(s, zRef, azRef[i]);
        snprintf(zRef, sizeof(zRef), "F%d", i + 2);
        CHECK_N(s, zRef, aFen[i]);
        snprintf(zRef, sizeof(zRef), "I%d", i + 2);
        CHECK_N(s, zRef, aLines[i]);
    }
    CHECK_S(s, "C2", tc_zAcctW0);
    CHECK_S(s, "D2", "人0");
    CHECK_S(s, "J2", "2023-08 最低生活保障；含重发 2023-07");
    CHECK_S(s, "C7", tc_zAcctW1New);
    CHECK_S(s, "J7", "2023-08 最低生活保障；含补发 2023-06");
    CHECK_S(s, "G8", "临时救助");
    CHECK_S(s, "E8", tc_zQian);
    CHECK_S(s, "J8", "2023-08 临时救助");
    CHECK_S(s, "A9", "合计");
    CHECK_N(s, "F9", 6130);
    CHECK_N(s, "I9", 8);
    const xr_sheet *c = sheet(x, "控制信息");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CHECK_S(c, "A4", "代发记录数");
    CHECK_N(c, "B4", 7);
    CHECK_N(c, "B5", 8);
    CHECK_N(c, "B6", 6130);
    CHECK_S(c, "A9", "发放类型");
    CHECK_S(c, "A10", "正常");
    CHECK_N(c, "B10", 5);
    CHECK_N(c, "C10", 4100);
    CHECK_S(c, "A11", "重发");
    CHECK_N(c, "C11", 820);
    CHECK_S(c, "A12", "补发");
    CHECK_N(c, "C12", 410);
    CHECK_S(c, "A13", "临时救助");
    CHECK_N(c, "C13", 800);
    CHECK_S(c, "A14", "合计");
    CU_ASSERT_STRING_EQUAL(F(c, "B14"), "SUM(B10:B13)");
    CHECK_N(c, "B14", 8);
    CHECK_N(c, "C14", 6130);
    CHECK_S(c, "B16", "制表人：");
    xr_close(x);

    /* 农商银行: the institution's row, 甲's difference summed into it */
    x = open_book(o.azPath[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    s = sheet(x, "代发明细");
    CHECK_S(s, "B2", "202308-320613-000007");
    CHECK_N(s, "F2", 4244);
    CHECK_N(s, "I2", 3);
    CHECK_S(s, "J2", "2023-08 特困人员救助供养；含补差 2023-07");
    CHECK_S(s, "A3", "合计");
    c = sheet(x, "控制信息");
    CHECK_S(c, "A11", "补差");
    CHECK_N(c, "B11", 1);
    CHECK_N(c, "C11", 30);
    xr_close(x);

    /* 未填开户银行: a blank bank and a bank named 未填开户银行 are two rows,
     * as they are two pay_refs */
    x = open_book(o.azPath[1]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    s = sheet(x, "代发明细");
    CHECK_S(s, "B2", "202308-320612-000001");
    CHECK_N(s, "F2", 1500);
    CHECK_S(s, "B3", "202308-320612-000002");
    CHECK_N(s, "F3", 200);
    CHECK_S(s, "C2", tc_zAcctZhao);
    CHECK_S(s, "C3", tc_zAcctZhao);
    CHECK_S(s, "A4", "合计");
    CHECK_N(s, "F4", 1700);
    xr_close(x);

    for (int k = 0; k < b->nDistrict * PROG_COUNT; k++) {
        CU_ASSERT_EQUAL(aTotal[k].nLines, b->aTotal[k].nLines);
        CU_ASSERT_EQUAL(aTotal[k].nPersons, b->aTotal[k].nPersons);
        CU_ASSERT_EQUAL(aTotal[k].nFen, b->aTotal[k].nFen);
    }
    free(aTotal);
    pr_batch_free(b);
}

/* Every bank row of every book is one pay_ref and every pay_ref one bank
 * row: over lines made to tie on every part of the key (programme,
 * district, account, payee, a blank bank and 未填开户银行). */
static void test_bank_rows_are_payrefs(void)
{
    pr_batch *b = tc_base();
    static const char *const azBank[] = { "", "未填开户银行", "江苏银行" };
    static const char *const azPayee[] = { "王刚", "韩艳" };
    static char azAcct[3][20];
    for (int i = 0; i < 3; i++) snprintf(azAcct[i], sizeof(azAcct[i]), "%s", tb_account(700 + i));
    enum { NADD = 60 };
    pr_line aAdd[NADD];
    static char azId[NADD][20];
    unsigned iSeed = 11;
    for (int i = 0; i < NADD; i++) {
        iSeed = iSeed * 1103515245u + 12345u;
        unsigned r = iSeed >> 8;
        snprintf(azId[i], sizeof(azId[i]), "%s", tb_id_region(r % 2 ? "320612" : "320613", "19700101", (int)(r / 7 % 900)));
        aAdd[i] = tc_temp_line(b->iMonth, r % 2 ? 320612 : 320613, azId[i], azPayee[r / 2 % 2], azBank[r / 4 % 3],
                               azAcct[r / 12 % 3], 100 + (int64_t)(r % 1000), "ref", "临时救助");
        aAdd[i].zPayee = azPayee[r / 36 % 2];
    }
    CU_ASSERT_EQUAL_FATAL(tc_add_lines(b, aAdd, NADD), 0);
    /* the distinct pay_refs of the lines, and their money */
    int nRef = 0;
    for (int i = 0; i < b->nLine; i++) {
        int bSeen = 0;
        for (int j = 0; j < i && !bSeen; j++)
            bSeen = b->aLine[j].iDistrict == b->aLine[i].iDistrict && b->aLine[j].iPaySeq == b->aLine[i].iPaySeq;
        nRef += !bSeen;
    }
    pr_total *aTotal = calloc((size_t)b->nDistrict * PROG_COUNT + 1, sizeof(pr_total));
    bank_out o;
    write_banks(b, aTotal, "rows", &o);
    int nRow = 0;
    char (*azSeen)[24] = calloc((size_t)b->nLine + 1, sizeof(*azSeen));
    for (int k = 0; k < o.n; k++) {
        xr_book *x = open_book(o.azPath[k]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(x);
        const xr_sheet *s = sheet(x, "代发明细");
        for (int r = 2;; r++) {
            char zRef[16];
            snprintf(zRef, sizeof(zRef), "B%d", r);
            const char *z = S(s, zRef);
            if (!z[0]) break;
            /* the row's money is the sum of its pay_ref's lines */
            int64_t nFen = 0;
            for (int i = 0; i < b->nLine; i++) {
                char zLine[PR_PAY_REF_LEN + 1];
                pr_pay_ref(b->iMonth, &b->aLine[i], zLine);
                if (strcmp(zLine, z) == 0) nFen += b->aLine[i].nAmount;
            }
            snprintf(zRef, sizeof(zRef), "F%d", r);
            CU_ASSERT_DOUBLE_EQUAL(N(s, zRef) * 100.0, (double)nFen, 1e-6);
            for (int j = 0; j < nRow; j++) CU_ASSERT_STRING_NOT_EQUAL(azSeen[j], z);
            snprintf(azSeen[nRow++], 24, "%s", z);
        }
        xr_close(x);
    }
    CU_ASSERT_EQUAL(nRow, nRef);
    free(azSeen);
    free(aTotal);
    pr_batch_free(b);
}

/* ---- summary.xlsx ---------------------------------------------------------- */

/* Writes b's summary.xlsx (no 变动 unless pChanges) with every check of
 * the reconciliation passing; returns its path. */
static const char *write_summary(const pr_batch *b, const pr_changes *pChanges, const char *zTag)
{
    static char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/%s-summary.xlsx", tu_tmpdir(), zTag);
    pr_recon rc;
    CU_ASSERT_EQUAL_FATAL(pr_recon_init(&rc, b), 0);
    size_t n = (size_t)b->nDistrict * PROG_COUNT;
    memcpy(rc.aLedger, b->aTotal, n * sizeof(pr_total));
    memcpy(rc.aDistrict, b->aTotal, n * sizeof(pr_total));
    memcpy(rc.aBank, b->aTotal, n * sizeof(pr_total));
    CU_ASSERT_EQUAL(pr_recon_run(&rc, b), 0);
    pr_summary *s = pr_summary_open(b, pChanges != NULL, zPath, tu_tmpdir());
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    pr_summary_write_bulk(s, b);
    pr_err err;
    pr_err_init(&err);
    CU_ASSERT_EQUAL(pr_summary_finish(s, b, &rc, pChanges, NULL, &err), PR_OK);
    pr_recon_clear(&rc);
    return zPath;
}

static void test_summary_sheets_order(void)
{
    pr_batch *b = tc_month();
    xr_book *x = open_book(write_summary(b, NULL, "order"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    static const char *const azWant[] = { "汇总", "对账", "异常", "共用账户", "参数", "图表", "趋势", "回盘", "挂账", "调整", "追回" };
    CU_ASSERT_EQUAL_FATAL(xr_sheet_count(x), 11);
    for (int i = 0; i < 11; i++) CU_ASSERT_STRING_EQUAL(xr_sheet_name(x, i), azWant[i]);
    /* 汇总: TEMP in every district; DIBAO's 户数 counts its REGULAR lines */
    const xr_sheet *s = sheet(x, "汇总");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CHECK_S(s, "C8", "TEMP");
    CHECK_S(s, "D8", "临时救助");
    CHECK_N(s, "G8", 2);
    CHECK_N(s, "H8", 1700);
    CHECK_S(s, "A9", "320613");
    CHECK_S(s, "C9", "DIBAO");
    CHECK_N(s, "E9", 5);   /* households, not the 7 lines */
    CHECK_N(s, "F9", 5);
    CHECK_N(s, "G9", 7);
    CHECK_N(s, "H9", 5330);
    CHECK_N(s, "H15", 800);
    CHECK_S(s, "A16", "合计");
    CHECK_N(s, "E16", 5);
    CHECK_N(s, "G16", 13);   /* 320612 TEMP 2; 320613 DIBAO 7, TEKUN 3, TEMP 1 */
    xr_close(x);
    /* every cycle sheet prints: A4 landscape, its header repeated */
    char *zWb = xr_part(write_summary(b, NULL, "order2"), "xl/workbook.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zWb);
    CU_ASSERT_PTR_NOT_NULL(strstr(zWb, "'回盘'!$11:$11"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zWb, "'挂账'!$10:$10"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zWb, "'调整'!$12:$12"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zWb, "'追回'!$3:$3"));
    /* the title row is for the screen: the page header prints it */
    CU_ASSERT_PTR_NOT_NULL(strstr(zWb, "'回盘'!$A$2:$J$21"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zWb, "'追回'!$A$2:$I$11"));
    free(zWb);
    pr_batch_free(b);
}

static void test_summary_returns(void)
{
    pr_batch *b = tc_month();
    xr_book *x = open_book(write_summary(b, NULL, "returns"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    const xr_sheet *s = sheet(x, "回盘");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CHECK_S(s, "A1", "2023-07 代发回盘情况（2023-08 处理）");
    CHECK_S(s, "A3", "上月发放月份");
    CHECK_S(s, "B3", "2023-07");
    CHECK_S(s, "A5", "回盘文件");
    CHECK_S(s, "D5", "退回");
    CHECK_S(s, "A6", "returns-江苏银行.csv");
    CHECK_N(s, "B6", 6);
    CHECK_N(s, "C6", 5);
    CHECK_N(s, "D6", 1);
    CHECK_S(s, "A7", "returns-农商银行.csv");
    CHECK_N(s, "D7", 0);
    CHECK_S(s, "A8", "合计");
    CHECK_N(s, "B8", 7);
    CHECK_N(s, "C8", 6);
    CHECK_N(s, "D8", 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(S(s, "A9"), "退回的回盘行"));
    static const char *const azHead[10] = { "开户银行", "区划代码", "区县", "发出笔数", "发出金额(元)", "失败笔数",
                                            "失败金额(元)", "到账笔数", "到账金额(元)", "到账率" };
    for (int k = 0; k < 10; k++) {
        char zRef[8];
        snprintf(zRef, sizeof(zRef), "%c11", 'A' + k);
        CHECK_S(s, zRef, azHead[k]);
    }
    CHECK_S(s, "A12", "江苏银行");
    CHECK_S(s, "B12", "320613");
    CHECK_S(s, "C12", "崇川区");
    CHECK_N(s, "D12", 6);
    CHECK_N(s, "E12", 4920);
    CHECK_N(s, "F12", 1);
    CHECK_N(s, "G12", 820);
    CHECK_N(s, "H12", 5);
    CU_ASSERT_STRING_EQUAL(F(s, "H12"), "D12-F12");
    CHECK_N(s, "I12", 4100);
    CHECK_N(s, "J12", 8333 / 10000.0);   /* 4100 / 4920 = 83.333...%, shown 0.00% */
    CHECK_S(s, "A13", "农商银行");
    CHECK_N(s, "J13", 1);
    CHECK_S(s, "A14", "未填开户银行");
    CHECK_S(s, "C14", "通州区");
    CHECK_N(s, "I14", 0);
    CHECK_N(s, "J14", 0);
    CHECK_S(s, "A15", "合计");
    CHECK_N(s, "D15", 8);
    CHECK_N(s, "E15", 10134);
    CHECK_N(s, "F15", 2);
    CHECK_N(s, "G15", 1820);
    CHECK_N(s, "H15", 6);
    CHECK_N(s, "I15", 8314);
    CHECK_N(s, "J15", 8204 / 10000.0);   /* 831400 / 1013400 = 0.820406... */
    CU_ASSERT_PTR_NOT_NULL(strstr(S(s, "A16"), "万分比"));
    CHECK_S(s, "B18", "制表人：");
    xr_close(x);
    pr_batch_free(b);
}

/* 到账率 rounds down: 99.999% is not 100.00% */
static void test_summary_rate_rounds_down(void)
{
    pr_batch *b = tc_base();
    b->pCycle->bPrev = 1;
    b->pCycle->iPrevMonth = b->iMonth - 1;
    static const pr_retstat aStat[2] = { { "江苏银行", 320613, 100000, 10000000, 1, 1 },
                                         { "江苏银行", 320612, 3, 300, 1, 100 } };
    b->pCycle->aStat = malloc(sizeof(aStat));
    CU_ASSERT_PTR_NOT_NULL_FATAL(b->pCycle->aStat);
    memcpy(b->pCycle->aStat, aStat, sizeof(aStat));
    b->pCycle->nStat = 2;
    /* consistent for the 对账 sheet: the manifest total, the two failed rows
     * and the arrears they opened */
    b->pCycle->nPrevFen = 10000300;
    for (int i = 0; i < 2; i++) {
        pr_bankrow *pRow = pr_cycle_add_row(b->pCycle);
        pr_arrears *pArr = pr_cycle_add_arrears(b->pCycle);
        CU_ASSERT_FATAL(pRow && pArr);
        pRow->zPayRef = i ? "202307-320613-000001" : "202307-320612-000001";
        pRow->zBank = "江苏银行";
        pRow->zAccount = pRow->zPayee = "";
        pRow->bFailed = 1;
        pArr->bNew = 1;
        pArr->eState = AS_OPEN;
        pArr->nFen = i ? 1 : 100;
        pArr->iPeriod = pArr->iSince = b->iMonth - 1;
        pArr->iDistrict = i ? 320613 : 320612;
        pArr->zBeneficiary = pArr->zReason = pArr->zFailedAccount = "";
        pArr->zPayRef = pRow->zPayRef;
        pArr->iReissue = -1;
    }
    xr_book *x = open_book(write_summary(b, NULL, "rate"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    const xr_sheet *s = sheet(x, "回盘");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    /* no returns file: every row counts as paid, and the sheet says so */
    CU_ASSERT_PTR_NOT_NULL(strstr(S(s, "A5"), "未收到回盘文件"));
    CHECK_S(s, "A7", "开户银行");
    CHECK_N(s, "J8", 9999 / 10000.0);
    CHECK_N(s, "J9", 6666 / 10000.0);
    CHECK_N(s, "J10", 9999 / 10000.0);
    xr_close(x);
    pr_batch_free(b);
}

static void test_summary_arrears(void)
{
    pr_batch *b = tc_month();
    xr_book *x = open_book(write_summary(b, NULL, "arrears"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    const xr_sheet *s = sheet(x, "挂账");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CHECK_S(s, "A1", "2023-08 挂账（未到账资金）情况");
    CHECK_S(s, "A3", "状态");
    CHECK_S(s, "B3", "本月新增笔数");
    CHECK_S(s, "G3", "合计金额(元)");
    /* by state: new count/money, carried count/money, all */
    CHECK_S(s, "A4", "挂账中");
    CHECK_N(s, "B4", 1);
    CHECK_N(s, "C4", 1000);
    CHECK_N(s, "D4", 0);
    CHECK_N(s, "F4", 1);
    CHECK_N(s, "G4", 1000);
    CHECK_S(s, "A5", "已重发");
    CHECK_N(s, "B5", 1);
    CHECK_N(s, "C5", 820);
    CHECK_S(s, "A6", "补发结清");
    CHECK_N(s, "B6", 0);
    CHECK_N(s, "D6", 1);
    CHECK_N(s, "E6", 410);
    CHECK_S(s, "A7", "已过期");
    CHECK_N(s, "E7", 500);
    CU_ASSERT_STRING_EQUAL(F(s, "G7"), "C7+E7");
    CHECK_N(s, "G7", 500);
    CHECK_S(s, "A8", "合计");
    CHECK_N(s, "B8", 2);
    CHECK_N(s, "C8", 1820);
    CHECK_N(s, "D8", 2);
    CHECK_N(s, "E8", 910);
    CHECK_N(s, "F8", 4);
    CHECK_N(s, "G8", 2730);
    static const char *const azHead[12] = { "所属期", "项目", "对象编号", "区划代码", "金额(元)", "原因", "挂账月份",
                                            "原账号", "状态", "原付款编号", "重发付款编号", "来源" };
    for (int k = 0; k < 12; k++) {
        char zRef[8];
        snprintf(zRef, sizeof(zRef), "%c10", 'A' + k);
        CHECK_S(s, zRef, azHead[k]);
    }
    CHECK_S(s, "A11", "2023-07");
    CHECK_S(s, "B11", "最低生活保障");
    CHECK_S(s, "C11", "W0");
    CHECK_S(s, "D11", "320613");
    CHECK_N(s, "E11", 820);
    CHECK_S(s, "F11", "账户冻结");
    CHECK_S(s, "G11", "2023-07");
    CHECK_S(s, "H11", tc_zAcctW0);
    CHECK_S(s, "I11", "已重发");
    CHECK_S(s, "J11", "202307-320613-000001");
    CHECK_S(s, "K11", "202308-320613-000001");   /* the REISSUE line rides on W0's row */
    CHECK_S(s, "L11", "本月新增");
    CHECK_S(s, "D12", "320612");
    CHECK_S(s, "I12", "挂账中");
    CHECK_S(s, "K12", "");
    CHECK_S(s, "B13", "特困人员救助供养");
    CHECK_S(s, "G13", "2023-01");
    CHECK_S(s, "I13", "已过期");
    CHECK_S(s, "L13", "上月结转");
    CHECK_S(s, "I14", "补发结清");
    CHECK_S(s, "A15", "合计 4 笔");
    CHECK_N(s, "E15", 2730);
    CHECK_S(s, "B17", "制表人：");
    xr_close(x);
    pr_batch_free(b);
}

static void test_summary_adjustments(void)
{
    pr_batch *b = tc_month();
    xr_book *x = open_book(write_summary(b, NULL, "adj"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    const xr_sheet *s = sheet(x, "调整");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CHECK_S(s, "A1", "2023-08 调整（补发、补差、临时救助、追回）");
    CHECK_S(s, "A3", "类型");
    CHECK_S(s, "G3", "接受金额(元)");
    /* by type, then district */
    static const char *const azType[6] = { "补发", "补差", "临时救助", "临时救助", "追回", "（无法识别）" };
    static const char *const azCode[6] = { "320613", "320613", "320612", "320613", "320613", "" };
    static const char *const azName[6] = { "崇川区", "崇川区", "通州区", "崇川区", "崇川区", "（未确定）" };
    static const double aN[6][4] = { { 1, 1, 0, 410 }, { 1, 0, 0, 30 }, { 2, 0, 0, 1700 }, { 1, 0, 1, 800 },
                                     { 1, 0, 0, 1000 }, { 0, 1, 0, 0 } };
    for (int i = 0; i < 6; i++) {
        char zRef[8];
        snprintf(zRef, sizeof(zRef), "A%d", i + 4);
        CHECK_S(s, zRef, azType[i]);
        snprintf(zRef, sizeof(zRef), "B%d", i + 4);
        CHECK_S(s, zRef, azCode[i]);
        snprintf(zRef, sizeof(zRef), "C%d", i + 4);
        CHECK_S(s, zRef, azName[i]);
        for (int k = 0; k < 4; k++) {
            snprintf(zRef, sizeof(zRef), "%c%d", 'D' + k, i + 4);
            CHECK_N(s, zRef, aN[i][k]);
        }
    }
    CHECK_S(s, "A10", "合计");
    CHECK_N(s, "D10", 6);
    CHECK_N(s, "E10", 2);
    CHECK_N(s, "F10", 1);
    CHECK_N(s, "G10", 3940);
    static const char *const azHead[10] = { "文件:行", "类型", "项目", "对象编号", "所属期", "金额(元)", "文号", "审批人",
                                            "状态", "代码" };
    for (int k = 0; k < 10; k++) {
        char zRef[8];
        snprintf(zRef, sizeof(zRef), "%c12", 'A' + k);
        CHECK_S(s, zRef, azHead[k]);
    }
    CHECK_S(s, "A13", "adj-崇川.csv:2");
    CHECK_S(s, "B13", "补发");
    CHECK_S(s, "C13", "最低生活保障");
    CHECK_S(s, "D13", "W1");
    CHECK_S(s, "E13", "2023-06");
    CHECK_N(s, "F13", 410);
    CHECK_S(s, "G13", "崇民〔2023〕12号");
    CHECK_S(s, "H13", "李四");
    CHECK_S(s, "I13", "已接受");
    CHECK_S(s, "J13", "");
    CHECK_S(s, "B16", "临时救助");
    CHECK_S(s, "C16", "临时救助");
    CHECK_N(s, "F16", 6000);
    CHECK_S(s, "I16", "暂缓");
    CHECK_S(s, "J16", "TEMP_OVER_LIMIT");
    CHECK_S(s, "I17", "退回");
    CHECK_S(s, "J17", "ADJ_ALREADY_PAID");
    CHECK_S(s, "B18", "追回");
    CHECK_S(s, "A19", "adj-崇川.csv:8");
    CHECK_S(s, "B19", "（无法识别）");
    CHECK_S(s, "C19", "（无法识别）");
    CHECK_S(s, "E19", "");
    CU_ASSERT_PTR_NULL(xr_cell_at(s, "F19"));   /* no amount */
    CHECK_S(s, "J19", "ADJ_BAD_ROW");
    CHECK_S(s, "A21", "adj-通州.csv:3");
    CHECK_S(s, "A22", "合计 9 行，已接受金额");
    CU_ASSERT_STRING_EQUAL(F(s, "F22"), "SUMIF(I13:I21,\"已接受\",F13:F21)");
    CHECK_N(s, "F22", 3940);
    CHECK_S(s, "B24", "制表人：");
    xr_close(x);
    pr_batch_free(b);
}

static void test_summary_recoveries(void)
{
    pr_batch *b = tc_month();
    xr_book *x = open_book(write_summary(b, NULL, "rec"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    const xr_sheet *s = sheet(x, "追回");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CHECK_S(s, "A1", "2023-08 追回情况");
    static const char *const azHead[9] = { "项目", "对象编号", "区划代码", "文号", "立项月份", "应追回(元)", "本月追回(元)",
                                           "余额(元)", "状态" };
    for (int k = 0; k < 9; k++) {
        char zRef[8];
        snprintf(zRef, sizeof(zRef), "%c3", 'A' + k);
        CHECK_S(s, zRef, azHead[k]);
    }
    CHECK_S(s, "A4", "最低生活保障");
    CHECK_S(s, "B4", "W3");
    CHECK_S(s, "C4", "320613");
    CHECK_S(s, "D4", "崇民追〔2023〕5号");
    CHECK_S(s, "E4", "2023-08");
    CHECK_N(s, "F4", 1000);
    CHECK_N(s, "G4", 0);
    CHECK_N(s, "H4", 1000);
    CHECK_S(s, "I4", "未结清");
    CHECK_S(s, "A5", "特困人员救助供养");
    CHECK_S(s, "E5", "2023-05");
    CHECK_N(s, "F5", 300);
    CHECK_N(s, "G5", 100);
    CHECK_N(s, "H5", 0);
    CHECK_S(s, "I5", "已结清");
    CHECK_S(s, "A6", "合计 2 笔（未结清 1 笔）");
    CU_ASSERT_STRING_EQUAL(F(s, "F6"), "SUM(F4:F5)");
    CHECK_N(s, "F6", 1300);
    CHECK_N(s, "G6", 100);
    CHECK_N(s, "H6", 1000);
    CHECK_S(s, "B8", "制表人：");
    xr_close(x);
    pr_batch_free(b);
}

/* An empty cycle: each sheet says there is nothing, and why. */
static void test_summary_empty_cycle(void)
{
    pr_batch *b = tc_base();
    xr_book *x = open_book(write_summary(b, NULL, "empty"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(xr_sheet_count(x), 11);
    const xr_sheet *s = sheet(x, "回盘");
    CHECK_S(s, "A1", "2023-08 回盘情况");
    CHECK_S(s, "A3", "本月无回盘数据：未指定上月发放文件夹（--prev）。");
    s = sheet(x, "挂账");
    CHECK_S(s, "A3", "本月无挂账记录。");
    CU_ASSERT_EQUAL(xr_cell_count(s), 2);
    s = sheet(x, "调整");
    CHECK_S(s, "A3", "本月无调整。");
    s = sheet(x, "追回");
    CHECK_S(s, "A3", "本月无追回记录。");
    xr_close(x);
    /* with --prev but a previous month without bank rows, and no returns */
    b->pCycle->bPrev = 1;
    b->pCycle->iPrevMonth = b->iMonth - 1;
    x = open_book(write_summary(b, NULL, "empty-prev"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    s = sheet(x, "回盘");
    CHECK_S(s, "A1", "2023-07 代发回盘情况（2023-08 处理）");
    CHECK_S(s, "B3", "2023-07");
    CHECK_S(s, "A5", "未收到回盘文件：上月代发记录均按已到账计。");
    CHECK_S(s, "A7", "本月无回盘数据：上月无代发记录。");
    xr_close(x);
    pr_batch_free(b);
}

/* 变动 with lines that are not REGULAR: the regular changes first, then the
 * others apart with their period, pay_ref and reference; the totals count
 * REGULAR lines and the others in columns of their own. */
static void test_summary_changes(void)
{
    pr_batch *b = tc_month();
    pr_err e;
    pr_err_init(&e);
    pr_changes *c = pr_changes_new(&e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    static pr_change aChange[3];
    memset(aChange, 0, sizeof(aChange));
    aChange[0] = (pr_change){ CHANGE_NEW, PROG_DIBAO, 320613, "W4", "人4", 0, 82000, "", -1, "", "" };
    aChange[1] = (pr_change){ CHANGE_REISSUE, PROG_DIBAO, 320613, "W0", "人0", 0, 82000, "重发 2023-07: 账户冻结",
                              b->iMonth - 1, "202307-320613-000001", "202308-320613-000001" };
    aChange[2] = (pr_change){ CHANGE_TEMPORARY, PROG_TEMP, 320613, "X", "钱七", 0, 80000, "临时救助 2023-08: 火灾",
                              b->iMonth, "崇民临〔2023〕8号", "202308-320613-000008" };
    static pr_change_total aTot[2];
    memset(aTot, 0, sizeof(aTot));
    aTot[0] = (pr_change_total){ 320613, PROG_DIBAO, 4, 5, 328000, 410000, 1, 0, 0, 2, 123000 };
    aTot[1] = (pr_change_total){ 320613, PROG_TEMP, 0, 0, 0, 0, 0, 0, 0, 1, 80000 };
    c->aChange = malloc(sizeof(aChange));
    c->aTotal = malloc(sizeof(aTot));
    CU_ASSERT_FATAL(c->aChange && c->aTotal);
    memcpy(c->aChange, aChange, sizeof(aChange));
    memcpy(c->aTotal, aTot, sizeof(aTot));
    c->nChange = 3;
    c->nTotal = 2;
    c->bHasPrev = 1;
    snprintf(c->zPrevMonth, sizeof(c->zPrevMonth), "2023-07");
    xr_book *x = open_book(write_summary(b, c, "changes"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_STRING_EQUAL(xr_sheet_name(x, 3), "变动");
    const xr_sheet *s = sheet(x, "变动");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CHECK_S(s, "A2", "新增");
    CHECK_S(s, "D2", "W4");
    CHECK_N(s, "G2", 820);
    CHECK_S(s, "A3", "");
    CHECK_S(s, "A4", "重发、补发、补差、临时救助（不计入上述变动）");
    static const char *const azHead[10] = { "类型", "项目", "区划代码", "对象编号", "姓名", "所属期", "金额(元)", "付款编号",
                                            "计算依据", "文号/原付款编号" };
    for (int k = 0; k < 10; k++) {
        char zRef[8];
        snprintf(zRef, sizeof(zRef), "%c5", 'A' + k);
        CHECK_S(s, zRef, azHead[k]);
    }
    CHECK_S(s, "A6", "重发");
    CHECK_S(s, "D6", "W0");
    CHECK_S(s, "F6", "2023-07");
    CHECK_N(s, "G6", 820);
    CHECK_S(s, "H6", "202308-320613-000001");
    CHECK_S(s, "I6", "重发 2023-07: 账户冻结");
    CHECK_S(s, "J6", "202307-320613-000001");
    CHECK_S(s, "A7", "临时救助");
    CHECK_S(s, "B7", "TEMP 临时救助");
    CHECK_S(s, "J7", "崇民临〔2023〕8号");
    CHECK_S(s, "A8", "合计 2 笔");
    CHECK_N(s, "G8", 1620);
    CHECK_S(s, "A10", "按区县和项目");
    CHECK_S(s, "C11", "上月正常笔数");
    CHECK_S(s, "K11", "重发/补发/补差/临时救助笔数");
    CHECK_N(s, "D12", 5);
    CHECK_N(s, "K12", 2);
    CHECK_N(s, "L12", 1230);
    CHECK_S(s, "B13", "TEMP 临时救助");
    CHECK_N(s, "K13", 1);
    CHECK_N(s, "L13", 800);
    xr_close(x);
    /* none of the regular kind: the sheet says so */
    c->aChange[0] = c->aChange[1];
    c->aChange[1] = c->aChange[2];
    c->nChange = 2;
    x = open_book(write_summary(b, c, "changes2"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    s = sheet(x, "变动");
    CHECK_S(s, "A2", "本月正常发放与上月相比无变动。");
    CHECK_S(s, "A4", "重发、补发、补差、临时救助（不计入上述变动）");
    CHECK_S(s, "A6", "重发");
    xr_close(x);
    pr_changes_free(c);
    pr_batch_free(b);
}

/* ---- the whole month -------------------------------------------------------- */

/* The month through pr_publish_month: the reconciliation ties ledger,
 * district and bank books for lines of every type and TEMP, and the month
 * verifies. */
static void test_publish_cycle_month(void)
{
    pr_batch *b = tc_month();
    pr_outdir dir;
    char zOut[512];
    snprintf(zOut, sizeof(zOut), "%s/cyclepub", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(pr_outdir_begin(&dir, zOut, "2023-08", 0, NULL), PR_OK);
    /* the reject rate counts the cycle files' rejected rows too (3 of 23
     * rows here): not what this test is about */
    pr_publish_opts o = { .nMaxRejectBp = 10000 };
    pr_publish_result r;
    pr_publish_month(b, &dir, &o, &r);
    CU_ASSERT_EQUAL(r.rc, PR_EXIT_DONE);
    if (r.rc != PR_EXIT_DONE) fprintf(stderr, "\npublish: %d %s\n", r.rc, r.zReason);
    CU_ASSERT_EQUAL(r.nFailedChecks, 0);
    CU_ASSERT_PTR_NULL(strstr(r.zReason, "reconciliation"));
    int bBlank = 0;
    for (int i = 0; i < r.nFile; i++) bBlank |= strcmp(r.azFile[i], "bank-未填开户银行.xlsx") == 0;
    CU_ASSERT_TRUE(bBlank);
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/2023-08/summary.xlsx", zOut);
    xr_book *x = open_book(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    const xr_sheet *s = sheet(x, "对账");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    int nPass = 0, nFail = 0;
    for (int k = 0; k < xr_cell_count(s) + 2; k++) {
        char zRef[16];
        snprintf(zRef, sizeof(zRef), "F%d", k + 2);
        nPass += strcmp(S(s, zRef), "通过") == 0;
        nFail += strcmp(S(s, zRef), "不通过") == 0;
    }
    CU_ASSERT(nPass > 5);
    CU_ASSERT_EQUAL(nFail, 0);
    xr_close(x);
    pr_publish_result_clear(&r);
    pr_batch_free(b);
}

static const pr_test aTests[] = {
    { "district books: 类型, 所属期, 临时救助", test_district_types },
    { "district books: regular lines only", test_district_regular_only },
    { "bank books: 付款编号 and lines of every type", test_bank_payref },
    { "bank books: a row is a pay_ref", test_bank_rows_are_payrefs },
    { "summary: sheet order, 汇总 with TEMP", test_summary_sheets_order },
    { "summary: 回盘", test_summary_returns },
    { "summary: 到账率 rounds down", test_summary_rate_rounds_down },
    { "summary: 挂账", test_summary_arrears },
    { "summary: 调整", test_summary_adjustments },
    { "summary: 追回", test_summary_recoveries },
    { "summary: empty cycle", test_summary_empty_cycle },
    { "summary: 变动 with other lines", test_summary_changes },
    { "publish: the cycle's month reconciles", test_publish_cycle_month },
};

int suite_cycle_books(void) { PR_ADD_SUITE("cycle_books", aTests); }
