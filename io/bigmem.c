/*
 * bigmem.c - large arrays with a transparent-huge-page hint (see bigmem.h).
 */
#include "io/bigmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

/* Whether the hint is given: -1 until pr_big_set_hint or the first hint
 * reads PAYRUN_HUGEPAGES, then 0 or 1. Read and written atomically: the
 * first hint may come from any thread (each would read the same answer). */
static int giHint = -1;

void pr_big_set_hint(int bOn)
{
    #pragma omp atomic write
    giHint = bOn != 0;
}

static int hint_wanted(void)
{
    int i;
    #pragma omp atomic read
    i = giHint;
    if (i < 0) {
        const char *z = getenv("PAYRUN_HUGEPAGES");
        i = z && strcmp(z, "1") == 0;
        #pragma omp atomic write
        giHint = i;
    }
    return i;
}

/* madvise(iAdvice) over the pages of nPage bytes (a power of two) wholly
 * inside [p, p + n); nothing when there is none. A failure (EINVAL where
 * the kernel lacks the advice) is left alone: both advices are hints. */
static void advise_inner(void *p, size_t n, uintptr_t nPage, int iAdvice)
{
    uintptr_t a = ((uintptr_t)p + nPage - 1) & ~(nPage - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(nPage - 1);
    if (e > a) (void)madvise((void *)a, (size_t)(e - a), iAdvice);
}

void pr_big_hint(void *p, size_t n)
{
    if (!p || n < PR_BIGMEM_MIN || !hint_wanted()) return;
#ifdef MADV_HUGEPAGE
    advise_inner(p, n, HUGE_PAGE, MADV_HUGEPAGE);
#endif
}

void pr_big_release(void *p, size_t n)
{
    if (!p) return;
#ifdef MADV_DONTNEED
    advise_inner(p, n, 4096, MADV_DONTNEED);   /* the smallest page: a larger one is whole pages of it */
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

struct pr_slab_block {
    pr_slab_block *pNext;   /* older block */
    size_t nPad;            /* keeps aData 16-aligned */
    char aData[];           /* the bytes handed out */
};

void *pr_slab_alloc(pr_slab *s, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!s->pHead || s->nCap - s->nUsed < n) {
        size_t nCap = n > PR_SLAB_BLOCK ? n : PR_SLAB_BLOCK;
        pr_slab_block *b = pr_big_malloc(sizeof(*b) + nCap);
        if (!b) return NULL;
        b->pNext = s->pHead;
        s->pHead = b;
        s->nUsed = 0;
        s->nCap = nCap;
    }
    void *r = s->pHead->aData + s->nUsed;
    s->nUsed += n;
    return r;
}

void pr_slab_clear(pr_slab *s)
{
    if (!s) return;
    while (s->pHead) {
        pr_slab_block *n = s->pHead->pNext;
        free(s->pHead);
        s->pHead = n;
    }
    s->nUsed = s->nCap = 0;
}
