/*
 * fuzz_registers.c - the month registers arrears.csv, recoveries.csv and
 * adjustments.csv, read back by the next month (pr_arrears_read,
 * pr_recoveries_read) and by the history's duplicate check
 * (pr_adjreg_scan). The same bytes go to each reader. Whatever a reader
 * keeps must survive a round trip: written again with the register
 * writers and read back, the same entries.
 */
#include "formats/cyclefiles.h"
#include "tests/fuzz/fuzz.h"
#include "model/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A batch to hand the writers a cycle (the writers read only pCycle). */
static pr_batch *batch(void)
{
    static pr_batch *b;
    if (!b && !(b = pr_batch_new(2023 * 12 + 8, 1, ENC_AUTO))) abort();
    return b;
}

static int same_str(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* Writes c's register with xWrite, reads it back with xRead, compares. */
static void round_trip(pr_cycle *c, int bArrears)
{
    pr_batch *b = batch();
    pr_cycle *pKeep = b->pCycle;
    b->pCycle = c;
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/round-trip.csv", fz_scratch_dir());
    pr_err e;
    pr_err_init(&e);
    pr_error rc = bArrears ? pr_arrears_write(b, zPath, &e) : pr_recoveries_write(b, zPath, &e);
    b->pCycle = pKeep;
    if (rc) return;   /* an I/O error is not the reader's */
    pr_cycle *d = pr_cycle_new();
    if (!d) return;
    char zSha[65];
    uint32_t nRows;
    rc = bArrears ? pr_arrears_read(d, zPath, 0, zSha, &nRows, &e) : pr_recoveries_read(d, zPath, 0, zSha, &nRows, &e);
    if (rc) { fprintf(stderr, "round trip: %s\n", e.zMsg); abort(); }
    if (bArrears) {
        if (d->nArr != c->nArr) abort();
        for (int i = 0; i < c->nArr; i++) {
            const pr_arrears *x = &c->aArr[i], *y = &d->aArr[i];
            if (x->iPeriod != y->iPeriod || x->eProg != y->eProg || x->iDistrict != y->iDistrict || x->nFen != y->nFen
                || x->iSince != y->iSince || !same_str(x->zBeneficiary, y->zBeneficiary) || !same_str(x->zReason, y->zReason)
                || !same_str(x->zFailedAccount, y->zFailedAccount) || !same_str(x->zPayRef, y->zPayRef)) {
                fprintf(stderr, "round trip: arrears entry %d differs\n", i);
                abort();
            }
        }
    } else {
        if (d->nRec != c->nRec) abort();
        for (int i = 0; i < c->nRec; i++) {
            const pr_recovery *x = &c->aRec[i], *y = &d->aRec[i];
            if (x->eProg != y->eProg || x->iDistrict != y->iDistrict || x->nFen != y->nFen || x->nBalance != y->nBalance
                || x->iSince != y->iSince || !same_str(x->zBeneficiary, y->zBeneficiary) || !same_str(x->zReference, y->zReference)) {
                fprintf(stderr, "round trip: recovery entry %d differs\n", i);
                abort();
            }
        }
    }
    pr_cycle_free(d);
}

int pr_fuzz_registers(const uint8_t *aData, size_t nData)
{
    const char *zPath = fz_scratch_file("register.csv", aData, nData);
    char zSha[65];
    uint32_t nRows;
    pr_err e;
    for (int k = 0; k < 3; k++) {
        pr_cycle *c = pr_cycle_new();
        if (!c) return 0;
        pr_err_init(&e);
        pr_error rc;
        if (k == 0) {
            rc = pr_arrears_read(c, zPath, 0, zSha, &nRows, &e);
            for (int i = 0; !rc && i < c->nArr; i++)
                if (c->aArr[i].eState != AS_OPEN || c->aArr[i].nFen <= 0 || !c->aArr[i].zBeneficiary[0]) abort();
            if (!rc) round_trip(c, 1);
        } else if (k == 1) {
            rc = pr_recoveries_read(c, zPath, 0, zSha, &nRows, &e);
            for (int i = 0; !rc && i < c->nRec; i++)
                if (c->aRec[i].nBalance <= 0 || c->aRec[i].nBalance > c->aRec[i].nFen) abort();
            if (!rc) round_trip(c, 0);
        } else {
            /* rows of this month the duplicate check compares the register with */
            static const char *const azBen[] = { "320613194001010014", "DB320613-0001", "" };
            for (int i = 0; i < 3; i++) {
                pr_adj *a = pr_cycle_add_adj(c);
                if (!a) break;
                a->eType = (int8_t)i;
                a->eProg = (int8_t)(i == ADJ_TEMPORARY ? PROG_TEMP : PROG_TEKUN);
                a->iPeriod = 2023 * 12 + 7;
                a->zBeneficiary = azBen[i];
                a->zReference = i ? "R1" : "";
            }
            rc = pr_adjreg_scan(c, zPath, &e);
        }
        if (rc && !strstr(e.zMsg, zPath)) abort();
        pr_cycle_free(c);
    }
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_registers(aData, nData);
}
#endif
