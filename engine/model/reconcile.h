/*
 * reconcile.h - the reconciliation of domain.md section 6: for every input
 * file, rows read = PAID + INELIGIBLE + HELD + REJECTED; and, per district
 * and programme, the ledger total = the district workbooks' total = the
 * bank workbooks' total, each accumulated independently while written.
 */
#ifndef PR_RECONCILE_H
#define PR_RECONCILE_H

#include <stdint.h>

#include "model/batch.h"

/* One check with its two sides. */
typedef struct pr_check {
    char zWhat[200];      /* what is compared, for people */
    char zLeft[40];       /* the name of the expected side */
    char zRight[40];      /* the name of the actual side */
    int64_t nLeft;        /* expected value */
    int64_t nRight;       /* actual value */
    int bMoney;           /* values are fen */
    int bPass;            /* nLeft == nRight */
} pr_check;

/* What a writer of one bank's files wrote: bank rows (pay_refs) and fen. */
typedef struct pr_bank_tally {
    int64_t nRows, nFen;
} pr_bank_tally;

/* A bank's import file (--bank-formats) against its bank workbook, each
 * side added up by its own writer. */
typedef struct pr_recon_import {
    char zFile[256];      /* the import file's name */
    pr_bank_tally book;   /* as written to bank-<bank>.xlsx */
    pr_bank_tally file;   /* as written to the import file */
} pr_recon_import;

typedef struct pr_recon {
    pr_total *aComputed;  /* totals of the computed lines [d*PROG_COUNT+g], borrowed */
    pr_total *aLedger;    /* as written to ledger.csv.gz; owned */
    pr_total *aDistrict;  /* as written to the district workbooks; owned */
    pr_total *aBank;      /* as written to the bank workbooks; owned */
    pr_recon_import *aImport;  /* the banks' import files, in bank order; owned */
    int nImport;
    pr_check *aCheck;     /* the checks; owned */
    int nCheck;
    int nFailed;          /* checks that failed */
    int bBooks;           /* the workbooks were written: compare them too */
} pr_recon;

/* Allocates the total arrays for p's districts. Returns 0 or -1. */
int pr_recon_init(pr_recon *r, const pr_batch *p);
/* Runs every check (after the writers filled the arrays). Returns nFailed,
 * or -1 if out of memory. */
int pr_recon_run(pr_recon *r, const pr_batch *p);
/* The checks as they come out when every writer wrote exactly the computed
 * totals: initialises r (as pr_recon_init), fills the writers' arrays with
 * the computed totals and runs the checks. Lets the summary be written
 * while the writers still run; pr_recon_same then tells whether the real
 * checks came out the same. Returns 0, or -1 if out of memory. */
int pr_recon_predict(pr_recon *r, const pr_batch *p, int bBooks);
/* Makes room for n import files (zeroed; replaces any before). Returns 0
 * or -1 if out of memory. */
int pr_recon_set_imports(pr_recon *r, int n);
/* 1 if a and b hold the same checks (every text, value and verdict). */
int pr_recon_same(const pr_recon *a, const pr_recon *b);
/* The first failed check, or NULL. */
const pr_check *pr_recon_first_failure(const pr_recon *r);
void pr_recon_clear(pr_recon *r);

#endif
