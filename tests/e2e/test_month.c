/*
 * test_month.c - scripts/local/payrun-month, the sharded month as plain
 * processes (docs/SCALE.md, "Running a month on Slurm"), from the
 * repository root, on the samples and a job file naming their rosters:
 *   - on 3 shards it gives the plain run's month folder byte for byte
 *     (manifest.json but for the shards list merge adds);
 *   - a roster cut short stops it at the first stage that reads it, with
 *     payrun's message (file, byte offset), exit 2, no later stage run and
 *     no month folder;
 *   - what a sharded month cannot take yet is refused before anything runs:
 *     --prev, a job file with prev, returns or adjustments;
 *   - --sign-key signs the merged month, which verifies with the public key.
 */
#include "tests/testutil.h"

#include <stdio.h>

#define RUNNER "scripts/local/payrun-month --payrun %s"

/* the samples' rosters in a job file, without the payment cycle */
static const char *job_file(void)
{
    return tu_write_str("month.ini", "[run]\npolicy = samples/policy.csv\nindex = samples/index.csv\nmax_reject_rate = 5\n"
                                     "[rosters]\ndibao = samples/dibao-*.csv*\ntekun = samples/tekun-*.csv\n"
                                     "disability = samples/disability-*.csv\norphan = samples/orphan-*.csv\n");
}

static void test_three_shards(void)
{
    const char *zT = tu_tmpdir(), *zB = tu_bin(), *zJob = job_file();
    CU_ASSERT_EQUAL_FATAL(tu_sh("mkdir -p %s/lm && %s run --job %s --month 2023-08 --out %s/lm/a --no-progress >/dev/null 2>&1", zT, zB, zJob, zT), 0);
    CU_ASSERT_EQUAL(tu_sh(RUNNER " --job %s --month 2023-08 --shards 3 --work %s/lm/w --out %s/lm/b --jobs 2 2>%s/lm/err", zB, zJob, zT, zT, zT), 0);
    /* every stage ran: a shard month per shard, from the facts */
    CU_ASSERT_EQUAL(tu_sh("test -s %s/lm/w/facts.gz && ls -d %s/lm/w/shard-out/shard-[012]/2023-08 | grep -c . | grep -qx 3", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("ls %s/lm/w/logs/split-*.log | grep -c . | grep -qx 9", zT), 0);   /* one split per roster file */
    CU_ASSERT_EQUAL(tu_sh("diff -r -x manifest.json %s/lm/a/2023-08 %s/lm/b/2023-08 >&2 &&"
                          " sed '/^  \"shards\": \\[$/,/^  \\],$/d' %s/lm/b/2023-08/manifest.json | cmp -s - %s/lm/a/2023-08/manifest.json",
                          zT, zT, zT, zT), 0);
}

static void test_cut_roster(void)
{
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(tu_sh("mkdir -p %s/lc && head -c 3000 samples/dibao-haimen-qidong.csv.gz > %s/lc/cut.csv.gz", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh(RUNNER " --month 2023-08 --policy samples/policy.csv --index samples/index.csv"
                                 " --dibao samples/dibao-rudong-rugao.csv --dibao %s/lc/cut.csv.gz --tekun samples/tekun-dispersed.csv"
                                 " --shards 2 --work %s/lc/w --out %s/lc/out 2>%s/lc/err",
                          tu_bin(), zT, zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'stage plan failed (exit 2)' %s/lc/err", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'cut.csv.gz: truncated gzip stream: .*byte offset 3000' %s/lc/err", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'was not written' %s/lc/err", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("test ! -e %s/lc/w/logs/split-0.log && test ! -e %s/lc/out/2023-08", zT, zT), 0);
}

static void test_refused(void)
{
    const char *zT = tu_tmpdir(), *zB = tu_bin();
    CU_ASSERT_EQUAL(tu_sh(RUNNER " --month 2023-09 --policy samples/policy.csv --index samples/index.csv --tekun samples/tekun-dispersed.csv"
                                 " --prev out/2023-08 --shards 2 --work %s/lr/w --out %s/lr/o 2>%s/lr-err1", zB, zT, zT, zT), 1);
    CU_ASSERT_EQUAL(tu_sh("grep -q -- '--prev: a sharded month does not take the payment cycle' %s/lr-err1", zT), 0);
    /* the samples' own job file carries the cycle of September */
    CU_ASSERT_EQUAL(tu_sh(RUNNER " --job samples/payrun.ini --month 2023-09 --shards 2 --work %s/lr/w --out %s/lr/o 2>%s/lr-err2", zB, zT, zT, zT), 1);
    CU_ASSERT_EQUAL(tu_sh("grep -q '^16:prev = auto' %s/lr-err2 && grep -q '^38:returns' %s/lr-err2", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("test ! -e %s/lr/w", zT), 0);   /* nothing ran */
}

/* the merged month is signed, and verifies with the public key */
static void test_signed(void)
{
    const char *zT = tu_tmpdir(), *zB = tu_bin();
    CU_ASSERT_EQUAL_FATAL(tu_sh("mkdir -p %s/ls && %s keygen --out %s/ls/k >/dev/null 2>&1", zT, zB, zT), 0);
    CU_ASSERT_EQUAL(tu_sh(RUNNER " --month 2023-08 --policy samples/policy.csv --index samples/index.csv --tekun samples/tekun-dispersed.csv"
                                 " --disability samples/disability-with-type.csv --max-reject-rate 5 --sign-key %s/ls/k/payrun-sign.key"
                                 " --shards 2 --work %s/ls/w --out %s/ls/o 2>%s/ls/err", zB, zT, zT, zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s verify %s/ls/o/2023-08 --pubkey %s/ls/k/payrun-sign.pub >/dev/null 2>&1", zB, zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("test -s %s/ls/o/2023-08/manifest.sig && test ! -e %s/ls/w/shard-out/shard-0/2023-08/manifest.sig", zT, zT), 0);
}

int suite_month(void)
{
    static const pr_test aT[] = {
        { "local runner, samples on 3 shards: the plain run's folder", test_three_shards },
        { "local runner: a roster cut short stops it, no folder", test_cut_roster },
        { "local runner: the payment cycle refused", test_refused },
        { "local runner: the merged month signed", test_signed },
    };
    PR_ADD_SUITE("month", aT);
}
