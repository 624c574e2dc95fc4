/*
 * test_shard.c - a month split by district (issue 14, docs/SCALE.md): small
 * rosters with persons in several districts' records are split by their
 * district column into one file per roster and district; the whole month is
 * run once, and each grouping of the districts is run as shards (payrun
 * keys per group, payrun crosscheck, payrun run --global per group). Each
 * group's ledger rows and exceptions rows must be those of the single run
 * for its districts, byte for byte. Also: crosscheck's refusals of bad key
 * files (exit 2, the file and line named).
 */
#include "tests/testutil.h"
#include "model/idcard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define A "320613"
#define B "320612"
#define C "320623"
#define MONTH "2023-09"
#define POLICY " --month " MONTH " --policy samples/policy.csv --index samples/index.csv"

/* The rosters, in the order the single run is given them (roster, then
 * district), with their headers. */
static const char *const azRoster[] = { "dibao", "tekun", "disability", "orphan" };
static const char *const azHeader[] = {
    "户编号,与户主关系,身份证号,姓名,区划代码,城乡类别,保障类型,家庭月收入,残疾等级,残疾类别,重病,就业,渐退截止,渐退金额,开户银行,银行账号,收款人",
    "身份证号,姓名,区划代码,城乡类别,供养方式,自理能力,开户银行,银行账号,收款人",
    "残疾人证号,身份证号,姓名,区划代码,城乡类别,残疾类别,残疾等级,开户银行,银行账号,收款人",
    "id_number,name,category,in_school,district,area,town,village,guardian,bank,account,institution,institution_bank,institution_account",
};
static const char *const azDistrict[] = { A, B, C };

/* One roster row: '@' stands for person iPerson's ID. */
typedef struct shard_row { int iRoster; int iPerson; const char *zRow; } shard_row;

/* Person 20 is a child; the others adults. The cross-district cases: */
static const shard_row aRow[] = {
    /* person 1 in DIBAO households of A and B: both held (MULTIPLE_HOUSEHOLDS);
     * person 2, in A's household, has a disability record in C: DEPENDS_ON_HELD */
    { 0, 1, "HA1,户主,@,人1," A ",城市,全户保,100,0,,否,否,,,中国农业银行,6228480000000000001," },
    { 0, 2, "HA1,配偶,@,人2," A ",城市,,,0,,否,否,,,中国农业银行,6228480000000000002," },
    { 0, 3, "HB1,户主,@,人3," B ",城市,全户保,100,0,,否,否,,,中国农业银行,6228480000000000003," },
    { 0, 1, "HB1,子女,@,人1," B ",城市,,,0,,否,否,,,中国农业银行,6228480000000000001," },
    { 2, 2, "@41,@,人2," C ",城市,4,1,中国农业银行,6228480000000000002," },
    /* person 4 in DIBAO in A and TEKUN in B: DIBAO_TEKUN_CONFLICT on both */
    { 0, 4, "HA2,户主,@,人4," A ",城市,全户保,0,0,,否,否,,,中国农业银行,6228480000000000004," },
    { 1, 4, "@,人4," B ",城市,分散,全自理,中国农业银行,6228480000000000004," },
    /* person 5 disabled in A, DIBAO household paid in B: DIS_LIVING paid */
    { 0, 5, "HB2,户主,@,人5," B ",城市,全户保,0,2,4,否,否,,,中国农业银行,6228480000000000005," },
    { 2, 5, "@42,@,人5," A ",城市,4,2,中国农业银行,6228480000000000005," },
    /* person 6 TEKUN in C, disabled in A: exclude_tekun */
    { 1, 6, "@,人6," C ",城市,分散,全护理,中国农业银行,6228480000000000006," },
    { 2, 6, "@52,@,人6," A ",城市,5,2,中国农业银行,6228480000000000006," },
    /* person 20 in a DIBAO household of A and an ORPHAN of C: PRICE once, from ORPHAN */
    { 0, 7, "HA3,户主,@,人7," A ",城市,全户保,0,0,,否,否,,,中国农业银行,6228480000000000007," },
    { 0, 20, "HA3,子女,@,人20," A ",城市,,,0,,否,否,,,中国农业银行,6228480000000000020," },
    { 3, 20, "@,孤20,scattered,no," C ",urban,,,监护人,中国工商银行,6228480000000000020,,," },
    /* person 8 in TEKUN of A and B, person 9 in disability of A and C: DUPLICATE_PERSON */
    { 1, 8, "@,人8," A ",城市,分散,全自理,中国农业银行,6228480000000000008," },
    { 1, 8, "@,人8," B ",城市,分散,全自理,中国农业银行,6228480000000000008," },
    { 2, 9, "@12,@,人9," A ",城市,1,2,中国农业银行,6228480000000000009," },
    { 2, 9, "@12,@,人9," C ",城市,1,2,中国农业银行,6228480000000000009," },
    /* people of one district only */
    { 0, 10, "HC1,户主,@,人10," C ",城市,全户保,0,0,,否,否,,,中国农业银行,6228480000000000010," },
    { 1, 11, "@,人11," C ",城市,分散,全自理,中国农业银行,6228480000000000011," },
};

/* The ID of person i (valid, born in Chongchuan). */
static void person_id(int i, char *z)
{
    snprintf(z, 19, "%s%s%03d", A, i == 20 ? "20150101" : "19600101", i);
    z[17] = pr_id_check_char(z);
    z[18] = 0;
}

/* Field i (0-based) of the CSV line z, unquoted, into zOut[n]. */
static void csv_field(const char *z, int i, char *zOut, size_t n)
{
    size_t o = 0;
    for (int f = 0; *z && f <= i; f++) {
        int bQ = *z == '"';
        if (bQ) z++;
        for (; *z; z++) {
            if (bQ && *z == '"' && z[1] == '"') { if (f == i && o + 1 < n) zOut[o++] = '"'; z++; continue; }
            if (bQ && *z == '"') { bQ = 0; continue; }
            if (!bQ && *z == ',') break;
            if (f == i && o + 1 < n) zOut[o++] = *z;
        }
        if (*z == ',') z++;
    }
    zOut[o] = 0;
}

/* The mixed roster files (every district in one file per roster), then
 * each split by its district column into DIR/<roster>-<district>.csv,
 * header kept: the split the shards get. */
static void write_split_rosters(const char *zDir)
{
    char zId[19], zPath[512];
    for (int k = 0; k < 4; k++) {
        /* the split: group the rows by the district column (named by header) */
        for (int d = 0; d < 3; d++) {
            char *zBody = NULL;
            size_t nBody = 0;
            FILE *f = open_memstream(&zBody, &nBody);
            int nRows = 0;
            fprintf(f, "%s\n", azHeader[k]);
            for (size_t r = 0; r < sizeof(aRow) / sizeof(aRow[0]); r++) {
                if (aRow[r].iRoster != k) continue;
                person_id(aRow[r].iPerson, zId);
                char zLine[512], zDist[16];
                size_t o = 0;
                for (const char *z = aRow[r].zRow; *z && o + 19 < sizeof(zLine); z++) {
                    if (*z == '@') { memcpy(zLine + o, zId, 18); o += 18; }
                    else zLine[o++] = *z;
                }
                zLine[o] = 0;
                csv_field(zLine, k == 0 ? 4 : k == 1 ? 2 : k == 2 ? 3 : 4, zDist, sizeof(zDist));
                if (strcmp(zDist, azDistrict[d]) != 0) continue;
                fprintf(f, "%s\n", zLine);
                nRows++;
            }
            fclose(f);
            snprintf(zPath, sizeof(zPath), "%s/%s-%s.csv", zDir, azRoster[k], azDistrict[d]);
            if (nRows) {
                FILE *o = fopen(zPath, "w");
                CU_ASSERT_PTR_NOT_NULL_FATAL(o);
                fwrite(zBody, 1, nBody, o);
                fclose(o);
            }
            free(zBody);
        }
    }
}

/* The roster options of the districts of zGroup ("320613,320623"; NULL for
 * all) in the single run's order, and their ranks in that order. */
static void group_args(const char *zDir, const char *zGroup, char *zArgs, size_t nArgs, char *zRanks, size_t nRanks)
{
    size_t nA = 0, nR = 0;
    int iRank = 0;
    zArgs[0] = zRanks[0] = 0;
    for (int k = 0; k < 4; k++) {
        for (int d = 0; d < 3; d++) {
            char zPath[512];
            snprintf(zPath, sizeof(zPath), "%s/%s-%s.csv", zDir, azRoster[k], azDistrict[d]);
            FILE *f = fopen(zPath, "r");
            if (!f) continue;
            fclose(f);
            if (!zGroup || strstr(zGroup, azDistrict[d])) {
                nA += (size_t)snprintf(zArgs + nA, nArgs - nA, " --%s %s", azRoster[k], zPath);
                nR += (size_t)snprintf(zRanks + nR, nRanks - nR, "%s%d", nR ? "," : "", iRank);
            }
            iRank++;
        }
    }
}

/* The lines of z (modified in place) into a[] (at most nMax); their count. */
static int split_lines(char *z, char **a, int nMax)
{
    int n = 0;
    for (char *p = z; p && *p && n < nMax;) {
        char *e = strchr(p, '\n');
        if (e) *e = 0;
        a[n++] = p;
        p = e ? e + 1 : NULL;
    }
    return n;
}

/* Whether the row of a ledger (by its district) or of the exceptions (by
 * its file's district; the policy file's rows in every group) belongs to
 * zGroup. */
static int in_group(const char *zLine, int bLedger, const char *zGroup)
{
    char z[512];
    csv_field(zLine, bLedger ? 4 : 0, z, sizeof(z));
    if (bLedger) return strstr(zGroup, z) != NULL;
    if (strstr(z, "policy.csv")) return 1;
    for (int d = 0; d < 3; d++) {
        char zSuffix[32];
        snprintf(zSuffix, sizeof(zSuffix), "-%s.csv", azDistrict[d]);
        if (strstr(z, zSuffix)) return strstr(zGroup, azDistrict[d]) != NULL;
    }
    return 0;
}

/* Compares the group's file zName with the single run's rows of the
 * group; returns the number of rows compared, or -1 if they differ. */
static int compare_rows(const char *zSingle, const char *zGroupDir, const char *zName, int bLedger, const char *zGroup)
{
    char zPath[1024];
    snprintf(zPath, sizeof(zPath), "%s/%s", zSingle, zName);
    char *zS = tu_read(zPath);
    snprintf(zPath, sizeof(zPath), "%s/%s", zGroupDir, zName);
    char *zG = tu_read(zPath);
    int rc = -1;
    enum { N = 400 };
    static char *aS[N], *aG[N];
    if (zS && zG) {
        int nS = split_lines(zS, aS, N), nG = split_lines(zG, aG, N), j = 0;
        rc = 0;
        for (int i = 0; i < nS && rc >= 0; i++) {
            if (i > 0 && !in_group(aS[i], bLedger, zGroup)) continue;
            if (j >= nG || strcmp(aS[i], aG[j]) != 0) {
                fprintf(stderr, "\n%s of group %s: the single run has\n  %s\nthe group\n  %s\n", zName, zGroup, aS[i], j < nG ? aG[j] : "(nothing)");
                rc = -1;
            }
            j++;
            rc += rc >= 0;
        }
        if (rc >= 0 && j != nG) { fprintf(stderr, "\n%s of group %s: %d rows more than the single run's\n", zName, zGroup, nG - j); rc = -1; }
    }
    free(zS);
    free(zG);
    return rc;
}

/* The groupings of the three districts, shards separated by '|'. */
static const char *const azGrouping[] = {
    A "|" B "|" C,
    A "," C "|" B,
    B "|" A "," C,
    A "," B "," C,
};

static void test_groupings(void)
{
    const char *zT = tu_tmpdir();
    char zDir[512], zArgs[4096], zRanks[256];
    snprintf(zDir, sizeof(zDir), "%s/shard-in", zT);
    CU_ASSERT_EQUAL_FATAL(tu_sh("mkdir -p %s", zDir), 0);
    write_split_rosters(zDir);
    group_args(zDir, NULL, zArgs, sizeof(zArgs), zRanks, sizeof(zRanks));
    CU_ASSERT_EQUAL_FATAL(tu_sh("%s run" POLICY "%s --out %s/shard-single --no-progress 2>/dev/null", tu_bin(), zArgs, zT), 0);
    char zSingle[600];
    snprintf(zSingle, sizeof(zSingle), "%s/shard-single/" MONTH, zT);
    /* the cases above happened in the single run */
    static const char *const azCode[] = { "MULTIPLE_HOUSEHOLDS", "DIBAO_TEKUN_CONFLICT", "DUPLICATE_PERSON", "DEPENDS_ON_HELD", "TEKUN_EXCLUDED" };
    for (size_t i = 0; i < sizeof(azCode) / sizeof(azCode[0]); i++)
        CU_ASSERT_EQUAL(tu_sh("grep -q ,%s, %s/exceptions.csv", azCode[i], zSingle), 0);
    CU_ASSERT_EQUAL(tu_sh("gzip -dc %s/ledger.csv.gz | grep -q '^DIS_LIVING,.*,HB2,.*," A ",'", zSingle), 0);
    CU_ASSERT_EQUAL(tu_sh("gzip -dc %s/ledger.csv.gz | grep -q '^PRICE,.*," C ",'", zSingle), 0);
    for (size_t g = 0; g < sizeof(azGrouping) / sizeof(azGrouping[0]); g++) {
        char zGrouping[64], *azGroup[3], zKeys[2048] = "";
        snprintf(zGrouping, sizeof(zGrouping), "%s", azGrouping[g]);
        int nGroup = 0;
        for (char *p = strtok(zGrouping, "|"); p && nGroup < 3; p = strtok(NULL, "|")) azGroup[nGroup++] = p;
        for (int i = 0; i < nGroup; i++) {
            group_args(zDir, azGroup[i], zArgs, sizeof(zArgs), zRanks, sizeof(zRanks));
            CU_ASSERT_EQUAL(tu_sh("%s keys" POLICY "%s --ranks %s --shard s%d --out %s/g%zu-%d.keys.gz --no-progress 2>/dev/null",
                                  tu_bin(), zArgs, zRanks, i, zT, g, i), 0);
            size_t n = strlen(zKeys);
            snprintf(zKeys + n, sizeof(zKeys) - n, " --keys %s/g%zu-%d.keys.gz", zT, g, i);
        }
        CU_ASSERT_EQUAL(tu_sh("%s crosscheck%s --out %s/g%zu.facts.gz 2>%s/g%zu.cc.err", tu_bin(), zKeys, zT, g, zT, g), 0);
        for (int i = 0; i < nGroup; i++) {
            group_args(zDir, azGroup[i], zArgs, sizeof(zArgs), zRanks, sizeof(zRanks));
            CU_ASSERT_EQUAL(tu_sh("%s run" POLICY "%s --ranks %s --shard s%d --global %s/g%zu.facts.gz --out %s/g%zu-%d --threads 2 --no-progress 2>/dev/null",
                                  tu_bin(), zArgs, zRanks, i, zT, g, zT, g, i), 0);
            char zGroupDir[600];
            snprintf(zGroupDir, sizeof(zGroupDir), "%s/g%zu-%d/" MONTH, zT, g, i);
            CU_ASSERT(compare_rows(zSingle, zGroupDir, "ledger.csv.gz", 1, azGroup[i]) > 1);
            CU_ASSERT(compare_rows(zSingle, zGroupDir, "exceptions.csv", 0, azGroup[i]) > 1);
        }
    }
}

/* crosscheck refuses a bad key file with its name and place, exit 2 */
static void test_bad_keys(void)
{
    const char *zT = tu_tmpdir();
    static const char zHead[] = "payrun-keys\t1\tmonth=" MONTH "\tshard=x\n";
    static const char zE1[] = "320613196001010013\tdibao\t00000000\t0000000002\t320613\tPAID\tH1\ta.csv:2\n";
    static const char zE2[] = "320613196001010021\ttekun\t00000001\t0000000002\t320613\tPAID\t\tb.csv:2\n";
    static const struct { const char *zName; const char *zBody; int bGz; const char *zWant; } aCase[] = {
        { "header", "payrun-facts\t1\tmonth=2023-09\n", 1, "bad-header.gz:1: not a key file" },
        { "version", "payrun-keys\t2\tmonth=2023-09\tshard=x\n", 1, "bad-version.gz:1: an unknown format version" },
        { "order", NULL, 1, "bad-order.gz: line 3: not sorted" },
        { "field", "payrun-keys\t1\tmonth=2023-09\tshard=x\n320613196001010013\tdibao\t0\n", 1, "bad-field.gz:2: too few fields" },
        { "trunc", NULL, 0, "bad-trunc.gz: line" },
    };
    for (size_t i = 0; i < sizeof(aCase) / sizeof(aCase[0]); i++) {
        char zName[64], zBody[1024];
        snprintf(zName, sizeof(zName), "bad-%s.gz", aCase[i].zName);
        if (aCase[i].zBody) snprintf(zBody, sizeof(zBody), "%s", aCase[i].zBody);
        else if (aCase[i].bGz) snprintf(zBody, sizeof(zBody), "%s%s%s", zHead, zE2, zE1);   /* out of order */
        else snprintf(zBody, sizeof(zBody), "%s%s%s", zHead, zE1, zE2);
        const char *zPath = tu_write_gz(zName, zBody, 1);
        if (!aCase[i].bGz)   /* cut the gzip stream short */
            CU_ASSERT_EQUAL(tu_sh("f=%s; n=$(stat -c %%s $f); head -c $((n - 12)) $f > $f.t && mv $f.t $f", zPath), 0);
        CU_ASSERT_EQUAL(tu_sh("%s crosscheck --keys %s --out %s/bad.facts 2>%s/bad.err", tu_bin(), zPath, zT, zT), 2);
        CU_ASSERT_EQUAL(tu_sh("grep -qF '%s' %s/bad.err", aCase[i].zWant, zT), 0);
        CU_ASSERT_NOT_EQUAL(tu_sh("test -e %s/bad.facts", zT), 0);
    }
    /* two key files of one shard name */
    const char *zOk = tu_write_gz("ok.gz", zHead, 1);
    CU_ASSERT_EQUAL(tu_sh("%s crosscheck --keys %s --keys %s --out %s/bad.facts 2>%s/bad.err", tu_bin(), zOk, zOk, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -qF 'shard x is also the shard of' %s/bad.err", zT), 0);
    /* two shards whose files share a rank: no --ranks given */
    static const char zOther[] = "payrun-keys\t1\tmonth=" MONTH "\tshard=y\n"
                                 "320613196001010013\tdibao\t00000000\t0000000009\t320612\tPAID\tH2\tc.csv:9\n";
    char zBody[512];
    snprintf(zBody, sizeof(zBody), "%s%s", zHead, zE1);
    const char *zA = tu_write_gz("rank-a.gz", zBody, 1);
    const char *zB = tu_write_gz("rank-b.gz", zOther, 1);
    CU_ASSERT_EQUAL(tu_sh("%s crosscheck --keys %s --keys %s --out %s/bad.facts 2>%s/bad.err", tu_bin(), zA, zB, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -qF 'both shards have a roster file of rank 0 (person 320613196001010013)' %s/bad.err", zT), 0);
    /* --global needs --shard; a facts file of another month stops the run */
    CU_ASSERT_EQUAL(tu_sh("%s run" POLICY " --tekun samples/tekun-dispersed.csv --global %s --out %s/x 2>/dev/null", tu_bin(), zOk, zT), 1);
    const char *zFacts = tu_write_gz("other.facts.gz", "payrun-facts\t1\tmonth=2023-08\n", 1);
    CU_ASSERT_EQUAL(tu_sh("%s run" POLICY " --tekun samples/tekun-dispersed.csv --shard a --global %s --out %s/x 2>%s/bad.err", tu_bin(), zFacts, zT, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -qF 'the facts are of 2023-08' %s/bad.err", zT), 0);
}

int suite_shard(void)
{
    static const pr_test aT[] = {
        { "districts split into shards give the single run's rows", test_groupings },
        { "bad key files are refused with file and line", test_bad_keys },
    };
    PR_ADD_SUITE("shard", aT);
}
