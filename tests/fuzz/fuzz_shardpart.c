/*
 * fuzz_shardpart.c - a shard's part of a file (io/shardfile.h) as a run
 * reads it: the input is the index (line,bytes,kind rows), a NUL, then the
 * data; both files are written plain (the reader takes plain or gzip). Every
 * chunk must be within the cap with a line of 1 or more and a known kind,
 * consecutive whole records only in one chunk; a refusal must say why.
 */
#include "io/shardfile.h"
#include "tests/fuzz/fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pr_fuzz_shardpart(const uint8_t *aData, size_t nData)
{
    const uint8_t *pNul = memchr(aData, 0, nData);
    size_t nIndex = pNul ? (size_t)(pNul - aData) : nData;
    size_t nRest = pNul ? nData - nIndex - 1 : 0;
    fz_scratch_file("part.lines.gz", aData, nIndex);
    fz_scratch_file("part.csv.gz", pNul ? pNul + 1 : aData, nRest);
    char zBase[600];
    snprintf(zBase, sizeof(zBase), "%s/part", fz_scratch_dir());
    pr_err err;
    pr_err_init(&err);
    pr_shardr *r = pr_shardr_open(zBase, &err);
    if (!r) __builtin_trap();   /* both files are there */
    size_t nAll = 0;
    for (int i = 0; i < 100000; i++) {
        pr_chunk c;
        pr_error rc = pr_shardr_next(r, &c, &err);
        if (rc) {
            if (!err.rc || !err.zMsg[0] || c.z) __builtin_trap();   /* a refusal says why, and hands out nothing */
            break;
        }
        if (!c.z) break;
        if (c.n == 0 || c.n > PR_CHUNK_CAP + 1 || c.iLine == 0 || c.nLines == 0) __builtin_trap();
        if (c.eKind != CHUNK_DATA && c.eKind != CHUNK_UNTERMINATED && c.eKind != CHUNK_TOO_LONG) __builtin_trap();
        nAll += c.n;
        free(c.z);
    }
    if (nAll > nRest) __builtin_trap();   /* nothing but the data's bytes */
    pr_shardr_free(r);
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_shardpart(aData, nData);
}
#endif
