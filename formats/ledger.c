/*
 * ledger.c - ledger.csv.gz: UTF-8, LF, the header of domain.md section 7,
 * one row per payment line in the batch's sorted order. The text is cut
 * into segments of a fixed number of lines; each is compressed whole as a
 * gzip member of its own with libdeflate, in parallel, and the members are
 * written in order (gzip readers decode concatenated members as one
 * stream). A member depends only on its segment's text, so the file is the
 * same whatever the number of threads.
 */
#include "formats/ledger.h"
#include "model/calendar.h"
#include "io/outbuf.h"
#include "io/common.h"

#include <libdeflate.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEGMENT_LINES 32768
/* libdeflate level 1: the ledger is written every month and read by
 * machines. At 1M persons it takes about half the CPU of zlib's level 1
 * (0.6 s against 1.1 s) for a file 6% smaller (41.3 MB against 44.0 MB);
 * its level 2 is 2.5% smaller again for 40% more CPU, its level 6 11%
 * smaller for 3x. */
#define PR_LEDGER_LEVEL 1
#define SEGMENT_MAX ((size_t)1 << 30)
/* How many lines ahead format_segment asks for the strings of a line. */
#define PREFETCH_LINES 8

/* pr_ledger_format_line writes the columns of formats/ledgercols.h in that
 * order: the header and the rows cannot drift apart unnoticed. */
_Static_assert(LCOL_PROGRAM == 0 && LCOL_BENEFICIARY == 1 && LCOL_HOUSEHOLD == 2 && LCOL_PERSON == 3
               && LCOL_DISTRICT == 4 && LCOL_AREA == 5 && LCOL_NAME == 6 && LCOL_PAYEE == 7 && LCOL_BANK == 8
               && LCOL_ACCOUNT == 9 && LCOL_AMOUNT == 10 && LCOL_BASIS == 11 && LCOL_LINE_TYPE == 12
               && LCOL_PERIOD == 13 && LCOL_REFERENCE == 14 && LCOL_PAY_REF == 15 && LCOL_COUNT == 16,
               "the ledger's columns as pr_ledger_format_line writes them");

/* The text fields are measured first so that the line's room is reserved
 * once and the fields are copied without a check each: the per-field calls
 * of pr_outbuf_csv cost more than the copying. */
void pr_ledger_format_line(int iMonth, const pr_line *l, pr_outbuf *b)
{
    const char *zProg = pr_prog_code((pr_prog)l->eProg), *zArea = pr_area_code((pr_area)l->eArea);
    const char *zType = pr_ltype_code((pr_ltype)l->eType);
    size_t nProg = strlen(zProg), nArea = strlen(zArea), nType = strlen(zType);
    pr_csv_field a[9];
    pr_csv_measure(&a[0], l->zBeneficiary);
    pr_csv_measure(&a[1], l->zHousehold);
    pr_csv_measure(&a[2], l->zPerson);
    pr_csv_measure(&a[3], l->zName);
    pr_csv_measure(&a[4], l->zPayee);
    pr_csv_measure(&a[5], l->zBank);
    pr_csv_measure(&a[6], l->zAccount);
    pr_csv_measure(&a[7], l->zBasis);
    pr_csv_measure(&a[8], l->zReference ? l->zReference : "");
    /* 96: the 15 commas, the LF, the 6-digit district, the amount, the
     * period and the pay_ref */
    size_t nRoom = nProg + nArea + nType + 96;
    for (int i = 0; i < 9; i++) nRoom += a[i].n;
    if (pr_outbuf_reserve(b, nRoom)) return;
    char *d = b->z + b->n;
    memcpy(d, zProg, nProg);
    d += nProg;
    for (int i = 0; i < 3; i++) { *d++ = ','; d = pr_csv_put(d, &a[i]); }
    *d++ = ',';
    for (int i = 0, v = l->iDistrict; i < 6; i++, v /= 10) d[5 - i] = (char)('0' + v % 10);
    d += 6;
    *d++ = ',';
    memcpy(d, zArea, nArea);
    d += nArea;
    for (int i = 3; i < 7; i++) { *d++ = ','; d = pr_csv_put(d, &a[i]); }
    *d++ = ',';
    d += pr_i64_format(l->nAmount, d);
    *d++ = ',';
    d = pr_csv_put(d, &a[7]);
    *d++ = ',';
    memcpy(d, zType, nType);
    d += nType;
    *d++ = ',';
    pr_month_format(l->iPeriod, d);
    d += 7;
    *d++ = ',';
    d = pr_csv_put(d, &a[8]);
    *d++ = ',';
    if (l->iPaySeq) {
        pr_pay_ref(iMonth, l, d);
        d += PR_PAY_REF_LEN;
    }
    *d++ = '\n';
    b->n = (size_t)(d - b->z);
}

/* Formats segment iSeg into pText, adding what it formats into aTotal
 * when not NULL. A line's strings lie in the records' arenas, apart from
 * the line and from each other: at 1M persons the formatting waited on
 * memory for half its time until it asked for them a few lines ahead.
 * The prefetches stand in the loop: gcc takes a function made of
 * prefetches only for pure and drops the call. */
static void format_segment(const pr_batch *p, int iSeg, pr_outbuf *pText, pr_total *aTotal)
{
    if (iSeg == 0) pr_outbuf_str(pText, PR_LEDGER_HEADER);
    int iEnd = (iSeg + 1) * SEGMENT_LINES;
    if (iEnd > p->nLine) iEnd = p->nLine;
    for (int i = iSeg * SEGMENT_LINES; i < iEnd; i++) {
        const pr_line *l = &p->aLine[i];
        if (i + PREFETCH_LINES < iEnd) {
            const pr_line *n = l + PREFETCH_LINES;
            PR_PREFETCH(n->zBeneficiary);
            PR_PREFETCH(n->zHousehold);
            PR_PREFETCH(n->zPerson);
            PR_PREFETCH(n->zName);
            PR_PREFETCH(n->zPayee);
            PR_PREFETCH(n->zBank);
            PR_PREFETCH(n->zAccount);
            PR_PREFETCH(n->zBasis);
            PR_PREFETCH(n->zReference);
        }
        pr_ledger_format_line(p->iMonth, l, pText);
        if (aTotal) {
            pr_total *t = &aTotal[pr_batch_district_index(p, l->iDistrict) * PROG_COUNT + l->eProg];
            t->nLines++;
            t->nPersons += l->nPersons;
            t->nFen += l->nAmount;
        }
    }
}

/* Compresses the text of one segment as a gzip member into *pOut (owned
 * by the caller, who clears it after a failure too). Returns PR_OK,
 * PR_ERR_NOMEM, or PR_ERR_TOO_BIG for a member past libdeflate's bound. */
static pr_error compress_segment(const pr_outbuf *pText, pr_outbuf *pOut)
{
    pr_error rc = PR_OK;
    struct libdeflate_compressor *pComp = libdeflate_alloc_compressor(PR_LEDGER_LEVEL);
    if (!pComp) return PR_ERR_NOMEM;
    size_t nBound = libdeflate_gzip_compress_bound(pComp, pText->n);
    pr_outbuf_init(pOut, nBound);
    if ((rc = pr_outbuf_reserve(pOut, nBound))) goto cleanup;
    pOut->n = libdeflate_gzip_compress(pComp, pText->z ? pText->z : "", pText->n, pOut->z, nBound);
    /* 0 only if the member outgrew libdeflate's own bound */
    if (pOut->n == 0) rc = PR_ERR_TOO_BIG;
cleanup:
    libdeflate_free_compressor(pComp);
    return rc;
}

/* Formats and compresses segment iSeg into *pOut (owned by the caller,
 * who clears it after a failure too), adding what it formats into aTotal
 * when not NULL. Returns PR_OK, PR_ERR_NOMEM, or PR_ERR_TOO_BIG for a
 * segment past SEGMENT_MAX. */
static pr_error make_segment(const pr_batch *p, int iSeg, pr_outbuf *pOut, pr_total *aTotal)
{
    pr_error rc = PR_OK;
    pr_outbuf text;
    pr_outbuf_init(&text, SEGMENT_MAX);
    pr_outbuf_init(pOut, 0);                /* capped once the member is bounded */
    format_segment(p, iSeg, &text, aTotal);
    if (!(rc = text.rc)) rc = compress_segment(&text, pOut);
    pr_outbuf_clear(&text);
    return rc;
}

pr_error pr_ledger_write(const pr_batch *p, const char *zPath, pr_err *pErr)
{
    return pr_ledger_write_totals(p, zPath, NULL, pErr);
}

pr_error pr_ledger_write_totals(const pr_batch *p, const char *zPath, pr_total *aTotal, pr_err *pErr)
{
    size_t nTot = (size_t)p->nDistrict * PROG_COUNT + 1;
    int nSeg = p->nLine / SEGMENT_LINES + 1;
    int nWave = p->nThreads * 2;
    pr_error rc = PR_OK;
    pr_outbuf *aSeg = NULL;
    pr_error *aRc = NULL;
    pr_total *aSegTotal = NULL;
    FILE *f = fopen(zPath, "wb");
    if (!f) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot create", zPath); goto cleanup; }
    aSeg = calloc((size_t)nWave, sizeof(*aSeg));
    aRc = calloc((size_t)nWave, sizeof(*aRc));
    aSegTotal = aTotal ? calloc((size_t)nWave * nTot, sizeof(pr_total)) : NULL;
    if (!aSeg || !aRc || (aTotal && !aSegTotal)) { rc = PR_ERR_NOMEM; goto cleanup; }
    for (int w = 0; w < nSeg && rc == PR_OK; w += nWave) {
        int n = nSeg - w < nWave ? nSeg - w : nWave;
        /* tasks, not a parallel loop: the ledger is one job of the output
         * stage, and its segments can then go to whichever thread is free
         * (outside a parallel region they run one after another). The loop
         * counter is a size_t: clang's taskloop compares it as one. */
        #pragma omp taskloop grainsize(1)
        for (size_t i = 0; i < (size_t)n; i++)
            aRc[i] = make_segment(p, w + (int)i, &aSeg[i], aSegTotal ? aSegTotal + i * nTot : NULL);
        for (int i = 0; i < n; i++) {
            if (rc == PR_OK) rc = aRc[i];
            if (rc == PR_OK && fwrite(aSeg[i].z, 1, aSeg[i].n, f) != aSeg[i].n) rc = PR_ERR_IO;
            pr_outbuf_clear(&aSeg[i]);
            for (size_t k = 0; aSegTotal && k < nTot; k++) {
                pr_total *s = &aSegTotal[(size_t)i * nTot + k];
                aTotal[k].nLines += s->nLines;
                aTotal[k].nPersons += s->nPersons;
                aTotal[k].nFen += s->nFen;
                s->nLines = s->nPersons = s->nFen = 0;
            }
        }
    }
cleanup:
    if (f && fclose(f) != 0 && rc == PR_OK) rc = PR_ERR_IO;
    free(aSeg);
    free(aRc);
    free(aSegTotal);
    /* after "cannot create" this keeps that message (the first one wins) */
    if (rc) pr_err_set(pErr, rc, "%s: cannot write the ledger", zPath);
    return rc;
}

/* ---- the ledger as a stream of lines (payrun merge) ------------------------- */

struct pr_ledger_stream {
    FILE *f;                  /* the file, owned */
    int iMonth;               /* the month, for the pay_refs */
    pr_outbuf text;           /* the segment being formatted */
    int nSegLines;            /* its lines */
    pr_error rc;              /* the first failure */
};

pr_ledger_stream *pr_ledger_stream_open(int iMonth, const char *zPath, pr_err *pErr)
{
    pr_ledger_stream *s = calloc(1, sizeof(*s));
    if (!s) { pr_err_nomem(pErr, "writing the ledger"); return NULL; }
    if (!(s->f = fopen(zPath, "wb"))) {
        pr_err_set(pErr, PR_ERR_IO, "%s: cannot create", zPath);
        free(s);
        return NULL;
    }
    s->iMonth = iMonth;
    pr_outbuf_init(&s->text, SEGMENT_MAX);
    pr_outbuf_str(&s->text, PR_LEDGER_HEADER);
    return s;
}

/* Compresses and writes the segment formatted so far, and starts the next. */
static void stream_flush(pr_ledger_stream *s)
{
    pr_outbuf out;
    pr_outbuf_init(&out, 0);
    if (!s->rc) s->rc = s->text.rc;
    if (!s->rc) s->rc = compress_segment(&s->text, &out);
    if (!s->rc && fwrite(out.z, 1, out.n, s->f) != out.n) s->rc = PR_ERR_IO;
    pr_outbuf_clear(&out);
    s->text.n = 0;
    s->nSegLines = 0;
}

void pr_ledger_stream_add(pr_ledger_stream *s, const pr_line *l)
{
    pr_ledger_format_line(s->iMonth, l, &s->text);
    /* the members are cut where pr_ledger_write cuts them: every SEGMENT_LINES lines */
    if (++s->nSegLines == SEGMENT_LINES) stream_flush(s);
}

pr_error pr_ledger_stream_close(pr_ledger_stream *s, const char *zPath, pr_err *pErr)
{
    if (!s) return PR_OK;
    stream_flush(s);   /* the last segment, empty when the lines filled the one before */
    pr_error rc = s->rc;
    if (fclose(s->f) != 0 && !rc) rc = PR_ERR_IO;
    pr_outbuf_clear(&s->text);
    free(s);
    if (rc && zPath) pr_err_set(pErr, rc, "%s: cannot write the ledger", zPath);
    return rc;
}
