/*
 * split.h - the first stages of a month run in shards (docs/SCALE.md):
 *   payrun plan   count the rosters' rows per district and write a plan
 *                 (formats/plan.h) that puts whole districts on N shards
 *   payrun split  stream each roster once and write, for each shard, its
 *                 records unchanged with their original lines
 *                 (io/shardfile.h) and the file's origin
 * and the reading back of one shard's files as the inputs of a run
 * (payrun run --shard-dir DIR --shard K).
 */
#ifndef PR_RUN_SPLIT_H
#define PR_RUN_SPLIT_H

#include "model/batch.h"

/* `payrun plan` (argv[0] is "plan"). Returns the exit status. */
int pr_plan_command(int argc, char **argv);

/* `payrun split` (argv[0] is "split"). Returns the exit status. */
int pr_split_command(int argc, char **argv);

/* One original file's part in a shard, as its origin file says. */
typedef struct pr_shard_input {
    char *zBase;                  /* DIR/shard-K/NNNNNN-<roster>, owned */
    char *zPath;                  /* the original path as given to split, owned */
    pr_roster eRoster;            /* its roster */
    pr_encoding eEnc;             /* the encoding split decided */
    int bGzip;                    /* the original was gzip-compressed */
    char zSha[65];                /* SHA-256 of the original file */
    int iInput;                   /* its position among split's inputs */
} pr_shard_input;

/* Every file part of shard iShard under zDir, in the order of split's
 * inputs. */
typedef struct pr_shard_inputs {
    pr_shard_input *a;            /* owned */
    int n;
} pr_shard_inputs;

/* Reads the origin files of zDir/shard-<iShard>/ into pOut. Returns PR_OK,
 * or PR_ERR_IO / PR_ERR_CONFIG / PR_ERR_NOMEM with pErr naming the file
 * (and line); a shard with no part is an error. */
pr_error pr_shard_inputs_load(const char *zDir, int iShard, pr_shard_inputs *pOut, pr_err *pErr);

/* Adds the parts to batch b as its roster inputs (b borrows the strings:
 * pIns must outlive it). Returns 0, or -1 if memory ran out. */
int pr_shard_inputs_add(const pr_shard_inputs *pIns, pr_batch *b);

/* Frees what pIns owns; pIns stays usable (empty). */
void pr_shard_inputs_clear(pr_shard_inputs *pIns);

#endif
