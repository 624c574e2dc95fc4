/*
 * test_cli.c - the command as a scheduler meets it: exit codes 0/1/2/3,
 * what a month that must not be paid leaves behind, --force, the lock
 * against overlapping runs, byte-identical folders for 1 and 2 threads,
 * --prev, --json, `check` and `verify`. Runs bin/payrun (or $PAYRUN_BIN)
 * from the repository root on samples/.
 */
#include "tests/testutil.h"
#include "io/lock.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define SAMPLE_ARGS " --month 2023-08 --policy samples/policy.csv --index samples/index.csv" \
    " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv" \
    " --disability samples/disability-with-type.csv --disability samples/disability-certificate-only.csv" \
    " --orphan samples/orphan-children.csv"

/* Whether tmpdir/zSub/2023-08/zName exists. */
static int exists(const char *zSub, const char *zName)
{
    char z[1024];
    struct stat st;
    snprintf(z, sizeof(z), "%s/%s/2023-08/%s", tu_tmpdir(), zSub, zName);
    return stat(z, &st) == 0;
}

/* 19 of 969 records are REJECTED (1.96 %): over the default 1 %, the month
 * must not be paid: exit 3, exceptions, summary, manifest only */
static void test_not_payable(void)
{
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --out %s/np 2>%s/np.err", tu_bin(), tu_tmpdir(), tu_tmpdir()), 3);
    CU_ASSERT_TRUE(exists("np", "exceptions.csv"));
    CU_ASSERT_TRUE(exists("np", "summary.xlsx"));
    CU_ASSERT_TRUE(exists("np", "manifest.json"));
    CU_ASSERT_FALSE(exists("np", "ledger.csv.gz"));
    CU_ASSERT_FALSE(exists("np", "320613-崇川区.xlsx"));
    CU_ASSERT_FALSE(exists("np", "bank-江苏银行.xlsx"));
    CU_ASSERT_EQUAL(tu_sh("grep -q 'max-reject-rate' %s/np.err", tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q '\"status\": \"not_payable\"' %s/np/2023-08/manifest.json", tu_tmpdir()), 0);
}

/* a payable run, rerun with another thread count: identical files */
static void test_threads_identical(void)
{
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/t1 --threads 1 2>/dev/null", tu_bin(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/t2 --threads 2 2>/dev/null", tu_bin(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("diff -r %s/t1/2023-08 %s/t2/2023-08 >/dev/null", tu_tmpdir(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("ls %s/t1/2023-08 | grep -c xlsx | grep -qx 22", tu_tmpdir()), 0);   /* 7 districts, 7 notices, 7 banks, summary */
}

/* an existing month is left alone without --force, replaced with it; a
 * held lock stops a second run with a message naming the first */
static void test_force_and_lock(void)
{
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/f 2>/dev/null", tu_bin(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("cp %s/f/2023-08/manifest.json %s/f-manifest", tu_tmpdir(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/f 2>%s/f.err", tu_bin(), tu_tmpdir(), tu_tmpdir()), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q -- '--force' %s/f.err", tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("cmp -s %s/f/2023-08/manifest.json %s/f-manifest", tu_tmpdir(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/f --force 2>/dev/null", tu_bin(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("ls -a %s/f | grep -c tmp | grep -qx 0", tu_tmpdir()), 0);
    char zDir[600];
    snprintf(zDir, sizeof(zDir), "%s/f", tu_tmpdir());
    pr_lock lock;
    pr_err err;
    pr_err_init(&err);
    CU_ASSERT_EQUAL_FATAL(pr_lock_acquire(&lock, zDir, "2023-08", &err), PR_OK);
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/f --force 2>%s/lock.err", tu_bin(), tu_tmpdir(), tu_tmpdir()), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'another payrun is writing 2023-08' %s/lock.err", tu_tmpdir()), 0);
    pr_lock_release(&lock);
}

/* --json on stdout for schedulers; no progress bar without a terminal */
static void test_json(void)
{
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/j --json >%s/j.json 2>%s/j.err", tu_bin(), tu_tmpdir(), tu_tmpdir(), tu_tmpdir()), 0);
    char z[600];
    snprintf(z, sizeof(z), "%s/j.json", tu_tmpdir());
    char *zJson = tu_read(z);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zJson);
    CU_ASSERT_PTR_NOT_NULL(strstr(zJson, "\"exit_code\": 0"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zJson, "\"lines\": 1348"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zJson, "\"total_fen\": 61838250"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zJson, "\"rejected\": 19"));
    free(zJson);
    CU_ASSERT_EQUAL(tu_sh("grep -q '\\[' %s/j.err", tu_tmpdir()), 1);   /* no bar in a log */
}

/* --prev: a second month against the first */
static void test_prev(void)
{
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/p 2>/dev/null", tu_bin(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("mv %s/p/2023-08 %s/p/2023-07 && sed -i 's/\"month\": \"2023-08\"/\"month\": \"2023-07\"/' %s/p/2023-07/manifest.json",
                       tu_tmpdir(), tu_tmpdir(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/p --prev %s/p/2023-07 2>/dev/null", tu_bin(), tu_tmpdir(), tu_tmpdir()), 0);
    CU_ASSERT_TRUE(exists("p", "changes.csv"));
    /* the same rosters: no beneficiary changed, only the header and shared accounts */
    CU_ASSERT_EQUAL(tu_sh("grep -cE '^(NEW|STOPPED|CHANGED),' %s/p/2023-08/changes.csv | grep -qx 0", tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/p2 --prev %s/nowhere/2023-07 2>/dev/null", tu_bin(), tu_tmpdir(), tu_tmpdir()), 2);
    /* a refused --prev: exit 2 with payrun's one message, no library error
     * about the temporary folder it has removed, and no folder left */
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/p3 --prev %s/p/2023-08 2>%s/p3.err", tu_bin(), tu_tmpdir(),
                       tu_tmpdir(), tu_tmpdir()), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'not earlier than the batch month' %s/p3.err", tu_tmpdir()), 0);
    CU_ASSERT_NOT_EQUAL(tu_sh("grep -q 'ERROR' %s/p3.err", tu_tmpdir()), 0);
    CU_ASSERT_NOT_EQUAL(tu_sh("ls -d %s/p3/.2023-08.tmp.* 2>/dev/null", tu_tmpdir()), 0);
}

/* check writes only the exceptions; verify catches a changed byte */
static void test_check_and_verify(void)
{
    CU_ASSERT_EQUAL(tu_sh("%s check" SAMPLE_ARGS " --max-reject-rate 5 --out %s/check.csv 2>/dev/null", tu_bin(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("head -1 %s/check.csv | grep -qx 'file,line,program,id,status,code,message,说明'", tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s check" SAMPLE_ARGS " --out %s/check2.csv 2>/dev/null", tu_bin(), tu_tmpdir()), 3);
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --max-reject-rate 5 --out %s/v 2>/dev/null", tu_bin(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s verify %s/v/2023-08 >/dev/null 2>&1", tu_bin(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("printf 'x' | dd of=%s/v/2023-08/exceptions.csv bs=1 seek=100 conv=notrunc 2>/dev/null", tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s verify %s/v/2023-08 >%s/verify.out 2>&1", tu_bin(), tu_tmpdir(), tu_tmpdir()), 3);
    CU_ASSERT_EQUAL(tu_sh("grep -q exceptions.csv %s/verify.out", tu_tmpdir()), 0);
}

static void test_usage(void)
{
    CU_ASSERT_EQUAL(tu_sh("%s >/dev/null 2>&1", tu_bin()), 1);
    CU_ASSERT_EQUAL(tu_sh("%s run --help | grep -q -- '--max-reject-rate'", tu_bin()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s --help | grep -q '3  the batch ran but must not be paid'", tu_bin()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --out %s/u --threads x 2>/dev/null", tu_bin(), tu_tmpdir()), 1);
    CU_ASSERT_EQUAL(tu_sh("%s run" SAMPLE_ARGS " --out %s/u --max-reject-rate 101 2>/dev/null", tu_bin(), tu_tmpdir()), 1);
}

static const pr_test aTests[] = {
    { "not payable: too many rejected", test_not_payable },
    { "identical folders for 1 and 2 threads", test_threads_identical },
    { "--force and the lock", test_force_and_lock },
    { "--json", test_json },
    { "--prev", test_prev },
    { "check and verify", test_check_and_verify },
    { "usage", test_usage },
};

int suite_cli(void) { PR_ADD_SUITE("cli", aTests); }
