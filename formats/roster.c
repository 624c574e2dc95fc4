/*
 * roster.c - roster files: the header mapped to the columns of the file's
 * roster descriptor, and the data rows cut, decoded and tokenized into
 * records. Rows that cannot be parsed (shape, encoding, length) are
 * REJECTED here; a well-formed row goes to its programme's validator
 * (the descriptor's xParse, in engine/rules/). Nothing here knows a
 * programme.
 */
#include "formats/roster.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pr_error pr_roster_map_header(const pr_roster_desc *pDesc, const pr_csvrow *pHeader,
                              pr_roster_map *pMap, pr_err *pErr)
{
    pr_error rc = PR_OK;
    int nCol = COL_COMMON + pDesc->nCol;
    assert(nCol <= PR_MAX_COLS);
    pMap->pDesc = pDesc;
    pMap->nField = pHeader->nField;
    for (int c = 0; c < PR_MAX_COLS; c++) pMap->aiCol[c] = -1;
    for (int i = 0; i < pHeader->nField; i++) {
        const char *z = pHeader->aField[i].z;
        size_t n = pHeader->aField[i].n;
        if (i == 0 && n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0) { z += 3; n -= 3; }
        pr_trim(&z, &n);
        for (int c = 0; c < nCol; c++) {
            const pr_column *pCol = pr_roster_column(pDesc, c);
            if (!pr_name_is(z, n, pCol->zZh) && !pr_name_is(z, n, pCol->zEn)) continue;
            if (pMap->aiCol[c] >= 0) {
                rc = pr_err_set(pErr, PR_ERR_HEADER, "column %s/%s appears twice in the header (fields %d and %d)",
                                pCol->zZh, pCol->zEn, pMap->aiCol[c] + 1, i + 1);
                goto cleanup;
            }
            pMap->aiCol[c] = i;
        }
    }
    for (int c = 0; c < nCol; c++) {
        const pr_column *pCol = pr_roster_column(pDesc, c);
        if (pr_roster_column_use(pDesc, c) == USE_REQUIRED && pMap->aiCol[c] < 0) {
            rc = pr_err_set(pErr, PR_ERR_HEADER, "required column %s/%s is missing from the %s roster header",
                            pCol->zZh, pCol->zEn, pDesc->zName);
            goto cleanup;
        }
    }
cleanup:
    return rc;
}

void pr_parse_ctx_init(pr_parse_ctx *pCtx, int iMonth, const int *aiDistrict, int nDistrict,
                       const int *aiLocal, int nLocal, uint32_t iFile, const pr_roster_map *pMap, pr_encoding eEnc)
{
    memset(pCtx, 0, sizeof(*pCtx));
    pCtx->row.iMonth = iMonth;
    pCtx->row.aiDistrict = aiDistrict;
    pCtx->row.nDistrict = nDistrict;
    pCtx->row.aiLocal = aiLocal;
    pCtx->row.nLocal = nLocal;
    pCtx->row.iFile = iFile;
    pCtx->row.pDesc = pMap->pDesc;
    pCtx->row.aiCol = pMap->aiCol;
    pCtx->row.nField = pMap->nField;
    pCtx->eEnc = eEnc;
}

void pr_parse_scratch_init(pr_parse_scratch *p)
{
    pr_csvrow_init(&p->row);
    p->pConv = NULL;
}

void pr_parse_scratch_clear(pr_parse_scratch *p)
{
    pr_csvrow_clear(&p->row);
    pr_gbconv_free(p->pConv);
    p->pConv = NULL;
}

/* Best-effort id of a row that could not be tokenized cleanly. */
static const char *guess_id(pr_row *s)
{
    int i = s->pCtx->aiCol[s->pCtx->pDesc->iIdCol];
    if (i < 0 || i >= s->pFields->nField) return "";
    const char *z = s->pFields->aField[i].z;
    size_t n = s->pFields->aField[i].n;
    pr_trim(&z, &n);
    if (!pr_utf8_valid(z, n, 0)) return "";
    return pr_arena_strndup(&s->pOut->arena, z, n > 40 ? 40 : n);
}

static int has_nul(const char *z, size_t n) { return memchr(z, 0, n) != NULL; }

/* Parses one record whose bytes are z[0,n) (UTF-8 after conversion). */
static int sheet_cells(pr_row *s, const pr_sheetrows *pSheet, const pr_sheetrow *pRow);
static void sheet_formulas(pr_row *s, const pr_sheetrows *pSheet, const pr_sheetrow *pRow);

static int parse_record(const pr_parse_ctx *pCtx, pr_parse_scratch *pS, pr_part *pOut,
                        pr_csv_rc csvrc, uint32_t iLine, int bBadEncoding, int bTooLong,
                        const pr_sheetrows *pSheet, const pr_sheetrow *pSRow)
{
    pr_record *r = pr_part_add_record(pOut);
    if (!r) return -1;
    r->eRoster = (uint8_t)pCtx->row.pDesc->eRoster;
    r->iFile = pCtx->row.iFile;
    r->iLine = iLine;
    r->zId = r->zName = r->zTown = r->zVillage = r->zBank = r->zAccount = r->zPayee = r->zHousehold = "";
    pr_row s = { &pCtx->row, pOut, r, &pS->row, NULL, 0 };
    if (bTooLong) {
        s.zFindId = "";
        pr_row_note(&s, ST_REJECTED, "RECORD_TOO_LONG", "the record is longer than %u bytes", PR_CHUNK_CAP);
        return s.rc;
    }
    if (csvrc == CSV_UNTERMINATED) {
        s.zFindId = guess_id(&s);
        pr_row_note(&s, ST_REJECTED, "CSV_UNTERMINATED_QUOTE", "a quoted field is never closed; the line is skipped");
        return s.rc;
    }
    if (bBadEncoding) {
        s.zFindId = "";
        if (bBadEncoding == 2) pr_row_note(&s, ST_REJECTED, "ENCODING_INVALID", "the row holds NUL (0x00) bytes");
        else pr_row_note(&s, ST_REJECTED, "ENCODING_INVALID", "the row holds bytes that are not valid %s", pr_encoding_name(pCtx->eEnc));
        return s.rc;
    }
    s.zFindId = guess_id(&s);
    if (csvrc == CSV_BAD_QUOTE) { pr_row_note(&s, ST_REJECTED, "CSV_MALFORMED", "a quote in the middle of a field"); return s.rc; }
    if (csvrc == CSV_TOO_MANY_FIELDS) { pr_row_note(&s, ST_REJECTED, "CSV_FIELD_COUNT", "more than %d fields", PR_CSV_MAX_FIELDS); return s.rc; }
    if (pS->row.nField != pCtx->row.nField) {
        pr_row_note(&s, ST_REJECTED, "CSV_FIELD_COUNT", "the row has %d fields, the header %d", pS->row.nField, pCtx->row.nField);
        return s.rc;
    }
    if (pSRow && sheet_cells(&s, pSheet, pSRow)) return s.rc;
    s.zFindId = NULL;
    pCtx->row.pDesc->xParse(&s);
    if (pSRow && !s.rc) sheet_formulas(&s, pSheet, pSRow);
    return s.rc;
}

static int is_blank_line(const pr_csvrow *p)
{
    return p->nField == 1 && p->aField[0].n == 0;
}

int pr_roster_parse_chunk(const pr_parse_ctx *pCtx, pr_parse_scratch *pS,
                          pr_chunk *pChunk, pr_part *pOut, uint32_t *pnRows)
{
    uint32_t nRows = 0;
    if (!pOut->aRec && pChunk->n > 0) {
        /* at most one record per line: a tight bound, so that the records of
         * one chunk after another sit densely in the thread's slab */
        int nLine = 1;
        for (const char *z = pChunk->z, *e = z + pChunk->n; (z = memchr(z, '\n', (size_t)(e - z))); z++) nLine++;
        if (pr_part_reserve(pOut, nLine)) return -1;
    }
    if (pChunk->eKind != CHUNK_DATA) {
        size_t nUsed;
        uint32_t nLf;
        if (pr_csv_next(pChunk->z, pChunk->n, &pS->row, &nUsed, &nLf, NULL)) return -1;
        *pnRows = 1;
        return parse_record(pCtx, pS, pOut, CSV_UNTERMINATED, pChunk->iLine, 0,
                            pChunk->eKind == CHUNK_TOO_LONG, NULL, NULL);
    }
    size_t iPos = 0;
    uint32_t iLine = pChunk->iLine;
    int bGb = pCtx->eEnc == ENC_GB18030;
    /* fast path: a chunk that is clean UTF-8 as a whole needs no per-row check */
    int bClean = !bGb && pr_utf8_valid(pChunk->z, pChunk->n, 0) && !has_nul(pChunk->z, pChunk->n);
    while (iPos < pChunk->n) {
        char *z = pChunk->z + iPos;
        uint32_t nLf, iThis = iLine;
        size_t nUsed;
        if (bClean) {
            /* clean UTF-8: tokenize in place in one pass */
            if (pr_csv_next(z, pChunk->n - iPos, &pS->row, &nUsed, &nLf, NULL)) return -1;
            pr_csv_rc rc = pS->row.eRc;
            iPos += nUsed;
            iLine += nLf;
            if (rc == CSV_OK && is_blank_line(&pS->row)) continue;
            nRows++;
            if (parse_record(pCtx, pS, pOut, rc, iThis, 0, 0, NULL, NULL)) return -1;
            continue;
        }
        size_t nRec = pr_csv_record_end(z, pChunk->n - iPos, &nLf);
        iPos += nRec;
        iLine += nLf;
        int bBad = 0;
        char *zTok = z;
        size_t nTok = nRec;
        if (has_nul(z, nRec)) bBad = 2;
        else if (bGb) {
            if (!pS->pConv && !(pS->pConv = pr_gbconv_new(NULL))) return -1;
            const char *zOut;
            pr_error e = pr_gbconv_run(pS->pConv, z, nRec, &zOut, &nTok, NULL);
            if (e == PR_ERR_NOMEM) return -1;
            zTok = (char *)zOut;
            if (e) bBad = 1;
        } else if (!bClean && !pr_utf8_valid(z, nRec, 0)) bBad = 1;
        pr_csv_rc rc = CSV_OK;
        uint32_t nLf2;
        if (!bBad) {
            if (pr_csv_next(zTok, nTok, &pS->row, &nUsed, &nLf2, NULL)) return -1;
            rc = pS->row.eRc;
            if (rc == CSV_OK && is_blank_line(&pS->row)) continue;
        } else {
            pS->row.nField = 0;
        }
        nRows++;
        if (parse_record(pCtx, pS, pOut, rc, iThis, bBad, 0, NULL, NULL)) return -1;
    }
    *pnRows = nRows;
    return 0;
}

/* ---- workbook rows ------------------------------------------------------- */

static const char zNoText[1] = "";

int pr_roster_sheet_fields(const pr_sheetrows *pSheet, int iRow, int nField, pr_csvrow *pOut)
{
    const pr_sheetrow *r = &pSheet->aRow[iRow];
    if (nField < 0) nField = (int)r->nCell;
    if (nField > pOut->nCap) {
        pr_field *a = realloc(pOut->aField, (size_t)nField * sizeof(*a));
        if (!a) return -1;
        pOut->aField = a;
        pOut->nCap = nField;
    }
    for (int i = 0; i < nField; i++) {
        if ((uint32_t)i < r->nCell) {
            const pr_sheetcell *c = &pSheet->aCell[r->iCell + (uint32_t)i];
            pOut->aField[i].z = c->n ? pSheet->z + c->iOff : zNoText;
            pOut->aField[i].n = c->n;
        } else {
            pOut->aField[i].z = zNoText;
            pOut->aField[i].n = 0;
        }
    }
    pOut->nField = nField;
    pOut->eRc = CSV_OK;
    pOut->bNoMem = 0;
    return 0;
}

/* The cell flags of column slot c of a workbook row (0 when absent). */
static uint8_t cell_flags(const pr_row *s, const pr_sheetrows *pSheet, const pr_sheetrow *pRow, int c)
{
    int i = s->pCtx->aiCol[c];
    if (i < 0 || (uint32_t)i >= pRow->nCell) return 0;
    return pSheet->aCell[pRow->iCell + (uint32_t)i].fCell;
}

/* What a workbook's cells say before the row is validated as CSV text
 * would be: a number in an ID or account column is never read for its
 * digits (Excel keeps 15 of them), a number of 15 digits or in E notation
 * elsewhere may have lost digits; a date in a month column is its month.
 * Returns -1 once the row was REJECTED. */
static int sheet_cells(pr_row *s, const pr_sheetrows *pSheet, const pr_sheetrow *pRow)
{
    const pr_roster_desc *pDesc = s->pCtx->pDesc;
    int nCol = COL_COMMON + pDesc->nCol;
    for (int c = 0; c < nCol; c++) {
        uint8_t f = cell_flags(s, pSheet, pRow, c);
        if (!f) continue;
        const pr_column *pCol = pr_roster_column(pDesc, c);
        int i = s->pCtx->aiCol[c];
        if ((f & PR_CELL_NUMBER) && pCol->eCell == CELL_ID) {
            if (c == COL_ID) s->zFindId = "";
            pr_row_note(s, ST_REJECTED, "ID_SCIENTIFIC",
                        "%s/%s is a number cell in the workbook, not text: Excel keeps only 15 digits of a number, so the digits are not taken; format the column as text and enter it again",
                        pCol->zZh, pCol->zEn);
            return -1;
        }
        if ((f & PR_CELL_NUMBER) && pCol->eCell == CELL_ACCOUNT) {
            pr_row_note(s, ST_REJECTED, "ACCOUNT_NUMERIC",
                        "%s/%s is a number cell in the workbook, not text: Excel keeps only 15 digits of a number and drops leading zeros, so the account is not taken; format the column as text and enter it again",
                        pCol->zZh, pCol->zEn);
            return -1;
        }
        if ((f & PR_CELL_IMPRECISE) && !(f & PR_CELL_DATE) && pCol->eCell != CELL_MONEY) {
            pr_row_note(s, ST_REJECTED, "FIELD_INVALID",
                        "%s/%s is a number cell of 15 or more digits, or in E notation, in the workbook: Excel may have lost digits; format the column as text and enter it again",
                        pCol->zZh, pCol->zEn);
            return -1;
        }
        if ((f & PR_CELL_DATE) && pCol->eCell == CELL_MONTH && s->pFields->aField[i].n == 10)
            ((pr_csvrow *)s->pFields)->aField[i].n = 7;   /* YYYY-MM-DD: its month */
    }
    return 0;
}

/* A formula in a money column: its cached value was read; say so. */
static void sheet_formulas(pr_row *s, const pr_sheetrows *pSheet, const pr_sheetrow *pRow)
{
    const pr_roster_desc *pDesc = s->pCtx->pDesc;
    int nCol = COL_COMMON + pDesc->nCol;
    if (!s->zFindId) s->zFindId = guess_id(s);
    for (int c = 0; c < nCol && !s->rc; c++) {
        const pr_column *pCol = pr_roster_column(pDesc, c);
        if (pCol->eCell != CELL_MONEY || !(cell_flags(s, pSheet, pRow, c) & PR_CELL_FORMULA)) continue;
        const pr_field *pF = &s->pFields->aField[s->pCtx->aiCol[c]];
        pr_row_note(s, ST_WARNING, "CELL_FORMULA",
                    "%s/%s is a formula in the workbook: its value as last calculated by Excel, '%.*s', is used",
                    pCol->zZh, pCol->zEn, PR_SHOW(pF->n), pF->z);
    }
}

int pr_roster_parse_sheet(const pr_parse_ctx *pCtx, pr_parse_scratch *pS, const pr_sheetrows *pSheet,
                          int iFirst, pr_part *pOut, uint32_t *pnRows)
{
    uint32_t nRows = 0;
    if (!pOut->aRec && pSheet->nRow > iFirst && pr_part_reserve(pOut, pSheet->nRow - iFirst)) return -1;
    for (int i = iFirst; i < pSheet->nRow; i++) {
        const pr_sheetrow *r = &pSheet->aRow[i];
        if (pr_roster_sheet_fields(pSheet, i, pCtx->row.nField, &pS->row)) return -1;
        nRows++;
        if (parse_record(pCtx, pS, pOut, CSV_OK, r->iRow, 0, r->bTooLong, pSheet, r)) return -1;
    }
    *pnRows = nRows;
    return 0;
}
