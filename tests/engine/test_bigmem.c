/*
 * test_bigmem.c - pr_big_* (engine/bigmem.h): the arrays behave as malloc's,
 * and, with the hint turned on, a large one carries the huge-page hint
 * (VmFlags "hg" in /proc/self/smaps) where the kernel has transparent huge
 * pages; with it off (the default), none does.
 */
#include "tests/testutil.h"
#include "io/bigmem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* 1 if the mapping holding address a has VmFlags "hg", 0 if not, -1 if
 * /proc/self/smaps cannot tell. */
static int has_hugepage_flag(uintptr_t a)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f) return -1;
    char zLine[512];
    int bIn = 0, r = -1;
    while (fgets(zLine, sizeof(zLine), f)) {
        unsigned long lo, hi;
        if (sscanf(zLine, "%lx-%lx ", &lo, &hi) == 2 && strchr(zLine, '-') < strchr(zLine, ' ')) {
            bIn = a >= lo && a < hi;
        } else if (bIn && !strncmp(zLine, "VmFlags:", 8)) {
            r = strstr(zLine, " hg") != NULL;
            break;
        }
    }
    fclose(f);
    return r;
}

static void test_like_malloc(void)
{
    size_t n = PR_BIGMEM_MIN * 2;
    unsigned char *p = pr_big_calloc(n, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p[0], 0);
    CU_ASSERT_EQUAL(p[n / 2], 0);
    CU_ASSERT_EQUAL(p[n - 1], 0);
    for (size_t i = 0; i < n; i += 4096) p[i] = (unsigned char)(i >> 12);
    p = pr_big_realloc(p, n * 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    int bSame = 1;
    for (size_t i = 0; i < n; i += 4096) bSame &= p[i] == (unsigned char)(i >> 12);
    CU_ASSERT_TRUE(bSame);
    free(p);
    /* small requests and NULL: plain allocation, no hint, no crash */
    char *q = pr_big_malloc(16);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    strcpy(q, "fifteen chars..");
    CU_ASSERT_STRING_EQUAL(q, "fifteen chars..");
    free(q);
    pr_big_hint(NULL, PR_BIGMEM_MIN * 4);
}

static void test_hint_given(void)
{
    if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) != 0) return;   /* no THP here */
    size_t n = PR_BIGMEM_MIN * 2;
    /* off: a large block is left to ordinary pages */
    pr_big_set_hint(0);
    char *p = pr_big_malloc(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    uintptr_t mid = ((uintptr_t)p + n / 2) & ~(uintptr_t)4095;
    CU_ASSERT_EQUAL(has_hugepage_flag(mid), 0);
    free(p);
    pr_big_set_hint(1);
    p = pr_big_malloc(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    mid = ((uintptr_t)p + n / 2) & ~(uintptr_t)4095;
    CU_ASSERT_EQUAL(has_hugepage_flag(mid), 1);
    free(p);
    /* the threshold, on a mapping of our own (a malloc'd block may share
     * its mapping with an earlier hinted one): just below it no hint, at it
     * the hint */
    size_t nMap = PR_BIGMEM_MIN * 4;
    char *m = mmap(NULL, nMap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CU_ASSERT_FATAL(m != MAP_FAILED);
    char *pAligned = (char *)(((uintptr_t)m + ((uintptr_t)2 << 20) - 1) & ~(((uintptr_t)2 << 20) - 1));
    pr_big_hint(pAligned, PR_BIGMEM_MIN - 1);
    CU_ASSERT_EQUAL(has_hugepage_flag((uintptr_t)pAligned), 0);
    pr_big_hint(pAligned, PR_BIGMEM_MIN);
    CU_ASSERT_EQUAL(has_hugepage_flag((uintptr_t)pAligned), 1);
    munmap(m, nMap);
    pr_big_set_hint(0);   /* the default, for the suites after this one */
}

/* The slab hands out 16-aligned, disjoint pieces; a request larger than a
 * block gets its own and the pieces after it still come; clear empties it. */
static void test_slab(void)
{
    pr_slab s = { 0 };
    enum { N = 3000 };
    static unsigned char *ap[N];
    static size_t an[N];
    for (int i = 0; i < N; i++) {
        an[i] = (size_t)(i * 7919 % 40000) + 1;   /* about 60 MiB in all: several blocks */
        if (i == N / 2) an[i] = PR_SLAB_BLOCK + 5;
        ap[i] = pr_slab_alloc(&s, an[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ap[i]);
        CU_ASSERT_EQUAL((uintptr_t)ap[i] % 16, 0);
        memset(ap[i], i & 0xff, an[i]);
    }
    int bIntact = 1;
    for (int i = 0; i < N; i++)
        bIntact &= ap[i][0] == (i & 0xff) && ap[i][an[i] - 1] == (i & 0xff);
    CU_ASSERT_TRUE(bIntact);   /* no piece overwrote another */
    pr_slab_clear(&s);
    CU_ASSERT_PTR_NULL(s.pHead);
    CU_ASSERT_EQUAL(s.nUsed, 0);
    CU_ASSERT_PTR_NOT_NULL(pr_slab_alloc(&s, 10));   /* ready again */
    pr_slab_clear(&s);
    pr_slab_clear(NULL);
}

/* Release: the whole pages inside the range read as zeroes afterwards (the
 * kernel took them back), the bytes on partly covered pages at either end
 * are kept, the block is still freed with free(); NULL does nothing. */
static void test_release(void)
{
    size_t n = PR_BIGMEM_MIN * 2;
    unsigned char *p = pr_big_malloc(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    memset(p, 0xA5, n);
    /* from one byte past a page start to one byte short of a later page
     * end: the first and last pages are only partly covered */
    uintptr_t a = (((uintptr_t)p + 4096) & ~(uintptr_t)4095) + 1;
    size_t nIn = 10 * 4096 - 2;
    pr_big_release((void *)a, nIn);
    unsigned char *u = (unsigned char *)a;
    CU_ASSERT_EQUAL(u[-1], 0xA5);                 /* before the range */
    CU_ASSERT_EQUAL(u[0], 0xA5);                  /* first page: partly covered, kept */
    CU_ASSERT_EQUAL(u[4095 - 1], 0xA5);
    int bZero = 1;
    for (size_t i = 4095; i < 9 * 4096 - 1; i++) bZero &= u[i] == 0;
    CU_ASSERT_TRUE(bZero);                        /* the eight whole pages: given back */
    CU_ASSERT_EQUAL(u[9 * 4096 - 1], 0xA5);       /* last page: partly covered, kept */
    CU_ASSERT_EQUAL(u[nIn - 1], 0xA5);
    CU_ASSERT_EQUAL(u[nIn], 0xA5);                /* after the range */
    /* the block is whole and usable after the release */
    memset(p, 0x5A, n);
    CU_ASSERT_EQUAL(u[4096], 0x5A);
    free(p);
    /* a range within one page gives nothing back */
    unsigned char b[64];
    memset(b, 7, sizeof(b));
    pr_big_release(b + 1, sizeof(b) - 2);
    CU_ASSERT_EQUAL(b[32], 7);
    pr_big_release(NULL, n);
}

int suite_bigmem(void)
{
    static const pr_test aTests[] = {
        { "like_malloc", test_like_malloc },
        { "hint_given", test_hint_given },
        { "slab", test_slab },
        { "release", test_release },
    };
    PR_ADD_SUITE("bigmem", aTests);
}
