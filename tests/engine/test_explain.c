/*
 * test_explain.c - the Chinese 说明 of the findings (engine/model/explain.h):
 * every finding code the engine can write has its sentence, the figures of
 * the English message follow it, a long text is cut at a whole character,
 * and the 变动 sheet's reasons.
 */
#include "tests/testutil.h"
#include "model/explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* string literals of the sources that look like codes but are no finding */
static const char *const azNotFinding[] = { "DIS_LIVING", "DIS_NURSING", "ID_OK", "PAYRUN_TRACE", "SETTLED_BY_ADJUSTMENT",
                                            "PAYRUN_LOCALEDIR", "PAYRUN_PLAN_PART_BYTES",
                                            "PAYRUN_MERGE_PARTS" };

static void test_every_code(void)
{
    char zList[512];
    snprintf(zList, sizeof(zList), "%s/codes.txt", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(tu_sh("grep -rhoE '\"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\"' engine formats --include=*.c"
                                " | grep -v explain.c | tr -d '\"' | sort -u > %s", zList), 0);
    char *z = tu_read(zList);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    int n = 0;
    for (char *zLine = strtok(z, "\n"); zLine; zLine = strtok(NULL, "\n")) {
        int bSkip = 0;
        for (size_t i = 0; i < sizeof(azNotFinding) / sizeof(azNotFinding[0]); i++) bSkip |= strcmp(zLine, azNotFinding[i]) == 0;
        if (bSkip) continue;
        n++;
        if (!pr_explain_code(zLine)) fprintf(stderr, "\nfinding code %s has no Chinese sentence in engine/model/explain.c\n", zLine);
        CU_ASSERT_PTR_NOT_NULL(pr_explain_code(zLine));
    }
    CU_ASSERT(n >= 60);   /* the grep found the codes */
    free(z);
}

static void test_figures(void)
{
    char z[256];
    pr_explain("ID_CHECKSUM", "ID number check character does not match (GB 11643-1999): '320681196603097240'", z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "身份证号码校验位不符：11643-1999，320681196603097240");
    pr_explain("ID_LEGACY_15", "15-digit first-generation ID number; the 18-character ID is required: '320683480719611'", z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "15位旧身份证号码，须为18位：320683480719611");
    pr_explain("RETURN_BAD_RESULT", "result '处理中' is neither 成功/success nor 失败/failed", z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "回盘结果应为成功或失败：处理中");
    pr_explain("ACCOUNT_MISSING", "the payee has no bank account", z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "收款人没有银行账号");
    pr_explain("NO_SUCH_CODE", "amount 12.50 for 2023-08", z, sizeof(z));
    CU_ASSERT_STRING_EQUAL(z, "见英文说明：12.50，2023-08");
    /* cut at a whole character: 收 is 3 bytes */
    char zSmall[5];
    pr_explain("ACCOUNT_MISSING", "", zSmall, sizeof(zSmall));
    CU_ASSERT_STRING_EQUAL(zSmall, "收");
}

static void test_reasons(void)
{
    char z[512];
    CU_ASSERT_STRING_EQUAL(pr_explain_reason("INELIGIBLE GRACE_EXPIRED: 渐退 grace ended 2023-08 (DIBAO household DB320612-0003)", z, sizeof(z)),
                           "不符合 GRACE_EXPIRED: 渐退期已结束：2023-08，DB320612-0003");
    CU_ASSERT_STRING_EQUAL(pr_explain_reason("not in this month's rosters", z, sizeof(z)), "不在本月名册中");
    CU_ASSERT_STRING_EQUAL(pr_explain_reason("重发 2023-08: 账号已销户", z, sizeof(z)), "重发 2023-08: 账号已销户");
}

static const pr_test aTests[] = {
    { "every finding code has a Chinese sentence", test_every_code },
    { "the figures of the message", test_figures },
    { "the reasons of the 变动 sheet", test_reasons },
};

int suite_explain(void)
{
    PR_ADD_SUITE("explain", aTests);
}
