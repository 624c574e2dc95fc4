/*
 * publish.c - the writing stage of a run:
 *   1. the reject-rate gate: past --max-reject-rate the month is not payable;
 *   2. the checks predicted for writers that write exactly what was computed;
 *   3. one parallel stage of tasks: ledger.csv.gz, exceptions.csv, the
 *      changes and shared accounts, summary.xlsx (closed with the predicted
 *      checks once the changes are known), the district workbooks and the
 *      公示 notices, then the bank workbooks and the banks' import files
 *      (--bank-formats; largest first), each writer of payments adding up
 *      what it wrote;
 *   4. the reconciliation of what each writer wrote; if its checks differ
 *      from the predicted ones, summary.xlsx is written again with them;
 *   5. changes.csv, and the manifest with every file's SHA-256.
 * A month that must not be paid keeps only exceptions, summary, changes and
 * manifest (no ledger, no district, notice or bank workbook).
 */
#include "run/publish.h"
#include "io/i18n.h"
#include "run/seal.h"
#include "run/changes.h"
#include "run/trend.h"
#include "model/reconcile.h"
#include "formats/bank_book.h"
#include "formats/bank_import.h"
#include "formats/changes.h"
#include "formats/cyclefiles.h"
#include "formats/district_book.h"
#include "formats/exceptions.h"
#include "formats/ledger.h"
#include "formats/manifest.h"
#include "formats/notice_book.h"
#include "formats/summary_book.h"
#include "io/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What a book job writes. */
enum { BOOK_DISTRICT = 0, BOOK_BANK, BOOK_NOTICE, BOOK_IMPORT };

typedef struct book_job {
    int eKind;            /* BOOK_DISTRICT, BOOK_BANK, BOOK_NOTICE or BOOK_IMPORT */
    int iIndex;           /* district or bank index */
    int nLines;           /* its size, for scheduling */
    char zName[256];      /* file name */
    pr_total *aTotal;     /* where it adds what it wrote; owned for banks,
                           * NULL for notices (they are not payments) and
                           * import files */
    const pr_bank_format *pFmt;  /* an import file's format */
    pr_bank_tally tally;  /* a bank's rows and fen, as its workbook or its
                           * import file wrote them */
    pr_err err;           /* its result and message */
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

/* Adds zName (copied) to the outputs listed. Returns 0, or -1 with the
 * reason set when memory ran out: the caller fails the month rather than
 * list it without a file. */
static int add_file(pr_publish_result *r, const char *zName)
{
    char **a = realloc(r->azFile, (size_t)(r->nFile + 1) * sizeof(char *));
    if (a) {
        r->azFile = a;
        r->azFile[r->nFile] = strdup(zName);
        if (r->azFile[r->nFile]) { r->nFile++; return 0; }
    }
    snprintf(r->zReason, sizeof(r->zReason), "out of memory while listing the output %s", zName);
    return -1;
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

/* Everything the parallel stage shares. */
typedef struct stage {
    pr_batch *p;                 /* the batch (read-only in the tasks) */
    pr_outdir *pDir;             /* the temporary folder */
    const pr_publish_opts *o;    /* options */
    pr_recon *pRecon;            /* totals per writer */
    const pr_recon *pPredicted;  /* the checks if every writer wrote the computed totals */
    pr_changes *pChanges;        /* filled by its task */
    pr_summary *pSummary;        /* the summary workbook, open */
    pr_banks banks;              /* bank lines, sorted */
    book_job *aJob;              /* district books and notices */
    int nJob;
    book_job *aBankJob;          /* bank books */
    int nBankJob;
    int bBooks;                  /* write the district and bank books */
    long long nDone, nTotal;     /* tasks done, for the progress bar */
    pr_err errLedger;            /* the ledger task's result */
    pr_err errExc;               /* the exceptions task's result */
    pr_err errChanges;           /* the changes task's error */
    pr_err errSummary;           /* the summary task's result: it closes the
                                  * workbook unless the changes failed */
    int bTrace;                  /* PAYRUN_TRACE is set: log each task's CPU time */
    pr_outfile *aHashed;         /* files hashed by their job just after it wrote
                                  * them (under pr_hashed); owned, names borrowed */
    int nHashed, nHashedCap;
    pr_trend trend;              /* the 趋势 sheet's months, read before the stage */
    int bBankPlanned;            /* plan_banks has run (under pr_bank_plan) */
    int rcBankPlan;              /* its result */
} stage;

/* The calling thread's CPU seconds so far. */
static double thread_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* With PAYRUN_TRACE set, logs the CPU seconds a task of the writing stage
 * took since t0 (thread_cpu() at its start). */
static void trace_task(const stage *g, const char *zTask, const char *zName, double t0)
{
    if (g->bTrace) fprintf(stderr, "payrun: trace task %-10s %-28s %10.6fs CPU\n", zTask, zName ? zName : "", thread_cpu() - t0);
}

static void task_done(stage *g, const char *zStage)
{
    long long n;
    #pragma omp atomic capture
    n = ++g->nDone;
    #pragma omp critical(pr_progress)
    progress(g->o, zStage, n, g->nTotal);
}

/* Fills *pOut with the name zName (borrowed), SHA-256 and size of that file
 * of the month folder. Returns 0 or -1 if it cannot be read. */
static int hash_file(pr_outdir *pDir, const char *zName, pr_outfile *pOut)
{
    char zPath[8192];
    struct stat st;
    pOut->zName = zName;
    pr_outdir_path(pDir, zName, zPath, sizeof(zPath));
    if (pr_sha256_file(zPath, pOut->zSha, NULL) || stat(zPath, &st)) return -1;
    pOut->nBytes = (long long)st.st_size;
    return 0;
}

/* Hashes the file zName (a name that outlives the stage) just written by a
 * job, while it is in the page cache and other jobs still run, so that the
 * manifest need not read it again at the end. A file that cannot be hashed
 * here is simply hashed later. */
static void hash_written(stage *g, const char *zName)
{
    pr_outfile f;
    if (hash_file(g->pDir, zName, &f)) return;
    #pragma omp critical(pr_hashed)
    {
        if (g->nHashed == g->nHashedCap) {
            int n = g->nHashedCap ? g->nHashedCap * 2 : 32;
            pr_outfile *a = realloc(g->aHashed, (size_t)n * sizeof(*a));
            if (a) { g->aHashed = a; g->nHashedCap = n; }
        }
        if (g->nHashed < g->nHashedCap) g->aHashed[g->nHashed++] = f;
    }
}

/* Forgets the hash of zName (the file was written again). */
static void forget_hash(stage *g, const char *zName)
{
    for (int i = 0; i < g->nHashed; i++)
        if (!strcmp(g->aHashed[i].zName, zName)) g->aHashed[i--] = g->aHashed[--g->nHashed];
}

/* A merged month's district workbook or notice: its shard's, copied
 * (payrun merge); a workbook adds its district's lines to the
 * reconciliation as its shard's run checked it had written them. */
static pr_error merged_book(stage *g, book_job *x, const char *zPath)
{
    const pr_publish_merge *m = g->o->pMerge;
    pr_error rc = m->xBook(m->pArg, x->iIndex, x->zName, zPath, &x->err);
    if (rc || x->eKind == BOOK_NOTICE) return rc;
    for (int k = 0; k < PROG_COUNT; k++) {
        const pr_total *t = &g->p->aTotal[x->iIndex * PROG_COUNT + k];
        pr_total *y = &x->aTotal[x->iIndex * PROG_COUNT + k];
        y->nLines += t->nLines;
        y->nPersons += t->nPersons;
        y->nFen += t->nFen;
    }
    return PR_OK;
}

static void run_book(stage *g, book_job *x)
{
    char zPath[8192];
    double t0 = thread_cpu();
    pr_outdir_path(g->pDir, x->zName, zPath, sizeof(zPath));
    static const char *const azKind[] = { [BOOK_DISTRICT] = "district", [BOOK_BANK] = "bank", [BOOK_NOTICE] = "notice",
                                          [BOOK_IMPORT] = "import" };
    pr_error rc;
    const pr_publish_merge *m = g->o->pMerge;
    if (m && (x->eKind == BOOK_BANK || x->eKind == BOOK_IMPORT))
        rc = m->xBank(m->pArg, x->iIndex, x->eKind == BOOK_IMPORT ? x->pFmt : NULL, zPath, g->pDir->zTemp, x->aTotal, &x->tally,
                      &x->err);
    else if (x->eKind == BOOK_BANK) rc = pr_bank_book_write(g->p, &g->banks, x->iIndex, zPath, g->pDir->zTemp, x->aTotal, &x->tally, &x->err);
    else if (x->eKind == BOOK_IMPORT)
        rc = pr_bank_import_write(g->p, &g->banks, x->iIndex, x->pFmt, zPath, g->pDir->zTemp, &x->tally, &x->err);
    else if (g->o->pMerge) rc = merged_book(g, x, zPath);
    else if (x->eKind == BOOK_NOTICE) rc = pr_notice_book_write(g->p, x->iIndex, zPath, g->pDir->zTemp, &x->err);
    else rc = pr_district_book_write(g->p, x->iIndex, zPath, g->pDir->zTemp, x->aTotal, &x->err);
    if (!rc) hash_written(g, x->zName);
    trace_task(g, azKind[x->eKind], x->zName, t0);
    task_done(g, N_("writing outputs"));
}

/* The district and notice jobs (largest first). Returns 0 or -1. */
static int plan_districts(stage *g)
{
    pr_batch *p = g->p;
    g->aJob = calloc((size_t)p->nDistrict * 2 + 1, sizeof(*g->aJob));
    if (!g->aJob) return -1;
    for (int d = 0; d < p->nDistrict; d++, g->nJob++) {
        book_job *x = &g->aJob[g->nJob];
        x->iIndex = d;
        for (int k = 0; k < PROG_COUNT; k++) x->nLines += (int)p->aTotal[d * PROG_COUNT + k].nLines;
        pr_district_book_name(p, d, x->zName, sizeof(x->zName));
        x->aTotal = g->pRecon->aDistrict;
    }
    for (int d = 0; d < p->nDistrict; d++, g->nJob++) {
        book_job *x = &g->aJob[g->nJob];
        x->eKind = BOOK_NOTICE;
        x->iIndex = d;
        x->nLines = pr_notice_book_lines(p, d);
        pr_notice_book_name(p, d, x->zName, sizeof(x->zName));
    }
    qsort(g->aJob, (size_t)g->nJob, sizeof(*g->aJob), cmp_job);
    return 0;
}

/* Sorts the bank lines and makes the bank jobs (largest first), each with
 * its own totals, and an import-file job for each bank with a format.
 * Returns 0 or -1. */
static int plan_banks(stage *g)
{
    pr_batch *p = g->p;
    const pr_publish_merge *m = g->o->pMerge;
    size_t nTot = (size_t)p->nDistrict * PROG_COUNT + 1;
    if (!m && pr_banks_build(p, &g->banks)) return -1;
    int nBank = m ? m->nBank : g->banks.nBank;
    g->aBankJob = calloc((size_t)nBank * 2 + 1, sizeof(*g->aBankJob));
    if (!g->aBankJob) return -1;
    for (int b = 0; b < nBank; b++, g->nBankJob++) {
        book_job *x = &g->aBankJob[g->nBankJob];
        x->eKind = BOOK_BANK;
        x->iIndex = b;
        x->nLines = m ? (int)m->anBankLines[b] : g->banks.aiStart[b + 1] - g->banks.aiStart[b];
        pr_bank_book_file(m ? m->azBank[b] : pr_bank_name(p, &g->banks, b), x->zName, sizeof(x->zName));
        x->aTotal = calloc(nTot, sizeof(pr_total));
        if (!x->aTotal) return -1;
    }
    for (int b = 0; b < nBank; b++) {
        const char *zBank = m ? m->azBank[b] : pr_bank_name(p, &g->banks, b);
        const pr_bank_format *f = pr_bank_formats_find(g->o->pFormats, zBank);
        if (!f) continue;
        book_job *x = &g->aBankJob[g->nBankJob++];
        x->eKind = BOOK_IMPORT;
        x->iIndex = b;
        x->pFmt = f;
        x->nLines = g->aBankJob[b].nLines;
        pr_bank_import_name(zBank, f, x->zName, sizeof(x->zName));
    }
    qsort(g->aBankJob, (size_t)g->nBankJob, sizeof(*g->aBankJob), cmp_job);
    return 0;
}

/* The changes, then the whole summary, which needs them: the summary is
 * closed with the predicted checks while the books are written;
 * pr_publish_month compares them with the real ones after. */
static void summary_job(stage *g)
{
    double t0 = thread_cpu();
    const pr_publish_merge *m = g->o->pMerge;
    g->pChanges = m ? m->xChanges(m->pArg, g->p, &g->errChanges) : pr_changes_compute(g->p, g->o->zPrev, &g->errChanges);
    /* last month's lines the cycle held for the changes: no one else reads them */
    if (g->p->pCycle) pr_prev_held_clear(&g->p->pCycle->prevHeld);
    trace_task(g, "changes", NULL, t0);
    task_done(g, N_("writing outputs"));
    t0 = thread_cpu();
    pr_summary_write_bulk(g->pSummary, g->p);
    if (!g->errChanges.rc) {
        pr_error rc = pr_summary_finish(g->pSummary, g->p, g->pPredicted, g->pChanges, &g->trend, &g->errSummary);
        g->pSummary = NULL;
        if (!rc) hash_written(g, "summary.xlsx");
    }
    trace_task(g, "summary", NULL, t0);
    task_done(g, N_("writing outputs"));
}

static pr_error write_ledger(stage *g, const char *zPath, pr_err *pErr)
{
    const pr_publish_merge *m = g->o->pMerge;
    if (m) return m->xLedger(m->pArg, zPath, g->pRecon->aLedger, pErr);
    return pr_ledger_write_totals(g->p, zPath, g->pRecon->aLedger, pErr);
}

static pr_error write_exceptions(stage *g, const char *zPath, pr_err *pErr)
{
    return pr_exceptions_write(g->p, zPath, pErr);
}

/* Writes the file zFile of the month folder with xWrite, its result in *pErr. */
static void file_job(stage *g, const char *zFile, pr_error (*xWrite)(stage *, const char *, pr_err *), pr_err *pErr)
{
    char zPath[8192];
    double t0 = thread_cpu();
    pr_outdir_path(g->pDir, zFile, zPath, sizeof(zPath));
    if (!xWrite(g, zPath, pErr)) hash_written(g, zFile);
    trace_task(g, zFile, NULL, t0);
    task_done(g, N_("writing outputs"));
}

/* Sorts the bank lines and makes the bank jobs, once: the first thread to
 * need them does it, any other waits. Returns 0 or -1 (then no bank jobs). */
static int ensure_banks(stage *g)
{
    int rc;
    #pragma omp critical(pr_bank_plan)
    {
        if (!g->bBankPlanned) {
            double t0 = thread_cpu();
            g->rcBankPlan = plan_banks(g);
            if (g->rcBankPlan) g->nBankJob = 0;
            trace_task(g, "banks", "sorting bank lines", t0);
            g->bBankPlanned = 1;
            #pragma omp atomic
            g->nTotal += g->nBankJob;
        }
        rc = g->rcBankPlan;
    }
    return rc;
}

/* Runs job j of the stage, in this order: the changes and the summary
 * (the largest), the bank-line sort, the district books with the notices
 * and the bank books (each largest first), the ledger, the exceptions (the smallest, to fill
 * the gap the last book leaves). Returns 0, or -1 once j is past the last. */
static int run_job(stage *g, int j)
{
    if (j == 0) { summary_job(g); return 0; }
    if (j == 1) { if (g->bBooks) ensure_banks(g); return 0; }
    j -= 2;
    if (g->bBooks) {
        if (j < g->nJob) { run_book(g, &g->aJob[j]); return 0; }
        j -= g->nJob;
        ensure_banks(g);
        if (j < g->nBankJob) { run_book(g, &g->aBankJob[j]); return 0; }
        j -= g->nBankJob;
    }
    if (j == 0) { file_job(g, "ledger.csv.gz", write_ledger, &g->errLedger); return 0; }
    if (j == 1) { file_job(g, "exceptions.csv", write_exceptions, &g->errExc); return 0; }
    return -1;
}

/* The parallel stage: every output file but the manifest. Each thread takes
 * the next job of run_job's fixed order until none is left, so that the
 * large jobs go first and the small ones fill the end (OpenMP's own task
 * queues run a thread's tasks newest first, which left a district book
 * alone at the end). The ledger's segments are tasks that threads done with
 * their jobs join at the closing barrier. */
static int run_stage(stage *g)
{
    pr_batch *p = g->p;
    int rc = 0, iNext = 0;
    g->nTotal = 4 + (g->bBooks ? p->nDistrict * 2 : 0);
    progress(g->o, N_("writing outputs"), 0, g->nTotal);
    if (g->bBooks && plan_districts(g)) {
        /* no books at all then, as if the bank plan had failed too */
        g->nJob = 0;
        g->bBankPlanned = 1;
        g->rcBankPlan = -1;
    }
    #pragma omp parallel num_threads(p->nThreads) shared(iNext)
    for (;;) {
        int j;
        #pragma omp atomic capture
        j = iNext++;
        if (run_job(g, j)) break;
    }
    if (g->bBooks && g->rcBankPlan) rc = -1;
    return rc;
}

#ifdef PR_TESTING
/* Tests only: fen taken off the bank side of the first district and
 * programme with lines, as if a bank writer had lost them. */
int pr_publish_test_bank_skew = 0;
/* Tests only: fen taken off what the first import file wrote. */
int pr_publish_test_import_skew = 0;
#endif

static int cmp_import_job(const void *a, const void *b)
{
    const book_job *x = *(const book_job *const *)a, *y = *(const book_job *const *)b;
    return (x->iIndex > y->iIndex) - (x->iIndex < y->iIndex);
}

/* The import files, in bank order, each with what its bank's workbook and
 * itself wrote, into the reconciliation. 0 or -1 (out of memory). */
static int collect_imports(stage *g, pr_recon *r)
{
    int nImport = 0, rc = -1;
    book_job **ap = calloc((size_t)g->nBankJob + 1, sizeof(*ap));
    if (!ap) return -1;
    for (int j = 0; j < g->nBankJob; j++)
        if (g->aBankJob[j].eKind == BOOK_IMPORT) ap[nImport++] = &g->aBankJob[j];
    qsort(ap, (size_t)nImport, sizeof(*ap), cmp_import_job);
    if (pr_recon_set_imports(r, nImport)) goto cleanup;
    for (int k = 0; k < nImport; k++) {
        pr_recon_import *x = &r->aImport[k];
        snprintf(x->zFile, sizeof(x->zFile), "%s", ap[k]->zName);
        x->file = ap[k]->tally;
        for (int j = 0; j < g->nBankJob; j++)
            if (g->aBankJob[j].eKind == BOOK_BANK && g->aBankJob[j].iIndex == ap[k]->iIndex) x->book = g->aBankJob[j].tally;
    }
#ifdef PR_TESTING
    if (nImport) r->aImport[0].file.nFen -= pr_publish_test_import_skew;
#endif
    rc = 0;
cleanup:
    free(ap);
    return rc;
}

/* predict_imports for a merge, from the banks' rows and money it counted. */
static int predict_merged_imports(const pr_bank_formats *pF, const pr_publish_merge *m, pr_recon *r)
{
    int n = 0;
    for (int b = 0; b < m->nBank; b++) n += pr_bank_formats_find(pF, m->azBank[b]) != NULL;
    if (pr_recon_set_imports(r, n)) return -1;
    for (int b = 0, k = 0; b < m->nBank; b++) {
        const pr_bank_format *f = pr_bank_formats_find(pF, m->azBank[b]);
        if (!f) continue;
        pr_bank_import_name(m->azBank[b], f, r->aImport[k].zFile, sizeof(r->aImport[k].zFile));
        r->aImport[k].book = r->aImport[k].file = m->aBankTally[b];
        k++;
    }
    return 0;
}

/* The import files as they come out when every writer writes what was
 * computed, for the predicted checks: per bank with a format, in bank
 * order, its rows and fen from the lines. A bank row's lines share their
 * bank, and rows are numbered per district in the order of their first
 * ledger line, so in ledger order a line opens a row when its sequence is
 * past every one seen in its district. 0 or -1 (out of memory). */
static int predict_imports(const pr_batch *p, const pr_bank_formats *pF, const pr_publish_merge *m, pr_recon *r)
{
    if (m) return predict_merged_imports(pF, m, r);
    int rc = -1, n = 0;
    pr_bank_tally *a = calloc((size_t)pF->nFmt + 1, sizeof(*a));
    int64_t *anLines = calloc((size_t)pF->nFmt + 1, sizeof(*anLines));
    int *ai = calloc((size_t)pF->nFmt + 1, sizeof(*ai));
    if (!a || !anLines || !ai) goto cleanup;
    int32_t iDistrict = -1, nMax = 0;
    const char *zLast = NULL;
    int kLast = -1;
    for (int i = 0; i < p->nLine; i++) {
        const pr_line *l = &p->aLine[i];
        if (l->iDistrict != iDistrict) { iDistrict = l->iDistrict; nMax = 0; }
        int bNew = l->iPaySeq > nMax;
        if (bNew) nMax = l->iPaySeq;
        if (l->zBank != zLast) {
            const pr_bank_format *f = pr_bank_formats_find(pF, pr_bank_of_line(l));
            zLast = l->zBank;
            kLast = f ? (int)(f - pF->aFmt) : -1;
        }
        if (kLast < 0) continue;
        anLines[kLast]++;
        a[kLast].nFen += l->nAmount;
        a[kLast].nRows += bNew;
    }
    for (int k = 0; k < pF->nFmt; k++)
        if (anLines[k]) ai[n++] = k;
    /* bank order: by name, as pr_banks_build sorts them */
    for (int x = 1; x < n; x++)
        for (int y = x; y > 0 && strcmp(pF->aFmt[ai[y - 1]].zBank, pF->aFmt[ai[y]].zBank) > 0; y--) {
            int t = ai[y]; ai[y] = ai[y - 1]; ai[y - 1] = t;
        }
    if (pr_recon_set_imports(r, n)) goto cleanup;
    for (int k = 0; k < n; k++) {
        const pr_bank_format *f = &pF->aFmt[ai[k]];
        pr_bank_import_name(f->zBank, f, r->aImport[k].zFile, sizeof(r->aImport[k].zFile));
        r->aImport[k].book = r->aImport[k].file = a[ai[k]];
    }
    rc = 0;
cleanup:
    free(a);
    free(anLines);
    free(ai);
    return rc;
}

/* Collects the books' results into the reconciliation and the file list. */
static int collect_books(stage *g, pr_publish_result *pRes)
{
    int rc = 0;
    size_t nTot = (size_t)g->p->nDistrict * PROG_COUNT + 1;
    if (g->bBooks && g->o->pFormats && collect_imports(g, g->pRecon)) {
        snprintf(pRes->zReason, sizeof(pRes->zReason), "out of memory");
        return -1;
    }
    for (int j = 0; j < g->nJob + g->nBankJob; j++) {
        book_job *x = j < g->nJob ? &g->aJob[j] : &g->aBankJob[j - g->nJob];
        if (x->err.rc && !rc) { rc = -1; snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", x->err.zMsg); }
        if (x->eKind == BOOK_BANK && x->aTotal) {
            for (size_t k = 0; k < nTot; k++) {
                g->pRecon->aBank[k].nLines += x->aTotal[k].nLines;
                g->pRecon->aBank[k].nPersons += x->aTotal[k].nPersons;
                g->pRecon->aBank[k].nFen += x->aTotal[k].nFen;
            }
            free(x->aTotal);
            x->aTotal = NULL;
        }
        if (!x->err.rc && !rc && add_file(pRes, x->zName)) rc = -1;
    }
#ifdef PR_TESTING
    for (size_t k = 0; pr_publish_test_bank_skew && k < nTot; k++) {
        if (!g->pRecon->aBank[k].nLines) continue;
        g->pRecon->aBank[k].nFen -= pr_publish_test_bank_skew;
        break;
    }
#endif
    return rc;
}

/* The month's registers of the payment cycle: arrears.csv, recoveries.csv
 * and adjustments.csv (payables: a month not paid keeps none). 0, or -1
 * with the reason set. */
static int write_registers(const pr_batch *p, pr_outdir *pDir, pr_publish_result *pRes)
{
    static const struct {
        const char *zName;
        pr_error (*xWrite)(const pr_batch *, const char *, pr_err *);
    } aReg[] = {
        { "arrears.csv", pr_arrears_write }, { "recoveries.csv", pr_recoveries_write }, { "adjustments.csv", pr_adjreg_write },
    };
    for (size_t i = 0; i < sizeof(aReg) / sizeof(aReg[0]); i++) {
        char zPath[8192];
        pr_err err;
        pr_err_init(&err);
        pr_outdir_path(pDir, aReg[i].zName, zPath, sizeof(zPath));
        if (aReg[i].xWrite(p, zPath, &err)) {
            snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", err.zMsg);
            return -1;
        }
        if (add_file(pRes, aReg[i].zName)) return -1;
    }
    return 0;
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

/* Hashes every file (but those in aHashed, nHashed) and writes the
 * manifest. Returns PR_OK, or an error with its message in pErr. */
static pr_error write_manifest(pr_batch *p, pr_outdir *pDir, pr_publish_result *pRes, const pr_outfile *aHashed,
                               int nHashed, const char *zStatus, const char *zReason, const pr_manifest_link *pPrev,
                               const pr_publish_merge *pMerge, pr_err *pErr)
{
    char zPath[8192];
    int bUnread = 0;
    pr_error rc = PR_OK;
    qsort(pRes->azFile, (size_t)pRes->nFile, sizeof(char *), cmp_str);
    pr_outfile *aOut = calloc((size_t)pRes->nFile + 1, sizeof(*aOut));
    if (!aOut) { rc = pr_err_nomem(pErr, "hashing the outputs"); goto cleanup; }
    #pragma omp parallel for num_threads(p->nThreads) schedule(dynamic, 1)
    for (int i = 0; i < pRes->nFile; i++) {
        int k = 0;
        while (k < nHashed && strcmp(aHashed[k].zName, pRes->azFile[i])) k++;
        if (k < nHashed) {
            aOut[i] = aHashed[k];
            aOut[i].zName = pRes->azFile[i];
        } else if (hash_file(pDir, pRes->azFile[i], &aOut[i])) {
            #pragma omp atomic write
            bUnread = 1;
        }
    }
    pr_outdir_path(pDir, "manifest.json", zPath, sizeof(zPath));
    if (bUnread) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot read back an output", pDir->zTemp);
    else rc = pr_manifest_write_merged(p, aOut, pRes->nFile, zStatus, zReason, pPrev, pMerge ? pMerge->aShard : NULL,
                                       pMerge ? pMerge->nShard : 0, zPath, pErr);
cleanup:
    free(aOut);
    return rc;
}

/* Writes summary.xlsx again, serially, with the real checks: only when they
 * differ from the predicted ones the parallel stage wrote it with (a writer
 * did not write what was computed). Returns 0 or -1 with pRes->zReason. */
static int rewrite_summary(stage *g, const pr_recon *pRecon, pr_publish_result *pRes)
{
    char zPath[8192];
    pr_err err;
    pr_err_init(&err);
    pr_summary_abort(g->pSummary);
    g->pSummary = NULL;
    pr_outdir_path(g->pDir, "summary.xlsx", zPath, sizeof(zPath));
    pr_summary *s = pr_summary_open(g->p, g->o->zPrev != NULL, zPath, g->pDir->zTemp);
    if (!s) { snprintf(pRes->zReason, sizeof(pRes->zReason), "out of memory"); return -1; }
    pr_summary_write_bulk(s, g->p);
    if (pr_summary_finish(s, g->p, pRecon, g->pChanges, &g->trend, &err)) {
        snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", err.zMsg);
        return -1;
    }
    return 0;
}

/* Sets the reject-rate verdict. Returns 1 if the month may be paid so far. */
static int reject_gate(const pr_batch *p, const pr_publish_opts *o, pr_publish_result *pRes)
{
    for (int i = 0; i < p->nInput; i++) {
        if (p->aInput[i].eKind != INPUT_ROSTER) continue;   /* the cycle's files are not records */
        pRes->nRecords += p->aInput[i].nRows;
        pRes->nRejected += p->aInput[i].aCount[ST_REJECTED];
    }
    if (pRes->nRecords == 0 || pRes->nRejected * 10000 <= (long long)o->nMaxRejectBp * pRes->nRecords) return 1;
    static const char zFmt[] =
        N_("%lld of %lld records (%.2f %%) are REJECTED, more than --max-reject-rate %d.%02d %%; see exceptions.csv");
    double fPct = 100.0 * (double)pRes->nRejected / (double)pRes->nRecords;
    snprintf(pRes->zReason, sizeof(pRes->zReason), zFmt, pRes->nRejected, pRes->nRecords, fPct, o->nMaxRejectBp / 100,
             o->nMaxRejectBp % 100);
    snprintf(pRes->zShown, sizeof(pRes->zShown), _(zFmt), pRes->nRejected, pRes->nRecords, fPct, o->nMaxRejectBp / 100,
             o->nMaxRejectBp % 100);
    return 0;
}

void pr_publish_month(pr_batch *p, pr_outdir *pDir, const pr_publish_opts *o, pr_publish_result *pRes)
{
    char zPath[8192];
    char *zManifest = NULL;       /* "manifest.json", until listed */
    pr_err err;
    pr_err_init(&err);
    pr_recon recon, predicted;
    stage g;
    memset(&g, 0, sizeof(g));
    memset(&predicted, 0, sizeof(predicted));
    memset(pRes, 0, sizeof(*pRes));
    pRes->rc = PR_EXIT_INPUT;
    if (pr_recon_init(&recon, p)) { snprintf(pRes->zReason, sizeof(pRes->zReason), "out of memory"); goto fail; }
    int bPayable = reject_gate(p, o, pRes);
    recon.bBooks = bPayable;
    if (pr_recon_predict(&predicted, p, bPayable)
        || (bPayable && o->pFormats && (predict_imports(p, o->pFormats, o->pMerge, &predicted) || pr_recon_run(&predicted, p) < 0))) {
        snprintf(pRes->zReason, sizeof(pRes->zReason), "out of memory");
        goto fail;
    }
    g.pPredicted = &predicted;
    g.p = p;
    g.pDir = pDir;
    g.o = o;
    g.pRecon = &recon;
    g.bBooks = bPayable;
    g.bTrace = getenv("PAYRUN_TRACE") != NULL;
    /* the 趋势 sheet's history: the months beside --prev, each verified */
    struct timespec tTrend0, tTrend1;
    clock_gettime(CLOCK_MONOTONIC, &tTrend0);
    if (pr_trend_load(p, o->zPrev, o->pSignKey, &g.trend, &err)) {
        snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", err.zMsg);
        goto fail;
    }
    clock_gettime(CLOCK_MONOTONIC, &tTrend1);
    if (g.bTrace)
        fprintf(stderr, "payrun: trace task %-10s %-28s %10.6fs wall\n", "trend", "verifying the earlier months",
                (double)(tTrend1.tv_sec - tTrend0.tv_sec) + (double)(tTrend1.tv_nsec - tTrend0.tv_nsec) / 1e9);
    pr_outdir_path(pDir, "summary.xlsx", zPath, sizeof(zPath));
    g.pSummary = pr_summary_open(p, o->zPrev != NULL, zPath, pDir->zTemp);
    if (!g.pSummary) { snprintf(pRes->zReason, sizeof(pRes->zReason), "out of memory"); goto fail; }
    int rcStage = run_stage(&g);
    if (collect_books(&g, pRes)) goto fail;
    if (rcStage) { snprintf(pRes->zReason, sizeof(pRes->zReason), "out of memory while writing the workbooks"); goto fail; }
    if (g.errLedger.rc) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", g.errLedger.zMsg); goto fail; }
    if (g.errChanges.rc) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", g.errChanges.zMsg); goto fail; }
    if (g.errExc.rc) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", g.errExc.zMsg); goto fail; }
    if (add_file(pRes, "exceptions.csv") || add_file(pRes, "ledger.csv.gz")) goto fail;

    if (pr_recon_run(&recon, p) < 0) { snprintf(pRes->zReason, sizeof(pRes->zReason), "out of memory"); goto fail; }
    pRes->nFailedChecks = bPayable ? recon.nFailed : 0;
    if (bPayable && recon.nFailed) {
        const pr_check *c = pr_recon_first_failure(&recon);
        bPayable = 0;
        snprintf(pRes->zReason, sizeof(pRes->zReason), "reconciliation failed (%d check%s): %s: %s %lld, %s %lld; see the 对账 sheet of summary.xlsx",
                 recon.nFailed, recon.nFailed > 1 ? "s" : "", c->zWhat, c->zLeft, (long long)c->nLeft, c->zRight, (long long)c->nRight);
        snprintf(pRes->zShown, sizeof(pRes->zShown), _("reconciliation failed (%d checks): %s: %s %lld, %s %lld; see the 对账 sheet of summary.xlsx"),
                 recon.nFailed, c->zWhat, c->zLeft, (long long)c->nLeft, c->zRight, (long long)c->nRight);
    }
    if (pr_recon_same(&recon, &predicted)) {
        if (g.errSummary.rc) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", g.errSummary.zMsg); goto fail; }
    } else {
        if (getenv("PAYRUN_TRACE")) fprintf(stderr, "payrun: trace summary rewritten\n");
        forget_hash(&g, "summary.xlsx");
        if (rewrite_summary(&g, &recon, pRes)) goto fail;
    }
    if (add_file(pRes, "summary.xlsx")) goto fail;
    progress(o, N_("writing the summary"), 0, 1);
    if (g.pChanges->bHasPrev) {
        pr_outdir_path(pDir, "changes.csv", zPath, sizeof(zPath));
        if (pr_changes_write_csv(g.pChanges, zPath, &err)) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", err.zMsg); goto fail; }
        if (add_file(pRes, "changes.csv")) goto fail;
    }
    if (write_registers(p, pDir, pRes)) goto fail;
    progress(o, N_("writing the summary"), 1, 1);
    if (!bPayable) withdraw_payables(pDir, pRes);
    progress(o, N_("hashing and manifest"), 0, 1);
    /* the manifest's own name is made before the folder is committed, so
     * that nothing can fail after it */
    zManifest = strdup("manifest.json");
    char **azGrown = realloc(pRes->azFile, (size_t)(pRes->nFile + 1) * sizeof(char *));
    if (azGrown) pRes->azFile = azGrown;
    if (!zManifest || !azGrown) { snprintf(pRes->zReason, sizeof(pRes->zReason), "out of memory while listing the outputs"); goto fail; }
    pr_manifest_link link;
    int bLink = o->pSignKey && o->zPrev;
    double tSeal = thread_cpu(), tSign;
    if (bLink && pr_seal_link(o->zPrev, &link, &err)) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", err.zMsg); goto fail; }
    tSeal = thread_cpu() - tSeal;
    if (write_manifest(p, pDir, pRes, g.aHashed, g.nHashed, bPayable ? "ok" : "not_payable", bPayable ? NULL : pRes->zReason,
                       bLink ? &link : NULL, o->pMerge, &err)) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", err.zMsg); goto fail; }
    tSign = thread_cpu();
    if (o->pSignKey && pr_seal_sign(pDir->zTemp, o->pSignKey, &err)) { snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", err.zMsg); goto fail; }
    /* trace_task reports now - t0: passing tSign - tSeal adds the link's time to the signature's */
    if (o->pSignKey) trace_task(&g, "seal", "link and signature", tSign - tSeal);
    if (pr_seal_keep_approvals(pDir->zFinal, pDir->zTemp, &err)
        || pr_outdir_commit(pDir, &err)) {
        snprintf(pRes->zReason, sizeof(pRes->zReason), "%s", err.zMsg);
        goto fail;
    }
    pRes->azFile[pRes->nFile++] = zManifest;
    zManifest = NULL;
    progress(o, N_("hashing and manifest"), 1, 1);
    qsort(pRes->azFile, (size_t)pRes->nFile, sizeof(char *), cmp_str);
    pRes->rc = bPayable ? PR_EXIT_DONE : PR_EXIT_NOT_PAYABLE;
    goto cleanup;
fail:
    /* close the open summary while its folder still exists (else libxlsxwriter
     * reports that it cannot create the file), then remove the folder */
    pr_summary_abort(g.pSummary);
    g.pSummary = NULL;
    pr_outdir_abort(pDir);
    pRes->rc = PR_EXIT_INPUT;
cleanup:
    free(zManifest);
    pr_summary_abort(g.pSummary);
    pr_changes_free(g.pChanges);
    pr_banks_clear(&g.banks);
    free(g.aJob);
    for (int j = 0; j < g.nBankJob; j++) free(g.aBankJob[j].aTotal);
    free(g.aBankJob);
    free(g.aHashed);
    pr_recon_clear(&recon);
    pr_recon_clear(&predicted);
}
