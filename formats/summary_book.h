/*
 * summary_book.h - summary.xlsx, the officer's and auditor's book
 * (domain.md sections 6 and 7), written by summary_book.c.
 */
#ifndef PR_SUMMARY_BOOK_H
#define PR_SUMMARY_BOOK_H

#include "model/batch.h"
#include "model/changes.h"
#include "model/reconcile.h"

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
/* Returns 0, or -1 with a message; frees s either way. */
int pr_summary_finish(pr_summary *s, const pr_batch *p, const pr_recon *pRecon, const pr_changes *pChanges,
                      char *zErr, size_t nErr);
/* Closes and frees a summary that will not be finished; s may be NULL. */
void pr_summary_abort(pr_summary *s);

#endif
