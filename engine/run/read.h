/*
 * read.h - the reading stage of a month: the policy and index files, then
 * every roster, in parallel chunks, into the batch's records and findings.
 */
#ifndef PR_RUN_READ_H
#define PR_RUN_READ_H

#include "model/batch.h"

/* Loads the policy and index files. Returns PR_OK or an error with p->zErr. */
pr_error pr_batch_load_config(pr_batch *p, const char *zPolicy, const char *zIndex);

/* Reads and validates every input. PR_OK or an error. */
pr_error pr_batch_read(pr_batch *p);

#endif
