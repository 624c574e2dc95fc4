/*
 * publish.c - the writing stage of a run, in this order:
 *   1. ledger.csv.gz (its totals kept for the reconciliation);
 *   2. the reject-rate gate: past --max-reject-rate the month is not payable;
 *   3. district and bank workbooks, one per worker, largest first;
 *   4. the reconciliation of what each writer wrote;
 *   5. summary.xlsx, exceptions.csv, changes.csv, and the manifest.
 * A month that must not be paid keeps only exceptions, summary, changes and
 * manifest (no ledger, no district or bank workbook).
 */
#include "publish.h"
#include "changes.h"
#include "reconcile.h"
#include "../formats/books.h"
#include "../formats/outputs.h"
#include "../io/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct book_job {
    int bBank;            /* 0 district, 1 bank */
    int iIndex;           /* district or bank index */
    int nLines;           /* its size, for scheduling */
    char zName[256];      /* file name */
    pr_total *aTotal;     /* where it adds what it wrote; owned for banks */
    int rc;               /* 0 or -1 */
    char zErr[512];       /* its error */
} book_job;

static int cmp_job(const void *a, const void *b)
{
    const book_job *x = a, *y = b;
    if (x->nLines != y->nLines) return x->nLines > y->nLines ? -1 : 1;
    return strcmp(x->zName, y->zName);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_file(pr_publish_result *r, const char *zName)
{
    char **a = realloc(r->azFile, (size_t)(r->nFile + 1) * sizeof(char *));
    if (!a) return;
    r->azFile = a;
    r->azFile[r->nFile] = strdup(zName);
    if (r->azFile[r->nFile]) r->nFile++;
}

void pr_publish_result_clear(pr_publish_result *pRes)
{
    for (int i = 0; i < pRes->nFile; i++) free(pRes->azFile[i]);
    free(pRes->azFile);
    pRes->azFile = NULL;
    pRes->nFile = 0;
}

static void progress(const pr_publish_opts *o, const char *zStage, long long nDone, long long nTotal)
{
    if (o->xProgress) o->xProgress(o->pProgressArg, zStage, nDone, nTotal);
}

/* Writes the district and bank workbooks in parallel. Returns 0 or -1. */
static int write_books(pr_batch *p, pr_outdir *pDir, pr_recon *pRecon, const pr_publish_opts *o,
                       pr_publish_result *pRes)
{
    pr_banks banks;
    int rc = 0, nJob = 0;
    if (pr_banks_build(p, &banks)) { snprintf(pRes->zReason, sizeof(pRes->zReason), "out of memory"); return -1; }
    size_t nTot = (size_t)p->nDistrict * PROG_COUNT + 1;
    book_job *aJob = calloc((size_t)(p->nDistrict + banks.nBank) + 1, sizeof(*aJob));
    if (!aJob) { pr_banks_clear(&banks); return -1; }
    for (int d = 0; d < p->nDistrict; d++, nJob++) {
        aJob[nJob].iIndex = d;
        for (int g = 0; g < PROG_COUNT; g++) aJob[nJob].nLines += (int)p->aTotal[d * PROG_COUNT + g].nLines;
        pr_district_book_name(p, d, aJob[nJob].zName, sizeof(aJob[nJob].zName));
        aJob[nJob].aTotal = pRecon->aDistrict;
    }
    for (int b = 0; b < banks.nBank; b++, nJob++) {
        aJob[nJob].bBank = 1;
        aJob[nJob].iIndex = b;
        aJob[nJob].nLines = banks.aiStart[b + 1] - banks.aiStart[b];
        pr_bank_book_name(p, &banks, b, aJob[nJob].zName, sizeof(aJob[nJob].zName));
        aJob[nJob].aTotal = calloc(nTot, sizeof(pr_total));
        if (!aJob[nJob].aTotal) rc = -1;
    }
    qsort(aJob, (size_t)nJob, sizeof(*aJob), cmp_job);
    long long nDone = 0;
    progress(o, "writing workbooks", 0, nJob);
    #pragma omp parallel for num_threads(p->nThreads) schedule(dynamic, 1)
    for (int j = 0; j < nJob; j++) {
        book_job *x = &aJob[j];
        char zPath[8192];
        if (rc) continue;
        pr_outdir_path(pDir, x->zName, zPath, sizeof(zPath));
        x->rc = x->bBank ? pr_bank_book_write(p, &banks, x->iIndex, zPath, pDir->zTemp, x->aTotal, x->zErr, sizeof(x->zErr))
                         : pr_district_book_write(p, x->iIndex, zPath, pDir->zTemp, x->aTotal, x->zErr, sizeof(x->zErr));
        long long n;
        #pragma omp atomic capture
        n = ++nDone;
        #pragma omp critical(pr_progress)
        progress(o, "writing workbooks", n, nJob);
    }
    for (int j = 0; j < nJob; j++) {
        book_job *x = &aJob[j];
        if (x->rc && !rc) { rc = -1; snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", x->zErr); }
        if (x->bBank && x->aTotal) {
            for (size_t k = 0; k < nTot; k++) {
                pRecon->aBank[k].nLines += x->aTotal[k].nLines;
                pRecon->aBank[k].nPersons += x->aTotal[k].nPersons;
                pRecon->aBank[k].nFen += x->aTotal[k].nFen;
            }
            free(x->aTotal);
        }
        if (!x->rc) add_file(pRes, x->zName);
    }
    free(aJob);
    pr_banks_clear(&banks);
    return rc;
}

/* Removes the files that must not be there when the month is not payable. */
static void withdraw_payables(pr_outdir *pDir, pr_publish_result *pRes)
{
    int k = 0;
    for (int i = 0; i < pRes->nFile; i++) {
        const char *z = pRes->azFile[i];
        int bKeep = strcmp(z, "exceptions.csv") == 0 || strcmp(z, "summary.xlsx") == 0 || strcmp(z, "changes.csv") == 0;
        if (bKeep) { pRes->azFile[k++] = pRes->azFile[i]; continue; }
        char zPath[8192];
        pr_outdir_path(pDir, z, zPath, sizeof(zPath));
        unlink(zPath);
        free(pRes->azFile[i]);
    }
    pRes->nFile = k;
}

/* Hashes every file and writes the manifest. Returns 0 or -1. */
static int write_manifest(pr_batch *p, pr_outdir *pDir, pr_publish_result *pRes, const char *zStatus,
                          const char *zReason, char *zErr, size_t nErr)
{
    qsort(pRes->azFile, (size_t)pRes->nFile, sizeof(char *), cmp_str);
    pr_outfile *aOut = calloc((size_t)pRes->nFile + 1, sizeof(*aOut));
    if (!aOut) return -1;
    int rc = 0;
    #pragma omp parallel for num_threads(p->nThreads) schedule(dynamic, 1)
    for (int i = 0; i < pRes->nFile; i++) {
        char zPath[8192];
        struct stat st;
        aOut[i].zName = pRes->azFile[i];
        pr_outdir_path(pDir, pRes->azFile[i], zPath, sizeof(zPath));
        if (pr_sha256_file(zPath, aOut[i].zSha) || stat(zPath, &st)) {
            #pragma omp atomic write
            rc = -1;
        } else {
            aOut[i].nBytes = (long long)st.st_size;
        }
    }
    char zPath[8192];
    pr_outdir_path(pDir, "manifest.json", zPath, sizeof(zPath));
    if (rc) snprintf(zErr, nErr, "%s: cannot read back an output", pDir->zTemp);
    else rc = pr_manifest_write_status(p, aOut, pRes->nFile, zStatus, zReason, zPath, zErr, nErr);
    free(aOut);
    return rc;
}

void pr_publish_month(pr_batch *p, pr_outdir *pDir, const pr_publish_opts *o, pr_publish_result *pRes)
{
    char zPath[8192], zErr[1024] = "";
    pr_recon recon;
    pr_changes *pChanges = NULL;
    int bPayable = 1;
    memset(pRes, 0, sizeof(*pRes));
    pRes->rc = PR_EXIT_INPUT;
    if (pr_recon_init(&recon, p)) { snprintf(pRes->zReason, sizeof(pRes->zReason), "out of memory"); goto fail; }
    pChanges = pr_changes_compute(p, o->zPrev, zErr, sizeof(zErr));
    if (!pChanges) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", zErr); goto fail; }

    progress(o, "writing the ledger", 0, 1);
    pr_outdir_path(pDir, "ledger.csv.gz", zPath, sizeof(zPath));
    if (pr_ledger_write_totals(p, zPath, recon.aLedger, zErr, sizeof(zErr))) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", zErr); goto fail; }
    add_file(pRes, "ledger.csv.gz");
    progress(o, "writing the ledger", 1, 1);

    for (int i = 0; i < p->nInput; i++) {
        pRes->nRecords += p->aInput[i].nRows;
        pRes->nRejected += p->aInput[i].aCount[ST_REJECTED];
    }
    if (pRes->nRecords > 0 && pRes->nRejected * 10000 > (long long)o->nMaxRejectBp * pRes->nRecords) {
        bPayable = 0;
        recon.bBooks = 0;
        snprintf(pRes->zReason, sizeof(pRes->zReason),
                 "%lld of %lld records (%.2f %%) are REJECTED, more than --max-reject-rate %d.%02d %%; see exceptions.csv",
                 pRes->nRejected, pRes->nRecords, 100.0 * (double)pRes->nRejected / (double)pRes->nRecords,
                 o->nMaxRejectBp / 100, o->nMaxRejectBp % 100);
    } else if (write_books(p, pDir, &recon, o, pRes)) {
        goto fail;
    }
    if (pr_recon_run(&recon, p) < 0) { snprintf(pRes->zReason, sizeof(pRes->zReason), "out of memory"); goto fail; }
    pRes->nFailedChecks = bPayable ? recon.nFailed : 0;
    if (bPayable && recon.nFailed) {
        const pr_check *c = pr_recon_first_failure(&recon);
        bPayable = 0;
        snprintf(pRes->zReason, sizeof(pRes->zReason), "reconciliation failed (%d check%s): %s: %s %lld, %s %lld; see the 对账 sheet of summary.xlsx",
                 recon.nFailed, recon.nFailed > 1 ? "s" : "", c->zWhat, c->zLeft, (long long)c->nLeft, c->zRight, (long long)c->nRight);
    }

    progress(o, "writing the summary", 0, 1);
    pr_outdir_path(pDir, "summary.xlsx", zPath, sizeof(zPath));
    if (pr_summary_book_write(p, &recon, pChanges, zPath, pDir->zTemp, zErr, sizeof(zErr))) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", zErr); goto fail; }
    add_file(pRes, "summary.xlsx");
    pr_outdir_path(pDir, "exceptions.csv", zPath, sizeof(zPath));
    if (pr_exceptions_write(p, zPath, zErr, sizeof(zErr))) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", zErr); goto fail; }
    add_file(pRes, "exceptions.csv");
    if (pChanges->bHasPrev) {
        pr_outdir_path(pDir, "changes.csv", zPath, sizeof(zPath));
        if (pr_changes_write_csv(pChanges, zPath, zErr, sizeof(zErr))) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", zErr); goto fail; }
        add_file(pRes, "changes.csv");
    }
    progress(o, "writing the summary", 1, 1);
    if (!bPayable) withdraw_payables(pDir, pRes);
    if (write_manifest(p, pDir, pRes, bPayable ? "ok" : "not_payable", bPayable ? NULL : pRes->zReason, zErr, sizeof(zErr))
        || pr_outdir_commit(pDir, zErr, sizeof(zErr))) {
        snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", zErr);
        goto fail;
    }
    add_file(pRes, "manifest.json");
    qsort(pRes->azFile, (size_t)pRes->nFile, sizeof(char *), cmp_str);
    pRes->rc = bPayable ? PR_EXIT_DONE : PR_EXIT_NOT_PAYABLE;
    pr_changes_free(pChanges);
    pr_recon_clear(&recon);
    return;
fail:
    pr_outdir_abort(pDir);
    pr_changes_free(pChanges);
    pr_recon_clear(&recon);
    pRes->rc = PR_EXIT_INPUT;
}
