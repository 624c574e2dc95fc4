/*
 * summary_book.c - summary.xlsx, the officer's and auditor's book:
 * 汇总 (households, persons, lines and amount per district and programme),
 * 对账 (the reconciliation, a pass/fail cell per check), 异常 (every
 * finding), 变动 (changes against last month, with --prev), 共用账户 (bank
 * accounts paid to unrelated households), 参数 (every policy value the
 * month used, and the policy lint's findings after them), 图表 (amount
 * by district and programme), 趋势 (the months before this one, each
 * verified, a line chart, and the change against last month); then the payment cycle (domain.md section 8):
 * 回盘 (the banks' returns on last month's rows and the 到账率), 挂账
 * (arrears by state, then every entry), 调整 (adjustments by type and
 * district, then every row read) and 追回 (recoveries).
 */
#include "formats/summary_book.h"
#include "formats/xlsx_util.h"
#include "model/calendar.h"
#include "model/explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The 户数 of DIBAO: its REGULAR lines (one per household paid this month;
 * a household's other lines pay for other months) per district index, into
 * anHouse[nDistrict]. The ledger is in district order; a merge counted
 * them as it read the shards. */
static void count_households(const pr_batch *p, int64_t *anHouse)
{
    if (p->anHousehold) {
        memcpy(anHouse, p->anHousehold, (size_t)p->nDistrict * sizeof(*anHouse));
        return;
    }
    memset(anHouse, 0, (size_t)p->nDistrict * sizeof(*anHouse));
    for (int i = 0, iCode = -1, d = -1; i < p->nLine; i++) {
        const pr_line *l = &p->aLine[i];
        if (l->eProg != PROG_DIBAO || l->eType != LT_REGULAR) continue;
        if (l->iDistrict != iCode) { iCode = l->iDistrict; d = pr_batch_district_index(p, iCode); }
        if (d >= 0) anHouse[d]++;
    }
}

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
    int64_t *anHouse = calloc((size_t)p->nDistrict + 1, sizeof(*anHouse));
    if (!anHouse) { pr_book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED); return; }
    count_households(p, anHouse);
    for (int d = 0; d < p->nDistrict; d++) {
        char zCode[8];
        snprintf(zCode, sizeof(zCode), "%06d", p->aDistrict[d].iCode);
        for (int g = 0; g < PROG_COUNT; g++, iRow++) {
            const pr_total *t = &p->aTotal[d * PROG_COUNT + g];
            pr_book_str(b, ws, iRow, 0, zCode);
            pr_book_str(b, ws, iRow, 1, p->aDistrict[d].zName);
            pr_book_str(b, ws, iRow, 2, pr_prog_code((pr_prog)g));
            pr_book_str(b, ws, iRow, 3, pr_prog_name_zh((pr_prog)g));
            int64_t nHouse = g == PROG_DIBAO ? anHouse[d] : 0;
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
            a[0] += g == PROG_DIBAO ? anHouse[d] : 0;
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
    free(anHouse);
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
    static const double aW[] = { 34, 7, 26, 21, 8, 30, 90 };
    if (!ws) return;
    pr_book_print_setup(b, ws, "异常记录");
    pr_book_header(b, ws, azHead, aW, 7);
    uint32_t iRow = 1;
    for (int i = 0; i < p->nFind && iRow < PR_XLSX_MAX_ROWS; i++, iRow++) {
        const pr_finding *f = &p->aFind[i];
        pr_book_str(b, ws, iRow, 0, pr_batch_finding_file(p, f));
        pr_book_int(b, ws, iRow, 1, f->iLine);
        pr_book_str(b, ws, iRow, 2, pr_prog_label((pr_prog)f->eProg));
        pr_book_str(b, ws, iRow, 3, f->zId);
        pr_book_str(b, ws, iRow, 4, pr_status_name_zh((pr_status)f->eStatus));
        pr_book_str(b, ws, iRow, 5, f->zCode);
        char zZh[1024];
        pr_explain(f->zCode, f->zMsg, zZh, sizeof(zZh));
        pr_book_str(b, ws, iRow, 6, zZh);
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
    static const double aW[] = { 10, 26, 10, 21, 12, 14, 14, 22, 60, 24, 14, 14 };
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
        pr_book_str(b, ws, iRow, 1, pr_prog_label((pr_prog)x->eProg));
        pr_book_str(b, ws, iRow, 2, zCode);
        pr_book_str(b, ws, iRow, 3, x->zBeneficiary);
        pr_book_str(b, ws, iRow, 4, x->zName);
        pr_book_fen(b, ws, iRow, 5, x->nOld);
        pr_book_fen(b, ws, iRow, 6, x->nNew);
        char zF[64];
        snprintf(zF, sizeof(zF), "=G%u-F%u", iRow + 1, iRow + 1);
        pr_book_check(b, worksheet_write_formula_num(ws, iRow, 7, zF, b->pMoney, (double)(x->nNew - x->nOld) / 100.0));
        char zWhy[1200];
        pr_book_str(b, ws, iRow, 8, pr_explain_reason(x->zReason, zWhy, sizeof(zWhy)));
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
            pr_book_str(b, ws, iRow, 1, pr_prog_label((pr_prog)x->eProg));
            pr_book_str(b, ws, iRow, 2, zCode);
            pr_book_str(b, ws, iRow, 3, x->zBeneficiary);
            pr_book_str(b, ws, iRow, 4, x->zName);
            if (x->iPeriod >= 0) {
                pr_month_format(x->iPeriod, zPeriod);
                pr_book_str(b, ws, iRow, 5, zPeriod);
            }
            pr_book_fen(b, ws, iRow, 6, x->nNew);
            pr_book_fmt(b, ws, iRow, 7, x->zPayRef, b->pCenter);
            char zWhy[1200];
            pr_book_str(b, ws, iRow, 8, pr_explain_reason(x->zReason, zWhy, sizeof(zWhy)));
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
        pr_book_str(b, ws, iRow, 1, pr_prog_label((pr_prog)t->eProg));
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
        pr_book_str(b, ws, iRow, 6, pr_status_name_zh((pr_status)f->eStatus));
        pr_book_int(b, ws, iRow, 8, f->iLine);
        char zZh[1024];
        pr_explain(f->zCode, f->zMsg, zZh, sizeof(zZh));
        pr_book_str(b, ws, iRow++, 9, zZh);
    }
}

/* An area as the 参数 sheet shows it. */
static const char *area_zh(pr_area e)
{
    return e == AREA_URBAN ? "城市" : e == AREA_RURAL ? "农村" : "*";
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
    if (r->iDistrict < 0) snprintf(zWhere, sizeof(zWhere), "*/%s", area_zh(r->eArea));
    else snprintf(zWhere, sizeof(zWhere), "%06d/%s", r->iDistrict, area_zh(r->eArea));
    /* a rounding mode by its Chinese name, as the basis names it */
    pr_rounding eMode;
    if (pr_key_type((pr_key)k) == KT_ROUNDING && pr_rounding_parse(r->zValue, strlen(r->zValue), &eMode) == 0)
        pr_book_str(b, ws, iRow, 4, pr_rounding_name_zh(eMode));
    else
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
    /* the table and its chart on one landscape page */
    pr_book_print_setup(b, ws, zTitle);
    worksheet_fit_to_pages(ws, 1, 1);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = { .x_scale = 2.0, .y_scale = 1.6 };
    pr_book_check(b, worksheet_insert_chart_opt(ws, (lxw_row_t)p->nDistrict + 3, 0, ch, &opt));
}

/* ---- the payment cycle's sheets ------------------------------------------- */

/* Detail rows of a cycle sheet stop short of Excel's limit, leaving room for
 * the total, a note and the signatures. */
#define CYCLE_MAX_ROW (PR_XLSX_MAX_ROWS - 16)

/* A table's header on row iRow, for a sheet with a block above it: no
 * widths (the sheet has set them), no freeze. */
static void head_row(pr_book *b, lxw_worksheet *ws, uint32_t iRow, const char *const *azHead, int nCol)
{
    for (int c = 0; c < nCol; c++) pr_book_check(b, worksheet_write_string(ws, iRow, (lxw_col_t)c, azHead[c], b->pHead));
    pr_book_check(b, worksheet_set_row(ws, iRow, 30, NULL));
}

static void set_widths(pr_book *b, lxw_worksheet *ws, const double *aW, int nCol)
{
    for (int c = 0; c < nCol; c++) pr_book_check(b, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, aW[c], NULL));
}

/* A sheet of the cycle: printable with zTitle in the page header and on
 * row 0 of the sheet. */
static void cycle_sheet_begin(pr_book *b, lxw_worksheet *ws, const char *zTitle, const double *aW, int nCol)
{
    pr_book_print_setup(b, ws, zTitle);
    set_widths(b, ws, aW, nCol);
    pr_book_check(b, worksheet_write_string(ws, 0, 0, zTitle, b->pTitle));
}

/* The name of a district code, "" when it is not declared. */
static const char *district_name(const pr_batch *p, int iCode)
{
    int d = pr_batch_district_index(p, iCode);
    return d >= 0 ? p->aDistrict[d].zName : "";
}

static void put_code(pr_book *b, lxw_worksheet *ws, uint32_t iRow, uint16_t iCol, int iCode)
{
    char z[16];
    if (iCode < 0) return;
    snprintf(z, sizeof(z), "%06d", iCode);
    pr_book_str(b, ws, iRow, iCol, z);
}

static void put_month(pr_book *b, lxw_worksheet *ws, uint32_t iRow, uint16_t iCol, int iMonth)
{
    char z[8];
    if (iMonth < 0) return;
    pr_month_format(iMonth, z);
    pr_book_str(b, ws, iRow, iCol, z);
}

static const char *prog_zh(int eProg)
{
    return eProg >= 0 && eProg < PROG_COUNT ? pr_prog_name_zh((pr_prog)eProg) : "（无法识别）";
}

/* The share of nSent that arrived (nPaid), in basis points worked out in
 * integers and rounded down (so that 100.00% means that every fen
 * arrived), written as a 0.00% number: bp / 10000, which shows exactly the
 * basis points; "—" when nothing was sent. */
static void put_rate(pr_book *b, lxw_worksheet *ws, uint32_t iRow, uint16_t iCol, int64_t nPaid, int64_t nSent, int bTotal)
{
    if (nSent <= 0) {
        pr_book_check(b, worksheet_write_string(ws, iRow, iCol, "—", bTotal ? b->pTotalLabel : NULL));
        return;
    }
    int64_t bp = nPaid * 10000 / nSent;
    pr_book_check(b, worksheet_write_number(ws, iRow, iCol, (double)bp / 10000.0, bTotal ? b->pTotalPercent : b->pPercent));
}

/* Prints rows 1 to iLast of the first nCol columns: the sheet's title on
 * row 0 is for the screen, the page header carries it on paper. iLast is
 * the row after the signature lines (room to sign). */
static void print_below_title(pr_book *b, lxw_worksheet *ws, uint32_t iLast, int nCol)
{
    pr_book_check(b, worksheet_print_area(ws, 1, 0, iLast, (lxw_col_t)(nCol - 1)));
}

/* Writes "=<a><row>-<b><row>" with the cached value n (fen when bFen). */
static void put_diff(pr_book *b, lxw_worksheet *ws, uint32_t iRow, uint16_t iCol, int iA, int iB, int64_t n, int bFen)
{
    char zA[4], zB[4], zF[48];
    pr_col_name(iA, zA);
    pr_col_name(iB, zB);
    snprintf(zF, sizeof(zF), "=%s%u-%s%u", zA, iRow + 1, zB, iRow + 1);
    pr_book_check(b, worksheet_write_formula_num(ws, iRow, iCol, zF, bFen ? b->pMoney : b->pInt,
                                                 bFen ? (double)n / 100.0 : (double)n));
}

/* 回盘: the previous month, the returns files read, then per bank and
 * district the rows and money sent, failed and arrived, and the 到账率. */
static void sheet_returns(pr_book *b, lxw_worksheet *ws, const pr_batch *p)
{
    static const char *const azFile[] = { "回盘文件", "行数", "接受", "退回" };
    static const char *const azHead[] = { "开户银行", "区划代码", "区县", "发出笔数", "发出金额(元)", "失败笔数",
                                          "失败金额(元)", "到账笔数", "到账金额(元)", "到账率" };
    static const double aW[] = { 36, 10, 10, 10, 14, 10, 14, 10, 14, 10 };
    if (!ws) return;
    const pr_cycle *c = p->pCycle;
    char zTitle[160], zPrev[8], zMonth[8];
    pr_month_format(p->iMonth, zMonth);
    if (c->bPrev) {
        pr_month_format(c->iPrevMonth, zPrev);
        snprintf(zTitle, sizeof(zTitle), "%s 代发回盘情况（%s 处理）", zPrev, zMonth);
    } else {
        snprintf(zTitle, sizeof(zTitle), "%s 回盘情况", zMonth);
    }
    cycle_sheet_begin(b, ws, zTitle, aW, 10);
    if (!c->bPrev) {
        pr_book_str(b, ws, 2, 0, "本月无回盘数据：未指定上月发放文件夹（--prev）。");
        print_below_title(b, ws, 2, 10);
        return;
    }
    uint32_t iRow = 2;
    pr_book_str(b, ws, iRow, 0, "上月发放月份");
    pr_book_str(b, ws, iRow++, 1, zPrev);
    iRow++;
    int nFile = 0;
    int64_t aFile[3] = { 0, 0, 0 };
    for (int i = 0; i < p->nInput; i++) nFile += p->aInput[i].eKind == INPUT_RETURNS;
    if (nFile == 0) {
        pr_book_str(b, ws, iRow++, 0, "未收到回盘文件：上月代发记录均按已到账计。");
    } else {
        head_row(b, ws, iRow++, azFile, 4);
        uint32_t iFirst = iRow;
        for (int i = 0; i < p->nInput; i++) {
            const pr_input *in = &p->aInput[i];
            if (in->eKind != INPUT_RETURNS) continue;
            pr_book_str(b, ws, iRow, 0, in->zPath);
            pr_book_int(b, ws, iRow, 1, in->nRows);
            pr_book_int(b, ws, iRow, 2, in->aCount[ST_PAID]);
            pr_book_int(b, ws, iRow++, 3, in->aCount[ST_REJECTED]);
            aFile[0] += in->nRows;
            aFile[1] += in->aCount[ST_PAID];
            aFile[2] += in->aCount[ST_REJECTED];
        }
        pr_book_check(b, worksheet_write_string(ws, iRow, 0, "合计", b->pTotalLabel));
        for (int k = 0; k < 3; k++) pr_book_sum_int(b, ws, iRow, (uint16_t)(k + 1), iFirst, iRow - 1, aFile[k]);
        iRow++;
        if (aFile[2]) pr_book_str(b, ws, iRow++, 0, "退回的回盘行不改变任何代发记录（按已到账计），见“异常”表。");
    }
    iRow++;
    if (c->nStat == 0) {
        pr_book_str(b, ws, iRow, 0, "本月无回盘数据：上月无代发记录。");
        print_below_title(b, ws, pr_book_signatures(b, ws, iRow + 1) - 1, 10);
        return;
    }
    pr_book_check(b, worksheet_repeat_rows(ws, iRow, iRow));
    head_row(b, ws, iRow++, azHead, 10);
    uint32_t iFirst = iRow;
    int64_t aAll[4] = { 0, 0, 0, 0 };
    for (int i = 0; i < c->nStat && iRow < CYCLE_MAX_ROW; i++, iRow++) {
        const pr_retstat *r = &c->aStat[i];
        pr_book_str(b, ws, iRow, 0, r->zBank[0] ? r->zBank : "未填开户银行");
        put_code(b, ws, iRow, 1, r->iDistrict);
        pr_book_str(b, ws, iRow, 2, district_name(p, r->iDistrict));
        pr_book_int(b, ws, iRow, 3, r->nRows);
        pr_book_fen(b, ws, iRow, 4, r->nFen);
        pr_book_int(b, ws, iRow, 5, r->nRowsFailed);
        pr_book_fen(b, ws, iRow, 6, r->nFenFailed);
        put_diff(b, ws, iRow, 7, 3, 5, r->nRows - r->nRowsFailed, 0);
        put_diff(b, ws, iRow, 8, 4, 6, r->nFen - r->nFenFailed, 1);
        put_rate(b, ws, iRow, 9, r->nFen - r->nFenFailed, r->nFen, 0);
        aAll[0] += r->nRows;
        aAll[1] += r->nFen;
        aAll[2] += r->nRowsFailed;
        aAll[3] += r->nFenFailed;
    }
    uint32_t iLast = iRow - 1;
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, "合计", b->pTotalLabel));
    pr_book_sum_int(b, ws, iRow, 3, iFirst, iLast, aAll[0]);
    pr_book_sum_fen(b, ws, iRow, 4, iFirst, iLast, aAll[1]);
    pr_book_sum_int(b, ws, iRow, 5, iFirst, iLast, aAll[2]);
    pr_book_sum_fen(b, ws, iRow, 6, iFirst, iLast, aAll[3]);
    pr_book_sum_int(b, ws, iRow, 7, iFirst, iLast, aAll[0] - aAll[2]);
    pr_book_sum_fen(b, ws, iRow, 8, iFirst, iLast, aAll[1] - aAll[3]);
    put_rate(b, ws, iRow, 9, aAll[1] - aAll[3], aAll[1], 1);
    iRow++;
    pr_book_str(b, ws, iRow++, 0, "到账率 = 到账金额 ÷ 发出金额，按万分比取整（舍去）。");
    print_below_title(b, ws, pr_book_signatures(b, ws, iRow) - 1, 10);
}

/* 挂账: the entries by state, opened this month and carried, then every
 * entry in the order of arrears.csv. Accounts in full, as in the district
 * and bank workbooks. */
static void sheet_arrears(pr_book *b, lxw_worksheet *ws, const pr_batch *p)
{
    static const char *const azSum[] = { "状态", "本月新增笔数", "本月新增金额(元)", "上月结转笔数", "上月结转金额(元)",
                                         "合计笔数", "合计金额(元)" };
    static const char *const azHead[] = { "所属期", "项目", "对象编号", "区划代码", "金额(元)", "原因", "挂账月份",
                                          "原账号", "状态", "原付款编号", "重发付款编号", "来源" };
    static const double aW[] = { 12, 18, 21, 10, 13, 22, 10, 22, 10, 22, 22, 10 };
    if (!ws) return;
    const pr_cycle *c = p->pCycle;
    char zTitle[160], zMonth[8];
    pr_month_format(p->iMonth, zMonth);
    snprintf(zTitle, sizeof(zTitle), "%s 挂账（未到账资金）情况", zMonth);
    cycle_sheet_begin(b, ws, zTitle, aW, 12);
    if (c->nArr == 0) {
        pr_book_str(b, ws, 2, 0, "本月无挂账记录。");
        print_below_title(b, ws, 2, 12);
        return;
    }
    /* [state][new, carried] lines and money */
    int64_t aN[AS_COUNT][2], aFen[AS_COUNT][2];
    memset(aN, 0, sizeof(aN));
    memset(aFen, 0, sizeof(aFen));
    for (int i = 0; i < c->nArr; i++) {
        const pr_arrears *a = &c->aArr[i];
        if (a->eState >= AS_COUNT) continue;
        aN[a->eState][a->bNew ? 0 : 1]++;
        aFen[a->eState][a->bNew ? 0 : 1] += a->nFen;
    }
    uint32_t iRow = 2;
    head_row(b, ws, iRow++, azSum, 7);
    uint32_t iFirst = iRow;
    int64_t aAll[6] = { 0, 0, 0, 0, 0, 0 };
    for (int e = 0; e < AS_COUNT; e++, iRow++) {
        pr_book_str(b, ws, iRow, 0, pr_astate_name_zh((pr_astate)e));
        pr_book_int(b, ws, iRow, 1, aN[e][0]);
        pr_book_fen(b, ws, iRow, 2, aFen[e][0]);
        pr_book_int(b, ws, iRow, 3, aN[e][1]);
        pr_book_fen(b, ws, iRow, 4, aFen[e][1]);
        char zF[64];
        snprintf(zF, sizeof(zF), "=B%u+D%u", iRow + 1, iRow + 1);
        pr_book_check(b, worksheet_write_formula_num(ws, iRow, 5, zF, b->pInt, (double)(aN[e][0] + aN[e][1])));
        snprintf(zF, sizeof(zF), "=C%u+E%u", iRow + 1, iRow + 1);
        pr_book_check(b, worksheet_write_formula_num(ws, iRow, 6, zF, b->pMoney, (double)(aFen[e][0] + aFen[e][1]) / 100.0));
        aAll[0] += aN[e][0];
        aAll[1] += aFen[e][0];
        aAll[2] += aN[e][1];
        aAll[3] += aFen[e][1];
    }
    aAll[4] = aAll[0] + aAll[2];
    aAll[5] = aAll[1] + aAll[3];
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, "合计", b->pTotalLabel));
    for (int k = 0; k < 6; k++) {
        if (k % 2 == 0) pr_book_sum_int(b, ws, iRow, (uint16_t)(k + 1), iFirst, iRow - 1, aAll[k]);
        else pr_book_sum_fen(b, ws, iRow, (uint16_t)(k + 1), iFirst, iRow - 1, aAll[k]);
    }
    iRow += 2;
    pr_book_check(b, worksheet_repeat_rows(ws, iRow, iRow));
    head_row(b, ws, iRow++, azHead, 12);
    iFirst = iRow;
    int64_t nFen = 0;
    int i = 0;
    for (; i < c->nArr && iRow < CYCLE_MAX_ROW; i++, iRow++) {
        const pr_arrears *a = &c->aArr[i];
        put_month(b, ws, iRow, 0, a->iPeriod);
        pr_book_str(b, ws, iRow, 1, prog_zh(a->eProg));
        pr_book_text(b, ws, iRow, 2, a->zBeneficiary);
        put_code(b, ws, iRow, 3, a->iDistrict);
        pr_book_fen(b, ws, iRow, 4, a->nFen);
        pr_book_fmt(b, ws, iRow, 5, a->zReason, b->pIndent);
        put_month(b, ws, iRow, 6, a->iSince);
        pr_book_text(b, ws, iRow, 7, a->zFailedAccount);
        pr_book_str(b, ws, iRow, 8, pr_astate_name_zh((pr_astate)a->eState));
        pr_book_fmt(b, ws, iRow, 9, a->zPayRef, b->pCenter);
        if (a->eState == AS_REISSUED && a->iReissue >= 0 && a->iReissue < p->nLine && p->aLine[a->iReissue].iPaySeq) {
            char zRef[PR_PAY_REF_LEN + 1];
            pr_pay_ref(p->iMonth, &p->aLine[a->iReissue], zRef);
            pr_book_fmt(b, ws, iRow, 10, zRef, b->pCenter);
        }
        pr_book_str(b, ws, iRow, 11, a->bNew ? "本月新增" : "上月结转");
        nFen += a->nFen;
    }
    char zCount[64];
    snprintf(zCount, sizeof(zCount), "合计 %d 笔", i);
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, zCount, b->pTotalLabel));
    pr_book_sum_fen(b, ws, iRow, 4, iFirst, iRow - 1, nFen);
    iRow++;
    if (i < c->nArr) pr_book_str(b, ws, iRow++, 0, "（更多记录见 arrears.csv）");
    print_below_title(b, ws, pr_book_signatures(b, ws, iRow) - 1, 12);
}

/* An adjustment's district: the one resolved, else the row's own when it
 * is a 6-digit code, else -1. */
static int adj_district(const pr_adj *a)
{
    if (a->iDistrictUsed > 0) return a->iDistrictUsed;
    const char *z = a->zDistrict;
    if (!z || strlen(z) != 6) return -1;
    int v = 0;
    for (int k = 0; k < 6; k++) {
        if (z[k] < '0' || z[k] > '9') return -1;
        v = v * 10 + (z[k] - '0');
    }
    return v;
}

/* An adjustment's type as a row of the by-type table: its pr_adjtype, or
 * ADJ_TYPE_COUNT when not recognised (last). */
static int adj_type_key(const pr_adj *a)
{
    return a->eType >= 0 && a->eType < ADJ_TYPE_COUNT ? a->eType : ADJ_TYPE_COUNT;
}

/* An adjustment row's place in the by-type table. */
typedef struct adj_key {
    int iType, iDistrict;     /* adj_type_key, adj_district */
    int i;                    /* the row */
} adj_key;

static int cmp_adj_key(const void *x, const void *y)
{
    const adj_key *a = x, *b = y;
    if (a->iType != b->iType) return a->iType < b->iType ? -1 : 1;
    if (a->iDistrict != b->iDistrict) return a->iDistrict < b->iDistrict ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

static const char *adj_status_zh(int e)
{
    return e == ST_PAID ? "已接受" : e == ST_HELD ? "暂缓" : "退回";
}

/* 调整: per type and district the rows accepted, rejected and held and the
 * money accepted; then every adjustment row read, in file and line order. */
static void sheet_adjustments(pr_book *b, lxw_worksheet *ws, const pr_batch *p)
{
    static const char *const azSum[] = { "类型", "区划代码", "区县", "接受行数", "退回行数", "暂缓行数", "接受金额(元)" };
    static const char *const azHead[] = { "文件:行", "类型", "项目", "对象编号", "所属期", "金额(元)", "文号", "审批人",
                                          "状态", "代码" };
    static const double aW[] = { 34, 10, 18, 21, 10, 13, 22, 10, 8, 24 };
    if (!ws) return;
    const pr_cycle *c = p->pCycle;
    char zTitle[160], zMonth[8];
    pr_month_format(p->iMonth, zMonth);
    snprintf(zTitle, sizeof(zTitle), "%s 调整（补发、补差、临时救助、追回）", zMonth);
    cycle_sheet_begin(b, ws, zTitle, aW, 10);
    if (c->nAdj == 0) {
        pr_book_str(b, ws, 2, 0, "本月无调整。");
        print_below_title(b, ws, 2, 10);
        return;
    }
    adj_key *ak = malloc((size_t)c->nAdj * sizeof(*ak));
    if (!ak) { pr_book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED); return; }
    for (int i = 0; i < c->nAdj; i++) {
        ak[i].iType = adj_type_key(&c->aAdj[i]);
        ak[i].iDistrict = adj_district(&c->aAdj[i]);
        ak[i].i = i;
    }
    qsort(ak, (size_t)c->nAdj, sizeof(*ak), cmp_adj_key);
    uint32_t iRow = 2;
    head_row(b, ws, iRow++, azSum, 7);
    uint32_t iFirst = iRow;
    int64_t aAll[4] = { 0, 0, 0, 0 };   /* accepted, rejected, held, accepted fen */
    for (int i = 0; i < c->nAdj && iRow < CYCLE_MAX_ROW; iRow++) {
        int t = ak[i].iType, d = ak[i].iDistrict;
        int64_t aN[4] = { 0, 0, 0, 0 };
        for (; i < c->nAdj && ak[i].iType == t && ak[i].iDistrict == d; i++) {
            const pr_adj *x = &c->aAdj[ak[i].i];
            int k = x->eStatus == ST_PAID ? 0 : x->eStatus == ST_HELD ? 2 : 1;
            aN[k]++;
            if (k == 0 && x->nFen > 0) aN[3] += x->nFen;
        }
        pr_book_str(b, ws, iRow, 0, t < ADJ_TYPE_COUNT ? pr_adjtype_name_zh((pr_adjtype)t) : "（无法识别）");
        if (d >= 0) {
            put_code(b, ws, iRow, 1, d);
            pr_book_str(b, ws, iRow, 2, district_name(p, d));
        } else {
            pr_book_str(b, ws, iRow, 2, "（未确定）");
        }
        for (int k = 0; k < 3; k++) pr_book_int(b, ws, iRow, (uint16_t)(3 + k), aN[k]);
        pr_book_fen(b, ws, iRow, 6, aN[3]);
        for (int k = 0; k < 4; k++) aAll[k] += aN[k];
    }
    free(ak);
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, "合计", b->pTotalLabel));
    for (int k = 0; k < 3; k++) pr_book_sum_int(b, ws, iRow, (uint16_t)(3 + k), iFirst, iRow - 1, aAll[k]);
    pr_book_sum_fen(b, ws, iRow, 6, iFirst, iRow - 1, aAll[3]);
    iRow += 2;
    pr_book_check(b, worksheet_repeat_rows(ws, iRow, iRow));
    head_row(b, ws, iRow++, azHead, 10);
    iFirst = iRow;
    int i = 0;
    for (; i < c->nAdj && iRow < CYCLE_MAX_ROW; i++, iRow++) {
        const pr_adj *a = &c->aAdj[i];
        char zWhere[600];
        const char *zFile = a->iFile < (uint32_t)p->nInput ? p->aInput[a->iFile].zPath : "";
        snprintf(zWhere, sizeof(zWhere), "%s:%u", zFile, a->iLine);
        pr_book_str(b, ws, iRow, 0, zWhere);
        pr_book_str(b, ws, iRow, 1, a->eType >= 0 && a->eType < ADJ_TYPE_COUNT ? pr_adjtype_name_zh((pr_adjtype)a->eType) : "（无法识别）");
        pr_book_str(b, ws, iRow, 2, prog_zh(a->eProg));
        pr_book_text(b, ws, iRow, 3, a->zBeneficiary);
        put_month(b, ws, iRow, 4, a->iPeriod);
        if (a->nFen >= 0) pr_book_fen(b, ws, iRow, 5, a->nFen);
        pr_book_fmt(b, ws, iRow, 6, a->zReference, b->pIndent);
        pr_book_str(b, ws, iRow, 7, a->zApprovedBy);
        pr_book_str(b, ws, iRow, 8, adj_status_zh(a->eStatus));
        pr_book_str(b, ws, iRow, 9, a->eStatus == ST_PAID ? NULL : a->zCode);
    }
    char zCount[96], zF[96];
    snprintf(zCount, sizeof(zCount), "合计 %d 行，已接受金额", i);
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, zCount, b->pTotalLabel));
    snprintf(zF, sizeof(zF), "=SUMIF(I%u:I%u,\"已接受\",F%u:F%u)", iFirst + 1, iRow, iFirst + 1, iRow);
    int64_t nAccepted = 0;
    for (int k = 0; k < i; k++)
        if (c->aAdj[k].eStatus == ST_PAID && c->aAdj[k].nFen > 0) nAccepted += c->aAdj[k].nFen;
    pr_book_check(b, worksheet_write_formula_num(ws, iRow, 5, zF, b->pTotalMoney, (double)nAccepted / 100.0));
    iRow++;
    if (i < c->nAdj) pr_book_str(b, ws, iRow++, 0, "（更多记录见 adjustments.csv）");
    print_below_title(b, ws, pr_book_signatures(b, ws, iRow) - 1, 10);
}

/* 追回: every recovery entry, with the amount to recover, what this month
 * recovered and the balance, and their totals. */
static void sheet_recoveries(pr_book *b, lxw_worksheet *ws, const pr_batch *p)
{
    static const char *const azHead[] = { "项目", "对象编号", "区划代码", "文号", "立项月份", "应追回(元)", "本月追回(元)",
                                          "余额(元)", "状态" };
    static const double aW[] = { 18, 21, 10, 24, 10, 13, 13, 13, 10 };
    if (!ws) return;
    const pr_cycle *c = p->pCycle;
    char zTitle[160], zMonth[8];
    pr_month_format(p->iMonth, zMonth);
    snprintf(zTitle, sizeof(zTitle), "%s 追回情况", zMonth);
    cycle_sheet_begin(b, ws, zTitle, aW, 9);
    if (c->nRec == 0) {
        pr_book_str(b, ws, 2, 0, "本月无追回记录。");
        print_below_title(b, ws, 2, 9);
        return;
    }
    uint32_t iRow = 2;
    pr_book_check(b, worksheet_repeat_rows(ws, iRow, iRow));
    head_row(b, ws, iRow++, azHead, 9);
    uint32_t iFirst = iRow;
    int64_t aAll[3] = { 0, 0, 0 };
    int i = 0, nOpen = 0;
    for (; i < c->nRec && iRow < CYCLE_MAX_ROW; i++, iRow++) {
        const pr_recovery *r = &c->aRec[i];
        pr_book_str(b, ws, iRow, 0, prog_zh(r->eProg));
        pr_book_text(b, ws, iRow, 1, r->zBeneficiary);
        put_code(b, ws, iRow, 2, r->iDistrict);
        pr_book_str(b, ws, iRow, 3, r->zReference);
        put_month(b, ws, iRow, 4, r->iSince);
        pr_book_fen(b, ws, iRow, 5, r->nFen);
        pr_book_fen(b, ws, iRow, 6, r->nRecovered);
        pr_book_fen(b, ws, iRow, 7, r->nBalance);
        pr_book_fmt(b, ws, iRow, 8, r->bClosed ? "已结清" : "未结清", b->pCenter);
        aAll[0] += r->nFen;
        aAll[1] += r->nRecovered;
        aAll[2] += r->nBalance;
        nOpen += !r->bClosed;
    }
    char zCount[96];
    snprintf(zCount, sizeof(zCount), "合计 %d 笔（未结清 %d 笔）", i, nOpen);
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, zCount, b->pTotalLabel));
    for (int k = 0; k < 3; k++) pr_book_sum_fen(b, ws, iRow, (uint16_t)(5 + k), iFirst, iRow - 1, aAll[k]);
    iRow++;
    if (i < c->nRec) pr_book_str(b, ws, iRow++, 0, "（更多记录见 recoveries.csv）");
    print_below_title(b, ws, pr_book_signatures(b, ws, iRow) - 1, 9);
}


/* ---- 趋势 --------------------------------------------------------------- */

/* The 核验结果 cell of a trend row. */
static const char *trend_state_zh(int e)
{
    switch (e) {
    case TREND_THIS: return "本月";
    case TREND_VERIFIED: return "通过";
    case TREND_FAILED: return "未通过核验";
    case TREND_NOT_PAYABLE: return "不予发放";
    default: return "无数据";
    }
}

/* The month and 核验结果 cells of a trend row. */
static void trend_row_head(pr_book *b, lxw_worksheet *ws, uint32_t iRow, const pr_trend_month *m)
{
    char zMonth[8];
    pr_month_format(m->iMonth, zMonth);
    pr_book_fmt(b, ws, iRow, 0, zMonth, b->pCenter);
    pr_book_check(b, worksheet_write_string(ws, iRow, 1, trend_state_zh(m->eState),
                                            m->eState == TREND_FAILED ? b->pFail : b->pCenter));
}

/* 各月核验情况 from row iRow: each month, its result and what was found.
 * Returns the row after it. */
static uint32_t trend_checks(pr_book *b, lxw_worksheet *ws, const pr_trend *t, uint32_t iRow)
{
    static const char *const azHead[] = { "月份", "核验结果", "说明" };
    pr_book_check(b, worksheet_write_string(ws, iRow++, 0, "各月核验情况", b->pTitle));
    head_row(b, ws, iRow++, azHead, 3);
    for (int i = 0; i < t->nMonth; i++, iRow++) {
        const pr_trend_month *m = &t->aMonth[i];
        const char *zNote = m->zNote;
        char zBuf[256];
        if (m->eState == TREND_THIS) zNote = "本次计算结果";
        else if (m->eState == TREND_MISSING) zNote = "--prev 所在文件夹中没有该月的发放文件夹";
        else if (m->eState == TREND_VERIFIED) {
            snprintf(zBuf, sizeof(zBuf), "manifest.json 与 ledger.csv.gz 核验一致%s%s", zNote[0] ? "；" : "", zNote);
            zNote = zBuf;
        }
        trend_row_head(b, ws, iRow, m);
        pr_book_str(b, ws, iRow, 2, zNote);
    }
    return iRow;
}

/* A block of the 趋势 sheet from row iRow: its title, a header (月份,
 * 核验结果, the programmes, 合计), a row per month with measure k (0
 * amount, 1 lines, 2 persons); months without figures (not verified, not
 * paid, missing) are left blank. Returns the row after it; *piFirst is the
 * first month's row. */
static uint32_t trend_block(pr_book *b, lxw_worksheet *ws, const pr_trend *t, uint32_t iRow, const char *zTitle, int k,
                            uint32_t *piFirst)
{
    pr_book_check(b, worksheet_write_string(ws, iRow++, 0, zTitle, b->pTitle));
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, "月份", b->pHead));
    pr_book_check(b, worksheet_write_string(ws, iRow, 1, "核验结果", b->pHead));
    for (int g = 0; g < PROG_COUNT; g++)
        pr_book_check(b, worksheet_write_string(ws, iRow, (lxw_col_t)(g + 2), pr_prog_name_zh((pr_prog)g), b->pHead));
    pr_book_check(b, worksheet_write_string(ws, iRow, PROG_COUNT + 2, "合计", b->pHead));
    pr_book_check(b, worksheet_set_row(ws, iRow, 30, NULL));
    iRow++;
    *piFirst = iRow;
    for (int i = 0; i < t->nMonth; i++, iRow++) {
        const pr_trend_month *m = &t->aMonth[i];
        trend_row_head(b, ws, iRow, m);
        if (m->eState != TREND_THIS && m->eState != TREND_VERIFIED) continue;
        for (int g = 0; g < PROG_COUNT; g++) {
            const pr_total *x = &m->aProg[g];
            if (k == 0) pr_book_fen(b, ws, iRow, (uint16_t)(g + 2), x->nFen);
            else pr_book_int(b, ws, iRow, (uint16_t)(g + 2), k == 1 ? x->nLines : x->nPersons);
        }
        char zF[64], zA[4], zZ[4];
        int64_t v = k == 0 ? m->all.nFen : k == 1 ? m->all.nLines : m->all.nPersons;
        pr_col_name(2, zA);
        pr_col_name(PROG_COUNT + 1, zZ);
        snprintf(zF, sizeof(zF), "=SUM(%s%u:%s%u)", zA, iRow + 1, zZ, iRow + 1);
        pr_book_check(b, worksheet_write_formula_num(ws, iRow, PROG_COUNT + 2, zF, k == 0 ? b->pMoney : b->pInt,
                                                     k == 0 ? (double)v / 100.0 : (double)v));
    }
    return iRow;
}

/* 本月与上月相比 from row iRow: per programme and overall, the two months'
 * amounts, the difference and its per cent, lines and persons; or why
 * there is nothing to compare. Returns the row after it. */
static uint32_t trend_compare(pr_book *b, lxw_worksheet *ws, const pr_trend *t, uint32_t iRow, const char *zMonth)
{
    static const char *const azCmp[] = { "项目", "上月金额(元)", "本月金额(元)", "增减金额(元)", "增减比例",
                                         "上月笔数", "本月笔数", "增减笔数", "上月人数", "本月人数", "增减人数" };
    const pr_trend_month *pBefore = t->nMonth > 1 ? &t->aMonth[t->nMonth - 2] : NULL;
    char zHead[160], zPrev[8] = "";
    if (pBefore) pr_month_format(pBefore->iMonth, zPrev);
    if (pBefore) snprintf(zHead, sizeof(zHead), "本月与上月相比（%s 与 %s）", zMonth, zPrev);
    else snprintf(zHead, sizeof(zHead), "本月与上月相比");
    pr_book_check(b, worksheet_write_string(ws, iRow++, 0, zHead, b->pTitle));
    pr_trend_change all;
    pr_trend_change_of(t, PROG_COUNT, &all);
    if (!all.bHave) {
        char zWhy[200];
        if (!t->bHistory) snprintf(zWhy, sizeof(zWhy), "未指定 --prev，无上月数据可比。");
        else if (!pBefore) snprintf(zWhy, sizeof(zWhy), "没有本月之前 11 个月内的发放文件夹，无上月数据可比。");
        else if (pBefore->eState == TREND_FAILED) snprintf(zWhy, sizeof(zWhy), "上月（%s）未通过核验，不计算变动。", zPrev);
        else if (pBefore->eState == TREND_NOT_PAYABLE) snprintf(zWhy, sizeof(zWhy), "上月（%s）不予发放，无发放数据可比。", zPrev);
        else snprintf(zWhy, sizeof(zWhy), "没有上月（%s）的发放文件夹，无法比较。", zPrev);
        pr_book_str(b, ws, iRow++, 0, zWhy);
        return iRow;
    }
    head_row(b, ws, iRow++, azCmp, 11);
    for (int g = 0; g <= PROG_COUNT; g++, iRow++) {
        pr_trend_change c;
        pr_trend_change_of(t, g, &c);
        if (g == PROG_COUNT) pr_book_check(b, worksheet_write_string(ws, iRow, 0, "合计", b->pTotalLabel));
        else pr_book_str(b, ws, iRow, 0, pr_prog_name_zh((pr_prog)g));
        pr_book_fen(b, ws, iRow, 1, c.old.nFen);
        pr_book_fen(b, ws, iRow, 2, c.cur.nFen);
        put_diff(b, ws, iRow, 3, 2, 1, c.nFen, 1);
        if (c.bPct) pr_book_check(b, worksheet_write_number(ws, iRow, 4, (double)c.nPctBp / 10000.0, b->pPercent));
        else pr_book_fmt(b, ws, iRow, 4, "—", b->pCenter);
        pr_book_int(b, ws, iRow, 5, c.old.nLines);
        pr_book_int(b, ws, iRow, 6, c.cur.nLines);
        put_diff(b, ws, iRow, 7, 6, 5, c.nLines, 0);
        pr_book_int(b, ws, iRow, 8, c.old.nPersons);
        pr_book_int(b, ws, iRow, 9, c.cur.nPersons);
        put_diff(b, ws, iRow, 10, 9, 8, c.nPersons, 0);
    }
    pr_book_str(b, ws, iRow++, 0, "增减比例 = 增减金额 ÷ 上月金额，以整数运算精确到 0.01%（四舍五入）；上月金额为 0 时记“—”。");
    return iRow;
}

/* 趋势: this month and the months before it (at most 11, each verified
 * first; engine/run/trend.c): how each month was checked, the amount,
 * lines and persons per programme, this month's change against the month
 * before, and a line chart of the amounts. */
static void sheet_trend(pr_book *b, lxw_worksheet *ws, const pr_trend *t, const char *zMonth)
{
    static const double aW[] = { 18, 12, 15, 15, 15, 15, 15, 15, 15, 16, 12 };
    if (!ws) return;
    char zTitle[160], zFirst[8], zHeader[200];
    pr_month_format(t->aMonth[0].iMonth, zFirst);
    if (t->nMonth > 1) snprintf(zTitle, sizeof(zTitle), "%s 至 %s 各项目发放趋势", zFirst, zMonth);
    else snprintf(zTitle, sizeof(zTitle), "%s 各项目发放情况（无历史月份）", zMonth);
    /* the print set-up of pr_book_print_setup but for the repeated row 0:
     * the sheet's blocks have their own headers, and the title is in the
     * page header */
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.75, 0.6);
    snprintf(zHeader, sizeof(zHeader), "&C&14&B%s", zTitle);
    pr_book_check(b, worksheet_set_header(ws, zHeader));
    pr_book_check(b, worksheet_set_footer(ws, "&C第 &P 页 共 &N 页"));
    set_widths(b, ws, aW, 11);
    pr_book_check(b, worksheet_write_string(ws, 0, 0, zTitle, b->pTitle));
    uint32_t iRow = 1;
    if (!t->bHistory)
        pr_book_str(b, ws, iRow++, 0, "未指定上月发放文件夹（--prev），本表只列本月数据，没有历史月份和环比变动。");
    else if (t->nMonth == 1)
        pr_book_str(b, ws, iRow++, 0, "--prev 所在文件夹中没有本月之前 11 个月内的发放文件夹，本表只列本月数据。");
    else {
        pr_book_str(b, ws, iRow++, 0, "各月数据取自 --prev 所在文件夹中本月之前最多 11 个月的发放文件夹，使用前逐月核验：manifest.json "
                                      "的月份与合计、ledger.csv.gz 的大小与 SHA-256，签名运行时还核验 manifest.sig。");
        pr_book_str(b, ws, iRow++, 0, "未通过核验或不予发放的月份不使用其数据（图中断开）。各文件的逐一核验，请另行运行核验命令。");
    }
    iRow = trend_checks(b, ws, t, iRow + 1);
    uint32_t iFirst, iOther;
    iRow = trend_block(b, ws, t, iRow + 1, "各项目发放金额（元）", 0, &iFirst);
    uint32_t iLinesTitle = iRow + 1;
    iRow = trend_block(b, ws, t, iRow + 1, "各项目发放笔数", 1, &iOther);
    iRow = trend_block(b, ws, t, iRow + 1, "各项目发放人数", 2, &iOther);
    iRow = trend_compare(b, ws, t, iRow + 1, zMonth);
    iRow++;

    /* the amounts per programme over the months */
    lxw_chart *ch = workbook_add_chart(b->pWb, LXW_CHART_LINE);
    if (!ch) { pr_book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED); return; }
    char zChart[160];
    snprintf(zChart, sizeof(zChart), "%s 至 %s 各项目发放金额（元）", zFirst, zMonth);
    chart_title_set_name(ch, zChart);
    uint32_t iLast = iFirst + (uint32_t)t->nMonth - 1;
    for (int g = 0; g < PROG_COUNT; g++) {
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        if (!s) { pr_book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED); return; }
        chart_series_set_categories(s, "趋势", iFirst, 0, iLast, 0);
        chart_series_set_values(s, "趋势", iFirst, (lxw_col_t)(g + 2), iLast, (lxw_col_t)(g + 2));
        chart_series_set_name_range(s, "趋势", iFirst - 1, (lxw_col_t)(g + 2));
        chart_series_set_marker_type(s, LXW_CHART_MARKER_AUTOMATIC);
    }
    chart_axis_set_name(ch->x_axis, "月份");
    chart_axis_set_name(ch->y_axis, "金额（元）");
    chart_axis_set_num_format(ch->y_axis, "#,##0");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    chart_show_blanks_as(ch, LXW_CHART_BLANKS_AS_GAP);
    /* on paper the chart starts a page of its own rather than being cut;
     * tables longer than a landscape page (some 44 rows) break before the
     * lines block, so that no block is cut from its title */
    lxw_row_t aBreak[] = { (lxw_row_t)iLinesTitle, (lxw_row_t)iRow, 0 };
    if (iRow <= 44) aBreak[0] = (lxw_row_t)iRow, aBreak[1] = 0;
    pr_book_check(b, worksheet_set_h_pagebreaks(ws, aBreak));
    lxw_chart_options opt = { .x_scale = 2.4, .y_scale = 2.0 };
    pr_book_check(b, worksheet_insert_chart_opt(ws, iRow, 0, ch, &opt));
    print_below_title(b, ws, iRow + 30, 11);
}

struct pr_summary {
    pr_book book;                 /* the workbook */
    lxw_worksheet *aWs[12];       /* 汇总, 对账, 异常, 变动, 共用账户, 参数, 图表,
                                   * 趋势, 回盘, 挂账, 调整, 追回 */
    int bChanges;                 /* the 变动 sheet is there */
    char zMonth[8];               /* YYYY-MM */
};

enum { WS_TOTALS, WS_RECON, WS_FINDINGS, WS_CHANGES, WS_SHARED, WS_PARAMS, WS_CHART, WS_TREND,
       WS_RETURNS, WS_ARREARS, WS_ADJ, WS_RECOVERIES, WS_COUNT };

pr_summary *pr_summary_open(const pr_batch *p, int bChanges, const char *zPath, const char *zTmpDir)
{
    static const char *const azName[WS_COUNT] = { "汇总", "对账", "异常", "变动", "共用账户", "参数", "图表", "趋势",
                                                  "回盘", "挂账", "调整", "追回" };
    pr_summary *s = calloc(1, sizeof(*s));
    if (!s) return NULL;
    char zTitle[128];
    pr_month_format(p->iMonth, s->zMonth);
    s->bChanges = bChanges;
    snprintf(zTitle, sizeof(zTitle), "%s 社会救助资金发放汇总与对账", s->zMonth);
    if (pr_book_open(&s->book, zPath, zTmpDir, zTitle, p->iMonth) == 0) {
        for (int i = 0; i < WS_COUNT; i++)
            if (i != WS_CHANGES || bChanges) s->aWs[i] = pr_book_sheet(&s->book, azName[i]);
    }
    return s;
}

void pr_summary_write_bulk(pr_summary *s, const pr_batch *p)
{
    if (s->book.rc) return;
    sheet_findings(&s->book, s->aWs[WS_FINDINGS], p);
    sheet_params(&s->book, s->aWs[WS_PARAMS], p, s->zMonth);
    sheet_returns(&s->book, s->aWs[WS_RETURNS], p);
    sheet_arrears(&s->book, s->aWs[WS_ARREARS], p);
    sheet_adjustments(&s->book, s->aWs[WS_ADJ], p);
    sheet_recoveries(&s->book, s->aWs[WS_RECOVERIES], p);
}

pr_error pr_summary_finish(pr_summary *s, const pr_batch *p, const pr_recon *pRecon, const pr_changes *pChanges,
                           const pr_trend *pTrend, pr_err *pErr)
{
    if (!s->book.rc) {
        sheet_totals(&s->book, s->aWs[WS_TOTALS], p, s->zMonth);
        sheet_recon(&s->book, s->aWs[WS_RECON], pRecon, s->zMonth);
        if (s->bChanges && pChanges) sheet_changes(&s->book, s->aWs[WS_CHANGES], p, pChanges, s->zMonth);
        sheet_shared(&s->book, s->aWs[WS_SHARED], pChanges);
        sheet_chart(&s->book, s->aWs[WS_CHART], p, s->zMonth);
        pr_trend own;
        if (!pTrend) { pr_trend_init(&own, p, 0); pTrend = &own; }
        sheet_trend(&s->book, s->aWs[WS_TREND], pTrend, s->zMonth);
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
