/*
 * exceptions.c - exceptions.csv: one row per finding, in file, line,
 * programme order; header file,line,program,id,status,code,message.
 */
#include "formats/exceptions.h"
#include "io/outbuf.h"

#include <stdio.h>

int pr_exceptions_write(const pr_batch *p, const char *zPath, char *zErr, size_t nErr)
{
    FILE *f = fopen(zPath, "wb");
    if (!f) { snprintf(zErr, nErr, "%s: cannot create", zPath); return -1; }
    pr_outbuf b;
    pr_outbuf_init(&b, (size_t)1 << 30);
    int rc = 0;
    pr_outbuf_str(&b, "file,line,program,id,status,code,message\n");
    for (int i = 0; i < p->nFind && rc == 0; i++) {
        const pr_finding *x = &p->aFind[i];
        pr_outbuf_csv(&b, p->aInput[x->iFile].zPath);
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
        pr_outbuf_add(&b, "\n", 1);
        if (b.n > (1u << 20) || i + 1 == p->nFind) {
            if (b.rc || fwrite(b.z, 1, b.n, f) != b.n) rc = -1;
            b.n = 0;
        }
    }
    if (p->nFind == 0 && (b.rc || fwrite(b.z, 1, b.n, f) != b.n)) rc = -1;
    pr_outbuf_clear(&b);
    if (fclose(f) != 0) rc = -1;
    if (rc) snprintf(zErr, nErr, "%s: cannot write", zPath);
    return rc;
}
