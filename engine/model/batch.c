/*
 * batch.c - life cycle of a batch, its configuration (policy, index,
 * declared districts, parameters per district and area) and the helpers the
 * rules use to look up parameters and record findings.
 */
#include "model/batch.h"
#include "model/calendar.h"
#include "io/i18n.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pr_batch *pr_batch_new(int iMonth, int nThreads, pr_encoding eEnc)
{
    pr_batch *p = calloc(1, sizeof(*p));
    if (!p) return NULL;
    if (!(p->pCycle = pr_cycle_new())) { free(p); return NULL; }
    p->iMonth = iMonth;
    p->nThreads = nThreads > 0 ? nThreads : 1;
    p->eEnc = eEnc;
    p->serial.pBatch = p;
    pr_part_init(&p->serial.part);   /* no price memo: PRICE is worked out in a pass */
    return p;
}

void pr_batch_free(pr_batch *p)
{
    if (!p) return;
    pr_policy_free(p->pPolicy);
    pr_index_free(p->pIndex);
    for (int i = 0; i < p->nInput; i++) {
        for (int j = 0; j < p->aInput[i].nPart; j++) {
            pr_part_clear(p->aInput[i].apPart[j]);
            free(p->aInput[i].apPart[j]);
        }
        free(p->aInput[i].apPart);
        free(p->aInput[i].zShown);
    }
    free(p->aInput);
    free(p->aDistrict);
    free(p->aiDistrictCode);
    free(p->aiLocalCode);
    free(p->aParams);
    free(p->apParamRow);
    for (int i = 0; i < p->nPart; i++) {
        pr_part_clear(p->apPart[i]);
        free(p->apPart[i]);
    }
    free(p->apPart);
    /* after the parts: their records and strings are in these blocks */
    for (int t = 0; p->aSlab && t < p->nThreads; t++) pr_slab_clear(&p->aSlab[t]);
    free(p->aSlab);
    pr_part_clear(&p->serial.part);
    for (int t = 0; p->aWork && t < p->nThreads; t++) {
        pr_part_clear(&p->aWork[t].part);
        free(p->aWork[t].aPriceMemo);
    }
    free(p->aWork);
    for (int r = 0; r < ROSTER_COUNT; r++) free(p->apRec[r]);
    free(p->aHouse);
    free(p->apHouseMember);
    free(p->aLine);
    free(p->aFind);
    free(p->aTotal);
    pr_cycle_free(p->pCycle);
    free(p);
}

int pr_batch_add_input(pr_batch *p, const char *zPath, pr_roster eRoster)
{
    if (p->nInput >= PR_MAX_INPUTS) return -1;   /* file indexes are packed in 24 bits when sorting */
    if (p->nInput == p->nInputCap && pr_batch_reserve_inputs(p, 1)) return -1;
    pr_input *in = &p->aInput[p->nInput++];
    memset(in, 0, sizeof(*in));
    in->zPath = zPath;
    in->eRoster = eRoster;
    in->iRank = (uint32_t)(p->nInput - 1);
    return 0;
}

int pr_batch_reserve_inputs(pr_batch *p, int nMore)
{
    if (nMore <= 0 || p->nInputCap - p->nInput >= nMore) return 0;
    pr_input *a = realloc(p->aInput, ((size_t)p->nInput + (size_t)nMore) * sizeof(*a));
    if (!a) return -1;
    p->aInput = a;
    p->nInputCap = p->nInput + nMore;
    return 0;
}

int pr_batch_add_cycle_input(pr_batch *p, const char *zPath, pr_input_kind eKind)
{
    assert(eKind != INPUT_ROSTER);
    if (pr_batch_add_input(p, zPath, ROSTER_DIBAO)) return -1;
    p->aInput[p->nInput - 1].eKind = (uint8_t)eKind;
    return p->nInput - 1;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The sorted, distinct codes of the rows of key k (or of k2, -1 for none)
 * in force in month iMonth into a new array in *paCode (owned by the
 * caller). Returns their count, or -1 if out of memory. */
static int codes_in_force(const pr_policy *pol, int k, int k2, int iMonth, int **paCode)
{
    int *aCode = malloc((size_t)(pol->nRow + 1) * sizeof(int));
    *paCode = aCode;
    if (!aCode) return -1;
    int n = 0;
    for (int i = 0; i < pol->nRow; i++) {
        const pr_prow *r = &pol->aRow[i];
        if (((int)r->eKey == k || (int)r->eKey == k2) && r->iFrom <= iMonth) aCode[n++] = r->iDistrict;
    }
    qsort(aCode, (size_t)n, sizeof(int), cmp_int);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (m == 0 || aCode[m - 1] != aCode[i]) aCode[m++] = aCode[i];
    return m;
}

/* Collects the districts declared for the batch month, with their names,
 * and the local division codes (districts and regions) in force. */
static pr_error load_districts(pr_batch *p)
{
    const pr_policy *pol = p->pPolicy;
    int *aCode;
    int m = codes_in_force(pol, K_DISTRICT, -1, p->iMonth, &aCode);
    p->aiDistrictCode = aCode;
    if (m < 0) return PR_ERR_NOMEM;
    p->nDistrict = m;
    p->nLocal = codes_in_force(pol, K_DISTRICT, K_REGION, p->iMonth, &p->aiLocalCode);
    if (p->nLocal < 0) return PR_ERR_NOMEM;
    p->aDistrict = calloc((size_t)m + 1, sizeof(*p->aDistrict));
    p->aParams = calloc((size_t)m * 2 + 1, sizeof(*p->aParams));
    p->aTotal = calloc((size_t)m * PROG_COUNT + 1, sizeof(*p->aTotal));
    int nKey = pr_key_count();
    p->apParamRow = calloc((size_t)m * 2 * (size_t)nKey + 1, sizeof(*p->apParamRow));
    if (!p->aDistrict || !p->aParams || !p->aTotal || !p->apParamRow) return PR_ERR_NOMEM;
    for (int d = 0; d < m; d++) {
        p->aDistrict[d].iCode = aCode[d];
        const pr_prow *r = pr_policy_lookup(pol, K_DISTRICT, aCode[d], AREA_URBAN, p->iMonth);
        p->aDistrict[d].zName = r ? r->zValue : "";
        for (int a = 0; a < 2; a++) {
            pr_params *pPar = &p->aParams[d * 2 + a];
            pPar->apRow = p->apParamRow + (size_t)(d * 2 + a) * (size_t)nKey;
            for (int k = 0; k < nKey; k++)
                pPar->apRow[k] = pr_policy_lookup(pol, (pr_key)k, aCode[d], (pr_area)(a + 1), p->iMonth);
        }
    }
    if (m == 0) {
        char zMonth[8];
        pr_month_format(p->iMonth, zMonth);
        pr_err_set(&p->err, PR_ERR_CONFIG, "%s: no district is declared for %s (rows 'district,<code>,*,<from>,<name>')",
                 pol->zPath, zMonth);
        return PR_ERR_CONFIG;
    }
    return PR_OK;
}

pr_error pr_batch_set_config(pr_batch *p, pr_policy *pPolicy, pr_index *pIndex)
{
    assert(p->pPolicy == NULL && p->pIndex == NULL);
    p->pPolicy = pPolicy;
    p->pIndex = pIndex;
    return load_districts(p);
}

int pr_batch_district_index(const pr_batch *p, int iCode)
{
    int lo = 0, hi = p->nDistrict - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (p->aiDistrictCode[mid] == iCode) return mid;
        if (p->aiDistrictCode[mid] < iCode) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}

pr_work *pr_batch_serial(pr_batch *p)
{
    return &p->serial;
}

const pr_prow *pr_work_param(pr_work *w, pr_key k, int iCode, pr_area eArea)
{
    const pr_batch *p = w->pBatch;
    int d = pr_batch_district_index(p, iCode);
    const pr_prow *r = (d >= 0 && (eArea == AREA_URBAN || eArea == AREA_RURAL))
        ? p->aParams[d * 2 + (eArea - 1)].apRow[k] : NULL;
    if (!r) {
        char zMonth[8];
        pr_month_format(p->iMonth, zMonth);
        pr_work_config_error(w, "%s: configuration error: no policy row for key %s, district %06d, area %s, month %s",
                             p->pPolicy->zPath, pr_key_name(k), iCode, pr_area_code(eArea), zMonth);
    }
    return r;
}

void pr_work_config_error(pr_work *w, const char *zFmt, ...)
{
    if (w->err.rc) return;
    w->err.rc = PR_ERR_CONFIG;
    va_list ap;
    va_start(ap, zFmt);
    /* translated as pr_err_set's formats are (xgettext
     * --keyword=pr_work_config_error:2): the message reaches only the terminal */
    vsnprintf(w->err.zMsg, sizeof(w->err.zMsg), gettext(zFmt), ap);
    va_end(ap);
}

static int work_init(pr_work *w, pr_batch *p)
{
    w->pBatch = p;
    pr_part_init(&w->part);
    w->aPriceMemo = calloc((size_t)p->nDistrict * 2 + 1, sizeof(pr_price_memo));
    return w->aPriceMemo ? 0 : -1;
}

/* Moves w's first error and out-of-memory mark into the batch. */
static void work_settle(pr_batch *p, pr_work *w)
{
    if (w->err.rc) pr_err_set(&p->err, w->err.rc, "%s", w->err.zMsg);
    pr_err_init(&w->err);
    if (w->bNoMem) p->bNoMem = 1;
    w->bNoMem = 0;
}

int pr_batch_begin_pass(pr_batch *p)
{
    assert(!p->bWorking);
    work_settle(p, &p->serial);
    if (!p->aWork) {
        p->aWork = calloc((size_t)p->nThreads, sizeof(*p->aWork));
        if (!p->aWork) return -1;
        for (int t = 0; t < p->nThreads; t++)
            if (work_init(&p->aWork[t], p)) return -1;
    }
    p->bWorking = 1;
    return 0;
}

void pr_batch_end_pass(pr_batch *p)
{
    assert(p->bWorking);
    p->bWorking = 0;
    for (int t = 0; t < p->nThreads; t++) work_settle(p, &p->aWork[t]);
}

int pr_work_finding(pr_work *w, const pr_record *r, pr_prog eProg, pr_status eStatus,
                    const char *zId, const char *zCode, const char *zMsg)
{
    return pr_work_finding_at(w, r->iFile, r->iLine, eProg, eStatus, zId, zCode, zMsg);
}

int pr_work_finding_at(pr_work *w, uint32_t iFile, uint32_t iLine, pr_prog eProg, pr_status eStatus,
                       const char *zId, const char *zCode, const char *zMsg)
{
    pr_finding f = { iFile, iLine, (uint8_t)eProg, (uint8_t)eStatus, zCode, zId, zMsg };
    if (zMsg && pr_part_add_finding(&w->part, &f) == 0) return 0;
    /* zMsg is NULL when the message could not be made (out of memory too) */
    pr_work_mark_nomem(w);
    return -1;
}

const char *pr_batch_finding_file(const pr_batch *p, const pr_finding *f)
{
    if (f->iFile == PR_FILE_POLICY) return p->pPolicy ? p->pPolicy->zPath : "";
    return p->aInput[f->iFile].zShown ? p->aInput[f->iFile].zShown : p->aInput[f->iFile].zPath;
}

const char *pr_work_printf(pr_work *w, const char *zFmt, ...)
{
    va_list ap;
    va_start(ap, zFmt);
    const char *z = pr_arena_vprintf(&w->part.arena, zFmt, ap);
    va_end(ap);
    if (z) return z;
    pr_work_mark_nomem(w);
    return "";
}

void pr_work_mark_nomem(pr_work *w)
{
    w->bNoMem = 1;
}

int pr_batch_nomem(const pr_batch *p)
{
    return p->bNoMem || p->serial.bNoMem;
}

/* v's last n decimal digits into z[0, n), zero-padded; returns z + n. */
static char *put_digits(char *z, uint32_t v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10) z[i] = (char)('0' + v % 10);
    return z + n;
}

void pr_pay_ref(int iMonth, const pr_line *l, char *z)
{
    assert(l->iPaySeq >= 1 && l->iPaySeq <= PR_MAX_PAY_SEQ);
    int y = iMonth / 12, m = iMonth % 12 + 1;
    if (y < 0 || y > 9999 || m < 1 || l->iDistrict < 0 || l->iDistrict > 999999 || l->iPaySeq < 1 || l->iPaySeq > 999999) {
        /* not the usual shape: snprintf's own wording of it */
        snprintf(z, PR_PAY_REF_LEN + 1, "%04d%02d-%06d-%06d", y, m, (int)l->iDistrict, (int)l->iPaySeq);
        return;
    }
    /* the common case without snprintf: it is called for every ledger line
     * and bank row, and snprintf's parsing cost 1.3 % of a run's instructions */
    char *p = put_digits(z, (uint32_t)y, 4);
    p = put_digits(p, (uint32_t)m, 2);
    *p++ = '-';
    p = put_digits(p, (uint32_t)l->iDistrict, 6);
    *p++ = '-';
    p = put_digits(p, (uint32_t)l->iPaySeq, 6);
    *p = 0;
}
