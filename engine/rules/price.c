/*
 * price.c - 价格临时补贴 (domain.md section 4, PRICE): Jiangsu tiered or the
 * national linear formula, on the index of month M - lag, with S of the
 * district and area of the record that covers the person.
 */
#include "rules/rules.h"
#include "rules/programmes.h"
#include "model/calendar.h"

#include <stdio.h>

/* ---- policy keys (domain.md section 3) -------------------------------- */

enum { K_FORMULA = 0, K_INDEX_LAG, K_TRIGGER, K_TIER2, K_TIER1_FRACTION, K_TIER2_FRACTION, K_TRIGGER_FOOD, K_MIN_AMOUNT, K_ROUNDING, KEY_COUNT };

static const pr_keydef aKey[] = {
    [K_FORMULA] = { "price.formula", KT_FORMULA },
    [K_INDEX_LAG] = { "price.index_lag", KT_INT },
    [K_TRIGGER] = { "price.trigger", KT_SPCT },
    [K_TIER2] = { "price.tier2", KT_SPCT },
    [K_TIER1_FRACTION] = { "price.tier1_fraction", KT_FRAC },
    [K_TIER2_FRACTION] = { "price.tier2_fraction", KT_FRAC },
    [K_TRIGGER_FOOD] = { "price.trigger_food", KT_SPCT },
    [K_MIN_AMOUNT] = { "price.min_amount", KT_MONEY },
    [K_ROUNDING] = { "price.rounding", KT_ROUNDING },
};

pr_keyset pr_price_keys = { aKey, (int)(sizeof(aKey) / sizeof(aKey[0])), 0 };

/* The slot of this programme's key k in the run's key table. */
#define KEY(k) (pr_price_keys.iBase + (k))

static int price_amount(pr_work *w, const pr_record *r, int64_t *pnAmount, const char **pzBasis, int64_t *pnStd)
{
    int d = r->iDistrict;
    pr_area a = (pr_area)r->eArea;
    *pnAmount = 0;
    *pzBasis = NULL;
    const pr_prow *pF = pr_work_param(w, KEY(K_FORMULA), d, a);
    const pr_prow *pLag = pr_work_param(w, KEY(K_INDEX_LAG), d, a);
    const pr_prow *pT = pr_work_param(w, KEY(K_TRIGGER), d, a);
    const pr_prow *pMin = pr_work_param(w, KEY(K_MIN_AMOUNT), d, a);
    const pr_prow *pR = pr_work_param(w, KEY(K_ROUNDING), d, a);
    const pr_prow *pS = pr_work_param(w, K_STANDARD, d, a);
    if (!pF || !pLag || !pT || !pMin || !pR || !pS) return -1;
    int iIndexMonth = w->pBatch->iMonth - (int)pLag->v;
    char zM[8], zS[32], zX[32], zExpr[160];
    pr_month_format(iIndexMonth, zM);
    const pr_irow *x = pr_index_find(w->pBatch->pIndex, iIndexMonth);
    if (!x) {
        pr_work_config_error(w, "%s: configuration error: the index file has no row for %s (price.index_lag %lld)",
                              w->pBatch->pIndex->zPath, zM, (long long)pLag->v);
        return -1;
    }
    if (!x->bHasCpi || (pF->v == FORMULA_NATIONAL_LINEAR && !x->bHasFood)) {
        pr_work_config_error(w, "%s:%u: configuration error: %s for %s is blank and the price subsidy needs it",
                              w->pBatch->pIndex->zPath, x->iLine, !x->bHasCpi ? "cpi" : "food_cpi", zM);
        return -1;
    }
    pr_fen_format(pS->v, zS, sizeof(zS));
    *pnStd = pS->v;
    pr_ratio exact;
    if (pF->v == FORMULA_JIANGSU_TIERED) {
        const pr_prow *pT2 = pr_work_param(w, KEY(K_TIER2), d, a);
        const pr_prow *pF1 = pr_work_param(w, KEY(K_TIER1_FRACTION), d, a);
        const pr_prow *pF2 = pr_work_param(w, KEY(K_TIER2_FRACTION), d, a);
        if (!pT2 || !pF1 || !pF2) return -1;
        int64_t v = x->nCpi;
        if (x->bHasScpi && x->nScpi > v) v = x->nScpi;
        if (v < pT->v) return 0;
        const pr_frac *f = v >= pT2->v ? &pF2->frac : &pF1->frac;
        exact = pr_ratio_mul(pr_ratio_fen(pS->v), f->nNum, f->nDen);
        pr_bp_format(v, zX, sizeof(zX));
        char zNum[24], zDen[24];
        pr_i64_format(f->nNum, zNum);
        pr_i64_format(f->nDen, zDen);
        pr_cat(zExpr, sizeof(zExpr), "价格指数 ", zM, " ", zX, "%: ", zS, "*", zNum, "/", zDen, (char *)NULL);
    } else {
        const pr_prow *pTf = pr_work_param(w, KEY(K_TRIGGER_FOOD), d, a);
        if (!pTf) return -1;
        if (!(x->nCpi >= pT->v || (x->bHasFood && x->nFood >= pTf->v))) return 0;
        exact = pr_ratio_mul(pr_ratio_fen(pS->v), x->nCpi, 10000);
        pr_bp_format(x->nCpi, zX, sizeof(zX));
        pr_cat(zExpr, sizeof(zExpr), "价格指数 ", zM, ": ", zS, "*", zX, "%", (char *)NULL);
    }
    *pnAmount = pr_rule_round(w, exact, (pr_rounding)pR->v, pMin->v, zExpr, pzBasis);
    return 1;
}

/* The subsidy depends only on the district and area of the covering record,
 * so it is worked out once for each and the basis string shared (once per
 * thread during a parallel pass: each thread has its own memo, so it meets
 * a configuration error where a serial pass would). */
int pr_price_amount(pr_work *w, const pr_record *r, int64_t *pnAmount, const char **pzBasis, int64_t *pnStd)
{
    int d = pr_batch_district_index(w->pBatch, r->iDistrict);
    if (d < 0 || (r->eArea != AREA_URBAN && r->eArea != AREA_RURAL)) return price_amount(w, r, pnAmount, pzBasis, pnStd);
    pr_price_memo *m = &w->aPriceMemo[d * 2 + (r->eArea - 1)];
    if (!m->bDone) {
        m->rc = (int8_t)price_amount(w, r, &m->nAmount, &m->zBasis, &m->nStd);
        m->bDone = 1;
    }
    *pnAmount = m->nAmount;
    *pzBasis = m->zBasis;
    *pnStd = m->nStd;
    return m->rc;
}
