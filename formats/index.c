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

pr_index *pr_index_load(const char *zPath, int eEnc, char *zErr, size_t nErr)
{
    char *zText = NULL;
    size_t nText = 0;
    pr_csvrow row;
    pr_csvrow_init(&row);
    pr_index *p = calloc(1, sizeof(*p));
    if (!p || !(p->zPath = strdup(zPath))) { snprintf(zErr, nErr, "%s: out of memory", zPath); goto fail; }
    pr_err err;
    pr_err_init(&err);
    if (pr_textfile_read(zPath, (pr_encoding)eEnc, &zText, &nText, p->zSha, &err)) { snprintf(zErr, nErr, "%s", err.zMsg); goto fail; }
    size_t iPos = 0, nUsed;
    uint32_t iLine = 1, nLf;
    int aiCol[C_COUNT], nCap = 0, bHeader = 1;
    while (iPos < nText) {
        uint32_t iThisLine = iLine;
        if (pr_csv_next(zText + iPos, nText - iPos, &row, &nUsed, &nLf, NULL)) { snprintf(zErr, nErr, "%s: out of memory", zPath); goto fail; }
        pr_csv_rc rc = row.eRc;
        iPos += nUsed;
        iLine += nLf;
        if (rc != CSV_OK) { snprintf(zErr, nErr, "%s:%u: malformed CSV row", zPath, iThisLine); goto fail; }
        if (row.nField == 1 && row.aField[0].n == 0) continue;
        if (bHeader) {
            pr_csv_header_columns(&row, azCol, C_COUNT, aiCol);
            for (int c = 0; c < C_COUNT; c++) {
                if (aiCol[c] < 0) {
                    snprintf(zErr, nErr, "%s:%u: required column '%s' is missing from the header (month,cpi,food_cpi,scpi)", zPath, iThisLine, azCol[c]);
                    goto fail;
                }
            }
            bHeader = 0;
            continue;
        }
        for (int c = 0; c < C_COUNT; c++) {
            if (aiCol[c] >= row.nField) {
                snprintf(zErr, nErr, "%s:%u: the row has %d fields, fewer than the header", zPath, iThisLine, row.nField);
                goto fail;
            }
        }
        if (p->nRow == nCap) {
            nCap = nCap ? nCap * 2 : 64;
            pr_irow *a = realloc(p->aRow, (size_t)nCap * sizeof(*a));
            if (!a) { snprintf(zErr, nErr, "%s: out of memory", zPath); goto fail; }
            p->aRow = a;
        }
        pr_irow *r = &p->aRow[p->nRow];
        memset(r, 0, sizeof(*r));
        r->iLine = iThisLine;
        pr_field fm = row.aField[aiCol[C_MONTH]];
        if (pr_month_parse(fm.z, fm.n, &r->iMonth)) {
            snprintf(zErr, nErr, "%s:%u: month must be YYYY-MM, not '%.*s'", zPath, iThisLine, (int)(fm.n > 40 ? 40 : fm.n), fm.z);
            goto fail;
        }
        if (opt_pct(row.aField[aiCol[C_CPI]], &r->nCpi, &r->bHasCpi)) {
            snprintf(zErr, nErr, "%s:%u: cpi must be blank or a percentage with at most two decimals", zPath, iThisLine);
            goto fail;
        }
        if (opt_pct(row.aField[aiCol[C_FOOD]], &r->nFood, &r->bHasFood)) {
            snprintf(zErr, nErr, "%s:%u: food_cpi must be blank or a percentage with at most two decimals", zPath, iThisLine);
            goto fail;
        }
        if (opt_pct(row.aField[aiCol[C_SCPI]], &r->nScpi, &r->bHasScpi)) {
            snprintf(zErr, nErr, "%s:%u: scpi must be blank or a percentage with at most two decimals", zPath, iThisLine);
            goto fail;
        }
        for (int i = 0; i < p->nRow; i++) {
            const pr_irow *o = &p->aRow[i];
            if (o->iMonth != r->iMonth) continue;
            if (o->nCpi != r->nCpi || o->bHasCpi != r->bHasCpi || o->nFood != r->nFood || o->nScpi != r->nScpi || o->bHasScpi != r->bHasScpi || o->bHasFood != r->bHasFood) {
                snprintf(zErr, nErr, "%s:%u: a second row for the same month as line %u, with different values", zPath, iThisLine, o->iLine);
                goto fail;
            }
        }
        p->nRow++;
    }
    if (bHeader) { snprintf(zErr, nErr, "%s: the index file is empty (no header)", zPath); goto fail; }
    free(zText);
    pr_csvrow_clear(&row);
    return p;
fail:
    free(zText);
    pr_csvrow_clear(&row);
    pr_index_free(p);
    return NULL;
}
