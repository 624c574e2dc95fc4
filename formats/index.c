/*
 * index.c - parses the price-index CSV. A malformed row, a value with more
 * than two decimals, or two rows for the same month with different values is
 * a configuration error naming file and line.
 */
#include "formats/index.h"
#include "model/priceindex.h"
#include "model/calendar.h"
#include "io/common.h"
#include "model/money.h"
#include "io/textfile.h"
#include "io/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_MONTH, C_CPI, C_FOOD, C_SCPI, C_COUNT };
static const char *const azCol[C_COUNT] = { "month", "cpi", "food_cpi", "scpi" };

static int opt_pct(pr_field f, int64_t *pV, int *pbHas)
{
    const char *z = f.z;
    size_t n = f.n;
    pr_trim(&z, &n);
    *pbHas = n > 0;
    *pV = 0;
    return n == 0 ? 0 : pr_pct_parse(z, n, pV);
}

pr_index *pr_index_load(const char *zPath, int eEnc, pr_err *pErr)
{
    pr_error rc = PR_OK;
    char *zText = NULL;
    size_t nText = 0;
    pr_csvrow row;
    pr_csvrow_init(&row);
    pr_index *p = calloc(1, sizeof(*p));
    if (!p || !(p->zPath = strdup(zPath))) { rc = pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto cleanup; }
    if ((rc = pr_textfile_read(zPath, (pr_encoding)eEnc, &zText, &nText, p->zSha, pErr))) goto cleanup;
    size_t iPos = 0, nUsed;
    uint32_t iLine = 1, nLf;
    int aiCol[C_COUNT], nCap = 0, bHeader = 1;
    while (iPos < nText) {
        uint32_t iThisLine = iLine;
        if (pr_csv_next(zText + iPos, nText - iPos, &row, &nUsed, &nLf, NULL)) { rc = pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto cleanup; }
        iPos += nUsed;
        iLine += nLf;
        if (row.eRc != CSV_OK) { rc = pr_err_set(pErr, PR_ERR_CSV, "%s:%u: malformed CSV row", zPath, iThisLine); goto cleanup; }
        if (row.nField == 1 && row.aField[0].n == 0) continue;
        if (bHeader) {
            pr_csv_header_columns(&row, azCol, C_COUNT, aiCol);
            for (int c = 0; c < C_COUNT; c++) {
                if (aiCol[c] < 0) {
                    rc = pr_err_set(pErr, PR_ERR_HEADER, "%s:%u: required column '%s' is missing from the header (month,cpi,food_cpi,scpi)", zPath, iThisLine, azCol[c]);
                    goto cleanup;
                }
            }
            bHeader = 0;
            continue;
        }
        for (int c = 0; c < C_COUNT; c++) {
            if (aiCol[c] >= row.nField) {
                rc = pr_err_set(pErr, PR_ERR_INDEX, "%s:%u: the row has %d fields, fewer than the header", zPath, iThisLine, row.nField);
                goto cleanup;
            }
        }
        if (p->nRow == nCap) {
            nCap = nCap ? nCap * 2 : 64;
            pr_irow *a = realloc(p->aRow, (size_t)nCap * sizeof(*a));
            if (!a) { rc = pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto cleanup; }
            p->aRow = a;
        }
        pr_irow *r = &p->aRow[p->nRow];
        memset(r, 0, sizeof(*r));
        r->iLine = iThisLine;
        pr_field fm = row.aField[aiCol[C_MONTH]];
        if (pr_month_parse(fm.z, fm.n, &r->iMonth)) {
            rc = pr_err_set(pErr, PR_ERR_INDEX, "%s:%u: month must be YYYY-MM, not '%.*s'", zPath, iThisLine, (int)(fm.n > 40 ? 40 : fm.n), fm.z);
            goto cleanup;
        }
        if (opt_pct(row.aField[aiCol[C_CPI]], &r->nCpi, &r->bHasCpi)) {
            rc = pr_err_set(pErr, PR_ERR_INDEX, "%s:%u: cpi must be blank or a percentage with at most two decimals", zPath, iThisLine);
            goto cleanup;
        }
        if (opt_pct(row.aField[aiCol[C_FOOD]], &r->nFood, &r->bHasFood)) {
            rc = pr_err_set(pErr, PR_ERR_INDEX, "%s:%u: food_cpi must be blank or a percentage with at most two decimals", zPath, iThisLine);
            goto cleanup;
        }
        if (opt_pct(row.aField[aiCol[C_SCPI]], &r->nScpi, &r->bHasScpi)) {
            rc = pr_err_set(pErr, PR_ERR_INDEX, "%s:%u: scpi must be blank or a percentage with at most two decimals", zPath, iThisLine);
            goto cleanup;
        }
        for (int i = 0; i < p->nRow; i++) {
            const pr_irow *o = &p->aRow[i];
            if (o->iMonth != r->iMonth) continue;
            if (o->nCpi != r->nCpi || o->bHasCpi != r->bHasCpi || o->nFood != r->nFood || o->nScpi != r->nScpi || o->bHasScpi != r->bHasScpi || o->bHasFood != r->bHasFood) {
                rc = pr_err_set(pErr, PR_ERR_INDEX, "%s:%u: a second row for the same month as line %u, with different values", zPath, iThisLine, o->iLine);
                goto cleanup;
            }
        }
        p->nRow++;
    }
    if (bHeader) rc = pr_err_set(pErr, PR_ERR_INDEX, "%s: the index file is empty (no header)", zPath);
cleanup:
    free(zText);
    pr_csvrow_clear(&row);
    if (rc) {
        pr_index_free(p);
        p = NULL;
    }
    return p;
}
