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

/* Starts cutting the stream p (borrowed; it must outlive the chunker). */
pr_chunker *pr_chunker_new(pr_instream *p);

/* Gets the next chunk. Returns 1 and fills *pChunk (the caller owns
 * pChunk->z), 0 at the end, or -1 with a message in zErr on a read error. */
int pr_chunker_next(pr_chunker *p, pr_chunk *pChunk, char *zErr, size_t nErr);

/* Frees p; p may be NULL. */
void pr_chunker_free(pr_chunker *p);

#endif
