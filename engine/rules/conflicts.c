/*
 * conflicts.c - the conflicts of domain.md section 5, before eligibility:
 * the same person twice in one programme, in two DIBAO households, or in a
 * DIBAO household and in TEKUN. Every record involved is HELD.
 */
#include "rules/conflicts.h"
#include "model/global.h"
#include "io/bigmem.h"
#include "io/keysort.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- conflicts ---------------------------------------------------------- */

/* Roster kind (8 bits), the file's rank among the month's files (24 bits)
 * and line (32 bits) in one number whose order is theirs (the order of
 * model/global.h's aOrder, so that another shard's records fall in place). */
static uint64_t ref_at(const pr_batch *p, const pr_record *r, int eRoster)
{
    uint32_t iRank = p->aInput[r->iFile].iRank;
    assert(iRank < (1u << 24));
    return (uint64_t)eRoster << 56 | (uint64_t)iRank << 32 | r->iLine;
}


static int ref_valid(const pr_batch *p, const pr_record *r)
{
    if (r->bRejected) return 0;
    if (r->eRoster == ROSTER_DIBAO)
        return r->iLink >= 0 && p->aHouse[r->iLink].eStatus != ST_REJECTED;
    return 1;
}

/* The valid records of every roster by person, then roster kind, file and
 * line (the order in which a person's records are looked at), with the
 * other shards' records of run --global among them. */
pr_error pr_conflicts_refs(pr_batch *p, person_ref **paRef, int *pnRef)
{
    int n = p->pGlobal ? p->pGlobal->nRec : 0;
    for (int k = 0; k < ROSTER_COUNT; k++) n += p->anRec[k];
    person_ref *a = pr_big_malloc(((size_t)n + 1) * sizeof(*a));
    pr_sortkey *aKey = pr_big_malloc(((size_t)n + 1) * sizeof(*aKey));
    if (!a || !aKey) { free(a); free(aKey); return PR_ERR_NOMEM; }
    int m = 0;
    for (int k = 0; k < ROSTER_COUNT; k++) {
        for (int i = 0; i < p->anRec[k]; i++) {
            pr_record *r = p->apRec[k][i];
            if (!ref_valid(p, r)) continue;
            aKey[m].k0 = r->iKey;
            aKey[m].k1 = ref_at(p, r, k);
            aKey[m++].v = (uintptr_t)r;
        }
    }
    for (int i = 0; p->pGlobal && i < p->pGlobal->nRec; i++) {
        aKey[m].k0 = p->pGlobal->aRec[i].iKey;
        aKey[m].k1 = p->pGlobal->aOrder[i];
        aKey[m++].v = (uintptr_t)&p->pGlobal->aRec[i];
    }
    if (pr_keysort(aKey, (size_t)m, NULL, NULL)) { free(a); free(aKey); return PR_ERR_NOMEM; }
    for (int i = 0; i < m; i++) {
        a[i].iKey = aKey[i].k0;
        a[i].eRoster = (uint8_t)(aKey[i].k1 >> 56);
        a[i].pRec = (pr_record *)(uintptr_t)aKey[i].v;
    }
    free(aKey);
    *paRef = a;
    *pnRef = m;
    return PR_OK;
}

/* Marks the record (or its household) HELD, unless it already is; another
 * shard's record is left to its shard. */
static void hold(pr_batch *p, pr_record *r, const char *zCode, const char *zMsg)
{
    if (r->bGhost) return;
    if (r->eRoster == ROSTER_DIBAO) {
        pr_household *h = &p->aHouse[r->iLink];
        if (h->eStatus == ST_HELD) return;
        h->eStatus = ST_HELD;
        h->zCode = zCode;
        h->zMsg = zMsg;
        return;
    }
    if (r->aStatus[0] == ST_HELD) return;
    r->aStatus[0] = r->aStatus[1] = ST_HELD;
    if (r->eRoster == ROSTER_DISABILITY) {
        pr_work_finding(pr_batch_serial(p), r, PROG_DIS_LIVING, ST_HELD, r->zId, zCode, zMsg);
        pr_work_finding(pr_batch_serial(p), r, PROG_DIS_NURSING, ST_HELD, r->zId, zCode, zMsg);
    } else {
        pr_work_finding(pr_batch_serial(p), r, r->eRoster == ROSTER_TEKUN ? PROG_TEKUN : PROG_ORPHAN, ST_HELD, r->zId, zCode, zMsg);
    }
}

/* "file:line" of a record, as its shard shows it. */
static const char *where(pr_batch *p, const pr_record *r)
{
    if (r->bGhost) return p->pGlobal->azWhere[r - p->pGlobal->aRec];
    return pr_work_printf(pr_batch_serial(p), "%s:%u", p->aInput[r->iFile].zShown ? p->aInput[r->iFile].zShown : p->aInput[r->iFile].zPath, r->iLine);
}

/* Applies the conflict rules to the references of one person. */
void pr_conflicts_person(pr_batch *p, person_ref *a, int n)
{
    int aFirst[ROSTER_COUNT], aCount[ROSTER_COUNT] = { 0 };
    for (int i = n - 1; i >= 0; i--) { aFirst[a[i].eRoster] = i; aCount[a[i].eRoster]++; }
    const char *zId = a[0].pRec->zId;
    if (aCount[ROSTER_DIBAO] > 1) {
        int f = aFirst[ROSTER_DIBAO], bOther = 0;
        for (int i = f + 1; i < f + aCount[ROSTER_DIBAO]; i++)
            if (strcmp(a[i].pRec->zHousehold, a[f].pRec->zHousehold) != 0) bOther = 1;   /* one id, one household */
        for (int i = f; i < f + aCount[ROSTER_DIBAO]; i++)
            hold(p, a[i].pRec, bOther ? "MULTIPLE_HOUSEHOLDS" : "DUPLICATE_PERSON",
                 pr_work_printf(pr_batch_serial(p), bOther ? "person %s is in more than one DIBAO household (also %s)"
                                                        : "person %s appears twice in the household (also %s)",
                                 zId, where(p, a[i == f ? f + 1 : f].pRec)));
    }
    for (int k = ROSTER_TEKUN; k < ROSTER_COUNT; k++) {
        if (aCount[k] < 2) continue;
        for (int i = aFirst[k]; i < aFirst[k] + aCount[k]; i++)
            hold(p, a[i].pRec, "DUPLICATE_PERSON",
                 pr_work_printf(pr_batch_serial(p), "person %s appears more than once in the %s roster (also %s)", zId,
                                 pr_roster_name((pr_roster)k), where(p, a[i == aFirst[k] ? i + 1 : aFirst[k]].pRec)));
    }
    if (aCount[ROSTER_DIBAO] > 0 && aCount[ROSTER_TEKUN] > 0) {
        const pr_record *d = a[aFirst[ROSTER_DIBAO]].pRec, *t = a[aFirst[ROSTER_TEKUN]].pRec;
        for (int i = 0; i < n; i++) {
            if (a[i].eRoster != ROSTER_DIBAO && a[i].eRoster != ROSTER_TEKUN) continue;
            hold(p, a[i].pRec, "DIBAO_TEKUN_CONFLICT",
                 pr_work_printf(pr_batch_serial(p), "person %s is both in DIBAO household %s and in TEKUN (%s)",
                                 zId, d->zHousehold, where(p, a[i].eRoster == ROSTER_DIBAO ? t : d)));
        }
    }
}
