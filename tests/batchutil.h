/*
 * batchutil.h - runs small in-process batches for the rule suites: a base
 * policy with round figures, rosters given as text, and look-ups of the
 * resulting lines and findings.
 */
#ifndef PR_BATCHUTIL_H
#define PR_BATCHUTIL_H

#include "model/batch.h"

/* The base policy text (header and every key) used by the rule tests. */
extern const char *const tb_zPolicy;

/* Runs a batch for zMonth on the given texts (NULL rosters are left out;
 * zPolicyExtra is appended to the base policy). Returns the computed batch
 * (free with pr_batch_free) and the error code in *pErr. */
pr_batch *tb_run(const char *zMonth, const char *zPolicyExtra, const char *zIndex,
                 const char *zDibao, const char *zTekun, const char *zDisability,
                 const char *zOrphan, int nThreads, pr_error *pErr);

/* A valid ID number born on zBirth (YYYYMMDD) in region 320613, sequence
 * iSeq (0-999). Static ring buffer of 64. */
const char *tb_id(const char *zBirth, int iSeq);
/* Same with another 6-digit region code. */
const char *tb_id_region(const char *zRegion, const char *zBirth, int iSeq);

/* The ledger line for a programme and beneficiary, or NULL. */
const pr_line *tb_line(const pr_batch *b, pr_prog eProg, const char *zBeneficiary);
/* Amount of that line in fen, or -1 if there is none. */
long long tb_amount(const pr_batch *b, pr_prog eProg, const char *zBeneficiary);
/* The first finding on (roster file index 0-based by order given, line,
 * programme, status), or NULL. */
const pr_finding *tb_finding(const pr_batch *b, int iFile, unsigned iLine, pr_prog eProg, pr_status eStatus);
/* Count of findings with a given status and programme. */
int tb_count(const pr_batch *b, pr_prog eProg, pr_status eStatus);

/* A valid Luhn account number (static ring buffer). */
const char *tb_account(int iSeq);

#endif
