/*
 * test_split.c - payrun plan, payrun split and payrun run --shard-dir
 * (docs/SCALE.md) as a scheduler runs them, from the repository root:
 *   - the samples split on 1 shard give the plain run's month folder byte
 *     for byte (exceptions with the original files and lines, manifest
 *     inputs with the original paths, SHA-256, encodings and counts);
 *   - on 3 shards every input row is in exactly one shard, and the shards'
 *     manifests add up to the plain run's rows per file;
 *   - an odd roster (CRLF, a quoted newline, a bad quote, a wrong field
 *     count, a blank line, unknown and bad districts, an unterminated quote)
 *     in UTF-8, GB18030 and multi-member gzip: identical on 1 shard, and on
 *     2 shards the same findings, file and line, as the plain run;
 *   - one task per input (--task); a corrupt gzip stops split with the file
 *     and offset and leaves no shard file; bad plans and workbooks refused.
 */
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROSTERS " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv" \
    " --disability samples/disability-with-type.csv --disability samples/disability-certificate-only.csv" \
    " --orphan samples/orphan-children.csv"
#define CONFIG " --month 2023-08 --policy samples/policy.csv --index samples/index.csv --max-reject-rate 100 --no-progress"

/* a TEKUN roster with every oddity a split must carry unchanged */
static const char zOdd[] =
    "身份证号,姓名,区划代码,城乡类别,乡镇街道,村居,供养方式,自理能力,开户银行,银行账号,收款人\r\n"
    "320623194112035823,缪成芳,320623,农村,栟茶镇,方凌村,分散,半护理,中国农业银行,6228488323771162789,\r\n"
    "320685195607315951,仲德华,320685,城市,海安街道,\"长青\n社区\",分散,全自理,江苏银行,6221734301310847,\n"
    "320612194802026036,季\"国富,320612,农村,石港镇,渔湾村,分散,全自理,南通农商银行,6223694344343754888,\n"
    "320682193410104677,钱福根,320682,农村,白蒲镇,林梓村,分散,全护理,南通农商银行\n"
    "\n"
    "320612196205056332,冯志勇,320999,城市,金沙街道,花园社区,分散,半护理,中国建设银行,6217000235002990,\n"
    "32061319410405647X,严伟宏,32061x,农村,幸福街道,北濠村,分散,全自理,邮储银行,6217993242221491088,\n"
    "320614192609284424,卢兰慧,320614,农村,余东镇,新港村,分散,全护理,江苏银行,6221735315181215,\n"
    "320623194108010658,\"陆忠建,320623,城市,城中街道,民主社区,分散,全自理,中国建设银行,6217003363376710,\n"
    "320683193410216747,单萱,320612,农村,川姜镇,合兴村,分散,全自理,南通农商银行,6223696405113363883,";

/* Runs the plain run into DIR/a and plan, split and the shard runs into
 * DIR/sh and DIR/s<k>; returns 0 when every command did what it should. */
static int run_both(const char *zDir, const char *zRosters, int nShard)
{
    const char *zT = tu_tmpdir();
    if (tu_sh("rm -rf %s/%s && mkdir -p %s/%s", zT, zDir, zT, zDir)) return -1;
    if (tu_sh("%s run" CONFIG "%s --out %s/%s/a >/dev/null 2>&1", tu_bin(), zRosters, zT, zDir)) return -1;
    if (tu_sh("%s plan --shards %d --out %s/%s/plan.csv%s", tu_bin(), nShard, zT, zDir, zRosters)) return -1;
    if (tu_sh("%s split --plan %s/%s/plan.csv --shard-dir %s/%s/sh%s", tu_bin(), zT, zDir, zT, zDir, zRosters)) return -1;
    for (int k = 0; k < nShard; k++)
        if (tu_sh("%s run" CONFIG " --shard-dir %s/%s/sh --shard %d --out %s/%s/s%d >/dev/null 2>&1", tu_bin(), zT, zDir, k, zT, zDir, k))
            return -1;
    return 0;
}

/* the samples on one shard: the same month folder, file for file */
static void test_samples_one_shard(void)
{
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(run_both("sp1", ROSTERS, 1), 0);
    CU_ASSERT_EQUAL(tu_sh("diff -r %s/sp1/a/2023-08 %s/sp1/s0/2023-08 >&2", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("ls %s/sp1/s0/2023-08 | grep -c . | grep -qx 28", zT), 0);   /* every file compared: 7 districts, 7 notices, 7 banks, 7 more */
}

/* the samples on three shards: each row once, the rows per file add up */
static void test_samples_three_shards(void)
{
    const char *zT = tu_tmpdir();
    /* rows_of PATH MANIFEST...: the rows the manifests give PATH, added up */
    tu_write_str("rows_of", "#!/bin/sh\np=$1; shift\n"
                            "grep -hF \"{\\\"path\\\": \\\"$p\\\"\" \"$@\" | sed 's/.*\"rows\": \\([0-9]*\\).*/\\1/' |"
                            " awk '{s+=$1} END {print s}'\n");
    CU_ASSERT_EQUAL_FATAL(tu_sh("chmod +x %s/rows_of", zT), 0);
    CU_ASSERT_EQUAL_FATAL(run_both("sp3", ROSTERS, 3), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -c '^district' %s/sp3/plan.csv | grep -qx 8", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q '^household,DB320613-0013,' %s/sp3/plan.csv", zT), 0);   /* its rows name two districts */
    /* the households read back in as many partitions as there may be: the same plan, and no file left beside it */
    CU_ASSERT_EQUAL(tu_sh("PAYRUN_PLAN_PART_BYTES=1 %s plan --shards 3 --out %s/sp3/plan-parts.csv" ROSTERS, tu_bin(), zT), 0);
    CU_ASSERT_EQUAL(tu_sh("cmp %s/sp3/plan.csv %s/sp3/plan-parts.csv", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("test -z \"$(ls -A %s/sp3 | grep payrun-plan)\"", zT), 0);
    for (int i = 0; i < 9; i++) {
        /* every data line of input i in exactly one shard */
        CU_ASSERT_EQUAL(tu_sh("cd %s/sp3/sh && test -z \"$(zcat shard-*/%06d-*.lines.gz | grep -v '^line' | cut -d, -f1 | grep -vx 1 | sort -n | uniq -d)\"",
                              zT, i), 0);
        /* as many as the plain run read (its manifest), and so the shards' manifests */
        CU_ASSERT_EQUAL(tu_sh("cd %s/sp3 && PATH=$PATH:.. && p=$(grep '^    {\"path\"' a/2023-08/manifest.json | sed -n '%dp' | cut -d'\"' -f4) &&"
                              " n=$(rows_of \"$p\" a/2023-08/manifest.json) &&"
                              " m=$(zcat sh/shard-*/%06d-*.lines.gz | grep -v '^line' | cut -d, -f1 | grep -vcx 1) &&"
                              " s=$(rows_of \"$p\" s*/2023-08/manifest.json) &&"
                              " test -n \"$n\" && test \"$n\" = \"$m\" && test \"$n\" = \"$s\"", zT, i + 1, i), 0);
    }
    /* the shards' origins name the original files */
    CU_ASSERT_EQUAL(tu_sh("grep -qx 'path,samples/dibao-haian.csv.gz' %s/sp3/sh/shard-*/000003-dibao.origin.csv", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -qx 'gzip,true' %s/sp3/sh/shard-0/000003-dibao.origin.csv", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -qx 'encoding,gb18030' %s/sp3/sh/shard-*/000002-dibao.origin.csv", zT), 0);
}

/* the samples through every stage there is so far: plan and split into 3
 * shards, keys per shard, crosscheck, run --global per shard; the shards'
 * ledger rows and exceptions rows together are the plain run's (the policy
 * file's rows, the same in every shard, counted once), where without the
 * facts the person in two DIBAO households of two districts is paid */
static void test_samples_global_facts(void)
{
    const char *zT = tu_tmpdir(), *zB = tu_bin();
    CU_ASSERT_EQUAL_FATAL(run_both("sg3", ROSTERS, 3), 0);
    for (int k = 0; k < 3; k++)
        CU_ASSERT_EQUAL_FATAL(tu_sh("%s keys" CONFIG " --shard-dir %s/sg3/sh --shard %d --out %s/sg3/keys-%d.gz 2>/dev/null",
                                    zB, zT, k, zT, k), 0);
    CU_ASSERT_EQUAL_FATAL(tu_sh("%s crosscheck --keys %s/sg3/keys-0.gz --keys %s/sg3/keys-1.gz --keys %s/sg3/keys-2.gz"
                                " --out %s/sg3/facts.gz 2>/dev/null", zB, zT, zT, zT, zT), 0);
    for (int k = 0; k < 3; k++)
        CU_ASSERT_EQUAL_FATAL(tu_sh("%s run" CONFIG " --shard-dir %s/sg3/sh --shard %d --global %s/sg3/facts.gz"
                                    " --out %s/sg3/g%d >/dev/null 2>&1", zB, zT, k, zT, zT, k), 0);
#define SAME_ROWS(P) "cd %s/sg3 && zcat a/2023-08/ledger.csv.gz | tail -n +2 | sort > la &&" \
        " for k in 0 1 2; do zcat " P "$k/2023-08/ledger.csv.gz | tail -n +2; done | sort > lb && cmp -s la lb &&" \
        " tail -n +2 a/2023-08/exceptions.csv | sort > ea &&" \
        " for k in 0 1 2; do tail -n +2 " P "$k/2023-08/exceptions.csv; done | sort -u > eb && cmp -s ea eb"
    CU_ASSERT_EQUAL(tu_sh(SAME_ROWS("g"), zT), 0);
    CU_ASSERT_NOT_EQUAL(tu_sh(SAME_ROWS("s"), zT), 0);   /* the shard runs without the facts differ */
#undef SAME_ROWS
    CU_ASSERT_EQUAL(tu_sh("grep -q MULTIPLE_HOUSEHOLDS %s/sg3/ea", zT), 0);
}

/* Writes the odd roster as UTF-8, GB18030 and 3-member gzip under DIR. */
static void write_odd(void)
{
    tu_write("odd.csv", zOdd, sizeof(zOdd) - 1);
    tu_write_gz("odd.csv.gz", zOdd, 3);
    CU_ASSERT_EQUAL(tu_sh("iconv -f utf-8 -t gb18030 %s/odd.csv > %s/odd-gb.csv", tu_tmpdir(), tu_tmpdir()), 0);
}

static void test_odd_rows(void)
{
    const char *zT = tu_tmpdir();
    write_odd();
    char zRosters[2000];
    snprintf(zRosters, sizeof(zRosters), " --tekun %s/odd.csv --tekun %s/odd-gb.csv --tekun %s/odd.csv.gz", zT, zT, zT);
    CU_ASSERT_EQUAL_FATAL(run_both("odd1", zRosters, 1), 0);
    CU_ASSERT_EQUAL(tu_sh("diff -r %s/odd1/a/2023-08 %s/odd1/s0/2023-08 >&2", zT, zT), 0);
    /* the run read what it should: 3 x 9 rows with their oddities */
    CU_ASSERT_EQUAL(tu_sh("grep -c '\"rows\": 9,' %s/odd1/a/2023-08/manifest.json | grep -qx 3", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'odd-gb.csv.*gb18030' %s/odd1/s0/2023-08/manifest.json", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'odd.csv,11,TEKUN,.*CSV_UNTERMINATED_QUOTE' %s/odd1/s0/2023-08/exceptions.csv", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'odd.csv,8,TEKUN,.*DISTRICT_UNKNOWN' %s/odd1/s0/2023-08/exceptions.csv", zT), 0);
    /* on two shards: the same findings, each with its file and line */
    CU_ASSERT_EQUAL_FATAL(run_both("odd2", zRosters, 2), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/odd2 && tail -n +2 a/2023-08/exceptions.csv | sort > p && (tail -n +2 s0/2023-08/exceptions.csv;"
                          " tail -n +2 s1/2023-08/exceptions.csv) | sort > u && cmp -s p u", zT), 0);
    /* malformed rows, unknown and bad districts go to shard 0 */
    CU_ASSERT_EQUAL(tu_sh("cd %s/odd2/sh && zcat shard-0/000000-tekun.lines.gz | grep -q '^11,.*,u$'", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/odd2/sh && zcat shard-0/000000-tekun.lines.gz | cut -d, -f1 | grep -qx 8", zT), 0);
}

/* one task per input file; the parts of a run go together */
static void test_tasks(void)
{
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(tu_sh("mkdir -p %s/tk && %s plan --shards 1 --out %s/tk/plan.csv" ROSTERS, zT, tu_bin(), zT), 0);
    for (int i = 0; i < 9; i++)
        CU_ASSERT_EQUAL(tu_sh("%s split --plan %s/tk/plan.csv --shard-dir %s/tk/sh --task %d" ROSTERS, tu_bin(), zT, zT, i), 0);
    CU_ASSERT_EQUAL(tu_sh("ls %s/tk/sh/shard-0 | grep -c 'origin.csv$' | grep -qx 9", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s split --plan %s/tk/plan.csv --shard-dir %s/tk/sh --task 9" ROSTERS " 2>/dev/null", tu_bin(), zT, zT), 1);
    CU_ASSERT_EQUAL(tu_sh("%s run" CONFIG " --shard-dir %s/tk/sh --shard 0 --out %s/tk/o >/dev/null 2>&1", tu_bin(), zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s run" CONFIG " --shard-dir %s/tk/sh --shard 1 --out %s/tk/o 2>%s/tk/e1", tu_bin(), zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'shard-1: cannot open the shard folder' %s/tk/e1", zT), 0);
    /* split again on 2 shards into the same folder: no part of the first
     * split stays where the new plan sends no row */
    CU_ASSERT_EQUAL(tu_sh("%s plan --shards 2 --out %s/tk/plan2.csv" ROSTERS " && %s split --plan %s/tk/plan2.csv --shard-dir %s/tk/sh" ROSTERS,
                          tu_bin(), zT, tu_bin(), zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/tk/sh && test \"$(zcat shard-*/*.lines.gz | grep -vc '^line')\" = $((969 + $(ls shard-*/*.origin.csv | wc -l)))", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s run" CONFIG " --shard-dir %s/tk/sh --out %s/tk/o 2>/dev/null", tu_bin(), zT, zT), 1);
    CU_ASSERT_EQUAL(tu_sh("%s run" CONFIG " --shard-dir %s/tk/sh --shard 0 --tekun samples/tekun-dispersed.csv --out %s/tk/o 2>/dev/null",
                          tu_bin(), zT, zT), 1);
}

/* --job: plan and split take the job file's rosters in the run's order, and
 * run --job --shard-dir reads the parts in their place */
static void test_job(void)
{
    const char *zT = tu_tmpdir();
    tu_write_str("sj.ini", "[run]\npolicy = samples/policy.csv\nindex = samples/index.csv\nmax_reject_rate = 5\n"
                           "[rosters]\ndibao = samples/dibao-*.csv*\ntekun = samples/tekun-*.csv\n"
                           "disability = samples/disability-*.csv\norphan = samples/orphan-*.csv\n");
    CU_ASSERT_EQUAL(tu_sh("cd %s && mkdir -p sj && J=%s/sj.ini && P=%s && cd - >/dev/null &&"
                          " $P run --job $J --month 2023-08 --out %s/sj/a --no-progress >/dev/null 2>&1 &&"
                          " $P plan --job $J --month 2023-08 --shards 1 --out %s/sj/plan.csv &&"
                          " $P split --job $J --month 2023-08 --plan %s/sj/plan.csv --shard-dir %s/sj/sh &&"
                          " $P run --job $J --month 2023-08 --shard-dir %s/sj/sh --shard 0 --out %s/sj/b --no-progress >/dev/null 2>&1 &&"
                          " diff -r %s/sj/a/2023-08 %s/sj/b/2023-08 >&2", zT, zT, tu_bin(), zT, zT, zT, zT, zT, zT, zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s plan --job %s/sj.ini --shards 1 --out %s/sj/p2.csv 2>/dev/null", tu_bin(), zT, zT), 1);
}

/* a corrupt input stops split with its place, and leaves no shard file */
static void test_corrupt(void)
{
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(tu_sh("mkdir -p %s/cor && %s plan --shards 2 --out %s/cor/plan.csv" ROSTERS, zT, tu_bin(), zT), 0);
    /* the haimen-qidong sample cut short */
    CU_ASSERT_EQUAL(tu_sh("head -c 3000 samples/dibao-haimen-qidong.csv.gz > %s/cor/cut.csv.gz", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s split --plan %s/cor/plan.csv --shard-dir %s/cor/sh --dibao %s/cor/cut.csv.gz 2>%s/cor/err", tu_bin(), zT, zT,
                          zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'cut.csv.gz.*offset' %s/cor/err", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("test -z \"$(find %s/cor/sh -type f)\"", zT), 0);
    /* the plan must not be damaged either */
    CU_ASSERT_EQUAL(tu_sh("printf 'kind,code,shard,rows\\nshards,,2,1\\ndistrict,320613,7,1\\n' > %s/cor/bad.csv", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s split --plan %s/cor/bad.csv --shard-dir %s/cor/sh" ROSTERS " 2>%s/cor/err2", tu_bin(), zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'bad.csv:3: unknown shard' %s/cor/err2", zT), 0);
    /* a workbook is refused, saying what to do */
    CU_ASSERT_EQUAL(tu_sh("cp samples/tekun-dispersed.csv %s/cor/t.xlsx && %s plan --shards 1 --out %s/cor/p2.csv --tekun %s/cor/t.xlsx 2>%s/cor/err3",
                          zT, tu_bin(), zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 't.xlsx: payrun split reads CSV rosters only' %s/cor/err3", zT), 0);
    /* a damaged origin stops the shard's run with its line; a part whose
     * data does not match its index, with the part's name */
    CU_ASSERT_EQUAL(tu_sh("mkdir -p %s/cor/od/shard-0 && printf 'key,value\nformat,payrun-shard-1\nroster,nosuch\n'"
                          " > %s/cor/od/shard-0/000000-tekun.origin.csv", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s run" CONFIG " --shard-dir %s/cor/od --shard 0 --out %s/cor/o 2>%s/cor/err5", tu_bin(), zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q '000000-tekun.origin.csv:3: a bad value .nosuch.' %s/cor/err5", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("mkdir -p %s/cor/od2 && %s plan --shards 1 --out %s/cor/od2/p.csv --tekun samples/tekun-dispersed.csv &&"
                          " %s split --plan %s/cor/od2/p.csv --shard-dir %s/cor/od2 --tekun samples/tekun-dispersed.csv &&"
                          " cd %s/cor/od2/shard-0 && zcat 000000-tekun.csv.gz | head -c 2000 | gzip > x && mv x 000000-tekun.csv.gz",
                          zT, tu_bin(), zT, tu_bin(), zT, zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s run" CONFIG " --shard-dir %s/cor/od2 --shard 0 --out %s/cor/o 2>%s/cor/err6", tu_bin(), zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q '000000-tekun.csv.gz: ends before the record of its index row' %s/cor/err6", zT), 0);
    /* a file with a header and no rows, as a run says */
    tu_write_str("cor/empty.csv", "身份证号,姓名,区划代码,城乡类别,供养方式,自理能力,开户银行,银行账号\n\n");
    CU_ASSERT_EQUAL(tu_sh("%s plan --shards 1 --out %s/cor/p3.csv --tekun %s/cor/empty.csv 2>%s/cor/err4", tu_bin(), zT, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'empty.csv: the file has a header but no data rows' %s/cor/err4", zT), 0);
}

int suite_split(void)
{
    static const pr_test aT[] = {
        { "samples on 1 shard: the plain run's folder byte for byte", test_samples_one_shard },
        { "samples on 3 shards: every row once", test_samples_three_shards },
        { "samples on 3 shards with the global facts: the plain run's rows", test_samples_global_facts },
        { "odd rows, GB18030, multi-member gzip", test_odd_rows },
        { "one task per input file", test_tasks },
        { "rosters from a job file", test_job },
        { "corrupt input, bad plan, workbook", test_corrupt },
    };
    PR_ADD_SUITE("split", aT);
}
