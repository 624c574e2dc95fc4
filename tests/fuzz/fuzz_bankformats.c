/*
 * fuzz_bankformats.c - --bank-formats file bytes through
 * pr_bank_formats_load (from a file, as for a run: gzip, encoding, CSV),
 * then every format looked up by its bank and its fields named.
 */
#include "formats/bank_formats.h"
#include "tests/fuzz/fuzz.h"

#include <stdio.h>
#include <string.h>

int pr_fuzz_bankformats(const uint8_t *aData, size_t nData)
{
    const char *zPath = fz_scratch_file("bank-formats.csv", aData, nData);
    pr_err err;
    pr_err_init(&err);
    pr_bank_formats *f = pr_bank_formats_load(zPath, &err);
    if (!f) {
        if (!err.rc || !err.zMsg[0]) __builtin_trap();   /* a refusal always says why */
        return 0;
    }
    size_t nSum = 0;
    for (int i = 0; i < f->nFmt; i++) {
        const pr_bank_format *x = &f->aFmt[i];
        if (pr_bank_formats_find(f, x->zBank) != x) __builtin_trap();   /* each bank once */
        if (x->nField < 2 || x->nField > BF_COUNT) __builtin_trap();
        for (int k = 0; k < x->nField; k++) nSum += strlen(pr_bank_field_name((pr_bank_field)x->aField[k]));
        nSum += strlen(pr_bank_format_ext(x)) + (size_t)x->cDelim;
    }
    if (nSum == 1) fputc(' ', stderr);   /* keep the look-ups */
    pr_bank_formats_free(f);
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_bankformats(aData, nData);
}
#endif
