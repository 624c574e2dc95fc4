/*
 * test_cyclefiles.c - the files of the payment cycle (formats/cyclefiles.c):
 * the returns and adjustments readers (outside input: Chinese and English
 * headers, a missing or doubled column, GB18030, gzip, blank lines, rows of
 * the wrong width, amounts, result words), and the registers arrears.csv,
 * recoveries.csv and adjustments.csv written from a hand-built cycle and
 * read back (OPEN rows carried, others skipped, a malformed register an
 * error naming file:line).
 */
#include "tests/testutil.h"
#include "formats/cyclefiles.h"
#include "model/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int month(const char *z)
{
    int i = -1;
    CU_ASSERT_EQUAL(pr_month_parse(z, strlen(z), &i), 0);
    return i;
}

/* Reads zPath as a returns file into a fresh cycle; the code in *pRc, the
 * message in zMsg (512 bytes). */
static pr_cycle *read_returns(const char *zPath, pr_encoding eEnc, pr_error *pRc, char *zMsg, uint32_t *pnRows)
{
    pr_cycle *c = pr_cycle_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    pr_err e;
    pr_err_init(&e);
    char zSha[65] = "";
    *pRc = pr_returns_read(c, zPath, 3, eEnc, zSha, pnRows, &e);
    snprintf(zMsg, 512, "%s", e.zMsg);
    if (*pRc == PR_OK) CU_ASSERT_EQUAL(strlen(zSha), 64);
    return c;
}

static pr_cycle *read_adj(const char *zPath, pr_encoding eEnc, pr_error *pRc, char *zMsg, uint32_t *pnRows)
{
    pr_cycle *c = pr_cycle_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    pr_err e;
    pr_err_init(&e);
    char zSha[65] = "";
    *pRc = pr_adjustments_read(c, zPath, 5, eEnc, zSha, pnRows, &e);
    snprintf(zMsg, 512, "%s", e.zMsg);
    return c;
}

/* ---- returns ----------------------------------------------------------------- */

/* English and Chinese headers, any order, optional columns absent */
static void test_returns_headers(void)
{
    static const char *const azFile[] = {
        "pay_ref,account,payee,amount,result,reason\n202308-320613-000001,6222,张三,12.50,failed,销户\n",
        "\xEF\xBB\xBF原因,结果,金额,收款人,银行账号,付款编号\r\n销户,失败,12.50,张三,6222,202308-320613-000001\r\n",
        " 付款编号 ,amount,银行账号,result\n202308-320613-000001,12.5,6222,失败\n",
    };
    for (size_t i = 0; i < sizeof(azFile) / sizeof(azFile[0]); i++) {
        pr_error rc;
        char zMsg[512];
        uint32_t nRows = 0;
        pr_cycle *c = read_returns(tu_write_str("ret-h.csv", azFile[i]), ENC_AUTO, &rc, zMsg, &nRows);
        CU_ASSERT_EQUAL(rc, PR_OK);
        CU_ASSERT_EQUAL(nRows, 1);
        CU_ASSERT_EQUAL_FATAL(c->nRet, 1);
        const pr_return *r = &c->aRet[0];
        CU_ASSERT_EQUAL(r->iFile, 3);
        CU_ASSERT_EQUAL(r->iLine, 2);
        CU_ASSERT_PTR_NULL(r->zBad);
        CU_ASSERT_STRING_EQUAL(r->zPayRef, "202308-320613-000001");
        CU_ASSERT_STRING_EQUAL(r->zAccount, "6222");
        CU_ASSERT_EQUAL(r->nFen, 1250);
        CU_ASSERT_EQUAL(r->eResult, RET_FAILED);
        CU_ASSERT_STRING_EQUAL(r->zPayee, i == 2 ? "" : "张三");
        CU_ASSERT_STRING_EQUAL(r->zReason, i == 2 ? "" : "销户");
        pr_cycle_free(c);
    }
}

/* a required column missing, or a column twice: PR_ERR_HEADER naming the
 * file and the header's line */
static void test_returns_bad_header(void)
{
    static const struct { const char *zText, *zWant; } aCase[] = {
        { "pay_ref,account,payee,result\nx,1,2,成功\n", ":1: required column '金额' (or 'amount')" },
        { "\n\n付款编号,银行账号,金额\nx,1,2\n", ":3: required column '结果' (or 'result')" },
        { "付款编号,pay_ref,account,amount,result\n", ":1: column '付款编号'/'pay_ref' appears twice" },
        { "pay_ref,account,amount,result,amount\n", ":1: column '金额'/'amount' appears twice" },
        { "", "the file is empty" },
        { "\n\n", "the file is empty" },
        { "\"pay_ref,account\n", "the header is not a CSV row" },
    };
    for (size_t i = 0; i < sizeof(aCase) / sizeof(aCase[0]); i++) {
        pr_error rc;
        char zMsg[512];
        uint32_t nRows;
        const char *zPath = tu_write_str("ret-bad.csv", aCase[i].zText);
        pr_cycle *c = read_returns(zPath, ENC_AUTO, &rc, zMsg, &nRows);
        CU_ASSERT_EQUAL(rc, PR_ERR_HEADER);
        CU_ASSERT_PTR_NOT_NULL(strstr(zMsg, zPath));
        if (!strstr(zMsg, aCase[i].zWant)) fprintf(stderr, "\ncase %zu: %s\n", i, zMsg);
        CU_ASSERT_PTR_NOT_NULL(strstr(zMsg, aCase[i].zWant));
        pr_cycle_free(c);
    }
    /* a file that is not there */
    pr_error rc;
    char zMsg[512];
    uint32_t nRows;
    pr_cycle *c = read_returns("/nonexistent/ret.csv", ENC_AUTO, &rc, zMsg, &nRows);
    CU_ASSERT_NOT_EQUAL(rc, PR_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(zMsg, "/nonexistent/ret.csv"));
    pr_cycle_free(c);
}

/* GB18030 (detected and forced), gzip in two members, blank lines kept out
 * of the rows but in the line numbers, rows of the wrong width and broken
 * quotes as zBad */
static void test_returns_dialects(void)
{
    const char *zUtf8 = "付款编号,银行账号,收款人,金额,结果,原因\n"
                        "202308-320613-000001,6222,张三,12,失败,账户已销户\n"
                        "\n"
                        "202308-320613-000002,6223,李四,1,成功,\n"
                        "202308-320613-000003,6224\n"
                        "202308-320613-000004,6224,王五,1,成功,,extra\n"
                        "202308-320613-000005,6224,\"王\"五,1,成功,\n";
    tu_write_str("ret-u8.csv", zUtf8);
    CU_ASSERT_EQUAL_FATAL(tu_sh("iconv -f UTF-8 -t GB18030 %s/ret-u8.csv > %s/ret-gb.csv", tu_tmpdir(), tu_tmpdir()), 0);
    const char *azPath[] = { tu_write_gz("ret-gz.csv.gz", zUtf8, 2), NULL, NULL };
    char zGb[600];
    snprintf(zGb, sizeof(zGb), "%s/ret-gb.csv", tu_tmpdir());
    azPath[1] = zGb;
    azPath[2] = zGb;
    static const pr_encoding aeEnc[] = { ENC_AUTO, ENC_AUTO, ENC_GB18030 };
    for (int k = 0; k < 3; k++) {
        pr_error rc;
        char zMsg[512];
        uint32_t nRows;
        pr_cycle *c = read_returns(azPath[k], aeEnc[k], &rc, zMsg, &nRows);
        CU_ASSERT_EQUAL_FATAL(rc, PR_OK);
        CU_ASSERT_EQUAL(nRows, 5);
        CU_ASSERT_EQUAL_FATAL(c->nRet, 5);
        CU_ASSERT_STRING_EQUAL(c->aRet[0].zPayee, "张三");
        CU_ASSERT_STRING_EQUAL(c->aRet[0].zReason, "账户已销户");
        CU_ASSERT_EQUAL(c->aRet[0].eResult, RET_FAILED);
        CU_ASSERT_EQUAL(c->aRet[0].nFen, 1200);
        CU_ASSERT_EQUAL(c->aRet[1].iLine, 4);   /* the blank line counts */
        CU_ASSERT_EQUAL(c->aRet[1].eResult, RET_SUCCESS);
        CU_ASSERT_PTR_NULL(c->aRet[1].zBad);
        for (int i = 2; i < 5; i++) {
            CU_ASSERT_PTR_NOT_NULL(c->aRet[i].zBad);
            CU_ASSERT_EQUAL(c->aRet[i].iLine, (uint32_t)i + 3);
            CU_ASSERT_STRING_EQUAL(c->aRet[i].zPayRef, "");   /* nothing taken from a bad row */
        }
        CU_ASSERT_PTR_NOT_NULL(strstr(c->aRet[2].zBad, "2 fields, the header has 6"));
        CU_ASSERT_PTR_NOT_NULL(strstr(c->aRet[3].zBad, "7 fields, the header has 6"));
        pr_cycle_free(c);
    }
}

/* amounts (yuan, at most two decimals, not negative) and result words */
static void test_returns_amounts_and_results(void)
{
    static const struct { const char *zAmount; long long nFen; } aAmt[] = {
        { "12", 1200 }, { "12.5", 1250 }, { "12.50", 1250 }, { "12.505", -1 }, { "-1", -1 }, { "abc", -1 },
        { "", -1 }, { "0", 0 }, { "-0", 0 }, { "+3", 300 }, { " 7.01 ", 701 }, { "1,000", -2 }, { "1e3", -1 },
        { "12.", -1 }, { ".5", -1 },
    };
    static const struct { const char *zResult; int eResult; } aRes[] = {
        { "成功", RET_SUCCESS }, { "success", RET_SUCCESS }, { "失败", RET_FAILED }, { "failed", RET_FAILED },
        { "Success", RET_BAD }, { "FAILED", RET_BAD }, { "fail", RET_BAD }, { "", RET_BAD }, { "ok", RET_BAD },
        { " 失败 ", RET_FAILED },
    };
    char zText[4096];
    size_t n = (size_t)snprintf(zText, sizeof(zText), "pay_ref,account,amount,result\n");
    size_t nAmt = sizeof(aAmt) / sizeof(aAmt[0]), nRes = sizeof(aRes) / sizeof(aRes[0]);
    for (size_t i = 0; i < nAmt; i++) {
        int bQuote = strchr(aAmt[i].zAmount, ',') != NULL;
        n += (size_t)snprintf(zText + n, sizeof(zText) - n, "r%zu,1,%s%s%s,成功\n", i, bQuote ? "\"" : "", aAmt[i].zAmount,
                              bQuote ? "\"" : "");
    }
    for (size_t i = 0; i < nRes; i++) n += (size_t)snprintf(zText + n, sizeof(zText) - n, "s%zu,1,1,%s\n", i, aRes[i].zResult);
    pr_error rc;
    char zMsg[512];
    uint32_t nRows;
    pr_cycle *c = read_returns(tu_write_str("ret-amt.csv", zText), ENC_AUTO, &rc, zMsg, &nRows);
    CU_ASSERT_EQUAL_FATAL(rc, PR_OK);
    CU_ASSERT_EQUAL_FATAL((size_t)c->nRet, nAmt + nRes);
    for (size_t i = 0; i < nAmt; i++) {
        long long nWant = aAmt[i].nFen == -2 ? -1 : aAmt[i].nFen;   /* "1,000" quoted: not money either */
        if (c->aRet[i].nFen != nWant) fprintf(stderr, "\namount '%s': %lld\n", aAmt[i].zAmount, (long long)c->aRet[i].nFen);
        CU_ASSERT_EQUAL(c->aRet[i].nFen, nWant);
    }
    for (size_t i = 0; i < nRes; i++) {
        if (c->aRet[nAmt + i].eResult != aRes[i].eResult) fprintf(stderr, "\nresult '%s'\n", aRes[i].zResult);
        CU_ASSERT_EQUAL(c->aRet[nAmt + i].eResult, aRes[i].eResult);
    }
    pr_cycle_free(c);
}

/* ---- adjustments ------------------------------------------------------------- */

static void test_adjustments_read(void)
{
    const char *zText =
        "类型,项目,对象编号,所属期,金额,文号,审批人,事由,姓名,区划代码,城乡类别,开户银行,银行账号,收款人\n"
        "补发,DIBAO,DB320613-0001,2023-07,1206,通民〔2023〕12号,王科长,回盘失败,,,,,,\n"
        "difference,TEKUN,320613194001010014,2023-06,12.5,R2,李处长,调标,,,,,,\n"
        "临时救助,TEMP,320613194001010014,2023-08,3000.00,R3,王科长,火灾,张一,320613,城市,中国银行,6222,张一\n"
        "RECOVERY,ORPHAN,320613194001010014,2023-08,0.01,R4,王科长,多发,,,,,,\n"
        "奖励,XX,,2023-13,0,,,,,,,,,\n"
        "追回,TEKUN,x,2023-08,-5,R6,王科长,r,,,,,,\n"
        "追回,TEKUN,x,2023-08,12.505,R7,王科长,r,,,,,,\n"
        "追回,TEKUN,x,2023-08,abc\n";
    const char *azPath[] = { tu_write_str("adj.csv", zText), tu_write_gz("adj.csv.gz", zText, 3) };
    for (int k = 0; k < 2; k++) {
        pr_error rc;
        char zMsg[512];
        uint32_t nRows;
        pr_cycle *c = read_adj(azPath[k], ENC_AUTO, &rc, zMsg, &nRows);
        CU_ASSERT_EQUAL_FATAL(rc, PR_OK);
        CU_ASSERT_EQUAL(nRows, 8);
        CU_ASSERT_EQUAL_FATAL(c->nAdj, 8);
        const pr_adj *a = c->aAdj;
        CU_ASSERT_EQUAL(a[0].eType, ADJ_BACKPAY);
        CU_ASSERT_EQUAL(a[0].eProg, PROG_DIBAO);
        CU_ASSERT_EQUAL(a[0].iPeriod, month("2023-07"));
        CU_ASSERT_EQUAL(a[0].nFen, 120600);
        CU_ASSERT_STRING_EQUAL(a[0].zReference, "通民〔2023〕12号");
        CU_ASSERT_STRING_EQUAL(a[0].zApprovedBy, "王科长");
        CU_ASSERT_STRING_EQUAL(a[0].zBeneficiary, "DB320613-0001");
        CU_ASSERT_EQUAL(a[0].iFile, 5);
        CU_ASSERT_EQUAL(a[0].iLine, 2);
        CU_ASSERT_EQUAL(a[0].iArrears, -1);
        CU_ASSERT_EQUAL(a[1].eType, ADJ_DIFFERENCE);
        CU_ASSERT_EQUAL(a[1].nFen, 1250);
        CU_ASSERT_EQUAL(a[2].eType, ADJ_TEMPORARY);
        CU_ASSERT_EQUAL(a[2].eProg, PROG_TEMP);
        CU_ASSERT_EQUAL(a[2].nFen, 300000);
        CU_ASSERT_STRING_EQUAL(a[2].zName, "张一");
        CU_ASSERT_STRING_EQUAL(a[2].zDistrict, "320613");
        CU_ASSERT_STRING_EQUAL(a[2].zArea, "城市");
        CU_ASSERT_STRING_EQUAL(a[2].zBank, "中国银行");
        CU_ASSERT_STRING_EQUAL(a[2].zAccount, "6222");
        CU_ASSERT_STRING_EQUAL(a[2].zPayee, "张一");
        CU_ASSERT_EQUAL(a[3].eType, ADJ_RECOVERY);   /* the code is accepted too */
        CU_ASSERT_EQUAL(a[3].eProg, PROG_ORPHAN);
        CU_ASSERT_EQUAL(a[3].nFen, 1);
        CU_ASSERT_EQUAL(a[4].eType, -1);
        CU_ASSERT_EQUAL(a[4].eProg, -1);
        CU_ASSERT_EQUAL(a[4].iPeriod, -1);
        CU_ASSERT_EQUAL(a[4].nFen, -1);               /* 0 is not positive */
        CU_ASSERT_PTR_NULL(a[4].zBad);
        CU_ASSERT_EQUAL(a[5].nFen, -1);
        CU_ASSERT_EQUAL(a[6].nFen, -1);
        CU_ASSERT_PTR_NOT_NULL(a[7].zBad);
        CU_ASSERT_EQUAL(a[7].iLine, 9);
        pr_cycle_free(c);
    }
    /* the English header, optional columns absent: "" */
    pr_error rc;
    char zMsg[512];
    uint32_t nRows;
    pr_cycle *c = read_adj(tu_write_str("adj-en.csv", "reason,approved_by,reference,amount,period,beneficiary_id,program,type\n"
                                                      "r,w,R1,1,2023-08,x,TEKUN,backpay\n"),
                           ENC_AUTO, &rc, zMsg, &nRows);
    CU_ASSERT_EQUAL_FATAL(rc, PR_OK);
    CU_ASSERT_EQUAL_FATAL(c->nAdj, 1);
    CU_ASSERT_EQUAL(c->aAdj[0].eType, ADJ_BACKPAY);
    CU_ASSERT_STRING_EQUAL(c->aAdj[0].zAccount, "");
    CU_ASSERT_STRING_EQUAL(c->aAdj[0].zName, "");
    pr_cycle_free(c);
    /* GB18030 */
    tu_write_str("adj-u8.csv", zText);
    CU_ASSERT_EQUAL_FATAL(tu_sh("iconv -f UTF-8 -t GB18030 %s/adj-u8.csv > %s/adj-gb.csv", tu_tmpdir(), tu_tmpdir()), 0);
    char zGb[600];
    snprintf(zGb, sizeof(zGb), "%s/adj-gb.csv", tu_tmpdir());
    c = read_adj(zGb, ENC_AUTO, &rc, zMsg, &nRows);
    CU_ASSERT_EQUAL_FATAL(rc, PR_OK);
    CU_ASSERT_EQUAL_FATAL(c->nAdj, 8);
    CU_ASSERT_EQUAL(c->aAdj[0].eType, ADJ_BACKPAY);
    CU_ASSERT_STRING_EQUAL(c->aAdj[0].zReference, "通民〔2023〕12号");
    pr_cycle_free(c);
    /* each required column missing in turn */
    static const char *const azCol[] = { "类型", "项目", "对象编号", "所属期", "金额", "文号", "审批人", "事由" };
    for (int i = 0; i < 8; i++) {
        char zHdr[512] = "";
        size_t n = 0;
        for (int j = 0; j < 8; j++)
            if (j != i) n += (size_t)snprintf(zHdr + n, sizeof(zHdr) - n, "%s%s", n ? "," : "", azCol[j]);
        snprintf(zHdr + n, sizeof(zHdr) - n, "\n");
        const char *zPath = tu_write_str("adj-miss.csv", zHdr);
        c = read_adj(zPath, ENC_AUTO, &rc, zMsg, &nRows);
        CU_ASSERT_EQUAL(rc, PR_ERR_HEADER);
        CU_ASSERT_PTR_NOT_NULL(strstr(zMsg, azCol[i]));
        CU_ASSERT_PTR_NOT_NULL(strstr(zMsg, ":1:"));
        pr_cycle_free(c);
    }
}

/* ---- the registers ----------------------------------------------------------- */

/* A batch holding a hand-made cycle: input 0 is "adj-in.csv". */
static pr_batch *hand_batch(void)
{
    pr_batch *b = pr_batch_new(month("2023-09"), 1, ENC_AUTO);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(pr_batch_add_cycle_input(b, "adj-in.csv", INPUT_ADJUSTMENTS), 0);
    return b;
}

static void test_arrears_round_trip(void)
{
    pr_batch *b = hand_batch();
    static const struct { const char *zBen, *zReason; int eState; long long nFen; } aE[] = {
        { "320613194001010014", "账户已销户", AS_OPEN, 210700 },
        { "DB320613-0001", "原因, 带逗号 \"引号\"", AS_OPEN, 1 },
        { "320613194001010022", "失败", AS_REISSUED, 5 },
        { "320613194001010030", "失败", AS_SETTLED, 6 },
        { "320613194001010049", "失败", AS_EXPIRED, 7 },
    };
    for (size_t i = 0; i < 5; i++) {
        pr_arrears *a = pr_cycle_add_arrears(b->pCycle);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        a->iPeriod = month("2023-07") + (int)i % 2;
        a->eProg = i == 1 ? PROG_DIBAO : PROG_TEKUN;
        a->eState = (uint8_t)aE[i].eState;
        a->iDistrict = 320613;
        a->zBeneficiary = aE[i].zBen;
        a->nFen = aE[i].nFen;
        a->zReason = aE[i].zReason;
        a->iSince = month("2023-08");
        a->zFailedAccount = "6228480000000000018";
        a->zPayRef = "202308-320613-000001";
    }
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/arrears-rt.csv", tu_tmpdir());
    pr_err e;
    pr_err_init(&e);
    CU_ASSERT_EQUAL_FATAL(pr_arrears_write(b, zPath, &e), PR_OK);
    char *z = tu_read(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_EQUAL(strncmp(z, PR_ARREARS_HEADER, strlen(PR_ARREARS_HEADER)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "2023-07,TEKUN,320613194001010014,320613,210700,账户已销户,2023-08,6228480000000000018,OPEN,202308-320613-000001\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, ",SETTLED_BY_ADJUSTMENT,"));
    free(z);
    pr_cycle *c = pr_cycle_new();
    char zSha[65];
    uint32_t nRows = 0;
    CU_ASSERT_EQUAL_FATAL(pr_arrears_read(c, zPath, 7, zSha, &nRows, &e), PR_OK);
    CU_ASSERT_EQUAL(nRows, 5);
    CU_ASSERT_EQUAL_FATAL(c->nArr, 2);   /* the OPEN ones */
    for (int i = 0; i < 2; i++) {
        const pr_arrears *a = &c->aArr[i];
        CU_ASSERT_EQUAL(a->iPeriod, month("2023-07") + i);
        CU_ASSERT_EQUAL(a->eProg, i ? PROG_DIBAO : PROG_TEKUN);
        CU_ASSERT_EQUAL(a->eState, AS_OPEN);
        CU_ASSERT_EQUAL(a->bNew, 0);
        CU_ASSERT_EQUAL(a->iDistrict, 320613);
        CU_ASSERT_STRING_EQUAL(a->zBeneficiary, aE[i].zBen);
        CU_ASSERT_STRING_EQUAL(a->zReason, aE[i].zReason);
        CU_ASSERT_EQUAL(a->nFen, aE[i].nFen);
        CU_ASSERT_EQUAL(a->iSince, month("2023-08"));
        CU_ASSERT_STRING_EQUAL(a->zFailedAccount, "6228480000000000018");
        CU_ASSERT_STRING_EQUAL(a->zPayRef, "202308-320613-000001");
        CU_ASSERT_EQUAL(a->iFile, 7);
        CU_ASSERT_EQUAL(a->iLine, (uint32_t)i + 2);
        CU_ASSERT_EQUAL(a->iReissue, -1);
    }
    pr_cycle_free(c);
    pr_batch_free(b);
}

static void test_recoveries_round_trip(void)
{
    pr_batch *b = hand_batch();
    static const struct { const char *zRef; long long nFen, nRec, nBal; int bClosed; } aR[] = {
        { "追回〔2023〕1号", 100000000, 42140, 99957860, 0 },
        { "R2, \"quoted\"", 10000, 10000, 0, 1 },
        { "R3", 500, 0, 500, 0 },
    };
    for (size_t i = 0; i < 3; i++) {
        pr_recovery *r = pr_cycle_add_recovery(b->pCycle);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        r->eProg = PROG_TEKUN;
        r->iDistrict = 320612;
        r->zBeneficiary = "320613194001010014";
        r->zReference = aR[i].zRef;
        r->iSince = month("2023-08");
        r->nFen = aR[i].nFen;
        r->nRecovered = aR[i].nRec;
        r->nBalance = aR[i].nBal;
        r->bClosed = (uint8_t)aR[i].bClosed;
    }
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/recoveries-rt.csv", tu_tmpdir());
    pr_err e;
    pr_err_init(&e);
    CU_ASSERT_EQUAL_FATAL(pr_recoveries_write(b, zPath, &e), PR_OK);
    char *z = tu_read(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_PTR_NOT_NULL(strstr(z, PR_RECOVERIES_HEADER "TEKUN,320613194001010014,320612,追回〔2023〕1号,2023-08,100000000,42140,99957860,OPEN\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, ",10000,10000,0,CLOSED\n"));
    free(z);
    pr_cycle *c = pr_cycle_new();
    char zSha[65];
    uint32_t nRows = 0;
    CU_ASSERT_EQUAL_FATAL(pr_recoveries_read(c, zPath, 8, zSha, &nRows, &e), PR_OK);
    CU_ASSERT_EQUAL(nRows, 3);
    CU_ASSERT_EQUAL_FATAL(c->nRec, 2);
    CU_ASSERT_STRING_EQUAL(c->aRec[0].zReference, aR[0].zRef);
    CU_ASSERT_EQUAL(c->aRec[0].nFen, 100000000);
    CU_ASSERT_EQUAL(c->aRec[0].nBalance, 99957860);
    CU_ASSERT_EQUAL(c->aRec[0].iDistrict, 320612);
    CU_ASSERT_EQUAL(c->aRec[0].iSince, month("2023-08"));
    CU_ASSERT_EQUAL(c->aRec[0].bNew, 0);
    CU_ASSERT_EQUAL(c->aRec[0].iLine, 2);
    CU_ASSERT_STRING_EQUAL(c->aRec[1].zReference, "R3");
    CU_ASSERT_EQUAL(c->aRec[1].nBalance, 500);
    CU_ASSERT_EQUAL(c->aRec[1].iLine, 4);
    pr_cycle_free(c);
    pr_batch_free(b);
}

/* the adjustments register: written with every row, read back by the
 * duplicate check, which marks only the keys ACCEPTED before */
static void test_adjreg_round_trip(void)
{
    pr_batch *b = hand_batch();
    static const struct { int eType, eProg, eStatus; const char *zRef, *zCode; } aA[] = {
        { ADJ_BACKPAY, PROG_TEKUN, ST_PAID, "R1", NULL },
        { ADJ_DIFFERENCE, PROG_TEKUN, ST_REJECTED, "R2", "ADJ_NOTHING_TO_ADJUST" },
        { ADJ_TEMPORARY, PROG_TEMP, ST_HELD, "R3", "TEMP_OVER_LIMIT" },
        { ADJ_RECOVERY, PROG_DIBAO, ST_PAID, "R4, \"带引号\"", NULL },
        { -1, -1, ST_REJECTED, "R5", "ADJ_BAD_ROW" },
    };
    for (size_t i = 0; i < 5; i++) {
        pr_adj *a = pr_cycle_add_adj(b->pCycle);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        a->iFile = 0;
        a->iLine = (uint32_t)i + 2;
        a->eType = (int8_t)aA[i].eType;
        a->eProg = (int8_t)aA[i].eProg;
        a->iPeriod = aA[i].eType < 0 ? -1 : month("2023-08");
        a->nFen = aA[i].eType < 0 ? -1 : 100 + (long long)i;
        a->zBeneficiary = "320613194001010014";
        a->zReference = aA[i].zRef;
        a->zApprovedBy = "王科长";
        a->eStatus = (uint8_t)aA[i].eStatus;
        a->zCode = aA[i].zCode;
    }
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/adjustments-rt.csv", tu_tmpdir());
    pr_err e;
    pr_err_init(&e);
    CU_ASSERT_EQUAL_FATAL(pr_adjreg_write(b, zPath, &e), PR_OK);
    char *z = tu_read(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_PTR_NOT_NULL(strstr(z, PR_ADJREG_HEADER "adj-in.csv,2,BACKPAY,TEKUN,320613194001010014,2023-08,100,R1,王科长,ACCEPTED,\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "adj-in.csv,4,TEMPORARY,TEMP,320613194001010014,2023-08,102,R3,王科长,HELD,TEMP_OVER_LIMIT\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "adj-in.csv,6,,,320613194001010014,,,R5,王科长,REJECTED,ADJ_BAD_ROW\n"));
    free(z);
    /* this month's rows, each of the five keys again (and one never seen) */
    pr_cycle *c = pr_cycle_new();
    for (size_t i = 0; i < 6; i++) {
        pr_adj *a = pr_cycle_add_adj(c);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        a->eType = (int8_t)(i < 5 ? aA[i].eType : ADJ_BACKPAY);
        a->eProg = (int8_t)(i < 5 ? aA[i].eProg : PROG_TEKUN);
        a->iPeriod = i < 5 && aA[i].eType < 0 ? -1 : month("2023-08");
        a->zBeneficiary = "320613194001010014";
        a->zReference = i < 5 ? aA[i].zRef : "R6";
    }
    CU_ASSERT_EQUAL_FATAL(pr_adjreg_scan(c, zPath, &e), PR_OK);
    static const int abDup[] = { 1, 0, 0, 1, 0, 0 };
    for (int i = 0; i < 6; i++) CU_ASSERT_EQUAL(c->aAdj[i].bHistDuplicate, abDup[i]);
    /* a month without the register: nothing */
    CU_ASSERT_EQUAL(pr_adjreg_scan(c, "/nonexistent/adjustments.csv", &e), PR_OK);
    pr_cycle_free(c);
    pr_batch_free(b);
}

/* a register payrun did not write: PR_ERR_CSV (or PR_ERR_HEADER) naming
 * file:line */
static void test_bad_registers(void)
{
    enum { ARR, REC, REG };
    static const struct { int eKind; const char *zText, *zWant; pr_error rc; } aCase[] = {
        { ARR, PR_ARREARS_HEADER "2023-07,TEKUN,x,320613,1,r,2023-08,a,FOO,p\n", ":2: unknown state", PR_ERR_CSV },
        { ARR, PR_ARREARS_HEADER "\n2023-07,TEKUN,x,320613,abc,r,2023-08,a,OPEN,p\n", ":3: a field", PR_ERR_CSV },
        { ARR, PR_ARREARS_HEADER "2023-07,TEKUN,x,320613,0,r,2023-08,a,OPEN,p\n", ":2: a field", PR_ERR_CSV },
        { ARR, PR_ARREARS_HEADER "2023-13,TEKUN,x,320613,1,r,2023-08,a,OPEN,p\n", ":2: a field", PR_ERR_CSV },
        { ARR, PR_ARREARS_HEADER "2023-07,FOO,x,320613,1,r,2023-08,a,OPEN,p\n", ":2: a field", PR_ERR_CSV },
        { ARR, PR_ARREARS_HEADER "2023-07,TEKUN,x,32061,1,r,2023-08,a,OPEN,p\n", ":2: a field", PR_ERR_CSV },
        { ARR, PR_ARREARS_HEADER "2023-07,TEKUN,,320613,1,r,2023-08,a,OPEN,\n", ":2: a field", PR_ERR_CSV },
        { ARR, PR_ARREARS_HEADER "2023-07,TEKUN,x,320613,1,r,2023-08,a,OPEN\n", ":2: the row has 9 fields", PR_ERR_CSV },
        { ARR, PR_ARREARS_HEADER "2023-07,TEKUN,\"x,320613,1,r,2023-08,a,OPEN,p\n", ":2: malformed CSV", PR_ERR_CSV },
        { ARR, "period,program\n", ":1: required column 'beneficiary_id'", PR_ERR_HEADER },
        { REC, PR_RECOVERIES_HEADER "TEKUN,x,320613,R,2023-08,100,0,101,OPEN\n", ":2: a field", PR_ERR_CSV },
        { REC, PR_RECOVERIES_HEADER "TEKUN,x,320613,R,2023-08,100,100,0,OPEN\n", ":2: a field", PR_ERR_CSV },
        { REC, PR_RECOVERIES_HEADER "TEKUN,x,320613,R,2023-08,100,0,-1,OPEN\n", ":2: a field", PR_ERR_CSV },
        { REC, PR_RECOVERIES_HEADER "TEKUN,x,320613,R,2023-08,100,0,100,PAID\n", ":2: unknown state", PR_ERR_CSV },
        { REC, PR_RECOVERIES_HEADER "TEKUN,x,320613,R,2023-08,100,0,100\n", ":2: the row has 8 fields", PR_ERR_CSV },
        { REG, PR_ADJREG_HEADER "f,2,FOO,TEKUN,x,2023-08,1,R,w,ACCEPTED,\n", ":2: a field", PR_ERR_CSV },
        { REG, PR_ADJREG_HEADER "f,2,BACKPAY,TEKUN,x,2023-08,1,R,w\n", ":2: the row has 9 fields", PR_ERR_CSV },
    };
    for (size_t i = 0; i < sizeof(aCase) / sizeof(aCase[0]); i++) {
        char zName[64];
        snprintf(zName, sizeof(zName), "bad-register-%zu.csv", i);
        const char *zPath = tu_write_str(zName, aCase[i].zText);
        pr_cycle *c = pr_cycle_new();
        pr_adj *a = pr_cycle_add_adj(c);
        a->zBeneficiary = a->zReference = "";
        pr_err e;
        pr_err_init(&e);
        char zSha[65];
        uint32_t nRows;
        pr_error rc = aCase[i].eKind == ARR ? pr_arrears_read(c, zPath, 0, zSha, &nRows, &e)
                    : aCase[i].eKind == REC ? pr_recoveries_read(c, zPath, 0, zSha, &nRows, &e)
                                            : pr_adjreg_scan(c, zPath, &e);
        if (rc != aCase[i].rc || !strstr(e.zMsg, aCase[i].zWant)) fprintf(stderr, "\ncase %zu: %d %s\n", i, rc, e.zMsg);
        CU_ASSERT_EQUAL(rc, aCase[i].rc);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.zMsg, zPath));
        CU_ASSERT_PTR_NOT_NULL(strstr(e.zMsg, aCase[i].zWant));
        pr_cycle_free(c);
    }
}

static const pr_test aTests[] = {
    { "returns: headers", test_returns_headers },
    { "returns: bad headers", test_returns_bad_header },
    { "returns: GB18030, gzip, blank lines, bad rows", test_returns_dialects },
    { "returns: amounts and results", test_returns_amounts_and_results },
    { "adjustments: reading", test_adjustments_read },
    { "arrears.csv round trip", test_arrears_round_trip },
    { "recoveries.csv round trip", test_recoveries_round_trip },
    { "adjustments.csv round trip", test_adjreg_round_trip },
    { "malformed registers", test_bad_registers },
};

int suite_cyclefiles(void) { PR_ADD_SUITE("cyclefiles", aTests); }
