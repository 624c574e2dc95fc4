/*
 * json.h - a small, strict, bounded JSON reader (RFC 8259) for files payrun
 * reads back, such as manifest.json. It is meant to be safe on hostile
 * input: every input byte is checked, nesting depth, input size and node
 * count are capped, and every error names the line, column and byte offset.
 *
 * Accepted: objects, arrays, strings (UTF-8, escapes \" \\ \/ \b \f \n \r \t
 * and \uXXXX including surrogate pairs, decoded to UTF-8), integers that fit
 * in int64_t, true, false, null; whitespace is space, tab, CR and LF.
 * Refused, each with a clear message: numbers with a fraction or exponent,
 * integers out of range, leading zeros, invalid UTF-8 (also overlong forms
 * and surrogates), raw control characters in strings, lone surrogates,
 * \u0000 (strings are handed out NUL-terminated), a byte order mark,
 * duplicate keys in one object, trailing commas, and anything after the
 * top-level value.
 */
#ifndef PR_JSON_H
#define PR_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef enum pr_json_type {
    JSON_NULL = 0,
    JSON_FALSE,
    JSON_TRUE,
    JSON_INT,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} pr_json_type;

/* One value. Children of an array or object are contiguous in aKid, in
 * document order; the members of an object carry their name in zKey. All
 * strings are NUL-terminated UTF-8 without embedded NUL. */
typedef struct pr_json pr_json;
struct pr_json {
    pr_json_type eType;
    int64_t i;              /* JSON_INT: the value */
    const char *z;          /* JSON_STRING: the decoded text */
    size_t n;               /* JSON_STRING: its length in bytes */
    const char *zKey;       /* member name inside an object, else NULL */
    size_t nKey;            /* its length */
    pr_json *aKid;          /* JSON_ARRAY / JSON_OBJECT: the children */
    int nKid;               /* their number */
    uint32_t iLine;         /* 1-based line where the value starts */
    uint32_t iCol;          /* 1-based byte column where it starts */
};

/* Caps; a zero field means the default. */
typedef struct pr_json_limits {
    size_t nMaxBytes;       /* input size (default PR_JSON_MAX_BYTES) */
    int nMaxDepth;          /* nesting of arrays and objects (default PR_JSON_MAX_DEPTH) */
    size_t nMaxNodes;       /* values in the document (default PR_JSON_MAX_NODES) */
} pr_json_limits;

#define PR_JSON_MAX_BYTES ((size_t)16 << 20)
#define PR_JSON_MAX_DEPTH 64
#define PR_JSON_MAX_NODES ((size_t)1 << 20)

typedef struct pr_json_doc pr_json_doc;

/* Parses z[0,n) (need not be NUL-terminated). Returns the document (free
 * with pr_json_free), or NULL with a message "line L, column C (byte B):
 * problem" in zErr (nErr bytes). pLim may be NULL for the defaults. */
pr_json_doc *pr_json_parse(const char *z, size_t n, const pr_json_limits *pLim,
                           char *zErr, size_t nErr);

/* The top-level value of a document. */
const pr_json *pr_json_root(const pr_json_doc *pDoc);

/* Frees a document and every value in it; pDoc may be NULL. */
void pr_json_free(pr_json_doc *pDoc);

/* The member zKey of object p, or NULL if p is not an object or has no such
 * member. */
const pr_json *pr_json_get(const pr_json *p, const char *zKey);

/* "null", "false", "true", "integer", "string", "array" or "object". */
const char *pr_json_type_name(pr_json_type eType);

#endif
