/*
 * merge.h - `payrun merge`: the shards of a sharded month (docs/SCALE.md)
 * put together into the one month folder a single run writes, and the
 * merge part each shard's run leaves for it.
 *
 * A shard's run (`run --shard-dir DIR --shard K --out OUT/shard-K`) writes
 * its month folder and, beside it, OUT/shard-K/YYYY-MM.merge.csv.gz
 * (formats/mergepart.h). The merge reads every shard's ledger, exceptions
 * and part into one batch that holds what the writers need (lines,
 * findings, inputs, counts and totals; no records) and publishes it as a
 * run does (run/publish.c), so that every file is written by the same code
 * from the same figures: the ledger, exceptions, bank workbooks and import
 * files, summary (its reconciliation run again on the whole) and
 * manifest; the district workbooks and notices, which hold one district's
 * lines each, are copied from the shard that computed them.
 */
#ifndef PR_RUN_MERGE_H
#define PR_RUN_MERGE_H

#include "io/err.h"
#include "model/batch.h"
#include "run/publish.h"

/* Most shards of one month. */
#define PR_MERGE_MAX_SHARDS 4096

typedef struct pr_merge pr_merge;

/* Loads shards 0..nShard-1 of batch b's month from zShardOut/shard-K/ into
 * b, whose policy and index are loaded and which has no input yet. Returns
 * the merge (owned by the caller, pr_merge_free, after b is published), or
 * NULL with pErr set: a message that names the shard and the file. */
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
