/*
 * fuzz.h - the fuzz targets (tests/fuzz/fuzz_*.c). Each pr_fuzz_<target>
 * takes one input of any bytes and must neither crash nor leak; built with
 * -DPR_FUZZING it is also the target's LLVMFuzzerTestOneInput (make fuzz).
 * The CUnit suite "fuzz" (test_fuzz.c) replays tests/fuzz/seeds/<target>/
 * and tests/fuzz/regressions/<target>/ through the same functions, so that
 * `make test` and `make test-asan` keep every crash found fixed. Run from
 * the repository root (the roster target reads samples/policy.csv and
 * samples/index.csv).
 */
#ifndef PR_FUZZ_H
#define PR_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int pr_fuzz_roster(const uint8_t *aData, size_t nData);
int pr_fuzz_policy(const uint8_t *aData, size_t nData);
int pr_fuzz_index(const uint8_t *aData, size_t nData);
int pr_fuzz_manifest(const uint8_t *aData, size_t nData);
int pr_fuzz_seal(const uint8_t *aData, size_t nData);
int pr_fuzz_returns(const uint8_t *aData, size_t nData);
int pr_fuzz_adjustments(const uint8_t *aData, size_t nData);
int pr_fuzz_registers(const uint8_t *aData, size_t nData);
int pr_fuzz_job(const uint8_t *aData, size_t nData);
int pr_fuzz_bankformats(const uint8_t *aData, size_t nData);
int pr_fuzz_xlsx(const uint8_t *aData, size_t nData);
int pr_fuzz_plan(const uint8_t *aData, size_t nData);
int pr_fuzz_shardpart(const uint8_t *aData, size_t nData);
int pr_fuzz_keys(const uint8_t *aData, size_t nData);
int pr_fuzz_merge(const uint8_t *aData, size_t nData);

/* Writes the input to this process's scratch file zName (one per name,
 * removed at exit) and returns its path. Exits on an I/O error. */
const char *fz_scratch_file(const char *zName, const uint8_t *aData, size_t nData);

/* This process's scratch folder (created on first use, removed at exit). */
const char *fz_scratch_dir(void);

/* Reads the sheet zArg (io/sheet.h) and returns a dump of its rows (row
 * number, "+" when too long, each cell's flags and text), malloc'd: in
 * order only (nBlock 0), or as engine/run/read.c reads it, cut into blocks
 * of about nBlock bytes joined nWindow (at most 16) at a time; *pnBlock is
 * the blocks that stood; "merge RANGE" ends it for a merged header. The
 * error that ended the reading is copied to zErr, "" without. NULL when
 * out of memory. */
char *fz_sheet_dump(const char *zArg, size_t nBlock, int nWindow, int *pnBlock, char *zErr, size_t nErr);

#endif
