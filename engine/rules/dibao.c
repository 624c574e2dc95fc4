/*
 * dibao.c - 最低生活保障 (domain.md section 4, DIBAO): household gap, 分类施保
 * supplements (largest category per member), 渐退 grace, 单人保, rounding once.
 */
#include "rules/rules.h"
#include "model/row.h"
#include "rules/programmes.h"
#include "model/calendar.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- policy keys (domain.md section 3) -------------------------------- */

enum { K_ROUNDING = 0, K_MIN_PAYMENT, K_JOB_COST, K_SUP_SEVERE, K_SUP_ILL, K_SUP_ELDERLY, K_SUP_MINOR, K_ELDERLY_AGE, KEY_COUNT };

static const pr_keydef aKey[] = {
    [K_ROUNDING] = { "dibao.rounding", KT_ROUNDING },
    [K_MIN_PAYMENT] = { "dibao.min_payment", KT_MONEY },
    [K_JOB_COST] = { "dibao.job_cost_deduction", KT_MONEY },
    [K_SUP_SEVERE] = { "dibao.supplement.severe_disability", KT_PCT },
    [K_SUP_ILL] = { "dibao.supplement.serious_illness", KT_PCT },
    [K_SUP_ELDERLY] = { "dibao.supplement.elderly", KT_PCT },
    [K_SUP_MINOR] = { "dibao.supplement.minor", KT_PCT },
    [K_ELDERLY_AGE] = { "dibao.elderly_age", KT_INT },
};

pr_keyset pr_dibao_keys = { aKey, (int)(sizeof(aKey) / sizeof(aKey[0])), 0 };

/* The slot of this programme's key k in the run's key table. */
#define KEY(k) (pr_dibao_keys.iBase + (k))

static void set_status(pr_work *w, pr_household *h, pr_status e, const char *zCode, const char *zMsg)
{
    (void)w;
    h->eStatus = (uint8_t)e;
    h->zCode = zCode;
    h->zMsg = zMsg;
}

/* 单人保: grade 1-2, or grade 3 intellectual (5) / mental (6), or seriously ill. */
static int single_qualifies(const pr_record *r)
{
    return r->iGrade == 1 || r->iGrade == 2 || (r->iGrade == 3 && (r->iType == 5 || r->iType == 6)) || r->bIll;
}

/* The largest supplement percentage (bp) that applies to member m. */
static int64_t member_pct(const pr_record *m, int64_t aPct[4], int64_t nElderlyAge)
{
    int64_t best = 0;
    if ((m->iGrade == 1 || m->iGrade == 2) && aPct[0] > best) best = aPct[0];
    if (m->bIll && aPct[1] > best) best = aPct[1];
    if (m->nAge >= nElderlyAge && aPct[2] > best) best = aPct[2];
    if (m->nAge < 18 && aPct[3] > best) best = aPct[3];
    return best;
}

void pr_dibao_compute(pr_work *w, pr_household *h)
{
    pr_record *H = h->pHead;
    int d = H->iDistrict;
    pr_area a = (pr_area)H->eArea;
    const pr_key aKeys[] = { K_STANDARD, KEY(K_ROUNDING), KEY(K_MIN_PAYMENT), KEY(K_JOB_COST),
                                    KEY(K_SUP_SEVERE), KEY(K_SUP_ILL), KEY(K_SUP_ELDERLY), KEY(K_SUP_MINOR),
                                    KEY(K_ELDERLY_AGE) };
    const pr_prow *ap[9];
    for (int i = 0; i < 9; i++)
        if (!(ap[i] = pr_work_param(w, aKeys[i], d, a))) return;
    int64_t S = ap[0]->v;
    h->nStd = S;
    h->supp = pr_ratio_fen(0);
    char zS[32], zA[32], zB[32];
    pr_fen_format(S, zS, sizeof(zS));
    if (H->bHasGrace) {
        char zM[8];
        pr_month_format(H->iGraceUntil, zM);
        if (H->iGraceUntil < w->pBatch->iMonth) {
            set_status(w, h, ST_INELIGIBLE, "GRACE_EXPIRED",
                       pr_work_printf(w, "渐退 grace ended %s", zM));
            return;
        }
        if (H->nGraceAmount <= 0) {
            set_status(w, h, ST_INELIGIBLE, "ZERO_AMOUNT", "渐退 grace amount is 0");
            return;
        }
        pr_fen_format(H->nGraceAmount, zA, sizeof(zA));
        h->nAmount = H->nGraceAmount;
        h->zBasis = pr_work_printf(w, "渐退至 %s: %s", zM, zA);
        set_status(w, h, ST_PAID, NULL, NULL);
        return;
    }
    if (H->bSingle && !single_qualifies(H)) {
        set_status(w, h, ST_INELIGIBLE, "SINGLE_NOT_QUALIFIED",
                   "单人保 needs disability grade 1-2, grade 3 intellectual or mental, or serious illness");
        return;
    }
    int n = h->nMember, nEmployed = 0;
    for (int i = 0; i < n; i++) nEmployed += h->apMember[i]->bEmployed;
    int64_t D = ap[3]->v * nEmployed;
    int64_t net = H->nIncome - D;
    if (net < 0) net = 0;
    int64_t gap = S * n - net;
    if (gap <= 0) {
        pr_fen_format(net, zA, sizeof(zA));
        set_status(w, h, ST_INELIGIBLE, "INCOME_ABOVE_LINE",
                   pr_work_printf(w, "income %s is at or above the line %s*%d", zA, zS, n));
        return;
    }
    int64_t aPct[4] = { ap[4]->v, ap[5]->v, ap[6]->v, ap[7]->v };
    int64_t nBp = 0;
    for (int i = 0; i < n; i++) nBp += member_pct(h->apMember[i], aPct, ap[8]->v);
    pr_ratio supp = pr_ratio_mul(pr_ratio_fen(S), nBp, 10000);
    pr_ratio exact = pr_ratio_add(pr_ratio_fen(gap), supp);
    h->supp = supp;
    char zSupp[64], zExpr[256];
    pr_ratio_format(supp, zSupp, sizeof(zSupp));
    char zN[24];
    pr_i64_format(n, zN);
    if (D > 0) {
        pr_fen_format(H->nIncome, zA, sizeof(zA));
        pr_fen_format(D, zB, sizeof(zB));
        pr_cat(zExpr, sizeof(zExpr), zS, "*", zN, "-max(0,", zA, "-", zB, ")+", zSupp, (char *)NULL);
    } else {
        pr_fen_format(net, zA, sizeof(zA));
        pr_cat(zExpr, sizeof(zExpr), zS, "*", zN, "-", zA, "+", zSupp, (char *)NULL);
    }
    h->nAmount = pr_rule_round(w, exact, (pr_rounding)ap[1]->v, ap[2]->v, zExpr, &h->zBasis);
    if (h->nAmount <= 0) {
        set_status(w, h, ST_INELIGIBLE, "ZERO_AMOUNT", "the computed amount is 0");
        return;
    }
    set_status(w, h, ST_PAID, NULL, NULL);
}

/* ---- the roster (domain.md section 5a) ------------------------------- */

enum {
    COL_HOUSEHOLD = COL_COMMON, COL_RELATION, COL_INCOME, COL_KIND, COL_GRACE_UNTIL,
    COL_GRACE_AMOUNT, COL_GRADE, COL_TYPE, COL_ILL, COL_EMPLOYED
};

static const pr_column aCol[] = {
    [COL_HOUSEHOLD - COL_COMMON] = { "户编号", "household_id", USE_REQUIRED, CELL_TEXT },
    [COL_RELATION - COL_COMMON] = { "与户主关系", "relation", USE_REQUIRED, CELL_TEXT },
    [COL_INCOME - COL_COMMON] = { "家庭月收入", "household_income", USE_REQUIRED, CELL_MONEY },
    [COL_KIND - COL_COMMON] = { "保障类型", "kind", USE_OPTIONAL, CELL_TEXT },
    [COL_GRACE_UNTIL - COL_COMMON] = { "渐退截止", "grace_until", USE_OPTIONAL, CELL_MONTH },
    [COL_GRACE_AMOUNT - COL_COMMON] = { "渐退金额", "grace_amount", USE_OPTIONAL, CELL_MONEY },
    [COL_GRADE - COL_COMMON] = { "残疾等级", "disability_grade", USE_OPTIONAL, CELL_TEXT },
    [COL_TYPE - COL_COMMON] = { "残疾类别", "disability_type", USE_OPTIONAL, CELL_TEXT },
    [COL_ILL - COL_COMMON] = { "重病", "serious_illness", USE_OPTIONAL, CELL_TEXT },
    [COL_EMPLOYED - COL_COMMON] = { "就业", "employed", USE_OPTIONAL, CELL_TEXT },
};

static const char *const azKind[] = { "全户保", "household", "单人保", "single", NULL };

/* A member row; the household's fields (income, kind, grace, payee) on the
 * head's row. Findings name the household id. */
static void parse_row(pr_row *s)
{
    pr_record *r = s->pRec;
    r->zHousehold = pr_row_str(s, COL_HOUSEHOLD);
    s->zFindId = r->zHousehold;
    if (!r->zHousehold[0]) { pr_row_note(s, ST_REJECTED, "HOUSEHOLD_ID_MISSING", "household id is blank"); return; }
    if (pr_row_check_common(s)) return;
    const char *z;
    size_t n;
    pr_row_field(s, COL_RELATION, &z, &n);
    r->bHead = pr_name_is(z, n, "户主") || (n == 4 && strncasecmp(z, "head", 4) == 0);
    if (pr_row_disability(s, COL_GRADE, COL_TYPE) || pr_row_yesno(s, COL_ILL, "serious illness", &r->bIll)
        || pr_row_yesno(s, COL_EMPLOYED, "employed", &r->bEmployed)) return;
    if (!r->bHead) return;
    if (pr_row_money(s, COL_INCOME, "household income", &r->nIncome, 1)) return;
    pr_row_field(s, COL_KIND, &z, &n);
    int iKind = n == 0 ? 0 : pr_row_choice(s, COL_KIND, azKind);
    if (iKind < 0) {
        pr_row_note(s, ST_REJECTED, "FIELD_INVALID", "kind must be 全户保/household or 单人保/single, not '%.*s'", PR_SHOW(n), z);
        return;
    }
    r->bSingle = (uint8_t)iKind;
    pr_row_field(s, COL_GRACE_UNTIL, &z, &n);
    if (n > 0) {
        int iMonth;
        if (pr_month_parse(z, n, &iMonth)) {
            pr_row_note(s, ST_REJECTED, "GRACE_INVALID", "grace_until must be a month YYYY-MM, not '%.*s'", PR_SHOW(n), z);
            return;
        }
        r->bHasGrace = 1;
        r->iGraceUntil = iMonth;
        if (pr_row_money(s, COL_GRACE_AMOUNT, "grace amount", &r->nGraceAmount, 1)) return;
    }
    pr_row_own_payee(s);
}

const pr_roster_desc pr_dibao_roster = {
    .eRoster = ROSTER_DIBAO,
    .zName = "dibao",
    .zHelp = "最低生活保障 roster (one row per household member)",
    .bAccountRequired = 1,
    .aCol = aCol,
    .nCol = (int)(sizeof(aCol) / sizeof(aCol[0])),
    .aProg = { PROG_DIBAO },
    .nProg = 1,
    .iIdCol = COL_HOUSEHOLD,
    .xParse = parse_row,
};
