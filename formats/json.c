/*
 * json.c - strict recursive-descent JSON reader with caps on size, depth and
 * node count. Values live in one arena freed with the document. The
 * children of a container are gathered on a shared stack while it is being
 * read (a nested container is complete before its parent goes on) and then
 * copied into the arena as one contiguous array.
 */
#include "formats/json.h"
#include "io/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH_HARD_CAP 512   /* whatever the caller asks, recursion stays shallow */

struct pr_json_doc {
    pr_arena arena;         /* every value and string */
    pr_json *pRoot;         /* the top-level value */
};

typedef struct jparse {
    const unsigned char *z; /* input */
    size_t n;               /* its length */
    size_t i;               /* read position */
    uint32_t iLine;         /* line of z[i] */
    size_t iLineStart;      /* offset of the first byte of that line */
    int nMaxDepth;
    size_t nMaxNodes, nNodes;
    pr_arena *pArena;
    pr_json *aStack;        /* children of the containers being read */
    size_t nStack, nStackCap;
    char *zErr;
    size_t nErr;
    int bErr;               /* an error has been recorded */
} jparse;

static void fail(jparse *p, size_t iAt, const char *zFmt, ...) __attribute__((format(printf, 3, 4)));

/* Records the first error, with the line and column of byte iAt. */
static void fail(jparse *p, size_t iAt, const char *zFmt, ...)
{
    if (p->bErr) return;
    p->bErr = 1;
    if (!p->zErr || p->nErr == 0) return;
    if (iAt > p->n) iAt = p->n;
    uint32_t iLine = 1;
    size_t iStart = 0;
    for (size_t k = 0; k < iAt; k++)
        if (p->z[k] == '\n') { iLine++; iStart = k + 1; }
    char zMsg[256];
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(zMsg, sizeof(zMsg), zFmt, ap);
    va_end(ap);
    snprintf(p->zErr, p->nErr, "line %u, column %zu (byte %zu): %s", iLine, iAt - iStart + 1, iAt, zMsg);
}

/* Describes byte c for a message: 'x' when printable, else 0xNN. */
static const char *show_byte(unsigned char c, char *zBuf)
{
    if (c >= 0x21 && c < 0x7f && c != '\'') snprintf(zBuf, 8, "'%c'", c);
    else snprintf(zBuf, 8, "0x%02X", c);
    return zBuf;
}

static void skip_ws(jparse *p)
{
    while (p->i < p->n) {
        unsigned char c = p->z[p->i];
        if (c == '\n') { p->iLine++; p->iLineStart = p->i + 1; }
        else if (c != ' ' && c != '\t' && c != '\r') return;
        p->i++;
    }
}

static int push(jparse *p, const pr_json *v)
{
    if (p->nStack == p->nStackCap) {
        size_t nNew = p->nStackCap ? p->nStackCap * 2 : 64;
        pr_json *a = realloc(p->aStack, nNew * sizeof(*a));
        if (!a) { fail(p, p->i, "out of memory"); return -1; }
        p->aStack = a;
        p->nStackCap = nNew;
    }
    p->aStack[p->nStack++] = *v;
    return 0;
}

/* Moves the children pushed since iBase into the arena as v's kids. */
static int pop_kids(jparse *p, size_t iBase, pr_json *v)
{
    size_t k = p->nStack - iBase;
    v->nKid = (int)k;
    v->aKid = NULL;
    if (k == 0) return 0;
    v->aKid = pr_arena_alloc(p->pArena, k * sizeof(pr_json));
    if (!v->aKid) { fail(p, p->i, "out of memory"); return -1; }
    memcpy(v->aKid, p->aStack + iBase, k * sizeof(pr_json));
    p->nStack = iBase;
    return 0;
}

/* Reads 4 hex digits at z[k]; returns the value or -1. */
static long hex4(const unsigned char *z)
{
    long v = 0;
    for (int j = 0; j < 4; j++) {
        unsigned char c = z[j];
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return -1;
        v = v * 16 + d;
    }
    return v;
}

static size_t put_utf8(unsigned char *o, unsigned long cp)
{
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the valid UTF-8 sequence at z[0,n), or 0 if it is invalid
 * (overlong forms, surrogates and code points past U+10FFFF included). */
static size_t utf8_seq(const unsigned char *z, size_t n)
{
    unsigned char c = z[0];
    size_t k;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) k = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        k = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else return 0;
    if (n < k) return 0;
    if (z[1] < lo || z[1] > hi) return 0;
    for (size_t j = 2; j < k; j++)
        if (z[j] < 0x80 || z[j] > 0xBF) return 0;
    return k;
}

/* Reads the string whose opening quote is at p->i. */
static int parse_string(jparse *p, const char **pz, size_t *pn)
{
    size_t iOpen = p->i, j = p->i + 1;
    while (j < p->n && p->z[j] != '"') j += p->z[j] == '\\' ? 2 : 1;
    if (j >= p->n) { fail(p, iOpen, "unterminated string"); return -1; }
    size_t iEnd = j;   /* the closing quote */
    unsigned char *o = pr_arena_alloc(p->pArena, iEnd - iOpen);
    if (!o) { fail(p, iOpen, "out of memory"); return -1; }
    size_t nOut = 0, k = iOpen + 1;
    char zB[8];
    while (k < iEnd) {
        unsigned char c = p->z[k];
        if (c < 0x20) { fail(p, k, "control character 0x%02X in a string (write it as an escape)", c); return -1; }
        if (c < 0x80 && c != '\\') { o[nOut++] = c; k++; continue; }
        if (c >= 0x80) {
            size_t m = utf8_seq(p->z + k, iEnd - k);
            if (!m) { fail(p, k, "invalid UTF-8 byte 0x%02X in a string", c); return -1; }
            memcpy(o + nOut, p->z + k, m);
            nOut += m;
            k += m;
            continue;
        }
        unsigned char e = p->z[k + 1];   /* k + 1 < iEnd: the scan skipped it */
        switch (e) {
        case '"': o[nOut++] = '"'; k += 2; continue;
        case '\\': o[nOut++] = '\\'; k += 2; continue;
        case '/': o[nOut++] = '/'; k += 2; continue;
        case 'b': o[nOut++] = '\b'; k += 2; continue;
        case 'f': o[nOut++] = '\f'; k += 2; continue;
        case 'n': o[nOut++] = '\n'; k += 2; continue;
        case 'r': o[nOut++] = '\r'; k += 2; continue;
        case 't': o[nOut++] = '\t'; k += 2; continue;
        case 'u': break;
        default: fail(p, k, "invalid escape \\%s in a string", show_byte(e, zB)); return -1;
        }
        long cp = k + 6 <= iEnd ? hex4(p->z + k + 2) : -1;
        if (cp < 0) { fail(p, k, "\\u must be followed by 4 hex digits"); return -1; }
        if (cp == 0) { fail(p, k, "\\u0000 is not allowed"); return -1; }
        if (cp >= 0xDC00 && cp <= 0xDFFF) { fail(p, k, "lone low surrogate \\u%04lX", cp); return -1; }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            long lo = k + 12 <= iEnd && p->z[k + 6] == '\\' && p->z[k + 7] == 'u' ? hex4(p->z + k + 8) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF) { fail(p, k, "high surrogate \\u%04lX not followed by a low surrogate", cp); return -1; }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            k += 6;
        }
        nOut += put_utf8(o + nOut, (unsigned long)cp);
        k += 6;
    }
    o[nOut] = 0;
    *pz = (const char *)o;
    *pn = nOut;
    p->i = iEnd + 1;
    return 0;
}

static int parse_number(jparse *p, pr_json *v)
{
    size_t k = p->i;
    int bNeg = 0;
    char zB[8];
    if (p->z[k] == '-') { bNeg = 1; k++; }
    if (k >= p->n || p->z[k] < '0' || p->z[k] > '9') { fail(p, k, "expected a digit after '-'"); return -1; }
    uint64_t u = 0;
    const uint64_t uMax = bNeg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    if (p->z[k] == '0') {
        k++;
        if (k < p->n && p->z[k] >= '0' && p->z[k] <= '9') { fail(p, p->i, "leading zeros are not allowed"); return -1; }
    } else {
        while (k < p->n && p->z[k] >= '0' && p->z[k] <= '9') {
            unsigned d = (unsigned)(p->z[k] - '0');
            if (u > (uMax - d) / 10) { fail(p, p->i, "integer out of range (64-bit)"); return -1; }
            u = u * 10 + d;
            k++;
        }
    }
    if (k < p->n && (p->z[k] == '.' || p->z[k] == 'e' || p->z[k] == 'E')) {
        fail(p, k, "only integers are allowed: %s starts a fraction or exponent", show_byte(p->z[k], zB));
        return -1;
    }
    v->eType = JSON_INT;
    v->i = bNeg ? (u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u) : (int64_t)u;
    p->i = k;
    return 0;
}

static int parse_value(jparse *p, pr_json *v, int nDepth);

static int parse_array(jparse *p, pr_json *v, int nDepth)
{
    size_t iBase = p->nStack;
    char zB[8];
    v->eType = JSON_ARRAY;
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->z[p->i] == ']') { p->i++; return pop_kids(p, iBase, v); }
    for (;;) {
        pr_json kid;
        if (parse_value(p, &kid, nDepth + 1) || push(p, &kid)) return -1;
        skip_ws(p);
        if (p->i >= p->n) { fail(p, p->i, "unexpected end of input inside an array (expected ',' or ']')"); return -1; }
        unsigned char c = p->z[p->i];
        if (c == ']') { p->i++; return pop_kids(p, iBase, v); }
        if (c != ',') { fail(p, p->i, "expected ',' or ']' in an array, found %s", show_byte(c, zB)); return -1; }
        p->i++;
    }
}

static int cmp_key(const void *a, const void *b, const pr_json *aKid)
{
    const pr_json *x = &aKid[*(const int *)a], *y = &aKid[*(const int *)b];
    size_t n = x->nKey < y->nKey ? x->nKey : y->nKey;
    int c = memcmp(x->zKey, y->zKey, n);
    if (c) return c;
    if (x->nKey != y->nKey) return x->nKey < y->nKey ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

/* Sorts member indices by key, then position (qsort has no context argument
 * in C11, and a static would make the parser thread-unsafe). */
static void merge_sort(int *a, int *t, int n, const pr_json *aKid)
{
    if (n < 2) return;
    int h = n / 2;
    merge_sort(a, t, h, aKid);
    merge_sort(a + h, t, n - h, aKid);
    int i = 0, j = h, k = 0;
    while (i < h && j < n) t[k++] = cmp_key(&a[i], &a[j], aKid) <= 0 ? a[i++] : a[j++];
    while (i < h) t[k++] = a[i++];
    while (j < n) t[k++] = a[j++];
    memcpy(a, t, (size_t)n * sizeof(int));
}

/* Fails on the first repeated key (the later of the two). */
static int check_duplicates(jparse *p, const pr_json *v)
{
    int n = v->nKid;
    if (n < 2) return 0;
    int *a = malloc((size_t)n * 2 * sizeof(int));
    if (!a) { fail(p, p->i, "out of memory"); return -1; }
    for (int k = 0; k < n; k++) a[k] = k;
    merge_sort(a, a + n, n, v->aKid);
    int iDup = -1;
    for (int k = 1; k < n; k++) {
        const pr_json *x = &v->aKid[a[k - 1]], *y = &v->aKid[a[k]];
        if (x->nKey == y->nKey && memcmp(x->zKey, y->zKey, x->nKey) == 0 && (iDup < 0 || a[k] < iDup)) iDup = a[k];
    }
    free(a);
    if (iDup < 0) return 0;
    /* values do not keep their byte offset: name the line and column only */
    const pr_json *d = &v->aKid[iDup];
    char zKey[64];
    size_t nKey = d->nKey < sizeof(zKey) - 1 ? d->nKey : sizeof(zKey) - 1;
    for (size_t k = 0; k < nKey; k++) {
        unsigned char c = (unsigned char)d->zKey[k];
        zKey[k] = (char)(c < 0x20 || c == 0x7f ? '?' : c);   /* no control characters in messages */
    }
    zKey[nKey] = 0;
    if (!p->bErr && p->zErr && p->nErr)
        snprintf(p->zErr, p->nErr, "line %u, column %u: duplicate key \"%s\" in an object", d->iLine, d->iCol, zKey);
    p->bErr = 1;
    return -1;
}

static int parse_object(jparse *p, pr_json *v, int nDepth)
{
    size_t iBase = p->nStack;
    char zB[8];
    v->eType = JSON_OBJECT;
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->z[p->i] == '}') { p->i++; return pop_kids(p, iBase, v); }
    for (;;) {
        skip_ws(p);
        if (p->i >= p->n) { fail(p, p->i, "unexpected end of input inside an object (expected a member name)"); return -1; }
        if (p->z[p->i] != '"') { fail(p, p->i, "expected a member name in double quotes, found %s", show_byte(p->z[p->i], zB)); return -1; }
        const char *zKey;
        size_t nKey;
        if (parse_string(p, &zKey, &nKey)) return -1;
        skip_ws(p);
        if (p->i >= p->n || p->z[p->i] != ':') {
            if (p->i >= p->n) fail(p, p->i, "unexpected end of input (expected ':' after a member name)");
            else fail(p, p->i, "expected ':' after a member name, found %s", show_byte(p->z[p->i], zB));
            return -1;
        }
        p->i++;
        pr_json kid;
        if (parse_value(p, &kid, nDepth + 1)) return -1;
        kid.zKey = zKey;
        kid.nKey = nKey;
        if (push(p, &kid)) return -1;
        skip_ws(p);
        if (p->i >= p->n) { fail(p, p->i, "unexpected end of input inside an object (expected ',' or '}')"); return -1; }
        unsigned char c = p->z[p->i];
        if (c == '}') {
            p->i++;
            if (pop_kids(p, iBase, v)) return -1;
            return check_duplicates(p, v);
        }
        if (c != ',') { fail(p, p->i, "expected ',' or '}' in an object, found %s", show_byte(c, zB)); return -1; }
        p->i++;
    }
}

static int literal(jparse *p, const char *zLit, pr_json_type eType, pr_json *v)
{
    size_t n = strlen(zLit);
    if (p->n - p->i < n || memcmp(p->z + p->i, zLit, n) != 0) {
        fail(p, p->i, "invalid literal (expected true, false or null)");
        return -1;
    }
    p->i += n;
    v->eType = eType;
    return 0;
}

static int parse_value(jparse *p, pr_json *v, int nDepth)
{
    char zB[8];
    memset(v, 0, sizeof(*v));
    skip_ws(p);
    if (p->i >= p->n) { fail(p, p->i, "unexpected end of input (expected a value)"); return -1; }
    if (++p->nNodes > p->nMaxNodes) { fail(p, p->i, "more than %zu values", p->nMaxNodes); return -1; }
    v->iLine = p->iLine;
    v->iCol = (uint32_t)(p->i - p->iLineStart + 1);
    unsigned char c = p->z[p->i];
    switch (c) {
    case '{':
    case '[':
        if (nDepth >= p->nMaxDepth) { fail(p, p->i, "nesting deeper than %d levels", p->nMaxDepth); return -1; }
        return c == '{' ? parse_object(p, v, nDepth) : parse_array(p, v, nDepth);
    case '"':
        v->eType = JSON_STRING;
        return parse_string(p, &v->z, &v->n);
    case 't': return literal(p, "true", JSON_TRUE, v);
    case 'f': return literal(p, "false", JSON_FALSE, v);
    case 'n': return literal(p, "null", JSON_NULL, v);
    default:
        if (c == '-' || (c >= '0' && c <= '9')) return parse_number(p, v);
        fail(p, p->i, "unexpected %s (expected a value)", show_byte(c, zB));
        return -1;
    }
}

pr_json_doc *pr_json_parse(const char *z, size_t n, const pr_json_limits *pLim,
                           char *zErr, size_t nErr)
{
    jparse p;
    memset(&p, 0, sizeof(p));
    p.z = (const unsigned char *)(z ? z : "");
    p.n = z ? n : 0;
    p.iLine = 1;
    p.zErr = zErr;
    p.nErr = nErr;
    size_t nMaxBytes = pLim && pLim->nMaxBytes ? pLim->nMaxBytes : PR_JSON_MAX_BYTES;
    p.nMaxDepth = pLim && pLim->nMaxDepth > 0 ? pLim->nMaxDepth : PR_JSON_MAX_DEPTH;
    if (p.nMaxDepth > DEPTH_HARD_CAP) p.nMaxDepth = DEPTH_HARD_CAP;
    p.nMaxNodes = pLim && pLim->nMaxNodes ? pLim->nMaxNodes : PR_JSON_MAX_NODES;
    if (zErr && nErr) zErr[0] = 0;
    if (p.n > nMaxBytes) {
        if (zErr && nErr) snprintf(zErr, nErr, "the document is %zu bytes, more than the %zu allowed", p.n, nMaxBytes);
        return NULL;
    }
    if (p.n >= 3 && memcmp(p.z, "\xEF\xBB\xBF", 3) == 0) {
        fail(&p, 0, "a byte order mark is not allowed");
        return NULL;
    }
    skip_ws(&p);
    if (p.i >= p.n) { fail(&p, p.i, "empty document (no value)"); return NULL; }
    pr_json_doc *pDoc = calloc(1, sizeof(*pDoc));
    if (!pDoc) { fail(&p, 0, "out of memory"); return NULL; }
    pr_arena_init(&pDoc->arena);
    p.pArena = &pDoc->arena;
    pr_json root;
    int rc = parse_value(&p, &root, 0);
    if (!rc) {
        skip_ws(&p);
        if (p.i < p.n) { fail(&p, p.i, "unexpected text after the JSON value"); rc = -1; }
    }
    if (!rc) {
        pDoc->pRoot = pr_arena_alloc(&pDoc->arena, sizeof(pr_json));
        if (!pDoc->pRoot) { fail(&p, 0, "out of memory"); rc = -1; }
        else *pDoc->pRoot = root;
    }
    free(p.aStack);
    if (rc) { pr_json_free(pDoc); return NULL; }
    return pDoc;
}

const pr_json *pr_json_root(const pr_json_doc *pDoc)
{
    return pDoc ? pDoc->pRoot : NULL;
}

void pr_json_free(pr_json_doc *pDoc)
{
    if (!pDoc) return;
    pr_arena_clear(&pDoc->arena);
    free(pDoc);
}

const pr_json *pr_json_get(const pr_json *p, const char *zKey)
{
    if (!p || p->eType != JSON_OBJECT) return NULL;
    size_t n = strlen(zKey);
    for (int k = 0; k < p->nKid; k++)
        if (p->aKid[k].nKey == n && memcmp(p->aKid[k].zKey, zKey, n) == 0) return &p->aKid[k];
    return NULL;
}

const char *pr_json_type_name(pr_json_type eType)
{
    switch (eType) {
    case JSON_NULL: return "null";
    case JSON_FALSE: return "false";
    case JSON_TRUE: return "true";
    case JSON_INT: return "integer";
    case JSON_STRING: return "string";
    case JSON_ARRAY: return "array";
    case JSON_OBJECT: return "object";
    }
    return "?";
}
