/*
 * shardfile.h - one shard's part of a split CSV file (docs/SCALE.md):
 *
 *   BASE.csv.gz    gzip of the original file's records, byte for byte as
 *                  they were (the header record first), in input order
 *   BASE.lines.gz  gzip of a CSV index, one row per record of BASE.csv.gz:
 *                  "line,bytes,kind": the record's first physical line in
 *                  the original file, its length in BASE.csv.gz, and
 *                  d (whole records), u (a line whose quote is never closed)
 *                  or l (a record longer than PR_CHUNK_CAP, cut)
 *
 * The writer goes to temporary names (BASE.*.tmp) that pr_shardw_commit
 * renames, so that a failed split leaves no shard file. The reader hands
 * the records back as the chunker hands out the original's (io/chunker.h):
 * whole records with the original line numbers, broken ones alone with
 * their kind, so that parsing them gives what parsing the original gave.
 * Nothing here knows a roster.
 */
#ifndef PR_SHARDFILE_H
#define PR_SHARDFILE_H

#include <stddef.h>
#include <stdint.h>

#include "io/chunker.h"
#include "io/err.h"

typedef struct pr_shardw pr_shardw;

/* Starts writing BASE.csv.gz and BASE.lines.gz under their temporary
 * names. Returns a new writer the caller owns and frees with
 * pr_shardw_free, or NULL with pErr set (PR_ERR_IO naming the file, or
 * PR_ERR_NOMEM). */
pr_shardw *pr_shardw_new(const char *zBase, pr_err *pErr);

/* Appends one record: its bytes z[0,n) (a CHUNK_DATA record lacking its
 * final LF, the last of a file, gets one), its first line iLine in the
 * original and its kind. Returns PR_OK or PR_ERR_IO with pErr set. */
pr_error pr_shardw_add(pr_shardw *p, const char *z, size_t n, uint32_t iLine, pr_chunk_kind eKind,
                       pr_err *pErr);

/* Records written so far. */
uint64_t pr_shardw_count(const pr_shardw *p);

/* Finishes both gzip streams (still under their temporary names). Returns
 * PR_OK or PR_ERR_IO with pErr set. */
pr_error pr_shardw_close(pr_shardw *p, pr_err *pErr);

/* Renames the closed files to their final names. Returns PR_OK or
 * PR_ERR_IO with pErr set. */
pr_error pr_shardw_commit(pr_shardw *p, pr_err *pErr);

/* Frees p, removing its temporary files unless it was committed; p may be
 * NULL. */
void pr_shardw_free(pr_shardw *p);

typedef struct pr_shardr pr_shardr;

/* Opens BASE.csv.gz and BASE.lines.gz for reading. Returns a new reader
 * the caller owns and frees with pr_shardr_free, or NULL with pErr set. */
pr_shardr *pr_shardr_open(const char *zBase, pr_err *pErr);

/* Gets the next chunk into *pChunk as pr_chunker_next does: consecutive
 * whole records of consecutive original lines in one CHUNK_DATA chunk of at
 * most PR_CHUNK_CAP bytes, a broken record alone; iLine is the original
 * line of z[0]. The caller owns pChunk->z; at the end it is NULL. Returns
 * PR_OK, PR_ERR_IO or PR_ERR_GZIP (a file that is not what its index says,
 * named with the place) or PR_ERR_NOMEM. */
pr_error pr_shardr_next(pr_shardr *p, pr_chunk *pChunk, pr_err *pErr);

/* Raw (on-disk) bytes of BASE.csv.gz read so far. */
uint64_t pr_shardr_raw_offset(const pr_shardr *p);

/* Frees p; p may be NULL. */
void pr_shardr_free(pr_shardr *p);

#endif
