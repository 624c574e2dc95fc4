/*
 * xlsx_util.c - shared workbook plumbing over libxlsxwriter.
 */
#include "formats/xlsx_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One sheet file's stdio buffer; lives until the workbook is closed. */
struct pr_book_buf {
    struct pr_book_buf *pNext;   /* the previous sheet's */
    char a[PR_BOOK_SHEET_BUF];   /* the buffer */
};

int pr_book_open(pr_book *pBook, const char *zPath, const char *zTmpDir, const char *zTitle, int iMonth)
{
    memset(pBook, 0, sizeof(*pBook));
    pBook->zPath = zPath;
    lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = (char *)zTmpDir, .use_zip64 = LXW_TRUE };
    pBook->pWb = workbook_new_opt(zPath, &opt);
    if (!pBook->pWb) { pBook->rc = LXW_ERROR_CREATING_XLSX_FILE; return -1; }
    /* fixed creation time: 00:00 UTC on the first day of the batch month */
    int y = iMonth / 12, m = iMonth % 12 + 1;
    long long nDays = 0;
    for (int yy = 1970; yy < y; yy++) nDays += ((yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0) ? 366 : 365;
    static const int aCum[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
    nDays += aCum[m - 1] + ((m > 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) ? 1 : 0);
    lxw_doc_properties props = { .title = (char *)zTitle, .author = "payrun", .company = "",
                                 .comments = "payrun " PR_VERSION, .created = (time_t)(nDays * 86400) };
    pr_book_check(pBook, workbook_set_properties(pBook->pWb, &props));
    lxw_workbook *wb = pBook->pWb;
    pBook->pHead = workbook_add_format(wb);
    format_set_bold(pBook->pHead);
    format_set_border(pBook->pHead, LXW_BORDER_THIN);
    format_set_bg_color(pBook->pHead, 0xDDEBF7);
    format_set_text_wrap(pBook->pHead);
    format_set_align(pBook->pHead, LXW_ALIGN_CENTER);
    format_set_align(pBook->pHead, LXW_ALIGN_VERTICAL_CENTER);
    pBook->pText = workbook_add_format(wb);
    format_set_num_format(pBook->pText, "@");
    pBook->pMoney = workbook_add_format(wb);
    format_set_num_format(pBook->pMoney, "#,##0.00");
    pBook->pInt = workbook_add_format(wb);
    format_set_num_format(pBook->pInt, "0");
    pBook->pTotalLabel = workbook_add_format(wb);
    format_set_bold(pBook->pTotalLabel);
    format_set_top(pBook->pTotalLabel, LXW_BORDER_DOUBLE);
    pBook->pTotalMoney = workbook_add_format(wb);
    format_set_bold(pBook->pTotalMoney);
    format_set_num_format(pBook->pTotalMoney, "#,##0.00");
    format_set_top(pBook->pTotalMoney, LXW_BORDER_DOUBLE);
    pBook->pTotalInt = workbook_add_format(wb);
    format_set_bold(pBook->pTotalInt);
    format_set_num_format(pBook->pTotalInt, "0");
    format_set_top(pBook->pTotalInt, LXW_BORDER_DOUBLE);
    pBook->pTitle = workbook_add_format(wb);
    format_set_bold(pBook->pTitle);
    format_set_font_size(pBook->pTitle, 14);
    pBook->pPass = workbook_add_format(wb);
    format_set_font_color(pBook->pPass, 0x006100);
    format_set_bg_color(pBook->pPass, 0xC6EFCE);
    pBook->pFail = workbook_add_format(wb);
    format_set_font_color(pBook->pFail, 0x9C0006);
    format_set_bg_color(pBook->pFail, 0xFFC7CE);
    format_set_bold(pBook->pFail);
    pBook->pCenter = workbook_add_format(wb);
    format_set_num_format(pBook->pCenter, "@");
    format_set_align(pBook->pCenter, LXW_ALIGN_CENTER);
    pBook->pIndent = workbook_add_format(wb);
    format_set_indent(pBook->pIndent, 1);
    pBook->pPercent = workbook_add_format(wb);
    format_set_num_format(pBook->pPercent, "0.00%");
    pBook->pTotalPercent = workbook_add_format(wb);
    format_set_bold(pBook->pTotalPercent);
    format_set_num_format(pBook->pTotalPercent, "0.00%");
    format_set_top(pBook->pTotalPercent, LXW_BORDER_DOUBLE);
    return pBook->rc ? -1 : 0;
}

lxw_error pr_book_check(pr_book *pBook, lxw_error rc)
{
    if (rc != LXW_NO_ERROR && pBook->rc == LXW_NO_ERROR) pBook->rc = rc;
    return rc;
}

/* The payrun code of a libxlsxwriter error: no memory, a limit of the
 * format (a string, a name, a row or a count too long or too large), or
 * else the file that could not be written. */
static pr_error book_error(lxw_error rc)
{
    switch (rc) {
    case LXW_NO_ERROR: return PR_OK;
    case LXW_ERROR_MEMORY_MALLOC_FAILED: return PR_ERR_NOMEM;
    case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
    case LXW_ERROR_32_STRING_LENGTH_EXCEEDED:
    case LXW_ERROR_128_STRING_LENGTH_EXCEEDED:
    case LXW_ERROR_255_STRING_LENGTH_EXCEEDED:
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
    case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
    case LXW_ERROR_WORKSHEET_MAX_URL_LENGTH_EXCEEDED:
    case LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED: return PR_ERR_TOO_BIG;
    default: return PR_ERR_IO;
    }
}

pr_error pr_book_close(pr_book *pBook, pr_err *pErr)
{
    lxw_error rc = pBook->pWb ? workbook_close(pBook->pWb) : LXW_ERROR_CREATING_XLSX_FILE;
    pBook->pWb = NULL;
    /* the sheets' files are closed now: their buffers can go */
    while (pBook->pBuf) {
        struct pr_book_buf *n = pBook->pBuf->pNext;
        free(pBook->pBuf);
        pBook->pBuf = n;
    }
    pr_book_check(pBook, rc);
    if (pBook->rc == LXW_NO_ERROR) return PR_OK;
    return pr_err_set(pErr, book_error(pBook->rc), "%s: cannot write the workbook: %s", pBook->zPath,
                      lxw_strerror(pBook->rc));
}

lxw_worksheet *pr_book_sheet(pr_book *pBook, const char *zName)
{
    lxw_worksheet *pWs = workbook_add_worksheet(pBook->pWb, zName);
    if (!pWs) {
        pr_book_check(pBook, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    /* before any row reaches the file; glibc ignores the size of a buffer it
     * is asked to allocate, so the buffer is ours. Without one (no memory),
     * the file keeps its default buffer. */
    struct pr_book_buf *b = pWs->optimize_tmpfile ? malloc(sizeof(*b)) : NULL;
    if (b && setvbuf(pWs->optimize_tmpfile, b->a, _IOFBF, sizeof(b->a)) == 0) {
        b->pNext = pBook->pBuf;
        pBook->pBuf = b;
    } else {
        free(b);
    }
    return pWs;
}

void pr_book_print_setup(pr_book *pBook, lxw_worksheet *pWs, const char *zTitle)
{
    char zHeader[512];
    worksheet_set_landscape(pWs);
    worksheet_set_paper(pWs, 9);   /* A4 */
    worksheet_fit_to_pages(pWs, 1, 0);
    pr_book_check(pBook, worksheet_repeat_rows(pWs, 0, 0));
    worksheet_set_margins(pWs, 0.4, 0.4, 0.75, 0.6);
    snprintf(zHeader, sizeof(zHeader), "&C&14&B%s", zTitle);
    pr_book_check(pBook, worksheet_set_header(pWs, zHeader));
    pr_book_check(pBook, worksheet_set_footer(pWs, "&C第 &P 页 共 &N 页"));
}

void pr_book_header(pr_book *pBook, lxw_worksheet *pWs, const char *const *azHead,
                    const double *aWidth, int nCol)
{
    pr_book_header_at(pBook, pWs, 0, azHead, aWidth, nCol);
}

void pr_book_header_at(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, const char *const *azHead,
                       const double *aWidth, int nCol)
{
    for (int c = 0; c < nCol; c++) {
        pr_book_check(pBook, worksheet_set_column(pWs, (lxw_col_t)c, (lxw_col_t)c, aWidth[c], NULL));
        pr_book_check(pBook, worksheet_write_string(pWs, iRow, (lxw_col_t)c, azHead[c], pBook->pHead));
    }
    pr_book_check(pBook, worksheet_set_row(pWs, iRow, 30, NULL));
    worksheet_freeze_panes(pWs, iRow + 1, 0);
}

void pr_book_str(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol, const char *z)
{
    if (!z || !z[0]) return;
    pr_book_check(pBook, worksheet_write_string(pWs, iRow, iCol, z, NULL));
}

void pr_book_text(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol, const char *z)
{
    if (!z || !z[0]) return;
    pr_book_check(pBook, worksheet_write_string(pWs, iRow, iCol, z, pBook->pText));
}

void pr_book_fmt(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol, const char *z, lxw_format *pFmt)
{
    if (!z || !z[0]) return;
    pr_book_check(pBook, worksheet_write_string(pWs, iRow, iCol, z, pFmt));
}

void pr_book_fen(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol, int64_t nFen)
{
    pr_book_check(pBook, worksheet_write_number(pWs, iRow, iCol, (double)nFen / 100.0, pBook->pMoney));
}

void pr_book_int(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol, int64_t n)
{
    pr_book_check(pBook, worksheet_write_number(pWs, iRow, iCol, (double)n, pBook->pInt));
}

void pr_col_name(int iCol, char *zOut)
{
    if (iCol < 26) { zOut[0] = (char)('A' + iCol); zOut[1] = 0; return; }
    zOut[0] = (char)('A' + iCol / 26 - 1);
    zOut[1] = (char)('A' + iCol % 26);
    zOut[2] = 0;
}

static void sum_formula(char *zOut, size_t nOut, uint16_t iCol, uint32_t iFirst, uint32_t iLast)
{
    char zCol[4];
    pr_col_name(iCol, zCol);
    if (iLast < iFirst) snprintf(zOut, nOut, "=0");
    else snprintf(zOut, nOut, "=SUM(%s%u:%s%u)", zCol, iFirst + 1, zCol, iLast + 1);
}

void pr_book_sum_fen(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol,
                     uint32_t iFirst, uint32_t iLast, int64_t nFen)
{
    char zF[64];
    sum_formula(zF, sizeof(zF), iCol, iFirst, iLast);
    pr_book_check(pBook, worksheet_write_formula_num(pWs, iRow, iCol, zF, pBook->pTotalMoney, (double)nFen / 100.0));
}

void pr_book_sum_int(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol,
                     uint32_t iFirst, uint32_t iLast, int64_t nCount)
{
    char zF[64];
    sum_formula(zF, sizeof(zF), iCol, iFirst, iLast);
    pr_book_check(pBook, worksheet_write_formula_num(pWs, iRow, iCol, zF, pBook->pTotalInt, (double)nCount));
}

uint32_t pr_book_signatures(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow)
{
    static const char *const az[4] = { "制表人：", "审核人：", "负责人：", "日期：" };
    iRow++;   /* one blank row */
    for (int i = 0; i < 4; i++) {
        pr_book_check(pBook, worksheet_write_string(pWs, iRow, (lxw_col_t)(1 + (i % 2) * 6), az[i], NULL));
        if (i % 2 == 1) iRow += 2;
    }
    return iRow;
}

void pr_safe_name(const char *z, char *zOut, size_t nOut)
{
    size_t k = 0;
    for (; *z && k + 1 < nOut; z++) {
        unsigned char c = (unsigned char)*z;
        zOut[k++] = (c < 0x20 || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"'
                     || c == '<' || c == '>' || c == '|') ? '_' : (char)c;
    }
    zOut[k] = 0;
    if (k == 0 && nOut > 1) snprintf(zOut, nOut, "_");
}
