/*
 * sheet.h - one worksheet of an Excel workbook read row by row: .xlsx
 * streamed with minizip (the zip) and expat (the XML; its rows also cut
 * into blocks that parse on several threads), shared strings
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

/* pr_sheet_open in three steps, so that the stage code can run the
 * independent parts of opening an .xlsx on several threads: the file's
 * SHA-256, the shared strings (inflated and read) and the sheet part
 * (inflated). pr_sheet_open_begin reads the zip's directory, the workbook,
 * its relationships and styles, and the two parts' deflated bytes; it
 * returns a reader the caller frees with pr_sheet_free, or NULL with pErr
 * set (then with the error a whole pr_sheet_open gives). Then each job,
 * PR_SHEET_JOB_*, once, on any thread, at the same time as the others
 * (each touches its own part of p); nothing else is done with p meanwhile.
 * Then pr_sheet_open_end, on the thread that began: PR_OK, or the error
 * pr_sheet_open gives (pErr set; the caller still frees p). */
enum { PR_SHEET_JOB_HASH, PR_SHEET_JOB_STRINGS, PR_SHEET_JOB_SHEET, PR_SHEET_JOBS };
pr_sheet *pr_sheet_open_begin(const char *zArg, pr_err *pErr);
void pr_sheet_open_job(pr_sheet *p, int iJob);
pr_error pr_sheet_open_end(pr_sheet *p, pr_err *pErr);

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

/* Blocks: the rows of an .xlsx sheet parsed on several threads. The
 * inflated sheet XML is cut after a row's end tag into blocks of whole
 * rows (about 1 MiB), each parsed by an expat parser of its own; the rest
 * of the part (up to the rows, and after them) is parsed in order by
 * pr_sheet_next. A block whose rows cannot stand alone (bad XML, a row
 * number out of order or missing at its start, an error in a cell, too
 * much text) is given back by pr_sheet_join and read in order, so that
 * every error and every row is as a reading in one piece gives them. A
 * part with a comment, CDATA section or processing instruction after its
 * XML declaration is read in order only. */
typedef struct pr_sheetblock pr_sheetblock;

/* Producer: cuts the next block off the sheet into *ppBlock (the caller
 * owns it: pr_sheet_join frees it), or sets it NULL when the sheet must be
 * read on in order with pr_sheet_next: before its first row was read by
 * pr_sheet_next, at the end of its rows, or for a part that is not cut.
 * Once called, pr_sheet_next stops early, at a row's end where a block can
 * be cut, when it has read at least one row. A block may hold bytes of p's
 * own: every block is joined before p is freed. Returns PR_OK, or an error
 * (the zip, PR_ERR_NOMEM) as pr_sheet_next. */
pr_error pr_sheet_cut(pr_sheet *p, pr_sheetblock **ppBlock, pr_err *pErr);

/* Any thread: parses b into pOut (rows appended; p is only read: its
 * shared strings, styles and names). Returns 0, or -1 when the block cannot
 * stand alone (pr_sheet_join reads it again in order). */
int pr_sheetblock_parse(const pr_sheet *p, pr_sheetblock *b, pr_sheetrows *pOut);

/* Producer, after the blocks apBlock[0,nBlock) were parsed, in their
 * order, before anything else is read: takes them as the sheet's next
 * rows. *pnGood is how many of them stand; the first that does not, and
 * every block after it, is given back to be read again by pr_sheet_next
 * (their rows are to be dropped), and nothing more is cut. Frees every
 * block. Returns PR_OK or PR_ERR_NOMEM. */
pr_error pr_sheet_join(pr_sheet *p, pr_sheetblock **apBlock, int nBlock, int *pnGood, pr_err *pErr);

/* Whether the sheet part is held inflated whole: its blocks then hold no
 * bytes of their own (while it is streamed, each holds a copy of its XML). */
int pr_sheet_held_whole(const pr_sheet *p);

/* Frees b; b may be NULL. */
void pr_sheetblock_free(pr_sheetblock *b);

#if defined(PR_TESTING) || defined(PR_FUZZING)
/* Tests and fuzzing: blocks of about n bytes of XML (0 < n <= 2 MiB), so
 * that small sheets are cut into many. */
void pr_sheet_set_block_bytes(pr_sheet *p, size_t n);
/* Tests and fuzzing: 0 reads all XML with expat, 1 (the default) plain
 * rows and shared strings on the fast path (io/sheet.c). */
void pr_sheet_fast_path(int bOn);
#endif

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
