/*
 * test_merge.c - payrun merge (docs/SCALE.md) end to end: a month through
 * plan, split, keys, crosscheck, the shards' runs and merge
 * (scripts/local/payrun-month, plain processes) gives the single run's month folder file for
 * file, byte for byte, but for the shards list of manifest.json:
 *   - the samples (bank import files among the outputs) on 1, 3 and 7
 *     shards;
 *   - a bench/gen month with cases across districts added
 *     (tests/e2e/cross_month.sh: a TEKUN person twice, DIBAO members in
 *     another district's disability, orphan and TEKUN rosters, accounts
 *     shared by households of two districts) on 1, 3 and 7 shards;
 *   - the month's reject-rate gate applied by merge on the whole, as the
 *     single run applies it (NOT PAYABLE, the same files);
 * and merge refuses, leaving no month folder and naming the shard and the
 * file: a missing shard, a shard's run that did not finish, shards of two
 * plans, a damaged ledger, a shard file changed after its run (each shard
 * is verified against its manifest), options a sharded month does not take.
 */
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLES " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv" \
    " --disability samples/disability-with-type.csv --disability samples/disability-certificate-only.csv" \
    " --orphan samples/orphan-children.csv"
#define SAMPLE_CONF "--month 2023-08 --policy samples/policy.csv --index samples/index.csv --bank-formats samples/bank-formats.csv"

/* The folders A and B are the same but for B's manifest's shards list. */
#define SAME_FOLDERS "diff -r -x manifest.json %s %s >&2 && sed '/^  \"shards\": \\[$/,/^  \\],$/d' %s/manifest.json | cmp -s - %s/manifest.json"

/* Runs the month whole into DIR/a, and in N shards into DIR/wN, with the
 * month's options zConf (reject rate zRate) and rosters zRosters. 0 when
 * both finished with status rc. */
static int both(const char *zDir, int nShard, const char *zConf, const char *zRate, const char *zRosters, int rc)
{
    const char *zT = tu_tmpdir();
    if (tu_sh("test -d %s/%s/a || %s run %s --max-reject-rate %s%s --out %s/%s/a --no-progress >/dev/null 2>&1; test -d %s/%s/a/2023-08",
              zT, zDir, tu_bin(), zConf, zRate, zRosters, zT, zDir, zT, zDir))
        return -1;
    return tu_sh("scripts/local/payrun-month --payrun %s --shards %d --work %s/%s/w%d/w --out %s/%s/w%d/m %s%s --jobs 2"
                 " >/dev/null 2>&1; test $? = %d", tu_bin(), nShard, zT, zDir, nShard, zT, zDir, nShard, zConf, zRosters, rc);
}

/* The merge of N shards, merged with --max-reject-rate zRate, equals the single run. */
static int same(const char *zDir, int nShard)
{
    const char *zT = tu_tmpdir();
    char zA[4096], zB[4096];
    snprintf(zA, sizeof(zA), "%s/%s/a/2023-08", zT, zDir);
    snprintf(zB, sizeof(zB), "%s/%s/w%d/m/2023-08", zT, zDir, nShard);
    return tu_sh(SAME_FOLDERS, zA, zB, zB, zA);
}

static void test_samples(void)
{
    static const int anShard[] = { 1, 3, 7 };
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(tu_sh("mkdir -p %s/ms", zT), 0);
    for (size_t i = 0; i < sizeof(anShard) / sizeof(anShard[0]); i++) {
        int n = anShard[i];
        CU_ASSERT_EQUAL_FATAL(both("ms", n, SAMPLE_CONF " --max-reject-rate 5", "5", SAMPLES, 0), 0);
        CU_ASSERT_EQUAL(same("ms", n), 0);
        /* the shards list names each shard's manifest */
        CU_ASSERT_EQUAL(tu_sh("test $(grep -c '{\"shard\": [0-9]*, \"manifest_sha256\": \"[0-9a-f]\\{64\\}\"}' %s/ms/w%d/m/2023-08/manifest.json) = %d",
                              zT, n, n), 0);
        CU_ASSERT_EQUAL(tu_sh("%s verify %s/ms/w%d/m/2023-08 >/dev/null 2>&1", tu_bin(), zT, n), 0);
    }
    /* merge tells the month's lines and money as the run tells them, on the terminal and in --json */
    CU_ASSERT_EQUAL(tu_sh("LANG=C %s run " SAMPLE_CONF " --max-reject-rate 5" SAMPLES " --out %s/ms/j1 --json --no-progress >%s/ms/r.json 2>%s/ms/r.err;"
                          " LANG=C %s merge " SAMPLE_CONF " --max-reject-rate 5 --shard-out %s/ms/w3/w/shard-out --shards 3 --out %s/ms/j2 --json"
                          " --no-progress >%s/ms/m.json 2>%s/ms/m.err; true", tu_bin(), zT, zT, zT, tu_bin(), zT, zT, zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/ms && grep -o '\"lines\": [1-9][0-9]*, \"total_fen\": [1-9][0-9]*' r.json >r.n"
                          " && grep -o '\"lines\": [0-9]*, \"total_fen\": [0-9]*' m.json | cmp - r.n", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/ms && grep -o '[1-9][0-9]* payment lines, [0-9.]* yuan' r.err >r.t"
                          " && grep -o '[0-9]* payment lines, [0-9.]* yuan' m.err | cmp - r.t", zT), 0);
    /* the import files and the notices are among what was compared */
    CU_ASSERT_EQUAL(tu_sh("ls %s/ms/w7/m/2023-08 | grep -c 'import\\|公示' | grep -qx 9", zT), 0);
    /* 7 shards: one district each, the person in two DIBAO households of two districts held on both */
    CU_ASSERT_EQUAL(tu_sh("grep '^district' %s/ms/w7/w/plan.csv | cut -d, -f3 | sort -u | grep -c . | grep -qx 7", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -c MULTIPLE_HOUSEHOLDS %s/ms/w7/m/2023-08/exceptions.csv | grep -qvx 0", zT), 0);
}

static void test_cross_districts(void)
{
    static const int anShard[] = { 1, 3, 7 };
    const char *zT = tu_tmpdir();
    char zConf[1024], zRosters[8192];
    CU_ASSERT_EQUAL_FATAL(tu_sh("rm -rf %s/mc && mkdir -p %s/mc && bench/gen --persons 6000 --seed 11 --out %s/mc/in >/dev/null 2>&1 &&"
                                " tests/e2e/cross_month.sh %s/mc/in", zT, zT, zT, zT), 0);
    snprintf(zConf, sizeof(zConf), "--month 2023-08 --policy %s/mc/in/policy.csv --index %s/mc/in/index.csv", zT, zT);
    FILE *f = NULL;
    char zArgs[4096];
    snprintf(zArgs, sizeof(zArgs), "%s/mc/in/args.txt", zT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(zArgs, "r"));
    size_t n = 0;
    char zWord[1024];
    while (fscanf(f, "%1023s", zWord) == 1 && n + strlen(zWord) + 2 < sizeof(zRosters)) n += (size_t)snprintf(zRosters + n, sizeof(zRosters) - n, " %s", zWord);
    fclose(f);
    for (size_t i = 0; i < sizeof(anShard) / sizeof(anShard[0]); i++) {
        char zC[1100];
        snprintf(zC, sizeof(zC), "%s --max-reject-rate 5", zConf);
        CU_ASSERT_EQUAL_FATAL(both("mc", anShard[i], zC, "5", zRosters, 0), 0);
        CU_ASSERT_EQUAL(same("mc", anShard[i]), 0);
    }
    /* the cases that cross districts are there, and cross shards on 7 */
    CU_ASSERT_EQUAL(tu_sh("cd %s/mc/a/2023-08 && grep -q 'DUPLICATE_PERSON.*tekun-320613' exceptions.csv &&"
                          " grep -q DIBAO_TEKUN_CONFLICT exceptions.csv", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("test $(zcat %s/mc/w7/w/facts.gz | grep -vc '^payrun') -gt 10", zT), 0);
    /* an account shared by households of two districts, in the summary */
    CU_ASSERT_EQUAL(tu_sh("cd %s/mc && unzip -p a/2023-08/summary.xlsx xl/worksheets/sheet4.xml | grep -q 'DB320612-[0-9]* ([^)]*); DB320685-'", zT), 0);
    /* and one shared with an orphan of 320682 by a household of 320681, named by its head */
    CU_ASSERT_EQUAL(tu_sh("cd %s/mc && unzip -p a/2023-08/summary.xlsx xl/worksheets/sheet4.xml | grep -q 'DB320681-[0-9]* ([^)]*); 320682'", zT), 0);
    /* the 7 shards' merge again with the shared accounts in 1 and in 256 partitions: the same bytes (the
     * household's head is named in another partition than the shared account's, in some of them) */
    for (int k = 0; k < 2; k++) {
        CU_ASSERT_EQUAL(tu_sh("rm -rf %s/mc/p && PAYRUN_MERGE_PARTS=%d %s merge %s --max-reject-rate 5 --shard-out %s/mc/w7/w/shard-out"
                              " --shards 7 --out %s/mc/p --no-progress >/dev/null 2>&1", zT, k ? 256 : 1, tu_bin(), zConf, zT, zT), 0);
        CU_ASSERT_EQUAL(tu_sh("cmp %s/mc/a/2023-08/summary.xlsx %s/mc/p/2023-08/summary.xlsx", zT, zT), 0);
    }
}

/* the month's reject-rate gate is merge's, on the whole month */
static void test_reject_gate(void)
{
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(tu_sh("mkdir -p %s/mr", zT), 0);
    CU_ASSERT_EQUAL_FATAL(both("mr", 3, SAMPLE_CONF " --max-reject-rate 0.5", "0.5", SAMPLES, 3), 0);
    CU_ASSERT_EQUAL(same("mr", 3), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q '\"status\": \"not_payable\"' %s/mr/w3/m/2023-08/manifest.json && test ! -e %s/mr/w3/m/2023-08/ledger.csv.gz",
                          zT, zT), 0);
}

/* merge refuses what it cannot put together, and writes no month */
static void test_refusals(void)
{
    const char *zT = tu_tmpdir(), *zB = tu_bin();
    CU_ASSERT_EQUAL_FATAL(tu_sh("mkdir -p %s/mf && scripts/local/payrun-month --payrun %s --shards 3 --work %s/mf/w --out %s/mf/m " SAMPLE_CONF
                                " --max-reject-rate 5" SAMPLES " >/dev/null 2>&1", zT, zB, zT, zT), 0);
#define MERGE "%s merge " SAMPLE_CONF " --max-reject-rate 5 --shard-out %s/mf/w/shard-out --out %s/mf/o --no-progress"
    /* a fourth shard that did not run */
    CU_ASSERT_EQUAL(tu_sh(MERGE " --shards 4 2>%s/mf/e1", zB, zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q '^payrun: error: shard 3: .*shard-3/2023-08/manifest.json' %s/mf/e1 && test ! -e %s/mf/o/2023-08", zT, zT), 0);
    /* a shard's run that did not leave its part */
    CU_ASSERT_EQUAL(tu_sh("mv %s/mf/w/shard-out/shard-1/2023-08.merge.csv.gz %s/mf/p1", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh(MERGE " --shards 3 2>%s/mf/e2", zB, zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'shard 1: .*shard-1/2023-08.merge.csv.gz' %s/mf/e2 && test ! -e %s/mf/o/2023-08", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("mv %s/mf/p1 %s/mf/w/shard-out/shard-1/2023-08.merge.csv.gz", zT, zT), 0);
    /* the same shard twice: its districts in two shards */
    CU_ASSERT_EQUAL(tu_sh("cp -r %s/mf/w/shard-out %s/mf/so2 && rm -r %s/mf/so2/shard-1 && cp -r %s/mf/so2/shard-0 %s/mf/so2/shard-1", zT, zT, zT, zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s merge " SAMPLE_CONF " --max-reject-rate 5 --shard-out %s/mf/so2 --shards 3 --out %s/mf/o 2>%s/mf/e3", zB, zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'shard 1: .*ledger.csv.gz:2: district [0-9]* has lines in shard 0 too' %s/mf/e3", zT), 0);
    /* a merge that stops after it began to spool leaves no spool behind */
    CU_ASSERT_EQUAL(tu_sh("test -z \"$(ls %s/mf/so2 | grep merge-spool)\"", zT), 0);
    /* a damaged ledger (it no longer matches its manifest); another shard's part */
    CU_ASSERT_EQUAL(tu_sh("cp -r %s/mf/w/shard-out %s/mf/so3 && cd %s/mf/so3/shard-2/2023-08 && zcat ledger.csv.gz | head -20 | gzip > l && mv l ledger.csv.gz", zT, zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s merge " SAMPLE_CONF " --max-reject-rate 5 --shard-out %s/mf/so3 --shards 3 --out %s/mf/o 2>%s/mf/e4", zB, zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'shard 2: .*shard-2/2023-08: the shard.s month does not match its manifest: ledger.csv.gz' %s/mf/e4", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("rm -r %s/mf/so3 && cp -r %s/mf/w/shard-out %s/mf/so3 && cp %s/mf/so3/shard-0/2023-08.merge.csv.gz %s/mf/so3/shard-2/", zT, zT, zT, zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s merge " SAMPLE_CONF " --max-reject-rate 5 --shard-out %s/mf/so3 --shards 3 --out %s/mf/o 2>%s/mf/e4", zB, zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'shard 2: .*shard-2/2023-08.merge.csv.gz:1: a merge part written with another month folder' %s/mf/e4", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("test ! -e %s/mf/o/2023-08", zT), 0);
    /* a shard's workbook changed after its run: the shard no longer matches its manifest */
    CU_ASSERT_EQUAL(tu_sh("cp -r %s/mf/w/shard-out %s/mf/so4 && echo x >> \"$(ls %s/mf/so4/shard-0/2023-08/公示-*.xlsx | head -1)\"", zT, zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s merge " SAMPLE_CONF " --max-reject-rate 5 --shard-out %s/mf/so4 --shards 3 --out %s/mf/o 2>%s/mf/e5", zB, zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'shard 0: .*so4/shard-0/2023-08: the shard.s month does not match its manifest: 公示-.*bytes, manifest.json says' %s/mf/e5"
                          " && test ! -e %s/mf/o/2023-08", zT, zT), 0);
    /* what a sharded month does not take */
    CU_ASSERT_EQUAL(tu_sh(MERGE " --shards 3 --prev %s/mf 2>/dev/null", zB, zT, zT, zT), 1);
    CU_ASSERT_EQUAL(tu_sh(MERGE " --shards 3 --tekun samples/tekun-dispersed.csv 2>/dev/null", zB, zT, zT), 1);
    CU_ASSERT_EQUAL(tu_sh("%s merge " SAMPLE_CONF " --out %s/mf/o 2>/dev/null", zB, zT), 1);
    CU_ASSERT_EQUAL(tu_sh("%s run " SAMPLE_CONF SAMPLES " --shards 3 --out %s/mf/o 2>/dev/null", zB, zT), 1);
    /* and then the three shards as they were */
    CU_ASSERT_EQUAL(tu_sh(MERGE " --shards 3 >/dev/null 2>&1 && test -s %s/mf/o/2023-08/ledger.csv.gz", zB, zT, zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("test -z \"$(ls %s/mf/w/shard-out | grep merge-spool)\"", zT), 0);
#undef MERGE
}

int suite_merge(void)
{
    static const pr_test aT[] = {
        { "samples on 1, 3 and 7 shards: the single run's folder", test_samples },
        { "a generated month with cases across districts on 1, 3 and 7 shards", test_cross_districts },
        { "the reject-rate gate on the whole month", test_reject_gate },
        { "refusals: missing shard, missing part, two plans, damaged ledger, options", test_refusals },
    };
    PR_ADD_SUITE("merge", aT);
}
