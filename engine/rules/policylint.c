/*
 * policylint.c - the policy lint: 特困 basic support at least 1.3 x the
 * dibao standard, the scattered-orphan percentage at the plan's 80 from
 * 2025-01, and a dibao standard reviewed at least every 24 months. Each
 * check compares integers (fen, basis points, month numbers); nothing is
 * rounded.
 */
#include "rules/policylint.h"
#include "model/calendar.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* What one check sees: the district and area it is evaluated for. */
typedef struct lint_ctx {
    pr_work *w;               /* where the findings go */
    const pr_batch *p;        /* the batch */
    const pr_params *pPar;    /* the rows in force for the district and area */
    const char *zDistrict;    /* its 6-digit code, in w's arena */
    pr_area eArea;            /* the area */
    char zMonth[8];           /* the batch month, YYYY-MM */
} lint_ctx;

/* The row of key zKey in force for the context's district and area, or
 * NULL when the key is not registered or has no row in force. */
static const pr_prow *lint_row(const lint_ctx *c, const char *zKey)
{
    pr_key k = pr_key_find(zKey, strlen(zKey));
    return k < 0 ? NULL : c->pPar->apRow[k];
}

/* Writes tenths of a fen (>= 0) as yuan: two decimals, or three when the
 * tenths are not 0 ("1066.00", "1066.065"). */
static void yuan_tenths(int64_t nTenths, char *zOut, size_t nOut)
{
    if (nTenths % 10 == 0)
        snprintf(zOut, nOut, "%" PRId64 ".%02" PRId64, nTenths / 1000, nTenths / 10 % 100);
    else
        snprintf(zOut, nOut, "%" PRId64 ".%03" PRId64, nTenths / 1000, nTenths % 1000);
}

/* Adds the WARNING on policy row r with code zCode and message zMsg. */
static void lint_finding(const lint_ctx *c, const pr_prow *r, const char *zCode, const char *zMsg)
{
    pr_work_finding_at(c->w, PR_FILE_POLICY, r->iLine, PROG_POLICY, ST_WARNING, c->zDistrict, zCode, zMsg);
}

/* tekun.basic.<zMode> below 1.3 x dibao.standard: B*10 < S*13, in fen. */
static void check_tekun(const lint_ctx *c, const char *zKey)
{
    const pr_prow *pB = lint_row(c, zKey), *pS = c->pPar->apRow[K_STANDARD];
    if (!pB || !pS || pB->v * 10 >= pS->v * 13) return;
    char zB[32], zS[32], zMin[32];
    yuan_tenths(pB->v * 10, zB, sizeof(zB));
    yuan_tenths(pS->v * 10, zS, sizeof(zS));
    yuan_tenths(pS->v * 13, zMin, sizeof(zMin));
    lint_finding(c, pB, "POLICY_TEKUN_BELOW_DIBAO",
                 pr_work_printf(c->w, "%s %s for %s %s in %s is below 1.3 × dibao.standard %s = %s"
                                " (the plan: 特困 ≥ 1.3 × 低保)",
                                zKey, zB, c->zDistrict, pr_area_code(c->eArea), c->zMonth, zS, zMin));
}

/* orphan.scattered_pct below 80 when the batch month is 2025-01 or later. */
static void check_orphan(const lint_ctx *c)
{
    const pr_prow *r = lint_row(c, "orphan.scattered_pct");
    if (c->p->iMonth < PR_LINT_ORPHAN_FROM || !r || r->v >= PR_LINT_ORPHAN_TARGET_BP) return;
    char zPct[32], zTarget[32];
    pr_bp_format(r->v, zPct, sizeof(zPct));
    pr_bp_format(PR_LINT_ORPHAN_TARGET_BP, zTarget, sizeof(zTarget));
    lint_finding(c, r, "POLICY_ORPHAN_BELOW_TARGET",
                 pr_work_printf(c->w, "orphan.scattered_pct %s for %s %s in %s is below the plan's target of %s"
                                " from 2025-01", zPct, c->zDistrict, pr_area_code(c->eArea), c->zMonth, zTarget));
}

/* dibao.standard in force since more than 24 months before the month. */
static void check_stale(const lint_ctx *c)
{
    const pr_prow *r = c->pPar->apRow[K_STANDARD];
    if (!r || c->p->iMonth - r->iFrom <= PR_LINT_STALE_MONTHS) return;
    char zS[32], zFrom[8];
    yuan_tenths(r->v * 10, zS, sizeof(zS));
    pr_month_format(r->iFrom, zFrom);
    lint_finding(c, r, "POLICY_STANDARD_STALE",
                 pr_work_printf(c->w, "dibao.standard %s for %s %s in %s has been in force since %s, %d months"
                                " (more than %d months without a review)", zS, c->zDistrict,
                                pr_area_code(c->eArea), c->zMonth, zFrom, c->p->iMonth - r->iFrom,
                                PR_LINT_STALE_MONTHS));
}

void pr_policylint(pr_work *w)
{
    const pr_batch *p = w->pBatch;
    lint_ctx c;
    memset(&c, 0, sizeof(c));
    c.w = w;
    c.p = p;
    pr_month_format(p->iMonth, c.zMonth);
    for (int d = 0; d < p->nDistrict; d++) {
        c.zDistrict = pr_work_printf(w, "%06d", p->aDistrict[d].iCode);
        for (int a = 0; a < 2; a++) {
            c.pPar = &p->aParams[d * 2 + a];
            c.eArea = (pr_area)(a + 1);
            check_tekun(&c, "tekun.basic.dispersed");
            check_tekun(&c, "tekun.basic.concentrated");
            check_orphan(&c);
            check_stale(&c);
        }
    }
}
