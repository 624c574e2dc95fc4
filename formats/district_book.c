/*
 * district_book.c - one workbook per district: a sheet per programme (and
 * further sheets past Excel's row limit), one row per payment line of every
 * line type (正常, 重发, 补发, 补差, 临时救助) with everything needed to
 * re-derive its amount, its type and the month it pays for, a SUM total row
 * with the exact cached total (a SUMIF subtotal per line type under it when
 * the sheet holds more than regular lines), and the signature lines; ready
 * to print on A4.
 */
#include "formats/district_book.h"
#include "formats/xlsx_util.h"
#include "model/calendar.h"

#include <stdio.h>
#include <string.h>

/* header, total, a subtotal per line type, signatures */
uint32_t pr_nSheetRows = PR_XLSX_MAX_ROWS - 1 - 1 - LT_COUNT - 8;

enum { NCOL = 18, C_TYPE = 10, C_PERIOD = 11, C_MEMBERS = 13, C_AMOUNT = 17 };

static const char *const azHead[NCOL] = {
    "序号", "乡镇街道", "村居", "户编号", "姓名", "身份证号", "收款人", "开户银行", "银行账号",
    "城乡", "类型", "所属期", "保障标准(元)", "人数", "家庭月收入(元)", "补助/分类施保(元)", "计算依据", "金额(元)"
};
static const double aWidth[NCOL] = { 7, 14, 14, 15, 10, 20, 14, 16, 22, 6, 8, 9, 11, 6, 12, 14, 38, 12 };

static const char *const azSheet[PROG_COUNT] = {
    "DIBAO 最低生活保障", "TEKUN 特困人员供养", "DIS_LIVING 残疾人生活补贴",
    "DIS_NURSING 重度残疾人护理补贴", "ORPHAN 孤儿基本生活保障", "PRICE 价格临时补贴",
    "临时救助"
};

void pr_district_book_name(const pr_batch *p, int d, char *zOut, size_t nOut)
{
    char zName[160];
    pr_safe_name(p->aDistrict[d].zName, zName, sizeof(zName));
    snprintf(zOut, nOut, "%06d-%s.xlsx", p->aDistrict[d].iCode, zName);
}

static void write_row(pr_book *b, lxw_worksheet *ws, uint32_t iRow, int iSeq, const pr_line *l)
{
    pr_book_int(b, ws, iRow, 0, iSeq);
    pr_book_str(b, ws, iRow, 1, l->zTown);
    pr_book_str(b, ws, iRow, 2, l->zVillage);
    pr_book_str(b, ws, iRow, 3, l->zHousehold);
    pr_book_str(b, ws, iRow, 4, l->zName);
    pr_book_text(b, ws, iRow, 5, l->zPerson);
    pr_book_str(b, ws, iRow, 6, l->zPayee);
    pr_book_str(b, ws, iRow, 7, l->zBank);
    pr_book_text(b, ws, iRow, 8, l->zAccount);
    pr_book_str(b, ws, iRow, 9, l->eArea == AREA_URBAN ? "城市" : "农村");
    char zPeriod[8];
    pr_month_format(l->iPeriod, zPeriod);
    pr_book_str(b, ws, iRow, C_TYPE, pr_ltype_name_zh((pr_ltype)l->eType));
    pr_book_str(b, ws, iRow, C_PERIOD, zPeriod);
    /* the standard, income and supplement explain this month's entitlement;
     * a line for another month or paid again has its basis alone */
    if (l->eType == LT_REGULAR) pr_book_fen(b, ws, iRow, 12, l->nStd);
    pr_book_int(b, ws, iRow, C_MEMBERS, l->nPersons);
    if (l->nIncome >= 0 && l->eType == LT_REGULAR) pr_book_fen(b, ws, iRow, 14, l->nIncome);
    if (l->supp.nNum != 0 && l->eType == LT_REGULAR)
        pr_book_check(b, worksheet_write_number(ws, iRow, 15, (double)l->supp.nNum / (double)l->supp.nDen / 100.0, b->pMoney));
    pr_book_str(b, ws, iRow, 16, l->zBasis);
    pr_book_fen(b, ws, iRow, C_AMOUNT, l->nAmount);
}

/* Under the total row iRow of a sheet whose data rows end at iLast: a row
 * per line type present, "其中：重发 2 笔" with SUMIF of the persons and
 * the amount over the 类型 column (exact cached values). Returns the last
 * row written. */
static uint32_t write_type_totals(pr_book *b, lxw_worksheet *ws, uint32_t iRow, uint32_t iLast, const pr_total *aType)
{
    char zType[4], zCol[4];
    pr_col_name(C_TYPE, zType);
    for (int t = 0; t < LT_COUNT; t++) {
        if (aType[t].nLines == 0) continue;
        char zLabel[64], zF[160];
        const char *zName = pr_ltype_name_zh((pr_ltype)t);
        iRow++;
        snprintf(zLabel, sizeof(zLabel), "其中：%s %lld 笔", zName, (long long)aType[t].nLines);
        pr_book_check(b, worksheet_write_string(ws, iRow, 0, zLabel, NULL));
        pr_col_name(C_MEMBERS, zCol);
        snprintf(zF, sizeof(zF), "=SUMIF(%s2:%s%u,\"%s\",%s2:%s%u)", zType, zType, iLast + 1, zName, zCol, zCol, iLast + 1);
        pr_book_check(b, worksheet_write_formula_num(ws, iRow, C_MEMBERS, zF, b->pInt, (double)aType[t].nPersons));
        pr_col_name(C_AMOUNT, zCol);
        snprintf(zF, sizeof(zF), "=SUMIF(%s2:%s%u,\"%s\",%s2:%s%u)", zType, zType, iLast + 1, zName, zCol, zCol, iLast + 1);
        pr_book_check(b, worksheet_write_formula_num(ws, iRow, C_AMOUNT, zF, b->pMoney, (double)aType[t].nFen / 100.0));
    }
    return iRow;
}

/* Writes lines [iFirst, iEnd) of one programme on one sheet. */
static void write_sheet(pr_book *b, const pr_batch *p, int d, int g, int iPart, int iFirst, int iEnd,
                        pr_total *pTotal)
{
    char zSheet[64], zTitle[256], zMonth[8];
    if (iPart == 0) snprintf(zSheet, sizeof(zSheet), "%s", azSheet[g]);
    else snprintf(zSheet, sizeof(zSheet), "%s (%d)", azSheet[g], iPart + 1);
    lxw_worksheet *ws = pr_book_sheet(b, zSheet);
    if (!ws) return;
    pr_month_format(p->iMonth, zMonth);
    snprintf(zTitle, sizeof(zTitle), "%s %s %s发放明细%s", p->aDistrict[d].zName, zMonth,
             pr_prog_name_zh((pr_prog)g), iPart ? "（续）" : "");
    pr_book_print_setup(b, ws, zTitle);
    pr_book_header(b, ws, azHead, aWidth, NCOL);
    uint32_t iRow = 1;
    int64_t nFen = 0, nPersons = 0;
    pr_total aType[LT_COUNT];
    memset(aType, 0, sizeof(aType));
    for (int i = iFirst; i < iEnd; i++, iRow++) {
        const pr_line *l = &p->aLine[i];
        write_row(b, ws, iRow, i - iFirst + 1, l);
        nFen += l->nAmount;
        nPersons += l->nPersons;
        if (l->eType < LT_COUNT) {
            aType[l->eType].nLines++;
            aType[l->eType].nPersons += l->nPersons;
            aType[l->eType].nFen += l->nAmount;
        }
    }
    uint32_t iLast = iRow - 1;
    pr_book_check(b, worksheet_autofilter(ws, 0, 0, iLast, NCOL - 1));
    char zCount[64];
    snprintf(zCount, sizeof(zCount), "合计 %d 笔", iEnd - iFirst);
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, zCount, b->pTotalLabel));
    pr_book_sum_int(b, ws, iRow, C_MEMBERS, 1, iLast, nPersons);
    pr_book_sum_fen(b, ws, iRow, C_AMOUNT, 1, iLast, nFen);
    if (aType[LT_REGULAR].nLines < iEnd - iFirst) iRow = write_type_totals(b, ws, iRow, iLast, aType);
    pr_book_signatures(b, ws, iRow + 1);
    pTotal->nLines += iEnd - iFirst;
    pTotal->nPersons += nPersons;
    pTotal->nFen += nFen;
}

pr_error pr_district_book_write(const pr_batch *p, int d, const char *zPath, const char *zTmpDir,
                                pr_total *aTotal, pr_err *pErr)
{
    pr_book b;
    char zTitle[256], zMonth[8];
    pr_month_format(p->iMonth, zMonth);
    snprintf(zTitle, sizeof(zTitle), "%s %s 社会救助资金发放明细", p->aDistrict[d].zName, zMonth);
    if (pr_book_open(&b, zPath, zTmpDir, zTitle, p->iMonth)) goto cleanup;
    /* the district's lines are one run of the sorted ledger */
    int iCode = p->aDistrict[d].iCode, i = 0, nSheets = 0;
    while (i < p->nLine && p->aLine[i].iDistrict < iCode) i++;
    while (i < p->nLine && p->aLine[i].iDistrict == iCode) {
        int g = p->aLine[i].eProg, j = i;
        while (j < p->nLine && p->aLine[j].iDistrict == iCode && p->aLine[j].eProg == g) j++;
        for (int k = i, iPart = 0; k < j; k += (int)pr_nSheetRows, iPart++) {
            int e = j - k > (int)pr_nSheetRows ? k + (int)pr_nSheetRows : j;
            write_sheet(&b, p, d, g, iPart, k, e, &aTotal[d * PROG_COUNT + g]);
            nSheets++;
        }
        i = j;
    }
    if (nSheets == 0) {
        lxw_worksheet *ws = pr_book_sheet(&b, "无发放");
        if (ws) pr_book_check(&b, worksheet_write_string(ws, 0, 0, "本月本区无发放记录。", NULL));
    }
cleanup:
    return pr_book_close(&b, pErr);
}
