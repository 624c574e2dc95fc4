/*
 * households.c - DIBAO households: member rows grouped by household id
 * across every DIBAO file (a radix sort on the id), the shape checks (one
 * head, 单人保 one row, a rejected member rejects the household), and at the
 * end the household's status settled on every row with its one ledger line.
 */
#include "rules/households.h"
#include "io/bigmem.h"
#include "io/keysort.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- households ------------------------------------------------------ */

/* Orders members of one household whose ids share their first 16 bytes:
 * by the whole id, then input position (the keys' v is the record). */
static int cmp_household_tie(const void *a, const void *b)
{
    const pr_record *x = (const pr_record *)(uintptr_t)((const pr_sortkey *)a)->v;
    const pr_record *y = (const pr_record *)(uintptr_t)((const pr_sortkey *)b)->v;
    int c = strcmp(x->zHousehold, y->zHousehold);
    if (c) return c;
    if (x->iFile != y->iFile) return x->iFile < y->iFile ? -1 : 1;
    return (x->iLine > y->iLine) - (x->iLine < y->iLine);
}

static void household_reject(pr_batch *p, pr_household *h, const char *zCode, const char *zMsg)
{
    h->eStatus = ST_REJECTED;
    h->zCode = zCode;
    h->zMsg = zMsg;
    (void)p;
}

/* Checks one household's shape; marks it REJECTED if it is broken. */
static void household_check(pr_batch *p, pr_household *h)
{
    int nHead = 0;
    const pr_record *pBad = NULL;
    for (int i = 0; i < h->nMember; i++) {
        pr_record *r = h->apMember[i];
        if (r->bRejected && !pBad) pBad = r;
        if (r->bHead && !r->bRejected) { nHead++; h->pHead = r; }
        if (r->bHead && r->bRejected) nHead++;
    }
    if (pBad) {
        household_reject(p, h, "HOUSEHOLD_REJECTED",
                         pr_work_printf(pr_batch_serial(p), "another row of household %s is rejected (line %u)",
                                         pBad->zHousehold, pBad->iLine));
        h->pHead = NULL;
        return;
    }
    if (nHead != 1) {
        household_reject(p, h, nHead ? "HOUSEHOLD_MULTIPLE_HEADS" : "HOUSEHOLD_NO_HEAD",
                         pr_work_printf(pr_batch_serial(p), "household %s has %d head rows; exactly one (户主/head) is required",
                                         h->apMember[0]->zHousehold, nHead));
        h->pHead = NULL;
        return;
    }
    if (h->pHead->bSingle && h->nMember != 1) {
        household_reject(p, h, "SINGLE_NOT_ONE_ROW",
                         pr_work_printf(pr_batch_serial(p), "单人保 household %s has %d rows; it must have exactly one",
                                         h->pHead->zHousehold, h->nMember));
        h->pHead = NULL;
        return;
    }
    h->eStatus = ST_PAID;   /* provisional: valid, to be computed */
    for (int i = 0; i < h->nMember; i++) {
        pr_record *r = h->apMember[i];
        if (r->iDistrict != h->pHead->iDistrict || r->eArea != h->pHead->eArea)
            pr_work_finding(pr_batch_serial(p), r, PROG_DIBAO, ST_WARNING, r->zHousehold, "HOUSEHOLD_DISTRICT_MISMATCH",
                             "district or area differs from the head's; the head's is used");
    }
}

pr_error pr_households_build(pr_batch *p)
{
    int n = p->anRec[ROSTER_DIBAO];
    pr_record **ap = pr_big_malloc(((size_t)n + 1) * sizeof(*ap));
    p->apHouseMember = ap;
    p->aHouse = pr_big_calloc((size_t)n + 1, sizeof(*p->aHouse));
    if (!ap || !p->aHouse) return PR_ERR_NOMEM;
    pr_sortkey *aKey = pr_big_malloc(((size_t)n + 1) * sizeof(*aKey));
    if (!aKey) return PR_ERR_NOMEM;
    int m = 0;
    for (int i = 0; i < n; i++) {
        pr_record *r = p->apRec[ROSTER_DIBAO][i];
        if (!r->zHousehold[0]) continue;
        aKey[m].k0 = pr_str_prefix(r->zHousehold, 0);
        aKey[m].k1 = pr_str_prefix(r->zHousehold, 8);
        aKey[m++].v = (uintptr_t)r;
    }
    /* the records come in input order and the sort is stable, so only ids
     * longer than 16 bytes need the tie comparison; it is cheap either way */
    if (pr_keysort(aKey, (size_t)m, cmp_household_tie, NULL)) { free(aKey); return PR_ERR_NOMEM; }
    for (int i = 0; i < m; i++) ap[i] = (pr_record *)(uintptr_t)aKey[i].v;
    free(aKey);
    for (int i = 0; i < m;) {
        int j = i + 1;
        while (j < m && strcmp(ap[j]->zHousehold, ap[i]->zHousehold) == 0) j++;
        pr_household *h = &p->aHouse[p->nHouse];
        h->apMember = ap + i;
        h->nMember = j - i;
        for (int k = i; k < j; k++) ap[k]->iLink = p->nHouse;
        p->nHouse++;
        household_check(p, h);
        i = j;
    }
    return PR_OK;
}


pr_error pr_households_settle(pr_batch *p, line_buf *pBuf)
{
    for (int i = 0; i < p->nHouse; i++) {
        pr_household *h = &p->aHouse[i];
        for (int j = 0; j < h->nMember; j++) {
            pr_record *r = h->apMember[j];
            r->aStatus[0] = h->eStatus;
            if (h->eStatus == ST_PAID) continue;
            if (h->eStatus == ST_REJECTED && r->bRejected) continue;   /* has its own finding */
            if (pr_work_finding(pr_batch_serial(p), r, PROG_DIBAO, (pr_status)h->eStatus, r->zHousehold, h->zCode, h->zMsg)) return PR_ERR_NOMEM;
        }
        if (h->eStatus == ST_PAID) {
            if (pr_line_add(pBuf, PROG_DIBAO, h->pHead, h->pHead->zHousehold, h->pHead->zHousehold, h->nAmount, h->zBasis, h->nMember))
                return PR_ERR_NOMEM;
            pr_line *l = &pBuf->a[pBuf->n - 1];
            l->nStd = h->nStd;
            l->supp = h->supp;
            l->nIncome = h->pHead->nIncome;
        }
    }
    return PR_OK;
}
