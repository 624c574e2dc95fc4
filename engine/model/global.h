/*
 * global.h - the global facts of a sharded month (issue 14, docs/SCALE.md):
 * the records that other shards hold of the persons this shard also holds,
 * each with the outcome the whole month gives it. `payrun run --global`
 * puts them beside the shard's own records in the cross-record rules
 * (conflicts, disability, PRICE), where they take the place of the records
 * the single run would have seen; they make no line, finding or count.
 */
#ifndef PR_GLOBAL_H
#define PR_GLOBAL_H

#include "io/arena.h"
#include "model/record.h"
#include "model/types.h"

/* The other shards' records, in the order they were added (the facts
 * file's: by person, then roster, rank and line). */
typedef struct pr_global {
    pr_record *aRec;          /* the records (bGhost set; aStatus[0] their outcome), owned */
    uint64_t *aOrder;         /* per record: roster << 56 | rank << 32 | line, the order of one person's records */
    const char **azWhere;     /* per record: "file:line" as its shard names it, in arena */
    int nRec, nCap;           /* count and capacity of the three arrays */
    pr_arena arena;           /* the strings */
} pr_global;

/* An empty set; NULL if out of memory. The caller frees it (pr_global_free). */
pr_global *pr_global_new(void);

/* Appends a record of another shard: the person's 18-character ID zId
 * (validated by the caller), its roster, the rank of its file and its line,
 * its district, its outcome, its household id ("" but for DIBAO) and where
 * its shard shows it. The strings are copied. Returns 0, or -1 if out of
 * memory or past PR_GLOBAL_MAX records. */
int pr_global_add(pr_global *g, const char *zId, pr_roster eRoster, uint32_t iRank, uint32_t iLine,
                  int32_t iDistrict, pr_status eStatus, const char *zHousehold, const char *zWhere);

/* Hard cap on the records of a facts file. */
#define PR_GLOBAL_MAX (1 << 28)

/* Frees the set; NULL is a no-op. */
void pr_global_free(pr_global *g);

#endif
