/*
 * test_mask.c - masked ID numbers and names (engine/model/mask.h), table
 * driven: names of 1 to 4 characters, compound surnames, ASCII and mixed
 * names, invalid UTF-8, IDs ending in X, blank, short and odd fields, and
 * output buffers too small.
 */
#include "tests/testutil.h"
#include "model/mask.h"

#include <stdio.h>
#include <string.h>

static const struct { const char *zIn, *zOut; } aName[] = {
    { "张", "张" },                     /* one character: nothing to replace */
    { "张三", "张*" },
    { "王小明", "王**" },
    { "李四五六", "李***" },
    { "欧阳娜娜", "欧阳**" },           /* compound surname kept whole */
    { "欧阳明", "欧阳*" },
    { "司马光", "司马*" },
    { "司马相如", "司马**" },
    { "诸葛孔明", "诸葛**" },
    { "欧阳", "欧*" },                  /* only the pair: surname 欧, name 阳 */
    { "欧", "欧" },
    { "阳欧阳", "阳**" },               /* the pair not in front */
    { "Tom", "T**" },
    { "Tom Lee", "T******" },          /* a space is a character too */
    { "A", "A" },
    { "张A1", "张**" },
    { "Li娜", "L**" },
    { "阿依古丽·买买提", "阿*******" },
    { "  张三  ", "张*" },              /* spaces around are ignored */
    { "\t王五", "王*" },
    { "", "" },
    { "   ", "" },
    { "\xff张三", "***" },              /* invalid first byte: starred */
    { "张\xff三", "张**" },             /* invalid byte: one character */
    { "张\xe4\xb8", "张**" },         /* a cut sequence: two invalid bytes */
    { "\xe5\xbc", "**" },
    { "\xc0\x80", "**" },               /* overlong: invalid */
    { "\xed\xa0\x80", "***" },          /* a surrogate: invalid */
    { "😀笑", "😀*" },                  /* 4-byte first character */
};

static void test_names(void)
{
    char z[256];
    for (size_t i = 0; i < sizeof(aName) / sizeof(aName[0]); i++) {
        size_t n = pr_mask_name(aName[i].zIn, z, sizeof(z));
        if (strcmp(z, aName[i].zOut) != 0) fprintf(stderr, "\nmask_name #%zu: got \"%s\", want \"%s\"\n", i, z, aName[i].zOut);
        CU_ASSERT_STRING_EQUAL(z, aName[i].zOut);
        CU_ASSERT_EQUAL(n, strlen(aName[i].zOut));
        /* the input length plus 1 always suffices */
        char zSmall[64];
        size_t nIn = strlen(aName[i].zIn) + 1;
        CU_ASSERT_EQUAL(pr_mask_name(aName[i].zIn, zSmall, nIn), n);
        CU_ASSERT_STRING_EQUAL(zSmall, aName[i].zOut);
    }
    CU_ASSERT_EQUAL(pr_mask_name(NULL, z, sizeof(z)), 0);
    CU_ASSERT_STRING_EQUAL(z, "");
}

static void test_name_small_buffer(void)
{
    char z[8];
    memset(z, 'x', sizeof(z));
    CU_ASSERT_EQUAL(pr_mask_name("张三", z, 0), 0);   /* nothing written */
    CU_ASSERT_EQUAL(z[0], 'x');
    CU_ASSERT_EQUAL(pr_mask_name("张三", z, 3), 0);   /* 张 does not fit: never half a character */
    CU_ASSERT_STRING_EQUAL(z, "");
    CU_ASSERT_EQUAL(pr_mask_name("张三丰", z, 5), 4);
    CU_ASSERT_STRING_EQUAL(z, "张*");
    CU_ASSERT_EQUAL(pr_mask_name("\xff\xff\xff", z, 2), 1);
    CU_ASSERT_STRING_EQUAL(z, "*");
}

static const struct { const char *zIn, *zOut; } aId[] = {
    { "320612196205056332", "320612********6332" },
    { "11010519491231002X", "110105********002X" },   /* X kept as written */
    { "34052419800101001x", "340524********001x" },
    { " 320613199003071235 ", "320613********1235" },
    { "320613590101123", "320613********1123" },      /* 15-digit legacy ID */
    { "3206121962", "320612********1962" },           /* 10: first 6 and last 4 */
    { "320612196", "*********" },                     /* shorter: all starred */
    { "1", "*" },
    { "3.20613E+17", "3.2061********E+17" },
    { "", "" },
    { "    ", "" },
};

static void test_ids(void)
{
    char z[PR_MASK_ID_MAX];
    for (size_t i = 0; i < sizeof(aId) / sizeof(aId[0]); i++) {
        size_t n = pr_mask_id(aId[i].zIn, z, sizeof(z));
        if (strcmp(z, aId[i].zOut) != 0) fprintf(stderr, "\nmask_id #%zu: got \"%s\", want \"%s\"\n", i, z, aId[i].zOut);
        CU_ASSERT_STRING_EQUAL(z, aId[i].zOut);
        CU_ASSERT_EQUAL(n, strlen(aId[i].zOut));
    }
    CU_ASSERT_EQUAL(pr_mask_id(NULL, z, sizeof(z)), 0);
    CU_ASSERT_STRING_EQUAL(z, "");
    /* too small a buffer: cut, never an unmasked digit past the first 6 */
    char zSmall[10];
    CU_ASSERT_EQUAL(pr_mask_id("320612196205056332", zSmall, sizeof(zSmall)), 6);
    CU_ASSERT_STRING_EQUAL(zSmall, "320612");
    CU_ASSERT_EQUAL(pr_mask_id("320612196205056332", zSmall, 0), 0);
}

static const pr_test aTests[] = {
    { "names", test_names },
    { "names into small buffers", test_name_small_buffer },
    { "ID numbers", test_ids },
};

int suite_mask(void)
{
    PR_ADD_SUITE("mask", aTests);
}
