/*
 * csv.c - RFC 4180 tokenizer and record-boundary scan.
 */
#include "io/csv.h"
#include "io/common.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

enum { S_START, S_UNQUOTED, S_QUOTED, S_QUOTE_SEEN, S_JUNK };

void pr_csvrow_init(pr_csvrow *p) { memset(p, 0, sizeof(*p)); }

void pr_csvrow_clear(pr_csvrow *p)
{
    free(p->aField);
    memset(p, 0, sizeof(*p));
}

/* The offset of the first ',', LF or '"' in z[i,n), or n: eight bytes at a
 * time where the machine is little-endian (the lowest byte the zero-byte
 * test flags is always a real match; the bytes above it may not be, and
 * are not looked at). */
static size_t scan_plain(const char *z, size_t i, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t k1 = 0x0101010101010101ULL, k80 = 0x8080808080808080ULL;
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, z + i, 8);
        uint64_t a = w ^ (k1 * ','), b = w ^ (k1 * '\n'), c = w ^ (k1 * '"');
        uint64_t t = (((a - k1) & ~a) | ((b - k1) & ~b) | ((c - k1) & ~c)) & k80;
        if (t) return i + (size_t)(__builtin_ctzll(t) >> 3);
        i += 8;
    }
#endif
    while (i < n && z[i] != ',' && z[i] != '\n' && z[i] != '"') i++;
    return i;
}

/* Appends a field. Returns 0, or -1 if the row is full (or, with bNoMem
 * set, if its array could not grow). */
static int push_field(pr_csvrow *p, const char *z, size_t n)
{
    if (p->nField >= PR_CSV_MAX_FIELDS) return -1;
    if (p->nField == p->nCap) {
        int nNew = p->nCap ? p->nCap * 2 : 32;
        if (nNew > PR_CSV_MAX_FIELDS) nNew = PR_CSV_MAX_FIELDS;
        pr_field *a = realloc(p->aField, (size_t)nNew * sizeof(*a));
        if (!a) { p->bNoMem = 1; return -1; }
        p->aField = a;
        p->nCap = nNew;
    }
    assert(p->nField < p->nCap && n <= UINT32_MAX);
    p->aField[p->nField].z = z;
    p->aField[p->nField].n = (uint32_t)n;
    p->nField++;
    return 0;
}

pr_error pr_csv_next(char *z, size_t n, pr_csvrow *pRow, size_t *pnUsed, uint32_t *pnLf,
                     pr_err *pErr)
{
    pr_csv_rc rc = CSV_OK;
    int st = S_START;
    size_t i = 0, iStart = 0, iWrite = 0;
    uint32_t nLf = 0;
    int bEnd = 0;
    pRow->nField = 0;
    pRow->bNoMem = 0;
    while (i < n && !bEnd) {
        char c = z[i];
        switch (st) {
        case S_START:
            if (c == '"') { st = S_QUOTED; iStart = iWrite = i + 1; i++; break; }
            iStart = i;
            st = S_UNQUOTED;
            /* fall through */
        case S_UNQUOTED:
            /* the common case: run to the next comma, LF or quote */
            i = scan_plain(z, i, n);
            if (i >= n) { st = S_UNQUOTED; break; }
            c = z[i];
            if (c == ',' || c == '\n') {
                size_t e = i;
                if (c == '\n' && e > iStart && z[e - 1] == '\r') e--;
                if (push_field(pRow, z + iStart, e - iStart)) rc = CSV_TOO_MANY_FIELDS;
                if (c == '\n') { nLf++; bEnd = 1; }
                st = S_START;
            } else if (c == '"') {
                rc = rc ? rc : CSV_BAD_QUOTE;
            }
            i++;
            break;
        case S_QUOTED:
            if (c == '"') st = S_QUOTE_SEEN;
            else { if (c == '\n') nLf++; z[iWrite++] = c; }
            i++;
            break;
        case S_QUOTE_SEEN:
            if (c == '"') { z[iWrite++] = '"'; st = S_QUOTED; i++; break; }
            if (c == ',' || c == '\n') {
                if (push_field(pRow, z + iStart, iWrite - iStart)) rc = CSV_TOO_MANY_FIELDS;
                if (c == '\n') { nLf++; bEnd = 1; }
                st = S_START;
                i++;
                break;
            }
            if (c == '\r' && (i + 1 == n || z[i + 1] == '\n')) { i++; break; }
            /* text after the closing quote: the row is flagged; like the
             * boundary scans, read on as an unquoted field */
            rc = rc ? rc : CSV_BAD_QUOTE;
            st = S_JUNK;
            i++;
            break;
        case S_JUNK:
            if (c == ',' || c == '\n') {
                if (push_field(pRow, z + iStart, iWrite - iStart)) rc = CSV_TOO_MANY_FIELDS;
                if (c == '\n') { nLf++; bEnd = 1; }
                st = S_START;
            }
            i++;
            break;
        }
    }
    if (!bEnd) {
        /* the buffer ended without LF: close the last field */
        if (st == S_QUOTED) {
            rc = CSV_UNTERMINATED;
        } else if (st == S_QUOTE_SEEN || st == S_JUNK) {
            if (push_field(pRow, z + iStart, iWrite - iStart)) rc = CSV_TOO_MANY_FIELDS;
        } else if (st == S_UNQUOTED) {
            size_t e = i;
            if (e > iStart && z[e - 1] == '\r') e--;
            if (push_field(pRow, z + iStart, e - iStart)) rc = CSV_TOO_MANY_FIELDS;
        } else if (i > 0) {
            /* a trailing comma at the very end of the buffer */
            if (push_field(pRow, z + i, 0)) rc = CSV_TOO_MANY_FIELDS;
        }
    }
    assert(i <= n && iWrite <= i);
    *pnUsed = i;
    *pnLf = nLf;
    pRow->eRc = rc;
    if (pRow->bNoMem) return pr_err_nomem(pErr, "splitting a CSV record into fields");
    return PR_OK;
}

size_t pr_csv_last_boundary(const char *z, size_t n, int *pbOpen)
{
    *pbOpen = 0;
    if (!memchr(z, '"', n)) {
        const char *e = z + n;
        while (e > z && e[-1] != '\n') e--;
        return (size_t)(e - z);
    }
    int st = S_START;
    size_t iEnd = 0;
    for (size_t i = 0; i < n; i++) {
        char c = z[i];
        switch (st) {
        case S_START:
            if (c == '"') { st = S_QUOTED; break; }
            st = S_UNQUOTED;
            /* fall through */
        case S_UNQUOTED:
            if (c == ',') st = S_START;
            else if (c == '\n') { st = S_START; iEnd = i + 1; }
            break;
        case S_QUOTED:
            if (c == '"') st = S_QUOTE_SEEN;
            break;
        case S_QUOTE_SEEN:
            if (c == '"') st = S_QUOTED;
            else if (c == ',') st = S_START;
            else if (c == '\n') { st = S_START; iEnd = i + 1; }
            else if (c != '\r' || (i + 1 < n && z[i + 1] != '\n')) st = S_UNQUOTED;
            break;
        }
    }
    *pbOpen = (st == S_QUOTED);
    return iEnd;
}

size_t pr_csv_record_end(const char *z, size_t n, uint32_t *pnLf)
{
    /* the common case, a line without a quote, found with memchr: the
     * first LF ends it, as the walk below would find */
    const char *pLf = memchr(z, '\n', n);
    size_t nLine = pLf ? (size_t)(pLf - z) + 1 : n;
    if (!memchr(z, '"', nLine)) {
        *pnLf = pLf ? 1 : 0;
        return nLine;
    }
    int st = S_START;
    uint32_t nLf = 0;
    for (size_t i = 0; i < n; i++) {
        char c = z[i];
        if (c == '\n') nLf++;
        switch (st) {
        case S_START:
            if (c == '"') { st = S_QUOTED; break; }
            st = S_UNQUOTED;
            /* fall through */
        case S_UNQUOTED:
            if (c == ',') st = S_START;
            else if (c == '\n') { *pnLf = nLf; return i + 1; }
            break;
        case S_QUOTED:
            if (c == '"') st = S_QUOTE_SEEN;
            break;
        case S_QUOTE_SEEN:
            if (c == '"') st = S_QUOTED;
            else if (c == ',') st = S_START;
            else if (c == '\n') { *pnLf = nLf; return i + 1; }
            else if (c != '\r' || (i + 1 < n && z[i + 1] != '\n')) st = S_UNQUOTED;
            break;
        }
    }
    *pnLf = nLf;
    return n;
}

int pr_csv_header_columns(const pr_csvrow *pRow, const char *const *azName, int nName, int *aiCol)
{
    int iDup = -1;
    for (int k = 0; k < nName; k++) {
        size_t nWant = strlen(azName[k]);
        aiCol[k] = -1;
        for (int i = 0; i < pRow->nField; i++) {
            const char *z = pRow->aField[i].z;
            size_t n = pRow->aField[i].n;
            pr_trim(&z, &n);
            if (n != nWant || memcmp(z, azName[k], n) != 0) continue;
            if (aiCol[k] >= 0 && iDup < 0) iDup = k;
            aiCol[k] = i;
        }
    }
    return iDup;
}

int pr_field_eq(pr_field f, const char *zLit)
{
    size_t n = strlen(zLit);
    return f.n == n && memcmp(f.z, zLit, n) == 0;
}
