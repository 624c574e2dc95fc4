/*
 * calendar.c - month parsing and age arithmetic (no time zones, no clocks:
 * results never depend on the day a batch is run).
 */
#include "model/calendar.h"


int pr_month_parse(const char *z, size_t nZ, int *pMonth)
{
    while (nZ > 0 && *z == ' ') { z++; nZ--; }
    while (nZ > 0 && z[nZ - 1] == ' ') nZ--;
    if (nZ != 7 || z[4] != '-') return -1;
    int y = 0, m = 0;
    for (int i = 0; i < 4; i++) {
        if (z[i] < '0' || z[i] > '9') return -1;
        y = y * 10 + (z[i] - '0');
    }
    for (int i = 5; i < 7; i++) {
        if (z[i] < '0' || z[i] > '9') return -1;
        m = m * 10 + (z[i] - '0');
    }
    if (y < 1900 || m < 1 || m > 12) return -1;
    *pMonth = y * 12 + (m - 1);
    return 0;
}

void pr_month_format(int iMonth, char *zOut)
{
    unsigned y = (unsigned)(iMonth / 12) % 10000u, m = (unsigned)(iMonth % 12 + 1) % 100u;
    zOut[0] = (char)('0' + y / 1000);
    zOut[1] = (char)('0' + y / 100 % 10);
    zOut[2] = (char)('0' + y / 10 % 10);
    zOut[3] = (char)('0' + y % 10);
    zOut[4] = '-';
    zOut[5] = (char)('0' + m / 10);
    zOut[6] = (char)('0' + m % 10);
    zOut[7] = 0;
}

int pr_days_in_month(int y, int m)
{
    static const int aDays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12) return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return aDays[m - 1];
}

int pr_date_valid(int y, int m, int d)
{
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= pr_days_in_month(y, m);
}

int pr_age_at(int y, int m, int d, int iMonth)
{
    int ry = iMonth / 12, rm = iMonth % 12 + 1;   /* reference: ry-rm-01 */
    int age = ry - y;
    if (rm < m || (rm == m && 1 < d)) age--;
    return age;
}
