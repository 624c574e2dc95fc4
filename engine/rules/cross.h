/*
 * cross.h - the cross-programme pass (cross.c).
 */
#ifndef PR_CROSS_H
#define PR_CROSS_H

#include "rules/compute.h"

/* Disability, PRICE and the non-DIBAO lines for every person of aRef
 * (sorted by person), in parallel: thread t makes its lines in aSeg[t]
 * (p->nThreads segments). PR_OK, PR_ERR_CONFIG or PR_ERR_NOMEM. */
pr_error pr_cross_pass(pr_batch *p, person_ref *aRef, int nRef, line_buf *aSeg);

#endif
