/*
 * bigmem.c - large arrays with a transparent-huge-page hint (see bigmem.h).
 */
#include "bigmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

void pr_big_hint(void *p, size_t n)
{
    if (!p || n < PR_BIGMEM_MIN) return;
#ifdef MADV_HUGEPAGE
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);
    /* a failure (EINVAL where THP is compiled out) leaves ordinary pages */
    if (e > a) (void)madvise((void *)a, (size_t)(e - a), MADV_HUGEPAGE);
#endif
}

void *pr_big_malloc(size_t n)
{
    void *p = malloc(n);
    pr_big_hint(p, n);
    return p;
}

void *pr_big_calloc(size_t nMemb, size_t nSize)
{
    void *p = calloc(nMemb, nSize);
    if (p && nSize && nMemb <= SIZE_MAX / nSize) pr_big_hint(p, nMemb * nSize);
    return p;
}

void *pr_big_realloc(void *p, size_t n)
{
    void *r = realloc(p, n);
    pr_big_hint(r, n);
    return r;
}
