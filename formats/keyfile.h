/*
 * keyfile.h - the files of a sharded month (issue 14, docs/SCALE.md "Global
 * facts"): the key file of one shard (`payrun keys`), every valid roster
 * record that a cross-record rule may need, sorted by person; and the facts
 * file (`payrun crosscheck`), the records of the persons that two or more
 * shards hold, each with the outcome the whole month gives it.
 *
 * Both are gzip text, one header line then one entry a line, fields
 * separated by TAB, a TAB, LF, CR or backslash inside a field written
 * \t, \n, \r, \\:
 *
 *   header  payrun-keys  TAB 1 TAB month=YYYY-MM TAB shard=NAME
 *           payrun-facts TAB 1 TAB month=YYYY-MM
 *   entry   id roster rank line district status household where [shard]
 *
 * id: the 18-character ID (check character X upper-case); roster: dibao,
 * tekun, disability, orphan; rank: the file's place among the month's
 * roster files, 8 digits; line: the record's line, 10 digits; district:
 * its 6-digit code (0 if none); status: PAID, HELD, INELIGIBLE (DIBAO: its
 * household's; disability: that of DIS_LIVING); household: the DIBAO
 * household id, else empty; where: "file:line" as the shard's findings name
 * it; shard (facts only): the shard whose record it is. The lines of a file
 * are sorted by bytes, hence by id, roster, rank and line.
 */
#ifndef PR_KEYFILE_H
#define PR_KEYFILE_H

#include "io/err.h"
#include "model/batch.h"
#include "model/global.h"

/* The format version of both files. */
#define PR_KEYFILE_VERSION 1

/* One entry, its strings pointing into the line it was parsed from. */
typedef struct pr_keyent {
    const char *zId;          /* 18-character ID */
    pr_roster eRoster;        /* roster kind */
    uint32_t iRank;           /* the file's rank (< 2^24) */
    uint32_t iLine;           /* the record's line */
    int32_t iDistrict;        /* 6-digit code or 0 */
    pr_status eStatus;        /* PAID, HELD or INELIGIBLE */
    const char *zHousehold;   /* DIBAO household id, else "" */
    const char *zWhere;       /* "file:line" */
    const char *zShard;       /* facts: the record's shard; keys: NULL */
} pr_keyent;

/* Writes the key file of a computed batch to zPath: one entry per valid
 * record (not REJECTED, nor of a REJECTED household), sorted. PR_OK or an
 * error with pErr set (the file is then removed). */
pr_error pr_keyfile_write(const pr_batch *p, const char *zPath, const char *zShard, pr_err *pErr);

/* Checks the header line z of a key file (bFacts 0) or a facts file
 * (bFacts 1) and copies its month (YYYY-MM) into zMonth[8] and, for a key
 * file, its shard name into zShard[nShard]. 0, or -1 with a reason in
 * *pzWhy (static). */
int pr_keyfile_header(const char *z, int bFacts, char *zMonth, char *zShard, size_t nShard, const char **pzWhy);

/* Parses the entry line z in place (unescaping its fields) into *e, with a
 * shard field at the end when bFacts. 0, or -1 with a reason in *pzWhy. */
int pr_keyent_parse(char *z, int bFacts, pr_keyent *e, const char **pzWhy);

/* Appends entry e as a line (with its newline) to the growable buffer
 * *pz of capacity *pnCap, at *pnLen. 0 or -1 if out of memory. */
int pr_keyent_format(const pr_keyent *e, char **pz, size_t *pnCap, size_t *pnLen);

/* Reads the facts file zPath for the month zMonth (YYYY-MM) and adds to g
 * every entry of another shard than zShard. PR_OK or an error with pErr
 * set, naming the file and line. */
pr_error pr_facts_read(const char *zPath, const char *zMonth, const char *zShard, pr_global *g, pr_err *pErr);

#endif
