/*
 * sheet.h - one worksheet of an Excel workbook read row by row: .xlsx
 * streamed with minizip (the zip) and expat (the XML), shared strings
 * resolved under a hard cap, dates recognised by their cell style; .xls
 * through libfreexl. Each row comes out as its cells' text, column by
 * column, with what kind of cell each was, so that the caller can judge a
 * number where it needs text. Nothing here knows about payments.
 *
 * Numbers are given as the decimal text the workbook stores (an .xlsx
 * cell's <v>), written without exponent and rounded, in decimal, to the 15
 * significant digits Excel keeps and shows (1234.5599999999999 is
 * 1234.56); never through a double. An .xls stores binary doubles: they
 * are written with 15 significant digits, as Excel shows them. A cell with
 * a date style is its date, YYYY-MM-DD.
 */
#ifndef PR_SHEET_H
#define PR_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include "io/err.h"

/* Hard caps. */
#define PR_SHEET_SST_CAP ((size_t)256 << 20)   /* inflated bytes of the shared strings */
#define PR_SHEET_META_CAP ((size_t)16 << 20)   /* workbook, rels, styles parts */
#define PR_SHEET_ROW_CAP (1u << 20)            /* text of one row (as a CSV record) */
#define PR_SHEET_MAX_ROW 1048576u              /* Excel's rows */
#define PR_SHEET_MAX_COL 16384                 /* Excel's columns (A..XFD) */

/* What a cell was (flags). */
enum {
    PR_CELL_NUMBER = 1,     /* a number cell (its text is the decimal number) */
    PR_CELL_DATE = 2,       /* a number with a date style: the text is YYYY-MM-DD */
    PR_CELL_FORMULA = 4,    /* a formula: the text is its cached value */
    PR_CELL_IMPRECISE = 8   /* a number of 15 or more digits, or stored in E
                             * notation: Excel may have lost digits */
};

typedef struct pr_sheetcell {
    uint32_t iOff;          /* its text: z + iOff of the rows */
    uint32_t n;             /* bytes */
    uint8_t fCell;          /* PR_CELL_* */
} pr_sheetcell;

typedef struct pr_sheetrow {
    uint32_t iRow;          /* the sheet row number, 1-based */
    uint32_t iCell;         /* its first cell in aCell */
    uint32_t nCell;         /* cells, column A on (gaps are empty cells) */
    uint8_t bTooLong;       /* its text was over PR_SHEET_ROW_CAP (cut) */
} pr_sheetrow;

/* A batch of rows that hold at least one non-empty cell. */
typedef struct pr_sheetrows {
    char *z;                /* the cells' text */
    size_t n, nCap;
    pr_sheetcell *aCell;
    size_t nCell, nCellCap;
    pr_sheetrow *aRow;
    int nRow, nRowCap;
    int bNoMem;             /* a row did not fit in memory */
} pr_sheetrows;

void pr_sheetrows_init(pr_sheetrows *p);
void pr_sheetrows_clear(pr_sheetrows *p);   /* frees; p stays usable */

/* The workbook kinds, by the path's extension (".xlsx", ".xlsm", ".xls",
 * any case, before an optional "#sheet"). */
typedef enum pr_sheet_kind { SHEET_NONE = 0, SHEET_XLSX, SHEET_XLS } pr_sheet_kind;
pr_sheet_kind pr_sheet_kind_of(const char *zArg);

typedef struct pr_sheet pr_sheet;

/* Opens zArg, "FILE.xlsx" (the first sheet) or "FILE.xlsx#name", by its
 * content: a zip is read as .xlsx, an OLE file as .xls. Returns a new
 * reader the caller frees with pr_sheet_free, or NULL with pErr set
 * (PR_ERR_IO, PR_ERR_HEADER for a workbook that cannot be read as a roster
 * - not a zip, encrypted, Excel 95, no such sheet -, PR_ERR_TOO_BIG past a
 * cap, PR_ERR_NOMEM), the message naming the file and the place. */
pr_sheet *pr_sheet_open(const char *zArg, pr_err *pErr);

/* The file's path (zArg without "#sheet") and the sheet's name. */
const char *pr_sheet_file(const pr_sheet *p);
const char *pr_sheet_name(const pr_sheet *p);

/* The SHA-256 of the file's bytes, 64 hex characters and a NUL (computed
 * when it was opened). */
const char *pr_sheet_sha256_hex(const pr_sheet *p);

/* Appends the next rows (at least nMin unless the sheet ends, rows without
 * a non-empty cell skipped) to pOut. Returns PR_OK (no row added: the end),
 * or an error (bad XML, a row number out of order, PR_ERR_NOMEM) with the
 * message naming the file and the place. */
pr_error pr_sheet_next(pr_sheet *p, pr_sheetrows *pOut, int nMin, pr_err *pErr);

/* Reads to the end of the sheet without keeping rows (to see its merged
 * cells). PR_OK or an error as pr_sheet_next. */
pr_error pr_sheet_skip_rest(pr_sheet *p, pr_err *pErr);

/* After the end: the first merged range ("A1:F1") that covers the sheet's
 * first non-empty row, or NULL. */
const char *pr_sheet_header_merge(const pr_sheet *p);

/* Frees p; p may be NULL. */
void pr_sheet_free(pr_sheet *p);

#ifdef PR_TESTING
/* Tests: a number's stored text into the text payrun reads (see above);
 * returns the PR_CELL_* flags besides PR_CELL_NUMBER. */
int pr_sheet_number_text(const char *z, size_t n, char *zOut, size_t nOut, size_t *pnOut);
/* Tests: a date serial (1900 or 1904 system) into YYYY-MM-DD; 0 or -1. */
int pr_sheet_serial_date(long long iSerial, int b1904, char *zOut);
#endif

#endif
