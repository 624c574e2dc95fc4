/*
 * summary_book.h - summary.xlsx, the officer's and auditor's book
 * (domain.md sections 6 and 7), written by summary_book.c.
 */
#ifndef PR_SUMMARY_BOOK_H
#define PR_SUMMARY_BOOK_H

#include "model/batch.h"
#include "model/changes.h"
#include "model/reconcile.h"
#include "model/trend.h"
#include "io/err.h"

/* summary.xlsx in two steps, so that its large sheets (异常, 参数) can be
 * written while the other workbooks are, and the sheets that need the
 * reconciliation and the changes after: open, write_bulk (any thread, while
 * nobody else touches it), finish (writes the rest and closes; frees s). */
typedef struct pr_summary pr_summary;
/* Returns a new summary owned by the caller (finish or abort frees it), or
 * NULL when out of memory; a workbook that cannot be created shows in
 * finish's result. */
pr_summary *pr_summary_open(const pr_batch *p, int bChanges, const char *zPath, const char *zTmpDir);
void pr_summary_write_bulk(pr_summary *s, const pr_batch *p);
/* pTrend is the 趋势 sheet's data (engine/run/trend.c); NULL shows this
 * month alone, as without --prev. Returns PR_OK, or the code of
 * pr_book_close with its message in pErr (may be NULL); frees s either way. */
pr_error pr_summary_finish(pr_summary *s, const pr_batch *p, const pr_recon *pRecon, const pr_changes *pChanges,
                           const pr_trend *pTrend, pr_err *pErr);
/* Closes and frees a summary that will not be finished; s may be NULL. */
void pr_summary_abort(pr_summary *s);

#endif
