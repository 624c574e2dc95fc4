/*
 * bank_book.h - one disbursement (代发) workbook per bank (domain.md
 * sections 6 and 7), written by bank_book.c. The writer adds up what it
 * writes, per district and programme, for the reconciliation.
 */
#ifndef PR_BANK_BOOK_H
#define PR_BANK_BOOK_H

#include <stddef.h>

#include "model/batch.h"
#include "model/reconcile.h"
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
/* File name of the workbook of the bank named zBank ("bank-中国农业银行.xlsx"). */
void pr_bank_book_file(const char *zBank, char *zOut, size_t nOut);
/* File name of bank b's workbook. */
void pr_bank_book_name(const pr_batch *p, const pr_banks *pBanks, int b, char *zOut, size_t nOut);
/* The bank of line l as the books name it ("未填开户银行" for none). */
const char *pr_bank_of_line(const pr_line *l);
/* The name of bank b. */
const char *pr_bank_name(const pr_batch *p, const pr_banks *pBanks, int b);
/* The end of the bank row that starts at aiLine[i] in bank b: its lines
 * are aiLine[i, end), one pay_ref (rules/payref.c). */
int pr_bank_row_end(const pr_batch *p, const pr_banks *pBanks, int b, int i);
/* The remark (备注) of the row of lines ai[i, j): "2023-08 最低生活保障",
 * then the lines that pay another month or again ("；含重发 2023-07"). */
void pr_bank_row_remark(const pr_batch *p, const int *ai, int i, int j, const char *zMonth, char *z, size_t n);
/* Writes bank b's disbursement workbook; adds what it wrote into aTotal,
 * the caller's (shared by all banks: the caller gives each bank its own
 * array or adds them up afterwards), and the bank's rows and money into
 * *pTally (may be NULL), for the import file's reconciliation. Returns
 * PR_OK, or the code of pr_book_close with its message in pErr (may be
 * NULL). */
pr_error pr_bank_book_write(const pr_batch *p, const pr_banks *pBanks, int b, const char *zPath,
                            const char *zTmpDir, pr_total *aTotal, pr_bank_tally *pTally, pr_err *pErr);


/* A bank's workbook written in pieces, for payrun merge, which holds one
 * (bank, programme, district) group of lines at a time: pr_bank_book_write
 * is open, the rows of bank b, close. */
typedef struct pr_bank_writer pr_bank_writer;
/* Opens the workbook of bank zBank (its name as the books give it) at
 * zPath. Returns the writer (the caller's: pr_bank_writer_close), or NULL
 * when out of memory. */
pr_bank_writer *pr_bank_writer_open(const pr_batch *p, const char *zBank, const char *zPath, const char *zTmpDir);
/* Writes the rows of bank b of pBanks over p's lines, after those written
 * before, adding what it writes into aTotal (as pr_bank_book_write). */
void pr_bank_writer_rows(pr_bank_writer *w, const pr_batch *p, const pr_banks *pBanks, int b, pr_total *aTotal);
/* Writes the control sheet, adds the rows and money written into *pTally
 * (may be NULL), closes the workbook and frees w (NULL: out of memory).
 * PR_OK, or an error with pErr set. */
pr_error pr_bank_writer_close(pr_bank_writer *w, pr_bank_tally *pTally, pr_err *pErr);

#endif
