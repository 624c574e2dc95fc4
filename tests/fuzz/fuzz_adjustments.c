/*
 * fuzz_adjustments.c - adjustments file bytes (an officer's 补发/补差/
 * 临时救助/追回 rows, outside input) through pr_adjustments_read from a file
 * (gzip, encoding detected and forced, CSV, header by either name), then
 * checks what it keeps of each row: type, programme, period and amount
 * recognised or -1, a row with a CSV problem keeping no field.
 */
#include "formats/cyclefiles.h"
#include "tests/fuzz/fuzz.h"
#include "io/encoding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pr_fuzz_adjustments(const uint8_t *aData, size_t nData)
{
    const char *zPath = fz_scratch_file("adjustments.csv", aData, nData);
    static const int aeEnc[] = { ENC_AUTO, ENC_GB18030 };
    for (int i = 0; i < 2; i++) {
        pr_cycle *c = pr_cycle_new();
        if (!c) return 0;
        char zSha[65];
        uint32_t nRows = 0;
        pr_err e;
        pr_err_init(&e);
        pr_error rc = pr_adjustments_read(c, zPath, 1, (pr_encoding)aeEnc[i], zSha, &nRows, &e);
        if (rc && !strstr(e.zMsg, zPath)) abort();
        if (!rc && (uint32_t)c->nAdj != nRows) abort();
        size_t nSum = 0;
        for (int k = 0; k < c->nAdj; k++) {
            const pr_adj *a = &c->aAdj[k];
            if (a->iFile != 1 || a->iLine < 2 || a->iArrears != -1) abort();
            if (a->eType < -1 || a->eType >= ADJ_TYPE_COUNT || a->eProg < -1 || a->eProg >= PROG_COUNT) abort();
            if (a->nFen == 0 || a->nFen < -1 || a->iPeriod < -1) abort();
            if (a->zBad && (a->zBeneficiary[0] || a->zReference[0] || a->eType != -1 || a->nFen != -1)) abort();
            nSum += strlen(a->zBeneficiary) + strlen(a->zReference) + strlen(a->zApprovedBy) + strlen(a->zReason)
                  + strlen(a->zName) + strlen(a->zDistrict) + strlen(a->zArea) + strlen(a->zBank) + strlen(a->zAccount)
                  + strlen(a->zPayee);
        }
        if (nSum == 1) fputc(' ', stderr);
        pr_cycle_free(c);
    }
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_adjustments(aData, nData);
}
#endif
