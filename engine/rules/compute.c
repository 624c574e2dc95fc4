/*
 * batch_compute.c - the order of evaluation of docs/RULES.md: households,
 * conflicts (HELD), the programme rules, the cross-programme rules
 * (disability, PRICE), then ledger lines, totals and sorted findings.
 */
#include "model/batch.h"
#include "io/bigmem.h"
#include "io/keysort.h"
#include "rules/rules.h"

#include <assert.h>
#include <omp.h>
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
                         pr_arena_printf(&pr_batch_extra(p)->arena, "another row of household %s is rejected (line %u)",
                                         pBad->zHousehold, pBad->iLine));
        h->pHead = NULL;
        return;
    }
    if (nHead != 1) {
        household_reject(p, h, nHead ? "HOUSEHOLD_MULTIPLE_HEADS" : "HOUSEHOLD_NO_HEAD",
                         pr_arena_printf(&pr_batch_extra(p)->arena, "household %s has %d head rows; exactly one (户主/head) is required",
                                         h->apMember[0]->zHousehold, nHead));
        h->pHead = NULL;
        return;
    }
    if (h->pHead->bSingle && h->nMember != 1) {
        household_reject(p, h, "SINGLE_NOT_ONE_ROW",
                         pr_arena_printf(&pr_batch_extra(p)->arena, "单人保 household %s has %d rows; it must have exactly one",
                                         h->pHead->zHousehold, h->nMember));
        h->pHead = NULL;
        return;
    }
    h->eStatus = ST_PAID;   /* provisional: valid, to be computed */
    for (int i = 0; i < h->nMember; i++) {
        pr_record *r = h->apMember[i];
        if (r->iDistrict != h->pHead->iDistrict || r->eArea != h->pHead->eArea)
            pr_batch_finding(p, r, PROG_DIBAO, ST_WARNING, r->zHousehold, "HOUSEHOLD_DISTRICT_MISMATCH",
                             "district or area differs from the head's; the head's is used");
    }
}

static pr_error build_households(pr_batch *p)
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

/* ---- conflicts ---------------------------------------------------------- */

typedef struct person_ref {
    uint64_t iKey;        /* person */
    uint8_t eRoster;      /* roster kind */
    pr_record *pRec;      /* the record */
} person_ref;

/* Roster kind (8 bits), file (24 bits) and line (32 bits) in one number
 * whose order is theirs; the caller has checked that iFile < 2^24. */
static uint64_t ref_at(const pr_record *r, int eRoster)
{
    assert(r->iFile < (1u << 24));
    return (uint64_t)eRoster << 56 | (uint64_t)r->iFile << 32 | r->iLine;
}


static int ref_valid(const pr_batch *p, const pr_record *r)
{
    if (r->bRejected) return 0;
    if (r->eRoster == ROSTER_DIBAO)
        return r->iLink >= 0 && p->aHouse[r->iLink].eStatus != ST_REJECTED;
    return 1;
}

/* The valid records of every roster by person, then roster kind, file and
 * line (the order in which a person's records are looked at). */
static pr_error build_refs(pr_batch *p, person_ref **paRef, int *pnRef)
{
    int n = 0;
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
            aKey[m].k1 = ref_at(r, k);
            aKey[m++].v = (uintptr_t)r;
        }
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

/* Marks the record (or its household) HELD, unless it already is. */
static void hold(pr_batch *p, pr_record *r, const char *zCode, const char *zMsg)
{
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
        pr_batch_finding(p, r, PROG_DIS_LIVING, ST_HELD, r->zId, zCode, zMsg);
        pr_batch_finding(p, r, PROG_DIS_NURSING, ST_HELD, r->zId, zCode, zMsg);
    } else {
        pr_batch_finding(p, r, r->eRoster == ROSTER_TEKUN ? PROG_TEKUN : PROG_ORPHAN, ST_HELD, r->zId, zCode, zMsg);
    }
}

static const char *where(pr_batch *p, const pr_record *r)
{
    return pr_arena_printf(&pr_batch_extra(p)->arena, "%s:%u", p->aInput[r->iFile].zPath, r->iLine);
}

/* Applies the conflict rules to the references of one person. */
static void person_conflicts(pr_batch *p, person_ref *a, int n)
{
    int aFirst[ROSTER_COUNT], aCount[ROSTER_COUNT] = { 0 };
    for (int i = n - 1; i >= 0; i--) { aFirst[a[i].eRoster] = i; aCount[a[i].eRoster]++; }
    const char *zId = a[0].pRec->zId;
    if (aCount[ROSTER_DIBAO] > 1) {
        int f = aFirst[ROSTER_DIBAO], bOther = 0;
        for (int i = f + 1; i < f + aCount[ROSTER_DIBAO]; i++)
            if (a[i].pRec->iLink != a[f].pRec->iLink) bOther = 1;
        for (int i = f; i < f + aCount[ROSTER_DIBAO]; i++)
            hold(p, a[i].pRec, bOther ? "MULTIPLE_HOUSEHOLDS" : "DUPLICATE_PERSON",
                 pr_arena_printf(&pr_batch_extra(p)->arena, bOther ? "person %s is in more than one DIBAO household (also %s)"
                                                        : "person %s appears twice in the household (also %s)",
                                 zId, where(p, a[i == f ? f + 1 : f].pRec)));
    }
    for (int k = ROSTER_TEKUN; k < ROSTER_COUNT; k++) {
        if (aCount[k] < 2) continue;
        for (int i = aFirst[k]; i < aFirst[k] + aCount[k]; i++)
            hold(p, a[i].pRec, "DUPLICATE_PERSON",
                 pr_arena_printf(&pr_batch_extra(p)->arena, "person %s appears more than once in the %s roster (also %s)", zId,
                                 pr_roster_name((pr_roster)k), where(p, a[i == aFirst[k] ? i + 1 : aFirst[k]].pRec)));
    }
    if (aCount[ROSTER_DIBAO] > 0 && aCount[ROSTER_TEKUN] > 0) {
        const pr_record *d = a[aFirst[ROSTER_DIBAO]].pRec, *t = a[aFirst[ROSTER_TEKUN]].pRec;
        for (int i = 0; i < n; i++) {
            if (a[i].eRoster != ROSTER_DIBAO && a[i].eRoster != ROSTER_TEKUN) continue;
            hold(p, a[i].pRec, "DIBAO_TEKUN_CONFLICT",
                 pr_arena_printf(&pr_batch_extra(p)->arena, "person %s is both in DIBAO household %s and in TEKUN (%s)",
                                 zId, d->zHousehold, where(p, a[i].eRoster == ROSTER_DIBAO ? t : d)));
        }
    }
}

/* ---- cross-programme rules ------------------------------------------------ */

/* Lines made by one pass or one thread, in the order they are made. */
typedef struct line_buf {
    pr_line *a;           /* the lines; owned */
    int n, nCap;          /* used and allocated */
} line_buf;

static int add_line(line_buf *pBuf, pr_prog eProg, const pr_record *r, const char *zBen, const char *zHouse,
                    int64_t nAmount, const char *zBasis, int nPersons)
{
    if (pBuf->n == pBuf->nCap) {
        int n = pBuf->nCap ? pBuf->nCap * 2 : 1024;
        pr_line *a = pr_big_realloc(pBuf->a, (size_t)n * sizeof(*a));
        if (!a) return -1;
        pBuf->a = a;
        pBuf->nCap = n;
    }
    pr_line *l = &pBuf->a[pBuf->n++];
    l->eProg = (uint8_t)eProg;
    l->eArea = r->eArea;
    l->iDistrict = r->iDistrict;
    l->zBeneficiary = zBen;
    l->zHousehold = zHouse;
    l->zPerson = r->zId;
    l->zName = r->zName;
    l->zPayee = r->zPayee;
    l->zBank = r->zBank;
    l->zAccount = r->zAccount;
    l->zTown = r->zTown;
    l->zVillage = r->zVillage;
    l->nAmount = nAmount;
    l->zBasis = zBasis ? zBasis : "";
    l->nPersons = nPersons;
    l->pRec = r;
    l->nStd = r->nStd;
    l->nIncome = -1;
    l->supp = r->supp.nDen ? r->supp : pr_ratio_fen(0);
    if (eProg == PROG_DIS_LIVING || eProg == PROG_DIS_NURSING) l->nStd = nAmount;
    return 0;
}

static int dibao_status_of(const pr_batch *p, const pr_record *r)
{
    return p->aHouse[r->iLink].eStatus;
}

/* Disability and PRICE for the references of one person. */
static int person_cross(pr_batch *p, line_buf *pBuf, person_ref *a, int n)
{
    pr_tri inDibao = TRI_FALSE, tekunPaid = TRI_FALSE;
    const pr_record *pDibao = NULL, *pTekun = NULL, *pOrphan = NULL;
    for (int i = 0; i < n; i++) {
        pr_record *r = a[i].pRec;
        if (a[i].eRoster == ROSTER_DIBAO) {
            pr_tri t = pr_tri_of_status(dibao_status_of(p, r));
            inDibao = (inDibao == TRI_FALSE) ? t : (t == TRI_TRUE && inDibao == TRI_TRUE ? TRI_TRUE : TRI_UNKNOWN);
            if (!pDibao) pDibao = r;
        } else if (a[i].eRoster == ROSTER_TEKUN) {
            pr_tri t = pr_tri_of_status(r->aStatus[0]);
            tekunPaid = (tekunPaid == TRI_FALSE) ? t : TRI_UNKNOWN;
            if (!pTekun) pTekun = r;
        } else if (a[i].eRoster == ROSTER_ORPHAN && !pOrphan) {
            pOrphan = r;
        }
    }
    for (int i = 0; i < n; i++) {
        pr_record *r = a[i].pRec;
        if (a[i].eRoster != ROSTER_DISABILITY || r->aStatus[0] == ST_HELD) continue;
        pr_disability_compute(p, r, inDibao, tekunPaid);
        if (r->aStatus[0] == ST_PAID && pDibao) r->zHousehold = pDibao->zHousehold;
    }
    /* PRICE: the first of TEKUN, ORPHAN, DIBAO that covers the person */
    const pr_record *aCover[3] = { pTekun, pOrphan, pDibao };
    const pr_record *pPaid = NULL, *pHeld = NULL;
    for (int i = 0; i < 3; i++) {
        const pr_record *r = aCover[i];
        if (!r) continue;
        int st = (r->eRoster == ROSTER_DIBAO) ? dibao_status_of(p, r) : r->aStatus[0];
        if (st == ST_PAID && !pPaid) pPaid = r;
        if (st == ST_HELD && !pHeld) pHeld = r;
    }
    int64_t nAmount;
    const char *zBasis;
    const pr_record *pCover = pPaid ? pPaid : pHeld;
    if (!pCover) return 0;
    /* a DIBAO member is covered with the district and area of the household */
    const pr_household *h = pCover->eRoster == ROSTER_DIBAO ? &p->aHouse[pCover->iLink] : NULL;
    pr_record tmp = *pCover;
    if (h && h->pHead) { tmp.iDistrict = h->pHead->iDistrict; tmp.eArea = h->pHead->eArea; }
    int64_t nStd = 0;
    int rc = pr_price_amount(p, &tmp, &nAmount, &zBasis, &nStd);
    if (rc <= 0) return rc;
    if (nAmount <= 0)
        return pr_batch_finding(p, pCover, PROG_PRICE, ST_INELIGIBLE, pCover->zId, "ZERO_AMOUNT",
                                "the price subsidy is triggered but comes to 0");
    if (!pPaid)
        return pr_batch_finding(p, pHeld, PROG_PRICE, ST_HELD, pHeld->zId, "DEPENDS_ON_HELD",
                                pr_arena_printf(&pr_batch_extra(p)->arena, "the %s record that would carry the price subsidy is held for review",
                                                pr_roster_name((pr_roster)pHeld->eRoster)));
    const pr_record *pPayee = h ? h->pHead : pPaid;
    if (add_line(pBuf, PROG_PRICE, pPaid, pPaid->zId, h ? pPaid->zHousehold : "", nAmount, zBasis, 1)) return -1;
    pr_line *l = &pBuf->a[pBuf->n - 1];
    l->zPayee = pPayee->zPayee;
    l->zBank = pPayee->zBank;
    l->zAccount = pPayee->zAccount;
    l->iDistrict = tmp.iDistrict;
    l->eArea = tmp.eArea;
    l->nStd = nStd;
    l->supp = pr_ratio_fen(0);
    return 0;
}

/* ---- results ---------------------------------------------------------------- */

/* Orders the lines as domain.md section 7 wants: district, programme,
 * beneficiary_id (bytes), into p->aLine. The lines arrive in segments
 * (aSeg, in order: one per thread of the cross-programme pass, then the
 * DIBAO lines) and already in beneficiary order within each programme:
 * DIBAO lines in household-id order (the households are sorted), the others
 * in person order (the person references are sorted by the packed ID, whose
 * order is the ID's byte order, and the threads took contiguous ranges). A
 * stable counting sort by (district, programme) over the segments taken in
 * order is therefore all that is left: no comparisons. Each segment counts
 * its buckets and copies its lines, in parallel, to offsets worked out from
 * every segment's counts, so the result is the same for any thread count.
 * Also adds up the totals. Frees the segments. Returns 0 or -1. */
static int sort_lines(pr_batch *p, line_buf *aSeg, int nSeg)
{
    int nBucket = p->nDistrict * PROG_COUNT, rc = -1;
    size_t nPer = (size_t)nBucket + 1, nLine = 0;
    for (int t = 0; t < nSeg; t++) nLine += (size_t)aSeg[t].n;
    if (nLine >= INT32_MAX) return -1;
    int *aCount = calloc((size_t)nSeg * nPer, sizeof(int));        /* per segment: lines per bucket, then offsets */
    pr_total *aTot = calloc((size_t)nSeg * nPer, sizeof(pr_total));  /* per segment: totals per bucket */
    pr_line *aNew = pr_big_malloc((nLine + 1) * sizeof(*aNew));
    if (!aCount || !aTot || !aNew) goto cleanup;
    #pragma omp parallel for num_threads(p->nThreads) schedule(dynamic, 1)
    for (int t = 0; t < nSeg; t++) {
        int iLastCode = -1, iLastD = -1;
        for (int i = 0; i < aSeg[t].n; i++) {
            const pr_line *l = &aSeg[t].a[i];
            if (l->iDistrict != iLastCode) { iLastCode = l->iDistrict; iLastD = pr_batch_district_index(p, iLastCode); }
            int k = iLastD * PROG_COUNT + l->eProg;
            aCount[(size_t)t * nPer + (size_t)k]++;
            pr_total *x = &aTot[(size_t)t * nPer + (size_t)k];
            x->nLines++;
            x->nPersons += l->nPersons;
            x->nFen += l->nAmount;
        }
    }
    /* offsets: bucket by bucket, segment by segment */
    int iAt = 0;
    for (int k = 0; k < nBucket; k++) {
        for (int t = 0; t < nSeg; t++) {
            int *pc = &aCount[(size_t)t * nPer + (size_t)k];
            const pr_total *x = &aTot[(size_t)t * nPer + (size_t)k];
            int n = *pc;
            *pc = iAt;
            iAt += n;
            p->aTotal[k].nLines += x->nLines;
            p->aTotal[k].nPersons += x->nPersons;
            p->aTotal[k].nFen += x->nFen;
        }
    }
    assert((size_t)iAt == nLine);
    #pragma omp parallel for num_threads(p->nThreads) schedule(dynamic, 1)
    for (int t = 0; t < nSeg; t++) {
        int *aAt = &aCount[(size_t)t * nPer], iLastCode = -1, iLastD = -1;
        for (int i = 0; i < aSeg[t].n; i++) {
            const pr_line *l = &aSeg[t].a[i];
            if (l->iDistrict != iLastCode) { iLastCode = l->iDistrict; iLastD = pr_batch_district_index(p, iLastCode); }
            aNew[aAt[iLastD * PROG_COUNT + l->eProg]++] = *l;
        }
    }
    free(p->aLine);
    p->aLine = aNew;
    aNew = NULL;
    p->nLine = p->nLineCap = (int)nLine;
    rc = 0;
cleanup:
    free(aCount);
    free(aTot);
    free(aNew);
    return rc;
}

/* Orders findings of one file, line, programme and status by code, message,
 * id, then gathering order (the keys' v points into one array of them). */
static int cmp_finding_tie(const void *a, const void *b)
{
    const pr_finding *x = (const pr_finding *)(uintptr_t)((const pr_sortkey *)a)->v;
    const pr_finding *y = (const pr_finding *)(uintptr_t)((const pr_sortkey *)b)->v;
    int c = strcmp(x->zCode, y->zCode);
    if (c) return c;
    c = strcmp(x->zMsg, y->zMsg);
    if (c) return c;
    c = strcmp(x->zId, y->zId);
    if (c) return c;
    return (x > y) - (x < y);
}

/* Gathers every finding (the parts' and those made while computing) and
 * sorts them by file, line, programme, status (WARNING last), code, message
 * and id, sorting small keys rather than the findings themselves. */
static pr_error collect_findings(pr_batch *p)
{
    size_t n = (size_t)p->extra.nFind;
    for (int i = 0; i < p->nPart; i++) n += (size_t)p->apPart[i]->nFind;
    for (int t = 0; p->aWork && t < p->nThreads; t++) n += (size_t)p->aWork[t].part.nFind;
    if (n >= UINT32_MAX) return PR_ERR_NOMEM;
    pr_finding *aAll = pr_big_malloc((n + 1) * sizeof(*aAll));
    pr_sortkey *aKey = pr_big_malloc((n + 1) * sizeof(*aKey));
    p->aFind = pr_big_malloc((n + 1) * sizeof(*p->aFind));
    if (!aAll || !aKey || !p->aFind) { free(aAll); free(aKey); return PR_ERR_NOMEM; }
    size_t m = 0;
    for (int i = 0; i < p->nPart; i++) {
        if (!p->apPart[i]->nFind) continue;
        memcpy(aAll + m, p->apPart[i]->aFind, (size_t)p->apPart[i]->nFind * sizeof(pr_finding));
        m += (size_t)p->apPart[i]->nFind;
    }
    if (p->extra.nFind) memcpy(aAll + m, p->extra.aFind, (size_t)p->extra.nFind * sizeof(pr_finding));
    m += (size_t)p->extra.nFind;
    for (int t = 0; p->aWork && t < p->nThreads; t++) {
        const pr_part *w = &p->aWork[t].part;
        if (w->nFind) memcpy(aAll + m, w->aFind, (size_t)w->nFind * sizeof(pr_finding));
        m += (size_t)w->nFind;
    }
    assert(m == n);
    for (size_t i = 0; i < n; i++) {
        const pr_finding *f = &aAll[i];
        uint32_t iRank = f->eStatus == ST_WARNING ? 9 : f->eStatus;
        aKey[i].k0 = (uint64_t)f->iFile << 32 | f->iLine;
        aKey[i].k1 = (uint64_t)f->eProg << 8 | iRank;
        aKey[i].v = (uintptr_t)f;
    }
    if (pr_keysort(aKey, n, cmp_finding_tie, NULL)) { free(aKey); free(aAll); return PR_ERR_NOMEM; }
    for (size_t i = 0; i < n; i++) p->aFind[i] = *(const pr_finding *)(uintptr_t)aKey[i].v;
    p->nFind = (int)n;
    free(aKey);
    free(aAll);
    return PR_OK;
}

/* Per-file and per-programme counts of statuses. */
static void count_statuses(pr_batch *p)
{
    for (int k = 0; k < ROSTER_COUNT; k++) {
        for (int i = 0; i < p->anRec[k]; i++) {
            const pr_record *r = p->apRec[k][i];
            int best;
            if (k == ROSTER_DISABILITY) {
                best = r->aStatus[0] < r->aStatus[1] ? r->aStatus[0] : r->aStatus[1];
                p->aProgCount[PROG_DIS_LIVING][r->aStatus[0]]++;
                p->aProgCount[PROG_DIS_NURSING][r->aStatus[1]]++;
            } else {
                best = r->aStatus[0];
                p->aProgCount[k == ROSTER_DIBAO ? PROG_DIBAO : k == ROSTER_TEKUN ? PROG_TEKUN : PROG_ORPHAN][best]++;
            }
            p->aInput[r->iFile].aCount[best]++;
        }
    }
    /* PRICE has no roster: its lines are PAID, its findings HELD or INELIGIBLE */
    for (int i = 0; i < p->nLine; i++) p->aProgCount[PROG_PRICE][ST_PAID] += p->aLine[i].eProg == PROG_PRICE;
    for (int i = 0; i < p->nFind; i++)
        if (p->aFind[i].eProg == PROG_PRICE && p->aFind[i].eStatus != ST_WARNING) p->aProgCount[PROG_PRICE][p->aFind[i].eStatus]++;
}

static pr_error settle_households(pr_batch *p, line_buf *pBuf)
{
    for (int i = 0; i < p->nHouse; i++) {
        pr_household *h = &p->aHouse[i];
        for (int j = 0; j < h->nMember; j++) {
            pr_record *r = h->apMember[j];
            r->aStatus[0] = h->eStatus;
            if (h->eStatus == ST_PAID) continue;
            if (h->eStatus == ST_REJECTED && r->bRejected) continue;   /* has its own finding */
            if (pr_batch_finding(p, r, PROG_DIBAO, (pr_status)h->eStatus, r->zHousehold, h->zCode, h->zMsg)) return PR_ERR_NOMEM;
        }
        if (h->eStatus == ST_PAID) {
            if (add_line(pBuf, PROG_DIBAO, h->pHead, h->pHead->zHousehold, h->pHead->zHousehold, h->nAmount, h->zBasis, h->nMember))
                return PR_ERR_NOMEM;
            pr_line *l = &pBuf->a[pBuf->n - 1];
            l->nStd = h->nStd;
            l->supp = h->supp;
            l->nIncome = h->pHead->nIncome;
        }
    }
    return PR_OK;
}


/* Adds the TEKUN, ORPHAN and disability lines of one person (their refs),
 * so that they come out in person order. Returns 0 or -1. */
static int person_lines(line_buf *pBuf, const person_ref *a, int n)
{
    for (int i = 0; i < n; i++) {
        const pr_record *r = a[i].pRec;
        int k = a[i].eRoster;
        if (k == ROSTER_DIBAO || r->bRejected) continue;
        pr_prog e0 = k == ROSTER_TEKUN ? PROG_TEKUN : k == ROSTER_ORPHAN ? PROG_ORPHAN : PROG_DIS_LIVING;
        const char *zHouse = k == ROSTER_DISABILITY ? r->zHousehold : "";
        if (r->aStatus[0] == ST_PAID && add_line(pBuf, e0, r, r->zId, zHouse, r->aAmount[0], r->azBasis[0], 1)) return -1;
        if (k == ROSTER_DISABILITY && r->aStatus[1] == ST_PAID
            && add_line(pBuf, PROG_DIS_NURSING, r, r->zId, "", r->aAmount[1], r->azBasis[1], 1)) return -1;
    }
    return 0;
}

/* The programme rules, each roster's loop a parallel pass over contiguous
 * ranges (households and records are independent once the conflicts are
 * marked). PR_OK, or PR_ERR_CONFIG / PR_ERR_NOMEM. */
static pr_error rules_pass(pr_batch *p)
{
    for (int k = 0; k < 3; k++) {
        int n = k == 0 ? p->nHouse : p->anRec[k == 1 ? ROSTER_TEKUN : ROSTER_ORPHAN];
        if (pr_batch_begin_pass(p)) return PR_ERR_NOMEM;
        #pragma omp parallel for num_threads(p->nThreads) schedule(static)
        for (int i = 0; i < n; i++) {
            if (k == 0) {
                if (p->aHouse[i].eStatus == ST_PAID) pr_dibao_compute(p, &p->aHouse[i]);
                continue;
            }
            pr_record *r = p->apRec[k == 1 ? ROSTER_TEKUN : ROSTER_ORPHAN][i];
            if (r->bRejected || r->aStatus[0] == ST_HELD) continue;
            if (k == 1) pr_tekun_compute(p, r);
            else pr_orphan_compute(p, r);
        }
        pr_batch_end_pass(p);
    }
    return p->zErr[0] ? PR_ERR_CONFIG : PR_OK;
}

/* Disability, PRICE and the non-DIBAO lines, person by person: a parallel
 * pass in which thread t takes the t-th contiguous range of persons and
 * makes its lines in aSeg[t] (p->nThreads of them). A thread stops at its
 * first failure, as the serial loop did. PR_OK or an error. */
static pr_error cross_pass(pr_batch *p, person_ref *aRef, int nRef, line_buf *aSeg)
{
    int nGroup = 0, nT = p->nThreads, bNoMem = 0;
    int *aiGroup = pr_big_malloc(((size_t)nRef + 2) * sizeof(int));   /* first ref of each person, then nRef */
    if (!aiGroup) return PR_ERR_NOMEM;
    for (int i = 0; i < nRef; i++)
        if (i == 0 || aRef[i].iKey != aRef[i - 1].iKey) aiGroup[nGroup++] = i;
    aiGroup[nGroup] = nRef;
    if (pr_batch_begin_pass(p)) { free(aiGroup); return PR_ERR_NOMEM; }
    #pragma omp parallel num_threads(nT)
    {
        /* ranges by the team actually given, so that thread t's range, its
         * segment and its aWork slot go together */
        int t = omp_get_thread_num(), nTeam = omp_get_num_threads();
        int g0 = (int)((long long)nGroup * t / nTeam), g1 = (int)((long long)nGroup * (t + 1) / nTeam);
        int nRefs = aiGroup[g1] - aiGroup[g0];
        line_buf *b = &aSeg[t];
        /* at most two lines per record (disability) and one PRICE line per person */
        b->nCap = 2 * nRefs + (g1 - g0) + 1;
        b->a = pr_big_malloc((size_t)b->nCap * sizeof(*b->a));
        int bFail = !b->a;
        for (int g = g0; g < g1 && !bFail; g++) {
            int i = aiGroup[g], n = aiGroup[g + 1] - i;
            bFail = person_cross(p, b, aRef + i, n) || person_lines(b, aRef + i, n);
        }
        if (bFail && !p->aWork[t].zErr[0]) {
            #pragma omp atomic write
            bNoMem = 1;
        }
    }
    pr_batch_end_pass(p);
    free(aiGroup);
    if (p->zErr[0]) return PR_ERR_CONFIG;
    return bNoMem ? PR_ERR_NOMEM : PR_OK;
}

pr_error pr_batch_compute(pr_batch *p)
{
    pr_error err;
    person_ref *aRef = NULL;
    int nRef = 0, nSeg = p->nThreads + 1;
    line_buf *aSeg = calloc((size_t)nSeg, sizeof(*aSeg));   /* lines: one segment per thread, then DIBAO */
    if (!aSeg) { err = PR_ERR_NOMEM; goto cleanup; }
#define STAGE(z) do { if (p->xProgress) p->xProgress(p->pProgressArg, z, 0, 1); } while (0)
    STAGE("computing: households");
    if ((err = build_households(p))) goto cleanup;
    STAGE("computing: persons");
    if ((err = build_refs(p, &aRef, &nRef))) goto cleanup;
    for (int i = 0; i < nRef;) {
        int j = i + 1;
        while (j < nRef && aRef[j].iKey == aRef[i].iKey) j++;
        if (j - i > 1) person_conflicts(p, aRef + i, j - i);
        i = j;
    }
    STAGE("computing: rules");
    if ((err = rules_pass(p))) goto cleanup;
    STAGE("computing: cross-programme");
    if ((err = cross_pass(p, aRef, nRef, aSeg))) goto cleanup;
    STAGE("computing: households settled");
    aSeg[nSeg - 1].nCap = p->nHouse + 1;
    if (!(aSeg[nSeg - 1].a = pr_big_malloc((size_t)aSeg[nSeg - 1].nCap * sizeof(pr_line)))) { err = PR_ERR_NOMEM; goto cleanup; }
    if ((err = settle_households(p, &aSeg[nSeg - 1]))) goto cleanup;
    STAGE("computing: line order");
    if (sort_lines(p, aSeg, nSeg)) { err = PR_ERR_NOMEM; goto cleanup; }
    STAGE("computing: findings");
    if ((err = collect_findings(p))) goto cleanup;
#undef STAGE
    count_statuses(p);
cleanup:
    free(aRef);
    for (int t = 0; aSeg && t < nSeg; t++) free(aSeg[t].a);
    free(aSeg);
    if (err == PR_ERR_NOMEM && !p->zErr[0]) snprintf(p->zErr, sizeof(p->zErr), "out of memory while computing");
    return err;
}
