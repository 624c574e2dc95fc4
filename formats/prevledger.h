/*
 * prevledger.h - the one reader of a month folder's ledger.csv.gz (gzip or
 * plain), streamed in bounded chunks (never held whole): `payrun verify`
 * re-checks a ledger with it, and the changes read the previous month's
 * lines with it. The columns are those of formats/ledgercols.h, which the
 * writer uses too. A record is handed out with what is wrong with it, if
 * anything; what to say about it, and whether to go on, is the caller's.
 */
#ifndef PR_PREVLEDGER_H
#define PR_PREVLEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "io/csv.h"
#include "io/err.h"
#include "formats/ledgercols.h"
#include "model/changes.h"

#define PR_LEDGER_AMOUNT_DIGITS 15   /* amount_fen: up to 10^15 fen per line */

/* What is wrong with a record, checked in this order. */
typedef enum pr_lbad {
    LBAD_NONE = 0,          /* a good header, or a good row */
    LBAD_TOO_LONG,          /* a record longer than PR_CHUNK_CAP (1 MiB) */
    LBAD_UNCLOSED,          /* a quoted field that is never closed */
    LBAD_HEADER,            /* the first record is not PR_LEDGER_HEADER */
    LBAD_UTF8,              /* not valid UTF-8, or holds a NUL byte */
    LBAD_STRAY_QUOTE,       /* malformed CSV: a quote inside an unquoted field */
    LBAD_TOO_MANY,          /* malformed CSV: too many fields */
    LBAD_NFIELD,            /* not LCOL_COUNT fields */
    LBAD_PROGRAM,           /* program is not a programme code */
    LBAD_DISTRICT,          /* district is not 6 digits */
    LBAD_AMOUNT,            /* amount_fen is not a positive whole number of
                               at most PR_LEDGER_AMOUNT_DIGITS digits, no leading 0 */
    LBAD_BENEFICIARY,       /* beneficiary_id is blank */
    LBAD_LINE_TYPE,         /* line_type is not a line type's code */
    LBAD_PERIOD,            /* period is not YYYY-MM */
    LBAD_PAY_REF            /* pay_ref is not YYYYMM-DDDDDD-NNNNNN of the
                               line's district */
} pr_lbad;

/* One record of the ledger, valid until the next call on its reader. */
typedef struct pr_lrec {
    uint32_t iLine;         /* physical line (1-based) the record starts on */
    uint8_t bHeader;        /* the first record of the file */
    uint8_t eBad;           /* pr_lbad */
    uint8_t bLegacy;        /* the ledger has the 12 columns of before the
                               payment cycle: no line_type, period,
                               reference or pay_ref (iPeriod, iPayMonth -1) */
    const pr_csvrow *pRow;  /* its fields, once it parsed as CSV, else NULL; the reader's */
    int eProg;              /* a good row: pr_prog of program */
    int32_t iDistrict;      /* a good row: district */
    int64_t nFen;           /* a good row: amount_fen */
    int eType;              /* a good row: pr_ltype of line_type */
    int iPeriod;            /* a good row: period */
    int iPayMonth;          /* a good row: the month its pay_ref names */
    int iPaySeq;            /* a good row: its pay_ref's sequence */
} pr_lrec;

typedef struct pr_ledger_reader pr_ledger_reader;

/* Opens the ledger at zPath. Returns a reader owned by the caller (free
 * with pr_ledger_reader_free), or NULL with pErr set to PR_ERR_IO and the
 * stream's own message (naming zPath), or to PR_ERR_NOMEM. */
pr_ledger_reader *pr_ledger_reader_open(const char *zPath, pr_err *pErr);

/* The next record into *pRec. Returns 1, 0 at the end of the file, or -1
 * with pErr set: PR_ERR_IO/PR_ERR_GZIP with the stream's message when the
 * file cannot be read to the end, PR_ERR_NOMEM. */
int pr_ledger_reader_next(pr_ledger_reader *p, pr_lrec *pRec, pr_err *pErr);

/* Frees p; p may be NULL. */
void pr_ledger_reader_free(pr_ledger_reader *p);

/* Sets pErr for the record pRec of the ledger zPath when it is bad (eBad is
 * not LBAD_NONE): "<zPath>:<line>: <the problem>", the code PR_ERR_CSV,
 * PR_ERR_HEADER or PR_ERR_ENCODING. Returns that code, or PR_OK for a good
 * record. For the readers that stop at the first bad record. */
pr_error pr_ledger_record_error(const char *zPath, const pr_lrec *pRec, pr_err *pErr);

/* Streams the REGULAR lines of the ledger at zPath, which must be one
 * payrun wrote, to xLine in file order: o's strings hold nBen and nName
 * bytes (no NUL) and are valid only during the call. xLine returns PR_OK
 * to go on, or an error with *pErr set to a message without the file
 * ("<line>: ..."), which is then prefixed with it. Returns PR_OK, or an
 * error with a message naming the file and line ("not a ledger written by
 * payrun" for a ledger payrun would not write). */
pr_error pr_prevledger_each(const char *zPath, pr_error (*xLine)(void *, const pr_prev_line *o, size_t nBen, size_t nName, pr_err *),
                            void *pArg, pr_err *pErr);

/* The REGULAR lines of the ledger zPath as h holds them (the payment
 * cycle's pass kept them, model/prevlines.h) to xLine, in file order, with
 * pr_prevledger_each's messages. */
pr_error pr_prevledger_each_held(const pr_prev_held *h, const char *zPath,
                                 pr_error (*xLine)(void *, const pr_prev_line *o, size_t nBen, size_t nName, pr_err *),
                                 void *pArg, pr_err *pErr);

/* Parses the pay_ref z[0,n) ("YYYYMM-DDDDDD-NNNNNN", month 01-12, sequence
 * from 1) into its district, month and sequence. 0, or -1 for any other
 * string. */
int pr_pay_ref_parse(const char *z, size_t n, int32_t *piDistrict, int *piMonth, int *piSeq);

/* Reads the REGULAR lines of the ledger at zPath, which must be one payrun
 * wrote, into L (empty, pr_prev_ledger_init), sorted by programme and
 * beneficiary_id.
 * Returns PR_OK, or an error with a message naming the file and line
 * ("not a ledger written by payrun" for a ledger payrun would not write,
 * a second line for the same programme and beneficiary included); L then
 * holds what was read, to clear. */
pr_error pr_prevledger_load(const char *zPath, pr_prev_ledger *L, pr_err *pErr);

#endif
