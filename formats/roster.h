/*
 * roster.h - roster files (domain.md section 5a): the header mapped to the
 * columns of a roster descriptor (model/row.h), and data rows into records.
 */
#ifndef PR_ROSTER_H
#define PR_ROSTER_H

#include <stddef.h>
#include <stdint.h>

#include "model/record.h"
#include "model/row.h"
#include "io/chunker.h"
#include "io/encoding.h"
#include "io/csv.h"
#include "io/err.h"
#include "io/sheet.h"

/* Where each column of a roster sits in one file. */
typedef struct pr_roster_map {
    const pr_roster_desc *pDesc;  /* the file's roster */
    int aiCol[PR_MAX_COLS];       /* field index of each column slot, -1 if absent */
    int nField;                   /* fields in the header */
} pr_roster_map;

/* Builds the caller's map from a header row. Returns PR_OK, or
 * PR_ERR_HEADER with a message in pErr (may be NULL) for a missing required
 * column or a column named twice; the message does not name the file. */
pr_error pr_roster_map_header(const pr_roster_desc *pDesc, const pr_csvrow *pHeader,
                              pr_roster_map *pMap, pr_err *pErr);

/* What every worker needs to know, read-only. */
typedef struct pr_parse_ctx {
    pr_row_ctx row;              /* month, districts, file, roster and column map */
    pr_encoding eEnc;            /* UTF-8 or GB18030 (decided) */
} pr_parse_ctx;

/* Fills pCtx for file iFile read with map pMap (which must outlive it). */
void pr_parse_ctx_init(pr_parse_ctx *pCtx, int iMonth, const int *aiDistrict, int nDistrict,
                       const int *aiLocal, int nLocal, uint32_t iFile, const pr_roster_map *pMap, pr_encoding eEnc);

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

/* Points pOut's fields at the cells of workbook row iRow of pSheet, nField
 * of them (empty ones past the row's last cell; -1: the row's own count).
 * Returns 0, or -1 if memory ran out. */
int pr_roster_sheet_fields(const pr_sheetrows *pSheet, int iRow, int nField, pr_csvrow *pOut);

/* Parses workbook rows iFirst.. of pSheet into pOut as
 * pr_roster_parse_chunk does a chunk's records (the same validation and
 * findings; the line is the sheet row), after what the cells themselves
 * say: a number in an ID column is REJECTED ID_SCIENTIFIC, in an account
 * column ACCOUNT_NUMERIC, one of 15 digits or more elsewhere
 * FIELD_INVALID; a date in a month column is its YYYY-MM; a formula in a
 * money column is a WARNING CELL_FORMULA. Returns 0, or -1 if memory ran
 * out. */
int pr_roster_parse_sheet(const pr_parse_ctx *pCtx, pr_parse_scratch *pS, const pr_sheetrows *pSheet,
                          int iFirst, pr_part *pOut, uint32_t *pnRows);

#endif
