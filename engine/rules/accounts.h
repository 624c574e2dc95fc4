/*
 * accounts.h - bank accounts shared by unrelated households: every account
 * that this month's lines pay, to the payee's own account (not an
 * institution's), for more than one DIBAO household or lone person. A
 * person is counted in their DIBAO household when they have one, so the
 * members of a household paid by several programmes into one account do
 * not make it shared.
 */
#ifndef PR_ACCOUNTS_H
#define PR_ACCOUNTS_H

#include "io/err.h"
#include "model/batch.h"
#include "model/changes.h"
#include "model/persons.h"

/* Fills c->aShared (sorted by account; the strings in c's arena) with the
 * shared accounts of batch p; x is built over p (bFull or not). Returns
 * PR_OK, or PR_ERR_NOMEM with pErr set. */
pr_error pr_accounts_shared(pr_changes *c, const pr_batch *p, const pr_persons *x, pr_err *pErr);

/* Where the shared accounts learn how each line counts: a sharded month's
 * merge has no records, only what each shard's run said of its lines
 * (run/merge.c). */
typedef struct pr_acct_source {
    /* 1 if line iLine is paid to its payee's own account, with *pzKey the
     * household id or person ID it pays (kept by the source) and *pbPerson
     * 1 for a person ID; 0 if the line does not count */
    int (*xKey)(void *pArg, int iLine, const char **pzKey, int *pbPerson);
    /* the head's name of DIBAO household zHousehold, or NULL */
    const char *(*xHeadName)(void *pArg, const char *zHousehold);
    void *pArg;              /* passed to both */
} pr_acct_source;

/* pr_accounts_shared with the lines counted as pSrc says, adding to the
 * accounts c has (a merge calls it once per partition of the accounts). */
pr_error pr_accounts_shared_from(pr_changes *c, const pr_batch *p, const pr_acct_source *pSrc, pr_err *pErr);

/* How line iLine of p counts, as pr_accounts_shared counts it (see
 * pr_acct_source.xKey); the key is the batch's. */
int pr_accounts_line_key(const pr_batch *p, const pr_persons *x, int iLine, const char **pzKey, int *pbPerson);
/* The head's name of DIBAO household zHousehold of p, or NULL; the batch's. */
const char *pr_accounts_head_name(const pr_batch *p, const char *zHousehold);

#endif
