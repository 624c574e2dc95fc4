/*
 * policylint.h - the policy lint (domain.md section 9): WARNING findings,
 * program POLICY, on policy values in force in the batch month that fall
 * short of the plan, checked for every declared district and both areas.
 * The checks, their codes and boundaries are in docs/RULES.md.
 */
#ifndef PR_POLICYLINT_H
#define PR_POLICYLINT_H

#include "model/batch.h"

/* Months a dibao.standard may stay in force before the batch month without
 * a POLICY_STANDARD_STALE warning (M - from <= this). */
#define PR_LINT_STALE_MONTHS 24

/* The batch month from which orphan.scattered_pct must reach the plan's
 * target (2025-01, as a month number) and the target in basis points. */
#define PR_LINT_ORPHAN_FROM (2025 * 12)
#define PR_LINT_ORPHAN_TARGET_BP 8000

/* Runs the three checks on the batch's parameters for its month and adds a
 * finding to w (the serial steps' working state) for each (district, area,
 * key) that fails one: iFile PR_FILE_POLICY, iLine the line of the policy
 * row found wanting, id the district code. A key with no row in force is
 * not checked (a rule that needs it reports the configuration error). Out
 * of memory is remembered in w, as for every finding. */
void pr_policylint(pr_work *w);

#endif
