/*
 * disability.c - 困难残疾人生活补贴 (DIS_LIVING) and 重度残疾人护理补贴
 * (DIS_NURSING), domain.md section 4. Both depend on other programmes'
 * records; a dependency that is HELD makes the outcome HELD unless the rule
 * is decided without it (three-valued logic, docs/RULES.md).
 */
#include "rules/rules.h"
#include "model/row.h"
#include "rules/programmes.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- policy keys (domain.md section 3) -------------------------------- */

enum { K_LIVING_G12 = 0, K_LIVING_G34, K_NURSING_G1, K_NURSING_G2, K_NURSING_G3, K_NURSING_INCLUDE_G3, K_EXCLUDE_TEKUN, KEY_COUNT };

static const pr_keydef aKey[] = {
    [K_LIVING_G12] = { "disability.living.grade12", KT_MONEY },
    [K_LIVING_G34] = { "disability.living.grade34", KT_MONEY },
    [K_NURSING_G1] = { "disability.nursing.grade1", KT_MONEY },
    [K_NURSING_G2] = { "disability.nursing.grade2", KT_MONEY },
    [K_NURSING_G3] = { "disability.nursing.grade3", KT_MONEY },
    [K_NURSING_INCLUDE_G3] = { "disability.nursing.include_grade3", KT_BOOL },
    [K_EXCLUDE_TEKUN] = { "disability.exclude_tekun", KT_BOOL },
};

pr_keyset pr_disability_keys = { aKey, (int)(sizeof(aKey) / sizeof(aKey[0])), 0 };

/* The slot of this programme's key k in the run's key table. */
#define KEY(k) (pr_disability_keys.iBase + (k))

/* Writes the outcome of one allowance into slot i of r. */
static void settle(pr_work *w, pr_record *r, int i, pr_prog eProg, pr_tri elig,
                   const char *zFalseCode, const char *zFalseMsg, int64_t nAmount, const char *zExpr)
{
    if (elig == TRI_UNKNOWN) {
        r->aStatus[i] = ST_HELD;
        pr_work_finding(w, r, eProg, ST_HELD, r->zId, "DEPENDS_ON_HELD",
                         "depends on a DIBAO or TEKUN record of this person that is held for review");
        return;
    }
    if (elig == TRI_FALSE) {
        r->aStatus[i] = ST_INELIGIBLE;
        pr_work_finding(w, r, eProg, ST_INELIGIBLE, r->zId, zFalseCode, zFalseMsg);
        return;
    }
    if (nAmount <= 0) {
        r->aStatus[i] = ST_INELIGIBLE;
        pr_work_finding(w, r, eProg, ST_INELIGIBLE, r->zId, "ZERO_AMOUNT", "the policy amount is 0");
        return;
    }
    r->aStatus[i] = ST_PAID;
    r->aAmount[i] = nAmount;
    r->azBasis[i] = pr_arena_cat(&w->part.arena, zExpr, (char *)NULL);
}

void pr_disability_compute(pr_work *w, pr_record *r, pr_tri bInPaidDibao, pr_tri bTekunPaid)
{
    int d = r->iDistrict;
    pr_area a = (pr_area)r->eArea;
    const pr_prow *pEx = pr_work_param(w, KEY(K_EXCLUDE_TEKUN), d, a);
    const pr_prow *pG3 = pr_work_param(w, KEY(K_NURSING_INCLUDE_G3), d, a);
    const pr_prow *pL = pr_work_param(w, r->iGrade <= 2 ? KEY(K_LIVING_G12) : KEY(K_LIVING_G34), d, a);
    if (!pEx || !pG3 || !pL) return;
    pr_tri blocked = pEx->v ? bTekunPaid : TRI_FALSE;
    char zAmt[32], zExpr[96];
    const char *zCode;
    const char *zMsg;

    /* DIS_LIVING: grade 1-4, member of a paid DIBAO household, not excluded */
    pr_tri grade = (r->iGrade >= 1 && r->iGrade <= 4) ? TRI_TRUE : TRI_FALSE;
    pr_tri elig = pr_tri_and(pr_tri_and(grade, bInPaidDibao), pr_tri_not(blocked));
    if (grade == TRI_FALSE) { zCode = "GRADE_NOT_ELIGIBLE"; zMsg = "disability grade is not 1-4"; }
    else if (blocked == TRI_TRUE) { zCode = "TEKUN_EXCLUDED"; zMsg = "paid TEKUN this month (disability.exclude_tekun = 1)"; }
    else { zCode = "NOT_IN_PAID_DIBAO"; zMsg = "not a member of a DIBAO household paid this month"; }
    pr_fen_format(pL->v, zAmt, sizeof(zAmt));
    char zG[24], zT[24];
    pr_i64_format(r->iGrade, zG);
    pr_i64_format(r->iType, zT);
    pr_cat(zExpr, sizeof(zExpr), "等级", zG, ": ", zAmt, (char *)NULL);
    settle(w, r, 0, PROG_DIS_LIVING, elig, zCode, zMsg, pL->v, zExpr);

    /* DIS_NURSING: grade 1-2 any type, grade 3 intellectual/mental if included */
    pr_key k = r->iGrade == 1 ? KEY(K_NURSING_G1) : r->iGrade == 2 ? KEY(K_NURSING_G2) : KEY(K_NURSING_G3);
    int bGradeOk = r->iGrade == 1 || r->iGrade == 2
                || (r->iGrade == 3 && (r->iType == 5 || r->iType == 6) && pG3->v == 1);
    int64_t nAmount = 0;
    if (bGradeOk) {
        const pr_prow *pN = pr_work_param(w, k, d, a);
        if (!pN) return;
        nAmount = pN->v;
    }
    grade = bGradeOk ? TRI_TRUE : TRI_FALSE;
    elig = pr_tri_and(grade, pr_tri_not(blocked));
    if (!bGradeOk) {
        zCode = "GRADE_NOT_ELIGIBLE";
        zMsg = r->iGrade == 3 ? "grade 3 is paid only for intellectual or mental disability, when included"
                              : "grade 4 is not paid the nursing allowance";
    } else {
        zCode = "TEKUN_EXCLUDED";
        zMsg = "paid TEKUN this month (disability.exclude_tekun = 1)";
    }
    pr_fen_format(nAmount, zAmt, sizeof(zAmt));
    pr_cat(zExpr, sizeof(zExpr), "等级", zG, " 类别", zT, ": ", zAmt, (char *)NULL);
    settle(w, r, 1, PROG_DIS_NURSING, elig, zCode, zMsg, nAmount, zExpr);
}

/* ---- the roster (domain.md section 5a) ------------------------------- */

enum { COL_GRADE = COL_COMMON, COL_TYPE, COL_CERT };

static const pr_column aCol[] = {
    [COL_GRADE - COL_COMMON] = { "残疾等级", "disability_grade", USE_OPTIONAL, CELL_TEXT },
    [COL_TYPE - COL_COMMON] = { "残疾类别", "disability_type", USE_OPTIONAL, CELL_TEXT },
    [COL_CERT - COL_COMMON] = { "残疾人证号", "certificate", USE_REQUIRED, CELL_ID },
};

/* Type and grade come from the 20-character certificate; type and grade
 * columns, where given, must agree with it. */
static void parse_row(pr_row *s)
{
    pr_record *r = s->pRec;
    if (pr_row_check_common(s)) return;
    const char *z;
    size_t n;
    pr_row_field(s, COL_CERT, &z, &n);
    if (n != 20 || z[18] < '1' || z[18] > '7' || z[19] < '1' || z[19] > '4') {
        pr_row_note(s, ST_REJECTED, "CERT_INVALID", "disability certificate must be the 18-character ID, a type digit 1-7 and a grade digit 1-4, not '%.*s'", PR_SHOW(n), z);
        return;
    }
    if (strncasecmp(z, r->zId, 18) != 0) {
        pr_row_note(s, ST_REJECTED, "CERT_MISMATCH", "disability certificate %.*s belongs to another ID than %s", PR_SHOW(n), z, r->zId);
        return;
    }
    r->iType = (uint8_t)(z[18] - '0');
    r->iGrade = (uint8_t)(z[19] - '0');
    uint8_t v;
    const char *zc;
    size_t nc;
    pr_row_field(s, COL_TYPE, &zc, &nc);
    if (nc > 0 && (pr_small_int(zc, nc, 1, 7, &v) || v != r->iType)) {
        pr_row_note(s, ST_REJECTED, "CERT_MISMATCH", "disability type column '%.*s' disagrees with certificate type %d", PR_SHOW(nc), zc, r->iType);
        return;
    }
    pr_row_field(s, COL_GRADE, &zc, &nc);
    if (nc > 0 && (pr_small_int(zc, nc, 1, 4, &v) || v != r->iGrade)) {
        pr_row_note(s, ST_REJECTED, "CERT_MISMATCH", "disability grade column '%.*s' disagrees with certificate grade %d", PR_SHOW(nc), zc, r->iGrade);
        return;
    }
    pr_row_own_payee(s);
}

const pr_roster_desc pr_disability_roster = {
    .eRoster = ROSTER_DISABILITY,
    .zName = "disability",
    .zHelp = "disability roster (both allowances)",
    .bAccountRequired = 1,
    .aCol = aCol,
    .nCol = (int)(sizeof(aCol) / sizeof(aCol[0])),
    .aProg = { PROG_DIS_LIVING, PROG_DIS_NURSING },
    .nProg = 2,
    .iIdCol = COL_ID,
    .xParse = parse_row,
};
