/*
 * common.c - the small string, hashing and array helpers of common.h.
 */
#include "io/common.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void pr_trim(const char **pz, size_t *pn)
{
    const char *z = *pz;
    size_t n = *pn;
    while (n > 0 && (*z == ' ' || *z == '\t')) { z++; n--; }
    while (n > 0 && (z[n - 1] == ' ' || z[n - 1] == '\t')) n--;
    *pz = z;
    *pn = n;
}

size_t pr_cat(char *zOut, size_t nOut, ...)
{
    size_t n = 0;
    va_list ap;
    va_start(ap, nOut);
    const char *z;
    while ((z = va_arg(ap, const char *)) != NULL) {
        size_t k = strlen(z);
        if (n + k >= nOut) k = nOut - 1 - n;
        memcpy(zOut + n, z, k);
        n += k;
    }
    va_end(ap);
    zOut[n] = 0;
    return n;
}

int pr_i64_format(int64_t v, char *zOut)
{
    char a[24];
    int n = 0, k = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do { a[n++] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) zOut[k++] = '-';
    while (n) zOut[k++] = a[--n];
    zOut[k] = 0;
    return k;
}

uint64_t pr_hash_str(uint64_t h, const char *z)
{
    for (const unsigned char *u = (const unsigned char *)z; *u; u++) h = (h ^ *u) * 1099511628211ull;
    return h;
}

uint64_t pr_hash_mem(uint64_t h, const char *z, size_t n)
{
    const unsigned char *u = (const unsigned char *)z;
    for (size_t i = 0; i < n; i++) h = (h ^ u[i]) * 1099511628211ull;
    return h;
}

uint64_t pr_hash_u64(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++, v >>= 8) h = (h ^ (v & 0xff)) * 1099511628211ull;
    return h;
}

void *pr_array_room(void *a, size_t nSize, size_t n, size_t *pnCap, size_t nFirst)
{
    if (n < *pnCap) return a;
    size_t nNew = *pnCap ? *pnCap * 2 : nFirst;
    if (nNew <= n || nNew > SIZE_MAX / nSize) return NULL;
    void *y = realloc(a, nNew * nSize);
    if (y) *pnCap = nNew;
    return y;
}
