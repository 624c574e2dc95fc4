/*
 * publish.h - writes a computed month into its folder: the ledger, the
 * district and bank workbooks (in parallel, one per worker), the
 * reconciliation, the summary workbook, exceptions, changes and the
 * manifest, all inside a temporary folder renamed when complete.
 */
#ifndef PR_PUBLISH_H
#define PR_PUBLISH_H

#include "model/batch.h"
#include "formats/bank_formats.h"
#include "formats/manifest.h"
#include "io/outdir.h"
#include "model/changes.h"
#include "model/reconcile.h"


/* What `payrun merge` (run/merge.c) puts in place of the parts of a month
 * that need the records, which a merge does not have. */
typedef struct pr_publish_merge {
    /* writes the workbook or 公示 notice zName of district index iDistrict
     * at zPath: its shard's, copied; PR_OK, or an error with pErr set */
    pr_error (*xBook)(void *pArg, int iDistrict, const char *zName, const char *zPath, pr_err *pErr);
    /* the month's changes (its shared accounts): owned by the caller, or
     * NULL with pErr set */
    pr_changes *(*xChanges)(void *pArg, const pr_batch *p, pr_err *pErr);
    /* writes the ledger at zPath, adding what it writes into aTotal (as
     * pr_ledger_write_totals) */
    pr_error (*xLedger)(void *pArg, const char *zPath, pr_total *aTotal, pr_err *pErr);
    /* writes bank iBank's workbook (pFmt NULL) or its import file in pFmt at
     * zPath, adding what the workbook writes into aTotal and the rows and
     * money written into *pTally (as pr_bank_book_write and
     * pr_bank_import_write) */
    pr_error (*xBank)(void *pArg, int iBank, const pr_bank_format *pFmt, const char *zPath, const char *zTmpDir,
                      pr_total *aTotal, pr_bank_tally *pTally, pr_err *pErr);
    void *pArg;                 /* passed to every hook */
    int nBank;                  /* the month's banks, in the books' order (by name) */
    const char *const *azBank;  /* [nBank] their names, as the books give them */
    const int64_t *anBankLines; /* [nBank] their lines (the jobs' sizes) */
    const pr_bank_tally *aBankTally;  /* [nBank] their rows and money, for the predicted checks */
    const pr_manifest_shard *aShard;  /* the shards' manifests, for manifest.json */
    int nShard;                 /* entries in aShard */
} pr_publish_merge;

typedef struct pr_publish_opts {
    const char *zPrev;          /* last month's folder (--prev), or NULL */
    int nMaxRejectBp;           /* largest share of REJECTED records, basis points (100 = 1 %) */
    void (*xProgress)(void *pArg, const char *zStage, long long nDone, long long nTotal);
    void *pProgressArg;         /* passed to xProgress */
    const struct pr_sigkey *pSignKey;  /* --sign-key: sign the manifest and chain
                                 * it to zPrev; NULL for an unsigned month */
    const pr_bank_formats *pFormats;   /* --bank-formats: an import file beside
                                 * the workbook of each bank named; or NULL */
    const pr_publish_merge *pMerge;    /* payrun merge's parts, or NULL for a run */
} pr_publish_opts;

typedef struct pr_publish_result {
    int rc;                     /* PR_EXIT_DONE, PR_EXIT_INPUT or PR_EXIT_NOT_PAYABLE */
    char zReason[1024];         /* why not done (for a month not payable, in English,
                                 * as the manifest and --json give it) */
    char zShown[1024];          /* a month not payable: the reason as the officer
                                 * reads it, in the messages' language; "" else */
    int nFile;                  /* files written into the month folder */
    char **azFile;              /* their names, sorted; owned */
    int nFailedChecks;          /* reconciliation checks that failed */
    long long nRecords;         /* records (roster rows) */
    long long nRejected;        /* of which REJECTED */
} pr_publish_result;

/* Writes everything into pDir's temporary folder and commits it. pDir was
 * begun by the caller; on PR_EXIT_INPUT it is aborted. */
void pr_publish_month(pr_batch *p, pr_outdir *pDir, const pr_publish_opts *pOpt, pr_publish_result *pRes);

/* Frees what a result owns. */
void pr_publish_result_clear(pr_publish_result *pRes);

#endif
