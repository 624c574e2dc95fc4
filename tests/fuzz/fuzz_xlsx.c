/*
 * fuzz_xlsx.c - workbook bytes through the Excel roster reader
 * (io/sheet.c): opened by content (a zip as .xlsx: minizip, expat, the
 * shared strings under their cap, styles, the first sheet; an OLE file as
 * .xls through libfreexl), every row read and its cells touched; then, for
 * each roster kind, a whole batch (pr_batch_read: the header, the cells'
 * kinds, the rows' validation; pr_batch_compute) with the sample policy and
 * index; and the sheet read in small blocks (pr_sheet_cut), and read by
 * expat alone, must give the rows, or the error, it gives read in order. Seeds: tests/fuzz/seeds/xlsx/ (small workbooks from libxlsxwriter
 * and openpyxl).
 *
 * OLE files other than an encrypted workbook are left out: they go to
 * libfreexl, and Debian 12's libfreexl 1.0.6 reads past a stack buffer of
 * its own on a crafted .xls within seconds of fuzzing (ASan: iconv called
 * from freexl_open_info; the input is tests/fuzz/known/freexl-overread.xls).
 * That is the library's to fix; this target fuzzes payrun's reader.
 */
#include "run/read.h"
#include "rules/rules.h"
#include "tests/fuzz/fuzz.h"
#include "model/batch.h"
#include "io/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MONTH (2023 * 12 + 7)   /* 2023-08 */

/* Reads every row of the sheet; returns the rows read. */
static int read_all(const char *zArg)
{
    pr_sheet *p = pr_sheet_open(zArg, NULL);
    if (!p) return 0;
    int nRow = 0;
    size_t nSum = strlen(pr_sheet_file(p)) + strlen(pr_sheet_name(p)) + strlen(pr_sheet_sha256_hex(p));
    for (;;) {
        pr_sheetrows rows;
        pr_sheetrows_init(&rows);
        pr_error rc = pr_sheet_next(p, &rows, 64, NULL);
        int n = rows.nRow;
        for (int i = 0; i < rows.nRow; i++) {
            const pr_sheetrow *r = &rows.aRow[i];
            for (uint32_t c = 0; c < r->nCell; c++) {
                const pr_sheetcell *pc = &rows.aCell[r->iCell + c];
                if (pc->n) nSum += (unsigned char)rows.z[pc->iOff] + (unsigned char)rows.z[pc->iOff + pc->n - 1];
            }
        }
        pr_sheetrows_clear(&rows);
        nRow += n;
        if (rc || n == 0) break;
    }
    if (pr_sheet_header_merge(p)) nSum += strlen(pr_sheet_header_merge(p));
    if (nSum == 1) fputc(' ', stderr);   /* keep the reads */
    pr_sheet_free(p);
    return nRow;
}

static void as_batch(const char *zPath, pr_roster eRoster)
{
    pr_batch *b = pr_batch_new(MONTH, 2, ENC_AUTO);
    if (!b) return;
    pr_batch_add_input(b, zPath, eRoster);
    pr_error err = pr_batch_load_config(b, "samples/policy.csv", "samples/index.csv");
    if (err) {
        fprintf(stderr, "fuzz-xlsx: %s (run from the repository root)\n", b->err.zMsg);
        exit(2);
    }
    if (!pr_batch_read(b)) pr_batch_compute(b);
    pr_batch_free(b);
}

static int has(const uint8_t *a, size_t n, const char *z, size_t nZ)
{
    for (size_t i = 0; i + nZ <= n; i++)
        if (memcmp(a + i, z, nZ) == 0) return 1;
    return 0;
}

/* The sheet read in blocks (of 64 bytes: a seed has few rows) gives what
 * it gives read in order, and what expat alone gives (no fast path for the
 * rows and shared strings): the same rows, or the same error. */
static void blocks_as_in_order(const char *zArg)
{
    char zErr1[600], zErr2[600], zErr3[600];
    int nBlock;
    char *zOrder = fz_sheet_dump(zArg, 0, 1, &nBlock, zErr1, sizeof(zErr1));
    char *zCut = fz_sheet_dump(zArg, 64, 4, &nBlock, zErr2, sizeof(zErr2));
    pr_sheet_fast_path(0);
    char *zSlow = fz_sheet_dump(zArg, 64, 4, &nBlock, zErr3, sizeof(zErr3));
    pr_sheet_fast_path(1);
    if (zOrder && zCut && zSlow
        && (strcmp(zErr1, zErr2) != 0 || strcmp(zErr1, zErr3) != 0 || (!zErr1[0] && (strcmp(zOrder, zCut) != 0 || strcmp(zOrder, zSlow) != 0)))) {
        fprintf(stderr, "fuzz-xlsx: in blocks or by expat alone the sheet reads otherwise: '%s' / '%s' / '%s'\n", zErr1, zErr2, zErr3);
        abort();
    }
    free(zOrder);
    free(zCut);
    free(zSlow);
}

int pr_fuzz_xlsx(const uint8_t *aData, size_t nData)
{
    static const char aOle[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    static const char aEnc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    if (nData >= 8 && memcmp(aData, aOle, 8) == 0 && !has(aData, nData, aEnc, sizeof(aEnc) - 1)) return 0;
    const char *zPath = fz_scratch_file("roster.xlsx", aData, nData);
    blocks_as_in_order(zPath);
    if (read_all(zPath) > 0) {
        for (int r = 0; r < ROSTER_COUNT; r++) as_batch(zPath, (pr_roster)r);
    }
    /* a sheet asked for by name */
    char zArg[700];
    snprintf(zArg, sizeof(zArg), "%s#Sheet1", zPath);
    read_all(zArg);
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_xlsx(aData, nData);
}
#endif
