/*
 * test_calendar.c - batch months, dates and age_at (engine/calendar.h).
 */
#include "tests/testutil.h"
#include "model/calendar.h"

#include <string.h>

/* Month number of y-m (year*12 + month-1). */
static int mon(int y, int m) { return y * 12 + (m - 1); }

static int month(const char *z, int *p) { return pr_month_parse(z, strlen(z), p); }

static void test_month_parse_good(void)
{
    int m = -1;
    CU_ASSERT_EQUAL(month("2023-08", &m), 0);
    CU_ASSERT_EQUAL(m, 2023 * 12 + 7);
    CU_ASSERT_EQUAL(month("2023-01", &m), 0);
    CU_ASSERT_EQUAL(m, 2023 * 12);
    CU_ASSERT_EQUAL(month("2023-12", &m), 0);
    CU_ASSERT_EQUAL(m, 2023 * 12 + 11);
    CU_ASSERT_EQUAL(month(" 2024-02 ", &m), 0);
    CU_ASSERT_EQUAL(m, 2024 * 12 + 1);
    CU_ASSERT_EQUAL(month("1900-01", &m), 0);
    CU_ASSERT_EQUAL(m, 1900 * 12);
    CU_ASSERT_EQUAL(month("9999-12", &m), 0);
    CU_ASSERT_EQUAL(m, 9999 * 12 + 11);
    /* only nZ bytes are read */
    CU_ASSERT_EQUAL(pr_month_parse("2023-08-01", 7, &m), 0);
    CU_ASSERT_EQUAL(m, mon(2023, 8));
}

static void test_month_parse_bad(void)
{
    int m = 12345;
    CU_ASSERT_EQUAL(month("2023-8", &m), -1);
    CU_ASSERT_EQUAL(month("2023-13", &m), -1);
    CU_ASSERT_EQUAL(month("2023-00", &m), -1);
    CU_ASSERT_EQUAL(month("23-08", &m), -1);
    CU_ASSERT_EQUAL(month("2023/08", &m), -1);
    CU_ASSERT_EQUAL(month("202308", &m), -1);
    CU_ASSERT_EQUAL(month("2023-08-01", &m), -1);
    CU_ASSERT_EQUAL(month("1899-12", &m), -1);
    CU_ASSERT_EQUAL(month("2023-0a", &m), -1);
    CU_ASSERT_EQUAL(month("+023-08", &m), -1);
    CU_ASSERT_EQUAL(month("", &m), -1);
    CU_ASSERT_EQUAL(m, 12345);   /* untouched on failure */
}

static void test_month_format(void)
{
    char z[8];
    pr_month_format(mon(2023, 8), z);
    CU_ASSERT_STRING_EQUAL(z, "2023-08");
    pr_month_format(mon(2023, 12), z);
    CU_ASSERT_STRING_EQUAL(z, "2023-12");
    pr_month_format(mon(2024, 1), z);
    CU_ASSERT_STRING_EQUAL(z, "2024-01");
    /* M - 1 across a year boundary (price.index_lag) */
    pr_month_format(mon(2024, 1) - 1, z);
    CU_ASSERT_STRING_EQUAL(z, "2023-12");
}

static void test_date_valid(void)
{
    CU_ASSERT_EQUAL(pr_date_valid(2023, 2, 30), 0);
    CU_ASSERT_EQUAL(pr_date_valid(2023, 2, 29), 0);
    CU_ASSERT_EQUAL(pr_date_valid(2023, 2, 28), 1);
    CU_ASSERT_EQUAL(pr_date_valid(2024, 2, 29), 1);
    CU_ASSERT_EQUAL(pr_date_valid(2000, 2, 29), 1);   /* divisible by 400 */
    CU_ASSERT_EQUAL(pr_date_valid(1900, 2, 29), 0);   /* divisible by 100 only */
    CU_ASSERT_EQUAL(pr_date_valid(2023, 4, 31), 0);
    CU_ASSERT_EQUAL(pr_date_valid(2023, 12, 31), 1);
    CU_ASSERT_EQUAL(pr_date_valid(2023, 13, 1), 0);
    CU_ASSERT_EQUAL(pr_date_valid(2023, 0, 1), 0);
    CU_ASSERT_EQUAL(pr_date_valid(2023, 1, 0), 0);
    CU_ASSERT_EQUAL(pr_days_in_month(2023, 2), 28);
    CU_ASSERT_EQUAL(pr_days_in_month(2024, 2), 29);
    CU_ASSERT_EQUAL(pr_days_in_month(1900, 2), 28);
    CU_ASSERT_EQUAL(pr_days_in_month(2023, 9), 30);
    CU_ASSERT_EQUAL(pr_days_in_month(2023, 13), 0);
}

/* age_at(M) = completed years on the first day of M */
static void test_age_minor_boundary(void)
{
    int m = mon(2023, 8);
    CU_ASSERT_EQUAL(pr_age_at(2005, 8, 1, m), 18);   /* 18th birthday is 2023-08-01 */
    CU_ASSERT_EQUAL(pr_age_at(2005, 8, 2, m), 17);   /* one day short */
    CU_ASSERT_EQUAL(pr_age_at(2005, 7, 31, m), 18);
    CU_ASSERT_EQUAL(pr_age_at(2005, 9, 1, m), 17);
    CU_ASSERT_EQUAL(pr_age_at(2005, 8, 31, m), 17);
    CU_ASSERT_EQUAL(pr_age_at(2005, 8, 2, mon(2023, 9)), 18);
}

static void test_age_elderly_boundary(void)
{
    int m = mon(2023, 8);
    CU_ASSERT_EQUAL(pr_age_at(1963, 8, 1, m), 60);
    CU_ASSERT_EQUAL(pr_age_at(1963, 7, 31, m), 60);
    CU_ASSERT_EQUAL(pr_age_at(1963, 8, 2, m), 59);
    CU_ASSERT_EQUAL(pr_age_at(1963, 1, 1, m), 60);
    CU_ASSERT_EQUAL(pr_age_at(1963, 12, 31, m), 59);
    CU_ASSERT_EQUAL(pr_age_at(1964, 1, 1, mon(2024, 1)), 60);   /* January reference */
    CU_ASSERT_EQUAL(pr_age_at(1963, 12, 31, mon(2024, 1)), 60);
    CU_ASSERT_EQUAL(pr_age_at(1964, 1, 2, mon(2024, 1)), 59);
}

static void test_age_leap_day(void)
{
    CU_ASSERT_EQUAL(pr_age_at(2000, 2, 29, mon(2023, 3)), 23);
    CU_ASSERT_EQUAL(pr_age_at(2000, 2, 29, mon(2023, 2)), 22);
    CU_ASSERT_EQUAL(pr_age_at(2000, 2, 29, mon(2024, 2)), 23);   /* 2024-02-01 is before the 29th */
    CU_ASSERT_EQUAL(pr_age_at(2000, 2, 29, mon(2024, 3)), 24);
}

static void test_age_newborn(void)
{
    CU_ASSERT_EQUAL(pr_age_at(2023, 8, 1, mon(2023, 8)), 0);
    CU_ASSERT_EQUAL(pr_age_at(2023, 7, 15, mon(2023, 8)), 0);
    CU_ASSERT(pr_age_at(2023, 8, 15, mon(2023, 8)) < 0);   /* born after 2023-08-01 */
    CU_ASSERT(pr_age_at(2023, 9, 1, mon(2023, 8)) < 0);
}

int suite_calendar(void)
{
    static const pr_test aTests[] = {
        { "month_parse_good", test_month_parse_good },
        { "month_parse_bad", test_month_parse_bad },
        { "month_format", test_month_format },
        { "date_valid", test_date_valid },
        { "age_minor_boundary", test_age_minor_boundary },
        { "age_elderly_boundary", test_age_elderly_boundary },
        { "age_leap_day", test_age_leap_day },
        { "age_newborn", test_age_newborn },
    };
    PR_ADD_SUITE("calendar", aTests);
}
