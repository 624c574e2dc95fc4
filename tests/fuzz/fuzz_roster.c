/*
 * fuzz_roster.c - roster bytes through both reading paths, for each roster
 * kind:
 *  1. in memory: the first record as the header (pr_roster_map_header), the
 *     rest as a chunk (pr_roster_parse_chunk) as UTF-8 and as GB18030, and
 *     as the broken-record chunks the chunker hands out;
 *  2. as a file: a whole batch (pr_batch_read: instream with gzip, chunker,
 *     encoding detection, header, parse; then pr_batch_compute: households,
 *     conflicts, every rule) with the sample policy and index.
 */
#include "run/read.h"
#include "rules/rules.h"
#include "formats/index.h"
#include "formats/policy.h"
#include "tests/fuzz/fuzz.h"
#include "model/batch.h"
#include "formats/roster.h"
#include "rules/programmes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MONTH (2023 * 12 + 7)   /* 2023-08 */

static const int aiDistrict[] = { 320612, 320613, 320614, 320623, 320681, 320682, 320685 };

/* Parses a copy of z[0,n) as one chunk of kind eKind. */
static void parse_chunk(const pr_parse_ctx *pCtx, const char *z, size_t n, pr_chunk_kind eKind)
{
    pr_chunk c;
    c.z = malloc(n + 1);
    if (!c.z) return;
    if (n) memcpy(c.z, z, n);
    c.n = n;
    c.iLine = 2;
    c.nLines = 0;
    c.eKind = eKind;
    pr_parse_scratch s;
    pr_parse_scratch_init(&s);
    pr_part part;
    pr_part_init(&part);
    uint32_t nRows = 0;
    pr_roster_parse_chunk(pCtx, &s, &c, &part, &nRows);
    /* touch what was made, so that a bad pointer shows */
    size_t nSum = 0;
    for (int i = 0; i < part.nRec; i++) nSum += strlen(part.aRec[i].zId) + strlen(part.aRec[i].zName);
    for (int i = 0; i < part.nFind; i++) nSum += strlen(part.aFind[i].zMsg) + strlen(part.aFind[i].zId);
    if (nSum == (size_t)-1) abort();
    pr_part_clear(&part);
    pr_parse_scratch_clear(&s);
    free(c.z);
}

/* Returns a bit per roster kind whose header the input's first record maps. */
static unsigned in_memory(const uint8_t *aData, size_t nData)
{
    unsigned mMapped = 0;
    char *z = malloc(nData + 1);
    if (!z) return 0;
    memcpy(z, aData, nData);
    uint32_t nLf;
    size_t nHead = pr_csv_record_end(z, nData, &nLf), nUsed;
    pr_csvrow row;
    pr_csvrow_init(&row);
    char *zHead = malloc(nHead + 1);
    if (zHead) {
        memcpy(zHead, z, nHead);
        if (pr_csv_next(zHead, nHead, &row, &nUsed, &nLf, NULL) == PR_OK && row.eRc == CSV_OK) {
            for (int r = 0; r < ROSTER_COUNT; r++) {
                pr_roster_map map;
                if (pr_roster_map_header(pr_roster_desc_of((pr_roster)r), &row, &map, NULL)) continue;
                mMapped |= 1u << r;
                pr_parse_ctx ctx;
                pr_parse_ctx_init(&ctx, MONTH, aiDistrict, 7, aiDistrict, 7, 0, &map, ENC_UTF8);
                parse_chunk(&ctx, z + nHead, nData - nHead, CHUNK_DATA);
                ctx.eEnc = ENC_GB18030;
                parse_chunk(&ctx, z + nHead, nData - nHead, CHUNK_DATA);
                parse_chunk(&ctx, z + nHead, nData - nHead, CHUNK_UNTERMINATED);
                ctx.eEnc = ENC_UTF8;
                parse_chunk(&ctx, z + nHead, nData - nHead, CHUNK_TOO_LONG);
            }
        }
        free(zHead);
    }
    pr_csvrow_clear(&row);
    free(z);
    return mMapped;
}

static void as_batch(const char *zPath, pr_roster eRoster)
{
    pr_batch *b = pr_batch_new(MONTH, 1, ENC_AUTO);
    if (!b) return;
    pr_batch_add_input(b, zPath, eRoster);
    pr_error err = pr_batch_load_config(b, "samples/policy.csv", "samples/index.csv");
    if (err) {
        fprintf(stderr, "fuzz-roster: %s (run from the repository root)\n", b->err.zMsg);
        exit(2);
    }
    if (!pr_batch_read(b)) pr_batch_compute(b);
    pr_batch_free(b);
}

int pr_fuzz_roster(const uint8_t *aData, size_t nData)
{
    unsigned mMapped = in_memory(aData, nData);
    /* a whole batch costs ~1 MiB buffers per chunk: run it for the kinds
     * whose header maps (as read raw), else for one kind picked by size, so
     * that gzip, GB18030 headers and header errors still go through it */
    if (!mMapped) mMapped = 1u << (nData % ROSTER_COUNT);
    const char *zPath = fz_scratch_file("roster.csv", aData, nData);
    for (int r = 0; r < ROSTER_COUNT; r++)
        if (mMapped & (1u << r)) as_batch(zPath, (pr_roster)r);
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_roster(aData, nData);
}
#endif
