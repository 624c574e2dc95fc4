/*
 * households.h - DIBAO households (households.c).
 */
#ifndef PR_HOUSEHOLDS_H
#define PR_HOUSEHOLDS_H

#include "rules/compute.h"

/* Groups the DIBAO rows into p->aHouse (sorted by household id) and checks
 * each household's shape. PR_OK or PR_ERR_NOMEM. */
pr_error pr_households_build(pr_batch *p);

/* Writes each household's status on its rows (with its findings) and adds
 * the line of each paid one to pBuf. PR_OK or PR_ERR_NOMEM. */
pr_error pr_households_settle(pr_batch *p, line_buf *pBuf);

#endif
