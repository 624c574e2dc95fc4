/*
 * reconcile.c - the checks an auditor makes, run on totals that each writer
 * accumulated while it wrote.
 */
#include "model/reconcile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pr_recon_init(pr_recon *r, const pr_batch *p)
{
    memset(r, 0, sizeof(*r));
    size_t n = (size_t)p->nDistrict * PROG_COUNT + 1;
    r->aComputed = p->aTotal;
    r->bBooks = 1;
    r->aLedger = calloc(n, sizeof(pr_total));
    r->aDistrict = calloc(n, sizeof(pr_total));
    r->aBank = calloc(n, sizeof(pr_total));
    return (r->aLedger && r->aDistrict && r->aBank) ? 0 : -1;
}

void pr_recon_clear(pr_recon *r)
{
    free(r->aLedger);
    free(r->aDistrict);
    free(r->aBank);
    free(r->aImport);
    free(r->aCheck);
    memset(r, 0, sizeof(*r));
}

static pr_check *add(pr_recon *r, int *pnCap)
{
    if (r->nCheck == *pnCap) {
        int n = *pnCap ? *pnCap * 2 : 64;
        pr_check *a = realloc(r->aCheck, (size_t)n * sizeof(*a));
        if (!a) return NULL;
        r->aCheck = a;
        *pnCap = n;
    }
    pr_check *c = &r->aCheck[r->nCheck++];
    memset(c, 0, sizeof(*c));
    return c;
}

static int check(pr_recon *r, int *pnCap, const char *zWhat, const char *zLeft, int64_t nLeft,
                 const char *zRight, int64_t nRight, int bMoney)
{
    pr_check *c = add(r, pnCap);
    if (!c) return -1;
    snprintf(c->zWhat, sizeof(c->zWhat), "%s", zWhat);
    snprintf(c->zLeft, sizeof(c->zLeft), "%s", zLeft);
    snprintf(c->zRight, sizeof(c->zRight), "%s", zRight);
    c->nLeft = nLeft;
    c->nRight = nRight;
    c->bMoney = bMoney;
    c->bPass = nLeft == nRight;
    if (!c->bPass) r->nFailed++;
    return 0;
}

/* The payment cycle's checks, each side worked out from different data:
 * last month's bank rows (streamed from its ledger) against its manifest;
 * the failed rows against the arrears they opened; every arrears entry
 * against where its money went (REISSUE lines, back pays, expired, open);
 * recoveries against the offsets on the lines; adjustments against their
 * lines. Returns 0 or -1 (out of memory). */
static int cycle_checks(pr_recon *r, int *pnCap, const pr_batch *p)
{
    const pr_cycle *c = p->pCycle;
    if (c->nStat) {
        int64_t nSent = 0, nFailedFen = 0, nFailedRows = 0, nOpenedFen = 0;
        for (int i = 0; i < c->nStat; i++) {
            nSent += c->aStat[i].nFen;
            nFailedFen += c->aStat[i].nFenFailed;
            nFailedRows += c->aStat[i].nRowsFailed;
        }
        for (int i = 0; i < c->nArr; i++) nOpenedFen += c->aArr[i].bNew ? c->aArr[i].nFen : 0;
        int64_t nFailedRows2 = 0;
        for (int i = 0; i < c->nRow; i++) nFailedRows2 += c->aRow[i].bFailed;
        if (check(r, pnCap, "回盘: 上月银行明细金额 = 上月 manifest.json 合计", "manifest.json", c->nPrevFen,
                  "银行明细", nSent, 1)
            || check(r, pnCap, "回盘: 失败的银行明细行数 = 回盘文件的失败行数", "银行明细", nFailedRows2, "回盘失败",
                     nFailedRows, 0)
            || check(r, pnCap, "回盘: 失败金额 = 新增挂账", "失败行", nFailedFen, "新增挂账", nOpenedFen, 1))
            return -1;
    }
    if (c->nArr) {
        int64_t nAll = 0, aState[AS_COUNT] = { 0 }, nReissued = 0, nSettled = 0;
        for (int i = 0; i < c->nArr; i++) { nAll += c->aArr[i].nFen; aState[c->aArr[i].eState] += c->aArr[i].nFen; }
        for (int i = 0; i < p->nLine; i++) nReissued += p->aLine[i].eType == LT_REISSUE ? p->aLine[i].nAmount : 0;
        for (int i = 0; i < c->nAdj; i++) nSettled += c->aAdj[i].iArrears >= 0 ? c->aAdj[i].nFen : 0;
        if (check(r, pnCap, "挂账: 结转与新增挂账 = 重发 + 补发结清 + 过期 + 未结", "结转 + 新增", nAll,
                  "已结 + 未结", nReissued + nSettled + aState[AS_EXPIRED] + aState[AS_OPEN], 1))
            return -1;
    }
    if (c->nRec) {
        int64_t nRecovered = 0, nOffset = 0;
        for (int i = 0; i < c->nRec; i++) nRecovered += c->aRec[i].nRecovered;
        for (int i = 0; i < p->nLine; i++) nOffset += p->aLine[i].nOffset;
        if (check(r, pnCap, "追回: 本月追回 = 明细账中的抵扣", "recoveries.csv", nRecovered, "ledger.csv.gz", nOffset, 1))
            return -1;
    }
    if (c->nAdj) {
        int64_t nAccepted = 0, nLines = 0;
        for (int i = 0; i < c->nAdj; i++)
            if (c->aAdj[i].eStatus == ST_PAID && c->aAdj[i].eType != ADJ_RECOVERY) nAccepted += c->aAdj[i].nFen;
        for (int i = 0; i < p->nLine; i++) {
            int e = p->aLine[i].eType;
            if (e == LT_BACKPAY || e == LT_DIFFERENCE || e == LT_TEMPORARY) nLines += p->aLine[i].nAmount;
        }
        if (check(r, pnCap, "调整: 已接受的补发、补差、临时救助 = 其明细账金额", "adjustments.csv", nAccepted, "ledger.csv.gz",
                  nLines, 1))
            return -1;
    }
    return 0;
}

int pr_recon_set_imports(pr_recon *r, int n)
{
    free(r->aImport);
    r->nImport = 0;
    r->aImport = calloc((size_t)n + 1, sizeof(*r->aImport));
    if (!r->aImport) return -1;
    r->nImport = n;
    return 0;
}

/* Each bank's import file against its bank workbook: the rows (one per
 * pay_ref) and the money, as each writer wrote them. */
static int import_checks(pr_recon *r, int *pnCap)
{
    char zWhat[400];
    for (int i = 0; i < r->nImport; i++) {
        const pr_recon_import *x = &r->aImport[i];
        snprintf(zWhat, sizeof(zWhat), "%s: 代发记录数 = 代发工作簿", x->zFile);
        if (check(r, pnCap, zWhat, "代发工作簿", x->book.nRows, "导入文件", x->file.nRows, 0)) return -1;
        snprintf(zWhat, sizeof(zWhat), "%s: 金额 = 代发工作簿", x->zFile);
        if (check(r, pnCap, zWhat, "代发工作簿", x->book.nFen, "导入文件", x->file.nFen, 1)) return -1;
    }
    return 0;
}

int pr_recon_run(pr_recon *r, const pr_batch *p)
{
    int nCap = 0;
    char zWhat[200];
    r->nCheck = r->nFailed = 0;
    for (int i = 0; i < p->nInput; i++) {
        const pr_input *in = &p->aInput[i];
        if (in->eKind == INPUT_ARREARS || in->eKind == INPUT_RECOVERIES) continue;   /* registers: their rows are checked below */
        int64_t nSum = (int64_t)in->aCount[ST_PAID] + in->aCount[ST_INELIGIBLE] + in->aCount[ST_HELD] + in->aCount[ST_REJECTED];
        snprintf(zWhat, sizeof(zWhat), "%s: 读入行数 = %s", in->zPath,
                 in->eKind == INPUT_ROSTER ? "已发放 + 不符合 + 暂缓 + 退回"
                 : in->eKind == INPUT_RETURNS ? "接受 + 退回" : "接受 + 退回 + 暂缓");
        if (check(r, &nCap, zWhat, "读入行数", in->nRows, "各状态合计", nSum, 0)) return -1;
    }
    if (cycle_checks(r, &nCap, p)) return -1;
    pr_total all[4] = { { 0, 0, 0 } };
    for (int d = 0; d < p->nDistrict; d++) {
        for (int g = 0; g < PROG_COUNT; g++) {
            int k = d * PROG_COUNT + g;
            const pr_total *a[4] = { &r->aComputed[k], &r->aLedger[k], &r->aDistrict[k], &r->aBank[k] };
            for (int s = 0; s < 4; s++) {
                all[s].nLines += a[s]->nLines;
                all[s].nFen += a[s]->nFen;
            }
            if (!a[0]->nLines && !a[1]->nLines && !a[2]->nLines && !a[3]->nLines) continue;
            /* each row: what is compared, the two sides (index into a[]), money or lines, needs the books */
            static const struct { const char *zWhat, *zLeft, *zRight; int iLeft, iRight, bMoney, bBooks; } aRule[] = {
                { "明细账金额 = 计算金额", "计算结果", "ledger.csv.gz", 0, 1, 1, 0 },
                { "区县发放明细表 = 明细账", "ledger.csv.gz", "区县发放明细表", 1, 2, 1, 1 },
                { "银行代发表 = 明细账", "ledger.csv.gz", "银行代发表", 1, 3, 1, 1 },
                { "区县发放明细表笔数 = 明细账笔数", "ledger.csv.gz", "区县发放明细表", 1, 2, 0, 1 },
                { "银行代发表笔数 = 明细账笔数", "ledger.csv.gz", "银行代发表", 1, 3, 0, 1 },
            };
            for (size_t i = 0; i < sizeof(aRule) / sizeof(aRule[0]); i++) {
                if (aRule[i].bBooks && !r->bBooks) continue;
                snprintf(zWhat, sizeof(zWhat), "%06d %s %s: %s", p->aDistrict[d].iCode, p->aDistrict[d].zName,
                         pr_prog_name_zh((pr_prog)g), aRule[i].zWhat);
                const pr_total *x = a[aRule[i].iLeft], *y = a[aRule[i].iRight];
                if (check(r, &nCap, zWhat, aRule[i].zLeft, aRule[i].bMoney ? x->nFen : x->nLines, aRule[i].zRight,
                          aRule[i].bMoney ? y->nFen : y->nLines, aRule[i].bMoney)) return -1;
            }
        }
    }
    if (check(r, &nCap, "全市: 明细账金额 = 计算金额", "计算结果", all[0].nFen, "ledger.csv.gz", all[1].nFen, 1)
        || check(r, &nCap, "全市: 明细账笔数 = 计算笔数", "计算结果", all[0].nLines, "ledger.csv.gz", all[1].nLines, 0))
        return -1;
    if (r->bBooks && (check(r, &nCap, "全市: 区县发放明细表 = 明细账", "ledger.csv.gz", all[1].nFen, "区县发放明细表", all[2].nFen, 1)
        || check(r, &nCap, "全市: 银行代发表 = 明细账", "ledger.csv.gz", all[1].nFen, "银行代发表", all[3].nFen, 1)))
        return -1;
    if (r->bBooks && import_checks(r, &nCap)) return -1;
    return r->nFailed;
}

int pr_recon_predict(pr_recon *r, const pr_batch *p, int bBooks)
{
    if (pr_recon_init(r, p)) return -1;
    size_t n = (size_t)p->nDistrict * PROG_COUNT;
    r->bBooks = bBooks;
    memcpy(r->aLedger, p->aTotal, n * sizeof(pr_total));
    memcpy(r->aDistrict, p->aTotal, n * sizeof(pr_total));
    memcpy(r->aBank, p->aTotal, n * sizeof(pr_total));
    return pr_recon_run(r, p) < 0 ? -1 : 0;
}

int pr_recon_same(const pr_recon *a, const pr_recon *b)
{
    if (a->nCheck != b->nCheck || a->nFailed != b->nFailed) return 0;
    for (int i = 0; i < a->nCheck; i++) {
        const pr_check *x = &a->aCheck[i], *y = &b->aCheck[i];
        if (x->nLeft != y->nLeft || x->nRight != y->nRight || x->bMoney != y->bMoney || x->bPass != y->bPass
            || strcmp(x->zWhat, y->zWhat) || strcmp(x->zLeft, y->zLeft) || strcmp(x->zRight, y->zRight))
            return 0;
    }
    return 1;
}

const pr_check *pr_recon_first_failure(const pr_recon *r)
{
    for (int i = 0; i < r->nCheck; i++)
        if (!r->aCheck[i].bPass) return &r->aCheck[i];
    return NULL;
}
