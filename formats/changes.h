/*
 * changes.h - changes.csv, the month-on-month changes and the shared bank
 * accounts of a pr_changes (model/changes.h), written by changes.c.
 */
#ifndef PR_FORMATS_CHANGES_H
#define PR_FORMATS_CHANGES_H

#include <stddef.h>

#include "model/changes.h"
#include "io/err.h"

/* Writes changes.csv:
 * change,program,district,beneficiary_id,name,old_fen,new_fen,delta_fen,reason,period,reference,pay_ref
 * with change NEW, STOPPED or CHANGED (REGULAR lines; period, reference
 * and pay_ref empty), then REISSUE, BACKPAY, DIFFERENCE or TEMPORARY (one
 * row per line of that type: old_fen 0, new_fen its amount, reason its
 * basis, period YYYY-MM, reference its approval document or the failed
 * pay_ref it re-issues, pay_ref its bank row's), then SHARED_ACCOUNT rows
 * (program empty, beneficiary_id = the account, name = who, new_fen = the
 * amount paid into it, reason = the bank and the count). Returns PR_OK, or
 * PR_ERR_IO, PR_ERR_NOMEM or PR_ERR_TOO_BIG with a message in pErr (may be
 * NULL) naming the file. */
pr_error pr_changes_write_csv(const pr_changes *p, const char *zPath, pr_err *pErr);

#endif
