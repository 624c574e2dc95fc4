/*
 * keysort.h - a stable sort of (k0, k1) integer keys with a payload, for the
 * large sorts of a month (persons, households, findings, bank lines): an
 * LSD radix sort on 16-bit digits, skipping the digits every key shares,
 * then an optional comparison of each run of equal keys. No callback per
 * comparison on the large array, and the same result for any thread count.
 * (engine/keymerge.h is the other sort: keys of string bytes compared with
 * a tie function on the item, for the writers' sorts by account.)
 */
#ifndef PR_KEYSORT_H
#define PR_KEYSORT_H

#include <stddef.h>
#include <stdint.h>

#include "io/err.h"

/* One element to sort. */
typedef struct pr_sortkey {
    uint64_t k0;          /* major key */
    uint64_t k1;          /* minor key */
    uint64_t v;           /* payload: an index or a pointer (uintptr_t), not looked at */
} pr_sortkey;

/* Sorts a[0..n) by (k0, k1) ascending, keeping the input order of equal keys.
 * If xTie is not NULL, each run of two or more equal keys is then sorted with
 * it (qsort on pr_sortkey elements; make it a total order, e.g. ending on
 * an index in v, for a result that does not depend on qsort). a[] is the
 * caller's; the temporary copy the sort uses is freed before it returns.
 * Returns PR_OK, or PR_ERR_NOMEM with pErr set (a[] is then unchanged). */
pr_error pr_keysort(pr_sortkey *a, size_t n, int (*xTie)(const void *, const void *), pr_err *pErr);

/* Bytes iAt..iAt+7 of z (a NUL-terminated string), big-endian and padded
 * with zeros, so that comparing two such numbers compares those bytes as
 * strcmp would: pr_str_bytes (keymerge.h) from byte iAt. */
uint64_t pr_str_prefix(const char *z, size_t iAt);

#endif
