/*
 * cycleload.h - reading what the payment cycle of a month needs into its
 * batch's pr_cycle, before the month is computed: the previous month's
 * bank rows that the returns name (streamed from its ledger, with 回盘's
 * totals of every row), its open arrears and recoveries, the returns and
 * adjustments files, and what the history (the month folders beside
 * --prev) says about each adjustment.
 */
#ifndef PR_CYCLELOAD_H
#define PR_CYCLELOAD_H

#include "model/batch.h"

/* The cycle's files of one run, borrowed from the command line. */
typedef struct pr_cycle_files {
    const char *zPrev;            /* --prev DIR/YYYY-MM, or NULL */
    const char **azReturns;       /* --returns files */
    int nReturns;
    const char **azAdjust;        /* --adjustments files */
    int nAdjust;
} pr_cycle_files;

/* Loads them into p->pCycle, adding the files as p's inputs (after the
 * rosters, which must be read first). PR_OK, or an error with p->err
 * naming the file (and line): PR_ERR_USAGE for --returns without --prev,
 * PR_ERR_IO, PR_ERR_HEADER, PR_ERR_CSV, PR_ERR_NOMEM... */
pr_error pr_cycle_load(pr_batch *p, const pr_cycle_files *pFiles);

#endif
