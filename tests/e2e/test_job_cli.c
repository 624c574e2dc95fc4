/*
 * test_job_cli.c - `payrun run --job` and `payrun check --job` as cron runs
 * them: samples/payrun.ini gives the sample's 2023-09 byte for byte as the
 * command line of `make demo` does; the command line overrides the file; a
 * bad job file is exit 2 with its line named and nothing written. Runs
 * bin/payrun (or $PAYRUN_BIN) in copies of samples/ so that both runs see
 * the same relative paths (the manifest records them).
 */
#include "tests/testutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* as the Makefile's demo target runs them (SAMPLES, SAMPLES_09) */
#define ROSTERS_A " --policy samples/policy.csv --index samples/index.csv" \
    " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv"
#define ROSTERS_B " --disability samples/disability-certificate-only.csv --orphan samples/orphan-children.csv" \
    " --bank-formats samples/bank-formats.csv" \
    " --max-reject-rate 5"
#define AUG_ARGS " --month 2023-08" ROSTERS_A " --disability samples/disability-with-type.csv" ROSTERS_B
#define SEP_ARGS " --month 2023-09" ROSTERS_A " --disability samples/2023-09/disability-with-type.csv" ROSTERS_B \
    " --prev out/2023-08 --returns samples/returns-2023-08.csv --adjustments samples/adjustments-2023-09.csv"

static char zBin[PATH_MAX];   /* the binary, absolute: the runs are in other folders */
static int bReady;            /* TMP/jc/cli/out/2023-08 and 2023-09 run from the command line */

/* TMP/jc/<zName>: a copy of samples/ with out/2023-08 of the command line */
static int workdir(const char *zName)
{
    return tu_sh("rm -rf %s/jc/%s && mkdir -p %s/jc/%s/out && cp -r samples %s/jc/%s/ && cp -r %s/jc/cli/out/2023-08 %s/jc/%s/out/",
                 tu_tmpdir(), zName, tu_tmpdir(), zName, tu_tmpdir(), zName, tu_tmpdir(), tu_tmpdir(), zName);
}

static int setup(void)
{
    if (!realpath(tu_bin(), zBin)) return 0;
    const char *zT = tu_tmpdir();
    if (tu_sh("mkdir -p %s/jc/cli && cp -r samples %s/jc/cli/", zT, zT) != 0) return 0;
    if (tu_sh("cd %s/jc/cli && %s run" AUG_ARGS " --out out --no-progress 2>/dev/null", zT, zBin) != 0) return 0;
    if (tu_sh("cd %s/jc/cli && %s run" SEP_ARGS " --out out --no-progress 2>/dev/null", zT, zBin) != 0) return 0;
    bReady = 1;
    return 0;
}

/* the job file's month is the command line's, byte for byte */
static void test_sample_identical(void)
{
    if (!bReady) setup();
    CU_ASSERT_FATAL(bReady);
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(workdir("job"), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/job && %s run --job samples/payrun.ini --month 2023-09 --no-progress 2>/dev/null", zT, zBin), 0);
    CU_ASSERT_EQUAL(tu_sh("diff -r %s/jc/cli/out/2023-09 %s/jc/job/out/2023-09", zT, zT), 0);
    /* another thread count on the command line: still the same folder */
    CU_ASSERT_EQUAL_FATAL(workdir("job2"), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/job2 && %s run --job samples/payrun.ini --month 2023-09 --threads 1 --no-progress 2>/dev/null", zT, zBin), 0);
    CU_ASSERT_EQUAL(tu_sh("diff -r %s/jc/cli/out/2023-09 %s/jc/job2/out/2023-09", zT, zT), 0);
    /* check --job: the same exceptions as check from the command line */
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/job && %s check --job samples/payrun.ini --month 2023-09 --out check-job.csv --no-progress 2>/dev/null", zT, zBin), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/job && %s check" SEP_ARGS " --out check-cli.csv --no-progress 2>/dev/null", zT, zBin), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/job && cmp -s check-job.csv check-cli.csv", zT), 0);
}

/* the command line overrides the file */
static void test_overrides(void)
{
    if (!bReady) setup();
    CU_ASSERT_FATAL(bReady);
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(workdir("ovr"), 0);
    /* the file's max_reject_rate 5 replaced by the default's 1: not payable */
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/ovr && %s run --job samples/payrun.ini --month 2023-09 --max-reject-rate 1 --out o1 --prev out/2023-08 "
                          "--no-progress 2>/dev/null", zT, zBin), 3);
    /* --orphan replaces the file's orphan pattern; --out and --prev the file's */
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/ovr && %s run --job samples/payrun.ini --month 2023-09 --orphan samples/orphan-children.csv "
                          "--out o2 --prev out/2023-08 --json --no-progress >o2.json 2>/dev/null", zT, zBin), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/ovr && grep -q '\"folder\": \"o2/2023-09\"' o2.json", zT), 0);
    /* a programme whose pattern matches nothing, replaced on the command line */
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/ovr && sed 's|^orphan = .*|orphan = samples/none-*.csv|' samples/payrun.ini > gone.ini", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/ovr && %s run --job gone.ini --month 2023-09 --out o3 --prev out/2023-08 --no-progress 2>/dev/null",
                          zT, zBin), 2);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/ovr && %s run --job gone.ini --month 2023-09 --orphan samples/orphan-children.csv --out o3 "
                          "--prev out/2023-08 --no-progress 2>/dev/null", zT, zBin), 0);
    CU_ASSERT_EQUAL(tu_sh("diff -r %s/jc/ovr/o2/2023-09 %s/jc/ovr/o3/2023-09 >/dev/null", zT, zT), 0);
}

/* Runs the sample job file with zSed applied; checks exit 2, zWant on
 * stderr, and that no 2023-09 (nor its temporary folder) was written. */
static void bad_job(const char *zSed, const char *zWant)
{
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(workdir("bad"), 0);
    CU_ASSERT_EQUAL_FATAL(tu_sh("cd %s/jc/bad && sed '%s' samples/payrun.ini > bad.ini", zT, zSed), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/bad && %s run --job bad.ini --month 2023-09 --no-progress 2>err.txt", zT, zBin), 2);
    char zErr[600];
    snprintf(zErr, sizeof(zErr), "%s/jc/bad/err.txt", zT);
    char *z = tu_read(zErr);
    int bMsg = z && strstr(z, zWant);
    CU_ASSERT(bMsg);
    if (!bMsg) fprintf(stderr, "\nwanted: %s\ngot: %s\n", zWant, z ? z : "(nothing)");
    free(z);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/bad && ls -a out | grep -q 2023-09", zT), 1);
}

static void test_bad(void)
{
    if (!bReady) setup();
    CU_ASSERT_FATAL(bReady);
    bad_job("s/^max_reject_rate = 5$/max_reject_rate = 5\\nmax_reject = 5/", "bad.ini:19: unknown key 'max_reject' in [run]");
    bad_job("s/^\\[cycle\\]$/[cycles]/", "bad.ini:36: unknown section [cycles]");
    bad_job("s|^orphan = .*|orphan = samples/orphans-*.csv|", "bad.ini:34: orphan = samples/orphans-*.csv matches no file");
    bad_job("s|^returns = .*|returns = samples/returns-{month}.csv|",
            "bad.ini:38: returns = samples/returns-{month}.csv (samples/returns-2023-09.csv) matches no file");
    bad_job("s|^out = out$|out = samples|", "bad.ini:16: prev = auto: no folder 2023-08 (the month before 2023-09) in samples");
    bad_job("s|^threads.*||; s|^max_reject_rate = 5$|max_reject_rate = 5\\nthreads = abc|",
            "bad.ini:19: threads must be a whole number from 1 to 1024, not 'abc'");
    bad_job("s|^\\[rosters\\]$|[rosters\\nmore|", "bad.ini:22: not a [section] or a key = value line: '[rosters'");
    /* a missing job file, and a job file with no --month */
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/bad && %s run --job nowhere.ini --month 2023-09 2>err.txt", zT, zBin), 2);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/bad && grep -q 'nowhere.ini: cannot read the job file' err.txt", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/bad && %s run --job samples/payrun.ini 2>err.txt", zT, zBin), 1);
    CU_ASSERT_EQUAL(tu_sh("cd %s/jc/bad && %s check --job bad.ini --month 2023-09 2>err.txt >/dev/null", zT, zBin), 2);
}

static const pr_test aTests[] = {
    { "samples/payrun.ini: the same month as the command line", test_sample_identical },
    { "the command line overrides the job file", test_overrides },
    { "bad job files: exit 2, the line, nothing written", test_bad },
};

int suite_job_cli(void) { PR_ADD_SUITE("job_cli", aTests); }
