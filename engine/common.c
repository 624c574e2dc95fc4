/*
 * common.c - string tables for the shared enums of common.h.
 */
#include "common.h"

#include <stdarg.h>
#include <string.h>

static const char *const azError[PR_ERR_MAX] = {
    [PR_OK] = "no error",
    [PR_ERR_NOMEM] = "out of memory",
    [PR_ERR_IO] = "input/output error",
    [PR_ERR_GZIP] = "corrupt or truncated gzip stream",
    [PR_ERR_ENCODING] = "character conversion failed",
    [PR_ERR_CSV] = "malformed CSV",
    [PR_ERR_HEADER] = "bad header",
    [PR_ERR_POLICY] = "bad policy file",
    [PR_ERR_INDEX] = "bad price-index file",
    [PR_ERR_CONFIG] = "configuration error",
    [PR_ERR_USAGE] = "usage error",
    [PR_ERR_TOO_BIG] = "size limit exceeded",
    [PR_ERR_EXISTS] = "output already exists",
};

const char *pr_strerror(pr_error rc)
{
    if ((int)rc < 0 || rc >= PR_ERR_MAX || !azError[rc]) return "unknown error";
    return azError[rc];
}

static const char *const azProg[PROG_COUNT] = {
    "DIBAO", "TEKUN", "DIS_LIVING", "DIS_NURSING", "ORPHAN", "PRICE"
};
static const char *const azProgZh[PROG_COUNT] = {
    "最低生活保障", "特困人员救助供养", "困难残疾人生活补贴",
    "重度残疾人护理补贴", "孤儿基本生活保障", "价格临时补贴"
};

const char *pr_prog_code(pr_prog eProg)
{
    return (unsigned)eProg < PROG_COUNT ? azProg[eProg] : "?";
}

const char *pr_prog_name_zh(pr_prog eProg)
{
    return (unsigned)eProg < PROG_COUNT ? azProgZh[eProg] : "?";
}

static const char *const azStatus[ST_COUNT] = {
    "PAID", "HELD", "INELIGIBLE", "REJECTED", "WARNING"
};

const char *pr_status_name(pr_status eStatus)
{
    return (unsigned)eStatus < ST_COUNT ? azStatus[eStatus] : "?";
}

const char *pr_area_code(pr_area eArea)
{
    switch (eArea) {
    case AREA_URBAN: return "urban";
    case AREA_RURAL: return "rural";
    default: return "*";
    }
}

void pr_trim(const char **pz, size_t *pn)
{
    const char *z = *pz;
    size_t n = *pn;
    while (n > 0 && (*z == ' ' || *z == '\t')) { z++; n--; }
    while (n > 0 && (z[n - 1] == ' ' || z[n - 1] == '\t')) n--;
    *pz = z;
    *pn = n;
}

static int eq(const char *z, size_t n, const char *zLit)
{
    return strlen(zLit) == n && memcmp(z, zLit, n) == 0;
}

int pr_area_parse(const char *z, size_t nZ, pr_area *pArea)
{
    pr_trim(&z, &nZ);
    if (eq(z, nZ, "urban") || eq(z, nZ, "城市") || eq(z, nZ, "城镇")) *pArea = AREA_URBAN;
    else if (eq(z, nZ, "rural") || eq(z, nZ, "农村")) *pArea = AREA_RURAL;
    else return -1;
    return 0;
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

uint64_t pr_hash_u64(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++, v >>= 8) h = (h ^ (v & 0xff)) * 1099511628211ull;
    return h;
}
