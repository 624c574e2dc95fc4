/*
 * mergepart.c - a shard's merge part (mergepart.h): written with zlib
 * through a temporary name, read back a record at a time (io/csvstream),
 * every field checked.
 */
#include "formats/mergepart.h"
#include "io/csvstream.h"
#include "io/outbuf.h"
#include "model/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define MP_HEADER "payrun-merge-part"
#define MP_FLUSH ((size_t)1 << 16)   /* bytes gathered before each gzwrite */

static const char *const azAcct[] = { [MP_ACCT_NONE] = "", [MP_ACCT_HOUSEHOLD] = "H", [MP_ACCT_PERSON] = "P" };

static void put_counts(pr_outbuf *b, const uint32_t *a)
{
    pr_outbuf_printf(b, ",%u,%u,%u,%u\n", a[ST_PAID], a[ST_INELIGIBLE], a[ST_HELD], a[ST_REJECTED]);
}

/* Writes b's text to gz and empties b. 0 or -1. */
static int drain(pr_outbuf *b, gzFile gz)
{
    if (b->rc) return -1;
    if (b->n && gzwrite(gz, b->z, (unsigned)b->n) != (int)b->n) return -1;
    b->n = 0;
    return 0;
}

static void put_head(const pr_batch *p, const char *zManifestSha, pr_outbuf *b)
{
    char zMonth[8];
    pr_month_format(p->iMonth, zMonth);
    pr_outbuf_printf(b, MP_HEADER ",%d,%s,%s\n", PR_MERGEPART_VERSION, zMonth, zManifestSha);
    for (int i = 0; i < p->nInput; i++) {
        const pr_input *in = &p->aInput[i];
        if (in->eKind != INPUT_ROSTER) continue;
        pr_outbuf_printf(b, "input,%u,", in->iRank);
        pr_outbuf_csv(b, in->zPath);
        pr_outbuf_printf(b, ",%s,%s,%s,%s,%u", pr_roster_name(in->eRoster), pr_encoding_name(in->eEnc),
                         in->bGzip ? "true" : "false", in->zSha, in->nRows);
        put_counts(b, in->aCount);
    }
    for (int g = 0; g < PROG_COUNT; g++) {
        uint32_t a[ST_COUNT];
        for (int s = 0; s < ST_COUNT; s++) a[s] = (uint32_t)p->aProgCount[g][s];
        pr_outbuf_printf(b, "program,%s", pr_prog_code((pr_prog)g));
        put_counts(b, a);
    }
}

pr_error pr_mergepart_write(const pr_batch *p, const char *zManifestSha, void (*xLine)(void *pArg, int i, pr_mp_line *pOut),
                            void *pArg, const char *zPath, pr_err *pErr)
{
    pr_error rc = PR_OK;
    char zTemp[8192];
    gzFile gz = NULL;
    pr_outbuf b;
    pr_outbuf_init(&b, (size_t)1 << 30);
    if ((size_t)snprintf(zTemp, sizeof(zTemp), "%s.tmp", zPath) >= sizeof(zTemp)) {
        rc = pr_err_set(pErr, PR_ERR_IO, "%s: path too long", zPath);
        goto cleanup;
    }
    if (!(gz = gzopen(zTemp, "wb1"))) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot create", zTemp); goto cleanup; }
    put_head(p, zManifestSha, &b);
    for (int i = 0; i < p->nLine; i++) {
        pr_mp_line m = { 0, MP_ACCT_NONE, "", NULL };
        xLine(pArg, i, &m);
        pr_outbuf_printf(&b, "line,%d,%s", m.nPersons,
                         m.eAcct == MP_ACCT_HOUSEHOLD && !m.zHead ? "h" : azAcct[m.eAcct]);
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_csv(&b, m.zKey);
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_csv(&b, m.zHead ? m.zHead : "");
        pr_outbuf_add(&b, "\n", 1);
        if (b.n >= MP_FLUSH && drain(&b, gz)) goto write_error;
    }
    /* the heads of the shard's DIBAO households, by id: a line of another
     * shard names such a household without its head */
    for (int h = 0; h < p->nHouse; h++) {
        const pr_household *x = &p->aHouse[h];
        if (!x->pHead || !x->nMember) continue;
        pr_outbuf_str(&b, "head,");
        pr_outbuf_csv(&b, x->apMember[0]->zHousehold);
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_csv(&b, x->pHead->zName);
        pr_outbuf_add(&b, "\n", 1);
        if (b.n >= MP_FLUSH && drain(&b, gz)) goto write_error;
    }
    if (drain(&b, gz)) goto write_error;
    int rcClose = gzclose(gz);
    gz = NULL;
    if (rcClose != Z_OK) goto write_error;
    if (rename(zTemp, zPath) != 0) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot rename into place", zPath); goto cleanup; }
    goto cleanup;
write_error:
    rc = b.rc == PR_ERR_NOMEM ? pr_err_nomem(pErr, "writing the merge part") : pr_err_set(pErr, PR_ERR_IO, "%s: cannot write", zTemp);
cleanup:
    if (gz) gzclose(gz);
    if (rc) unlink(zTemp);
    pr_outbuf_clear(&b);
    return rc;
}

/* ---- reading ---------------------------------------------------------- */

/* A field as a NUL-terminated string in z[nZ]; -1 if it does not fit. */
static int field_str(const pr_field *f, char *z, size_t nZ)
{
    if (f->n >= nZ) return -1;
    memcpy(z, f->z, f->n);
    z[f->n] = 0;
    return 0;
}

/* A whole number of at most 10 digits that fits in 32 bits. */
static int field_u32(const pr_field *f, uint32_t *pv)
{
    uint64_t v = 0;
    if (f->n == 0 || f->n > 10) return -1;
    for (uint32_t i = 0; i < f->n; i++) {
        if (f->z[i] < '0' || f->z[i] > '9') return -1;
        v = v * 10 + (uint64_t)(f->z[i] - '0');
    }
    if (v > UINT32_MAX) return -1;
    *pv = (uint32_t)v;
    return 0;
}

static int read_counts(const pr_field *a, uint32_t *aCount)
{
    memset(aCount, 0, ST_COUNT * sizeof(*aCount));
    return field_u32(&a[0], &aCount[ST_PAID]) || field_u32(&a[1], &aCount[ST_INELIGIBLE]) || field_u32(&a[2], &aCount[ST_HELD])
        || field_u32(&a[3], &aCount[ST_REJECTED]) ? -1 : 0;
}

static int parse_roster(const char *z, pr_roster *pe)
{
    for (int e = 0; e < ROSTER_COUNT; e++)
        if (!strcmp(z, pr_roster_name((pr_roster)e))) { *pe = (pr_roster)e; return 0; }
    return -1;
}

/* An input row into *pIn (strings in the caller's buffers). A problem, or NULL. */
static const char *read_input(const pr_csvrow *r, pr_mp_input *pIn, char *zPath, size_t nPath, char *zSha)
{
    char zWord[32];
    const pr_field *a = r->aField;
    if (r->nField != 12) return "an input row needs 12 fields";
    if (field_u32(&a[1], &pIn->iRank)) return "bad rank";
    if (field_str(&a[2], zPath, nPath) || !zPath[0]) return "bad path";
    if (field_str(&a[3], zWord, sizeof(zWord)) || parse_roster(zWord, &pIn->eRoster)) return "bad roster";
    if (field_str(&a[4], zWord, sizeof(zWord)) || pr_encoding_parse(zWord, &pIn->eEnc, NULL) || pIn->eEnc == ENC_AUTO) return "bad encoding";
    if (pr_field_eq(a[5], "true")) pIn->bGzip = 1;
    else if (pr_field_eq(a[5], "false")) pIn->bGzip = 0;
    else return "bad gzip";
    if (a[6].n != 64 || field_str(&a[6], zSha, 65)) return "bad sha256";
    if (field_u32(&a[7], &pIn->nRows)) return "bad rows";
    if (read_counts(&a[8], pIn->aCount)) return "bad status counts";
    pIn->zPath = zPath;
    pIn->zSha = zSha;
    return NULL;
}

/* A line row into *pLine (strings in the caller's buffers). A problem, or NULL. */
static const char *read_line(const pr_csvrow *r, pr_mp_line *pLine, char *zKey, char *zHead, size_t nStr)
{
    const pr_field *a = r->aField;
    uint32_t n;
    if (r->nField != 5) return "a line row needs 5 fields";
    if (field_u32(&a[1], &n) || n == 0 || n > 1000000) return "bad persons";
    pLine->nPersons = (int)n;
    pLine->zHead = NULL;
    if (field_str(&a[3], zKey, nStr) || field_str(&a[4], zHead, nStr)) return "a field too long";
    if (pr_field_eq(a[2], "")) pLine->eAcct = MP_ACCT_NONE;
    else if (pr_field_eq(a[2], "P")) pLine->eAcct = MP_ACCT_PERSON;
    else if (pr_field_eq(a[2], "h")) pLine->eAcct = MP_ACCT_HOUSEHOLD;
    else if (pr_field_eq(a[2], "H")) { pLine->eAcct = MP_ACCT_HOUSEHOLD; pLine->zHead = zHead; }
    else return "bad account kind";
    if ((pLine->eAcct == MP_ACCT_NONE) != (zKey[0] == 0)) return "an account kind without its key, or a key without its kind";
    pLine->zKey = zKey;
    return NULL;
}

/* The first row: the header of a part of month iMonth written with the
 * manifest whose SHA-256 is zManifestSha. */
static const char *read_head(const pr_csvrow *r, int iMonth, const char *zManifestSha)
{
    char zMonth[8], zWant[8];
    pr_month_format(iMonth, zWant);
    if (r->nField != 4 || !pr_field_eq(r->aField[0], MP_HEADER)) return "not a merge part written by payrun";
    char zVersion[16];
    snprintf(zVersion, sizeof(zVersion), "%d", PR_MERGEPART_VERSION);
    if (!pr_field_eq(r->aField[1], zVersion)) return "a merge part of another version of payrun: run the shard again";
    if (field_str(&r->aField[2], zMonth, sizeof(zMonth)) || strcmp(zMonth, zWant)) return "a merge part of another month";
    if (!pr_field_eq(r->aField[3], zManifestSha))
        return "a merge part written with another month folder (its manifest.json differs): run the shard again";
    return NULL;
}

pr_error pr_mergepart_read(const char *zPath, int iMonth, const char *zManifestSha, const pr_mp_reader *pR, pr_err *pErr)
{
    enum { N_STR = 4096 };
    pr_error rc = PR_OK;
    pr_err e;
    pr_err_init(&e);
    char *zA = NULL, *zB = NULL, zSha[65];
    pr_csvstream *s = pr_csvstream_open(zPath, pErr);
    if (!s) return pErr ? pErr->rc : PR_ERR_IO;
    zA = malloc(N_STR);
    zB = malloc(N_STR);
    if (!zA || !zB) { rc = pr_err_nomem(pErr, "reading a merge part"); goto cleanup; }
    int bHead = 1, bLines = 0, bHeads = 0;
    for (;;) {
        const pr_csvrow *r;
        uint32_t iLine;
        int k = pr_csvstream_next(s, &r, &iLine, pErr);
        if (k < 0) { rc = pErr ? pErr->rc : PR_ERR_IO; goto cleanup; }
        if (k == 0) break;
        const char *zBad = NULL;
        if (bHead) {
            zBad = read_head(r, iMonth, zManifestSha);
            bHead = 0;
        } else if (pr_field_eq(r->aField[0], "head")) {
            bHeads = 1;
            if (r->nField != 3 || field_str(&r->aField[1], zA, N_STR) || field_str(&r->aField[2], zB, N_STR) || !zA[0] || !zB[0])
                zBad = "bad head row";
            else if (pR->xHead && (rc = pR->xHead(pR->pArg, zA, zB, &e))) goto callback;
        } else if (bHeads) {
            zBad = "a row after the heads";
        } else if (pr_field_eq(r->aField[0], "line")) {
            pr_mp_line m;
            bLines = 1;
            if (!(zBad = read_line(r, &m, zA, zB, N_STR)) && pR->xLine && (rc = pR->xLine(pR->pArg, &m, &e))) goto callback;
        } else if (bLines) {
            zBad = "an input or program row after the lines";
        } else if (pr_field_eq(r->aField[0], "input")) {
            pr_mp_input in;
            if (!(zBad = read_input(r, &in, zA, N_STR, zSha)) && pR->xInput && (rc = pR->xInput(pR->pArg, &in, &e))) goto callback;
        } else if (pr_field_eq(r->aField[0], "program")) {
            pr_prog eProg;
            uint32_t aCount[ST_COUNT];
            if (r->nField != 6 || field_str(&r->aField[1], zA, 32) || pr_prog_parse(zA, &eProg) || read_counts(&r->aField[2], aCount))
                zBad = "bad program row";
            else if (pR->xProgram && (rc = pR->xProgram(pR->pArg, eProg, aCount, &e))) goto callback;
        } else {
            zBad = "unknown row";
        }
        if (zBad) { rc = pr_err_set(pErr, PR_ERR_CSV, "%s:%u: %s", zPath, iLine, zBad); goto cleanup; }
        continue;
    callback:
        rc = e.rc == PR_ERR_NOMEM ? pr_err_nomem(pErr, "reading a merge part") : pr_err_set(pErr, rc, "%s:%u: %s", zPath, iLine, e.zMsg);
        goto cleanup;
    }
    if (bHead) rc = pr_err_set(pErr, PR_ERR_CSV, "%s: empty: not a merge part written by payrun", zPath);
cleanup:
    pr_csvstream_free(s);
    free(zA);
    free(zB);
    return rc;
}
