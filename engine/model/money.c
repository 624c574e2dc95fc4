/*
 * money.c - parsing, exact rational arithmetic and rounding of money.
 * Every amount is an integer number of fen; intermediate products are
 * __int128 so that no realistic figure can overflow.
 */
#include "model/money.h"
#include "io/common.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static void trim(const char **pz, size_t *pn)
{
    const char *z = *pz;
    size_t n = *pn;
    while (n > 0 && (*z == ' ' || *z == '\t')) { z++; n--; }
    while (n > 0 && (z[n - 1] == ' ' || z[n - 1] == '\t')) n--;
    *pz = z;
    *pn = n;
}

/* Parses [+-]digits[.d[d]] into a value scaled by 100. */
static int parse_scaled100(const char *z, size_t n, int64_t *pOut)
{
    trim(&z, &n);
    if (n == 0) return -1;
    int bNeg = 0;
    if (*z == '+' || *z == '-') { bNeg = (*z == '-'); z++; n--; }
    if (n == 0 || *z < '0' || *z > '9') return -1;
    int64_t v = 0;
    size_t i = 0;
    for (; i < n && z[i] >= '0' && z[i] <= '9'; i++) {
        if (v > (INT64_MAX / 100 - 9) / 10) return -1;   /* overflow */
        v = v * 10 + (z[i] - '0');
    }
    int64_t frac = 0;
    if (i < n) {
        if (z[i] != '.') return -1;
        i++;
        size_t nDig = 0;
        for (; i < n && z[i] >= '0' && z[i] <= '9'; i++, nDig++) {
            if (nDig >= 2) return -1;
            frac = frac * 10 + (z[i] - '0');
        }
        if (nDig == 0 || i != n) return -1;
        if (nDig == 1) frac *= 10;
    }
    int64_t r = v * 100 + frac;
    *pOut = bNeg ? -r : r;
    return 0;
}

int pr_money_parse(const char *z, size_t nZ, int64_t *pFen)
{
    return parse_scaled100(z, nZ, pFen);
}

int pr_pct_parse(const char *z, size_t nZ, int64_t *pBp)
{
    return parse_scaled100(z, nZ, pBp);
}

static int parse_uint(const char *z, size_t n, int64_t *pOut)
{
    if (n == 0 || n > 15) return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (z[i] < '0' || z[i] > '9') return -1;
        v = v * 10 + (z[i] - '0');
    }
    *pOut = v;
    return 0;
}

int pr_frac_parse(const char *z, size_t nZ, pr_frac *pFrac)
{
    trim(&z, &nZ);
    const char *zSlash = memchr(z, '/', nZ);
    if (zSlash) {
        size_t nA = (size_t)(zSlash - z);
        const char *zB = zSlash + 1;
        size_t nB = nZ - nA - 1;
        trim(&z, &nA);
        trim(&zB, &nB);
        int64_t a, b;
        if (parse_uint(z, nA, &a) || parse_uint(zB, nB, &b) || b == 0) return -1;
        pFrac->nNum = a;
        pFrac->nDen = b;
        return 0;
    }
    /* a decimal fraction: digits[.digits], up to 9 decimals */
    int64_t v = 0, d = 1;
    size_t i = 0;
    if (nZ == 0 || z[0] < '0' || z[0] > '9') return -1;
    for (; i < nZ && z[i] >= '0' && z[i] <= '9'; i++) {
        if (v > 100000000) return -1;
        v = v * 10 + (z[i] - '0');
    }
    if (i < nZ) {
        if (z[i] != '.' || i + 1 == nZ) return -1;
        for (i++; i < nZ; i++) {
            if (z[i] < '0' || z[i] > '9' || d >= 1000000000) return -1;
            v = v * 10 + (z[i] - '0');
            d *= 10;
        }
    }
    pFrac->nNum = v;
    pFrac->nDen = d;
    return 0;
}

int pr_rounding_parse(const char *z, size_t nZ, pr_rounding *pMode)
{
    trim(&z, &nZ);
    if (nZ == 3 && memcmp(z, "fen", 3) == 0) *pMode = ROUND_FEN;
    else if (nZ == 12 && memcmp(z, "yuan_half_up", 12) == 0) *pMode = ROUND_YUAN_HALF_UP;
    else if (nZ == 9 && memcmp(z, "yuan_ceil", 9) == 0) *pMode = ROUND_YUAN_CEIL;
    else return -1;
    return 0;
}

const char *pr_rounding_name(pr_rounding eMode)
{
    switch (eMode) {
    case ROUND_FEN: return "fen";
    case ROUND_YUAN_HALF_UP: return "yuan_half_up";
    case ROUND_YUAN_CEIL: return "yuan_ceil";
    default: return "none";
    }
}

const char *pr_rounding_name_zh(pr_rounding eMode)
{
    switch (eMode) {
    case ROUND_FEN: return "到分";
    case ROUND_YUAN_HALF_UP: return "四舍五入到元";
    case ROUND_YUAN_CEIL: return "进整到元";
    default: return "不取整";
    }
}

/* floor(a / b) for b > 0. */
static __int128 floor_div(__int128 a, __int128 b)
{
    assert(b > 0);
    __int128 q = a / b;
    if ((a % b != 0) && (a < 0)) q--;
    return q;
}

int64_t pr_round(pr_ratio x, pr_rounding eMode)
{
    assert(x.nDen > 0);
    __int128 n = x.nNum, d = x.nDen;
    switch (eMode) {
    case ROUND_YUAN_HALF_UP:
        return (int64_t)(floor_div(2 * n + 100 * d, 200 * d) * 100);
    case ROUND_YUAN_CEIL:
        return (int64_t)(-floor_div(-n, 100 * d) * 100);
    case ROUND_FEN:
    default:
        return (int64_t)floor_div(2 * n + d, 2 * d);
    }
}

pr_ratio pr_ratio_fen(int64_t nFen)
{
    pr_ratio r = { nFen, 1 };
    return r;
}

static int64_t gcd64(int64_t a, int64_t b)
{
    if (a < 0) a = -a;
    while (b) { int64_t t = a % b; a = b; b = t; }
    return a ? a : 1;
}

static pr_ratio reduce(__int128 nNum, __int128 nDen)
{
    /* keep the denominator small: divide by common factors of 2, 5 and the gcd */
    __int128 g = nDen;
    __int128 a = nNum < 0 ? -nNum : nNum;
    while (a) { __int128 t = g % a; g = a; a = t; }
    if (g <= 0) g = 1;
    pr_ratio r = { nNum / g, (int64_t)(nDen / g) };
    return r;
}

pr_ratio pr_ratio_add(pr_ratio a, pr_ratio b)
{
    int64_t g = gcd64(a.nDen, b.nDen);
    __int128 l = (__int128)(a.nDen / g) * b.nDen;
    __int128 num = a.nNum * (l / a.nDen) + b.nNum * (l / b.nDen);
    return reduce(num, l);
}

pr_ratio pr_ratio_mul(pr_ratio a, int64_t nNum, int64_t nDen)
{
    assert(nDen > 0);
    return reduce(a.nNum * nNum, (__int128)a.nDen * nDen);
}

int pr_fen_format(int64_t nFen, char *zOut, size_t nOut)
{
    char z[32];
    uint64_t u = nFen < 0 ? (uint64_t)0 - (uint64_t)nFen : (uint64_t)nFen;
    int n = 0;
    if (nFen < 0) z[n++] = '-';
    n += pr_i64_format((int64_t)(u / 100), z + n);
    if (u % 100) {
        z[n++] = '.';
        z[n++] = (char)('0' + u % 100 / 10);
        z[n++] = (char)('0' + u % 10);
        z[n] = 0;
    }
    if ((size_t)n >= nOut) n = (int)nOut - 1;
    memcpy(zOut, z, (size_t)n);
    zOut[n] = 0;
    return n;
}

int pr_ratio_format(pr_ratio x, char *zOut, size_t nOut)
{
    __int128 n = x.nNum, d = (__int128)x.nDen * 100;   /* yuan = n / d */
    int bNeg = n < 0;
    if (bNeg) n = -n;
    __int128 whole = n / d, rem = n % d;
    char zFrac[16];
    int nFrac = 0;
    while (rem != 0 && nFrac < 6) {
        rem *= 10;
        zFrac[nFrac++] = (char)('0' + (int)(rem / d));
        rem %= d;
    }
    zFrac[nFrac] = 0;
    return snprintf(zOut, nOut, "%s%llu%s%s%s", bNeg ? "-" : "",
                    (unsigned long long)whole, nFrac ? "." : "", zFrac,
                    rem != 0 ? "..." : "");
}

int pr_bp_format(int64_t nBp, char *zOut, size_t nOut)
{
    int n = pr_fen_format(nBp, zOut, nOut);   /* same scale: value * 100 */
    if (n > 0 && (size_t)n < nOut && strchr(zOut, '.') && zOut[n - 1] == '0') zOut[--n] = 0;
    return n;
}
