/*
 * payref.c - the bank rows' numbers. Each district is numbered on its own
 * (in parallel over districts) with an open-addressing table of the rows
 * met so far in the current (district, programme) run of lines, so a row is
 * found in one probe or two whatever its size.
 */
#include "rules/payref.h"
#include "io/common.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

int pr_same_bank_row(const pr_line *x, const pr_line *y)
{
    return strcmp(x->zAccount, y->zAccount) == 0 && strcmp(x->zPayee, y->zPayee) == 0
        && strcmp(x->zBank, y->zBank) == 0;
}

static uint64_t row_hash(const pr_line *l)
{
    uint64_t h = pr_hash_str(PR_HASH_SEED, l->zAccount);
    h = pr_hash_str(h, l->zPayee);
    return pr_hash_str(h, l->zBank);
}

/* The table of one run of lines: slot = index of a row's first line + 1. */
typedef struct row_tab {
    int *aiSlot;          /* owned */
    uint32_t nSlot;       /* a power of two */
} row_tab;

/* Numbers the lines [iFrom, iTo) of one district from 1, with t as the
 * table. Returns 0, -1 out of memory, 1 past PR_MAX_PAY_SEQ. */
static int number_district(pr_line *a, int iFrom, int iTo, row_tab *t)
{
    int iSeq = 0;
    for (int i = iFrom; i < iTo;) {
        int j = i + 1;
        while (j < iTo && a[j].eProg == a[i].eProg) j++;
        uint32_t nNeed = 64;
        while (nNeed < (uint32_t)(j - i) * 2u) nNeed *= 2;
        if (nNeed > t->nSlot) {
            free(t->aiSlot);
            if (!(t->aiSlot = malloc(nNeed * sizeof(int)))) { t->nSlot = 0; return -1; }
            t->nSlot = nNeed;
        }
        memset(t->aiSlot, 0, nNeed * sizeof(int));
        for (int k = i; k < j; k++) {
            uint32_t h = (uint32_t)row_hash(&a[k]) & (nNeed - 1);
            for (; t->aiSlot[h]; h = (h + 1) & (nNeed - 1))
                if (pr_same_bank_row(&a[t->aiSlot[h] - 1], &a[k])) break;
            if (t->aiSlot[h]) { a[k].iPaySeq = a[t->aiSlot[h] - 1].iPaySeq; continue; }
            if (iSeq == PR_MAX_PAY_SEQ) return 1;
            t->aiSlot[h] = k + 1;
            a[k].iPaySeq = ++iSeq;
        }
        i = j;
    }
    return 0;
}

pr_error pr_number_bank_rows(pr_batch *p)
{
    int nD = p->nDistrict, iBad = -1, bNoMem = 0;
    int *aiStart = malloc(((size_t)nD + 1) * sizeof(int));
    if (!aiStart) return PR_ERR_NOMEM;
    /* where each district's lines start: the lines are in district order */
    for (int d = 0, i = 0; d <= nD; d++) {
        while (i < p->nLine && d < nD && p->aLine[i].iDistrict < p->aDistrict[d].iCode) i++;
        aiStart[d] = d < nD ? i : p->nLine;
    }
    #pragma omp parallel num_threads(p->nThreads)
    {
        row_tab t = { NULL, 0 };
        #pragma omp for schedule(dynamic, 1)
        for (int d = 0; d < nD; d++) {
            int rc = number_district(p->aLine, aiStart[d], aiStart[d + 1], &t);
            if (rc < 0) {
                #pragma omp atomic write
                bNoMem = 1;
            } else if (rc > 0) {
                #pragma omp critical(payref_bad)
                if (iBad < 0 || d < iBad) iBad = d;
            }
        }
        free(t.aiSlot);
    }
    free(aiStart);
    if (bNoMem) return PR_ERR_NOMEM;
    if (iBad >= 0) {
        pr_err_set(&p->err, PR_ERR_CONFIG, "district %06d has more than %d bank rows this month: a pay_ref has 6 digits",
                   p->aDistrict[iBad].iCode, PR_MAX_PAY_SEQ);
        return PR_ERR_CONFIG;
    }
    return PR_OK;
}
