/*
 * rules.c - helpers shared by the programme rules: three-valued logic and
 * the one rounding step with its written basis.
 */
#include "rules/rules.h"

#include <stdio.h>

pr_tri pr_tri_of_status(int eStatus)
{
    if (eStatus == ST_PAID) return TRI_TRUE;
    if (eStatus == ST_HELD) return TRI_UNKNOWN;
    return TRI_FALSE;
}

pr_tri pr_tri_and(pr_tri a, pr_tri b)
{
    if (a == TRI_FALSE || b == TRI_FALSE) return TRI_FALSE;
    if (a == TRI_UNKNOWN || b == TRI_UNKNOWN) return TRI_UNKNOWN;
    return TRI_TRUE;
}

pr_tri pr_tri_not(pr_tri a)
{
    return a == TRI_UNKNOWN ? TRI_UNKNOWN : (a == TRI_TRUE ? TRI_FALSE : TRI_TRUE);
}

int64_t pr_rule_round(pr_work *w, pr_ratio exact, pr_rounding eMode, int64_t nMin,
                      const char *zExpr, const char **pzBasis)
{
    int64_t nAmount = pr_round(exact, eMode);
    char zExact[64], zRound[32], zMin[32];
    pr_ratio_format(exact, zExact, sizeof(zExact));
    pr_fen_format(nAmount, zRound, sizeof(zRound));
    int bRounded = !(exact.nDen == 1 && exact.nNum == nAmount);
    const char *zMinPart = "";
    if (nAmount < nMin) {
        nAmount = nMin;
        pr_fen_format(nMin, zMin, sizeof(zMin));
        zMinPart = zMin;
    }
    pr_arena *a = &w->part.arena;
    if (bRounded && *zMinPart)
        *pzBasis = pr_arena_cat(a, zExpr, "=", zExact, "→", zRound, " (", pr_rounding_name_zh(eMode), ")→", zMinPart, " (保底)", (char *)NULL);
    else if (bRounded)
        *pzBasis = pr_arena_cat(a, zExpr, "=", zExact, "→", zRound, " (", pr_rounding_name_zh(eMode), ")", (char *)NULL);
    else if (*zMinPart)
        *pzBasis = pr_arena_cat(a, zExpr, "=", zExact, "→", zMinPart, " (保底)", (char *)NULL);
    else
        *pzBasis = pr_arena_cat(a, zExpr, "=", zExact, (char *)NULL);
    if (!*pzBasis) {
        *pzBasis = "";
        pr_work_mark_nomem(w);
    }
    return nAmount;
}
