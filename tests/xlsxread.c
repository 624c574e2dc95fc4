/*
 * xlsxread.c - the tests' .xlsx reader on Debian's minizip and expat.
 *
 * minizip finds a part in the zip's central directory and inflates it into
 * a buffer of the size the directory declares (capped by xr_nMaxPart);
 * closing the part checks its CRC. expat parses the part with namespaces
 * (names arrive as "URI local"), with any DOCTYPE refused so no entity can
 * expand. The strings the book hands out live in its arena.
 */
#include "tests/xlsxread.h"
#include "io/arena.h"

#include <expat.h>
#include <minizip/unzip.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t xr_nMaxPart = XR_MAX_PART;

/* the namespace of r:id in xl/workbook.xml, as expat joins it to "id" */
#define XR_RID "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"

/* One sheet named in xl/workbook.xml. */
struct xr_sheet {
    const char *zName;   /* the sheet's name, in the book's arena */
    const char *zRid;    /* its r:id in xl/_rels/workbook.xml.rels, in the arena */
    const char *zPart;   /* its part ("xl/worksheets/sheet1.xml"), in the arena;
                          * NULL while the relationships name none */
    xr_cell *aCell;      /* its cells sorted by row and column, malloc'd;
                          * NULL until read */
    int nCell;           /* cells in aCell */
    int nCellCap;        /* cells allocated in aCell */
    int bRead;           /* aCell holds the part's cells */
};

struct xr_book {
    char *zPath;         /* the file, for messages; malloc'd */
    unzFile pZip;        /* the open zip, owned */
    pr_arena arena;      /* every string the book hands out */
    xr_sheet *aSheet;    /* the sheets in workbook order, malloc'd */
    int nSheet;          /* sheets in aSheet */
    const char **azShared;   /* the shared strings (in the arena); array malloc'd */
    int nShared;         /* strings in azShared */
    int nSharedCap;      /* strings allocated in azShared */
};

/* The state of one expat parse; the handlers get it as user data. */
typedef struct xr_parse {
    XML_Parser p;        /* the parser, owned by parse_xml */
    xr_book *pBook;      /* the book being filled; borrowed */
    xr_sheet *pSheet;    /* the sheet being read, or NULL; borrowed */
    char zErr[256];      /* the first error a handler met, or "" */
    char *zText;         /* character data of the current string, malloc'd */
    size_t nText;        /* bytes in zText */
    size_t nTextCap;     /* bytes allocated in zText */
    int nCollect;        /* >0 inside an element whose text is collected */
    int nSkip;           /* >0 inside <rPh> (phonetic runs are not the text) */
    int bInString;       /* inside <si> or <is> */
    int iRow;            /* the current <row>'s number (1-based), or 0 */
    int iLastCol;        /* the column of the row's last cell, or 0 */
    xr_cell cell;        /* the cell being read (valid while bInCell) */
    int bInCell;         /* inside <c> */
    char zType[16];      /* the cell's t attribute ("" when none) */
    const char *zValue;  /* the text of its <v> (arena), or NULL */
    const char *zInline; /* the text of its <is> (arena), or NULL */
} xr_parse;

static void set_err(char *zErr, size_t nErr, const char *zFmt, ...) __attribute__((format(printf, 3, 4)));

/* Writes a message into zErr (when there is room for one). */
static void set_err(char *zErr, size_t nErr, const char *zFmt, ...)
{
    if (!zErr || nErr == 0) return;
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(zErr, nErr, zFmt, ap);
    va_end(ap);
}

/* ---- zip ------------------------------------------------------------------ */

/* Reads part zName of the open zip pZip. Returns 0 with *pz (malloc'd,
 * NUL-terminated, owned by the caller) and *pn its length; 1 when the zip
 * has no such part; -1 with a message in zErr. */
static int zip_read(unzFile pZip, const char *zName, char **pz, size_t *pn, char *zErr, size_t nErr)
{
    int rc = -1, bOpen = 0;
    char *a = NULL;
    size_t n = 0;
    unz_file_info64 info;
    *pz = NULL;
    *pn = 0;
    int e = unzLocateFile(pZip, zName, 1);
    if (e == UNZ_END_OF_LIST_OF_FILE) { rc = 1; goto cleanup; }
    if (e != UNZ_OK) { set_err(zErr, nErr, "%s: cannot look the part up (minizip %d)", zName, e); goto cleanup; }
    if (unzGetCurrentFileInfo64(pZip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
        set_err(zErr, nErr, "%s: unreadable directory entry", zName);
        goto cleanup;
    }
    if (info.uncompressed_size > xr_nMaxPart) {
        set_err(zErr, nErr, "%s: %llu bytes, more than the %zu allowed", zName,
                (unsigned long long)info.uncompressed_size, xr_nMaxPart);
        goto cleanup;
    }
    size_t nWant = (size_t)info.uncompressed_size;
    if (unzOpenCurrentFile(pZip) != UNZ_OK) { set_err(zErr, nErr, "%s: cannot open the part", zName); goto cleanup; }
    bOpen = 1;
    a = malloc(nWant + 1);
    if (!a) { set_err(zErr, nErr, "%s: out of memory", zName); goto cleanup; }
    /* room for one byte past the declared size: a part that inflates to
     * more than its directory says is an error, not an overrun */
    for (;;) {
        int nRead = unzReadCurrentFile(pZip, a + n, (unsigned)(nWant + 1 - n));
        if (nRead < 0) { set_err(zErr, nErr, "%s: does not inflate (minizip %d)", zName, nRead); goto cleanup; }
        if (nRead == 0) break;
        n += (size_t)nRead;
        if (n > nWant) { set_err(zErr, nErr, "%s: longer than the %zu bytes declared", zName, nWant); goto cleanup; }
    }
    if (n != nWant) { set_err(zErr, nErr, "%s: %zu bytes, not the %zu declared", zName, n, nWant); goto cleanup; }
    bOpen = 0;
    e = unzCloseCurrentFile(pZip);
    if (e != UNZ_OK) {
        set_err(zErr, nErr, "%s: %s", zName, e == UNZ_CRCERROR ? "CRC mismatch" : "cannot close the part");
        goto cleanup;
    }
    a[n] = 0;
    *pz = a;
    *pn = n;
    a = NULL;
    rc = 0;
cleanup:
    if (bOpen) unzCloseCurrentFile(pZip);
    free(a);
    return rc;
}

char *xr_part(const char *zPath, const char *zName)
{
    char *z = NULL;
    size_t n;
    unzFile pZip = unzOpen64(zPath);
    if (!pZip) goto cleanup;
    if (zip_read(pZip, zName, &z, &n, NULL, 0) != 0) z = NULL;
cleanup:
    if (pZip) unzClose(pZip);
    return z;
}

int xr_count(const char *zPath, const char *zPrefix)
{
    int nMatch = -1, nSeen = 0, n = 0, e;
    size_t nPrefix = strlen(zPrefix);
    unzFile pZip = unzOpen64(zPath);
    if (!pZip) goto cleanup;
    for (e = unzGoToFirstFile(pZip); e == UNZ_OK; e = unzGoToNextFile(pZip)) {
        char zName[1024];
        unz_file_info64 info;
        if (++nSeen > XR_MAX_ENTRIES) goto cleanup;
        if (unzGetCurrentFileInfo64(pZip, &info, zName, sizeof(zName), NULL, 0, NULL, 0) != UNZ_OK) goto cleanup;
        if (info.size_filename >= sizeof(zName)) goto cleanup;   /* minizip leaves it unterminated */
        if (strncmp(zName, zPrefix, nPrefix) == 0) n++;
    }
    if (e != UNZ_END_OF_LIST_OF_FILE) goto cleanup;
    nMatch = n;
cleanup:
    if (pZip) unzClose(pZip);
    return nMatch;
}

int xr_occurrences(const char *z, const char *zNeedle)
{
    int n = 0;
    size_t k = strlen(zNeedle);
    if (k == 0) return 0;
    while (z && (z = strstr(z, zNeedle)) != NULL) { n++; z += k; }
    return n;
}

/* ---- expat ---------------------------------------------------------------- */

/* Returns the local part of an expat name ("URI local" or "local"). */
static const char *local_name(const char *zName)
{
    const char *z = strrchr(zName, ' ');
    return z ? z + 1 : zName;
}

/* Returns the value of attribute zName in azAttr, or NULL. */
static const char *attr(const char **azAttr, const char *zName)
{
    for (int i = 0; azAttr[i]; i += 2)
        if (strcmp(azAttr[i], zName) == 0) return azAttr[i + 1];
    return NULL;
}

static void parse_fail(xr_parse *pP, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));

/* Records the first error of a parse and stops the parser. */
static void parse_fail(xr_parse *pP, const char *zFmt, ...)
{
    if (pP->zErr[0]) return;
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(pP->zErr, sizeof(pP->zErr), zFmt, ap);
    va_end(ap);
    if (!pP->zErr[0]) snprintf(pP->zErr, sizeof(pP->zErr), "error");
    XML_StopParser(pP->p, XML_FALSE);
}

/* Returns a copy of z in the book's arena, or NULL after parse_fail. */
static const char *parse_strdup(xr_parse *pP, const char *z, size_t n)
{
    const char *r = pr_arena_strndup(&pP->pBook->arena, z, n);
    if (!r) parse_fail(pP, "out of memory");
    return r;
}

/* Returns the text collected since the last reset, copied into the arena. */
static const char *parse_text(xr_parse *pP)
{
    return parse_strdup(pP, pP->zText ? pP->zText : "", pP->nText);
}

static void XMLCALL on_text(void *pv, const XML_Char *z, int n)
{
    xr_parse *pP = pv;
    if (pP->zErr[0] || pP->nCollect <= 0 || pP->nSkip > 0 || n <= 0) return;
    if ((size_t)n > XR_MAX_TEXT - pP->nText) { parse_fail(pP, "a string longer than %u bytes", XR_MAX_TEXT); return; }
    if (pP->nText + (size_t)n > pP->nTextCap) {
        size_t nNew = pP->nTextCap ? pP->nTextCap : 256;
        while (nNew < pP->nText + (size_t)n) nNew *= 2;
        char *a = realloc(pP->zText, nNew);
        if (!a) { parse_fail(pP, "out of memory"); return; }
        pP->zText = a;
        pP->nTextCap = nNew;
    }
    memcpy(pP->zText + pP->nText, z, (size_t)n);
    pP->nText += (size_t)n;
}

static void XMLCALL on_doctype(void *pv, const XML_Char *zName, const XML_Char *zSys, const XML_Char *zPub, int bInternal)
{
    (void)zName, (void)zSys, (void)zPub, (void)bInternal;
    parse_fail(pv, "a DOCTYPE (OOXML parts have none)");
}

/* Parses part zPart (z, n bytes) with the element handlers given. Returns 0,
 * or -1 with a message in zErr. */
static int parse_xml(xr_parse *pP, const char *zPart, const char *z, size_t n, XML_StartElementHandler xStart,
                     XML_EndElementHandler xEnd, char *zErr, size_t nErr)
{
    int rc = -1;
    pP->p = XML_ParserCreateNS(NULL, ' ');
    if (!pP->p) { set_err(zErr, nErr, "%s: out of memory", zPart); goto cleanup; }
    XML_SetUserData(pP->p, pP);
    XML_SetElementHandler(pP->p, xStart, xEnd);
    XML_SetCharacterDataHandler(pP->p, on_text);
    XML_SetStartDoctypeDeclHandler(pP->p, on_doctype);
    /* n <= xr_nMaxPart, far below INT_MAX unless a test raises the cap */
    if (n > (size_t)0x7fffffff) { set_err(zErr, nErr, "%s: too large to parse", zPart); goto cleanup; }
    if (XML_Parse(pP->p, z, (int)n, XML_TRUE) != XML_STATUS_OK || pP->zErr[0]) {
        if (pP->zErr[0]) set_err(zErr, nErr, "%s: %s", zPart, pP->zErr);
        else set_err(zErr, nErr, "%s: line %lu: %s", zPart, (unsigned long)XML_GetCurrentLineNumber(pP->p),
                     XML_ErrorString(XML_GetErrorCode(pP->p)));
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (pP->p) XML_ParserFree(pP->p);
    pP->p = NULL;
    free(pP->zText);
    pP->zText = NULL;
    pP->nText = pP->nTextCap = 0;
    return rc;
}

/* Reads part zPart of the book and parses it. Returns 0; 1 when the part is
 * missing and bOptional; -1 with a message in zErr. */
static int parse_part(xr_parse *pP, const char *zPart, int bOptional, XML_StartElementHandler xStart,
                      XML_EndElementHandler xEnd, char *zErr, size_t nErr)
{
    char *z = NULL;
    size_t n;
    int rc = zip_read(pP->pBook->pZip, zPart, &z, &n, zErr, nErr);
    if (rc == 1 && !bOptional) { set_err(zErr, nErr, "%s: no such part", zPart); rc = -1; }
    if (rc != 0) goto cleanup;
    rc = parse_xml(pP, zPart, z, n, xStart, xEnd, zErr, nErr);
cleanup:
    free(z);
    return rc;
}

/* ---- xl/workbook.xml and its relationships -------------------------------- */

static void XMLCALL on_workbook_start(void *pv, const XML_Char *zName, const XML_Char **azAttr)
{
    xr_parse *pP = pv;
    xr_book *pBook = pP->pBook;
    if (pP->zErr[0] || strcmp(local_name(zName), "sheet") != 0) return;
    const char *zSheet = attr(azAttr, "name"), *zRid = attr(azAttr, XR_RID);
    if (!zSheet || !zRid) { parse_fail(pP, "a <sheet> without name or r:id"); return; }
    if (pBook->nSheet >= XR_MAX_SHEETS) { parse_fail(pP, "more than %d sheets", XR_MAX_SHEETS); return; }
    xr_sheet *pS = &pBook->aSheet[pBook->nSheet];
    memset(pS, 0, sizeof(*pS));
    if (!(pS->zName = parse_strdup(pP, zSheet, strlen(zSheet)))) return;
    if (!(pS->zRid = parse_strdup(pP, zRid, strlen(zRid)))) return;
    pBook->nSheet++;
}

static void XMLCALL on_ignore_end(void *pv, const XML_Char *zName)
{
    (void)pv, (void)zName;
}

static void XMLCALL on_rels_start(void *pv, const XML_Char *zName, const XML_Char **azAttr)
{
    xr_parse *pP = pv;
    xr_book *pBook = pP->pBook;
    if (pP->zErr[0] || strcmp(local_name(zName), "Relationship") != 0) return;
    const char *zId = attr(azAttr, "Id"), *zTarget = attr(azAttr, "Target"), *zMode = attr(azAttr, "TargetMode");
    if (!zId || !zTarget) { parse_fail(pP, "a <Relationship> without Id or Target"); return; }
    if (zMode && strcmp(zMode, "External") == 0) return;
    for (int i = 0; i < pBook->nSheet; i++) {
        xr_sheet *pS = &pBook->aSheet[i];
        if (strcmp(pS->zRid, zId) != 0) continue;
        /* "/xl/worksheets/sheet1.xml" is from the root, "worksheets/..." from xl/ */
        pS->zPart = zTarget[0] == '/' ? pr_arena_strndup(&pBook->arena, zTarget + 1, strlen(zTarget + 1))
                                      : pr_arena_cat(&pBook->arena, "xl/", zTarget, (char *)NULL);
        if (!pS->zPart) parse_fail(pP, "out of memory");
    }
}

/* ---- xl/sharedStrings.xml ------------------------------------------------- */

static void XMLCALL on_sst_start(void *pv, const XML_Char *zName, const XML_Char **azAttr)
{
    xr_parse *pP = pv;
    const char *zLocal = local_name(zName);
    (void)azAttr;
    if (pP->zErr[0]) return;
    if (strcmp(zLocal, "si") == 0) { pP->bInString = 1; pP->nText = 0; }
    else if (strcmp(zLocal, "rPh") == 0) pP->nSkip++;
    else if (strcmp(zLocal, "t") == 0 && pP->bInString) pP->nCollect++;
}

static void XMLCALL on_sst_end(void *pv, const XML_Char *zName)
{
    xr_parse *pP = pv;
    xr_book *pBook = pP->pBook;
    const char *zLocal = local_name(zName);
    if (pP->zErr[0]) return;
    if (strcmp(zLocal, "rPh") == 0 && pP->nSkip > 0) pP->nSkip--;
    else if (strcmp(zLocal, "t") == 0 && pP->nCollect > 0) pP->nCollect--;
    else if (strcmp(zLocal, "si") == 0) {
        pP->bInString = 0;
        if (pBook->nShared >= XR_MAX_SHARED) { parse_fail(pP, "more than %d shared strings", XR_MAX_SHARED); return; }
        if (pBook->nShared == pBook->nSharedCap) {
            int nNew = pBook->nSharedCap ? pBook->nSharedCap * 2 : 64;
            const char **a = realloc(pBook->azShared, (size_t)nNew * sizeof(*a));
            if (!a) { parse_fail(pP, "out of memory"); return; }
            pBook->azShared = a;
            pBook->nSharedCap = nNew;
        }
        const char *z = parse_text(pP);
        if (z) pBook->azShared[pBook->nShared++] = z;
    }
}

/* ---- a sheet's cells ------------------------------------------------------ */

/* Parses a cell reference such as "B3" into 1-based *piRow and *piCol.
 * Returns 0, or -1 when z is not one (Excel's limits: XFD1048576). */
static int ref_parse(const char *z, int *piRow, int *piCol)
{
    int iCol = 0, iRow = 0, nLetter = 0, nDigit = 0;
    for (; *z >= 'A' && *z <= 'Z'; z++) {
        if (++nLetter > 3) return -1;
        iCol = iCol * 26 + (*z - 'A' + 1);
    }
    for (; *z >= '0' && *z <= '9'; z++) {
        if (++nDigit > 7) return -1;
        iRow = iRow * 10 + (*z - '0');
    }
    if (*z || nLetter == 0 || nDigit == 0 || iCol > 16384 || iRow < 1 || iRow > 1048576) return -1;
    *piRow = iRow;
    *piCol = iCol;
    return 0;
}

static void XMLCALL on_sheet_start(void *pv, const XML_Char *zName, const XML_Char **azAttr)
{
    xr_parse *pP = pv;
    const char *zLocal = local_name(zName);
    if (pP->zErr[0]) return;
    if (strcmp(zLocal, "row") == 0) {
        const char *zR = attr(azAttr, "r");
        pP->iRow = zR ? atoi(zR) : pP->iRow + 1;
        pP->iLastCol = 0;
        if (pP->iRow < 1 || pP->iRow > 1048576) parse_fail(pP, "a row numbered %s", zR ? zR : "past 1048576");
    } else if (strcmp(zLocal, "c") == 0) {
        const char *zR = attr(azAttr, "r"), *zT = attr(azAttr, "t");
        memset(&pP->cell, 0, sizeof(pP->cell));
        if (zR) {
            if (ref_parse(zR, &pP->cell.iRow, &pP->cell.iCol)) { parse_fail(pP, "a cell at \"%s\"", zR); return; }
        } else {
            /* no r: the next column of the current row */
            pP->cell.iRow = pP->iRow;
            pP->cell.iCol = pP->iLastCol + 1;
            if (pP->iRow < 1 || pP->cell.iCol > 16384) { parse_fail(pP, "a cell without r outside a row"); return; }
        }
        pP->iLastCol = pP->cell.iCol;
        if (zT && strlen(zT) >= sizeof(pP->zType)) { parse_fail(pP, "a cell type \"%.20s\"", zT); return; }
        snprintf(pP->zType, sizeof(pP->zType), "%s", zT ? zT : "");
        pP->zValue = pP->zInline = NULL;
        pP->bInCell = 1;
    } else if (!pP->bInCell) {
        return;
    } else if (strcmp(zLocal, "v") == 0 || strcmp(zLocal, "f") == 0) {
        pP->nText = 0;
        pP->nCollect++;
    } else if (strcmp(zLocal, "is") == 0) {
        pP->nText = 0;
        pP->bInString = 1;
    } else if (strcmp(zLocal, "rPh") == 0) {
        pP->nSkip++;
    } else if (strcmp(zLocal, "t") == 0 && pP->bInString) {
        pP->nCollect++;
    }
}

/* Gives the cell just read its type and value from t, <v> and <is>, and
 * appends it to the sheet. */
static void cell_finish(xr_parse *pP)
{
    xr_book *pBook = pP->pBook;
    xr_sheet *pS = pP->pSheet;
    xr_cell *c = &pP->cell;
    const char *zT = pP->zType, *zV = pP->zValue;
    char *zEnd;
    if (strcmp(zT, "s") == 0) {
        long i = zV ? strtol(zV, &zEnd, 10) : -1;
        if (!zV || *zEnd || zEnd == zV || i < 0 || i >= pBook->nShared) {
            parse_fail(pP, "shared string \"%.20s\" of %d", zV ? zV : "", pBook->nShared);
            return;
        }
        c->eType = XR_STRING;
        c->bShared = 1;
        c->zText = pBook->azShared[i];
    } else if (strcmp(zT, "inlineStr") == 0) {
        c->eType = XR_STRING;
        c->bInline = 1;
        c->zText = pP->zInline ? pP->zInline : "";
    } else if (strcmp(zT, "str") == 0 || strcmp(zT, "d") == 0) {
        c->eType = XR_STRING;
        c->zText = zV ? zV : "";
    } else if (strcmp(zT, "b") == 0) {
        if (!zV || (strcmp(zV, "0") != 0 && strcmp(zV, "1") != 0)) { parse_fail(pP, "a boolean \"%.20s\"", zV ? zV : ""); return; }
        c->eType = XR_BOOL;
        c->rValue = zV[0] == '1';
        c->zText = zV;
    } else if (strcmp(zT, "e") == 0) {
        c->eType = XR_ERROR;
        c->zText = zV ? zV : "";
    } else if (strcmp(zT, "n") == 0 || zT[0] == 0) {
        if (zV) {
            c->rValue = strtod(zV, &zEnd);
            if (*zEnd || zEnd == zV) { parse_fail(pP, "a number \"%.20s\"", zV); return; }
            c->eType = XR_NUMBER;
            c->zText = zV;
        } else {
            c->eType = XR_BLANK;
            c->zText = "";
        }
    } else {
        parse_fail(pP, "a cell type \"%s\"", zT);
        return;
    }
    if (pS->nCell >= XR_MAX_CELLS) { parse_fail(pP, "more than %d cells", XR_MAX_CELLS); return; }
    if (pS->nCell == pS->nCellCap) {
        int nNew = pS->nCellCap ? pS->nCellCap * 2 : 256;
        xr_cell *a = realloc(pS->aCell, (size_t)nNew * sizeof(*a));
        if (!a) { parse_fail(pP, "out of memory"); return; }
        pS->aCell = a;
        pS->nCellCap = nNew;
    }
    pS->aCell[pS->nCell++] = *c;
}

static void XMLCALL on_sheet_end(void *pv, const XML_Char *zName)
{
    xr_parse *pP = pv;
    const char *zLocal = local_name(zName);
    if (pP->zErr[0] || !pP->bInCell) return;
    if (strcmp(zLocal, "c") == 0) {
        pP->bInCell = 0;
        cell_finish(pP);
    } else if (strcmp(zLocal, "v") == 0 && pP->nCollect > 0) {
        pP->nCollect--;
        pP->zValue = parse_text(pP);
    } else if (strcmp(zLocal, "f") == 0 && pP->nCollect > 0) {
        pP->nCollect--;
        pP->cell.zFormula = parse_text(pP);
    } else if (strcmp(zLocal, "is") == 0 && pP->bInString) {
        pP->bInString = 0;
        pP->zInline = parse_text(pP);
    } else if (strcmp(zLocal, "rPh") == 0 && pP->nSkip > 0) {
        pP->nSkip--;
    } else if (strcmp(zLocal, "t") == 0 && pP->nCollect > 0) {
        pP->nCollect--;
    }
}

static int cmp_cell(const void *a, const void *b)
{
    const xr_cell *x = a, *y = b;
    if (x->iRow != y->iRow) return x->iRow < y->iRow ? -1 : 1;
    return (x->iCol > y->iCol) - (x->iCol < y->iCol);
}

/* ---- the book ------------------------------------------------------------- */

xr_book *xr_open(const char *zPath, char *zErr, size_t nErr)
{
    xr_book *pBook = NULL, *pRet = NULL;
    xr_parse parse;
    char zMsg[300] = "";
    memset(&parse, 0, sizeof(parse));
    pBook = calloc(1, sizeof(*pBook));
    if (!pBook) { set_err(zErr, nErr, "%s: out of memory", zPath); goto cleanup; }
    pr_arena_init(&pBook->arena);
    pBook->zPath = strdup(zPath);
    pBook->aSheet = calloc(XR_MAX_SHEETS, sizeof(*pBook->aSheet));
    if (!pBook->zPath || !pBook->aSheet) { set_err(zErr, nErr, "%s: out of memory", zPath); goto cleanup; }
    pBook->pZip = unzOpen64(zPath);
    if (!pBook->pZip) { set_err(zErr, nErr, "%s: missing, or not a zip file", zPath); goto cleanup; }
    parse.pBook = pBook;
    if (parse_part(&parse, "xl/workbook.xml", 0, on_workbook_start, on_ignore_end, zMsg, sizeof(zMsg))) goto cleanup;
    if (parse_part(&parse, "xl/_rels/workbook.xml.rels", 0, on_rels_start, on_ignore_end, zMsg, sizeof(zMsg))) goto cleanup;
    if (parse_part(&parse, "xl/sharedStrings.xml", 1, on_sst_start, on_sst_end, zMsg, sizeof(zMsg)) < 0) goto cleanup;
    pRet = pBook;
    pBook = NULL;
cleanup:
    if (zMsg[0]) set_err(zErr, nErr, "%s: %s", zPath, zMsg);
    xr_close(pBook);
    return pRet;
}

void xr_close(xr_book *pBook)
{
    if (!pBook) return;
    for (int i = 0; i < pBook->nSheet; i++) free(pBook->aSheet[i].aCell);
    free(pBook->aSheet);
    free(pBook->azShared);
    if (pBook->pZip) unzClose(pBook->pZip);
    pr_arena_clear(&pBook->arena);
    free(pBook->zPath);
    free(pBook);
}

int xr_sheet_count(const xr_book *pBook) { return pBook->nSheet; }

const char *xr_sheet_name(const xr_book *pBook, int iSheet)
{
    return iSheet >= 0 && iSheet < pBook->nSheet ? pBook->aSheet[iSheet].zName : NULL;
}

const xr_sheet *xr_sheet_get(xr_book *pBook, const char *zName, char *zErr, size_t nErr)
{
    xr_sheet *pS = NULL, *pRet = NULL;
    xr_parse parse;
    char zMsg[300] = "";
    for (int i = 0; i < pBook->nSheet && !pS; i++)
        if (strcmp(pBook->aSheet[i].zName, zName) == 0) pS = &pBook->aSheet[i];
    if (!pS) { set_err(zErr, nErr, "%s: no sheet named \"%s\"", pBook->zPath, zName); goto cleanup; }
    if (pS->bRead) { pRet = pS; goto cleanup; }
    if (!pS->zPart) {
        set_err(zErr, nErr, "%s: sheet \"%s\": no relationship %s", pBook->zPath, zName, pS->zRid);
        goto cleanup;
    }
    memset(&parse, 0, sizeof(parse));
    parse.pBook = pBook;
    parse.pSheet = pS;
    if (parse_part(&parse, pS->zPart, 0, on_sheet_start, on_sheet_end, zMsg, sizeof(zMsg))) {
        set_err(zErr, nErr, "%s: sheet \"%s\": %s", pBook->zPath, zName, zMsg);
        free(pS->aCell);
        pS->aCell = NULL;
        pS->nCell = pS->nCellCap = 0;
        goto cleanup;
    }
    if (pS->nCell > 1) qsort(pS->aCell, (size_t)pS->nCell, sizeof(*pS->aCell), cmp_cell);
    pS->bRead = 1;
    pRet = pS;
cleanup:
    return pRet;
}

int xr_cell_count(const xr_sheet *pSheet) { return pSheet->nCell; }

const xr_cell *xr_cell_at(const xr_sheet *pSheet, const char *zRef)
{
    xr_cell key;
    memset(&key, 0, sizeof(key));
    if (ref_parse(zRef, &key.iRow, &key.iCol) || pSheet->nCell == 0) return NULL;
    return bsearch(&key, pSheet->aCell, (size_t)pSheet->nCell, sizeof(*pSheet->aCell), cmp_cell);
}
