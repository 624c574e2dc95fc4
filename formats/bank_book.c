/*
 * bank_book.c - one disbursement (代发) workbook per bank: a control sheet
 * with the record count and total the bank checks (and the lines and money
 * of each line type), and the detail sheet with one row per bank row: a
 * payee's lines of every type for one programme, district, bank and account
 * summed, as rules/payref.c numbers them, with the row's 付款编号.
 */
#include "formats/bank_book.h"
#include "formats/district_book.h"
#include "formats/xlsx_util.h"
#include "model/calendar.h"
#include "io/keymerge.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *bank_of(const pr_line *l) { return l->zBank[0] ? l->zBank : "未填开户银行"; }

const char *pr_bank_of_line(const pr_line *l) { return bank_of(l); }

/*
 * The bank lines' order: bank name, programme, district code, account,
 * payee, the bank as the ledger has it, line index. The book of a bank
 * holds the lines of its name, with those of no bank under 未填开户银行;
 * the raw bank is part of a row's key (rules/payref.c pr_same_bank_row
 * numbers the rows of one district and programme by account, payee and
 * raw bank), so a blank bank and a bank really named 未填开户银行 are two
 * rows with two pay_refs, kept apart by the sort. A qsort of the line indices whose comparator read the
 * 160-byte lines and their strings missed the cache on every comparison.
 * Instead, one pass over the lines finds each line's (bank, programme,
 * district) group, of which there are few; the groups are ranked with the
 * full comparison and the lines placed by the rank of their group (a
 * counting sort). Each group, small enough for the cache, is then sorted on
 * keys that hold the first ACCT_KEY_BYTES bytes of its accounts, packed to
 * compare as strcmp does; a line is read again only when two keys tie.
 * The keys are made when a group is sorted rather than kept from the first
 * pass: a fresh page costs a page fault, dearer here than reading the
 * account again with the next ones prefetched.
 */
#define ACCT_KEY_BYTES 24

/* One (bank, programme, district) group. */
typedef struct bank_group {
    const pr_line *pLine;     /* its first line: its bank, programme and district */
    int iId;                  /* the order in which it was found */
    int nLine;                /* lines in it */
} bank_group;

/* The groups found so far, with an open-addressing table to find them. */
typedef struct group_tab {
    bank_group *aGroup;       /* by id (until sorted); owned */
    int nGroup, nGroupCap;    /* used and allocated */
    int *aiSlot;              /* group id + 1, 0 if free; owned */
    uint32_t nSlot;           /* size of aiSlot, a power of two */
} group_tab;

static uint32_t group_hash(const pr_line *l)
{
    uint64_t h = pr_hash_str(PR_HASH_SEED, bank_of(l));
    h = pr_hash_u64(h, (uint64_t)l->eProg << 32 | (uint32_t)l->iDistrict);
    return (uint32_t)(h ^ h >> 32);
}

/* The order of the groups: bank name, programme, district code. */
static int cmp_group_of(const pr_line *x, const pr_line *y)
{
    int c = strcmp(bank_of(x), bank_of(y));
    if (c) return c;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    return (x->iDistrict > y->iDistrict) - (x->iDistrict < y->iDistrict);
}

static int cmp_group(const void *a, const void *b)
{
    return cmp_group_of(((const bank_group *)a)->pLine, ((const bank_group *)b)->pLine);
}

/* Doubles the table (to 64 slots at first) and places every group again. */
static int group_grow(group_tab *t)
{
    uint32_t nSlot = t->nSlot ? t->nSlot * 2 : 64;
    int *ai = calloc(nSlot, sizeof(*ai));
    if (!ai) return -1;
    for (int g = 0; g < t->nGroup; g++) {
        uint32_t h = group_hash(t->aGroup[g].pLine) & (nSlot - 1);
        while (ai[h]) h = (h + 1) & (nSlot - 1);
        ai[h] = g + 1;
    }
    free(t->aiSlot);
    t->aiSlot = ai;
    t->nSlot = nSlot;
    return 0;
}

/* Counts line l in its group, adding the group if new. Returns the group's
 * id or -1 if out of memory. */
static int group_add(group_tab *t, const pr_line *l)
{
    if ((uint32_t)t->nGroup * 2 >= t->nSlot && group_grow(t)) return -1;
    uint32_t h = group_hash(l) & (t->nSlot - 1);
    for (; t->aiSlot[h]; h = (h + 1) & (t->nSlot - 1)) {
        bank_group *g = &t->aGroup[t->aiSlot[h] - 1];
        if (cmp_group_of(g->pLine, l) == 0) {
            g->nLine++;
            return g->iId;
        }
    }
    if (t->nGroup == t->nGroupCap) {
        int nNew = t->nGroupCap ? t->nGroupCap * 2 : 64;
        bank_group *a = realloc(t->aGroup, (size_t)nNew * sizeof(*a));
        if (!a) return -1;
        t->aGroup = a;
        t->nGroupCap = nNew;
    }
    bank_group *g = &t->aGroup[t->nGroup];
    g->pLine = l;
    g->iId = t->nGroup;
    g->nLine = 1;
    t->aiSlot[h] = ++t->nGroup;
    return g->iId;
}

/* With t's groups sorted: puts the line indices into pBanks->aiLine by the
 * rank of their group (aiGroup[i] is line i's group id), keeping the line
 * order inside a group, and records where each bank starts. 0 or -1. */
static int place_lines(const pr_batch *p, const group_tab *t, const int *aiGroup, pr_banks *pBanks)
{
    int *aiNext = malloc(((size_t)t->nGroup + 1) * sizeof(*aiNext));   /* by group id */
    pBanks->aiStart = malloc(((size_t)t->nGroup + 1) * sizeof(int));
    if (!aiNext || !pBanks->aiStart) { free(aiNext); return -1; }
    int iStart = 0;
    for (int r = 0; r < t->nGroup; r++) {
        const bank_group *g = &t->aGroup[r];
        if (r == 0 || strcmp(bank_of(g->pLine), bank_of(t->aGroup[r - 1].pLine)) != 0)
            pBanks->aiStart[pBanks->nBank++] = iStart;
        aiNext[g->iId] = iStart;
        iStart += g->nLine;
    }
    pBanks->aiStart[pBanks->nBank] = p->nLine;
    for (int i = 0; i < p->nLine; i++) pBanks->aiLine[aiNext[aiGroup[i]]++] = i;
    free(aiNext);
    return 0;
}

/* The pass over the lines: line i's group id into aiGroup[i]. The bank
 * names are read a few lines ahead of their use. Returns 0 or -1. */
static int group_lines(const pr_batch *p, group_tab *t, int *aiGroup)
{
    for (int i = 0; i < p->nLine; i++) {
        if (i + 8 < p->nLine) PR_PREFETCH(p->aLine[i + 8].zBank);
        if ((aiGroup[i] = group_add(t, &p->aLine[i])) < 0) return -1;
    }
    return 0;
}

/* Two lines of a group whose account keys are equal: the rest of the
 * accounts if both go on past the key, then payee, then the raw bank, then
 * line index. */
static int bank_tie(const pr_mergekey *x, const pr_mergekey *y)
{
    const pr_line *l = x->pItem, *m = y->pItem;
    int c;
    if ((x->k2 & 0xff) && (c = strcmp(l->zAccount + ACCT_KEY_BYTES, m->zAccount + ACCT_KEY_BYTES))) return c;
    if ((c = strcmp(l->zPayee, m->zPayee))) return c;
    if ((c = strcmp(l->zBank, m->zBank))) return c;
    return (l > m) - (l < m);
}

/* The account keys of the n lines ai[0,n) into aKey, fetching each
 * line and its account some keys ahead. */
static void group_keys(const pr_batch *p, const int *ai, int n, pr_mergekey *aKey)
{
    for (int k = 0; k < n; k++) {
        if (k + 16 < n) PR_PREFETCH(&p->aLine[ai[k + 16]].zAccount);
        if (k + 8 < n) PR_PREFETCH(p->aLine[ai[k + 8]].zAccount);
        const pr_line *l = &p->aLine[ai[k]];
        const char *z = l->zAccount;
        aKey[k].k0 = pr_str_bytes(&z, 8);
        aKey[k].k1 = pr_str_bytes(&z, 8);
        aKey[k].k2 = pr_str_bytes(&z, 8);
        aKey[k].pItem = l;
    }
}

/* Sorts each group's run of aiLine by account, payee and line index, in
 * buffers sized for the largest group. 0 or -1. */
static int sort_groups(const pr_batch *p, const group_tab *t, int *aiLine)
{
    int nMax = 0;
    for (int r = 0; r < t->nGroup; r++)
        if (t->aGroup[r].nLine > nMax) nMax = t->aGroup[r].nLine;
    pr_mergekey *aKey = malloc(((size_t)nMax + 1) * sizeof(*aKey));
    pr_mergekey *aTmp = malloc(((size_t)nMax / 2 + 1) * sizeof(*aTmp));
    if (!aKey || !aTmp) { free(aKey); free(aTmp); return -1; }
    for (int r = 0, iStart = 0; r < t->nGroup; iStart += t->aGroup[r++].nLine) {
        int n = t->aGroup[r].nLine, *ai = aiLine + iStart;
        group_keys(p, ai, n, aKey);
        pr_keymerge_in(aKey, (size_t)n, aTmp, bank_tie);
        for (int k = 0; k < n; k++) ai[k] = (int)((const pr_line *)aKey[k].pItem - p->aLine);
    }
    free(aKey);
    free(aTmp);
    return 0;
}

int pr_banks_build(const pr_batch *p, pr_banks *pBanks)
{
    int rc = -1;
    group_tab t;
    memset(&t, 0, sizeof(t));
    memset(pBanks, 0, sizeof(*pBanks));
    int *aiGroup = malloc(((size_t)p->nLine + 1) * sizeof(*aiGroup));   /* by line */
    pBanks->aiLine = malloc(((size_t)p->nLine + 1) * sizeof(int));
    if (!aiGroup || !pBanks->aiLine || group_lines(p, &t, aiGroup)) goto cleanup;
    if (t.nGroup > 1) qsort(t.aGroup, (size_t)t.nGroup, sizeof(*t.aGroup), cmp_group);
    if (place_lines(p, &t, aiGroup, pBanks) || sort_groups(p, &t, pBanks->aiLine)) goto cleanup;
    rc = 0;
cleanup:
    free(aiGroup);
    free(t.aGroup);
    free(t.aiSlot);
    return rc;
}

void pr_banks_clear(pr_banks *pBanks)
{
    free(pBanks->aiLine);
    free(pBanks->aiStart);
    memset(pBanks, 0, sizeof(*pBanks));
}

const char *pr_bank_name(const pr_batch *p, const pr_banks *pBanks, int b)
{
    return bank_of(&p->aLine[pBanks->aiLine[pBanks->aiStart[b]]]);
}

void pr_bank_book_file(const char *zBank, char *zOut, size_t nOut)
{
    char zName[200];
    pr_safe_name(zBank, zName, sizeof(zName));
    snprintf(zOut, nOut, "bank-%s.xlsx", zName);
}

void pr_bank_book_name(const pr_batch *p, const pr_banks *pBanks, int b, char *zOut, size_t nOut)
{
    pr_bank_book_file(pr_bank_name(p, pBanks, b), zOut, nOut);
}

enum { NCOL = 10, C_PAYREF = 1, C_AMOUNT = 5, C_LINES = 8 };
static const char *const azHead[NCOL] = {
    "序号", "付款编号", "账号", "户名", "身份证号", "金额(元)", "项目", "区划", "笔数", "备注"
};
static const double aWidth[NCOL] = { 7, 22, 24, 14, 20, 13, 20, 8, 6, 40 };

/* Whether two sorted lines go into one disbursement row: the key of
 * rules/payref.c (pr_same_bank_row within a district and programme), so
 * that a row is exactly the lines of one pay_ref. */
static int same_row(const pr_line *a, const pr_line *b)
{
    return a->eProg == b->eProg && a->iDistrict == b->iDistrict && strcmp(a->zAccount, b->zAccount) == 0
        && strcmp(a->zPayee, b->zPayee) == 0 && strcmp(a->zBank, b->zBank) == 0;
}

/* The remark of a row whose lines are ai[i, j): month and programme, then
 * the lines that pay for another month or again ("含重发 2023-07"), at
 * most three, then "等". */
void pr_bank_row_remark(const pr_batch *p, const int *ai, int i, int j, const char *zMonth, char *z, size_t n)
{
    const pr_line *l = &p->aLine[ai[i]];
    const char *zProg = pr_prog_name_zh((pr_prog)l->eProg);
    size_t nMonth = strlen(zMonth), nProg = strlen(zProg), k = nMonth + 1 + nProg;
    if (k < n) {
        /* every row has one: without snprintf, whose parsing was most of the remark's cost */
        memcpy(z, zMonth, nMonth);
        z[nMonth] = ' ';
        memcpy(z + nMonth + 1, zProg, nProg + 1);
    } else {
        k = (size_t)snprintf(z, n, "%s %s", zMonth, zProg);
    }
    int nOther = 0;
    for (int x = i; x < j && k < n; x++) {
        const pr_line *m = &p->aLine[ai[x]];
        if (m->eType == LT_REGULAR || m->eType == LT_TEMPORARY) continue;   /* the programme says it */
        if (nOther == 3) { snprintf(z + k, n - k, "等"); break; }
        char zPeriod[8];
        pr_month_format(m->iPeriod, zPeriod);
        k += (size_t)snprintf(z + k, n - k, "%s%s %s", nOther ? "、" : "；含", pr_ltype_name_zh((pr_ltype)m->eType), zPeriod);
        nOther++;
    }
}

int pr_bank_row_end(const pr_batch *p, const pr_banks *pBanks, int b, int i)
{
    const pr_line *l = &p->aLine[pBanks->aiLine[i]];
    int j = i + 1, iEnd = pBanks->aiStart[b + 1];
    while (j < iEnd && same_row(l, &p->aLine[pBanks->aiLine[j]])) j++;
    return j;
}

typedef struct bank_sums {
    int64_t nRows, nLines, nFen;   /* as written */
    uint32_t iFirstRow, iLastRow;  /* data rows of the (last) detail sheet */
} bank_sums;

static lxw_worksheet *new_detail(pr_book *bk, const char *zBank, const char *zMonth, int iPart)
{
    char zSheet[40], zTitle[256];
    snprintf(zSheet, sizeof(zSheet), iPart ? "代发明细 (%d)" : "代发明细", iPart + 1);
    lxw_worksheet *ws = pr_book_sheet(bk, zSheet);
    if (!ws) return NULL;
    snprintf(zTitle, sizeof(zTitle), "%s %s 社会救助资金代发明细%s", zBank, zMonth, iPart ? "（续）" : "");
    pr_book_print_setup(bk, ws, zTitle);
    pr_book_header(bk, ws, azHead, aWidth, NCOL);
    return ws;
}

static void close_detail(pr_book *bk, lxw_worksheet *ws, uint32_t iRow, int64_t nLines, int64_t nFen)
{
    uint32_t iLast = iRow - 1;
    pr_book_check(bk, worksheet_autofilter(ws, 0, 0, iLast, NCOL - 1));
    pr_book_check(bk, worksheet_write_string(ws, iRow, 0, "合计", bk->pTotalLabel));
    pr_book_sum_fen(bk, ws, iRow, C_AMOUNT, 1, iLast, nFen);
    pr_book_sum_int(bk, ws, iRow, C_LINES, 1, iLast, nLines);
    pr_book_signatures(bk, ws, iRow + 1);
}

/* A bank's workbook being written (pr_bank_writer_open). */
struct pr_bank_writer {
    pr_book bk;                  /* the workbook */
    char zBank[200];             /* the bank, as the books name it */
    char zMonth[8];              /* "YYYY-MM" */
    char zTitle[256];            /* the control sheet's title */
    lxw_worksheet *wsCtl, *ws;   /* the control sheet and the detail sheet being filled */
    uint32_t iRow;               /* the detail sheet's next row */
    int iPart;                   /* detail sheets before it */
    int64_t nRows, nLines, nFen; /* written */
    int64_t nSheetLines, nSheetFen;  /* written into the detail sheet */
    pr_total aType[LT_COUNT];    /* lines and money of each line type */
    int32_t iDistrictShown;      /* the district zDistrict holds, -1 for none */
    char zDistrict[16];          /* its code, as the rows show it */
};

pr_bank_writer *pr_bank_writer_open(const pr_batch *p, const char *zBank, const char *zPath, const char *zTmpDir)
{
    pr_bank_writer *w = calloc(1, sizeof(*w));
    if (!w) return NULL;
    snprintf(w->zBank, sizeof(w->zBank), "%s", zBank);
    pr_month_format(p->iMonth, w->zMonth);
    snprintf(w->zTitle, sizeof(w->zTitle), "%s %s 社会救助资金代发", w->zBank, w->zMonth);
    w->iRow = 1;
    w->iDistrictShown = -1;
    /* a workbook that fails to open reports it at close */
    if (pr_book_open(&w->bk, zPath, zTmpDir, w->zTitle, p->iMonth)) return w;
    w->wsCtl = pr_book_sheet(&w->bk, "控制信息");
    if (w->wsCtl) w->ws = new_detail(&w->bk, w->zBank, w->zMonth, w->iPart);
    return w;
}

void pr_bank_writer_rows(pr_bank_writer *w, const pr_batch *p, const pr_banks *pBanks, int b, pr_total *aTotal)
{
    pr_book *bk = &w->bk;
    int iEnd = pBanks->aiStart[b + 1];
    for (int i = pBanks->aiStart[b]; w->ws && i < iEnd;) {
        const pr_line *l = &p->aLine[pBanks->aiLine[i]];
        int j = i;
        int64_t nRowFen = 0;
        while (j < iEnd && same_row(l, &p->aLine[pBanks->aiLine[j]])) {
            const pr_line *m = &p->aLine[pBanks->aiLine[j]];
            assert(m->iPaySeq == l->iPaySeq);   /* one row, one pay_ref */
            nRowFen += m->nAmount;
            if (m->eType < LT_COUNT) {
                w->aType[m->eType].nLines++;
                w->aType[m->eType].nFen += m->nAmount;
            }
            pr_total *t = &aTotal[pr_batch_district_index(p, m->iDistrict) * PROG_COUNT + m->eProg];
            t->nLines++;
            t->nPersons += m->nPersons;
            t->nFen += m->nAmount;
            j++;
        }
        if (w->iRow > pr_nSheetRows) {
            close_detail(bk, w->ws, w->iRow, w->nSheetLines, w->nSheetFen);
            if (!(w->ws = new_detail(bk, w->zBank, w->zMonth, ++w->iPart))) break;
            w->iRow = 1;
            w->nSheetLines = w->nSheetFen = 0;
        }
        char zRemark[160], zRef[PR_PAY_REF_LEN + 1];
        uint32_t iRow = w->iRow;
        if (l->iDistrict != w->iDistrictShown) {   /* a bank's rows come district by district */
            w->iDistrictShown = l->iDistrict;
            snprintf(w->zDistrict, sizeof(w->zDistrict), "%06d", l->iDistrict);
        }
        pr_bank_row_remark(p, pBanks->aiLine, i, j, w->zMonth, zRemark, sizeof(zRemark));
        pr_book_int(bk, w->ws, iRow, 0, w->nRows + 1);
        if (l->iPaySeq) {   /* 0 only before the rows are numbered */
            pr_pay_ref(p->iMonth, l, zRef);
            pr_book_fmt(bk, w->ws, iRow, C_PAYREF, zRef, bk->pCenter);
        }
        pr_book_text(bk, w->ws, iRow, 2, l->zAccount);
        pr_book_str(bk, w->ws, iRow, 3, l->zPayee);
        /* the payee's own ID when the payee is the person paid */
        if (strcmp(l->zPayee, l->zName) == 0) pr_book_text(bk, w->ws, iRow, 4, l->zPerson);
        pr_book_fen(bk, w->ws, iRow, C_AMOUNT, nRowFen);
        pr_book_fmt(bk, w->ws, iRow, 6, pr_prog_name_zh((pr_prog)l->eProg), bk->pIndent);
        pr_book_fmt(bk, w->ws, iRow, 7, w->zDistrict, bk->pCenter);
        pr_book_int(bk, w->ws, iRow, C_LINES, j - i);
        pr_book_fmt(bk, w->ws, iRow, 9, zRemark, bk->pIndent);
        w->nRows++;
        w->nLines += j - i;
        w->nSheetLines += j - i;
        w->nFen += nRowFen;
        w->nSheetFen += nRowFen;
        w->iRow++;
        i = j;
    }
}

/* The control sheet: the bank's count and total, then each line type's. */
static void write_control(pr_bank_writer *w)
{
    pr_book *bk = &w->bk;
    lxw_worksheet *wsCtl = w->wsCtl;
    pr_book_check(bk, worksheet_set_column(wsCtl, 0, 0, 18, NULL));
    pr_book_check(bk, worksheet_set_column(wsCtl, 1, 1, 30, NULL));
    pr_book_check(bk, worksheet_write_string(wsCtl, 0, 0, "代发控制信息", bk->pTitle));
    pr_book_check(bk, worksheet_write_string(wsCtl, 1, 0, "开户银行", NULL));
    pr_book_str(bk, wsCtl, 1, 1, w->zBank);
    pr_book_check(bk, worksheet_write_string(wsCtl, 2, 0, "发放月份", NULL));
    pr_book_str(bk, wsCtl, 2, 1, w->zMonth);
    pr_book_check(bk, worksheet_write_string(wsCtl, 3, 0, "代发记录数", NULL));
    pr_book_int(bk, wsCtl, 3, 1, w->nRows);
    pr_book_check(bk, worksheet_write_string(wsCtl, 4, 0, "发放笔数", NULL));
    pr_book_int(bk, wsCtl, 4, 1, w->nLines);
    pr_book_check(bk, worksheet_write_string(wsCtl, 5, 0, "代发总金额(元)", NULL));
    pr_book_fen(bk, wsCtl, 5, 1, w->nFen);
    pr_book_check(bk, worksheet_write_string(wsCtl, 6, 0, "明细工作表", NULL));
    char zNote[64];
    snprintf(zNote, sizeof(zNote), "%d", w->iPart + 1);
    pr_book_str(bk, wsCtl, 6, 1, zNote);
    /* the lines and money of each line type, adding up to the rows above */
    uint32_t iCtl = 8;
    pr_book_check(bk, worksheet_set_column(wsCtl, 2, 2, 18, NULL));
    pr_book_check(bk, worksheet_write_string(wsCtl, iCtl, 0, "发放类型", bk->pHead));
    pr_book_check(bk, worksheet_write_string(wsCtl, iCtl, 1, "笔数", bk->pHead));
    pr_book_check(bk, worksheet_write_string(wsCtl, iCtl, 2, "金额(元)", bk->pHead));
    for (int t = 0; t < LT_COUNT; t++) {
        if (w->aType[t].nLines == 0) continue;
        iCtl++;
        pr_book_str(bk, wsCtl, iCtl, 0, pr_ltype_name_zh((pr_ltype)t));
        pr_book_int(bk, wsCtl, iCtl, 1, w->aType[t].nLines);
        pr_book_fen(bk, wsCtl, iCtl, 2, w->aType[t].nFen);
    }
    iCtl++;
    pr_book_check(bk, worksheet_write_string(wsCtl, iCtl, 0, "合计", bk->pTotalLabel));
    pr_book_sum_int(bk, wsCtl, iCtl, 1, 9, iCtl - 1, w->nLines);
    pr_book_sum_fen(bk, wsCtl, iCtl, 2, 9, iCtl - 1, w->nFen);
    pr_book_signatures(bk, wsCtl, iCtl + 1);
    pr_book_print_setup(bk, wsCtl, w->zTitle);
}

pr_error pr_bank_writer_close(pr_bank_writer *w, pr_bank_tally *pTally, pr_err *pErr)
{
    if (!w) return pr_err_nomem(pErr, "writing a bank workbook");
    if (w->ws) close_detail(&w->bk, w->ws, w->iRow, w->nSheetLines, w->nSheetFen);
    if (w->ws && w->wsCtl) write_control(w);
    if (pTally) {
        pTally->nRows += w->nRows;
        pTally->nFen += w->nFen;
    }
    pr_error rc = pr_book_close(&w->bk, pErr);
    free(w);
    return rc;
}

pr_error pr_bank_book_write(const pr_batch *p, const pr_banks *pBanks, int b, const char *zPath,
                            const char *zTmpDir, pr_total *aTotal, pr_bank_tally *pTally, pr_err *pErr)
{
    pr_bank_writer *w = pr_bank_writer_open(p, pr_bank_name(p, pBanks, b), zPath, zTmpDir);
    if (w) pr_bank_writer_rows(w, p, pBanks, b, aTotal);
    return pr_bank_writer_close(w, pTally, pErr);
}
