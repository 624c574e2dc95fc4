/*
 * exceptions.c - exceptions.csv: one row per finding, in file, line,
 * programme order; header file,line,program,id,status,code,message,说明: the stable
 * English code and message, then the Chinese text (model/explain.h).
 */
#include "formats/exceptions.h"
#include "io/csvstream.h"
#include "io/outbuf.h"
#include "model/explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pr_error pr_exceptions_write(const pr_batch *p, const char *zPath, pr_err *pErr)
{
    pr_error rc = PR_OK;
    pr_outbuf b;
    pr_outbuf_init(&b, (size_t)1 << 30);
    FILE *f = fopen(zPath, "wb");
    if (!f) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot create", zPath); goto cleanup; }
    pr_outbuf_str(&b, "file,line,program,id,status,code,message,说明\n");
    for (int i = 0; i < p->nFind && rc == PR_OK; i++) {
        const pr_finding *x = &p->aFind[i];
        pr_outbuf_csv(&b, pr_batch_finding_file(p, x));
        char zLine[24];
        pr_i64_format(x->iLine, zLine);
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_str(&b, zLine);
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_str(&b, pr_prog_code((pr_prog)x->eProg));
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_csv(&b, x->zId);
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_str(&b, pr_status_name((pr_status)x->eStatus));
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_str(&b, x->zCode);
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_csv(&b, x->zMsg);
        char zZh[1024];
        pr_explain(x->zCode, x->zMsg, zZh, sizeof(zZh));
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_csv(&b, zZh);
        pr_outbuf_add(&b, "\n", 1);
        if (b.n > (1u << 20) || i + 1 == p->nFind) rc = pr_outbuf_flush(&b, f);
    }
    if (p->nFind == 0) rc = pr_outbuf_flush(&b, f);
cleanup:
    if (f && fclose(f) != 0 && rc == PR_OK) rc = PR_ERR_IO;
    pr_outbuf_clear(&b);
    /* after "cannot create" this keeps that message (the first one wins) */
    if (rc) pr_err_set(pErr, rc, "%s: cannot write", zPath);
    return rc;
}

/* ---- reading back (payrun merge) ----------------------------------------- */

#define EXC_HEADER_FIELDS 8
#define EXC_MAX_FIELD 65536     /* longest field read back */

/* A field copied NUL-terminated into the growable *pz; -1 if out of memory. */
static int field_copy(const pr_field *f, char **pz, size_t *pnCap)
{
    if (f->n >= EXC_MAX_FIELD) return -1;
    if (f->n + 1 > *pnCap) {
        char *z = realloc(*pz, (size_t)f->n + 1);
        if (!z) return -1;
        *pz = z;
        *pnCap = (size_t)f->n + 1;
    }
    memcpy(*pz, f->z, f->n);
    (*pz)[f->n] = 0;
    return 0;
}

static int parse_status(const char *z, pr_status *pe)
{
    for (int s = 0; s < ST_COUNT; s++)
        if (!strcmp(z, pr_status_name((pr_status)s))) { *pe = (pr_status)s; return 0; }
    return -1;
}

/* Row r's fields into x, in the buffers az/anCap. A problem, or NULL. */
static const char *decode_exc(const pr_csvrow *r, pr_exc_row *x, char **az, size_t *anCap)
{
    enum { F_FILE = 0, F_LINE, F_PROG, F_ID, F_STATUS, F_CODE, F_MSG, F_N };
    if (r->nField != EXC_HEADER_FIELDS) return "not 8 fields";
    for (int i = 0; i < F_N; i++)
        if (field_copy(&r->aField[i], &az[i], &anCap[i])) return "a field too long";
    char *zEnd;
    unsigned long v = strtoul(az[F_LINE], &zEnd, 10);
    if (!az[F_LINE][0] || *zEnd || v > UINT32_MAX) return "bad line";
    x->iLine = (uint32_t)v;
    if (pr_prog_parse(az[F_PROG], &x->eProg)) return "bad program";
    if (parse_status(az[F_STATUS], &x->eStatus)) return "bad status";
    x->zFile = az[F_FILE];
    x->zId = az[F_ID];
    x->zCode = az[F_CODE];
    x->zMsg = az[F_MSG];
    return NULL;
}

pr_error pr_exceptions_read(const char *zPath, pr_error (*xRow)(void *pArg, const pr_exc_row *pRow, pr_err *pErr),
                            void *pArg, pr_err *pErr)
{
    pr_error rc = PR_OK;
    char *az[8] = { 0 };
    size_t anCap[8] = { 0 };
    pr_err e;
    pr_err_init(&e);
    pr_csvstream *s = pr_csvstream_open(zPath, pErr);
    if (!s) return pErr ? pErr->rc : PR_ERR_IO;
    for (int bHeader = 1;; bHeader = 0) {
        const pr_csvrow *r;
        uint32_t iLine;
        int k = pr_csvstream_next(s, &r, &iLine, pErr);
        if (k < 0) { rc = pErr ? pErr->rc : PR_ERR_IO; goto cleanup; }
        if (k == 0) {
            if (bHeader) rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: empty: not an exceptions.csv written by payrun", zPath);
            break;
        }
        if (bHeader) {
            if (r->nField != EXC_HEADER_FIELDS || !pr_field_eq(r->aField[0], "file") || !pr_field_eq(r->aField[6], "message")) {
                rc = pr_err_set(pErr, PR_ERR_HEADER, "%s:%u: not the header of an exceptions.csv written by payrun", zPath, iLine);
                goto cleanup;
            }
            continue;
        }
        pr_exc_row x;
        const char *zBad = decode_exc(r, &x, az, anCap);
        if (zBad) { rc = pr_err_set(pErr, PR_ERR_CSV, "%s:%u: %s", zPath, iLine, zBad); goto cleanup; }
        if ((rc = xRow(pArg, &x, &e))) {
            rc = e.rc == PR_ERR_NOMEM ? pr_err_nomem(pErr, "reading exceptions") : pr_err_set(pErr, rc, "%s:%u: %s", zPath, iLine, e.zMsg);
            goto cleanup;
        }
    }
cleanup:
    pr_csvstream_free(s);
    for (int i = 0; i < 8; i++) free(az[i]);
    return rc;
}
