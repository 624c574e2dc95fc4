/*
 * plan.h - the shard plan (docs/SCALE.md): which shard of a split month
 * each district's rows go to, and the few DIBAO households whose rows name
 * more than one district, each sent whole to one shard. `payrun plan`
 * writes it, `payrun split` routes by it. The file is a small CSV:
 *
 *   kind,code,shard,rows
 *   shards,,3,1200          the shard count (first row), the rows counted
 *   district,320613,0,500   a district code, its shard, its rows
 *   household,H0042,1,3     a household sent whole to one shard
 *
 * Every problem of a plan file names it and its line (PR_ERR_CONFIG).
 */
#ifndef PR_PLAN_H
#define PR_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "io/err.h"

#define PR_PLAN_MAX_SHARDS 4096   /* most shards a plan may name */

/* One district of a plan. */
typedef struct pr_plan_district {
    int iCode;                    /* 6-digit division code */
    int iShard;                   /* its shard, 0..nShard-1 */
    long long nRows;              /* roster rows counted for it */
} pr_plan_district;

/* One household sent whole to a shard. */
typedef struct pr_plan_house {
    char *zId;                    /* household id (UTF-8), owned */
    int iShard;                   /* its shard, 0..nShard-1 */
    long long nRows;              /* its rows counted */
} pr_plan_house;

/* A plan: districts sorted by code, households by id (bytes). */
typedef struct pr_plan {
    int nShard;                   /* shard count, 1..PR_PLAN_MAX_SHARDS */
    long long nRows;              /* every roster row counted */
    pr_plan_district *aDistrict;  /* owned, sorted by iCode */
    int nDistrict;
    pr_plan_house *aHouse;        /* owned, sorted by zId */
    int nHouse;
} pr_plan;

/* Parses the plan text z[0,n) (z writable: quotes are unescaped in place),
 * naming zPath in its messages. Returns a new plan the caller owns and
 * frees with pr_plan_free, or NULL with pErr set ("<path>:<line>: ..."). */
pr_plan *pr_plan_parse(const char *zPath, char *z, size_t n, pr_err *pErr);

/* Reads and parses the plan file zPath (plain or gzip, UTF-8). Returns a
 * new plan the caller owns, or NULL with pErr set. */
pr_plan *pr_plan_load(const char *zPath, pr_err *pErr);

/* Assigns each of the n districts (aDistrict[i].nRows filled) a shard of
 * nShard: largest first (ties: the smaller code first) onto the shard with
 * the fewest rows so far (ties: the lower shard). Sorts aDistrict by code. */
void pr_plan_balance(pr_plan_district *aDistrict, int n, int nShard);

/* Sorts the plan's districts and households into the order the look-ups
 * need (after they were added in any order). */
void pr_plan_sort(pr_plan *p);

/* The shard of district iCode, or -1 if the plan does not name it. */
int pr_plan_district_shard(const pr_plan *p, int iCode);

/* The shard of household zId (n bytes), or -1 if the plan does not name it. */
int pr_plan_house_shard(const pr_plan *p, const char *zId, size_t n);

/* Writes p to zPath as the CSV above (through a temporary name, renamed
 * when complete). Returns PR_OK or PR_ERR_IO/PR_ERR_NOMEM with pErr set. */
pr_error pr_plan_write(const pr_plan *p, const char *zPath, pr_err *pErr);

/* Frees p and what it owns; p may be NULL. */
void pr_plan_free(pr_plan *p);

#endif
