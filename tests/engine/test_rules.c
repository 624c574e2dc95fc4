/*
 * test_rules.c - each programme's rule at its boundaries, run through small
 * in-process batches. Every expected figure is worked out by hand from
 * domain.md section 4 in the comment beside it.
 */
#include "tests/batchutil.h"
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIBAO_HEAD "户编号,身份证号,姓名,区划代码,城乡类别,与户主关系,家庭月收入,保障类型,渐退截止,渐退金额,残疾等级,残疾类别,重病,就业,开户银行,银行账号\n"
#define TEKUN_HEAD "id_number,name,district,area,care_level,support_mode,institution,institution_bank,institution_account,bank,account\n"
#define DIS_HEAD "id_number,name,district,area,certificate,disability_type,disability_grade,bank,account\n"
#define ORPHAN_HEAD "id_number,name,district,area,category,in_school,institution,institution_bank,institution_account,guardian,bank,account\n"

static char zBuf[8][16384];

/* Appends one DIBAO row to zBuf[i]. */
static void dibao_row(int i, const char *zHouse, const char *zId, const char *zRel, const char *zIncome,
                      const char *zKind, const char *zGrace, const char *zGraceAmt, int iGrade, int iType,
                      int bIll, int bEmployed)
{
    if (!zBuf[i][0]) strcpy(zBuf[i], DIBAO_HEAD);
    size_t n = strlen(zBuf[i]);
    snprintf(zBuf[i] + n, sizeof(zBuf[i]) - n, "%s,%s,某人,320613,城市,%s,%s,%s,%s,%s,%d,%d,%s,%s,中国农业银行,%s\n",
             zHouse, zId, zRel, zIncome, zKind, zGrace, zGraceAmt, iGrade, iType, bIll ? "是" : "否",
             bEmployed ? "是" : "否", tb_account(n % 1000));
}

static void reset(void) { memset(zBuf, 0, sizeof(zBuf)); }

static pr_batch *run_dibao(const char *zExtra)
{
    pr_error err;
    pr_batch *b = tb_run("2023-08", zExtra, NULL, zBuf[0], NULL, NULL, NULL, 1, &err);
    CU_ASSERT_EQUAL(err, PR_OK);
    return b;
}

/* 820*3 - 1500 + 820*10% (elderly, 70) + 820*10% (minor, 10) = 960 + 164 = 1124 */
static void test_dibao_gap_and_supplements(void)
{
    reset();
    dibao_row(0, "H1", tb_id("19830101", 1), "户主", "1500", "", "", "", 0, 0, 0, 0);
    dibao_row(0, "H1", tb_id("19530101", 2), "配偶", "", "", "", "", 0, 0, 0, 0);
    dibao_row(0, "H1", tb_id("20130101", 3), "子女", "", "", "", "", 0, 0, 0, 0);
    pr_batch *b = run_dibao(NULL);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "H1"), 112400);
    const pr_line *l = tb_line(b, PROG_DIBAO, "H1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->zBasis, "820*3-1500+164=1124");
    CU_ASSERT_EQUAL(l->nPersons, 3);
    pr_batch_free(b);
}

/* each member takes the largest category: grade-1 elderly ill person gets 30%, not 30+30+10 */
static void test_dibao_largest_supplement(void)
{
    reset();
    dibao_row(0, "H2", tb_id("19500101", 4), "户主", "0", "", "", "", 1, 1, 1, 0);
    pr_batch *b = run_dibao(NULL);
    /* 820 - 0 + 820*30% = 1066 */
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "H2"), 106600);
    pr_batch_free(b);
}

/* elderly: 60 on the first day of the month counts; born a day later does not.
 * minor: 18 on the first day does not count; born a day later (17) does. */
static void test_dibao_age_boundaries(void)
{
    reset();
    dibao_row(0, "E60", tb_id("19630801", 5), "户主", "0", "", "", "", 0, 0, 0, 0);
    dibao_row(0, "E59", tb_id("19630802", 6), "户主", "0", "", "", "", 0, 0, 0, 0);
    dibao_row(0, "M18", tb_id("20050801", 7), "户主", "0", "", "", "", 0, 0, 0, 0);
    dibao_row(0, "M17", tb_id("20050802", 8), "户主", "0", "", "", "", 0, 0, 0, 0);
    pr_batch *b = run_dibao(NULL);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "E60"), 90200);   /* 820 + 82 */
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "E59"), 82000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "M18"), 82000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "M17"), 90200);
    pr_batch_free(b);
}

/* income exactly at S*n: INELIGIBLE; one fen below: gap 0.01 rounds up to 1 yuan */
static void test_dibao_income_at_line(void)
{
    reset();
    dibao_row(0, "AT", tb_id("19800101", 9), "户主", "1640", "", "", "", 0, 0, 0, 0);
    dibao_row(0, "AT", tb_id("19800102", 10), "配偶", "", "", "", "", 0, 0, 0, 0);
    dibao_row(0, "BELOW", tb_id("19800103", 11), "户主", "819.99", "", "", "", 0, 0, 0, 0);
    pr_batch *b = run_dibao(NULL);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "AT"), -1);
    const pr_finding *f = tb_finding(b, 0, 2, PROG_DIBAO, ST_INELIGIBLE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "INCOME_ABOVE_LINE");
    CU_ASSERT_PTR_NOT_NULL(tb_finding(b, 0, 3, PROG_DIBAO, ST_INELIGIBLE));   /* every row of the household */
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "BELOW"), 100);
    pr_batch_free(b);
}

/* 渐退: grace_until = M pays the grace amount unchanged; grace_until = M-1 is expired */
static void test_dibao_grace(void)
{
    reset();
    dibao_row(0, "G0", tb_id("19700101", 12), "户主", "5000", "", "2023-08", "315.55", 0, 0, 0, 0);
    dibao_row(0, "G1", tb_id("19700102", 13), "户主", "0", "", "2023-07", "315.55", 0, 0, 0, 0);
    pr_batch *b = run_dibao(NULL);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "G0"), 31555);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "G1"), -1);
    const pr_finding *f = tb_finding(b, 0, 3, PROG_DIBAO, ST_INELIGIBLE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "GRACE_EXPIRED");
    pr_batch_free(b);
}

/* job-cost deduction per employed member; min_payment floor */
static void test_dibao_deduction_and_minimum(void)
{
    reset();
    /* D = 200*2 = 400; 820*2 - (1500-400) = 540 */
    dibao_row(0, "J", tb_id("19800104", 14), "户主", "1500", "", "", "", 0, 0, 0, 1);
    dibao_row(0, "J", tb_id("19800105", 15), "配偶", "", "", "", "", 0, 0, 0, 1);
    /* gap 5 yuan, raised to the minimum 50 */
    dibao_row(0, "MIN", tb_id("19800106", 16), "户主", "815", "", "", "", 0, 0, 0, 0);
    pr_batch *b = run_dibao("dibao.job_cost_deduction,*,*,2023-01,200,\ndibao.min_payment,*,*,2023-01,50,\n");
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "J"), 54000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "MIN"), 5000);
    pr_batch_free(b);
}

/* round once: S = 815.55, two minors, fen rounding.
 * exact = 815.55*2 + 2*81.555 = 1631.10 + 163.11 = 1794.21;
 * rounding each supplement first would give 81.56*2 -> 1794.22. */
static void test_dibao_round_once(void)
{
    reset();
    dibao_row(0, "R", tb_id("20100101", 17), "户主", "0", "", "", "", 0, 0, 0, 0);
    dibao_row(0, "R", tb_id("20120101", 18), "子女", "", "", "", "", 0, 0, 0, 0);
    pr_batch *b = run_dibao("dibao.standard,320613,urban,2023-08,815.55,\ndibao.rounding,*,*,2023-08,fen,\n");
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "R"), 179421);
    pr_batch_free(b);
}

/* 单人保: grade 3 mental qualifies, grade 3 physical does not; two rows are rejected */
static void test_dibao_single(void)
{
    reset();
    dibao_row(0, "S1", tb_id("19800107", 19), "户主", "300", "单人保", "", "", 3, 6, 0, 0);
    dibao_row(0, "S2", tb_id("19800108", 20), "户主", "300", "单人保", "", "", 3, 4, 0, 0);
    dibao_row(0, "S3", tb_id("19800109", 21), "户主", "300", "single", "", "", 1, 4, 0, 0);
    dibao_row(0, "S3", tb_id("19800110", 22), "配偶", "", "", "", "", 0, 0, 0, 0);
    pr_batch *b = run_dibao(NULL);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "S1"), 52000);   /* 820-300, grade 3 gets no severe supplement */
    const pr_finding *f = tb_finding(b, 0, 3, PROG_DIBAO, ST_INELIGIBLE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "SINGLE_NOT_QUALIFIED");
    f = tb_finding(b, 0, 5, PROG_DIBAO, ST_REJECTED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "SINGLE_NOT_ONE_ROW");
    pr_batch_free(b);
}

/* a rejected member row rejects the whole household */
static void test_dibao_member_rejected(void)
{
    reset();
    dibao_row(0, "X", tb_id("19800111", 23), "户主", "0", "", "", "", 0, 0, 0, 0);
    dibao_row(0, "X", "320613198001120231", "配偶", "", "", "", "", 0, 0, 0, 0);   /* wrong check char */
    pr_batch *b = run_dibao(NULL);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "X"), -1);
    const pr_finding *f = tb_finding(b, 0, 2, PROG_DIBAO, ST_REJECTED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "HOUSEHOLD_REJECTED");
    f = tb_finding(b, 0, 3, PROG_DIBAO, ST_REJECTED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "ID_CHECKSUM");
    CU_ASSERT_EQUAL(b->aInput[0].aCount[ST_REJECTED], 2);
    pr_batch_free(b);
}

/* TEKUN: urban full care 2025 + 820*40% = 2353; rural self 1070 + 82 = 1152;
 * concentrated is paid to the institution. */
static void test_tekun(void)
{
    char zT[4096];
    snprintf(zT, sizeof(zT), TEKUN_HEAD
             "%s,甲,320613,urban,全护理,分散,,,,江苏银行,%s\n"
             "%s,乙,320613,rural,self,concentrated,敬老院,农商银行,%s,,\n"
             "%s,丙,320613,rural,半护理,concentrated,,,,,\n",
             tb_id("19400101", 30), tb_account(1), tb_id("19400102", 31), tb_account(2), tb_id("19400103", 32));
    pr_error err;
    pr_batch *b = tb_run("2023-08", "tekun.rounding,*,*,2023-08,fen,\n", NULL, NULL, zT, NULL, NULL, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_TEKUN, tb_id("19400101", 30)), 235300);
    const pr_line *l = tb_line(b, PROG_TEKUN, tb_id("19400102", 31));
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->nAmount, 115200);
    CU_ASSERT_STRING_EQUAL(l->zPayee, "敬老院");
    CU_ASSERT_STRING_EQUAL(l->zAccount, tb_account(2));
    const pr_finding *f = tb_finding(b, 0, 4, PROG_TEKUN, ST_REJECTED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "INSTITUTION_MISSING");
    pr_batch_free(b);
}

/* TEKUN fen rounding: S = 815.55, partial 20% -> 163.11; self 10% -> 81.555 -> 81.56 */
static void test_tekun_fen_rounding(void)
{
    char zT[2048];
    snprintf(zT, sizeof(zT), TEKUN_HEAD "%s,甲,320613,rural,self,dispersed,,,,银行,%s\n",
             tb_id("19400104", 33), tb_account(3));
    pr_error err;
    pr_batch *b = tb_run("2023-08", "dibao.standard,320613,rural,2023-08,815.55,\n", NULL, NULL, zT, NULL, NULL, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_TEKUN, tb_id("19400104", 33)), 115156);   /* 1070 + 81.555 = 1151.555 -> 1151.56 */
    pr_batch_free(b);
}

/* ORPHAN: institutional 2000; scattered 2000*80% = 1600; de facto 2000*80%*95% = 1520;
 * 18 on the first day is aged out; with the student limit 22 a 19-year-old student is paid. */
static void test_orphan(void)
{
    char zO[4096];
    snprintf(zO, sizeof(zO), ORPHAN_HEAD
             "%s,甲,320613,urban,机构养育,否,福利院,银行,%s,,,\n"
             "%s,乙,320613,urban,社会散居,否,,,,王某,银行,%s\n"
             "%s,丙,320613,urban,事实无人抚养,否,,,,李某,银行,%s\n"
             "%s,丁,320613,urban,scattered,no,,,,赵某,银行,%s\n"
             "%s,戊,320613,urban,scattered,yes,,,,钱某,银行,%s\n"
             "%s,己,320613,urban,scattered,no,,,,孙某,银行,%s\n",
             tb_id("20150101", 40), tb_account(4), tb_id("20150102", 41), tb_account(5),
             tb_id("20150103", 42), tb_account(6), tb_id("20050801", 43), tb_account(7),
             tb_id("20040101", 44), tb_account(8), tb_id("20050802", 45), tb_account(9));
    pr_error err;
    pr_batch *b = tb_run("2023-08", "orphan.defacto_pct,*,*,2023-01,95,\norphan.student_age_limit,*,*,2023-01,22,\n",
                         NULL, NULL, NULL, NULL, zO, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_ORPHAN, tb_id("20150101", 40)), 200000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_ORPHAN, tb_id("20150102", 41)), 160000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_ORPHAN, tb_id("20150103", 42)), 152000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_ORPHAN, tb_id("20050801", 43)), -1);
    const pr_finding *f = tb_finding(b, 0, 5, PROG_ORPHAN, ST_INELIGIBLE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "AGED_OUT");
    CU_ASSERT_EQUAL(tb_amount(b, PROG_ORPHAN, tb_id("20040101", 44)), 160000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_ORPHAN, tb_id("20050802", 45)), 160000);
    CU_ASSERT_STRING_EQUAL(tb_line(b, PROG_ORPHAN, tb_id("20150102", 41))->zPayee, "王某");
    pr_batch_free(b);
}

/* ORPHAN yuan_ceil: I = 1999.99, scattered 80% = 1599.992 -> 1600 */
static void test_orphan_ceil(void)
{
    char zO[2048];
    snprintf(zO, sizeof(zO), ORPHAN_HEAD "%s,乙,320613,urban,社会散居,否,,,,王某,银行,%s\n", tb_id("20150104", 46), tb_account(10));
    pr_error err;
    pr_batch *b = tb_run("2023-08", "orphan.institutional,*,*,2023-08,1999.99,\n", NULL, NULL, NULL, NULL, zO, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_ORPHAN, tb_id("20150104", 46)), 160000);
    pr_batch_free(b);
}

static void dis_row(char *z, size_t n, const char *zId, int iType, int iGrade, const char *zTypeCol, int iAcc)
{
    size_t k = strlen(z);
    snprintf(z + k, n - k, "%s,某,320613,urban,%s%d%d,%s,,银行,%s\n", zId, zId, iType, iGrade, zTypeCol, tb_account(iAcc));
}

/* disability allowances against DIBAO and TEKUN */
static void test_disability(void)
{
    reset();
    const char *zA = tb_id("19700201", 50);   /* in a paid DIBAO household, grade 2 */
    const char *zB = tb_id("19700202", 51);   /* not in DIBAO, grade 1 */
    const char *zC = tb_id("19700203", 52);   /* grade 3 mental, in DIBAO */
    const char *zD = tb_id("19700204", 53);   /* grade 3 physical */
    const char *zE = tb_id("19400205", 54);   /* paid TEKUN */
    const char *zF = tb_id("19700206", 55);   /* type column disagrees */
    const char *zG = tb_id("19700207", 56);   /* grade 4, in DIBAO */
    dibao_row(0, "DA", zA, "户主", "0", "", "", "", 2, 1, 0, 0);
    dibao_row(0, "DA", zC, "配偶", "", "", "", "", 3, 6, 0, 0);
    dibao_row(0, "DA", zG, "子女", "", "", "", "", 4, 1, 0, 0);
    char zDis[4096] = DIS_HEAD;
    dis_row(zDis, sizeof(zDis), zA, 1, 2, "", 60);
    dis_row(zDis, sizeof(zDis), zB, 4, 1, "", 61);
    dis_row(zDis, sizeof(zDis), zC, 6, 3, "6", 62);
    dis_row(zDis, sizeof(zDis), zD, 4, 3, "", 63);
    dis_row(zDis, sizeof(zDis), zE, 1, 1, "", 64);
    dis_row(zDis, sizeof(zDis), zF, 1, 2, "2", 65);
    dis_row(zDis, sizeof(zDis), zG, 1, 4, "", 66);
    char zT[1024];
    snprintf(zT, sizeof(zT), TEKUN_HEAD "%s,丙,320613,urban,self,dispersed,,,,银行,%s\n", zE, tb_account(67));
    pr_error err;
    pr_batch *b = tb_run("2023-08", NULL, NULL, zBuf[0], zT, zDis, NULL, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_LIVING, zA), 18000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_NURSING, zA), 12000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_LIVING, zB), -1);      /* not in DIBAO */
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_NURSING, zB), 15000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_LIVING, zC), 12000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_NURSING, zC), 9000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_NURSING, zD), -1);     /* grade 3 physical */
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_LIVING, zE), -1);      /* paid TEKUN */
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_NURSING, zE), -1);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_LIVING, zG), 12000);   /* grade 4 living only */
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_NURSING, zG), -1);
    const pr_finding *f = tb_finding(b, 2, 6, PROG_DIS_LIVING, ST_INELIGIBLE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "TEKUN_EXCLUDED");
    f = tb_finding(b, 2, 7, PROG_DIS_NURSING, ST_REJECTED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "CERT_MISMATCH");
    pr_batch_free(b);
}

/* include_grade3 = 0 and exclude_tekun = 0 */
static void test_disability_switches(void)
{
    const char *zC = tb_id("19700208", 57), *zE = tb_id("19400209", 58);
    char zDis[2048] = DIS_HEAD;
    dis_row(zDis, sizeof(zDis), zC, 5, 3, "", 70);
    dis_row(zDis, sizeof(zDis), zE, 1, 2, "", 71);
    char zT[1024];
    snprintf(zT, sizeof(zT), TEKUN_HEAD "%s,丙,320613,urban,self,dispersed,,,,银行,%s\n", zE, tb_account(72));
    pr_error err;
    pr_batch *b = tb_run("2023-08", "disability.nursing.include_grade3,*,*,2023-01,0,\ndisability.exclude_tekun,*,*,2023-01,0,\n",
                         NULL, NULL, zT, zDis, NULL, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_NURSING, zC), -1);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIS_NURSING, zE), 12000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_TEKUN, zE), 210700);   /* urban self: 2025 + 820*10% = 2107 */
    pr_batch_free(b);
}

/* Findings of code zCode in b. */
static int count_code(const pr_batch *b, const char *zCode)
{
    int n = 0;
    for (int i = 0; i < b->nFind; i++) n += strcmp(b->aFind[i].zCode, zCode) == 0;
    return n;
}

/* an ID's region code is local when the policy in force declares it as a
 * district or as a region (a legacy code), and only then: no list of codes
 * is built in */
static void test_id_region_from_policy(void)
{
    reset();
    dibao_row(0, "H1", tb_id_region("320602", "19830101", 1), "户主", "0", "", "", "", 0, 0, 0, 0);
    dibao_row(0, "H2", tb_id_region("110105", "19830101", 2), "户主", "0", "", "", "", 0, 0, 0, 0);
    dibao_row(0, "H3", tb_id_region("320612", "19830101", 3), "户主", "0", "", "", "", 0, 0, 0, 0);
    /* 320602 declared only as a region: local, no warning; 110105 is not */
    pr_batch *b = run_dibao("region,320602,*,2020-01,崇川区 (legacy),legacy code\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(count_code(b, "ID_REGION_OUTSIDE"), 1);
    const pr_finding *f = tb_finding(b, 0, 3, PROG_DIBAO, ST_WARNING);
    CU_ASSERT_PTR_NOT_NULL(f);
    if (f) CU_ASSERT_STRING_EQUAL(f->zCode, "ID_REGION_OUTSIDE");
    CU_ASSERT_TRUE(tb_amount(b, PROG_DIBAO, "H1") > 0);   /* paid: a warning does not stop payment */
    pr_batch_free(b);
    /* without the region row 320602 is not local either; a region row
     * from a later month is not in force */
    b = run_dibao("region,320602,*,2023-09,崇川区 (legacy),not yet\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(count_code(b, "ID_REGION_OUTSIDE"), 2);
    CU_ASSERT_PTR_NOT_NULL(tb_finding(b, 0, 2, PROG_DIBAO, ST_WARNING));
    pr_batch_free(b);
}

static const pr_test aTests[] = {
    { "dibao gap and supplements", test_dibao_gap_and_supplements },
    { "dibao largest supplement per member", test_dibao_largest_supplement },
    { "dibao ages 60 and 18 on the first day", test_dibao_age_boundaries },
    { "dibao income at and below the line", test_dibao_income_at_line },
    { "dibao grace this month and last month", test_dibao_grace },
    { "dibao job deduction and minimum", test_dibao_deduction_and_minimum },
    { "dibao rounds once", test_dibao_round_once },
    { "dibao single-person households", test_dibao_single },
    { "dibao member rejected rejects household", test_dibao_member_rejected },
    { "tekun amounts and payee", test_tekun },
    { "tekun fen rounding", test_tekun_fen_rounding },
    { "orphan categories and ages", test_orphan },
    { "orphan yuan_ceil", test_orphan_ceil },
    { "disability against dibao and tekun", test_disability },
    { "disability policy switches", test_disability_switches },
    { "ID region code local by the policy", test_id_region_from_policy },
};

int suite_rules(void) { PR_ADD_SUITE("rules", aTests); }
