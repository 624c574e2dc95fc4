/*
 * fuzz_job.c - job file bytes through pr_job_read (from a file, as for a
 * run), then pr_job_apply for a month with and without command-line
 * options: placeholders, globs, prev = auto. Patterns with a wildcard in a
 * folder part (a*\/b) are read but not applied: they would walk whole trees
 * of the machine, which is glob(3)'s work, not ours.
 */
#include "run/job.h"
#include "tests/fuzz/fuzz.h"

#include <stdlib.h>
#include <string.h>

/* 1 when the input holds a wildcard followed by a '/' (a*\/, ?/, ]/). */
static int walks_trees(const uint8_t *a, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if ((a[i] == '*' || a[i] == '?' || a[i] == ']') && a[i + 1] == '/') return 1;
    return 0;
}

int pr_fuzz_job(const uint8_t *aData, size_t nData)
{
    const char *zPath = fz_scratch_file("payrun.ini", aData, nData);
    for (int bCli = 0; bCli < 2; bCli++) {
        pr_err err;
        pr_err_init(&err);
        pr_run_opts o;
        memset(&o, 0, sizeof(o));
        o.zMonth = bCli ? "2024-01" : "2023-09";
        o.bCheck = bCli;
        o.aIn = calloc(2, sizeof(*o.aIn));
        o.azReturns = calloc(2, sizeof(char *));
        o.azAdjust = calloc(2, sizeof(char *));
        if (bCli && o.aIn) {
            o.aIn[o.nIn++] = (pr_run_input){ "cli.csv", ROSTER_TEKUN };
            o.zOut = fz_scratch_dir();
        }
        o.pJob = pr_job_read(zPath, &err);
        if (o.pJob && !walks_trees(aData, nData) && o.aIn && o.azReturns && o.azAdjust)
            pr_job_apply(o.pJob, &o, &err);
        pr_job_free(o.pJob);
        free(o.aIn);
        free(o.azReturns);
        free(o.azAdjust);
    }
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_job(aData, nData);
}
#endif
