/*
 * keysort.c - pr_keysort: LSD radix sort of pr_sortkey by (k0, k1).
 */
#include "io/keysort.h"
#include "io/bigmem.h"
#include "io/keymerge.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define DIGIT_BITS 16
#define NDIGIT (1u << DIGIT_BITS)
#define NPASS 8                      /* 4 digits of k1, then 4 of k0 */
#define SMALL 64                     /* below this, insertion sort */

/* Digit d (0 = least significant of k1, 7 = most significant of k0). */
static unsigned digit_of(const pr_sortkey *x, int d)
{
    uint64_t k = d < 4 ? x->k1 : x->k0;
    return (unsigned)(k >> (DIGIT_BITS * (d & 3))) & (NDIGIT - 1);
}

static int key_less(const pr_sortkey *x, const pr_sortkey *y)
{
    return x->k0 < y->k0 || (x->k0 == y->k0 && x->k1 < y->k1);
}

static void insertion_sort(pr_sortkey *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        pr_sortkey t = a[i];
        size_t j = i;
        while (j > 0 && key_less(&t, &a[j - 1])) { a[j] = a[j - 1]; j--; }
        a[j] = t;
    }
}

/* The radix passes. aCount holds NPASS histograms of NDIGIT counts. */
static void radix_sort(pr_sortkey *a, pr_sortkey *aTmp, size_t n, uint32_t *aCount)
{
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < NPASS; d++) aCount[(size_t)d * NDIGIT + digit_of(&a[i], d)]++;
    pr_sortkey *pFrom = a, *pTo = aTmp;
    for (int d = 0; d < NPASS; d++) {
        uint32_t *c = &aCount[(size_t)d * NDIGIT];
        if (c[digit_of(&a[0], d)] == n) continue;   /* every key has this digit */
        uint32_t iAt = 0;
        for (unsigned k = 0; k < NDIGIT; k++) { uint32_t m = c[k]; c[k] = iAt; iAt += m; }
        assert(iAt == n);
        for (size_t i = 0; i < n; i++) pTo[c[digit_of(&pFrom[i], d)]++] = pFrom[i];
        pr_sortkey *t = pFrom; pFrom = pTo; pTo = t;
    }
    if (pFrom != a) memcpy(a, pFrom, n * sizeof(*a));
}

pr_error pr_keysort(pr_sortkey *a, size_t n, int (*xTie)(const void *, const void *), pr_err *pErr)
{
    if (n < 2) return PR_OK;
    assert(n < UINT32_MAX);
    if (n < SMALL) {
        insertion_sort(a, n);
    } else {
        pr_sortkey *aTmp = pr_big_malloc(n * sizeof(*aTmp));
        uint32_t *aCount = calloc((size_t)NPASS * NDIGIT, sizeof(uint32_t));
        if (!aTmp || !aCount) {
            free(aTmp);
            free(aCount);
            return pr_err_nomem(pErr, "sorting");
        }
        radix_sort(a, aTmp, n, aCount);
        free(aTmp);
        free(aCount);
    }
    if (!xTie) return PR_OK;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && a[j].k0 == a[i].k0 && a[j].k1 == a[i].k1) j++;
        if (j - i > 1) qsort(a + i, j - i, sizeof(*a), xTie);
        i = j;
    }
    return PR_OK;
}

uint64_t pr_str_prefix(const char *z, size_t iAt)
{
    while (iAt > 0 && *z) { z++; iAt--; }   /* to byte iAt, or the NUL before it */
    return pr_str_bytes(&z, 8);
}
