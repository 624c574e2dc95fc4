/*
 * exceptions.h - exceptions.csv, one row per finding of the month
 * (domain.md section 7), written by exceptions.c.
 */
#ifndef PR_EXCEPTIONS_H
#define PR_EXCEPTIONS_H

#include <stddef.h>

#include "model/batch.h"

/* Writes exceptions.csv. Returns 0 or -1 with a message. */
int pr_exceptions_write(const pr_batch *p, const char *zPath, char *zErr, size_t nErr);

#endif
