/*
 * books.h - the Excel workbooks of a month (domain.md sections 6 and 7):
 * one per district (district_book.c), one per bank (bank_book.c) and the
 * officer's and auditor's summary (summary_book.c). Each writer adds up what
 * it writes, per district and programme, so that the reconciliation compares
 * totals accumulated independently.
 */
#ifndef PR_BOOKS_H
#define PR_BOOKS_H

#include <stddef.h>

#include "model/batch.h"
#include "model/changes.h"
#include "model/reconcile.h"

/* Data rows per sheet before a programme continues on a further sheet;
 * Excel's limit less the header, total and signature rows. Tests may lower it. */
extern uint32_t pr_nSheetRows;

/* File name of district d's workbook ("320613-崇川区.xlsx") into zOut. */
void pr_district_book_name(const pr_batch *p, int d, char *zOut, size_t nOut);

/* Writes district d's workbook to zPath (temporary files in zTmpDir) and
 * adds what it wrote into aTotal[d * PROG_COUNT + prog]. Returns 0 or -1. */
int pr_district_book_write(const pr_batch *p, int d, const char *zPath, const char *zTmpDir,
                           pr_total *aTotal, char *zErr, size_t nErr);

/* The banks of the month: line indices sorted by bank, programme, district,
 * account, payee, and the start of each bank's run. */
typedef struct pr_banks {
    int *aiLine;          /* line indices, sorted; owned */
    int *aiStart;         /* start of bank b's lines in aiLine; [nBank] = nLine; owned */
    int nBank;            /* number of banks */
} pr_banks;

int pr_banks_build(const pr_batch *p, pr_banks *pBanks);
void pr_banks_clear(pr_banks *pBanks);
/* File name of bank b's workbook ("bank-中国农业银行.xlsx"). */
void pr_bank_book_name(const pr_batch *p, const pr_banks *pBanks, int b, char *zOut, size_t nOut);
/* Writes bank b's disbursement workbook; adds what it wrote into aTotal
 * (shared by all banks: the caller gives each bank its own array or adds
 * them up afterwards). Returns 0 or -1. */
int pr_bank_book_write(const pr_batch *p, const pr_banks *pBanks, int b, const char *zPath,
                       const char *zTmpDir, pr_total *aTotal, char *zErr, size_t nErr);

/* summary.xlsx in two steps, so that its large sheets (异常, 参数) can be
 * written while the other workbooks are, and the sheets that need the
 * reconciliation and the changes after: open, write_bulk (any thread, while
 * nobody else touches it), finish (writes the rest and closes; frees s). */
typedef struct pr_summary pr_summary;
pr_summary *pr_summary_open(const pr_batch *p, int bChanges, const char *zPath, const char *zTmpDir);
void pr_summary_write_bulk(pr_summary *s, const pr_batch *p);
int pr_summary_finish(pr_summary *s, const pr_batch *p, const pr_recon *pRecon, const pr_changes *pChanges,
                      char *zErr, size_t nErr);
/* Closes and frees a summary that will not be finished; s may be NULL. */
void pr_summary_abort(pr_summary *s);

#endif
