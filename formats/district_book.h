/*
 * district_book.h - one Excel workbook per district (domain.md sections 6
 * and 7), written by district_book.c; and the sheet row limit all the
 * workbooks share. The writer adds up what it writes, per district and
 * programme, so that the reconciliation compares totals accumulated
 * independently.
 */
#ifndef PR_DISTRICT_BOOK_H
#define PR_DISTRICT_BOOK_H

#include <stddef.h>
#include <stdint.h>

#include "model/batch.h"
#include "io/err.h"

/* Data rows per sheet before a programme continues on a further sheet;
 * Excel's limit less the header, total and signature rows. Tests may lower it. */
extern uint32_t pr_nSheetRows;

/* File name of district d's workbook ("320613-崇川区.xlsx") into zOut. */
void pr_district_book_name(const pr_batch *p, int d, char *zOut, size_t nOut);

/* Writes district d's workbook to zPath (temporary files in zTmpDir) and
 * adds what it wrote into aTotal[d * PROG_COUNT + prog] (the caller's).
 * Returns PR_OK, or the code of pr_book_close with its message in pErr
 * (may be NULL). */
pr_error pr_district_book_write(const pr_batch *p, int d, const char *zPath, const char *zTmpDir,
                                pr_total *aTotal, pr_err *pErr);

#endif
