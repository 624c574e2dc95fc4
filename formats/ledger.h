/*
 * ledger.h - ledger.csv.gz, the machine-readable payment lines of a month
 * (domain.md section 7), written by ledger.c; its header line, which the
 * readers of a previous month's ledger check too.
 */
#ifndef PR_LEDGER_H
#define PR_LEDGER_H

#include <stddef.h>

#include "model/batch.h"
#include "io/err.h"

#include "formats/ledgercols.h"   /* PR_LEDGER_HEADER, the columns */

/* Writes the ledger, gzip-compressed in independently compressed members
 * made in parallel (the bytes do not depend on the thread count). Returns
 * PR_OK, or PR_ERR_IO, PR_ERR_NOMEM or PR_ERR_TOO_BIG with a message in
 * pErr (may be NULL) naming the file. */
pr_error pr_ledger_write(const pr_batch *p, const char *zPath, pr_err *pErr);

/* Same, adding what it writes into aTotal[d * PROG_COUNT + prog] (the
 * caller's; may be NULL), for the reconciliation. */
pr_error pr_ledger_write_totals(const pr_batch *p, const char *zPath, pr_total *aTotal, pr_err *pErr);

/* Formats one ledger line as CSV (with LF) into pBuf, which keeps owning
 * its bytes. */
struct pr_outbuf;
void pr_ledger_format_line(int iMonth, const pr_line *l, struct pr_outbuf *pBuf);

#endif
