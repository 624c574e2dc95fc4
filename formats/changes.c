/*
 * changes.c - changes.csv: the month-on-month changes of REGULAR lines
 * (NEW, STOPPED, CHANGED), then this month's other lines (REISSUE,
 * BACKPAY, DIFFERENCE, TEMPORARY) with their period, reference and
 * pay_ref, in the order of pr_changes; then the SHARED_ACCOUNT rows by
 * account. UTF-8, LF, RFC 4180 quoting; written in bounded blocks.
 */
#include "formats/changes.h"
#include "io/outbuf.h"
#include "model/calendar.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define CHANGES_HEADER "change,program,district,beneficiary_id,name,old_fen,new_fen,delta_fen,reason,period,reference,pay_ref\n"
#define FLUSH_AT ((size_t)1 << 20)

static const char *kind_name(int eKind)
{
    switch (eKind) {
    case CHANGE_NEW: return "NEW";
    case CHANGE_STOPPED: return "STOPPED";
    case CHANGE_AMOUNT: return "CHANGED";
    case CHANGE_REISSUE: return "REISSUE";
    case CHANGE_BACKPAY: return "BACKPAY";
    case CHANGE_DIFFERENCE: return "DIFFERENCE";
    default: return "TEMPORARY";
    }
}

pr_error pr_changes_write_csv(const pr_changes *p, const char *zPath, pr_err *pErr)
{
    pr_error rc = PR_OK;
    pr_outbuf b, tmp;
    pr_outbuf_init(&b, (size_t)1 << 31);
    pr_outbuf_init(&tmp, (size_t)1 << 31);
    FILE *f = fopen(zPath, "wb");
    if (!f) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot create: %s", zPath, strerror(errno)); goto cleanup; }
    pr_outbuf_str(&b, CHANGES_HEADER);
    for (int i = 0; i < p->nChange && rc == PR_OK; i++) {
        const pr_change *c = &p->aChange[i];
        pr_outbuf_printf(&b, "%s,%s,%06d,", kind_name(c->eKind), pr_prog_code((pr_prog)c->eProg), (int)c->iDistrict);
        pr_outbuf_csv(&b, c->zBeneficiary);
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_csv(&b, c->zName);
        pr_outbuf_printf(&b, ",%lld,%lld,%lld,", (long long)c->nOld, (long long)c->nNew, (long long)(c->nNew - c->nOld));
        pr_outbuf_csv(&b, c->zReason ? c->zReason : "");
        pr_outbuf_add(&b, ",", 1);
        if (c->iPeriod >= 0) {
            char zPeriod[8];
            pr_month_format(c->iPeriod, zPeriod);
            pr_outbuf_str(&b, zPeriod);
        }
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_csv(&b, c->zReference ? c->zReference : "");
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_csv(&b, c->zPayRef ? c->zPayRef : "");
        pr_outbuf_add(&b, "\n", 1);
        if (b.n >= FLUSH_AT) rc = pr_outbuf_flush(&b, f);
    }
    for (int i = 0; i < p->nShared && rc == PR_OK; i++) {
        const pr_shared_account *s = &p->aShared[i];
        pr_outbuf_str(&b, "SHARED_ACCOUNT,,,");
        pr_outbuf_csv(&b, s->zAccount);
        pr_outbuf_add(&b, ",", 1);
        pr_outbuf_csv(&b, s->zWho);
        pr_outbuf_printf(&b, ",,%lld,,", (long long)s->nFen);
        tmp.n = 0;
        pr_outbuf_str(&tmp, s->zBank);
        pr_outbuf_printf(&tmp, "; %d households", s->nHouseholds);
        pr_outbuf_add(&tmp, "", 1);   /* NUL */
        if ((rc = tmp.rc)) break;
        pr_outbuf_csv(&b, tmp.z);
        pr_outbuf_add(&b, ",,,\n", 4);
        if (b.n >= FLUSH_AT) rc = pr_outbuf_flush(&b, f);
    }
    if (rc == PR_OK) rc = pr_outbuf_flush(&b, f);
cleanup:
    if (f && fclose(f) != 0 && rc == PR_OK) rc = PR_ERR_IO;
    pr_outbuf_clear(&b);
    pr_outbuf_clear(&tmp);
    /* after "cannot create" this keeps that message (the first one wins) */
    if (rc) pr_err_set(pErr, rc, "%s: cannot write", zPath);
    return rc;
}
