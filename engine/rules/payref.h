/*
 * payref.h - numbering the month's bank rows (domain.md section 8): every
 * line of one (district, programme, bank, account, payee) is one bank row;
 * rows are numbered per district from 1 in the order of their first line,
 * which makes each line's pay_ref.
 */
#ifndef PR_PAYREF_H
#define PR_PAYREF_H

#include "model/batch.h"

/* Sets iPaySeq on every line of p->aLine, which must be in ledger order.
 * Returns PR_OK, PR_ERR_NOMEM, or PR_ERR_CONFIG with p->err naming the
 * district whose rows passed PR_MAX_PAY_SEQ. The same for any thread count. */
pr_error pr_number_bank_rows(pr_batch *p);

/* Whether two lines go to the same bank row (their district and programme
 * aside): same bank, account and payee. */
int pr_same_bank_row(const pr_line *x, const pr_line *y);

#endif
