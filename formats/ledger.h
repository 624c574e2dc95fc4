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


/* The ledger written a line at a time, for payrun merge, which never holds
 * the month's lines: the same bytes as pr_ledger_write of the same lines. */
typedef struct pr_ledger_stream pr_ledger_stream;
/* Creates zPath; the stream is the caller's (pr_ledger_stream_close), or
 * NULL with pErr set. */
pr_ledger_stream *pr_ledger_stream_open(int iMonth, const char *zPath, pr_err *pErr);
/* Appends line l (a failure is kept for close). */
void pr_ledger_stream_add(pr_ledger_stream *s, const pr_line *l);
/* Writes what is left, closes and frees s (may be NULL). PR_OK, or the
 * first failure with pErr naming zPath. */
pr_error pr_ledger_stream_close(pr_ledger_stream *s, const char *zPath, pr_err *pErr);

#endif
