/*
 * orphan.c - 孤儿 / 事实无人抚养儿童 (domain.md section 4, ORPHAN): paid while
 * under the age limit (or the student limit, when on); institutional I,
 * scattered I*pct, de facto I*pct*pct, rounded once.
 */
#include "rules/rules.h"
#include "model/row.h"
#include "rules/programmes.h"

#include <stdio.h>

/* ---- policy keys (domain.md section 3) -------------------------------- */

enum { K_INSTITUTIONAL = 0, K_SCATTERED_PCT, K_DEFACTO_PCT, K_AGE_LIMIT, K_STUDENT_AGE_LIMIT, K_ROUNDING, KEY_COUNT };

static const pr_keydef aKey[] = {
    [K_INSTITUTIONAL] = { "orphan.institutional", KT_MONEY },
    [K_SCATTERED_PCT] = { "orphan.scattered_pct", KT_PCT },
    [K_DEFACTO_PCT] = { "orphan.defacto_pct", KT_PCT },
    [K_AGE_LIMIT] = { "orphan.age_limit", KT_INT },
    [K_STUDENT_AGE_LIMIT] = { "orphan.student_age_limit", KT_INT },
    [K_ROUNDING] = { "orphan.rounding", KT_ROUNDING },
};

pr_keyset pr_orphan_keys = { aKey, (int)(sizeof(aKey) / sizeof(aKey[0])), 0 };

/* The slot of this programme's key k in the run's key table. */
#define KEY(k) (pr_orphan_keys.iBase + (k))

void pr_orphan_compute(pr_work *w, pr_record *r)
{
    int d = r->iDistrict;
    pr_area a = (pr_area)r->eArea;
    const pr_prow *pI = pr_work_param(w, KEY(K_INSTITUTIONAL), d, a);
    const pr_prow *pLim = pr_work_param(w, KEY(K_AGE_LIMIT), d, a);
    const pr_prow *pStu = pr_work_param(w, KEY(K_STUDENT_AGE_LIMIT), d, a);
    const pr_prow *pR = pr_work_param(w, KEY(K_ROUNDING), d, a);
    if (!pI || !pLim || !pStu || !pR) return;
    int bPaid = r->nAge < pLim->v || (r->bInSchool && pStu->v > 0 && r->nAge < pStu->v);
    if (!bPaid) {
        r->aStatus[0] = ST_INELIGIBLE;
        pr_work_finding(w, r, PROG_ORPHAN, ST_INELIGIBLE, r->zId, "AGED_OUT",
                         pr_work_printf(w, "aged %d on the first day of the month, limit %lld%s",
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
        const pr_prow *pSc = pr_work_param(w, KEY(K_SCATTERED_PCT), d, a);
        if (!pSc) return;
        exact = pr_ratio_mul(exact, pSc->v, 10000);
        pr_bp_format(pSc->v, zP1, sizeof(zP1));
        if (r->eCategory == CAT_DEFACTO) {
            const pr_prow *pDf = pr_work_param(w, KEY(K_DEFACTO_PCT), d, a);
            if (!pDf) return;
            exact = pr_ratio_mul(exact, pDf->v, 10000);
            pr_bp_format(pDf->v, zP2, sizeof(zP2));
            pr_cat(zExpr, sizeof(zExpr), zI, "*", zP1, "%*", zP2, "%", (char *)NULL);
        } else {
            pr_cat(zExpr, sizeof(zExpr), zI, "*", zP1, "%", (char *)NULL);
        }
    }
    r->aAmount[0] = pr_rule_round(w, exact, (pr_rounding)pR->v, 0, zExpr, &r->azBasis[0]);
    if (r->aAmount[0] <= 0) {
        r->aStatus[0] = ST_INELIGIBLE;
        pr_work_finding(w, r, PROG_ORPHAN, ST_INELIGIBLE, r->zId, "ZERO_AMOUNT", "the computed amount is 0");
        return;
    }
    r->aStatus[0] = ST_PAID;
}

/* ---- the roster (domain.md section 5a) ------------------------------- */

enum { COL_INSTITUTION = COL_COMMON, COL_INST_BANK, COL_INST_ACCOUNT, COL_CATEGORY, COL_IN_SCHOOL, COL_GUARDIAN };

static const pr_column aCol[] = {
    [COL_INSTITUTION - COL_COMMON] = { "供养机构", "institution", USE_OPTIONAL, CELL_TEXT },
    [COL_INST_BANK - COL_COMMON] = { "机构开户银行", "institution_bank", USE_OPTIONAL, CELL_TEXT },
    [COL_INST_ACCOUNT - COL_COMMON] = { "机构账号", "institution_account", USE_OPTIONAL, CELL_ACCOUNT },
    [COL_CATEGORY - COL_COMMON] = { "类别", "category", USE_REQUIRED, CELL_TEXT },
    [COL_IN_SCHOOL - COL_COMMON] = { "在校", "in_school", USE_OPTIONAL, CELL_TEXT },
    [COL_GUARDIAN - COL_COMMON] = { "监护人", "guardian", USE_OPTIONAL, CELL_TEXT },
};

/* In the order of CAT_INSTITUTIONAL.. (values 1, 2, 3). */
static const char *const azCategory[] = {
    "机构养育", "institutional", "社会散居", "scattered", "事实无人抚养", "defacto", NULL
};

/* Paid to the institution, or to the guardian (else the payee column). */
static void parse_row(pr_row *s)
{
    pr_record *r = s->pRec;
    if (pr_row_check_common(s)) return;
    int i = pr_row_choice(s, COL_CATEGORY, azCategory);
    if (i < 0) {
        const char *z;
        size_t n;
        pr_row_field(s, COL_CATEGORY, &z, &n);
        pr_row_note(s, ST_REJECTED, "FIELD_INVALID", "category must be 机构养育/institutional, 社会散居/scattered or 事实无人抚养/defacto, not '%.*s'", PR_SHOW(n), z);
        return;
    }
    r->eCategory = (uint8_t)(CAT_INSTITUTIONAL + i);
    if (pr_row_yesno(s, COL_IN_SCHOOL, "in school", &r->bInSchool)) return;
    if (r->eCategory == CAT_INSTITUTIONAL) {
        const char *zInst = pr_row_str(s, COL_INSTITUTION);
        if (!zInst[0]) { pr_row_note(s, ST_REJECTED, "INSTITUTION_MISSING", "institutional care without an institution"); return; }
        pr_row_set_payee(s, pr_row_str(s, COL_INST_BANK), pr_row_str(s, COL_INST_ACCOUNT), zInst, "the institution");
        return;
    }
    const char *zPayee = pr_row_str(s, COL_GUARDIAN);
    if (!zPayee[0]) zPayee = pr_row_str(s, COL_PAYEE);
    if (!zPayee[0]) { pr_row_note(s, ST_REJECTED, "GUARDIAN_MISSING", "a child not in an institution needs a guardian as payee"); return; }
    pr_row_set_payee(s, pr_row_str(s, COL_BANK), pr_row_str(s, COL_ACCOUNT), zPayee, "the guardian");
}

const pr_roster_desc pr_orphan_roster = {
    .eRoster = ROSTER_ORPHAN,
    .zName = "orphan",
    .zHelp = "孤儿 / 事实无人抚养儿童 roster",
    .bAccountRequired = 0,
    .aCol = aCol,
    .nCol = (int)(sizeof(aCol) / sizeof(aCol[0])),
    .aProg = { PROG_ORPHAN },
    .nProg = 1,
    .iIdCol = COL_ID,
    .xParse = parse_row,
    .xRecord = pr_orphan_compute,
};
