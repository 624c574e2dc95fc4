/*
 * calendar.h - batch months (YYYY-MM) and dates, as plain integers.
 * A month number is year*12 + (month-1); a date is year*10000+month*100+day.
 */
#ifndef PR_CALENDAR_H
#define PR_CALENDAR_H

#include <stddef.h>

/* Parses "YYYY-MM" (exactly 7 bytes after trimming spaces) into *pMonth.
 * Returns 0, or -1 if malformed or out of 1900-01..9999-12. */
int pr_month_parse(const char *z, size_t nZ, int *pMonth);

/* Writes a month number as "YYYY-MM" into zOut (8 bytes at least). */
void pr_month_format(int iMonth, char *zOut);

/* Returns 1 if y-m-d is a real Gregorian date, else 0. */
int pr_date_valid(int y, int m, int d);

/* Days in month m of year y. */
int pr_days_in_month(int y, int m);

/* Completed years of age on the first day of month iMonth for a person born
 * on y-m-d (domain.md age_at). Negative if born after that day. */
int pr_age_at(int y, int m, int d, int iMonth);

#endif
