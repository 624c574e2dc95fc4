/*
 * ledger.c - ledger.csv.gz: UTF-8, LF, the header of domain.md section 7,
 * one row per payment line in the batch's sorted order. The text is cut
 * into segments of a fixed number of lines; each is deflated as a gzip
 * member of its own in parallel and the members are written in order
 * (gzip readers decode concatenated members as one stream).
 */
#include "outputs.h"
#include "../io/outbuf.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define SEGMENT_LINES 32768
/* zlib level 1: the ledger is written every month and read by machines;
 * level 6 cost 3x the time for a file about a quarter smaller. */
#define PR_LEDGER_LEVEL 1
#define SEGMENT_MAX ((size_t)1 << 30)

void pr_ledger_format_line(const pr_line *l, pr_outbuf *b)
{
    char zNum[32];
    pr_outbuf_str(b, pr_prog_code((pr_prog)l->eProg));
    pr_outbuf_add(b, ",", 1);
    pr_outbuf_csv(b, l->zBeneficiary);
    pr_outbuf_add(b, ",", 1);
    pr_outbuf_csv(b, l->zHousehold);
    pr_outbuf_add(b, ",", 1);
    pr_outbuf_csv(b, l->zPerson);
    zNum[0] = ',';
    for (int i = 0, v = l->iDistrict; i < 6; i++, v /= 10) zNum[6 - i] = (char)('0' + v % 10);
    zNum[7] = ',';
    pr_outbuf_add(b, zNum, 8);
    pr_outbuf_str(b, pr_area_code((pr_area)l->eArea));
    pr_outbuf_add(b, ",", 1);
    pr_outbuf_csv(b, l->zName);
    pr_outbuf_add(b, ",", 1);
    pr_outbuf_csv(b, l->zPayee);
    pr_outbuf_add(b, ",", 1);
    pr_outbuf_csv(b, l->zBank);
    pr_outbuf_add(b, ",", 1);
    pr_outbuf_csv(b, l->zAccount);
    zNum[0] = ',';
    int n = 1 + pr_i64_format(l->nAmount, zNum + 1);
    zNum[n++] = ',';
    pr_outbuf_add(b, zNum, (size_t)n);
    pr_outbuf_csv(b, l->zBasis);
    pr_outbuf_add(b, "\n", 1);
}

/* Formats and deflates segment iSeg into *pOut (owned by the caller),
 * adding what it formats into aTotal when not NULL. */
static int make_segment(const pr_batch *p, int iSeg, pr_outbuf *pOut, pr_total *aTotal)
{
    pr_outbuf text;
    pr_outbuf_init(&text, SEGMENT_MAX);
    if (iSeg == 0) pr_outbuf_str(&text, PR_LEDGER_HEADER);
    int iEnd = (iSeg + 1) * SEGMENT_LINES;
    if (iEnd > p->nLine) iEnd = p->nLine;
    for (int i = iSeg * SEGMENT_LINES; i < iEnd; i++) {
        const pr_line *l = &p->aLine[i];
        pr_ledger_format_line(l, &text);
        if (aTotal) {
            pr_total *t = &aTotal[pr_batch_district_index(p, l->iDistrict) * PROG_COUNT + l->eProg];
            t->nLines++;
            t->nPersons += l->nPersons;
            t->nFen += l->nAmount;
        }
    }
    int rc = -1;
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    if (text.bFailed || deflateInit2(&zs, PR_LEDGER_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) goto cleanup;
    size_t nBound = deflateBound(&zs, (uLong)text.n);
    pr_outbuf_init(pOut, nBound + 64);
    if (!(pOut->z = malloc(nBound + 64))) { deflateEnd(&zs); goto cleanup; }
    pOut->nCap = nBound + 64;
    zs.next_in = (Bytef *)(text.z ? text.z : "");
    zs.avail_in = (uInt)text.n;
    zs.next_out = (Bytef *)pOut->z;
    zs.avail_out = (uInt)pOut->nCap;
    int zrc = deflate(&zs, Z_FINISH);
    pOut->n = pOut->nCap - zs.avail_out;
    deflateEnd(&zs);
    rc = zrc == Z_STREAM_END ? 0 : -1;
cleanup:
    pr_outbuf_clear(&text);
    return rc;
}

int pr_ledger_write(const pr_batch *p, const char *zPath, char *zErr, size_t nErr)
{
    return pr_ledger_write_totals(p, zPath, NULL, zErr, nErr);
}

int pr_ledger_write_totals(const pr_batch *p, const char *zPath, pr_total *aTotal, char *zErr, size_t nErr)
{
    size_t nTot = (size_t)p->nDistrict * PROG_COUNT + 1;
    int nSeg = p->nLine / SEGMENT_LINES + 1;
    int nWave = p->nThreads * 2;
    int rc = 0;
    FILE *f = fopen(zPath, "wb");
    if (!f) { snprintf(zErr, nErr, "%s: cannot create", zPath); return -1; }
    pr_outbuf *aSeg = calloc((size_t)nWave, sizeof(*aSeg));
    int *aRc = calloc((size_t)nWave, sizeof(int));
    pr_total *aSegTotal = aTotal ? calloc((size_t)nWave * nTot, sizeof(pr_total)) : NULL;
    if (!aSeg || !aRc || (aTotal && !aSegTotal)) rc = -1;
    for (int w = 0; w < nSeg && rc == 0; w += nWave) {
        int n = nSeg - w < nWave ? nSeg - w : nWave;
        #pragma omp parallel for num_threads(p->nThreads) schedule(dynamic, 1)
        for (int i = 0; i < n; i++) aRc[i] = make_segment(p, w + i, &aSeg[i], aSegTotal ? aSegTotal + (size_t)i * nTot : NULL);
        for (int i = 0; i < n; i++) {
            if (aRc[i] || fwrite(aSeg[i].z, 1, aSeg[i].n, f) != aSeg[i].n) rc = -1;
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
    if (fclose(f) != 0) rc = -1;
    free(aSeg);
    free(aRc);
    free(aSegTotal);
    if (rc) snprintf(zErr, nErr, "%s: cannot write the ledger", zPath);
    return rc;
}
