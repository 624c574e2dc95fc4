/*
 * notice_book.h - the 公示 (public notice) workbook of a district
 * (domain.md section 9), written by notice_book.c: a sheet per town
 * listing the paid DIBAO households and dispersed TEKUN persons with masked
 * names, household size, kind, monthly amount and village, ready to print
 * on A4 portrait and post. It shows nothing else of a person: no ID number,
 * account, bank, income or address, no child (ORPHAN) and no disability.
 */
#ifndef PR_NOTICE_BOOK_H
#define PR_NOTICE_BOOK_H

#include <stddef.h>

#include "model/batch.h"
#include "io/err.h"

/* File name of district d's notice ("公示-320612-通州区.xlsx") into zOut. */
void pr_notice_book_name(const pr_batch *p, int d, char *zOut, size_t nOut);

/* Lines of district d the notice lists (DIBAO, and TEKUN paid to the
 * person), for scheduling. */
int pr_notice_book_lines(const pr_batch *p, int d);

/* Writes district d's notice to zPath (temporary files in zTmpDir), with the
 * policy's notice keys for the district (area `*`) or their defaults: names
 * masked, the period and telephone left blank to fill in by hand. Returns
 * PR_OK, PR_ERR_NOMEM, or the code of pr_book_close, with its message in
 * pErr (may be NULL). */
pr_error pr_notice_book_write(const pr_batch *p, int d, const char *zPath, const char *zTmpDir, pr_err *pErr);

#endif
