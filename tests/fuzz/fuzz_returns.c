/*
 * fuzz_returns.c - bank returns (回盘) file bytes, outside input, through
 * pr_returns_read from a file as a run reads it (gzip, encoding detected
 * and forced, CSV, header by Chinese or English name), then checks what it
 * keeps of each row: a row with a CSV problem keeps no field, an amount is
 * fen or -1, a result one of three.
 */
#include "formats/cyclefiles.h"
#include "tests/fuzz/fuzz.h"
#include "io/encoding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pr_fuzz_returns(const uint8_t *aData, size_t nData)
{
    const char *zPath = fz_scratch_file("returns.csv", aData, nData);
    static const int aeEnc[] = { ENC_AUTO, ENC_GB18030 };
    for (int i = 0; i < 2; i++) {
        pr_cycle *c = pr_cycle_new();
        if (!c) return 0;
        char zSha[65];
        uint32_t nRows = 0;
        pr_err e;
        pr_err_init(&e);
        pr_error rc = pr_returns_read(c, zPath, 2, (pr_encoding)aeEnc[i], zSha, &nRows, &e);
        if (rc && !strstr(e.zMsg, zPath)) abort();          /* an error names the file */
        if (!rc && (uint32_t)c->nRet != nRows) abort();     /* every data row is kept */
        size_t nSum = 0;
        for (int k = 0; k < c->nRet; k++) {
            const pr_return *r = &c->aRet[k];
            if (r->iFile != 2 || r->iLine < 2 || (k && r->iLine <= c->aRet[k - 1].iLine)) abort();
            if (r->nFen < -1 || r->eResult > RET_BAD) abort();
            if (r->zBad && (r->zPayRef[0] || r->zAccount[0] || r->zResult[0] || r->nFen != -1)) abort();
            nSum += strlen(r->zPayRef) + strlen(r->zAccount) + strlen(r->zPayee) + strlen(r->zResult) + strlen(r->zReason);
        }
        if (nSum == 1) fputc(' ', stderr);   /* keep the reads */
        pr_cycle_free(c);
    }
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_returns(aData, nData);
}
#endif
