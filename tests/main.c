/*
 * main.c - the CUnit test runner: registers every suite and runs them all.
 * Exit status 0 only if every test passed.
 */
#include "tests/testutil.h"
#include "rules/programmes.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>

#define SUITES(X) \
    X(money) X(bigmem) X(record) X(keysort) X(keymerge) X(calendar) X(idcard) X(policy) X(csv) X(encoding) X(instream) \
    X(chunker) X(roster) X(rules) X(policylint) X(batch) X(changes) X(books) X(samples) X(cli) \
    X(manifest_read) X(verify) X(fuzz) X(oom) X(xlsxread) X(seal) X(mask) X(notice) X(diff) \
    X(cycle_samples) X(cycle_books) X(cyclefiles) X(cycle) X(install) X(job) X(job_cli) X(bank_formats) \
    X(bank_import) X(trend_model) X(trend) X(xlsx) X(sheetblock) X(explain) X(zh) X(plan) X(shardfile) X(split) X(shard) X(linemerge) X(common) X(merge) X(month)

#define DECLARE(name) int suite_##name(void);
SUITES(DECLARE)

/* bin/payrun-tests [SUITE]: every suite, or the one named */
int main(int argc, char **argv)
{
    pr_programmes_register();   /* the policy keys, as a run does */
    if (CU_initialize_registry() != CUE_SUCCESS) return 2;
#define ADD(name) if (suite_##name()) { fprintf(stderr, "cannot register suite " #name "\n"); return 2; }
    SUITES(ADD)
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_pSuite pOnly = argc > 1 ? CU_get_suite(argv[1]) : NULL;
    if (argc > 1 && !pOnly) { fprintf(stderr, "no suite %s\n", argv[1]); return 2; }
    if (pOnly) CU_basic_run_suite(pOnly); else CU_basic_run_tests();
    unsigned nFailed = CU_get_number_of_tests_failed() + CU_get_number_of_suites_failed();
    unsigned nRun = CU_get_number_of_tests_run();
    printf("\n%u passed, %u failed\n", nRun - CU_get_number_of_tests_failed(), CU_get_number_of_tests_failed());
    CU_cleanup_registry();
    return nFailed == 0 && nRun > 0 ? 0 : 1;
}
