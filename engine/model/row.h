/*
 * row.h - the generic roster row: what a programme file (engine/rules/)
 * declares about its roster (the roster descriptor: its columns, the
 * programmes its records belong to, its row validator), and the small API
 * its validator uses to read the fields of one row and record findings.
 * The roster reader (formats/roster.c) walks the descriptor; it knows no
 * programme.
 */
#ifndef PR_ROW_H
#define PR_ROW_H

#include <stddef.h>
#include <stdint.h>

#include "io/csv.h"
#include "model/record.h"

/* The columns every roster has (domain.md section 5a), slots 0 to
 * COL_COMMON-1 of every roster's column map. A roster's own columns take
 * the slots from COL_COMMON on, in the order of its descriptor's aCol. */
enum {
    COL_ID = 0, COL_NAME, COL_DISTRICT, COL_AREA, COL_TOWN, COL_VILLAGE,
    COL_BANK, COL_ACCOUNT, COL_PAYEE,
    COL_COMMON
};

/* Most columns of one roster, common ones included. */
#define PR_MAX_COLS 32

/* How a roster uses a column. */
enum { USE_NONE = 0, USE_OPTIONAL = 1, USE_REQUIRED = 2 };

/* What a column holds, for a workbook's cells (formats/roster.c): a
 * number cell in an ID or account column is never taken for its digits,
 * a date cell in a month column is its YYYY-MM, a formula in a money
 * column is a WARNING. CSV text is read alike whatever the kind. */
enum { CELL_TEXT = 0, CELL_ID, CELL_ACCOUNT, CELL_MONEY, CELL_MONTH };

/* One roster column: its header names and whether the roster needs it. */
typedef struct pr_column {
    const char *zZh;              /* Chinese header name */
    const char *zEn;              /* English header name */
    uint8_t eUse;                 /* USE_OPTIONAL or USE_REQUIRED */
    uint8_t eCell;                /* CELL_*: what it holds */
} pr_column;

typedef struct pr_row pr_row;
struct pr_work;

/* What a programme file declares about its roster. */
typedef struct pr_roster_desc {
    pr_roster eRoster;            /* the roster kind */
    const char *zName;            /* "dibao": its option and its name in messages */
    const char *zHelp;            /* what the roster is, for the option's help line */
    uint8_t bAccountRequired;     /* the account column is required (the
                                   * payee is always the person); the other
                                   * common columns' uses are fixed (row.c) */
    const pr_column *aCol;        /* its own columns, slots COL_COMMON.. */
    int nCol;                     /* their count; COL_COMMON + nCol <= PR_MAX_COLS */
    pr_prog aProg[2];             /* programmes its records belong to */
    int nProg;                    /* 1 or 2 */
    int iIdCol;                   /* the column that names a record in the
                                   * findings of a row that cannot be parsed */
    void (*xParse)(pr_row *pRow); /* validates a well-formed row into its record */
    void (*xRecord)(struct pr_work *w, pr_record *r);
                                  /* its rule for one valid, not HELD record,
                                   * run in the rules pass; NULL when the
                                   * roster's rules run elsewhere (DIBAO by
                                   * household, the disability allowances in
                                   * the cross-programme pass) */
} pr_roster_desc;

/* Names of column slot iCol of roster pDesc (common or its own). */
const pr_column *pr_roster_column(const pr_roster_desc *pDesc, int iCol);

/* How roster pDesc uses column slot iCol: USE_OPTIONAL or USE_REQUIRED. */
int pr_roster_column_use(const pr_roster_desc *pDesc, int iCol);

/* The column slot of roster pDesc whose English header name is zEn, or -1. */
int pr_roster_col_by_name(const pr_roster_desc *pDesc, const char *zEn);

/* What every worker reading one file needs, read-only. */
typedef struct pr_row_ctx {
    int iMonth;                   /* batch month */
    const int *aiDistrict;        /* declared district codes, ascending */
    int nDistrict;                /* their count */
    const int *aiLocal;           /* local division codes (districts and
                                   * regions of the policy), ascending */
    int nLocal;                   /* their count */
    uint32_t iFile;               /* input file index */
    const pr_roster_desc *pDesc;  /* the file's roster */
    const int *aiCol;             /* field index of each column slot, -1 if absent */
    int nField;                   /* fields in the header */
} pr_row_ctx;

/* One row being validated into a record. */
struct pr_row {
    const pr_row_ctx *pCtx;       /* the file's context */
    pr_part *pOut;                /* where the record's findings and strings go */
    pr_record *pRec;              /* the record being filled */
    const pr_csvrow *pFields;     /* the row's fields */
    const char *zFindId;          /* id written in findings; NULL until known */
    int rc;                       /* -1 once memory ran out: the chunk fails */
};

/* Field of column iCol, spaces trimmed; "" when the column is absent. The
 * bytes are the row's (not NUL-terminated). */
void pr_row_field(const pr_row *pRow, int iCol, const char **pz, size_t *pn);

/* The field as a NUL-terminated string in the part's arena ("" when blank;
 * owned by the part). On out-of-memory sets pRow->rc and returns "". */
const char *pr_row_str(pr_row *pRow, int iCol);

/* Adds a finding of eStatus with a printf-style message for every
 * programme of the row. A REJECTED finding also marks the record. */
void pr_row_note(pr_row *pRow, pr_status eStatus, const char *zCode, const char *zFmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Validates the columns every roster has (ID, name, district, area, town,
 * village). Returns 0, or -1 once the row was REJECTED. */
int pr_row_check_common(pr_row *pRow);

/* Sets the payee (strings owned by the part) and checks the account:
 * REJECTED without one ("<zWhat> has no bank account"), WARNING when it
 * fails the Luhn check. Returns 0 or -1 if the row was rejected. */
int pr_row_set_payee(pr_row *pRow, const char *zBank, const char *zAccount, const char *zPayee, const char *zWhat);

/* The person's own bank, account and payee columns (payee defaults to the
 * name). 0 or -1 as pr_row_set_payee. */
int pr_row_own_payee(pr_row *pRow);

/* Money column iCol in fen into *pv; blank is 0 unless bRequired. Returns
 * 0, or -1 after rejecting the row with a message naming zWhat. */
int pr_row_money(pr_row *pRow, int iCol, const char *zWhat, int64_t *pv, int bRequired);

/* Yes/no column into *pb. 0, or -1 after rejecting the row. */
int pr_row_yesno(pr_row *pRow, int iCol, const char *zWhat, uint8_t *pb);

/* Disability grade (0-4) and type (0-7) columns into the record. 0 or -1. */
int pr_row_disability(pr_row *pRow, int iGradeCol, int iTypeCol);

/* Index in azChoice (pairs: Chinese, English; NULL-terminated) of the
 * column's value, or -1. */
int pr_row_choice(const pr_row *pRow, int iCol, const char *const *azChoice);

/* Whether z[0,n) is exactly zLit. */
int pr_name_is(const char *z, size_t n, const char *zLit);

/* Parses a small whole number lo..hi (blank = 0 when lo <= 0) into *pv.
 * 0 or -1. */
int pr_small_int(const char *z, size_t n, int lo, int hi, uint8_t *pv);

/* Parses a yes/no field (是/否, Y/N, 1/0, yes/no, blank = no). 0 or -1. */
int pr_yesno_parse(const char *z, size_t n, uint8_t *pb);

/* At most this many bytes of a bad value are quoted in a message. */
#define PR_SHOW(n) (int)((n) > 60 ? 60 : (n))

#endif
