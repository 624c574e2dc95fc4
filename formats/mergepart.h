/*
 * mergepart.h - the merge part of a shard: what `payrun merge` needs of a
 * shard's month that its month folder does not say (docs/SCALE.md), written
 * by the shard's run beside its folder as OUT/YYYY-MM.merge.csv.gz:
 *
 *   payrun-merge-part,1,YYYY-MM,MANIFEST_SHA256
 *   input,RANK,PATH,ROSTER,ENCODING,GZIP,SHA256,ROWS,PAID,INELIGIBLE,HELD,REJECTED
 *   program,CODE,PAID,INELIGIBLE,HELD,REJECTED
 *   line,PERSONS,ACCOUNT,KEY,HEAD
 *   head,HOUSEHOLD,NAME
 *
 * one input row per roster file the shard read (its rank among the month's
 * files, and what the manifest says of it), one program row per programme
 * (records per status), then one line row per ledger line in ledger order:
 * the persons it covers and how the shared-accounts check counts it
 * (ACCOUNT "" not counted, "H" a household with KEY its id and HEAD its
 * head's name, "h" a household without a head (the household's records
 * are another shard's, or it has no single head), "P" a person, KEY the
 * ID), then one head row per DIBAO household of the shard that has one
 * head, by id: its head's name, for the lines of other shards that name
 * the household without it.
 * The header names the SHA-256 of the month folder's manifest.json, which
 * binds the part to the run that wrote it.
 */
#ifndef PR_MERGEPART_H
#define PR_MERGEPART_H

#include <stdint.h>

#include "io/err.h"
#include "model/batch.h"

#define PR_MERGEPART_VERSION 2

/* How a line counts in the shared accounts. */
typedef enum pr_mp_acct {
    MP_ACCT_NONE = 0,        /* no account, or an institution's */
    MP_ACCT_HOUSEHOLD,       /* a DIBAO household (zKey its id) */
    MP_ACCT_PERSON           /* a lone person (zKey the ID) */
} pr_mp_acct;

/* What the part says of one ledger line. */
typedef struct pr_mp_line {
    int nPersons;            /* persons covered */
    pr_mp_acct eAcct;        /* how the shared accounts count it */
    const char *zKey;        /* household id or person ID; "" with MP_ACCT_NONE */
    const char *zHead;       /* a household's head's name, or NULL */
} pr_mp_line;

/* Writes the part of batch p at zPath (gzip, through a temporary name):
 * xLine tells what to say of line i. PR_OK, or an error with pErr set. */
pr_error pr_mergepart_write(const pr_batch *p, const char *zManifestSha, void (*xLine)(void *pArg, int i, pr_mp_line *pOut),
                            void *pArg, const char *zPath, pr_err *pErr);

/* One input row of a part, its strings valid during the call. */
typedef struct pr_mp_input {
    uint32_t iRank;          /* its rank among the month's roster files */
    const char *zPath;       /* the file as the month names it */
    pr_roster eRoster;       /* its roster */
    pr_encoding eEnc;        /* its encoding */
    int bGzip;               /* gzip-compressed */
    const char *zSha;        /* SHA-256, 64 hex digits */
    uint32_t nRows;          /* this shard's rows of it */
    uint32_t aCount[ST_COUNT];  /* their statuses */
} pr_mp_input;

/* What a reader is told, row by row; each returns PR_OK to go on or an
 * error with pErr set (the reader adds the file and line). */
typedef struct pr_mp_reader {
    pr_error (*xInput)(void *pArg, const pr_mp_input *pIn, pr_err *pErr);
    pr_error (*xProgram)(void *pArg, pr_prog eProg, const uint32_t *aCount, pr_err *pErr);
    pr_error (*xLine)(void *pArg, const pr_mp_line *pLine, pr_err *pErr);
    pr_error (*xHead)(void *pArg, const char *zHousehold, const char *zHead, pr_err *pErr);
    void *pArg;              /* passed to each (a NULL callback: those rows are checked only) */
} pr_mp_reader;

/* Reads the part at zPath of month iMonth, written with the month folder
 * whose manifest.json has the SHA-256 zManifestSha, row by row to r. PR_OK,
 * or an error with pErr naming the file and line. */
pr_error pr_mergepart_read(const char *zPath, int iMonth, const char *zManifestSha, const pr_mp_reader *r, pr_err *pErr);

#endif
