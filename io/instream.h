/*
 * instream.h - a streaming reader of one input file: plain or gzip (by magic
 * bytes, multi-member streams included), with the SHA-256 of the bytes as
 * they are on disk. Reads in bounded blocks; never holds the whole file.
 */
#ifndef PR_INSTREAM_H
#define PR_INSTREAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "io/err.h"

typedef struct pr_instream pr_instream;

/* Opens zPath. Returns a new stream the caller owns and frees with
 * pr_instream_free, or NULL with pErr set ("<path>: cannot open: ...";
 * PR_ERR_IO or PR_ERR_NOMEM). The stream keeps its own copy of zPath, to
 * name the file in the messages of the calls below. */
pr_instream *pr_instream_open(const char *zPath, pr_err *pErr);

/* Reads up to nBuf decompressed bytes into pBuf (the caller's) and sets
 * *pnRead to the count, 0 at the end of the file. Returns PR_OK, or
 * PR_ERR_IO or PR_ERR_GZIP with a message "<path>: <problem>" (naming the
 * compressed byte offset for a corrupt or truncated gzip stream). */
pr_error pr_instream_read(pr_instream *p, void *pBuf, size_t nBuf, size_t *pnRead,
                          pr_err *pErr);

/* Reads the rest of the raw file (without decompressing it) into the hash,
 * so that the digest covers every byte on disk. Returns PR_OK or PR_ERR_IO
 * with a message "<path>: cannot read: ...". */
pr_error pr_instream_drain(pr_instream *p, pr_err *pErr);

/* Copies the SHA-256 of the raw bytes read so far as 64 lower-case hex
 * characters and a NUL into zHex (65 bytes). Call after the end is reached. */
void pr_instream_sha256_hex(pr_instream *p, char *zHex);

/* Raw (on-disk) bytes read so far. */
uint64_t pr_instream_raw_offset(const pr_instream *p);

/* 1 if the file is gzip-compressed. */
int pr_instream_is_gzip(const pr_instream *p);

#ifdef PR_TESTING
/* Tests only: the largest file read whole and the largest content decoded
 * at once (0 forces the streaming path), and whether p's content was
 * decoded whole. */
extern size_t pr_instream_test_whole_raw;
extern size_t pr_instream_test_whole_out;
int pr_instream_test_decoded(const pr_instream *p);
#endif

/* Closes the file and frees p; p may be NULL. */
void pr_instream_free(pr_instream *p);

#endif
