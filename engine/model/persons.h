/*
 * persons.h - this month's records by person and findings by programme and
 * id: the look-ups that the changes (why a beneficiary stopped) and the
 * shared-account check (which DIBAO household a person belongs to) make
 * into the batch. Built by a sort with total keys, so nothing depends on
 * hash or thread order.
 */
#ifndef PR_PERSONS_H
#define PR_PERSONS_H

#include <stdint.h>

#include "io/err.h"
#include "io/keymerge.h"
#include "io/keysort.h"
#include "model/batch.h"

/* The look-up. The records are held as pr_mergekey: k0 the person's iKey,
 * k1 a number that orders as the records' full order does or ties, pItem
 * the record. */
typedef struct pr_persons {
    const pr_batch *p;            /* the batch, borrowed */
    pr_mergekey *aPerson;         /* records by person, then roster, ...; owned */
    int nPerson;                  /* entries in aPerson */
    pr_sortkey *aFind;            /* findings by (programme, hash of the id), each
                                   * its index in p->aFind in v, a key's run in
                                   * the batch's order; owned (NULL unless bFull) */
    int nFind;                    /* entries in aFind */
} pr_persons;

/* Builds x over batch p (borrowed; it must outlive x). bFull: every record
 * with a valid ID and the findings (for the changes), else only the DIBAO
 * records with a household id (enough for pr_persons_household); with
 * p->pGlobal (a shard's run) the other shards' DIBAO records of its persons
 * too, so that a person's household is found wherever it is. Returns
 * PR_OK, or PR_ERR_NOMEM with pErr set; x is then cleared. */
pr_error pr_persons_init(pr_persons *x, const pr_batch *p, int bFull, pr_err *pErr);

/* Frees what x owns and zeroes it; a zeroed x may be cleared again. */
void pr_persons_clear(pr_persons *x);

/* Index of the first entry of person iKey, and their count in *pn. */
int pr_persons_range(const pr_persons *x, uint64_t iKey, int *pn);

/* The record of entry k (borrowed from the batch). */
const pr_record *pr_persons_rec(const pr_persons *x, int k);

/* The DIBAO household id of person iKey (a paid household first), or NULL;
 * the string is the batch's. */
const char *pr_persons_household(const pr_persons *x, uint64_t iKey);

/* The first REJECTED, HELD or INELIGIBLE finding of (programme eProg, id
 * zId), or NULL; the finding is the batch's. x must be built with bFull. */
const pr_finding *pr_persons_finding(const pr_persons *x, int eProg, const char *zId);

#endif
