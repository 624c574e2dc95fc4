/*
 * fuzzutil.c - scratch files for the fuzz targets: one folder per process
 * under $TMPDIR (default /tmp), files rewritten in place for each input;
 * a sheet's rows dumped as text, read in order or in blocks.
 */
#include "tests/fuzz/fuzz.h"
#include "io/sheet.h"

#include <assert.h>
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

/* Appends the rows of pRows[iFrom..] to the dump *pz (*pn bytes, *pnCap). */
static int dump_rows(char **pz, size_t *pn, size_t *pnCap, const pr_sheetrows *pRows, int iFrom)
{
    for (int i = iFrom; i < pRows->nRow; i++) {
        const pr_sheetrow *r = &pRows->aRow[i];
        size_t nNeed = 32;
        for (uint32_t c = 0; c < r->nCell; c++) nNeed += 8 + pRows->aCell[r->iCell + c].n;
        if (*pn + nNeed > *pnCap) {
            size_t nNew = (*pn + nNeed) * 2;
            char *z = realloc(*pz, nNew);
            if (!z) return -1;
            *pz = z;
            *pnCap = nNew;
        }
        *pn += (size_t)snprintf(*pz + *pn, *pnCap - *pn, "%u%s:", r->iRow, r->bTooLong ? "+" : "");
        for (uint32_t c = 0; c < r->nCell; c++) {
            const pr_sheetcell *pc = &pRows->aCell[r->iCell + c];
            *pn += (size_t)snprintf(*pz + *pn, *pnCap - *pn, "%x=", pc->fCell);
            memcpy(*pz + *pn, pRows->z + pc->iOff, pc->n);
            *pn += pc->n;
            (*pz)[(*pn)++] = '|';
        }
        (*pz)[(*pn)++] = '\n';
    }
    return 0;
}

char *fz_sheet_dump(const char *zArg, size_t nBlock, int nWindow, int *pnBlock, char *zErr, size_t nErr)
{
    pr_err e;
    pr_err_init(&e);
    char *zDump = calloc(1, 1);
    size_t n = 0, nCap = 1;
    if (!zDump) return NULL;
    pr_sheetblock *apBlock[16];
    pr_sheetrows aRows[16];
    int nIn = 0, nGood = 0;
    pr_error rc = PR_OK;
    *pnBlock = 0;
    zErr[0] = 0;
    assert(nWindow > 0 && nWindow <= 16);
    pr_sheet *p = pr_sheet_open(zArg, &e);
    if (!p) { snprintf(zErr, nErr, "%s", e.zMsg); return zDump; }
    if (nBlock) pr_sheet_set_block_bytes(p, nBlock);
    int bFirst = 1;
    for (;;) {
        if (nBlock && !bFirst) {
            /* as engine/run/read.c: blocks while they can be cut, joined in order */
            pr_sheetblock *b = NULL;
            if ((rc = pr_sheet_cut(p, &b, &e))) break;
            if (b) {
                pr_sheetrows_init(&aRows[nIn]);
                pr_sheetblock_parse(p, b, &aRows[nIn]);
                apBlock[nIn++] = b;
                if (nIn < nWindow) continue;
            }
            if (nIn) {
                rc = pr_sheet_join(p, apBlock, nIn, &nGood, &e);
                for (int i = 0; i < nIn; i++) {
                    if (i < nGood && !rc && dump_rows(&zDump, &n, &nCap, &aRows[i], 0)) rc = PR_ERR_NOMEM;
                    pr_sheetrows_clear(&aRows[i]);
                }
                *pnBlock += nGood;
                nIn = 0;
                if (rc) break;
                if (b) continue;
            }
        }
        pr_sheetrows rows;
        pr_sheetrows_init(&rows);
        rc = pr_sheet_next(p, &rows, 64, &e);
        int nRow = rows.nRow;
        if (!rc && dump_rows(&zDump, &n, &nCap, &rows, 0)) rc = PR_ERR_NOMEM;
        pr_sheetrows_clear(&rows);
        if (rc || nRow == 0) break;
        bFirst = 0;
    }
    if (nIn) {
        pr_sheet_join(p, apBlock, nIn, &nGood, &e);
        for (int i = 0; i < nIn; i++) pr_sheetrows_clear(&aRows[i]);
    }
    zDump[n] = 0;
    if (rc) {
        snprintf(zErr, nErr, "%s", e.zMsg);
    } else if (pr_sheet_header_merge(p)) {
        const char *zMerge = pr_sheet_header_merge(p);
        char *z = realloc(zDump, n + strlen(zMerge) + 8);
        if (z) { zDump = z; snprintf(zDump + n, strlen(zMerge) + 8, "merge %s", zMerge); }
    }
    pr_sheet_free(p);
    return zDump;
}
