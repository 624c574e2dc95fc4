/*
 * orphan.c - 孤儿 / 事实无人抚养儿童 (domain.md section 4, ORPHAN): paid while
 * under the age limit (or the student limit, when on); institutional I,
 * scattered I*pct, de facto I*pct*pct, rounded once.
 */
#include "rules/rules.h"

#include <stdio.h>

void pr_orphan_compute(pr_batch *p, pr_record *r)
{
    int d = r->iDistrict;
    pr_area a = (pr_area)r->eArea;
    const pr_prow *pI = pr_batch_param(p, K_ORPHAN_INSTITUTIONAL, d, a);
    const pr_prow *pLim = pr_batch_param(p, K_ORPHAN_AGE_LIMIT, d, a);
    const pr_prow *pStu = pr_batch_param(p, K_ORPHAN_STUDENT_AGE_LIMIT, d, a);
    const pr_prow *pR = pr_batch_param(p, K_ORPHAN_ROUNDING, d, a);
    if (!pI || !pLim || !pStu || !pR) return;
    int bPaid = r->nAge < pLim->v || (r->bInSchool && pStu->v > 0 && r->nAge < pStu->v);
    if (!bPaid) {
        r->aStatus[0] = ST_INELIGIBLE;
        pr_batch_finding(p, r, PROG_ORPHAN, ST_INELIGIBLE, r->zId, "AGED_OUT",
                         pr_arena_printf(&pr_batch_extra(p)->arena, "aged %d on the first day of the month, limit %lld%s",
                                         r->nAge, (long long)pLim->v, r->bInSchool && pStu->v > 0 ? " (student limit too)" : ""));
        return;
    }
    char zI[32], zP1[32], zP2[32], zExpr[128];
    pr_fen_format(pI->v, zI, sizeof(zI));
    pr_ratio exact = pr_ratio_fen(pI->v);
    r->nStd = pI->v;
    if (r->eCategory == CAT_INSTITUTIONAL) {
        pr_cat(zExpr, sizeof(zExpr), zI, (char *)NULL);
    } else {
        const pr_prow *pSc = pr_batch_param(p, K_ORPHAN_SCATTERED_PCT, d, a);
        if (!pSc) return;
        exact = pr_ratio_mul(exact, pSc->v, 10000);
        pr_bp_format(pSc->v, zP1, sizeof(zP1));
        if (r->eCategory == CAT_DEFACTO) {
            const pr_prow *pDf = pr_batch_param(p, K_ORPHAN_DEFACTO_PCT, d, a);
            if (!pDf) return;
            exact = pr_ratio_mul(exact, pDf->v, 10000);
            pr_bp_format(pDf->v, zP2, sizeof(zP2));
            pr_cat(zExpr, sizeof(zExpr), zI, "*", zP1, "%*", zP2, "%", (char *)NULL);
        } else {
            pr_cat(zExpr, sizeof(zExpr), zI, "*", zP1, "%", (char *)NULL);
        }
    }
    r->aAmount[0] = pr_rule_round(p, exact, (pr_rounding)pR->v, 0, zExpr, &r->azBasis[0]);
    if (r->aAmount[0] <= 0) {
        r->aStatus[0] = ST_INELIGIBLE;
        pr_batch_finding(p, r, PROG_ORPHAN, ST_INELIGIBLE, r->zId, "ZERO_AMOUNT", "the computed amount is 0");
        return;
    }
    r->aStatus[0] = ST_PAID;
}
