/*
 * roster.c - roster headers and rows. Each data row becomes one pr_record;
 * a row that breaks a rule of its own (shape, encoding, ID, district, money,
 * enumerations, account) is REJECTED here with a finding naming its file and
 * line. Rules that look across rows live in engine/.
 */
#include "formats/roster.h"
#include "model/calendar.h"
#include "model/idcard.h"
#include "model/money.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct { const char *zZh, *zEn; } aColName[COL_COUNT] = {
    [COL_ID] = { "身份证号", "id_number" },
    [COL_NAME] = { "姓名", "name" },
    [COL_DISTRICT] = { "区划代码", "district" },
    [COL_AREA] = { "城乡类别", "area" },
    [COL_TOWN] = { "乡镇街道", "town" },
    [COL_VILLAGE] = { "村居", "village" },
    [COL_BANK] = { "开户银行", "bank" },
    [COL_ACCOUNT] = { "银行账号", "account" },
    [COL_PAYEE] = { "收款人", "payee" },
    [COL_HOUSEHOLD] = { "户编号", "household_id" },
    [COL_RELATION] = { "与户主关系", "relation" },
    [COL_INCOME] = { "家庭月收入", "household_income" },
    [COL_KIND] = { "保障类型", "kind" },
    [COL_GRACE_UNTIL] = { "渐退截止", "grace_until" },
    [COL_GRACE_AMOUNT] = { "渐退金额", "grace_amount" },
    [COL_GRADE] = { "残疾等级", "disability_grade" },
    [COL_TYPE] = { "残疾类别", "disability_type" },
    [COL_ILL] = { "重病", "serious_illness" },
    [COL_EMPLOYED] = { "就业", "employed" },
    [COL_CARE] = { "自理能力", "care_level" },
    [COL_MODE] = { "供养方式", "support_mode" },
    [COL_INSTITUTION] = { "供养机构", "institution" },
    [COL_INST_BANK] = { "机构开户银行", "institution_bank" },
    [COL_INST_ACCOUNT] = { "机构账号", "institution_account" },
    [COL_CERT] = { "残疾人证号", "certificate" },
    [COL_CATEGORY] = { "类别", "category" },
    [COL_IN_SCHOOL] = { "在校", "in_school" },
    [COL_GUARDIAN] = { "监护人", "guardian" },
};

/* Columns each roster reads; 2 = required, 1 = optional. */
static const uint8_t aUse[ROSTER_COUNT][COL_COUNT] = {
    [ROSTER_DIBAO] = {
        [COL_ID] = 2, [COL_NAME] = 2, [COL_DISTRICT] = 2, [COL_AREA] = 2,
        [COL_TOWN] = 1, [COL_VILLAGE] = 1, [COL_BANK] = 1, [COL_ACCOUNT] = 2, [COL_PAYEE] = 1,
        [COL_HOUSEHOLD] = 2, [COL_RELATION] = 2, [COL_INCOME] = 2, [COL_KIND] = 1,
        [COL_GRACE_UNTIL] = 1, [COL_GRACE_AMOUNT] = 1, [COL_GRADE] = 1, [COL_TYPE] = 1,
        [COL_ILL] = 1, [COL_EMPLOYED] = 1 },
    [ROSTER_TEKUN] = {
        [COL_ID] = 2, [COL_NAME] = 2, [COL_DISTRICT] = 2, [COL_AREA] = 2,
        [COL_TOWN] = 1, [COL_VILLAGE] = 1, [COL_BANK] = 1, [COL_ACCOUNT] = 1, [COL_PAYEE] = 1,
        [COL_CARE] = 2, [COL_MODE] = 2, [COL_INSTITUTION] = 1, [COL_INST_BANK] = 1,
        [COL_INST_ACCOUNT] = 1 },
    [ROSTER_DISABILITY] = {
        [COL_ID] = 2, [COL_NAME] = 2, [COL_DISTRICT] = 2, [COL_AREA] = 2,
        [COL_TOWN] = 1, [COL_VILLAGE] = 1, [COL_BANK] = 1, [COL_ACCOUNT] = 2, [COL_PAYEE] = 1,
        [COL_CERT] = 2, [COL_TYPE] = 1, [COL_GRADE] = 1 },
    [ROSTER_ORPHAN] = {
        [COL_ID] = 2, [COL_NAME] = 2, [COL_DISTRICT] = 2, [COL_AREA] = 2,
        [COL_TOWN] = 1, [COL_VILLAGE] = 1, [COL_BANK] = 1, [COL_ACCOUNT] = 1, [COL_PAYEE] = 1,
        [COL_CATEGORY] = 2, [COL_IN_SCHOOL] = 1, [COL_INSTITUTION] = 1, [COL_INST_BANK] = 1,
        [COL_INST_ACCOUNT] = 1, [COL_GUARDIAN] = 1 },
};

static int name_is(const char *z, size_t n, const char *zLit)
{
    return strlen(zLit) == n && memcmp(z, zLit, n) == 0;
}

int pr_roster_map_header(pr_roster eRoster, const pr_csvrow *pHeader,
                         pr_roster_map *pMap, char *zErr, size_t nErr)
{
    pMap->eRoster = eRoster;
    pMap->nField = pHeader->nField;
    for (int c = 0; c < COL_COUNT; c++) pMap->aiCol[c] = -1;
    for (int i = 0; i < pHeader->nField; i++) {
        const char *z = pHeader->aField[i].z;
        size_t n = pHeader->aField[i].n;
        if (i == 0 && n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0) { z += 3; n -= 3; }
        pr_trim(&z, &n);
        for (int c = 0; c < COL_COUNT; c++) {
            if (!aUse[eRoster][c]) continue;
            if (!name_is(z, n, aColName[c].zZh) && !name_is(z, n, aColName[c].zEn)) continue;
            if (pMap->aiCol[c] >= 0) {
                snprintf(zErr, nErr, "column %s/%s appears twice in the header (fields %d and %d)",
                         aColName[c].zZh, aColName[c].zEn, pMap->aiCol[c] + 1, i + 1);
                return -1;
            }
            pMap->aiCol[c] = i;
        }
    }
    for (int c = 0; c < COL_COUNT; c++) {
        if (aUse[eRoster][c] == 2 && pMap->aiCol[c] < 0) {
            snprintf(zErr, nErr, "required column %s/%s is missing from the %s roster header",
                     aColName[c].zZh, aColName[c].zEn, pr_roster_name(eRoster));
            return -1;
        }
    }
    return 0;
}

void pr_parse_scratch_init(pr_parse_scratch *p)
{
    pr_csvrow_init(&p->row);
    p->pConv = NULL;
}

void pr_parse_scratch_clear(pr_parse_scratch *p)
{
    pr_csvrow_clear(&p->row);
    pr_gbconv_free(p->pConv);
    p->pConv = NULL;
}

int pr_yesno_parse(const char *z, size_t n, uint8_t *pb)
{
    pr_trim(&z, &n);
    if (n == 0 || name_is(z, n, "否") || name_is(z, n, "0") || (n == 1 && (z[0] == 'N' || z[0] == 'n'))
        || (n == 2 && strncasecmp(z, "no", 2) == 0)) { *pb = 0; return 0; }
    if (name_is(z, n, "是") || name_is(z, n, "1") || (n == 1 && (z[0] == 'Y' || z[0] == 'y'))
        || (n == 3 && strncasecmp(z, "yes", 3) == 0)) { *pb = 1; return 0; }
    return -1;
}

/* ---- one row --------------------------------------------------------- */

typedef struct row_state {
    const pr_parse_ctx *pCtx;   /* shared context */
    pr_part *pOut;              /* where findings and strings go */
    pr_record *pRec;            /* the record being filled */
    const pr_csvrow *pRow;      /* its fields */
    const char *zFindId;        /* id written in findings */
    int rc;                     /* -1 once memory ran out */
} row_state;

static void field(const row_state *s, pr_col c, const char **pz, size_t *pn)
{
    int i = s->pCtx->pMap->aiCol[c];
    if (i < 0 || i >= s->pRow->nField) { *pz = ""; *pn = 0; return; }
    *pz = s->pRow->aField[i].z;
    *pn = s->pRow->aField[i].n;
    pr_trim(pz, pn);
}

static const char *str(row_state *s, pr_col c)
{
    const char *z;
    size_t n;
    field(s, c, &z, &n);
    if (n == 0) return "";
    char *r = pr_arena_strndup(&s->pOut->arena, z, n);
    if (!r) { s->rc = -1; return ""; }
    return r;
}

static void add_finding(row_state *s, pr_prog eProg, pr_status eStatus, const char *zCode, const char *zMsg)
{
    pr_finding f = { s->pCtx->iFile, s->pRec->iLine, (uint8_t)eProg, (uint8_t)eStatus, zCode, s->zFindId, zMsg };
    if (!zMsg || pr_part_add_finding(s->pOut, &f)) s->rc = -1;
}

/* Programmes a roster's records belong to. */
static int progs_of(pr_roster e, pr_prog *a)
{
    switch (e) {
    case ROSTER_DIBAO: a[0] = PROG_DIBAO; return 1;
    case ROSTER_TEKUN: a[0] = PROG_TEKUN; return 1;
    case ROSTER_ORPHAN: a[0] = PROG_ORPHAN; return 1;
    default: a[0] = PROG_DIS_LIVING; a[1] = PROG_DIS_NURSING; return 2;
    }
}

static void note(row_state *s, pr_status eStatus, const char *zCode, const char *zFmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Adds a finding of eStatus for every programme of the row. A REJECTED
 * finding also marks the record. */
static void note(row_state *s, pr_status eStatus, const char *zCode, const char *zFmt, ...)
{
    char zMsg[400];
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(zMsg, sizeof(zMsg), zFmt, ap);
    va_end(ap);
    pr_prog a[2];
    int n = progs_of((pr_roster)s->pRec->eRoster, a);
    const char *zCopy = pr_arena_strndup(&s->pOut->arena, zMsg, strlen(zMsg));
    for (int i = 0; i < n; i++) add_finding(s, a[i], eStatus, zCode, zCopy);
    if (eStatus == ST_REJECTED) {
        s->pRec->bRejected = 1;
        s->pRec->aStatus[0] = s->pRec->aStatus[1] = ST_REJECTED;
    }
}

static int district_declared(const pr_parse_ctx *c, int iCode)
{
    int lo = 0, hi = c->nDistrict - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (c->aiDistrict[mid] == iCode) return 1;
        if (c->aiDistrict[mid] < iCode) lo = mid + 1; else hi = mid - 1;
    }
    return 0;
}

static int small_int(const char *z, size_t n, int lo, int hi, uint8_t *pv)
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

#define SHOW(n) (int)((n) > 60 ? 60 : (n))

/* Validates the fields every roster has. Returns 0 if the row may go on. */
static int check_common(row_state *s)
{
    pr_record *r = s->pRec;
    const char *z;
    size_t n;
    field(s, COL_ID, &z, &n);
    pr_id id;
    pr_id_rc idrc = pr_id_check(z, n, s->pCtx->iMonth, &id);
    if (idrc != ID_OK) {
        r->zId = pr_arena_strndup(&s->pOut->arena, z, n > 40 ? 40 : n);
        if (!s->zFindId) s->zFindId = r->zId;
        note(s, ST_REJECTED, pr_id_code(idrc), "%s: '%.*s'", pr_id_message(idrc), SHOW(n), z);
        return -1;
    }
    r->zId = pr_arena_strndup(&s->pOut->arena, id.zId, 18);
    if (!s->zFindId) s->zFindId = r->zId;
    r->iKey = id.iKey;
    int nAge = pr_age_at(id.iBirthY, id.iBirthM, id.iBirthD, s->pCtx->iMonth);
    r->nAge = (int16_t)nAge;
    r->zName = str(s, COL_NAME);
    if (!r->zName[0]) { note(s, ST_REJECTED, "NAME_MISSING", "name is blank"); return -1; }
    field(s, COL_DISTRICT, &z, &n);
    int iCode = 0;
    for (size_t i = 0; i < n && n == 6; i++) {
        if (z[i] < '0' || z[i] > '9') { iCode = -1; break; }
        iCode = iCode * 10 + (z[i] - '0');
    }
    if (n != 6 || iCode < 0) {
        note(s, ST_REJECTED, "DISTRICT_INVALID", "district must be a 6-digit division code, not '%.*s'", SHOW(n), z);
        return -1;
    }
    if (!district_declared(s->pCtx, iCode)) {
        note(s, ST_REJECTED, "DISTRICT_UNKNOWN", "district %06d is not declared in the policy file for this month", iCode);
        return -1;
    }
    r->iDistrict = iCode;
    field(s, COL_AREA, &z, &n);
    pr_area eArea;
    if (pr_area_parse(z, n, &eArea)) {
        note(s, ST_REJECTED, "AREA_INVALID", "area must be 城市/urban or 农村/rural, not '%.*s'", SHOW(n), z);
        return -1;
    }
    r->eArea = (uint8_t)eArea;
    r->zTown = str(s, COL_TOWN);
    r->zVillage = str(s, COL_VILLAGE);
    if (!pr_is_nantong_code(id.zId))
        note(s, ST_WARNING, "ID_REGION_OUTSIDE", "ID number region %.6s is outside Nantong", id.zId);
    return 0;
}

/* Sets the payee to (bank, account, payee) columns or the given strings and
 * checks the account. Returns 0, or -1 if the row was rejected. */
static int set_payee(row_state *s, const char *zBank, const char *zAccount, const char *zPayee, const char *zWhat)
{
    pr_record *r = s->pRec;
    r->zBank = zBank;
    r->zAccount = zAccount;
    r->zPayee = zPayee;
    if (!zAccount[0]) {
        note(s, ST_REJECTED, "ACCOUNT_MISSING", "%s has no bank account", zWhat);
        return -1;
    }
    if (!pr_luhn_ok(zAccount, strlen(zAccount)))
        note(s, ST_WARNING, "ACCOUNT_LUHN", "bank account %s fails the Luhn check", zAccount);
    return 0;
}

static int own_payee(row_state *s)
{
    const char *zPayee = str(s, COL_PAYEE);
    return set_payee(s, str(s, COL_BANK), str(s, COL_ACCOUNT), zPayee[0] ? zPayee : s->pRec->zName, "the payee");
}

static int money_field(row_state *s, pr_col c, const char *zWhat, int64_t *pv, int bRequired)
{
    const char *z;
    size_t n;
    field(s, c, &z, &n);
    if (n == 0 && !bRequired) { *pv = 0; return 0; }
    if (n == 0) { note(s, ST_REJECTED, "MONEY_INVALID", "%s is blank (write 0 for none)", zWhat); return -1; }
    if (pr_money_parse(z, n, pv)) {
        size_t nDigits = 0;
        while (nDigits < n && z[nDigits] >= '0' && z[nDigits] <= '9') nDigits++;
        if (nDigits == n && n > 15)
            note(s, ST_REJECTED, "MONEY_INVALID", "%s is too large for any amount: '%.*s'", zWhat, SHOW(n), z);
        else
            note(s, ST_REJECTED, "MONEY_INVALID", "%s must be yuan with at most two decimals, not '%.*s'", zWhat, SHOW(n), z);
        return -1;
    }
    if (*pv < 0) { note(s, ST_REJECTED, "MONEY_NEGATIVE", "%s is negative: '%.*s'", zWhat, SHOW(n), z); return -1; }
    if (*pv > 100000000LL * 100) {
        note(s, ST_REJECTED, "MONEY_ABSURD", "%s is beyond any plausible monthly figure: '%.*s'", zWhat, SHOW(n), z);
        return -1;
    }
    return 0;
}

static int disability_fields(row_state *s)
{
    const char *z;
    size_t n;
    field(s, COL_GRADE, &z, &n);
    if (small_int(z, n, 0, 4, &s->pRec->iGrade)) {
        note(s, ST_REJECTED, "FIELD_INVALID", "disability grade must be 0-4, not '%.*s'", SHOW(n), z);
        return -1;
    }
    field(s, COL_TYPE, &z, &n);
    if (small_int(z, n, 0, 7, &s->pRec->iType)) {
        note(s, ST_REJECTED, "FIELD_INVALID", "disability type must be 1-7, not '%.*s'", SHOW(n), z);
        return -1;
    }
    return 0;
}

static int yesno_field(row_state *s, pr_col c, const char *zWhat, uint8_t *pb)
{
    const char *z;
    size_t n;
    field(s, c, &z, &n);
    if (pr_yesno_parse(z, n, pb)) {
        note(s, ST_REJECTED, "FIELD_INVALID", "%s must be 是/否, Y/N, 1/0 or yes/no, not '%.*s'", zWhat, SHOW(n), z);
        return -1;
    }
    return 0;
}

static void parse_dibao(row_state *s)
{
    pr_record *r = s->pRec;
    r->zHousehold = str(s, COL_HOUSEHOLD);
    s->zFindId = r->zHousehold;
    if (!r->zHousehold[0]) { note(s, ST_REJECTED, "HOUSEHOLD_ID_MISSING", "household id is blank"); return; }
    if (check_common(s)) return;
    const char *z;
    size_t n;
    field(s, COL_RELATION, &z, &n);
    r->bHead = name_is(z, n, "户主") || (n == 4 && strncasecmp(z, "head", 4) == 0);
    if (disability_fields(s) || yesno_field(s, COL_ILL, "serious illness", &r->bIll)
        || yesno_field(s, COL_EMPLOYED, "employed", &r->bEmployed)) return;
    if (!r->bHead) return;
    if (money_field(s, COL_INCOME, "household income", &r->nIncome, 1)) return;
    field(s, COL_KIND, &z, &n);
    if (n == 0 || name_is(z, n, "全户保") || name_is(z, n, "household")) r->bSingle = 0;
    else if (name_is(z, n, "单人保") || name_is(z, n, "single")) r->bSingle = 1;
    else { note(s, ST_REJECTED, "FIELD_INVALID", "kind must be 全户保/household or 单人保/single, not '%.*s'", SHOW(n), z); return; }
    field(s, COL_GRACE_UNTIL, &z, &n);
    if (n > 0) {
        int iMonth;
        if (pr_month_parse(z, n, &iMonth)) {
            note(s, ST_REJECTED, "GRACE_INVALID", "grace_until must be a month YYYY-MM, not '%.*s'", SHOW(n), z);
            return;
        }
        r->bHasGrace = 1;
        r->iGraceUntil = iMonth;
        if (money_field(s, COL_GRACE_AMOUNT, "grace amount", &r->nGraceAmount, 1)) return;
    }
    own_payee(s);
}

static void parse_tekun(row_state *s)
{
    pr_record *r = s->pRec;
    if (check_common(s)) return;
    const char *z;
    size_t n;
    field(s, COL_CARE, &z, &n);
    if (name_is(z, n, "全自理") || name_is(z, n, "self")) r->eCare = CARE_SELF;
    else if (name_is(z, n, "半护理") || name_is(z, n, "partial")) r->eCare = CARE_PARTIAL;
    else if (name_is(z, n, "全护理") || name_is(z, n, "full")) r->eCare = CARE_FULL;
    else { note(s, ST_REJECTED, "FIELD_INVALID", "care level must be 全自理/self, 半护理/partial or 全护理/full, not '%.*s'", SHOW(n), z); return; }
    field(s, COL_MODE, &z, &n);
    if (name_is(z, n, "分散") || name_is(z, n, "dispersed")) r->eMode = MODE_DISPERSED;
    else if (name_is(z, n, "集中") || name_is(z, n, "concentrated")) r->eMode = MODE_CONCENTRATED;
    else { note(s, ST_REJECTED, "FIELD_INVALID", "support mode must be 分散/dispersed or 集中/concentrated, not '%.*s'", SHOW(n), z); return; }
    if (r->eMode == MODE_CONCENTRATED) {
        const char *zInst = str(s, COL_INSTITUTION);
        if (!zInst[0]) { note(s, ST_REJECTED, "INSTITUTION_MISSING", "concentrated support without an institution"); return; }
        set_payee(s, str(s, COL_INST_BANK), str(s, COL_INST_ACCOUNT), zInst, "the institution");
    } else {
        own_payee(s);
    }
}

static void parse_disability(row_state *s)
{
    pr_record *r = s->pRec;
    if (check_common(s)) return;
    const char *z;
    size_t n;
    field(s, COL_CERT, &z, &n);
    if (n != 20 || z[18] < '1' || z[18] > '7' || z[19] < '1' || z[19] > '4') {
        note(s, ST_REJECTED, "CERT_INVALID", "disability certificate must be the 18-character ID, a type digit 1-7 and a grade digit 1-4, not '%.*s'", SHOW(n), z);
        return;
    }
    if (strncasecmp(z, r->zId, 18) != 0) {
        note(s, ST_REJECTED, "CERT_MISMATCH", "disability certificate %.*s belongs to another ID than %s", SHOW(n), z, r->zId);
        return;
    }
    r->iType = (uint8_t)(z[18] - '0');
    r->iGrade = (uint8_t)(z[19] - '0');
    uint8_t v;
    const char *zc;
    size_t nc;
    field(s, COL_TYPE, &zc, &nc);
    if (nc > 0 && (small_int(zc, nc, 1, 7, &v) || v != r->iType)) {
        note(s, ST_REJECTED, "CERT_MISMATCH", "disability type column '%.*s' disagrees with certificate type %d", SHOW(nc), zc, r->iType);
        return;
    }
    field(s, COL_GRADE, &zc, &nc);
    if (nc > 0 && (small_int(zc, nc, 1, 4, &v) || v != r->iGrade)) {
        note(s, ST_REJECTED, "CERT_MISMATCH", "disability grade column '%.*s' disagrees with certificate grade %d", SHOW(nc), zc, r->iGrade);
        return;
    }
    own_payee(s);
}

static void parse_orphan(row_state *s)
{
    pr_record *r = s->pRec;
    if (check_common(s)) return;
    const char *z;
    size_t n;
    field(s, COL_CATEGORY, &z, &n);
    if (name_is(z, n, "机构养育") || name_is(z, n, "institutional")) r->eCategory = CAT_INSTITUTIONAL;
    else if (name_is(z, n, "社会散居") || name_is(z, n, "scattered")) r->eCategory = CAT_SCATTERED;
    else if (name_is(z, n, "事实无人抚养") || name_is(z, n, "defacto")) r->eCategory = CAT_DEFACTO;
    else { note(s, ST_REJECTED, "FIELD_INVALID", "category must be 机构养育/institutional, 社会散居/scattered or 事实无人抚养/defacto, not '%.*s'", SHOW(n), z); return; }
    if (yesno_field(s, COL_IN_SCHOOL, "in school", &r->bInSchool)) return;
    if (r->eCategory == CAT_INSTITUTIONAL) {
        const char *zInst = str(s, COL_INSTITUTION);
        if (!zInst[0]) { note(s, ST_REJECTED, "INSTITUTION_MISSING", "institutional care without an institution"); return; }
        set_payee(s, str(s, COL_INST_BANK), str(s, COL_INST_ACCOUNT), zInst, "the institution");
        return;
    }
    const char *zPayee = str(s, COL_GUARDIAN);
    if (!zPayee[0]) zPayee = str(s, COL_PAYEE);
    if (!zPayee[0]) { note(s, ST_REJECTED, "GUARDIAN_MISSING", "a child not in an institution needs a guardian as payee"); return; }
    set_payee(s, str(s, COL_BANK), str(s, COL_ACCOUNT), zPayee, "the guardian");
}

/* Best-effort id of a row that could not be tokenized cleanly. */
static const char *guess_id(row_state *s)
{
    int c = s->pCtx->pMap->eRoster == ROSTER_DIBAO ? COL_HOUSEHOLD : COL_ID;
    int i = s->pCtx->pMap->aiCol[c];
    if (i < 0 || i >= s->pRow->nField) return "";
    const char *z = s->pRow->aField[i].z;
    size_t n = s->pRow->aField[i].n;
    pr_trim(&z, &n);
    if (!pr_utf8_valid(z, n, 0)) return "";
    return pr_arena_strndup(&s->pOut->arena, z, n > 40 ? 40 : n);
}

static int has_nul(const char *z, size_t n) { return memchr(z, 0, n) != NULL; }

/* Parses one record whose bytes are z[0,n) (UTF-8 after conversion). */
static int parse_record(const pr_parse_ctx *pCtx, pr_parse_scratch *pS, pr_part *pOut,
                        pr_csv_rc csvrc, uint32_t iLine, int bBadEncoding, int bTooLong)
{
    pr_record *r = pr_part_add_record(pOut);
    if (!r) return -1;
    r->eRoster = (uint8_t)pCtx->pMap->eRoster;
    r->iFile = pCtx->iFile;
    r->iLine = iLine;
    r->zId = r->zName = r->zTown = r->zVillage = r->zBank = r->zAccount = r->zPayee = r->zHousehold = "";
    row_state s = { pCtx, pOut, r, &pS->row, NULL, 0 };
    if (bTooLong) {
        s.zFindId = "";
        note(&s, ST_REJECTED, "RECORD_TOO_LONG", "the record is longer than %u bytes", PR_CHUNK_CAP);
        return s.rc;
    }
    if (csvrc == CSV_UNTERMINATED) {
        s.zFindId = guess_id(&s);
        note(&s, ST_REJECTED, "CSV_UNTERMINATED_QUOTE", "a quoted field is never closed; the line is skipped");
        return s.rc;
    }
    if (bBadEncoding) {
        s.zFindId = "";
        if (bBadEncoding == 2) note(&s, ST_REJECTED, "ENCODING_INVALID", "the row holds NUL (0x00) bytes");
        else note(&s, ST_REJECTED, "ENCODING_INVALID", "the row holds bytes that are not valid %s", pr_encoding_name(pCtx->eEnc));
        return s.rc;
    }
    s.zFindId = guess_id(&s);
    if (csvrc == CSV_BAD_QUOTE) { note(&s, ST_REJECTED, "CSV_MALFORMED", "a quote in the middle of a field"); return s.rc; }
    if (csvrc == CSV_TOO_MANY_FIELDS) { note(&s, ST_REJECTED, "CSV_FIELD_COUNT", "more than %d fields", PR_CSV_MAX_FIELDS); return s.rc; }
    if (pS->row.nField != pCtx->pMap->nField) {
        note(&s, ST_REJECTED, "CSV_FIELD_COUNT", "the row has %d fields, the header %d", pS->row.nField, pCtx->pMap->nField);
        return s.rc;
    }
    s.zFindId = NULL;
    switch (pCtx->pMap->eRoster) {
    case ROSTER_DIBAO: parse_dibao(&s); break;
    case ROSTER_TEKUN: parse_tekun(&s); break;
    case ROSTER_DISABILITY: parse_disability(&s); break;
    default: parse_orphan(&s); break;
    }
    return s.rc;
}

static int is_blank_line(const pr_csvrow *p)
{
    return p->nField == 1 && p->aField[0].n == 0;
}

int pr_roster_parse_chunk(const pr_parse_ctx *pCtx, pr_parse_scratch *pS,
                          pr_chunk *pChunk, pr_part *pOut, uint32_t *pnRows)
{
    uint32_t nRows = 0;
    if (!pOut->aRec && pChunk->n > 0) {
        /* at most one record per line: a tight bound, so that the records of
         * one chunk after another sit densely in the thread's slab */
        int nLine = 1;
        for (const char *z = pChunk->z, *e = z + pChunk->n; (z = memchr(z, '\n', (size_t)(e - z))); z++) nLine++;
        if (pr_part_reserve(pOut, nLine)) return -1;
    }
    if (pChunk->eKind != CHUNK_DATA) {
        size_t nUsed;
        uint32_t nLf;
        if (pr_csv_next(pChunk->z, pChunk->n, &pS->row, &nUsed, &nLf, NULL)) return -1;
        *pnRows = 1;
        return parse_record(pCtx, pS, pOut, CSV_UNTERMINATED, pChunk->iLine, 0,
                            pChunk->eKind == CHUNK_TOO_LONG);
    }
    size_t iPos = 0;
    uint32_t iLine = pChunk->iLine;
    int bGb = pCtx->eEnc == ENC_GB18030;
    /* fast path: a chunk that is clean UTF-8 as a whole needs no per-row check */
    int bClean = !bGb && pr_utf8_valid(pChunk->z, pChunk->n, 0) && !has_nul(pChunk->z, pChunk->n);
    while (iPos < pChunk->n) {
        char *z = pChunk->z + iPos;
        uint32_t nLf, iThis = iLine;
        size_t nUsed;
        if (bClean) {
            /* clean UTF-8: tokenize in place in one pass */
            if (pr_csv_next(z, pChunk->n - iPos, &pS->row, &nUsed, &nLf, NULL)) return -1;
            pr_csv_rc rc = pS->row.eRc;
            iPos += nUsed;
            iLine += nLf;
            if (rc == CSV_OK && is_blank_line(&pS->row)) continue;
            nRows++;
            if (parse_record(pCtx, pS, pOut, rc, iThis, 0, 0)) return -1;
            continue;
        }
        size_t nRec = pr_csv_record_end(z, pChunk->n - iPos, &nLf);
        iPos += nRec;
        iLine += nLf;
        int bBad = 0;
        char *zTok = z;
        size_t nTok = nRec;
        if (has_nul(z, nRec)) bBad = 2;
        else if (bGb) {
            if (!pS->pConv && !(pS->pConv = pr_gbconv_new(NULL))) return -1;
            const char *zOut;
            pr_error e = pr_gbconv_run(pS->pConv, z, nRec, &zOut, &nTok, NULL);
            if (e == PR_ERR_NOMEM) return -1;
            zTok = (char *)zOut;
            if (e) bBad = 1;
        } else if (!bClean && !pr_utf8_valid(z, nRec, 0)) bBad = 1;
        pr_csv_rc rc = CSV_OK;
        uint32_t nLf2;
        if (!bBad) {
            if (pr_csv_next(zTok, nTok, &pS->row, &nUsed, &nLf2, NULL)) return -1;
            rc = pS->row.eRc;
            if (rc == CSV_OK && is_blank_line(&pS->row)) continue;
        } else {
            pS->row.nField = 0;
        }
        nRows++;
        if (parse_record(pCtx, pS, pOut, rc, iThis, bBad, 0)) return -1;
    }
    *pnRows = nRows;
    return 0;
}
