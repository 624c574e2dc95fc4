/*
 * floor.c - the benchmark's floor: the cost of writing the month's
 * workbooks with libxlsxwriter and nothing else. It takes payrun's run
 * options, reads and computes the month WITHOUT timing it, prepares every
 * cell in memory, then times only the writing of the same workbooks' rows
 * and cells (district books, bank books, the 公示 notice books, the
 * summary's 汇总 and 异常 sheets)
 * with bare worksheet_write_* calls, one workbook per thread, in
 * constant_memory mode. Each cell carries the number format payrun gives it
 * (text for IDs and accounts, #,##0.00 for yuan, 0 for counts): the format
 * is part of the cell; titles, headers, formulas and print set-up are not
 * written. Prints: floor: write_wall=S write_cpu=S cells=N
 *
 *   bench/floor --month ... --policy ... --index ... [rosters] --out DIR [--threads N]
 *               [--sheet-buffer KIB]
 *
 * --sheet-buffer gives each sheet's temporary file a stdio buffer of KIB
 * KiB, as payrun does (256; formats/xlsx_util.c), to measure what that
 * buffering is worth. `make bench` does not pass it: the floor is
 * libxlsxwriter as it comes.
 */
#include "run/read.h"
#include "rules/rules.h"
#include "model/batch.h"
#include "model/calendar.h"
#include "formats/bank_book.h"
#include "formats/district_book.h"
#include "formats/notice_book.h"
#include "model/mask.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <xlsxwriter.h>

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu(void)
{
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return (double)r.ru_utime.tv_sec + (double)r.ru_utime.tv_usec / 1e6 + (double)r.ru_stime.tv_sec + (double)r.ru_stime.tv_usec / 1e6;
}

/* One bank row, prepared before timing. */
typedef struct bank_row {
    const pr_line *l;     /* first line of the row */
    int64_t nFen;         /* summed amount */
    int nLines;           /* lines summed */
} bank_row;

typedef struct job {
    int iKind;            /* 0 district, 1 bank, 2 summary, 3 notice */
    int i;                /* district or bank index */
    long long nCells;     /* cells written */
} job;

static const pr_batch *B;
static const pr_banks *K;
static bank_row *aBankRow;
static int *aiBankRowStart;   /* rows of bank b: [aiBankRowStart[b], aiBankRowStart[b+1]) */
static const char *zDir;
static size_t nSheetBuf;   /* --sheet-buffer, in bytes; 0: libxlsxwriter's default */

/* The stdio buffers given to one workbook's sheet files, freed after it is
 * closed. */
typedef struct sheet_bufs {
    void *a[16];          /* the buffers */
    int n;                /* how many */
} sheet_bufs;

static lxw_worksheet *add_sheet(lxw_workbook *wb, const char *zName, sheet_bufs *pB)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, zName);
    if (nSheetBuf && ws && ws->optimize_tmpfile && pB->n < 16) {
        void *a = malloc(nSheetBuf);
        if (a && setvbuf(ws->optimize_tmpfile, a, _IOFBF, nSheetBuf) == 0) pB->a[pB->n++] = a;
        else free(a);
    }
    return ws;
}

static void close_book(lxw_workbook *wb, sheet_bufs *pB)
{
    workbook_close(wb);
    for (int i = 0; i < pB->n; i++) free(pB->a[i]);
}

/* The cell styles payrun's books give their cells: a cell's number format
 * is part of the cell, so the floor writes them too. */
typedef struct styles {
    lxw_format *pText;    /* "@": ID numbers and accounts */
    lxw_format *pMoney;   /* "#,##0.00": yuan */
    lxw_format *pInt;     /* "0": counts, sequence and line numbers */
} styles;

static styles make_styles(lxw_workbook *wb)
{
    styles st = { workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb) };
    format_set_num_format(st.pText, "@");
    format_set_num_format(st.pMoney, "#,##0.00");
    format_set_num_format(st.pInt, "0");
    return st;
}

static lxw_workbook *open_book(const char *zName)
{
    char zPath[4096];
    snprintf(zPath, sizeof(zPath), "%s/%s", zDir, zName);
    lxw_workbook_options o = { .constant_memory = LXW_TRUE, .tmpdir = (char *)zDir, .use_zip64 = LXW_TRUE };
    return workbook_new_opt(zPath, &o);
}

static long long district_book(int d)
{
    char zName[256];
    long long n = 0;
    pr_district_book_name(B, d, zName, sizeof(zName));
    lxw_workbook *wb = open_book(zName);
    sheet_bufs bufs = { { 0 }, 0 };
    styles st = make_styles(wb);
    lxw_worksheet *ws = NULL;
    int g = -1;
    uint32_t r = 0;
    for (int i = 0; i < B->nLine; i++) {
        const pr_line *l = &B->aLine[i];
        if (l->iDistrict != B->aDistrict[d].iCode) continue;
        if (l->eProg != g) {
            g = l->eProg;
            ws = add_sheet(wb, pr_prog_code((pr_prog)g), &bufs);
            r = 1;
        }
        worksheet_write_number(ws, r, 0, r, st.pInt);
        worksheet_write_string(ws, r, 1, l->zTown, NULL);
        worksheet_write_string(ws, r, 2, l->zVillage, NULL);
        worksheet_write_string(ws, r, 3, l->zHousehold, NULL);
        worksheet_write_string(ws, r, 4, l->zName, NULL);
        worksheet_write_string(ws, r, 5, l->zPerson, st.pText);
        worksheet_write_string(ws, r, 6, l->zPayee, NULL);
        worksheet_write_string(ws, r, 7, l->zBank, NULL);
        worksheet_write_string(ws, r, 8, l->zAccount, st.pText);
        worksheet_write_string(ws, r, 9, l->eArea == AREA_URBAN ? "城市" : "农村", NULL);
        worksheet_write_number(ws, r, 10, (double)l->nStd / 100.0, st.pMoney);
        worksheet_write_number(ws, r, 11, l->nPersons, st.pInt);
        if (l->nIncome >= 0) worksheet_write_number(ws, r, 12, (double)l->nIncome / 100.0, st.pMoney);
        if (l->supp.nNum) worksheet_write_number(ws, r, 13, (double)l->supp.nNum / (double)l->supp.nDen / 100.0, st.pMoney);
        worksheet_write_string(ws, r, 14, l->zBasis, NULL);
        worksheet_write_number(ws, r, 15, (double)l->nAmount / 100.0, st.pMoney);
        n += 16;
        r++;
    }
    close_book(wb, &bufs);
    return n;
}

static long long bank_book(int b)
{
    char zName[256];
    long long n = 0;
    pr_bank_book_name(B, K, b, zName, sizeof(zName));
    lxw_workbook *wb = open_book(zName);
    sheet_bufs bufs = { { 0 }, 0 };
    styles st = make_styles(wb);
    lxw_worksheet *ws = add_sheet(wb, "detail", &bufs);
    uint32_t r = 1;
    for (int i = aiBankRowStart[b]; i < aiBankRowStart[b + 1]; i++, r++) {
        const bank_row *x = &aBankRow[i];
        char zD[8];
        snprintf(zD, sizeof(zD), "%06d", x->l->iDistrict);
        worksheet_write_number(ws, r, 0, r, st.pInt);
        worksheet_write_string(ws, r, 1, x->l->zAccount, st.pText);
        worksheet_write_string(ws, r, 2, x->l->zPayee, NULL);
        worksheet_write_string(ws, r, 3, x->l->zPerson, st.pText);
        worksheet_write_number(ws, r, 4, (double)x->nFen / 100.0, st.pMoney);
        worksheet_write_string(ws, r, 5, pr_prog_name_zh((pr_prog)x->l->eProg), NULL);
        worksheet_write_string(ws, r, 6, zD, NULL);
        worksheet_write_number(ws, r, 7, x->nLines, st.pInt);
        worksheet_write_string(ws, r, 8, pr_prog_name_zh((pr_prog)x->l->eProg), NULL);
        n += 9;
    }
    close_book(wb, &bufs);
    return n;
}

static long long summary_book(void)
{
    long long n = 0;
    lxw_workbook *wb = open_book("summary.xlsx");
    sheet_bufs bufs = { { 0 }, 0 };
    styles st = make_styles(wb);
    lxw_worksheet *ws = add_sheet(wb, "totals", &bufs);
    for (int k = 0; k < B->nDistrict * PROG_COUNT; k++) {
        worksheet_write_number(ws, (lxw_row_t)k + 1, 0, (double)B->aTotal[k].nLines, st.pInt);
        worksheet_write_number(ws, (lxw_row_t)k + 1, 1, (double)B->aTotal[k].nFen / 100.0, st.pMoney);
        n += 2;
    }
    ws = add_sheet(wb, "findings", &bufs);
    for (int i = 0; i < B->nFind && i < 1048575; i++) {
        const pr_finding *f = &B->aFind[i];
        worksheet_write_string(ws, (lxw_row_t)i + 1, 0, pr_batch_finding_file(B, f), NULL);
        worksheet_write_number(ws, (lxw_row_t)i + 1, 1, f->iLine, st.pInt);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 2, pr_prog_code((pr_prog)f->eProg), NULL);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 3, f->zId, NULL);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 4, pr_status_name((pr_status)f->eStatus), NULL);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 5, f->zCode, NULL);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 6, f->zMsg, NULL);
        n += 7;
    }
    close_book(wb, &bufs);
    return n;
}

/* One row of a 公示 book, prepared before timing: the line and its masked
 * name, in the notice's order (town, programme, beneficiary id). */
typedef struct notice_row {
    const pr_line *l;     /* the DIBAO or dispersed TEKUN line */
    char zName[64];       /* its name, masked */
} notice_row;
static notice_row *aNoticeRow;
static int *aiNoticeStart;    /* rows of district d: [aiNoticeStart[d], aiNoticeStart[d+1]) */

static int cmp_notice_row(const void *a, const void *b)
{
    const pr_line *x = ((const notice_row *)a)->l, *y = ((const notice_row *)b)->l;
    int c = x->iDistrict - y->iDistrict;
    if (c) return c;
    if ((c = strcmp(x->zTown, y->zTown))) return c;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    return strcmp(x->zBeneficiary, y->zBeneficiary);
}

static void prepare_notices(void)
{
    int n = 0;
    aNoticeRow = malloc(((size_t)B->nLine + 1) * sizeof(*aNoticeRow));
    aiNoticeStart = calloc((size_t)B->nDistrict + 1, sizeof(int));
    for (int i = 0; i < B->nLine; i++) {
        const pr_line *l = &B->aLine[i];
        if (l->eProg != PROG_DIBAO && !(l->eProg == PROG_TEKUN && l->pRec && l->pRec->eMode == MODE_DISPERSED)) continue;
        aNoticeRow[n].l = l;
        pr_mask_name(l->zName, aNoticeRow[n].zName, sizeof(aNoticeRow[n].zName));
        n++;
    }
    qsort(aNoticeRow, (size_t)n, sizeof(*aNoticeRow), cmp_notice_row);
    for (int d = 0, i = 0; d < B->nDistrict; d++) {
        aiNoticeStart[d] = i;
        while (i < n && aNoticeRow[i].l->iDistrict == B->aDistrict[d].iCode) i++;
        aiNoticeStart[d + 1] = i;
    }
}

/* The 公示 book of district d: a sheet per town, seven cells a row. */
static long long notice_book(int d)
{
    char zName[256];
    long long n = 0;
    pr_notice_book_name(B, d, zName, sizeof(zName));
    lxw_workbook *wb = open_book(zName);
    sheet_bufs bufs = { { 0 }, 0 };
    styles st = make_styles(wb);
    lxw_worksheet *ws = NULL;
    const char *zTown = NULL;
    uint32_t r = 0;
    for (int i = aiNoticeStart[d]; i < aiNoticeStart[d + 1]; i++) {
        const notice_row *x = &aNoticeRow[i];
        const pr_line *l = x->l;
        if (!zTown || strcmp(zTown, l->zTown)) {
            char zSheet[32];
            zTown = l->zTown;
            snprintf(zSheet, sizeof(zSheet), "t%d", i);   /* a town's name may repeat once cut to 31 */
            ws = add_sheet(wb, zSheet, &bufs);
            r = 3;
        }
        worksheet_write_number(ws, r, 0, r - 2, st.pInt);
        worksheet_write_string(ws, r, 1, l->zVillage, NULL);
        worksheet_write_string(ws, r, 2, x->zName, NULL);
        worksheet_write_string(ws, r, 3, pr_prog_name_zh((pr_prog)l->eProg), NULL);
        worksheet_write_number(ws, r, 4, l->nPersons, st.pInt);
        worksheet_write_string(ws, r, 5, l->eProg != PROG_DIBAO ? "分散供养" : l->pRec && l->pRec->bSingle ? "单人保" : "全户保", NULL);
        worksheet_write_number(ws, r, 6, (double)l->nAmount / 100.0, st.pMoney);
        n += 7;
        r++;
    }
    if (!ws) add_sheet(wb, "t", &bufs);
    close_book(wb, &bufs);
    return n;
}

/* Groups the bank lines into rows before the clock starts. */
static void prepare_banks(void)
{
    aBankRow = malloc(((size_t)B->nLine + 1) * sizeof(*aBankRow));
    aiBankRowStart = malloc(((size_t)K->nBank + 1) * sizeof(int));
    int n = 0;
    for (int b = 0; b < K->nBank; b++) {
        aiBankRowStart[b] = n;
        for (int i = K->aiStart[b]; i < K->aiStart[b + 1]; i++) {
            const pr_line *l = &B->aLine[K->aiLine[i]];
            bank_row *x = n > aiBankRowStart[b] ? &aBankRow[n - 1] : NULL;
            if (x && x->l->eProg == l->eProg && x->l->iDistrict == l->iDistrict && !strcmp(x->l->zAccount, l->zAccount)
                && !strcmp(x->l->zPayee, l->zPayee)) {
                x->nFen += l->nAmount;
                x->nLines++;
            } else {
                aBankRow[n].l = l;
                aBankRow[n].nFen = l->nAmount;
                aBankRow[n].nLines = 1;
                n++;
            }
        }
    }
    aiBankRowStart[K->nBank] = n;
}

int main(int argc, char **argv)
{
    const char *zMonth = NULL, *zPolicy = NULL, *zIndex = NULL;
    int nThreads = omp_get_num_procs();
    pr_batch *b = NULL;
    struct { const char *z; pr_roster e; } *aIn = calloc((size_t)argc, sizeof(*aIn));
    int nIn = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *o = argv[i], *v = argv[i + 1];
        if (!strcmp(o, "--month")) zMonth = v;
        else if (!strcmp(o, "--policy")) zPolicy = v;
        else if (!strcmp(o, "--index")) zIndex = v;
        else if (!strcmp(o, "--out")) zDir = v;
        else if (!strcmp(o, "--threads")) nThreads = atoi(v);
        else if (!strcmp(o, "--sheet-buffer")) nSheetBuf = (size_t)atoi(v) << 10;
        else if (!strcmp(o, "--dibao")) { aIn[nIn].z = v; aIn[nIn++].e = ROSTER_DIBAO; }
        else if (!strcmp(o, "--tekun")) { aIn[nIn].z = v; aIn[nIn++].e = ROSTER_TEKUN; }
        else if (!strcmp(o, "--disability")) { aIn[nIn].z = v; aIn[nIn++].e = ROSTER_DISABILITY; }
        else if (!strcmp(o, "--orphan")) { aIn[nIn].z = v; aIn[nIn++].e = ROSTER_ORPHAN; }
        else if (!strcmp(o, "--max-reject-rate") || !strcmp(o, "--encoding")) { }
        else { fprintf(stderr, "floor: unknown option %s\n", o); return 1; }
    }
    int iMonth;
    if (!zMonth || !zPolicy || !zIndex || !zDir || pr_month_parse(zMonth, strlen(zMonth), &iMonth)) {
        fprintf(stderr, "usage: floor --month YYYY-MM --policy F --index F [rosters] --out DIR [--threads N] [--sheet-buffer KIB]\n");
        return 1;
    }
    mkdir(zDir, 0777);
    b = pr_batch_new(iMonth, nThreads, ENC_AUTO);
    for (int i = 0; i < nIn; i++) pr_batch_add_input(b, aIn[i].z, aIn[i].e);
    if (pr_batch_load_config(b, zPolicy, zIndex) || pr_batch_read(b) || pr_batch_compute(b)) {
        fprintf(stderr, "floor: %s\n", b->err.zMsg);
        return 2;
    }
    pr_banks banks;
    pr_banks_build(b, &banks);
    B = b;
    K = &banks;
    prepare_banks();
    prepare_notices();
    int nJob = 2 * b->nDistrict + banks.nBank + 1;
    job *aJob = calloc((size_t)nJob, sizeof(*aJob));
    /* largest first (the summary's 异常 sheet, then the district books, then
     * the bank books), so that no big workbook is left to run alone at the end */
    aJob[0] = (job){ 2, 0, 0 };
    for (int d = 0; d < b->nDistrict; d++) aJob[1 + d] = (job){ 0, d, 0 };
    for (int k = 0; k < banks.nBank; k++) aJob[1 + b->nDistrict + k] = (job){ 1, k, 0 };
    for (int d = 0; d < b->nDistrict; d++) aJob[1 + b->nDistrict + banks.nBank + d] = (job){ 3, d, 0 };
    double t0 = wall(), c0 = cpu();
    #pragma omp parallel for num_threads(nThreads) schedule(dynamic, 1)
    for (int j = 0; j < nJob; j++)
        aJob[j].nCells = aJob[j].iKind == 0 ? district_book(aJob[j].i) : aJob[j].iKind == 1 ? bank_book(aJob[j].i)
                       : aJob[j].iKind == 3 ? notice_book(aJob[j].i) : summary_book();
    double t1 = wall(), c1 = cpu();
    long long nCells = 0;
    for (int j = 0; j < nJob; j++) nCells += aJob[j].nCells;
    printf("floor: write_wall=%.3f write_cpu=%.3f cells=%lld threads=%d\n", t1 - t0, c1 - c0, nCells, nThreads);
    pr_banks_clear(&banks);
    pr_batch_free(b);
    free(aJob);
    free(aBankRow);
    free(aiBankRowStart);
    free(aNoticeRow);
    free(aiNoticeStart);
    free(aIn);
    return 0;
}
