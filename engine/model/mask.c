/*
 * mask.c - masked ID numbers and names (domain.md section 9).
 */
#include "model/mask.h"
#include "io/encoding.h"

#include <string.h>

/* The compound surnames (复姓) kept whole, UTF-8. */
static const char *const azCompound[] = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "宇文", "司徒", "司空", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门",
    "澹台", "公冶", "申屠", "太史", "钟离", "闻人", "赫连", "万俟", "呼延", "濮阳",
    "百里", "东郭", "左丘", "拓跋", "第五", "公羊", "仲孙", "单于", "淳于", "宗政",
};

/* Trims ASCII spaces and tabs around z[0..*pn). Returns the new start. */
static const char *trim(const char *z, size_t *pn)
{
    size_t n = z ? strlen(z) : 0;
    while (n > 0 && (*z == ' ' || *z == '\t')) { z++; n--; }
    while (n > 0 && (z[n - 1] == ' ' || z[n - 1] == '\t')) n--;
    *pn = n;
    return z;
}

/* Bytes of the valid UTF-8 character at z[0..n), or 0 if none starts there. */
static size_t utf8_char(const char *z, size_t n)
{
    unsigned char c = (unsigned char)z[0];
    size_t k = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (k == 0 || k > n || !pr_utf8_valid(z, k, 0)) return 0;
    return k;
}

/* Appends z[0..n) to zOut (nOut bytes) at *pk if it fits with the NUL.
 * Returns 0, or -1 (nothing appended) if it does not. */
static int put(char *zOut, size_t nOut, size_t *pk, const char *z, size_t n)
{
    if (*pk + n + 1 > nOut) return -1;
    memcpy(zOut + *pk, z, n);
    *pk += n;
    zOut[*pk] = 0;
    return 0;
}

size_t pr_mask_id(const char *z, char *zOut, size_t nOut)
{
    size_t n, k = 0;
    if (nOut == 0) return 0;
    zOut[0] = 0;
    z = trim(z, &n);
    if (n < 10) {
        for (size_t i = 0; i < n && put(zOut, nOut, &k, "*", 1) == 0; i++) {}
        return k;
    }
    if (put(zOut, nOut, &k, z, 6) == 0 && put(zOut, nOut, &k, "********", 8) == 0) put(zOut, nOut, &k, z + n - 4, 4);
    return k;
}

/* Bytes of the compound surname z[0..n) starts with, when a character
 * follows it; else 0. */
static size_t compound(const char *z, size_t n)
{
    for (size_t i = 0; i < sizeof(azCompound) / sizeof(azCompound[0]); i++) {
        size_t m = strlen(azCompound[i]);
        if (n > m && memcmp(z, azCompound[i], m) == 0 && utf8_char(z + m, n - m)) return m;
    }
    return 0;
}

size_t pr_mask_name(const char *z, char *zOut, size_t nOut)
{
    size_t n, k = 0;
    if (nOut == 0) return 0;
    zOut[0] = 0;
    z = trim(z, &n);
    if (n == 0) return 0;
    size_t nKeep = compound(z, n);
    if (nKeep == 0) nKeep = utf8_char(z, n);
    if (nKeep == 0) {
        /* an invalid first byte is starred like any other */
        if (put(zOut, nOut, &k, "*", 1)) return k;
        nKeep = 1;
    } else if (put(zOut, nOut, &k, z, nKeep)) {
        return k;
    }
    for (size_t i = nKeep; i < n;) {
        size_t m = utf8_char(z + i, n - i);
        if (put(zOut, nOut, &k, "*", 1)) break;
        i += m ? m : 1;
    }
    return k;
}
