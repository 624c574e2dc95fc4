/*
 * row.c - the generic roster row of row.h: reading a row's fields by column
 * slot, recording its findings, and the validations every programme shares
 * (the common columns, payee and account, money, yes/no, disability grade
 * and type, choices).
 */
#include "model/row.h"
#include "model/calendar.h"
#include "model/idcard.h"
#include "model/money.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The common columns (domain.md section 5a); the account's use is the
 * roster's (bAccountRequired). */
static const pr_column aCommonCol[COL_COMMON] = {
    [COL_ID] = { "身份证号", "id_number", USE_REQUIRED, CELL_ID },
    [COL_NAME] = { "姓名", "name", USE_REQUIRED, CELL_TEXT },
    [COL_DISTRICT] = { "区划代码", "district", USE_REQUIRED, CELL_TEXT },
    [COL_AREA] = { "城乡类别", "area", USE_REQUIRED, CELL_TEXT },
    [COL_TOWN] = { "乡镇街道", "town", USE_OPTIONAL, CELL_TEXT },
    [COL_VILLAGE] = { "村居", "village", USE_OPTIONAL, CELL_TEXT },
    [COL_BANK] = { "开户银行", "bank", USE_OPTIONAL, CELL_TEXT },
    [COL_ACCOUNT] = { "银行账号", "account", USE_OPTIONAL, CELL_ACCOUNT },
    [COL_PAYEE] = { "收款人", "payee", USE_OPTIONAL, CELL_TEXT },
};

const pr_column *pr_roster_column(const pr_roster_desc *pDesc, int iCol)
{
    assert(iCol >= 0 && iCol < COL_COMMON + pDesc->nCol);
    return iCol < COL_COMMON ? &aCommonCol[iCol] : &pDesc->aCol[iCol - COL_COMMON];
}

int pr_roster_column_use(const pr_roster_desc *pDesc, int iCol)
{
    if (iCol == COL_ACCOUNT && pDesc->bAccountRequired) return USE_REQUIRED;
    return pr_roster_column(pDesc, iCol)->eUse;
}

int pr_roster_col_by_name(const pr_roster_desc *pDesc, const char *zEn)
{
    for (int c = 0; c < COL_COMMON + pDesc->nCol; c++)
        if (strcmp(pr_roster_column(pDesc, c)->zEn, zEn) == 0) return c;
    return -1;
}

int pr_name_is(const char *z, size_t n, const char *zLit)
{
    return strlen(zLit) == n && memcmp(z, zLit, n) == 0;
}

int pr_yesno_parse(const char *z, size_t n, uint8_t *pb)
{
    pr_trim(&z, &n);
    if (n == 0 || pr_name_is(z, n, "否") || pr_name_is(z, n, "0") || (n == 1 && (z[0] == 'N' || z[0] == 'n'))
        || (n == 2 && strncasecmp(z, "no", 2) == 0)) { *pb = 0; return 0; }
    if (pr_name_is(z, n, "是") || pr_name_is(z, n, "1") || (n == 1 && (z[0] == 'Y' || z[0] == 'y'))
        || (n == 3 && strncasecmp(z, "yes", 3) == 0)) { *pb = 1; return 0; }
    return -1;
}

int pr_small_int(const char *z, size_t n, int lo, int hi, uint8_t *pv)
{
    if (n == 0) { *pv = 0; return lo <= 0 ? 0 : -1; }
    if (n > 2) return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (z[i] < '0' || z[i] > '9') return -1;
        v = v * 10 + (z[i] - '0');
    }
    if (v < lo || v > hi) return -1;
    *pv = (uint8_t)v;
    return 0;
}

void pr_row_field(const pr_row *pRow, int iCol, const char **pz, size_t *pn)
{
    assert(iCol >= 0 && iCol < PR_MAX_COLS);
    int i = pRow->pCtx->aiCol[iCol];
    if (i < 0 || i >= pRow->pFields->nField) { *pz = ""; *pn = 0; return; }
    *pz = pRow->pFields->aField[i].z;
    *pn = pRow->pFields->aField[i].n;
    pr_trim(pz, pn);
}

const char *pr_row_str(pr_row *pRow, int iCol)
{
    const char *z;
    size_t n;
    pr_row_field(pRow, iCol, &z, &n);
    if (n == 0) return "";
    char *r = pr_arena_strndup(&pRow->pOut->arena, z, n);
    if (!r) { pRow->rc = -1; return ""; }
    return r;
}

static void add_finding(pr_row *pRow, pr_prog eProg, pr_status eStatus, const char *zCode, const char *zMsg)
{
    pr_finding f = { pRow->pCtx->iFile, pRow->pRec->iLine, (uint8_t)eProg, (uint8_t)eStatus, zCode, pRow->zFindId, zMsg };
    if (!zMsg || pr_part_add_finding(pRow->pOut, &f)) pRow->rc = -1;
}

void pr_row_note(pr_row *pRow, pr_status eStatus, const char *zCode, const char *zFmt, ...)
{
    char zMsg[400];
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(zMsg, sizeof(zMsg), zFmt, ap);
    va_end(ap);
    const pr_roster_desc *pDesc = pRow->pCtx->pDesc;
    assert(pDesc->nProg >= 1 && pDesc->nProg <= 2);
    const char *zCopy = pr_arena_strndup(&pRow->pOut->arena, zMsg, strlen(zMsg));
    for (int i = 0; i < pDesc->nProg; i++) add_finding(pRow, pDesc->aProg[i], eStatus, zCode, zCopy);
    if (eStatus == ST_REJECTED) {
        pRow->pRec->bRejected = 1;
        pRow->pRec->aStatus[0] = pRow->pRec->aStatus[1] = ST_REJECTED;
    }
}

/* Whether iCode is one of the n ascending codes a. */
static int code_in(const int *a, int n, int iCode)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (a[mid] == iCode) return 1;
        if (a[mid] < iCode) lo = mid + 1; else hi = mid - 1;
    }
    return 0;
}

static int district_declared(const pr_row_ctx *c, int iCode)
{
    return code_in(c->aiDistrict, c->nDistrict, iCode);
}

/* Whether the region code of ID zId (its first 6 digits) is local: a
 * district or region of the policy in force. */
static int id_region_local(const pr_row_ctx *c, const char *zId)
{
    int iCode = 0;
    for (int i = 0; i < 6; i++) iCode = iCode * 10 + (zId[i] - '0');
    return code_in(c->aiLocal, c->nLocal, iCode);
}

int pr_row_check_common(pr_row *s)
{
    pr_record *r = s->pRec;
    const char *z;
    size_t n;
    pr_row_field(s, COL_ID, &z, &n);
    pr_id id;
    pr_id_rc idrc = pr_id_check(z, n, s->pCtx->iMonth, &id);
    if (idrc != ID_OK) {
        r->zId = pr_arena_strndup(&s->pOut->arena, z, n > 40 ? 40 : n);
        if (!s->zFindId) s->zFindId = r->zId;
        pr_row_note(s, ST_REJECTED, pr_id_code(idrc), "%s: '%.*s'", pr_id_message(idrc), PR_SHOW(n), z);
        return -1;
    }
    r->zId = pr_arena_strndup(&s->pOut->arena, id.zId, 18);
    if (!s->zFindId) s->zFindId = r->zId;
    r->iKey = id.iKey;
    int nAge = pr_age_at(id.iBirthY, id.iBirthM, id.iBirthD, s->pCtx->iMonth);
    r->nAge = (int16_t)nAge;
    r->zName = pr_row_str(s, COL_NAME);
    if (!r->zName[0]) { pr_row_note(s, ST_REJECTED, "NAME_MISSING", "name is blank"); return -1; }
    pr_row_field(s, COL_DISTRICT, &z, &n);
    int iCode = 0;
    for (size_t i = 0; i < n && n == 6; i++) {
        if (z[i] < '0' || z[i] > '9') { iCode = -1; break; }
        iCode = iCode * 10 + (z[i] - '0');
    }
    if (n != 6 || iCode < 0) {
        pr_row_note(s, ST_REJECTED, "DISTRICT_INVALID", "district must be a 6-digit division code, not '%.*s'", PR_SHOW(n), z);
        return -1;
    }
    if (!district_declared(s->pCtx, iCode)) {
        pr_row_note(s, ST_REJECTED, "DISTRICT_UNKNOWN", "district %06d is not declared in the policy file for this month", iCode);
        return -1;
    }
    r->iDistrict = iCode;
    pr_row_field(s, COL_AREA, &z, &n);
    pr_area eArea;
    if (pr_area_parse(z, n, &eArea)) {
        pr_row_note(s, ST_REJECTED, "AREA_INVALID", "area must be 城市/urban or 农村/rural, not '%.*s'", PR_SHOW(n), z);
        return -1;
    }
    r->eArea = (uint8_t)eArea;
    r->zTown = pr_row_str(s, COL_TOWN);
    r->zVillage = pr_row_str(s, COL_VILLAGE);
    if (!id_region_local(s->pCtx, id.zId))
        pr_row_note(s, ST_WARNING, "ID_REGION_OUTSIDE", "ID number region %.6s is outside Nantong", id.zId);
    return 0;
}

int pr_row_set_payee(pr_row *s, const char *zBank, const char *zAccount, const char *zPayee, const char *zWhat)
{
    pr_record *r = s->pRec;
    r->zBank = zBank;
    r->zAccount = zAccount;
    r->zPayee = zPayee;
    if (!zAccount[0]) {
        pr_row_note(s, ST_REJECTED, "ACCOUNT_MISSING", "%s has no bank account", zWhat);
        return -1;
    }
    if (!pr_luhn_ok(zAccount, strlen(zAccount)))
        pr_row_note(s, ST_WARNING, "ACCOUNT_LUHN", "bank account %s fails the Luhn check", zAccount);
    return 0;
}

int pr_row_own_payee(pr_row *s)
{
    const char *zPayee = pr_row_str(s, COL_PAYEE);
    return pr_row_set_payee(s, pr_row_str(s, COL_BANK), pr_row_str(s, COL_ACCOUNT),
                            zPayee[0] ? zPayee : s->pRec->zName, "the payee");
}

int pr_row_money(pr_row *s, int iCol, const char *zWhat, int64_t *pv, int bRequired)
{
    const char *z;
    size_t n;
    pr_row_field(s, iCol, &z, &n);
    if (n == 0 && !bRequired) { *pv = 0; return 0; }
    if (n == 0) { pr_row_note(s, ST_REJECTED, "MONEY_INVALID", "%s is blank (write 0 for none)", zWhat); return -1; }
    if (pr_money_parse(z, n, pv)) {
        size_t nDigits = 0;
        while (nDigits < n && z[nDigits] >= '0' && z[nDigits] <= '9') nDigits++;
        if (nDigits == n && n > 15)
            pr_row_note(s, ST_REJECTED, "MONEY_INVALID", "%s is too large for any amount: '%.*s'", zWhat, PR_SHOW(n), z);
        else
            pr_row_note(s, ST_REJECTED, "MONEY_INVALID", "%s must be yuan with at most two decimals, not '%.*s'", zWhat, PR_SHOW(n), z);
        return -1;
    }
    if (*pv < 0) { pr_row_note(s, ST_REJECTED, "MONEY_NEGATIVE", "%s is negative: '%.*s'", zWhat, PR_SHOW(n), z); return -1; }
    if (*pv > 100000000LL * 100) {
        pr_row_note(s, ST_REJECTED, "MONEY_ABSURD", "%s is beyond any plausible monthly figure: '%.*s'", zWhat, PR_SHOW(n), z);
        return -1;
    }
    return 0;
}

int pr_row_disability(pr_row *s, int iGradeCol, int iTypeCol)
{
    const char *z;
    size_t n;
    pr_row_field(s, iGradeCol, &z, &n);
    if (pr_small_int(z, n, 0, 4, &s->pRec->iGrade)) {
        pr_row_note(s, ST_REJECTED, "FIELD_INVALID", "disability grade must be 0-4, not '%.*s'", PR_SHOW(n), z);
        return -1;
    }
    pr_row_field(s, iTypeCol, &z, &n);
    if (pr_small_int(z, n, 0, 7, &s->pRec->iType)) {
        pr_row_note(s, ST_REJECTED, "FIELD_INVALID", "disability type must be 1-7, not '%.*s'", PR_SHOW(n), z);
        return -1;
    }
    return 0;
}

int pr_row_yesno(pr_row *s, int iCol, const char *zWhat, uint8_t *pb)
{
    const char *z;
    size_t n;
    pr_row_field(s, iCol, &z, &n);
    if (pr_yesno_parse(z, n, pb)) {
        pr_row_note(s, ST_REJECTED, "FIELD_INVALID", "%s must be 是/否, Y/N, 1/0 or yes/no, not '%.*s'", zWhat, PR_SHOW(n), z);
        return -1;
    }
    return 0;
}

int pr_row_choice(const pr_row *pRow, int iCol, const char *const *azChoice)
{
    const char *z;
    size_t n;
    pr_row_field(pRow, iCol, &z, &n);
    for (int i = 0; azChoice[2 * i]; i++)
        if (pr_name_is(z, n, azChoice[2 * i]) || pr_name_is(z, n, azChoice[2 * i + 1])) return i;
    return -1;
}
