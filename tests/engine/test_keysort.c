/*
 * test_keysort.c - pr_keysort and pr_str_prefix (engine/keysort.h): the
 * order against a plain comparison sort, stability, the tie comparison, and
 * the string prefixes against strcmp.
 */
#include "tests/testutil.h"
#include "io/keysort.h"

#include <stdlib.h>
#include <string.h>

/* A small deterministic generator (xorshift64*), so failures repeat. */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

/* The reference order: (k0, k1), then input position (kept in v). */
static int cmp_ref(const void *a, const void *b)
{
    const pr_sortkey *x = a, *y = b;
    if (x->k0 != y->k0) return x->k0 < y->k0 ? -1 : 1;
    if (x->k1 != y->k1) return x->k1 < y->k1 ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

/* Fills n keys: k0 from nK0 values shifted by iShift0, k1 likewise; v = i. */
static void fill(pr_sortkey *a, size_t n, uint64_t nK0, int iShift0, uint64_t nK1, int iShift1, uint64_t *s)
{
    for (size_t i = 0; i < n; i++) {
        a[i].k0 = (nK0 ? rnd(s) % nK0 : 0) << iShift0;
        a[i].k1 = (nK1 ? rnd(s) % nK1 : 0) << iShift1;
        a[i].v = i;
    }
}

/* Sorts with pr_keysort and with qsort on cmp_ref; they must agree exactly
 * (so equal keys keep their input order). */
static void check_against_qsort(size_t n, uint64_t nK0, int iShift0, uint64_t nK1, int iShift1, uint64_t iSeed)
{
    pr_sortkey *a = malloc((n + 1) * sizeof(*a)), *b = malloc((n + 1) * sizeof(*b));
    CU_ASSERT_FATAL(a && b);
    uint64_t s = iSeed;
    fill(a, n, nK0, iShift0, nK1, iShift1, &s);
    memcpy(b, a, n * sizeof(*a));
    CU_ASSERT_EQUAL(pr_keysort(a, n, NULL, NULL), PR_OK);
    qsort(b, n, sizeof(*b), cmp_ref);
    CU_ASSERT_EQUAL(memcmp(a, b, n * sizeof(*a)), 0);
    free(a);
    free(b);
}

static void test_order_and_stability(void)
{
    check_against_qsort(0, 10, 0, 10, 0, 1);
    check_against_qsort(1, 10, 0, 10, 0, 2);
    check_against_qsort(5, 3, 0, 3, 0, 3);                /* insertion sort path */
    check_against_qsort(63, 4, 0, 2, 0, 4);
    check_against_qsort(64, 4, 0, 2, 0, 5);               /* radix path from here */
    check_against_qsort(5000, 1000, 0, 7, 0, 6);          /* many equal keys: stability */
    check_against_qsort(20000, UINT64_MAX, 0, UINT64_MAX, 0, 7);  /* all 16 digits vary */
    check_against_qsort(20000, 50, 48, 50, 56, 8);        /* only the top digits vary */
    check_against_qsort(20000, 0, 0, 0, 0, 9);            /* every key equal: no pass at all */
    check_against_qsort(20000, 3, 62, 0, 0, 10);          /* top bits of k0 only */
}

/* Ties: a run of equal keys is ordered by the string its v points to. */
static int cmp_tie(const void *a, const void *b)
{
    const char *x = (const char *)(uintptr_t)((const pr_sortkey *)a)->v;
    const char *y = (const char *)(uintptr_t)((const pr_sortkey *)b)->v;
    return strcmp(x, y);
}

static void test_tie_comparison(void)
{
    static const char *const az[] = { "pear", "apple", "fig", "kiwi", "banana", "cherry" };
    pr_sortkey a[200];
    for (int i = 0; i < 200; i++) {
        a[i].k0 = (uint64_t)(i % 2);           /* two runs of 100 */
        a[i].k1 = 7;
        a[i].v = (uintptr_t)az[(i * 7) % 6];
    }
    CU_ASSERT_EQUAL(pr_keysort(a, 200, cmp_tie, NULL), PR_OK);
    for (int i = 1; i < 200; i++) {
        CU_ASSERT(a[i - 1].k0 <= a[i].k0);
        if (a[i - 1].k0 == a[i].k0) CU_ASSERT(strcmp((const char *)(uintptr_t)a[i - 1].v, (const char *)(uintptr_t)a[i].v) <= 0);
    }
    CU_ASSERT_EQUAL(a[0].k0, 0);
    CU_ASSERT_EQUAL(a[100].k0, 1);
    /* even i carry pear, fig, banana; odd i apple, kiwi, cherry ((7i) mod 6) */
    CU_ASSERT_STRING_EQUAL((const char *)(uintptr_t)a[0].v, "banana");
    CU_ASSERT_STRING_EQUAL((const char *)(uintptr_t)a[99].v, "pear");
    CU_ASSERT_STRING_EQUAL((const char *)(uintptr_t)a[100].v, "apple");
    CU_ASSERT_STRING_EQUAL((const char *)(uintptr_t)a[199].v, "kiwi");
}

static int sign(int c) { return (c > 0) - (c < 0); }

/* Comparing (prefix 0, prefix 8) must agree with strcmp for strings of up
 * to 16 bytes, and never contradict it for longer ones. */
static void test_str_prefix(void)
{
    static const char *const az[] = {
        "", "a", "ab", "abc", "b", "DB320612-0001783", "DB320612-0001784", "DB320612-000178",
        "DB320612-00017830", "DB320612-00017839", "\xe5\x8d\x97\xe9\x80\x9a", "\xe5\x8d\x97", "zzzzzzzzzzzzzzzz",
        "6228480012345678901", "6228480012345678",
    };
    int n = (int)(sizeof(az) / sizeof(az[0]));
    CU_ASSERT_EQUAL(pr_str_prefix("", 0), 0);
    CU_ASSERT_EQUAL(pr_str_prefix("ab", 0), 0x6162000000000000ull);
    CU_ASSERT_EQUAL(pr_str_prefix("ab", 8), 0);
    CU_ASSERT_EQUAL(pr_str_prefix("123456789", 8), 0x3900000000000000ull);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            uint64_t x0 = pr_str_prefix(az[i], 0), y0 = pr_str_prefix(az[j], 0);
            uint64_t x1 = pr_str_prefix(az[i], 8), y1 = pr_str_prefix(az[j], 8);
            int c = x0 != y0 ? (x0 < y0 ? -1 : 1) : x1 != y1 ? (x1 < y1 ? -1 : 1) : 0;
            int s = sign(strcmp(az[i], az[j]));
            if (strlen(az[i]) <= 16 && strlen(az[j]) <= 16) {
                CU_ASSERT_EQUAL(c, s);
            } else if (c) {
                CU_ASSERT_EQUAL(c, s);
            }
        }
    }
}

int suite_keysort(void)
{
    static const pr_test aTests[] = {
        { "order_and_stability", test_order_and_stability },
        { "tie_comparison", test_tie_comparison },
        { "str_prefix", test_str_prefix },
    };
    PR_ADD_SUITE("keysort", aTests);
}
