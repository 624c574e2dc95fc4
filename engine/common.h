/*
 * common.h - shared error codes, the STATIC test hook and small helpers
 * used by every payrun module.
 */
#ifndef PR_COMMON_H
#define PR_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* PR_STATIC: file-local functions that the tests may reach (named apart
 * from libxlsxwriter's own STATIC). */
#ifdef PR_TESTING
#define PR_STATIC
#else
#define PR_STATIC static
#endif

#define PR_VERSION "0.1.0"

/* Error codes returned by payrun functions; 0 is success. */
typedef enum pr_error {
    PR_OK = 0,
    PR_ERR_NOMEM,          /* memory allocation failed */
    PR_ERR_IO,             /* a file could not be read or written */
    PR_ERR_GZIP,           /* corrupt or truncated gzip stream */
    PR_ERR_ENCODING,       /* character conversion failed */
    PR_ERR_CSV,            /* malformed CSV in a file that must be clean */
    PR_ERR_HEADER,         /* missing, duplicate or unreadable header */
    PR_ERR_POLICY,         /* bad or incomplete policy file */
    PR_ERR_INDEX,          /* bad or incomplete price-index file */
    PR_ERR_CONFIG,         /* a configuration error found while computing */
    PR_ERR_USAGE,          /* bad command line */
    PR_ERR_TOO_BIG,        /* a buffer would exceed its hard cap */
    PR_ERR_EXISTS,         /* the output month already exists */
    PR_ERR_MAX
} pr_error;

/* Returns a static, never-NULL description of rc. */
const char *pr_strerror(pr_error rc);

/* Program codes, in the order of domain.md section 1 (the ledger order). */
typedef enum pr_prog {
    PROG_DIBAO = 0,
    PROG_TEKUN,
    PROG_DIS_LIVING,
    PROG_DIS_NURSING,
    PROG_ORPHAN,
    PROG_PRICE,
    PROG_COUNT
} pr_prog;

/* Returns the fixed upper-case code of a programme ("DIBAO", ...). */
const char *pr_prog_code(pr_prog eProg);
/* Returns the Chinese name of a programme. */
const char *pr_prog_name_zh(pr_prog eProg);

/* Statuses; the numeric order is the "better" order used for per-row counts. */
typedef enum pr_status {
    ST_PAID = 0,
    ST_HELD,
    ST_INELIGIBLE,
    ST_REJECTED,
    ST_WARNING,        /* only for findings, never a record's status */
    ST_COUNT
} pr_status;

const char *pr_status_name(pr_status eStatus);

/* Areas. */
typedef enum pr_area { AREA_NONE = 0, AREA_URBAN, AREA_RURAL } pr_area;
const char *pr_area_code(pr_area eArea);
/* Parses 城市/urban and 农村/rural (spaces trimmed). Returns 0 or -1. */
int pr_area_parse(const char *z, size_t nZ, pr_area *pArea);

/* Concatenates the NUL-terminated strings given (the list ends with NULL)
 * into zOut of nOut bytes, cutting at the end. Returns the length. Used on
 * hot paths instead of snprintf. */
size_t pr_cat(char *zOut, size_t nOut, ...);

/* Writes v in decimal into zOut (at least 21 bytes). Returns the length. */
int pr_i64_format(int64_t v, char *zOut);

/* Trims spaces and tabs around z[0,*pn). */
void pr_trim(const char **pz, size_t *pn);

/* FNV-1a over the bytes of z (NUL-terminated), continuing from h: start
 * with PR_HASH_SEED. For hash tables and grouping keys, not for security. */
#define PR_HASH_SEED 14695981039346656037ull
uint64_t pr_hash_str(uint64_t h, const char *z);
/* The same over the 8 bytes of v (least significant first). */
uint64_t pr_hash_u64(uint64_t h, uint64_t v);

/* Asks for the cache line at address p before it is read. Used where a
 * pass reads strings scattered in the records' arenas in an order the
 * hardware cannot predict (the sorts' key passes, the ledger's formatting):
 * fetching a few lines ahead hides most of that latency.
 * A no-op where the compiler has no such builtin. */
#if defined(__GNUC__) || defined(__clang__)
#define PR_PREFETCH(p) __builtin_prefetch(p)
#else
#define PR_PREFETCH(p) ((void)(p))
#endif

#endif
