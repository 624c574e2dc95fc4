/*
 * cross.c - the cross-programme rules, person by person: the disability
 * allowances (which depend on DIBAO and TEKUN), the price subsidy once per
 * covered person (payee from TEKUN, ORPHAN, then DIBAO), and the lines of
 * every programme but DIBAO, in person order.
 */
#include "rules/cross.h"
#include "io/bigmem.h"

#include <assert.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- cross-programme rules ------------------------------------------------ */

int pr_line_add(line_buf *pBuf, pr_prog eProg, const pr_record *r, const char *zBen, const char *zHouse,
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
    l->eType = LT_REGULAR;
    l->iPeriod = pBuf->iMonth;
    l->zReference = "";
    l->iPaySeq = 0;
    l->nOffset = 0;
    return 0;
}

/* The status of a DIBAO record's household (another shard's: as given). */
static int dibao_status_of(const pr_batch *p, const pr_record *r)
{
    if (r->bGhost) return r->aStatus[0];
    return p->aHouse[r->iLink].eStatus;
}

/* Disability and PRICE for the references of one person. */
static int cross_person(pr_work *w, line_buf *pBuf, person_ref *a, int n)
{
    pr_tri inDibao = TRI_FALSE, tekunPaid = TRI_FALSE;
    const pr_record *pDibao = NULL, *pTekun = NULL, *pOrphan = NULL;
    for (int i = 0; i < n; i++) {
        pr_record *r = a[i].pRec;
        if (a[i].eRoster == ROSTER_DIBAO) {
            pr_tri t = pr_tri_of_status(dibao_status_of(w->pBatch, r));
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
        if (a[i].eRoster != ROSTER_DISABILITY || r->aStatus[0] == ST_HELD || r->bGhost) continue;
        pr_disability_compute(w, r, inDibao, tekunPaid);
        if (r->aStatus[0] == ST_PAID && pDibao) r->zHousehold = pDibao->zHousehold;
    }
    /* PRICE: the first of TEKUN, ORPHAN, DIBAO that covers the person */
    const pr_record *aCover[3] = { pTekun, pOrphan, pDibao };
    const pr_record *pPaid = NULL, *pHeld = NULL;
    for (int i = 0; i < 3; i++) {
        const pr_record *r = aCover[i];
        if (!r) continue;
        int st = (r->eRoster == ROSTER_DIBAO) ? dibao_status_of(w->pBatch, r) : r->aStatus[0];
        if (st == ST_PAID && !pPaid) pPaid = r;
        if (st == ST_HELD && !pHeld) pHeld = r;
    }
    int64_t nAmount;
    const char *zBasis;
    const pr_record *pCover = pPaid ? pPaid : pHeld;
    if (!pCover || pCover->bGhost) return 0;   /* another shard's record carries it */
    /* a DIBAO member is covered with the district and area of the household */
    const pr_household *h = pCover->eRoster == ROSTER_DIBAO ? &w->pBatch->aHouse[pCover->iLink] : NULL;
    pr_record tmp = *pCover;
    if (h && h->pHead) { tmp.iDistrict = h->pHead->iDistrict; tmp.eArea = h->pHead->eArea; }
    int64_t nStd = 0;
    int rc = pr_price_amount(w, &tmp, &nAmount, &zBasis, &nStd);
    if (rc <= 0) return rc;
    if (nAmount <= 0)
        return pr_work_finding(w, pCover, PROG_PRICE, ST_INELIGIBLE, pCover->zId, "ZERO_AMOUNT",
                                "the price subsidy is triggered but comes to 0");
    if (!pPaid)
        return pr_work_finding(w, pHeld, PROG_PRICE, ST_HELD, pHeld->zId, "DEPENDS_ON_HELD",
                                pr_work_printf(w, "the %s record that would carry the price subsidy is held for review",
                                                pr_roster_name((pr_roster)pHeld->eRoster)));
    const pr_record *pPayee = h ? h->pHead : pPaid;
    if (pr_line_add(pBuf, PROG_PRICE, pPaid, pPaid->zId, h ? pPaid->zHousehold : "", nAmount, zBasis, 1)) return -1;
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

/* Adds the TEKUN, ORPHAN and disability lines of one person (their refs),
 * so that they come out in person order. Returns 0 or -1. */
static int cross_lines(line_buf *pBuf, const person_ref *a, int n)
{
    for (int i = 0; i < n; i++) {
        const pr_record *r = a[i].pRec;
        int k = a[i].eRoster;
        if (k == ROSTER_DIBAO || r->bRejected || r->bGhost) continue;
        pr_prog e0 = k == ROSTER_TEKUN ? PROG_TEKUN : k == ROSTER_ORPHAN ? PROG_ORPHAN : PROG_DIS_LIVING;
        const char *zHouse = k == ROSTER_DISABILITY ? r->zHousehold : "";
        if (r->aStatus[0] == ST_PAID && pr_line_add(pBuf, e0, r, r->zId, zHouse, r->aAmount[0], r->azBasis[0], 1)) return -1;
        if (k == ROSTER_DISABILITY && r->aStatus[1] == ST_PAID
            && pr_line_add(pBuf, PROG_DIS_NURSING, r, r->zId, "", r->aAmount[1], r->azBasis[1], 1)) return -1;
    }
    return 0;
}

/* Disability, PRICE and the non-DIBAO lines, person by person: a parallel
 * pass in which thread t takes the t-th contiguous range of persons and
 * makes its lines in aSeg[t] (p->nThreads of them). A thread stops at its
 * first failure, as the serial loop did. PR_OK or an error. */
pr_error pr_cross_pass(pr_batch *p, person_ref *aRef, int nRef, line_buf *aSeg)
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
            bFail = cross_person(&p->aWork[t], b, aRef + i, n) || cross_lines(b, aRef + i, n);
        }
        if (bFail && !p->aWork[t].err.rc) {
            #pragma omp atomic write
            bNoMem = 1;
        }
    }
    pr_batch_end_pass(p);
    free(aiGroup);
    if (p->err.rc) return p->err.rc;
    return bNoMem ? PR_ERR_NOMEM : PR_OK;
}
