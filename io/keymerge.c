/*
 * keymerge.c - the merge sort of keymerge.h. glibc's qsort calls the
 * comparison through a pointer and merges through a scratch copy of the
 * whole array; here the number comparisons are inline and the scratch space
 * is half the array, or a buffer that the caller reuses (fresh pages are
 * costly: each one is a page fault).
 */
#include "io/keymerge.h"
#include "io/bigmem.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Below this many keys, insertion sort is faster than merging. */
#define INSERTION_MAX 16

uint64_t pr_str_bytes(const char **pz, int nByte)
{
    const unsigned char *z = (const unsigned char *)*pz;
    uint64_t v = 0;
    int i = 0;
    for (; i < nByte && z[i]; i++) v = v << 8 | z[i];
    for (int k = i; k < nByte; k++) v <<= 8;   /* the padding sorts first, like the NUL */
    *pz += i;
    return v;
}

static int key_less(const pr_mergekey *x, const pr_mergekey *y, pr_mergetie xTie)
{
    if (x->k0 != y->k0) return x->k0 < y->k0;
    if (x->k1 != y->k1) return x->k1 < y->k1;
    if (x->k2 != y->k2) return x->k2 < y->k2;
    return xTie(x, y) < 0;
}

static void insertion_sort(pr_mergekey *a, size_t n, pr_mergetie xTie)
{
    for (size_t i = 1; i < n; i++) {
        pr_mergekey v = a[i];
        size_t j = i;
        for (; j > 0 && key_less(&v, &a[j - 1], xTie); j--) a[j] = a[j - 1];
        a[j] = v;
    }
}

void pr_keymerge_in(pr_mergekey *a, size_t n, pr_mergekey *aTmp, pr_mergetie xTie)
{
    if (n <= INSERTION_MAX) {
        insertion_sort(a, n, xTie);
        return;
    }
    size_t h = n / 2;
    assert(h > 0 && h < n);
    pr_keymerge_in(a, h, aTmp, xTie);
    pr_keymerge_in(a + h, n - h, aTmp, xTie);
    if (!key_less(&a[h], &a[h - 1], xTie)) return;   /* the halves are already in order */
    /* the left half moves out; the merge fills a from the front, never
     * past the next key of the right half it has still to read */
    memcpy(aTmp, a, h * sizeof(*a));
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) a[k++] = key_less(&a[j], &aTmp[i], xTie) ? a[j++] : aTmp[i++];
    while (i < h) a[k++] = aTmp[i++];
    assert(k == j);
}

pr_error pr_keymerge(pr_mergekey *a, size_t n, pr_mergetie xTie, pr_err *pErr)
{
    pr_mergekey *aTmp = pr_big_malloc((n / 2 + 1) * sizeof(*aTmp));
    if (!aTmp) return pr_err_nomem(pErr, "sorting");
    pr_keymerge_in(a, n, aTmp, xTie);
    free(aTmp);
    return PR_OK;
}
