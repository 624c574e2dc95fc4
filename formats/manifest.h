/*
 * manifest.h - manifest.json, the month's inputs, outputs and totals
 * (domain.md section 7), written by manifest.c in a fixed key order so that
 * the same inputs give the same bytes. manifest_read.h reads it back.
 */
#ifndef PR_MANIFEST_H
#define PR_MANIFEST_H

#include <stddef.h>

#include "model/batch.h"
#include "io/err.h"

/* An output file already written, for the manifest. */
typedef struct pr_outfile {
    const char *zName;      /* file name inside the month folder, borrowed */
    char zSha[65];          /* SHA-256 */
    long long nBytes;       /* size */
} pr_outfile;

/* The previous month a signed month is chained to (domain.md section 9). */
typedef struct pr_manifest_link {
    char zMonth[8];         /* its month, "YYYY-MM" */
    char zSha[65];          /* the SHA-256 of its manifest.json */
} pr_manifest_link;

/* A shard of a merged month (payrun merge): its manifest.json's SHA-256. */
typedef struct pr_manifest_shard {
    int iShard;             /* its number */
    char zSha[65];          /* SHA-256 of its month folder's manifest.json */
} pr_manifest_shard;

/* Writes manifest.json listing aOut. Returns PR_OK, or PR_ERR_IO,
 * PR_ERR_NOMEM or PR_ERR_TOO_BIG with a message in pErr (may be NULL)
 * naming the file. */
pr_error pr_manifest_write(const pr_batch *p, const pr_outfile *aOut, int nOut, const char *zPath, pr_err *pErr);

/* Same, with the run's verdict: zStatus "ok" or "not_payable", the reason
 * (may be NULL) and, for a signed month, the previous month it follows
 * (pPrev; NULL writes no "previous" member, as an unsigned month has none). */
pr_error pr_manifest_write_status(const pr_batch *p, const pr_outfile *aOut, int nOut, const char *zStatus,
                                  const char *zReason, const pr_manifest_link *pPrev, const char *zPath, pr_err *pErr);

/* Same, for a month merged from shards: a "shards" member after "outputs"
 * lists aShard[0,nShard) (the one thing by which a merged month's manifest
 * differs from one run's; none when nShard is 0). */
pr_error pr_manifest_write_merged(const pr_batch *p, const pr_outfile *aOut, int nOut, const char *zStatus,
                                  const char *zReason, const pr_manifest_link *pPrev, const pr_manifest_shard *aShard,
                                  int nShard, const char *zPath, pr_err *pErr);

#endif
