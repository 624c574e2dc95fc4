/*
 * record.c - growable arrays of records and findings.
 */
#include "model/record.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

const char *pr_roster_name(pr_roster e)
{
    static const char *const az[ROSTER_COUNT] = { "dibao", "tekun", "disability", "orphan" };
    return (unsigned)e < ROSTER_COUNT ? az[e] : "?";
}

void pr_part_init(pr_part *p)
{
    memset(p, 0, sizeof(*p));
    pr_arena_init(&p->arena);
}

void pr_part_clear(pr_part *p)
{
    if (!p->bRecSlab) free(p->aRec);
    free(p->aFind);
    pr_arena_clear(&p->arena);
    memset(p, 0, sizeof(*p));
}

int pr_part_reserve(pr_part *p, int n)
{
    assert(p->aRec == NULL && n > 0);
    size_t nByte = (size_t)n * sizeof(*p->aRec);
    pr_slab *pSlab = p->arena.pSlab;
    p->aRec = pSlab ? pr_slab_alloc(pSlab, nByte) : malloc(nByte);
    if (!p->aRec) return -1;
    p->bRecSlab = pSlab != NULL;
    p->nRecCap = n;
    return 0;
}

pr_record *pr_part_add_record(pr_part *p)
{
    if (p->nRec == p->nRecCap) {
        int n = p->nRecCap ? p->nRecCap * 2 : 256;
        pr_record *a = p->bRecSlab ? malloc((size_t)n * sizeof(*a)) : realloc(p->aRec, (size_t)n * sizeof(*a));
        if (!a) return NULL;
        /* the slab's array cannot grow in place: the records move out of it */
        if (p->bRecSlab) memcpy(a, p->aRec, (size_t)p->nRec * sizeof(*a));
        p->bRecSlab = 0;
        p->aRec = a;
        p->nRecCap = n;
    }
    pr_record *r = &p->aRec[p->nRec++];
    memset(r, 0, sizeof(*r));
    r->iLink = -1;
    return r;
}

int pr_part_add_finding(pr_part *p, const pr_finding *f)
{
    if (p->nFind == p->nFindCap) {
        int n = p->nFindCap ? p->nFindCap * 2 : 64;
        pr_finding *a = realloc(p->aFind, (size_t)n * sizeof(*a));
        if (!a) return -1;
        p->aFind = a;
        p->nFindCap = n;
    }
    p->aFind[p->nFind++] = *f;
    return 0;
}
