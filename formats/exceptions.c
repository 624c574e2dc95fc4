/*
 * exceptions.c - exceptions.csv: one row per finding, in file, line,
 * programme order; header file,line,program,id,status,code,message,说明: the stable
 * English code and message, then the Chinese text (model/explain.h).
 */
#include "formats/exceptions.h"
#include "io/outbuf.h"
#include "model/explain.h"

#include <stdio.h>

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
