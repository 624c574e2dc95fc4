/*
 * fuzz_plan.c - shard plan bytes through pr_plan_load (from a file: gzip,
 * CSV, every row checked); a refusal must say why; a plan accepted must
 * find each district and household on a shard it has, and come back the
 * same after pr_plan_write and a second load.
 */
#include "formats/plan.h"
#include "tests/fuzz/fuzz.h"

#include <stdio.h>
#include <string.h>

/* Traps unless q holds what p holds. */
static void same_plan(const pr_plan *p, const pr_plan *q)
{
    if (q->nShard != p->nShard || q->nRows != p->nRows || q->nDistrict != p->nDistrict || q->nHouse != p->nHouse) __builtin_trap();
    for (int i = 0; i < p->nDistrict; i++)
        if (memcmp(&p->aDistrict[i], &q->aDistrict[i], sizeof(p->aDistrict[i])) != 0) __builtin_trap();
    for (int i = 0; i < p->nHouse; i++)
        if (strcmp(p->aHouse[i].zId, q->aHouse[i].zId) != 0 || p->aHouse[i].iShard != q->aHouse[i].iShard
            || p->aHouse[i].nRows != q->aHouse[i].nRows)
            __builtin_trap();
}

int pr_fuzz_plan(const uint8_t *aData, size_t nData)
{
    const char *zPath = fz_scratch_file("plan.csv", aData, nData);
    pr_err err;
    pr_err_init(&err);
    pr_plan *p = pr_plan_load(zPath, &err);
    if (!p) {
        if (!err.rc || !err.zMsg[0]) __builtin_trap();   /* a refusal always says why */
        return 0;
    }
    if (p->nShard < 1 || p->nShard > PR_PLAN_MAX_SHARDS) __builtin_trap();
    for (int i = 0; i < p->nDistrict; i++) {
        int k = pr_plan_district_shard(p, p->aDistrict[i].iCode);
        if (k != p->aDistrict[i].iShard || k < 0 || k >= p->nShard) __builtin_trap();
    }
    for (int i = 0; i < p->nHouse; i++) {
        const char *z = p->aHouse[i].zId;
        int k = pr_plan_house_shard(p, z, strlen(z));
        if (k != p->aHouse[i].iShard || k < 0 || k >= p->nShard) __builtin_trap();
    }
    char zOut[600];
    snprintf(zOut, sizeof(zOut), "%s/plan-out.csv", fz_scratch_dir());
    if (pr_plan_write(p, zOut, &err) == PR_OK) {
        pr_plan *q = pr_plan_load(zOut, &err);
        if (!q) __builtin_trap();   /* what payrun writes it reads */
        same_plan(p, q);
        pr_plan_free(q);
    }
    remove(zOut);
    pr_plan_free(p);
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_plan(aData, nData);
}
#endif
