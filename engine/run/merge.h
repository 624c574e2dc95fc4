/*
 * merge.h - `payrun merge`: the shards of a sharded month (docs/SCALE.md)
 * put together into the one month folder a single run writes, and the
 * merge part each shard's run leaves for it.
 *
 * A shard's run (`run --shard-dir DIR --shard K --out OUT/shard-K`) writes
 * its month folder and, beside it, OUT/shard-K/YYYY-MM.merge.csv.gz
 * (formats/mergepart.h). The merge reads one shard at a time (its part,
 * ledger and exceptions; the lines of no other shard are held meanwhile),
 * spools its lines to a folder in the shards' folder, and publishes the
 * month as a run does (run/publish.c), so that every file is written by
 * the same code from the same figures: the ledger, the bank workbooks and
 * import files (from the spool, one (bank, programme, district) group at
 * a time), the summary (its reconciliation run again on the whole; its
 * shared accounts found one partition of the accounts at a time),
 * exceptions and manifest; the district workbooks and notices, which hold
 * one district's lines each, are copied from the shard that computed them.
 * What it holds at once is one shard's lines, or less, and the month's
 * findings.
 */
#ifndef PR_RUN_MERGE_H
#define PR_RUN_MERGE_H

#include "io/err.h"
#include "model/batch.h"
#include "run/publish.h"

/* Most shards of one month. */
#define PR_MERGE_MAX_SHARDS 4096

typedef struct pr_merge pr_merge;

/* Reads shards 0..nShard-1 of batch b's month from zShardOut/shard-K/ into
 * b (its inputs, counts, totals and findings; no lines) and the spool,
 * zShardOut/merge-spool.XXXXXX, removed by pr_merge_free. b's policy and
 * index are loaded and it has no input yet. Returns the merge (owned by
 * the caller, pr_merge_free, after b is published), or NULL with pErr set:
 * a message that names the shard and the file. */
pr_merge *pr_merge_load(pr_batch *b, const char *zShardOut, int nShard, pr_err *pErr);

/* What publishing b needs from the merge (valid while m is). */
const pr_publish_merge *pr_merge_publish(pr_merge *m);

/* Frees m; m may be NULL. */
void pr_merge_free(pr_merge *m);

/* The shard's side: writes the merge part of batch p, just published into
 * zOut/YYYY-MM, as zOut/YYYY-MM.merge.csv.gz. PR_OK, or an error with pErr
 * set. */
pr_error pr_merge_write_part(const pr_batch *p, const char *zOut, pr_err *pErr);

#endif
