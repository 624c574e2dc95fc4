/*
 * tekun.c - 特困人员救助供养 (domain.md section 4, TEKUN):
 * round(B + S*care_pct), B by support mode.
 */
#include "rules/rules.h"
#include "model/row.h"
#include "rules/programmes.h"

#include <stdio.h>

/* ---- policy keys (domain.md section 3) -------------------------------- */

enum { K_BASIC_DISPERSED = 0, K_BASIC_CONCENTRATED, K_CARE_SELF, K_CARE_PARTIAL, K_CARE_FULL, K_ROUNDING, KEY_COUNT };

static const pr_keydef aKey[] = {
    [K_BASIC_DISPERSED] = { "tekun.basic.dispersed", KT_MONEY },
    [K_BASIC_CONCENTRATED] = { "tekun.basic.concentrated", KT_MONEY },
    [K_CARE_SELF] = { "tekun.care.self", KT_PCT },
    [K_CARE_PARTIAL] = { "tekun.care.partial", KT_PCT },
    [K_CARE_FULL] = { "tekun.care.full", KT_PCT },
    [K_ROUNDING] = { "tekun.rounding", KT_ROUNDING },
};

pr_keyset pr_tekun_keys = { aKey, (int)(sizeof(aKey) / sizeof(aKey[0])), 0 };

/* The slot of this programme's key k in the run's key table. */
#define KEY(k) (pr_tekun_keys.iBase + (k))

void pr_tekun_compute(pr_work *w, pr_record *r)
{
    int d = r->iDistrict;
    pr_area a = (pr_area)r->eArea;
    pr_key kBasic = r->eMode == MODE_CONCENTRATED ? KEY(K_BASIC_CONCENTRATED) : KEY(K_BASIC_DISPERSED);
    pr_key kCare = r->eCare == CARE_FULL ? KEY(K_CARE_FULL)
                 : r->eCare == CARE_PARTIAL ? KEY(K_CARE_PARTIAL) : KEY(K_CARE_SELF);
    const pr_prow *pB = pr_work_param(w, kBasic, d, a);
    const pr_prow *pS = pr_work_param(w, K_STANDARD, d, a);
    const pr_prow *pC = pr_work_param(w, kCare, d, a);
    const pr_prow *pR = pr_work_param(w, KEY(K_ROUNDING), d, a);
    if (!pB || !pS || !pC || !pR) return;
    r->nStd = pB->v;
    r->supp = pr_ratio_mul(pr_ratio_fen(pS->v), pC->v, 10000);
    pr_ratio exact = pr_ratio_add(pr_ratio_fen(pB->v), r->supp);
    char zB[32], zS[32], zP[32], zExpr[128];
    pr_fen_format(pB->v, zB, sizeof(zB));
    pr_fen_format(pS->v, zS, sizeof(zS));
    pr_bp_format(pC->v, zP, sizeof(zP));
    pr_cat(zExpr, sizeof(zExpr), zB, "+", zS, "*", zP, "%", (char *)NULL);
    r->aAmount[0] = pr_rule_round(w, exact, (pr_rounding)pR->v, 0, zExpr, &r->azBasis[0]);
    if (r->aAmount[0] <= 0) {
        r->aStatus[0] = ST_INELIGIBLE;
        pr_work_finding(w, r, PROG_TEKUN, ST_INELIGIBLE, r->zId, "ZERO_AMOUNT", "the computed amount is 0");
        return;
    }
    r->aStatus[0] = ST_PAID;
}

/* ---- the roster (domain.md section 5a) ------------------------------- */

enum { COL_CARE = COL_COMMON, COL_MODE, COL_INSTITUTION, COL_INST_BANK, COL_INST_ACCOUNT };

static const pr_column aCol[] = {
    [COL_CARE - COL_COMMON] = { "自理能力", "care_level", USE_REQUIRED, CELL_TEXT },
    [COL_MODE - COL_COMMON] = { "供养方式", "support_mode", USE_REQUIRED, CELL_TEXT },
    [COL_INSTITUTION - COL_COMMON] = { "供养机构", "institution", USE_OPTIONAL, CELL_TEXT },
    [COL_INST_BANK - COL_COMMON] = { "机构开户银行", "institution_bank", USE_OPTIONAL, CELL_TEXT },
    [COL_INST_ACCOUNT - COL_COMMON] = { "机构账号", "institution_account", USE_OPTIONAL, CELL_ACCOUNT },
};

/* In the order of CARE_SELF.. and MODE_DISPERSED.. (values 1, 2, ...). */
static const char *const azCare[] = { "全自理", "self", "半护理", "partial", "全护理", "full", NULL };
static const char *const azMode[] = { "分散", "dispersed", "集中", "concentrated", NULL };

static void parse_row(pr_row *s)
{
    pr_record *r = s->pRec;
    if (pr_row_check_common(s)) return;
    const char *z;
    size_t n;
    int i = pr_row_choice(s, COL_CARE, azCare);
    if (i < 0) {
        pr_row_field(s, COL_CARE, &z, &n);
        pr_row_note(s, ST_REJECTED, "FIELD_INVALID", "care level must be 全自理/self, 半护理/partial or 全护理/full, not '%.*s'", PR_SHOW(n), z);
        return;
    }
    r->eCare = (uint8_t)(CARE_SELF + i);
    i = pr_row_choice(s, COL_MODE, azMode);
    if (i < 0) {
        pr_row_field(s, COL_MODE, &z, &n);
        pr_row_note(s, ST_REJECTED, "FIELD_INVALID", "support mode must be 分散/dispersed or 集中/concentrated, not '%.*s'", PR_SHOW(n), z);
        return;
    }
    r->eMode = (uint8_t)(MODE_DISPERSED + i);
    if (r->eMode == MODE_CONCENTRATED) {
        const char *zInst = pr_row_str(s, COL_INSTITUTION);
        if (!zInst[0]) { pr_row_note(s, ST_REJECTED, "INSTITUTION_MISSING", "concentrated support without an institution"); return; }
        pr_row_set_payee(s, pr_row_str(s, COL_INST_BANK), pr_row_str(s, COL_INST_ACCOUNT), zInst, "the institution");
    } else {
        pr_row_own_payee(s);
    }
}

const pr_roster_desc pr_tekun_roster = {
    .eRoster = ROSTER_TEKUN,
    .zName = "tekun",
    .zHelp = "特困供养 roster",
    .bAccountRequired = 0,
    .aCol = aCol,
    .nCol = (int)(sizeof(aCol) / sizeof(aCol[0])),
    .aProg = { PROG_TEKUN },
    .nProg = 1,
    .iIdCol = COL_ID,
    .xParse = parse_row,
    .xRecord = pr_tekun_compute,
};
