/*
 * xlsxread.h - the tests' reader of the .xlsx workbooks payrun writes:
 * minizip opens the zip and inflates a part, expat parses the workbook, its
 * relationships, the shared strings and a sheet's cells.
 *
 * Two levels:
 *   xr_part, xr_count    a part's bytes, the number of parts with a prefix
 *   xr_open ... xr_close the sheets by name and their cells by reference
 *
 * Every size is bounded (XR_MAX_*): a part, string, sheet list or cell list
 * larger than its cap is an error, as is a zip or XML that does not parse.
 */
#ifndef PR_XLSXREAD_H
#define PR_XLSXREAD_H

#include <stddef.h>

#define XR_MAX_PART    (64u << 20)   /* uncompressed bytes of one part */
#define XR_MAX_ENTRIES 100000        /* entries of the zip xr_count walks */
#define XR_MAX_TEXT    (1u << 20)    /* bytes of one string, value or formula */
#define XR_MAX_SHEETS  1024          /* sheets of a workbook */
#define XR_MAX_SHARED  (1 << 20)     /* shared strings of a workbook */
#define XR_MAX_CELLS   (1 << 20)     /* cells of one sheet */

/* The cap on a part's uncompressed bytes, XR_MAX_PART unless a test lowers
 * it to see the cap at work. */
extern size_t xr_nMaxPart;

/* Returns the uncompressed bytes of part zName (e.g. "xl/workbook.xml") of
 * the zip file zPath as a malloc'd NUL-terminated string the caller frees,
 * or NULL (no such file or part, not a zip, over the cap, a bad CRC). */
char *xr_part(const char *zPath, const char *zName);

/* Returns the number of parts whose names start with zPrefix, or -1 when
 * zPath cannot be read as a zip. */
int xr_count(const char *zPath, const char *zPrefix);

/* Counts the occurrences of zNeedle in z (0 for a NULL z or empty zNeedle). */
int xr_occurrences(const char *z, const char *zNeedle);

/* What a cell holds. */
typedef enum xr_type {
    XR_BLANK = 0,   /* a cell with a style and no value */
    XR_NUMBER,      /* a number (t="n" or no t) */
    XR_STRING,      /* a shared (t="s"), inline (t="inlineStr") or formula (t="str") string */
    XR_BOOL,        /* a boolean (t="b") */
    XR_ERROR        /* an error value such as #DIV/0! (t="e") */
} xr_type;

/* One cell of a sheet; its strings belong to the book. */
typedef struct xr_cell {
    int iRow;               /* 1-based row (the 3 of B3) */
    int iCol;               /* 1-based column (the B of B3 is 2) */
    xr_type eType;          /* what the cell holds */
    int bShared;            /* the string came from xl/sharedStrings.xml */
    int bInline;            /* the string was inline (<is><t>) */
    double rValue;          /* the number, or 1/0 for a boolean; else 0 */
    const char *zText;      /* the string; for other types the text of <v>
                             * as written; "" for a blank */
    const char *zFormula;   /* the text of <f>, or NULL when no formula */
} xr_cell;

typedef struct xr_book xr_book;
typedef struct xr_sheet xr_sheet;

/* Opens workbook zPath: reads xl/workbook.xml, its relationships and the
 * shared strings. Returns a book the caller frees with xr_close, or NULL
 * with a message in zErr. */
xr_book *xr_open(const char *zPath, char *zErr, size_t nErr);

/* Frees the book, its sheets and every string it handed out. NULL is fine. */
void xr_close(xr_book *pBook);

/* Returns the number of sheets in workbook order. */
int xr_sheet_count(const xr_book *pBook);

/* Returns the name of sheet iSheet (0-based; owned by the book), or NULL
 * when out of range. */
const char *xr_sheet_name(const xr_book *pBook, int iSheet);

/* Returns the sheet named zName with its cells read (owned by the book; read
 * once, kept until xr_close), or NULL with a message in zErr when there is
 * no such sheet or its part is missing or does not parse. */
const xr_sheet *xr_sheet_get(xr_book *pBook, const char *zName, char *zErr, size_t nErr);

/* Returns the number of cells (elements <c>) of the sheet. */
int xr_cell_count(const xr_sheet *pSheet);

/* Returns the cell at zRef (e.g. "B3"; owned by the book), or NULL when the
 * sheet has no such cell or zRef is not a cell reference. */
const xr_cell *xr_cell_at(const xr_sheet *pSheet, const char *zRef);

#endif
