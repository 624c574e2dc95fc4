/*
 * prevlines.c - the held copy of last month's REGULAR lines
 * (prevlines.h): two growable arrays, the lines and their text, under one
 * hard cap; anything that does not fit drops the copy instead of failing.
 */
#include "model/prevlines.h"
#include "io/common.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#ifdef PR_TESTING
size_t pr_prev_held_test_cap = 0;   /* tests only: a smaller cap when not 0 */
#define HELD_CAP (pr_prev_held_test_cap ? pr_prev_held_test_cap : PR_PREV_HELD_CAP)
#else
#define HELD_CAP PR_PREV_HELD_CAP
#endif

void pr_prev_held_init(pr_prev_held *h)
{
    memset(h, 0, sizeof(*h));
}

void pr_prev_held_clear(pr_prev_held *h)
{
    if (!h) return;
    free(h->zLedger);
    free(h->a);
    free(h->zText);
    pr_prev_held_init(h);
}

int pr_prev_held_start(pr_prev_held *h, const char *zLedger)
{
    pr_prev_held_clear(h);
    h->zLedger = strdup(zLedger);
    return h->zLedger ? 0 : -1;
}

void pr_prev_held_add(pr_prev_held *h, const pr_prev_line *o, size_t nBen, size_t nName)
{
    if (!h->zLedger) return;
    size_t nNeed = nBen + nName;
    if (nBen > 255 || nName > 255 || (h->n + 1) * sizeof(*h->a) + h->nText + nNeed > HELD_CAP) goto drop;
    pr_prev_hline *a = pr_array_room(h->a, sizeof(*h->a), h->n, &h->nCap, 65536);
    if (!a) goto drop;
    h->a = a;
    if (h->nText + nNeed > h->nTextCap) {
        size_t nCap = h->nTextCap ? h->nTextCap : (size_t)1 << 20;
        while (nCap < h->nText + nNeed) nCap *= 2;
        char *z = realloc(h->zText, nCap);
        if (!z) goto drop;
        h->zText = z;
        h->nTextCap = nCap;
    }
    pr_prev_hline *l = &h->a[h->n++];
    l->nAmount = o->nAmount;
    l->iText = (uint32_t)h->nText;
    l->iDistrict = o->iDistrict;
    l->iLine = o->iLine;
    l->eProg = o->eProg;
    l->nBen = (uint8_t)nBen;
    l->nName = (uint8_t)nName;
    memcpy(h->zText + h->nText, o->zBen, nBen);
    memcpy(h->zText + h->nText + nBen, o->zName, nName);
    h->nText += nNeed;
    return;
drop:
    pr_prev_held_clear(h);
}

int pr_prev_held_has(const pr_prev_held *h, const char *zLedger)
{
    return h && h->zLedger && strcmp(h->zLedger, zLedger) == 0;
}

pr_error pr_prev_held_each(const pr_prev_held *h,
                           pr_error (*xLine)(void *, const pr_prev_line *o, size_t nBen, size_t nName, pr_err *),
                           void *pArg, pr_err *pErr)
{
    assert(h->zLedger);
    for (size_t i = 0; i < h->n; i++) {
        const pr_prev_hline *l = &h->a[i];
        assert(l->iText + (size_t)l->nBen + l->nName <= h->nText);
        pr_prev_line o = { .zBen = h->zText + l->iText, .zName = h->zText + l->iText + l->nBen, .nAmount = l->nAmount,
                           .iDistrict = l->iDistrict, .iLine = l->iLine, .eProg = l->eProg };
        pr_error rc = xLine(pArg, &o, l->nBen, l->nName, pErr);
        if (rc != PR_OK) return rc;
    }
    return PR_OK;
}
