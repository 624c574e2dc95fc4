/*
 * policy.c - key table and the effective-dated look-up.
 */
#include "model/policy.h"

#include <stdlib.h>

static const struct { const char *zName; pr_ktype eType; } aKey[K_COUNT] = {
    [K_DISTRICT] = { "district", KT_NAME },
    [K_REGION] = { "region", KT_NAME },
    [K_DIBAO_STANDARD] = { "dibao.standard", KT_MONEY },
    [K_DIBAO_ROUNDING] = { "dibao.rounding", KT_ROUNDING },
    [K_DIBAO_MIN_PAYMENT] = { "dibao.min_payment", KT_MONEY },
    [K_DIBAO_JOB_COST] = { "dibao.job_cost_deduction", KT_MONEY },
    [K_DIBAO_SUP_SEVERE] = { "dibao.supplement.severe_disability", KT_PCT },
    [K_DIBAO_SUP_ILL] = { "dibao.supplement.serious_illness", KT_PCT },
    [K_DIBAO_SUP_ELDERLY] = { "dibao.supplement.elderly", KT_PCT },
    [K_DIBAO_SUP_MINOR] = { "dibao.supplement.minor", KT_PCT },
    [K_DIBAO_ELDERLY_AGE] = { "dibao.elderly_age", KT_INT },
    [K_TEKUN_BASIC_DISPERSED] = { "tekun.basic.dispersed", KT_MONEY },
    [K_TEKUN_BASIC_CONCENTRATED] = { "tekun.basic.concentrated", KT_MONEY },
    [K_TEKUN_CARE_SELF] = { "tekun.care.self", KT_PCT },
    [K_TEKUN_CARE_PARTIAL] = { "tekun.care.partial", KT_PCT },
    [K_TEKUN_CARE_FULL] = { "tekun.care.full", KT_PCT },
    [K_TEKUN_ROUNDING] = { "tekun.rounding", KT_ROUNDING },
    [K_DIS_LIVING_G12] = { "disability.living.grade12", KT_MONEY },
    [K_DIS_LIVING_G34] = { "disability.living.grade34", KT_MONEY },
    [K_DIS_NURSING_G1] = { "disability.nursing.grade1", KT_MONEY },
    [K_DIS_NURSING_G2] = { "disability.nursing.grade2", KT_MONEY },
    [K_DIS_NURSING_G3] = { "disability.nursing.grade3", KT_MONEY },
    [K_DIS_NURSING_INCLUDE_G3] = { "disability.nursing.include_grade3", KT_BOOL },
    [K_DIS_EXCLUDE_TEKUN] = { "disability.exclude_tekun", KT_BOOL },
    [K_ORPHAN_INSTITUTIONAL] = { "orphan.institutional", KT_MONEY },
    [K_ORPHAN_SCATTERED_PCT] = { "orphan.scattered_pct", KT_PCT },
    [K_ORPHAN_DEFACTO_PCT] = { "orphan.defacto_pct", KT_PCT },
    [K_ORPHAN_AGE_LIMIT] = { "orphan.age_limit", KT_INT },
    [K_ORPHAN_STUDENT_AGE_LIMIT] = { "orphan.student_age_limit", KT_INT },
    [K_ORPHAN_ROUNDING] = { "orphan.rounding", KT_ROUNDING },
    [K_PRICE_FORMULA] = { "price.formula", KT_FORMULA },
    [K_PRICE_INDEX_LAG] = { "price.index_lag", KT_INT },
    [K_PRICE_TRIGGER] = { "price.trigger", KT_SPCT },
    [K_PRICE_TIER2] = { "price.tier2", KT_SPCT },
    [K_PRICE_TIER1_FRACTION] = { "price.tier1_fraction", KT_FRAC },
    [K_PRICE_TIER2_FRACTION] = { "price.tier2_fraction", KT_FRAC },
    [K_PRICE_TRIGGER_FOOD] = { "price.trigger_food", KT_SPCT },
    [K_PRICE_MIN_AMOUNT] = { "price.min_amount", KT_MONEY },
    [K_PRICE_ROUNDING] = { "price.rounding", KT_ROUNDING },
};

const char *pr_key_name(pr_key k)
{
    return (unsigned)k < K_COUNT ? aKey[k].zName : "?";
}

pr_ktype pr_key_type(pr_key k)
{
    return (unsigned)k < K_COUNT ? aKey[k].eType : KT_NAME;
}

const pr_prow *pr_policy_lookup(const pr_policy *p, pr_key k, int iDistrict,
                                pr_area eArea, int iMonth)
{
    const pr_prow *pBest = NULL;
    for (int i = 0; i < p->nRow; i++) {
        const pr_prow *r = &p->aRow[i];
        if (r->eKey != k || r->iFrom > iMonth) continue;
        if (r->iDistrict != -1 && r->iDistrict != iDistrict) continue;
        if (r->eArea != AREA_NONE && r->eArea != eArea) continue;
        if (!pBest) { pBest = r; continue; }
        if (r->iFrom != pBest->iFrom) {
            if (r->iFrom > pBest->iFrom) pBest = r;
            continue;
        }
        int bDistR = r->iDistrict != -1, bDistB = pBest->iDistrict != -1;
        if (bDistR != bDistB) {
            if (bDistR) pBest = r;
            continue;
        }
        if (r->eArea != AREA_NONE && pBest->eArea == AREA_NONE) pBest = r;
    }
    return pBest;
}

void pr_policy_free(pr_policy *p)
{
    if (!p) return;
    for (int i = 0; i < p->nRow; i++) {
        free(p->aRow[i].zValue);
        free(p->aRow[i].zRef);
    }
    free(p->aRow);
    free(p->zPath);
    free(p);
}
