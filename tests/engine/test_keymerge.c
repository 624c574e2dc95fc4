/*
 * test_keymerge.c - the compact sort keys: string prefixes that compare as
 * strcmp does (unsigned bytes, shorter strings first, the rest deciding past
 * the key), and the merge sort giving qsort's order for a total order and
 * keeping the input order of the items it calls equal.
 */
#include "tests/testutil.h"
#include "io/keymerge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NSTR 400

static int sign(int c) { return (c > 0) - (c < 0); }

/* A pseudo-random string over few bytes (ASCII, a high byte, 0x01), often
 * sharing long prefixes, so that ties at every key length occur. */
static void random_string(unsigned *pSeed, char *z)
{
    static const char azBase[][40] = {
        "", "6217990000000316", "62179900000003169310000000000", "\xe4\xb8\xad\xe5\x9b\xbd", "\x01\x7f\xff"
    };
    static const char aByte[] = "09A\x01\x7f\xe4\xff";
    *pSeed = *pSeed * 1103515245u + 12345u;
    int iBase = (int)(*pSeed >> 16) % 5, nExtra = (int)(*pSeed >> 8) % 12;
    strcpy(z, azBase[iBase]);
    size_t n = strlen(z);
    for (int i = 0; i < nExtra; i++) {
        *pSeed = *pSeed * 1103515245u + 12345u;
        z[n++] = aByte[(*pSeed >> 16) % 7];
    }
    z[n] = 0;
}

/* The key of z over 24 bytes, then strcmp of the rest when both go on. */
static int cmp_by_key(const char *x, const char *y)
{
    const char *zx = x, *zy = y;
    uint64_t ax[3], ay[3];
    for (int i = 0; i < 3; i++) {
        ax[i] = pr_str_bytes(&zx, 8);
        ay[i] = pr_str_bytes(&zy, 8);
    }
    for (int i = 0; i < 3; i++)
        if (ax[i] != ay[i]) return ax[i] < ay[i] ? -1 : 1;
    CU_ASSERT_EQUAL(zx - x, zy - y);   /* equal keys: both moved as far */
    return (ax[2] & 0xff) ? strcmp(zx, zy) : 0;
}

static void test_prefix_order(void)
{
    static char az[NSTR][64];
    unsigned iSeed = 7;
    for (int i = 0; i < NSTR; i++) random_string(&iSeed, az[i]);
    int nBad = 0;
    for (int i = 0; i < NSTR; i++)
        for (int j = 0; j < NSTR; j++)
            if (sign(cmp_by_key(az[i], az[j])) != sign(strcmp(az[i], az[j]))) nBad++;
    CU_ASSERT_EQUAL(nBad, 0);
    /* the pointer stops at the NUL; the padding is zero */
    const char *z = "abc";
    CU_ASSERT_EQUAL(pr_str_bytes(&z, 8), 0x6162630000000000ull);
    CU_ASSERT_EQUAL(*z, 0);
    CU_ASSERT_EQUAL(pr_str_bytes(&z, 8), 0);
    z = "\xff\x01";
    CU_ASSERT_EQUAL(pr_str_bytes(&z, 2), 0xff01u);
}

/* Items: a key value with many ties and a payload the tie function reads. */
typedef struct item { int iKey, iTie, iOrder; } item;

static int item_tie(const pr_mergekey *a, const pr_mergekey *b)
{
    const item *x = a->pItem, *y = b->pItem;
    return (x->iTie > y->iTie) - (x->iTie < y->iTie);
}

static int cmp_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->iKey != y->iKey) return x->iKey < y->iKey ? -1 : 1;
    if (x->iTie != y->iTie) return x->iTie < y->iTie ? -1 : 1;
    return (x->iOrder > y->iOrder) - (x->iOrder < y->iOrder);
}

static void test_keymerge_order(void)
{
    static const int anSize[] = { 0, 1, 2, 15, 16, 17, 33, 1000, 20011 };
    unsigned iSeed = 11;
    for (size_t t = 0; t < sizeof(anSize) / sizeof(anSize[0]); t++) {
        int n = anSize[t];
        item *a = malloc(((size_t)n + 1) * sizeof(*a)), *b = malloc(((size_t)n + 1) * sizeof(*b));
        pr_mergekey *k = malloc(((size_t)n + 1) * sizeof(*k));
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        CU_ASSERT_PTR_NOT_NULL_FATAL(b);
        CU_ASSERT_PTR_NOT_NULL_FATAL(k);
        for (int i = 0; i < n; i++) {
            iSeed = iSeed * 1103515245u + 12345u;
            a[i].iKey = (int)(iSeed >> 16) % 50;
            a[i].iTie = (int)(iSeed >> 8) % 3;
            a[i].iOrder = i;
            /* the key split over the three numbers, the high part in k0 */
            k[i].k0 = (uint64_t)(a[i].iKey / 10);
            k[i].k1 = 7;
            k[i].k2 = (uint64_t)(a[i].iKey % 10);
            k[i].pItem = &a[i];
        }
        memcpy(b, a, (size_t)n * sizeof(*a));
        qsort(b, (size_t)n, sizeof(*b), cmp_item);
        CU_ASSERT_EQUAL(pr_keymerge(k, (size_t)n, item_tie, NULL), PR_OK);
        int nBad = 0;
        for (int i = 0; i < n; i++)
            if (((const item *)k[i].pItem)->iOrder != b[i].iOrder) nBad++;   /* stable: input order last */
        CU_ASSERT_EQUAL(nBad, 0);
        free(a);
        free(b);
        free(k);
    }
}

static const pr_test aTests[] = {
    { "string prefixes order as strcmp", test_prefix_order },
    { "key sort order and stability", test_keymerge_order },
};

int suite_keymerge(void) { PR_ADD_SUITE("keymerge", aTests); }
