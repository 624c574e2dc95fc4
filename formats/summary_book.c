/*
 * summary_book.c - summary.xlsx, the officer's and auditor's book:
 * 汇总 (households, persons, lines and amount per district and programme),
 * 对账 (the reconciliation, a pass/fail cell per check), 异常 (every
 * finding), 变动 (changes against last month, with --prev), 共用账户 (bank
 * accounts paid to unrelated households), 参数 (every policy value the
 * month used, and the policy lint's findings after them) and 图表 (amount
 * by district and programme).
 */
#include "formats/summary_book.h"
#include "formats/xlsx_util.h"
#include "model/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 汇总: a row per district and programme, then totals by district and all. */
static void sheet_totals(pr_book *b, lxw_worksheet *ws, const pr_batch *p, const char *zMonth)
{
    static const char *const azHead[] = { "区划代码", "区县", "项目", "项目名称", "户数", "人数", "笔数", "金额(元)" };
    static const double aW[] = { 10, 10, 13, 22, 8, 8, 8, 16 };
    if (!ws) return;
    char zTitle[128];
    snprintf(zTitle, sizeof(zTitle), "%s 社会救助资金发放汇总", zMonth);
    pr_book_print_setup(b, ws, zTitle);
    pr_book_header(b, ws, azHead, aW, 8);
    uint32_t iRow = 1;
    int64_t aAll[4] = { 0, 0, 0, 0 };
    for (int d = 0; d < p->nDistrict; d++) {
        char zCode[8];
        snprintf(zCode, sizeof(zCode), "%06d", p->aDistrict[d].iCode);
        for (int g = 0; g < PROG_COUNT; g++, iRow++) {
            const pr_total *t = &p->aTotal[d * PROG_COUNT + g];
            pr_book_str(b, ws, iRow, 0, zCode);
            pr_book_str(b, ws, iRow, 1, p->aDistrict[d].zName);
            pr_book_str(b, ws, iRow, 2, pr_prog_code((pr_prog)g));
            pr_book_str(b, ws, iRow, 3, pr_prog_name_zh((pr_prog)g));
            int64_t nHouse = g == PROG_DIBAO ? t->nLines : 0;
            pr_book_int(b, ws, iRow, 4, nHouse);
            pr_book_int(b, ws, iRow, 5, t->nPersons);
            pr_book_int(b, ws, iRow, 6, t->nLines);
            pr_book_fen(b, ws, iRow, 7, t->nFen);
            aAll[0] += nHouse;
            aAll[1] += t->nPersons;
            aAll[2] += t->nLines;
            aAll[3] += t->nFen;
        }
    }
    uint32_t iLast = iRow - 1;
    pr_book_check(b, worksheet_autofilter(ws, 0, 0, iLast, 7));
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, "合计", b->pTotalLabel));
    for (int c = 4; c <= 6; c++) pr_book_sum_int(b, ws, iRow, (uint16_t)c, 1, iLast, aAll[c - 4]);
    pr_book_sum_fen(b, ws, iRow, 7, 1, iLast, aAll[3]);
    iRow += 2;
    pr_book_check(b, worksheet_write_string(ws, iRow++, 0, "按区县合计", b->pTitle));
    for (int d = 0; d < p->nDistrict; d++, iRow++) {
        char zCode[8], zF[128];
        int64_t a[4] = { 0, 0, 0, 0 };
        for (int g = 0; g < PROG_COUNT; g++) {
            const pr_total *t = &p->aTotal[d * PROG_COUNT + g];
            a[0] += g == PROG_DIBAO ? t->nLines : 0;
            a[1] += t->nPersons;
            a[2] += t->nLines;
            a[3] += t->nFen;
        }
        snprintf(zCode, sizeof(zCode), "%06d", p->aDistrict[d].iCode);
        pr_book_str(b, ws, iRow, 0, zCode);
        pr_book_str(b, ws, iRow, 1, p->aDistrict[d].zName);
        for (int c = 4; c <= 7; c++) {
            char zCol[4];
            pr_col_name(c, zCol);
            snprintf(zF, sizeof(zF), "=SUMIF($A$2:$A$%u,$A%u,%s$2:%s$%u)", iLast + 1, iRow + 1, zCol, zCol, iLast + 1);
            if (c == 7)
                pr_book_check(b, worksheet_write_formula_num(ws, iRow, (lxw_col_t)c, zF, b->pMoney, (double)a[3] / 100.0));
            else
                pr_book_check(b, worksheet_write_formula_num(ws, iRow, (lxw_col_t)c, zF, b->pInt, (double)a[c - 4]));
        }
    }
    pr_book_signatures(b, ws, iRow);
}

/* 对账: one row per check, with a formula that says 通过 or 不通过. */
static void sheet_recon(pr_book *b, lxw_worksheet *ws, const pr_recon *r, const char *zMonth)
{
    static const char *const azHead[] = { "检查项", "一方", "数值", "另一方", "数值", "结果" };
    static const double aW[] = { 70, 18, 16, 18, 16, 10 };
    if (!ws) return;
    char zTitle[128];
    snprintf(zTitle, sizeof(zTitle), "%s 对账", zMonth);
    pr_book_print_setup(b, ws, zTitle);
    pr_book_header(b, ws, azHead, aW, 6);
    uint32_t iRow = 1;
    for (int i = 0; i < r->nCheck; i++, iRow++) {
        const pr_check *c = &r->aCheck[i];
        char zF[64];
        pr_book_str(b, ws, iRow, 0, c->zWhat);
        pr_book_str(b, ws, iRow, 1, c->zLeft);
        pr_book_str(b, ws, iRow, 3, c->zRight);
        if (c->bMoney) {
            pr_book_fen(b, ws, iRow, 2, c->nLeft);
            pr_book_fen(b, ws, iRow, 4, c->nRight);
        } else {
            pr_book_int(b, ws, iRow, 2, c->nLeft);
            pr_book_int(b, ws, iRow, 4, c->nRight);
        }
        snprintf(zF, sizeof(zF), "=IF(C%u=E%u,\"通过\",\"不通过\")", iRow + 1, iRow + 1);
        pr_book_check(b, worksheet_write_formula_str(ws, iRow, 5, zF, c->bPass ? b->pPass : b->pFail,
                                                     c->bPass ? "通过" : "不通过"));
    }
    iRow++;
    char zF[128], zSummary[128];
    snprintf(zF, sizeof(zF), "=IF(COUNTIF(F2:F%u,\"不通过\")=0,\"全部通过\",\"有 \"&COUNTIF(F2:F%u,\"不通过\")&\" 项不通过\")",
             iRow - 1, iRow - 1);
    if (r->nFailed == 0) snprintf(zSummary, sizeof(zSummary), "全部通过");
    else snprintf(zSummary, sizeof(zSummary), "有 %d 项不通过", r->nFailed);
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, "对账结论", b->pTotalLabel));
    pr_book_check(b, worksheet_write_formula_str(ws, iRow, 5, zF, r->nFailed ? b->pFail : b->pPass, zSummary));
    pr_book_signatures(b, ws, iRow + 1);
}

/* 异常: every finding of exceptions.csv. */
static void sheet_findings(pr_book *b, lxw_worksheet *ws, const pr_batch *p)
{
    static const char *const azHead[] = { "文件", "行号", "项目", "编号", "状态", "代码", "说明" };
    static const double aW[] = { 34, 7, 13, 21, 11, 26, 70 };
    if (!ws) return;
    pr_book_print_setup(b, ws, "异常记录");
    pr_book_header(b, ws, azHead, aW, 7);
    uint32_t iRow = 1;
    for (int i = 0; i < p->nFind && iRow < PR_XLSX_MAX_ROWS; i++, iRow++) {
        const pr_finding *f = &p->aFind[i];
        pr_book_str(b, ws, iRow, 0, pr_batch_finding_file(p, f));
        pr_book_int(b, ws, iRow, 1, f->iLine);
        pr_book_str(b, ws, iRow, 2, pr_prog_code((pr_prog)f->eProg));
        pr_book_str(b, ws, iRow, 3, f->zId);
        pr_book_str(b, ws, iRow, 4, pr_status_name((pr_status)f->eStatus));
        pr_book_str(b, ws, iRow, 5, f->zCode);
        pr_book_str(b, ws, iRow, 6, f->zMsg);
    }
    if (iRow > 1) pr_book_check(b, worksheet_autofilter(ws, 0, 0, iRow - 1, 6));
    if (p->nFind >= PR_XLSX_MAX_ROWS - 1)
        pr_book_check(b, worksheet_write_string(ws, iRow < PR_XLSX_MAX_ROWS ? iRow : PR_XLSX_MAX_ROWS - 1, 0,
                                                "（更多记录见 exceptions.csv）", NULL));
}

static const char *change_name(int e)
{
    if (e > CHANGE_AMOUNT) return pr_ltype_name_zh((pr_ltype)(e - CHANGE_AMOUNT));
    return e == CHANGE_NEW ? "新增" : e == CHANGE_STOPPED ? "停发" : "金额变动";
}

/* Rows of the 变动 sheet's lists stop short of Excel's limit, leaving room
 * for the totals by district and programme. */
#define CHANGES_MAX_ROW (PR_XLSX_MAX_ROWS - 4096)

/* 变动: the changes of REGULAR lines (新增, 停发, 金额变动); then, apart,
 * this month's other lines (重发, 补发, 补差, 临时救助) with the month they
 * pay for and their reference; then totals per district and programme. */
static void sheet_changes(pr_book *b, lxw_worksheet *ws, const pr_batch *p, const pr_changes *c, const char *zMonth)
{
    static const char *const azHead[] = { "变动", "项目", "区划代码", "对象编号", "姓名", "上月金额(元)", "本月金额(元)", "差额(元)", "原因" };
    static const char *const azOther[] = { "类型", "项目", "区划代码", "对象编号", "姓名", "所属期", "金额(元)", "付款编号",
                                           "计算依据", "文号/原付款编号" };
    static const double aW[] = { 10, 13, 10, 21, 12, 14, 14, 22, 60, 24, 14, 14 };
    if (!ws) return;
    char zTitle[128];
    snprintf(zTitle, sizeof(zTitle), "%s 与 %s 相比的变动", zMonth, c->zPrevMonth);
    pr_book_print_setup(b, ws, zTitle);
    pr_book_header(b, ws, azHead, aW, 9);
    for (int k = 9; k < 12; k++) pr_book_check(b, worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, aW[k], NULL));
    uint32_t iRow = 1;
    int i = 0;
    for (; i < c->nChange && c->aChange[i].eKind <= CHANGE_AMOUNT && iRow < CHANGES_MAX_ROW; i++, iRow++) {
        const pr_change *x = &c->aChange[i];
        char zCode[8];
        snprintf(zCode, sizeof(zCode), "%06d", x->iDistrict);
        pr_book_str(b, ws, iRow, 0, change_name(x->eKind));
        pr_book_str(b, ws, iRow, 1, pr_prog_code((pr_prog)x->eProg));
        pr_book_str(b, ws, iRow, 2, zCode);
        pr_book_str(b, ws, iRow, 3, x->zBeneficiary);
        pr_book_str(b, ws, iRow, 4, x->zName);
        pr_book_fen(b, ws, iRow, 5, x->nOld);
        pr_book_fen(b, ws, iRow, 6, x->nNew);
        char zF[64];
        snprintf(zF, sizeof(zF), "=G%u-F%u", iRow + 1, iRow + 1);
        pr_book_check(b, worksheet_write_formula_num(ws, iRow, 7, zF, b->pMoney, (double)(x->nNew - x->nOld) / 100.0));
        pr_book_str(b, ws, iRow, 8, x->zReason);
    }
    if (iRow > 1) pr_book_check(b, worksheet_autofilter(ws, 0, 0, iRow - 1, 8));
    else pr_book_str(b, ws, iRow++, 0, "本月正常发放与上月相比无变动。");
    while (i < c->nChange && c->aChange[i].eKind <= CHANGE_AMOUNT) i++;   /* past the cap */
    if (i < c->nChange) {
        iRow++;
        pr_book_check(b, worksheet_write_string(ws, iRow++, 0, "重发、补发、补差、临时救助（不计入上述变动）", b->pTitle));
        for (int k = 0; k < 10; k++) pr_book_check(b, worksheet_write_string(ws, iRow, (lxw_col_t)k, azOther[k], b->pHead));
        pr_book_check(b, worksheet_set_row(ws, iRow, 30, NULL));
        uint32_t iFirst = ++iRow;
        int64_t nFen = 0;
        int n = 0;
        for (; i < c->nChange && iRow < CHANGES_MAX_ROW; i++, iRow++, n++) {
            const pr_change *x = &c->aChange[i];
            char zCode[8], zPeriod[8];
            snprintf(zCode, sizeof(zCode), "%06d", x->iDistrict);
            pr_book_str(b, ws, iRow, 0, change_name(x->eKind));
            pr_book_str(b, ws, iRow, 1, pr_prog_code((pr_prog)x->eProg));
            pr_book_str(b, ws, iRow, 2, zCode);
            pr_book_str(b, ws, iRow, 3, x->zBeneficiary);
            pr_book_str(b, ws, iRow, 4, x->zName);
            if (x->iPeriod >= 0) {
                pr_month_format(x->iPeriod, zPeriod);
                pr_book_str(b, ws, iRow, 5, zPeriod);
            }
            pr_book_fen(b, ws, iRow, 6, x->nNew);
            pr_book_text(b, ws, iRow, 7, x->zPayRef);
            pr_book_str(b, ws, iRow, 8, x->zReason);
            pr_book_str(b, ws, iRow, 9, x->zReference);
            nFen += x->nNew;
        }
        char zCount[64];
        snprintf(zCount, sizeof(zCount), "合计 %d 笔", n);
        pr_book_check(b, worksheet_write_string(ws, iRow, 0, zCount, b->pTotalLabel));
        pr_book_sum_fen(b, ws, iRow, 6, iFirst, iRow - 1, nFen);
        iRow++;
    }
    if (i < c->nChange || iRow >= CHANGES_MAX_ROW)
        pr_book_str(b, ws, iRow++, 0, "（更多记录见 changes.csv）");
    iRow++;
    pr_book_check(b, worksheet_write_string(ws, iRow++, 0, "按区县和项目", b->pTitle));
    static const char *const azT[] = { "区划代码", "项目", "上月正常笔数", "本月正常笔数", "新增", "停发", "金额变动",
                                       "上月正常金额(元)", "本月正常金额(元)", "差额(元)", "重发/补发/补差/临时救助笔数",
                                       "重发/补发/补差/临时救助金额(元)" };
    for (int k = 0; k < 12; k++) pr_book_check(b, worksheet_write_string(ws, iRow, (lxw_col_t)k, azT[k], b->pHead));
    pr_book_check(b, worksheet_set_row(ws, iRow, 30, NULL));
    iRow++;
    for (int k = 0; k < c->nTotal && iRow < PR_XLSX_MAX_ROWS; k++, iRow++) {
        const pr_change_total *t = &c->aTotal[k];
        char zCode[8];
        snprintf(zCode, sizeof(zCode), "%06d", t->iDistrict);
        pr_book_str(b, ws, iRow, 0, zCode);
        pr_book_str(b, ws, iRow, 1, pr_prog_code((pr_prog)t->eProg));
        pr_book_int(b, ws, iRow, 2, t->nOldLines);
        pr_book_int(b, ws, iRow, 3, t->nNewLines);
        pr_book_int(b, ws, iRow, 4, t->nAdded);
        pr_book_int(b, ws, iRow, 5, t->nStopped);
        pr_book_int(b, ws, iRow, 6, t->nChanged);
        pr_book_fen(b, ws, iRow, 7, t->nOldFen);
        pr_book_fen(b, ws, iRow, 8, t->nNewFen);
        char zF[64];
        snprintf(zF, sizeof(zF), "=I%u-H%u", iRow + 1, iRow + 1);
        pr_book_check(b, worksheet_write_formula_num(ws, iRow, 9, zF, b->pMoney, (double)(t->nNewFen - t->nOldFen) / 100.0));
        pr_book_int(b, ws, iRow, 10, t->nOtherLines);
        pr_book_fen(b, ws, iRow, 11, t->nOtherFen);
    }
    (void)p;
}

/* 共用账户: accounts paid to more than one unrelated household. */
static void sheet_shared(pr_book *b, lxw_worksheet *ws, const pr_changes *c)
{
    static const char *const azHead[] = { "开户银行", "银行账号", "户数", "涉及对象", "本月金额(元)" };
    static const double aW[] = { 18, 24, 8, 80, 14 };
    if (!ws) return;
    pr_book_print_setup(b, ws, "多个无关家庭共用的银行账户");
    pr_book_header(b, ws, azHead, aW, 5);
    uint32_t iRow = 1;
    for (int i = 0; c && i < c->nShared && iRow < PR_XLSX_MAX_ROWS; i++, iRow++) {
        const pr_shared_account *s = &c->aShared[i];
        pr_book_str(b, ws, iRow, 0, s->zBank);
        pr_book_str(b, ws, iRow, 1, s->zAccount);
        pr_book_int(b, ws, iRow, 2, s->nHouseholds);
        pr_book_str(b, ws, iRow, 3, s->zWho);
        pr_book_fen(b, ws, iRow, 4, s->nFen);
    }
    if (iRow == 1) pr_book_check(b, worksheet_write_string(ws, 1, 0, "本月未发现共用账户。", NULL));
}

/* The policy row at line iLine of the policy file, or NULL. */
static const pr_prow *policy_row_at(const pr_policy *pol, uint32_t iLine)
{
    for (int i = 0; i < pol->nRow; i++)
        if (pol->aRow[i].iLine == iLine) return &pol->aRow[i];
    return NULL;
}

/* 参数, after the parameters from row iRow: the policy lint's findings
 * (program POLICY), each beside the policy row it found wanting. Nothing at
 * all when there are none, so that the sheet is as before. */
static void sheet_params_lint(pr_book *b, lxw_worksheet *ws, const pr_batch *p, uint32_t iRow)
{
    static const char *const azHead[] = { "区划代码", "区县", "检查代码", "参数", "取值", "起始月份", "状态", "依据文件", "政策文件行号", "检查结果" };
    int nLint = 0;
    for (int i = 0; i < p->nFind; i++) nLint += p->aFind[i].eProg == PROG_POLICY;
    if (nLint == 0) return;
    pr_book_check(b, worksheet_set_column(ws, 9, 9, 100, NULL));
    pr_book_check(b, worksheet_write_string(ws, iRow++, 0, "政策参数检查（POLICY 警告）", b->pTitle));
    for (int c = 0; c < 10; c++) pr_book_check(b, worksheet_write_string(ws, iRow, (lxw_col_t)c, azHead[c], b->pHead));
    iRow++;
    for (int i = 0; i < p->nFind && iRow < PR_XLSX_MAX_ROWS; i++) {
        const pr_finding *f = &p->aFind[i];
        if (f->eProg != PROG_POLICY) continue;
        const pr_prow *r = policy_row_at(p->pPolicy, f->iLine);
        char *zEnd;
        long iCode = strtol(f->zId, &zEnd, 10);   /* the district code, 6 digits */
        int d = *zEnd || iCode < 0 || iCode > 999999 ? -1 : pr_batch_district_index(p, (int)iCode);
        pr_book_str(b, ws, iRow, 0, f->zId);
        pr_book_str(b, ws, iRow, 1, d >= 0 ? p->aDistrict[d].zName : "");
        pr_book_str(b, ws, iRow, 2, f->zCode);
        if (r) {
            char zFrom[8];
            pr_month_format(r->iFrom, zFrom);
            pr_book_str(b, ws, iRow, 3, pr_key_name(r->eKey));
            pr_book_str(b, ws, iRow, 4, r->zValue);
            pr_book_str(b, ws, iRow, 5, zFrom);
            pr_book_str(b, ws, iRow, 7, r->zRef);
        }
        pr_book_str(b, ws, iRow, 6, pr_status_name((pr_status)f->eStatus));
        pr_book_int(b, ws, iRow, 8, f->iLine);
        pr_book_str(b, ws, iRow++, 9, f->zMsg);
    }
}

/* Writes row iRow of the 参数 sheet: key k of district d for the area
 * labelled zArea, and the policy row r that applied (NULL: none). */
static void param_row(pr_book *b, lxw_worksheet *ws, uint32_t iRow, const pr_batch *p, int d,
                      const char *zArea, int k, const pr_prow *r)
{
    char zCode[8], zFrom[8], zWhere[48];
    snprintf(zCode, sizeof(zCode), "%06d", p->aDistrict[d].iCode);
    pr_book_str(b, ws, iRow, 0, zCode);
    pr_book_str(b, ws, iRow, 1, p->aDistrict[d].zName);
    pr_book_str(b, ws, iRow, 2, zArea);
    pr_book_str(b, ws, iRow, 3, pr_key_name((pr_key)k));
    if (!r) { pr_book_str(b, ws, iRow, 4, "（未设置）"); return; }
    pr_month_format(r->iFrom, zFrom);
    if (r->iDistrict < 0) snprintf(zWhere, sizeof(zWhere), "*/%s", pr_area_code(r->eArea));
    else snprintf(zWhere, sizeof(zWhere), "%06d/%s", r->iDistrict, pr_area_code(r->eArea));
    pr_book_str(b, ws, iRow, 4, r->zValue);
    pr_book_str(b, ws, iRow, 5, zFrom);
    pr_book_str(b, ws, iRow, 6, zWhere);
    pr_book_str(b, ws, iRow, 7, r->zRef);
    pr_book_int(b, ws, iRow, 8, r->iLine);
}

/* 参数: the policy row that applied to each district, area and key; then,
 * after them, the 公示 notice's keys per district (area `*`); then the
 * policy lint's findings. */
static void sheet_params(pr_book *b, lxw_worksheet *ws, const pr_batch *p, const char *zMonth)
{
    static const char *const azHead[] = { "区划代码", "区县", "城乡", "参数", "取值", "起始月份", "适用行(区划/城乡)", "依据文件", "政策文件行号" };
    static const double aW[] = { 10, 10, 6, 34, 16, 10, 16, 50, 10 };
    if (!ws) return;
    char zTitle[128];
    snprintf(zTitle, sizeof(zTitle), "%s 适用的政策参数", zMonth);
    pr_book_print_setup(b, ws, zTitle);
    pr_book_header(b, ws, azHead, aW, 9);
    uint32_t iRow = 1;
    for (int d = 0; d < p->nDistrict; d++)
        for (int a = 0; a < 2; a++)
            for (int k = K_FIRST_PARAM; k < pr_key_notice(0); k++, iRow++)
                param_row(b, ws, iRow, p, d, a == 0 ? "城市" : "农村", k, p->aParams[d * 2 + a].apRow[k]);
    for (int d = 0; d < p->nDistrict; d++) {
        for (int e = 0; e < NK_COUNT; e++, iRow++) {
            pr_key k = pr_key_notice((pr_notice_key)e);
            param_row(b, ws, iRow, p, d, "*", k, pr_policy_lookup(p->pPolicy, k, p->aDistrict[d].iCode, AREA_NONE, p->iMonth));
        }
    }
    pr_book_check(b, worksheet_autofilter(ws, 0, 0, iRow - 1, 8));
    sheet_params_lint(b, ws, p, iRow + 1);
}

/* 图表: the amount (yuan) by district and programme, and its chart. */
static void sheet_chart(pr_book *b, lxw_worksheet *ws, const pr_batch *p, const char *zMonth)
{
    if (!ws) return;
    pr_book_check(b, worksheet_set_column(ws, 0, 0, 12, NULL));
    pr_book_check(b, worksheet_set_column(ws, 1, PROG_COUNT, 14, NULL));
    pr_book_check(b, worksheet_write_string(ws, 0, 0, "区县", b->pHead));
    for (int g = 0; g < PROG_COUNT; g++)
        pr_book_check(b, worksheet_write_string(ws, 0, (lxw_col_t)(g + 1), pr_prog_name_zh((pr_prog)g), b->pHead));
    for (int d = 0; d < p->nDistrict; d++) {
        pr_book_str(b, ws, (uint32_t)d + 1, 0, p->aDistrict[d].zName);
        for (int g = 0; g < PROG_COUNT; g++) pr_book_fen(b, ws, (uint32_t)d + 1, (uint16_t)(g + 1), p->aTotal[d * PROG_COUNT + g].nFen);
    }
    lxw_chart *ch = workbook_add_chart(b->pWb, LXW_CHART_COLUMN_STACKED);
    if (!ch) { pr_book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED); return; }
    char zTitle[128];
    snprintf(zTitle, sizeof(zTitle), "%s 各区县分项目发放金额（元）", zMonth);
    chart_title_set_name(ch, zTitle);
    for (int g = 0; g < PROG_COUNT; g++) {
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        if (!s) { pr_book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED); return; }
        chart_series_set_categories(s, "图表", 1, 0, (lxw_row_t)p->nDistrict, 0);
        chart_series_set_values(s, "图表", 1, (lxw_col_t)(g + 1), (lxw_row_t)p->nDistrict, (lxw_col_t)(g + 1));
        chart_series_set_name_range(s, "图表", 0, (lxw_col_t)(g + 1));
    }
    chart_axis_set_name(ch->y_axis, "金额（元）");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = { .x_scale = 2.0, .y_scale = 1.6 };
    pr_book_check(b, worksheet_insert_chart_opt(ws, (lxw_row_t)p->nDistrict + 3, 0, ch, &opt));
}

struct pr_summary {
    pr_book book;                 /* the workbook */
    lxw_worksheet *aWs[7];        /* 汇总, 对账, 异常, 变动, 共用账户, 参数, 图表 */
    int bChanges;                 /* the 变动 sheet is there */
    char zMonth[8];               /* YYYY-MM */
};

enum { WS_TOTALS, WS_RECON, WS_FINDINGS, WS_CHANGES, WS_SHARED, WS_PARAMS, WS_CHART };

pr_summary *pr_summary_open(const pr_batch *p, int bChanges, const char *zPath, const char *zTmpDir)
{
    static const char *const azName[7] = { "汇总", "对账", "异常", "变动", "共用账户", "参数", "图表" };
    pr_summary *s = calloc(1, sizeof(*s));
    if (!s) return NULL;
    char zTitle[128];
    pr_month_format(p->iMonth, s->zMonth);
    s->bChanges = bChanges;
    snprintf(zTitle, sizeof(zTitle), "%s 社会救助资金发放汇总与对账", s->zMonth);
    if (pr_book_open(&s->book, zPath, zTmpDir, zTitle, p->iMonth) == 0) {
        for (int i = 0; i < 7; i++)
            if (i != WS_CHANGES || bChanges) s->aWs[i] = pr_book_sheet(&s->book, azName[i]);
    }
    return s;
}

void pr_summary_write_bulk(pr_summary *s, const pr_batch *p)
{
    if (s->book.rc) return;
    sheet_findings(&s->book, s->aWs[WS_FINDINGS], p);
    sheet_params(&s->book, s->aWs[WS_PARAMS], p, s->zMonth);
}

pr_error pr_summary_finish(pr_summary *s, const pr_batch *p, const pr_recon *pRecon, const pr_changes *pChanges,
                           pr_err *pErr)
{
    if (!s->book.rc) {
        sheet_totals(&s->book, s->aWs[WS_TOTALS], p, s->zMonth);
        sheet_recon(&s->book, s->aWs[WS_RECON], pRecon, s->zMonth);
        if (s->bChanges && pChanges) sheet_changes(&s->book, s->aWs[WS_CHANGES], p, pChanges, s->zMonth);
        sheet_shared(&s->book, s->aWs[WS_SHARED], pChanges);
        sheet_chart(&s->book, s->aWs[WS_CHART], p, s->zMonth);
    }
    pr_error rc = pr_book_close(&s->book, pErr);
    free(s);
    return rc;
}

void pr_summary_abort(pr_summary *s)
{
    if (!s) return;
    pr_book_close(&s->book, NULL);
    free(s);
}
