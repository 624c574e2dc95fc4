/*
 * policy.c (formats) - parses and type-checks the policy CSV
 * (`key,district,area,from,value,reference`). Any problem is a
 * configuration error naming the file and line.
 */
#include "formats/policy.h"
#include "model/policy.h"
#include "model/calendar.h"
#include "io/textfile.h"
#include "io/csv.h"
#include "io/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_KEY, C_DISTRICT, C_AREA, C_FROM, C_VALUE, C_REF, C_COUNT };
static const char *const azCol[C_COUNT] = { "key", "district", "area", "from", "value", "reference" };

static char *dup_field(pr_field f)
{
    const char *z = f.z;
    size_t n = f.n;
    pr_trim(&z, &n);
    char *r = malloc(n + 1);
    if (r) { memcpy(r, z, n); r[n] = 0; }
    return r;
}

/* Parses the value of row r per its key's type. Returns 0 or -1. */
static int parse_value(pr_prow *r, const char *z, size_t n)
{
    switch (pr_key_type(r->eKey)) {
    case KT_NAME: return n > 0 ? 0 : -1;
    case KT_MONEY: return pr_money_parse(z, n, &r->v) || r->v < 0 ? -1 : 0;
    case KT_PCT: return pr_pct_parse(z, n, &r->v) || r->v < 0 ? -1 : 0;
    case KT_SPCT: return pr_pct_parse(z, n, &r->v);
    case KT_INT:
    case KT_BOOL: {
        if (n == 0 || n > 6) return -1;
        int64_t v = 0;
        for (size_t i = 0; i < n; i++) {
            if (z[i] < '0' || z[i] > '9') return -1;
            v = v * 10 + (z[i] - '0');
        }
        if (pr_key_type(r->eKey) == KT_BOOL && v > 1) return -1;
        r->v = v;
        return 0;
    }
    case KT_ROUNDING: {
        pr_rounding e;
        if (pr_rounding_parse(z, n, &e)) return -1;
        r->v = e;
        return 0;
    }
    case KT_FORMULA:
        if (n == 14 && memcmp(z, "jiangsu_tiered", 14) == 0) r->v = FORMULA_JIANGSU_TIERED;
        else if (n == 15 && memcmp(z, "national_linear", 15) == 0) r->v = FORMULA_NATIONAL_LINEAR;
        else return -1;
        return 0;
    case KT_FRAC: return pr_frac_parse(z, n, &r->frac);
    }
    return -1;
}

/* What a value of type e must be, for the message; marked N_ and translated
 * where the message is made (the terminal's language). */
static const char *type_hint(pr_ktype e)
{
    switch (e) {
    case KT_NAME: return N_("a non-empty name");
    case KT_MONEY: return N_("an amount in yuan, >= 0, at most two decimals");
    case KT_PCT: return N_("a percentage >= 0, at most two decimals");
    case KT_SPCT: return N_("a percentage, at most two decimals");
    case KT_INT: return N_("a whole number");
    case KT_BOOL: return N_("0 or 1");
    case KT_ROUNDING: return N_("fen, yuan_half_up or yuan_ceil");
    case KT_FORMULA: return N_("jiangsu_tiered or national_linear");
    case KT_FRAC: return N_("a ratio a/b or a decimal");
    }
    return "?";
}

/* Parses one data row into r. Returns 0, or -1 with pErr set. */
static int parse_row(const pr_csvrow *pRow, const int *aiCol, pr_prow *r,
                     const char *zPath, pr_err *pErr)
{
    pr_field f[C_COUNT];
    for (int c = 0; c < C_COUNT; c++) {
        f[c].z = "";
        f[c].n = 0;
        if (aiCol[c] >= 0) f[c] = pRow->aField[aiCol[c]];
    }
    const char *z; size_t n;
    z = f[C_KEY].z; n = f[C_KEY].n; pr_trim(&z, &n);
    pr_key k = pr_key_find(z, n);
    if (k < 0) {
        pr_err_set(pErr, PR_ERR_POLICY, "%s:%u: unknown policy key '%.*s'", zPath, r->iLine, (int)(n > 80 ? 80 : n), z);
        return -1;
    }
    r->eKey = (pr_key)k;
    z = f[C_DISTRICT].z; n = f[C_DISTRICT].n; pr_trim(&z, &n);
    if (n == 1 && z[0] == '*') r->iDistrict = -1;
    else {
        int v = 0;
        if (n != 6) goto bad_district;
        for (size_t i = 0; i < 6; i++) {
            if (z[i] < '0' || z[i] > '9') goto bad_district;
            v = v * 10 + (z[i] - '0');
        }
        r->iDistrict = v;
    }
    if ((r->eKey == K_DISTRICT || r->eKey == K_REGION) && r->iDistrict < 0) goto bad_district;
    z = f[C_AREA].z; n = f[C_AREA].n; pr_trim(&z, &n);
    if (n == 1 && z[0] == '*') r->eArea = AREA_NONE;
    else if (pr_area_parse(z, n, &r->eArea)) {
        pr_err_set(pErr, PR_ERR_POLICY, "%s:%u: area must be urban, rural or *, not '%.*s'", zPath, r->iLine, (int)(n > 40 ? 40 : n), z);
        return -1;
    }
    z = f[C_FROM].z; n = f[C_FROM].n;
    if (pr_month_parse(z, n, &r->iFrom)) {
        pr_err_set(pErr, PR_ERR_POLICY, "%s:%u: 'from' must be a month YYYY-MM, not '%.*s'", zPath, r->iLine, (int)(n > 40 ? 40 : n), z);
        return -1;
    }
    z = f[C_VALUE].z; n = f[C_VALUE].n; pr_trim(&z, &n);
    if (parse_value(r, z, n)) {
        pr_err_set(pErr, PR_ERR_POLICY, "%s:%u: %s must be %s, not '%.*s'", zPath, r->iLine,
                 pr_key_name(r->eKey), gettext(type_hint(pr_key_type(r->eKey))), (int)(n > 40 ? 40 : n), z);
        return -1;
    }
    r->zValue = dup_field(f[C_VALUE]);
    r->zRef = dup_field(f[C_REF]);
    if (!r->zValue || !r->zRef) { pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); return -1; }
    return 0;
bad_district:
    pr_err_set(pErr, PR_ERR_POLICY, "%s:%u: district must be a 6-digit division code%s, not '%.*s'", zPath, r->iLine,
             r->eKey == K_DISTRICT || r->eKey == K_REGION ? "" : _(" or *"), (int)(n > 40 ? 40 : n), z);
    return -1;
}

static int same_value(const pr_prow *a, const pr_prow *b)
{
    if (pr_key_type(a->eKey) == KT_FRAC)
        return (__int128)a->frac.nNum * b->frac.nDen == (__int128)b->frac.nNum * a->frac.nDen;
    if (pr_key_type(a->eKey) == KT_NAME) return strcmp(a->zValue, b->zValue) == 0;
    return a->v == b->v;
}

/* Rejects two rows for the same key, district, area and month with
 * different values. */
static int check_conflicts(const pr_policy *p, pr_err *pErr)
{
    for (int i = 0; i < p->nRow; i++) {
        for (int j = i + 1; j < p->nRow; j++) {
            const pr_prow *a = &p->aRow[i], *b = &p->aRow[j];
            if (a->eKey != b->eKey || a->iDistrict != b->iDistrict || a->eArea != b->eArea || a->iFrom != b->iFrom) continue;
            if (same_value(a, b)) continue;
            pr_err_set(pErr, PR_ERR_POLICY, "%s:%u: %s conflicts with line %u: same district, area and month, values '%s' and '%s'",
                     p->zPath, b->iLine, pr_key_name(b->eKey), a->iLine, a->zValue, b->zValue);
            return -1;
        }
    }
    return 0;
}

pr_policy *pr_policy_load(const char *zPath, int eEnc, pr_err *pErr)
{
    char *zText = NULL;
    size_t nText = 0;
    pr_csvrow row;
    pr_csvrow_init(&row);
    pr_policy *p = calloc(1, sizeof(*p));
    if (!p || !(p->zPath = strdup(zPath))) { pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto fail; }
    pr_err err;
    pr_err_init(&err);
    if (pr_textfile_read(zPath, (pr_encoding)eEnc, &zText, &nText, p->zSha, &err)) { pr_err_set(pErr, err.rc, "%s", err.zMsg); goto fail; }
    size_t iPos = 0, nUsed;
    uint32_t iLine = 1, nLf;
    int aiCol[C_COUNT];
    int nCap = 0, bHeader = 1;
    while (iPos < nText) {
        uint32_t iThisLine = iLine;
        if (pr_csv_next(zText + iPos, nText - iPos, &row, &nUsed, &nLf, NULL)) { pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto fail; }
        pr_csv_rc rc = row.eRc;
        iPos += nUsed;
        iLine += nLf;
        if (rc != CSV_OK) {
            pr_err_set(pErr, PR_ERR_CSV, "%s:%u: malformed CSV row (%s)", zPath, iThisLine,
                     rc == CSV_UNTERMINATED ? "unterminated quote" : rc == CSV_BAD_QUOTE ? "stray quote" : "too many fields");
            goto fail;
        }
        if (row.nField == 1 && row.aField[0].n == 0) continue;   /* blank line */
        if (bHeader) {
            int iDup = pr_csv_header_columns(&row, azCol, C_COUNT, aiCol);
            if (iDup >= 0) { pr_err_set(pErr, PR_ERR_HEADER, "%s:%u: column '%s' appears twice in the header", zPath, iThisLine, azCol[iDup]); goto fail; }
            for (int c = 0; c < C_COUNT; c++) {
                if (aiCol[c] < 0 && c != C_REF) {
                    pr_err_set(pErr, PR_ERR_HEADER, "%s:%u: required column '%s' is missing from the header (key,district,area,from,value,reference)", zPath, iThisLine, azCol[c]);
                    goto fail;
                }
            }
            bHeader = 0;
            continue;
        }
        int nMax = 0;
        for (int c = 0; c < C_COUNT; c++) if (aiCol[c] >= nMax) nMax = aiCol[c] + 1;
        if (row.nField < nMax) {
            pr_err_set(pErr, PR_ERR_POLICY, "%s:%u: the row has %d fields, the header needs %d", zPath, iThisLine, row.nField, nMax);
            goto fail;
        }
        if (p->nRow == nCap) {
            nCap = nCap ? nCap * 2 : 64;
            pr_prow *a = realloc(p->aRow, (size_t)nCap * sizeof(*a));
            if (!a) { pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto fail; }
            p->aRow = a;
        }
        pr_prow *r = &p->aRow[p->nRow];
        memset(r, 0, sizeof(*r));
        r->iLine = iThisLine;
        p->nRow++;
        if (parse_row(&row, aiCol, r, zPath, pErr)) goto fail;
    }
    if (bHeader) { pr_err_set(pErr, PR_ERR_POLICY, "%s: the policy file is empty (no header)", zPath); goto fail; }
    if (check_conflicts(p, pErr)) goto fail;
    free(zText);
    pr_csvrow_clear(&row);
    return p;
fail:
    free(zText);
    pr_csvrow_clear(&row);
    pr_policy_free(p);
    return NULL;
}
