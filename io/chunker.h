/*
 * chunker.h - cuts a decompressed byte stream into chunks of whole CSV
 * records (quote-aware), each at most PR_CHUNK_CAP bytes, so that workers can
 * parse them independently. A record that cannot be delimited (an
 * unterminated quote, or a line longer than the cap) is handed out alone as a
 * broken chunk, and reading resumes on the next physical line.
 */
#ifndef PR_CHUNKER_H
#define PR_CHUNKER_H

#include <stddef.h>
#include <stdint.h>

#include "io/instream.h"

#define PR_CHUNK_CAP (1u << 20)   /* bytes; also the longest record accepted */

typedef enum pr_chunk_kind {
    CHUNK_DATA = 0,        /* whole records */
    CHUNK_UNTERMINATED,    /* one line starting a quoted field never closed */
    CHUNK_TOO_LONG         /* one record longer than PR_CHUNK_CAP (bytes cut) */
} pr_chunk_kind;

typedef struct pr_chunk {
    char *z;             /* the bytes, owned by the chunk (free with free()) */
    size_t n;            /* number of bytes */
    uint32_t iLine;      /* physical line number (1-based) of z[0] */
    uint32_t nLines;     /* physical lines the chunk spans */
    pr_chunk_kind eKind; /* what the chunk holds */
} pr_chunk;

typedef struct pr_chunker pr_chunker;

/* Starts cutting the stream p (borrowed; it must outlive the chunker).
 * Returns a new chunker the caller owns and frees with pr_chunker_free, or
 * NULL with pErr set to PR_ERR_NOMEM. */
pr_chunker *pr_chunker_new(pr_instream *p, pr_err *pErr);

/* Gets the next chunk into *pChunk; the caller owns pChunk->z (free with
 * free()). At the end of the stream pChunk->z is NULL and pChunk->n 0.
 * Returns PR_OK, the stream's error (PR_ERR_IO or PR_ERR_GZIP, with its
 * message naming the file and byte offset) or PR_ERR_NOMEM; pChunk->z is
 * NULL then too. */
pr_error pr_chunker_next(pr_chunker *p, pr_chunk *pChunk, pr_err *pErr);

/* Frees p; p may be NULL. */
void pr_chunker_free(pr_chunker *p);

#endif
