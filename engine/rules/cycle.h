/*
 * cycle.h - the payment cycle's rules (domain.md section 8, docs/RULES.md
 * "The payment cycle"): the banks' returns checked against last month's
 * bank rows, the arrears they open, the adjustments and their checks (the
 * double-payment guard), re-issues, expiry and recovery offsets. Runs on
 * the computed month, after its REGULAR lines are in ledger order and
 * before the bank rows are numbered.
 */
#ifndef PR_RULES_CYCLE_H
#define PR_RULES_CYCLE_H

#include "model/batch.h"
#include "model/policy.h"

/* The cycle's policy keys (arrears.max_months, temp.max_amount,
 * recovery.offset_pct), registered with the programmes' keys. */
extern pr_keyset pr_cycle_keys;

/* Checks every row of recovery.offset_pct in the policy (0 to 50). PR_OK,
 * or PR_ERR_CONFIG with p->err naming the policy file's line. */
pr_error pr_cycle_check_policy(pr_batch *p);

/* Applies the cycle to the computed month p: decides every return row,
 * adjustment and arrears entry of p->pCycle (findings in p's serial work),
 * adds the REISSUE, BACKPAY, DIFFERENCE and TEMPORARY lines in ledger
 * order, offsets recoveries on REGULAR lines, and recomputes the totals.
 * PR_OK, PR_ERR_NOMEM, or PR_ERR_CONFIG (a policy key it needs is missing). */
pr_error pr_cycle_apply(pr_batch *p);

#endif
