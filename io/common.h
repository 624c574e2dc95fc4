/*
 * common.h - the STATIC test hook and small string and hashing helpers used
 * by every layer. Nothing here knows about payments.
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

#include "io/err.h"


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
/* The same over the n bytes at z, which need no NUL: pr_hash_mem(h, z,
 * strlen(z)) equals pr_hash_str(h, z). */
uint64_t pr_hash_mem(uint64_t h, const char *z, size_t n);

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

/* Room for element n of array a (nSize bytes each, *pnCap allocated): a
 * itself while n < *pnCap, else a doubled (to nFirst at first), *pnCap
 * updated. Returns the array to use (the caller's, as a was), or NULL when
 * out of memory (a is unchanged and still the caller's). */
void *pr_array_room(void *a, size_t nSize, size_t n, size_t *pnCap, size_t nFirst);

#endif
