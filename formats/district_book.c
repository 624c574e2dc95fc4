/*
 * district_book.c - one workbook per district: a sheet per programme (and
 * further sheets past Excel's row limit), one row per payment line with
 * everything needed to re-derive its amount, a SUM total row with the exact
 * cached total, and the signature lines; ready to print on A4.
 */
#include "formats/district_book.h"
#include "formats/xlsx_util.h"
#include "model/calendar.h"

#include <stdio.h>
#include <string.h>

uint32_t pr_nSheetRows = PR_XLSX_MAX_ROWS - 1 - 1 - 8;

enum { NCOL = 16, C_AMOUNT = 15, C_MEMBERS = 11 };

static const char *const azHead[NCOL] = {
    "序号", "乡镇街道", "村居", "户编号", "姓名", "身份证号", "收款人", "开户银行", "银行账号",
    "城乡", "保障标准(元)", "人数", "家庭月收入(元)", "补助/分类施保(元)", "计算依据", "金额(元)"
};
static const double aWidth[NCOL] = { 7, 14, 14, 15, 10, 20, 14, 16, 22, 6, 11, 6, 12, 12, 38, 12 };

static const char *const azSheet[PROG_COUNT] = {
    "DIBAO 最低生活保障", "TEKUN 特困人员供养", "DIS_LIVING 残疾人生活补贴",
    "DIS_NURSING 重度残疾人护理补贴", "ORPHAN 孤儿基本生活保障", "PRICE 价格临时补贴"
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
    pr_book_fen(b, ws, iRow, 10, l->nStd);
    pr_book_int(b, ws, iRow, C_MEMBERS, l->nPersons);
    if (l->nIncome >= 0) pr_book_fen(b, ws, iRow, 12, l->nIncome);
    if (l->supp.nNum != 0)
        pr_book_check(b, worksheet_write_number(ws, iRow, 13, (double)l->supp.nNum / (double)l->supp.nDen / 100.0, b->pMoney));
    pr_book_str(b, ws, iRow, 14, l->zBasis);
    pr_book_fen(b, ws, iRow, C_AMOUNT, l->nAmount);
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
    for (int i = iFirst; i < iEnd; i++, iRow++) {
        const pr_line *l = &p->aLine[i];
        write_row(b, ws, iRow, i - iFirst + 1, l);
        nFen += l->nAmount;
        nPersons += l->nPersons;
    }
    uint32_t iLast = iRow - 1;
    pr_book_check(b, worksheet_autofilter(ws, 0, 0, iLast, NCOL - 1));
    char zCount[64];
    snprintf(zCount, sizeof(zCount), "合计 %d 笔", iEnd - iFirst);
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, zCount, b->pTotalLabel));
    pr_book_sum_int(b, ws, iRow, C_MEMBERS, 1, iLast, nPersons);
    pr_book_sum_fen(b, ws, iRow, C_AMOUNT, 1, iLast, nFen);
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
