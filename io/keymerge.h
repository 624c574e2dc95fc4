/*
 * keymerge.h - a stable merge sort of compact keys, for the sorts of
 * millions of lines by strings in the writing stage. A key holds the
 * leading bytes of the strings (or other fields) packed into numbers that
 * compare in the same order, so most comparisons are three integer
 * comparisons on contiguous memory; the item is read only on a tie.
 */
#ifndef PR_KEYMERGE_H
#define PR_KEYMERGE_H

#include <stddef.h>
#include <stdint.h>

#include "io/common.h"

/* One item to sort: compared by k0, k1, k2 as unsigned numbers, then by
 * the sort's tie function. */
typedef struct pr_mergekey {
    uint64_t k0;            /* most significant part of the key */
    uint64_t k1;            /* compared when the k0 are equal */
    uint64_t k2;            /* compared when the k1 are equal too */
    const void *pItem;      /* the item (a line, a record...), for the tie function */
} pr_mergekey;

/* Orders two keys whose numbers are equal, like strcmp: < 0, 0, > 0. The
 * sort is stable, so items it calls equal keep their order. */
typedef int (*pr_mergetie)(const pr_mergekey *pA, const pr_mergekey *pB);


/* The next nByte (at most 8) bytes of string *pz as a big-endian number,
 * zero-padded past the string's end, and moves *pz past them (to its NUL at
 * most). The numbers of two strings compare as strcmp compares those bytes;
 * when the numbers are equal and their last byte is not zero, both strings
 * go on and the rest decides. */
uint64_t pr_str_bytes(const char **pz, int nByte);

/* Sorts a[0,n) with aTmp, scratch space for n/2 keys (so that many small
 * sorts can share one buffer). */
void pr_keymerge_in(pr_mergekey *a, size_t n, pr_mergekey *aTmp, pr_mergetie xTie);

/* Sorts a[0,n) (the caller's), allocating the scratch space and freeing it
 * again. Returns PR_OK, or PR_ERR_NOMEM with pErr set (a is then
 * unchanged). */
pr_error pr_keymerge(pr_mergekey *a, size_t n, pr_mergetie xTie, pr_err *pErr);

#endif
