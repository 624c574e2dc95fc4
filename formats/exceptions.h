/*
 * exceptions.h - exceptions.csv, one row per finding of the month
 * (domain.md section 7), written by exceptions.c.
 */
#ifndef PR_EXCEPTIONS_H
#define PR_EXCEPTIONS_H

#include <stddef.h>

#include "model/batch.h"
#include "io/err.h"

/* Writes exceptions.csv. Returns PR_OK, or PR_ERR_IO, PR_ERR_NOMEM or
 * PR_ERR_TOO_BIG with a message in pErr (may be NULL) naming the file. */
pr_error pr_exceptions_write(const pr_batch *p, const char *zPath, pr_err *pErr);

#endif
