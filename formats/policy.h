/*
 * policy.h - reading the policy file (domain.md section 3) into the model's
 * pr_policy.
 */
#ifndef PR_FORMATS_POLICY_H
#define PR_FORMATS_POLICY_H

#include <stddef.h>

#include "model/policy.h"

/* Reads and validates the policy file zPath. Returns a new
 * policy (free with pr_policy_free), or NULL with a message naming the file,
 * line and problem in pErr (PR_ERR_POLICY, _CSV, _HEADER, _NOMEM, or the
 * reading error). */
pr_policy *pr_policy_load(const char *zPath, int eEnc, pr_err *pErr);

#endif
