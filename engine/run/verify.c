/*
 * verify.c - re-checks a month folder against its manifest.json: the
 * outputs' sizes and SHA-256, stray files, the ledger's shape, order and
 * totals, and the consistency of the manifest's own totals (verify.h).
 */
#include "run/verify.h"
#include "model/calendar.h"
#include "io/common.h"
#include "io/encoding.h"
#include "io/err.h"
#include "formats/manifest_read.h"
#include "formats/prevledger.h"
#include "formats/cyclefiles.h"
#include "io/sha256.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LEDGER_NAME "ledger.csv.gz"
#define MAX_SHOWN 20          /* row problems shown per kind before a summary line */

typedef struct verify {
    FILE *pOut;               /* where differences go, may be NULL */
    long nDiff;               /* differences found */
    const char *zDir;         /* the month folder */
} verify;

static void differ(verify *v, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes one difference line. */
static void differ(verify *v, const char *zFmt, ...)
{
    v->nDiff++;
    if (!v->pOut) return;
    va_list ap;
    va_start(ap, zFmt);
    vfprintf(v->pOut, zFmt, ap);
    va_end(ap);
    fputc('\n', v->pOut);
}

/* A file name fit to print: as is when it is valid UTF-8 without control
 * characters, else with every such byte as \xNN. */
static const char *show(const char *z, char *zBuf, size_t nBuf)
{
    size_t n = strlen(z), o = 0;
    int bPlain = pr_utf8_valid(z, n, 0);
    for (size_t i = 0; bPlain && i < n; i++) bPlain = (unsigned char)z[i] >= 0x20 && z[i] != 0x7f && z[i] != '\\';
    if (bPlain) {
        snprintf(zBuf, nBuf, "%s", z);
        return zBuf;
    }
    for (size_t i = 0; i < n && o + 5 < nBuf; i++) {
        unsigned char c = (unsigned char)z[i];
        if (c >= 0x20 && c < 0x7f && c != '\\') zBuf[o++] = (char)c;
        else o += (size_t)snprintf(zBuf + o, nBuf - o, "\\x%02X", c);
    }
    zBuf[o] = 0;
    return zBuf;
}

/* zDir/zName into zPath; -1 if it does not fit. */
static int join(const char *zDir, const char *zName, char *zPath, size_t nPath)
{
    int n = snprintf(zPath, nPath, "%s/%s", zDir, zName);
    return n < 0 || (size_t)n >= nPath ? -1 : 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- outputs and stray files ------------------------------------------ */

/* Size and SHA-256 of each listed output. */
static void check_outputs(verify *v, const pr_manifest *m)
{
    char zPath[4096], zShow[800];
    for (int i = 0; i < m->nOut; i++) {
        const pr_moutput *o = &m->aOut[i];
        const char *zName = show(o->zName, zShow, sizeof(zShow));
        struct stat st;
        if (join(v->zDir, o->zName, zPath, sizeof(zPath)) || lstat(zPath, &st) != 0) {
            differ(v, "%s: missing file", zName);
            continue;
        }
        if (!S_ISREG(st.st_mode)) {
            differ(v, "%s: not a regular file", zName);
            continue;
        }
        if ((long long)st.st_size != (long long)o->nBytes)
            differ(v, "%s: %lld bytes, manifest.json says %lld", zName, (long long)st.st_size, (long long)o->nBytes);
        char zSha[65];
        if (pr_sha256_file(zPath, zSha, NULL)) differ(v, "%s: cannot be read: %s", zName, strerror(errno));
        else if (strcmp(zSha, o->zSha) != 0) differ(v, "%s: SHA-256 differs from manifest.json", zName);
    }
}

/* Every folder entry but manifest.json and the two files added after it
 * (manifest.sig, approvals.jsonl: they cannot be listed in what they sign
 * or approve) must be listed. Returns 0, or -1
 * with a message if the folder cannot be listed. */
static int check_strays(verify *v, const pr_manifest *m, pr_err *pErr)
{
    DIR *d = opendir(v->zDir);
    if (!d) { pr_err_set(pErr, PR_ERR_IO, "%s: cannot open the folder: %s", v->zDir, strerror(errno)); return -1; }
    char **azName = NULL;
    size_t nName = 0, nCap = 0;
    int rc = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || strcmp(e->d_name, "manifest.json") == 0
            || strcmp(e->d_name, "manifest.sig") == 0 || strcmp(e->d_name, "approvals.jsonl") == 0)
            continue;
        if (nName == nCap) {
            nCap = nCap ? nCap * 2 : 16;
            char **a = realloc(azName, nCap * sizeof(*a));
            if (!a) { rc = -1; break; }
            azName = a;
        }
        if (!(azName[nName] = strdup(e->d_name))) { rc = -1; break; }
        nName++;
        errno = 0;
    }
    if (rc || errno) pr_err_set(pErr, rc ? PR_ERR_NOMEM : PR_ERR_IO, "%s: cannot list the folder: %s", v->zDir, rc ? "out of memory" : strerror(errno));
    if (!rc && errno) rc = -1;
    closedir(d);
    const char **azListed = rc ? NULL : malloc(((size_t)m->nOut + 1) * sizeof(*azListed));
    if (!rc && !azListed) { pr_err_nomem(pErr, "listing the folder"); rc = -1; }
    if (!rc) {
        for (int i = 0; i < m->nOut; i++) azListed[i] = m->aOut[i].zName;
        qsort(azListed, (size_t)m->nOut, sizeof(*azListed), cmp_str);
        qsort(azName, nName, sizeof(*azName), cmp_str);
        char zShow[800];
        for (size_t i = 0; i < nName; i++) {
            const char *zKey = azName[i];
            if (!bsearch(&zKey, azListed, (size_t)m->nOut, sizeof(*azListed), cmp_str))
                differ(v, "%s: file not listed in the manifest", show(azName[i], zShow, sizeof(zShow)));
        }
    }
    free(azListed);
    for (size_t i = 0; i < nName; i++) free(azName[i]);
    free(azName);
    return rc;
}

/* The folder's own name, when it is a month, must be the manifest's. */
static void check_month(verify *v, const pr_manifest *m)
{
    size_t n = strlen(v->zDir);
    while (n > 1 && v->zDir[n - 1] == '/') n--;
    size_t i = n;
    while (i > 0 && v->zDir[i - 1] != '/') i--;
    int iMonth;
    if (n - i != 7 || pr_month_parse(v->zDir + i, 7, &iMonth) || iMonth == m->iMonth) return;
    char zMonth[8];
    pr_month_format(m->iMonth, zMonth);
    differ(v, "manifest.json: month is %s but the folder is %.7s", zMonth, v->zDir + i);
}

/* ---- ledger --------------------------------------------------------------- */

/* Totals per district, in an open-addressing table keyed by code. */
typedef struct dslot {
    int iCode;                     /* 6-digit code; -1 when the slot is free */
    pr_mtotal aProg[PROG_COUNT];
} dslot;

typedef struct ledger {
    dslot *aSlot;
    size_t nSlot, nUsed;           /* capacity (a power of 2) and districts */
    pr_mtotal aProg[PROG_COUNT];   /* per programme */
    pr_mtotal all;                 /* overall */
    int bOverflow;                 /* a sum overflowed int64 */
    /* order */
    int bHavePrev;
    int iPrevDistrict, iPrevProg;
    int iPrevType, iPrevPeriod;    /* previous line type and period */
    int iMonth;                    /* the manifest's month: every pay_ref's */
    long nWrongMonth;              /* pay_refs of another month */
    char *zPrevBen;                /* previous beneficiary_id, owned */
    size_t nPrevBen, nPrevCap;
    uint32_t iPrevLine;
    long nBad, nOrder;             /* malformed rows, rows out of order */
} ledger;

static dslot *find_slot(dslot *a, size_t nSlot, int iCode)
{
    size_t h = ((size_t)iCode * 2654435761u) & (nSlot - 1);
    while (a[h].iCode != -1 && a[h].iCode != iCode) h = (h + 1) & (nSlot - 1);
    return &a[h];
}

/* The totals of district iCode, created when new; NULL if out of memory. */
static pr_mtotal *district_totals(ledger *l, int iCode)
{
    if ((l->nUsed + 1) * 2 > l->nSlot) {
        size_t nNew = l->nSlot ? l->nSlot * 2 : 64;
        dslot *a = malloc(nNew * sizeof(*a));
        if (!a) return NULL;
        for (size_t i = 0; i < nNew; i++) a[i].iCode = -1;
        for (size_t i = 0; i < l->nSlot; i++)
            if (l->aSlot[i].iCode != -1) *find_slot(a, nNew, l->aSlot[i].iCode) = l->aSlot[i];
        free(l->aSlot);
        l->aSlot = a;
        l->nSlot = nNew;
    }
    dslot *s = find_slot(l->aSlot, l->nSlot, iCode);
    if (s->iCode == -1) {
        memset(s, 0, sizeof(*s));
        s->iCode = iCode;
        l->nUsed++;
    }
    return s->aProg;
}

static const pr_mtotal *ledger_district(const ledger *l, int iCode)
{
    if (!l->nSlot) return NULL;
    const dslot *s = find_slot(l->aSlot, l->nSlot, iCode);
    return s->iCode == iCode ? s->aProg : NULL;
}

static void add_line(ledger *l, pr_mtotal *t, int64_t nFen, int eType)
{
    t->nLines++;
    /* one person per line of this month's entitlement or temporary
     * assistance (docs/RULES.md); not used for DIBAO */
    t->nPersons += eType == LT_REGULAR || eType == LT_TEMPORARY;
    if (__builtin_add_overflow(t->nFen, nFen, &t->nFen)) l->bOverflow = 1;
}

static void row_problem(verify *v, ledger *l, uint32_t iLine, const char *zFmt, ...) __attribute__((format(printf, 4, 5)));

/* A malformed row: shown for the first MAX_SHOWN, counted after that. */
static void row_problem(verify *v, ledger *l, uint32_t iLine, const char *zFmt, ...)
{
    if (++l->nBad > MAX_SHOWN) return;
    char zMsg[300];
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(zMsg, sizeof(zMsg), zFmt, ap);
    va_end(ap);
    differ(v, LEDGER_NAME ": line %u: %s", iLine, zMsg);
}

/* A field for a message: at most 40 bytes, control characters as '?'. */
static const char *show_field(pr_field f, char *zBuf)
{
    size_t n = f.n > 40 ? 40 : f.n;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)f.z[i];
        zBuf[i] = (char)(c < 0x20 || c == 0x7f ? '?' : c);
    }
    zBuf[n] = 0;
    return zBuf;
}

/* Reports what is wrong with the record pRec (not the header). */
static void bad_row(verify *v, ledger *l, const pr_lrec *pRec)
{
    char zB[48];
    const pr_field *f = pRec->pRow ? pRec->pRow->aField : NULL;
    uint32_t iLine = pRec->iLine;
    switch ((pr_lbad)pRec->eBad) {
    case LBAD_NONE:
    case LBAD_HEADER: break;
    case LBAD_TOO_LONG: row_problem(v, l, iLine, "longer than 1 MiB"); break;
    case LBAD_UNCLOSED: row_problem(v, l, iLine, "a quoted field is never closed"); break;
    case LBAD_UTF8: row_problem(v, l, iLine, "not valid UTF-8 text"); break;
    case LBAD_STRAY_QUOTE: row_problem(v, l, iLine, "malformed CSV (a stray quote)"); break;
    case LBAD_TOO_MANY: row_problem(v, l, iLine, "malformed CSV (too many fields)"); break;
    case LBAD_NFIELD: {
        int n = pRec->pRow->nField;
        row_problem(v, l, iLine, "%d field%s, the header has %d", n, n == 1 ? "" : "s", LCOL_COUNT);
        break;
    }
    case LBAD_PROGRAM: row_problem(v, l, iLine, "unknown programme '%s'", show_field(f[LCOL_PROGRAM], zB)); break;
    case LBAD_DISTRICT:
        row_problem(v, l, iLine, "district '%s' is not a 6-digit code", show_field(f[LCOL_DISTRICT], zB));
        break;
    case LBAD_AMOUNT:
        row_problem(v, l, iLine, "amount_fen '%s' is not a positive whole number of fen", show_field(f[LCOL_AMOUNT], zB));
        break;
    case LBAD_BENEFICIARY: row_problem(v, l, iLine, "beneficiary_id is blank"); break;
    case LBAD_LINE_TYPE: row_problem(v, l, iLine, "line_type '%s' is not a line type", show_field(f[LCOL_LINE_TYPE], zB)); break;
    case LBAD_PERIOD: row_problem(v, l, iLine, "period '%s' is not YYYY-MM", show_field(f[LCOL_PERIOD], zB)); break;
    case LBAD_PAY_REF:
        row_problem(v, l, iLine, "pay_ref '%s' is not YYYYMM-<district>-<6 digits>", show_field(f[LCOL_PAY_REF], zB));
        break;
    }
}

/* Checks the order of the good row pRec and adds it up. Returns 0, or -1
 * if memory ran out. */
static int ledger_row(verify *v, ledger *l, const pr_lrec *pRec)
{
    char zB[48];
    uint32_t iLine = pRec->iLine;
    int g = pRec->eProg, iCode = pRec->iDistrict;
    int64_t nFen = pRec->nFen;
    pr_field fb = pRec->pRow->aField[LCOL_BENEFICIARY];
    if (!pRec->bLegacy && pRec->iPayMonth != l->iMonth && ++l->nWrongMonth <= MAX_SHOWN) {
        char zM[8];
        pr_month_format(l->iMonth, zM);
        differ(v, LEDGER_NAME ": line %u: pay_ref %s is not of the month %s", iLine,
               show_field(pRec->pRow->aField[LCOL_PAY_REF], zB), zM);
    }
    /* order: district, programme, beneficiary_id by bytes, line type, period */
    if (l->bHavePrev) {
        int c = iCode != l->iPrevDistrict ? (iCode < l->iPrevDistrict ? -1 : 1)
              : g != l->iPrevProg ? (g < l->iPrevProg ? -1 : 1) : 0;
        if (c == 0) {
            size_t n = fb.n < l->nPrevBen ? fb.n : l->nPrevBen;
            c = memcmp(fb.z, l->zPrevBen, n);
            if (c == 0 && fb.n != l->nPrevBen) c = fb.n < l->nPrevBen ? -1 : 1;
        }
        if (c == 0) c = pRec->eType != l->iPrevType ? (pRec->eType < l->iPrevType ? -1 : 1)
                      : (pRec->iPeriod > l->iPrevPeriod) - (pRec->iPeriod < l->iPrevPeriod);
        if (c < 0 && ++l->nOrder <= MAX_SHOWN) {
            char zB2[48];
            pr_field fp = { l->zPrevBen, (uint32_t)l->nPrevBen };
            differ(v, LEDGER_NAME ": line %u: out of order (%06d %s %s comes after line %u: %06d %s %s)", iLine,
                   iCode, pr_prog_code((pr_prog)g), show_field(fb, zB), l->iPrevLine, l->iPrevDistrict,
                   pr_prog_code((pr_prog)l->iPrevProg), show_field(fp, zB2));
        }
    }
    if (fb.n > l->nPrevCap) {
        char *z = realloc(l->zPrevBen, fb.n);
        if (!z) return -1;
        l->zPrevBen = z;
        l->nPrevCap = fb.n;
    }
    memcpy(l->zPrevBen, fb.z, fb.n);
    l->nPrevBen = fb.n;
    l->iPrevDistrict = iCode;
    l->iPrevProg = g;
    l->iPrevType = pRec->eType;
    l->iPrevPeriod = pRec->iPeriod;
    l->iPrevLine = iLine;
    l->bHavePrev = 1;
    pr_mtotal *aDist = district_totals(l, iCode);
    if (!aDist) return -1;
    add_line(l, &aDist[g], nFen, pRec->eType);
    add_line(l, &l->aProg[g], nFen, pRec->eType);
    add_line(l, &l->all, nFen, pRec->eType);
    return 0;
}

/* Reads the ledger through with the one ledger reader (formats/prevledger.h).
 * Returns 0 if it was read to the end (row problems are differences, not
 * failures), 1 if it could not be read to the end (a difference has been
 * reported), -1 if memory ran out. */
static int read_ledger(verify *v, ledger *l, const char *zPath)
{
    pr_err e;
    pr_err_init(&e);
    pr_ledger_reader *pRd = pr_ledger_reader_open(zPath, &e);
    if (!pRd) {
        if (e.rc == PR_ERR_NOMEM) return -1;
        differ(v, LEDGER_NAME ": cannot be read: %s", e.zMsg);
        return 1;
    }
    int rc = 0, bHeader = 1;
    while (rc == 0) {
        pr_lrec rec;
        int k = pr_ledger_reader_next(pRd, &rec, &e);
        if (k < 0 && e.rc == PR_ERR_NOMEM) { rc = -1; break; }
        if (k < 0) { differ(v, LEDGER_NAME ": cannot be read to the end: %s", e.zMsg); rc = 1; break; }
        if (k == 0) break;
        if (rec.bHeader) {
            /* the header must be the one of domain.md section 7 */
            bHeader = 0;
            if (rec.eBad == LBAD_TOO_LONG || rec.eBad == LBAD_UNCLOSED)
                differ(v, LEDGER_NAME ": line 1: the header is unreadable");
            else if (rec.eBad != LBAD_NONE)
                differ(v, LEDGER_NAME ": line 1: the header is not %.*s", (int)(sizeof(PR_LEDGER_HEADER) - 2),
                       PR_LEDGER_HEADER);
        } else if (rec.eBad != LBAD_NONE) {
            bad_row(v, l, &rec);
        } else if (ledger_row(v, l, &rec)) {
            rc = -1;
        }
    }
    if (rc == 0 && bHeader) { differ(v, LEDGER_NAME ": the file is empty (no header)"); rc = 1; }
    pr_ledger_reader_free(pRd);
    if (l->nBad > MAX_SHOWN) differ(v, LEDGER_NAME ": %ld more malformed lines not shown", l->nBad - MAX_SHOWN);
    if (l->nOrder > MAX_SHOWN) differ(v, LEDGER_NAME ": %ld more lines out of order not shown", l->nOrder - MAX_SHOWN);
    if (rc == 0 && l->bOverflow) { differ(v, LEDGER_NAME ": the amounts add up to more than a 64-bit total"); rc = 1; }
    return rc;
}

/* "N lines, F fen" or "N lines, P persons, F fen" */
static const char *fmt_total(const pr_mtotal *t, int bPersons, char *zBuf, size_t nBuf)
{
    if (bPersons) snprintf(zBuf, nBuf, "%lld lines, %lld persons, %lld fen", (long long)t->nLines, (long long)t->nPersons, (long long)t->nFen);
    else snprintf(zBuf, nBuf, "%lld lines, %lld fen", (long long)t->nLines, (long long)t->nFen);
    return zBuf;
}

/* Compares the ledger's total l with the manifest's m for one scope. For
 * programmes other than DIBAO the persons are compared too (one per line). */
static void compare(verify *v, const char *zScope, const pr_mtotal *l, const pr_mtotal *m, int bPersons)
{
    if (l->nLines == m->nLines && l->nFen == m->nFen && (!bPersons || l->nPersons == m->nPersons)) return;
    char zL[100], zM[100];
    differ(v, LEDGER_NAME ": total for %s is %s; manifest.json says %s", zScope,
           fmt_total(l, bPersons, zL, sizeof(zL)), fmt_total(m, bPersons, zM, sizeof(zM)));
}

static void compare_ledger(verify *v, const pr_manifest *m, const ledger *l)
{
    static const pr_mtotal zero = { 0, 0, 0 };
    char zScope[64];
    for (int d = 0; d < m->nDistrict; d++) {
        const pr_mtotal *aL = ledger_district(l, m->aDistrict[d].iCode);
        for (int g = 0; g < PROG_COUNT; g++) {
            snprintf(zScope, sizeof(zScope), "%06d %s", m->aDistrict[d].iCode, pr_prog_code((pr_prog)g));
            compare(v, zScope, aL ? &aL[g] : &zero, &m->aDistrict[d].aProg[g], g != PROG_DIBAO);
        }
    }
    /* districts of the ledger that the manifest does not have, by code */
    int *aiKnown = malloc(((size_t)m->nDistrict + 1) * sizeof(int));
    int *aiCode = malloc((l->nUsed + 1) * sizeof(int));
    size_t n = 0;
    if (aiKnown && aiCode) {
        for (int d = 0; d < m->nDistrict; d++) aiKnown[d] = m->aDistrict[d].iCode;
        qsort(aiKnown, (size_t)m->nDistrict, sizeof(int), cmp_int);
        for (size_t i = 0; i < l->nSlot; i++) {
            int iCode = l->aSlot[i].iCode;
            if (iCode != -1 && !bsearch(&iCode, aiKnown, (size_t)m->nDistrict, sizeof(int), cmp_int)) aiCode[n++] = iCode;
        }
        qsort(aiCode, n, sizeof(int), cmp_int);
    } else {
        differ(v, LEDGER_NAME ": out of memory: districts missing from the manifest were not looked for");
    }
    for (size_t i = 0; i < n; i++) {
        const pr_mtotal *aL = ledger_district(l, aiCode[i]);
        for (int g = 0; g < PROG_COUNT; g++) {
            char zL[100];
            if (aL[g].nLines == 0) continue;
            differ(v, LEDGER_NAME ": total for %06d %s is %s; manifest.json has no district %06d", aiCode[i],
                   pr_prog_code((pr_prog)g), fmt_total(&aL[g], 0, zL, sizeof(zL)), aiCode[i]);
        }
    }
    free(aiKnown);
    free(aiCode);
    for (int g = 0; g < PROG_COUNT; g++)
        compare(v, pr_prog_code((pr_prog)g), &l->aProg[g], &m->aProg[g], g != PROG_DIBAO);
    compare(v, "all programmes", &l->all, &m->all, 0);
}

/* ---- the cycle's registers --------------------------------------------------- */

/* Reads arrears.csv and recoveries.csv back as the next month will: a
 * register it could not carry is a difference. Returns 0, or -1 if memory
 * ran out. */
static int check_registers(verify *v, const char *zMonthDir)
{
    static const char *const azName[] = { "arrears.csv", "recoveries.csv" };
    for (int i = 0; i < 2; i++) {
        char zPath[8192];
        struct stat st;
        if (join(zMonthDir, azName[i], zPath, sizeof(zPath)) || lstat(zPath, &st) != 0) continue;  /* listed: hashed */
        pr_cycle *c = pr_cycle_new();
        if (!c) return -1;
        pr_err e;
        pr_err_init(&e);
        uint32_t nRows;
        pr_error rc = i == 0 ? pr_arrears_read(c, zPath, 0, NULL, &nRows, &e) : pr_recoveries_read(c, zPath, 0, NULL, &nRows, &e);
        pr_cycle_free(c);
        if (rc == PR_ERR_NOMEM) return -1;
        if (rc) differ(v, "%s: the next month could not carry it: %s", azName[i], e.zMsg);
    }
    return 0;
}

/* ---- the manifest's own sums ---------------------------------------------- */

/* s += t; 1 on overflow. */
static int add_total(pr_mtotal *s, const pr_mtotal *t)
{
    int bOver = 0;
    bOver += __builtin_add_overflow(s->nLines, t->nLines, &s->nLines);
    bOver += __builtin_add_overflow(s->nPersons, t->nPersons, &s->nPersons);
    bOver += __builtin_add_overflow(s->nFen, t->nFen, &s->nFen);
    return bOver != 0;
}

static int same_total(const pr_mtotal *a, const pr_mtotal *b)
{
    return a->nLines == b->nLines && a->nPersons == b->nPersons && a->nFen == b->nFen;
}

static void check_manifest_sums(verify *v, const pr_manifest *m)
{
    char zA[100], zB[100];
    pr_mtotal aProg[PROG_COUNT], all = { 0, 0, 0 };
    int bOverflow = 0;
    memset(aProg, 0, sizeof(aProg));
    for (int d = 0; d < m->nDistrict; d++) {
        const pr_mdistrict *pD = &m->aDistrict[d];
        pr_mtotal s = { 0, 0, 0 };
        for (int g = 0; g < PROG_COUNT; g++) {
            bOverflow |= add_total(&s, &pD->aProg[g]) | add_total(&aProg[g], &pD->aProg[g]);
        }
        if (!bOverflow && !same_total(&s, &pD->all))
            differ(v, "manifest.json: district %06d says %s, its programmes add up to %s", pD->iCode,
                   fmt_total(&pD->all, 1, zA, sizeof(zA)), fmt_total(&s, 1, zB, sizeof(zB)));
        if (pD->aProg[PROG_DIBAO].nPersons < pD->aProg[PROG_DIBAO].nLines)
            differ(v, "manifest.json: district %06d DIBAO has fewer persons (%lld) than households paid (%lld)", pD->iCode,
                   (long long)pD->aProg[PROG_DIBAO].nPersons, (long long)pD->aProg[PROG_DIBAO].nLines);
    }
    for (int g = 0; g < PROG_COUNT; g++) {
        if (!bOverflow && !same_total(&aProg[g], &m->aProg[g]))
            differ(v, "manifest.json: by_program %s says %s, the districts add up to %s", pr_prog_code((pr_prog)g),
                   fmt_total(&m->aProg[g], 1, zA, sizeof(zA)), fmt_total(&aProg[g], 1, zB, sizeof(zB)));
        bOverflow |= add_total(&all, &m->aProg[g]);
    }
    if (!bOverflow && !same_total(&all, &m->all))
        differ(v, "manifest.json: the overall total says %s, by_program adds up to %s",
               fmt_total(&m->all, 1, zA, sizeof(zA)), fmt_total(&all, 1, zB, sizeof(zB)));
    if (bOverflow) differ(v, "manifest.json: the totals add up to more than a 64-bit total");
}

/* ---- the whole check ----------------------------------------------------- */

int pr_verify_month(const char *zMonthDir, FILE *pOut, pr_err *pErr)
{
    verify v = { pOut, 0, zMonthDir };
    pr_manifest m;
    char zPath[4096];
    struct stat st;
    if (stat(zMonthDir, &st) != 0) {
        pr_err_set(pErr, PR_ERR_IO, "%s: cannot open the folder: %s", zMonthDir, strerror(errno));
        return PR_VERIFY_UNREADABLE;
    }
    if (!S_ISDIR(st.st_mode)) {
        pr_err_set(pErr, PR_ERR_IO, "%s: not a folder", zMonthDir);
        return PR_VERIFY_UNREADABLE;
    }
    if (join(zMonthDir, "manifest.json", zPath, sizeof(zPath))) {
        pr_err_set(pErr, PR_ERR_IO, "%s: the path is too long", zMonthDir);
        return PR_VERIFY_UNREADABLE;
    }
    pr_err e;
    pr_err_init(&e);
    if (pr_manifest_read(zPath, &m, &e)) { pr_err_set(pErr, e.rc, "%s", e.zMsg); return PR_VERIFY_UNREADABLE; }
    int rc = PR_VERIFY_OK;
    check_outputs(&v, &m);
    if (check_strays(&v, &m, pErr)) { rc = PR_VERIFY_UNREADABLE; goto done; }
    check_month(&v, &m);
    ledger l;
    memset(&l, 0, sizeof(l));
    l.iMonth = m.iMonth;
    if (join(zMonthDir, LEDGER_NAME, zPath, sizeof(zPath)) || lstat(zPath, &st) != 0) {
        int bListed = 0;
        for (int i = 0; i < m.nOut && !bListed; i++) bListed = strcmp(m.aOut[i].zName, LEDGER_NAME) == 0;
        /* listed: already reported missing; a month that must not be paid
         * has no ledger by design */
        if (!bListed && strcmp(m.zStatus, "ok") == 0)
            differ(&v, LEDGER_NAME ": missing file (and not listed in the manifest): the totals cannot be checked");
    } else if (!S_ISREG(st.st_mode)) {
        differ(&v, LEDGER_NAME ": not a regular file: the totals cannot be checked");
    } else {
        int k = read_ledger(&v, &l, zPath);
        if (k < 0) { pr_err_set(pErr, PR_ERR_NOMEM, "out of memory while reading %s", zPath); rc = PR_VERIFY_UNREADABLE; }
        else if (k == 0) compare_ledger(&v, &m, &l);
    }
    free(l.aSlot);
    free(l.zPrevBen);
    if (check_registers(&v, zMonthDir) < 0) { pr_err_set(pErr, PR_ERR_NOMEM, "out of memory while reading the registers"); rc = PR_VERIFY_UNREADABLE; }
    check_manifest_sums(&v, &m);
done:
    pr_manifest_clear(&m);
    if (rc == PR_VERIFY_OK && v.nDiff) rc = PR_VERIFY_DIFFERS;
    if (v.pOut) fflush(v.pOut);
    return rc;
}
