/*
 * bank_book.h - one disbursement (代发) workbook per bank (domain.md
 * sections 6 and 7), written by bank_book.c. The writer adds up what it
 * writes, per district and programme, for the reconciliation.
 */
#ifndef PR_BANK_BOOK_H
#define PR_BANK_BOOK_H

#include <stddef.h>

#include "model/batch.h"
#include "io/err.h"

/* The banks of the month: line indices sorted by bank, programme, district,
 * account, payee, and the start of each bank's run. */
typedef struct pr_banks {
    int *aiLine;          /* line indices, sorted; owned */
    int *aiStart;         /* start of bank b's lines in aiLine; [nBank] = nLine; owned */
    int nBank;            /* number of banks */
} pr_banks;

/* Fills *pBanks, which then owns its arrays: free them with pr_banks_clear,
 * after a failure too. Returns 0, or -1 when out of memory. */
int pr_banks_build(const pr_batch *p, pr_banks *pBanks);
/* Frees what pBanks owns; safe on a zeroed or cleared pr_banks. */
void pr_banks_clear(pr_banks *pBanks);
/* File name of bank b's workbook ("bank-中国农业银行.xlsx"). */
void pr_bank_book_name(const pr_batch *p, const pr_banks *pBanks, int b, char *zOut, size_t nOut);
/* Writes bank b's disbursement workbook; adds what it wrote into aTotal,
 * the caller's (shared by all banks: the caller gives each bank its own
 * array or adds them up afterwards). Returns PR_OK, or the code of
 * pr_book_close with its message in pErr (may be NULL). */
pr_error pr_bank_book_write(const pr_batch *p, const pr_banks *pBanks, int b, const char *zPath,
                            const char *zTmpDir, pr_total *aTotal, pr_err *pErr);

#endif
