/*
 * test_xlsxread.c - the tests' workbook reader (tests/xlsxread.c) on
 * workbooks libxlsxwriter writes here (shared and inline strings, numbers,
 * formulas with cached values, booleans, blanks, two sheets, a Chinese sheet
 * name) and on bad input: not a zip, missing parts and sheets, broken XML,
 * a DOCTYPE, a bad CRC, a truncated file, parts and strings over the caps.
 */
#include "tests/testutil.h"
#include "tests/xlsxread.h"

#include <minizip/zip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define SHEET_CN "汇总 2023-08"

/* Returns a path in the test folder for zName (static buffer of 4). */
static const char *tmp_path(const char *zName)
{
    static char aBuf[4][512];
    static int iNext;
    char *z = aBuf[iNext++ % 4];
    snprintf(z, 512, "%s/%s", tu_tmpdir(), zName);
    return z;
}

/* Writes the zip zFile of the parts in azPart (name, content pairs; a NULL
 * name ends them), stored (0) or deflated (Z_DEFLATED); returns its path. */
static const char *write_zip(const char *zFile, const char *const *azPart, int eMethod)
{
    const char *zPath = tmp_path(zFile);
    zipFile pZip = zipOpen64(zPath, APPEND_STATUS_CREATE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pZip);
    for (int i = 0; azPart[i]; i += 2) {
        CU_ASSERT_EQUAL(zipOpenNewFileInZip64(pZip, azPart[i], NULL, NULL, 0, NULL, 0, NULL, eMethod,
                                              eMethod ? 6 : 0, 0), ZIP_OK);
        CU_ASSERT_EQUAL(zipWriteInFileInZip(pZip, azPart[i + 1], (unsigned)strlen(azPart[i + 1])), ZIP_OK);
        CU_ASSERT_EQUAL(zipCloseFileInZip(pZip), ZIP_OK);
    }
    CU_ASSERT_EQUAL(zipClose(pZip, NULL), ZIP_OK);
    return zPath;
}

/* The workbook most tests use: shared strings (libxlsxwriter's default),
 * numbers, a formula with its cached value, a boolean, a blank, two sheets. */
static const char *write_shared_book(void)
{
    const char *zPath = tmp_path("shared.xlsx");
    lxw_workbook *wb = workbook_new(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(wb);
    lxw_format *pBold = workbook_add_format(wb);
    format_set_bold(pBold);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Data");
    worksheet_write_string(ws, 0, 0, "姓名", NULL);
    worksheet_write_string(ws, 0, 1, "金额", NULL);
    worksheet_write_string(ws, 1, 0, "张三 & <李四>", NULL);
    worksheet_write_number(ws, 1, 1, 820.5, NULL);
    worksheet_write_string(ws, 2, 0, "姓名", NULL);   /* the same shared string again */
    worksheet_write_number(ws, 2, 1, -3, NULL);
    worksheet_write_formula_num(ws, 3, 1, "=SUM(B2:B3)", pBold, 817.5);
    worksheet_write_formula_str(ws, 3, 2, "=IF(B4>0,\"通过\",\"不通过\")", NULL, "通过");
    worksheet_write_boolean(ws, 4, 0, 1, NULL);
    worksheet_write_boolean(ws, 4, 1, 0, NULL);
    worksheet_write_blank(ws, 4, 2, pBold);
    lxw_worksheet *ws2 = workbook_add_worksheet(wb, SHEET_CN);
    worksheet_write_string(ws2, 0, 0, "合计", NULL);
    worksheet_write_number(ws2, 0, 27, 42, NULL);   /* AB1 */
    CU_ASSERT_EQUAL_FATAL(workbook_close(wb), LXW_NO_ERROR);
    return zPath;
}

static void test_shared_book(void)
{
    const char *zPath = write_shared_book();
    char zErr[512] = "";
    xr_book *pBook = xr_open(zPath, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(pBook);
    CU_ASSERT_EQUAL(xr_sheet_count(pBook), 2);
    CU_ASSERT_STRING_EQUAL(xr_sheet_name(pBook, 0), "Data");
    CU_ASSERT_STRING_EQUAL(xr_sheet_name(pBook, 1), SHEET_CN);
    CU_ASSERT_PTR_NULL(xr_sheet_name(pBook, 2));
    CU_ASSERT_PTR_NULL(xr_sheet_name(pBook, -1));

    const xr_sheet *pS = xr_sheet_get(pBook, "Data", zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(pS);
    CU_ASSERT_EQUAL(xr_cell_count(pS), 11);
    const xr_cell *c = xr_cell_at(pS, "A1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->eType, XR_STRING);
    CU_ASSERT_TRUE(c->bShared);
    CU_ASSERT_FALSE(c->bInline);
    CU_ASSERT_STRING_EQUAL(c->zText, "姓名");
    CU_ASSERT_PTR_NULL(c->zFormula);
    CU_ASSERT_EQUAL(c->iRow, 1);
    CU_ASSERT_EQUAL(c->iCol, 1);
    c = xr_cell_at(pS, "A3");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->zText, "姓名");
    CU_ASSERT_TRUE(c->bShared);
    c = xr_cell_at(pS, "A2");   /* entities decoded */
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->zText, "张三 & <李四>");
    c = xr_cell_at(pS, "B2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->eType, XR_NUMBER);
    CU_ASSERT_DOUBLE_EQUAL(c->rValue, 820.5, 1e-9);
    CU_ASSERT_STRING_EQUAL(c->zText, "820.5");
    c = xr_cell_at(pS, "B3");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_DOUBLE_EQUAL(c->rValue, -3, 1e-9);
    c = xr_cell_at(pS, "B4");   /* the formula and its cached value */
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->eType, XR_NUMBER);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->zFormula);
    CU_ASSERT_STRING_EQUAL(c->zFormula, "SUM(B2:B3)");
    CU_ASSERT_DOUBLE_EQUAL(c->rValue, 817.5, 1e-9);
    c = xr_cell_at(pS, "C4");   /* a formula with a cached string */
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->eType, XR_STRING);
    CU_ASSERT_FALSE(c->bShared || c->bInline);
    CU_ASSERT_STRING_EQUAL(c->zText, "通过");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->zFormula);
    CU_ASSERT_STRING_EQUAL(c->zFormula, "IF(B4>0,\"通过\",\"不通过\")");
    c = xr_cell_at(pS, "A5");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->eType, XR_BOOL);
    CU_ASSERT_DOUBLE_EQUAL(c->rValue, 1, 0);
    c = xr_cell_at(pS, "B5");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->eType, XR_BOOL);
    CU_ASSERT_DOUBLE_EQUAL(c->rValue, 0, 0);
    c = xr_cell_at(pS, "C5");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->eType, XR_BLANK);
    CU_ASSERT_STRING_EQUAL(c->zText, "");
    CU_ASSERT_PTR_NULL(xr_cell_at(pS, "D1"));      /* no such cell */
    CU_ASSERT_PTR_NULL(xr_cell_at(pS, "b2"));      /* not a reference */
    CU_ASSERT_PTR_NULL(xr_cell_at(pS, "A0"));
    CU_ASSERT_PTR_NULL(xr_cell_at(pS, "XFE1"));
    CU_ASSERT_PTR_NULL(xr_cell_at(pS, ""));
    CU_ASSERT_PTR_EQUAL(xr_sheet_get(pBook, "Data", zErr, sizeof(zErr)), pS);   /* read once */

    const xr_sheet *pCn = xr_sheet_get(pBook, SHEET_CN, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(pCn);
    CU_ASSERT_EQUAL(xr_cell_count(pCn), 2);
    c = xr_cell_at(pCn, "A1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->zText, "合计");
    c = xr_cell_at(pCn, "AB1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->iCol, 28);
    CU_ASSERT_DOUBLE_EQUAL(c->rValue, 42, 0);

    /* a sheet the book does not have */
    zErr[0] = 0;
    CU_ASSERT_PTR_NULL(xr_sheet_get(pBook, "Sheet3", zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "no sheet named \"Sheet3\""));
    xr_close(pBook);

    /* the part level over the same file */
    CU_ASSERT_EQUAL(xr_count(zPath, "xl/worksheets/sheet"), 2);
    CU_ASSERT_EQUAL(xr_count(zPath, "no/such/"), 0);
    char *zWb = xr_part(zPath, "xl/workbook.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zWb);
    CU_ASSERT_PTR_NOT_NULL(strstr(zWb, "name=\"" SHEET_CN "\""));
    free(zWb);
    char *zSst = xr_part(zPath, "xl/sharedStrings.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zSst);
    CU_ASSERT_EQUAL(xr_occurrences(zSst, "<si>"), 4);   /* 姓名 once, 金额, 张三, 合计 */
    free(zSst);
    CU_ASSERT_PTR_NULL(xr_part(zPath, "xl/worksheets/sheet3.xml"));
}

/* constant_memory, as payrun writes its books: strings are inline and there
 * is no xl/sharedStrings.xml */
static void test_inline_book(void)
{
    const char *zPath = tmp_path("inline.xlsx");
    lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = (char *)tu_tmpdir() };
    lxw_workbook *wb = workbook_new_opt(zPath, &opt);
    CU_ASSERT_PTR_NOT_NULL_FATAL(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "身份证");
    worksheet_write_string(ws, 0, 0, "320602198001010011", NULL);
    worksheet_write_number(ws, 0, 1, 1640, NULL);
    worksheet_write_formula_num(ws, 1, 1, "=SUM(B1:B1)", NULL, 1640);
    CU_ASSERT_EQUAL_FATAL(workbook_close(wb), LXW_NO_ERROR);

    CU_ASSERT_PTR_NULL(xr_part(zPath, "xl/sharedStrings.xml"));
    char zErr[512] = "";
    xr_book *pBook = xr_open(zPath, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(pBook);
    CU_ASSERT_EQUAL(xr_sheet_count(pBook), 1);
    const xr_sheet *pS = xr_sheet_get(pBook, "身份证", zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(pS);
    const xr_cell *c = xr_cell_at(pS, "A1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->eType, XR_STRING);
    CU_ASSERT_TRUE(c->bInline);
    CU_ASSERT_FALSE(c->bShared);
    CU_ASSERT_STRING_EQUAL(c->zText, "320602198001010011");   /* text, all 18 digits */
    c = xr_cell_at(pS, "B2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->zFormula, "SUM(B1:B1)");
    CU_ASSERT_DOUBLE_EQUAL(c->rValue, 1640, 0);
    xr_close(pBook);
}

#define WB_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
#define WB_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
              "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define WB_ONE WB_HEAD "<workbook " WB_NS "><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define RELS_ONE WB_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
                 "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" " \
                 "Target=\"worksheets/sheet1.xml\"/></Relationships>"
#define SHEET(cells) WB_HEAD "<worksheet " WB_NS "><sheetData><row r=\"1\">" cells "</row></sheetData></worksheet>"

/* A zip of hand-written parts that xr_open (zSheet NULL) or xr_sheet_get
 * (zSheet given) must refuse with a message holding zWant. */
typedef struct bad_case {
    const char *zTitle;      /* what is wrong */
    const char *zWorkbook;   /* xl/workbook.xml, or NULL for none */
    const char *zRels;       /* xl/_rels/workbook.xml.rels, or NULL */
    const char *zSst;        /* xl/sharedStrings.xml, or NULL */
    const char *zSheet1;     /* xl/worksheets/sheet1.xml, or NULL */
    const char *zSheet;      /* the sheet to read, or NULL when xr_open fails */
    const char *zWant;       /* a piece of the message */
} bad_case;

static const bad_case aBad[] = {
    { "no workbook part", NULL, RELS_ONE, NULL, SHEET(""), NULL, "xl/workbook.xml: no such part" },
    { "no relationships", WB_ONE, NULL, NULL, SHEET(""), NULL, "workbook.xml.rels: no such part" },
    { "workbook not well-formed", WB_HEAD "<workbook><sheets>", RELS_ONE, NULL, NULL, NULL, "xl/workbook.xml: line 1" },
    { "a sheet without r:id", WB_HEAD "<workbook " WB_NS "><sheets><sheet name=\"S\"/></sheets></workbook>",
      RELS_ONE, NULL, NULL, NULL, "without name or r:id" },
    { "a DOCTYPE (entity expansion)",
      WB_HEAD "<!DOCTYPE w [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><workbook>&b;</workbook>",
      RELS_ONE, NULL, NULL, NULL, "DOCTYPE" },
    { "shared strings not well-formed", WB_ONE, RELS_ONE, WB_HEAD "<sst><si><t>x</si></sst>", NULL, NULL,
      "xl/sharedStrings.xml: line 1" },
    { "sheet part missing", WB_ONE, RELS_ONE, NULL, NULL, "S", "xl/worksheets/sheet1.xml: no such part" },
    { "no relationship for the sheet", WB_ONE,
      WB_HEAD "<Relationships><Relationship Id=\"rId9\" Target=\"worksheets/sheet1.xml\"/></Relationships>", NULL,
      SHEET(""), "S", "no relationship rId1" },
    { "shared string out of range", WB_ONE, RELS_ONE, WB_HEAD "<sst><si><t>only</t></si></sst>",
      SHEET("<c r=\"A1\" t=\"s\"><v>1</v></c>"), "S", "shared string \"1\" of 1" },
    { "a cell reference that is none", WB_ONE, RELS_ONE, NULL, SHEET("<c r=\"1A\"><v>1</v></c>"), "S", "a cell at \"1A\"" },
    { "a number that is none", WB_ONE, RELS_ONE, NULL, SHEET("<c r=\"A1\"><v>12abc</v></c>"), "S", "a number \"12abc\"" },
    { "a boolean that is none", WB_ONE, RELS_ONE, NULL, SHEET("<c r=\"A1\" t=\"b\"><v>2</v></c>"), "S", "a boolean" },
    { "an unknown cell type", WB_ONE, RELS_ONE, NULL, SHEET("<c r=\"A1\" t=\"zz\"><v>1</v></c>"), "S", "a cell type \"zz\"" },
    { "sheet not well-formed", WB_ONE, RELS_ONE, NULL, SHEET("<c r=\"A1\"><v>1</c>"), "S", "mismatched tag" },
};

static void test_bad_parts(void)
{
    for (size_t i = 0; i < sizeof(aBad) / sizeof(aBad[0]); i++) {
        const bad_case *t = &aBad[i];
        const char *azPart[12];
        int n = 0;
        if (t->zWorkbook) { azPart[n++] = "xl/workbook.xml"; azPart[n++] = t->zWorkbook; }
        if (t->zRels) { azPart[n++] = "xl/_rels/workbook.xml.rels"; azPart[n++] = t->zRels; }
        if (t->zSst) { azPart[n++] = "xl/sharedStrings.xml"; azPart[n++] = t->zSst; }
        if (t->zSheet1) { azPart[n++] = "xl/worksheets/sheet1.xml"; azPart[n++] = t->zSheet1; }
        azPart[n] = NULL;
        const char *zPath = write_zip("bad.xlsx", azPart, Z_DEFLATED);
        char zErr[512] = "";
        xr_book *pBook = xr_open(zPath, zErr, sizeof(zErr));
        if (!t->zSheet) {
            CU_ASSERT_PTR_NULL(pBook);
        } else {
            CU_ASSERT_PTR_NOT_NULL(pBook);
            if (pBook) CU_ASSERT_PTR_NULL(xr_sheet_get(pBook, t->zSheet, zErr, sizeof(zErr)));
        }
        if (!strstr(zErr, t->zWant)) fprintf(stderr, "\n%s: got \"%s\", want \"%s\"\n", t->zTitle, zErr, t->zWant);
        CU_ASSERT_PTR_NOT_NULL(strstr(zErr, t->zWant));
        xr_close(pBook);
    }
}

/* the same minimal book reads, so the failures above are the parts' own */
static void test_minimal_book(void)
{
    const char *azPart[] = { "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", RELS_ONE,
                             "xl/sharedStrings.xml",
                             WB_HEAD "<sst " WB_NS "><si><r><t>富</t></r><r><t>文本</t></r><rPh><t>ふ</t></rPh></si></sst>",
                             "xl/worksheets/sheet1.xml",
                             SHEET("<c r=\"A1\" t=\"s\"><v>0</v></c><c><v>2</v></c><c t=\"e\"><v>#DIV/0!</v></c>"), NULL };
    const char *zPath = write_zip("minimal.xlsx", azPart, Z_DEFLATED);
    char zErr[512] = "";
    xr_book *pBook = xr_open(zPath, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(pBook);
    const xr_sheet *pS = xr_sheet_get(pBook, "S", zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(pS);
    CU_ASSERT_EQUAL(xr_cell_count(pS), 3);
    const xr_cell *c = xr_cell_at(pS, "A1");   /* rich text runs joined, phonetic run left out */
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->zText, "富文本");
    c = xr_cell_at(pS, "B1");   /* no r: the next column */
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_DOUBLE_EQUAL(c->rValue, 2, 0);
    c = xr_cell_at(pS, "C1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->eType, XR_ERROR);
    CU_ASSERT_STRING_EQUAL(c->zText, "#DIV/0!");
    xr_close(pBook);
}

static void test_not_a_zip(void)
{
    char zErr[512] = "";
    const char *zPath = tu_write_str("notzip.xlsx", "just text, no zip here\n");
    CU_ASSERT_PTR_NULL(xr_open(zPath, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "not a zip"));
    CU_ASSERT_PTR_NULL(xr_part(zPath, "xl/workbook.xml"));
    CU_ASSERT_EQUAL(xr_count(zPath, "xl/"), -1);
    zErr[0] = 0;
    CU_ASSERT_PTR_NULL(xr_open(tmp_path("no-such.xlsx"), zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "no-such.xlsx"));
    CU_ASSERT_PTR_NULL(xr_part(tmp_path("no-such.xlsx"), "xl/workbook.xml"));
    CU_ASSERT_EQUAL(xr_count(tmp_path("no-such.xlsx"), "xl/"), -1);

    /* a real workbook cut in half has no central directory left */
    const char *zFull = write_shared_book();
    char *a = tu_read(zFull);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    FILE *f = fopen(zFull, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    zPath = tu_write("half.xlsx", a, (size_t)n / 2);
    free(a);
    zErr[0] = 0;
    CU_ASSERT_PTR_NULL(xr_open(zPath, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "not a zip"));
    CU_ASSERT_EQUAL(xr_count(zPath, "xl/"), -1);
}

/* Checks that zPath opens but its sheet "S" does not read, with a message
 * holding zWant. */
static void expect_sheet_error(const char *zPath, const char *zWant)
{
    char zErr[512] = "";
    xr_book *pBook = xr_open(zPath, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(pBook);
    CU_ASSERT_PTR_NULL(xr_sheet_get(pBook, "S", zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, zWant));
    xr_close(pBook);
}

/* a stored part whose bytes were changed after the CRC was taken */
static void test_bad_crc(void)
{
    const char *azPart[] = { "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", RELS_ONE,
                             "xl/worksheets/sheet1.xml", SHEET("<c r=\"A1\"><v>12345</v></c>"), NULL };
    const char *zPath = write_zip("crc.xlsx", azPart, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zPath);
    FILE *f = fopen(zPath, "r+b");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char aBuf[8192];
    size_t n = fread(aBuf, 1, sizeof(aBuf), f);
    long iAt = -1;   /* the stored value, found in the file's bytes */
    for (size_t i = 0; i + 5 <= n && iAt < 0; i++)
        if (memcmp(aBuf + i, "12345", 5) == 0) iAt = (long)i;
    CU_ASSERT_FATAL(iAt >= 0);
    fseek(f, iAt, SEEK_SET);
    fputc('9', f);
    fclose(f);
    CU_ASSERT_PTR_NULL(xr_part(zPath, "xl/worksheets/sheet1.xml"));
    char *zWb = xr_part(zPath, "xl/workbook.xml");   /* the other parts still read */
    CU_ASSERT_PTR_NOT_NULL(zWb);
    free(zWb);
    expect_sheet_error(zPath, "CRC mismatch");
}

/* a part over the cap, and a string over XR_MAX_TEXT, are errors */
static void test_caps(void)
{
    const char *zPath = write_shared_book();
    char zErr[512] = "";
    size_t nSaved = xr_nMaxPart;
    xr_nMaxPart = 64;
    CU_ASSERT_PTR_NULL(xr_part(zPath, "xl/workbook.xml"));
    CU_ASSERT_PTR_NULL(xr_open(zPath, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "more than the 64 allowed"));
    xr_nMaxPart = nSaved;
    char *zWb = xr_part(zPath, "xl/workbook.xml");
    CU_ASSERT_PTR_NOT_NULL(zWb);
    free(zWb);

    /* one inline string of XR_MAX_TEXT + 1 bytes */
    size_t nLong = XR_MAX_TEXT + 1;
    const char *zHead = SHEET("<c r=\"A1\" t=\"inlineStr\"><is><t>"), *zTail = "</t></is></c></row></sheetData></worksheet>";
    size_t nHead = strlen(zHead) - strlen("</row></sheetData></worksheet>");
    char *zSheet = malloc(nHead + nLong + strlen(zTail) + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zSheet);
    memcpy(zSheet, zHead, nHead);
    memset(zSheet + nHead, 'x', nLong);
    strcpy(zSheet + nHead + nLong, zTail);
    const char *azPart[] = { "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", RELS_ONE,
                             "xl/worksheets/sheet1.xml", zSheet, NULL };
    zPath = write_zip("long.xlsx", azPart, Z_DEFLATED);
    free(zSheet);
    expect_sheet_error(zPath, "a string longer than");
}

static void test_occurrences(void)
{
    CU_ASSERT_EQUAL(xr_occurrences("<v>通过</v><v>通过</v>", "<v>通过</v>"), 2);
    CU_ASSERT_EQUAL(xr_occurrences("aaaa", "aa"), 2);   /* not overlapping */
    CU_ASSERT_EQUAL(xr_occurrences("abc", ""), 0);
    CU_ASSERT_EQUAL(xr_occurrences(NULL, "a"), 0);
}

static const pr_test aTests[] = {
    { "shared strings, numbers, formulas, two sheets", test_shared_book },
    { "inline strings, no shared strings part", test_inline_book },
    { "hand-written parts: rich text, no r, errors", test_minimal_book },
    { "bad parts are errors", test_bad_parts },
    { "not a zip, no file, truncated", test_not_a_zip },
    { "a bad CRC", test_bad_crc },
    { "parts and strings over the caps", test_caps },
    { "occurrences", test_occurrences },
};

int suite_xlsxread(void) { PR_ADD_SUITE("xlsxread", aTests); }
