/*
 * testutil.h - shared helpers of the CUnit suites: suite registration,
 * temporary folders and files.
 */
#ifndef PR_TESTUTIL_H
#define PR_TESTUTIL_H

#include <CUnit/CUnit.h>
#include <stddef.h>

/* Every suite file defines one `int suite_<name>(void)` that adds its suite
 * and tests to the registry and returns 0 (or -1). tests/main.c lists them. */
#define PR_ADD_SUITE(zSuite_, aT_)                                               \
    do {                                                                         \
        CU_pSuite pS_ = CU_add_suite(zSuite_, NULL, NULL);                       \
        if (!pS_) return -1;                                                     \
        for (size_t i_ = 0; i_ < sizeof(aT_) / sizeof(aT_[0]); i_++)            \
            if (!CU_add_test(pS_, aT_[i_].zName, aT_[i_].xTest)) return -1;      \
        return 0;                                                                \
    } while (0)

typedef struct pr_test { const char *zName; CU_TestFunc xTest; } pr_test;

/* A fresh empty folder under /tmp for this test run (static string). */
const char *tu_tmpdir(void);
/* Writes n bytes to DIR/zName; returns the full path (static ring buffer of 16). */
const char *tu_write(const char *zName, const void *z, size_t n);
/* Same for a NUL-terminated string. */
const char *tu_write_str(const char *zName, const char *z);
/* Writes z gzip-compressed (nMembers concatenated gzip members). */
const char *tu_write_gz(const char *zName, const char *z, int nMembers);
/* Reads a whole file (gzip decoded) into a malloc'd NUL-terminated string. */
char *tu_read(const char *zPath);

/* The payrun binary the end-to-end tests run: $PAYRUN_BIN, else bin/payrun. */
const char *tu_bin(void);

/* Runs a printf-style shell command; returns its exit status, or -1 when it
 * did not exit normally. */
int tu_sh(const char *zFmt, ...) __attribute__((format(printf, 1, 2)));

#endif
