/*
 * persons.c - this month's records by person and findings by programme and
 * id (persons.h). One sort each, with explicit total keys.
 */
#include "model/persons.h"
#include "model/global.h"
#include "io/common.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* A number that orders as cmp_person_rec does, or ties: the roster, then
 * for DIBAO a paid household first and the household id's first 6 bytes,
 * else the file (capped) and line. */
static uint64_t person_sub(const pr_record *r)
{
    uint64_t v = (uint64_t)r->eRoster << 56;
    if (r->eRoster == ROSTER_DIBAO) {
        const char *z = r->zHousehold;
        return v | (uint64_t)(r->aStatus[0] != ST_PAID) << 48 | pr_str_bytes(&z, 6);
    }
    return v | (uint64_t)(r->iFile < 0xffffff ? r->iFile : 0xffffff) << 32 | r->iLine;
}

/* The records of one person: roster, for DIBAO a paid household first and
 * then the household id, then file and line. */
static int cmp_person_rec(const pr_mergekey *x, const pr_mergekey *y)
{
    const pr_record *r = x->pItem, *s = y->pItem;
    if (r->eRoster != s->eRoster) return r->eRoster < s->eRoster ? -1 : 1;
    if (r->eRoster == ROSTER_DIBAO) {
        /* a paid household first, then by household id */
        int pr = r->aStatus[0] != ST_PAID, ps = s->aStatus[0] != ST_PAID;
        if (pr != ps) return pr - ps;
        int c = strcmp(r->zHousehold, s->zHousehold);
        if (c) return c;
    }
    if (r->iFile != s->iFile) return r->iFile < s->iFile ? -1 : 1;
    return (r->iLine > s->iLine) - (r->iLine < s->iLine);
}

/* The key of a finding's (programme, id) in the look-up: a hash of the id,
 * so that the findings are sorted by a radix sort of integers instead of
 * by string through pointers; equal keys keep the batch's own order, and a
 * look-up compares the ids of its run. */
static uint64_t find_hash(const char *zId)
{
    return pr_hash_str(PR_HASH_SEED, zId);
}

void pr_persons_clear(pr_persons *x)
{
    if (!x) return;
    free(x->aPerson);
    free(x->aFind);
    memset(x, 0, sizeof(*x));
}

/* Whether the look-up keeps record r: all records with an ID when bFull
 * (the changes read every roster), else only what pr_persons_household can
 * return, the DIBAO rows with a household id. The order of the records
 * kept does not depend on the others. */
static int persons_keep(const pr_record *r, int bFull)
{
    return r->iKey && (bFull || (r->eRoster == ROSTER_DIBAO && r->zHousehold[0]));
}

pr_error pr_persons_init(pr_persons *x, const pr_batch *p, int bFull, pr_err *pErr)
{
    memset(x, 0, sizeof(*x));
    x->p = p;
    size_t n = p->pGlobal ? (size_t)p->pGlobal->nRec : 0;
    for (int k = 0; k < ROSTER_COUNT; k++) n += (size_t)p->anRec[k];
    x->aPerson = malloc((n + 1) * sizeof(*x->aPerson));
    if (!x->aPerson) goto nomem;
    for (int k = 0; k < ROSTER_COUNT; k++) {
        for (int i = 0; i < p->anRec[k]; i++) {
            const pr_record *r = p->apRec[k][i];
            /* records and their household ids some records ahead */
            if (i + 16 < p->anRec[k]) PR_PREFETCH(p->apRec[k][i + 16]);
            if (i + 8 < p->anRec[k]) PR_PREFETCH(p->apRec[k][i + 8]->zHousehold);
            if (!persons_keep(r, bFull)) continue;
            pr_mergekey *e = &x->aPerson[x->nPerson++];
            e->k0 = r->iKey;
            e->k1 = person_sub(r);
            e->k2 = 0;
            e->pItem = r;
        }
    }
    /* a shard's run (--global): the DIBAO households that other shards hold
     * of its persons, which the single run would have found here */
    for (int i = 0; p->pGlobal && i < p->pGlobal->nRec; i++) {
        const pr_record *r = &p->pGlobal->aRec[i];
        if (r->eRoster != ROSTER_DIBAO || !persons_keep(r, 0)) continue;
        pr_mergekey *e = &x->aPerson[x->nPerson++];
        e->k0 = r->iKey;
        e->k1 = person_sub(r);
        e->k2 = 0;
        e->pItem = r;
    }
    if (pr_keymerge(x->aPerson, (size_t)x->nPerson, cmp_person_rec, NULL)) goto nomem;
    if (!bFull) return PR_OK;
    x->aFind = malloc(((size_t)p->nFind + 1) * sizeof(*x->aFind));
    if (!x->aFind) goto nomem;
    for (int i = 0; i < p->nFind; i++) {
        const pr_finding *f = &p->aFind[i];
        if (i + 8 < p->nFind) PR_PREFETCH(p->aFind[i + 8].zId);
        x->aFind[i].k0 = f->eProg;
        x->aFind[i].k1 = find_hash(f->zId);
        x->aFind[i].v = (uint64_t)i;
    }
    x->nFind = p->nFind;
    /* stable: a run of equal keys stays in the batch's (file, line) order */
    if (pr_keysort(x->aFind, (size_t)x->nFind, NULL, pErr)) {
        pr_persons_clear(x);
        return PR_ERR_NOMEM;
    }
    return PR_OK;
nomem:
    pr_persons_clear(x);
    return pr_err_nomem(pErr, "indexing this month's records by person");
}

const pr_record *pr_persons_rec(const pr_persons *x, int k)
{
    assert(k >= 0 && k < x->nPerson);
    return x->aPerson[k].pItem;
}

int pr_persons_range(const pr_persons *x, uint64_t iKey, int *pn)
{
    int lo = 0, hi = x->nPerson;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (x->aPerson[mid].k0 < iKey) lo = mid + 1;
        else hi = mid;
    }
    int e = lo;
    while (e < x->nPerson && x->aPerson[e].k0 == iKey) e++;
    *pn = e - lo;
    return lo;
}

const char *pr_persons_household(const pr_persons *x, uint64_t iKey)
{
    if (!iKey) return NULL;
    int n, i = pr_persons_range(x, iKey, &n);
    for (int k = i; k < i + n; k++) {
        const pr_record *r = pr_persons_rec(x, k);
        if (r->eRoster == ROSTER_DIBAO && r->zHousehold[0]) return r->zHousehold;
    }
    return NULL;
}

const pr_finding *pr_persons_finding(const pr_persons *x, int eProg, const char *zId)
{
    assert(x->aFind || x->nFind == 0);
    uint64_t k0 = (uint64_t)eProg, k1 = find_hash(zId);
    int lo = 0, hi = x->nFind;
    while (lo < hi) {   /* the first key >= (k0, k1) */
        int mid = lo + (hi - lo) / 2;
        const pr_sortkey *e = &x->aFind[mid];
        if (e->k0 < k0 || (e->k0 == k0 && e->k1 < k1)) lo = mid + 1;
        else hi = mid;
    }
    /* the run of the key, in the batch's order: ids that share the hash are passed over */
    for (int i = lo; i < x->nFind && x->aFind[i].k0 == k0 && x->aFind[i].k1 == k1; i++) {
        const pr_finding *f = &x->p->aFind[x->aFind[i].v];
        if (f->eStatus != ST_WARNING && strcmp(f->zId, zId) == 0) return f;
    }
    return NULL;
}
