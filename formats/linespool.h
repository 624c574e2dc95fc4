/*
 * linespool.h - payment lines written to a temporary file and read back,
 * by linespool.c, for payrun merge (run/merge.c), which holds one shard's
 * lines, or one group of them, at a time. Binary records read only by the
 * process that wrote them: no format to keep, nothing from outside.
 */
#ifndef PR_LINESPOOL_H
#define PR_LINESPOOL_H

#include <stdint.h>
#include <stdio.h>

#include "io/arena.h"
#include "io/err.h"
#include "model/batch.h"

/* What a spooled line may carry beside itself: how the shared accounts
 * count it (run/merge.c). */
typedef struct pr_spool_extra {
    uint64_t iOrder;             /* its place in the month's ledger */
    uint8_t eAcct;               /* pr_mp_acct */
    const char *zKey;            /* household id or person ID ("" for none) */
    const char *zHead;           /* a household's head's name, or NULL */
} pr_spool_extra;

/* Appends line l (with x, when not NULL) to f. 0, or -1 when f cannot be
 * written (ferror). */
int pr_spool_put(FILE *f, const pr_line *l, const pr_spool_extra *x);

/* Reads the next record of f into *l (and *x when the record has one and
 * x is not NULL; zeroed otherwise), its strings in a. 1, 0 at the end, or
 * -1 with pErr set (a short or damaged record, out of memory). */
int pr_spool_get(FILE *f, pr_line *l, pr_spool_extra *x, pr_arena *a, pr_err *pErr);

#endif
