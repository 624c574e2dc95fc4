/*
 * test_instream.c - plain and gzip streaming reads, gzip error reporting
 * and the SHA-256 of the raw bytes (io/instream.h).
 */
#include "tests/testutil.h"
#include "io/instream.h"
#include "io/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pr_err err;   /* the error of the last failed call */

/* A few hundred KiB of varied CSV text (NUL-terminated, malloc'd). */
static char *make_text(size_t nRows)
{
    size_t nCap = nRows * 64 + 1, n = 0;
    char *z = malloc(nCap);
    if (!z) return NULL;
    unsigned x = 12345;
    for (size_t i = 0; i < nRows; i++) {
        x = x * 1103515245u + 12345u;
        n += (size_t)snprintf(z + n, nCap - n, "%zu,张三%u,\"q,%u\",%u.%02u\n", i, x % 1000, (x >> 8) % 97, x % 5000, x % 100);
    }
    z[n] = 0;
    return z;
}

/* Reads the whole stream zPath with reads of at most nPiece bytes. Returns
 * a malloc'd buffer and *pn, or NULL and *prc = -1 on an error. */
static char *read_all(const char *zPath, size_t nPiece, size_t *pn, int *prc, char *zHex)
{
    *prc = 0;
    *pn = 0;
    pr_err_init(&err);
    pr_instream *p = pr_instream_open(zPath, &err);
    if (!p) { *prc = -2; return NULL; }
    size_t nCap = 1 << 16, n = 0;
    char *z = malloc(nCap + 1);
    for (;;) {
        while (nCap - n < nPiece) { nCap *= 2; z = realloc(z, nCap + 1); }
        CU_ASSERT_PTR_NOT_NULL_FATAL(z);
        size_t k;
        if (pr_instream_read(p, z + n, nPiece, &k, &err)) { *prc = -1; free(z); pr_instream_free(p); return NULL; }
        if (k == 0) break;
        CU_ASSERT(k <= nPiece);
        n += k;
    }
    z[n] = 0;
    if (zHex) {
        CU_ASSERT_EQUAL(pr_instream_drain(p, &err), PR_OK);
        pr_instream_sha256_hex(p, zHex);
    }
    pr_instream_free(p);
    *pn = n;
    return z;
}

static void test_plain_small_pieces(void)
{
    const char *zText = "id,name\n320613199003071235,张三\n";
    const char *zPath = tu_write_str("plain.csv", zText);
    static const size_t aPiece[] = { 1, 2, 3, 7, 4096 };
    for (size_t i = 0; i < sizeof(aPiece) / sizeof(aPiece[0]); i++) {
        size_t n;
        int rc;
        char *z = read_all(zPath, aPiece[i], &n, &rc, NULL);
        CU_ASSERT_EQUAL(rc, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(z);
        CU_ASSERT_EQUAL(n, strlen(zText));
        CU_ASSERT_STRING_EQUAL(z, zText);
        free(z);
    }
    pr_instream *p = pr_instream_open(zPath, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(pr_instream_is_gzip(p), 0);
    pr_instream_free(p);
    /* one and two byte files */
    size_t n;
    int rc;
    char *z = read_all(tu_write_str("one.csv", "x"), 1, &n, &rc, NULL);
    CU_ASSERT(rc == 0 && n == 1 && z && z[0] == 'x');
    free(z);
    z = read_all(tu_write("two.bin", "\x1f\x00", 2), 5, &n, &rc, NULL);   /* not gzip magic */
    CU_ASSERT(rc == 0 && n == 2 && z && z[0] == 0x1f && z[1] == 0);
    free(z);
}

static void test_empty_file(void)
{
    const char *zPath = tu_write("empty.csv", "", 0);
    char zHex[65];
    size_t n = 99;
    int rc;
    char *z = read_all(zPath, 100, &n, &rc, zHex);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(n, 0);
    free(z);
    /* SHA-256 of nothing */
    CU_ASSERT_STRING_EQUAL(zHex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_gzip_one_member(void)
{
    char *zText = make_text(100000);   /* several raw blocks compressed */
    CU_ASSERT_PTR_NOT_NULL_FATAL(zText);
    const char *zPath = tu_write_gz("one.csv.gz", zText, 1);
    pr_instream *p = pr_instream_open(zPath, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(pr_instream_is_gzip(p), 1);
    pr_instream_free(p);
    static const size_t aPiece[] = { 1000, 65536, 1 << 20 };
    for (size_t i = 0; i < sizeof(aPiece) / sizeof(aPiece[0]); i++) {
        size_t n;
        int rc;
        char *z = read_all(zPath, aPiece[i], &n, &rc, NULL);
        CU_ASSERT_EQUAL(rc, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(z);
        CU_ASSERT_EQUAL(n, strlen(zText));
        CU_ASSERT(memcmp(z, zText, n) == 0);
        free(z);
    }
    /* byte-sized reads of a small member */
    size_t n;
    int rc;
    char *z = read_all(tu_write_gz("tiny.csv.gz", "a,b\nc,d\n", 1), 1, &n, &rc, NULL);
    CU_ASSERT(rc == 0 && z && n == 8 && strcmp(z, "a,b\nc,d\n") == 0);
    free(z);
    free(zText);
}

static void test_gzip_two_members(void)
{
    char *zText = make_text(20000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zText);
    const char *zPath = tu_write_gz("two.csv.gz", zText, 2);
    size_t n;
    int rc;
    char *z = read_all(zPath, 4096, &n, &rc, NULL);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_EQUAL(n, strlen(zText));
    CU_ASSERT(memcmp(z, zText, n) == 0);
    free(z);
    /* many small members, read byte by byte */
    z = read_all(tu_write_gz("five.csv.gz", "1,2\n3,4\n5,6\n7,8\n9,0\n", 5), 1, &n, &rc, NULL);
    CU_ASSERT(rc == 0 && z && strcmp(z, "1,2\n3,4\n5,6\n7,8\n9,0\n") == 0);
    free(z);
    free(zText);
}

/* Reads a whole file into memory. */
static unsigned char *slurp(const char *zPath, size_t *pn)
{
    FILE *f = fopen(zPath, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *a = malloc((size_t)n + 1);
    if (a && fread(a, 1, (size_t)n, f) != (size_t)n) { free(a); a = NULL; }
    fclose(f);
    *pn = (size_t)n;
    return a;
}

static void test_gzip_truncated(void)
{
    char *zText = make_text(100000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zText);
    size_t nGz;
    unsigned char *aGz = slurp(tu_write_gz("full.csv.gz", zText, 1), &nGz);
    CU_ASSERT_PTR_NOT_NULL_FATAL(aGz);
    CU_ASSERT_FATAL(nGz > 100);
    const char *zPath = tu_write("cut.csv.gz", aGz, nGz - 10);
    size_t n;
    int rc;
    char *z = read_all(zPath, 65536, &n, &rc, NULL);
    CU_ASSERT_PTR_NULL(z);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "truncated"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "byte offset"));
    free(z);
    /* cut in the middle of the deflate data, and inside the header */
    zPath = tu_write("half.csv.gz", aGz, nGz / 2);
    z = read_all(zPath, 65536, &n, &rc, NULL);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "truncated"));
    free(z);
    zPath = tu_write("head.csv.gz", aGz, 5);
    z = read_all(zPath, 65536, &n, &rc, NULL);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "truncated"));
    free(z);
    /* only the last trailer byte missing */
    zPath = tu_write("cut1.csv.gz", aGz, nGz - 1);
    z = read_all(zPath, 65536, &n, &rc, NULL);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "truncated"));
    free(z);
    free(aGz);
    free(zText);
}

static void test_gzip_corrupt(void)
{
    char *zText = make_text(20000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zText);
    size_t nGz;
    unsigned char *aGz = slurp(tu_write_gz("full2.csv.gz", zText, 1), &nGz);
    CU_ASSERT_PTR_NOT_NULL_FATAL(aGz);
    for (size_t i = nGz / 2; i < nGz / 2 + 16; i++) aGz[i] ^= 0xFF;
    const char *zPath = tu_write("corrupt.csv.gz", aGz, nGz);
    size_t n;
    int rc;
    char *z = read_all(zPath, 65536, &n, &rc, NULL);
    CU_ASSERT_PTR_NULL(z);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "corrupt"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "byte offset"));
    free(z);
    /* a wrong CRC in the trailer (data intact) */
    unsigned char *aGz2 = slurp(tu_write_gz("full3.csv.gz", "a,b\n", 1), &nGz);
    CU_ASSERT_PTR_NOT_NULL_FATAL(aGz2);
    aGz2[nGz - 8] ^= 0x01;
    z = read_all(tu_write("crc.csv.gz", aGz2, nGz), 65536, &n, &rc, NULL);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "byte offset"));
    free(z);
    free(aGz2);
    free(aGz);
    free(zText);
}

static void test_gzip_trailing_garbage(void)
{
    size_t nGz;
    unsigned char *aGz = slurp(tu_write_gz("g.csv.gz", "a,b\nc,d\n", 1), &nGz);
    CU_ASSERT_PTR_NOT_NULL_FATAL(aGz);
    unsigned char *a = malloc(nGz + 8);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    memcpy(a, aGz, nGz);
    memcpy(a + nGz, "garbage\n", 8);
    size_t n;
    int rc;
    char *z = read_all(tu_write("garbage.csv.gz", a, nGz + 8), 65536, &n, &rc, NULL);
    CU_ASSERT_PTR_NULL(z);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "byte offset"));
    free(z);
    /* garbage that starts like a gzip magic byte */
    memcpy(a + nGz, "\x1f" "arbage\n", 8);
    z = read_all(tu_write("garbage2.csv.gz", a, nGz + 8), 65536, &n, &rc, NULL);
    CU_ASSERT_EQUAL(rc, -1);
    free(z);
    free(a);
    free(aGz);
}

static void test_sha256(void)
{
    char zHex[65];
    size_t n;
    int rc;
    char *z = read_all(tu_write_str("abc.txt", "abc"), 1, &n, &rc, zHex);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_STRING_EQUAL(zHex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    free(z);
    /* drained without reading anything: the digest still covers the file */
    pr_instream *p = pr_instream_open(tu_write_str("abc2.txt", "abc"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(pr_instream_drain(p, &err), PR_OK);
    pr_instream_sha256_hex(p, zHex);
    CU_ASSERT_STRING_EQUAL(zHex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    pr_instream_free(p);
    /* FIPS 180-2 two-block message */
    z = read_all(tu_write_str("abc3.txt", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), 7, &n, &rc, zHex);
    CU_ASSERT_STRING_EQUAL(zHex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    free(z);
    /* a gzip file: the digest is of the compressed bytes on disk, even if
     * the reading stopped early */
    char *zText = make_text(20000);
    const char *zPath = tu_write_gz("h.csv.gz", zText, 2);
    char zWant[65];
    CU_ASSERT_EQUAL(pr_sha256_file(zPath, zWant, NULL), PR_OK);
    p = pr_instream_open(zPath, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    char aBuf[100];
    size_t nRead = 0;
    CU_ASSERT_EQUAL(pr_instream_read(p, aBuf, sizeof(aBuf), &nRead, &err), PR_OK);
    CU_ASSERT_EQUAL(nRead, 100);
    CU_ASSERT_EQUAL(pr_instream_drain(p, &err), PR_OK);
    pr_instream_sha256_hex(p, zHex);
    CU_ASSERT_STRING_EQUAL(zHex, zWant);
    pr_instream_free(p);
    free(zText);
}

static void test_open_missing(void)
{
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/no-such-file.csv", tu_tmpdir());
    pr_err_init(&err);
    CU_ASSERT_PTR_NULL(pr_instream_open(zPath, &err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "no-such-file.csv"));
}

/* Reads zPath whole with the given read-whole limits; returns the content
 * (malloc'd) or NULL, and whether it was decoded whole. */
static char *read_with(const char *zPath, size_t nRaw, size_t nOut, size_t *pn, int *pbDecoded)
{
    pr_instream_test_whole_raw = nRaw;
    pr_instream_test_whole_out = nOut;
    pr_instream *p = pr_instream_open(zPath, &err);
    *pbDecoded = p ? pr_instream_test_decoded(p) : -1;
    pr_instream_free(p);
    int rc;
    char *z = read_all(zPath, 65536, pn, &rc, NULL);
    pr_instream_test_whole_raw = (size_t)64 << 20;
    pr_instream_test_whole_out = (size_t)128 << 20;
    return rc == 0 ? z : NULL;
}

/* The three ways a gzip file is read give the same bytes: decoded whole by
 * libdeflate (growing its buffer when the trailer's size is only the last
 * member's), refused by libdeflate for the size limit and inflated by zlib
 * from memory, and streamed by zlib from the file. */
static void test_gzip_whole_and_streamed(void)
{
    size_t nBig = (size_t)3 << 20, n;
    char *zAll = malloc(nBig + 16);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zAll);
    for (size_t i = 0; i < nBig; i += 4) memcpy(zAll + i, "1,a\n", 4);   /* compresses about 1000:1 */
    zAll[nBig] = 0;
    size_t nGz1, nGz2;
    unsigned char *a1 = slurp(tu_write_gz("big.csv.gz", zAll, 1), &nGz1);
    unsigned char *a2 = slurp(tu_write_gz("small.csv.gz", "2,b\n", 1), &nGz2);
    CU_ASSERT_FATAL(a1 && a2);
    unsigned char *a = malloc(nGz1 + nGz2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    memcpy(a, a1, nGz1);
    memcpy(a + nGz1, a2, nGz2);
    const char *zPath = tu_write("bigsmall.csv.gz", a, nGz1 + nGz2);
    static const struct { size_t nRaw, nOut; int bDecoded; } aWay[] = {
        { (size_t)64 << 20, (size_t)128 << 20, 1 },   /* whole, the buffer grown from the small guess */
        { (size_t)64 << 20, 1024, 0 },                /* whole read, too large to decode at once */
        { 0, (size_t)128 << 20, 0 },                  /* streamed */
    };
    for (size_t w = 0; w < sizeof(aWay) / sizeof(aWay[0]); w++) {
        int bDecoded;
        char *z = read_with(zPath, aWay[w].nRaw, aWay[w].nOut, &n, &bDecoded);
        CU_ASSERT_EQUAL(bDecoded, aWay[w].bDecoded);
        CU_ASSERT_PTR_NOT_NULL_FATAL(z);
        CU_ASSERT_EQUAL(n, nBig + 4);
        CU_ASSERT(memcmp(z, zAll, nBig) == 0 && memcmp(z + nBig, "2,b\n", 4) == 0);
        free(z);
    }
    free(a);
    free(a1);
    free(a2);
    free(zAll);
}

/* A file of many members, each under the decode limit but together over
 * it, is decoded by libdeflate a batch of members at a time, with the same
 * bytes as zlib gives; a corrupt member among them gives zlib's message,
 * the same as when the file is streamed. */
static void test_gzip_many_members(void)
{
    size_t nAll = 0, nGz = 0;
    char *zAll = malloc(64 * 4096 + 1);
    unsigned char *aGz = malloc(64 * 8192);
    CU_ASSERT_FATAL(zAll && aGz);
    size_t aiStart[64];
    for (int m = 0; m < 64; m++) {
        char zPart[4096 + 1];
        for (int i = 0; i < 4096; i++) zPart[i] = (char)('a' + (m * 7 + i * 13) % 26);
        zPart[4095] = '\n';
        zPart[4096] = 0;
        memcpy(zAll + nAll, zPart, 4096);
        nAll += 4096;
        char zName[32];
        snprintf(zName, sizeof(zName), "member%d.gz", m);
        size_t n;
        unsigned char *a = slurp(tu_write_gz(zName, zPart, 1), &n);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        aiStart[m] = nGz;
        memcpy(aGz + nGz, a, n);
        nGz += n;
        free(a);
    }
    const char *zPath = tu_write("many.csv.gz", aGz, nGz);
    size_t n;
    int bDecoded;
    char *z = read_with(zPath, (size_t)64 << 20, 8192, &n, &bDecoded);   /* two members fit at once */
    CU_ASSERT_EQUAL(bDecoded, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_EQUAL(n, nAll);
    CU_ASSERT(memcmp(z, zAll, nAll) == 0);
    free(z);
    /* member 40 corrupt: the same message read whole and streamed */
    for (size_t i = aiStart[40] + 12; i < aiStart[40] + 28; i++) aGz[i] ^= 0x5A;
    zPath = tu_write("many-bad.csv.gz", aGz, nGz);
    char zWhole[512];
    z = read_with(zPath, (size_t)64 << 20, 8192, &n, &bDecoded);
    CU_ASSERT_PTR_NULL(z);
    CU_ASSERT_EQUAL(bDecoded, 1);
    snprintf(zWhole, sizeof(zWhole), "%s", err.zMsg);
    CU_ASSERT_PTR_NOT_NULL(strstr(zWhole, "byte offset"));
    z = read_with(zPath, 0, 8192, &n, &bDecoded);
    CU_ASSERT_PTR_NULL(z);
    CU_ASSERT_STRING_EQUAL(err.zMsg, zWhole);
    free(aGz);
    free(zAll);
}

/* A damaged file gives the same message whether it was read whole (then
 * refused by libdeflate and inflated by zlib from memory) or streamed. */
static void test_gzip_errors_same_both_ways(void)
{
    char *zText = make_text(20000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zText);
    size_t nGz;
    unsigned char *aGz = slurp(tu_write_gz("dmg.csv.gz", zText, 2), &nGz);
    CU_ASSERT_PTR_NOT_NULL_FATAL(aGz);
    unsigned char *aBad = malloc(nGz + 8);
    CU_ASSERT_PTR_NOT_NULL_FATAL(aBad);
    for (int k = 0; k < 3; k++) {
        size_t nBad = nGz;
        memcpy(aBad, aGz, nGz);
        if (k == 0) nBad = nGz - 3;                                            /* truncated */
        if (k == 1) for (size_t i = nGz / 3; i < nGz / 3 + 16; i++) aBad[i] ^= 0x5A;   /* corrupt */
        if (k == 2) { memcpy(aBad + nGz, "garbage\n", 8); nBad = nGz + 8; }     /* trailing data */
        char zName[32], zWhole[512];
        snprintf(zName, sizeof(zName), "dmg%d.csv.gz", k);
        const char *zPath = tu_write(zName, aBad, nBad);
        size_t n;
        int bDecoded;
        char *z = read_with(zPath, (size_t)64 << 20, (size_t)128 << 20, &n, &bDecoded);
        CU_ASSERT_PTR_NULL(z);
        /* (the good members before the damage may be libdeflate's: bDecoded either way) */
        snprintf(zWhole, sizeof(zWhole), "%s", err.zMsg);
        CU_ASSERT_PTR_NOT_NULL(strstr(zWhole, "byte offset"));
        z = read_with(zPath, 0, (size_t)128 << 20, &n, &bDecoded);
        CU_ASSERT_PTR_NULL(z);
        CU_ASSERT_STRING_EQUAL(err.zMsg, zWhole);
        free(z);
    }
    free(aBad);
    free(aGz);
    free(zText);
}

int suite_instream(void)
{
    static const pr_test aTests[] = {
        { "plain_small_pieces", test_plain_small_pieces },
        { "empty_file", test_empty_file },
        { "gzip_one_member", test_gzip_one_member },
        { "gzip_two_members", test_gzip_two_members },
        { "gzip_truncated", test_gzip_truncated },
        { "gzip_corrupt", test_gzip_corrupt },
        { "gzip_trailing_garbage", test_gzip_trailing_garbage },
        { "gzip_whole_and_streamed", test_gzip_whole_and_streamed },
        { "gzip_many_members", test_gzip_many_members },
        { "gzip_errors_same_both_ways", test_gzip_errors_same_both_ways },
        { "sha256", test_sha256 },
        { "open_missing", test_open_missing },
    };
    PR_ADD_SUITE("instream", aTests);
}
