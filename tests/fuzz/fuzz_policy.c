/*
 * fuzz_policy.c - policy file bytes through pr_policy_load (from a file:
 * gzip detection, encoding detection and conversion, CSV, typing, conflict
 * check), then a look-up of every key for a few districts, areas and months.
 */
#include "formats/policy.h"
#include "tests/fuzz/fuzz.h"
#include "model/policy.h"
#include "rules/programmes.h"
#include "io/encoding.h"

#include <stdio.h>
#include <stdlib.h>

int pr_fuzz_policy(const uint8_t *aData, size_t nData)
{
    const char *zPath = fz_scratch_file("policy.csv", aData, nData);
    static const int aiDistrict[] = { 320613, 320685, 999999, 0 };
    static const int aiMonth[] = { 2020 * 12, 2023 * 12 + 7, 9999 * 12 + 11 };
    static const int aeEnc[] = { ENC_AUTO, ENC_GB18030 };   /* detected, and forced */
    pr_programmes_register();   /* the programmes' keys, as a run has them */
    for (int i = 0; i < 2; i++) {
        int e = aeEnc[i];
        pr_policy *p = pr_policy_load(zPath, e, NULL);
        if (!p) continue;
        size_t nSum = 0;
        for (int k = 0; k < pr_key_count(); k++)
            for (int d = 0; d < 4; d++)
                for (int a = AREA_NONE; a <= AREA_RURAL; a++)
                    for (int m = 0; m < 3; m++) {
                        const pr_prow *r = pr_policy_lookup(p, (pr_key)k, aiDistrict[d], (pr_area)a, aiMonth[m]);
                        if (r) nSum += (size_t)r->v + r->zValue[0] + r->zRef[0];
                    }
        if (nSum == 1) fputc(' ', stderr);   /* keep the look-ups */
        pr_policy_free(p);
    }
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_policy(aData, nData);
}
#endif
