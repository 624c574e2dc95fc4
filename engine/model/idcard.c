/*
 * idcard.c - GB 11643-1999 check character and birth date of ID numbers;
 * Luhn check of bank cards.
 */
#include "model/idcard.h"
#include "model/calendar.h"

#include <string.h>

static const int aWeight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char zCheckMap[] = "10X98765432";

char pr_id_check_char(const char *z17)
{
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (z17[i] - '0') * aWeight[i];
    return zCheckMap[sum % 11];
}

static int all_digits(const char *z, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (z[i] < '0' || z[i] > '9') return 0;
    return n > 0;
}

static int looks_scientific(const char *z, size_t n)
{
    /* digits, a decimal point, digits, E or e, optional sign, digits */
    size_t i = 0;
    int nMant = 0;
    while (i < n && ((z[i] >= '0' && z[i] <= '9') || z[i] == '.')) { i++; nMant++; }
    if (nMant == 0 || i >= n || (z[i] != 'E' && z[i] != 'e')) return 0;
    i++;
    if (i < n && (z[i] == '+' || z[i] == '-')) i++;
    return i < n && all_digits(z + i, n - i);
}

static int num(const char *z, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (z[i] - '0');
    return v;
}

pr_id_rc pr_id_check(const char *z, size_t nZ, int iMonth, pr_id *pId)
{
    while (nZ > 0 && (*z == ' ' || *z == '\t')) { z++; nZ--; }
    while (nZ > 0 && (z[nZ - 1] == ' ' || z[nZ - 1] == '\t')) nZ--;
    if (nZ == 0) return ID_EMPTY;
    if (nZ == 15 && all_digits(z, 15)) return ID_LEGACY15;
    if (looks_scientific(z, nZ)) return ID_SCIENTIFIC;
    if (nZ != 18 || !all_digits(z, 17)) return ID_FORMAT;
    char c = z[17];
    if (c == 'x') c = 'X';
    if (!((c >= '0' && c <= '9') || c == 'X')) return ID_FORMAT;
    if (pr_id_check_char(z) != c) return ID_CHECKSUM;
    int y = num(z + 6, 4), m = num(z + 10, 2), d = num(z + 12, 2);
    if (y < 1900 || !pr_date_valid(y, m, d)) return ID_BIRTHDATE;
    int ry = iMonth / 12, rm = iMonth % 12 + 1;
    if (y > ry || (y == ry && m > rm)) return ID_BIRTHDATE;   /* after month M */
    memcpy(pId->zId, z, 17);
    pId->zId[17] = c;
    pId->zId[18] = 0;
    uint64_t k = 0;
    for (int i = 0; i < 17; i++) k = k * 10 + (uint64_t)(z[i] - '0');
    pId->iKey = k * 11 + (uint64_t)(c == 'X' ? 10 : c - '0') + 1;
    pId->iBirthY = y;
    pId->iBirthM = m;
    pId->iBirthD = d;
    return ID_OK;
}

const char *pr_id_message(pr_id_rc rc)
{
    switch (rc) {
    case ID_OK: return "valid";
    case ID_EMPTY: return "ID number is blank";
    case ID_LEGACY15: return "15-digit first-generation ID number; the 18-character ID is required";
    case ID_SCIENTIFIC: return "ID number was turned into a number by a spreadsheet (scientific notation); re-export the column as text";
    case ID_FORMAT: return "ID number is not 17 digits followed by a check character";
    case ID_CHECKSUM: return "ID number check character does not match (GB 11643-1999)";
    case ID_BIRTHDATE: return "ID number holds an impossible or future birth date";
    }
    return "invalid ID number";
}

const char *pr_id_code(pr_id_rc rc)
{
    switch (rc) {
    case ID_EMPTY: return "ID_MISSING";
    case ID_LEGACY15: return "ID_LEGACY_15";
    case ID_SCIENTIFIC: return "ID_SCIENTIFIC";
    case ID_FORMAT: return "ID_FORMAT";
    case ID_CHECKSUM: return "ID_CHECKSUM";
    case ID_BIRTHDATE: return "ID_BIRTH_DATE";
    default: return "ID_OK";
    }
}

int pr_luhn_ok(const char *z, size_t nZ)
{
    if (nZ < 2 || !all_digits(z, nZ)) return 0;
    int sum = 0;
    for (size_t i = 0; i < nZ; i++) {
        int d = z[nZ - 1 - i] - '0';
        if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
        sum += d;
    }
    return sum % 10 == 0;
}
