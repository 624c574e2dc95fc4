/*
 * test_xlsx.c - Excel rosters (io/sheet.c, formats/roster.c's workbook
 * rows): a month from .xlsx/.xls rosters gives the same ledger, byte for
 * byte, as the same rows as CSV (the samples, and a generated month whose
 * CSV rosters are converted here with libxlsxwriter, IDs and accounts as
 * text cells); what the cells say (a number in an ID or account column, a
 * date in a month column, a formula in a money column); and every bad
 * workbook is exit 2 with a message naming the file and the place, and
 * nothing written. Run from the repository root.
 */
#include "io/csv.h"
#include "io/sheet.h"
#include "tests/testutil.h"

#include <minizip/zip.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zlib.h>

#define POLICY " --month 2023-08 --policy samples/policy.csv --index samples/index.csv"
#define OTHERS " --dibao samples/dibao-haimen-qidong.csv.gz --dibao samples/dibao-rudong-rugao.csv" \
    " --dibao samples/dibao-haian.csv.gz --tekun samples/tekun-concentrated.csv" \
    " --disability samples/disability-with-type.csv --disability samples/disability-certificate-only.csv" \
    " --orphan samples/orphan-children.csv --max-reject-rate 5"

/* Reads a plain or gzip file whole (NUL-terminated). */
static char *read_any(const char *zPath, size_t *pn)
{
    gzFile g = gzopen(zPath, "rb");
    if (!g) return NULL;
    size_t nCap = 1 << 16, n = 0;
    char *z = malloc(nCap + 1);
    int k;
    while (z && (k = gzread(g, z + n, (unsigned)(nCap - n))) > 0) {
        n += (size_t)k;
        if (n == nCap) {
            char *zNew = realloc(z, (nCap *= 2) + 1);
            if (!zNew) { free(z); z = NULL; }
            z = zNew;
        }
    }
    gzclose(g);
    if (z) z[n] = 0;
    *pn = n;
    return z;
}

static int is_col(pr_field f, const char *zZh, const char *zEn)
{
    return pr_field_eq(f, zZh) || pr_field_eq(f, zEn);
}

/* Converts a UTF-8 CSV roster (plain or gzip) into an .xlsx of one sheet
 * zSheet, as the provincial system exports it: every cell text, but
 * districts and money number cells (when they are plain numbers), and with
 * bNumberIds the ID and account columns number cells (what Excel does to
 * a typed-in ID); with bInline, text as inline strings rather than shared
 * ones (libxlsxwriter's constant_memory mode, as streaming exporters write).
 * Returns 0 or -1. */
static int csv_to_xlsx(const char *zCsv, const char *zXlsx, const char *zSheet, int bNumberIds, int bInline)
{
    size_t n;
    char *z = read_any(zCsv, &n);
    if (!z) return -1;
    size_t iPos = 0;
    if (n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0) iPos = 3;
    lxw_workbook_options opt;
    memset(&opt, 0, sizeof(opt));
    opt.constant_memory = bInline ? LXW_TRUE : LXW_FALSE;
    lxw_workbook *wb = workbook_new_opt(zXlsx, &opt);
    lxw_worksheet *ws = workbook_add_worksheet(wb, zSheet);
    pr_csvrow row, head;
    pr_csvrow_init(&row);
    pr_csvrow_init(&head);
    enum { K_TEXT, K_NUM, K_ID } aKind[256];
    int nHead = 0;
    uint32_t iRow = 0;
    char zCell[4096];
    while (iPos < n) {
        size_t nUsed;
        uint32_t nLf;
        if (pr_csv_next(z + iPos, n - iPos, &row, &nUsed, &nLf, NULL)) break;
        iPos += nUsed;
        if (row.nField == 1 && row.aField[0].n == 0) continue;
        for (int i = 0; i < row.nField && i < 256; i++) {
            pr_field f = row.aField[i];
            size_t k = f.n < sizeof(zCell) - 1 ? f.n : sizeof(zCell) - 1;
            memcpy(zCell, f.z, k);
            zCell[k] = 0;
            if (iRow == 0) {
                nHead = i + 1;
                aKind[i] = K_TEXT;
                if (is_col(f, "区划代码", "district") || is_col(f, "家庭月收入", "household_income") || is_col(f, "渐退金额", "grace_amount"))
                    aKind[i] = K_NUM;
                if (is_col(f, "身份证号", "id_number") || is_col(f, "银行账号", "account")) aKind[i] = K_ID;
                worksheet_write_string(ws, iRow, (lxw_col_t)i, zCell, NULL);
                continue;
            }
            int bPlain = k > 0 && k < 20;
            for (size_t j = 0; j < k && bPlain; j++) bPlain = (zCell[j] >= '0' && zCell[j] <= '9') || (zCell[j] == '.' && j > 0);
            if (k == 0) continue;
            if (i < nHead && bPlain && (aKind[i] == K_NUM || (aKind[i] == K_ID && bNumberIds)))
                worksheet_write_number(ws, iRow, (lxw_col_t)i, strtod(zCell, NULL), NULL);
            else
                worksheet_write_string(ws, iRow, (lxw_col_t)i, zCell, NULL);
        }
        iRow++;
    }
    pr_csvrow_clear(&row);
    pr_csvrow_clear(&head);
    free(z);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

/* Runs the month with zRosters; expects exit status rc. */
static int run(const char *zOut, const char *zRosters)
{
    return tu_sh("%s run" POLICY " %s --out %s/%s --force >%s/%s.log 2>&1", tu_bin(), zRosters, tu_tmpdir(), zOut, tu_tmpdir(), zOut);
}

static int log_has(const char *zOut, const char *zText)
{
    return tu_sh("grep -qF -- '%s' %s/%s.log", zText, tu_tmpdir(), zOut) == 0;
}

static int nothing_written(const char *zOut)
{
    return tu_sh("test -e %s/%s/2023-08", tu_tmpdir(), zOut) != 0;
}

/* ---- the same ledger ----------------------------------------------------- */

static void test_samples_same_ledger(void)
{
    CU_ASSERT_EQUAL(run("csv", OTHERS " --dibao samples/dibao-chongchuan-tongzhou.csv --tekun samples/tekun-dispersed.csv"), 0);
    CU_ASSERT_EQUAL(run("xl", OTHERS " --dibao samples/dibao-chongchuan-tongzhou.xlsx --tekun samples/tekun-dispersed.xls"), 0);
    CU_ASSERT_EQUAL(tu_sh("cmp -s %s/csv/2023-08/ledger.csv.gz %s/xl/2023-08/ledger.csv.gz", tu_tmpdir(), tu_tmpdir()), 0);
    /* the findings name the sheet and its row */
    CU_ASSERT_EQUAL(tu_sh("grep -q '^samples/dibao-chongchuan-tongzhou.xlsx!低保名册,9,DIBAO,DB320612-0004,INELIGIBLE,GRACE_EXPIRED' %s/xl/2023-08/exceptions.csv", tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q '^samples/tekun-dispersed.xls!特困名册,' %s/xl/2023-08/exceptions.csv", tu_tmpdir()), 0);
    /* as many findings of each code */
    CU_ASSERT_EQUAL(tu_sh("bash -c 'cmp -s <(cut -d, -f3-6 %s/csv/2023-08/exceptions.csv | sort) <(cut -d, -f3-6 %s/xl/2023-08/exceptions.csv | sort)'",
                          tu_tmpdir(), tu_tmpdir()), 0);
    /* the manifest records the workbook's SHA-256 */
    CU_ASSERT_EQUAL(tu_sh("grep -q \"$(sha256sum samples/tekun-dispersed.xls | cut -c1-64)\" %s/xl/2023-08/manifest.json", tu_tmpdir()), 0);
}

static void test_generated_same_ledger(void)
{
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(tu_sh("cc -O2 -std=c11 -D_DEFAULT_SOURCE -o %s/gen bench/gen.c -lz && %s/gen --persons 80000 --seed 3 --out %s/g >/dev/null",
                                zT, zT, zT), 0);
    /* every roster of 320612 and 320613 as a workbook */
    static const char *const azConv[] = { "dibao-320612", "tekun-320612", "disability-320613", "orphan-320613", "dibao-320613" };
    char zCsv[512], zX[512];
    for (size_t i = 0; i < sizeof(azConv) / sizeof(azConv[0]); i++) {
        snprintf(zCsv, sizeof(zCsv), "%s/g/%s.csv.gz", zT, azConv[i]);
        snprintf(zX, sizeof(zX), "%s/g/%s.xlsx", zT, azConv[i]);
        /* one DIBAO roster with inline strings: its Chinese text on the fast path */
        CU_ASSERT_EQUAL(csv_to_xlsx(zCsv, zX, "名册", 0, i == 4), 0);
    }
    CU_ASSERT_EQUAL(tu_sh("cd %s/g && tr '\\n' ' ' < args.txt > a1 && sed -e 's/\\(dibao-320612\\|tekun-320612\\|disability-320613\\|orphan-320613\\|dibao-320613\\)\\.csv\\.gz/\\1.xlsx/g' a1 > a2 && grep -c xlsx a2 >/dev/null", zT), 0);
    char *zBin = realpath(tu_bin(), NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zBin);
    CU_ASSERT_EQUAL(tu_sh("cd %s/g && %s run --month 2023-08 --policy policy.csv --index index.csv $(cat a1) --max-reject-rate 100 --out o1 >/dev/null 2>&1", zT, zBin), 0);
    /* the workbooks' rows are cut into blocks parsed on the threads: the
     * same ledger and findings at 1 and 2 */
    CU_ASSERT_EQUAL(tu_sh("cd %s/g && %s run --month 2023-08 --policy policy.csv --index index.csv $(cat a2) --max-reject-rate 100 --threads 1 --out o2 >/dev/null 2>&1", zT, zBin), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s/g && %s run --month 2023-08 --policy policy.csv --index index.csv $(cat a2) --max-reject-rate 100 --threads 2 --out o3 >/dev/null 2>&1", zT, zBin), 0);
    free(zBin);
    CU_ASSERT_EQUAL(tu_sh("cmp -s %s/g/o1/2023-08/ledger.csv.gz %s/g/o2/2023-08/ledger.csv.gz", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("cmp -s %s/g/o2/2023-08/ledger.csv.gz %s/g/o3/2023-08/ledger.csv.gz", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("cmp -s %s/g/o2/2023-08/exceptions.csv %s/g/o3/2023-08/exceptions.csv", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'dibao-320612.xlsx!名册' %s/g/o2/2023-08/exceptions.csv", zT), 0);
}

/* ---- what cells say ------------------------------------------------------ */

static const char *const azHead[] = { "户编号", "与户主关系", "身份证号", "姓名", "区划代码", "城乡类别", "家庭月收入",
                                      "渐退截止", "渐退金额", "开户银行", "银行账号" };

/* A one-household DIBAO workbook; xRow writes the data row 1 (0-based). */
static const char *dibao_book(const char *zName, void (*xRow)(lxw_workbook *, lxw_worksheet *), int bMergedTitle)
{
    static char zPath[512];
    snprintf(zPath, sizeof(zPath), "%s/%s", tu_tmpdir(), zName);
    lxw_workbook *wb = workbook_new(zPath);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Sheet1");
    lxw_row_t r0 = 0;
    if (bMergedTitle) { worksheet_merge_range(ws, 0, 0, 0, 10, "2023年8月低保名册", NULL); r0 = 1; }
    for (int i = 0; i < 11; i++) worksheet_write_string(ws, r0, (lxw_col_t)i, azHead[i], NULL);
    if (xRow) xRow(wb, ws);
    workbook_close(wb);
    return zPath;
}

static void text_row(lxw_worksheet *ws)
{
    worksheet_write_string(ws, 1, 0, "H1", NULL);
    worksheet_write_string(ws, 1, 1, "户主", NULL);
    worksheet_write_string(ws, 1, 2, "320612198103031950", NULL);
    worksheet_write_string(ws, 1, 3, "冒志刚", NULL);
    worksheet_write_number(ws, 1, 4, 320612, NULL);
    worksheet_write_string(ws, 1, 5, "农村", NULL);
    worksheet_write_string(ws, 1, 9, "南通农商银行", NULL);
    worksheet_write_string(ws, 1, 10, "6223696187999346535", NULL);
}

static void row_number_id(lxw_workbook *wb, lxw_worksheet *ws)
{
    (void)wb;
    text_row(ws);
    worksheet_write_number(ws, 1, 2, 320612198103031950.0, NULL);
    worksheet_write_number(ws, 1, 6, 980, NULL);
}

static void row_number_account(lxw_workbook *wb, lxw_worksheet *ws)
{
    (void)wb;
    text_row(ws);
    worksheet_write_number(ws, 1, 10, 6223696187999346535.0, NULL);
    worksheet_write_number(ws, 1, 6, 980, NULL);
}

static void row_formula_date(lxw_workbook *wb, lxw_worksheet *ws)
{
    text_row(ws);
    worksheet_write_formula_num(ws, 1, 6, "=900+80.5", NULL, 980.5);
    lxw_format *fm = workbook_add_format(wb);
    format_set_num_format(fm, "yyyy\"年\"m\"月\"");
    lxw_datetime dt = { 2023, 12, 1, 0, 0, 0 };
    worksheet_write_datetime(ws, 1, 7, &dt, fm);
    worksheet_write_number(ws, 1, 8, 615.5, NULL);
}

static void test_number_id_and_account(void)
{
    char zArg[600];
    snprintf(zArg, sizeof(zArg), "--dibao %s --max-reject-rate 100", dibao_book("numid.xlsx", row_number_id, 0));
    CU_ASSERT_EQUAL(run("numid", zArg), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q '^%s/numid.xlsx!Sheet1,2,DIBAO,,REJECTED,ID_SCIENTIFIC,\"身份证号/id_number is a number cell' %s/numid/2023-08/exceptions.csv", tu_tmpdir(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q '3203\\|320612198103031950' %s/numid/2023-08/exceptions.csv", tu_tmpdir()), 1);   /* never digits */
    snprintf(zArg, sizeof(zArg), "--dibao %s --max-reject-rate 100", dibao_book("numacct.xlsx", row_number_account, 0));
    CU_ASSERT_EQUAL(run("numacct", zArg), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q ',2,DIBAO,H1,REJECTED,ACCOUNT_NUMERIC,\"银行账号/account is a number cell' %s/numacct/2023-08/exceptions.csv", tu_tmpdir()), 0);
}

static void test_formula_and_date(void)
{
    char zArg[600];
    snprintf(zArg, sizeof(zArg), "--dibao %s --max-reject-rate 100", dibao_book("formula.xlsx", row_formula_date, 0));
    CU_ASSERT_EQUAL(run("formula", zArg), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q ',2,DIBAO,H1,WARNING,CELL_FORMULA,.*980.5' %s/formula/2023-08/exceptions.csv", tu_tmpdir()), 0);
    /* 渐退截止 a date cell 2023-12-01 shown 2023年12月: grace until 2023-12, 615.50 paid */
    CU_ASSERT_EQUAL(tu_sh("zcat %s/formula/2023-08/ledger.csv.gz | grep -q '^DIBAO,H1,.*,61550,'", tu_tmpdir()), 0);
}

static void test_numbers_and_dates(void)
{
    char z[128];
    size_t n;
    CU_ASSERT_EQUAL(pr_sheet_number_text("1234.5599999999999", 18, z, sizeof(z), &n), 0);
    CU_ASSERT_EQUAL(n, 7);
    CU_ASSERT_NSTRING_EQUAL(z, "1234.56", 7);
    CU_ASSERT_EQUAL(pr_sheet_number_text("0.30000000000000004", 19, z, sizeof(z), &n), 0);
    CU_ASSERT_NSTRING_EQUAL(z, "0.3", n);
    CU_ASSERT_EQUAL(pr_sheet_number_text("980", 3, z, sizeof(z), &n), 0);
    CU_ASSERT_NSTRING_EQUAL(z, "980", n);
    CU_ASSERT_EQUAL(pr_sheet_number_text("3.2061219810303E+17", 19, z, sizeof(z), &n), PR_CELL_IMPRECISE);
    CU_ASSERT_EQUAL(pr_sheet_number_text("320612198103031", 15, z, sizeof(z), &n), PR_CELL_IMPRECISE);
    CU_ASSERT_EQUAL(pr_sheet_number_text("1E-3", 4, z, sizeof(z), &n), PR_CELL_IMPRECISE);
    CU_ASSERT_NSTRING_EQUAL(z, "0.001", n);
    CU_ASSERT_EQUAL(pr_sheet_number_text("99999.9999999999999", 19, z, sizeof(z), &n), 0);
    CU_ASSERT_NSTRING_EQUAL(z, "100000", n);
    CU_ASSERT_EQUAL(pr_sheet_number_text("-12.50", 6, z, sizeof(z), &n), 0);
    CU_ASSERT_NSTRING_EQUAL(z, "-12.5", n);
    CU_ASSERT_EQUAL(pr_sheet_number_text("12a", 3, z, sizeof(z), &n), -1);
    CU_ASSERT_EQUAL(pr_sheet_serial_date(45170, 0, z), 0);
    CU_ASSERT_STRING_EQUAL(z, "2023-09-01");
    CU_ASSERT_EQUAL(pr_sheet_serial_date(1, 0, z), 0);
    CU_ASSERT_STRING_EQUAL(z, "1900-01-01");
    CU_ASSERT_EQUAL(pr_sheet_serial_date(61, 0, z), 0);
    CU_ASSERT_STRING_EQUAL(z, "1900-03-01");
    CU_ASSERT_EQUAL(pr_sheet_serial_date(0, 1, z), 0);
    CU_ASSERT_STRING_EQUAL(z, "1904-01-01");
    CU_ASSERT_EQUAL(pr_sheet_kind_of("a.XLSX"), SHEET_XLSX);
    CU_ASSERT_EQUAL(pr_sheet_kind_of("a.xlsx#低保"), SHEET_XLSX);
    CU_ASSERT_EQUAL(pr_sheet_kind_of("a.xls"), SHEET_XLS);
    CU_ASSERT_EQUAL(pr_sheet_kind_of("a.csv.gz"), SHEET_NONE);
    CU_ASSERT_EQUAL(pr_sheet_kind_of("a#b.csv"), SHEET_NONE);
}

/* ---- bad workbooks: exit 2, the file and the place, nothing written ------- */

static void test_not_a_zip(void)
{
    char zArg[600];
    snprintf(zArg, sizeof(zArg), "--dibao %s", tu_write_str("notzip.xlsx", "户编号,姓名\n1,2\n"));
    CU_ASSERT_EQUAL(run("notzip", zArg), 2);
    CU_ASSERT(log_has("notzip", "notzip.xlsx: not a zip archive"));
    CU_ASSERT(nothing_written("notzip"));
}

/* A zip of the given parts (name, text; a NULL text: nBomb spaces). */
static void write_zip(const char *zPath, const char *const *azPart, int nPart, size_t nBomb)
{
    zipFile zf = zipOpen64(zPath, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zf);
    for (int i = 0; i < nPart; i++) {
        CU_ASSERT_EQUAL(zipOpenNewFileInZip64(zf, azPart[2 * i], NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 1, 1), ZIP_OK);
        if (azPart[2 * i + 1]) {
            zipWriteInFileInZip(zf, azPart[2 * i + 1], (unsigned)strlen(azPart[2 * i + 1]));
        } else {
            static const char zHead[] = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>";
            zipWriteInFileInZip(zf, zHead, sizeof(zHead) - 1);
            char *zSp = malloc(1 << 20);
            memset(zSp, 'x', 1 << 20);
            for (size_t k = 0; k < nBomb; k += 1 << 20) zipWriteInFileInZip(zf, zSp, 1 << 20);
            free(zSp);
            zipWriteInFileInZip(zf, "</t></si></sst>", 15);
        }
        zipCloseFileInZip(zf);
    }
    zipClose(zf, NULL);
}

static const char zWorkbook[] = "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char zRels[] = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";
static const char zSheet1[] = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>";

static void test_zip_bomb(void)
{
    char zPath[512];
    snprintf(zPath, sizeof(zPath), "%s/bomb.xlsx", tu_tmpdir());
    const char *const azPart[] = { "xl/workbook.xml", zWorkbook, "xl/_rels/workbook.xml.rels", zRels,
                                   "xl/worksheets/sheet1.xml", zSheet1, "xl/sharedStrings.xml", NULL };
    write_zip(zPath, azPart, 4, PR_SHEET_SST_CAP + (1u << 20));
    CU_ASSERT(tu_sh("test $(stat -c %%s %s) -lt 2000000", zPath) == 0);   /* small on disk */
    char zArg[600];
    snprintf(zArg, sizeof(zArg), "--dibao %s", zPath);
    CU_ASSERT_EQUAL(run("bomb", zArg), 2);
    CU_ASSERT(log_has("bomb", "bomb.xlsx: the part xl/sharedStrings.xml of the workbook inflates past 256 MiB"));
    CU_ASSERT(nothing_written("bomb"));
}

static void test_no_such_sheet(void)
{
    CU_ASSERT_EQUAL(run("nosheet", "--dibao 'samples/dibao-chongchuan-tongzhou.xlsx#低保' " OTHERS), 2);
    CU_ASSERT(log_has("nosheet", "samples/dibao-chongchuan-tongzhou.xlsx: the workbook has no sheet named"));
    CU_ASSERT(log_has("nosheet", "(its sheets: 低保名册)"));
    CU_ASSERT(nothing_written("nosheet"));
    /* the sheet named is read */
    CU_ASSERT_EQUAL(run("sheet", "--dibao 'samples/dibao-chongchuan-tongzhou.xlsx#低保名册' " OTHERS), 0);
}

static void test_merged_header(void)
{
    char zArg[600];
    snprintf(zArg, sizeof(zArg), "--dibao %s", dibao_book("merged.xlsx", row_number_id, 1));
    CU_ASSERT_EQUAL(run("merged", zArg), 2);
    CU_ASSERT(log_has("merged", "merged.xlsx!Sheet1:1: the header row has merged cells (A1:K1)"));
    CU_ASSERT(nothing_written("merged"));
}

static void test_password(void)
{
    /* an encrypted workbook is an OLE file holding an EncryptedPackage stream */
    char z[2048];
    memset(z, 0, sizeof(z));
    memcpy(z, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    memcpy(z + 1024, "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
    char zArg[600];
    snprintf(zArg, sizeof(zArg), "--dibao %s", tu_write("secret.xlsx", z, sizeof(z)));
    CU_ASSERT_EQUAL(run("secret", zArg), 2);
    CU_ASSERT(log_has("secret", "secret.xlsx: a password-protected (encrypted) workbook"));
    CU_ASSERT(nothing_written("secret"));
}

static void test_excel95(void)
{
    /* the sample .xls with its BOF record saying BIFF5, as Excel 95 wrote */
    char zPath[512];
    snprintf(zPath, sizeof(zPath), "%s/old.xls", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(tu_sh("cp samples/tekun-dispersed.xls %s && chmod u+w %s", zPath, zPath), 0);
    FILE *f = fopen(zPath, "r+b");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    static unsigned char a[1 << 16];
    size_t n = fread(a, 1, sizeof(a), f);
    int bDone = 0;
    for (size_t i = 0; i + 6 < n && !bDone; i++) {
        if (memcmp(a + i, "\x09\x08\x10\x00\x00\x06", 6) == 0) { fseek(f, (long)i + 5, SEEK_SET); fputc(5, f); bDone = 1; }
    }
    fclose(f);
    CU_ASSERT_FATAL(bDone);
    char zArg[600];
    snprintf(zArg, sizeof(zArg), "--tekun %s --dibao samples/dibao-chongchuan-tongzhou.csv", zPath);
    CU_ASSERT_EQUAL(run("old", zArg), 2);
    CU_ASSERT(log_has("old", "old.xls: an Excel 95 workbook (BIFF5)"));
    CU_ASSERT(nothing_written("old"));
}

static const pr_test aTests[] = {
    { "numbers and dates of cells", test_numbers_and_dates },
    { "samples: .xlsx/.xls rosters give the CSV ledger byte for byte", test_samples_same_ledger },
    { "generated month: .xlsx rosters give the CSV ledger byte for byte, at 1 and 2 threads", test_generated_same_ledger },
    { "a number cell holding an ID or account is REJECTED", test_number_id_and_account },
    { "a formula in a money cell warns; a date cell is its month", test_formula_and_date },
    { "an .xlsx that is not a zip: exit 2", test_not_a_zip },
    { "a zip bomb in the shared strings: exit 2", test_zip_bomb },
    { "a sheet name that does not exist: exit 2", test_no_such_sheet },
    { "a merged header row: exit 2", test_merged_header },
    { "a password-protected workbook: exit 2", test_password },
    { "an Excel 95 workbook: exit 2", test_excel95 },
};

int suite_xlsx(void) { PR_ADD_SUITE("xlsx", aTests); }
