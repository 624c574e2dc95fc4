/*
 * gen.c - a fast, seeded generator of Nantong-like month inputs for the
 * benchmark: N persons across the seven districts, DIBAO households of 1-5
 * members, TEKUN, disability and orphan rosters in the programme mix of
 * domain.md section 1, valid ID numbers and Luhn-valid accounts, a sprinkle
 * of bad rows (well under 1 %), and a price index that triggers the
 * subsidy (for 2023-08, and for 2023-09 with the index lag of 1), and the
 * payment cycle's policy keys (arrears.max_months, temp.max_amount,
 * recovery.offset_pct). Rosters are gzip-compressed, one file per programme
 * per district. The same rosters serve as 2023-08 and 2023-09.
 *
 *   bench/gen --persons N [--seed S] --out DIR
 *
 * Writes DIR/policy.csv, DIR/index.csv, DIR/{dibao,tekun,disability,orphan}-<code>.csv.gz
 * and DIR/args.txt (the roster options for payrun, one per line).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

static const int aDistrict[7] = { 320612, 320613, 320614, 320623, 320681, 320682, 320685 };
static const char *const azDistrict[7] = { "通州区", "崇川区", "海门区", "如东县", "启东市", "如皋市", "海安市" };
static const char *const azSurname[] = { "张", "王", "李", "陈", "刘", "杨", "黄", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "顾", "陆", "季", "缪", "施" };
static const char *const azGiven[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建国", "志强", "海燕", "春梅", "国华", "玉兰", "德兴", "晓东" };
static const char *const azBank[] = { "中国农业银行", "江苏银行", "南通农商银行", "中国工商银行", "邮储银行", "中国建设银行", "中国银行" };
static const char *const azBin[] = { "622848", "622173", "622369", "621226", "621799", "621700", "621661" };
static const char *const azTown[] = { "城东街道", "城西街道", "新桥镇", "石港镇", "金沙街道", "平潮镇", "刘桥镇", "兴东街道" };
static const char *const azVillage[] = { "和平社区", "新华村", "东方村", "中心社区", "友谊村", "团结村", "幸福社区", "建设村", "红旗村", "永安社区" };

static uint64_t rngState;

static uint64_t rnd(void)
{
    rngState ^= rngState << 13;
    rngState ^= rngState >> 7;
    rngState ^= rngState << 17;
    return rngState;
}

static int rndn(int n) { return (int)(rnd() % (uint64_t)n); }

static void make_id(int iDistrict, int y, int m, int d, uint32_t iSeq, char *z)
{
    static const int aW[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    char zBuf[64];
    snprintf(zBuf, sizeof(zBuf), "%06d%04d%02d%02d%03u", iDistrict % 1000000, y % 10000, m % 100, d % 100, iSeq % 1000);
    memcpy(z, zBuf, 17);
    int s = 0;
    for (int i = 0; i < 17; i++) s += (z[i] - '0') * aW[i];
    z[17] = "10X98765432"[s % 11];
    z[18] = 0;
}

static void make_account(int iBank, uint64_t iSeq, char *z)
{
    snprintf(z, 20, "%s%012llu", azBin[iBank], (unsigned long long)(iSeq % 1000000000000ULL));
    int s = 0;
    for (int i = 0; i < 18; i++) {
        int dg = z[17 - i] - '0';
        if (i % 2 == 0) { dg *= 2; if (dg > 9) dg -= 9; }
        s += dg;
    }
    z[18] = (char)('0' + (10 - s % 10) % 10);
    z[19] = 0;
}

/* A unique person: birth date from the age band, sequence from a counter. */
typedef struct person {
    char zId[19];
    char zName[16];
    int iAge;
} person;

static uint32_t nSerial;

static void make_person(int iDistrict, int iAgeLo, int iAgeHi, person *p)
{
    uint32_t s = nSerial++;
    /* the serial spreads over the sequence digits, day and month (336,000
     * combinations); each further round of serials shifts the age, so no two
     * persons share an ID */
    uint32_t iLow = s % 336000, iRound = s / 336000, nRange = (uint32_t)(iAgeHi - iAgeLo + 1);
    int age = iAgeLo + (int)(((uint64_t)iLow * 7919u % nRange + iRound * 5u) % nRange);
    int d = 1 + (int)((iLow / 1000) % 28);
    int m = 1 + (int)((iLow / 28000) % 12);
    int y = 2023 - age - 1;
    make_id(iDistrict, y - (int)((s / 336000) % 3), m, d, s, p->zId);
    p->iAge = age;
    snprintf(p->zName, sizeof(p->zName), "%s%s", azSurname[rndn(36)], azGiven[rndn(30)]);
}

typedef struct out { gzFile g; } out;

/* fopen, or the reason and exit status 2. */
static FILE *open_or_die(const char *zPath)
{
    FILE *f = fopen(zPath, "w");
    if (!f) { perror(zPath); exit(2); }
    return f;
}

static gzFile open_gz(const char *zDir, const char *zKind, int iDistrict, const char *zHead)
{
    char zPath[1024];
    snprintf(zPath, sizeof(zPath), "%s/%s-%06d.csv.gz", zDir, zKind, iDistrict);
    gzFile g = gzopen(zPath, "wb1");
    if (!g) { perror(zPath); exit(2); }
    gzputs(g, zHead);
    return g;
}

int main(int argc, char **argv)
{
    long long nPersons = 0;
    const char *zOut = NULL;
    uint64_t seed = 20230801;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--persons") && i + 1 < argc) nPersons = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) zOut = argv[++i];
        else { fprintf(stderr, "usage: gen --persons N [--seed S] --out DIR\n"); return 1; }
    }
    if (nPersons <= 0 || !zOut) { fprintf(stderr, "usage: gen --persons N [--seed S] --out DIR\n"); return 1; }
    rngState = seed * 2654435761ULL + 88172645463325252ULL;
    mkdir(zOut, 0777);
    char zPath[1024];
    snprintf(zPath, sizeof(zPath), "%s/policy.csv", zOut);
    FILE *f = open_or_die(zPath);
    fputs("key,district,area,from,value,reference\n", f);
    for (int d = 0; d < 7; d++) fprintf(f, "district,%06d,*,2020-01,%s,benchmark\n", aDistrict[d], azDistrict[d]);
    /* legacy codes still on older IDs: local, not paid districts */
    fputs("region,320602,*,2020-01,崇川区,legacy code\nregion,320611,*,2020-01,港闸区,legacy code\n"
          "region,320621,*,2020-01,海安县,legacy code\nregion,320684,*,2020-01,海门市,legacy code\n"
          "region,320683,*,2020-01,通州市,legacy code\n", f);
    fputs("dibao.standard,*,*,2023-07,820,sourced: Nantong 2023\n"
          "dibao.rounding,*,*,2020-01,yuan_ceil,\ndibao.min_payment,*,*,2020-01,0,example\n"
          "dibao.job_cost_deduction,*,*,2020-01,0,example\ndibao.supplement.severe_disability,*,*,2020-01,30,example\n"
          "dibao.supplement.serious_illness,*,*,2020-01,30,example\ndibao.supplement.elderly,*,*,2020-01,10,example\n"
          "dibao.supplement.minor,*,*,2020-01,10,example\ndibao.elderly_age,*,*,2020-01,60,\n"
          "tekun.basic.dispersed,*,rural,2023-07,1070,sourced\ntekun.basic.concentrated,*,rural,2023-07,1070,sourced\n"
          "tekun.basic.dispersed,*,urban,2023-07,2025,sourced\ntekun.basic.concentrated,*,urban,2023-07,2025,sourced\n"
          "tekun.care.self,*,*,2020-01,10,sourced\ntekun.care.partial,*,*,2020-01,20,sourced\ntekun.care.full,*,*,2020-01,40,sourced\n"
          "tekun.rounding,*,*,2020-01,fen,\ndisability.living.grade12,*,*,2020-01,180,example\ndisability.living.grade34,*,*,2020-01,120,example\n"
          "disability.nursing.grade1,*,*,2020-01,150,example\ndisability.nursing.grade2,*,*,2020-01,120,example\n"
          "disability.nursing.grade3,*,*,2020-01,90,example\ndisability.nursing.include_grade3,*,*,2020-01,1,example\n"
          "disability.exclude_tekun,*,*,2020-01,1,example\norphan.institutional,*,*,2020-01,2000,example\n"
          "orphan.scattered_pct,*,*,2020-01,80,sourced\norphan.defacto_pct,*,*,2020-01,100,example\n"
          "orphan.age_limit,*,*,2020-01,18,\norphan.student_age_limit,*,*,2020-01,0,\norphan.rounding,*,*,2020-01,yuan_ceil,\n"
          "price.formula,*,*,2020-01,jiangsu_tiered,\nprice.index_lag,*,*,2020-01,1,\nprice.trigger,*,*,2020-01,3.0,\n"
          "price.tier2,*,*,2020-01,5.0,\nprice.tier1_fraction,*,*,2020-01,1/12,sourced\nprice.tier2_fraction,*,*,2020-01,1/8,sourced\n"
          "price.trigger_food,*,*,2020-01,6.0,\nprice.min_amount,*,*,2020-01,0,\nprice.rounding,*,*,2020-01,yuan_half_up,\n"
          /* the payment cycle (bench/cyclegen.py makes its inputs for 2023-09) */
          "arrears.max_months,*,*,2020-01,6,example\ntemp.max_amount,*,*,2020-01,3000,example\n"
          "recovery.offset_pct,*,*,2020-01,20,example\n", f);
    fclose(f);
    snprintf(zPath, sizeof(zPath), "%s/index.csv", zOut);
    f = open_or_die(zPath);
    fputs("month,cpi,food_cpi,scpi\n2023-06,2.0,3.0,2.5\n2023-07,2.1,4.0,3.4\n2023-08,2.2,4.1,3.5\n", f);
    fclose(f);
    snprintf(zPath, sizeof(zPath), "%s/args.txt", zOut);
    FILE *fArgs = open_or_die(zPath);
    /* the mix: 40 % DIBAO members, 18 % TEKUN, 40 % disability roster, 2 % orphans */
    long long nBad = 0;
    for (int d = 0; d < 7; d++) {
        long long nDistrict = nPersons / 7 + (d < nPersons % 7 ? 1 : 0);
        long long nDibao = nDistrict * 40 / 100, nTekun = nDistrict * 18 / 100, nOrphan = nDistrict * 2 / 100;
        long long nDis = nDistrict - nDibao - nTekun - nOrphan;
        int iCode = aDistrict[d];
        gzFile gD = open_gz(zOut, "dibao", iCode, "户编号,身份证号,姓名,区划代码,城乡类别,乡镇街道,村居,与户主关系,家庭月收入,保障类型,残疾等级,残疾类别,重病,就业,开户银行,银行账号\n");
        gzFile gS = open_gz(zOut, "disability", iCode, "id_number,name,district,area,town,village,certificate,bank,account\n");
        long long nDisFromDibao = 0;
        for (long long i = 0; i < nDibao;) {
            int r = rndn(100), n = r < 70 ? 1 : r < 88 ? 2 : r < 95 ? 3 : r < 98 ? 4 : 5;
            if (i + n > nDibao) n = (int)(nDibao - i);
            const char *zArea = rndn(3) ? "农村" : "城市";
            const char *zTown = azTown[rndn(8)], *zVillage = azVillage[rndn(10)];
            int iBank = rndn(7);
            char zAcc[20];
            make_account(iBank, (uint64_t)nSerial * 7919 + 17, zAcc);
            long long nIncome = (long long)rndn(700 * n) * 100 + rndn(100);
            for (int k = 0; k < n; k++, i++) {
                person p;
                make_person(iCode, k == 0 ? 30 : 2, k == 0 ? 85 : 90, &p);
                int grade = rndn(10) == 0 ? 1 + rndn(4) : 0, type = grade ? 1 + rndn(7) : 0;
                int bBad = rndn(1000) == 0;
                nBad += bBad;
                gzprintf(gD, "DB%06d-%07lld,%s,%s,%06d,%s,%s,%s,%s,", iCode, i - k, bBad ? "3.20613E+17" : p.zId, p.zName, iCode,
                         zArea, zTown, zVillage, k == 0 ? "户主" : "成员");
                if (k == 0) gzprintf(gD, "%lld.%02lld,%s,", nIncome / 100, nIncome % 100, n == 1 && grade && grade <= 2 ? "单人保" : "全户保");
                else gzputs(gD, ",,");
                gzprintf(gD, "%d,%s,%s,%s,%s,%s\n", grade, type ? (char[]){ (char)('0' + type), 0 } : "", rndn(20) ? "否" : "是",
                         rndn(5) ? "否" : "是", k == 0 ? azBank[iBank] : "", k == 0 ? zAcc : "");
                if (grade && nDisFromDibao < nDis / 4) {
                    char zA2[20];
                    make_account(iBank, (uint64_t)nSerial * 104729 + 3, zA2);
                    gzprintf(gS, "%s,%s,%06d,%s,%s,%s,%s%d%d,%s,%s\n", p.zId, p.zName, iCode, zArea, zTown, zVillage, p.zId,
                             type, grade, azBank[iBank], zA2);
                    nDisFromDibao++;
                }
            }
        }
        gzclose(gD);
        for (long long i = nDisFromDibao; i < nDis; i++) {
            person p;
            make_person(iCode, 5, 90, &p);
            int iBank = rndn(7), grade = 1 + rndn(4), type = 1 + rndn(7);
            char zAcc[20];
            make_account(iBank, (uint64_t)nSerial * 104729 + 5, zAcc);
            int bBad = rndn(1000) == 0;
            nBad += bBad;
            gzprintf(gS, "%s,%s,%06d,%s,%s,%s,%s%d%d,%s,%s\n", p.zId, p.zName, iCode, rndn(3) ? "rural" : "urban", azTown[rndn(8)],
                     azVillage[rndn(10)], p.zId, type, grade, azBank[iBank], bBad ? "" : zAcc);
        }
        gzclose(gS);
        gzFile gT = open_gz(zOut, "tekun", iCode, "身份证号,姓名,区划代码,城乡类别,乡镇街道,村居,自理能力,供养方式,供养机构,机构开户银行,机构账号,开户银行,银行账号\n");
        static const char *const azCare[3] = { "全自理", "半护理", "全护理" };
        for (long long i = 0; i < nTekun; i++) {
            person p;
            make_person(iCode, 50, 95, &p);
            int iBank = rndn(7), bConc = rndn(4) == 0;
            char zAcc[20];
            make_account(iBank, (uint64_t)nSerial * 15485863 + 11, zAcc);
            if (bConc) {
                char zInst[20];
                int iInst = rndn(12);
                make_account(1, (uint64_t)(iCode * 100 + iInst), zInst);
                gzprintf(gT, "%s,%s,%06d,%s,%s,%s,%s,集中,%s敬老院%d,江苏银行,%s,,\n", p.zId, p.zName, iCode, rndn(3) ? "农村" : "城市",
                         azTown[rndn(8)], azVillage[rndn(10)], azCare[rndn(3)], azDistrict[d], iInst, zInst);
            } else {
                gzprintf(gT, "%s,%s,%06d,%s,%s,%s,%s,分散,,,,%s,%s\n", p.zId, p.zName, iCode, rndn(3) ? "农村" : "城市",
                         azTown[rndn(8)], azVillage[rndn(10)], azCare[rndn(3)], azBank[iBank], zAcc);
            }
        }
        gzclose(gT);
        gzFile gO = open_gz(zOut, "orphan", iCode, "id_number,name,district,area,town,village,category,in_school,institution,institution_bank,institution_account,guardian,bank,account\n");
        for (long long i = 0; i < nOrphan; i++) {
            person p;
            make_person(iCode, 1, 17, &p);
            int c = rndn(10), iBank = rndn(7);
            char zAcc[20];
            make_account(iBank, (uint64_t)nSerial * 32452843 + 7, zAcc);
            if (c == 0) {
                char zInst[20];
                make_account(0, (uint64_t)iCode, zInst);
                gzprintf(gO, "%s,%s,%06d,urban,%s,%s,institutional,no,%s儿童福利院,中国农业银行,%s,,,\n", p.zId, p.zName, iCode,
                         azTown[rndn(8)], azVillage[rndn(10)], azDistrict[d], zInst);
            } else {
                gzprintf(gO, "%s,%s,%06d,rural,%s,%s,%s,no,,,,%s%s,%s,%s\n", p.zId, p.zName, iCode, azTown[rndn(8)], azVillage[rndn(10)],
                         c < 7 ? "scattered" : "defacto", azSurname[rndn(36)], azGiven[rndn(30)], azBank[iBank], zAcc);
            }
        }
        gzclose(gO);
        fprintf(fArgs, "--dibao\n%s/dibao-%06d.csv.gz\n--tekun\n%s/tekun-%06d.csv.gz\n--disability\n%s/disability-%06d.csv.gz\n--orphan\n%s/orphan-%06d.csv.gz\n",
                zOut, iCode, zOut, iCode, zOut, iCode, zOut, iCode);
    }
    fclose(fArgs);
    fprintf(stderr, "gen: %lld persons, %lld deliberately bad rows, in %s\n", nPersons, nBad, zOut);
    return 0;
}
