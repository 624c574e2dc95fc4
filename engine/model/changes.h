/*
 * changes.h - month-on-month changes against last month's output folder
 * (--prev DIR/YYYY-MM): who is new, who stopped and why, whose amount
 * changed, comparing REGULAR lines only; then every line of this month that
 * is not a REGULAR line, each listed as its own kind (a re-issue, a back
 * pay, a difference, temporary assistance); counts and amount deltas per
 * district and programme; and bank
 * accounts shared by unrelated households (computed every month, by
 * rules/accounts.c). The previous month's ledger lines are read by
 * formats/prevledger.c; run/changes.c puts the steps together.
 */
#ifndef PR_CHANGES_H
#define PR_CHANGES_H

#include <stdint.h>

#include "io/err.h"
#include "model/batch.h"
#include "model/persons.h"
#include "model/prevlines.h"

typedef enum pr_change_kind {
    CHANGE_NEW = 0,        /* paid this month, not last month */
    CHANGE_STOPPED,        /* paid last month, not this month */
    CHANGE_AMOUNT,         /* paid both months, a different amount */
    /* this month's lines that are not REGULAR, one change each, in the
     * order of pr_ltype: CHANGE_AMOUNT + eType */
    CHANGE_REISSUE,        /* LT_REISSUE: a failed payment paid again */
    CHANGE_BACKPAY,        /* LT_BACKPAY: 补发 */
    CHANGE_DIFFERENCE,     /* LT_DIFFERENCE: 补差 */
    CHANGE_TEMPORARY,      /* LT_TEMPORARY: 临时救助 */
    CHANGE_KIND_COUNT
} pr_change_kind;

/* The change kind of a line type that is not LT_REGULAR. */
#define PR_CHANGE_OF_LTYPE(eType) ((int)CHANGE_AMOUNT + (int)(eType))

/* One changed beneficiary of one programme. */
typedef struct pr_change {
    uint8_t eKind;              /* pr_change_kind */
    uint8_t eProg;              /* pr_prog */
    int32_t iDistrict;          /* district code (this month's, else last month's) */
    const char *zBeneficiary;   /* beneficiary_id, owned by the changes' arena */
    const char *zName;          /* name as in the ledger */
    int64_t nOld;               /* last month's amount, fen (0 if new) */
    int64_t nNew;               /* this month's amount, fen (0 if stopped) */
    const char *zReason;        /* STOPPED: the status and code of this month's
                                   finding, or "not in this month's rosters";
                                   the line's basis for the kinds of a line
                                   that is not REGULAR; "" otherwise */
    /* the kinds of a line that is not REGULAR (nOld 0, nNew its amount): */
    int32_t iPeriod;            /* the month it pays for; -1 for the others */
    const char *zReference;     /* its approval document, or the failed pay_ref
                                   of a REISSUE; "" for the others */
    const char *zPayRef;        /* the pay_ref of its bank row; "" for the others
                                   (and before the rows are numbered) */
} pr_change;

/* Counts and amounts per district and programme, both months. */
typedef struct pr_change_total {
    int32_t iDistrict;          /* district code */
    uint8_t eProg;              /* pr_prog */
    int64_t nOldLines, nNewLines;   /* REGULAR lines last month / this month */
    int64_t nOldFen, nNewFen;       /* their amounts last month / this month */
    int64_t nAdded, nStopped, nChanged;   /* beneficiaries new / stopped / changed */
    int64_t nOtherLines, nOtherFen; /* this month's lines that are not REGULAR */
} pr_change_total;

/* One bank account paid to more than one unrelated household. */
typedef struct pr_shared_account {
    const char *zBank;          /* bank of the account */
    const char *zAccount;       /* the account */
    int nHouseholds;            /* distinct households (or lone persons) paid */
    const char *zWho;           /* "household_id or person ID (name)" list, '; '-separated */
    int64_t nFen;               /* total paid into it this month */
} pr_shared_account;

typedef struct pr_changes {
    int bHasPrev;               /* a previous month was given */
    char zPrevMonth[8];         /* its month, "YYYY-MM" */
    pr_change *aChange;         /* the REGULAR changes sorted by district,
                                   programme, kind, beneficiary; then the
                                   other lines by district, programme, kind,
                                   beneficiary, period, reference */
    int nChange;
    pr_change_total *aTotal;    /* sorted by district, programme; only pairs with lines in either month */
    int nTotal;
    pr_shared_account *aShared; /* sorted by account */
    int nShared;
    pr_arena arena;             /* strings */
} pr_changes;


/* A month's ledger held whole (formats/prevledger.c, pr_prevledger_load):
 * its lines sorted by programme and beneficiary_id, no two with the same
 * pair. The changes no longer hold one (they stream the ledger through
 * pr_changes_join); a test of payrun diff checks its output against it. */
typedef struct pr_prev_ledger {
    pr_prev_line *a;        /* the lines, owned */
    int n;                  /* lines in a */
    int nCap;               /* allocated in a */
    pr_arena arena;         /* the strings of a */
} pr_prev_ledger;

/* Initialises L empty. */
void pr_prev_ledger_init(pr_prev_ledger *L);

/* Frees what L owns; L is then empty again. */
void pr_prev_ledger_clear(pr_prev_ledger *L);

/* A new, empty pr_changes, owned by the caller (free with
 * pr_changes_free), or NULL with pErr set. */
pr_changes *pr_changes_new(pr_err *pErr);

/* Frees p; p may be NULL. */
void pr_changes_free(pr_changes *p);

/* The join of this month's REGULAR lines with last month's, fed one of
 * last month's lines at a time (so that its ledger is streamed, never held):
 * _new takes this month's lines (the others each become a change of their
 * own), _prev each of last month's REGULAR lines in any order, _end adds the
 * new beneficiaries and sorts. Keys are found through a hash table, and
 * every change has its own sort key, so the result depends on neither the
 * hash nor the order last month's lines come in. */
typedef struct pr_changes_join pr_changes_join;

/* A join that fills c (empty) from batch p; x must be built over p with
 * bFull. Owned by the caller (pr_changes_join_free), or NULL with pErr set
 * (out of memory). c, p and x must outlive it. */
pr_changes_join *pr_changes_join_new(pr_changes *c, const pr_batch *p, const pr_persons *x, pr_err *pErr);

/* Last month's line o, whose zBen and zName hold nBen and nName bytes (no
 * NUL needed); both are copied where kept. Returns PR_OK,
 * PR_ERR_CSV when the key came before ("<line>: a second line for ...",
 * for the caller to prefix with the file) or PR_ERR_NOMEM, with pErr set. */
pr_error pr_changes_join_prev(pr_changes_join *j, const pr_prev_line *o, size_t nBen, size_t nName, pr_err *pErr);

/* Finishes c (of the previous month zPrevMonth, "YYYY-MM"): the new
 * beneficiaries, the order, the totals. PR_OK or PR_ERR_NOMEM with pErr set. */
pr_error pr_changes_join_end(pr_changes_join *j, const char *zPrevMonth, pr_err *pErr);

/* Frees j (not what it filled); j may be NULL. */
void pr_changes_join_free(pr_changes_join *j);

#endif
