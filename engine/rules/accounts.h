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

#endif
