/*
 * bank_import.h - a bank's 代发 import file, in the layout its corporate
 * e-banking reads (--bank-formats, formats/bank_formats.h), written beside
 * bank-<bank>.xlsx by bank_import.c with exactly that workbook's rows in
 * its order: one row per bank row (pay_ref).
 */
#ifndef PR_BANK_IMPORT_H
#define PR_BANK_IMPORT_H

#include <stddef.h>

#include "formats/bank_book.h"
#include "formats/bank_formats.h"
#include "model/batch.h"
#include "model/reconcile.h"
#include "io/err.h"

/* The import file's name for bank zBank: "bank-<bank>-import.<ext>". */
void pr_bank_import_name(const char *zBank, const pr_bank_format *f, char *zOut, size_t nOut);

/* Writes bank b's import file in format f to zPath (zTmpDir for an xlsx
 * file's temporary files) and adds the rows and fen it wrote into *pTally.
 * Returns PR_OK, or PR_ERR_IO (cannot write), PR_ERR_CONFIG (a value a txt
 * file cannot carry: its delimiter or a line break), PR_ERR_TOO_BIG (more
 * rows than an xlsx sheet holds), PR_ERR_NOMEM, with a message in pErr
 * (may be NULL) naming the file. */
pr_error pr_bank_import_write(const pr_batch *p, const pr_banks *pBanks, int b, const pr_bank_format *f,
                              const char *zPath, const char *zTmpDir, pr_bank_tally *pTally, pr_err *pErr);

/* An import file written in pieces, for payrun merge (as pr_bank_writer):
 * pr_bank_import_write is open, the rows of bank b, close. */
typedef struct pr_import_writer pr_import_writer;
/* Opens bank zBank's import file in format f at zPath. Returns the writer
 * (the caller's: pr_import_writer_close), or NULL when out of memory. */
pr_import_writer *pr_import_writer_open(const pr_batch *p, const char *zBank, const pr_bank_format *f, const char *zPath,
                                        const char *zTmpDir);
/* Writes the rows of bank b of pBanks over p's lines after those before. */
void pr_import_writer_rows(pr_import_writer *w, const pr_batch *p, const pr_banks *pBanks, int b);
/* Finishes the file, adds its rows and fen into *pTally, frees w (NULL:
 * out of memory). Returns what pr_bank_import_write returns. */
pr_error pr_import_writer_close(pr_import_writer *w, pr_bank_tally *pTally, pr_err *pErr);

#endif
