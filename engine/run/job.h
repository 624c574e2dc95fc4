/*
 * job.h - the options of `payrun run` and `payrun check`, and the job file
 * (`--job FILE`) that holds them for unattended runs: an INI file read with
 * inih, its values filling the same pr_run_opts the command line fills.
 *
 *   [run]      policy, index, out, prev (auto or a path), threads,
 *              max_reject_rate, encoding, sign_key, bank_formats
 *   [rosters]  one key per roster (dibao, tekun, disability, orphan: the
 *              roster descriptors' names); each a glob, repeatable
 *   [cycle]    returns, adjustments: globs, repeatable
 *
 * {month} and {prev} (the batch month and the month before it, YYYY-MM)
 * expand in every path. Globs expand with glob(3), sorted by bytes (not by
 * the locale), and must each match a file. What the command line gives wins:
 * a roster option replaces that programme's patterns of the file, --returns
 * and --adjustments those of [cycle]. Every problem of the file names it, its
 * line and key, and is a PR_ERR_CONFIG (exit 2), before anything is read or
 * written for the month.
 */
#ifndef PR_RUN_JOB_H
#define PR_RUN_JOB_H

#include "io/encoding.h"
#include "io/err.h"
#include "model/record.h"

/* One roster file of the run, in the order given. */
typedef struct pr_run_input { const char *zPath; pr_roster e; } pr_run_input;

typedef struct pr_job pr_job;

/* The options of a run (payrun.c fills them from the command line, then
 * pr_job_apply from the job file). */
typedef struct pr_run_opts {
    const char *zMonth, *zPolicy, *zIndex, *zOut, *zPrev, *zSignKey;
    const char *zBankFormats;             /* bank_formats of the job file (see payrun.c) */
    const char **azReturns, **azAdjust;   /* --returns, --adjustments; owned arrays */
    int nReturns, nAdjust;
    int nThreads;
    pr_encoding eEnc;
    int bForce, bJson, bProgress, bCheck;
    int nMaxRejectBp;
    pr_run_input *aIn;                    /* owned array */
    int nIn;
    /* what the command line set, so that the job file does not replace it */
    int bThreadsSet, bEncSet, bRejectSet;
    const char *zJob;                     /* --job FILE */
    const char *zGlobal;                  /* --global FACTS (run, check): the other shards' records */
    const char *zShard;                   /* --shard NAME (keys, --global): this shard's name */
    const char *zRanks;                   /* --ranks N,N,... (keys, --global): the roster files' ranks */
    int bKeys;                            /* payrun keys: --out is the key file */
    int bMerge;                           /* payrun merge: the shards' months into one */
    const char *zShardDir;                /* run --shard-dir: a shard's run, which leaves a merge part */
    const char *zShardOut;                /* merge --shard-out: the folder of the shards' shard-K/ */
    int nShards;                          /* merge --shards */
    pr_job *pJob;                         /* owns every string the job file gave */
} pr_run_opts;

/* Reads the job file zFile: its sections, keys and the type of each value
 * (nothing expanded yet). Returns the job, or NULL with pErr set. */
pr_job *pr_job_read(const char *zFile, pr_err *pErr);

/* Fills every option of o that the command line left unset from the job:
 * expands {month} and {prev} (o->zMonth must be a valid YYYY-MM), the
 * globs, and prev = auto (o->zOut's folder of the month before, which must
 * exist). o's arrays grow as needed; the strings stay owned by j. */
pr_error pr_job_apply(pr_job *j, pr_run_opts *o, pr_err *pErr);

/* Frees the job and every string it gave (NULL is a no-op). */
void pr_job_free(pr_job *j);

#endif
