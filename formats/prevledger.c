/*
 * prevledger.c - the one reader of ledger.csv.gz (prevledger.h): the file
 * is cut into chunks of whole records of at most 1 MiB by the chunker, so
 * that memory stays bounded whatever the ledger's size; each record is
 * checked against the columns of ledgercols.h. And the loading of the
 * previous month's lines for the changes.
 */
#include "formats/prevledger.h"
#include "model/batch.h"
#include "model/calendar.h"
#include "io/chunker.h"
#include "io/encoding.h"
#include "io/instream.h"
#include "model/types.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pr_ledger_reader {
    pr_instream *pIn;       /* the file, owned */
    pr_chunker *pCut;       /* its chunks of whole records, owned */
    pr_chunk chunk;         /* the chunk being handed out (chunk.z owned), or z NULL */
    size_t iPos;            /* the next record's offset in chunk.z */
    uint32_t iLine;         /* the physical line of chunk.z[iPos] */
    pr_csvrow row;          /* the fields of the last record */
    int bClean;             /* chunk.z is valid UTF-8 without a NUL as a
                             * whole, so each of its records is */
    int bHeader;            /* the header is still to come */
    int bLegacy;            /* the 12 columns of a ledger written before the
                             * payment cycle: every line REGULAR */
    const char *zPath;      /* the file, borrowed from the caller */
};

pr_ledger_reader *pr_ledger_reader_open(const char *zPath, pr_err *pErr)
{
    pr_ledger_reader *p = calloc(1, sizeof(*p));
    if (!p) {
        pr_err_nomem(pErr, "reading a ledger");
        return NULL;
    }
    pr_csvrow_init(&p->row);
    p->bHeader = 1;
    pr_err err;
    pr_err_init(&err);
    p->pIn = pr_instream_open(zPath, &err);
    if (!p->pIn) {
        pr_err_set(pErr, err.rc == PR_ERR_NOMEM ? PR_ERR_NOMEM : PR_ERR_IO, "%s", err.zMsg);
        goto fail;
    }
    p->zPath = zPath;
    p->pCut = pr_chunker_new(p->pIn, NULL);
    if (!p->pCut) {
        pr_err_nomem(pErr, "reading a ledger");
        goto fail;
    }
    return p;
fail:
    pr_ledger_reader_free(p);
    return NULL;
}

void pr_ledger_reader_free(pr_ledger_reader *p)
{
    if (!p) return;
    free(p->chunk.z);
    pr_csvrow_clear(&p->row);
    pr_chunker_free(p->pCut);
    pr_instream_free(p->pIn);
    free(p);
}

/* The header of ledgers written before the payment cycle's four columns. */
#define LEGACY_HEADER "program,beneficiary_id,household_id,person_id,district,area,name,payee,bank,account,amount_fen,basis"
#define LEGACY_COLS 12

/* The header record z[0,n): 1 for PR_LEDGER_HEADER exactly (LF or none at
 * the end), 2 for LEGACY_HEADER, 0 for anything else. */
static int header_ok(const char *z, size_t n)
{
    size_t nWant = sizeof(PR_LEDGER_HEADER) - 2;   /* without its LF and NUL */
    if (n > 0 && z[n - 1] == '\n') n--;
    if (n == nWant && memcmp(z, PR_LEDGER_HEADER, n) == 0) return 1;
    return n == sizeof(LEGACY_HEADER) - 1 && memcmp(z, LEGACY_HEADER, n) == 0 ? 2 : 0;
}

/* n digits of z as a number, or -1 if one is not a digit. */
static int digits(const char *z, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (z[i] < '0' || z[i] > '9') return -1;
        v = v * 10 + (z[i] - '0');
    }
    return v;
}

int pr_pay_ref_parse(const char *z, size_t n, int32_t *piDistrict, int *piMonth, int *piSeq)
{
    if (n != PR_PAY_REF_LEN || z[6] != '-' || z[13] != '-') return -1;
    int y = digits(z, 4), m = digits(z + 4, 2), d = digits(z + 7, 6), q = digits(z + 14, 6);
    if (y < 1900 || m < 1 || m > 12 || d < 0 || q < 1) return -1;
    *piDistrict = d;
    *piMonth = y * 12 + m - 1;
    *piSeq = q;
    return 0;
}

/* Parses a pay_ref of district iCode. 0 or -1. */
static int pay_ref_parse(pr_field f, int32_t iCode, int *piMonth, int *piSeq)
{
    int32_t iDistrict;
    return pr_pay_ref_parse(f.z, f.n, &iDistrict, piMonth, piSeq) || iDistrict != iCode ? -1 : 0;
}

/* The fields of a data row into pRec; what is wrong with them, if anything. */
static pr_lbad decode_row(const pr_csvrow *r, pr_lrec *pRec, int bLegacy)
{
    if (r->nField != (bLegacy ? LEGACY_COLS : LCOL_COUNT)) return LBAD_NFIELD;
    pr_field fp = r->aField[LCOL_PROGRAM], fd = r->aField[LCOL_DISTRICT];
    pr_field fa = r->aField[LCOL_AMOUNT], fb = r->aField[LCOL_BENEFICIARY];
    pRec->eProg = -1;
    for (int g = 0; g < PROG_COUNT && pRec->eProg < 0; g++)
        if (pr_field_eq(fp, pr_prog_code((pr_prog)g))) pRec->eProg = g;
    if (pRec->eProg < 0) return LBAD_PROGRAM;
    int32_t iCode = 0;
    int bOk = fd.n == 6;
    for (uint32_t i = 0; bOk && i < 6; i++) {
        bOk = fd.z[i] >= '0' && fd.z[i] <= '9';
        iCode = iCode * 10 + (fd.z[i] - '0');
    }
    if (!bOk) return LBAD_DISTRICT;
    int64_t nFen = 0;
    bOk = fa.n > 0 && fa.n <= PR_LEDGER_AMOUNT_DIGITS && fa.z[0] != '0';
    for (uint32_t i = 0; bOk && i < fa.n; i++) {
        bOk = fa.z[i] >= '0' && fa.z[i] <= '9';
        nFen = nFen * 10 + (fa.z[i] - '0');
    }
    if (!bOk) return LBAD_AMOUNT;
    if (fb.n == 0) return LBAD_BENEFICIARY;
    if (bLegacy) {
        pRec->bLegacy = 1;
        pRec->eType = LT_REGULAR;
        pRec->iPeriod = pRec->iPayMonth = -1;   /* the folder's month; no bank row */
        pRec->iDistrict = iCode;
        pRec->nFen = nFen;
        return LBAD_NONE;
    }
    char zType[16];
    pr_field ft = r->aField[LCOL_LINE_TYPE], fm = r->aField[LCOL_PERIOD], fr = r->aField[LCOL_PAY_REF];
    pr_ltype eType;
    if (ft.n >= sizeof(zType)) return LBAD_LINE_TYPE;
    memcpy(zType, ft.z, ft.n);
    zType[ft.n] = 0;
    if (pr_ltype_parse(zType, &eType)) return LBAD_LINE_TYPE;
    if (pr_month_parse(fm.z, fm.n, &pRec->iPeriod) || fm.n != 7) return LBAD_PERIOD;
    if (pay_ref_parse(fr, iCode, &pRec->iPayMonth, &pRec->iPaySeq)) return LBAD_PAY_REF;
    pRec->eType = (int)eType;
    pRec->iDistrict = iCode;
    pRec->nFen = nFen;
    return LBAD_NONE;
}

int pr_ledger_reader_next(pr_ledger_reader *p, pr_lrec *pRec, pr_err *pErr)
{
    memset(pRec, 0, sizeof(*pRec));
    while (!p->chunk.z || p->iPos >= p->chunk.n) {
        free(p->chunk.z);
        memset(&p->chunk, 0, sizeof(p->chunk));
        p->iPos = 0;
        pr_err err;
        pr_err_init(&err);
        pr_error k = pr_chunker_next(p->pCut, &p->chunk, &err);
        if (k) {
            /* the stream names the file first; the callers name it their way */
            size_t n = strlen(p->zPath);
            const char *zMsg = strncmp(err.zMsg, p->zPath, n) == 0 && err.zMsg[n] == ':' && err.zMsg[n + 1] == ' '
                ? err.zMsg + n + 2 : err.zMsg;
            pr_err_set(pErr, k == PR_ERR_NOMEM ? PR_ERR_NOMEM : PR_ERR_IO, "%s", zMsg);
            return -1;
        }
        if (!p->chunk.z) return 0;
        p->iLine = p->chunk.iLine;
        /* checked once for the chunk: a record ends at a line feed, which
         * no UTF-8 sequence holds; a chunk that fails is checked record by
         * record, so that the bad one is the one named */
        p->bClean = p->chunk.eKind == CHUNK_DATA && pr_utf8_valid(p->chunk.z, p->chunk.n, 0)
                    && !memchr(p->chunk.z, 0, p->chunk.n);
        if (p->chunk.eKind != CHUNK_DATA) {
            /* a broken record comes alone in its chunk */
            pRec->iLine = p->chunk.iLine;
            pRec->bHeader = (uint8_t)p->bHeader;
            pRec->eBad = p->chunk.eKind == CHUNK_TOO_LONG ? LBAD_TOO_LONG : LBAD_UNCLOSED;
            p->bHeader = 0;
            p->iPos = p->chunk.n;
            return 1;
        }
    }
    uint32_t nLf, nLf2;
    size_t nUsed;
    char *z = p->chunk.z + p->iPos;
    size_t nRec = pr_csv_record_end(z, p->chunk.n - p->iPos, &nLf);
    assert(nRec > 0);
    pRec->iLine = p->iLine;
    pRec->bHeader = (uint8_t)p->bHeader;
    p->iPos += nRec;
    p->iLine += nLf;
    if (p->bHeader) {
        p->bHeader = 0;
        int k = header_ok(z, nRec);
        p->bLegacy = k == 2;
        pRec->bLegacy = (uint8_t)p->bLegacy;
        pRec->eBad = k ? LBAD_NONE : LBAD_HEADER;
        return 1;
    }
    if (!p->bClean && (!pr_utf8_valid(z, nRec, 0) || memchr(z, 0, nRec))) {
        pRec->eBad = LBAD_UTF8;
        return 1;
    }
    if (pr_csv_next(z, nRec, &p->row, &nUsed, &nLf2, NULL)) {
        pr_err_nomem(pErr, "reading a ledger");
        return -1;
    }
    pr_csv_rc rc = p->row.eRc;
    if (rc != CSV_OK) {
        pRec->eBad = rc == CSV_BAD_QUOTE ? LBAD_STRAY_QUOTE : rc == CSV_UNTERMINATED ? LBAD_UNCLOSED : LBAD_TOO_MANY;
        return 1;
    }
    pRec->pRow = &p->row;
    pRec->eBad = decode_row(&p->row, pRec, p->bLegacy);
    return 1;
}

/* ---- the previous month's lines ------------------------------------------- */

static int cmp_prev_key(const void *a, const void *b)
{
    const pr_prev_line *x = a, *y = b;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    int c = strcmp(x->zBen, y->zBen);
    if (c) return c;
    return (x->iLine > y->iLine) - (x->iLine < y->iLine);
}

pr_error pr_ledger_record_error(const char *zPath, const pr_lrec *pRec, pr_err *pErr)
{
    const pr_field *f = pRec->pRow ? pRec->pRow->aField : NULL;
    uint32_t i = pRec->iLine;
    switch ((pr_lbad)pRec->eBad) {
    case LBAD_NONE: break;
    case LBAD_TOO_LONG:
        return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: a row longer than 1 MiB; not a ledger written by payrun", zPath, i);
    case LBAD_UNCLOSED: return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: malformed CSV (unterminated quote)", zPath, i);
    case LBAD_HEADER:
        return pr_err_set(pErr, PR_ERR_HEADER, "%s:%u: the header is not a payrun ledger's (expected %.*s)", zPath, i,
                          (int)(sizeof(PR_LEDGER_HEADER) - 2), PR_LEDGER_HEADER);
    case LBAD_UTF8:
        return pr_err_set(pErr, PR_ERR_ENCODING, "%s:%u: not valid UTF-8; not a ledger written by payrun", zPath, i);
    case LBAD_STRAY_QUOTE: return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: malformed CSV (stray quote)", zPath, i);
    case LBAD_TOO_MANY: return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: malformed CSV (too many fields)", zPath, i);
    case LBAD_NFIELD:
        return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: %d fields, a ledger row has %d", zPath, i, pRec->pRow->nField,
                          LCOL_COUNT);
    case LBAD_PROGRAM: {
        pr_field g = f[LCOL_PROGRAM];
        return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: unknown program '%.*s'", zPath, i, (int)(g.n > 40 ? 40 : g.n), g.z);
    }
    case LBAD_DISTRICT: return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: district is not a 6-digit code", zPath, i);
    case LBAD_AMOUNT:
        return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: amount_fen is not a positive whole number", zPath, i);
    case LBAD_BENEFICIARY: return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: blank beneficiary_id", zPath, i);
    case LBAD_LINE_TYPE: return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: unknown line_type", zPath, i);
    case LBAD_PERIOD: return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: period is not YYYY-MM", zPath, i);
    case LBAD_PAY_REF:
        return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: pay_ref is not YYYYMM-<district>-<6 digits> of the line's district",
                          zPath, i);
    }
    return PR_OK;
}

/* Sets pErr for the error rc that xLine returned with e, naming the ledger zPath. */
static void line_error(const char *zPath, pr_error rc, const pr_err *e, pr_err *pErr)
{
    if (rc == PR_ERR_NOMEM) pr_err_set(pErr, rc, "%s: out of memory", zPath);
    else pr_err_set(pErr, rc, "%s:%s", zPath, e->zMsg);
}

pr_error pr_prevledger_each_held(const pr_prev_held *h, const char *zPath,
                                 pr_error (*xLine)(void *, const pr_prev_line *o, size_t nBen, size_t nName, pr_err *),
                                 void *pArg, pr_err *pErr)
{
    pr_err e;
    pr_err_init(&e);
    pr_error rc = pr_prev_held_each(h, xLine, pArg, &e);
    if (rc) line_error(zPath, rc, &e, pErr);
    return rc;
}

pr_error pr_prevledger_each(const char *zPath, pr_error (*xLine)(void *, const pr_prev_line *o, size_t nBen, size_t nName, pr_err *),
                            void *pArg, pr_err *pErr)
{
    pr_err e;
    pr_err_init(&e);
    pr_error rc = PR_OK;
    int bHeader = 0;
    pr_ledger_reader *pRd = pr_ledger_reader_open(zPath, pErr);
    if (!pRd) return pErr ? pErr->rc : PR_ERR_IO;
    for (;;) {
        pr_lrec rec;
        int k = pr_ledger_reader_next(pRd, &rec, &e);
        if (k < 0) {
            rc = e.rc == PR_ERR_NOMEM ? pr_err_set(pErr, e.rc, "%s: out of memory", zPath)
                                      : pr_err_set(pErr, e.rc, "%s: %s", zPath, e.zMsg);
            goto cleanup;
        }
        if (k == 0) break;
        bHeader |= rec.bHeader;
        /* a blank line is passed over */
        if (rec.eBad == LBAD_NFIELD && rec.pRow->nField == 1 && rec.pRow->aField[0].n == 0) continue;
        if (rec.eBad != LBAD_NONE) { rc = pr_ledger_record_error(zPath, &rec, pErr); goto cleanup; }
        if (rec.bHeader || rec.eType != LT_REGULAR) continue;
        const pr_field *f = rec.pRow->aField;
        pr_prev_line o = { .zBen = f[LCOL_BENEFICIARY].z, .zName = f[LCOL_NAME].z, .nAmount = rec.nFen,
                           .iDistrict = rec.iDistrict, .iLine = rec.iLine, .eProg = (uint8_t)rec.eProg };
        if ((rc = xLine(pArg, &o, f[LCOL_BENEFICIARY].n, f[LCOL_NAME].n, &e)) != PR_OK) {
            line_error(zPath, rc, &e, pErr);
            goto cleanup;
        }
    }
    if (!bHeader) rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: empty (no header); not a ledger written by payrun", zPath);
cleanup:
    pr_ledger_reader_free(pRd);
    return rc;
}

/* xLine of pr_prevledger_load: keeps the line in L. */
static pr_error keep_line(void *pArg, const pr_prev_line *o, size_t nBen, size_t nName, pr_err *pErr)
{
    pr_prev_ledger *L = pArg;
    if (L->n == L->nCap) {
        int nNew = L->nCap ? L->nCap * 2 : 4096;
        pr_prev_line *a = realloc(L->a, (size_t)nNew * sizeof(*a));
        if (!a) return pr_err_nomem(pErr, "reading the ledger");
        L->a = a;
        L->nCap = nNew;
    }
    pr_prev_line *e = &L->a[L->n];
    *e = *o;
    e->zBen = pr_arena_strndup(&L->arena, o->zBen, nBen);
    e->zName = pr_arena_strndup(&L->arena, o->zName, nName);
    if (!e->zBen || !e->zName) return pr_err_nomem(pErr, "reading the ledger");
    L->n++;
    return PR_OK;
}

pr_error pr_prevledger_load(const char *zPath, pr_prev_ledger *L, pr_err *pErr)
{
    pr_error rc = pr_prevledger_each(zPath, keep_line, L, pErr);
    if (rc) return rc;
    qsort(L->a, (size_t)L->n, sizeof(*L->a), cmp_prev_key);
    for (int i = 1; i < L->n; i++) {
        if (L->a[i].eProg == L->a[i - 1].eProg && strcmp(L->a[i].zBen, L->a[i - 1].zBen) == 0)
            return pr_err_set(pErr, PR_ERR_CSV,
                              "%s:%u: a second line for %s %s (also line %u); not a ledger written by payrun", zPath,
                              L->a[i].iLine, pr_prog_code((pr_prog)L->a[i].eProg), L->a[i].zBen, L->a[i - 1].iLine);
    }
    return PR_OK;
}
