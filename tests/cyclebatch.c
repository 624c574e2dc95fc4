/*
 * cyclebatch.c - the hand-built month of the payment cycle (cyclebatch.h).
 *
 * 2023-08, on top of tc_base():
 *   lines added (320613 崇川区 unless said)
 *     REISSUE    DIBAO W0  2023-07   820.00  ref 202307-320613-000001, W0's
 *                own account: the same bank row as W0's REGULAR line
 *     BACKPAY    DIBAO W1  2023-06   410.00  ref 崇民〔2023〕12号, to a new
 *                account of 人1: a bank row of its own
 *     DIFFERENCE TEKUN 甲  2023-07    30.00  ref 崇民〔2023〕15号, into the
 *                institution's row (3 lines, 4,244.00)
 *     TEMPORARY  TEMP 钱七 2023-08   800.00  江苏银行
 *     TEMPORARY  TEMP 赵六 2023-08 1,500.00  320612, no bank (未填开户银行)
 *     TEMPORARY  TEMP 赵六 2023-08   200.00  320612, bank "未填开户银行" as
 *                given, the same account and payee: a second bank row
 *   bank rows of 320613 in ledger order: W0 (2 lines) 000001, W1 000002,
 *     W1's back pay 000003, W2..W4 000004..6, the institution 000007,
 *     钱七 000008; of 320612: 赵六 000001 and 000002.
 *   totals: 320613 DIBAO 7 lines 5 persons 5,330.00; TEKUN 3 lines 2
 *     persons 4,244.00; TEMP 1 line 1 person 800.00; 320612 TEMP 2 lines
 *     2 persons 1,700.00.
 *   cycle: the previous month 2023-07; returns files returns-江苏银行.csv
 *     (6 rows, 5 accepted, 1 rejected) and returns-农商银行.csv (1, 1, 0);
 *     回盘 江苏银行/320613 6 rows 4,920.00, 1 failed 820.00; 农商银行/320613
 *     1 row 4,214.00, none failed; no bank/320612 1 row 1,000.00 failed.
 *   arrears: W0 2023-07 820.00 new REISSUED; H9 (320612) 2023-07 1,000.00
 *     new OPEN; 乙 2023-01 500.00 carried EXPIRED; W1 2023-06 410.00
 *     carried SETTLED.
 *   adjustments: adj-崇川.csv lines 2-8 (back pay W1 accepted, difference
 *     甲 accepted, temporary 钱七 accepted, temporary 孙八 6,000.00 HELD
 *     TEMP_OVER_LIMIT, back pay W2 REJECTED ADJ_ALREADY_PAID, recovery W3
 *     1,000.00 accepted, a row not understood REJECTED ADJ_BAD_ROW);
 *     adj-通州.csv lines 2-3 (temporary 赵六 1,500.00 and 200.00 accepted).
 *   recoveries: W3 since 2023-08 1,000.00, nothing recovered, open; 乙
 *     since 2023-05 300.00, 100.00 recovered, closed.
 */
#include "tests/cyclebatch.h"
#include "tests/batchutil.h"
#include "rules/payref.h"
#include "io/bigmem.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char tc_zW0[20], tc_zJia[20], tc_zZhao[20], tc_zQian[20];
char tc_zAcctW0[20], tc_zAcctW1New[20], tc_zAcctZhao[20];

#define DIBAO_HEAD "household_id,id_number,name,district,area,relation,household_income,bank,account\n"
#define TEKUN_HEAD "id_number,name,district,area,care_level,support_mode,institution,institution_bank,institution_account,bank,account\n"

pr_batch *tc_base(void)
{
    static char zD[4096], zT[2048];
    snprintf(zD, sizeof(zD), "%s", DIBAO_HEAD);
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
    snprintf(tc_zW0, sizeof(tc_zW0), "W0");
    snprintf(tc_zJia, sizeof(tc_zJia), "%s", tb_id("19400301", 110));
    snprintf(tc_zZhao, sizeof(tc_zZhao), "%s", tb_id_region("320612", "19850505", 7));
    snprintf(tc_zQian, sizeof(tc_zQian), "%s", tb_id("19900606", 8));
    snprintf(tc_zAcctW0, sizeof(tc_zAcctW0), "%s", tb_account(200));
    snprintf(tc_zAcctW1New, sizeof(tc_zAcctW1New), "%s", tb_account(901));
    snprintf(tc_zAcctZhao, sizeof(tc_zAcctZhao), "%s", tb_account(902));
    return b;
}

/* The ledger order (docs/RULES.md, "Lines and their order"). */
static int cmp_ledger(const void *a, const void *b)
{
    const pr_line *x = a, *y = b;
    if (x->iDistrict != y->iDistrict) return x->iDistrict < y->iDistrict ? -1 : 1;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    int c = strcmp(x->zBeneficiary, y->zBeneficiary);
    if (c) return c;
    if (x->eType != y->eType) return x->eType < y->eType ? -1 : 1;
    if (x->iPeriod != y->iPeriod) return x->iPeriod < y->iPeriod ? -1 : 1;
    return strcmp(x->zReference, y->zReference);
}

int tc_add_lines(pr_batch *b, const pr_line *aAdd, int nAdd)
{
    pr_line *a = pr_big_realloc(b->aLine, ((size_t)b->nLine + (size_t)nAdd + 1) * sizeof(*a));
    if (!a) return -1;
    b->aLine = a;
    memcpy(a + b->nLine, aAdd, (size_t)nAdd * sizeof(*a));
    b->nLine += nAdd;
    b->nLineCap = b->nLine + 1;
    qsort(a, (size_t)b->nLine, sizeof(*a), cmp_ledger);
    for (int i = 0; i < b->nLine; i++) a[i].iPaySeq = 0;
    if (pr_number_bank_rows(b)) return -1;
    memset(b->aTotal, 0, (size_t)b->nDistrict * PROG_COUNT * sizeof(*b->aTotal));
    for (int i = 0; i < b->nLine; i++) {
        pr_total *t = &b->aTotal[pr_batch_district_index(b, a[i].iDistrict) * PROG_COUNT + a[i].eProg];
        t->nLines++;
        t->nPersons += a[i].nPersons;
        t->nFen += a[i].nAmount;
    }
    return 0;
}

int tc_line(const pr_batch *b, pr_prog eProg, const char *zBen, pr_ltype eType)
{
    for (int i = 0; i < b->nLine; i++) {
        const pr_line *l = &b->aLine[i];
        if (l->eProg == eProg && l->eType == eType && strcmp(l->zBeneficiary, zBen) == 0) return i;
    }
    return -1;
}

/* A line of another type from a REGULAR one: its payee fields, no persons,
 * nothing of this month's computation. */
pr_line tc_other_of(const pr_line *l, pr_ltype eType, int iPeriod, int64_t nFen, const char *zRef,
                        const char *zBasis)
{
    pr_line x = *l;
    x.eType = (uint8_t)eType;
    x.iPeriod = iPeriod;
    x.nAmount = nFen;
    x.zReference = zRef;
    x.zBasis = zBasis;
    x.nPersons = 0;
    x.nStd = 0;
    x.nIncome = -1;
    x.supp.nNum = 0;
    x.supp.nDen = 1;
    x.iPaySeq = 0;
    return x;
}

/* A TEMPORARY line of the TEMP programme. */
pr_line tc_temp_line(int iMonth, int iDistrict, const char *zId, const char *zName, const char *zBank,
                         const char *zAccount, int64_t nFen, const char *zRef, const char *zBasis)
{
    pr_line x;
    memset(&x, 0, sizeof(x));
    x.eProg = PROG_TEMP;
    x.eArea = AREA_URBAN;
    x.iDistrict = iDistrict;
    x.zBeneficiary = zId;
    x.zHousehold = "";
    x.zPerson = zId;
    x.zName = zName;
    x.zPayee = zName;
    x.zBank = zBank;
    x.zAccount = zAccount;
    x.zTown = "";
    x.zVillage = "";
    x.nAmount = nFen;
    x.zBasis = zBasis;
    x.nPersons = 1;
    x.nIncome = -1;
    x.supp.nDen = 1;
    x.eType = LT_TEMPORARY;
    x.iPeriod = iMonth;
    x.zReference = zRef;
    return x;
}

static int month(int y, int m) { return y * 12 + m - 1; }

/* A copy of z in the cycle's arena (tb_id and tb_account hand out ring
 * buffers that later calls overwrite). */
static const char *keep(pr_batch *b, const char *z)
{
    const char *k = pr_arena_strndup(&b->pCycle->arena, z, strlen(z));
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    return k;
}

static void add_adj(pr_cycle *c, uint32_t iFile, uint32_t iLine, int eType, int eProg, int iPeriod, int64_t nFen,
                    const char *zBen, const char *zRef, const char *zBy, int eStatus, const char *zCode, int iDistrict)
{
    pr_adj *a = pr_cycle_add_adj(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    a->iFile = iFile;
    a->iLine = iLine;
    a->eType = (int8_t)eType;
    a->eProg = (int8_t)eProg;
    a->iPeriod = iPeriod;
    a->nFen = nFen;
    a->zBeneficiary = zBen;
    a->zReference = zRef;
    a->zApprovedBy = zBy;
    a->zReason = "";
    a->eStatus = (uint8_t)eStatus;
    a->zCode = zCode;
    a->iDistrictUsed = iDistrict;
    a->iArrears = -1;
}

static void add_arrears(pr_cycle *c, int iPeriod, int eProg, int eState, int bNew, int iDistrict, const char *zBen,
                        int64_t nFen, const char *zReason, int iSince, const char *zAcct, const char *zPayRef)
{
    pr_arrears *a = pr_cycle_add_arrears(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    a->iPeriod = iPeriod;
    a->eProg = (uint8_t)eProg;
    a->eState = (uint8_t)eState;
    a->bNew = (uint8_t)bNew;
    a->iDistrict = iDistrict;
    a->zBeneficiary = zBen;
    a->nFen = nFen;
    a->zReason = zReason;
    a->iSince = iSince;
    a->zFailedAccount = zAcct;
    a->zPayRef = zPayRef;
    a->iReissue = -1;
}

pr_batch *tc_month(void)
{
    pr_batch *b = tc_base();
    int iAug = month(2023, 8), iJul = month(2023, 7);
    int iW0 = tc_line(b, PROG_DIBAO, "W0", LT_REGULAR), iW1 = tc_line(b, PROG_DIBAO, "W1", LT_REGULAR);
    int iJia = tc_line(b, PROG_TEKUN, tc_zJia, LT_REGULAR);
    CU_ASSERT_FATAL(iW0 >= 0 && iW1 >= 0 && iJia >= 0);
    pr_line aAdd[6];
    aAdd[0] = tc_other_of(&b->aLine[iW0], LT_REISSUE, iJul, 82000, "202307-320613-000001", "重发 2023-07: 账户冻结");
    aAdd[1] = tc_other_of(&b->aLine[iW1], LT_BACKPAY, month(2023, 6), 41000, "崇民〔2023〕12号",
                       "补发 2023-06: 审批延迟 (崇民〔2023〕12号)");
    aAdd[1].zAccount = tc_zAcctW1New;
    aAdd[2] = tc_other_of(&b->aLine[iJia], LT_DIFFERENCE, iJul, 3000, "崇民〔2023〕15号", "补差 2023-07: 标准调整 (崇民〔2023〕15号)");
    aAdd[3] = tc_temp_line(iAug, 320613, tc_zQian, "钱七", "江苏银行", keep(b, tb_account(903)), 80000, "崇民临〔2023〕8号",
                        "临时救助 2023-08: 火灾 (崇民临〔2023〕8号)");
    aAdd[4] = tc_temp_line(iAug, 320612, tc_zZhao, "赵六", "", tc_zAcctZhao, 150000, "通民临〔2023〕3号",
                        "临时救助 2023-08: 大病 (通民临〔2023〕3号)");
    aAdd[5] = tc_temp_line(iAug, 320612, tc_zZhao, "赵六", "未填开户银行", tc_zAcctZhao, 20000, "通民临〔2023〕4号",
                        "临时救助 2023-08: 交通 (通民临〔2023〕4号)");
    CU_ASSERT_EQUAL_FATAL(tc_add_lines(b, aAdd, 6), 0);

    pr_cycle *c = b->pCycle;
    c->bPrev = 1;
    c->iPrevMonth = iJul;
    int iRet1 = pr_batch_add_cycle_input(b, "returns-江苏银行.csv", INPUT_RETURNS);
    int iRet2 = pr_batch_add_cycle_input(b, "returns-农商银行.csv", INPUT_RETURNS);
    int iAdj1 = pr_batch_add_cycle_input(b, "adj-崇川.csv", INPUT_ADJUSTMENTS);
    int iAdj2 = pr_batch_add_cycle_input(b, "adj-通州.csv", INPUT_ADJUSTMENTS);
    CU_ASSERT_FATAL(iRet1 >= 0 && iRet2 >= 0 && iAdj1 >= 0 && iAdj2 >= 0);
    b->aInput[iRet1].nRows = 6;
    b->aInput[iRet1].aCount[ST_PAID] = 5;
    b->aInput[iRet1].aCount[ST_REJECTED] = 1;
    b->aInput[iRet2].nRows = 1;
    b->aInput[iRet2].aCount[ST_PAID] = 1;
    b->aInput[iAdj1].nRows = 7;
    b->aInput[iAdj1].aCount[ST_PAID] = 4;
    b->aInput[iAdj1].aCount[ST_REJECTED] = 2;
    b->aInput[iAdj1].aCount[ST_HELD] = 1;
    b->aInput[iAdj2].nRows = 2;
    b->aInput[iAdj2].aCount[ST_PAID] = 2;

    static const pr_retstat aStat[3] = {
        { "江苏银行", 320613, 6, 492000, 1, 82000 },
        { "农商银行", 320613, 1, 421400, 0, 0 },
        { "", 320612, 1, 100000, 1, 100000 },
    };
    c->aStat = malloc(sizeof(aStat));
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->aStat);
    memcpy(c->aStat, aStat, sizeof(aStat));
    c->nStat = 3;
    /* July's manifest total is what the rows sent add up to, and the two
     * failed rows are those the returns failed (by pay_ref) */
    c->nPrevFen = 492000 + 421400 + 100000;
    static const struct { const char *zRef; const char *zBank; int iDistrict; int64_t nFen; } aFail[2] = {
        { "202307-320612-000001", "", 320612, 100000 }, { "202307-320613-000001", "江苏银行", 320613, 82000 },
    };
    for (int i = 0; i < 2; i++) {
        pr_bankrow *pRow = pr_cycle_add_row(c);
        CU_ASSERT_PTR_NOT_NULL_FATAL(pRow);
        pRow->zPayRef = aFail[i].zRef;
        pRow->zBank = aFail[i].zBank;
        pRow->zAccount = pRow->zPayee = "";
        pRow->iDistrict = aFail[i].iDistrict;
        pRow->eProg = PROG_DIBAO;
        pRow->nFen = aFail[i].nFen;
        pRow->bFailed = pRow->bAnswered = 1;
    }

    add_arrears(c, iJul, PROG_DIBAO, AS_REISSUED, 1, 320613, "W0", 82000, "账户冻结", iJul, tc_zAcctW0, "202307-320613-000001");
    c->aArr[0].iReissue = tc_line(b, PROG_DIBAO, "W0", LT_REISSUE);
    add_arrears(c, iJul, PROG_DIBAO, AS_OPEN, 1, 320612, "H9", 100000, "账户已销户", iJul, keep(b, tb_account(950)), "202307-320612-000001");
    add_arrears(c, month(2023, 1), PROG_TEKUN, AS_EXPIRED, 0, 320613, keep(b, tb_id("19400302", 111)), 50000, "查无此户",
                month(2023, 1), keep(b, tb_account(951)), "202301-320613-000009");
    add_arrears(c, month(2023, 6), PROG_DIBAO, AS_SETTLED, 0, 320613, "W1", 41000, "户名不符", month(2023, 6),
                keep(b, tb_account(952)), "202306-320613-000002");

    add_adj(c, (uint32_t)iAdj1, 2, ADJ_BACKPAY, PROG_DIBAO, month(2023, 6), 41000, "W1", "崇民〔2023〕12号", "李四", ST_PAID, NULL, 320613);
    c->aAdj[0].iArrears = 3;
    add_adj(c, (uint32_t)iAdj1, 3, ADJ_DIFFERENCE, PROG_TEKUN, iJul, 3000, tc_zJia, "崇民〔2023〕15号", "李四", ST_PAID, NULL, 320613);
    add_adj(c, (uint32_t)iAdj1, 4, ADJ_TEMPORARY, PROG_TEMP, iAug, 80000, tc_zQian, "崇民临〔2023〕8号", "王五", ST_PAID, NULL, 320613);
    add_adj(c, (uint32_t)iAdj1, 5, ADJ_TEMPORARY, PROG_TEMP, iAug, 600000, keep(b, tb_id("19700707", 9)), "崇民临〔2023〕9号", "王五",
            ST_HELD, "TEMP_OVER_LIMIT", 320613);
    add_adj(c, (uint32_t)iAdj1, 6, ADJ_BACKPAY, PROG_DIBAO, month(2023, 5), 82000, "W2", "崇民〔2023〕13号", "李四",
            ST_REJECTED, "ADJ_ALREADY_PAID", 320613);
    add_adj(c, (uint32_t)iAdj1, 7, ADJ_RECOVERY, PROG_DIBAO, iJul, 100000, "W3", "崇民追〔2023〕5号", "李四", ST_PAID, NULL, 320613);
    add_adj(c, (uint32_t)iAdj1, 8, -1, -1, -1, -1, "W4", "", "", ST_REJECTED, "ADJ_BAD_ROW", 0);
    add_adj(c, (uint32_t)iAdj2, 2, ADJ_TEMPORARY, PROG_TEMP, iAug, 150000, tc_zZhao, "通民临〔2023〕3号", "周九", ST_PAID, NULL, 320612);
    add_adj(c, (uint32_t)iAdj2, 3, ADJ_TEMPORARY, PROG_TEMP, iAug, 20000, tc_zZhao, "通民临〔2023〕4号", "周九", ST_PAID, NULL, 320612);

    pr_recovery *r = pr_cycle_add_recovery(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    r->eProg = PROG_DIBAO;
    r->bNew = 1;
    r->iDistrict = 320613;
    r->zBeneficiary = "W3";
    r->zReference = "崇民追〔2023〕5号";
    r->iSince = iAug;
    r->nFen = 100000;
    r->nBalance = 100000;
    r = pr_cycle_add_recovery(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    r->eProg = PROG_TEKUN;
    r->bClosed = 1;
    r->iDistrict = 320613;
    r->zBeneficiary = keep(b, tb_id("19400302", 111));
    r->zReference = "崇民追〔2023〕2号";
    r->iSince = month(2023, 5);
    r->nFen = 30000;
    r->nRecovered = 10000;
    r->nBalance = 0;
    b->aLine[iJia].nOffset = 10000;   /* what the recovery took from 甲's line */
    return b;
}
