/*
 * instream.c - plain/gzip streaming reader with a running SHA-256 of the
 * raw bytes. gzip is recognised by its magic bytes (1f 8b); concatenated
 * members are decoded one after another, as gzip(1) does.
 *
 * A gzip file of at most WHOLE_MAX_RAW bytes is read whole and its members
 * (each at most WHOLE_MAX_OUT bytes of content) are decoded with libdeflate,
 * several times faster than zlib's streaming inflate, a batch of members at
 * a time, so that a file of many members (a ledger) is never held decoded
 * whole. From the first member libdeflate refuses, and for anything else,
 * zlib's streaming inflate takes over, which also words every error
 * (corrupt or truncated stream, with its byte offset).
 */
#include "io/instream.h"
#include "io/sha256.h"

#include <assert.h>
#include <errno.h>
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define RAW_BLOCK (1u << 18)   /* compressed bytes read at a time */
#define WHOLE_MAX_RAW ((size_t)64 << 20)    /* largest gzip file read whole */
#define WHOLE_MAX_OUT ((size_t)128 << 20)   /* largest member decoded at once */
#define OUT_BATCH ((size_t)16 << 20)        /* members decoded together up to this much */

#ifdef PR_TESTING
size_t pr_instream_test_whole_raw = WHOLE_MAX_RAW;
size_t pr_instream_test_whole_out = WHOLE_MAX_OUT;
#define WHOLE_RAW pr_instream_test_whole_raw
#define WHOLE_OUT pr_instream_test_whole_out
#else
#define WHOLE_RAW WHOLE_MAX_RAW
#define WHOLE_OUT WHOLE_MAX_OUT
#endif

struct pr_instream {
    char *zPath;            /* the file's path, for messages, owned */
    FILE *pFile;            /* the open file, owned */
    pr_sha256 *pHash;       /* hash of raw bytes read so far, owned */
    int bGzip;              /* 1 if the file starts with the gzip magic */
    int bEof;               /* raw end of file reached */
    int bDone;              /* no more decompressed output */
    int bInMember;          /* inside a gzip member (between header and end) */
    z_stream zs;            /* inflate state, when bGzip */
    unsigned char *aRaw;    /* raw block buffer (RAW_BLOCK bytes), owned */
    uint64_t nRawRead;      /* raw bytes read so far (for error offsets) */
    unsigned char aPeek[2]; /* first bytes, when plain */
    size_t nPeek;           /* bytes in aPeek not yet returned */
    size_t nPeekTotal;      /* bytes read into aPeek */
    unsigned char *aWhole;  /* the whole raw file when read at once, owned;
                             * zlib reads from it if libdeflate refused it */
    size_t nWhole;          /* bytes in aWhole */
    size_t iWholeIn;        /* bytes of aWhole libdeflate has decoded */
    int bWhole;             /* content comes from aOut, decoded by libdeflate */
    struct libdeflate_decompressor *pDec;   /* libdeflate's state, owned */
    unsigned char *aOut;    /* the batch libdeflate decoded, owned */
    size_t nOutCap;         /* bytes allocated in aOut */
    size_t nOut;            /* bytes in aOut */
    size_t iOut;            /* bytes of aOut handed out so far */
};

static size_t raw_fill(pr_instream *p)
{
    size_t n = fread(p->aRaw, 1, RAW_BLOCK, p->pFile);
    if (n < RAW_BLOCK) p->bEof = 1;
    pr_sha256_update(p->pHash, p->aRaw, n);
    p->nRawRead += n;
    return n;
}

/* Decodes the next members of p->aWhole (the whole file), from byte
 * iWholeIn, with libdeflate into p->aOut: at least one member, and more
 * while under OUT_BATCH bytes, so that a file of many members (a ledger) is
 * held one batch at a time. The buffer starts at a guess from the file's
 * last 4 bytes (the last member's size mod 2^32: exact for one member) and
 * grows up to WHOLE_MAX_OUT for a member that does not fit. Returns 1 with
 * the batch in aOut, 0 when every member is decoded, or -1 when libdeflate
 * refuses the member at iWholeIn (not valid gzip, data after the last
 * member, larger than WHOLE_MAX_OUT, out of memory): zlib then decodes from
 * that byte and says what is wrong, if anything. */
static int decode_batch(pr_instream *p)
{
    if (p->iWholeIn >= p->nWhole) return 0;
    if (!p->pDec && !(p->pDec = libdeflate_alloc_decompressor())) return -1;
    if (!p->aOut) {
        const unsigned char *t = p->aWhole + p->nWhole - 4;
        size_t nCap = ((size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 | (size_t)t[3] << 24) + 1;
        if (nCap < 3 * p->nWhole) nCap = 3 * p->nWhole;
        if (nCap > WHOLE_OUT) nCap = WHOLE_OUT;
        if (!(p->aOut = malloc(nCap))) return -1;
        p->nOutCap = nCap;
    }
    size_t nOut = 0;
    while (p->iWholeIn < p->nWhole && nOut < OUT_BATCH) {
        size_t nIn = 0, nGot = 0;
        enum libdeflate_result r = p->aWhole[p->iWholeIn] != 0x1f ? LIBDEFLATE_BAD_DATA
            : libdeflate_gzip_decompress_ex(p->pDec, p->aWhole + p->iWholeIn, p->nWhole - p->iWholeIn, p->aOut + nOut,
                                            p->nOutCap - nOut, &nIn, &nGot);
        if (r == LIBDEFLATE_SUCCESS) {
            p->iWholeIn += nIn;
            nOut += nGot;
            continue;
        }
        if (nOut) break;   /* this member starts the next batch */
        if (r != LIBDEFLATE_INSUFFICIENT_SPACE || p->nOutCap >= WHOLE_OUT) return -1;
        size_t nNew = p->nOutCap * 2 > WHOLE_OUT ? WHOLE_OUT : p->nOutCap * 2;
        unsigned char *aNew = realloc(p->aOut, nNew);
        if (!aNew) return -1;
        p->aOut = aNew;
        p->nOutCap = nNew;
    }
    p->nOut = nOut;
    p->iOut = 0;
    return 1;
}

/* Leaves libdeflate for zlib at byte iWholeIn of p->aWhole, a member's
 * start (or data where one should start). */
static void whole_to_zlib(pr_instream *p)
{
    free(p->aOut);
    p->aOut = NULL;
    p->bWhole = 0;
    p->zs.next_in = p->aWhole + p->iWholeIn;
    p->zs.avail_in = (uInt)(p->nWhole - p->iWholeIn);
    p->bInMember = 0;   /* read_gzip checks that a member starts here */
}

/* For a gzip file (its two magic bytes in aPeek) of at most WHOLE_MAX_RAW
 * bytes: reads the rest into p->aWhole, hashing it, and decodes its first
 * members with decode_batch; if that is refused, zlib is set to read
 * p->aWhole. A larger
 * file, or one that grew while being read, is left to (or continued by)
 * the streaming path. Returns 0, or -1 on a read error (errno set). */
static int read_whole(pr_instream *p)
{
    struct stat st;
    if (fstat(fileno(p->pFile), &st) || !S_ISREG(st.st_mode) || st.st_size < 18
        || (unsigned long long)st.st_size > WHOLE_RAW)
        return 0;
    size_t nSize = (size_t)st.st_size;
    if (!(p->aWhole = malloc(nSize))) return 0;   /* then stream it */
    memcpy(p->aWhole, p->aPeek, 2);
    size_t n = fread(p->aWhole + 2, 1, nSize - 2, p->pFile);
    if (ferror(p->pFile)) return -1;
    pr_sha256_update(p->pHash, p->aWhole + 2, n);
    p->nRawRead += n;
    int c = n == nSize - 2 ? fgetc(p->pFile) : EOF;
    if (c == EOF) {
        if (ferror(p->pFile)) return -1;
        p->bEof = 1;
    } else {
        ungetc(c, p->pFile);   /* it grew: zlib streams the rest after aWhole */
    }
    p->nWhole = 2 + n;
    p->iWholeIn = 0;
    p->bWhole = 1;
    if (!p->bEof || decode_batch(p) < 0) whole_to_zlib(p);
    return 0;
}

pr_instream *pr_instream_open(const char *zPath, pr_err *pErr)
{
    pr_instream *p = calloc(1, sizeof(*p));
    if (!p || !(p->zPath = strdup(zPath))) {
        pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath);
        goto fail;
    }
    p->pFile = fopen(zPath, "rb");
    if (!p->pFile) {
        pr_err_set(pErr, PR_ERR_IO, "%s: cannot open: %s", zPath, strerror(errno));
        goto fail;
    }
    p->pHash = pr_sha256_new(NULL);
    p->aRaw = malloc(RAW_BLOCK);
    if (!p->pHash || !p->aRaw) { pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto fail; }
    size_t n = fread(p->aPeek, 1, 2, p->pFile);
    if (ferror(p->pFile)) {
        pr_err_set(pErr, PR_ERR_IO, "%s: cannot read: %s", zPath, strerror(errno));
        goto fail;
    }
    pr_sha256_update(p->pHash, p->aPeek, n);
    p->nRawRead = n;
    p->nPeek = n;
    p->nPeekTotal = n;
    if (n < 2) p->bEof = feof(p->pFile) ? 1 : 0;
    if (n == 2 && p->aPeek[0] == 0x1f && p->aPeek[1] == 0x8b) {
        p->bGzip = 1;
        int zrc = inflateInit2(&p->zs, 16 + MAX_WBITS);
        if (zrc != Z_OK) {
            pr_err_set(pErr, zrc == Z_MEM_ERROR ? PR_ERR_NOMEM : PR_ERR_GZIP, "%s: cannot start gzip decoder", zPath);
            goto fail;
        }
        if (read_whole(p)) { pr_err_set(pErr, PR_ERR_IO, "%s: cannot read: %s", zPath, strerror(errno)); goto fail; }
        if (!p->aWhole) {
            /* feed the two magic bytes back through the decoder */
            memcpy(p->aRaw, p->aPeek, 2);
            size_t nMore = fread(p->aRaw + 2, 1, RAW_BLOCK - 2, p->pFile);
            if (nMore < RAW_BLOCK - 2) p->bEof = 1;
            pr_sha256_update(p->pHash, p->aRaw + 2, nMore);
            p->nRawRead += nMore;
            p->zs.next_in = p->aRaw;
            p->zs.avail_in = (uInt)(2 + nMore);
            p->bInMember = 1;
        }
        p->nPeek = 0;
    }
    return p;
fail:
    pr_instream_free(p);   /* p may be NULL */
    return NULL;
}

static pr_error read_plain(pr_instream *p, unsigned char *pBuf, size_t nBuf,
                           size_t *pnRead, pr_err *pErr)
{
    size_t nOut = 0;
    while (p->nPeek > 0 && nOut < nBuf) {
        pBuf[nOut++] = p->aPeek[p->nPeekTotal - p->nPeek];
        p->nPeek--;
    }
    if (nOut < nBuf && !p->bEof) {
        size_t n = fread(pBuf + nOut, 1, nBuf - nOut, p->pFile);
        if (ferror(p->pFile)) {
            return pr_err_set(pErr, PR_ERR_IO, "%s: cannot read: %s", p->zPath, strerror(errno));
        }
        if (n < nBuf - nOut) p->bEof = 1;
        pr_sha256_update(p->pHash, pBuf + nOut, n);
        p->nRawRead += n;
        nOut += n;
    }
    assert(nOut <= nBuf);
    *pnRead = nOut;
    return PR_OK;
}

static pr_error read_gzip(pr_instream *p, unsigned char *pBuf, size_t nBuf,
                          size_t *pnRead, pr_err *pErr)
{
    p->zs.next_out = pBuf;
    p->zs.avail_out = (uInt)(nBuf > (1u << 30) ? (1u << 30) : nBuf);
    while (p->zs.avail_out > 0 && !p->bDone) {
        if (p->zs.avail_in == 0) {
            if (p->bEof) {
                if (p->bInMember) {
                    return pr_err_set(pErr, PR_ERR_GZIP,
                                      "%s: truncated gzip stream: it ends inside a member at byte offset %llu",
                                      p->zPath, (unsigned long long)p->nRawRead);
                }
                p->bDone = 1;
                break;
            }
            size_t n = raw_fill(p);
            if (ferror(p->pFile)) {
                return pr_err_set(pErr, PR_ERR_IO, "%s: cannot read: %s", p->zPath, strerror(errno));
            }
            p->zs.next_in = p->aRaw;
            p->zs.avail_in = (uInt)n;
            continue;
        }
        if (!p->bInMember) {
            /* between members: another member must start here */
            if (p->zs.next_in[0] != 0x1f) {
                return pr_err_set(pErr, PR_ERR_GZIP,
                                  "%s: corrupt gzip stream: unexpected data after a member at byte offset %llu",
                                  p->zPath, (unsigned long long)(p->nRawRead - p->zs.avail_in));
            }
            inflateReset(&p->zs);
            p->bInMember = 1;
        }
        int zrc = inflate(&p->zs, Z_NO_FLUSH);
        if (zrc == Z_STREAM_END) {
            p->bInMember = 0;
        } else if (zrc == Z_BUF_ERROR) {
            if (p->zs.avail_in != 0 && p->zs.avail_out != 0) {
                return pr_err_set(pErr, PR_ERR_GZIP, "%s: corrupt gzip stream at byte offset %llu",
                                  p->zPath, (unsigned long long)(p->nRawRead - p->zs.avail_in));
            }
        } else if (zrc != Z_OK) {
            return pr_err_set(pErr, zrc == Z_MEM_ERROR ? PR_ERR_NOMEM : PR_ERR_GZIP, "%s: corrupt gzip stream at byte offset %llu: %s",
                              p->zPath, (unsigned long long)(p->nRawRead - p->zs.avail_in),
                              p->zs.msg ? p->zs.msg : "data error");
        }
    }
    *pnRead = (size_t)(p->zs.next_out - pBuf);
    assert(*pnRead <= nBuf);
    return PR_OK;
}

pr_error pr_instream_read(pr_instream *p, void *pBuf, size_t nBuf, size_t *pnRead, pr_err *pErr)
{
    *pnRead = 0;
    if (nBuf == 0) return PR_OK;
    while (p->bWhole) {
        assert(p->iOut <= p->nOut);
        if (p->iOut < p->nOut) {
            size_t n = p->nOut - p->iOut < nBuf ? p->nOut - p->iOut : nBuf;
            memcpy(pBuf, p->aOut + p->iOut, n);
            p->iOut += n;
            *pnRead = n;
            return PR_OK;
        }
        int k = decode_batch(p);
        if (k == 0) return PR_OK;   /* the end */
        if (k < 0) whole_to_zlib(p);
    }
    return p->bGzip ? read_gzip(p, pBuf, nBuf, pnRead, pErr)
                    : read_plain(p, pBuf, nBuf, pnRead, pErr);
}

pr_error pr_instream_drain(pr_instream *p, pr_err *pErr)
{
    while (!p->bEof) {
        raw_fill(p);
        if (ferror(p->pFile)) {
            return pr_err_set(pErr, PR_ERR_IO, "%s: cannot read: %s", p->zPath, strerror(errno));
        }
    }
    return PR_OK;
}

void pr_instream_sha256_hex(pr_instream *p, char *zHex)
{
    pr_sha256_final_hex(p->pHash, zHex);
}

int pr_instream_is_gzip(const pr_instream *p) { return p->bGzip; }

#ifdef PR_TESTING
int pr_instream_test_decoded(const pr_instream *p) { return p->bWhole; }
#endif

uint64_t pr_instream_raw_offset(const pr_instream *p) { return p->nRawRead; }

void pr_instream_free(pr_instream *p)
{
    if (!p) return;
    if (p->bGzip) inflateEnd(&p->zs);
    if (p->pFile) fclose(p->pFile);
    pr_sha256_free(p->pHash);
    free(p->aRaw);
    free(p->aWhole);
    free(p->aOut);
    libdeflate_free_decompressor(p->pDec);
    free(p->zPath);
    free(p);
}
