/*
 * csvstream.h - a clean CSV file (one payrun wrote: UTF-8, gzip or plain)
 * read a record at a time in bounded chunks, never held whole: for the
 * files a sharded month's merge reads back from its shards. A record that
 * is not well-formed CSV or UTF-8 stops the reading with its file and line.
 */
#ifndef PR_CSVSTREAM_H
#define PR_CSVSTREAM_H

#include <stdint.h>

#include "io/csv.h"
#include "io/err.h"

typedef struct pr_csvstream pr_csvstream;

/* Opens zPath (borrowed: it must outlive the stream). Returns a stream
 * owned by the caller (pr_csvstream_free), or NULL with pErr set
 * (PR_ERR_IO naming the file, or PR_ERR_NOMEM). */
pr_csvstream *pr_csvstream_open(const char *zPath, pr_err *pErr);

/* The next record: 1 with *ppRow its fields (the stream's, valid until the
 * next call) and *piLine its first physical line; 0 at the end; -1 with
 * pErr set ("<file>:<line>: ..." for a malformed record, the stream's
 * message naming the file and byte offset for a corrupt file). Blank lines
 * are passed over. */
int pr_csvstream_next(pr_csvstream *s, const pr_csvrow **ppRow, uint32_t *piLine, pr_err *pErr);

/* Frees s; s may be NULL. */
void pr_csvstream_free(pr_csvstream *s);

#endif
