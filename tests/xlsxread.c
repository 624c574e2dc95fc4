/*
 * xlsxread.c - reads the zip central directory and inflates stored or
 * deflated parts with zlib.
 */
#include "tests/xlsxread.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *slurp(const char *zPath, size_t *pn)
{
    FILE *f = fopen(zPath, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *a = malloc((size_t)n + 1);
    if (a && fread(a, 1, (size_t)n, f) != (size_t)n) { free(a); a = NULL; }
    fclose(f);
    *pn = (size_t)n;
    return a;
}

static uint32_t u32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

/* Calls x for each central-directory entry until it returns non-zero. */
static char *walk(const char *zPath, const char *zName, const char *zPrefix, int *pnCount)
{
    size_t n;
    unsigned char *a = slurp(zPath, &n);
    char *zOut = NULL;
    if (!a || n < 22) { free(a); return NULL; }
    size_t e = n - 22;
    while (e > 0 && u32(a + e) != 0x06054b50) e--;
    uint32_t nEntries = u16(a + e + 10), off = u32(a + e + 16);
    for (uint32_t i = 0; i < nEntries && off + 46 <= n; i++) {
        const unsigned char *c = a + off;
        uint16_t method = u16(c + 10), nName = u16(c + 28), nExtra = u16(c + 30), nComment = u16(c + 32);
        uint32_t nComp = u32(c + 20), nRaw = u32(c + 24), local = u32(c + 42);
        const char *zEntry = (const char *)(c + 46);
        if (zPrefix && nName >= strlen(zPrefix) && memcmp(zEntry, zPrefix, strlen(zPrefix)) == 0) (*pnCount)++;
        if (zName && strlen(zName) == nName && memcmp(zEntry, zName, nName) == 0) {
            const unsigned char *l = a + local;
            const unsigned char *data = l + 30 + u16(l + 26) + u16(l + 28);
            zOut = malloc((size_t)nRaw + 1);
            if (method == 0) memcpy(zOut, data, nRaw);
            else {
                z_stream zs;
                memset(&zs, 0, sizeof(zs));
                inflateInit2(&zs, -MAX_WBITS);
                zs.next_in = (Bytef *)data;
                zs.avail_in = nComp;
                zs.next_out = (Bytef *)zOut;
                zs.avail_out = nRaw;
                inflate(&zs, Z_FINISH);
                inflateEnd(&zs);
            }
            zOut[nRaw] = 0;
            break;
        }
        off += 46u + nName + nExtra + nComment;
    }
    free(a);
    return zOut;
}

char *xr_part(const char *zPath, const char *zName)
{
    int n = 0;
    return walk(zPath, zName, NULL, &n);
}

int xr_count(const char *zPath, const char *zPrefix)
{
    int n = 0;
    walk(zPath, NULL, zPrefix, &n);
    return n;
}

int xr_occurrences(const char *z, const char *zNeedle)
{
    int n = 0;
    size_t k = strlen(zNeedle);
    while (z && (z = strstr(z, zNeedle)) != NULL) { n++; z += k; }
    return n;
}
