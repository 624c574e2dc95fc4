/*
 * fuzz_index.c - price-index file bytes through pr_index_load (from a file,
 * as for a run), then pr_index_find for a few months.
 */
#include "formats/index.h"
#include "tests/fuzz/fuzz.h"
#include "model/priceindex.h"
#include "io/encoding.h"

#include <stdio.h>
#include <stdlib.h>

int pr_fuzz_index(const uint8_t *aData, size_t nData)
{
    const char *zPath = fz_scratch_file("index.csv", aData, nData);
    static const int aiMonth[] = { 1900 * 12, 2023 * 12 + 6, 2023 * 12 + 7, 9999 * 12 + 11, -1 };
    static const int aeEnc[] = { ENC_AUTO, ENC_GB18030 };   /* detected, and forced */
    for (int i = 0; i < 2; i++) {
        int e = aeEnc[i];
        pr_index *p = pr_index_load(zPath, e, NULL);
        if (!p) continue;
        long long nSum = 0;
        for (int m = 0; m < 5; m++) {
            const pr_irow *r = pr_index_find(p, aiMonth[m]);
            if (r) nSum += r->nCpi + r->nFood + r->nScpi + r->bHasCpi;
        }
        if (nSum == 1) fputc(' ', stderr);   /* keep the look-ups */
        pr_index_free(p);
    }
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_index(aData, nData);
}
#endif
