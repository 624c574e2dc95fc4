/*
 * compute.h - the computing stage of a month (docs/ARCHITECTURE.md) and the
 * working types its steps share: a person's references to the records that
 * name them, and a growable buffer of ledger lines. The steps live in
 * households.c, conflicts.c, cross.c; compute.c runs them in order.
 */
#ifndef PR_COMPUTE_H
#define PR_COMPUTE_H

#include "model/batch.h"
#include "rules/rules.h"

/* One record that names a person, for the passes person by person. */
typedef struct person_ref {
    uint64_t iKey;        /* person */
    uint8_t eRoster;      /* roster kind */
    pr_record *pRec;      /* the record */
} person_ref;

/* Lines made by one pass or one thread, in the order they are made. */
typedef struct line_buf {
    pr_line *a;           /* the lines; owned */
    int n, nCap;          /* used and allocated */
    int iMonth;           /* the batch month: the period of its REGULAR lines */
} line_buf;

/* Appends a REGULAR line for record r to pBuf (growing it). Returns 0 or -1. */
int pr_line_add(line_buf *pBuf, pr_prog eProg, const pr_record *r, const char *zBen, const char *zHouse,
                int64_t nAmount, const char *zBasis, int nPersons);

#endif
