/*
 * fuzz_keys.c - bytes as the files of a sharded month (formats/keyfile.h):
 * as a facts file through pr_facts_read (plain, as gzip reads it too), and
 * as a key file merged with a fixed valid one through pr_crosscheck, which
 * parses every entry and writes facts when all is well.
 */
#include "formats/keyfile.h"
#include "run/crosscheck.h"
#include "tests/fuzz/fuzz.h"

#include <stdio.h>
#include <stdlib.h>

static const char zOther[] =
    "payrun-keys\t1\tmonth=2023-09\tshard=other\n"
    "320613196001010013\tdibao\t00000000\t0000000002\t320613\tPAID\tH1\ta.csv:2\n"
    "320613196001010021\ttekun\t00000001\t0000000002\t320613\tPAID\t\tb.csv:2\n";

int pr_fuzz_keys(const uint8_t *aData, size_t nData)
{
    const char *zPath = fz_scratch_file("keys.gz", aData, nData);
    pr_global *g = pr_global_new();
    if (!g) return 0;
    pr_err e;
    pr_err_init(&e);
    if (pr_facts_read(zPath, "2023-09", "me", g, &e) == PR_OK && g->nRec == 1 && g->aRec[0].iLine == 7) fputc(' ', stderr);
    pr_global_free(g);
    const char *zOtherPath = fz_scratch_file("other.gz", (const uint8_t *)zOther, sizeof(zOther) - 1);
    char zOut[1024];
    snprintf(zOut, sizeof(zOut), "%s/facts.gz", fz_scratch_dir());
    const char *azKeys[2] = { zPath, zOtherPath };
    pr_err_init(&e);
    pr_crosscheck(azKeys, 2, zOut, &e);
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_keys(aData, nData);
}
#endif
