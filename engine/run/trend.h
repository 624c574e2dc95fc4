/*
 * trend.h - reads the history the 趋势 sheet of summary.xlsx shows: the
 * month folders beside --prev (its parent folder), each verified against
 * its manifest.json before its totals are used (docs/RULES.md, "The 趋势
 * sheet").
 */
#ifndef PR_RUN_TREND_H
#define PR_RUN_TREND_H

#include "model/batch.h"
#include "model/trend.h"
#include "io/err.h"
#include "io/sign.h"

/* Fills *t for the batch p: this month's totals, and, when zPrev (--prev)
 * is given, every month from the earliest YYYY-MM folder of zPrev's parent
 * folder among the PR_TREND_BEFORE months before p's month up to p's month,
 * each checked:
 *   - manifest.json is read (strictly), its month is the folder's, its
 *     totals add up (districts = programmes = overall);
 *   - its status is "ok" (else the month is TREND_NOT_PAYABLE);
 *   - it lists ledger.csv.gz, and that file has the size and SHA-256 it
 *     lists;
 *   - with pKey (--sign-key), a manifest.sig, when there is one, holds for
 *     the manifest.json read.
 * A month that fails is TREND_FAILED with the reason in Chinese; a month
 * without a folder is TREND_MISSING. The months are checked in parallel
 * (p->nThreads), each into its own row: the result does not depend on the
 * number of threads. Returns PR_OK, or PR_ERR_NOMEM / PR_ERR_IO (zPrev's
 * parent folder cannot be listed) with pErr set. */
pr_error pr_trend_load(const pr_batch *p, const char *zPrev, const pr_sigkey *pKey, pr_trend *t, pr_err *pErr);

/* Verifies one earlier month folder zDir as pr_trend_load does, into *m
 * (whose iMonth is the month the folder must hold). Returns PR_OK, or
 * PR_ERR_NOMEM with pErr set (a month that fails is not an error). */
pr_error pr_trend_verify_month(const char *zDir, const pr_sigkey *pKey, pr_trend_month *m, pr_err *pErr);

#endif
