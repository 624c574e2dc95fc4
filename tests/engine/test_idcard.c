/*
 * test_idcard.c - GB 11643-1999 ID numbers, Nantong division codes and the
 * Luhn check of bank cards (engine/idcard.h).
 */
#include "tests/testutil.h"
#include "model/idcard.h"

#include <string.h>

#define AUG2023 (2023 * 12 + 7)

static pr_id_rc check(const char *z, int iMonth, pr_id *pId)
{
    return pr_id_check(z, strlen(z), iMonth, pId);
}

static void test_published_vectors(void)
{
    pr_id id;
    memset(&id, 0, sizeof(id));
    CU_ASSERT_EQUAL(check("11010519491231002X", AUG2023, &id), ID_OK);
    CU_ASSERT_STRING_EQUAL(id.zId, "11010519491231002X");
    CU_ASSERT_EQUAL(id.iBirthY, 1949);
    CU_ASSERT_EQUAL(id.iBirthM, 12);
    CU_ASSERT_EQUAL(id.iBirthD, 31);
    CU_ASSERT_NOT_EQUAL(id.iKey, 0);
    CU_ASSERT_EQUAL(check("34052419800101001X", AUG2023, &id), ID_OK);
    CU_ASSERT_STRING_EQUAL(id.zId, "34052419800101001X");
    CU_ASSERT_EQUAL(id.iBirthY, 1980);
    CU_ASSERT_EQUAL(id.iBirthM, 1);
    CU_ASSERT_EQUAL(id.iBirthD, 1);
    CU_ASSERT_EQUAL(check("320613199003071235", AUG2023, &id), ID_OK);
    CU_ASSERT_STRING_EQUAL(id.zId, "320613199003071235");
    CU_ASSERT_EQUAL(id.iBirthY, 1990);
    CU_ASSERT_EQUAL(id.iBirthM, 3);
    CU_ASSERT_EQUAL(id.iBirthD, 7);
}

static void test_check_char(void)
{
    CU_ASSERT_EQUAL(pr_id_check_char("11010519491231002"), 'X');
    CU_ASSERT_EQUAL(pr_id_check_char("34052419800101001"), 'X');
    CU_ASSERT_EQUAL(pr_id_check_char("32061319900307123"), '5');
    /* by hand: 3*7+2*9+0*10+6*5+1*8+3*4+2*2+0*1+2*6+3*3+0*7+8*9+3*10+1*5
     * +1*8+2*4+3*2 = 243 = 22*11 + 1, and 1 maps to '0' */
    CU_ASSERT_EQUAL(pr_id_check_char("32061320230831123"), '0');
    CU_ASSERT_EQUAL(pr_id_check_char("32061320230901123"), 'X');
    CU_ASSERT_EQUAL(pr_id_check_char("00000000000000000"), '1');   /* sum 0 -> '1' */
}

static void test_lower_x(void)
{
    pr_id id, idUpper;
    CU_ASSERT_EQUAL(check("11010519491231002x", AUG2023, &id), ID_OK);
    CU_ASSERT_STRING_EQUAL(id.zId, "11010519491231002X");
    CU_ASSERT_EQUAL(check("11010519491231002X", AUG2023, &idUpper), ID_OK);
    CU_ASSERT_EQUAL(id.iKey, idUpper.iKey);
    /* spaces around are trimmed */
    CU_ASSERT_EQUAL(check("  320613199003071235\t", AUG2023, &id), ID_OK);
    CU_ASSERT_STRING_EQUAL(id.zId, "320613199003071235");
    /* different people, different keys */
    CU_ASSERT_NOT_EQUAL(id.iKey, idUpper.iKey);
}

static void test_checksum(void)
{
    pr_id id;
    CU_ASSERT_EQUAL(check("320613199003071236", AUG2023, &id), ID_CHECKSUM);
    CU_ASSERT_EQUAL(check("110105194912310021", AUG2023, &id), ID_CHECKSUM);
    CU_ASSERT_EQUAL(check("340524198001010010", AUG2023, &id), ID_CHECKSUM);
    CU_ASSERT_EQUAL(check("32061319900307123X", AUG2023, &id), ID_CHECKSUM);
    /* a changed digit, same check char */
    CU_ASSERT_EQUAL(check("320613199003071335", AUG2023, &id), ID_CHECKSUM);
    CU_ASSERT_STRING_EQUAL(pr_id_code(ID_CHECKSUM), "ID_CHECKSUM");
}

static void test_legacy_and_scientific(void)
{
    pr_id id;
    CU_ASSERT_EQUAL(check("320613900307123", AUG2023, &id), ID_LEGACY15);
    CU_ASSERT_EQUAL(check("3.20613E+17", AUG2023, &id), ID_SCIENTIFIC);
    CU_ASSERT_EQUAL(check("3.20613e+17", AUG2023, &id), ID_SCIENTIFIC);
    CU_ASSERT_EQUAL(check("3.20613199003071E+17", AUG2023, &id), ID_SCIENTIFIC);
    CU_ASSERT_EQUAL(check(" 3.20613E+17 ", AUG2023, &id), ID_SCIENTIFIC);
    /* the messages say so */
    CU_ASSERT_PTR_NOT_NULL(strstr(pr_id_message(ID_LEGACY15), "15-digit"));
    CU_ASSERT_PTR_NOT_NULL(strstr(pr_id_message(ID_SCIENTIFIC), "scientific"));
    CU_ASSERT_STRING_EQUAL(pr_id_code(ID_LEGACY15), "ID_LEGACY_15");
    CU_ASSERT_STRING_EQUAL(pr_id_code(ID_SCIENTIFIC), "ID_SCIENTIFIC");
}

static void test_format_and_empty(void)
{
    pr_id id;
    CU_ASSERT_EQUAL(check("", AUG2023, &id), ID_EMPTY);
    CU_ASSERT_EQUAL(check("   ", AUG2023, &id), ID_EMPTY);
    CU_ASSERT_EQUAL(check("32061319900307123", AUG2023, &id), ID_FORMAT);       /* 17 */
    CU_ASSERT_EQUAL(check("3206131990030712351", AUG2023, &id), ID_FORMAT);     /* 19 */
    CU_ASSERT_EQUAL(check("32061319900307123Y", AUG2023, &id), ID_FORMAT);
    CU_ASSERT_EQUAL(check("32061319900307A235", AUG2023, &id), ID_FORMAT);
    CU_ASSERT_EQUAL(check("3206131990 3071235", AUG2023, &id), ID_FORMAT);
    CU_ASSERT_EQUAL(check("32061319900307123 5", AUG2023, &id), ID_FORMAT);
    CU_ASSERT_EQUAL(check("32061390030712X", AUG2023, &id), ID_FORMAT);         /* 15 with X */
}

static void test_birthdate(void)
{
    pr_id id;
    /* 2023-02-30 with a correct check char (computed by the library) */
    char z[19];
    memcpy(z, "32061320230230123", 17);
    z[17] = pr_id_check_char(z);
    z[18] = 0;
    CU_ASSERT_STRING_EQUAL(z, "320613202302301234");
    CU_ASSERT_EQUAL(check(z, AUG2023, &id), ID_BIRTHDATE);
    /* 1990-02-29 (not a leap year) and 2000-02-29 (a leap year) */
    CU_ASSERT_EQUAL(check("320613199002291236", AUG2023, &id), ID_BIRTHDATE);
    CU_ASSERT_EQUAL(check("110105200002290013", AUG2023, &id), ID_OK);
    /* before 1900 (docs/RULES.md) */
    CU_ASSERT_EQUAL(check("320613189912311233", AUG2023, &id), ID_BIRTHDATE);
    CU_ASSERT_EQUAL(check("320613190001011238", AUG2023, &id), ID_OK);
    CU_ASSERT_STRING_EQUAL(pr_id_code(ID_BIRTHDATE), "ID_BIRTH_DATE");
}

static void test_birth_after_month(void)
{
    pr_id id;
    /* born 2023-09-01: after the batch month 2023-08, valid in 2023-09 */
    CU_ASSERT_EQUAL(check("32061320230901123X", AUG2023, &id), ID_BIRTHDATE);
    CU_ASSERT_EQUAL(check("32061320230901123X", AUG2023 + 1, &id), ID_OK);
    /* born on the last day of the batch month: accepted (docs/RULES.md) */
    CU_ASSERT_EQUAL(check("320613202308311230", AUG2023, &id), ID_OK);
    CU_ASSERT_EQUAL(check("320613202308311230", AUG2023 - 1, &id), ID_BIRTHDATE);
    /* a year later */
    CU_ASSERT_EQUAL(check("320613199003071235", 1989 * 12 + 11, &id), ID_BIRTHDATE);
}

static int luhn(const char *z) { return pr_luhn_ok(z, strlen(z)); }

static void test_luhn(void)
{
    CU_ASSERT_EQUAL(luhn("4111111111111111"), 1);
    CU_ASSERT_EQUAL(luhn("79927398713"), 1);
    CU_ASSERT_EQUAL(luhn("5500000000000004"), 1);
    CU_ASSERT_EQUAL(luhn("6011111111111117"), 1);
    CU_ASSERT_EQUAL(luhn("4111111111111112"), 0);
    CU_ASSERT_EQUAL(luhn("4111111111111121"), 0);
    CU_ASSERT_EQUAL(luhn("79927398710"), 0);
    CU_ASSERT_EQUAL(luhn("79927398813"), 0);
    CU_ASSERT_EQUAL(luhn("89927398713"), 0);
    CU_ASSERT_EQUAL(luhn("4111 1111 1111 1111"), 0);   /* digits only */
    CU_ASSERT_EQUAL(luhn("0"), 0);                     /* too short */
    CU_ASSERT_EQUAL(luhn(""), 0);
}

int suite_idcard(void)
{
    static const pr_test aTests[] = {
        { "published_vectors", test_published_vectors },
        { "check_char", test_check_char },
        { "lower_x", test_lower_x },
        { "checksum", test_checksum },
        { "legacy_and_scientific", test_legacy_and_scientific },
        { "format_and_empty", test_format_and_empty },
        { "birthdate", test_birthdate },
        { "birth_after_month", test_birth_after_month },
        { "luhn", test_luhn },
    };
    PR_ADD_SUITE("idcard", aTests);
}
