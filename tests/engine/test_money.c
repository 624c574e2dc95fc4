/*
 * test_money.c - money parsing, exact rationals, the three rounding modes
 * of domain.md section 2 and the yuan formatting (engine/money.h).
 */
#include "tests/testutil.h"
#include "model/money.h"

#include <stdint.h>
#include <string.h>

/* Parses z as money; returns the rc and stores the value in *pFen. */
static int money(const char *z, int64_t *pFen)
{
    return pr_money_parse(z, strlen(z), pFen);
}

/* Asserts that z parses to nWant fen. */
#define MONEY_OK(z, nWant)                           \
    do {                                             \
        int64_t v_ = -999999;                        \
        CU_ASSERT_EQUAL(money((z), &v_), 0);         \
        CU_ASSERT_EQUAL(v_, (int64_t)(nWant));       \
    } while (0)

#define MONEY_BAD(z)                                 \
    do {                                             \
        int64_t v_ = 0;                              \
        CU_ASSERT_EQUAL(money((z), &v_), -1);        \
    } while (0)

static pr_ratio ratio(int64_t nNum, int64_t nDen)
{
    pr_ratio r = { nNum, nDen };
    return r;
}

static void test_money_parse_accepts(void)
{
    MONEY_OK("1234.5", 123450);
    MONEY_OK("1234.50", 123450);
    MONEY_OK("1234", 123400);
    MONEY_OK("-0", 0);
    MONEY_OK("+3", 300);
    MONEY_OK(" 12 ", 1200);
    MONEY_OK("\t12.05\t", 1205);
    MONEY_OK("0.01", 1);
    MONEY_OK("-3.05", -305);
    MONEY_OK("820", 82000);
    MONEY_OK("007", 700);
    /* a field is not NUL-terminated: only the first nZ bytes count */
    int64_t v = 0;
    CU_ASSERT_EQUAL(pr_money_parse("12.5xyz", 4, &v), 0);
    CU_ASSERT_EQUAL(v, 1250);
}

static void test_money_parse_rejects(void)
{
    MONEY_BAD(".5");
    MONEY_BAD("5.");
    MONEY_BAD("1,200");
    MONEY_BAD("12.345");
    MONEY_BAD("1e3");
    MONEY_BAD("\xC2\xA5" "100");     /* ¥100 */
    MONEY_BAD("");
    MONEY_BAD("   ");
    MONEY_BAD("abc");
    MONEY_BAD("--1");
    MONEY_BAD("+-1");
    MONEY_BAD("-");
    MONEY_BAD("+");
    MONEY_BAD("1 2");
    MONEY_BAD("12 .5");
    MONEY_BAD("12.5.0");
    MONEY_BAD("99999999999999999999");
    MONEY_BAD("-99999999999999999999");
    MONEY_BAD("92233720368547758.08");   /* one fen above INT64_MAX */
    /* the largest yuan amount whose fen fit in int64 still parses */
    MONEY_OK("92233720368547.58", INT64_C(9223372036854758));
}

static void test_pct_parse(void)
{
    int64_t v = 0;
    CU_ASSERT_EQUAL(pr_pct_parse("30", 2, &v), 0);
    CU_ASSERT_EQUAL(v, 3000);
    CU_ASSERT_EQUAL(pr_pct_parse("3.5", 3, &v), 0);
    CU_ASSERT_EQUAL(v, 350);
    CU_ASSERT_EQUAL(pr_pct_parse("-1.2", 4, &v), 0);
    CU_ASSERT_EQUAL(v, -120);
    CU_ASSERT_EQUAL(pr_pct_parse("0.01", 4, &v), 0);
    CU_ASSERT_EQUAL(v, 1);
    CU_ASSERT_EQUAL(pr_pct_parse("100", 3, &v), 0);
    CU_ASSERT_EQUAL(v, 10000);
    CU_ASSERT_EQUAL(pr_pct_parse(" 6.0 ", 5, &v), 0);
    CU_ASSERT_EQUAL(v, 600);
    CU_ASSERT_EQUAL(pr_pct_parse("1.234", 5, &v), -1);
    CU_ASSERT_EQUAL(pr_pct_parse("30%", 3, &v), -1);
    CU_ASSERT_EQUAL(pr_pct_parse("", 0, &v), -1);
    CU_ASSERT_EQUAL(pr_pct_parse(".5", 2, &v), -1);
}

static void test_frac_parse(void)
{
    pr_frac f = { 0, 0 };
    CU_ASSERT_EQUAL(pr_frac_parse("1/12", 4, &f), 0);
    CU_ASSERT_EQUAL(f.nNum, 1);
    CU_ASSERT_EQUAL(f.nDen, 12);
    CU_ASSERT_EQUAL(pr_frac_parse("1/8", 3, &f), 0);
    CU_ASSERT_EQUAL(f.nNum, 1);
    CU_ASSERT_EQUAL(f.nDen, 8);
    /* a decimal: 0.5 = 50/100 (any equal fraction is fine) */
    CU_ASSERT_EQUAL(pr_frac_parse("0.5", 3, &f), 0);
    CU_ASSERT(f.nDen > 0);
    CU_ASSERT_EQUAL(f.nNum * 2, f.nDen);
    CU_ASSERT_EQUAL(pr_frac_parse("0.25", 4, &f), 0);
    CU_ASSERT_EQUAL(f.nNum * 4, f.nDen);
    CU_ASSERT_EQUAL(pr_frac_parse("1", 1, &f), 0);
    CU_ASSERT_EQUAL(f.nNum, f.nDen);
    /* money.h: decimal fractions up to 9 decimals */
    CU_ASSERT_EQUAL(pr_frac_parse("0.125", 5, &f), 0);
    CU_ASSERT_EQUAL(f.nNum * 8, f.nDen);
    CU_ASSERT_EQUAL(pr_frac_parse("0.083333333", 11, &f), 0);
    CU_ASSERT_EQUAL(f.nNum * 1000000000, f.nDen * 83333333);
    CU_ASSERT_EQUAL(pr_frac_parse("0.0833333333", 12, &f), -1);   /* 10 decimals */
    CU_ASSERT_EQUAL(pr_frac_parse(" 0.5 ", 5, &f), 0);
    CU_ASSERT_EQUAL(f.nNum * 2, f.nDen);
    CU_ASSERT_EQUAL(pr_frac_parse(".5", 2, &f), -1);
    CU_ASSERT_EQUAL(pr_frac_parse("5.", 2, &f), -1);
    CU_ASSERT_EQUAL(pr_frac_parse("1e3", 3, &f), -1);
    CU_ASSERT_EQUAL(pr_frac_parse("1.2.3", 5, &f), -1);
    CU_ASSERT_EQUAL(pr_frac_parse("1/0", 3, &f), -1);
    CU_ASSERT_EQUAL(pr_frac_parse("a/b", 3, &f), -1);
    CU_ASSERT_EQUAL(pr_frac_parse("1/", 2, &f), -1);
    CU_ASSERT_EQUAL(pr_frac_parse("/12", 3, &f), -1);
    CU_ASSERT_EQUAL(pr_frac_parse("-1/12", 5, &f), -1);
    CU_ASSERT_EQUAL(pr_frac_parse("-0.5", 4, &f), -1);
    CU_ASSERT_EQUAL(pr_frac_parse("", 0, &f), -1);
}

static void test_rounding_parse(void)
{
    pr_rounding e = ROUND_NONE;
    CU_ASSERT_EQUAL(pr_rounding_parse("fen", 3, &e), 0);
    CU_ASSERT_EQUAL(e, ROUND_FEN);
    CU_ASSERT_EQUAL(pr_rounding_parse("yuan_half_up", 12, &e), 0);
    CU_ASSERT_EQUAL(e, ROUND_YUAN_HALF_UP);
    CU_ASSERT_EQUAL(pr_rounding_parse("yuan_ceil", 9, &e), 0);
    CU_ASSERT_EQUAL(e, ROUND_YUAN_CEIL);
    CU_ASSERT_EQUAL(pr_rounding_parse("up", 2, &e), -1);
    CU_ASSERT_EQUAL(pr_rounding_parse("Fen", 3, &e), -1);
    CU_ASSERT_STRING_EQUAL(pr_rounding_name(ROUND_YUAN_CEIL), "yuan_ceil");
    CU_ASSERT_STRING_EQUAL(pr_rounding_name(ROUND_FEN), "fen");
    CU_ASSERT_STRING_EQUAL(pr_rounding_name(ROUND_YUAN_HALF_UP), "yuan_half_up");
}

/* fen: half up to the fen */
static void test_round_fen(void)
{
    CU_ASSERT_EQUAL(pr_round(ratio(1, 2), ROUND_FEN), 1);        /* 0.5 fen -> 1 */
    CU_ASSERT_EQUAL(pr_round(ratio(3, 2), ROUND_FEN), 2);        /* 1.5 -> 2 */
    CU_ASSERT_EQUAL(pr_round(ratio(5, 2), ROUND_FEN), 3);        /* 2.5 -> 3 (not to even) */
    CU_ASSERT_EQUAL(pr_round(ratio(4999, 10000), ROUND_FEN), 0); /* 0.4999 -> 0 */
    CU_ASSERT_EQUAL(pr_round(ratio(5001, 10000), ROUND_FEN), 1);
    CU_ASSERT_EQUAL(pr_round(ratio(16311, 2), ROUND_FEN), 8156);  /* 81.555 yuan -> 81.56 */
    CU_ASSERT_EQUAL(pr_round(ratio(82000, 3), ROUND_FEN), 27333); /* 273.3333 yuan -> 273.33 */
    CU_ASSERT_EQUAL(pr_round(ratio(82000, 1), ROUND_FEN), 82000);
    CU_ASSERT_EQUAL(pr_round(ratio(0, 1), ROUND_FEN), 0);
    /* TEKUN: 2025 + 820 * 10% = 2107 yuan, already whole */
    pr_ratio t = pr_ratio_add(pr_ratio_fen(202500), pr_ratio_mul(pr_ratio_fen(82000), 1000, 10000));
    CU_ASSERT_EQUAL(pr_round(t, ROUND_FEN), 210700);
}

/* yuan_half_up: half up to the whole yuan */
static void test_round_yuan_half_up(void)
{
    CU_ASSERT_EQUAL(pr_round(ratio(8150, 1), ROUND_YUAN_HALF_UP), 8200);     /* 81.50 -> 82 */
    CU_ASSERT_EQUAL(pr_round(ratio(8149, 1), ROUND_YUAN_HALF_UP), 8100);     /* 81.49 -> 81 */
    CU_ASSERT_EQUAL(pr_round(ratio(16299, 2), ROUND_YUAN_HALF_UP), 8100);    /* 81.495 -> 81 */
    CU_ASSERT_EQUAL(pr_round(ratio(8250, 1), ROUND_YUAN_HALF_UP), 8300);     /* 82.50 -> 83 (not to even) */
    CU_ASSERT_EQUAL(pr_round(ratio(50, 1), ROUND_YUAN_HALF_UP), 100);        /* 0.50 -> 1 */
    CU_ASSERT_EQUAL(pr_round(ratio(49, 1), ROUND_YUAN_HALF_UP), 0);
    CU_ASSERT_EQUAL(pr_round(ratio(8200, 1), ROUND_YUAN_HALF_UP), 8200);
    /* PRICE, Jiangsu tier 2: 780 / 8 = 97.5 yuan -> 98 */
    CU_ASSERT_EQUAL(pr_round(pr_ratio_mul(pr_ratio_fen(78000), 1, 8), ROUND_YUAN_HALF_UP), 9800);
    /* 820 / 8 = 102.5 -> 103 */
    CU_ASSERT_EQUAL(pr_round(pr_ratio_mul(pr_ratio_fen(82000), 1, 8), ROUND_YUAN_HALF_UP), 10300);
    /* tier 1: 820 / 12 = 68.33 -> 68 ; 750 / 12 = 62.5 -> 63 */
    CU_ASSERT_EQUAL(pr_round(pr_ratio_mul(pr_ratio_fen(82000), 1, 12), ROUND_YUAN_HALF_UP), 6800);
    CU_ASSERT_EQUAL(pr_round(pr_ratio_mul(pr_ratio_fen(75000), 1, 12), ROUND_YUAN_HALF_UP), 6300);
}

/* yuan_ceil: up to the whole yuan; an exact whole yuan stays */
static void test_round_yuan_ceil(void)
{
    CU_ASSERT_EQUAL(pr_round(ratio(8200, 1), ROUND_YUAN_CEIL), 8200);       /* 82.00 stays */
    CU_ASSERT_EQUAL(pr_round(ratio(120600, 1), ROUND_YUAN_CEIL), 120600);   /* 1206 stays */
    CU_ASSERT_EQUAL(pr_round(ratio(8201, 1), ROUND_YUAN_CEIL), 8300);       /* 82.01 -> 83 */
    CU_ASSERT_EQUAL(pr_round(ratio(8150, 1), ROUND_YUAN_CEIL), 8200);       /* 81.50 -> 82 */
    CU_ASSERT_EQUAL(pr_round(ratio(8149, 1), ROUND_YUAN_CEIL), 8200);       /* 81.49 -> 82 */
    CU_ASSERT_EQUAL(pr_round(ratio(1, 3), ROUND_YUAN_CEIL), 100);           /* 1/3 fen -> 1 yuan */
    CU_ASSERT_EQUAL(pr_round(ratio(24600 * 3 + 1, 3), ROUND_YUAN_CEIL), 24700);
    CU_ASSERT_EQUAL(pr_round(ratio(0, 1), ROUND_YUAN_CEIL), 0);
    /* ORPHAN scattered: 2000 * 80% = 1600 exactly; * 85.5% = 1710 */
    CU_ASSERT_EQUAL(pr_round(pr_ratio_mul(pr_ratio_fen(200000), 8000, 10000), ROUND_YUAN_CEIL), 160000);
    /* 1999 * 80% = 1599.2 -> 1600 */
    CU_ASSERT_EQUAL(pr_round(pr_ratio_mul(pr_ratio_fen(199900), 8000, 10000), ROUND_YUAN_CEIL), 160000);
}

static void test_ratio_exact(void)
{
    /* 1/3 + 2/3 fen = 1 fen exactly */
    pr_ratio r = pr_ratio_add(ratio(1, 3), ratio(2, 3));
    CU_ASSERT(r.nNum * 1 == (__int128)r.nDen);
    CU_ASSERT_EQUAL(pr_round(r, ROUND_FEN), 1);
    /* 820 yuan / 12 = 6833 1/3 fen, kept exact */
    pr_ratio a = pr_ratio_mul(pr_ratio_fen(82000), 1, 12);
    CU_ASSERT(a.nNum * 3 == (__int128)20500 * a.nDen);
    /* three times that is exactly 205 yuan */
    pr_ratio s = pr_ratio_add(pr_ratio_add(a, a), a);
    CU_ASSERT(s.nNum == (__int128)20500 * s.nDen);
    CU_ASSERT_EQUAL(pr_round(s, ROUND_YUAN_CEIL), 20500);
    /* 1/12 + 1/8 of 820 yuan = 820 * 5/24 = 170.8333 yuan */
    pr_ratio t = pr_ratio_add(a, pr_ratio_mul(pr_ratio_fen(82000), 1, 8));
    CU_ASSERT(t.nNum * 24 == (__int128)82000 * 5 * t.nDen);
    /* multiplication by a/b and back */
    pr_ratio u = pr_ratio_mul(pr_ratio_mul(pr_ratio_fen(12345), 7, 3), 3, 7);
    CU_ASSERT(u.nNum == (__int128)12345 * u.nDen);
    /* a percentage in basis points: 820 * 30% = 246 yuan */
    pr_ratio v = pr_ratio_mul(pr_ratio_fen(82000), 3000, 10000);
    CU_ASSERT(v.nNum == (__int128)24600 * v.nDen);
    /* negative parts: 2460 - 1500 = 960 yuan */
    pr_ratio w = pr_ratio_add(pr_ratio_fen(246000), pr_ratio_fen(-150000));
    CU_ASSERT(w.nNum == (__int128)96000 * w.nDen);
    CU_ASSERT(w.nDen > 0);
    /* ratio_fen */
    pr_ratio f = pr_ratio_fen(-305);
    CU_ASSERT(f.nNum == -305 && f.nDen == 1);
}

/* Compute exactly, round once: the sum of rounded parts is not the rounded
 * sum. */
static void test_round_once_vs_each(void)
{
    /* three members at 10% of S = 820: each 82 yuan exactly, so both ways agree */
    pr_ratio p820 = pr_ratio_mul(pr_ratio_fen(82000), 1000, 10000);
    pr_ratio sum = pr_ratio_add(pr_ratio_add(p820, p820), p820);
    CU_ASSERT_EQUAL(pr_round(sum, ROUND_YUAN_CEIL), 24600);
    CU_ASSERT_EQUAL(3 * pr_round(p820, ROUND_YUAN_CEIL), 24600);
    /* basis 820*3-1500+246=1206 (domain.md section 7) */
    pr_ratio gap = pr_ratio_add(pr_ratio_fen(3 * 82000), pr_ratio_fen(-150000));
    CU_ASSERT_EQUAL(pr_round(pr_ratio_add(gap, sum), ROUND_YUAN_CEIL), 120600);

    /* S = 825.50: each 10% supplement is 82.55 yuan. Once: 247.65 -> 248;
     * each: 83 * 3 = 249. */
    pr_ratio p = pr_ratio_mul(pr_ratio_fen(82550), 1000, 10000);
    pr_ratio s3 = pr_ratio_add(pr_ratio_add(p, p), p);
    CU_ASSERT_EQUAL(pr_round(s3, ROUND_YUAN_CEIL), 24800);
    CU_ASSERT_EQUAL(3 * pr_round(p, ROUND_YUAN_CEIL), 24900);
    /* gap 825.50 * 3 - 1500 = 976.50; + 247.65 = 1224.15 -> 1225 yuan once;
     * rounding the parts first would give 977 + 249 = 1226 */
    pr_ratio gap2 = pr_ratio_add(pr_ratio_fen(3 * 82550), pr_ratio_fen(-150000));
    CU_ASSERT_EQUAL(pr_round(pr_ratio_add(gap2, s3), ROUND_YUAN_CEIL), 122500);
    CU_ASSERT_EQUAL(pr_round(gap2, ROUND_YUAN_CEIL) + 3 * pr_round(p, ROUND_YUAN_CEIL), 122600);

    /* fen mode: 820/12 = 6833.33 fen each; once 20500, each 6833 * 3 = 20499 */
    pr_ratio q = pr_ratio_mul(pr_ratio_fen(82000), 1, 12);
    pr_ratio q3 = pr_ratio_add(pr_ratio_add(q, q), q);
    CU_ASSERT_EQUAL(pr_round(q3, ROUND_FEN), 20500);
    CU_ASSERT_EQUAL(3 * pr_round(q, ROUND_FEN), 20499);
    /* yuan_half_up: 150.5 fen * 3 = 451.5 fen = 4.515 yuan -> 5; each 1.505 -> 2 */
    pr_ratio h = ratio(301, 2);
    pr_ratio h3 = pr_ratio_add(pr_ratio_add(h, h), h);
    CU_ASSERT_EQUAL(pr_round(h3, ROUND_YUAN_HALF_UP), 500);
    CU_ASSERT_EQUAL(3 * pr_round(h, ROUND_YUAN_HALF_UP), 600);
}

static void test_fen_format(void)
{
    char z[32];
    CU_ASSERT_EQUAL(pr_fen_format(82000, z, sizeof(z)), 3);
    CU_ASSERT_STRING_EQUAL(z, "820");
    pr_fen_format(120550, z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "1205.50");
    pr_fen_format(-305, z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "-3.05");
    pr_fen_format(0, z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "0");
    pr_fen_format(5, z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "0.05");
    pr_fen_format(-1, z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "-0.01");
    pr_fen_format(100, z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "1");
    pr_fen_format(-150000, z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "-1500");
    CU_ASSERT_EQUAL(pr_fen_format(INT64_MAX, z, sizeof(z)), 20);
    CU_ASSERT_STRING_EQUAL(z, "92233720368547758.07");
    pr_fen_format(INT64_MIN, z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "-92233720368547758.08");
}

static void test_ratio_format(void)
{
    char z[64];
    pr_ratio_format(ratio(16311, 2), z, sizeof(z));        /* 8155.5 fen */
    CU_ASSERT_STRING_EQUAL(z, "81.555");
    pr_ratio_format(ratio(-16311, 2), z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "-81.555");
    pr_ratio_format(pr_ratio_fen(82000), z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "820");
    pr_ratio_format(pr_ratio_fen(12055), z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "120.55");
    pr_ratio_format(pr_ratio_fen(120550), z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "1205.5");
    pr_ratio_format(ratio(1, 2), z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "0.005");
    pr_ratio_format(pr_ratio_mul(pr_ratio_fen(82000), 1, 12), z, sizeof(z));   /* 68.3333... */
    CU_ASSERT_STRING_EQUAL(z, "68.333333...");
    pr_ratio_format(ratio(1, 3), z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "0.003333...");
    pr_ratio_format(ratio(1, 10000), z, sizeof(z));                            /* 0.000001 yuan */
    CU_ASSERT_STRING_EQUAL(z, "0.000001");
    pr_ratio_format(pr_ratio_fen(0), z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "0");
}

/* money.h: "3000 -> "30", 350 -> "3.5"" */
static void test_bp_format(void)
{
    char z[32];
    pr_bp_format(3000, z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "30");
    pr_bp_format(350, z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "3.5");
    pr_bp_format(1, z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "0.01");
}

int suite_money(void)
{
    static const pr_test aTests[] = {
        { "money_parse_accepts", test_money_parse_accepts },
        { "money_parse_rejects", test_money_parse_rejects },
        { "pct_parse", test_pct_parse },
        { "frac_parse", test_frac_parse },
        { "rounding_parse", test_rounding_parse },
        { "round_fen", test_round_fen },
        { "round_yuan_half_up", test_round_yuan_half_up },
        { "round_yuan_ceil", test_round_yuan_ceil },
        { "ratio_exact", test_ratio_exact },
        { "round_once_vs_each", test_round_once_vs_each },
        { "fen_format", test_fen_format },
        { "ratio_format", test_ratio_format },
        { "bp_format", test_bp_format },
    };
    PR_ADD_SUITE("money", aTests);
}
