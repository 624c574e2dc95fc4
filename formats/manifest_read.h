/*
 * manifest_read.h - reads back a month's manifest.json (written by
 * manifest.c) for the auditor's verify and for --prev: the month, the
 * outputs with their SHA-256 and size, and the totals per district and
 * programme. The JSON is parsed by Jansson, strictly (no duplicate keys, a
 * size cap); the reader is strict about what it uses (types, ranges,
 * duplicates, file names that stay inside the folder) and ignores members
 * it does not use, so that later manifests may add keys.
 */
#ifndef PR_MANIFEST_READ_H
#define PR_MANIFEST_READ_H

#include <stddef.h>
#include <stdint.h>

#include "io/err.h"
#include "model/types.h"

#define PR_MANIFEST_MAX_BYTES ((size_t)16 << 20)   /* largest manifest.json read */

/* Lines, persons and fen of one scope. */
typedef struct pr_mtotal {
    int64_t nLines;           /* payment lines */
    int64_t nPersons;         /* persons paid */
    int64_t nFen;             /* amount, fen */
} pr_mtotal;

/* One entry of "outputs". */
typedef struct pr_moutput {
    const char *zName;        /* file name inside the month folder (no '/');
                                 owned by the manifest's document */
    char zSha[65];            /* SHA-256, 64 lower-case hex digits */
    int64_t nBytes;           /* size in bytes */
} pr_moutput;

/* One entry of totals.by_district. */
typedef struct pr_mdistrict {
    int iCode;                    /* 6-digit division code */
    pr_mtotal aProg[PROG_COUNT];  /* "programs" */
    pr_mtotal all;                /* the district's own lines, persons, fen */
} pr_mdistrict;

/* What the verify uses of a manifest.json. */
typedef struct pr_manifest {
    int iMonth;                   /* "month" as a month number */
    const char *zStatus;          /* "status": "ok", "not_payable", ...; "ok"
                                     when the manifest has none */
    int bPrev;                    /* it has a "previous" member (a signed month) */
    int iPrevMonth;               /* previous.month as a month number */
    const char *zPrevSha;         /* previous.manifest_sha256 (64 hex) */
    pr_moutput *aOut;             /* "outputs", in file order; owned */
    int nOut;                     /* entries in aOut */
    pr_mdistrict *aDistrict;      /* totals.by_district, in file order; owned */
    int nDistrict;                /* entries in aDistrict */
    pr_mtotal aProg[PROG_COUNT];  /* totals.by_program */
    pr_mtotal all;                /* totals lines, persons, fen */
    struct json_t *pDoc;          /* the Jansson document; owns the strings */
} pr_manifest;

/* Parses a manifest held in z[0,n); zFile names it in messages. Returns
 * PR_OK with *p filled (the caller owns what it holds: pr_manifest_clear),
 * or an error with a message naming zFile, and the place or member path
 * and the problem, in pErr; *p is then empty. */
pr_error pr_manifest_parse(const char *z, size_t n, const char *zFile, pr_manifest *p, pr_err *pErr);

/* Reads and parses the file zPath (at most PR_MANIFEST_MAX_BYTES), as
 * pr_manifest_parse does. */
pr_error pr_manifest_read(const char *zPath, pr_manifest *p, pr_err *pErr);

/* Frees what p holds; p may be used again. */
void pr_manifest_clear(pr_manifest *p);

#endif
