/*
 * read.h - the reading stage of a month: the policy and index files, then
 * every roster, in parallel chunks, into the batch's records and findings.
 */
#ifndef PR_RUN_READ_H
#define PR_RUN_READ_H

#include "model/batch.h"
#include "formats/roster.h"
#include "io/chunker.h"

/* Loads the policy and index files. Returns PR_OK or an error with p->zErr. */
pr_error pr_batch_load_config(pr_batch *p, const char *zPolicy, const char *zIndex);

/* Reads and validates every input. PR_OK or an error. */
pr_error pr_batch_read(pr_batch *p);

/* pr_batch_read, with xBeside(pArg) run as one more task beside the
 * rosters' (on a thread the reading leaves idle: the payment cycle's files).
 * xBeside may add inputs, after every roster, into room made with
 * pr_batch_reserve_inputs, may set p->err and returns its own result; the
 * rosters' readers touch neither. Returns the reading's error if there is
 * one (p->err then the reading's, as if xBeside had not run), else
 * xBeside's (p->err as it set it), else PR_OK. */
pr_error pr_batch_read_beside(pr_batch *p, pr_error (*xBeside)(void *), void *pArg);

/* Takes the header record off the front of in's first chunk and maps it
 * into the caller's pMap (BOM removed, GB18030 decoded as in->eEnc says).
 * Returns PR_OK, PR_ERR_NOMEM, or PR_ERR_HEADER with in->err naming the
 * file and line 1. */
pr_error pr_read_header(pr_input *in, pr_chunk *pChunk, pr_roster_map *pMap);

/* Decides in->eEnc from chunk c unless *pbDecided: a BOM means UTF-8, the
 * first chunk with bytes over 0x7F is detected; sets *pbDecided then. */
void pr_read_decide_encoding(pr_input *in, const pr_chunk *c, int *pbDecided);

#endif
