/*
 * changes.c (run) - the changes stage (run/changes.h): reads the previous
 * month's folder (the month of its manifest.json, then its ledger.csv.gz)
 * through formats, computes the changes with the model and the shared
 * accounts with the rules.
 */
#include "run/changes.h"
#include "formats/manifest_read.h"
#include "formats/prevledger.h"
#include "model/calendar.h"
#include "model/persons.h"
#include "rules/accounts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* zDir/zName, owned by the caller, or NULL with pErr set. */
static char *path_join(const char *zDir, const char *zName, pr_err *pErr)
{
    size_t n = strlen(zDir) + strlen(zName) + 2;
    char *z = malloc(n);
    if (z) snprintf(z, n, "%s/%s", zDir, zName);
    else pr_err_nomem(pErr, "reading the previous month's folder");
    return z;
}

/* xLine of pr_prevledger_each: one of last month's lines into the join. */
static pr_error join_line(void *pArg, const pr_prev_line *o, size_t nBen, size_t nName, pr_err *pErr)
{
    return pr_changes_join_prev(pArg, o, nBen, nName, pErr);
}

/* The changes of c against the previous month's ledger zLedger (of month
 * zPrev) through the join: the lines the payment cycle held when it read
 * the ledger, else the ledger streamed (last month's lines never held
 * here). PR_OK or an error with pErr set, naming zLedger and the line. */
static pr_error join_ledger(pr_changes *c, const pr_batch *p, const pr_persons *x, const char *zLedger,
                            const char *zPrev, pr_err *pErr)
{
    pr_error rc = PR_ERR_NOMEM;
    const pr_prev_held *h = p->pCycle ? &p->pCycle->prevHeld : NULL;
    pr_changes_join *j = pr_changes_join_new(c, p, x, pErr);
    if (j && pr_prev_held_has(h, zLedger)) rc = pr_prevledger_each_held(h, zLedger, join_line, j, pErr);
    else if (j) rc = pr_prevledger_each(zLedger, join_line, j, pErr);
    if (j && rc == PR_OK) rc = pr_changes_join_end(j, zPrev, pErr);
    pr_changes_join_free(j);
    return rc;
}

/* The changes of c against the previous month's folder zPrevDir, whose
 * month must come before p's. PR_OK or an error with pErr set. */
static pr_error changes_against(pr_changes *c, const pr_batch *p, const pr_persons *x, const char *zPrevDir,
                                pr_err *pErr)
{
    pr_error rc = PR_ERR_IO;
    pr_manifest m;
    char *zLedger = NULL, *zManifest = NULL, zPrev[8];
    struct stat st;
    if (stat(zPrevDir, &st) != 0) {
        pr_err_set(pErr, PR_ERR_IO, "%s: the previous month's folder cannot be read: %s", zPrevDir, strerror(errno));
        goto cleanup;
    }
    if (!S_ISDIR(st.st_mode)) {
        pr_err_set(pErr, PR_ERR_IO, "%s: the previous month's folder is not a folder", zPrevDir);
        goto cleanup;
    }
    if (!(zManifest = path_join(zPrevDir, "manifest.json", pErr))) { rc = PR_ERR_NOMEM; goto cleanup; }
    if (!(zLedger = path_join(zPrevDir, "ledger.csv.gz", pErr))) { rc = PR_ERR_NOMEM; goto cleanup; }
    /* the month, with the same strict reader as `payrun verify` */
    pr_err errManifest;
    pr_err_init(&errManifest);
    if (pr_manifest_read(zManifest, &m, &errManifest)) {
        rc = pr_err_set(pErr, PR_ERR_IO, "%s", errManifest.zMsg);
        goto cleanup;
    }
    int iPrev = m.iMonth;
    pr_manifest_clear(&m);
    if (iPrev >= p->iMonth) {
        char zThis[8];
        pr_month_format(iPrev, zPrev);
        pr_month_format(p->iMonth, zThis);
        rc = pr_err_set(pErr, PR_ERR_CONFIG, "%s: the previous month's folder is for %s, which is not earlier than the batch month %s",
                        zManifest, zPrev, zThis);
        goto cleanup;
    }
    pr_month_format(iPrev, zPrev);
    rc = join_ledger(c, p, x, zLedger, zPrev, pErr);
cleanup:
    free(zLedger);
    free(zManifest);
    return rc;
}

pr_changes *pr_changes_compute(const pr_batch *p, const char *zPrevDir, pr_err *pErr)
{
    pr_err e;
    pr_persons x;
    pr_err_init(&e);
    memset(&x, 0, sizeof(x));
    pr_changes *c = pr_changes_new(&e);
    if (!c) goto cleanup;
    if (pr_persons_init(&x, p, zPrevDir != NULL, &e)) goto cleanup;
    if (zPrevDir && changes_against(c, p, &x, zPrevDir, &e)) goto cleanup;
    pr_accounts_shared(c, p, &x, &e);
cleanup:
    pr_persons_clear(&x);
    if (e.rc != PR_OK) {
        pr_err_set(pErr, e.rc, "%s", e.zMsg);
        pr_changes_free(c);
        return NULL;
    }
    return c;
}
