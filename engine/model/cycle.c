/*
 * cycle.c - the payment cycle's containers and the codes of its
 * enumerations (cycle.h).
 */
#include "model/cycle.h"

#include <stdlib.h>
#include <string.h>

static const char *const azAstate[AS_COUNT] = { "OPEN", "REISSUED", "SETTLED_BY_ADJUSTMENT", "EXPIRED" };
static const char *const azAstateZh[AS_COUNT] = { "挂账中", "已重发", "补发结清", "已过期" };
static const char *const azAdj[ADJ_TYPE_COUNT] = { "BACKPAY", "DIFFERENCE", "TEMPORARY", "RECOVERY" };
static const char *const azAdjZh[ADJ_TYPE_COUNT] = { "补发", "补差", "临时救助", "追回" };
static const char *const azAdjEn[ADJ_TYPE_COUNT] = { "backpay", "difference", "temporary", "recovery" };

const char *pr_astate_code(pr_astate e) { return (unsigned)e < AS_COUNT ? azAstate[e] : "?"; }
const char *pr_astate_name_zh(pr_astate e) { return (unsigned)e < AS_COUNT ? azAstateZh[e] : "?"; }

int pr_astate_parse(const char *z, pr_astate *pe)
{
    for (int i = 0; i < AS_COUNT; i++)
        if (strcmp(z, azAstate[i]) == 0) { *pe = (pr_astate)i; return 0; }
    return -1;
}

const char *pr_adjtype_code(pr_adjtype e) { return (unsigned)e < ADJ_TYPE_COUNT ? azAdj[e] : "?"; }
const char *pr_adjtype_name_zh(pr_adjtype e) { return (unsigned)e < ADJ_TYPE_COUNT ? azAdjZh[e] : "?"; }

int pr_adjtype_parse(const char *z, pr_adjtype *pe)
{
    for (int i = 0; i < ADJ_TYPE_COUNT; i++)
        if (strcmp(z, azAdj[i]) == 0 || strcmp(z, azAdjZh[i]) == 0 || strcmp(z, azAdjEn[i]) == 0) {
            *pe = (pr_adjtype)i;
            return 0;
        }
    return -1;
}

pr_cycle *pr_cycle_new(void)
{
    pr_cycle *p = calloc(1, sizeof(*p));
    if (p) pr_arena_init(&p->arena);
    return p;
}

void pr_cycle_free(pr_cycle *p)
{
    if (!p) return;
    free(p->aRow);
    free(p->aLine);
    free(p->aRet);
    free(p->aStat);
    free(p->aArr);
    free(p->aAdj);
    free(p->aRec);
    free(p->aiHistMonth);
    pr_prev_held_clear(&p->prevHeld);
    pr_arena_clear(&p->arena);
    free(p);
}

/* Grows *pa (elements of nSize bytes, *pn used of *pnCap) by one zeroed
 * element. Returns it, or NULL if out of memory or past 2^30 elements. */
static void *grow(void **pa, int *pn, int *pnCap, size_t nSize)
{
    if (*pn == *pnCap) {
        if (*pnCap >= (1 << 30)) return NULL;
        int nNew = *pnCap ? *pnCap * 2 : 16;
        void *a = realloc(*pa, (size_t)nNew * nSize);
        if (!a) return NULL;
        *pa = a;
        *pnCap = nNew;
    }
    char *e = (char *)*pa + (size_t)(*pn)++ * nSize;
    memset(e, 0, nSize);
    return e;
}

pr_bankrow *pr_cycle_add_row(pr_cycle *p) { return grow((void **)&p->aRow, &p->nRow, &p->nRowCap, sizeof(pr_bankrow)); }
pr_bankline *pr_cycle_add_line(pr_cycle *p) { return grow((void **)&p->aLine, &p->nLine, &p->nLineCap, sizeof(pr_bankline)); }
pr_return *pr_cycle_add_return(pr_cycle *p) { return grow((void **)&p->aRet, &p->nRet, &p->nRetCap, sizeof(pr_return)); }
pr_arrears *pr_cycle_add_arrears(pr_cycle *p) { return grow((void **)&p->aArr, &p->nArr, &p->nArrCap, sizeof(pr_arrears)); }
pr_adj *pr_cycle_add_adj(pr_cycle *p) { return grow((void **)&p->aAdj, &p->nAdj, &p->nAdjCap, sizeof(pr_adj)); }
pr_recovery *pr_cycle_add_recovery(pr_cycle *p) { return grow((void **)&p->aRec, &p->nRec, &p->nRecCap, sizeof(pr_recovery)); }

pr_bankrow *pr_cycle_find_row(pr_cycle *p, const char *z)
{
    int lo = 0, hi = p->nRow;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2, c = strcmp(p->aRow[mid].zPayRef, z);
        if (c == 0) return &p->aRow[mid];
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return NULL;
}

int pr_cycle_has_month(const pr_cycle *p, int iMonth)
{
    for (int i = 0; i < p->nHistMonth; i++)
        if (p->aiHistMonth[i] == iMonth) return 1;
    return 0;
}
