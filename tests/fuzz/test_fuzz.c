/*
 * test_fuzz.c - replays the fuzz seeds and every saved regression input
 * (tests/fuzz/{seeds,regressions}/<target>/) through the fuzz targets, so
 * that a crash once found stays fixed under `make test` and, with the
 * sanitizers, `make test-asan`. Run from the repository root.
 */
#include "tests/fuzz/fuzz.h"
#include "tests/testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs xTarget on every regular file of zDir; returns the count. */
static int replay(const char *zDir, int (*xTarget)(const uint8_t *, size_t))
{
    DIR *d = opendir(zDir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char zPath[1024];
        snprintf(zPath, sizeof(zPath), "%s/%s", zDir, e->d_name);
        FILE *f = fopen(zPath, "rb");
        if (!f) continue;
        size_t nCap = 1 << 16, nData = 0, k;
        uint8_t *a = malloc(nCap);
        while (a && (k = fread(a + nData, 1, nCap - nData, f)) > 0) {
            nData += k;
            if (nData == nCap) {
                uint8_t *aNew = realloc(a, nCap *= 2);
                if (!aNew) free(a);
                a = aNew;
            }
        }
        fclose(f);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        CU_ASSERT_EQUAL(xTarget(a, nData), 0);
        free(a);
        n++;
    }
    closedir(d);
    return n;
}

static void run(const char *zTarget, int (*xTarget)(const uint8_t *, size_t))
{
    char zDir[256];
    snprintf(zDir, sizeof(zDir), "tests/fuzz/seeds/%s", zTarget);
    CU_ASSERT(replay(zDir, xTarget) > 0);   /* every target has seeds */
    snprintf(zDir, sizeof(zDir), "tests/fuzz/regressions/%s", zTarget);
    replay(zDir, xTarget);
}

static void test_roster(void) { run("roster", pr_fuzz_roster); }
static void test_policy(void) { run("policy", pr_fuzz_policy); }
static void test_index(void) { run("index", pr_fuzz_index); }
static void test_manifest(void) { run("manifest", pr_fuzz_manifest); }
static void test_seal(void) { run("seal", pr_fuzz_seal); }
static void test_returns(void) { run("returns", pr_fuzz_returns); }
static void test_adjustments(void) { run("adjustments", pr_fuzz_adjustments); }
static void test_registers(void) { run("registers", pr_fuzz_registers); }
static void test_job(void) { run("job", pr_fuzz_job); }
static void test_bankformats(void) { run("bankformats", pr_fuzz_bankformats); }
static void test_xlsx(void) { run("xlsx", pr_fuzz_xlsx); }
static void test_plan(void) { run("plan", pr_fuzz_plan); }
static void test_shardpart(void) { run("shardpart", pr_fuzz_shardpart); }
static void test_keys(void) { run("keys", pr_fuzz_keys); }
static void test_merge(void) { run("merge", pr_fuzz_merge); }

static const pr_test aTests[] = {
    { "roster seeds and regressions", test_roster },
    { "policy seeds and regressions", test_policy },
    { "index seeds and regressions", test_index },
    { "manifest seeds and regressions", test_manifest },
    { "seal seeds and regressions", test_seal },
    { "returns seeds and regressions", test_returns },
    { "adjustments seeds and regressions", test_adjustments },
    { "registers seeds and regressions", test_registers },
    { "job seeds and regressions", test_job },
    { "bank formats seeds and regressions", test_bankformats },
    { "xlsx seeds and regressions", test_xlsx },
    { "plan seeds and regressions", test_plan },
    { "shard part seeds and regressions", test_shardpart },
    { "keys seeds and regressions", test_keys },
    { "merge part and exceptions seeds and regressions", test_merge },
};

int suite_fuzz(void) { PR_ADD_SUITE("fuzz", aTests); }
