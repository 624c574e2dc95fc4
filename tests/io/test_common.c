/*
 * test_common.c - the array helper of io/common.h: room made by doubling
 * from the first size, the same array while there is room, and a refusal
 * (the array left as it was) when the size would overflow.
 */
#include "tests/testutil.h"
#include "io/common.h"

#include <stdint.h>
#include <stdlib.h>

static void test_array_room(void)
{
    size_t nCap = 0;
    int *a = NULL;
    /* the capacities seen while 40 elements are added, starting from 4 */
    static const size_t anCap[] = { 4, 4, 4, 4, 8, 8, 8, 8, 16 };
    for (size_t n = 0; n < 40; n++) {
        int *y = pr_array_room(a, sizeof(*a), n, &nCap, 4);
        CU_ASSERT_PTR_NOT_NULL_FATAL(y);
        a = y;
        a[n] = (int)n;
        if (n < sizeof(anCap) / sizeof(anCap[0])) CU_ASSERT_EQUAL(nCap, anCap[n]);
        CU_ASSERT(n < nCap);
    }
    CU_ASSERT_EQUAL(nCap, 64);
    for (int i = 0; i < 40; i++) CU_ASSERT_EQUAL(a[i], i);
    /* room left: the same array, the same capacity */
    CU_ASSERT_PTR_EQUAL(pr_array_room(a, sizeof(*a), 40, &nCap, 4), a);
    CU_ASSERT_EQUAL(nCap, 64);
    /* a size past SIZE_MAX: refused, the array and its capacity kept */
    size_t nHuge = SIZE_MAX / 2 + 1;
    CU_ASSERT_PTR_NULL(pr_array_room(a, 2, nHuge, &nHuge, 4));
    CU_ASSERT_EQUAL(nHuge, SIZE_MAX / 2 + 1);
    free(a);
}

int suite_common(void)
{
    static const pr_test aT[] = {
        { "array room: doubling, room left, overflow refused", test_array_room },
    };
    PR_ADD_SUITE("common", aT);
}
