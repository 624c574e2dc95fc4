/*
 * bank_book.c - one disbursement (代发) workbook per bank: a control sheet
 * with the record count and total the bank checks, and the detail sheet with
 * one row per payee account, programme and district (that payee's lines
 * summed).
 */
#include "books.h"
#include "xlsx_util.h"
#include "../engine/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const pr_batch *pSortBatch;   /* for the qsort comparator; set inside a critical section */

static const char *bank_of(const pr_line *l) { return l->zBank[0] ? l->zBank : "未填开户银行"; }

static int cmp_bank_line(const void *a, const void *b)
{
    const pr_line *x = &pSortBatch->aLine[*(const int *)a], *y = &pSortBatch->aLine[*(const int *)b];
    int c = strcmp(bank_of(x), bank_of(y));
    if (c) return c;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    if (x->iDistrict != y->iDistrict) return x->iDistrict < y->iDistrict ? -1 : 1;
    if ((c = strcmp(x->zAccount, y->zAccount))) return c;
    if ((c = strcmp(x->zPayee, y->zPayee))) return c;
    int ia = *(const int *)a, ib = *(const int *)b;
    return (ia > ib) - (ia < ib);
}

int pr_banks_build(const pr_batch *p, pr_banks *pBanks)
{
    memset(pBanks, 0, sizeof(*pBanks));
    pBanks->aiLine = malloc(((size_t)p->nLine + 1) * sizeof(int));
    pBanks->aiStart = malloc(((size_t)p->nLine + 2) * sizeof(int));
    if (!pBanks->aiLine || !pBanks->aiStart) return -1;
    for (int i = 0; i < p->nLine; i++) pBanks->aiLine[i] = i;
    #pragma omp critical(pr_bank_sort)
    {
        pSortBatch = p;
        qsort(pBanks->aiLine, (size_t)p->nLine, sizeof(int), cmp_bank_line);
        pSortBatch = NULL;
    }
    for (int i = 0; i < p->nLine; i++) {
        if (i == 0 || strcmp(bank_of(&p->aLine[pBanks->aiLine[i]]), bank_of(&p->aLine[pBanks->aiLine[i - 1]])) != 0)
            pBanks->aiStart[pBanks->nBank++] = i;
    }
    pBanks->aiStart[pBanks->nBank] = p->nLine;
    return 0;
}

void pr_banks_clear(pr_banks *pBanks)
{
    free(pBanks->aiLine);
    free(pBanks->aiStart);
    memset(pBanks, 0, sizeof(*pBanks));
}

void pr_bank_book_name(const pr_batch *p, const pr_banks *pBanks, int b, char *zOut, size_t nOut)
{
    char zName[200];
    pr_safe_name(bank_of(&p->aLine[pBanks->aiLine[pBanks->aiStart[b]]]), zName, sizeof(zName));
    snprintf(zOut, nOut, "bank-%s.xlsx", zName);
}

enum { NCOL = 9, C_AMOUNT = 4, C_LINES = 7 };
static const char *const azHead[NCOL] = {
    "序号", "账号", "户名", "身份证号", "金额(元)", "项目", "区划", "笔数", "备注"
};
static const double aWidth[NCOL] = { 8, 24, 22, 20, 14, 22, 10, 6, 36 };

/* Whether two sorted lines go into one disbursement row. */
static int same_row(const pr_line *a, const pr_line *b)
{
    return a->eProg == b->eProg && a->iDistrict == b->iDistrict && strcmp(a->zAccount, b->zAccount) == 0
        && strcmp(a->zPayee, b->zPayee) == 0;
}

typedef struct bank_sums {
    int64_t nRows, nLines, nFen;   /* as written */
    uint32_t iFirstRow, iLastRow;  /* data rows of the (last) detail sheet */
} bank_sums;

static lxw_worksheet *new_detail(pr_book *bk, const char *zBank, const char *zMonth, int iPart)
{
    char zSheet[40], zTitle[256];
    snprintf(zSheet, sizeof(zSheet), iPart ? "代发明细 (%d)" : "代发明细", iPart + 1);
    lxw_worksheet *ws = pr_book_sheet(bk, zSheet);
    if (!ws) return NULL;
    snprintf(zTitle, sizeof(zTitle), "%s %s 社会救助资金代发明细%s", zBank, zMonth, iPart ? "（续）" : "");
    pr_book_print_setup(bk, ws, zTitle);
    pr_book_header(bk, ws, azHead, aWidth, NCOL);
    return ws;
}

static void close_detail(pr_book *bk, lxw_worksheet *ws, uint32_t iRow, int64_t nLines, int64_t nFen)
{
    uint32_t iLast = iRow - 1;
    pr_book_check(bk, worksheet_autofilter(ws, 0, 0, iLast, NCOL - 1));
    pr_book_check(bk, worksheet_write_string(ws, iRow, 0, "合计", bk->pTotalLabel));
    pr_book_sum_fen(bk, ws, iRow, C_AMOUNT, 1, iLast, nFen);
    pr_book_sum_int(bk, ws, iRow, C_LINES, 1, iLast, nLines);
    pr_book_signatures(bk, ws, iRow + 1);
}

int pr_bank_book_write(const pr_batch *p, const pr_banks *pBanks, int b, const char *zPath,
                       const char *zTmpDir, pr_total *aTotal, char *zErr, size_t nErr)
{
    pr_book bk;
    char zMonth[8], zTitle[256];
    const char *zBank = bank_of(&p->aLine[pBanks->aiLine[pBanks->aiStart[b]]]);
    pr_month_format(p->iMonth, zMonth);
    snprintf(zTitle, sizeof(zTitle), "%s %s 社会救助资金代发", zBank, zMonth);
    if (pr_book_open(&bk, zPath, zTmpDir, zTitle, p->iMonth)) return pr_book_close(&bk, zErr, nErr);
    lxw_worksheet *wsCtl = pr_book_sheet(&bk, "控制信息");
    int iPart = 0;
    lxw_worksheet *ws = new_detail(&bk, zBank, zMonth, iPart);
    if (!wsCtl || !ws) return pr_book_close(&bk, zErr, nErr);
    uint32_t iRow = 1;
    int64_t nRows = 0, nLines = 0, nFen = 0, nSheetLines = 0, nSheetFen = 0;
    int iEnd = pBanks->aiStart[b + 1];
    for (int i = pBanks->aiStart[b]; i < iEnd;) {
        const pr_line *l = &p->aLine[pBanks->aiLine[i]];
        int j = i;
        int64_t nRowFen = 0;
        while (j < iEnd && same_row(l, &p->aLine[pBanks->aiLine[j]])) {
            const pr_line *m = &p->aLine[pBanks->aiLine[j]];
            nRowFen += m->nAmount;
            pr_total *t = &aTotal[pr_batch_district_index(p, m->iDistrict) * PROG_COUNT + m->eProg];
            t->nLines++;
            t->nPersons += m->nPersons;
            t->nFen += m->nAmount;
            j++;
        }
        if (iRow > pr_nSheetRows) {
            close_detail(&bk, ws, iRow, nSheetLines, nSheetFen);
            if (!(ws = new_detail(&bk, zBank, zMonth, ++iPart))) break;
            iRow = 1;
            nSheetLines = nSheetFen = 0;
        }
        char zDistrict[8], zRemark[128];
        snprintf(zDistrict, sizeof(zDistrict), "%06d", l->iDistrict);
        snprintf(zRemark, sizeof(zRemark), "%s %s", zMonth, pr_prog_name_zh((pr_prog)l->eProg));
        pr_book_int(&bk, ws, iRow, 0, nRows + 1);
        pr_book_text(&bk, ws, iRow, 1, l->zAccount);
        pr_book_str(&bk, ws, iRow, 2, l->zPayee);
        /* the payee's own ID when the payee is the person paid */
        if (strcmp(l->zPayee, l->zName) == 0) pr_book_text(&bk, ws, iRow, 3, l->zPerson);
        pr_book_fen(&bk, ws, iRow, C_AMOUNT, nRowFen);
        pr_book_str(&bk, ws, iRow, 5, pr_prog_name_zh((pr_prog)l->eProg));
        pr_book_str(&bk, ws, iRow, 6, zDistrict);
        pr_book_int(&bk, ws, iRow, C_LINES, j - i);
        pr_book_str(&bk, ws, iRow, 8, zRemark);
        nRows++;
        nLines += j - i;
        nSheetLines += j - i;
        nFen += nRowFen;
        nSheetFen += nRowFen;
        iRow++;
        i = j;
    }
    if (ws) close_detail(&bk, ws, iRow, nSheetLines, nSheetFen);
    /* control block */
    pr_book_check(&bk, worksheet_set_column(wsCtl, 0, 0, 18, NULL));
    pr_book_check(&bk, worksheet_set_column(wsCtl, 1, 1, 30, NULL));
    pr_book_check(&bk, worksheet_write_string(wsCtl, 0, 0, "代发控制信息", bk.pTitle));
    pr_book_check(&bk, worksheet_write_string(wsCtl, 1, 0, "开户银行", NULL));
    pr_book_str(&bk, wsCtl, 1, 1, zBank);
    pr_book_check(&bk, worksheet_write_string(wsCtl, 2, 0, "发放月份", NULL));
    pr_book_str(&bk, wsCtl, 2, 1, zMonth);
    pr_book_check(&bk, worksheet_write_string(wsCtl, 3, 0, "代发记录数", NULL));
    pr_book_int(&bk, wsCtl, 3, 1, nRows);
    pr_book_check(&bk, worksheet_write_string(wsCtl, 4, 0, "发放笔数", NULL));
    pr_book_int(&bk, wsCtl, 4, 1, nLines);
    pr_book_check(&bk, worksheet_write_string(wsCtl, 5, 0, "代发总金额(元)", NULL));
    pr_book_fen(&bk, wsCtl, 5, 1, nFen);
    pr_book_check(&bk, worksheet_write_string(wsCtl, 6, 0, "明细工作表", NULL));
    char zNote[64];
    snprintf(zNote, sizeof(zNote), "%d", iPart + 1);
    pr_book_str(&bk, wsCtl, 6, 1, zNote);
    pr_book_signatures(&bk, wsCtl, 7);
    pr_book_print_setup(&bk, wsCtl, zTitle);
    return pr_book_close(&bk, zErr, nErr);
}
