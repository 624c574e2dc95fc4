/*
 * manifest_read.h - reads back a month's manifest.json (written by
 * manifest.c) for the auditor's verify: the month, the outputs with their
 * SHA-256 and size, and the totals per district and programme. The reader
 * is strict about what it uses (types, ranges, duplicates, file names that
 * stay inside the folder) and ignores members it does not use, so that
 * later manifests may add keys.
 */
#ifndef PR_MANIFEST_READ_H
#define PR_MANIFEST_READ_H

#include <stddef.h>
#include <stdint.h>

#include "io/common.h"
#include "model/types.h"
#include "formats/json.h"

#define PR_MANIFEST_MAX_BYTES ((size_t)16 << 20)   /* largest manifest.json read */

/* Lines, persons and fen. */
typedef struct pr_mtotal {
    int64_t nLines, nPersons, nFen;
} pr_mtotal;

/* One entry of "outputs". */
typedef struct pr_moutput {
    const char *zName;        /* file name inside the month folder (no '/') */
    char zSha[65];            /* SHA-256, 64 lower-case hex digits */
    int64_t nBytes;           /* size in bytes */
} pr_moutput;

/* One entry of totals.by_district. */
typedef struct pr_mdistrict {
    int iCode;                    /* 6-digit division code */
    pr_mtotal aProg[PROG_COUNT];  /* "programs" */
    pr_mtotal all;                /* the district's own lines, persons, fen */
} pr_mdistrict;

typedef struct pr_manifest {
    int iMonth;                   /* "month" as a month number */
    const char *zStatus;          /* "status": "ok", "not_payable", ...; "ok"
                                     when the manifest has none */
    pr_moutput *aOut;             /* "outputs", in file order; owned */
    int nOut;
    pr_mdistrict *aDistrict;      /* totals.by_district, in file order; owned */
    int nDistrict;
    pr_mtotal aProg[PROG_COUNT];  /* totals.by_program */
    pr_mtotal all;                /* totals lines, persons, fen */
    pr_json_doc *pDoc;            /* the parsed document (owns the strings) */
} pr_manifest;

/* Parses a manifest held in z[0,n). Returns 0, or -1 with a message naming
 * the place and the problem in zErr; *p is then empty. */
int pr_manifest_parse(const char *z, size_t n, pr_manifest *p, char *zErr, size_t nErr);

/* Reads and parses the file zPath (at most PR_MANIFEST_MAX_BYTES). Returns 0,
 * or -1 with a message that names the file. */
int pr_manifest_read(const char *zPath, pr_manifest *p, char *zErr, size_t nErr);

/* Frees what p holds; p may be used again. */
void pr_manifest_clear(pr_manifest *p);

#endif
