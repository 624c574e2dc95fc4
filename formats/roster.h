/*
 * roster.h - roster files (domain.md section 5a): header names in Chinese or
 * English, and the parsing and validation of data rows into records.
 */
#ifndef PR_ROSTER_H
#define PR_ROSTER_H

#include <stddef.h>
#include <stdint.h>

#include "model/record.h"
#include "io/chunker.h"
#include "io/encoding.h"
#include "io/csv.h"

/* Every roster column payrun knows. */
typedef enum pr_col {
    COL_ID = 0, COL_NAME, COL_DISTRICT, COL_AREA, COL_TOWN, COL_VILLAGE,
    COL_BANK, COL_ACCOUNT, COL_PAYEE,
    COL_HOUSEHOLD, COL_RELATION, COL_INCOME, COL_KIND, COL_GRACE_UNTIL,
    COL_GRACE_AMOUNT, COL_GRADE, COL_TYPE, COL_ILL, COL_EMPLOYED,
    COL_CARE, COL_MODE, COL_INSTITUTION, COL_INST_BANK, COL_INST_ACCOUNT,
    COL_CERT, COL_CATEGORY, COL_IN_SCHOOL, COL_GUARDIAN,
    COL_COUNT
} pr_col;

/* Where each column sits in one file. */
typedef struct pr_roster_map {
    pr_roster eRoster;        /* kind of roster */
    int aiCol[COL_COUNT];     /* field index of each column, -1 if absent */
    int nField;               /* fields in the header */
} pr_roster_map;

/* Builds the map from a header row. Returns 0, or -1 with a message for a
 * missing required column or a column named twice. */
int pr_roster_map_header(pr_roster eRoster, const pr_csvrow *pHeader,
                         pr_roster_map *pMap, char *zErr, size_t nErr);

/* What every worker needs to know, read-only. */
typedef struct pr_parse_ctx {
    int iMonth;                  /* batch month */
    const int *aiDistrict;       /* declared district codes, ascending */
    int nDistrict;               /* their count */
    const int *aiLocal;          /* local division codes (districts and regions), ascending */
    int nLocal;                  /* their count */
    uint32_t iFile;              /* file index */
    const pr_roster_map *pMap;   /* column map */
    pr_encoding eEnc;            /* UTF-8 or GB18030 (decided) */
} pr_parse_ctx;

/* Per-thread scratch. */
typedef struct pr_parse_scratch {
    pr_csvrow row;               /* fields of the current row */
    pr_gbconv *pConv;            /* GB18030 converter, created on first use */
} pr_parse_scratch;

void pr_parse_scratch_init(pr_parse_scratch *p);
void pr_parse_scratch_clear(pr_parse_scratch *p);

/* Parses every record of pChunk into pOut (records and findings), counting
 * data rows (blank lines excluded) into *pnRows. The chunk's bytes are
 * modified (quotes unescaped in place). Returns 0, or -1 if memory ran out. */
int pr_roster_parse_chunk(const pr_parse_ctx *pCtx, pr_parse_scratch *pScratch,
                          pr_chunk *pChunk, pr_part *pOut, uint32_t *pnRows);

/* Parses a yes/no field (是/否, Y/N, 1/0, yes/no, blank = no). 0 or -1. */
int pr_yesno_parse(const char *z, size_t n, uint8_t *pb);

#endif
