/*
 * floor.c - the benchmark's floor: the cost of writing the month's
 * workbooks with libxlsxwriter and nothing else. It takes payrun's run
 * options, reads and computes the month WITHOUT timing it, prepares every
 * cell in memory, then times only the writing of the same workbooks' rows
 * and cells (district books, bank books, the 公示 notice books, the
 * summary's 汇总 and 异常 sheets and, for the payment cycle, its 回盘, 挂账,
 * 调整 and 追回 sheets' rows) with bare worksheet_write_* calls, one workbook per thread, in
 * constant_memory mode. Each cell carries the number format payrun gives it
 * (text for IDs and accounts, #,##0.00 for yuan, 0 for counts): the format
 * is part of the cell; titles, headers, formulas and print set-up are not
 * written. Prints: floor: write_wall=S write_cpu=S cells=N, and on stderr
 * the untimed stages before it (reading, the cycle's load, computing, ...),
 * each in wall and CPU seconds: what payrun does besides the writing.
 *
 *   bench/floor --month ... --policy ... --index ... [rosters] --out DIR [--threads N]
 *               [--prev DIR/YYYY-MM] [--returns F]... [--adjustments F]...
 *               [--sheet-buffer KIB]
 *
 * The payment cycle's options are payrun's: the cycle is loaded as payrun
 * loads it (pr_cycle_load, after the rosters), untimed, and applied by the
 * same pr_batch_compute; the floor then writes the cells payrun writes for
 * it: the 类型 and 所属期 columns and the 临时救助 sheet of the district books,
 * the 付款编号 column of the bank books, and the data rows of the summary's
 * 回盘, 挂账, 调整 and 追回 sheets.
 *
 * --sheet-buffer gives each sheet's temporary file a stdio buffer of KIB
 * KiB, as payrun does (256; formats/xlsx_util.c), to measure what that
 * buffering is worth. `make bench` does not pass it: the floor is
 * libxlsxwriter as it comes.
 */
#include "run/read.h"
#include "run/cycleload.h"
#include "run/changes.h"
#include "rules/rules.h"
#include "model/batch.h"
#include "model/calendar.h"
#include "model/cycle.h"
#include "formats/bank_book.h"
#include "formats/district_book.h"
#include "formats/notice_book.h"
#include "model/mask.h"
#include "model/explain.h"
#include "io/arena.h"

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
    int bId;              /* the payee is the person paid: the ID is shown */
    const char *zRemark;  /* 备注, as payrun words it */
    char zRef[PR_PAY_REF_LEN + 1];   /* 付款编号 */
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
static const char *azLtype[LT_COUNT];   /* 类型 of each line type */
static char (*azPeriod)[8];             /* 所属期 of each line */
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
    lxw_format *pPct;     /* "0.00%": 回盘's 到账率 */
} styles;

static styles make_styles(lxw_workbook *wb)
{
    styles st = { workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb) };
    format_set_num_format(st.pText, "@");
    format_set_num_format(st.pMoney, "#,##0.00");
    format_set_num_format(st.pInt, "0");
    format_set_num_format(st.pPct, "0.00%");
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
        worksheet_write_string(ws, r, 10, azLtype[l->eType < LT_COUNT ? l->eType : 0], NULL);
        worksheet_write_string(ws, r, 11, azPeriod[i], NULL);
        int bRegular = l->eType == LT_REGULAR;
        if (bRegular) worksheet_write_number(ws, r, 12, (double)l->nStd / 100.0, st.pMoney);
        worksheet_write_number(ws, r, 13, l->nPersons, st.pInt);
        if (l->nIncome >= 0 && bRegular) worksheet_write_number(ws, r, 14, (double)l->nIncome / 100.0, st.pMoney);
        if (l->supp.nNum && bRegular)
            worksheet_write_number(ws, r, 15, (double)l->supp.nNum / (double)l->supp.nDen / 100.0, st.pMoney);
        worksheet_write_string(ws, r, 16, l->zBasis, NULL);
        worksheet_write_number(ws, r, 17, (double)l->nAmount / 100.0, st.pMoney);
        n += 15 + bRegular + (l->nIncome >= 0 && bRegular) + (l->supp.nNum && bRegular);
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
        worksheet_write_string(ws, r, 1, x->zRef, st.pText);
        worksheet_write_string(ws, r, 2, x->l->zAccount, st.pText);
        worksheet_write_string(ws, r, 3, x->l->zPayee, NULL);
        if (x->bId) worksheet_write_string(ws, r, 4, x->l->zPerson, st.pText);
        worksheet_write_number(ws, r, 5, (double)x->nFen / 100.0, st.pMoney);
        worksheet_write_string(ws, r, 6, pr_prog_name_zh((pr_prog)x->l->eProg), NULL);
        worksheet_write_string(ws, r, 7, zD, st.pText);
        worksheet_write_number(ws, r, 8, x->nLines, st.pInt);
        worksheet_write_string(ws, r, 9, x->zRemark, NULL);
        n += 9 + x->bId;
    }
    close_book(wb, &bufs);
    return n;
}

/* The data rows of the summary's 回盘, 挂账, 调整 and 追回 sheets, with the
 * cells payrun writes in them (its formulas as plain numbers), worded
 * before the clock starts (prepare_cycle). */
typedef struct cycle_text {
    char zCode[8];        /* district code */
    char zPeriod[8];      /* 所属期 (arrears, adjustments) */
    char zSince[8];       /* 挂账月份, 立项月份 */
    char zReissue[PR_PAY_REF_LEN + 1];   /* 重发付款编号 */
    char zWhere[64];      /* 文件:行 (adjustments) */
} cycle_text;
static cycle_text *aArrText, *aAdjText, *aRecText, *aStatText;
static const pr_changes *C;           /* with --prev: the changes against it (变动) */
static char **azFindZh;               /* 异常's 说明 of each finding, in Chinese as payrun words it */
static char **azChgWhy;               /* 变动's 原因 / 计算依据 of each change, as payrun words it */
static pr_arena words;                /* the strings of azFindZh and azChgWhy, kept until the end */

/* A copy of z in the words' arena. */
static char *word(const char *z)
{
    char *r = pr_arena_strndup(&words, z, strlen(z));
    if (!r) { fprintf(stderr, "floor: out of memory\n"); exit(2); }
    return r;
}

/* The words of the 异常 and 变动 sheets that payrun writes in Chinese,
 * worded before the clock starts. */
static void prepare_words(void)
{
    char z[1200];
    pr_arena_init(&words);
    azFindZh = calloc((size_t)B->nFind + 1, sizeof(char *));
    for (int i = 0; i < B->nFind; i++) {
        pr_explain(B->aFind[i].zCode, B->aFind[i].zMsg, z, 1024);   /* payrun's buffer: the same cut */
        azFindZh[i] = word(z);
    }
    azChgWhy = calloc((size_t)(C ? C->nChange : 0) + 1, sizeof(char *));
    for (int i = 0; C && i < C->nChange; i++) {
        const char *w = pr_explain_reason(C->aChange[i].zReason, z, sizeof(z));
        azChgWhy[i] = word(w);
    }
}
static cycle_text *aChgText;

static const char *district_name(int iCode)
{
    int d = pr_batch_district_index(B, iCode);
    return d >= 0 ? B->aDistrict[d].zName : "";
}

static const char *prog_zh(int e)
{
    return e >= 0 && e < PROG_COUNT ? pr_prog_name_zh((pr_prog)e) : "（无法识别）";
}

static void prepare_cycle(void)
{
    const pr_cycle *c = B->pCycle;
    aStatText = calloc((size_t)c->nStat + 1, sizeof(cycle_text));
    aArrText = calloc((size_t)c->nArr + 1, sizeof(cycle_text));
    aAdjText = calloc((size_t)c->nAdj + 1, sizeof(cycle_text));
    aRecText = calloc((size_t)c->nRec + 1, sizeof(cycle_text));
    for (int i = 0; i < c->nStat; i++) snprintf(aStatText[i].zCode, 8, "%06d", c->aStat[i].iDistrict % 1000000);
    for (int i = 0; i < c->nArr; i++) {
        const pr_arrears *a = &c->aArr[i];
        snprintf(aArrText[i].zCode, 8, "%06d", a->iDistrict % 1000000);
        pr_month_format(a->iPeriod, aArrText[i].zPeriod);
        pr_month_format(a->iSince, aArrText[i].zSince);
        if (a->eState == AS_REISSUED && a->iReissue >= 0 && a->iReissue < B->nLine && B->aLine[a->iReissue].iPaySeq)
            pr_pay_ref(B->iMonth, &B->aLine[a->iReissue], aArrText[i].zReissue);
    }
    for (int i = 0; i < c->nAdj; i++) {
        const pr_adj *a = &c->aAdj[i];
        if (a->iPeriod >= 0) pr_month_format(a->iPeriod, aAdjText[i].zPeriod);
        snprintf(aAdjText[i].zWhere, sizeof(aAdjText[i].zWhere), "%s:%u",
                 a->iFile < (uint32_t)B->nInput ? B->aInput[a->iFile].zPath : "", a->iLine);
    }
    for (int i = 0; i < c->nRec; i++) {
        snprintf(aRecText[i].zCode, 8, "%06d", c->aRec[i].iDistrict % 1000000);
        pr_month_format(c->aRec[i].iSince, aRecText[i].zSince);
    }
    aChgText = calloc((size_t)(C ? C->nChange : 0) + 1, sizeof(cycle_text));
    for (int i = 0; C && i < C->nChange; i++) {
        snprintf(aChgText[i].zCode, 8, "%06d", C->aChange[i].iDistrict % 1000000);
        if (C->aChange[i].iPeriod >= 0) pr_month_format(C->aChange[i].iPeriod, aChgText[i].zPeriod);
    }
}

static const char *change_name(int e)
{
    if (e > CHANGE_AMOUNT) return pr_ltype_name_zh((pr_ltype)(e - CHANGE_AMOUNT));
    return e == CHANGE_NEW ? "新增" : e == CHANGE_STOPPED ? "停发" : "金额变动";
}

/* The 变动 sheet's rows (with --prev): the REGULAR changes, then the lines
 * that are not REGULAR, then the totals by district and programme. */
static long long changes_sheet(lxw_workbook *wb, sheet_bufs *pB, const styles *st)
{
    long long n = 0;
    if (!C || !C->bHasPrev) return 0;
    lxw_worksheet *ws = add_sheet(wb, "changes", pB);
    lxw_row_t y = 1;
    for (int i = 0; i < C->nChange && y < 1048575 - 4096; i++, y++) {
        const pr_change *x = &C->aChange[i];
        worksheet_write_string(ws, y, 0, change_name(x->eKind), NULL);
        worksheet_write_string(ws, y, 1, pr_prog_label((pr_prog)x->eProg), NULL);
        worksheet_write_string(ws, y, 2, aChgText[i].zCode, NULL);
        worksheet_write_string(ws, y, 3, x->zBeneficiary, NULL);
        worksheet_write_string(ws, y, 4, x->zName, NULL);
        n += 5;
        if (x->eKind <= CHANGE_AMOUNT) {
            worksheet_write_number(ws, y, 5, (double)x->nOld / 100.0, st->pMoney);
            worksheet_write_number(ws, y, 6, (double)x->nNew / 100.0, st->pMoney);
            worksheet_write_number(ws, y, 7, (double)(x->nNew - x->nOld) / 100.0, st->pMoney);
            if (azChgWhy[i][0]) worksheet_write_string(ws, y, 8, azChgWhy[i], NULL);
            n += 3 + (azChgWhy[i][0] != 0);
        } else {
            if (aChgText[i].zPeriod[0]) worksheet_write_string(ws, y, 5, aChgText[i].zPeriod, NULL);
            worksheet_write_number(ws, y, 6, (double)x->nNew / 100.0, st->pMoney);
            if (x->zPayRef && x->zPayRef[0]) worksheet_write_string(ws, y, 7, x->zPayRef, st->pText);
            if (azChgWhy[i][0]) worksheet_write_string(ws, y, 8, azChgWhy[i], NULL);
            if (x->zReference && x->zReference[0]) worksheet_write_string(ws, y, 9, x->zReference, NULL);
            n += 1 + (aChgText[i].zPeriod[0] != 0) + (x->zPayRef && x->zPayRef[0]) + (azChgWhy[i][0] != 0)
               + (x->zReference && x->zReference[0]);
        }
    }
    for (int k = 0; k < C->nTotal && y < 1048575; k++, y++) {
        const pr_change_total *t = &C->aTotal[k];
        double a[10] = { (double)t->nOldLines, (double)t->nNewLines, (double)t->nAdded, (double)t->nStopped, (double)t->nChanged,
                         (double)t->nOldFen / 100.0, (double)t->nNewFen / 100.0, (double)(t->nNewFen - t->nOldFen) / 100.0,
                         (double)t->nOtherLines, (double)t->nOtherFen / 100.0 };
        for (int j = 0; j < 10; j++) worksheet_write_number(ws, y, (lxw_col_t)(2 + j), a[j], j < 5 || j == 8 ? st->pInt : st->pMoney);
        n += 10;
    }
    return n;
}

static long long cycle_sheets(lxw_workbook *wb, sheet_bufs *pB, const styles *st)
{
    const pr_cycle *c = B->pCycle;
    long long n = 0;
    lxw_worksheet *ws = add_sheet(wb, "returns", pB);
    for (int i = 0; i < c->nStat; i++) {
        const pr_retstat *r = &c->aStat[i];
        lxw_row_t y = (lxw_row_t)i + 1;
        worksheet_write_string(ws, y, 0, r->zBank[0] ? r->zBank : "未填开户银行", NULL);
        worksheet_write_string(ws, y, 1, aStatText[i].zCode, NULL);
        worksheet_write_string(ws, y, 2, district_name(r->iDistrict), NULL);
        worksheet_write_number(ws, y, 3, (double)r->nRows, st->pInt);
        worksheet_write_number(ws, y, 4, (double)r->nFen / 100.0, st->pMoney);
        worksheet_write_number(ws, y, 5, (double)r->nRowsFailed, st->pInt);
        worksheet_write_number(ws, y, 6, (double)r->nFenFailed / 100.0, st->pMoney);
        worksheet_write_number(ws, y, 7, (double)(r->nRows - r->nRowsFailed), st->pInt);
        worksheet_write_number(ws, y, 8, (double)(r->nFen - r->nFenFailed) / 100.0, st->pMoney);
        worksheet_write_number(ws, y, 9, r->nFen > 0 ? (double)((r->nFen - r->nFenFailed) * 10000 / r->nFen) / 10000.0 : 0, st->pPct);
        n += 10;
    }
    ws = add_sheet(wb, "arrears", pB);
    for (int i = 0; i < c->nArr && i < 1048575; i++) {
        const pr_arrears *a = &c->aArr[i];
        const cycle_text *t = &aArrText[i];
        lxw_row_t y = (lxw_row_t)i + 1;
        worksheet_write_string(ws, y, 0, t->zPeriod, NULL);
        worksheet_write_string(ws, y, 1, prog_zh(a->eProg), NULL);
        worksheet_write_string(ws, y, 2, a->zBeneficiary, st->pText);
        worksheet_write_string(ws, y, 3, t->zCode, NULL);
        worksheet_write_number(ws, y, 4, (double)a->nFen / 100.0, st->pMoney);
        worksheet_write_string(ws, y, 5, a->zReason, NULL);
        worksheet_write_string(ws, y, 6, t->zSince, NULL);
        worksheet_write_string(ws, y, 7, a->zFailedAccount, st->pText);
        worksheet_write_string(ws, y, 8, pr_astate_name_zh((pr_astate)a->eState), NULL);
        worksheet_write_string(ws, y, 9, a->zPayRef, st->pText);
        if (t->zReissue[0]) worksheet_write_string(ws, y, 10, t->zReissue, st->pText);
        worksheet_write_string(ws, y, 11, a->bNew ? "本月新增" : "上月结转", NULL);
        n += 11 + (t->zReissue[0] != 0);
    }
    ws = add_sheet(wb, "adjustments", pB);
    for (int i = 0; i < c->nAdj && i < 1048575; i++) {
        const pr_adj *a = &c->aAdj[i];
        const cycle_text *t = &aAdjText[i];
        lxw_row_t y = (lxw_row_t)i + 1;
        int bType = a->eType >= 0 && a->eType < ADJ_TYPE_COUNT;
        worksheet_write_string(ws, y, 0, t->zWhere, NULL);
        worksheet_write_string(ws, y, 1, bType ? pr_adjtype_name_zh((pr_adjtype)a->eType) : "（无法识别）", NULL);
        worksheet_write_string(ws, y, 2, prog_zh(a->eProg), NULL);
        worksheet_write_string(ws, y, 3, a->zBeneficiary, st->pText);
        if (t->zPeriod[0]) worksheet_write_string(ws, y, 4, t->zPeriod, NULL);
        if (a->nFen >= 0) worksheet_write_number(ws, y, 5, (double)a->nFen / 100.0, st->pMoney);
        worksheet_write_string(ws, y, 6, a->zReference, NULL);
        worksheet_write_string(ws, y, 7, a->zApprovedBy, NULL);
        worksheet_write_string(ws, y, 8, a->eStatus == ST_PAID ? "已接受" : a->eStatus == ST_HELD ? "暂缓" : "退回", NULL);
        if (a->eStatus != ST_PAID && a->zCode) worksheet_write_string(ws, y, 9, a->zCode, NULL);
        n += 8 + (t->zPeriod[0] != 0) + (a->nFen >= 0) + (a->eStatus != ST_PAID && a->zCode);
    }
    ws = add_sheet(wb, "recoveries", pB);
    for (int i = 0; i < c->nRec && i < 1048575; i++) {
        const pr_recovery *r = &c->aRec[i];
        lxw_row_t y = (lxw_row_t)i + 1;
        worksheet_write_string(ws, y, 0, prog_zh(r->eProg), NULL);
        worksheet_write_string(ws, y, 1, r->zBeneficiary, st->pText);
        worksheet_write_string(ws, y, 2, aRecText[i].zCode, NULL);
        worksheet_write_string(ws, y, 3, r->zReference, NULL);
        worksheet_write_string(ws, y, 4, aRecText[i].zSince, NULL);
        worksheet_write_number(ws, y, 5, (double)r->nFen / 100.0, st->pMoney);
        worksheet_write_number(ws, y, 6, (double)r->nRecovered / 100.0, st->pMoney);
        worksheet_write_number(ws, y, 7, (double)r->nBalance / 100.0, st->pMoney);
        worksheet_write_string(ws, y, 8, r->bClosed ? "已结清" : "未结清", NULL);
        n += 9;
    }
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
        worksheet_write_string(ws, (lxw_row_t)i + 1, 2, pr_prog_label((pr_prog)f->eProg), NULL);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 3, f->zId, NULL);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 4, pr_status_name_zh((pr_status)f->eStatus), NULL);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 5, f->zCode, NULL);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 6, azFindZh[i], NULL);
        n += 7;
    }
    n += changes_sheet(wb, &bufs, &st);
    n += cycle_sheets(wb, &bufs, &st);
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
        if (l->eType != LT_REGULAR) continue;   /* the notice lists entitlements, not re-issues or back pay */
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
        worksheet_write_number(ws, r, 6, (double)(l->nAmount + l->nOffset) / 100.0, st.pMoney);
        n += 7;
        r++;
    }
    if (!ws) add_sheet(wb, "t", &bufs);
    close_book(wb, &bufs);
    return n;
}

/* The remark of a bank row whose lines are K->aiLine[i, j), worded as
 * formats/bank_book.c words it: month and programme, then the lines that
 * pay for another month or again, at most three, then "等". A row of this
 * month's entitlement alone shares its programme's remark. */
static char azPlainRemark[PROG_COUNT][64];
static const char *row_remark(int i, int j)
{
    const pr_line *l = &B->aLine[K->aiLine[i]];
    char z[160], zMonth[8];
    int nOther = 0;
    size_t k;
    pr_month_format(B->iMonth, zMonth);
    k = (size_t)snprintf(z, sizeof(z), "%s %s", zMonth, pr_prog_name_zh((pr_prog)l->eProg));
    for (int x = i; x < j && k < sizeof(z); x++) {
        const pr_line *m = &B->aLine[K->aiLine[x]];
        if (m->eType == LT_REGULAR || m->eType == LT_TEMPORARY) continue;
        if (nOther == 3) { snprintf(z + k, sizeof(z) - k, "等"); break; }
        char zPeriod[8];
        pr_month_format(m->iPeriod, zPeriod);
        k += (size_t)snprintf(z + k, sizeof(z) - k, "%s%s %s", nOther ? "、" : "；含", pr_ltype_name_zh((pr_ltype)m->eType), zPeriod);
        nOther++;
    }
    return nOther ? strdup(z) : azPlainRemark[l->eProg];
}

/* Groups the bank lines into rows before the clock starts, each with its
 * 付款编号 and 备注. */
static void prepare_banks(void)
{
    char zMonth[8];
    pr_month_format(B->iMonth, zMonth);
    for (int g = 0; g < PROG_COUNT; g++) snprintf(azPlainRemark[g], sizeof(azPlainRemark[g]), "%s %s", zMonth, pr_prog_name_zh((pr_prog)g));
    aBankRow = malloc(((size_t)B->nLine + 1) * sizeof(*aBankRow));
    aiBankRowStart = malloc(((size_t)K->nBank + 1) * sizeof(int));
    int n = 0, iFirst = 0;
    for (int b = 0; b < K->nBank; b++) {
        aiBankRowStart[b] = n;
        for (int i = K->aiStart[b]; i <= K->aiStart[b + 1]; i++) {
            const pr_line *l = i < K->aiStart[b + 1] ? &B->aLine[K->aiLine[i]] : NULL;
            bank_row *x = n > aiBankRowStart[b] ? &aBankRow[n - 1] : NULL;
            if (x && l && x->l->eProg == l->eProg && x->l->iDistrict == l->iDistrict && !strcmp(x->l->zAccount, l->zAccount)
                && !strcmp(x->l->zPayee, l->zPayee)) {
                x->nFen += l->nAmount;
                x->nLines++;
                continue;
            }
            if (x && !x->zRemark) x->zRemark = row_remark(iFirst, i);
            if (!l) break;
            x = &aBankRow[n++];
            x->l = l;
            x->nFen = l->nAmount;
            x->nLines = 1;
            x->bId = strcmp(l->zPayee, l->zName) == 0;
            x->zRemark = NULL;
            x->zRef[0] = 0;
            if (l->iPaySeq) pr_pay_ref(B->iMonth, l, x->zRef);
            iFirst = i;
        }
    }
    aiBankRowStart[K->nBank] = n;
}

/* 类型 and 所属期 of every line, worded before the clock starts. */
static void prepare_lines(void)
{
    for (int t = 0; t < LT_COUNT; t++) azLtype[t] = pr_ltype_name_zh((pr_ltype)t);
    azPeriod = malloc(((size_t)B->nLine + 1) * sizeof(*azPeriod));
    for (int i = 0; i < B->nLine; i++) pr_month_format(B->aLine[i].iPeriod, azPeriod[i]);
}

int main(int argc, char **argv)
{
    const char *zMonth = NULL, *zPolicy = NULL, *zIndex = NULL;
    int nThreads = omp_get_num_procs();
    pr_batch *b = NULL;
    struct { const char *z; pr_roster e; } *aIn = calloc((size_t)argc, sizeof(*aIn));
    int nIn = 0;
    const char **azRet = calloc((size_t)argc, sizeof(char *)), **azAdj = calloc((size_t)argc, sizeof(char *));
    pr_cycle_files cyc = { NULL, azRet, 0, azAdj, 0 };
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
        else if (!strcmp(o, "--prev")) cyc.zPrev = v;
        else if (!strcmp(o, "--returns")) azRet[cyc.nReturns++] = v;
        else if (!strcmp(o, "--adjustments")) azAdj[cyc.nAdjust++] = v;
        else if (!strcmp(o, "--max-reject-rate") || !strcmp(o, "--encoding")) { }
        else { fprintf(stderr, "floor: unknown option %s\n", o); return 1; }
    }
    int iMonth;
    if (!zMonth || !zPolicy || !zIndex || !zDir || pr_month_parse(zMonth, strlen(zMonth), &iMonth)) {
        fprintf(stderr, "usage: floor --month YYYY-MM --policy F --index F [rosters] --out DIR [--threads N]\n"
                        "             [--prev DIR/YYYY-MM] [--returns F]... [--adjustments F]... [--sheet-buffer KIB]\n");
        return 1;
    }
    mkdir(zDir, 0777);
    b = pr_batch_new(iMonth, nThreads, ENC_AUTO);
    for (int i = 0; i < nIn; i++) pr_batch_add_input(b, aIn[i].z, aIn[i].e);
    /* as payrun: the cycle's files after the rosters, always (an empty cycle without them) */
    /* the stages payrun runs before its writing, each timed (wall, process
     * CPU) and printed on stderr: "floor: stages read=W/C cycle=W/C ..." */
    double aT[6][2], tS = wall(), cS = cpu();
#define STAGE(k) (aT[k][0] = wall() - tS, aT[k][1] = cpu() - cS, tS = wall(), cS = cpu())
    if (pr_batch_load_config(b, zPolicy, zIndex) || pr_batch_read(b) || (STAGE(0), pr_cycle_load(b, &cyc))
        || (STAGE(1), pr_batch_compute(b))) {
        fprintf(stderr, "floor: %s\n", b->err.zMsg);
        return 2;
    }
    STAGE(2);
    pr_banks banks;
    pr_banks_build(b, &banks);
    STAGE(3);
    B = b;
    K = &banks;
    prepare_banks();
    prepare_notices();
    pr_changes *pChanges = NULL;
    if (cyc.zPrev) {   /* the 变动 sheet's rows, as payrun's changes stage finds them */
        pr_err e;
        memset(&e, 0, sizeof(e));
        if (!(pChanges = pr_changes_compute(b, cyc.zPrev, &e))) {
            fprintf(stderr, "floor: %s\n", e.zMsg);
            return 2;
        }
        C = pChanges;
    }
    STAGE(4);
    prepare_lines();
    prepare_cycle();
    prepare_words();
    STAGE(5);
#undef STAGE
    fprintf(stderr, "floor: stages (wall/CPU s) read=%.3f/%.3f cycle_load=%.3f/%.3f compute=%.3f/%.3f "
            "banks=%.3f/%.3f notices+changes=%.3f/%.3f cells=%.3f/%.3f\n", aT[0][0], aT[0][1], aT[1][0], aT[1][1],
            aT[2][0], aT[2][1], aT[3][0], aT[3][1], aT[4][0], aT[4][1], aT[5][0], aT[5][1]);
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
    free(azRet);
    free(azAdj);
    free(azPeriod);
    free(aStatText);
    free(aArrText);
    free(aAdjText);
    free(aRecText);
    free(aChgText);
    if (pChanges) pr_changes_free(pChanges);
    return 0;
}
