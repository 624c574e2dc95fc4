/*
 * compute.c - the computing stage in the order of docs/RULES.md:
 * households, conflicts (HELD), the programme rules, the cross-programme
 * rules (disability, PRICE), then ledger lines in order, totals and sorted
 * findings.
 */
#include "rules/compute.h"
#include "io/i18n.h"
#include "rules/conflicts.h"
#include "rules/cycle.h"
#include "rules/cross.h"
#include "rules/households.h"
#include "rules/payref.h"
#include "rules/policylint.h"
#include "rules/programmes.h"
#include "io/bigmem.h"
#include "io/keysort.h"

#include <assert.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
 * Also adds up the totals. Gives each segment's pages back while it is
 * copied and frees it once copied (on failure they are left to the
 * caller). Returns 0 or -1. */
static int sort_lines(pr_batch *p, line_buf *aSeg, int nSeg)
{
#ifdef PR_TESTING
    enum { RELEASE_LINES = 64 };     /* the tests' months are small: every one of them gives pages back */
#else
    enum { RELEASE_LINES = 8192 };   /* lines of a segment given back at a time (about 1 MiB) */
#endif
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
        int *aAt = &aCount[(size_t)t * nPer], iLastCode = -1, iLastD = -1, iReleased = 0;
        for (int i = 0; i < aSeg[t].n; i++) {
            const pr_line *l = &aSeg[t].a[i];
            if (l->iDistrict != iLastCode) { iLastCode = l->iDistrict; iLastD = pr_batch_district_index(p, iLastCode); }
            aNew[aAt[iLastD * PROG_COUNT + l->eProg]++] = *l;
            /* the lines copied so far go back as the copy grows: the month's
             * lines are not resident twice at the peak */
            if (i + 1 - iReleased == RELEASE_LINES) {
                pr_big_release(&aSeg[t].a[iReleased], (size_t)RELEASE_LINES * sizeof(pr_line));
                iReleased = i + 1;
            }
        }
        /* copied: its memory goes back now, not when the month is computed */
        free(aSeg[t].a);
        aSeg[t].a = NULL;
        aSeg[t].n = aSeg[t].nCap = 0;
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

/* Sorts the findings aAll[0,n) into aOut by file (the policy file first,
 * then the inputs in command-line order), line, programme, status (WARNING
 * last), code, message and id, sorting the small keys aKey[n] rather than
 * the findings themselves. 0, or -1 if out of memory. */
static int sort_findings(const pr_finding *aAll, pr_sortkey *aKey, size_t n, pr_finding *aOut)
{
    for (size_t i = 0; i < n; i++) {
        const pr_finding *f = &aAll[i];
        uint32_t iRank = f->eStatus == ST_WARNING ? 9 : f->eStatus;
        /* the policy file's findings first: the configuration comes before the rosters */
        uint64_t iFileRank = f->iFile == PR_FILE_POLICY ? 0 : (uint64_t)f->iFile + 1;
        aKey[i].k0 = iFileRank << 32 | f->iLine;
        aKey[i].k1 = (uint64_t)f->eProg << 8 | iRank;
        aKey[i].v = (uintptr_t)f;
    }
    if (pr_keysort(aKey, n, cmp_finding_tie, NULL)) return -1;
    for (size_t i = 0; i < n; i++) aOut[i] = *(const pr_finding *)(uintptr_t)aKey[i].v;
    return 0;
}

/* Gathers every finding (the parts' and those made while computing) and
 * sorts them (sort_findings). */
static pr_error collect_findings(pr_batch *p)
{
    size_t n = (size_t)p->serial.part.nFind;
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
    if (p->serial.part.nFind) memcpy(aAll + m, p->serial.part.aFind, (size_t)p->serial.part.nFind * sizeof(pr_finding));
    m += (size_t)p->serial.part.nFind;
    for (int t = 0; p->aWork && t < p->nThreads; t++) {
        const pr_part *w = &p->aWork[t].part;
        if (w->nFind) memcpy(aAll + m, w->aFind, (size_t)w->nFind * sizeof(pr_finding));
        m += (size_t)w->nFind;
    }
    assert(m == n);
    if (sort_findings(aAll, aKey, n, p->aFind)) { free(aKey); free(aAll); return PR_ERR_NOMEM; }
    p->nFind = (int)n;
    free(aKey);
    free(aAll);
    return PR_OK;
}

pr_error pr_findings_sort(pr_finding *a, size_t n)
{
    pr_finding *aAll = pr_big_malloc((n + 1) * sizeof(*aAll));
    pr_sortkey *aKey = pr_big_malloc((n + 1) * sizeof(*aKey));
    int rc = !aAll || !aKey;
    if (!rc) {
        memcpy(aAll, a, n * sizeof(*a));
        rc = sort_findings(aAll, aKey, n, a);
    }
    free(aAll);
    free(aKey);
    return rc ? PR_ERR_NOMEM : PR_OK;
}

/* Per-file and per-programme counts of statuses: a record counts once in
 * its file, with the best status over its roster's programmes, and once in
 * each programme. */
static void count_statuses(pr_batch *p)
{
    for (int k = 0; k < ROSTER_COUNT; k++) {
        const pr_roster_desc *pDesc = pr_roster_desc_of((pr_roster)k);
        assert(pDesc->nProg >= 1 && pDesc->nProg <= 2);
        for (int i = 0; i < p->anRec[k]; i++) {
            const pr_record *r = p->apRec[k][i];
            int best = r->aStatus[0];
            for (int j = 0; j < pDesc->nProg; j++) {
                p->aProgCount[pDesc->aProg[j]][r->aStatus[j]]++;
                if (r->aStatus[j] < best) best = r->aStatus[j];
            }
            p->aInput[r->iFile].aCount[best]++;
        }
    }
    /* PRICE has no roster: its lines are PAID, its findings HELD or INELIGIBLE */
    for (int i = 0; i < p->nLine; i++)
        p->aProgCount[PROG_PRICE][ST_PAID] += p->aLine[i].eProg == PROG_PRICE && p->aLine[i].eType == LT_REGULAR;
    for (int i = 0; i < p->nFind; i++) {
        const pr_finding *f = &p->aFind[i];
        int bCycle = f->iFile != PR_FILE_POLICY && p->aInput[f->iFile].eKind != INPUT_ROSTER;
        if (f->eProg == PROG_PRICE && f->eStatus != ST_WARNING && !bCycle) p->aProgCount[PROG_PRICE][f->eStatus]++;
    }
}

/* The programme rules, each a parallel pass over contiguous ranges
 * (households and records are independent once the conflicts are marked):
 * the DIBAO households, then every roster whose descriptor has a rule of
 * its own for each record (xRecord), in the roster table's order. PR_OK,
 * or PR_ERR_CONFIG / PR_ERR_NOMEM. */
static pr_error rules_pass(pr_batch *p)
{
    if (pr_batch_begin_pass(p)) return PR_ERR_NOMEM;
    #pragma omp parallel for num_threads(p->nThreads) schedule(static)
    for (int i = 0; i < p->nHouse; i++)
        if (p->aHouse[i].eStatus == ST_PAID) pr_dibao_compute(&p->aWork[omp_get_thread_num()], &p->aHouse[i]);
    pr_batch_end_pass(p);
    for (int k = 0; k < ROSTER_COUNT; k++) {
        void (*xRecord)(pr_work *, pr_record *) = pr_roster_desc_of((pr_roster)k)->xRecord;
        if (!xRecord) continue;
        if (pr_batch_begin_pass(p)) return PR_ERR_NOMEM;
        #pragma omp parallel for num_threads(p->nThreads) schedule(static)
        for (int i = 0; i < p->anRec[k]; i++) {
            pr_record *r = p->apRec[k][i];
            if (r->bRejected || r->aStatus[0] == ST_HELD) continue;
            xRecord(&p->aWork[omp_get_thread_num()], r);
        }
        pr_batch_end_pass(p);
    }
    return p->err.rc ? p->err.rc : PR_OK;
}

pr_error pr_batch_compute(pr_batch *p)
{
    pr_error err;
    person_ref *aRef = NULL;
    int nRef = 0, nSeg = p->nThreads + 1;
    line_buf *aSeg = calloc((size_t)nSeg, sizeof(*aSeg));   /* lines: one segment per thread, then DIBAO */
    if (!aSeg) { err = PR_ERR_NOMEM; goto cleanup; }
    for (int t = 0; t < nSeg; t++) aSeg[t].iMonth = p->iMonth;
#define STAGE(z) do { if (p->xProgress) p->xProgress(p->pProgressArg, z, 0, 1); } while (0)
    if ((err = pr_cycle_check_policy(p))) goto cleanup;
    STAGE(N_("computing: households"));
    if ((err = pr_households_build(p))) goto cleanup;
    STAGE(N_("computing: persons"));
    if ((err = pr_conflicts_refs(p, &aRef, &nRef))) goto cleanup;
    for (int i = 0; i < nRef;) {
        int j = i + 1;
        while (j < nRef && aRef[j].iKey == aRef[i].iKey) j++;
        if (j - i > 1) pr_conflicts_person(p, aRef + i, j - i);
        i = j;
    }
    STAGE(N_("computing: rules"));
    if ((err = rules_pass(p))) goto cleanup;
    STAGE(N_("computing: cross-programme"));
    if ((err = pr_cross_pass(p, aRef, nRef, aSeg))) goto cleanup;
    free(aRef);   /* the person references are not needed past the cross-programme rules */
    aRef = NULL;
    STAGE(N_("computing: households settled"));
    aSeg[nSeg - 1].nCap = p->nHouse + 1;
    if (!(aSeg[nSeg - 1].a = pr_big_malloc((size_t)aSeg[nSeg - 1].nCap * sizeof(pr_line)))) { err = PR_ERR_NOMEM; goto cleanup; }
    if ((err = pr_households_settle(p, &aSeg[nSeg - 1]))) goto cleanup;
    STAGE(N_("computing: line order"));
    if (sort_lines(p, aSeg, nSeg)) { err = PR_ERR_NOMEM; goto cleanup; }
    STAGE(N_("computing: payment cycle"));
    if ((err = pr_cycle_apply(p))) goto cleanup;
    STAGE(N_("computing: bank rows"));
    if ((err = pr_number_bank_rows(p))) goto cleanup;
    STAGE(N_("computing: policy lint"));
    pr_policylint(pr_batch_serial(p));
    STAGE(N_("computing: findings"));
    if ((err = collect_findings(p))) goto cleanup;
#undef STAGE
    count_statuses(p);
cleanup:
    /* a finding that could not be recorded fails the stage, whatever else happened */
    if (pr_batch_nomem(p) && (err == PR_OK || err == PR_ERR_CONFIG)) {
        err = PR_ERR_NOMEM;
        pr_err_init(&p->err);   /* the lost finding is the cause to report */
        pr_err_set(&p->err, err, "out of memory while recording a finding: the month is not computed");
    }
    free(aRef);
    for (int t = 0; aSeg && t < nSeg; t++) free(aSeg[t].a);
    free(aSeg);
    if (err == PR_ERR_NOMEM) pr_err_set(&p->err, err, "out of memory while computing");
    return err;
}
