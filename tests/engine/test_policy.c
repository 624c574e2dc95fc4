/*
 * test_policy.c - the effective-dated policy file (domain.md section 3):
 * loading, type checks, conflicts and the look-up precedence; and the price
 * index file (engine/policy.h, engine/priceindex.h).
 */
#include "formats/index.h"
#include "formats/policy.h"
#include "tests/testutil.h"
#include "model/policy.h"
#include "model/priceindex.h"
#include "io/encoding.h"

#include <stdio.h>
#include <string.h>

/* The slot of the policy key named z (the programmes are registered by main). */
#define KEY_OF(z) pr_key_find(z, sizeof(z) - 1)

#define HEADER "key,district,area,from,value,reference\n"
#define M(y, m) ((y) * 12 + (m) - 1)

static pr_err gErr;              /* the last load's error */
#define zErr (gErr.zMsg)

static pr_policy *load(const char *zName, const char *zText)
{
    pr_err_init(&gErr);
    return pr_policy_load(tu_write_str(zName, zText), ENC_AUTO, &gErr);
}

/* Asserts that loading zText fails with a message holding zLine (":N:") and zWord. */
static void expect_error(const char *zName, const char *zText, const char *zLine, const char *zWord)
{
    pr_policy *p = load(zName, zText);
    CU_ASSERT_PTR_NULL(p);
    if (p) { pr_policy_free(p); return; }
    /* a configuration error of some kind, never out of memory or "no error" */
    CU_ASSERT(gErr.rc == PR_ERR_POLICY || gErr.rc == PR_ERR_CSV || gErr.rc == PR_ERR_HEADER || gErr.rc == PR_ERR_IO
              || gErr.rc == PR_ERR_GZIP || gErr.rc == PR_ERR_ENCODING);
    CU_ASSERT_EQUAL(pr_exit_code(gErr.rc), PR_EXIT_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, zName));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, zLine));
    if (zWord) CU_ASSERT_PTR_NOT_NULL(strstr(zErr, zWord));
}

static void test_later_citywide_beats_district(void)
{
    pr_policy *p = load("p1.csv", HEADER
                        "dibao.standard,320613,*,2022-07,780,district row\n"
                        "dibao.standard,*,*,2023-07,820,city row\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->nRow, 2);
    const pr_prow *r = pr_policy_lookup(p, K_STANDARD, 320613, AREA_URBAN, M(2023, 8));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 82000);
    CU_ASSERT_EQUAL(r->iLine, 3);
    CU_ASSERT_STRING_EQUAL(r->zRef, "city row");
    CU_ASSERT_STRING_EQUAL(r->zValue, "820");
    /* the first month of the city row */
    r = pr_policy_lookup(p, K_STANDARD, 320613, AREA_RURAL, M(2023, 7));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 82000);
    /* before it, the district row applies to its district only */
    r = pr_policy_lookup(p, K_STANDARD, 320613, AREA_URBAN, M(2023, 6));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 78000);
    CU_ASSERT_EQUAL(r->iLine, 2);
    CU_ASSERT_PTR_NULL(pr_policy_lookup(p, K_STANDARD, 320612, AREA_URBAN, M(2023, 6)));
    CU_ASSERT_PTR_NULL(pr_policy_lookup(p, K_STANDARD, 320613, AREA_URBAN, M(2022, 6)));
    pr_policy_free(p);
}

static void test_same_from_specificity(void)
{
    /* the exact-district row sits between the two others on purpose */
    pr_policy *p = load("p2.csv", HEADER
                        "dibao.standard,*,*,2023-07,800,\n"
                        "dibao.standard,320613,*,2023-07,820,\n"
                        "dibao.standard,*,urban,2023-07,810,\n"
                        "tekun.basic.dispersed,320613,rural,2023-07,1070,\n"
                        "tekun.basic.dispersed,320613,*,2023-07,2025,\n"
                        "tekun.basic.dispersed,*,rural,2023-07,1000,\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    int m = M(2023, 8);
    const pr_prow *r;
    /* exact district beats '*', even when the '*' row has an exact area */
    r = pr_policy_lookup(p, K_STANDARD, 320613, AREA_URBAN, m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 82000);
    r = pr_policy_lookup(p, K_STANDARD, 320613, AREA_RURAL, m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 82000);
    /* same district ('*'): exact area beats '*' */
    r = pr_policy_lookup(p, K_STANDARD, 320612, AREA_URBAN, m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 81000);
    r = pr_policy_lookup(p, K_STANDARD, 320612, AREA_RURAL, m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 80000);
    /* exact district: exact area beats '*' whatever the row order */
    r = pr_policy_lookup(p, KEY_OF("tekun.basic.dispersed"), 320613, AREA_RURAL, m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 107000);
    r = pr_policy_lookup(p, KEY_OF("tekun.basic.dispersed"), 320613, AREA_URBAN, m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 202500);
    r = pr_policy_lookup(p, KEY_OF("tekun.basic.dispersed"), 320685, AREA_RURAL, m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 100000);
    CU_ASSERT_PTR_NULL(pr_policy_lookup(p, KEY_OF("tekun.basic.dispersed"), 320685, AREA_URBAN, m));
    pr_policy_free(p);
}

static void test_future_row_ignored(void)
{
    pr_policy *p = load("p3.csv", HEADER
                        "dibao.standard,*,*,2022-07,780,\n"
                        "dibao.standard,*,*,2023-09,850,announced\n"
                        "dibao.rounding,*,*,2020-01,yuan_ceil,\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    const pr_prow *r = pr_policy_lookup(p, K_STANDARD, 320613, AREA_URBAN, M(2023, 8));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 78000);
    r = pr_policy_lookup(p, K_STANDARD, 320613, AREA_URBAN, M(2023, 9));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 85000);
    r = pr_policy_lookup(p, KEY_OF("dibao.rounding"), 320613, AREA_URBAN, M(2023, 8));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, ROUND_YUAN_CEIL);
    /* no row at all for the key */
    CU_ASSERT_PTR_NULL(pr_policy_lookup(p, KEY_OF("price.formula"), 320613, AREA_URBAN, M(2023, 8)));
    CU_ASSERT_PTR_NULL(pr_policy_lookup(p, KEY_OF("tekun.rounding"), 320613, AREA_URBAN, M(2023, 8)));
    pr_policy_free(p);
}

static void test_value_types(void)
{
    pr_policy *p = load("p4.csv", HEADER
                        "district,320613,*,2020-01,崇川区,GB/T 2260\n"
                        "dibao.supplement.elderly,*,*,2020-01,10,\n"
                        "dibao.elderly_age,*,*,2020-01,60,\n"
                        "disability.exclude_tekun,*,*,2020-01,1,\n"
                        "price.formula,*,*,2020-01,national_linear,\n"
                        "price.trigger,*,*,2020-01,3.0,\n"
                        "price.tier1_fraction,*,*,2020-01,1/12,\n"
                        "price.tier2_fraction,*,*,2020-01,0.125,\n"
                        "tekun.rounding,*,*,2020-01,fen,\n"
                        "price.min_amount,*,*,2020-01,0,\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    int m = M(2023, 8);
    const pr_prow *r = pr_policy_lookup(p, K_DISTRICT, 320613, AREA_NONE, m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(r->zValue, "崇川区");
    CU_ASSERT_EQUAL(r->iDistrict, 320613);
    CU_ASSERT_PTR_NULL(pr_policy_lookup(p, K_DISTRICT, 320612, AREA_NONE, m));
    r = pr_policy_lookup(p, KEY_OF("dibao.supplement.elderly"), 320613, AREA_URBAN, m);
    CU_ASSERT(r && r->v == 1000);
    r = pr_policy_lookup(p, KEY_OF("dibao.elderly_age"), 320613, AREA_URBAN, m);
    CU_ASSERT(r && r->v == 60);
    r = pr_policy_lookup(p, KEY_OF("disability.exclude_tekun"), 320613, AREA_URBAN, m);
    CU_ASSERT(r && r->v == 1);
    r = pr_policy_lookup(p, KEY_OF("price.formula"), 320613, AREA_URBAN, m);
    CU_ASSERT(r && r->v == FORMULA_NATIONAL_LINEAR);
    r = pr_policy_lookup(p, KEY_OF("price.trigger"), 320613, AREA_URBAN, m);
    CU_ASSERT(r && r->v == 300);
    r = pr_policy_lookup(p, KEY_OF("price.tier1_fraction"), 320613, AREA_URBAN, m);
    CU_ASSERT(r && r->frac.nNum == 1 && r->frac.nDen == 12);
    r = pr_policy_lookup(p, KEY_OF("price.tier2_fraction"), 320613, AREA_URBAN, m);
    CU_ASSERT(r && r->frac.nNum * 8 == r->frac.nDen);
    r = pr_policy_lookup(p, KEY_OF("tekun.rounding"), 320613, AREA_URBAN, m);
    CU_ASSERT(r && r->v == ROUND_FEN);
    r = pr_policy_lookup(p, KEY_OF("price.min_amount"), 320613, AREA_URBAN, m);
    CU_ASSERT(r && r->v == 0);
    pr_policy_free(p);
}

static void test_unknown_key(void)
{
    expect_error("e1.csv", HEADER
                 "dibao.standard,*,*,2023-07,820,\n"
                 "dibao.standerd,*,*,2023-07,820,\n", ":3:", "dibao.standerd");
}

static void test_wrong_types(void)
{
    expect_error("e2.csv", HEADER "dibao.standard,*,*,2023-07,abc,\n", ":2:", "dibao.standard");
    expect_error("e3.csv", HEADER
                 "dibao.standard,*,*,2023-07,820,\n"
                 "dibao.rounding,*,*,2023-07,up,\n", ":3:", "dibao.rounding");
    expect_error("e4.csv", HEADER "disability.exclude_tekun,*,*,2023-07,2,\n", ":2:", "disability.exclude_tekun");
    expect_error("e5.csv", HEADER "dibao.standard,*,*,2023-07,-820,\n", ":2:", NULL);       /* money >= 0 */
    expect_error("e6.csv", HEADER "dibao.standard,*,*,2023-07,820.005,\n", ":2:", NULL);
    expect_error("e7.csv", HEADER "dibao.standard,*,*,2023-07,\"1,200\",\n", ":2:", NULL);
    expect_error("e8.csv", HEADER "dibao.elderly_age,*,*,2023-07,60.5,\n", ":2:", NULL);
    expect_error("e9.csv", HEADER "price.formula,*,*,2023-07,linear,\n", ":2:", NULL);
    expect_error("e10.csv", HEADER "price.tier1_fraction,*,*,2023-07,1/0,\n", ":2:", NULL);
    expect_error("e11.csv", HEADER "dibao.supplement.minor,*,*,2023-07,-10,\n", ":2:", NULL);
    /* bad district, area and month */
    expect_error("e12.csv", HEADER "dibao.standard,32061,*,2023-07,820,\n", ":2:", "district");
    expect_error("e13.csv", HEADER "dibao.standard,*,town,2023-07,820,\n", ":2:", "area");
    expect_error("e14.csv", HEADER "dibao.standard,*,*,2023-7,820,\n", ":2:", "from");
    expect_error("e15.csv", HEADER "district,*,*,2020-01,崇川区,\n", ":2:", "district");
    /* a region row declares a local code: a 6-digit code and a name */
    expect_error("e15r.csv", HEADER "region,320602,*,2020-01,崇川区,\nregion,*,*,2020-01,港闸区,\n", ":3:", "6-digit");
    expect_error("e15s.csv", HEADER "region,32060,*,2020-01,崇川区,\n", ":2:", "6-digit");
    expect_error("e15t.csv", HEADER "region,320611,*,2020-01,,\n", ":2:", "region");
    expect_error("e15u.csv", HEADER "region,320611,*,2020-1,港闸区,\n", ":2:", "from");
    /* a row after a quoted multi-line reference keeps counting physical lines */
    expect_error("e16.csv", HEADER
                 "dibao.standard,*,*,2023-07,820,\"line one\nline two\"\n"
                 "dibao.rounding,*,*,2023-07,up,\n", ":4:", "dibao.rounding");
}

static void test_conflicting_duplicate(void)
{
    expect_error("c1.csv", HEADER
                 "dibao.standard,320613,urban,2023-07,820,\n"
                 "dibao.rounding,*,*,2023-07,yuan_ceil,\n"
                 "dibao.standard,320613,urban,2023-07,830,\n", ":4:", "dibao.standard");
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "line 2"));
    /* differing only in district, area or from is no conflict */
    pr_policy *p = load("c2.csv", HEADER
                        "dibao.standard,320613,urban,2023-07,820,\n"
                        "dibao.standard,320612,urban,2023-07,830,\n"
                        "dibao.standard,320613,rural,2023-07,840,\n"
                        "dibao.standard,320613,urban,2023-08,850,\n"
                        "dibao.standard,320613,*,2023-07,860,\n");
    CU_ASSERT_PTR_NOT_NULL(p);
    pr_policy_free(p);
}

static void test_identical_duplicate(void)
{
    pr_policy *p = load("d1.csv", HEADER
                        "dibao.standard,320613,urban,2023-07,820,doc A\n"
                        "dibao.standard,320613,urban,2023-07,820,doc A\n"
                        "dibao.standard,320613,urban,2023-07,820.00,doc B\n"
                        "price.tier1_fraction,*,*,2020-01,1/2,\n"
                        "price.tier1_fraction,*,*,2020-01,0.5,\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    const pr_prow *r = pr_policy_lookup(p, K_STANDARD, 320613, AREA_URBAN, M(2023, 7));
    CU_ASSERT(r && r->v == 82000);
    pr_policy_free(p);
}

static void test_missing_header_column(void)
{
    expect_error("h1.csv", "key,district,area,value,reference\n"
                 "dibao.standard,*,*,820,\n", ":1:", "from");
    expect_error("h2.csv", "key,district,from,value\n"
                 "dibao.standard,*,2023-07,820\n", ":1:", "area");
    /* reference is optional; columns in any order */
    pr_policy *p = load("h3.csv", "value,from,area,district,key\n"
                        "820,2023-07,*,*,dibao.standard\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    const pr_prow *r = pr_policy_lookup(p, K_STANDARD, 320613, AREA_URBAN, M(2023, 7));
    CU_ASSERT(r && r->v == 82000);
    pr_policy_free(p);
    /* an empty file has no header */
    p = load("h4.csv", "");
    CU_ASSERT_PTR_NULL(p);
    pr_policy_free(p);
}

static void test_gb18030_policy(void)
{
    /* 崇川区 = B3 E7 B4 A8 C7 F8, 通州区 = CD A8 D6 DD C7 F8 in GB18030 */
    static const char zGb[] =
        HEADER
        "district,320613,*,2020-01,\xB3\xE7\xB4\xA8\xC7\xF8,GB/T 2260\r\n"
        "district,320612,*,2020-01,\xCD\xA8\xD6\xDD\xC7\xF8,GB/T 2260\r\n"
        "dibao.standard,*,*,2023-07,820,\xC4\xCF\xCD\xA8\r\n";   /* 南通 */
    zErr[0] = 0;
    pr_policy *p = pr_policy_load(tu_write("gb.csv", zGb, sizeof(zGb) - 1), ENC_AUTO, &gErr);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    int m = M(2023, 8);
    const pr_prow *r = pr_policy_lookup(p, K_DISTRICT, 320613, AREA_NONE, m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(r->zValue, "崇川区");
    CU_ASSERT_STRING_EQUAL(r->zRef, "GB/T 2260");
    r = pr_policy_lookup(p, K_DISTRICT, 320612, AREA_NONE, m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(r->zValue, "通州区");
    r = pr_policy_lookup(p, K_STANDARD, 320612, AREA_RURAL, m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->v, 82000);
    CU_ASSERT_STRING_EQUAL(r->zRef, "南通");
    pr_policy_free(p);
    /* the same file gzip-compressed, with a UTF-8 BOM instead */
    p = pr_policy_load(tu_write_gz("bom.csv.gz", "\xEF\xBB\xBF" HEADER "dibao.standard,*,*,2023-07,820,南通\n", 1),
                       ENC_AUTO, &gErr);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->nRow, 1);
    CU_ASSERT_STRING_EQUAL(p->aRow[0].zRef, "南通");
    pr_policy_free(p);
}

/* ---- the price index ---------------------------------------------------- */

/* The code of the last iload, its message in zErr. */
static pr_error eIndexRc;

static pr_index *iload(const char *zName, const char *zText)
{
    pr_err err;
    pr_err_init(&err);
    pr_index *p = pr_index_load(tu_write_str(zName, zText), ENC_AUTO, &err);
    CU_ASSERT_EQUAL(err.rc == PR_OK, p != NULL);
    eIndexRc = err.rc;
    snprintf(zErr, sizeof(zErr), "%s", err.zMsg);
    return p;
}

static void test_index_good(void)
{
    pr_index *p = iload("i1.csv", "month,cpi,food_cpi,scpi\n"
                        "2023-06,0.0,2.3,\n"
                        "2023-07,-0.3,-1.7,0.5\n"
                        "2023-08,3.1,6,5.25\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->nRow, 3);
    const pr_irow *r = pr_index_find(p, M(2023, 6));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->nCpi, 0);
    CU_ASSERT_EQUAL(r->nFood, 230);
    CU_ASSERT_EQUAL(r->bHasFood, 1);
    CU_ASSERT_EQUAL(r->bHasScpi, 0);   /* blank scpi */
    CU_ASSERT_EQUAL(r->iLine, 2);
    r = pr_index_find(p, M(2023, 7));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->nCpi, -30);
    CU_ASSERT_EQUAL(r->nFood, -170);
    CU_ASSERT_EQUAL(r->nScpi, 50);
    CU_ASSERT_EQUAL(r->bHasScpi, 1);
    r = pr_index_find(p, M(2023, 8));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->nCpi, 310);
    CU_ASSERT_EQUAL(r->nFood, 600);
    CU_ASSERT_EQUAL(r->nScpi, 525);
    CU_ASSERT_EQUAL(r->iLine, 4);
    CU_ASSERT_PTR_NULL(pr_index_find(p, M(2023, 9)));
    pr_index_free(p);
    /* columns in another order, an identical duplicate row */
    p = iload("i2.csv", "scpi,month,food_cpi,cpi\n"
              ",2023-06,,1.5\n"
              ",2023-06,,1.50\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    r = pr_index_find(p, M(2023, 6));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->nCpi, 150);
    CU_ASSERT_EQUAL(r->bHasCpi, 1);
    CU_ASSERT_EQUAL(r->bHasFood, 0);
    CU_ASSERT_EQUAL(r->bHasScpi, 0);
    pr_index_free(p);
    /* a blank cpi loads (priceindex.h bHasCpi); the rules decide if it matters */
    p = iload("i3.csv", "month,cpi,food_cpi,scpi\n2023-06,,1.0,2.0\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    r = pr_index_find(p, M(2023, 6));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->bHasCpi, 0);
    CU_ASSERT_EQUAL(r->nScpi, 200);
    pr_index_free(p);
}

static void test_index_errors(void)
{
    pr_index *p = iload("ie1.csv", "month,cpi,food_cpi,scpi\n"
                        "2023-06,0.0,2.3,\n"
                        "2023-07,1.0,2.3,\n"
                        "2023-06,0.1,2.3,\n");
    CU_ASSERT_PTR_NULL(p);
    pr_index_free(p);
    CU_ASSERT_EQUAL(eIndexRc, PR_ERR_INDEX);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "ie1.csv"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, ":4:"));
    /* a blank scpi and a given one are different values too */
    p = iload("ie2.csv", "month,cpi,food_cpi,scpi\n"
              "2023-06,0.0,2.3,\n"
              "2023-06,0.0,2.3,0.0\n");
    CU_ASSERT_PTR_NULL(p);
    pr_index_free(p);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, ":3:"));
    p = iload("ie5.csv", "month,cpi,food_cpi,scpi\n"
              "2023-06,,2.3,1.0\n"
              "2023-06,0,2.3,1.0\n");
    CU_ASSERT_PTR_NULL(p);
    pr_index_free(p);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, ":3:"));
    static const char *const azBad[] = {
        "2023-06,abc,2.3,\n", "2023-06,1.234,2.3,\n", "2023-06,1.2,2.3,x\n",
        "2023-06,1.2,1e2,\n", "2023-06,1%,2.3,1.0\n", "2023-6,1.2,2.3,\n", "2023-06,1.2\n",
    };
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        char zText[256];
        snprintf(zText, sizeof(zText), "month,cpi,food_cpi,scpi\n2023-05,1.0,1.0,1.0\n%s", azBad[i]);
        p = iload("ie3.csv", zText);
        CU_ASSERT_PTR_NULL(p);
        pr_index_free(p);
        CU_ASSERT_EQUAL(eIndexRc, PR_ERR_INDEX);
        CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "ie3.csv:3:"));
    }
    /* missing column */
    p = iload("ie4.csv", "month,cpi,scpi\n2023-05,1.0,1.0\n");
    CU_ASSERT_PTR_NULL(p);
    pr_index_free(p);
    CU_ASSERT_EQUAL(eIndexRc, PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "food_cpi"));
    /* an empty file; a malformed row */
    CU_ASSERT_PTR_NULL(iload("ie6.csv", ""));
    CU_ASSERT_EQUAL(eIndexRc, PR_ERR_INDEX);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "ie6.csv: the index file is empty (no header)"));
    CU_ASSERT_PTR_NULL(iload("ie7.csv", "month,cpi,food_cpi,scpi\n2023-05,\"1.0,1.0,1.0\n"));
    CU_ASSERT_EQUAL(eIndexRc, PR_ERR_CSV);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "ie7.csv:2: malformed CSV row"));
    /* a file that is not there: pr_textfile_read's code and message */
    pr_err err;
    pr_err_init(&err);
    CU_ASSERT_PTR_NULL(pr_index_load("/nonexistent/index.csv", ENC_AUTO, &err));
    CU_ASSERT_EQUAL(err.rc, PR_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "/nonexistent/index.csv"));
    CU_ASSERT_PTR_NULL(pr_index_load("/nonexistent/index.csv", ENC_AUTO, NULL));
}

int suite_policy(void)
{
    static const pr_test aTests[] = {
        { "later_citywide_beats_district", test_later_citywide_beats_district },
        { "same_from_specificity", test_same_from_specificity },
        { "future_row_ignored", test_future_row_ignored },
        { "value_types", test_value_types },
        { "unknown_key", test_unknown_key },
        { "wrong_types", test_wrong_types },
        { "conflicting_duplicate", test_conflicting_duplicate },
        { "identical_duplicate", test_identical_duplicate },
        { "missing_header_column", test_missing_header_column },
        { "gb18030_policy", test_gb18030_policy },
        { "index_good", test_index_good },
        { "index_errors", test_index_errors },
    };
    PR_ADD_SUITE("policy", aTests);
}
