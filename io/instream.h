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

typedef struct pr_instream pr_instream;

/* Opens zPath. Returns a new stream the caller frees with pr_instream_free,
 * or NULL with a message in zErr (nErr bytes). zPath is not kept. */
pr_instream *pr_instream_open(const char *zPath, char *zErr, size_t nErr);

/* Reads up to nBuf decompressed bytes into pBuf. Returns the count, 0 at the
 * end of the file, or -1 with a message (naming the compressed byte offset
 * for a corrupt or truncated gzip stream) in zErr. */
ssize_t pr_instream_read(pr_instream *p, void *pBuf, size_t nBuf,
                         char *zErr, size_t nErr);

/* Reads the rest of the raw file (without decompressing it) into the hash,
 * so that the digest covers every byte on disk. Returns 0 or -1. */
int pr_instream_drain(pr_instream *p, char *zErr, size_t nErr);

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
