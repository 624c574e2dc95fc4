/*
 * tekun.c - 特困人员救助供养 (domain.md section 4, TEKUN):
 * round(B + S*care_pct), B by support mode.
 */
#include "rules/rules.h"

#include <stdio.h>

void pr_tekun_compute(pr_batch *p, pr_record *r)
{
    int d = r->iDistrict;
    pr_area a = (pr_area)r->eArea;
    pr_key kBasic = r->eMode == MODE_CONCENTRATED ? K_TEKUN_BASIC_CONCENTRATED : K_TEKUN_BASIC_DISPERSED;
    pr_key kCare = r->eCare == CARE_FULL ? K_TEKUN_CARE_FULL
                 : r->eCare == CARE_PARTIAL ? K_TEKUN_CARE_PARTIAL : K_TEKUN_CARE_SELF;
    const pr_prow *pB = pr_batch_param(p, kBasic, d, a);
    const pr_prow *pS = pr_batch_param(p, K_DIBAO_STANDARD, d, a);
    const pr_prow *pC = pr_batch_param(p, kCare, d, a);
    const pr_prow *pR = pr_batch_param(p, K_TEKUN_ROUNDING, d, a);
    if (!pB || !pS || !pC || !pR) return;
    r->nStd = pB->v;
    r->supp = pr_ratio_mul(pr_ratio_fen(pS->v), pC->v, 10000);
    pr_ratio exact = pr_ratio_add(pr_ratio_fen(pB->v), r->supp);
    char zB[32], zS[32], zP[32], zExpr[128];
    pr_fen_format(pB->v, zB, sizeof(zB));
    pr_fen_format(pS->v, zS, sizeof(zS));
    pr_bp_format(pC->v, zP, sizeof(zP));
    pr_cat(zExpr, sizeof(zExpr), zB, "+", zS, "*", zP, "%", (char *)NULL);
    r->aAmount[0] = pr_rule_round(p, exact, (pr_rounding)pR->v, 0, zExpr, &r->azBasis[0]);
    if (r->aAmount[0] <= 0) {
        r->aStatus[0] = ST_INELIGIBLE;
        pr_batch_finding(p, r, PROG_TEKUN, ST_INELIGIBLE, r->zId, "ZERO_AMOUNT", "the computed amount is 0");
        return;
    }
    r->aStatus[0] = ST_PAID;
}
