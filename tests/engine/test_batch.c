/*
 * test_batch.c - whole-batch behaviour: conflicts and the held cascade, the
 * price subsidy, policy precedence and configuration errors, the CSV
 * dialect through the reader, bad files, and thread-count independence.
 * Expected figures are worked out by hand from domain.md in the comments.
 */
#include "run/read.h"
#include "rules/rules.h"
#include "tests/batchutil.h"
#include "tests/testutil.h"
#include "formats/exceptions.h"
#include "formats/ledger.h"
#include "model/idcard.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIBAO_HEAD "household_id,id_number,name,district,area,relation,household_income,disability_grade,bank,account\n"
#define TEKUN_HEAD "id_number,name,district,area,care_level,support_mode,bank,account\n"
#define ORPHAN_HEAD "id_number,name,district,area,category,guardian,bank,account\n"
#define DIS_HEAD "id_number,name,district,area,certificate,bank,account\n"

static const char *dibao1(const char *zHouse, const char *zId, const char *zRel, const char *zIncome, int iGrade)
{
    static char aRing[32][256];
    static int iNext;
    char *z = aRing[iNext++ % 32];
    snprintf(z, 256, "%s,%s,某,320613,urban,%s,%s,%d,银行,%s\n", zHouse, zId, zRel, zIncome, iGrade, tb_account(iNext));
    return z;
}

static char *cat(const char *zHead, int n, const char *const *az)
{
    static char zOut[8][16384];
    static int iNext;
    char *z = zOut[iNext++ % 8];
    strcpy(z, zHead);
    for (int i = 0; i < n; i++) strcat(z, az[i]);
    return z;
}

/* same person twice in TEKUN: both HELD; person in two households: every row
 * of both HELD; person in DIBAO and TEKUN: both HELD; a disability allowance
 * of a held household member is HELD, its grade-4 nursing part INELIGIBLE. */
static void test_conflicts_and_cascade(void)
{
    const char *zP = tb_id("19600101", 1), *zQ = tb_id("19600102", 2), *zR = tb_id("19600103", 3);
    const char *zS = tb_id("19600104", 4), *zT = tb_id("19600105", 5);
    const char *azD[] = {
        dibao1("H1", zQ, "户主", "0", 4),     /* line 2: household H1 holds Q, also in H2 */
        dibao1("H2", zR, "户主", "0", 0),     /* line 3 */
        dibao1("H2", zQ, "配偶", "", 4),      /* line 4 */
        dibao1("H3", zS, "户主", "0", 0),     /* line 5: S also in TEKUN */
        dibao1("H4", zT, "户主", "0", 0),     /* line 6: paid, 820 + 10% elderly */
    };
    char zTek[1024];
    snprintf(zTek, sizeof(zTek), TEKUN_HEAD "%s,甲,320613,urban,self,dispersed,银行,%s\n%s,甲,320613,urban,self,dispersed,银行,%s\n"
             "%s,乙,320613,urban,self,dispersed,银行,%s\n", zP, tb_account(90), zP, tb_account(90), zS, tb_account(91));
    char zDis[1024];
    snprintf(zDis, sizeof(zDis), DIS_HEAD "%s,某,320613,urban,%s14,银行,%s\n", zQ, zQ, tb_account(92));
    pr_error err;
    pr_batch *b = tb_run("2023-08", NULL, NULL, cat(DIBAO_HEAD, 5, azD), zTek, zDis, NULL, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_TEKUN, zP), -1);
    const pr_finding *f = tb_finding(b, 1, 2, PROG_TEKUN, ST_HELD);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "DUPLICATE_PERSON");
    CU_ASSERT_PTR_NOT_NULL(tb_finding(b, 1, 3, PROG_TEKUN, ST_HELD));
    for (unsigned l = 2; l <= 4; l++) {
        f = tb_finding(b, 0, l, PROG_DIBAO, ST_HELD);
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        CU_ASSERT_STRING_EQUAL(f->zCode, "MULTIPLE_HOUSEHOLDS");
    }
    f = tb_finding(b, 0, 5, PROG_DIBAO, ST_HELD);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "DIBAO_TEKUN_CONFLICT");
    CU_ASSERT_PTR_NOT_NULL(tb_finding(b, 1, 4, PROG_TEKUN, ST_HELD));
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "H4"), 90200);   /* 820 + 82: born 1960, elderly */
    f = tb_finding(b, 2, 2, PROG_DIS_LIVING, ST_HELD);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "DEPENDS_ON_HELD");
    f = tb_finding(b, 2, 2, PROG_DIS_NURSING, ST_INELIGIBLE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "GRADE_NOT_ELIGIBLE");
    /* rows read = PAID + INELIGIBLE + HELD + REJECTED, per file */
    for (int i = 0; i < b->nInput; i++) {
        const pr_input *in = &b->aInput[i];
        CU_ASSERT_EQUAL(in->nRows, in->aCount[ST_PAID] + in->aCount[ST_INELIGIBLE] + in->aCount[ST_HELD] + in->aCount[ST_REJECTED]);
    }
    CU_ASSERT_EQUAL(b->aInput[0].aCount[ST_HELD], 4);
    CU_ASSERT_EQUAL(b->aInput[0].aCount[ST_PAID], 1);
    pr_batch_free(b);
}

/* Jiangsu tier 1 on the July index (lag 1): 820/12 = 68.33 -> 68 yuan (half up) for
 * every covered person; one line per person; an orphan in a DIBAO household
 * is paid through the orphan's guardian. */
static void test_price_tier1(void)
{
    const char *zA = tb_id("19700101", 10), *zB = tb_id("20150101", 11), *zC = tb_id("19400101", 12);
    const char *azD[] = { dibao1("P1", zA, "户主", "0", 0), dibao1("P1", zB, "子女", "", 0) };
    char zTek[512], zOrp[512];
    snprintf(zTek, sizeof(zTek), TEKUN_HEAD "%s,甲,320613,urban,self,dispersed,银行,%s\n", zC, tb_account(20));
    snprintf(zOrp, sizeof(zOrp), ORPHAN_HEAD "%s,乙,320613,urban,scattered,王某,银行,%s\n", zB, tb_account(21));
    pr_error err;
    pr_batch *b = tb_run("2023-08", NULL, "month,cpi,food_cpi,scpi\n2023-07,3.20,1.0,\n2023-08,9.9,9.9,9.9\n",
                         cat(DIBAO_HEAD, 2, azD), zTek, NULL, zOrp, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_PRICE, zA), 6800);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_PRICE, zB), 6800);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_PRICE, zC), 6800);
    const pr_line *l = tb_line(b, PROG_PRICE, zB);
    CU_ASSERT_STRING_EQUAL(l->zPayee, "王某");
    int n = 0;
    for (int i = 0; i < b->nLine; i++) n += b->aLine[i].eProg == PROG_PRICE;
    CU_ASSERT_EQUAL(n, 3);
    pr_batch_free(b);
}

/* tier 2 exactly at 5.0 on scpi (cpi below): 820/8 = 102.5 -> 103 yuan;
 * untriggered at 2.99: no line; national linear cpi 2.5 food 6.0: 820*2.5% = 20.5 -> 21 */
static void test_price_tiers_and_formulas(void)
{
    const char *zA = tb_id("19700102", 13);
    const char *azD[] = { dibao1("P2", zA, "户主", "0", 0) };
    pr_error err;
    pr_batch *b = tb_run("2023-08", NULL, "month,cpi,food_cpi,scpi\n2023-07,2.0,1.0,5.00\n", cat(DIBAO_HEAD, 1, azD), NULL, NULL, NULL, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_PRICE, zA), 10300);
    pr_batch_free(b);
    b = tb_run("2023-08", NULL, "month,cpi,food_cpi,scpi\n2023-07,2.99,9.0,2.99\n", cat(DIBAO_HEAD, 1, azD), NULL, NULL, NULL, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_PRICE, zA), -1);
    pr_batch_free(b);
    b = tb_run("2023-08", "price.formula,*,*,2023-08,national_linear,\n", "month,cpi,food_cpi,scpi\n2023-07,2.5,6.0,\n",
               cat(DIBAO_HEAD, 1, azD), NULL, NULL, NULL, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_PRICE, zA), 2100);
    pr_batch_free(b);
}

/* a person covered only by a HELD record gets a HELD PRICE finding */
static void test_price_held(void)
{
    const char *zP = tb_id("19400102", 14);
    char zTek[512];
    snprintf(zTek, sizeof(zTek), TEKUN_HEAD "%s,甲,320613,urban,self,dispersed,银行,%s\n%s,甲,320613,urban,full,dispersed,银行,%s\n",
             zP, tb_account(22), zP, tb_account(22));
    pr_error err;
    pr_batch *b = tb_run("2023-08", NULL, "month,cpi,food_cpi,scpi\n2023-07,3.5,1.0,\n", NULL, zTek, NULL, NULL, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_PRICE, zP), -1);
    CU_ASSERT_PTR_NOT_NULL(tb_finding(b, 0, 2, PROG_PRICE, ST_HELD));
    pr_batch_free(b);
}

/* precedence inside a run: an earlier district row loses to a later city-wide
 * row; at the same month a district row beats '*', an area row beats that;
 * a future row is ignored. */
static void test_policy_precedence_in_run(void)
{
    const char *zA = tb_id("19700103", 15);
    char zD[512];
    snprintf(zD, sizeof(zD), DIBAO_HEAD "A,%s,某,320612,urban,户主,0,0,银行,%s\n", zA, tb_account(23));
    pr_error err;
    pr_batch *b = tb_run("2023-08", "dibao.standard,320612,urban,2023-01,900,\n", NULL, zD, NULL, NULL, NULL, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "A"), 82000);
    pr_batch_free(b);
    b = tb_run("2023-08", "dibao.standard,320612,*,2023-07,830,\ndibao.standard,320612,urban,2023-07,840,\n"
                          "dibao.standard,*,*,2023-09,999,\n", NULL, zD, NULL, NULL, NULL, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "A"), 84000);
    pr_batch_free(b);
}

/* a missing key stops the run and names key, district, area and month;
 * an index without the month it needs is a configuration error */
static void test_configuration_errors(void)
{
    const char *zA = tb_id("19700104", 16);
    char zD[512];
    snprintf(zD, sizeof(zD), DIBAO_HEAD "A,%s,某,320612,rural,户主,0,0,银行,%s\n", zA, tb_account(24));
    pr_error err;
    pr_batch *b = tb_run("2023-06", NULL, "month,cpi,food_cpi,scpi\n2023-05,1.0,1.0,\n", zD, NULL, NULL, NULL, 1, &err);
    CU_ASSERT_EQUAL(err, PR_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(b->err.zMsg, "dibao.standard"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b->err.zMsg, "320612"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b->err.zMsg, "rural"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b->err.zMsg, "2023-06"));
    pr_batch_free(b);
    b = tb_run("2023-08", NULL, "month,cpi,food_cpi,scpi\n2023-06,1.0,1.0,\n", zD, NULL, NULL, NULL, 1, &err);
    CU_ASSERT_EQUAL(err, PR_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(b->err.zMsg, "2023-07"));
    pr_batch_free(b);
}

/* with several threads the configuration error reported is the one a
 * serial run meets first: the households are computed in ranges, and only
 * the first household (in household-id order) is in 320612 rural */
static void test_configuration_error_thread_independent(void)
{
    char zD[8192];
    size_t k = (size_t)snprintf(zD, sizeof(zD), DIBAO_HEAD);
    for (int i = 0; i < 30; i++)
        k += (size_t)snprintf(zD + k, sizeof(zD) - k, "H%02d,%s,某,%s,%s,户主,0,0,银行,%s\n", i,
                              tb_id(i ? "19700105" : "19700104", 100 + i), i ? "320613" : "320612", i ? "urban" : "rural",
                              tb_account(100 + i));
    char zErr1[1024] = "";
    for (int t = 1; t <= 3; t += 2) {
        pr_error err;
        pr_batch *b = tb_run("2023-06", NULL, "month,cpi,food_cpi,scpi\n2023-05,1.0,1.0,\n", zD, NULL, NULL, NULL, t, &err);
        CU_ASSERT_EQUAL(err, PR_ERR_CONFIG);
        CU_ASSERT_PTR_NOT_NULL(strstr(b->err.zMsg, "district 320612, area rural"));
        const char *z = strstr(b->err.zMsg, "configuration error");   /* the policy file's name differs per run */
        CU_ASSERT_PTR_NOT_NULL_FATAL(z);
        if (t == 1) snprintf(zErr1, sizeof(zErr1), "%s", z);
        else CU_ASSERT_STRING_EQUAL(z, zErr1);
        pr_batch_free(b);
    }
}

static pr_batch *run_paths(const char *const *azPath, const pr_roster *aeRoster, int n, int nThreads, pr_error *pErr)
{
    const char *zPol = tu_write_str("pol-files.csv", tb_zPolicy);
    const char *zIdx = tu_write_str("idx-files.csv", "month,cpi,food_cpi,scpi\n2023-07,1.0,1.0,\n");
    static char zPolC[512], zIdxC[512];
    snprintf(zPolC, sizeof(zPolC), "%s", zPol);
    snprintf(zIdxC, sizeof(zIdxC), "%s", zIdx);
    pr_batch *b = pr_batch_new(2023 * 12 + 7, nThreads, ENC_AUTO);
    for (int i = 0; i < n; i++) pr_batch_add_input(b, azPath[i], aeRoster[i]);
    pr_error err = pr_batch_load_config(b, zPolC, zIdxC);
    if (!err) err = pr_batch_read(b);
    if (!err) err = pr_batch_compute(b);
    *pErr = err;
    return b;
}

/* the dialect end to end: BOM, CRLF, quoted comma, quoted newline (the next
 * record's line number counts it), wrong field count, unterminated quote at
 * the end, all in a two-member gzip */
static void test_dialect_through_reader(void)
{
    static char zText[4096], zPath[512];
    const char *zA = tb_id("19700105", 17), *zB = tb_id("19700106", 18), *zC = tb_id("19700107", 19);
    snprintf(zText, sizeof(zText),
             "\xEF\xBB\xBF" "household_id,id_number,name,district,area,relation,household_income,bank,account\r\n"
             "Q1,%s,\"张,三\",320613,urban,户主,100,\"银行\nA\",%s\r\n"
             "Q2,%s,李四,320613,urban,户主,0,银行,%s\r\n"
             "Q3,%s,王五,320613,urban,户主,0,银行\r\n"
             "Q4,%s,\"赵六,320613,urban,户主,0,银行,1\r\n",
             zA, tb_account(30), zB, tb_account(31), zC, tb_id("19700108", 20));
    snprintf(zPath, sizeof(zPath), "%s", tu_write_gz("dialect.csv.gz", zText, 2));
    const char *az[] = { zPath };
    pr_roster ae[] = { ROSTER_DIBAO };
    pr_error err;
    pr_batch *b = run_paths(az, ae, 1, 2, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    const pr_line *l = tb_line(b, PROG_DIBAO, "Q1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->zName, "张,三");
    CU_ASSERT_STRING_EQUAL(l->zBank, "银行\nA");
    CU_ASSERT_EQUAL(l->nAmount, 72000);
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "Q2"), 82000);
    const pr_finding *f = tb_finding(b, 0, 5, PROG_DIBAO, ST_REJECTED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "CSV_FIELD_COUNT");
    f = tb_finding(b, 0, 6, PROG_DIBAO, ST_REJECTED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->zCode, "CSV_UNTERMINATED_QUOTE");
    CU_ASSERT_EQUAL(b->aInput[0].nRows, 4);
    CU_ASSERT_TRUE(b->aInput[0].bGzip);
    pr_batch_free(b);
}

/* a GB18030 roster (auto-detected) reads like its UTF-8 twin */
static void test_gb18030_roster(void)
{
    static char zUtf[1024], zGb[2048], zPath[512];
    const char *zA = tb_id("19700109", 21);
    snprintf(zUtf, sizeof(zUtf), "户编号,身份证号,姓名,区划代码,城乡类别,与户主关系,家庭月收入,开户银行,银行账号\n"
             "G1,%s,张三,320613,城市,户主,20,农商银行,%s\n", zA, tb_account(32));
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    char *zIn = zUtf, *zOut = zGb;
    size_t nIn = strlen(zUtf), nOut = sizeof(zGb);
    CU_ASSERT_NOT_EQUAL_FATAL(iconv(cd, &zIn, &nIn, &zOut, &nOut), (size_t)-1);
    iconv_close(cd);
    snprintf(zPath, sizeof(zPath), "%s", tu_write("gb.csv", zGb, sizeof(zGb) - nOut));
    const char *az[] = { zPath };
    pr_roster ae[] = { ROSTER_DIBAO };
    pr_error err;
    pr_batch *b = run_paths(az, ae, 1, 1, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_EQUAL(b->aInput[0].eEnc, ENC_GB18030);
    const pr_line *l = tb_line(b, PROG_DIBAO, "G1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->zName, "张三");
    CU_ASSERT_EQUAL(l->nAmount, 80000);
    pr_batch_free(b);
}

static pr_error run_one_file(const char *zName, const char *zText, size_t nText, char *zErr, size_t nErr)
{
    static char zPath[512];
    snprintf(zPath, sizeof(zPath), "%s", tu_write(zName, zText, nText));
    const char *az[] = { zPath };
    pr_roster ae[] = { ROSTER_TEKUN };
    pr_error err;
    pr_batch *b = run_paths(az, ae, 1, 1, &err);
    snprintf(zErr, nErr, "%s", b->err.zMsg);
    pr_batch_free(b);
    return err;
}

/* files that stop the run: missing column, duplicate column, empty, header
 * only, corrupt gzip; each message names the file */
static void test_bad_files(void)
{
    char zErr[1024];
    pr_error err = run_one_file("nocol.csv", "id_number,name,district,area,care_level\n", 41, zErr, sizeof(zErr));
    CU_ASSERT_EQUAL(err, PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "support_mode"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "nocol.csv"));
    const char *zDup = "id_number,身份证号,name,district,area,care_level,support_mode\n";
    err = run_one_file("dup.csv", zDup, strlen(zDup), zErr, sizeof(zErr));
    CU_ASSERT_EQUAL(err, PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "twice"));
    err = run_one_file("empty.csv", "", 0, zErr, sizeof(zErr));
    CU_ASSERT_EQUAL(err, PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "empty"));
    const char *zHead = "id_number,name,district,area,care_level,support_mode\n";
    err = run_one_file("headonly.csv", zHead, strlen(zHead), zErr, sizeof(zErr));
    CU_ASSERT_EQUAL(err, PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "no data rows"));
    const char *zGz = tu_write_gz("corrupt.csv.gz", "id_number,name,district,area,care_level,support_mode\n1,2,3,4,5,6\n", 1);
    char *zBytes = tu_read(zGz);   /* decoded text; re-read raw instead */
    free(zBytes);
    FILE *f = fopen(zGz, "rb");
    unsigned char aRaw[512];
    size_t nRaw = fread(aRaw, 1, sizeof(aRaw), f);
    fclose(f);
    err = run_one_file("truncated.csv.gz", (const char *)aRaw, nRaw - 12, zErr, sizeof(zErr));
    CU_ASSERT_EQUAL(err, PR_ERR_GZIP);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "truncated.csv.gz"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "byte offset"));
}

/* Builds a roster of n households with a sprinkling of bad rows. */
static char *big_roster(int n, size_t *pn)
{
    size_t nCap = (size_t)n * 400 + 1024, k = 0;
    char *z = malloc(nCap);
    k += (size_t)snprintf(z + k, nCap - k, DIBAO_HEAD);
    for (int i = 0; i < n; i++) {
        char zBirth[9], zHouse[16];
        snprintf(zBirth, sizeof(zBirth), "19%02d%02d%02d", 30 + i % 70, 1 + i % 12, 1 + i % 28);
        snprintf(zHouse, sizeof(zHouse), "B%06d", i);
        const char *zId = tb_id_region(i % 3 ? "320613" : "320612", zBirth, i % 1000);
        if (i % 97 == 5) zId = "3.20613E+17";
        const char *zDistrict = i % 3 ? "320613" : "320612";
        k += (size_t)snprintf(z + k, nCap - k, "%s,%s,\"名,%d\",%s,%s,户主,%d.%02d,%d,银行,%s\n", zHouse, zId, i, zDistrict,
                              i % 2 ? "urban" : "rural", i % 900, i % 100, i % 5, tb_account(i));
        if (i % 4 == 0)
            k += (size_t)snprintf(z + k, nCap - k, "%s,%s,成员,%s,urban,子女,,0,,\n", zHouse,
                                  tb_id_region("320613", "20100505", (i / 4) % 1000), zDistrict);
    }
    *pn = k;
    return z;
}

static char *run_and_dump(const char *zPath, int nThreads)
{
    const char *az[] = { zPath };
    pr_roster ae[] = { ROSTER_DIBAO };
    pr_error err;
    pr_batch *b = run_paths(az, ae, 1, nThreads, &err);
    CU_ASSERT_EQUAL(err, PR_OK);
    char zL[512], zE[512];
    pr_err e;
    pr_err_init(&e);
    snprintf(zL, sizeof(zL), "%s/ledger-%d.csv.gz", tu_tmpdir(), nThreads);
    snprintf(zE, sizeof(zE), "%s/exc-%d.csv", tu_tmpdir(), nThreads);
    CU_ASSERT_EQUAL(pr_ledger_write(b, zL, &e), PR_OK);
    CU_ASSERT_EQUAL(pr_exceptions_write(b, zE, &e), PR_OK);
    pr_batch_free(b);
    FILE *f = fopen(zL, "rb");
    char *zOut = malloc(64 << 20);
    size_t n = fread(zOut, 1, 64 << 20, f);
    fclose(f);
    f = fopen(zE, "rb");
    n += fread(zOut + n, 1, (64 << 20) - n, f);
    fclose(f);
    zOut[n] = 0;
    char *zRet = malloc(n + 16);
    memcpy(zRet, &n, sizeof(n));
    memcpy(zRet + sizeof(n), zOut, n);
    free(zOut);
    return zRet;
}

/* the same inputs give byte-identical ledger and exceptions with 1 and 3
 * threads, over a file of several chunks */
static void test_thread_independence(void)
{
    size_t n;
    char *z = big_roster(30000, &n);
    CU_ASSERT_TRUE(n > 2 * (1u << 20));
    static char zPath[512];
    snprintf(zPath, sizeof(zPath), "%s", tu_write("big.csv", z, n));
    free(z);
    char *a = run_and_dump(zPath, 1), *b = run_and_dump(zPath, 3);
    size_t na, nb;
    memcpy(&na, a, sizeof(na));
    memcpy(&nb, b, sizeof(nb));
    CU_ASSERT_EQUAL(na, nb);
    CU_ASSERT_TRUE(na == nb && memcmp(a + sizeof(na), b + sizeof(nb), na) == 0);
    free(a);
    free(b);
}

/* hostile rows are REJECTED with a message that says what is wrong, and
 * the run goes on: NUL bytes, a line over 1 MiB, money beyond int64, a
 * negative income, a 2023-02-30 birth date */
static void test_hostile_rows(void)
{
    size_t nLong = (2u << 20) + 100, k = 0;
    char *z = malloc(nLong + 4096);
    const char *zA = tb_id("19700110", 40), *zB = tb_id("19700111", 41);
    k += (size_t)sprintf(z + k, "household_id,id_number,name,district,area,relation,household_income,bank,account\n");
    k += (size_t)sprintf(z + k, "N1,%s,#", zA);                                                      /* line 2: NUL */
    z[k - 1] = 0;
    k += (size_t)sprintf(z + k, ",320613,urban,户主,0,银行,%s\n", tb_account(50));
    k += (size_t)sprintf(z + k, "L1,%s,", zB);                                                       /* line 3: 2 MiB */
    memset(z + k, 'a', nLong);
    k += nLong;
    k += (size_t)sprintf(z + k, ",320613,urban,户主,0,银行,1\n");
    k += (size_t)sprintf(z + k, "M1,%s,甲,320613,urban,户主,99999999999999999999,银行,%s\n", zB, tb_account(51));  /* line 4 */
    k += (size_t)sprintf(z + k, "M2,%s,乙,320613,urban,户主,-0.01,银行,%s\n", zA, tb_account(52));                 /* line 5 */
    char zBad[19];
    memcpy(zBad, "32061320230230", 14);
    memcpy(zBad + 14, "123", 3);
    zBad[17] = pr_id_check_char(zBad);
    zBad[18] = 0;
    k += (size_t)sprintf(z + k, "D1,%s,丙,320613,urban,户主,0,银行,%s\n", zBad, tb_account(53));                  /* line 6 */
    k += (size_t)sprintf(z + k, "OK,%s,丁,320613,urban,户主,0,银行,%s\n", tb_id("19700112", 42), tb_account(54));  /* line 7 */
    static char zPath[512];
    snprintf(zPath, sizeof(zPath), "%s", tu_write("hostile.csv", z, k));
    free(z);
    const char *az[] = { zPath };
    pr_roster ae[] = { ROSTER_DIBAO };
    pr_error err;
    pr_batch *b = run_paths(az, ae, 1, 2, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    static const struct { unsigned iLine; const char *zCode, *zWords; } aWant[] = {
        { 2, "ENCODING_INVALID", "NUL" }, { 3, "RECORD_TOO_LONG", "longer than" }, { 4, "MONEY_INVALID", "too large" },
        { 5, "MONEY_NEGATIVE", "negative" }, { 6, "ID_BIRTH_DATE", "birth date" },
    };
    for (size_t i = 0; i < sizeof(aWant) / sizeof(aWant[0]); i++) {
        const pr_finding *f = tb_finding(b, 0, aWant[i].iLine, PROG_DIBAO, ST_REJECTED);
        CU_ASSERT_PTR_NOT_NULL(f);
        if (!f) continue;
        CU_ASSERT_STRING_EQUAL(f->zCode, aWant[i].zCode);
        CU_ASSERT_PTR_NOT_NULL(strstr(f->zMsg, aWant[i].zWords));
    }
    CU_ASSERT_EQUAL(tb_amount(b, PROG_DIBAO, "OK"), 82000);   /* born 1970, 53: no supplement */
    CU_ASSERT_EQUAL(b->aInput[0].nRows, 6);
    pr_batch_free(b);
}

static const pr_test aTests[] = {
    { "hostile rows", test_hostile_rows },
    { "conflicts and the held cascade", test_conflicts_and_cascade },
    { "price tier 1 and coverage", test_price_tier1 },
    { "price tier 2, untriggered, national", test_price_tiers_and_formulas },
    { "price held with its record", test_price_held },
    { "policy precedence in a run", test_policy_precedence_in_run },
    { "configuration errors", test_configuration_errors },
    { "configuration error, any thread count", test_configuration_error_thread_independent },
    { "CSV dialect through the reader", test_dialect_through_reader },
    { "GB18030 roster", test_gb18030_roster },
    { "bad files stop the run", test_bad_files },
    { "thread-count independence", test_thread_independence },
};

int suite_batch(void) { PR_ADD_SUITE("batch", aTests); }
