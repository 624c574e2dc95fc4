/*
 * xlsx_util.h - what every payrun workbook shares: fixed document
 * properties (so the same inputs give the same bytes whenever the run is),
 * constant_memory mode with temporary files in the output folder, the cell
 * formats, the print set-up, and a checked-call helper that keeps the first
 * libxlsxwriter error.
 */
#ifndef PR_XLSX_UTIL_H
#define PR_XLSX_UTIL_H

#include <stdint.h>
#include <xlsxwriter.h>

#include "model/batch.h"
#include "io/err.h"

#define PR_XLSX_MAX_ROWS 1048576   /* Excel's rows per sheet */
#define PR_BOOK_SHEET_BUF (256u << 10)   /* bytes of stdio buffer per sheet file */

/* A workbook being written. */
typedef struct pr_book {
    lxw_workbook *pWb;          /* the workbook, owned until pr_book_close */
    lxw_format *pHead;          /* header cells: bold, border, shaded, wrapped */
    lxw_format *pText;          /* text cells (IDs and accounts stay text) */
    lxw_format *pMoney;         /* #,##0.00 */
    lxw_format *pInt;           /* whole numbers */
    lxw_format *pTotalLabel;    /* the total row's label */
    lxw_format *pTotalMoney;    /* the total row's amount */
    lxw_format *pTotalInt;      /* the total row's counts */
    lxw_format *pTitle;         /* a sheet title cell */
    lxw_format *pPass;          /* a passing check */
    lxw_format *pFail;          /* a failing check */
    lxw_format *pCenter;        /* centred text, "@" (codes such as a pay_ref) */
    lxw_format *pIndent;        /* text indented one step, for a column that
                                 * follows a right-aligned number */
    lxw_format *pPercent;       /* 0.00% */
    lxw_format *pTotalPercent;  /* the total row's percentage */
    lxw_error rc;               /* first error met, LXW_NO_ERROR if none */
    const char *zPath;          /* file path, borrowed */
    struct pr_book_buf *pBuf;   /* stdio buffers of the sheets' temporary
                                 * files, owned, freed after the close */
} pr_book;

/* Opens zPath for writing in constant_memory mode with temporary files in
 * zTmpDir, and sets fixed properties (title zTitle, created on the first day
 * of month iMonth). Returns 0 or -1 (then pBook->rc says why). */
int pr_book_open(pr_book *pBook, const char *zPath, const char *zTmpDir, const char *zTitle, int iMonth);

/* Closes (writes) the workbook and frees what pBook owns, whatever the
 * outcome. Returns PR_OK, or the code of the first libxlsxwriter error
 * (PR_ERR_NOMEM, PR_ERR_TOO_BIG for a limit of the format, else PR_ERR_IO)
 * with a message in pErr (may be NULL) naming the file and that error. */
pr_error pr_book_close(pr_book *pBook, pr_err *pErr);

/* Records rc in the book if it is the first error. Returns rc. */
lxw_error pr_book_check(pr_book *pBook, lxw_error rc);

/* Adds a sheet (NULL on error, recorded). In constant_memory mode
 * libxlsxwriter writes a sheet's rows to a temporary file and reads them back
 * when the workbook is closed; the sheet's file gets a PR_BOOK_SHEET_BUF
 * stdio buffer instead of the 4 KiB default, so that each 4 KiB of XML is not
 * a system call of its own, twice. */
lxw_worksheet *pr_book_sheet(pr_book *pBook, const char *zName);

/* A4 landscape, fit to the page width, row 0 repeated on every page, a
 * centred title in the page header and "第 &P 页 共 &N 页" in the footer. */
void pr_book_print_setup(pr_book *pBook, lxw_worksheet *pWs, const char *zTitle);

/* Writes the header row (row 0) with column widths, freezes it. */
void pr_book_header(pr_book *pBook, lxw_worksheet *pWs, const char *const *azHead,
                    const double *aWidth, int nCol);

/* The same with the header on row iRow (the rows above it are a title):
 * the sheet is frozen below it. */
void pr_book_header_at(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, const char *const *azHead,
                       const double *aWidth, int nCol);

/* Writes a cell: a string (a string cell is always text to Excel);
 * pr_book_text also gives it the text format "@", for ID numbers and
 * accounts, so that an officer who edits the cell cannot turn it into a
 * number; a number of fen as yuan with #,##0.00. */
void pr_book_text(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol, const char *z);
void pr_book_str(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol, const char *z);
void pr_book_fen(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol, int64_t nFen);
/* A string in format pFmt (pCenter, pIndent, ...); nothing for NULL or "". */
void pr_book_fmt(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol, const char *z, lxw_format *pFmt);
void pr_book_int(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol, int64_t n);

/* Writes "=SUM(col r0:col r1)" with the exact cached value nFen/100 (a
 * money format) or nCount (whole numbers). Rows are 0-based, inclusive. */
void pr_book_sum_fen(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol,
                     uint32_t iFirst, uint32_t iLast, int64_t nFen);
void pr_book_sum_int(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow, uint16_t iCol,
                     uint32_t iFirst, uint32_t iLast, int64_t nCount);

/* Writes the 制表人 / 审核人 / 负责人 / 日期 lines from row iRow. Returns
 * the next free row. */
uint32_t pr_book_signatures(pr_book *pBook, lxw_worksheet *pWs, uint32_t iRow);

/* A file-name-safe copy of z (slashes, control characters and the like
 * replaced) into zOut of nOut bytes. */
void pr_safe_name(const char *z, char *zOut, size_t nOut);

/* Column letters of iCol (0-based) into zOut (4 bytes). */
void pr_col_name(int iCol, char *zOut);

#endif
