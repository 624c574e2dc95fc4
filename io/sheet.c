/*
 * sheet.c - one worksheet of an .xlsx (minizip + expat) or an .xls
 * (libfreexl) read row by row (sheet.h).
 *
 * Opening reads the zip's directory and small parts, then three jobs that
 * may run side by side (pr_sheet_open_job): the file's SHA-256, the shared
 * strings and the sheet part, each big part read into memory and
 * inflated whole with libdeflate when small enough (else streamed through
 * zlib). The sheet's prologue and first rows go to an expat parser in
 * order; the rest of its rows are cut after a row's end tag into blocks
 * that parse on any thread (pr_sheet_cut). A block, and the shared
 * strings, are read by a path for the shape writers give them (rows_parse,
 * sst_plain_parse), else by a fast path for plain XML (a strict subset:
 * ASCII names and attribute values, UTF-8 text, no references, comments,
 * CDATA, PIs or DTD), both calling the same handlers expat does, and by
 * expat at the first thing outside the subset; whatever is wrong is
 * reported by expat reading it in order.
 */
#include "io/sheet.h"
#include "io/bigmem.h"
#include "io/common.h"
#include "io/encoding.h"
#include "io/sha256.h"

#include <assert.h>
#include <errno.h>
#include <expat.h>
#include <freexl.h>
#include <libdeflate.h>
#include <minizip/unzip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define XML_BLOCK (64u << 10)     /* inflated bytes handed to expat at once */
#define BATCH_BYTES (32u << 20)   /* a batch stops growing past this much text */
#define CELL_CAP (1u << 20)       /* bytes of one cell's text kept */
#define IN_CAP (4u << 20)         /* inflated bytes of the sheet pending at most */
#define CUT_BYTES (1u << 20)      /* a block's XML, about */
#define WHOLE_MAX_RAW ((size_t)64 << 20)    /* largest deflated sheet part inflated whole */
#define WHOLE_MAX_OUT ((size_t)128 << 20)   /* and its largest declared size */

/* ---- the rows ------------------------------------------------------------ */

void pr_sheetrows_init(pr_sheetrows *p) { memset(p, 0, sizeof(*p)); }

void pr_sheetrows_clear(pr_sheetrows *p)
{
    free(p->z);
    free(p->aCell);
    free(p->aRow);
    pr_sheetrows_init(p);
}

static int rows_text(pr_sheetrows *p, const char *z, size_t n)
{
    if (p->n + n > UINT32_MAX) return -1;
    if (p->n + n > p->nCap) {
        size_t nNew = p->nCap ? p->nCap * 2 : (1u << 16);
        while (nNew < p->n + n) nNew *= 2;
        char *zNew = realloc(p->z, nNew);
        if (!zNew) return -1;
        p->z = zNew;
        p->nCap = nNew;
    }
    if (n) memcpy(p->z + p->n, z, n);
    p->n += n;
    return 0;
}

static pr_sheetcell *rows_cell(pr_sheetrows *p)
{
    if (p->nCell == p->nCellCap) {
        size_t nNew = p->nCellCap ? p->nCellCap * 2 : 1024;
        pr_sheetcell *a = realloc(p->aCell, nNew * sizeof(*a));
        if (!a) return NULL;
        p->aCell = a;
        p->nCellCap = nNew;
    }
    pr_sheetcell *c = &p->aCell[p->nCell++];
    c->iOff = (uint32_t)p->n;
    c->n = 0;
    c->fCell = 0;
    return c;
}

static pr_sheetrow *rows_row(pr_sheetrows *p)
{
    if (p->nRow == p->nRowCap) {
        int nNew = p->nRowCap ? p->nRowCap * 2 : 256;
        pr_sheetrow *a = realloc(p->aRow, (size_t)nNew * sizeof(*a));
        if (!a) return NULL;
        p->aRow = a;
        p->nRowCap = nNew;
    }
    return &p->aRow[p->nRow++];
}

/* ---- numbers and dates --------------------------------------------------- */

/* Writes the number whose decimal text is z[0,n) ([-]digits[.digits][E[+-]d])
 * without exponent, rounded to 15 significant digits, into zOut (nOut
 * bytes). Returns the flags (PR_CELL_IMPRECISE or 0), or -1 when z is not
 * such a number or its plain text would not fit (the caller keeps z). */
static int number_text(const char *z, size_t n, char *zOut, size_t nOut, size_t *pnOut)
{
    char aDig[64];
    int nDig = 0, iPoint = -1, bNeg = 0, bSci = 0;
    size_t i = 0;
    if (i < n && (z[i] == '-' || z[i] == '+')) bNeg = z[i++] == '-';
    int nInt = 0;
    for (; i < n && z[i] >= '0' && z[i] <= '9'; i++) {
        if (nDig < 60) aDig[nDig++] = z[i]; else return -1;
        nInt++;
    }
    iPoint = nInt;
    if (i < n && z[i] == '.') {
        for (i++; i < n && z[i] >= '0' && z[i] <= '9'; i++) {
            if (nDig < 60) aDig[nDig++] = z[i]; else return -1;
        }
    }
    if (nDig == 0) return -1;
    if (i < n && (z[i] == 'E' || z[i] == 'e')) {
        bSci = 1;
        i++;
        int bExpNeg = 0, iExp = 0, nExpDig = 0;
        if (i < n && (z[i] == '-' || z[i] == '+')) bExpNeg = z[i++] == '-';
        for (; i < n && z[i] >= '0' && z[i] <= '9'; i++, nExpDig++) {
            iExp = iExp * 10 + (z[i] - '0');
            if (iExp > 40) return -1;
        }
        if (nExpDig == 0) return -1;
        iPoint += bExpNeg ? -iExp : iExp;
    }
    if (i != n) return -1;
    /* strip leading zeros: the point moves with them */
    int iFirst = 0;
    while (iFirst < nDig && aDig[iFirst] == '0') iFirst++;
    if (iFirst == nDig) { if (nOut < 2) return -1; zOut[0] = '0'; *pnOut = 1; return 0; }
    memmove(aDig, aDig + iFirst, (size_t)(nDig - iFirst));
    nDig -= iFirst;
    iPoint -= iFirst;
    int f = 0;
    if (bSci || iPoint >= 15) f |= PR_CELL_IMPRECISE;
    if (nDig > 15) {
        /* round half up at the 15th significant digit, in decimal */
        int bUp = aDig[15] >= '5';
        nDig = 15;
        for (int k = 14; bUp && k >= 0; k--) {
            if (aDig[k] == '9') aDig[k] = '0';
            else { aDig[k]++; bUp = 0; }
        }
        if (bUp) {   /* 999..9 rounded up: one more digit in front */
            memmove(aDig + 1, aDig, (size_t)nDig);
            aDig[0] = '1';
            iPoint++;
        }
    }
    while (nDig > 0 && nDig > iPoint && aDig[nDig - 1] == '0') nDig--;   /* trailing fraction zeros */
    /* the plain text: [-] int . frac */
    size_t o = 0;
    char zBuf[128];
    if (bNeg) zBuf[o++] = '-';
    if (iPoint <= 0) {
        zBuf[o++] = '0';
        zBuf[o++] = '.';
        for (int k = iPoint; k < 0; k++) zBuf[o++] = '0';
        for (int k = 0; k < nDig; k++) zBuf[o++] = aDig[k];
    } else {
        for (int k = 0; k < iPoint; k++) zBuf[o++] = k < nDig ? aDig[k] : '0';
        if (nDig > iPoint) {
            zBuf[o++] = '.';
            for (int k = iPoint; k < nDig; k++) zBuf[o++] = aDig[k];
        }
    }
    if (o >= nOut) return -1;
    memcpy(zOut, zBuf, o);
    *pnOut = o;
    return f;
}

/* Days from 1970-01-01 to y-m-d and back (proleptic Gregorian). */
static void civil_from_days(long long z, int *py, int *pm, int *pd)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    long long d = doy - (153 * mp + 2) / 5 + 1;
    long long m = mp < 10 ? mp + 3 : mp - 9;
    *py = (int)(y + (m <= 2));
    *pm = (int)m;
    *pd = (int)d;
}

/* A serial day of Excel's 1900 system (1 = 1900-01-01, with Excel's
 * 1900-02-29 at 60) or 1904 system (0 = 1904-01-01) into YYYY-MM-DD. */
static int serial_date(long long iSerial, int b1904, char *zOut)
{
    int y, m, d;
    if (iSerial < 0 || iSerial > 2958465) return -1;   /* 9999-12-31 */
    if (b1904) {
        civil_from_days(iSerial - 24107, &y, &m, &d);   /* 1904-01-01 is day -24107 */
    } else if (iSerial == 60) {
        y = 1900; m = 2; d = 29;
    } else {
        if (iSerial == 0) return -1;
        civil_from_days(iSerial - (iSerial > 60 ? 25569 : 25568), &y, &m, &d);
    }
    snprintf(zOut, 11, "%04d-%02d-%02d", y, m, d);
    return 0;
}

#ifdef PR_TESTING
int pr_sheet_number_text(const char *z, size_t n, char *zOut, size_t nOut, size_t *pnOut)
{
    return number_text(z, n, zOut, nOut, pnOut);
}
int pr_sheet_serial_date(long long iSerial, int b1904, char *zOut) { return serial_date(iSerial, b1904, zOut); }
#endif

/* Whether a number format code shows a date or time: d, m, y, h or s
 * outside quotes, brackets and escapes. */
static int format_is_date(const char *z)
{
    for (; *z; z++) {
        char c = *z;
        if (c == '"') { z++; while (*z && *z != '"') z++; if (!*z) break; continue; }
        if (c == '[') { while (*z && *z != ']') z++; if (!*z) break; continue; }
        if (c == '\\' || c == '_' || c == '*') { if (z[1]) z++; continue; }
        if (c == 'd' || c == 'D' || c == 'm' || c == 'M' || c == 'y' || c == 'Y'
            || c == 'h' || c == 'H' || c == 's' || c == 'S') return 1;
        if (c == 'G' && strncasecmp(z, "General", 7) == 0) z += 6;
    }
    return 0;
}

static int builtin_is_date(long iFmt)
{
    return (iFmt >= 14 && iFmt <= 22) || (iFmt >= 27 && iFmt <= 36) || (iFmt >= 45 && iFmt <= 47)
        || (iFmt >= 50 && iFmt <= 58);
}

/* ---- the reader ---------------------------------------------------------- */

enum { IN_NONE, IN_V, IN_T, IN_F };

typedef struct pr_sheet pr_sheet;

/* One parse of sheet XML: the whole part in order (the reader's own), or
 * one block of whole rows cut from it, parsed on any thread. */
typedef struct sheet_state {
    const pr_sheet *pBook;    /* the workbook: names, shared strings, styles (read only) */
    XML_Parser xp;            /* the parser, owned */
    pr_sheetrows *pOut;       /* where rows go (NULL: skipping) */
    int bBlock;               /* a block: its rows' numbers must be its own */
    int bInData;              /* inside <sheetData> (a block: always) */
    int bInRow;               /* inside a <row> */
    uint32_t iRow;            /* current row number */
    uint32_t iLastRow;        /* the previous row's number (a block: 0 at its start) */
    uint32_t iBlockFirst;     /* a block: its first row's number, 0 while none */
    uint32_t iRowCell0;       /* the current row's first cell in pOut */
    size_t iRowText0;         /* and its text */
    int bRowLong;             /* the current row's text is over a cap */
    int iCol;                 /* current cell's column, 0-based */
    int iNextCol;             /* the column a cell without r is in */
    char cType;               /* t: 's' shared, 'i' inline, 'x' str, 'b', 'e', 'n' number, 'd' ISO date */
    int iXf;                  /* s attribute */
    int bFormula;             /* the cell has an <f> */
    int eIn;                  /* which element's text is collected */
    int bInIs, bInRph;        /* inside <is>, inside a phonetic run */
    char *zCell;              /* the cell's collected text, owned */
    size_t nCellText, nCellCap;
    int nTarget;              /* rows wanted in pOut: parsing is suspended
                               * at the end of the row that reaches them, so
                               * that no row spans two batches */
    int bSuspended;           /* the parser is suspended (resume first) */
    uint32_t iFirstRow;       /* the first non-empty row, 0 while none */
    char zMerge[40];          /* a merged range that covers iFirstRow */
    pr_err err;               /* the first error met inside the handlers */
    int bFailed;              /* err is set */
} sheet_state;

/* A block of whole rows of the sheet's XML, cut at a </row> (sheet.h). */
struct pr_sheetblock {
    char *z;                  /* the XML: owned, or (!bOwn) in the reader's
                               * buffer, which moves no more */
    size_t n;                 /* bytes */
    int bOwn;                 /* z is the block's own */
    int bOk;                  /* parsed alone without error */
    uint32_t iFirst, iLast;   /* its first and last row numbers (0: no row) */
    uint32_t nLines;          /* line feeds in it */
};

/* A part's deflate stream, read from the zip while opening, to be inflated
 * whole with libdeflate on any thread (part_read_raw, raw_inflate). */
typedef struct raw_part {
    unsigned char *a;         /* the stream, owned (NULL: none, or inflated) */
    size_t n;                 /* its bytes */
    size_t nOut;              /* the part's declared size, inflated */
    uint32_t iCrc;            /* and its declared CRC-32 */
} raw_part;

struct pr_sheet {
    char *zFile;              /* the path */
    char *zName;              /* the sheet's name */
    char *zPart;              /* the sheet's part in the zip */
    char zSha[65];            /* the file's SHA-256, hex */
    pr_sheet_kind eKind;      /* how it is read (by content) */
    /* opening in steps (pr_sheet_open_begin): the jobs' inputs and errors */
    char *zSstPart;           /* the shared strings' part (NULL: none) */
    raw_part sstRaw;          /* its deflate stream, until its job inflates it */
    int bSstStream;           /* libdeflate could not: zlib streams it (_end) */
    raw_part sheetRaw;        /* the sheet part's deflate stream, likewise */
    int bSheetStream;         /* the sheet part is streamed through zIn */
    pr_err aJobErr[PR_SHEET_JOBS];   /* each job's first error */
    /* .xlsx */
    unzFile uz;               /* the zip, owned */
    int bEnd;                 /* the sheet part is read to its end */
    int b1904;                /* the 1904 date system */
    uint8_t *aDateXf;         /* per cellXfs index: a date style */
    int nXf;                  /* entries of aDateXf */
    char *zSst;               /* shared strings' text */
    uint32_t *aSstOff;        /* nSst + 1 offsets */
    int nSst;                 /* shared strings */
    sheet_state st;           /* the sheet parsed in order */
    /* the sheet part's inflated bytes not yet parsed or cut */
    char *zIn;                /* the buffer, owned */
    size_t iIn, nIn, nInCap;  /* [iIn, nIn) pending, of nInCap */
    int bInEof;               /* the part is inflated to its end */
    unsigned long long nFed;  /* bytes of the part given out so far */
    uint32_t nLinesCut;       /* line feeds in the blocks taken: the
                               * in-order parser did not see them */
    int bAtRowEnd;            /* what the in-order parser was given ends
                               * at a </row> */
    int bWantCut;             /* the caller cuts blocks (pr_sheet_cut) */
    int bNoCut;               /* the rest is read in order only */
    size_t nCutBytes;         /* a block's XML, about */
    int bFinalFed;            /* the last (final) bytes were given */
    int bBom;                 /* the part starts with a byte order mark */
    char cLast;               /* the last byte given out */
    /* .xls */
    const void *xl;           /* libfreexl's handle, owned */
    unsigned nXlRows;         /* its rows */
    unsigned short nXlCols;   /* and columns */
    unsigned iXlRow;          /* rows read */
};

pr_sheet_kind pr_sheet_kind_of(const char *zArg)
{
    const char *zHash = strrchr(zArg, '#');
    size_t n = zHash ? (size_t)(zHash - zArg) : strlen(zArg);
    if (zHash && n >= 5 && (strncasecmp(zArg + n - 5, ".xlsx", 5) == 0 || strncasecmp(zArg + n - 5, ".xlsm", 5) == 0)) return SHEET_XLSX;
    if (zHash && n >= 4 && strncasecmp(zArg + n - 4, ".xls", 4) == 0) return SHEET_XLS;
    n = strlen(zArg);
    if (n >= 5 && (strncasecmp(zArg + n - 5, ".xlsx", 5) == 0 || strncasecmp(zArg + n - 5, ".xlsm", 5) == 0)) return SHEET_XLSX;
    if (n >= 4 && strncasecmp(zArg + n - 4, ".xls", 4) == 0) return SHEET_XLS;
    return SHEET_NONE;
}

const char *pr_sheet_file(const pr_sheet *p) { return p->zFile; }
const char *pr_sheet_name(const pr_sheet *p) { return p->zName; }
const char *pr_sheet_sha256_hex(const pr_sheet *p) { return p->zSha; }
const char *pr_sheet_header_merge(const pr_sheet *p) { return p->st.zMerge[0] ? p->st.zMerge : NULL; }

static char *dup_n(const char *z, size_t n)
{
    char *r = malloc(n + 1);
    if (!r) return NULL;
    memcpy(r, z, n);
    r[n] = 0;
    return r;
}

/* The local name of an element or attribute (after a namespace prefix). */
static const char *local(const char *z)
{
    /* the sheet's elements are short: scan them rather than strrchr */
    const char *r = z;
    for (const char *c = z; *c; c++) if (*c == ':') r = c + 1;
    return r;
}

static const char *attr(const char **aAttr, const char *zName)
{
    for (int i = 0; aAttr[i]; i += 2)
        if (strcmp(local(aAttr[i]), zName) == 0) return aAttr[i + 1];
    return NULL;
}

/* The attribute r:id (in the relationships namespace), whatever its prefix. */
static const char *attr_rid(const char **aAttr)
{
    for (int i = 0; aAttr[i]; i += 2) {
        const char *c = strrchr(aAttr[i], ':');
        if (c && strcmp(c + 1, "id") == 0) return aAttr[i + 1];
    }
    return NULL;
}

/* Opens zPart of the zip (names compared without case). PR_OK, or an error
 * naming the file and the part. */
static pr_error part_open(pr_sheet *p, const char *zPart, int bRequired, int *pbFound, pr_err *pErr)
{
    *pbFound = 0;
    if (unzLocateFile(p->uz, zPart, 2) != UNZ_OK) {
        if (!bRequired) return PR_OK;
        return pr_err_set(pErr, PR_ERR_HEADER, "%s: the workbook has no part %s: it is not an Excel .xlsx workbook", p->zFile, zPart);
    }
    if (unzOpenCurrentFile(p->uz) != UNZ_OK)
        return pr_err_set(pErr, PR_ERR_HEADER, "%s: the part %s of the workbook cannot be opened (compression not supported or damaged)", p->zFile, zPart);
    *pbFound = 1;
    return PR_OK;
}

/* The error of a part's parser xp that stopped. */
static pr_error xml_error(pr_sheet *p, XML_Parser xp, const char *zPart, pr_err *pErr)
{
    if (p->st.err.rc) return pr_err_set(pErr, p->st.err.rc, "%s", p->st.err.zMsg);
    return pr_err_set(pErr, PR_ERR_HEADER, "%s: %s line %lu: not well-formed XML (%s)", p->zFile, zPart,
                      (unsigned long)XML_GetCurrentLineNumber(xp), XML_ErrorString(XML_GetErrorCode(xp)));
}

/* Parses the open part with xp to its end, refusing more than nCap
 * inflated bytes (0: no cap). */
static pr_error part_parse(pr_sheet *p, XML_Parser xp, const char *zPart, size_t nCap, pr_err *pErr)
{
    pr_error rc = PR_OK;
    size_t nTotal = 0;
    for (;;) {
        void *pBuf = XML_GetBuffer(xp, XML_BLOCK);
        if (!pBuf) { rc = pr_err_nomem(pErr, "reading a workbook"); break; }
        int k = unzReadCurrentFile(p->uz, pBuf, XML_BLOCK);
        if (k < 0) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: the part %s of the workbook is damaged (zip error %d)", p->zFile, zPart, k); break; }
        nTotal += (size_t)k;
        if (nCap && nTotal > nCap) {
            rc = pr_err_set(pErr, PR_ERR_TOO_BIG, "%s: the part %s of the workbook inflates past %zu MiB (a zip bomb?): refused",
                            p->zFile, zPart, nCap >> 20);
            break;
        }
        if (XML_ParseBuffer(xp, k, k == 0) != XML_STATUS_OK) {
            rc = xml_error(p, xp, zPart, pErr);
            break;
        }
        if (k == 0) break;
    }
    unzCloseCurrentFile(p->uz);
    return rc;
}

/* ---- workbook.xml and its relationships ---------------------------------- */

typedef struct wb_state {
    pr_sheet *p;
    const char *zWant;        /* the sheet asked for, or NULL: the first */
    char *zRid;               /* the chosen sheet's r:id */
    char *zNames;             /* the sheets' names, for a message */
    size_t nNames;
    int nSheet;
    int bNoMem;
} wb_state;

static void XMLCALL wb_start(void *pArg, const char *zEl, const char **aAttr)
{
    wb_state *s = pArg;
    const char *zL = local(zEl);
    if (strcmp(zL, "workbookPr") == 0) {
        const char *z = attr(aAttr, "date1904");
        if (z && (strcmp(z, "1") == 0 || strcmp(z, "true") == 0)) s->p->b1904 = 1;
        return;
    }
    if (strcmp(zL, "sheet") != 0) return;
    const char *zName = attr(aAttr, "name"), *zRid = attr_rid(aAttr);
    if (!zName || !zRid) return;
    s->nSheet++;
    if (s->nNames < 400) {
        size_t n = strlen(zName);
        char *z = realloc(s->zNames, s->nNames + n + 3);
        if (!z) { s->bNoMem = 1; return; }
        s->zNames = z;
        if (s->nNames) { memcpy(z + s->nNames, ", ", 2); s->nNames += 2; }
        memcpy(z + s->nNames, zName, n);
        s->nNames += n;
        z[s->nNames] = 0;
    }
    if (s->zRid) return;
    if (s->zWant && strcmp(s->zWant, zName) != 0) return;
    s->zRid = dup_n(zRid, strlen(zRid));
    if (!s->p->zName) s->p->zName = dup_n(zName, strlen(zName));
    if (!s->zRid || !s->p->zName) s->bNoMem = 1;
}

typedef struct rel_state {
    const char *zRid;         /* the relationship wanted */
    char *zTarget;            /* its target */
    char *zSst;               /* the shared strings' target */
    char *zStyles;            /* the styles' target */
    int bNoMem;
} rel_state;

static void XMLCALL rel_start(void *pArg, const char *zEl, const char **aAttr)
{
    rel_state *s = pArg;
    if (strcmp(local(zEl), "Relationship") != 0) return;
    const char *zId = attr(aAttr, "Id"), *zTarget = attr(aAttr, "Target"), *zType = attr(aAttr, "Type");
    if (!zId || !zTarget) return;
    char **pz = NULL;
    if (s->zRid && strcmp(zId, s->zRid) == 0) pz = &s->zTarget;
    else if (zType && strlen(zType) >= 14 && strcmp(zType + strlen(zType) - 14, "/sharedStrings") == 0) pz = &s->zSst;
    else if (zType && strlen(zType) >= 7 && strcmp(zType + strlen(zType) - 7, "/styles") == 0) pz = &s->zStyles;
    if (!pz || *pz) return;
    /* targets are relative to xl/, or absolute from the package root */
    char zPath[1024];
    if (zTarget[0] == '/') snprintf(zPath, sizeof(zPath), "%s", zTarget + 1);
    else snprintf(zPath, sizeof(zPath), "xl/%s", zTarget);
    if (!(*pz = dup_n(zPath, strlen(zPath)))) s->bNoMem = 1;
}

/* ---- styles.xml: which cellXfs show a date ------------------------------- */

typedef struct style_state {
    pr_sheet *p;
    long aiFmt[64];           /* custom date formats' ids */
    int nFmt;
    int bInXfs;
    int nCap;
    int bNoMem;
} style_state;

static void XMLCALL style_start(void *pArg, const char *zEl, const char **aAttr)
{
    style_state *s = pArg;
    const char *zL = local(zEl);
    if (strcmp(zL, "numFmt") == 0 && !s->bInXfs) {
        const char *zId = attr(aAttr, "numFmtId"), *zCode = attr(aAttr, "formatCode");
        if (zId && zCode && format_is_date(zCode) && s->nFmt < 64) s->aiFmt[s->nFmt++] = strtol(zId, NULL, 10);
    } else if (strcmp(zL, "cellXfs") == 0) {
        s->bInXfs = 1;
    } else if (strcmp(zL, "xf") == 0 && s->bInXfs) {
        pr_sheet *p = s->p;
        if (p->nXf == s->nCap) {
            int nNew = s->nCap ? s->nCap * 2 : 64;
            if (nNew > 1 << 20) { s->bNoMem = 1; return; }
            uint8_t *a = realloc(p->aDateXf, (size_t)nNew);
            if (!a) { s->bNoMem = 1; return; }
            p->aDateXf = a;
            s->nCap = nNew;
        }
        const char *zId = attr(aAttr, "numFmtId");
        long iFmt = zId ? strtol(zId, NULL, 10) : 0;
        int bDate = builtin_is_date(iFmt);
        for (int i = 0; i < s->nFmt && !bDate; i++) bDate = s->aiFmt[i] == iFmt;
        p->aDateXf[p->nXf++] = (uint8_t)bDate;
    }
}

static void XMLCALL style_end(void *pArg, const char *zEl)
{
    style_state *s = pArg;
    if (strcmp(local(zEl), "cellXfs") == 0) s->bInXfs = 0;
}

/* ---- sharedStrings.xml --------------------------------------------------- */

typedef struct sst_state {
    pr_sheet *p;
    size_t n, nCap;           /* text bytes in p->zSst */
    int nCapOff;
    int bInSi, bInT, bInRph;
    int bNoMem;
} sst_state;

static void XMLCALL sst_start(void *pArg, const char *zEl, const char **aAttr)
{
    (void)aAttr;
    sst_state *s = pArg;
    const char *zL = local(zEl);
    if (strcmp(zL, "si") == 0) s->bInSi = 1;
    else if (strcmp(zL, "rPh") == 0) s->bInRph = 1;   /* phonetic runs are no part of the text */
    else if (strcmp(zL, "t") == 0 && s->bInSi && !s->bInRph) s->bInT = 1;
}

static void XMLCALL sst_end(void *pArg, const char *zEl)
{
    sst_state *s = pArg;
    pr_sheet *p = s->p;
    const char *zL = local(zEl);
    if (strcmp(zL, "t") == 0) s->bInT = 0;
    else if (strcmp(zL, "rPh") == 0) s->bInRph = 0;
    else if (strcmp(zL, "si") == 0) {
        s->bInSi = 0;
        if (p->nSst + 2 > s->nCapOff) {
            int nNew = s->nCapOff ? s->nCapOff * 2 : 1024;
            uint32_t *a = realloc(p->aSstOff, (size_t)nNew * sizeof(*a));
            if (!a) { s->bNoMem = 1; return; }
            p->aSstOff = a;
            s->nCapOff = nNew;
            if (p->nSst == 0) p->aSstOff[0] = 0;
        }
        p->aSstOff[++p->nSst] = (uint32_t)s->n;
    }
}

static void XMLCALL sst_text(void *pArg, const char *z, int n)
{
    sst_state *s = pArg;
    if (!s->bInT || s->bNoMem) return;
    if (s->n + (size_t)n > s->nCap) {
        size_t nNew = s->nCap ? s->nCap * 2 : (1u << 16);
        while (nNew < s->n + (size_t)n) nNew *= 2;
        char *zNew = realloc(s->p->zSst, nNew);
        if (!zNew) { s->bNoMem = 1; return; }
        s->p->zSst = zNew;
        s->nCap = nNew;
    }
    memcpy(s->p->zSst + s->n, z, (size_t)n);
    s->n += (size_t)n;
}

/* ---- the sheet ----------------------------------------------------------- */

static void sheet_fail(sheet_state *s, pr_error rc, const char *zWhat)
{
    if (!s->err.rc) {
        if (rc == PR_ERR_NOMEM) pr_err_nomem(&s->err, "reading a workbook");
        else pr_err_set(&s->err, rc, "%s!%s:%u: %s", s->pBook->zFile, s->pBook->zName, s->iRow, zWhat);
    }
    s->bFailed = 1;
    XML_StopParser(s->xp, XML_FALSE);
}

/* Column letters of a cell reference ("AB12") into a 0-based index, -1 if
 * none, -2 past XFD. */
static int ref_col(const char *z)
{
    int c = 0, n = 0;
    for (; (*z >= 'A' && *z <= 'Z') || (*z >= 'a' && *z <= 'z'); z++, n++) {
        c = c * 26 + ((*z | 0x20) - 'a' + 1);
        if (c > PR_SHEET_MAX_COL) return -2;
    }
    return n ? c - 1 : -1;
}

static uint32_t ref_row(const char *z)
{
    while ((*z >= 'A' && *z <= 'Z') || (*z >= 'a' && *z <= 'z') || *z == '$') z++;
    uint32_t r = 0;
    for (; *z >= '0' && *z <= '9'; z++) { r = r * 10 + (uint32_t)(*z - '0'); if (r > PR_SHEET_MAX_ROW) return 0; }
    return r;
}

/* A row starts: zR its r attribute (NULL: none). */
static void start_row(sheet_state *s, const char *zR)
{
    if (!zR && s->bBlock && !s->iBlockFirst) {
        /* numbered after the rows before the block, which it does not know */
        sheet_fail(s, PR_ERR_HEADER, "a row without its number at the start of a block");
        return;
    }
    uint32_t r = s->iLastRow + 1;
    if (zR) {
        char *zEnd;
        unsigned long v = strtoul(zR, &zEnd, 10);
        r = (*zEnd || v == 0 || v > PR_SHEET_MAX_ROW) ? 0 : (uint32_t)v;
    }
    s->iRow = r ? r : s->iLastRow + 1;
    if (!r || r <= s->iLastRow || r > PR_SHEET_MAX_ROW) { sheet_fail(s, PR_ERR_HEADER, "a row number out of order or beyond Excel's rows"); return; }
    s->bInRow = 1;
    if (!s->iBlockFirst) s->iBlockFirst = s->iRow;
    s->iNextCol = 0;
    s->bRowLong = 0;
    if (s->pOut) { s->iRowCell0 = (uint32_t)s->pOut->nCell; s->iRowText0 = s->pOut->n; }
}

/* A cell of the row starts: its r, t and s attributes (NULL: none). */
static void start_cell(sheet_state *s, const char *zRef, const char *zT, const char *zS)
{
    int c = zRef ? ref_col(zRef) : s->iNextCol;
    if (c == -1) c = s->iNextCol;
    if (c < 0 || c >= PR_SHEET_MAX_COL) { sheet_fail(s, PR_ERR_HEADER, "a cell beyond Excel's columns"); return; }
    if (c < s->iNextCol) { sheet_fail(s, PR_ERR_HEADER, "cells out of order in the row"); return; }
    s->iCol = c;
    s->iNextCol = c + 1;
    s->cType = 'n';
    if (zT) {
        if (strcmp(zT, "s") == 0) s->cType = 's';
        else if (strcmp(zT, "inlineStr") == 0) s->cType = 'i';
        else if (strcmp(zT, "str") == 0) s->cType = 'x';
        else if (strcmp(zT, "b") == 0) s->cType = 'b';
        else if (strcmp(zT, "e") == 0) s->cType = 'e';
        else if (strcmp(zT, "d") == 0) s->cType = 'd';
    }
    s->iXf = zS ? (int)strtol(zS, NULL, 10) : 0;
    s->bFormula = 0;
    s->nCellText = 0;
    s->bInIs = s->bInRph = 0;
    s->eIn = IN_NONE;
}

static void XMLCALL sheet_start(void *pArg, const char *zEl, const char **aAttr)
{
    sheet_state *s = pArg;
    const char *zL = local(zEl);
    if (!s->bInData) {
        if (strcmp(zL, "sheetData") == 0) s->bInData = 1;
        else if (strcmp(zL, "mergeCell") == 0 && s->iFirstRow && !s->zMerge[0]) {
            const char *zRef = attr(aAttr, "ref");
            const char *zColon = zRef ? strchr(zRef, ':') : NULL;
            if (zColon) {
                uint32_t r0 = ref_row(zRef), r1 = ref_row(zColon + 1);
                if (r0 && r1 && r0 <= s->iFirstRow && s->iFirstRow <= r1) snprintf(s->zMerge, sizeof(s->zMerge), "%s", zRef);
            }
        }
        return;
    }
    if (zL[0] == 'r' && zL[1] == 'o' && zL[2] == 'w' && !zL[3]) {
        start_row(s, attr(aAttr, "r"));
        return;
    }
    if (!s->bInRow) return;
    if (zL[0] == 'v' && !zL[1]) {
        s->eIn = IN_V;
        s->nCellText = 0;
        return;
    }
    if (zL[0] == 'c' && !zL[1]) {
        const char *zRef = NULL, *zT = NULL, *zS = NULL;
        for (int i = 0; aAttr[i]; i += 2) {
            const char *zA = aAttr[i];
            if (zA[0] && !zA[1]) {
                if (zA[0] == 'r') zRef = aAttr[i + 1];
                else if (zA[0] == 't') zT = aAttr[i + 1];
                else if (zA[0] == 's') zS = aAttr[i + 1];
            }
        }
        start_cell(s, zRef, zT, zS);
    } else if (strcmp(zL, "v") == 0) {
        s->eIn = IN_V;
        s->nCellText = 0;
    } else if (strcmp(zL, "f") == 0) {
        s->bFormula = 1;
        s->eIn = IN_F;
    } else if (strcmp(zL, "is") == 0) {
        s->bInIs = 1;
    } else if (strcmp(zL, "rPh") == 0) {
        s->bInRph = 1;
    } else if (strcmp(zL, "t") == 0 && s->bInIs && !s->bInRph) {
        s->eIn = IN_T;
    }
}

static void XMLCALL sheet_text(void *pArg, const char *z, int n)
{
    sheet_state *s = pArg;
    if (s->eIn != IN_V && s->eIn != IN_T) return;
    if (s->nCellText + (size_t)n > CELL_CAP) { s->bRowLong = 1; return; }
    if (s->nCellText + (size_t)n > s->nCellCap) {
        size_t nNew = s->nCellCap ? s->nCellCap * 2 : 256;
        while (nNew < s->nCellText + (size_t)n) nNew *= 2;
        char *zNew = realloc(s->zCell, nNew);
        if (!zNew) { sheet_fail(s, PR_ERR_NOMEM, ""); return; }
        s->zCell = zNew;
        s->nCellCap = nNew;
    }
    memcpy(s->zCell + s->nCellText, z, (size_t)n);
    s->nCellText += (size_t)n;
}

/* The cell just closed, into the row. */
static void end_cell(sheet_state *s)
{
    pr_sheetrows *o = s->pOut;
    const char *z = s->zCell ? s->zCell : "";
    size_t n = s->nCellText;
    uint8_t f = s->bFormula ? PR_CELL_FORMULA : 0;
    char zNum[128];
    if (s->cType == 's') {
        char *zEnd = NULL;
        char zIdx[24];
        size_t k = n < sizeof(zIdx) - 1 ? n : sizeof(zIdx) - 1;
        unsigned long i = 0;
        int bDigits = k > 0 && k <= 9;   /* the common case; anything else as strtoul reads it */
        for (size_t m = 0; bDigits && m < k; m++) {
            if (z[m] >= '0' && z[m] <= '9') i = i * 10 + (unsigned long)(z[m] - '0');
            else bDigits = 0;
        }
        if (!bDigits) {
            memcpy(zIdx, z, k);
            zIdx[k] = 0;
            i = strtoul(zIdx, &zEnd, 10);
        }
        if (k == 0 || (zEnd && *zEnd) || i >= (unsigned long)s->pBook->nSst) { sheet_fail(s, PR_ERR_HEADER, "a cell names a shared string the workbook does not have"); return; }
        z = s->pBook->zSst + s->pBook->aSstOff[i];
        n = s->pBook->aSstOff[i + 1] - s->pBook->aSstOff[i];
    } else if (s->cType == 'b') {
        z = n == 1 && z[0] == '1' ? "1" : "0";
        n = n ? 1 : 0;
    } else if (s->cType == 'n' && n > 0) {
        f |= PR_CELL_NUMBER;
        int bDate = s->iXf >= 0 && s->iXf < s->pBook->nXf && s->pBook->aDateXf[s->iXf];
        if (bDate) {
            /* the whole days of the serial, read as digits (no double) */
            long long iDays = 0;
            size_t i = 0;
            int bOk = 1;
            for (; i < n && z[i] >= '0' && z[i] <= '9' && iDays < 10000000; i++) iDays = iDays * 10 + (z[i] - '0');
            if (i == 0 || (i < n && z[i] != '.')) bOk = 0;
            if (bOk && serial_date(iDays, s->pBook->b1904, zNum) == 0) { z = zNum; n = 10; f |= PR_CELL_DATE; bDate = 2; }
        }
        if (bDate != 2) {
            size_t nNum;
            int fNum = number_text(z, n, zNum, sizeof(zNum), &nNum);
            if (fNum >= 0) { z = zNum; n = nNum; f |= (uint8_t)fNum; }
            else f |= PR_CELL_IMPRECISE;
        }
    }
    if (!o) return;
    /* empty cells fill the gap up to this column */
    uint32_t nHave = (uint32_t)(o->nCell - s->iRowCell0);
    for (; nHave < (uint32_t)s->iCol; nHave++) if (!rows_cell(o)) { sheet_fail(s, PR_ERR_NOMEM, ""); return; }
    pr_sheetcell *c = rows_cell(o);
    if (!c) { sheet_fail(s, PR_ERR_NOMEM, ""); return; }
    c->fCell = f;
    if (o->n - s->iRowText0 + n > PR_SHEET_ROW_CAP) { s->bRowLong = 1; return; }
    if (rows_text(o, z, n)) { sheet_fail(s, PR_ERR_NOMEM, ""); return; }
    c->n = (uint32_t)n;
}

static void end_row(sheet_state *s)
{
    pr_sheetrows *o = s->pOut;
    s->bInRow = 0;
    s->iLastRow = s->iRow;
    if (!o) {
        if (!s->iFirstRow) s->iFirstRow = s->iRow;   /* (skipping: no row is empty to know) */
        return;
    }
    /* the row's last non-empty cell */
    uint32_t nCell = (uint32_t)(o->nCell - s->iRowCell0);
    while (nCell > 0 && o->aCell[s->iRowCell0 + nCell - 1].n == 0) nCell--;
    if (nCell == 0 && !s->bRowLong) {   /* an empty row is no record */
        o->nCell = s->iRowCell0;
        o->n = s->iRowText0;
        return;
    }
    pr_sheetrow *r = rows_row(o);
    if (!r) { sheet_fail(s, PR_ERR_NOMEM, ""); return; }
    o->nCell = s->iRowCell0 + nCell;
    r->iRow = s->iRow;
    r->iCell = s->iRowCell0;
    r->nCell = nCell;
    r->bTooLong = (uint8_t)s->bRowLong;
    if (!s->iFirstRow) s->iFirstRow = s->iRow;
    if (s->bBlock) {
        /* a block's rows are not handed out in batches: one with too much
         * text (shared strings) is read in order instead */
        if (o->n >= BATCH_BYTES) sheet_fail(s, PR_ERR_TOO_BIG, "a block of rows holds too much text");
        return;
    }
    if ((o->nRow >= s->nTarget || o->n >= BATCH_BYTES) && !s->err.rc) {
        XML_StopParser(s->xp, XML_TRUE);   /* resumed by the next pr_sheet_next */
        s->bSuspended = 1;
    }
}

static void XMLCALL sheet_end(void *pArg, const char *zEl)
{
    sheet_state *s = pArg;
    const char *zL = local(zEl);
    if (!s->bInData) return;
    /* the commonest first: a cell's value, a cell */
    if (s->bInRow && zL[0] == 'v' && !zL[1]) { s->eIn = IN_NONE; return; }
    if (s->bInRow && zL[0] == 'c' && !zL[1]) { end_cell(s); return; }
    if (strcmp(zL, "sheetData") == 0) { s->bInData = 0; return; }
    if (!s->bInRow) return;
    if (strcmp(zL, "row") == 0) end_row(s);
    else if (strcmp(zL, "v") == 0 || strcmp(zL, "t") == 0 || strcmp(zL, "f") == 0) s->eIn = IN_NONE;
    else if (strcmp(zL, "is") == 0) s->bInIs = 0;
    else if (strcmp(zL, "rPh") == 0) s->bInRph = 0;
}

/* Refuses a DTD: a workbook has none, and entities could expand without end. */
static void XMLCALL no_doctype(void *pArg, const char *zName, const char *zSys, const char *zPub, int bInternal)
{
    (void)zName; (void)zSys; (void)zPub; (void)bInternal;
    sheet_fail(pArg, PR_ERR_HEADER, "a DTD in a workbook part is refused");
}

static XML_Parser new_parser(void *pUser)
{
    XML_Parser xp = XML_ParserCreate("UTF-8");
    if (!xp) return NULL;
    XML_SetUserData(xp, pUser);
    return xp;
}

/* Starts s, a parse of the sheet of pBook: the whole part in order, or
 * (bBlock) one block of rows. Returns 0, or -1 out of memory. */
static int state_start(sheet_state *s, const pr_sheet *pBook, int bBlock)
{
    memset(s, 0, sizeof(*s));
    pr_err_init(&s->err);
    s->pBook = pBook;
    s->bBlock = bBlock;
    s->bInData = bBlock;
    s->nTarget = INT32_MAX;
    if (!(s->xp = new_parser(s))) return -1;
    XML_SetElementHandler(s->xp, sheet_start, sheet_end);
    XML_SetCharacterDataHandler(s->xp, sheet_text);
    XML_SetStartDoctypeDeclHandler(s->xp, no_doctype);
    return 0;
}

/* Frees what s holds; s may be all zero. */
static void state_end(sheet_state *s)
{
    if (s->xp) XML_ParserFree(s->xp);
    free(s->zCell);
    s->xp = NULL;
    s->zCell = NULL;
}

/* ---- the sheet part's bytes ---------------------------------------------- */


static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The length of the longest prefix of z[0,n) that ends with an end tag of a
 * row ("</row>", "</x:row >"), 0 when there is none. */
static size_t row_end_before(const char *z, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        if (z[i] != '<' || i + 1 >= n || z[i + 1] != '/') continue;
        size_t j = i + 2, k = j;
        while (k < n && !is_space(z[k]) && z[k] != '>' && z[k] != '<') k++;
        const char *zL = z + j;
        for (size_t m = j; m < k; m++) if (z[m] == ':') zL = z + m + 1;
        if (z + k - zL != 3 || memcmp(zL, "row", 3) != 0) continue;
        while (k < n && is_space(z[k])) k++;
        if (k < n && z[k] == '>') return k + 1;
    }
    return 0;
}

/* Notes whether z[0,n), the next bytes given out, hold a comment, CDATA
 * section, DTD or processing instruction ("<!", "<?"; the XML declaration
 * at the start excepted): text in them could look like a row's end, so the
 * rest of the sheet is then parsed in order only. */
static void note_markup(pr_sheet *p, const char *z, size_t n)
{
    static const char aMark[2] = { '!', '?' };
    for (int m = 0; m < 2 && !p->bNoCut; m++) {
        const char *c = z, *e = z + n;
        while ((c = memchr(c, aMark[m], (size_t)(e - c))) != NULL) {
            unsigned long long iAt = p->nFed + (unsigned long long)(c - z);   /* the mark's offset in the part */
            int bLt = c > z ? c[-1] == '<' : p->cLast == '<';
            int bDecl = aMark[m] == '?' && (iAt == 1 || (iAt == 4 && p->bBom));
            if (bLt && !bDecl) { p->bNoCut = 1; break; }
            c++;
        }
    }
    if (n) {
        if (p->nFed == 0) p->bBom = n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0;
        p->cLast = z[n - 1];
    }
}

/* Inflates more of the sheet part into p->zIn, keeping its pending bytes. */
static pr_error refill(pr_sheet *p, pr_err *pErr)
{
    if (p->bInEof) return PR_OK;
    memmove(p->zIn, p->zIn + p->iIn, p->nIn - p->iIn);
    p->nIn -= p->iIn;
    p->iIn = 0;
    while (p->nIn < p->nInCap) {
        int k = unzReadCurrentFile(p->uz, p->zIn + p->nIn, (unsigned)(p->nInCap - p->nIn));
        if (k < 0) return pr_err_set(pErr, PR_ERR_IO, "%s!%s: the part %s of the workbook is damaged (zip error %d)", p->zFile, p->zName, p->zPart, k);
        if (k == 0) {
            p->bInEof = 1;
            unzCloseCurrentFile(p->uz);
            break;
        }
        p->nIn += (size_t)k;
    }
    return PR_OK;
}

/* Reads the deflate stream of zPart, opened in the zip, into *pRaw, to be
 * inflated whole with libdeflate (raw_inflate, on any thread): a deflated
 * part of at most WHOLE_MAX_RAW bytes whose declared size is at most
 * nMaxOut. Returns 1 when read (the part closed); 0 when not (the part
 * left open, or open again, from its start, for zlib's streaming inflate,
 * which words any error); -1 out of memory (the part closed); -2 the part
 * cannot be opened again. */
static int part_read_raw(pr_sheet *p, const char *zPart, size_t nMaxOut, raw_part *pRaw)
{
    unz_file_info64 info;
    int iMethod, iLevel;
    size_t nRead = 0;
    assert(pRaw->a == NULL);
    if (unzGetCurrentFileInfo64(p->uz, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK || info.compression_method != Z_DEFLATED
        || info.compressed_size > WHOLE_MAX_RAW || info.uncompressed_size > nMaxOut || info.uncompressed_size == 0)
        return 0;
    unzCloseCurrentFile(p->uz);
    if (unzOpenCurrentFile2(p->uz, &iMethod, &iLevel, 1) != UNZ_OK) goto reopen;   /* raw: the deflate stream */
    pRaw->n = (size_t)info.compressed_size;
    pRaw->nOut = (size_t)info.uncompressed_size;
    pRaw->iCrc = (uint32_t)info.crc;
    if (!(pRaw->a = malloc(pRaw->n ? pRaw->n : 1))) { unzCloseCurrentFile(p->uz); return -1; }
    while (nRead < pRaw->n) {
        int k = unzReadCurrentFile(p->uz, pRaw->a + nRead, (unsigned)(pRaw->n - nRead < (1u << 30) ? pRaw->n - nRead : (1u << 30)));
        if (k <= 0) break;
        nRead += (size_t)k;
    }
    unzCloseCurrentFile(p->uz);
    if (nRead == pRaw->n) return 1;
    free(pRaw->a);
    pRaw->a = NULL;
reopen:
    if (unzLocateFile(p->uz, zPart, 2) != UNZ_OK || unzOpenCurrentFile(p->uz) != UNZ_OK) return -2;
    return 0;
}

/* Inflates pRaw (part_read_raw) with libdeflate into *pz (malloc'd, the
 * caller's, *pn bytes), and frees pRaw's bytes. Returns 1 when done; 0
 * when the stream does not inflate to the part's declared size and CRC (to
 * be read again with zlib's streaming inflate, which words the error); -1
 * out of memory. Touches nothing but its arguments: any thread. */
static int raw_inflate(raw_part *pRaw, char **pz, size_t *pn)
{
    int rc = 0;
    size_t nGot = 0;
    char *zOut = pr_big_malloc(pRaw->nOut);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    assert(pRaw->a != NULL && pRaw->nOut > 0);
    if (!zOut || !d) { rc = -1; goto cleanup; }
    if (libdeflate_deflate_decompress(d, pRaw->a, pRaw->n, zOut, pRaw->nOut, &nGot) == LIBDEFLATE_SUCCESS && nGot == pRaw->nOut
        && libdeflate_crc32(0, zOut, pRaw->nOut) == pRaw->iCrc) {
        *pz = zOut;
        *pn = pRaw->nOut;
        zOut = NULL;
        rc = 1;
    }
cleanup:
    libdeflate_free_decompressor(d);
    free(zOut);
    free(pRaw->a);
    pRaw->a = NULL;
    return rc;
}

/* ---- the plain XML's fast path ------------------------------------------ */

/* expat takes about 6 ns a byte of sheet XML, more than the whole of a
 * gzip CSV's reading; most workbooks' rows and shared strings are plain:
 * ASCII names, quoted ASCII attribute values without references, UTF-8
 * text without entities, no comments, CDATA, PIs or DTD. Such XML is read
 * here, the handlers called as expat calls them; at the first thing
 * outside that subset (anything else expat accepts or refuses), what was
 * read is dropped and expat reads it all. */

#define FAST_DEPTH 16             /* elements open at most */
#define FAST_NAME 64              /* bytes of a name at most */
#define FAST_ATTRS 16             /* attributes of an element at most */
#define FAST_TEXT 4096            /* bytes of a text run at most (expat hands
                                   * longer text in pieces, which a cell's cap
                                   * counts otherwise) */

enum { FAST_DONE = 1, FAST_OTHER = 0, FAST_FAILED = -1 };

#if defined(PR_TESTING) || defined(PR_FUZZING)
static int bFastOn = 1;           /* tests: 0 reads everything with expat */
void pr_sheet_fast_path(int bOn) { bFastOn = bOn; }
#else
#define bFastOn 1
#endif

/* What fast_parse calls, as expat would. */
typedef struct fast_calls {
    XML_StartElementHandler xStart;
    XML_EndElementHandler xEnd;
    XML_CharacterDataHandler xText;
    void *pArg;                               /* the handlers' user data */
    const int *pbFailed;                      /* set when a handler failed: stop */
    int (*xTextFits)(void *pArg, size_t n);   /* a text run of n bytes is
                                               * handed whole (else expat's
                                               * pieces matter); NULL: any */
} fast_calls;

static int sheet_text_fits(void *pArg, size_t n) { return n <= FAST_TEXT && ((sheet_state *)pArg)->nCellText + n <= CELL_CAP; }

/* Whether z[0,n) holds U+FFFE or U+FFFF (UTF-8, not XML characters). */
static int has_nonchar(const char *z, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if ((unsigned char)z[i] == 0xEF && (unsigned char)z[i + 1] == 0xBF && ((unsigned char)z[i + 2] & 0xFE) == 0xBE) return 1;
    return 0;
}

/* Whether the character data from z[i] to the next '<' (or n), ending at
 * *pj, is in the subset: no reference, no control character but tab and
 * line feed, no "]]>", valid UTF-8 without U+FFFE or U+FFFF. */
static int text_plain(const char *z, size_t i, size_t n, size_t *pj)
{
    size_t j = i;
    int bHigh = 0;
    for (; j < n && z[j] != '<'; j++) {
        unsigned char ch = (unsigned char)z[j];
        if (ch == '&' || (ch < 0x20 && ch != '\n' && ch != '\t')) return 0;
        if (ch >= 0x80) bHigh = 1;
        if (ch == '>' && j >= 2 && z[j - 1] == ']' && z[j - 2] == ']') return 0;
    }
    if (bHigh && (!pr_utf8_valid(z + i, j - i, 0) || has_nonchar(z + i, j - i))) return 0;
    *pj = j;
    return 1;
}

static int is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
static int is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

/* The end of the name at z[i] (i itself when none), within n. */
static inline size_t name_end(const char *z, size_t i, size_t n)
{
    if (i >= n || !is_name_start(z[i])) return i;
    while (i < n && is_name_char(z[i])) i++;
    return i;
}

/* Parses z[0,n) into c's handlers: as the content of an element (a block
 * of rows), or (bDocument) as a document: the XML declaration Excel writes,
 * one root element, white space around it. FAST_DONE, FAST_FAILED (a
 * handler failed) or FAST_OTHER (not in the subset: the handlers may have
 * been called). */
static int fast_parse(const fast_calls *c, const char *z, size_t n, int bDocument)
{
    static const char zDecl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";
    size_t aiOpen[FAST_DEPTH], anOpen[FAST_DEPTH];   /* the open elements' names in z */
    int nDepth = 0, nRoot = 0;
    char zBuf[FAST_ATTRS * 2 * (FAST_NAME + 1) + FAST_NAME + 1];   /* NUL-terminated name and attributes */
    const char *azAttr[FAST_ATTRS * 2 + 1];
    size_t i = 0;
    if (bDocument && n >= sizeof(zDecl) - 1 && memcmp(z, zDecl, sizeof(zDecl) - 1) == 0) i = sizeof(zDecl) - 1;
    while (i < n) {
        if (z[i] != '<') {
            size_t j;
            if (!text_plain(z, i, n, &j)) return FAST_OTHER;
            if (bDocument && nDepth == 0) {
                /* outside the root: white space only, no text */
                for (size_t k = i; k < j; k++) if (z[k] != ' ' && z[k] != '\n' && z[k] != '\t') return FAST_OTHER;
            } else {
                if (j - i > INT32_MAX || (c->xTextFits && !c->xTextFits(c->pArg, j - i))) return FAST_OTHER;
                c->xText(c->pArg, z + i, (int)(j - i));
            }
            i = j;
        } else if (i + 1 < n && z[i + 1] == '/') {
            size_t j = name_end(z, i + 2, n), nName = j - (i + 2);
            if (nDepth == 0 || nName != anOpen[nDepth - 1]) return FAST_OTHER;
            for (size_t m = 0; m < nName; m++) if (z[i + 2 + m] != z[aiOpen[nDepth - 1] + m]) return FAST_OTHER;
            while (j < n && is_space(z[j]) && z[j] != '\r') j++;
            if (j >= n || z[j] != '>') return FAST_OTHER;
            memcpy(zBuf, z + i + 2, nName);
            zBuf[nName] = 0;
            nDepth--;
            c->xEnd(c->pArg, zBuf);
            i = j + 1;
        } else {
            size_t j = name_end(z, i + 1, n), nName = j - (i + 1), o = 0;
            int nAttr = 0, bEmpty = 0;
            if (nName == 0 || nName >= FAST_NAME) return FAST_OTHER;
            if (bDocument && nDepth == 0 && nRoot++ > 0) return FAST_OTHER;   /* a second root */
            memcpy(zBuf, z + i + 1, nName);
            zBuf[nName] = 0;
            o = nName + 1;
            for (;;) {
                size_t k = j;
                while (k < n && is_space(z[k]) && z[k] != '\r') k++;
                if (k >= n) return FAST_OTHER;
                if (z[k] == '>') { j = k + 1; break; }
                if (z[k] == '/') {
                    if (k + 1 >= n || z[k + 1] != '>') return FAST_OTHER;
                    bEmpty = 1;
                    j = k + 2;
                    break;
                }
                /* an attribute, after white space */
                size_t e = name_end(z, k, n), nA = e - k;
                if (k == j || nA == 0 || nA >= FAST_NAME || nAttr == FAST_ATTRS) return FAST_OTHER;
                while (e < n && is_space(z[e]) && z[e] != '\r') e++;
                if (e >= n || z[e] != '=') return FAST_OTHER;
                e++;
                while (e < n && is_space(z[e]) && z[e] != '\r') e++;
                if (e >= n || (z[e] != '"' && z[e] != '\'')) return FAST_OTHER;
                char cQuote = z[e];
                size_t v = ++e;
                for (; e < n && z[e] != cQuote; e++) {
                    unsigned char ch = (unsigned char)z[e];
                    if (ch == '<' || ch == '&' || ch >= 0x80 || ch < 0x20) return FAST_OTHER;
                }
                if (e >= n || e - v >= FAST_NAME) return FAST_OTHER;
                for (int a = 0; a < nAttr; a++)   /* a repeated attribute: expat's to refuse */
                    if (strlen(azAttr[2 * a]) == nA && memcmp(azAttr[2 * a], z + k, nA) == 0) return FAST_OTHER;
                azAttr[2 * nAttr] = zBuf + o;
                memcpy(zBuf + o, z + k, nA);
                zBuf[o + nA] = 0;
                o += nA + 1;
                azAttr[2 * nAttr + 1] = zBuf + o;
                memcpy(zBuf + o, z + v, e - v);
                zBuf[o + e - v] = 0;
                o += e - v + 1;
                nAttr++;
                j = e + 1;
            }
            azAttr[2 * nAttr] = NULL;
            assert(o <= sizeof(zBuf));
            c->xStart(c->pArg, zBuf, azAttr);
            if (*c->pbFailed) return FAST_FAILED;
            if (bEmpty) {
                c->xEnd(c->pArg, zBuf);
            } else {
                if (nDepth == FAST_DEPTH) return FAST_OTHER;
                aiOpen[nDepth] = i + 1;
                anOpen[nDepth++] = nName;
            }
            i = j;
        }
        if (*c->pbFailed) return FAST_FAILED;
    }
    return nDepth == 0 && (!bDocument || nRoot == 1) ? FAST_DONE : FAST_OTHER;
}

/* Parses the shared strings' XML z[0,n) (the part zPart, inflated whole)
 * into the workbook: the fast path, else (anything outside its subset)
 * expat. PR_OK, or the XML's error (out of memory: s->bNoMem). */
static int sst_plain_parse(sst_state *s, const char *z, size_t n);

/* Drops what s read into its workbook: s is as new. */
static void sst_restart(sst_state *s)
{
    pr_sheet *p = s->p;
    free(p->zSst);
    free(p->aSstOff);
    p->zSst = NULL;
    p->aSstOff = NULL;
    p->nSst = 0;
    memset(s, 0, sizeof(*s));
    s->p = p;
}

static pr_error sst_parse_whole(sst_state *s, const char *zPart, const char *z, size_t n, pr_err *pErr)
{
    pr_sheet *p = s->p;
    const fast_calls calls = { sst_start, sst_end, sst_text, s, &s->bNoMem, NULL };
    int eFast = bFastOn ? sst_plain_parse(s, z, n) : FAST_OTHER;
    if (eFast == FAST_OTHER && bFastOn) {
        /* the general fast path reads it all again */
        sst_restart(s);
        eFast = fast_parse(&calls, z, n, 1);
    }
    if (eFast == FAST_DONE || eFast == FAST_FAILED) return PR_OK;
    /* expat reads it all again */
    sst_restart(s);
    XML_Parser xp = new_parser(s);
    if (!xp) { s->bNoMem = 1; return PR_OK; }
    XML_SetElementHandler(xp, sst_start, sst_end);
    XML_SetCharacterDataHandler(xp, sst_text);
    assert(n <= INT32_MAX);
    pr_error rc = XML_Parse(xp, z, (int)n, 1) == XML_STATUS_OK ? PR_OK : xml_error(p, xp, zPart, pErr);
    XML_ParserFree(xp);
    return rc;
}

/* ---- opening ------------------------------------------------------------- */

static int file_has(const char *zPath, const char *zNeedle, size_t nNeedle)
{
    FILE *f = fopen(zPath, "rb");
    if (!f) return 0;
    char *zBuf = malloc((1u << 16) + nNeedle);
    int bFound = 0;
    size_t nKeep = 0, k;
    while (zBuf && !bFound && (k = fread(zBuf + nKeep, 1, 1u << 16, f)) > 0) {
        size_t nAll = nKeep + k;
        for (size_t i = 0; i + nNeedle <= nAll && !bFound; i++) bFound = memcmp(zBuf + i, zNeedle, nNeedle) == 0;
        nKeep = nAll < nNeedle ? nAll : nNeedle - 1;
        memmove(zBuf, zBuf + nAll - nKeep, nKeep);
    }
    free(zBuf);
    fclose(f);
    return bFound;
}

/* The error of a part that cannot be opened (again). */
static pr_error part_unopenable(pr_sheet *p, const char *zPart, pr_err *pErr)
{
    return pr_err_set(pErr, PR_ERR_HEADER, "%s: the part %s of the workbook cannot be opened (compression not supported or damaged)", p->zFile, zPart);
}

/* Opens zPart of the zip again from its start: PR_OK or the error. */
static pr_error part_reopen(pr_sheet *p, const char *zPart, pr_err *pErr)
{
    if (unzLocateFile(p->uz, zPart, 2) != UNZ_OK || unzOpenCurrentFile(p->uz) != UNZ_OK) return part_unopenable(p, zPart, pErr);
    return PR_OK;
}

/* Reads the shared strings' part zPart, open in the zip, streamed through
 * zlib and expat, under the cap; closes it. PR_OK or the error. */
static pr_error sst_stream(pr_sheet *p, const char *zPart, pr_err *pErr)
{
    sst_state sst;
    memset(&sst, 0, sizeof(sst));
    sst.p = p;
    XML_Parser xp = new_parser(&sst);
    if (!xp) { unzCloseCurrentFile(p->uz); return pr_err_nomem(pErr, "reading a workbook"); }
    XML_SetElementHandler(xp, sst_start, sst_end);
    XML_SetCharacterDataHandler(xp, sst_text);
    pr_error rc = part_parse(p, xp, zPart, PR_SHEET_SST_CAP, pErr);
    XML_ParserFree(xp);
    if (!rc && sst.bNoMem) rc = pr_err_nomem(pErr, "reading the shared strings of a workbook");
    return rc;
}

/* The job PR_SHEET_JOB_STRINGS: the shared strings' deflated bytes
 * inflated and read into p (zSst, aSstOff, nSst), or marked to be
 * streamed (bSstStream) when libdeflate cannot inflate them. */
static void strings_job(pr_sheet *p, pr_err *pErr)
{
    char *zXml = NULL;
    size_t nXml = 0;
    if (!p->sstRaw.a) return;
    int r = raw_inflate(&p->sstRaw, &zXml, &nXml);
    if (r == -1) { pr_err_nomem(pErr, "reading a workbook"); return; }
    if (r == 0) { p->bSstStream = 1; return; }
    sst_state sst;
    memset(&sst, 0, sizeof(sst));
    sst.p = p;
    pr_error rc = sst_parse_whole(&sst, p->zSstPart, zXml, nXml, pErr);
    free(zXml);
    if (!rc && sst.bNoMem) pr_err_nomem(pErr, "reading the shared strings of a workbook");
}

/* The job PR_SHEET_JOB_SHEET: the sheet part inflated into zIn, or marked
 * to be streamed (bSheetStream) when libdeflate cannot inflate it. */
static void sheet_job(pr_sheet *p, pr_err *pErr)
{
    if (!p->sheetRaw.a) return;
    int r = raw_inflate(&p->sheetRaw, &p->zIn, &p->nIn);
    if (r == -1) {
        pr_err_nomem(pErr, "reading a workbook");
    } else if (r == 0) {
        p->bSheetStream = 1;
    } else {
        p->nInCap = p->nIn;
        p->bInEof = 1;
    }
}

/* Job iJob's error into pErr: PR_OK or the error. */
static pr_error job_error(const pr_sheet *p, int iJob, pr_err *pErr)
{
    const pr_err *e = &p->aJobErr[iJob];
    return e->rc ? pr_err_set(pErr, e->rc, "%s", e->zMsg) : PR_OK;
}

/* The shared strings read (their job run when it has not been) and, when
 * libdeflate could not inflate them, streamed through zlib, which words
 * what is wrong: PR_OK or the error. On the thread that opens. */
static pr_error strings_end(pr_sheet *p, pr_err *pErr)
{
    if (p->sstRaw.a) pr_sheet_open_job(p, PR_SHEET_JOB_STRINGS);
    pr_error rc = job_error(p, PR_SHEET_JOB_STRINGS, pErr);
    if (rc || !p->bSstStream) return rc;
    p->bSstStream = 0;
    if ((rc = part_reopen(p, p->zSstPart, pErr))) return rc;
    return sst_stream(p, p->zSstPart, pErr);
}

static pr_error open_xlsx(pr_sheet *p, const char *zWant, pr_err *pErr)
{
    pr_error rc = PR_OK;
    int bFound;
    wb_state wb = { p, zWant, NULL, NULL, 0, 0, 0 };
    rel_state rel = { NULL, NULL, NULL, NULL, 0 };
    style_state st;
    memset(&st, 0, sizeof(st));
    st.p = p;
    XML_Parser xp = NULL;
    p->uz = unzOpen64(p->zFile);
    if (!p->uz) { rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: not a zip archive: not an Excel .xlsx workbook (damaged, or another format with its name)", p->zFile); goto cleanup; }
    /* the workbook: its sheets */
    if ((rc = part_open(p, "xl/workbook.xml", 1, &bFound, pErr))) goto cleanup;
    if (!(xp = new_parser(&wb))) { rc = pr_err_nomem(pErr, "reading a workbook"); goto cleanup; }
    XML_SetStartElementHandler(xp, wb_start);
    if ((rc = part_parse(p, xp, "xl/workbook.xml", PR_SHEET_META_CAP, pErr))) goto cleanup;
    XML_ParserFree(xp);
    xp = NULL;
    if (wb.bNoMem) { rc = pr_err_nomem(pErr, "reading a workbook"); goto cleanup; }
    if (!wb.zRid) {
        if (zWant) rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: the workbook has no sheet named '%s' (its sheets: %s)", p->zFile, zWant, wb.zNames ? wb.zNames : "none");
        else rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: the workbook has no sheet", p->zFile);
        goto cleanup;
    }
    /* where its parts are */
    rel.zRid = wb.zRid;
    if ((rc = part_open(p, "xl/_rels/workbook.xml.rels", 1, &bFound, pErr))) goto cleanup;
    if (!(xp = new_parser(&rel))) { rc = pr_err_nomem(pErr, "reading a workbook"); goto cleanup; }
    XML_SetStartElementHandler(xp, rel_start);
    if ((rc = part_parse(p, xp, "xl/_rels/workbook.xml.rels", PR_SHEET_META_CAP, pErr))) goto cleanup;
    XML_ParserFree(xp);
    xp = NULL;
    if (rel.bNoMem) { rc = pr_err_nomem(pErr, "reading a workbook"); goto cleanup; }
    if (!rel.zTarget) { rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: the sheet '%s' has no part in the workbook", p->zFile, p->zName); goto cleanup; }
    /* styles: which number formats are dates */
    if ((rc = part_open(p, rel.zStyles ? rel.zStyles : "xl/styles.xml", 0, &bFound, pErr))) goto cleanup;
    if (bFound) {
        if (!(xp = new_parser(&st))) { unzCloseCurrentFile(p->uz); rc = pr_err_nomem(pErr, "reading a workbook"); goto cleanup; }
        XML_SetElementHandler(xp, style_start, style_end);
        if ((rc = part_parse(p, xp, rel.zStyles ? rel.zStyles : "xl/styles.xml", PR_SHEET_META_CAP, pErr))) goto cleanup;
        XML_ParserFree(xp);
        xp = NULL;
        if (st.bNoMem) { rc = pr_err_nomem(pErr, "reading a workbook"); goto cleanup; }
    }
    /* the shared strings, under the cap: their deflated bytes, for their
     * job (inflated with libdeflate, read by the fast path, else expat);
     * streamed through zlib here when too big or not deflated */
    const char *zSstPart = rel.zSst ? rel.zSst : "xl/sharedStrings.xml";
    if ((rc = part_open(p, zSstPart, 0, &bFound, pErr))) goto cleanup;
    if (bFound) {
        if (!(p->zSstPart = dup_n(zSstPart, strlen(zSstPart)))) { unzCloseCurrentFile(p->uz); rc = pr_err_nomem(pErr, "reading a workbook"); goto cleanup; }
        int r = part_read_raw(p, zSstPart, PR_SHEET_SST_CAP < WHOLE_MAX_OUT ? PR_SHEET_SST_CAP : WHOLE_MAX_OUT, &p->sstRaw);
        if (r == -1) { rc = pr_err_nomem(pErr, "reading a workbook"); goto cleanup; }
        if (r == -2) { rc = part_unopenable(p, zSstPart, pErr); goto cleanup; }
        if (r == 0 && (rc = sst_stream(p, zSstPart, pErr))) goto cleanup;
    }
    /* the sheet: its deflated bytes, for its job (inflated whole with
     * libdeflate); streamed through zlib (pr_sheet_open_end) when too big
     * or not deflated */
    if ((rc = part_open(p, rel.zTarget, 1, &bFound, pErr))) goto cleanup;
    p->zPart = rel.zTarget;
    rel.zTarget = NULL;
    p->nCutBytes = CUT_BYTES;
    if (state_start(&p->st, p, 0)) { rc = pr_err_nomem(pErr, "reading a workbook"); goto cleanup; }
    int r = part_read_raw(p, p->zPart, WHOLE_MAX_OUT, &p->sheetRaw);
    if (r == -1) { rc = pr_err_nomem(pErr, "reading a workbook"); goto cleanup; }
    if (r == -2) { rc = part_unopenable(p, p->zPart, pErr); goto cleanup; }
    if (r == 0) {
        unzCloseCurrentFile(p->uz);
        p->bSheetStream = 1;
    }
cleanup:
    if (xp) XML_ParserFree(xp);
    free(wb.zRid);
    free(wb.zNames);
    free(rel.zTarget);
    free(rel.zSst);
    free(rel.zStyles);
    return rc;
}

static pr_error open_xls(pr_sheet *p, const char *zWant, pr_err *pErr)
{
    unsigned int v = 0, w = 0;
    /* what it is first: an abbreviated parse tells the BIFF version */
    const void *xInfo = NULL;
    int r = freexl_open_info(p->zFile, &xInfo);
    if (r == FREEXL_OK && xInfo) {
        if (freexl_get_info(xInfo, FREEXL_BIFF_VERSION, &v) != FREEXL_OK) v = 0;
        if (freexl_get_info(xInfo, FREEXL_BIFF_PASSWORD, &w) != FREEXL_OK) w = 0;
    }
    if (xInfo) freexl_close(xInfo);
    if (r != FREEXL_OK)
        return pr_err_set(pErr, PR_ERR_HEADER, "%s: not an Excel .xls workbook that can be read (libfreexl error %d)", p->zFile, r);
    if (v != FREEXL_BIFF_VER_8)
        return pr_err_set(pErr, PR_ERR_HEADER, "%s: an Excel %s workbook (BIFF%u), which payrun does not read: save it as .xlsx (or Excel 97-2003 .xls) and give that",
                          p->zFile, v == FREEXL_BIFF_VER_5 ? "95" : "4.0 or older", v);
    if (w == FREEXL_BIFF_OBFUSCATED)
        return pr_err_set(pErr, PR_ERR_HEADER, "%s: a password-protected workbook: save it without a password and give that", p->zFile);
    r = freexl_open(p->zFile, &p->xl);
    if (r != FREEXL_OK || !p->xl)
        return pr_err_set(pErr, PR_ERR_HEADER, "%s: not an Excel .xls workbook that can be read (libfreexl error %d)", p->zFile, r);
    unsigned int nSheet = 0;
    freexl_get_info(p->xl, FREEXL_BIFF_SHEET_COUNT, &nSheet);
    char *zNames = NULL;
    size_t nNames = 0;
    int iFound = -1;
    for (unsigned int i = 0; i < nSheet; i++) {
        const char *zName = NULL;
        if (freexl_get_worksheet_name(p->xl, (unsigned short)i, &zName) != FREEXL_OK || !zName) continue;
        if (iFound < 0 && (!zWant || strcmp(zWant, zName) == 0)) {
            iFound = (int)i;
            if (!(p->zName = dup_n(zName, strlen(zName)))) { free(zNames); return pr_err_nomem(pErr, "reading a workbook"); }
        }
        size_t n = strlen(zName);
        if (nNames < 400) {
            char *z = realloc(zNames, nNames + n + 3);
            if (!z) { free(zNames); return pr_err_nomem(pErr, "reading a workbook"); }
            zNames = z;
            if (nNames) { memcpy(z + nNames, ", ", 2); nNames += 2; }
            memcpy(z + nNames, zName, n);
            nNames += n;
            z[nNames] = 0;
        }
    }
    if (iFound < 0) {
        pr_error rc;
        if (zWant) rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: the workbook has no sheet named '%s' (its sheets: %s)", p->zFile, zWant, zNames ? zNames : "none");
        else rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: the workbook has no sheet", p->zFile);
        free(zNames);
        return rc;
    }
    free(zNames);
    if (freexl_select_active_worksheet(p->xl, (unsigned short)iFound) != FREEXL_OK
        || freexl_worksheet_dimensions(p->xl, &p->nXlRows, &p->nXlCols) != FREEXL_OK)
        return pr_err_set(pErr, PR_ERR_HEADER, "%s!%s: the sheet cannot be read", p->zFile, p->zName);
    return PR_OK;
}

pr_sheet *pr_sheet_open_begin(const char *zArg, pr_err *pErr)
{
    pr_error rc = PR_OK;
    pr_err e;                 /* the first error of this step */
    pr_err_init(&e);
    pr_sheet *p = calloc(1, sizeof(*p));
    char *zWant = NULL;
    if (!p) { pr_err_nomem(pErr, "opening a workbook"); return NULL; }
    pr_err_init(&p->st.err);
    for (int i = 0; i < PR_SHEET_JOBS; i++) pr_err_init(&p->aJobErr[i]);
    p->st.pBook = p;
    const char *zHash = strrchr(zArg, '#');
    size_t nFile = strlen(zArg);
    if (zHash && pr_sheet_kind_of(zArg) != SHEET_NONE) {
        size_t n = (size_t)(zHash - zArg);
        int bExt = (n >= 4 && strncasecmp(zHash - 4, ".xls", 4) == 0) || (n >= 5 && (strncasecmp(zHash - 5, ".xlsx", 5) == 0 || strncasecmp(zHash - 5, ".xlsm", 5) == 0));
        if (bExt) {
            nFile = n;
            if (!(zWant = dup_n(zHash + 1, strlen(zHash + 1)))) { rc = pr_err_nomem(&e, "opening a workbook"); goto cleanup; }
        }
    }
    if (!(p->zFile = dup_n(zArg, nFile))) { rc = pr_err_nomem(&e, "opening a workbook"); goto cleanup; }
    /* what it is, by its first bytes */
    unsigned char aMagic[8] = { 0 };
    FILE *f = fopen(p->zFile, "rb");
    if (!f) { rc = pr_err_set(&e, PR_ERR_IO, "%s: cannot open: %s", p->zFile, strerror(errno)); goto cleanup; }
    size_t nMagic = fread(aMagic, 1, sizeof(aMagic), f);
    fclose(f);
    static const unsigned char aOle[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
    if (nMagic >= 4 && memcmp(aMagic, "PK\x03\x04", 4) == 0) {
        p->eKind = SHEET_XLSX;
        rc = open_xlsx(p, zWant, &e);
    } else if (nMagic == 8 && memcmp(aMagic, aOle, 8) == 0) {
        static const char aEnc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
        if (file_has(p->zFile, aEnc, sizeof(aEnc) - 1)) {
            rc = pr_err_set(&e, PR_ERR_HEADER, "%s: a password-protected (encrypted) workbook: save it without a password and give that", p->zFile);
            goto cleanup;
        }
        p->eKind = SHEET_XLS;
        rc = open_xls(p, zWant, &e);
    } else if (pr_sheet_kind_of(zArg) == SHEET_XLS) {
        rc = pr_err_set(&e, PR_ERR_HEADER, "%s: not an Excel workbook (neither an .xls OLE file nor an .xlsx zip)", p->zFile);
    } else {
        rc = pr_err_set(&e, PR_ERR_HEADER, "%s: not a zip archive: not an Excel .xlsx workbook (damaged, or another format with its name)", p->zFile);
    }
cleanup:
    free(zWant);
    if (rc) {
        /* a whole open meets the file's hash first, then the shared
         * strings: their errors come before this step's */
        if (p->zFile) pr_sheet_open_job(p, PR_SHEET_JOB_HASH);
        if (!p->zFile || (!job_error(p, PR_SHEET_JOB_HASH, pErr) && !strings_end(p, pErr))) pr_err_set(pErr, e.rc, "%s", e.zMsg);
        pr_sheet_free(p);
        return NULL;
    }
    return p;
}

void pr_sheet_open_job(pr_sheet *p, int iJob)
{
    assert(iJob >= 0 && iJob < PR_SHEET_JOBS);
    pr_err *e = &p->aJobErr[iJob];
    if (iJob == PR_SHEET_JOB_HASH) pr_sha256_file(p->zFile, p->zSha, e);
    else if (iJob == PR_SHEET_JOB_STRINGS) strings_job(p, e);
    else sheet_job(p, e);
}

pr_error pr_sheet_open_end(pr_sheet *p, pr_err *pErr)
{
    pr_error rc;
    if ((rc = job_error(p, PR_SHEET_JOB_HASH, pErr))) return rc;
    if ((rc = strings_end(p, pErr))) return rc;
    if ((rc = job_error(p, PR_SHEET_JOB_SHEET, pErr))) return rc;
    if (p->bSheetStream) {
        /* streamed through IN_CAP bytes */
        p->bSheetStream = 0;
        if ((rc = part_reopen(p, p->zPart, pErr))) return rc;
        p->nInCap = IN_CAP;
        if (!(p->zIn = malloc(p->nInCap))) return pr_err_nomem(pErr, "reading a workbook");
    }
    return PR_OK;
}

pr_sheet *pr_sheet_open(const char *zArg, pr_err *pErr)
{
    pr_sheet *p = pr_sheet_open_begin(zArg, pErr);
    if (!p) return NULL;
    for (int i = 0; i < PR_SHEET_JOBS; i++) pr_sheet_open_job(p, i);
    if (pr_sheet_open_end(p, pErr)) {
        pr_sheet_free(p);
        return NULL;
    }
    return p;
}


/* ---- rows ---------------------------------------------------------------- */

static pr_error next_xls(pr_sheet *p, pr_sheetrows *pOut, int nMin, pr_err *pErr)
{
    int nRow0 = pOut->nRow;
    while (p->iXlRow < p->nXlRows && pOut->nRow - nRow0 < nMin) {
        uint32_t iRow = ++p->iXlRow;
        uint32_t iCell0 = (uint32_t)pOut->nCell;
        size_t iText0 = pOut->n;
        int bLong = 0;
        uint32_t nKept = 0;
        for (unsigned short c = 0; c < p->nXlCols; c++) {
            FreeXL_CellValue v;
            if (freexl_get_cell_value(p->xl, iRow - 1, c, &v) != FREEXL_OK) v.type = FREEXL_CELL_NULL;
            char zNum[64];
            const char *z = "";
            size_t n = 0;
            uint8_t f = 0;
            switch (v.type) {
            case FREEXL_CELL_INT:
                n = (size_t)snprintf(zNum, sizeof(zNum), "%d", v.value.int_value);
                z = zNum;
                f = PR_CELL_NUMBER;
                if (n >= 15) f |= PR_CELL_IMPRECISE;
                break;
            case FREEXL_CELL_DOUBLE: {
                /* BIFF keeps a binary double: written as Excel shows it, 15 digits */
                char zG[64];
                int k = snprintf(zG, sizeof(zG), "%.15g", v.value.double_value);
                int fNum = k > 0 ? number_text(zG, (size_t)k, zNum, sizeof(zNum), &n) : -1;
                f = PR_CELL_NUMBER;
                if (fNum < 0) { memcpy(zNum, zG, (size_t)k + 1); n = (size_t)k; f |= PR_CELL_IMPRECISE; }
                else f |= (uint8_t)fNum;
                z = zNum;
                break;
            }
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
                z = v.value.text_value ? v.value.text_value : "";
                n = strlen(z);
                break;
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
                z = v.value.text_value ? v.value.text_value : "";
                n = strlen(z) >= 10 ? 10 : strlen(z);
                f = PR_CELL_NUMBER | PR_CELL_DATE;
                break;
            case FREEXL_CELL_TIME:
                z = v.value.text_value ? v.value.text_value : "";
                n = strlen(z);
                f = PR_CELL_NUMBER;
                break;
            default:
                break;
            }
            pr_sheetcell *pc = rows_cell(pOut);
            if (!pc) return pr_err_nomem(pErr, "reading a workbook");
            pc->fCell = f;
            if (pOut->n - iText0 + n > PR_SHEET_ROW_CAP) { bLong = 1; continue; }
            if (rows_text(pOut, z, n)) return pr_err_nomem(pErr, "reading a workbook");
            pc->n = (uint32_t)n;
            if (n) nKept = (uint32_t)(pOut->nCell - iCell0);
        }
        if (nKept == 0 && !bLong) { pOut->nCell = iCell0; pOut->n = iText0; continue; }
        pr_sheetrow *r = rows_row(pOut);
        if (!r) return pr_err_nomem(pErr, "reading a workbook");
        pOut->nCell = iCell0 + nKept;
        r->iRow = iRow;
        r->iCell = iCell0;
        r->nCell = nKept;
        r->bTooLong = (uint8_t)bLong;
        if (!p->st.iFirstRow) p->st.iFirstRow = iRow;
    }
    return PR_OK;
}

static pr_error parse_status(pr_sheet *p, enum XML_Status st, pr_err *pErr)
{
    if (st == XML_STATUS_ERROR) {
        if (p->st.err.rc) return pr_err_set(pErr, p->st.err.rc, "%s", p->st.err.zMsg);
        /* the lines of the blocks parsed apart come before the parser's */
        return pr_err_set(pErr, PR_ERR_HEADER, "%s!%s: %s line %lu: not well-formed XML (%s)", p->zFile, p->zName, p->zPart,
                          (unsigned long)XML_GetCurrentLineNumber(p->st.xp) + p->nLinesCut, XML_ErrorString(XML_GetErrorCode(p->st.xp)));
    }
    if (st == XML_STATUS_OK && p->bFinalFed && !p->bEnd) p->bEnd = 1;
    return PR_OK;
}

/* Gives the in-order parser its next bytes: up to XML_BLOCK, ending at a
 * row's end tag where there is one. */
static pr_error feed(pr_sheet *p, pr_err *pErr)
{
    pr_error rc;
    if (p->st.bSuspended) {
        p->st.bSuspended = 0;
        return parse_status(p, XML_ResumeParser(p->st.xp), pErr);
    }
    if (p->nIn - p->iIn < XML_BLOCK && (rc = refill(p, pErr))) return rc;
    size_t nAvail = p->nIn - p->iIn;
    size_t n = nAvail < XML_BLOCK ? nAvail : XML_BLOCK;
    const char *z = p->zIn + p->iIn;
    size_t nRow = row_end_before(z, n);
    if (nRow) n = nRow;
    p->bAtRowEnd = nRow != 0;
    int bFinal = p->bInEof && n == nAvail;
    note_markup(p, z, n);
    p->iIn += n;
    p->nFed += n;
    if (bFinal) p->bFinalFed = 1;
    return parse_status(p, XML_Parse(p->st.xp, z, (int)n, bFinal), pErr);
}

/* Whether the rest of the sheet can be cut into blocks now: the in-order
 * parser stands between two rows of the sheet data, after a row's end tag
 * it was given whole. */
static int cuttable(const pr_sheet *p)
{
    return p->eKind == SHEET_XLSX && !p->bNoCut && !p->bEnd && !p->st.bSuspended && p->bAtRowEnd && p->st.bInData
        && !p->st.bInRow && !p->st.err.rc;
}

pr_error pr_sheet_next(pr_sheet *p, pr_sheetrows *pOut, int nMin, pr_err *pErr)
{
    if (p->eKind == SHEET_XLS) return next_xls(p, pOut, nMin, pErr);
    int nRow0 = pOut->nRow;
    p->st.pOut = pOut;
    p->st.nTarget = nRow0 + nMin;
    pr_error rc = PR_OK;
    /* the handlers suspend the parser at the end of the row that fills
     * the batch; a row in progress is never left for another batch */
    while (!p->bEnd) {
        if ((rc = feed(p, pErr)) || p->st.bSuspended) break;
        if (p->bWantCut && pOut->nRow > nRow0 && cuttable(p)) break;
    }
    p->st.pOut = NULL;
    return rc;
}

pr_error pr_sheet_skip_rest(pr_sheet *p, pr_err *pErr)
{
    if (p->eKind == SHEET_XLS) return PR_OK;
    pr_error rc = PR_OK;
    p->st.pOut = NULL;
    p->st.nTarget = INT32_MAX;
    while (!p->bEnd && !rc) rc = feed(p, pErr);
    return rc;
}

/* ---- blocks -------------------------------------------------------------- */

pr_error pr_sheet_cut(pr_sheet *p, pr_sheetblock **ppBlock, pr_err *pErr)
{
    pr_error rc;
    *ppBlock = NULL;
    p->bWantCut = 1;
    if (!cuttable(p)) return PR_OK;
    if (p->nIn - p->iIn < p->nCutBytes && (rc = refill(p, pErr))) return rc;
    size_t nAvail = p->nIn - p->iIn;
    const char *z = p->zIn + p->iIn;
    size_t n = row_end_before(z, nAvail < p->nCutBytes ? nAvail : p->nCutBytes);
    if (!n && nAvail > p->nCutBytes) n = row_end_before(z, nAvail);   /* rows longer than a block */
    if (!n) return PR_OK;   /* the end of the sheet data, or a row longer than the buffer */
    note_markup(p, z, n);
    if (p->bNoCut) return PR_OK;
    pr_sheetblock *b = calloc(1, sizeof(*b));
    if (!b) return pr_err_nomem(pErr, "reading a workbook");
    if (p->bInEof) {
        /* the buffer holds the rest of the part and is not refilled: the
         * block is read where it is (pr_sheet_join copies before freeing) */
        b->z = (char *)z;
    } else {
        if (!(b->z = malloc(n))) { free(b); return pr_err_nomem(pErr, "reading a workbook"); }
        memcpy(b->z, z, n);
        b->bOwn = 1;
    }
    b->n = n;
    p->iIn += n;
    p->nFed += n;
    *ppBlock = b;
    return PR_OK;
}

static uint32_t count_lf(const char *z, size_t n)
{
    uint32_t c = 0;
    const char *e = z + n;
    while ((z = memchr(z, '\n', (size_t)(e - z))) != NULL) { c++; z++; }
    return c;
}

/* ---- the rows' own fast path ---------------------------------------- */

/* Most blocks are rows as spreadsheet writers give them: <row r="7" ...>,
 * then cells <c r="A7" t="s" s="1"><v>42</v></c> or <c .../>, nothing
 * else. rows_parse reads exactly that shape a good deal faster than
 * fast_parse (no names copied, no handler dispatch by name), calling the
 * same start_row, start_cell, sheet_text, end_cell and end_row the
 * handlers call; at anything else it stops (FAST_OTHER) and fast_parse
 * reads the block again. What it accepts is a subset of fast_parse's. */

/* An attribute of a start tag, in place in the block. */
typedef struct tag_attr {
    const char *zName;        /* its name */
    size_t nName;             /* bytes */
    const char *zVal;         /* its value, without the quotes */
    size_t nVal;              /* bytes */
} tag_attr;

/* Reads the attributes of a start tag from z[*pi] (just after its name) to
 * its end, "/>" (*pbEmpty 1) or ">": each after one space, a name of ASCII
 * name characters, '=', a value in quotes of printable ASCII without '<'
 * or '&', no name twice, at most FAST_ATTRS, names and values shorter than
 * FAST_NAME. 0, *pi after the tag; -1 for anything else. */
static int tag_attrs(const char *z, size_t n, size_t *pi, tag_attr *aAttr, int *pnAttr, int *pbEmpty)
{
    size_t i = *pi;
    int nAttr = 0;
    for (;;) {
        if (i >= n) return -1;
        if (z[i] == '>') { *pbEmpty = 0; i++; break; }
        if (z[i] == '/') {
            if (i + 1 >= n || z[i + 1] != '>') return -1;
            *pbEmpty = 1;
            i += 2;
            break;
        }
        if (z[i] != ' ') return -1;
        size_t e = name_end(z, ++i, n);
        if (e == i || e - i >= FAST_NAME || nAttr == FAST_ATTRS) return -1;
        if (e + 1 >= n || z[e] != '=' || (z[e + 1] != '"' && z[e + 1] != '\'')) return -1;
        char cQuote = z[e + 1];
        size_t v = e + 2, k = v;
        for (; k < n && z[k] != cQuote; k++) {
            unsigned char ch = (unsigned char)z[k];
            if ((unsigned char)(ch - 0x20) >= 0x5F || ch == '<' || ch == '&') return -1;   /* not 0x20-0x7E */
        }
        if (k >= n || k - v >= FAST_NAME) return -1;
        for (int a = 0; a < nAttr; a++)
            if (aAttr[a].nName == e - i && memcmp(aAttr[a].zName, z + i, e - i) == 0) return -1;
        aAttr[nAttr].zName = z + i;
        aAttr[nAttr].nName = e - i;
        aAttr[nAttr].zVal = z + v;
        aAttr[nAttr].nVal = k - v;
        nAttr++;
        i = k + 1;
    }
    *pi = i;
    *pnAttr = nAttr;
    return 0;
}

/* The value of a (shorter than FAST_NAME), NUL-terminated in zBuf
 * (FAST_NAME bytes). */
static const char *attr_value(const tag_attr *a, char *zBuf)
{
    assert(a->nVal < FAST_NAME);
    memcpy(zBuf, a->zVal, a->nVal);
    zBuf[a->nVal] = 0;
    return zBuf;
}

/* Whether z[i, n) starts with the tag name zName (nName bytes, after its
 * '<') followed by the end of the name. */
static int tag_is(const char *z, size_t i, size_t n, const char *zName, size_t nName)
{
    return n - i > nName && memcmp(z + i, zName, nName) == 0 && (z[i + nName] == ' ' || z[i + nName] == '>' || z[i + nName] == '/');
}

static int is_blank(char c) { return c == ' ' || c == '\n' || c == '\t'; }

/* Parses the block z[0,n) into s (see above): FAST_DONE, FAST_FAILED (a
 * handler failed) or FAST_OTHER (not that shape: s and its rows may have
 * been changed). */
static int rows_parse(sheet_state *s, const char *z, size_t n)
{
    tag_attr aAttr[FAST_ATTRS];
    char zR[FAST_NAME], zRef[FAST_NAME], zT[FAST_NAME], zS[FAST_NAME];
    int nAttr, bEmpty;
    size_t i = 0;
    assert(s->bBlock && !s->bInRow);
    for (;;) {
        while (i < n && is_blank(z[i])) i++;
        if (i == n) break;
        if (z[i] != '<' || !tag_is(z, i + 1, n, "row", 3)) return FAST_OTHER;
        i += 4;
        if (tag_attrs(z, n, &i, aAttr, &nAttr, &bEmpty)) return FAST_OTHER;
        /* r by its local name, the first (as attr() finds it) */
        const char *zRow = NULL;
        for (int a = 0; a < nAttr && !zRow; a++) {
            const char *zL = aAttr[a].zName, *zEnd = zL + aAttr[a].nName;
            for (const char *c = zL; c < zEnd; c++) if (*c == ':') zL = c + 1;
            if (zEnd - zL == 1 && zL[0] == 'r') zRow = attr_value(&aAttr[a], zR);
        }
        start_row(s, zRow);
        if (s->bFailed) return FAST_FAILED;
        while (!bEmpty) {
            while (i < n && is_blank(z[i])) i++;
            if (n - i >= 6 && memcmp(z + i, "</row>", 6) == 0) { i += 6; break; }
            if (i >= n || z[i] != '<' || !tag_is(z, i + 1, n, "c", 1)) return FAST_OTHER;
            i += 2;
            int bCellEmpty;
            if (tag_attrs(z, n, &i, aAttr, &nAttr, &bCellEmpty)) return FAST_OTHER;
            const char *zCellRef = NULL, *zType = NULL, *zStyle = NULL;
            for (int a = 0; a < nAttr; a++) {
                if (aAttr[a].nName != 1) continue;
                char c = aAttr[a].zName[0];
                if (c == 'r') zCellRef = attr_value(&aAttr[a], zRef);
                else if (c == 't') zType = attr_value(&aAttr[a], zT);
                else if (c == 's') zStyle = attr_value(&aAttr[a], zS);
            }
            start_cell(s, zCellRef, zType, zStyle);
            if (s->bFailed) return FAST_FAILED;
            if (!bCellEmpty) {
                if (n - i >= 3 && memcmp(z + i, "<v>", 3) == 0) {
                    /* the value: printable ASCII, no markup or reference */
                    size_t j = i + 3;
                    s->eIn = IN_V;
                    s->nCellText = 0;
                    for (; j < n && z[j] != '<'; j++) {
                        unsigned char ch = (unsigned char)z[j];
                        if ((unsigned char)(ch - 0x20) >= 0x5F || ch == '&' || ch == '>' || ch == ']') return FAST_OTHER;
                    }
                    if (j - (i + 3) > FAST_TEXT || n - j < 4 || memcmp(z + j, "</v>", 4) != 0) return FAST_OTHER;
                    if (j > i + 3) sheet_text(s, z + i + 3, (int)(j - (i + 3)));
                    if (s->bFailed) return FAST_FAILED;
                    s->eIn = IN_NONE;
                    i = j + 4;
                }
                if (n - i < 4 || memcmp(z + i, "</c>", 4) != 0) return FAST_OTHER;
                i += 4;
            }
            end_cell(s);
            if (s->bFailed) return FAST_FAILED;
        }
        end_row(s);
        if (s->bFailed) return FAST_FAILED;
    }
    return FAST_DONE;
}

/* The shared strings as spreadsheet writers give them: Excel's XML
 * declaration, <sst ...>, then <si><t ...>text</t></si> for each string,
 * </sst>; white space between. Read in place, calling the handlers
 * sst_start, sst_text and sst_end as fast_parse would; at anything else
 * FAST_OTHER (fast_parse reads it all again). FAST_DONE, or FAST_FAILED
 * out of memory. */
static int sst_plain_parse(sst_state *s, const char *z, size_t n)
{
    static const char zDecl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";
    const char *azNone[] = { NULL };   /* no attributes (the handlers read none) */
    tag_attr aAttr[FAST_ATTRS];
    int nAttr, bEmpty;
    size_t i = sizeof(zDecl) - 1;
    if (n < i || memcmp(z, zDecl, i) != 0) return FAST_OTHER;
    while (i < n && is_blank(z[i])) i++;
    if (i >= n || z[i] != '<' || !tag_is(z, i + 1, n, "sst", 3)) return FAST_OTHER;
    i += 4;
    if (tag_attrs(z, n, &i, aAttr, &nAttr, &bEmpty) || bEmpty) return FAST_OTHER;
    sst_start(s, "sst", azNone);
    for (;;) {
        while (i < n && is_blank(z[i])) i++;
        if (n - i >= 6 && memcmp(z + i, "</sst>", 6) == 0) { i += 6; break; }
        if (n - i < 4 || memcmp(z + i, "<si>", 4) != 0) return FAST_OTHER;
        i += 4;
        if (n - i < 3 || z[i] != '<' || !tag_is(z, i + 1, n, "t", 1)) return FAST_OTHER;
        i += 2;
        if (tag_attrs(z, n, &i, aAttr, &nAttr, &bEmpty) || bEmpty) return FAST_OTHER;
        sst_start(s, "si", azNone);
        sst_start(s, "t", azNone);
        size_t j;
        if (!text_plain(z, i, n, &j)) return FAST_OTHER;
        if (j - i > INT32_MAX || n - j < 9 || memcmp(z + j, "</t></si>", 9) != 0) return FAST_OTHER;
        if (j > i) sst_text(s, z + i, (int)(j - i));
        sst_end(s, "t");
        sst_end(s, "si");
        if (s->bNoMem) return FAST_FAILED;
        i = j + 9;
    }
    sst_end(s, "sst");
    while (i < n && is_blank(z[i])) i++;
    return i == n ? FAST_DONE : FAST_OTHER;
}

int pr_sheetblock_parse(const pr_sheet *p, pr_sheetblock *b, pr_sheetrows *pOut)
{
    sheet_state s;
    int eFast = FAST_OTHER;
    assert(b->n <= INT32_MAX);
    memset(&s, 0, sizeof(s));
    b->nLines = count_lf(b->z, b->n);
    size_t nText0 = pOut->n, nCell0 = pOut->nCell;
    int nRow0 = pOut->nRow;
    /* the rows' own path, the general fast path, then expat, each reading
     * the block from its start when the one before could not */
    for (int iReader = bFastOn ? 0 : 2; iReader < 3 && eFast == FAST_OTHER; iReader++) {
        pOut->n = nText0;
        pOut->nCell = nCell0;
        pOut->nRow = nRow0;
        state_end(&s);
        if (state_start(&s, p, 1)) break;
        s.pOut = pOut;
        if (iReader == 0) {
            eFast = rows_parse(&s, b->z, b->n);
        } else if (iReader == 1) {
            const fast_calls calls = { sheet_start, sheet_end, sheet_text, &s, &s.bFailed, sheet_text_fits };
            eFast = fast_parse(&calls, b->z, b->n, 0);
        } else {
            /* wrapped in an element of its own, a block of whole rows is a
             * document (the part's parser is not namespace-aware: a prefix
             * is a part of the name, as in the whole part) */
            int bOk = XML_Parse(s.xp, "<b>", 3, 0) == XML_STATUS_OK && XML_Parse(s.xp, b->z, (int)b->n, 0) == XML_STATUS_OK
                      && XML_Parse(s.xp, "</b>", 4, 1) == XML_STATUS_OK && !s.err.rc;
            eFast = bOk ? FAST_DONE : FAST_FAILED;
        }
    }
    b->iFirst = s.iBlockFirst;
    b->iLast = s.iLastRow;
    state_end(&s);
    b->bOk = eFast == FAST_DONE;
    return b->bOk ? 0 : -1;
}

pr_error pr_sheet_join(pr_sheet *p, pr_sheetblock **apBlock, int nBlock, int *pnGood, pr_err *pErr)
{
    pr_error rc = PR_OK;
    int i = 0;
    for (; i < nBlock; i++) {
        const pr_sheetblock *b = apBlock[i];
        if (!b->bOk || (b->iFirst && b->iFirst <= p->st.iLastRow)) break;
        if (b->iLast) p->st.iLastRow = b->iLast;
        p->nLinesCut += b->nLines;
    }
    *pnGood = i;
    if (i < nBlock) {
        /* this block and those after it are read again, in order: the
         * in-order parser says what is wrong as if it had read them first */
        size_t nBack = 0, nPending = p->nIn - p->iIn;
        for (int k = i; k < nBlock; k++) nBack += apBlock[k]->n;
        size_t nCap = nBack + nPending > p->nInCap ? nBack + nPending : p->nInCap;
        char *z = malloc(nCap);
        if (!z) {
            rc = pr_err_nomem(pErr, "reading a workbook");
        } else {
            size_t o = 0;
            for (int k = i; k < nBlock; k++) { memcpy(z + o, apBlock[k]->z, apBlock[k]->n); o += apBlock[k]->n; }
            memcpy(z + o, p->zIn + p->iIn, nPending);
            free(p->zIn);
            p->zIn = z;
            p->iIn = 0;
            p->nIn = nBack + nPending;
            p->nInCap = nCap;
            p->nFed -= nBack;
            p->bNoCut = 1;
        }
    }
    for (int k = 0; k < nBlock; k++) pr_sheetblock_free(apBlock[k]);
    return rc;
}

#if defined(PR_TESTING) || defined(PR_FUZZING)
void pr_sheet_set_block_bytes(pr_sheet *p, size_t n)
{
    assert(n > 0 && n <= IN_CAP / 2);
    p->nCutBytes = n;
}
#endif

int pr_sheet_held_whole(const pr_sheet *p) { return p->eKind == SHEET_XLSX && p->bInEof && p->nInCap == p->nIn; }

void pr_sheetblock_free(pr_sheetblock *b)
{
    if (!b) return;
    if (b->bOwn) free(b->z);
    free(b);
}

void pr_sheet_free(pr_sheet *p)
{
    if (!p) return;
    state_end(&p->st);
    if (p->uz) unzClose(p->uz);
    if (p->xl) freexl_close(p->xl);
    free(p->zFile);
    free(p->zName);
    free(p->zPart);
    free(p->zSstPart);
    free(p->sstRaw.a);
    free(p->sheetRaw.a);
    free(p->aDateXf);
    free(p->zSst);
    free(p->aSstOff);
    free(p->zIn);
    free(p);
}
