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
int pr_fuzz_keys(const uint8_t *aData, size_t nData);

/* Writes the input to this process's scratch file zName (one per name,
 * removed at exit) and returns its path. Exits on an I/O error. */
const char *fz_scratch_file(const char *zName, const uint8_t *aData, size_t nData);

/* This process's scratch folder (created on first use, removed at exit). */
const char *fz_scratch_dir(void);

#endif
