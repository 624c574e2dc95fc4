/*
 * testutil.c - temporary files for the suites.
 */
#include "tests/testutil.h"

#include <sys/wait.h>

#include <stdarg.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char zTmpDir[256];

static void remove_tmpdir(void)
{
    char zCmd[300];
    if (!zTmpDir[0] || getenv("PAYRUN_KEEP_TMP")) return;
    snprintf(zCmd, sizeof(zCmd), "rm -rf '%s'", zTmpDir);
    if (system(zCmd) != 0) fprintf(stderr, "could not remove %s\n", zTmpDir);
}

const char *tu_tmpdir(void)
{
    if (!zTmpDir[0]) {
        snprintf(zTmpDir, sizeof(zTmpDir), "/tmp/payrun-tests.XXXXXX");
        if (!mkdtemp(zTmpDir)) { perror("mkdtemp"); exit(2); }
        atexit(remove_tmpdir);
    }
    return zTmpDir;
}

static char *ring_path(const char *zName)
{
    static char aRing[16][512];
    static int iNext;
    char *z = aRing[iNext++ % 16];
    snprintf(z, 512, "%s/%s", tu_tmpdir(), zName);
    return z;
}

const char *tu_write(const char *zName, const void *z, size_t n)
{
    char *zPath = ring_path(zName);
    FILE *f = fopen(zPath, "wb");
    if (!f || fwrite(z, 1, n, f) != n) { perror(zPath); exit(2); }
    fclose(f);
    return zPath;
}

const char *tu_write_str(const char *zName, const char *z)
{
    return tu_write(zName, z, strlen(z));
}

const char *tu_write_gz(const char *zName, const char *z, int nMembers)
{
    char *zPath = ring_path(zName);
    FILE *f = fopen(zPath, "wb");
    if (!f) { perror(zPath); exit(2); }
    size_t n = strlen(z), nPer = (n + (size_t)nMembers - 1) / (size_t)(nMembers > 0 ? nMembers : 1);
    for (int m = 0; m < nMembers; m++) {
        size_t iStart = (size_t)m * nPer, nThis = iStart >= n ? 0 : (n - iStart < nPer ? n - iStart : nPer);
        z_stream zs;
        memset(&zs, 0, sizeof(zs));
        deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
        unsigned char aOut[1 << 16];
        zs.next_in = (Bytef *)(z + (iStart < n ? iStart : n));
        zs.avail_in = (uInt)nThis;
        int rc;
        do {
            zs.next_out = aOut;
            zs.avail_out = sizeof(aOut);
            rc = deflate(&zs, Z_FINISH);
            fwrite(aOut, 1, sizeof(aOut) - zs.avail_out, f);
        } while (rc != Z_STREAM_END);
        deflateEnd(&zs);
    }
    fclose(f);
    return zPath;
}

char *tu_read(const char *zPath)
{
    gzFile g = gzopen(zPath, "rb");
    if (!g) return NULL;
    size_t nCap = 1 << 16, n = 0;
    char *z = malloc(nCap + 1);
    int k;
    while (z && (k = gzread(g, z + n, (unsigned)(nCap - n))) > 0) {
        n += (size_t)k;
        if (n == nCap) { nCap *= 2; z = realloc(z, nCap + 1); }
    }
    gzclose(g);
    if (z) z[n] = 0;
    return z;
}

const char *tu_bin(void)
{
    const char *z = getenv("PAYRUN_BIN");
    return z && z[0] ? z : "bin/payrun";
}

int tu_sh(const char *zFmt, ...)
{
    char zCmd[8192];
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(zCmd, sizeof(zCmd), zFmt, ap);
    va_end(ap);
    int rc = system(zCmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}
