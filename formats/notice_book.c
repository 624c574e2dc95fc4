/*
 * notice_book.c - the 公示 workbook of one district: a sheet per town (a
 * blank town on the sheet 未填乡镇), the title, a header row repeated on
 * every printed page, one row per paid DIBAO household (the head's masked
 * name, household size, 全户保/单人保, amount, village) and per TEKUN
 * person paid to their own account (分散供养), in the order town,
 * programme, beneficiary id (byte order); below them the counts, the notice
 * period and the complaint telephone, which the page footer repeats with
 * the page numbers. A4 portrait.
 */
#include "formats/notice_book.h"
#include "formats/xlsx_util.h"
#include "model/calendar.h"
#include "model/mask.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { NCOL = 7, C_PERSONS = 4, C_AMOUNT = 6 };

static const char *const azHead[NCOL] = {
    "序号", "村（居）", "姓名", "救助类别", "保障人数", "保障类型", "月发放金额(元)"
};
static const double aWidth[NCOL] = { 6, 20, 10, 14, 9, 10, 15 };

#define BLANK_TOWN "未填乡镇"
#define BLANK_FILL "＿＿＿＿＿＿"   /* a period or telephone to fill in by hand */
#define SHEET_MAX 31                /* Excel's characters in a sheet name */
#define SHEET_BYTES 128             /* bytes of a sheet name: 31 characters of up to 4 */

/* The settings of one district's notice. */
typedef struct notice_cfg {
    int bMask;                 /* mask the names */
    const char *zPeriod;       /* notice period, borrowed; BLANK_FILL if unset */
    const char *zPhone;        /* complaint telephone, borrowed; BLANK_FILL if unset */
    char zTitle[256];          /* "<district> <YYYY-MM> 最低生活保障和特困人员供养公示" */
} notice_cfg;

/* The formats of the notice (the workbook's). */
typedef struct notice_fmt {
    lxw_format *pTitle;        /* the title row: large, bold, centred */
    lxw_format *pCell;         /* a bordered text cell */
    lxw_format *pCenter;       /* a bordered centred cell */
    lxw_format *pMoney;        /* a bordered amount */
} notice_fmt;

/* Whether line l goes on the notice: this month's entitlement (REGULAR) of
 * DIBAO, and of TEKUN paid to the person. Re-issues, back pay and the like
 * are payments, not entitlements: the public list does not show them. */
static int listed(const pr_line *l)
{
    if (l->eType != LT_REGULAR) return 0;
    if (l->eProg == PROG_DIBAO) return 1;
    return l->eProg == PROG_TEKUN && l->pRec && l->pRec->eMode == MODE_DISPERSED;
}

void pr_notice_book_name(const pr_batch *p, int d, char *zOut, size_t nOut)
{
    char zName[160];
    pr_safe_name(p->aDistrict[d].zName, zName, sizeof(zName));
    snprintf(zOut, nOut, "公示-%06d-%s.xlsx", p->aDistrict[d].iCode, zName);
}

/* The district's run [*piFirst, *piEnd) of the sorted ledger. */
static void district_run(const pr_batch *p, int d, int *piFirst, int *piEnd)
{
    int iCode = p->aDistrict[d].iCode, i = 0;
    while (i < p->nLine && p->aLine[i].iDistrict < iCode) i++;
    *piFirst = i;
    while (i < p->nLine && p->aLine[i].iDistrict == iCode) i++;
    *piEnd = i;
}

int pr_notice_book_lines(const pr_batch *p, int d)
{
    int iFirst, iEnd, n = 0;
    district_run(p, d, &iFirst, &iEnd);
    for (int i = iFirst; i < iEnd; i++) n += listed(&p->aLine[i]);
    return n;
}

/* Notice order: town, programme, beneficiary id, in byte order. */
static int cmp_notice(const void *a, const void *b)
{
    const pr_line *x = *(const pr_line *const *)a, *y = *(const pr_line *const *)b;
    int c = strcmp(x->zTown, y->zTown);
    if (c) return c;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    return strcmp(x->zBeneficiary, y->zBeneficiary);
}

/* The text of notice key e for district d, or NULL if no row applies. */
static const char *notice_text(const pr_batch *p, int d, pr_notice_key e)
{
    const pr_prow *r = pr_policy_lookup(p->pPolicy, pr_key_notice(e), p->aDistrict[d].iCode, AREA_NONE, p->iMonth);
    return r ? r->zValue : NULL;
}

static void notice_config(const pr_batch *p, int d, notice_cfg *c)
{
    char zMonth[8];
    const pr_prow *r = pr_policy_lookup(p->pPolicy, pr_key_notice(NK_MASK_NAMES), p->aDistrict[d].iCode, AREA_NONE,
                                        p->iMonth);
    c->bMask = r ? r->v != 0 : 1;
    c->zPeriod = notice_text(p, d, NK_PERIOD);
    if (!c->zPeriod) c->zPeriod = BLANK_FILL;
    c->zPhone = notice_text(p, d, NK_PHONE);
    if (!c->zPhone) c->zPhone = BLANK_FILL;
    pr_month_format(p->iMonth, zMonth);
    snprintf(c->zTitle, sizeof(c->zTitle), "%s %s 最低生活保障和特困人员供养公示", p->aDistrict[d].zName, zMonth);
}

/* Characters (UTF-8 lead bytes) of z. */
static int char_count(const char *z)
{
    int n = 0;
    for (; *z; z++) n += ((unsigned char)*z & 0xC0) != 0x80;
    return n;
}

/* A valid Excel sheet name for zTown into zOut (SHEET_BYTES): the
 * characters Excel refuses replaced by `_`, no apostrophe at either end, at
 * most SHEET_MAX characters with room kept for the "(n)" that makes it
 * unique among the nUsed names of azUsed (case-insensitively, as Excel
 * compares them). */
static void sheet_name(const char *zTown, char azUsed[][SHEET_BYTES], int nUsed, char *zOut)
{
    char zBase[SHEET_BYTES];
    size_t k = 0;
    int nChar = 0;
    if (!zTown[0]) zTown = BLANK_TOWN;
    for (const char *z = zTown; *z && nChar < SHEET_MAX; z++) {
        unsigned char c = (unsigned char)*z;
        int bLead = (c & 0xC0) != 0x80;
        if (bLead && k + 5 > sizeof(zBase)) break;
        if (bLead) nChar++;
        zBase[k++] = (c < 0x20 || strchr("[]:*?/\\", c)) ? '_' : (char)c;
    }
    zBase[k] = 0;
    while (k > 0 && zBase[k - 1] == '\'') zBase[--k] = 0;
    char *zStart = zBase;
    while (*zStart == '\'') zStart++;
    if (!*zStart) zStart = BLANK_TOWN;
    for (int n = 1;; n++) {
        char zSuffix[16] = "";
        if (n > 1) snprintf(zSuffix, sizeof(zSuffix), "(%d)", n);
        /* cut the base, between characters, to leave room for the suffix */
        int nMax = SHEET_MAX - (int)strlen(zSuffix), nC = 0;
        size_t m = 0;
        for (; zStart[m]; m++) {
            if (((unsigned char)zStart[m] & 0xC0) != 0x80 && ++nC > nMax) break;
        }
        snprintf(zOut, SHEET_BYTES, "%.*s%s", (int)m, zStart, zSuffix);
        int bTaken = strcasecmp(zOut, "History") == 0;
        for (int i = 0; i < nUsed && !bTaken; i++) bTaken = strcasecmp(azUsed[i], zOut) == 0;
        if (!bTaken) break;
    }
}

/* Doubles each `&` of z into zOut (nOut bytes), for a page footer. */
static void footer_escape(const char *z, char *zOut, size_t nOut)
{
    size_t k = 0;
    for (; *z && k + 3 < nOut; z++) {
        if (*z == '&') zOut[k++] = '&';
        zOut[k++] = *z;
    }
    zOut[k] = 0;
}

/* A4 portrait, fit to the page width, the title, town and header rows
 * repeated on every page; the footer has the period and telephone (if they
 * fit Excel's 255 characters) and "第 &P 页 共 &N 页". */
static void print_setup(pr_book *b, lxw_worksheet *ws, const notice_cfg *c, uint32_t iHeadRow)
{
    char zPeriod[256], zPhone[256], zFooter[1024];
    worksheet_set_portrait(ws);
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_center_horizontally(ws);
    pr_book_check(b, worksheet_repeat_rows(ws, 0, (lxw_row_t)iHeadRow));
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.8);
    footer_escape(c->zPeriod, zPeriod, sizeof(zPeriod));
    footer_escape(c->zPhone, zPhone, sizeof(zPhone));
    snprintf(zFooter, sizeof(zFooter), "&L公示期：%s  监督电话：%s&R第 &P 页 共 &N 页", zPeriod, zPhone);
    if (char_count(zFooter) > 255) snprintf(zFooter, sizeof(zFooter), "&C第 &P 页 共 &N 页");
    pr_book_check(b, worksheet_set_footer(ws, zFooter));
}

/* nFen as yuan the way the notice board shows money: thousands separated,
 * two decimals ("5,479.00"), into zOut (nOut bytes, at least 32). */
static void yuan_text(int64_t nFen, char *zOut, size_t nOut)
{
    char zDigits[32], z[48];
    uint64_t u = nFen < 0 ? (uint64_t)0 - (uint64_t)nFen : (uint64_t)nFen;
    int n = snprintf(zDigits, sizeof(zDigits), "%llu", (unsigned long long)(u / 100));
    size_t k = 0;
    if (nFen < 0) z[k++] = '-';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) z[k++] = ',';
        z[k++] = zDigits[i];
    }
    snprintf(z + k, sizeof(z) - k, ".%02u", (unsigned)(u % 100));
    snprintf(zOut, nOut, "%s", z);
}

/* Writes one bordered row of the table for line l. */
static void write_row(pr_book *b, const notice_fmt *f, lxw_worksheet *ws, uint32_t iRow, int iSeq,
                      const pr_line *l, const notice_cfg *c)
{
    char zMasked[256];
    const char *zName = l->zName;
    if (c->bMask) {
        pr_mask_name(l->zName, zMasked, sizeof(zMasked));
        zName = zMasked;
    }
    int bDibao = l->eProg == PROG_DIBAO;
    pr_book_check(b, worksheet_write_number(ws, iRow, 0, iSeq, f->pCenter));
    pr_book_check(b, worksheet_write_string(ws, iRow, 1, l->zVillage, f->pCell));
    pr_book_check(b, worksheet_write_string(ws, iRow, 2, zName, f->pCenter));
    pr_book_check(b, worksheet_write_string(ws, iRow, 3, bDibao ? "最低生活保障" : "特困人员供养", f->pCenter));
    pr_book_check(b, worksheet_write_number(ws, iRow, C_PERSONS, l->nPersons, f->pCenter));
    const char *zKind = !bDibao ? "分散供养" : l->pRec && l->pRec->bSingle ? "单人保" : "全户保";
    pr_book_check(b, worksheet_write_string(ws, iRow, 5, zKind, f->pCenter));
    pr_book_check(b, worksheet_write_number(ws, iRow, C_AMOUNT, (double)(l->nAmount + l->nOffset) / 100.0, f->pMoney));
}

/* Writes the sheet of one town: lines apLine[0..n). */
static void write_sheet(pr_book *b, const notice_fmt *f, const char *zSheet, const char *zTown,
                        const pr_line *const *apLine, int n, const notice_cfg *c)
{
    char z[512], zDibao[32], zTekun[32];
    lxw_worksheet *ws = pr_book_sheet(b, zSheet);
    if (!ws) return;
    print_setup(b, ws, c, 2);
    pr_book_check(b, worksheet_merge_range(ws, 0, 0, 0, NCOL - 1, c->zTitle, f->pTitle));
    pr_book_check(b, worksheet_set_row(ws, 0, 28, NULL));
    snprintf(z, sizeof(z), "乡镇（街道）：%s", zTown[0] ? zTown : BLANK_TOWN);
    pr_book_check(b, worksheet_write_string(ws, 1, 0, z, NULL));
    pr_book_header_at(b, ws, 2, azHead, aWidth, NCOL);
    uint32_t iRow = 3;
    int nHouse = 0, nDibaoPersons = 0, nTekun = 0;
    int64_t nDibaoFen = 0, nTekunFen = 0;
    for (int i = 0; i < n; i++, iRow++) {
        const pr_line *l = apLine[i];
        write_row(b, f, ws, iRow, i + 1, l, c);
        /* the entitlement, before any recovery is set against it */
        if (l->eProg == PROG_DIBAO) { nHouse++; nDibaoPersons += l->nPersons; nDibaoFen += l->nAmount + l->nOffset; }
        else { nTekun++; nTekunFen += l->nAmount + l->nOffset; }
    }
    yuan_text(nDibaoFen, zDibao, sizeof(zDibao));
    yuan_text(nTekunFen, zTekun, sizeof(zTekun));
    iRow++;
    snprintf(z, sizeof(z), "合计：最低生活保障 %d 户 %d 人，月发放 %s 元；特困人员（分散供养）%d 人，月发放 %s 元。",
             nHouse, nDibaoPersons, zDibao, nTekun, zTekun);
    pr_book_check(b, worksheet_write_string(ws, iRow++, 0, z, NULL));
    snprintf(z, sizeof(z), "公示期：%s    监督电话：%s", c->zPeriod, c->zPhone);
    pr_book_check(b, worksheet_write_string(ws, iRow++, 0, z, NULL));
    pr_book_check(b, worksheet_write_string(ws, iRow, 0, "如对公示对象有异议，请在公示期内向所在乡镇（街道）或区民政部门反映。", NULL));
}

/* Adds the notice's formats to the workbook. */
static void add_formats(pr_book *b, notice_fmt *f)
{
    f->pTitle = workbook_add_format(b->pWb);
    format_set_bold(f->pTitle);
    format_set_font_size(f->pTitle, 16);
    format_set_align(f->pTitle, LXW_ALIGN_CENTER);
    format_set_align(f->pTitle, LXW_ALIGN_VERTICAL_CENTER);
    f->pCell = workbook_add_format(b->pWb);
    format_set_border(f->pCell, LXW_BORDER_THIN);
    f->pCenter = workbook_add_format(b->pWb);
    format_set_border(f->pCenter, LXW_BORDER_THIN);
    format_set_align(f->pCenter, LXW_ALIGN_CENTER);
    f->pMoney = workbook_add_format(b->pWb);
    format_set_border(f->pMoney, LXW_BORDER_THIN);
    format_set_num_format(f->pMoney, "#,##0.00");
}

pr_error pr_notice_book_write(const pr_batch *p, int d, const char *zPath, const char *zTmpDir, pr_err *pErr)
{
    pr_book b;
    notice_cfg c;
    notice_fmt f;
    const pr_line **apLine = NULL;     /* the listed lines, in notice order; owned */
    char (*azUsed)[SHEET_BYTES] = NULL;   /* the sheet names so far; owned */
    int iFirst, iEnd, n = 0, nSheet = 0;
    pr_error rc = PR_OK;
    memset(&b, 0, sizeof(b));
    notice_config(p, d, &c);
    district_run(p, d, &iFirst, &iEnd);
    apLine = malloc((size_t)(iEnd - iFirst + 1) * sizeof(*apLine));
    azUsed = malloc((size_t)(iEnd - iFirst + 1) * sizeof(*azUsed));
    if (!apLine || !azUsed) { rc = pr_err_nomem(pErr, "writing a 公示 notice"); goto cleanup; }
    for (int i = iFirst; i < iEnd; i++)
        if (listed(&p->aLine[i])) apLine[n++] = &p->aLine[i];
    qsort(apLine, (size_t)n, sizeof(*apLine), cmp_notice);
    if (pr_book_open(&b, zPath, zTmpDir, c.zTitle, p->iMonth) == 0) {
        add_formats(&b, &f);
        for (int i = 0, j; i < n; i = j) {
            for (j = i + 1; j < n && strcmp(apLine[j]->zTown, apLine[i]->zTown) == 0; j++) {}
            sheet_name(apLine[i]->zTown, azUsed, nSheet, azUsed[nSheet]);
            write_sheet(&b, &f, azUsed[nSheet], apLine[i]->zTown, apLine + i, j - i, &c);
            nSheet++;
        }
        if (nSheet == 0) {
            lxw_worksheet *ws = pr_book_sheet(&b, "无公示");
            if (ws) pr_book_check(&b, worksheet_write_string(ws, 0, 0, "本月本区无公示对象。", NULL));
        }
    }
    rc = pr_book_close(&b, pErr);
cleanup:
    free(apLine);
    free(azUsed);
    return rc;
}
