/*
 * test_record.c - parts (engine/record.h): records reserved in a thread's
 * slab, moved out of it when the reservation is passed, and freed (or left
 * to the slab) by pr_part_clear.
 */
#include "tests/testutil.h"
#include "model/record.h"

#include <string.h>

static void fill(pr_part *p, int n)
{
    for (int i = 0; i < n; i++) {
        pr_record *r = pr_part_add_record(p);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT_EQUAL(r->iLink, -1);   /* zeroed, no household link */
        r->iLine = (uint32_t)(100 + i);
        r->zId = pr_arena_strndup(&p->arena, "320602199001011234", 18);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r->zId);
    }
}

static int intact(const pr_part *p, int n)
{
    int b = p->nRec == n;
    for (int i = 0; b && i < n; i++) b = p->aRec[i].iLine == (uint32_t)(100 + i) && !strcmp(p->aRec[i].zId, "320602199001011234");
    return b;
}

static void test_reserved_in_slab(void)
{
    pr_slab s = { 0 };
    pr_part a;
    pr_part_init(&a);
    a.arena.pSlab = &s;
    CU_ASSERT_EQUAL(pr_part_reserve(&a, 4), 0);
    CU_ASSERT_EQUAL(a.bRecSlab, 1);
    fill(&a, 4);
    CU_ASSERT_EQUAL(a.bRecSlab, 1);   /* within the reservation: still the slab's */
    CU_ASSERT_TRUE(intact(&a, 4));
    /* a fifth record moves them out of the slab into an array of the part's */
    pr_record *pOld = a.aRec;
    pr_record *r = pr_part_add_record(&a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    r->iLine = 104;
    r->zId = "320602199001011234";
    CU_ASSERT_EQUAL(a.bRecSlab, 0);
    CU_ASSERT_PTR_NOT_EQUAL(a.aRec, pOld);
    CU_ASSERT_TRUE(intact(&a, 5));
    pr_part_clear(&a);   /* frees its own array, not the slab's pieces (ASan would say) */
    CU_ASSERT_PTR_NULL(a.aRec);
    pr_slab_clear(&s);
}

static void test_reserved_without_slab(void)
{
    pr_part a;
    pr_part_init(&a);
    CU_ASSERT_EQUAL(pr_part_reserve(&a, 2), 0);
    CU_ASSERT_EQUAL(a.bRecSlab, 0);
    fill(&a, 300);   /* grows by realloc */
    CU_ASSERT_TRUE(intact(&a, 300));
    pr_part_clear(&a);
}

int suite_record(void)
{
    static const pr_test aTests[] = {
        { "reserved_in_slab", test_reserved_in_slab },
        { "reserved_without_slab", test_reserved_without_slab },
    };
    PR_ADD_SUITE("record", aTests);
}
