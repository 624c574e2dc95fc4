/*
 * test_plan.c - the shard plan (formats/plan.h): the greedy balance and its
 * ties, a plan written and read back, and every bad plan refused with its
 * file and line.
 */
#include "tests/testutil.h"
#include "formats/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEAD "kind,code,shard,rows\n"

/* One balance case: districts (code, rows) onto nShard, the shards expected
 * in code order. */
typedef struct balance_case {
    const char *zWhat;
    int nShard;
    int n;
    int aiCode[6];
    long long anRows[6];
    int aiWant[6];            /* by code, ascending */
} balance_case;

static void test_balance(void)
{
    static const balance_case aCase[] = {
        { "one shard takes all", 1, 3, { 320613, 320612, 320614 }, { 5, 9, 1 }, { 0, 0, 0 } },
        { "largest first onto the lightest", 2, 4, { 1, 2, 3, 4 }, { 10, 7, 5, 3 }, { 0, 1, 1, 0 } },
        /* equal rows: the smaller code first, the lower shard on a tie */
        { "ties by code and shard", 3, 4, { 40, 30, 20, 10 }, { 4, 4, 4, 4 }, { 0, 1, 2, 0 } },
        { "more shards than districts", 5, 2, { 7, 8 }, { 1, 100 }, { 1, 0 } },
        { "a big district alone", 2, 4, { 1, 2, 3, 4 }, { 100, 1, 1, 1 }, { 0, 1, 1, 1 } },
    };
    for (size_t c = 0; c < sizeof(aCase) / sizeof(aCase[0]); c++) {
        const balance_case *k = &aCase[c];
        pr_plan_district a[6];
        for (int i = 0; i < k->n; i++) a[i] = (pr_plan_district){ k->aiCode[i], -1, k->anRows[i] };
        pr_plan_balance(a, k->n, k->nShard);
        for (int i = 0; i < k->n; i++) {
            if (i) CU_ASSERT(a[i - 1].iCode < a[i].iCode);
            if (a[i].iShard != k->aiWant[i]) fprintf(stderr, "\n%s: code %d on shard %d, not %d\n", k->zWhat, a[i].iCode, a[i].iShard, k->aiWant[i]);
            CU_ASSERT_EQUAL(a[i].iShard, k->aiWant[i]);
        }
    }
}

static pr_plan *parse(const char *zText, pr_err *pErr)
{
    pr_err_init(pErr);
    char *z = strdup(zText);
    pr_plan *p = pr_plan_parse("plan.csv", z, strlen(z), pErr);
    free(z);
    return p;
}

/* written, read back, looked up */
static void test_round_trip(void)
{
    pr_plan p = { 2, 10, NULL, 0, NULL, 0 };
    pr_plan_district aD[2] = { { 320613, 1, 6 }, { 320612, 0, 3 } };
    pr_plan_house aH[2] = { { "H,2", 1, 2 }, { "H\"1", 0, 1 } };
    p.aDistrict = aD;
    p.nDistrict = 2;
    p.aHouse = aH;
    p.nHouse = 2;
    pr_plan_sort(&p);
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/plan-rt.csv", tu_tmpdir());
    pr_err err;
    pr_err_init(&err);
    CU_ASSERT_EQUAL_FATAL(pr_plan_write(&p, zPath, &err), PR_OK);
    pr_plan *q = pr_plan_load(zPath, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    CU_ASSERT_EQUAL(q->nShard, 2);
    CU_ASSERT_EQUAL(q->nRows, 10);
    CU_ASSERT_EQUAL(q->nDistrict, 2);
    CU_ASSERT_EQUAL(pr_plan_district_shard(q, 320613), 1);
    CU_ASSERT_EQUAL(pr_plan_district_shard(q, 320612), 0);
    CU_ASSERT_EQUAL(pr_plan_district_shard(q, 320614), -1);
    CU_ASSERT_EQUAL(pr_plan_house_shard(q, "H,2", 3), 1);
    CU_ASSERT_EQUAL(pr_plan_house_shard(q, "H\"1", 3), 0);
    CU_ASSERT_EQUAL(pr_plan_house_shard(q, "H", 1), -1);
    CU_ASSERT_EQUAL(pr_plan_house_shard(q, "H,23", 4), -1);
    pr_plan_free(q);
    pr_plan_free(NULL);
    /* spaces, CRLF and blank lines are allowed */
    q = parse(HEAD "shards, , 3 ,9\r\n\r\ndistrict, 320685 ,2,9\r\n", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    CU_ASSERT_EQUAL(pr_plan_district_shard(q, 320685), 2);
    pr_plan_free(q);
}

/* One bad plan and what its message must say. */
typedef struct bad_case {
    const char *zText;
    const char *zWant;
} bad_case;

static void test_bad(void)
{
    static const bad_case aCase[] = {
        { "", "plan.csv: the file is empty" },
        { "district,code,shard,rows\n", "plan.csv:1: not a shard plan" },
        { HEAD, "plan.csv: no 'shards' row" },
        { HEAD "district,320613,0,1\n", "plan.csv:2: the 'shards' row must come first" },
        { HEAD "shards,,0,1\n", "plan.csv:2: the shard count must be" },
        { HEAD "shards,,5000,1\n", "plan.csv:2: the shard count must be" },
        { HEAD "shards,,2,1\nshards,,2,1\n", "plan.csv:3: a second 'shards' row" },
        { HEAD "shards,,2,x\n", "plan.csv:2: rows must be a whole number" },
        { HEAD "shards,,2,1\ndistrict,320613,2,1\n", "plan.csv:3: unknown shard '2': the plan has shards 0 to 1" },
        { HEAD "shards,,2,1\ndistrict,320613,-1,1\n", "plan.csv:3: unknown shard '-1'" },
        { HEAD "shards,,2,1\ndistrict,32061,0,1\n", "plan.csv:3: the district must be a 6-digit division code, not '32061'" },
        { HEAD "shards,,2,1\ndistrict,32061x,0,1\n", "plan.csv:3: the district must be a 6-digit" },
        { HEAD "shards,,2,1\ndistrict,320613,0,1\n\ndistrict,320612,1,1\ndistrict,320613,1,1\n",
          "plan.csv:6: district 320613 is named twice (first on line 3)" },
        { HEAD "shards,,2,1\nhousehold,H1,0,1\nhousehold,H0,0,1\nhousehold,H1,1,1\n",
          "plan.csv:5: household 'H1' is named twice (first on line 3)" },
        { HEAD "shards,,2,1\nhousehold,,0,1\n", "plan.csv:3: a household id must be" },
        { HEAD "shards,,2,1\nregion,320613,0,1\n", "plan.csv:3: unknown kind 'region'" },
        { HEAD "shards,,2,1\ndistrict,320613,0\n", "plan.csv:3: the row has 3 fields, the header 4" },
        { HEAD "shards,,2,1\ndistrict,\"320613,0,1\n", "plan.csv:3: malformed CSV row" },
        { HEAD "shards,,2,1\ndistrict,320613,0,-5\n", "plan.csv:3: rows must be a whole number" },
    };
    for (size_t c = 0; c < sizeof(aCase) / sizeof(aCase[0]); c++) {
        pr_err err;
        pr_plan *p = parse(aCase[c].zText, &err);
        CU_ASSERT_PTR_NULL(p);
        pr_plan_free(p);
        CU_ASSERT_EQUAL(err.rc, PR_ERR_CONFIG);
        if (!strstr(err.zMsg, aCase[c].zWant)) fprintf(stderr, "\ncase %zu: '%s' lacks '%s'\n", c, err.zMsg, aCase[c].zWant);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, aCase[c].zWant));
    }
}

int suite_plan(void)
{
    static const pr_test aT[] = {
        { "balance: largest first, deterministic ties", test_balance },
        { "written and read back", test_round_trip },
        { "bad plans name the file and line", test_bad },
    };
    PR_ADD_SUITE("plan", aT);
}
