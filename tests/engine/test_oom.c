/*
 * test_oom.c - out-of-memory never loses a finding. The test binary is
 * linked with -Wl,--wrap=malloc,calloc,realloc (Makefile), so that every
 * allocation payrun's own code makes passes through the wrappers below;
 * tests arm them to fail exactly the Nth allocation from now. The suite
 * computes the sample month once to learn its lines and findings, then again
 * with the 1st, 2nd, ... allocation of the computing stage failing: every
 * run must either fail with PR_ERR_NOMEM and a message, or succeed with the
 * very same lines and findings. A finding dropped on the floor would show
 * as a successful run with fewer findings.
 */
#include "tests/testutil.h"
#include "run/read.h"
#include "rules/rules.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);

/* Allocations left before the one that fails; 0 = disarmed. */
static atomic_long nCountdown;
/* Allocations counted while counting is on. */
static atomic_long nCounted;
static atomic_int bCounting;

/* Whether this allocation must fail. */
static int fail_now(void)
{
    if (atomic_load_explicit(&bCounting, memory_order_relaxed)) atomic_fetch_add(&nCounted, 1);
    if (atomic_load_explicit(&nCountdown, memory_order_relaxed) <= 0) return 0;
    return atomic_fetch_sub(&nCountdown, 1) == 1;
}

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return fail_now() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }

#define S "samples/"

/* A batch of the sample month, read but not computed (1 thread, so that the
 * Nth allocation is the same one every time). */
static pr_batch *read_samples(void)
{
    static const char *const azDibao[] = { S "dibao-chongchuan-tongzhou.csv", S "dibao-haimen-qidong.csv.gz",
                                           S "dibao-rudong-rugao.csv", S "dibao-haian.csv.gz" };
    pr_batch *b = pr_batch_new(2023 * 12 + 7, 1, ENC_AUTO);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    for (int i = 0; i < 4; i++) pr_batch_add_input(b, azDibao[i], ROSTER_DIBAO);
    pr_batch_add_input(b, S "tekun-dispersed.csv", ROSTER_TEKUN);
    pr_batch_add_input(b, S "tekun-concentrated.csv", ROSTER_TEKUN);
    pr_batch_add_input(b, S "disability-with-type.csv", ROSTER_DISABILITY);
    pr_batch_add_input(b, S "disability-certificate-only.csv", ROSTER_DISABILITY);
    pr_batch_add_input(b, S "orphan-children.csv", ROSTER_ORPHAN);
    CU_ASSERT_EQUAL_FATAL(pr_batch_load_config(b, S "policy.csv", S "index.csv"), PR_OK);
    CU_ASSERT_EQUAL_FATAL(pr_batch_read(b), PR_OK);
    return b;
}

/* Whether two computed batches have the same findings (code, line, id). */
static int same_findings(const pr_batch *a, const pr_batch *b)
{
    if (a->nFind != b->nFind) return 0;
    for (int i = 0; i < a->nFind; i++) {
        const pr_finding *x = &a->aFind[i], *y = &b->aFind[i];
        if (x->iFile != y->iFile || x->iLine != y->iLine || x->eProg != y->eProg || x->eStatus != y->eStatus
            || strcmp(x->zCode, y->zCode) || strcmp(x->zMsg, y->zMsg)) return 0;
    }
    return 1;
}

static int same_lines(const pr_batch *a, const pr_batch *b)
{
    if (a->nLine != b->nLine) return 0;
    for (int i = 0; i < a->nLine; i++)
        if (a->aLine[i].nAmount != b->aLine[i].nAmount || strcmp(a->aLine[i].zBasis, b->aLine[i].zBasis)
            || strcmp(a->aLine[i].zBeneficiary, b->aLine[i].zBeneficiary)) return 0;
    return 1;
}

static void test_compute_nth_allocation_fails(void)
{
    pr_batch *pRef = read_samples();
    atomic_store(&nCounted, 0);
    atomic_store(&bCounting, 1);
    CU_ASSERT_EQUAL_FATAL(pr_batch_compute(pRef), PR_OK);
    atomic_store(&bCounting, 0);
    long nAlloc = atomic_load(&nCounted);
    CU_ASSERT_FATAL(nAlloc > 10);
    CU_ASSERT_FATAL(pRef->nFind > 0);
    int nFailed = 0, nSame = 0;
    for (long k = 1; k <= nAlloc + 1; k++) {
        pr_batch *b = read_samples();
        atomic_store(&nCountdown, k);
        pr_error rc = pr_batch_compute(b);
        atomic_store(&nCountdown, 0);
        if (rc == PR_OK) {
            /* the failed allocation (if any) was recovered from: nothing may be missing */
            CU_ASSERT(same_findings(pRef, b));
            CU_ASSERT(same_lines(pRef, b));
            nSame++;
        } else {
            CU_ASSERT_EQUAL(rc, PR_ERR_NOMEM);
            CU_ASSERT_PTR_NOT_NULL(strstr(b->err.zMsg, "out of memory"));
            nFailed++;
        }
        pr_batch_free(b);
    }
    /* the last k is past every allocation: that run must succeed */
    CU_ASSERT(nSame >= 1);
    CU_ASSERT(nFailed >= 1);
    pr_batch_free(pRef);
}

int suite_oom(void)
{
    CU_pSuite s = CU_add_suite("oom", NULL, NULL);
    if (!s) return -1;
    return !CU_add_test(s, "compute: the Nth allocation fails", test_compute_nth_allocation_fails);
}
