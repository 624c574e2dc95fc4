/*
 * test_changes.c - month-on-month changes and shared accounts: a July batch
 * is written out (ledger.csv.gz, manifest.json) and August is compared with
 * it. Every expected figure is worked out by hand in the comments from the
 * base policy of batchutil.c (S = 820, urban B = 2025, care self 10%,
 * minor 10%, PRICE tier 1 = 820/12 -> 68 yuan, living 180, nursing 150).
 */
#include "tests/batchutil.h"
#include "tests/cyclebatch.h"
#include "tests/testutil.h"
#include "run/changes.h"
#include "run/cycleload.h"
#include "formats/changes.h"
#include "formats/ledger.h"
#include "formats/manifest.h"
#include "formats/prevledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* pr_changes_compute with its message copied into zErr (nErr bytes). */
static pr_changes *changes_of(const pr_batch *p, const char *zPrev, char *zErr, size_t nErr)
{
    pr_err e;
    pr_err_init(&e);
    pr_changes *c = pr_changes_compute(p, zPrev, &e);
    CU_ASSERT((c == NULL) == (e.rc != PR_OK));
    snprintf(zErr, nErr, "%s", e.zMsg);
    return c;
}

#define DIBAO_HEAD "household_id,id_number,name,district,area,relation,household_income,disability_grade,bank,account\n"
#define TEKUN_HEAD "id_number,name,district,area,care_level,support_mode,institution,institution_bank,institution_account,bank,account\n"
#define DIS_HEAD "id_number,name,district,area,certificate,bank,account\n"
/* PRICE triggered (tier 1) in both months: July uses June's index, August July's */
#define INDEX "month,cpi,food_cpi,scpi\n2023-06,3.2,1.0,\n2023-07,3.2,1.0,\n"

/* the people, fixed once */
static char zA[19], zA2[19], zB[19], zC[19], zD[19], zE[19], zT1[19], zT2[19], zT3[19], zT4[19];
static char zAcctA[20], zAcctShared[20], zAcctC[20], zAcctD[20], zAcctInst[20], zAcctT4[20], zAcctA2[20];

static void people(void)
{
    snprintf(zA, 19, "%s", tb_id("19700201", 101));   /* head of H_STAY, 53 */
    snprintf(zA2, 19, "%s", tb_id("20150301", 102));  /* child in H_STAY, minor */
    snprintf(zB, 19, "%s", tb_id("19750101", 103));   /* head of H_CHG */
    snprintf(zC, 19, "%s", tb_id("19800101", 104));   /* head of H_INEL */
    snprintf(zD, 19, "%s", tb_id("19650101", 105));   /* head of H_GONE (58: not elderly) */
    snprintf(zE, 19, "%s", tb_id("19900101", 106));   /* head of H_NEW */
    snprintf(zT1, 19, "%s", tb_id("19400101", 111));  /* TEKUN in the institution */
    snprintf(zT2, 19, "%s", tb_id("19400102", 112));
    snprintf(zT3, 19, "%s", tb_id("19400103", 113));
    snprintf(zT4, 19, "%s", tb_id("19450101", 114));  /* TEKUN dispersed; twice in August */
    snprintf(zAcctA, 20, "%s", tb_account(101));
    snprintf(zAcctA2, 20, "%s", tb_account(102));
    snprintf(zAcctShared, 20, "%s", tb_account(200));
    snprintf(zAcctC, 20, "%s", tb_account(104));
    snprintf(zAcctD, 20, "%s", tb_account(105));
    snprintf(zAcctInst, 20, "%s", tb_account(300));
    snprintf(zAcctT4, 20, "%s", tb_account(114));
}

static pr_batch *run_month(int bAugust, int nThreads)
{
    static char zDibao[4096], zTekun[4096], zDis[1024];
    people();
    int n = snprintf(zDibao, sizeof(zDibao), DIBAO_HEAD
                     "H_STAY,%s,甲,320613,urban,户主,0,0,工商银行,%s\n"
                     "H_STAY,%s,甲子,320613,urban,子女,,0,工商银行,%s\n"
                     "H_CHG,%s,乙,320613,urban,户主,%s,0,农业银行,%s\n"
                     "H_INEL,%s,丙,320612,rural,户主,%s,0,农业银行,%s\n",
                     zA, zAcctA, zA2, zAcctA2, zB, bAugust ? "500" : "300", zAcctShared,
                     zC, bAugust ? "1000" : "0", zAcctC);
    if (bAugust)
        snprintf(zDibao + n, sizeof(zDibao) - (size_t)n, "H_NEW,%s,戊,320612,rural,户主,200,0,建设银行,%s\n", zE, zAcctShared);
    else
        snprintf(zDibao + n, sizeof(zDibao) - (size_t)n, "H_GONE,%s,丁,320612,rural,户主,0,0,农业银行,%s\n", zD, zAcctD);
    n = snprintf(zTekun, sizeof(zTekun), TEKUN_HEAD
                 "%s,庚,320613,urban,self,concentrated,福利院,民生银行,%s,,\n"
                 "%s,辛,320613,urban,self,concentrated,福利院,民生银行,%s,,\n"
                 "%s,壬,320613,urban,self,concentrated,福利院,民生银行,%s,,\n"
                 "%s,癸,320613,urban,self,dispersed,,,,邮储银行,%s\n",
                 zT1, zAcctInst, zT2, zAcctInst, zT3, zAcctInst, zT4, zAcctT4);
    if (bAugust)
        snprintf(zTekun + n, sizeof(zTekun) - (size_t)n, "%s,癸,320613,urban,self,dispersed,,,,邮储银行,%s\n", zT4, zAcctT4);
    /* the head of H_STAY: grade 1 type 1, both allowances into the head's own account */
    snprintf(zDis, sizeof(zDis), DIS_HEAD "%s,甲,320613,urban,%s11,工商银行,%s\n", zA, zA, zAcctA);
    pr_error err;
    pr_batch *b = tb_run(bAugust ? "2023-08" : "2023-07", NULL, INDEX, zDibao, zTekun, zDis, NULL, nThreads, &err);
    CU_ASSERT_EQUAL(err, PR_OK);
    if (err) fprintf(stderr, "batch: %s\n", b->err.zMsg);
    return b;
}

/* Makes DIR/zName (a fresh folder) and returns its path (static ring of 4). */
static const char *make_dir(const char *zName)
{
    static char aRing[4][512];
    static int iNext;
    char *z = aRing[iNext++ % 4];
    snprintf(z, 512, "%s/%s", tu_tmpdir(), zName);
    mkdir(z, 0700);
    return z;
}

/* Writes b's ledger.csv.gz and manifest.json into folder zName. */
static const char *write_month(const pr_batch *b, const char *zName)
{
    const char *zDir = make_dir(zName);
    char zPath[600];
    pr_err err;
    pr_err_init(&err);
    snprintf(zPath, sizeof(zPath), "%s/ledger.csv.gz", zDir);
    CU_ASSERT_EQUAL(pr_ledger_write(b, zPath, &err), PR_OK);
    snprintf(zPath, sizeof(zPath), "%s/manifest.json", zDir);
    CU_ASSERT_EQUAL(pr_manifest_write(b, NULL, 0, zPath, &err), PR_OK);
    return zDir;
}

static const pr_change *find_change(const pr_changes *c, int eKind, int eProg, const char *zBen)
{
    for (int i = 0; i < c->nChange; i++)
        if (c->aChange[i].eKind == eKind && c->aChange[i].eProg == eProg && strcmp(c->aChange[i].zBeneficiary, zBen) == 0)
            return &c->aChange[i];
    return NULL;
}

/* Removes the "(also FILE:LINE)" parts of messages: each tb_run writes its
 * rosters under new file names. */
static void strip_also(char *z)
{
    char *c;
    while ((c = strstr(z, "(also ")) != NULL) {
        char *e = strchr(c, ')');
        if (!e) break;
        memmove(c, e + 1, strlen(e + 1) + 1);
    }
}

static int mentions(const pr_changes *c, const char *zBen)
{
    for (int i = 0; i < c->nChange; i++)
        if (strcmp(c->aChange[i].zBeneficiary, zBen) == 0) return 1;
    return 0;
}

static void check_total(const pr_change_total *t, int iDistrict, int eProg, long long nOldLines, long long nNewLines,
                        long long nOldFen, long long nNewFen, long long nAdded, long long nStopped, long long nChanged)
{
    CU_ASSERT_EQUAL(t->iDistrict, iDistrict);
    CU_ASSERT_EQUAL(t->eProg, eProg);
    CU_ASSERT_EQUAL(t->nOldLines, nOldLines);
    CU_ASSERT_EQUAL(t->nNewLines, nNewLines);
    CU_ASSERT_EQUAL(t->nOldFen, nOldFen);
    CU_ASSERT_EQUAL(t->nNewFen, nNewFen);
    CU_ASSERT_EQUAL(t->nAdded, nAdded);
    CU_ASSERT_EQUAL(t->nStopped, nStopped);
    CU_ASSERT_EQUAL(t->nChanged, nChanged);
}

/* July -> August.
 * H_STAY  (320613): 820*2 + 82 (minor) = 1722 both months: unchanged.
 * H_CHG   (320613): income 300 -> 500: 520 -> 320 yuan, delta -200 yuan.
 * H_INEL  (320612): income 0 -> 1000: 820 -> INELIGIBLE (INCOME_ABOVE_LINE).
 * H_GONE  (320612): 820, not in August's rosters.
 * H_NEW   (320612): August only, 820 - 200 = 620.
 * TEKUN T1-T3 (320613, concentrated): 2025 + 82 = 2107 both months.
 * TEKUN T4: 2107 in July; twice in August, so HELD (DUPLICATE_PERSON).
 * PRICE 68 yuan for each covered person: July A A2 B T1-T4 (320613) and C D
 * (320612); August A A2 B T1-T3 (320613) and E (320612); T4's is HELD
 * (DEPENDS_ON_HELD); C's household is ineligible, D is gone.
 * DIS_LIVING 180 and DIS_NURSING 150 for A (320613) both months. */
static void test_changes_july_august(void)
{
    pr_batch *pJul = run_month(0, 1);
    pr_batch *pAug = run_month(1, 1);
    CU_ASSERT_EQUAL_FATAL(pJul->nLine, 19);   /* 4 DIBAO, 4 TEKUN, 1+1 DIS, 9 PRICE */
    CU_ASSERT_EQUAL_FATAL(pAug->nLine, 15);   /* 3 DIBAO, 3 TEKUN, 1+1 DIS, 7 PRICE */
    const char *zPrev = write_month(pJul, "prev-2023-07");
    char zErr[1024] = "";
    pr_changes *c = changes_of(pAug, zPrev, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_TRUE(c->bHasPrev);
    CU_ASSERT_STRING_EQUAL(c->zPrevMonth, "2023-07");
    CU_ASSERT_EQUAL_FATAL(c->nChange, 9);

    /* sorted by district, programme, kind (NEW, STOPPED, CHANGED), beneficiary */
    const pr_change *x = &c->aChange[0];
    CU_ASSERT(x->eKind == CHANGE_NEW && x->eProg == PROG_DIBAO && x->iDistrict == 320612);
    CU_ASSERT_STRING_EQUAL(x->zBeneficiary, "H_NEW");
    CU_ASSERT_STRING_EQUAL(x->zName, "戊");
    CU_ASSERT_EQUAL(x->nOld, 0);
    CU_ASSERT_EQUAL(x->nNew, 62000);
    CU_ASSERT_STRING_EQUAL(x->zReason, "");
    x = &c->aChange[1];
    CU_ASSERT(x->eKind == CHANGE_STOPPED && x->eProg == PROG_DIBAO && x->iDistrict == 320612);
    CU_ASSERT_STRING_EQUAL(x->zBeneficiary, "H_GONE");
    CU_ASSERT_STRING_EQUAL(x->zName, "丁");
    CU_ASSERT_EQUAL(x->nOld, 82000);
    CU_ASSERT_EQUAL(x->nNew, 0);
    CU_ASSERT_STRING_EQUAL(x->zReason, "not in this month's rosters");
    x = &c->aChange[2];
    CU_ASSERT(x->eKind == CHANGE_STOPPED && x->eProg == PROG_DIBAO && x->iDistrict == 320612);
    CU_ASSERT_STRING_EQUAL(x->zBeneficiary, "H_INEL");
    CU_ASSERT_EQUAL(x->nOld, 82000);
    CU_ASSERT_EQUAL(strncmp(x->zReason, "INELIGIBLE INCOME_ABOVE_LINE: ", 30), 0);
    x = &c->aChange[3];
    CU_ASSERT(x->eKind == CHANGE_NEW && x->eProg == PROG_PRICE && x->iDistrict == 320612);
    CU_ASSERT_STRING_EQUAL(x->zBeneficiary, zE);
    CU_ASSERT_EQUAL(x->nNew, 6800);
    /* C and D, in byte order of their IDs: D (1965) before C (1980) */
    CU_ASSERT_STRING_EQUAL(c->aChange[4].zBeneficiary, zD);
    CU_ASSERT_STRING_EQUAL(c->aChange[5].zBeneficiary, zC);
    x = find_change(c, CHANGE_STOPPED, PROG_PRICE, zD);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(x->nOld, 6800);
    CU_ASSERT_STRING_EQUAL(x->zReason, "not in this month's rosters");
    /* no PRICE finding for C: the reason is the household's finding */
    x = find_change(c, CHANGE_STOPPED, PROG_PRICE, zC);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(x->iDistrict, 320612);
    CU_ASSERT_EQUAL(strncmp(x->zReason, "INELIGIBLE INCOME_ABOVE_LINE: ", 30), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(x->zReason, "H_INEL"));
    x = &c->aChange[6];
    CU_ASSERT(x->eKind == CHANGE_AMOUNT && x->eProg == PROG_DIBAO && x->iDistrict == 320613);
    CU_ASSERT_STRING_EQUAL(x->zBeneficiary, "H_CHG");
    CU_ASSERT_STRING_EQUAL(x->zName, "乙");
    CU_ASSERT_EQUAL(x->nOld, 52000);
    CU_ASSERT_EQUAL(x->nNew, 32000);
    CU_ASSERT_EQUAL(x->nNew - x->nOld, -20000);
    CU_ASSERT_STRING_EQUAL(x->zReason, "");
    x = &c->aChange[7];
    CU_ASSERT(x->eKind == CHANGE_STOPPED && x->eProg == PROG_TEKUN && x->iDistrict == 320613);
    CU_ASSERT_STRING_EQUAL(x->zBeneficiary, zT4);
    CU_ASSERT_EQUAL(x->nOld, 210700);
    CU_ASSERT_EQUAL(strncmp(x->zReason, "HELD DUPLICATE_PERSON: ", 23), 0);
    x = &c->aChange[8];
    CU_ASSERT(x->eKind == CHANGE_STOPPED && x->eProg == PROG_PRICE && x->iDistrict == 320613);
    CU_ASSERT_STRING_EQUAL(x->zBeneficiary, zT4);
    CU_ASSERT_EQUAL(strncmp(x->zReason, "HELD DEPENDS_ON_HELD: ", 22), 0);
    /* unchanged: absent */
    CU_ASSERT_FALSE(mentions(c, "H_STAY"));
    CU_ASSERT_FALSE(mentions(c, zA));
    CU_ASSERT_FALSE(mentions(c, zA2));
    CU_ASSERT_FALSE(mentions(c, zB));
    CU_ASSERT_FALSE(mentions(c, zT1));

    /* totals by district and programme */
    CU_ASSERT_EQUAL_FATAL(c->nTotal, 7);
    check_total(&c->aTotal[0], 320612, PROG_DIBAO, 2, 1, 164000, 62000, 1, 2, 0);
    check_total(&c->aTotal[1], 320612, PROG_PRICE, 2, 1, 13600, 6800, 1, 2, 0);
    check_total(&c->aTotal[2], 320613, PROG_DIBAO, 2, 2, 172200 + 52000, 172200 + 32000, 0, 0, 1);
    check_total(&c->aTotal[3], 320613, PROG_TEKUN, 4, 3, 4 * 210700, 3 * 210700, 0, 1, 0);
    check_total(&c->aTotal[4], 320613, PROG_DIS_LIVING, 1, 1, 18000, 18000, 0, 0, 0);
    check_total(&c->aTotal[5], 320613, PROG_DIS_NURSING, 1, 1, 15000, 15000, 0, 0, 0);
    check_total(&c->aTotal[6], 320613, PROG_PRICE, 7, 6, 7 * 6800, 6 * 6800, 0, 1, 0);

    /* shared accounts: only H_CHG and H_NEW's account. Not the head of H_STAY
     * (DIBAO, both PRICE lines, and the two disability lines that carry no
     * household id), not the institution paid for T1-T3 (TEKUN and PRICE). */
    CU_ASSERT_EQUAL_FATAL(c->nShared, 1);
    const pr_shared_account *s = &c->aShared[0];
    CU_ASSERT_STRING_EQUAL(s->zAccount, zAcctShared);
    CU_ASSERT_EQUAL(s->nHouseholds, 2);
    CU_ASSERT_STRING_EQUAL(s->zWho, "H_CHG (乙); H_NEW (戊)");
    CU_ASSERT_STRING_EQUAL(s->zBank, "农业银行 / 建设银行");
    CU_ASSERT_EQUAL(s->nFen, 32000 + 6800 + 62000 + 6800);

    /* changes.csv */
    const char *zCsv = tu_write_str("changes-aug.csv", "");
    char zCsvPath[512];
    snprintf(zCsvPath, sizeof(zCsvPath), "%s", zCsv);
    CU_ASSERT_EQUAL_FATAL(pr_changes_write_csv(c, zCsvPath, NULL), PR_OK);
    char *zText = tu_read(zCsvPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zText);
    const char *zHead = "change,program,district,beneficiary_id,name,old_fen,new_fen,delta_fen,reason,period,reference,pay_ref\n"
                        "NEW,DIBAO,320612,H_NEW,戊,0,62000,62000,,,,\n";
    CU_ASSERT_EQUAL(strncmp(zText, zHead, strlen(zHead)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(zText, "\nCHANGED,DIBAO,320613,H_CHG,乙,52000,32000,-20000,,,,\n"));
    char zRow[256];
    snprintf(zRow, sizeof(zRow), "\nSHARED_ACCOUNT,,,%s,H_CHG (乙); H_NEW (戊),,107600,,农业银行 / 建设银行; 2 households,,,\n",
             zAcctShared);
    CU_ASSERT_PTR_NOT_NULL(strstr(zText, zRow));
    /* a reason with a comma or quote is quoted */
    CU_ASSERT_PTR_NOT_NULL(strstr(zText, "\nSTOPPED,DIBAO,320612,H_GONE,丁,82000,0,-82000,not in this month's rosters,,,\n"));
    free(zText);
    pr_changes_free(c);

    /* the same inputs on 4 threads give the same changes.csv (but for the
     * roster file names in the messages) */
    pr_batch *pAug4 = run_month(1, 4);
    pr_changes *c4 = changes_of(pAug4, zPrev, zErr, sizeof(zErr));
    c = changes_of(pAug, zPrev, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(c4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    char zP1[512], zP4[512];
    snprintf(zP1, sizeof(zP1), "%s", tu_write_str("changes-1.csv", ""));
    snprintf(zP4, sizeof(zP4), "%s", tu_write_str("changes-4.csv", ""));
    CU_ASSERT_EQUAL(pr_changes_write_csv(c, zP1, NULL), PR_OK);
    CU_ASSERT_EQUAL(pr_changes_write_csv(c4, zP4, NULL), PR_OK);
    char *z1 = tu_read(zP1), *z4 = tu_read(zP4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z4);
    strip_also(z1);
    strip_also(z4);
    CU_ASSERT_STRING_EQUAL(z1, z4);
    free(z1);
    free(z4);
    pr_changes_free(c);
    pr_changes_free(c4);
    pr_batch_free(pAug4);
    pr_batch_free(pJul);
    pr_batch_free(pAug);
}

static const pr_change_total *find_total(const pr_changes *c, int iDistrict, int eProg)
{
    for (int i = 0; i < c->nTotal; i++)
        if (c->aTotal[i].iDistrict == iDistrict && c->aTotal[i].eProg == eProg) return &c->aTotal[i];
    return NULL;
}

/* Lines that are not REGULAR. July's back pay for H_STAY is not compared
 * (the previous ledger keeps REGULAR lines only). August's re-issue for
 * H_STAY (1722 yuan, on H_STAY's bank row), back pay for H_CHG (200 yuan,
 * to another account) and temporary assistance in 320612 (300 yuan) are
 * each a change of their own kind after the nine regular ones, and leave
 * those as they were: H_STAY's regular amount is still unchanged, H_CHG
 * still CHANGED by -200 yuan. */
static void test_changes_other_lines(void)
{
    pr_batch *pJul = run_month(0, 1);
    pr_batch *pAug = run_month(1, 1);
    int iStay = tc_line(pJul, PROG_DIBAO, "H_STAY", LT_REGULAR);
    CU_ASSERT_FATAL(iStay >= 0);
    pr_line x = tc_other_of(&pJul->aLine[iStay], LT_BACKPAY, pJul->iMonth - 2, 10000, "崇民〔2023〕1号", "补发 2023-05: 迟批");
    CU_ASSERT_EQUAL_FATAL(tc_add_lines(pJul, &x, 1), 0);
    const char *zPrev = write_month(pJul, "other-2023-07");

    iStay = tc_line(pAug, PROG_DIBAO, "H_STAY", LT_REGULAR);
    int iChg = tc_line(pAug, PROG_DIBAO, "H_CHG", LT_REGULAR);
    CU_ASSERT_FATAL(iStay >= 0 && iChg >= 0);
    static char zTempId[20];
    snprintf(zTempId, sizeof(zTempId), "%s", tb_id_region("320612", "19850505", 7));
    pr_line aAdd[3];
    aAdd[0] = tc_other_of(&pAug->aLine[iStay], LT_REISSUE, pAug->iMonth - 1, 172200, "202307-320613-000001",
                          "重发 2023-07: 账户冻结");
    aAdd[1] = tc_other_of(&pAug->aLine[iChg], LT_BACKPAY, pAug->iMonth - 2, 20000, "崇民〔2023〕12号",
                          "补发 2023-06: 迟批 (崇民〔2023〕12号)");
    aAdd[1].zAccount = "6228480000000009999";
    aAdd[2] = tc_temp_line(pAug->iMonth, 320612, zTempId, "赵六", "江苏银行", "6228480000000009998", 30000,
                           "通民临〔2023〕3号", "临时救助 2023-08: 大病 (通民临〔2023〕3号)");
    CU_ASSERT_EQUAL_FATAL(tc_add_lines(pAug, aAdd, 3), 0);

    char zErr[1024] = "";
    pr_changes *c = changes_of(pAug, zPrev, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL_FATAL(c->nChange, 12);
    for (int i = 0; i < 9; i++) CU_ASSERT(c->aChange[i].eKind <= CHANGE_AMOUNT);
    CU_ASSERT_PTR_NULL(find_change(c, CHANGE_AMOUNT, PROG_DIBAO, "H_STAY"));
    const pr_change *y = find_change(c, CHANGE_AMOUNT, PROG_DIBAO, "H_CHG");
    CU_ASSERT_PTR_NOT_NULL_FATAL(y);
    CU_ASSERT_EQUAL(y->nOld, 52000);
    CU_ASSERT_EQUAL(y->nNew, 32000);
    CU_ASSERT_EQUAL(y->iPeriod, -1);
    CU_ASSERT_STRING_EQUAL(y->zReference, "");
    CU_ASSERT_STRING_EQUAL(y->zPayRef, "");

    /* the others: by district, programme, kind */
    y = &c->aChange[9];
    CU_ASSERT(y->eKind == CHANGE_TEMPORARY && y->eProg == PROG_TEMP && y->iDistrict == 320612);
    CU_ASSERT_STRING_EQUAL(y->zBeneficiary, zTempId);
    CU_ASSERT_EQUAL(y->nOld, 0);
    CU_ASSERT_EQUAL(y->nNew, 30000);
    CU_ASSERT_EQUAL(y->iPeriod, pAug->iMonth);
    CU_ASSERT_STRING_EQUAL(y->zReference, "通民临〔2023〕3号");
    CU_ASSERT_STRING_EQUAL(y->zPayRef, "202308-320612-000003");   /* after H_NEW's DIBAO and PRICE rows */
    y = &c->aChange[10];
    CU_ASSERT(y->eKind == CHANGE_REISSUE && y->eProg == PROG_DIBAO && y->iDistrict == 320613);
    CU_ASSERT_STRING_EQUAL(y->zBeneficiary, "H_STAY");
    CU_ASSERT_STRING_EQUAL(y->zName, "甲");
    CU_ASSERT_EQUAL(y->nNew, 172200);
    CU_ASSERT_EQUAL(y->iPeriod, pAug->iMonth - 1);
    CU_ASSERT_STRING_EQUAL(y->zReference, "202307-320613-000001");
    CU_ASSERT_STRING_EQUAL(y->zReason, "重发 2023-07: 账户冻结");
    char zStayRef[PR_PAY_REF_LEN + 1];
    pr_pay_ref(pAug->iMonth, &pAug->aLine[tc_line(pAug, PROG_DIBAO, "H_STAY", LT_REGULAR)], zStayRef);
    CU_ASSERT_STRING_EQUAL(y->zPayRef, zStayRef);   /* the same bank row as the regular line */
    y = &c->aChange[11];
    CU_ASSERT(y->eKind == CHANGE_BACKPAY && y->eProg == PROG_DIBAO && y->iDistrict == 320613);
    CU_ASSERT_STRING_EQUAL(y->zBeneficiary, "H_CHG");
    CU_ASSERT_EQUAL(y->iPeriod, pAug->iMonth - 2);

    /* totals: REGULAR lines as before, the others apart */
    const pr_change_total *t = find_total(c, 320613, PROG_DIBAO);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    check_total(t, 320613, PROG_DIBAO, 2, 2, 172200 + 52000, 172200 + 32000, 0, 0, 1);
    CU_ASSERT_EQUAL(t->nOtherLines, 2);
    CU_ASSERT_EQUAL(t->nOtherFen, 192200);
    t = find_total(c, 320612, PROG_TEMP);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    check_total(t, 320612, PROG_TEMP, 0, 0, 0, 0, 0, 0, 0);
    CU_ASSERT_EQUAL(t->nOtherLines, 1);
    CU_ASSERT_EQUAL(t->nOtherFen, 30000);

    /* changes.csv: the regular rows first, then the others with period,
     * reference and pay_ref */
    char zCsvPath[512], zRow[512];
    snprintf(zCsvPath, sizeof(zCsvPath), "%s", tu_write_str("changes-other.csv", ""));
    CU_ASSERT_EQUAL_FATAL(pr_changes_write_csv(c, zCsvPath, NULL), PR_OK);
    char *zText = tu_read(zCsvPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zText);
    CU_ASSERT_PTR_NOT_NULL(strstr(zText, "\nCHANGED,DIBAO,320613,H_CHG,乙,52000,32000,-20000,,,,\n"));
    snprintf(zRow, sizeof(zRow), "\nTEMPORARY,TEMP,320612,%s,赵六,0,30000,30000,临时救助 2023-08: 大病 (通民临〔2023〕3号),"
             "2023-08,通民临〔2023〕3号,202308-320612-000003\n", zTempId);
    CU_ASSERT_PTR_NOT_NULL(strstr(zText, zRow));
    snprintf(zRow, sizeof(zRow), "\nREISSUE,DIBAO,320613,H_STAY,甲,0,172200,172200,重发 2023-07: 账户冻结,2023-07,"
             "202307-320613-000001,%s\nBACKPAY,DIBAO,320613,H_CHG,", zStayRef);
    CU_ASSERT_PTR_NOT_NULL(strstr(zText, zRow));
    CU_ASSERT(strstr(zText, "\nCHANGED,") < strstr(zText, "\nTEMPORARY,"));
    CU_ASSERT(strstr(zText, "\nBACKPAY,") < strstr(zText, "\nSHARED_ACCOUNT,"));
    free(zText);
    pr_changes_free(c);
    pr_batch_free(pJul);
    pr_batch_free(pAug);
}

/* without a previous month: no changes, no totals, the shared accounts still */
static void test_changes_without_prev(void)
{
    pr_batch *pAug = run_month(1, 1);
    char zErr[512];
    pr_changes *c = changes_of(pAug, NULL, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_FALSE(c->bHasPrev);
    CU_ASSERT_EQUAL(c->nChange, 0);
    CU_ASSERT_EQUAL(c->nTotal, 0);
    /* the same shared account as with July (the look-up then holds only
     * the DIBAO rows: the head of H_STAY's disability lines still go to
     * H_STAY, so the head's account is not shared) */
    CU_ASSERT_EQUAL_FATAL(c->nShared, 1);
    CU_ASSERT_STRING_EQUAL(c->aShared[0].zAccount, zAcctShared);
    CU_ASSERT_EQUAL(c->aShared[0].nHouseholds, 2);
    CU_ASSERT_STRING_EQUAL(c->aShared[0].zWho, "H_CHG (乙); H_NEW (戊)");
    CU_ASSERT_STRING_EQUAL(c->aShared[0].zBank, "农业银行 / 建设银行");
    CU_ASSERT_EQUAL(c->aShared[0].nFen, 32000 + 6800 + 62000 + 6800);
    pr_changes_free(c);
    pr_batch_free(pAug);
}

static void write_raw(const char *zDir, const char *zName, const void *z, size_t n)
{
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/%s", zDir, zName);
    FILE *f = fopen(zPath, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(fwrite(z, 1, n, f), n);
    fclose(f);
}

static int refused(const pr_batch *b, const char *zDir, const char *zWant1, const char *zWant2)
{
    char zErr[1024] = "";
    pr_changes *c = changes_of(b, zDir, zErr, sizeof(zErr));
    int bOk = c == NULL && strstr(zErr, zWant1) && (!zWant2 || strstr(zErr, zWant2));
    if (!bOk) fprintf(stderr, "\nunexpected: %s\n", c ? "(accepted)" : zErr);
    pr_changes_free(c);
    return bOk;
}

/* a previous folder that is the same month, a later month, missing, without
 * its ledger, with a corrupt or truncated gzip, or with a ledger that is not
 * payrun's is refused with a message that names the file */
static void test_changes_refused(void)
{
    pr_batch *pJul = run_month(0, 1);
    pr_batch *pAug = run_month(1, 1);
    const char *zSame = write_month(pAug, "same-2023-08");
    CU_ASSERT_TRUE(refused(pAug, zSame, "manifest.json", "not earlier than the batch month 2023-08"));
    CU_ASSERT_TRUE(refused(pJul, zSame, "manifest.json", "2023-08"));   /* later month */
    char zMissing[600];
    snprintf(zMissing, sizeof(zMissing), "%s/no-such-month", tu_tmpdir());
    CU_ASSERT_TRUE(refused(pAug, zMissing, "no-such-month", NULL));

    /* a July folder whose ledger is missing, corrupt, truncated, or not a ledger */
    const char *zGood = write_month(pJul, "good-2023-07");
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/ledger.csv.gz", zGood);
    FILE *f = fopen(zPath, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    static unsigned char aRaw[1 << 16];
    size_t nRaw = fread(aRaw, 1, sizeof(aRaw), f);
    fclose(f);
    CU_ASSERT_FATAL(nRaw > 100 && nRaw < sizeof(aRaw));
    snprintf(zPath, sizeof(zPath), "%s/manifest.json", zGood);
    char *zManifest = tu_read(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zManifest);

    const char *zBad = make_dir("bad-2023-07");
    write_raw(zBad, "manifest.json", zManifest, strlen(zManifest));
    CU_ASSERT_TRUE(refused(pAug, zBad, "ledger.csv.gz", "cannot open"));
    write_raw(zBad, "ledger.csv.gz", aRaw, nRaw - 12);                  /* truncated */
    CU_ASSERT_TRUE(refused(pAug, zBad, "ledger.csv.gz", "byte offset"));
    aRaw[nRaw / 2] ^= 0x55;                                              /* corrupt */
    write_raw(zBad, "ledger.csv.gz", aRaw, nRaw);
    CU_ASSERT_TRUE(refused(pAug, zBad, "ledger.csv.gz", "gzip"));
    const char *zNot = "program,beneficiary_id,amount\nDIBAO,X,1\n";
    write_raw(zBad, "ledger.csv.gz", zNot, strlen(zNot));
    CU_ASSERT_TRUE(refused(pAug, zBad, "ledger.csv.gz:1:", "header"));
    const char *zRow = PR_LEDGER_HEADER "DIBAO,X,X,,320613,urban,某,某,银行,1,12.5,basis,REGULAR,2023-07,,202307-320613-000001\n";
    write_raw(zBad, "ledger.csv.gz", zRow, strlen(zRow));
    CU_ASSERT_TRUE(refused(pAug, zBad, "ledger.csv.gz:2:", "amount_fen"));
    /* one (programme, beneficiary) twice, unknown this month and paid this month */
    char zTwice[1024];
    const char *azBen[2] = { "NOT-THIS-MONTH", pAug->aLine[0].zBeneficiary };
    const char *azProg[2] = { "DIBAO", pr_prog_code((pr_prog)pAug->aLine[0].eProg) };
    for (int k = 0; k < 2; k++) {
        int n = snprintf(zTwice, sizeof(zTwice), "%s", PR_LEDGER_HEADER);
        for (int i = 1; i <= 2; i++) n += snprintf(zTwice + n, sizeof(zTwice) - (size_t)n, 
                      "%s,%s,X,,320613,urban,某,某,银行,1,1250,basis,REGULAR,2023-07,,202307-320613-00000%d\n",
                      azProg[k], azBen[k], i);
        write_raw(zBad, "ledger.csv.gz", zTwice, (size_t)n);
        CU_ASSERT_TRUE(refused(pAug, zBad, "ledger.csv.gz:3: a second line", "(also line 2)"));
    }
    write_raw(zBad, "ledger.csv.gz", "", 0);
    CU_ASSERT_TRUE(refused(pAug, zBad, "ledger.csv.gz", "empty"));
    /* a manifest without a month */
    write_raw(zBad, "manifest.json", "{}\n", 3);
    CU_ASSERT_TRUE(refused(pAug, zBad, "manifest.json", "month"));
    free(zManifest);
    zManifest = NULL;

    /* the good folder is accepted, and a plain (not gzip) copy of its ledger too */
    char zErr[512];
    pr_changes *c = changes_of(pAug, zGood, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->nChange, 9);
    pr_changes_free(c);
    snprintf(zPath, sizeof(zPath), "%s/ledger.csv.gz", zGood);
    char *zPlain = tu_read(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zPlain);
    snprintf(zPath, sizeof(zPath), "%s/manifest.json", zGood);
    zManifest = tu_read(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zManifest);
    const char *zPlainDir = make_dir("plain-2023-07");
    write_raw(zPlainDir, "manifest.json", zManifest, strlen(zManifest));
    write_raw(zPlainDir, "ledger.csv.gz", zPlain, strlen(zPlain));
    c = changes_of(pAug, zPlainDir, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->nChange, 9);
    pr_changes_free(c);
    free(zPlain);
    free(zManifest);
    pr_batch_free(pJul);
    pr_batch_free(pAug);
}

/* zDir/zName in a static buffer. */
static const char *fmt_path(const char *zDir, const char *zName)
{
    static char z[700];
    snprintf(z, sizeof(z), "%s/%s", zDir, zName);
    return z;
}

/* xLine of pr_prevledger_each: the line into the holder, as the cycle's
 * reading of the ledger keeps it. */
static pr_error hold_line(void *pArg, const pr_prev_line *o, size_t nBen, size_t nName, pr_err *pErr)
{
    (void)pErr;
    pr_prev_held_add(pArg, o, nBen, nName);
    return PR_OK;
}

/* changes.csv of the changes of p against zPrev, read back (the caller's to free). */
static char *changes_csv(const pr_batch *p, const char *zPrev, const char *zName)
{
    char zErr[512], zPath[600];
    pr_changes *c = changes_of(p, zPrev, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL(c);
    if (!c) return NULL;
    snprintf(zPath, sizeof(zPath), "%s/%s", tu_tmpdir(), zName);
    pr_err e;
    pr_err_init(&e);
    CU_ASSERT_EQUAL(pr_changes_write_csv(c, zPath, &e), PR_OK);
    pr_changes_free(c);
    return tu_read(zPath);
}

#ifdef PR_TESTING
extern size_t pr_prev_held_test_cap;
#endif

/* The payment cycle reads last month's ledger once and holds its REGULAR
 * lines for the changes: the same changes as from the file, the file not
 * read again, and anything that cannot be held streamed instead. */
static void test_changes_held_lines(void)
{
    pr_batch *pJul = run_month(0, 1);
    pr_batch *pAug = run_month(1, 1);
    const char *zDir = write_month(pJul, "held-2023-07");
    char zLedger[600], zAside[600], zErr[512];
    snprintf(zLedger, sizeof(zLedger), "%s/ledger.csv.gz", zDir);
    snprintf(zAside, sizeof(zAside), "%s/ledger-aside.csv.gz", zDir);
    pr_prev_held *h = &pAug->pCycle->prevHeld;
    char *zStreamed = changes_csv(pAug, zDir, "held-streamed.csv");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zStreamed);
    CU_ASSERT_PTR_NOT_NULL(strstr(zStreamed, "STOPPED"));   /* 丁's household went */

    /* the cycle's reading of the ledger holds them; then the file is moved
     * away: the same changes, from the held lines */
    pr_err e;
    pr_err_init(&e);
    pr_cycle_files f = { zDir, NULL, 0, NULL, 0 };
    CU_ASSERT_EQUAL(pr_cycle_load(pAug, &f), PR_OK);
    CU_ASSERT_TRUE(pr_prev_held_has(h, zLedger));
    CU_ASSERT_EQUAL(h->n, (size_t)pJul->nLine);   /* every July line is REGULAR */
    CU_ASSERT_EQUAL_FATAL(rename(zLedger, zAside), 0);
    char *zHeld = changes_csv(pAug, zDir, "held-held.csv");
    CU_ASSERT_PTR_NOT_NULL(zHeld);
    if (zHeld) CU_ASSERT_STRING_EQUAL(zHeld, zStreamed);
    free(zHeld);
    /* a held amount that is not the file's shows in the changes: they came from the held lines */
    h->a[0].nAmount += 1;
    zHeld = changes_csv(pAug, zDir, "held-changed.csv");
    CU_ASSERT_PTR_NOT_NULL(zHeld);
    if (zHeld) CU_ASSERT_STRING_NOT_EQUAL(zHeld, zStreamed);
    free(zHeld);
    h->a[0].nAmount -= 1;
    /* held for another ledger: this one is read, and here it is missing */
    CU_ASSERT_EQUAL_FATAL(pr_prev_held_start(h, zAside), 0);
    CU_ASSERT_EQUAL(pr_prevledger_each(zAside, hold_line, h, &e), PR_OK);
    CU_ASSERT_PTR_NULL(changes_of(pAug, zDir, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "ledger.csv.gz"));
    CU_ASSERT_EQUAL_FATAL(rename(zAside, zLedger), 0);

    /* an empty ledger is not held: the changes refuse it, as from the file */
    const char *zEmpty = make_dir("held-empty-2023-07");
    char *zManifest = tu_read(fmt_path(zDir, "manifest.json"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(zManifest);
    write_raw(zEmpty, "manifest.json", zManifest, strlen(zManifest));
    write_raw(zEmpty, "ledger.csv.gz", "", 0);
    free(zManifest);
    f.zPrev = zEmpty;
    CU_ASSERT_EQUAL(pr_cycle_load(pAug, &f), PR_OK);
    CU_ASSERT_FALSE(pr_prev_held_has(h, fmt_path(zEmpty, "ledger.csv.gz")));
    CU_ASSERT_TRUE(refused(pAug, zEmpty, "ledger.csv.gz", "empty"));

    /* a second line for one beneficiary, held: the file's message */
    CU_ASSERT_EQUAL_FATAL(pr_prev_held_start(h, zLedger), 0);
    pr_prev_line o = { .zBen = "NOT-THIS-MONTH", .zName = "某", .nAmount = 1250, .iDistrict = 320613, .iLine = 2,
                       .eProg = PROG_DIBAO };
    pr_prev_held_add(h, &o, strlen(o.zBen), strlen(o.zName));
    o.iLine = 3;
    pr_prev_held_add(h, &o, strlen(o.zBen), strlen(o.zName));
    CU_ASSERT_PTR_NULL(changes_of(pAug, zDir, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "ledger.csv.gz:3: a second line for DIBAO NOT-THIS-MONTH (also line 2)"));

    /* what cannot be held drops everything held: a beneficiary_id of 256 bytes ... */
    char zLong[257];
    memset(zLong, 'X', 256);
    zLong[256] = 0;
    o.zBen = zLong;
    pr_prev_held_add(h, &o, 255, strlen(o.zName));
    CU_ASSERT_TRUE(pr_prev_held_has(h, zLedger));
    pr_prev_held_add(h, &o, 256, strlen(o.zName));
    CU_ASSERT_FALSE(pr_prev_held_has(h, zLedger));
    CU_ASSERT_EQUAL(h->n, 0);
    pr_prev_held_add(h, &o, 10, 3);   /* nothing held: nothing added */
    CU_ASSERT_EQUAL(h->n, 0);
#ifdef PR_TESTING
    /* ... and a month past the cap: the changes stream the file, the same changes */
    pr_prev_held_test_cap = 4 * sizeof(pr_prev_hline) + 64;
    CU_ASSERT_EQUAL_FATAL(pr_prev_held_start(h, zLedger), 0);
    CU_ASSERT_EQUAL(pr_prevledger_each(zLedger, hold_line, h, &e), PR_OK);
    pr_prev_held_test_cap = 0;
    CU_ASSERT_FALSE(pr_prev_held_has(h, zLedger));
    char *zAgain = changes_csv(pAug, zDir, "held-capped.csv");
    CU_ASSERT_PTR_NOT_NULL(zAgain);
    if (zAgain) CU_ASSERT_STRING_EQUAL(zAgain, zStreamed);
    free(zAgain);
#endif
    pr_prev_held_clear(h);
    pr_prev_held_clear(NULL);
    free(zStreamed);
    pr_batch_free(pJul);
    pr_batch_free(pAug);
}

int suite_changes(void)
{
    static const pr_test aTests[] = {
        { "changes July to August", test_changes_july_august },
        { "lines that are not REGULAR", test_changes_other_lines },
        { "changes without a previous month", test_changes_without_prev },
        { "previous month refused", test_changes_refused },
        { "last month's lines held by the cycle", test_changes_held_lines },
    };
    PR_ADD_SUITE("changes", aTests);
}
