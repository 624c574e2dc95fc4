/*
 * fuzzutil.c - scratch files for the fuzz targets: one folder per process
 * under $TMPDIR (default /tmp), files rewritten in place for each input.
 */
#include "tests/fuzz/fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char zDir[512];

static void remove_dir(void)
{
    char zCmd[600];
    snprintf(zCmd, sizeof(zCmd), "rm -rf '%s'", zDir);
    if (zDir[0] && system(zCmd) != 0) fprintf(stderr, "could not remove %s\n", zDir);
}

const char *fz_scratch_dir(void)
{
    if (!zDir[0]) {
        const char *zTmp = getenv("TMPDIR");
        snprintf(zDir, sizeof(zDir), "%s/payrun-fuzz.XXXXXX", zTmp && zTmp[0] ? zTmp : "/tmp");
        if (!mkdtemp(zDir)) { perror(zDir); exit(2); }
        atexit(remove_dir);
    }
    return zDir;
}

const char *fz_scratch_file(const char *zName, const uint8_t *aData, size_t nData)
{
    static char zPath[8][600];
    static int iNext;
    char *z = zPath[iNext++ % 8];
    snprintf(z, 600, "%s/%s", fz_scratch_dir(), zName);
    FILE *f = fopen(z, "wb");
    if (!f || (nData && fwrite(aData, 1, nData, f) != nData) || fclose(f) != 0) { perror(z); exit(2); }
    return z;
}
