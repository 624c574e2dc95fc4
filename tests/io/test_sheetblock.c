/*
 * test_sheetblock.c - an .xlsx sheet cut into blocks of rows parsed apart
 * (io/sheet.h: pr_sheet_cut, pr_sheetblock_parse, pr_sheet_join) gives the
 * rows, and the error, of the sheet read in order: for each case a
 * generated sheet is read both ways (tests/fuzz/fuzzutil.c's
 * fz_sheet_dump) with small blocks, and the dumps and messages compared;
 * the table says whether the blocks stand or the rest is read in order,
 * and all of it read by expat alone (pr_sheet_fast_path(0)) gives the same.
 * Each sheet is written deflated (inflated whole with libdeflate) and
 * stored (streamed through a buffer of 4 MiB).
 */
#include "tests/testutil.h"
#include "tests/fuzz/fuzz.h"
#include "io/sheet.h"

#include <minizip/zip.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    S_PLAIN,        /* shared, inline and number cells, a row a line */
    S_PREFIX,       /* every element with the prefix x: */
    S_HUGE_ROW,     /* one row of 5 MiB: longer than a block and the buffer */
    S_NO_R,         /* rows without their numbers */
    S_ORDER,        /* a row number out of order late in the sheet */
    S_BAD_XML,      /* a cell left open late in the sheet */
    S_COMMENT,      /* a comment holding "</row>" among the rows */
    S_CDATA,        /* an inline string in CDATA holding "</row>" */
    S_BAD_SST,      /* a shared string the workbook lacks, late */
    S_ENTITIES,     /* character references and entities in the text */
    S_ONE_LINE      /* the whole part on one line, rows spanning blocks */
};

typedef struct sheet_case {
    const char *zName;   /* what it is */
    int eShape;          /* S_* */
    int bStands;         /* blocks stand (1), or the sheet goes in order after some point (0) */
    const char *zErr;    /* a part of the error, or NULL for none */
} sheet_case;

static const sheet_case aCase[] = {
    { "plain rows", S_PLAIN, 1, NULL },
    { "prefixed elements (x:row)", S_PREFIX, 1, NULL },
    { "a row longer than the buffer", S_HUGE_ROW, 1, NULL },
    { "rows without numbers", S_NO_R, 0, NULL },
    { "a row out of order", S_ORDER, 1, "Sheet1:10: a row number out of order" },
    { "bad XML late in the sheet", S_BAD_XML, 1, "xl/worksheets/sheet1.xml line 1503: not well-formed XML (mismatched tag)" },
    { "a comment among the rows", S_COMMENT, 0, NULL },
    { "CDATA holding a row's end", S_CDATA, 0, NULL },
    { "a shared string out of range", S_BAD_SST, 1, "Sheet1:1801: a cell names a shared string the workbook does not have" },
    { "entities and character references", S_ENTITIES, 1, NULL },
    { "the part on one line", S_ONE_LINE, 1, NULL },
};

#define N_ROW 2000

/* Appends to a growing string (exits the test on no memory). */
static void cat(char **pz, size_t *pn, size_t *pnCap, const char *zFmt, ...) __attribute__((format(printf, 4, 5)));
static void cat(char **pz, size_t *pn, size_t *pnCap, const char *zFmt, ...)
{
    va_list ap;
    va_start(ap, zFmt);
    int k = vsnprintf(NULL, 0, zFmt, ap);
    va_end(ap);
    if (*pn + (size_t)k + 1 > *pnCap) {
        *pnCap = (*pn + (size_t)k + 1) * 2;
        *pz = realloc(*pz, *pnCap);
        CU_ASSERT_PTR_NOT_NULL_FATAL(*pz);
    }
    va_start(ap, zFmt);
    vsnprintf(*pz + *pn, *pnCap - *pn, zFmt, ap);
    va_end(ap);
    *pn += (size_t)k;
}

/* The sheet XML of a shape; malloc'd. */
static char *sheet_xml(int eShape)
{
    char *z = NULL;
    size_t n = 0, nCap = 0;
    const char *x = eShape == S_PREFIX ? "x:" : "";
    const char *zLf = eShape == S_ONE_LINE ? "" : "\n";
    cat(&z, &n, &nCap, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<%sworksheet xmlns%s=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">%s<%ssheetData>%s",
        x, eShape == S_PREFIX ? ":x" : "", zLf, x, zLf);
    for (int r = 1; r <= N_ROW; r++) {
        int iRow = eShape == S_ORDER && r == 1500 ? 10 : r;
        if (eShape == S_NO_R) cat(&z, &n, &nCap, "<row>");
        else cat(&z, &n, &nCap, "<%srow r=\"%d\" spans=\"1:4\">", x, iRow);
        cat(&z, &n, &nCap, "<%sc r=\"A%d\" t=\"s\"><%sv>%d</%sv></%sc>", x, r, x, eShape == S_BAD_SST && r == 1801 ? 99 : r % 5, x, x);
        cat(&z, &n, &nCap, "<%sc r=\"B%d\"><%sv>%d.25</%sv></%sc>", x, r, x, r, x, x);
        if (eShape == S_HUGE_ROW && r == 700) {
            cat(&z, &n, &nCap, "<c r=\"C%d\" t=\"inlineStr\"><is><t>", r);
            for (int k = 0; k < (5 << 20) / 64; k++) cat(&z, &n, &nCap, "%s", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl");
            cat(&z, &n, &nCap, "</t></is></c>");
        } else if (eShape == S_CDATA && r == 900) {
            cat(&z, &n, &nCap, "<c r=\"C%d\" t=\"inlineStr\"><is><t><![CDATA[a</row><row r=\"5000\">b]]></t></is></c>", r);
        } else if (eShape == S_ENTITIES) {
            cat(&z, &n, &nCap, "<c r=\"C%d\" t=\"inlineStr\"><is><t>&lt;张&amp;三&#x4E09;&#20013;&quot;</t></is></c>", r);
        } else {
            cat(&z, &n, &nCap, "<%sc r=\"D%d\" t=\"inlineStr\"><%sis><%st xml:space=\"preserve\"> %s%d </%st></%sis></%sc>", x, r, x, x,
                r % 300 ? "Zhang" : "张三", r, x, x, x);
        }
        if (eShape == S_BAD_XML && r == 1500) cat(&z, &n, &nCap, "<c r=\"E%d\"><v>1</c>", r);
        cat(&z, &n, &nCap, "</%srow>%s", x, zLf);
        if (eShape == S_COMMENT && r == 1000) cat(&z, &n, &nCap, "<!-- <row r=\"1001\"><c><v>9</v></c></row> -->\n");
    }
    cat(&z, &n, &nCap, "</%ssheetData><%smergeCells count=\"1\"><%smergeCell ref=\"A1:B1\"/></%smergeCells></%sworksheet>", x, x, x, x, x);
    return z;
}

/* The shared strings: plain (read on the fast path; a rich text of two
 * runs, a phonetic run left out), or with an entity (expat reads them). */
static const char zSstPlain[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"5\" uniqueCount=\"5\"><si><t>甲</t></si><si><t>乙</t></si>"
    "<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space=\"preserve\"> 文本</t></r></si><si><t>漢</t><rPh sb=\"0\" eb=\"1\"><t>カン</t></rPh></si>"
    "<si><t/></si></sst>\n";
static const char zSstEntity[] = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>甲</t></si><si><t>乙</t></si>"
    "<si><t>a&amp;b</t></si><si><t>&#x6F22;</t></si><si><t></t></si></sst>";

/* Writes the workbook of a sheet XML, its parts deflated (Z_DEFLATED: the
 * sheet is inflated whole) or stored (0: streamed); returns its path. */
static const char *write_book(const char *zFile, const char *zSheet, const char *zSst, int eMethod)
{
    static char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/%s", tu_tmpdir(), zFile);
    const char *const azPart[] = {
        "xl/workbook.xml",
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        "xl/sharedStrings.xml", zSst,
        "xl/worksheets/sheet1.xml", zSheet,
    };
    zipFile zf = zipOpen64(zPath, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zf);
    for (size_t i = 0; i < sizeof(azPart) / sizeof(azPart[0]); i += 2) {
        CU_ASSERT_EQUAL(zipOpenNewFileInZip64(zf, azPart[i], NULL, NULL, 0, NULL, 0, NULL, eMethod, eMethod ? 1 : 0, 1), ZIP_OK);
        CU_ASSERT_EQUAL(zipWriteInFileInZip(zf, azPart[i + 1], (unsigned)strlen(azPart[i + 1])), ZIP_OK);
        zipCloseFileInZip(zf);
    }
    zipClose(zf, NULL);
    return zPath;
}

static void test_blocks_as_in_order(void)
{
    for (size_t i = 0; i < 2 * sizeof(aCase) / sizeof(aCase[0]); i++) {
        const sheet_case *c = &aCase[i / 2];
        char *zXml = sheet_xml(c->eShape);
        const char *zPath = write_book("blocks.xlsx", zXml, c->eShape == S_ENTITIES ? zSstEntity : zSstPlain, i % 2 ? 0 : Z_DEFLATED);
        free(zXml);
        char zErr1[600], zErr2[600], zErr3[600], zErr4[600];
        int nBlock1, nBlock2, nBlock3, nBlock4;
        char *zOrder = fz_sheet_dump(zPath, 0, 1, &nBlock1, zErr1, sizeof(zErr1));
        char *zCut = fz_sheet_dump(zPath, 4096, 3, &nBlock2, zErr2, sizeof(zErr2));
        char *zCut1 = fz_sheet_dump(zPath, 700, 16, &nBlock3, zErr3, sizeof(zErr3));
        /* all of it through expat: the shared strings too */
        pr_sheet_fast_path(0);
        char *zSlow = fz_sheet_dump(zPath, 4096, 3, &nBlock4, zErr4, sizeof(zErr4));
        pr_sheet_fast_path(1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(zOrder);
        CU_ASSERT_PTR_NOT_NULL_FATAL(zCut);
        CU_ASSERT_PTR_NOT_NULL_FATAL(zCut1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(zSlow);
        /* (after an error the rows read before it differ: none is used) */
        int bSame = (c->zErr || (strcmp(zOrder, zCut) == 0 && strcmp(zOrder, zCut1) == 0 && strcmp(zOrder, zSlow) == 0))
                    && strcmp(zErr1, zErr2) == 0 && strcmp(zErr1, zErr3) == 0 && strcmp(zErr1, zErr4) == 0;
        if (!bSame) fprintf(stderr, "\nsheet block case '%s': in order '%s', in blocks '%s' / '%s', by expat '%s'\n", c->zName, zErr1, zErr2, zErr3, zErr4);
        CU_ASSERT(bSame);
        CU_ASSERT_EQUAL(nBlock2, nBlock4);
        CU_ASSERT_EQUAL(nBlock1, 0);
        /* blocks stood, all but the last few where the sheet goes in order */
        if (c->bStands) CU_ASSERT(nBlock2 > 10 && nBlock3 > 10);
        if (c->eShape == S_NO_R) CU_ASSERT(nBlock2 == 0 && nBlock3 == 0);
        if (c->eShape == S_COMMENT || c->eShape == S_CDATA) CU_ASSERT(nBlock2 > 0 && nBlock2 < 200);
        if (c->zErr) {
            if (!strstr(zErr1, c->zErr)) fprintf(stderr, "\nsheet block case '%s': '%s' lacks '%s'\n", c->zName, zErr1, c->zErr);
            CU_ASSERT_PTR_NOT_NULL(strstr(zErr1, c->zErr));
        } else {
            CU_ASSERT_STRING_EQUAL(zErr1, "");
            CU_ASSERT_PTR_NOT_NULL(strstr(zOrder, "|\nmerge A1:B1"));
            CU_ASSERT_PTR_NOT_NULL(strstr(zOrder, "\n2000:"));
        }
        if (c->eShape == S_HUGE_ROW) CU_ASSERT_PTR_NOT_NULL(strstr(zOrder, "\n700+:"));
        if (c->eShape == S_ENTITIES) CU_ASSERT_PTR_NOT_NULL(strstr(zOrder, "|0=<张&三三中\"|"));
        if (c->eShape == S_PREFIX || c->eShape == S_PLAIN) {
            CU_ASSERT_PTR_NOT_NULL(strstr(zOrder, "\n1998:0=漢|1=1998.25|0=|0= Zhang1998 |\n"));
            CU_ASSERT_PTR_NOT_NULL(strstr(zOrder, "\n1997:0=富 文本|1=1997.25|"));
            CU_ASSERT_PTR_NOT_NULL(strstr(zOrder, "\n1800:0=甲|1=1800.25|0=|0= 张三1800 |\n"));
            CU_ASSERT_PTR_NOT_NULL(strstr(zOrder, "\n1999:0=|1=1999.25|"));
        }
        if (c->eShape == S_ENTITIES) CU_ASSERT_PTR_NOT_NULL(strstr(zOrder, "\n1998:0=漢|1=1998.25|"));
        free(zOrder);
        free(zCut);
        free(zCut1);
        free(zSlow);
    }
}

static const pr_test aTests[] = {
    { "a sheet in blocks gives the rows and errors of the sheet in order", test_blocks_as_in_order },
};

int suite_sheetblock(void) { PR_ADD_SUITE("sheetblock", aTests); }
