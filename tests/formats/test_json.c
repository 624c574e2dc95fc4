/*
 * test_json.c - the strict JSON reader (formats/json.c): values, escapes and
 * \u to UTF-8, positions, every kind of malformed input with its message,
 * and the caps on size, depth and node count.
 */
#include "formats/json.h"
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pr_json_doc *parse(const char *z, char *zErr, size_t nErr)
{
    return pr_json_parse(z, strlen(z), NULL, zErr, nErr);
}

static void test_scalars(void)
{
    char zErr[200];
    static const struct { const char *z; pr_json_type e; long long i; } a[] = {
        { "null", JSON_NULL, 0 }, { "true", JSON_TRUE, 0 }, { "false", JSON_FALSE, 0 },
        { "0", JSON_INT, 0 }, { "-0", JSON_INT, 0 }, { " 42 ", JSON_INT, 42 }, { "-17", JSON_INT, -17 },
        { "9223372036854775807", JSON_INT, INT64_MAX }, { "-9223372036854775808", JSON_INT, INT64_MIN },
        { "\t\r\n 7\n", JSON_INT, 7 },
    };
    for (size_t k = 0; k < sizeof(a) / sizeof(a[0]); k++) {
        pr_json_doc *d = parse(a[k].z, zErr, sizeof(zErr));
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        CU_ASSERT_EQUAL(pr_json_root(d)->eType, a[k].e);
        CU_ASSERT_EQUAL(pr_json_root(d)->i, a[k].i);
        pr_json_free(d);
    }
    /* the length given counts, not a NUL */
    pr_json_doc *d = pr_json_parse("[1]xyz", 3, NULL, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL(d);
    pr_json_free(d);
    pr_json_free(NULL);
}

static void test_strings(void)
{
    char zErr[200];
    static const struct { const char *zIn, *zOut; size_t n; } a[] = {
        { "\"\"", "", 0 },
        { "\"plain\"", "plain", 5 },
        { "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8 },
        { "\"\\u0041\\u00e9\\u00E9\"", "A\xC3\xA9\xC3\xA9", 5 },
        { "\"\\u4e2d\\u6587\"", "中文", 6 },
        { "\"\\ud83d\\ude00\"", "\xF0\x9F\x98\x80", 4 },
        { "\"\\uDBFF\\uDFFF\"", "\xF4\x8F\xBF\xBF", 4 },
        { "\"\\u007f\\u0080\\u07ff\\u0800\\uffff\"", "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF", 11 },
        { "\"南通 崇川区 \xF0\x9F\x98\x80\"", "南通 崇川区 \xF0\x9F\x98\x80", 21 },
        { "\"\\u0001\"", "\x01", 1 },
    };
    for (size_t k = 0; k < sizeof(a) / sizeof(a[0]); k++) {
        pr_json_doc *d = parse(a[k].zIn, zErr, sizeof(zErr));
        CU_ASSERT_PTR_NOT_NULL(d);
        if (!d) { fprintf(stderr, "\n%s: %s\n", a[k].zIn, zErr); continue; }
        const pr_json *v = pr_json_root(d);
        CU_ASSERT_EQUAL(v->eType, JSON_STRING);
        CU_ASSERT_EQUAL(v->n, a[k].n);
        CU_ASSERT_EQUAL(memcmp(v->z, a[k].zOut, a[k].n), 0);
        CU_ASSERT_EQUAL(v->z[v->n], 0);
        pr_json_free(d);
    }
}

static void test_containers(void)
{
    char zErr[200];
    const char *z = "{\n  \"month\": \"2023-08\",\n  \"list\": [1, [], {}, [true, null]],\n  \"obj\": {\"a\": -1, \"b\": \"x\"}\n}";
    pr_json_doc *d = parse(z, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    const pr_json *r = pr_json_root(d);
    CU_ASSERT_EQUAL(r->eType, JSON_OBJECT);
    CU_ASSERT_EQUAL(r->nKid, 3);
    CU_ASSERT_STRING_EQUAL(r->aKid[0].zKey, "month");
    CU_ASSERT_STRING_EQUAL(r->aKid[2].zKey, "obj");
    const pr_json *l = pr_json_get(r, "list");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->eType, JSON_ARRAY);
    CU_ASSERT_EQUAL(l->nKid, 4);
    CU_ASSERT_EQUAL(l->aKid[0].i, 1);
    CU_ASSERT_PTR_NULL(l->aKid[0].zKey);
    CU_ASSERT_EQUAL(l->aKid[1].eType, JSON_ARRAY);
    CU_ASSERT_EQUAL(l->aKid[1].nKid, 0);
    CU_ASSERT_EQUAL(l->aKid[2].eType, JSON_OBJECT);
    CU_ASSERT_EQUAL(l->aKid[3].nKid, 2);
    CU_ASSERT_EQUAL(l->aKid[3].aKid[1].eType, JSON_NULL);
    CU_ASSERT_EQUAL(l->iLine, 3);
    CU_ASSERT_EQUAL(l->iCol, 11);
    const pr_json *o = pr_json_get(r, "obj");
    CU_ASSERT_EQUAL(pr_json_get(o, "a")->i, -1);
    CU_ASSERT_STRING_EQUAL(pr_json_get(o, "b")->z, "x");
    CU_ASSERT_PTR_NULL(pr_json_get(o, "c"));
    CU_ASSERT_PTR_NULL(pr_json_get(l, "a"));     /* not an object */
    CU_ASSERT_PTR_NULL(pr_json_get(NULL, "a"));
    pr_json_free(d);
    CU_ASSERT_STRING_EQUAL(pr_json_type_name(JSON_INT), "integer");
    CU_ASSERT_STRING_EQUAL(pr_json_type_name(JSON_OBJECT), "object");
}

static void test_malformed(void)
{
    static const struct { const char *z; const char *zErr; } a[] = {
        { "", "line 1, column 1 (byte 0): empty document" },
        { " \n ", "empty document" },
        { "{", "unexpected end of input inside an object" },
        { "[", "unexpected end of input (expected a value)" },
        { "[1", "unexpected end of input inside an array" },
        { "{\"a\"", "expected ':' after a member name" },
        { "{\"a\":", "unexpected end of input (expected a value)" },
        { "{\"a\":1", "unexpected end of input inside an object (expected ',' or '}')" },
        { "[1,]", "unexpected ']' (expected a value)" },
        { "[1 2]", "expected ',' or ']' in an array, found '2'" },
        { "{\"a\" 1}", "expected ':' after a member name, found '1'" },
        { "{\"a\":1,}", "expected a member name in double quotes, found '}'" },
        { "{a:1}", "expected a member name in double quotes, found 'a'" },
        { "{\"a\":1;}", "expected ',' or '}' in an object, found ';'" },
        { "{1:2}", "expected a member name in double quotes" },
        { "01", "leading zeros are not allowed" },
        { "-", "expected a digit after '-'" },
        { "-a", "expected a digit after '-'" },
        { "+1", "unexpected '+'" },
        { "1.5", "only integers are allowed" },
        { "1e3", "only integers are allowed" },
        { "1E3", "only integers are allowed" },
        { ".5", "unexpected '.'" },
        { "9223372036854775808", "integer out of range" },
        { "-9223372036854775809", "integer out of range" },
        { "99999999999999999999999", "integer out of range" },
        { "\"abc", "unterminated string" },
        { "\"abc\\\"", "unterminated string" },
        { "\"a\x01\"", "control character 0x01 in a string" },
        { "\"a\nb\"", "control character 0x0A" },
        { "\"\\x\"", "invalid escape \\'x'" },
        { "\"\\'\"", "invalid escape \\0x27" },
        { "\"\\u12\"", "\\u must be followed by 4 hex digits" },
        { "\"\\u12g4\"", "\\u must be followed by 4 hex digits" },
        { "\"\\u0000\"", "\\u0000 is not allowed" },
        { "\"\\ud800\"", "high surrogate \\uD800 not followed by a low surrogate" },
        { "\"\\ud800\\u0041\"", "high surrogate \\uD800 not followed" },
        { "\"\\ud800\\ud800\"", "high surrogate" },
        { "\"\\udc00\"", "lone low surrogate \\uDC00" },
        { "\"\xff\"", "invalid UTF-8 byte 0xFF" },
        { "\"\xc0\xaf\"", "invalid UTF-8 byte 0xC0" },          /* overlong '/' */
        { "\"\xe0\x80\xaf\"", "invalid UTF-8 byte 0xE0" },      /* overlong */
        { "\"\xed\xa0\x80\"", "invalid UTF-8 byte 0xED" },      /* a surrogate */
        { "\"\xf4\x90\x80\x80\"", "invalid UTF-8 byte 0xF4" },  /* past U+10FFFF */
        { "\"\xe4\xb8\"", "invalid UTF-8 byte 0xE4" },          /* cut short */
        { "\"\x80\"", "invalid UTF-8 byte 0x80" },
        { "tru", "invalid literal" },
        { "nul", "invalid literal" },
        { "True", "unexpected 'T'" },
        { "true false", "unexpected text after the JSON value" },
        { "{}{}", "line 1, column 3 (byte 2): unexpected text after the JSON value" },
        { "{\"a\":1,\"b\":2,\"a\":3}", "line 1, column 18: duplicate key \"a\" in an object" },
        { "{\"k\\n\":1,\"k\\n\":2}", "duplicate key \"k?\"" },
        { "\xEF\xBB\xBF{}", "byte order mark" },
        { "[1,\n  x]", "line 2, column 3 (byte 6): unexpected 'x'" },
        { "\x01", "unexpected 0x01" },
    };
    for (size_t k = 0; k < sizeof(a) / sizeof(a[0]); k++) {
        char zErr[300] = "";
        pr_json_doc *d = parse(a[k].z, zErr, sizeof(zErr));
        CU_ASSERT_PTR_NULL(d);
        CU_ASSERT_PTR_NOT_NULL(strstr(zErr, a[k].zErr));
        if (d || !strstr(zErr, a[k].zErr)) fprintf(stderr, "\ncase %zu: got '%s', expected '%s'\n", k, zErr, a[k].zErr);
        pr_json_free(d);
    }
    /* a NUL byte inside the given length */
    char zErr[300];
    CU_ASSERT_PTR_NULL(pr_json_parse("[1,\0]", 5, NULL, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "unexpected 0x00"));
    CU_ASSERT_PTR_NULL(pr_json_parse("\"a\0\"", 4, NULL, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "control character 0x00"));
    /* NULL input, tiny or no error buffer */
    CU_ASSERT_PTR_NULL(pr_json_parse(NULL, 0, NULL, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NULL(pr_json_parse("[", 1, NULL, zErr, 4));
    CU_ASSERT_EQUAL(strlen(zErr), 3);
    CU_ASSERT_PTR_NULL(pr_json_parse("[", 1, NULL, NULL, 0));
    CU_ASSERT_PTR_NULL(pr_json_parse("{\"a\":1,\"a\":1}", 13, NULL, NULL, 0));
}

static void test_limits(void)
{
    char zErr[300];
    /* depth: the default 64 levels, and a caller's cap */
    size_t n = 100000;
    char *z = malloc(2 * n + 1);
    for (size_t k = 0; k < n; k++) { z[k] = '['; z[2 * n - 1 - k] = ']'; }
    z[2 * n] = 0;
    CU_ASSERT_PTR_NULL(pr_json_parse(z, 2 * n, NULL, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "nesting deeper than 64 levels"));
    pr_json_doc *d = pr_json_parse(z + n - 64, 128, NULL, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL(d);
    pr_json_free(d);
    CU_ASSERT_PTR_NULL(pr_json_parse(z + n - 65, 130, NULL, zErr, sizeof(zErr)));
    pr_json_limits lim = { 0, 2, 0 };
    d = pr_json_parse("[[1]]", 5, &lim, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL(d);
    pr_json_free(d);
    CU_ASSERT_PTR_NULL(pr_json_parse("[[[1]]]", 7, &lim, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "nesting deeper than 2 levels"));
    lim.nMaxDepth = 1 << 30;   /* clamped: still no stack overflow */
    CU_ASSERT_PTR_NULL(pr_json_parse(z, 2 * n, &lim, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "nesting deeper than 512 levels"));
    free(z);
    /* size */
    pr_json_limits lim2 = { 10, 0, 0 };
    CU_ASSERT_PTR_NULL(pr_json_parse("[1,2,3,4,5]", 11, &lim2, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "11 bytes, more than the 10 allowed"));
    d = pr_json_parse("[1,2,3,45]", 10, &lim2, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL(d);
    pr_json_free(d);
    /* nodes */
    pr_json_limits lim3 = { 0, 0, 4 };
    d = pr_json_parse("[1,2,3]", 7, &lim3, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL(d);
    pr_json_free(d);
    CU_ASSERT_PTR_NULL(pr_json_parse("[1,2,3,4]", 9, &lim3, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "more than 4 values"));
    /* many values and many keys: fine, and a late duplicate is found */
    size_t nKeys = 20000, nCap = nKeys * 24 + 64, o = 0;
    z = malloc(nCap);
    z[o++] = '{';
    for (size_t k = 0; k < nKeys; k++) o += (size_t)snprintf(z + o, nCap - o, "%s\"k%zu\": %zu", k ? "," : "", k, k);
    z[o++] = '}';
    d = pr_json_parse(z, o, NULL, zErr, sizeof(zErr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(pr_json_root(d)->nKid, (int)nKeys);
    CU_ASSERT_EQUAL(pr_json_get(pr_json_root(d), "k19999")->i, 19999);
    pr_json_free(d);
    o--;
    o += (size_t)snprintf(z + o, nCap - o, ",\"k7\": 0}");
    CU_ASSERT_PTR_NULL(pr_json_parse(z, o, NULL, zErr, sizeof(zErr)));
    CU_ASSERT_PTR_NOT_NULL(strstr(zErr, "duplicate key \"k7\""));
    free(z);
}

static const pr_test aTests[] = {
    { "scalars", test_scalars },
    { "strings and escapes", test_strings },
    { "arrays and objects", test_containers },
    { "malformed input", test_malformed },
    { "size, depth and node caps", test_limits },
};

int suite_json(void) { PR_ADD_SUITE("json", aTests); }
