/*
 * test_notice.c - the 公示 notice workbooks of the sample month: nothing of
 * a person beyond what the rule book allows (no ID number, no account, no
 * child, no disability), the title, masked names and amounts of every
 * district against the ledger lines, the print set-up, and
 * notice.mask_names 0 with the notice keys missing (full names, blanks to
 * fill in by hand). Run from the repository root.
 */
#include "run/read.h"
#include "rules/rules.h"
#include "formats/notice_book.h"
#include "model/mask.h"
#include "tests/testutil.h"
#include "tests/xlsxread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define SAMPLE_ROSTERS " --month 2023-08 --index samples/index.csv" \
    " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv" \
    " --disability samples/disability-with-type.csv --disability samples/disability-certificate-only.csv" \
    " --orphan samples/orphan-children.csv --max-reject-rate 5 --no-progress"

static pr_batch *pBatch;    /* the sample month computed in process: its lines are the ledger's */
static char zMasked[512];   /* month folder of the run with samples/policy.csv */
static char zFull[512];     /* month folder of the run with mask_names 0 and no period or phone */

/* samples/policy.csv without its notice rows, with notice.mask_names 0. */
static const char *full_names_policy(void)
{
    char *z = tu_read("samples/policy.csv");
    if (!z) return NULL;
    size_t n = strlen(z), k = 0;
    char *zOut = malloc(n + 128);
    if (!zOut) { free(z); return NULL; }
    for (char *zLine = z; *zLine;) {
        char *zEnd = strchr(zLine, '\n');
        size_t m = zEnd ? (size_t)(zEnd - zLine) + 1 : strlen(zLine);
        if (strncmp(zLine, "notice.", 7) != 0) { memcpy(zOut + k, zLine, m); k += m; }
        zLine += m;
    }
    k += (size_t)snprintf(zOut + k, 128, "notice.mask_names,*,*,2020-01,0,test\n");
    const char *zPath = tu_write("policy-full.csv", zOut, k);
    free(zOut);
    free(z);
    return zPath;
}

static int setup(void)
{
    const char *zBin = getenv("PAYRUN_BIN");
    char zCmd[4096];
    if (!zBin || !zBin[0]) zBin = "bin/payrun";
    pBatch = pr_batch_new(2023 * 12 + 7, 2, ENC_AUTO);
    static const struct { const char *zPath; pr_roster e; } aFile[] = {
        { "samples/dibao-chongchuan-tongzhou.csv", ROSTER_DIBAO }, { "samples/dibao-haimen-qidong.csv.gz", ROSTER_DIBAO },
        { "samples/dibao-rudong-rugao.csv", ROSTER_DIBAO }, { "samples/dibao-haian.csv.gz", ROSTER_DIBAO },
        { "samples/tekun-dispersed.csv", ROSTER_TEKUN }, { "samples/tekun-concentrated.csv", ROSTER_TEKUN },
        { "samples/disability-with-type.csv", ROSTER_DISABILITY },
        { "samples/disability-certificate-only.csv", ROSTER_DISABILITY }, { "samples/orphan-children.csv", ROSTER_ORPHAN },
    };
    for (size_t i = 0; i < sizeof(aFile) / sizeof(aFile[0]); i++) pr_batch_add_input(pBatch, aFile[i].zPath, aFile[i].e);
    pr_error err = pr_batch_load_config(pBatch, "samples/policy.csv", "samples/index.csv");
    if (!err) err = pr_batch_read(pBatch);
    if (!err) err = pr_batch_compute(pBatch);
    if (err) return -1;
    const char *zPolicy = full_names_policy();
    if (!zPolicy) return -1;
    snprintf(zMasked, sizeof(zMasked), "%s/nm/2023-08", tu_tmpdir());
    snprintf(zFull, sizeof(zFull), "%s/nf/2023-08", tu_tmpdir());
    snprintf(zCmd, sizeof(zCmd), "%s run --policy samples/policy.csv" SAMPLE_ROSTERS " --out %s/nm 2>/dev/null", zBin, tu_tmpdir());
    if (tu_sh("%s", zCmd) != 0) return -1;
    snprintf(zCmd, sizeof(zCmd), "%s run --policy %s" SAMPLE_ROSTERS " --out %s/nf 2>/dev/null", zBin, zPolicy, tu_tmpdir());
    return tu_sh("%s", zCmd) == 0 ? 0 : -1;
}

static int teardown(void)
{
    pr_batch_free(pBatch);
    return 0;
}

/* Whether line l is on the notice: DIBAO, TEKUN paid to the person. */
static int listed(const pr_line *l)
{
    return l->eProg == PROG_DIBAO || (l->eProg == PROG_TEKUN && l->pRec->eMode == MODE_DISPERSED);
}

/* The path of district d's notice in month folder zDir (static buffer). */
static const char *notice_path(const char *zDir, int d)
{
    static char zPath[1024];
    char zName[256];
    pr_notice_book_name(pBatch, d, zName, sizeof(zName));
    snprintf(zPath, sizeof(zPath), "%s/%s", zDir, zName);
    return zPath;
}

/* Whether z holds 17 digits then a digit or X: an ID number. */
static int has_id_number(const char *z)
{
    int nRun = 0;
    for (; *z; z++) {
        if (nRun >= 17 && (*z == 'X' || *z == 'x')) return 1;
        nRun = (*z >= '0' && *z <= '9') ? nRun + 1 : 0;
        if (nRun >= 18) return 1;
    }
    return 0;
}

/* Every part of every notice of zDir, raw XML: no ID number, no account,
 * no word of the parts a notice leaves out. */
static void scan_parts(const char *zDir)
{
    static const char *const azWord[] = { "残疾", "孤儿", "身份证", "账号", "开户", "银行", "收入", "护理" };
    for (int d = 0; d < pBatch->nDistrict; d++) {
        const char *zPath = notice_path(zDir, d);
        int nSheet = xr_count(zPath, "xl/worksheets/sheet");
        CU_ASSERT(nSheet >= 1);
        for (int s = 0; s <= nSheet + 2; s++) {
            char zPart[64];
            if (s < nSheet) snprintf(zPart, sizeof(zPart), "xl/worksheets/sheet%d.xml", s + 1);
            else snprintf(zPart, sizeof(zPart), "%s", s == nSheet ? "xl/workbook.xml" : s == nSheet + 1 ? "docProps/core.xml" : "docProps/app.xml");
            char *z = xr_part(zPath, zPart);
            CU_ASSERT_PTR_NOT_NULL_FATAL(z);
            CU_ASSERT_FALSE(has_id_number(z));
            for (int i = 0; i < pBatch->nLine; i++) {
                const pr_line *l = &pBatch->aLine[i];
                if (l->zAccount[0] && strstr(z, l->zAccount)) { CU_FAIL("an account on a notice"); break; }
                if (strstr(z, l->zPerson)) { CU_FAIL("an ID number on a notice"); break; }
            }
            for (size_t w = 0; w < sizeof(azWord) / sizeof(azWord[0]); w++) CU_ASSERT_PTR_NULL(strstr(z, azWord[w]));
            free(z);
        }
    }
}

static void test_no_ids_no_accounts(void)
{
    CU_ASSERT_FALSE(has_id_number("3206121962050563"));
    CU_ASSERT_TRUE(has_id_number("<t>11010519491231002X</t>"));
    scan_parts(zMasked);
    scan_parts(zFull);
}

/* The name cells (column C from row 4) of every sheet of a notice,
 * appended to azOut (borrowed from the book). Returns their count. */
static int name_cells(xr_book *b, const char **azOut, int nMax)
{
    char zErr[256], zRef[32];
    int n = 0;
    for (int s = 0; s < xr_sheet_count(b); s++) {
        const xr_sheet *pS = xr_sheet_get(b, xr_sheet_name(b, s), zErr, sizeof(zErr));
        CU_ASSERT_PTR_NOT_NULL_FATAL(pS);
        for (int r = 4;; r++) {
            snprintf(zRef, sizeof(zRef), "C%d", r);
            const xr_cell *c = xr_cell_at(pS, zRef);
            if (!c) break;
            if (n < nMax) azOut[n++] = c->zText;
        }
    }
    return n;
}

/* With full names shown: no ORPHAN child and no disability-allowance
 * person is on a notice, unless a listed person has the same name. */
static void test_no_children_no_disability(void)
{
    static const char *az[4096];
    char zErr[256];
    for (int d = 0; d < pBatch->nDistrict; d++) {
        xr_book *b = xr_open(notice_path(zFull, d), zErr, sizeof(zErr));
        CU_ASSERT_PTR_NOT_NULL_FATAL(b);
        int n = name_cells(b, az, 4096);
        for (int i = 0; i < pBatch->nLine; i++) {
            const pr_line *l = &pBatch->aLine[i];
            if (l->eProg != PROG_ORPHAN && l->eProg != PROG_DIS_LIVING && l->eProg != PROG_DIS_NURSING) continue;
            int bNamesake = 0;
            for (int k = 0; k < pBatch->nLine && !bNamesake; k++)
                bNamesake = listed(&pBatch->aLine[k]) && strcmp(pBatch->aLine[k].zName, l->zName) == 0;
            if (bNamesake) continue;
            for (int k = 0; k < n; k++) CU_ASSERT_STRING_NOT_EQUAL(az[k], l->zName);
        }
        xr_close(b);
    }
}

/* The notice order (notice_book.c): town, programme, beneficiary id. */
static int cmp_notice(const void *a, const void *b)
{
    const pr_line *x = *(const pr_line *const *)a, *y = *(const pr_line *const *)b;
    int c = strcmp(x->zTown, y->zTown);
    if (c) return c;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    return strcmp(x->zBeneficiary, y->zBeneficiary);
}

/* Every district's notice in zDir against the ledger lines: sheets per
 * town, title, names (masked or not), persons, kind, amount, village. */
static void check_against_ledger(const char *zDir, int bMask)
{
    char zErr[256], zRef[32], zWant[512];
    const pr_line **ap = malloc((size_t)pBatch->nLine * sizeof(*ap));
    CU_ASSERT_PTR_NOT_NULL_FATAL(ap);
    for (int d = 0; d < pBatch->nDistrict; d++) {
        int n = 0;
        for (int i = 0; i < pBatch->nLine; i++)
            if (pBatch->aLine[i].iDistrict == pBatch->aDistrict[d].iCode && listed(&pBatch->aLine[i])) ap[n++] = &pBatch->aLine[i];
        qsort(ap, (size_t)n, sizeof(*ap), cmp_notice);
        xr_book *b = xr_open(notice_path(zDir, d), zErr, sizeof(zErr));
        CU_ASSERT_PTR_NOT_NULL_FATAL(b);
        snprintf(zWant, sizeof(zWant), "%s 2023-08 最低生活保障和特困人员供养公示", pBatch->aDistrict[d].zName);
        int k = 0;
        for (int s = 0; s < xr_sheet_count(b); s++) {
            const xr_sheet *pS = xr_sheet_get(b, xr_sheet_name(b, s), zErr, sizeof(zErr));
            CU_ASSERT_PTR_NOT_NULL_FATAL(pS);
            const xr_cell *c = xr_cell_at(pS, "A1");
            CU_ASSERT(c && strcmp(c->zText, zWant) == 0);
            for (int r = 4; (c = xr_cell_at(pS, (snprintf(zRef, sizeof(zRef), "C%d", r), zRef))) != NULL; r++, k++) {
                CU_ASSERT_FATAL(k < n);
                const pr_line *l = ap[k];
                char zName[256];
                if (bMask) pr_mask_name(l->zName, zName, sizeof(zName));
                else snprintf(zName, sizeof(zName), "%s", l->zName);
                CU_ASSERT_STRING_EQUAL(c->zText, zName);
                if (bMask && strlen(l->zName) > 3) CU_ASSERT_STRING_NOT_EQUAL(c->zText, l->zName);
                snprintf(zRef, sizeof(zRef), "G%d", r);
                c = xr_cell_at(pS, zRef);
                CU_ASSERT(c && c->eType == XR_NUMBER && (long long)(c->rValue * 100.0 + 0.5) == l->nAmount);
                snprintf(zRef, sizeof(zRef), "E%d", r);
                c = xr_cell_at(pS, zRef);
                CU_ASSERT(c && (int)c->rValue == l->nPersons);
                snprintf(zRef, sizeof(zRef), "F%d", r);
                c = xr_cell_at(pS, zRef);
                const char *zKind = l->eProg == PROG_TEKUN ? "分散供养" : l->pRec->bSingle ? "单人保" : "全户保";
                CU_ASSERT(c && strcmp(c->zText, zKind) == 0);
                snprintf(zRef, sizeof(zRef), "B%d", r);
                c = xr_cell_at(pS, zRef);
                CU_ASSERT(l->zVillage[0] ? c && strcmp(c->zText, l->zVillage) == 0 : !c || !c->zText[0]);
                /* the sheet is the town's */
                snprintf(zWant + 256, 256, "乡镇（街道）：%s", l->zTown[0] ? l->zTown : "未填乡镇");
                c = xr_cell_at(pS, "A2");
                CU_ASSERT(c && strcmp(c->zText, zWant + 256) == 0);
            }
        }
        CU_ASSERT_EQUAL(k, n);
        xr_close(b);
    }
    free(ap);
}

static void test_masked_matches_ledger(void)
{
    check_against_ledger(zMasked, 1);
}

/* 通州区, checked by hand (samples/EXPECTED.md, "公示"): its first sheet,
 * the print set-up and the footer. */
static void test_tongzhou_by_hand(void)
{
    char zErr[256];
    int d = pr_batch_district_index(pBatch, 320612);
    const char *zPath = notice_path(zMasked, d);
    CU_ASSERT_PTR_NOT_NULL(strstr(zPath, "/公示-320612-通州区.xlsx"));
    xr_book *b = xr_open(zPath, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_STRING_EQUAL(xr_sheet_name(b, 0), "东社镇");
    const xr_sheet *pS = xr_sheet_get(b, "东社镇", zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(pS);
    CU_ASSERT_STRING_EQUAL(xr_cell_at(pS, "A1")->zText, "通州区 2023-08 最低生活保障和特困人员供养公示");
    CU_ASSERT_STRING_EQUAL(xr_cell_at(pS, "C3")->zText, "姓名");
    CU_ASSERT_STRING_EQUAL(xr_cell_at(pS, "C4")->zText, "宋**");
    CU_ASSERT_EQUAL(xr_cell_at(pS, "G4")->rValue, 4115.0);
    CU_ASSERT_STRING_EQUAL(xr_cell_at(pS, "C5")->zText, "张**");
    CU_ASSERT_EQUAL(xr_cell_at(pS, "G5")->rValue, 1364.0);
    /* the town's totals under the table, in yuan as a notice board shows them */
    CU_ASSERT_STRING_EQUAL(xr_cell_at(pS, "A7")->zText, "合计：最低生活保障 2 户 8 人，月发放 5,479.00 元；特困人员（分散供养）0 人，月发放 0.00 元。");
    xr_close(b);
    char *z = xr_part(zPath, "xl/worksheets/sheet1.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "paperSize=\"9\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "orientation=\"portrait\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "公示期：2023-09-01至2023-09-07  监督电话：0513-80000000"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "第 &amp;P 页 共 &amp;N 页"));
    free(z);
}

/* notice.mask_names 0: full names; no period or phone: blanks. */
static void test_full_names_and_defaults(void)
{
    check_against_ledger(zFull, 0);
    char *z = xr_part(notice_path(zFull, 0), "xl/worksheets/sheet1.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "公示期：＿＿＿＿＿＿  监督电话：＿＿＿＿＿＿"));
    free(z);
}

static const pr_test aTests[] = {
    { "no ID number, no account", test_no_ids_no_accounts },
    { "no child, no disability allowance", test_no_children_no_disability },
    { "masked names and amounts match the ledger", test_masked_matches_ledger },
    { "通州区 by hand, print set-up", test_tongzhou_by_hand },
    { "mask_names 0 and missing keys", test_full_names_and_defaults },
};

int suite_notice(void)
{
    CU_pSuite pS = CU_add_suite("notice", setup, teardown);
    if (!pS) return -1;
    for (size_t i = 0; i < sizeof(aTests) / sizeof(aTests[0]); i++)
        if (!CU_add_test(pS, aTests[i].zName, aTests[i].xTest)) return -1;
    return 0;
}
