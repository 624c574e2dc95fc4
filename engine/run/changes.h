/*
 * changes.h (run) - the changes stage: this month's shared accounts and,
 * with --prev, the changes against the previous month's folder.
 */
#ifndef PR_RUN_CHANGES_H
#define PR_RUN_CHANGES_H

#include <stddef.h>

#include "model/batch.h"
#include "model/changes.h"

/* Computes the shared accounts of this month and, when zPrevDir is not NULL,
 * the changes against the ledger.csv.gz in zPrevDir (which must be an
 * earlier month's folder written by payrun). Returns a new object owned by
 * the caller (free with pr_changes_free) or NULL with pErr set. */
pr_changes *pr_changes_compute(const pr_batch *p, const char *zPrevDir, pr_err *pErr);

#endif
