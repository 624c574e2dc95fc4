/*
 * test_trend.c - the trend's integer arithmetic (model/trend.c): the per
 * cent in hundredths, rounded half away from zero, its limits, and which
 * month a change compares with.
 */
#include "tests/testutil.h"
#include "model/trend.h"

#include <stdint.h>
#include <string.h>

static void test_pct(void)
{
    int64_t bp = 0;
    CU_ASSERT_EQUAL(pr_trend_pct_bp(100, 150, &bp), 0);
    CU_ASSERT_EQUAL(bp, 5000);                         /* +50.00 % */
    CU_ASSERT_EQUAL(pr_trend_pct_bp(200000, 0, &bp), 0);
    CU_ASSERT_EQUAL(bp, -10000);                       /* -100.00 % */
    CU_ASSERT_EQUAL(pr_trend_pct_bp(7, 7, &bp), 0);
    CU_ASSERT_EQUAL(bp, 0);
    /* 1/3 = 33.333.. -> 3333; 2/3 = 66.666.. -> 6667 */
    CU_ASSERT_EQUAL(pr_trend_pct_bp(3, 4, &bp), 0);
    CU_ASSERT_EQUAL(bp, 3333);
    CU_ASSERT_EQUAL(pr_trend_pct_bp(3, 5, &bp), 0);
    CU_ASSERT_EQUAL(bp, 6667);
    CU_ASSERT_EQUAL(pr_trend_pct_bp(3, 1, &bp), 0);
    CU_ASSERT_EQUAL(bp, -6667);
    /* exactly half a hundredth: away from zero, both ways */
    CU_ASSERT_EQUAL(pr_trend_pct_bp(20000, 20001, &bp), 0);   /* 0.005 % */
    CU_ASSERT_EQUAL(bp, 1);
    CU_ASSERT_EQUAL(pr_trend_pct_bp(20000, 19999, &bp), 0);
    CU_ASSERT_EQUAL(bp, -1);
    /* just under half: down */
    CU_ASSERT_EQUAL(pr_trend_pct_bp(20001, 20002, &bp), 0);
    CU_ASSERT_EQUAL(bp, 0);
    /* undefined or too large */
    CU_ASSERT_EQUAL(pr_trend_pct_bp(0, 5, &bp), -1);
    CU_ASSERT_EQUAL(pr_trend_pct_bp(-5, 5, &bp), -1);
    CU_ASSERT_EQUAL(pr_trend_pct_bp(1, INT64_MAX / 100, &bp), -1);
    CU_ASSERT_EQUAL(pr_trend_pct_bp(INT64_MAX, INT64_MAX, &bp), 0);
    CU_ASSERT_EQUAL(bp, 0);
    /* large province amounts: 6,019,689.64 yuan to 6,017,050.58 */
    CU_ASSERT_EQUAL(pr_trend_pct_bp(601968964, 601705058, &bp), 0);
    CU_ASSERT_EQUAL(bp, -4);                           /* -0.0438 % -> -0.04 % */
}

/* a trend of two rows: the month before in state eBefore */
static void two_rows(pr_trend *t, int eBefore)
{
    memset(t, 0, sizeof(*t));
    t->bHistory = 1;
    t->nMonth = 2;
    t->aMonth[0].eState = eBefore;
    t->aMonth[1].eState = TREND_THIS;
    t->aMonth[0].aProg[PROG_DIBAO] = (pr_total){ 10, 25, 100000 };
    t->aMonth[0].all = (pr_total){ 12, 27, 130000 };
    t->aMonth[1].aProg[PROG_DIBAO] = (pr_total){ 11, 26, 90000 };
    t->aMonth[1].all = (pr_total){ 13, 28, 120000 };
}

static void test_change(void)
{
    pr_trend t;
    pr_trend_change c;
    two_rows(&t, TREND_VERIFIED);
    pr_trend_change_of(&t, PROG_DIBAO, &c);
    CU_ASSERT_TRUE(c.bHave);
    CU_ASSERT_EQUAL(c.nFen, -10000);
    CU_ASSERT_EQUAL(c.nLines, 1);
    CU_ASSERT_EQUAL(c.nPersons, 1);
    CU_ASSERT_TRUE(c.bPct);
    CU_ASSERT_EQUAL(c.nPctBp, -1000);
    pr_trend_change_of(&t, PROG_COUNT, &c);
    CU_ASSERT_EQUAL(c.nFen, -10000);
    CU_ASSERT_EQUAL(c.nPctBp, -769);                   /* -7.6923 % */
    pr_trend_change_of(&t, PROG_TEKUN, &c);            /* nothing before: no per cent */
    CU_ASSERT_TRUE(c.bHave);
    CU_ASSERT_FALSE(c.bPct);
    /* a month before that failed, was not payable, or is missing: no change */
    static const int aeNo[] = { TREND_FAILED, TREND_NOT_PAYABLE, TREND_MISSING };
    for (int i = 0; i < 3; i++) {
        two_rows(&t, aeNo[i]);
        pr_trend_change_of(&t, PROG_DIBAO, &c);
        CU_ASSERT_FALSE(c.bHave);
        CU_ASSERT_EQUAL(c.cur.nFen, 90000);
    }
    /* one row: this month alone */
    two_rows(&t, TREND_VERIFIED);
    t.nMonth = 1;
    t.aMonth[0] = t.aMonth[1];
    pr_trend_change_of(&t, PROG_COUNT, &c);
    CU_ASSERT_FALSE(c.bHave);
    CU_ASSERT_EQUAL(c.cur.nFen, 120000);
}

static const pr_test aTests[] = {
    { "per cent in hundredths, half away from zero", test_pct },
    { "the change against the month before", test_change },
};

int suite_trend_model(void) { PR_ADD_SUITE("trend_model", aTests); }
