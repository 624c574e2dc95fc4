/*
 * test_roster.c - roster header mapping (domain.md section 5a) and yes/no
 * fields (formats/roster.h).
 */
#include "tests/testutil.h"
#include "formats/roster.h"
#include "rules/programmes.h"

#include <string.h>

static char aBuf[2048];
static char zErr[512];

/* Tokenizes a header line into *pRow (fields point into aBuf). */
static void header(pr_csvrow *pRow, const char *z)
{
    size_t n = strlen(z), nUsed;
    uint32_t nLf;
    CU_ASSERT_FATAL(n < sizeof(aBuf));
    memcpy(aBuf, z, n + 1);
    CU_ASSERT_EQUAL_FATAL(pr_csv_next(aBuf, n, pRow, &nUsed, &nLf, NULL), PR_OK);
    CU_ASSERT_EQUAL_FATAL(pRow->eRc, CSV_OK);
}

/* The field index of the column named zEn (English) in map m; -2 when the
 * roster has no such column. */
static int col(const pr_roster_map *m, const char *zEn)
{
    int iCol = pr_roster_col_by_name(m->pDesc, zEn);
    return iCol < 0 ? -2 : m->aiCol[iCol];
}

/* Maps header z for roster e; returns the rc, the message in zErr. */
static pr_error map(pr_roster e, const char *z, pr_roster_map *pMap)
{
    pr_csvrow row;
    pr_err err;
    pr_err_init(&err);
    pr_csvrow_init(&row);
    header(&row, z);
    memset(pMap, 0x55, sizeof(*pMap));
    pr_error rc = pr_roster_map_header(pr_roster_desc_of(e), &row, pMap, &err);
    CU_ASSERT_EQUAL(err.rc, rc);
    snprintf(zErr, sizeof(zErr), "%s", err.zMsg);
    pr_csvrow_clear(&row);
    return rc;
}

static void test_chinese_header(void)
{
    pr_roster_map m;
    CU_ASSERT_EQUAL(map(ROSTER_DIBAO, "身份证号,姓名,区划代码,城乡类别,银行账号,户编号,与户主关系,家庭月收入\n", &m), 0);
    CU_ASSERT_EQUAL(m.pDesc->eRoster, ROSTER_DIBAO);
    CU_ASSERT_EQUAL(m.nField, 8);
    CU_ASSERT_EQUAL(col(&m, "id_number"), 0);
    CU_ASSERT_EQUAL(col(&m, "name"), 1);
    CU_ASSERT_EQUAL(col(&m, "district"), 2);
    CU_ASSERT_EQUAL(col(&m, "area"), 3);
    CU_ASSERT_EQUAL(col(&m, "account"), 4);
    CU_ASSERT_EQUAL(col(&m, "household_id"), 5);
    CU_ASSERT_EQUAL(col(&m, "relation"), 6);
    CU_ASSERT_EQUAL(col(&m, "household_income"), 7);
    /* optional columns not given */
    CU_ASSERT_EQUAL(col(&m, "bank"), -1);
    CU_ASSERT_EQUAL(col(&m, "payee"), -1);
    CU_ASSERT_EQUAL(col(&m, "grace_until"), -1);
    CU_ASSERT_EQUAL(col(&m, "care_level"), -2);   /* not a dibao column at all */
    /* every optional dibao column in Chinese */
    CU_ASSERT_EQUAL(map(ROSTER_DIBAO, "身份证号,姓名,区划代码,城乡类别,乡镇街道,村居,开户银行,银行账号,收款人,"
                        "户编号,与户主关系,家庭月收入,保障类型,渐退截止,渐退金额,残疾等级,残疾类别,重病,就业\r\n", &m), 0);
    CU_ASSERT_EQUAL(col(&m, "town"), 4);
    CU_ASSERT_EQUAL(col(&m, "village"), 5);
    CU_ASSERT_EQUAL(col(&m, "bank"), 6);
    CU_ASSERT_EQUAL(col(&m, "payee"), 8);
    CU_ASSERT_EQUAL(col(&m, "kind"), 12);
    CU_ASSERT_EQUAL(col(&m, "grace_until"), 13);
    CU_ASSERT_EQUAL(col(&m, "grace_amount"), 14);
    CU_ASSERT_EQUAL(col(&m, "disability_grade"), 15);
    CU_ASSERT_EQUAL(col(&m, "disability_type"), 16);
    CU_ASSERT_EQUAL(col(&m, "serious_illness"), 17);
    CU_ASSERT_EQUAL(col(&m, "employed"), 18);   /* CR of CRLF not part of the name */
}

static void test_english_header(void)
{
    pr_roster_map m;
    CU_ASSERT_EQUAL(map(ROSTER_DIBAO, "id_number,name,district,area,account,household_id,relation,household_income\n", &m), 0);
    CU_ASSERT_EQUAL(col(&m, "id_number"), 0);
    CU_ASSERT_EQUAL(col(&m, "name"), 1);
    CU_ASSERT_EQUAL(col(&m, "district"), 2);
    CU_ASSERT_EQUAL(col(&m, "area"), 3);
    CU_ASSERT_EQUAL(col(&m, "account"), 4);
    CU_ASSERT_EQUAL(col(&m, "household_id"), 5);
    CU_ASSERT_EQUAL(col(&m, "relation"), 6);
    CU_ASSERT_EQUAL(col(&m, "household_income"), 7);
    /* tekun: account optional, care level and support mode required */
    CU_ASSERT_EQUAL(map(ROSTER_TEKUN, "id_number,name,district,area,care_level,support_mode,institution,institution_bank,institution_account", &m), 0);
    CU_ASSERT_EQUAL(col(&m, "care_level"), 4);
    CU_ASSERT_EQUAL(col(&m, "support_mode"), 5);
    CU_ASSERT_EQUAL(col(&m, "institution"), 6);
    CU_ASSERT_EQUAL(col(&m, "institution_bank"), 7);
    CU_ASSERT_EQUAL(col(&m, "institution_account"), 8);
    CU_ASSERT_EQUAL(col(&m, "account"), -1);
    /* disability and orphan */
    CU_ASSERT_EQUAL(map(ROSTER_DISABILITY, "id_number,name,district,area,account,certificate,disability_type,disability_grade", &m), 0);
    CU_ASSERT_EQUAL(col(&m, "certificate"), 5);
    CU_ASSERT_EQUAL(col(&m, "disability_type"), 6);
    CU_ASSERT_EQUAL(col(&m, "disability_grade"), 7);
    CU_ASSERT_EQUAL(map(ROSTER_ORPHAN, "id_number,name,district,area,category,in_school,guardian", &m), 0);
    CU_ASSERT_EQUAL(col(&m, "category"), 4);
    CU_ASSERT_EQUAL(col(&m, "in_school"), 5);
    CU_ASSERT_EQUAL(col(&m, "guardian"), 6);
}

static void test_mixed_order(void)
{
    pr_roster_map m;
    CU_ASSERT_EQUAL(map(ROSTER_DIBAO, "relation,区划代码,name,备注,身份证号,household_income,城乡类别,account,户编号,bank\n", &m), 0);
    CU_ASSERT_EQUAL(m.nField, 10);
    CU_ASSERT_EQUAL(col(&m, "relation"), 0);
    CU_ASSERT_EQUAL(col(&m, "district"), 1);
    CU_ASSERT_EQUAL(col(&m, "name"), 2);
    CU_ASSERT_EQUAL(col(&m, "id_number"), 4);           /* the unknown 备注 is skipped */
    CU_ASSERT_EQUAL(col(&m, "household_income"), 5);
    CU_ASSERT_EQUAL(col(&m, "area"), 6);
    CU_ASSERT_EQUAL(col(&m, "account"), 7);
    CU_ASSERT_EQUAL(col(&m, "household_id"), 8);
    CU_ASSERT_EQUAL(col(&m, "bank"), 9);
    /* spaces around names are trimmed; a quoted name is fine */
    CU_ASSERT_EQUAL(map(ROSTER_ORPHAN, " 身份证号 ,\"姓名\",区划代码 , 城乡类别,类别\n", &m), 0);
    CU_ASSERT_EQUAL(col(&m, "id_number"), 0);
    CU_ASSERT_EQUAL(col(&m, "name"), 1);
    CU_ASSERT_EQUAL(col(&m, "district"), 2);
    CU_ASSERT_EQUAL(col(&m, "area"), 3);
    CU_ASSERT_EQUAL(col(&m, "category"), 4);
    /* names match exactly: case matters */
    CU_ASSERT_EQUAL(map(ROSTER_ORPHAN, "ID_NUMBER,name,district,area,category\n", &m), PR_ERR_HEADER);
}

static void test_bom(void)
{
    pr_roster_map m;
    CU_ASSERT_EQUAL(map(ROSTER_TEKUN, "\xEF\xBB\xBF身份证号,姓名,区划代码,城乡类别,自理能力,供养方式\n", &m), 0);
    CU_ASSERT_EQUAL(col(&m, "id_number"), 0);
    CU_ASSERT_EQUAL(col(&m, "support_mode"), 5);
    CU_ASSERT_EQUAL(map(ROSTER_TEKUN, "\xEF\xBB\xBFid_number,name,district,area,care_level,support_mode\n", &m), 0);
    CU_ASSERT_EQUAL(col(&m, "id_number"), 0);
}

static void test_missing_required(void)
{
    pr_roster_map m;
    CU_ASSERT_EQUAL(map(ROSTER_DIBAO, "身份证号,姓名,区划代码,城乡类别,银行账号,与户主关系,家庭月收入\n", &m), PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "户编号"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "household_id"));
    CU_ASSERT_EQUAL(map(ROSTER_DIBAO, "id_number,name,district,area,account,household_id,relation\n", &m), PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "household_income"));
    CU_ASSERT_EQUAL(map(ROSTER_TEKUN, "id_number,name,district,area,care_level\n", &m), PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "support_mode"));
    CU_ASSERT_EQUAL(map(ROSTER_DISABILITY, "id_number,name,district,area,account\n", &m), PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "certificate"));
    CU_ASSERT_EQUAL(map(ROSTER_ORPHAN, "身份证号,姓名,区划代码,类别\n", &m), PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "城乡类别"));
    /* the BOM must not hide the first column */
    CU_ASSERT_EQUAL(map(ROSTER_ORPHAN, "\xEF\xBB\xBF姓名,区划代码,城乡类别,类别\n", &m), PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "id_number"));
}

static void test_duplicate_column(void)
{
    pr_roster_map m;
    CU_ASSERT_EQUAL(map(ROSTER_DIBAO, "身份证号,姓名,区划代码,城乡类别,银行账号,户编号,与户主关系,家庭月收入,id_number\n", &m), PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "身份证号"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "twice"));
    CU_ASSERT_EQUAL(map(ROSTER_TEKUN, "name,id_number,district,area,care_level,support_mode,name\n", &m), PR_ERR_HEADER);
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "name"));
}

static int yesno(const char *z, uint8_t *pb) { return pr_yesno_parse(z, strlen(z), pb); }

static void test_yesno(void)
{
    static const char *const azYes[] = { "是", "Y", "y", "1", "yes", "YES", "Yes", " 是 " };
    static const char *const azNo[] = { "否", "N", "n", "0", "no", "NO", "", "  " };
    static const char *const azBad[] = { "maybe", "2", "ye", "yess", "true", "是的", "-1", "Y1" };
    for (size_t i = 0; i < sizeof(azYes) / sizeof(azYes[0]); i++) {
        uint8_t b = 7;
        CU_ASSERT_EQUAL(yesno(azYes[i], &b), 0);
        CU_ASSERT_EQUAL(b, 1);
    }
    for (size_t i = 0; i < sizeof(azNo) / sizeof(azNo[0]); i++) {
        uint8_t b = 7;
        CU_ASSERT_EQUAL(yesno(azNo[i], &b), 0);
        CU_ASSERT_EQUAL(b, 0);
    }
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        uint8_t b = 7;
        CU_ASSERT_EQUAL(yesno(azBad[i], &b), -1);
    }
}

int suite_roster(void)
{
    static const pr_test aTests[] = {
        { "chinese_header", test_chinese_header },
        { "english_header", test_english_header },
        { "mixed_order", test_mixed_order },
        { "bom", test_bom },
        { "missing_required", test_missing_required },
        { "duplicate_column", test_duplicate_column },
        { "yesno", test_yesno },
    };
    PR_ADD_SUITE("roster", aTests);
}
