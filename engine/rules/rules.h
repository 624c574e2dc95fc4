/*
 * rules.h - the programme rules of domain.md section 4, one file each:
 * dibao.c, tekun.c, orphan.c, disability.c, price.c. Each sets the status
 * and amount of its records and records INELIGIBLE findings; a missing
 * policy key leaves a configuration error in the batch.
 */
#ifndef PR_RULES_H
#define PR_RULES_H

#include "model/batch.h"

/* Applies every rule and builds lines, findings and totals (batch_compute.c).
 * PR_OK or PR_ERR_CONFIG with p->zErr. */
pr_error pr_batch_compute(pr_batch *p);

/* Sorts a[0,n) in place in the order of exceptions.csv (the order
 * pr_batch_compute leaves p->aFind in): file (the policy file first, then
 * the inputs in order), line, programme, status (WARNING last), code,
 * message, id. PR_OK or PR_ERR_NOMEM (a left as it was). */
pr_error pr_findings_sort(pr_finding *a, size_t n);

/* Three-valued truth for rules that depend on a record that may be HELD. */
typedef enum pr_tri { TRI_FALSE = 0, TRI_TRUE = 1, TRI_UNKNOWN = 2 } pr_tri;

/* A record's status as a truth value: PAID true, HELD unknown, else false. */
pr_tri pr_tri_of_status(int eStatus);
pr_tri pr_tri_and(pr_tri a, pr_tri b);
pr_tri pr_tri_not(pr_tri a);

/* DIBAO: computes a household that is neither REJECTED nor HELD. */
void pr_dibao_compute(pr_work *w, pr_household *h);

/* TEKUN: computes one valid record that is not HELD. */
void pr_tekun_compute(pr_work *w, pr_record *r);

/* ORPHAN: computes one valid record that is not HELD. */
void pr_orphan_compute(pr_work *w, pr_record *r);

/* Disability allowances of one valid, not HELD record, given whether the
 * person is in a paid DIBAO household and paid TEKUN (three-valued). */
void pr_disability_compute(pr_work *w, pr_record *r, pr_tri bInPaidDibao, pr_tri bTekunPaid);

/* PRICE: the amount for a person covered by record r (district, area of r)
 * in fen; *pzBasis gets the formula. Returns 1 if the subsidy is triggered,
 * 0 if not, -1 on a configuration error. */
int pr_price_amount(pr_work *w, const pr_record *r, int64_t *pnAmount, const char **pzBasis, int64_t *pnStd);

/* Rounds exact, applies a floor, and writes the basis "expr=exact[→r]". */
int64_t pr_rule_round(pr_work *w, pr_ratio exact, pr_rounding eMode, int64_t nMin,
                      const char *zExpr, const char **pzBasis);

#endif
