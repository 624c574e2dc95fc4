/*
 * outputs.h - the machine-readable outputs of domain.md section 7:
 * ledger.csv.gz (ledger.c), exceptions.csv (exceptions.c) and
 * manifest.json (manifest.c).
 */
#ifndef PR_OUTPUTS_H
#define PR_OUTPUTS_H

#include <stddef.h>

#include "model/batch.h"
#include "formats/ledgercols.h"   /* PR_LEDGER_HEADER */

/* An output file already written, for the manifest. */
typedef struct pr_outfile {
    const char *zName;      /* file name inside the month folder, borrowed */
    char zSha[65];          /* SHA-256 */
    long long nBytes;       /* size */
} pr_outfile;

/* Writes the ledger, gzip-compressed in independently compressed members
 * made in parallel (the bytes do not depend on the thread count). Returns 0,
 * or -1 with a message. */
int pr_ledger_write(const pr_batch *p, const char *zPath, char *zErr, size_t nErr);

/* Same, adding what it writes into aTotal[d * PROG_COUNT + prog] (may be
 * NULL), for the reconciliation. */
int pr_ledger_write_totals(const pr_batch *p, const char *zPath, pr_total *aTotal, char *zErr, size_t nErr);

/* Writes exceptions.csv. Returns 0 or -1 with a message. */
int pr_exceptions_write(const pr_batch *p, const char *zPath, char *zErr, size_t nErr);

/* Writes manifest.json listing aOut. Returns 0 or -1 with a message. */
int pr_manifest_write(const pr_batch *p, const pr_outfile *aOut, int nOut,
                      const char *zPath, char *zErr, size_t nErr);

/* Same, with the run's verdict: zStatus "ok" or "not_payable", and the
 * reason (may be NULL). */
int pr_manifest_write_status(const pr_batch *p, const pr_outfile *aOut, int nOut, const char *zStatus,
                             const char *zReason, const char *zPath, char *zErr, size_t nErr);

/* Formats one ledger line as CSV (with LF) into pBuf. */
struct pr_outbuf;
void pr_ledger_format_line(const pr_line *l, struct pr_outbuf *pBuf);

#endif
