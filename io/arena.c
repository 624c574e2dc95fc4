/*
 * arena.c - bump allocation in 64 KiB blocks (larger requests get a block of
 * their own).
 */
#include "io/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64u << 10)

struct pr_arena_block {
    pr_arena_block *pNext;   /* older block */
    size_t nPad;             /* keeps aData 16-aligned */
    char aData[];            /* the bytes */
};

void pr_arena_init(pr_arena *p) { memset(p, 0, sizeof(*p)); }

void pr_arena_clear(pr_arena *p)
{
    pr_arena_block *b = p->pSlab ? NULL : p->pHead;
    while (b) {
        pr_arena_block *n = b->pNext;
        free(b);
        b = n;
    }
    memset(p, 0, sizeof(*p));
}

void *pr_arena_alloc(pr_arena *p, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!p->pHead || p->nCap - p->nUsed < n) {
        size_t nCap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        pr_arena_block *b = p->pSlab ? pr_slab_alloc(p->pSlab, sizeof(*b) + nCap) : malloc(sizeof(*b) + nCap);
        if (!b) return NULL;
        b->pNext = p->pHead;
        p->pHead = b;
        p->nUsed = 0;
        p->nCap = nCap;
    }
    void *r = p->pHead->aData + p->nUsed;
    p->nUsed += n;
    return r;
}

char *pr_arena_strndup(pr_arena *p, const char *z, size_t n)
{
    char *r = pr_arena_alloc(p, n + 1);
    if (!r) return NULL;
    memcpy(r, z, n);
    r[n] = 0;
    return r;
}

char *pr_arena_vprintf(pr_arena *p, const char *zFmt, va_list ap)
{
    char zBuf[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(zBuf, sizeof(zBuf), zFmt, ap);
    char *r = NULL;
    if (n < 0) goto cleanup;
    if ((size_t)n < sizeof(zBuf)) { r = pr_arena_strndup(p, zBuf, (size_t)n); goto cleanup; }
    r = pr_arena_alloc(p, (size_t)n + 1);
    if (r) vsnprintf(r, (size_t)n + 1, zFmt, ap2);
cleanup:
    va_end(ap2);
    return r;
}

char *pr_arena_printf(pr_arena *p, const char *zFmt, ...)
{
    va_list ap;
    va_start(ap, zFmt);
    char *r = pr_arena_vprintf(p, zFmt, ap);
    va_end(ap);
    return r;
}

char *pr_arena_cat(pr_arena *p, ...)
{
    va_list ap;
    size_t n = 0;
    const char *z;
    va_start(ap, p);
    while ((z = va_arg(ap, const char *)) != NULL) n += strlen(z);
    va_end(ap);
    char *r = pr_arena_alloc(p, n + 1), *w = r;
    if (!r) return NULL;
    va_start(ap, p);
    while ((z = va_arg(ap, const char *)) != NULL) {
        size_t k = strlen(z);
        memcpy(w, z, k);
        w += k;
    }
    va_end(ap);
    *w = 0;
    return r;
}
