/*
 * plan.c - the shard plan file (plan.h): parsed with the CSV tokenizer of
 * io/csv, checked row by row (a message per problem with its line),
 * balanced greedily, written through a temporary name.
 */
#include "formats/plan.h"
#include "io/common.h"
#include "io/csv.h"
#include "io/outbuf.h"
#include "io/textfile.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLAN_HEADER "kind,code,shard,rows"
#define PLAN_MAX_ID 256          /* longest household id a plan names */
#define SHOW(n) (int)((n) > 60 ? 60 : (n))   /* bytes of a bad field quoted in a message */

enum { F_KIND = 0, F_CODE, F_SHARD, F_ROWS, F_COUNT };

static int cmp_district(const void *a, const void *b)
{
    const pr_plan_district *x = a, *y = b;
    return (x->iCode > y->iCode) - (x->iCode < y->iCode);
}

static int cmp_house(const void *a, const void *b)
{
    const pr_plan_house *x = a, *y = b;
    return strcmp(x->zId, y->zId);
}

void pr_plan_sort(pr_plan *p)
{
    if (p->nDistrict > 1) qsort(p->aDistrict, (size_t)p->nDistrict, sizeof(*p->aDistrict), cmp_district);
    if (p->nHouse > 1) qsort(p->aHouse, (size_t)p->nHouse, sizeof(*p->aHouse), cmp_house);
}

/* Largest rows first, then the smaller code. */
static int cmp_by_rows(const void *a, const void *b)
{
    const pr_plan_district *x = a, *y = b;
    if (x->nRows != y->nRows) return x->nRows > y->nRows ? -1 : 1;
    return (x->iCode > y->iCode) - (x->iCode < y->iCode);
}

void pr_plan_balance(pr_plan_district *aDistrict, int n, int nShard)
{
    assert(nShard >= 1 && nShard <= PR_PLAN_MAX_SHARDS);
    long long anLoad[PR_PLAN_MAX_SHARDS];
    for (int s = 0; s < nShard; s++) anLoad[s] = 0;
    if (n > 1) qsort(aDistrict, (size_t)n, sizeof(*aDistrict), cmp_by_rows);
    for (int i = 0; i < n; i++) {
        int iBest = 0;
        for (int s = 1; s < nShard; s++)
            if (anLoad[s] < anLoad[iBest]) iBest = s;
        aDistrict[i].iShard = iBest;
        anLoad[iBest] += aDistrict[i].nRows;
    }
    if (n > 1) qsort(aDistrict, (size_t)n, sizeof(*aDistrict), cmp_district);
}

int pr_plan_district_shard(const pr_plan *p, int iCode)
{
    pr_plan_district key = { iCode, 0, 0 };
    const pr_plan_district *d = p->nDistrict ? bsearch(&key, p->aDistrict, (size_t)p->nDistrict, sizeof(key), cmp_district) : NULL;
    return d ? d->iShard : -1;
}

int pr_plan_house_shard(const pr_plan *p, const char *zId, size_t n)
{
    int lo = 0, hi = p->nHouse - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        const char *z = p->aHouse[mid].zId;
        size_t m = strlen(z);
        int c = memcmp(z, zId, m < n ? m : n);
        if (c == 0) c = (m > n) - (m < n);
        if (c == 0) return p->aHouse[mid].iShard;
        if (c < 0) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}

void pr_plan_free(pr_plan *p)
{
    if (!p) return;
    for (int i = 0; i < p->nHouse; i++) free(p->aHouse[i].zId);
    free(p->aHouse);
    free(p->aDistrict);
    free(p);
}

/* Reads a whole number from 0 to nMax from field f into *pn; -1 if it is not one. */
static int parse_count(pr_field f, long long nMax, long long *pn)
{
    const char *z = f.z;
    size_t n = f.n;
    pr_trim(&z, &n);
    if (n == 0 || n > 18) return -1;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (z[i] < '0' || z[i] > '9') return -1;
        v = v * 10 + (z[i] - '0');
    }
    if (v > nMax) return -1;
    *pn = v;
    return 0;
}

/* Grows an array of elements of nSize bytes to hold one more. */
static int grow(void **pa, int n, int *pnCap, size_t nSize)
{
    if (n < *pnCap) return 0;
    int nNew = *pnCap ? *pnCap * 2 : 16;
    void *a = realloc(*pa, (size_t)nNew * nSize);
    if (!a) return -1;
    *pa = a;
    *pnCap = nNew;
    return 0;
}

/* Checks the header line: exactly the four names. */
static pr_error plan_header(const char *zPath, const pr_csvrow *row, pr_err *pErr)
{
    static const char *const azName[F_COUNT] = { "kind", "code", "shard", "rows" };
    int bOk = row->nField == F_COUNT;
    for (int i = 0; bOk && i < F_COUNT; i++) {
        const char *z = row->aField[i].z;
        size_t n = row->aField[i].n;
        pr_trim(&z, &n);
        bOk = n == strlen(azName[i]) && memcmp(z, azName[i], n) == 0;
    }
    if (bOk) return PR_OK;
    return pr_err_set(pErr, PR_ERR_CONFIG, "%s:1: not a shard plan: the header must be '%s'", zPath, PLAN_HEADER);
}

/* The state of one parse. */
typedef struct plan_parse {
    const char *zPath;            /* the file, for messages */
    pr_plan *p;                   /* the plan being filled */
    int nDistrictCap, nHouseCap;  /* capacities of its arrays */
    uint32_t *aiHouseLine;        /* line of each household (duplicates' message), owned */
} plan_parse;

/* Parses one data row (after the header) at line iLine. */
static pr_error plan_row(plan_parse *s, uint32_t iLine, const pr_csvrow *row, pr_err *pErr)
{
    pr_plan *p = s->p;
    if (row->nField != F_COUNT)
        return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: the row has %d fields, the header %d", s->zPath, iLine, row->nField, F_COUNT);
    pr_field a[F_COUNT];
    for (int i = 0; i < F_COUNT; i++) {
        a[i] = row->aField[i];
        size_t n = a[i].n;
        pr_trim(&a[i].z, &n);
        a[i].n = (uint32_t)n;
    }
    long long nShard = 0, nRows = 0;
    if (pr_field_eq(a[F_KIND], "shards")) {
        if (p->nShard) return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: a second 'shards' row", s->zPath, iLine);
        if (parse_count(a[F_SHARD], PR_PLAN_MAX_SHARDS, &nShard) || nShard < 1)
            return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: the shard count must be a whole number from 1 to %d, not '%.*s'",
                              s->zPath, iLine, PR_PLAN_MAX_SHARDS, SHOW(a[F_SHARD].n), a[F_SHARD].z);
        if (parse_count(a[F_ROWS], (long long)1 << 60, &nRows))
            return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: rows must be a whole number, not '%.*s'", s->zPath, iLine,
                              SHOW(a[F_ROWS].n), a[F_ROWS].z);
        p->nShard = (int)nShard;
        p->nRows = nRows;
        return PR_OK;
    }
    int bDistrict = pr_field_eq(a[F_KIND], "district");
    if (!bDistrict && !pr_field_eq(a[F_KIND], "household"))
        return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: unknown kind '%.*s' (shards, district or household)", s->zPath, iLine,
                          SHOW(a[F_KIND].n), a[F_KIND].z);
    if (!p->nShard) return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: the 'shards' row must come first", s->zPath, iLine);
    if (parse_count(a[F_SHARD], p->nShard - 1, &nShard))
        return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: unknown shard '%.*s': the plan has shards 0 to %d", s->zPath, iLine,
                          SHOW(a[F_SHARD].n), a[F_SHARD].z, p->nShard - 1);
    if (parse_count(a[F_ROWS], (long long)1 << 60, &nRows))
        return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: rows must be a whole number, not '%.*s'", s->zPath, iLine,
                          SHOW(a[F_ROWS].n), a[F_ROWS].z);
    if (bDistrict) {
        long long iCode;
        if (a[F_CODE].n != 6 || parse_count(a[F_CODE], 999999, &iCode))
            return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: the district must be a 6-digit division code, not '%.*s'", s->zPath,
                              iLine, SHOW(a[F_CODE].n), a[F_CODE].z);
        if (grow((void **)&p->aDistrict, p->nDistrict, &s->nDistrictCap, sizeof(*p->aDistrict)))
            return pr_err_nomem(pErr, "reading the shard plan");
        p->aDistrict[p->nDistrict++] = (pr_plan_district){ (int)iCode, (int)nShard, nRows };
        return PR_OK;
    }
    if (a[F_CODE].n == 0 || a[F_CODE].n > PLAN_MAX_ID || memchr(a[F_CODE].z, '\0', a[F_CODE].n))
        return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: a household id must be 1 to %d bytes, no NUL", s->zPath, iLine, PLAN_MAX_ID);
    if (grow((void **)&p->aHouse, p->nHouse, &s->nHouseCap, sizeof(*p->aHouse))) return pr_err_nomem(pErr, "reading the shard plan");
    int nCap = s->nHouseCap;
    uint32_t *aLine = realloc(s->aiHouseLine, (size_t)nCap * sizeof(*aLine));
    if (!aLine) return pr_err_nomem(pErr, "reading the shard plan");
    s->aiHouseLine = aLine;
    char *zId = malloc(a[F_CODE].n + 1);
    if (!zId) return pr_err_nomem(pErr, "reading the shard plan");
    memcpy(zId, a[F_CODE].z, a[F_CODE].n);
    zId[a[F_CODE].n] = '\0';
    s->aiHouseLine[p->nHouse] = iLine;
    p->aHouse[p->nHouse++] = (pr_plan_house){ zId, (int)nShard, nRows };
    return PR_OK;
}

/* After every row: sorted, each district and household named once. The
 * lines of districts are not kept: a duplicate is found again by a scan. */
static pr_error plan_check(plan_parse *s, char *z, size_t n, pr_err *pErr)
{
    pr_plan *p = s->p;
    if (!p->nShard) return pr_err_set(pErr, PR_ERR_CONFIG, "%s: no 'shards' row: not a shard plan", s->zPath);
    /* households sorted with their lines, by a sort of indexes */
    for (int i = 1; i < p->nHouse; i++) {
        pr_plan_house h = p->aHouse[i];
        uint32_t iLine = s->aiHouseLine[i];
        int j = i - 1;
        while (j >= 0 && strcmp(p->aHouse[j].zId, h.zId) > 0) {
            p->aHouse[j + 1] = p->aHouse[j];
            s->aiHouseLine[j + 1] = s->aiHouseLine[j];
            j--;
        }
        p->aHouse[j + 1] = h;
        s->aiHouseLine[j + 1] = iLine;
    }
    for (int i = 1; i < p->nHouse; i++) {
        if (strcmp(p->aHouse[i - 1].zId, p->aHouse[i].zId) != 0) continue;
        uint32_t a = s->aiHouseLine[i - 1], b = s->aiHouseLine[i];
        return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: household '%s' is named twice (first on line %u)", s->zPath,
                          a > b ? a : b, p->aHouse[i].zId, a < b ? a : b);
    }
    if (p->nDistrict > 1) qsort(p->aDistrict, (size_t)p->nDistrict, sizeof(*p->aDistrict), cmp_district);
    for (int i = 1; i < p->nDistrict; i++) {
        if (p->aDistrict[i - 1].iCode != p->aDistrict[i].iCode) continue;
        /* find its two lines again: the rows are few */
        char zCode[8];
        snprintf(zCode, sizeof(zCode), "%06d", p->aDistrict[i].iCode);
        uint32_t aLine[2] = { 0, 0 }, iLine = 1, nLf;
        int nSeen = 0;
        pr_csvrow row;
        pr_csvrow_init(&row);
        for (size_t iPos = 0, nUsed; iPos < n && nSeen < 2;) {
            uint32_t iThis = iLine;
            if (pr_csv_next(z + iPos, n - iPos, &row, &nUsed, &nLf, NULL)) break;
            iPos += nUsed;
            iLine += nLf;
            if (iThis == 1 || row.nField != F_COUNT || !pr_field_eq(row.aField[F_KIND], "district")) continue;
            const char *zc = row.aField[F_CODE].z;
            size_t nc = row.aField[F_CODE].n;
            pr_trim(&zc, &nc);
            if (nc == 6 && memcmp(zc, zCode, 6) == 0) aLine[nSeen++] = iThis;
        }
        pr_csvrow_clear(&row);
        return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: district %s is named twice (first on line %u)", s->zPath, aLine[1],
                          zCode, aLine[0]);
    }
    return PR_OK;
}

pr_plan *pr_plan_parse(const char *zPath, char *z, size_t n, pr_err *pErr)
{
    pr_csvrow row;
    pr_csvrow_init(&row);
    plan_parse s = { zPath, calloc(1, sizeof(pr_plan)), 0, 0, NULL };
    /* the data rows are tokenized in place; the duplicate scan needs the
     * text as it was, so it reads a copy */
    char *zCopy = malloc(n + 1);
    pr_error rc = PR_OK;
    if (!s.p || !zCopy) { rc = pr_err_nomem(pErr, "reading the shard plan"); goto cleanup; }
    memcpy(zCopy, z, n);
    size_t iPos = 0, nUsed;
    uint32_t iLine = 1, nLf;
    int bHeader = 1;
    while (iPos < n) {
        uint32_t iThis = iLine;
        if ((rc = pr_csv_next(z + iPos, n - iPos, &row, &nUsed, &nLf, pErr))) goto cleanup;
        iPos += nUsed;
        iLine += nLf;
        if (row.eRc != CSV_OK) { rc = pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: malformed CSV row", zPath, iThis); goto cleanup; }
        if (bHeader) {
            if ((rc = plan_header(zPath, &row, pErr))) goto cleanup;
            bHeader = 0;
            continue;
        }
        if (row.nField == 1 && row.aField[0].n == 0) continue;   /* a blank line */
        if ((rc = plan_row(&s, iThis, &row, pErr))) goto cleanup;
    }
    if (bHeader) { rc = pr_err_set(pErr, PR_ERR_CONFIG, "%s: the file is empty: not a shard plan", zPath); goto cleanup; }
    rc = plan_check(&s, zCopy, n, pErr);
cleanup:
    pr_csvrow_clear(&row);
    free(zCopy);
    free(s.aiHouseLine);
    if (rc) { pr_plan_free(s.p); return NULL; }
    return s.p;
}

pr_plan *pr_plan_load(const char *zPath, pr_err *pErr)
{
    char *zText = NULL, zSha[65];
    size_t nText = 0;
    if (pr_textfile_read(zPath, ENC_UTF8, &zText, &nText, zSha, pErr)) return NULL;
    pr_plan *p = pr_plan_parse(zPath, zText, nText, pErr);
    free(zText);
    return p;
}

pr_error pr_plan_write(const pr_plan *p, const char *zPath, pr_err *pErr)
{
    pr_outbuf b;
    pr_outbuf_init(&b, PR_TEXTFILE_CAP);
    pr_outbuf_str(&b, PLAN_HEADER "\n");
    pr_outbuf_printf(&b, "shards,,%d,%lld\n", p->nShard, p->nRows);
    for (int i = 0; i < p->nDistrict; i++)
        pr_outbuf_printf(&b, "district,%06d,%d,%lld\n", p->aDistrict[i].iCode, p->aDistrict[i].iShard, p->aDistrict[i].nRows);
    for (int i = 0; i < p->nHouse; i++) {
        pr_outbuf_str(&b, "household,");
        pr_outbuf_csv(&b, p->aHouse[i].zId);
        pr_outbuf_printf(&b, ",%d,%lld\n", p->aHouse[i].iShard, p->aHouse[i].nRows);
    }
    char zTmp[4200];
    pr_error rc = b.rc;
    if (rc) { pr_err_set(pErr, rc, "%s: the plan is too big to write", zPath); goto cleanup; }
    if (snprintf(zTmp, sizeof(zTmp), "%s.tmp", zPath) >= (int)sizeof(zTmp)) {
        rc = pr_err_set(pErr, PR_ERR_IO, "%s: path too long", zPath);
        goto cleanup;
    }
    if ((rc = pr_write_file(zTmp, b.z, b.n, pErr))) goto cleanup;
    if (rename(zTmp, zPath) != 0) {
        rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", zPath, strerror(errno));
        remove(zTmp);
    }
cleanup:
    pr_outbuf_clear(&b);
    return rc;
}
