/*
 * changes.h - month-on-month changes against last month's output folder
 * (--prev DIR/YYYY-MM): who is new, who stopped and why, whose amount
 * changed; counts and amount deltas per district and programme; and bank
 * accounts shared by unrelated households (computed every month).
 */
#ifndef PR_CHANGES_H
#define PR_CHANGES_H

#include <stdint.h>

#include "model/batch.h"

typedef enum pr_change_kind {
    CHANGE_NEW = 0,        /* paid this month, not last month */
    CHANGE_STOPPED,        /* paid last month, not this month */
    CHANGE_AMOUNT          /* paid both months, a different amount */
} pr_change_kind;

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
                                   "" otherwise */
} pr_change;

/* Counts and amounts per district and programme, both months. */
typedef struct pr_change_total {
    int32_t iDistrict;          /* district code */
    uint8_t eProg;              /* pr_prog */
    int64_t nOldLines, nNewLines;   /* lines last month / this month */
    int64_t nOldFen, nNewFen;       /* amounts last month / this month */
    int64_t nAdded, nStopped, nChanged;   /* beneficiaries new / stopped / changed */
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
    pr_change *aChange;         /* sorted by district, programme, kind, beneficiary */
    int nChange;
    pr_change_total *aTotal;    /* sorted by district, programme; only pairs with lines in either month */
    int nTotal;
    pr_shared_account *aShared; /* sorted by account */
    int nShared;
    pr_arena arena;             /* strings */
} pr_changes;

/* Computes the shared accounts of this month and, when zPrevDir is not NULL,
 * the changes against the ledger.csv.gz in zPrevDir (which must be an
 * earlier month's folder written by payrun). Returns a new object (free
 * with pr_changes_free) or NULL with a message in zErr. */
pr_changes *pr_changes_compute(const pr_batch *p, const char *zPrevDir, char *zErr, size_t nErr);

/* Frees p; p may be NULL. */
void pr_changes_free(pr_changes *p);

#endif
