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
static int parse_record(const pr_parse_ctx *pCtx, pr_parse_scratch *pS, pr_part *pOut,
                        pr_csv_rc csvrc, uint32_t iLine, int bBadEncoding, int bTooLong)
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
    s.zFindId = NULL;
    pCtx->row.pDesc->xParse(&s);
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
                            pChunk->eKind == CHUNK_TOO_LONG);
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
            if (parse_record(pCtx, pS, pOut, rc, iThis, 0, 0)) return -1;
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
        if (parse_record(pCtx, pS, pOut, rc, iThis, bBad, 0)) return -1;
    }
    *pnRows = nRows;
    return 0;
}
