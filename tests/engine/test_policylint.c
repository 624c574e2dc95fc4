/*
 * test_policylint.c - the policy lint (rules/policylint.c) at each boundary,
 * table-driven: tekun.basic.* exactly 1.3 x dibao.standard and one fen
 * below, orphan.scattered_pct 80 / 79.99 in 2025-01 and 79 in 2024-12, a
 * standard in force 24 and 25 months, per district and area; and each
 * finding's file, line, id, programme, status and code.
 *
 * The base policy (tests/batchutil.c) declares 320613 and 320612, has
 * dibao.standard 820 from 2023-07 on its line 4, tekun 1070 (rural) and 2025
 * (urban), and orphan.scattered_pct 80; the extra rows of a case follow it,
 * from line BASE+1.
 */
#include "tests/batchutil.h"
#include "tests/testutil.h"

#include <stdio.h>
#include <string.h>

/* One expected finding: the policy line (0 = the base standard's line 4,
 * k > 0 = the k-th extra row), the district and the code. */
typedef struct lint_want {
    int iExtra;           /* 0: line 4 (base dibao.standard); k: extra row k */
    const char *zId;      /* district code */
    const char *zCode;    /* finding code */
    const char *zText;    /* a piece of the message, or NULL */
} lint_want;

/* One case: the month, the extra policy rows and the findings expected (in
 * exceptions.csv order: line, then message). */
typedef struct lint_case {
    const char *zWhat;        /* what it shows */
    const char *zMonth;       /* batch month */
    const char *zExtra;       /* policy rows after the base */
    int nWant;                /* findings expected */
    lint_want aWant[4];       /* they, in order */
} lint_case;

static const lint_case aCase[] = {
    { "tekun exactly 1.3 x S: no warning", "2023-08",
      "tekun.basic.dispersed,320612,rural,2023-08,1066,\n", 0, { { 0 } } },
    { "tekun one fen below 1.3 x S", "2023-08",
      "tekun.basic.dispersed,320612,rural,2023-08,1065.99,\n", 1,
      { { 1, "320612", "POLICY_TEKUN_BELOW_DIBAO",
          "tekun.basic.dispersed 1065.99 for 320612 rural in 2023-08 is below 1.3 × dibao.standard 820.00 = 1066.00" } } },
    { "tekun against S with odd fen, exact: 1.3 x 820.05 = 1066.065", "2023-08",
      "dibao.standard,320613,urban,2023-08,820.05,\n"
      "tekun.basic.concentrated,320613,urban,2023-08,1066.07,\n"
      "tekun.basic.dispersed,320613,urban,2023-08,1066.06,\n", 1,
      { { 3, "320613", "POLICY_TEKUN_BELOW_DIBAO", "1066.06 for 320613 urban in 2023-08 is below 1.3 × dibao.standard 820.05 = 1066.065" } } },
    { "tekun: one city-wide row, a finding per district", "2023-08",
      "tekun.basic.concentrated,*,rural,2023-08,1000,\n", 2,
      { { 1, "320612", "POLICY_TEKUN_BELOW_DIBAO", "320612 rural" },
        { 1, "320613", "POLICY_TEKUN_BELOW_DIBAO", "320613 rural" } } },
    { "orphan 80 in 2025-01: no warning", "2025-01",
      "orphan.scattered_pct,320612,urban,2025-01,80,\n", 0, { { 0 } } },
    { "orphan 79.99 in 2025-01", "2025-01",
      "orphan.scattered_pct,320612,urban,2025-01,79.99,\n", 1,
      { { 1, "320612", "POLICY_ORPHAN_BELOW_TARGET",
          "orphan.scattered_pct 79.99 for 320612 urban in 2025-01 is below the plan's target of 80" } } },
    { "orphan 79 in 2024-12: not checked yet", "2024-12",
      "orphan.scattered_pct,*,*,2024-12,79,\n", 0, { { 0 } } },
    { "orphan 79 city-wide in 2025-01: each district and area", "2025-01",
      "orphan.scattered_pct,*,*,2024-12,79,\n", 4,
      { { 1, "320612", "POLICY_ORPHAN_BELOW_TARGET", "320612 rural" },
        { 1, "320612", "POLICY_ORPHAN_BELOW_TARGET", "320612 urban" },
        { 1, "320613", "POLICY_ORPHAN_BELOW_TARGET", "320613 rural" },
        { 1, "320613", "POLICY_ORPHAN_BELOW_TARGET", "320613 urban" } } },
    { "standard from 24 months before: no warning", "2025-07", "", 0, { { 0 } } },
    { "standard from 25 months before, per district and area", "2025-08",
      "dibao.standard,320612,urban,2024-01,820,\n", 3,
      { { 0, "320612", "POLICY_STANDARD_STALE",
          "dibao.standard 820.00 for 320612 rural in 2025-08 has been in force since 2023-07, 25 months" },
        { 0, "320613", "POLICY_STANDARD_STALE", "320613 rural" },
        { 0, "320613", "POLICY_STANDARD_STALE", "320613 urban" } } },
    { "a later row restated: from counts, not the value", "2025-08",
      "dibao.standard,*,*,2023-08,820,\n", 0, { { 0 } } },
};

/* Lines of the base policy (its header included). */
static int base_lines(void)
{
    int n = 0;
    for (const char *z = tb_zPolicy; *z; z++) n += *z == '\n';
    return n;
}

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof(aCase) / sizeof(aCase[0]); i++) {
        const lint_case *c = &aCase[i];
        pr_error err;
        pr_batch *b = tb_run(c->zMonth, c->zExtra, NULL, NULL, NULL, NULL, NULL, 1, &err);
        CU_ASSERT_EQUAL_FATAL(err, PR_OK);
        int n = 0;
        for (int k = 0; k < b->nFind; k++) {
            const pr_finding *f = &b->aFind[k];
            if (f->eProg != PROG_POLICY) continue;
            if (n >= c->nWant) { n++; continue; }
            const lint_want *w = &c->aWant[n++];
            unsigned iLine = w->iExtra ? (unsigned)(base_lines() + w->iExtra) : 4u;
            CU_ASSERT_EQUAL(f->iFile, PR_FILE_POLICY);
            CU_ASSERT_STRING_EQUAL(pr_batch_finding_file(b, f), b->pPolicy->zPath);
            CU_ASSERT_EQUAL(f->iLine, iLine);
            CU_ASSERT_EQUAL(f->eStatus, ST_WARNING);
            CU_ASSERT_STRING_EQUAL(f->zId, w->zId);
            CU_ASSERT_STRING_EQUAL(f->zCode, w->zCode);
            if (w->zText) CU_ASSERT_PTR_NOT_NULL(strstr(f->zMsg, w->zText));
            if (f->iLine != iLine || strcmp(f->zCode, w->zCode) || strcmp(f->zId, w->zId) ||
                (w->zText && !strstr(f->zMsg, w->zText)))
                fprintf(stderr, "\n%s: got line %u %s %s: %s\n", c->zWhat, f->iLine, f->zId, f->zCode, f->zMsg);
        }
        if (n != c->nWant) fprintf(stderr, "\n%s: %d POLICY findings, want %d\n", c->zWhat, n, c->nWant);
        CU_ASSERT_EQUAL(n, c->nWant);
        pr_batch_free(b);
    }
}

/* The lint's findings come first (the policy file sorts before the
 * rosters), are no roster's rows (every file's counts still add up) and do
 * not stop a payment. */
static void test_with_roster(void)
{
    char zT[2048];
    snprintf(zT, sizeof(zT),
             "id_number,name,district,area,care_level,support_mode,institution,institution_bank,institution_account,bank,account\n"
             "%s,甲,320613,rural,self,dispersed,,,,银行,%s\n"
             "%s,乙,320613,rural,self,dispersed,,,,银行,\n",
             tb_id("19400105", 34), tb_account(4), tb_id("19400106", 35));
    pr_error err;
    pr_batch *b = tb_run("2023-08", "tekun.basic.dispersed,320613,rural,2023-08,1000,\n", NULL, NULL, zT, NULL, NULL, 2, &err);
    CU_ASSERT_EQUAL_FATAL(err, PR_OK);
    CU_ASSERT_TRUE_FATAL(b->nFind >= 2);
    CU_ASSERT_EQUAL(b->aFind[0].eProg, PROG_POLICY);
    CU_ASSERT_STRING_EQUAL(pr_prog_code((pr_prog)b->aFind[0].eProg), "POLICY");
    CU_ASSERT_EQUAL(b->aFind[1].iFile, 0u);
    CU_ASSERT_STRING_EQUAL(b->aFind[1].zCode, "ACCOUNT_MISSING");
    CU_ASSERT_EQUAL(tb_amount(b, PROG_TEKUN, tb_id("19400105", 34)), 108200);   /* 1000 + 820*10% */
    const pr_input *in = &b->aInput[0];
    uint32_t nSum = in->aCount[ST_PAID] + in->aCount[ST_INELIGIBLE] + in->aCount[ST_HELD] + in->aCount[ST_REJECTED];
    CU_ASSERT_EQUAL(in->nRows, 2u);
    CU_ASSERT_EQUAL(nSum, in->nRows);
    CU_ASSERT_EQUAL(in->aCount[ST_WARNING], 0u);
    pr_batch_free(b);
}

static const pr_test aTests[] = {
    { "policy lint boundaries, per district and area", test_cases },
    { "policy lint findings beside the rosters'", test_with_roster },
};

int suite_policylint(void) { PR_ADD_SUITE("policylint", aTests); }
