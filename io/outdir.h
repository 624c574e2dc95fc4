/*
 * outdir.h - the month's output folder, made atomically: everything is
 * written into a temporary folder inside DIR and renamed to DIR/YYYY-MM when
 * complete, so a month folder is never seen half-written.
 */
#ifndef PR_OUTDIR_H
#define PR_OUTDIR_H

#include <stddef.h>

#include "io/err.h"

typedef struct pr_outdir {
    char zFinal[4096];   /* DIR/YYYY-MM */
    char zTemp[4096];    /* DIR/.YYYY-MM.tmp.<pid> */
    int bForce;          /* replace an existing month */
    int bOpen;           /* the temporary folder exists */
} pr_outdir;

/* Creates DIR if needed and the temporary folder, which p owns until
 * pr_outdir_commit or pr_outdir_abort. Returns PR_OK, PR_ERR_EXISTS (the
 * month exists and bForce is off) or PR_ERR_IO (a folder cannot be made),
 * with a message naming the folder. */
pr_error pr_outdir_begin(pr_outdir *p, const char *zDir, const char *zMonth, int bForce,
                         pr_err *pErr);

/* Writes into zOut (size nOut) the path of file zName in the temporary folder. */
void pr_outdir_path(const pr_outdir *p, const char *zName, char *zOut, size_t nOut);

/* Renames the temporary folder to the month's name (replacing the old month
 * when forced). Returns PR_OK, PR_ERR_EXISTS (the month appeared meanwhile
 * and bForce is off) or PR_ERR_IO, with a message naming the folders. */
pr_error pr_outdir_commit(pr_outdir *p, pr_err *pErr);

/* Removes the temporary folder and everything in it. */
void pr_outdir_abort(pr_outdir *p);

/* Removes a folder tree (nothing if zPath does not exist). Returns PR_OK,
 * or PR_ERR_IO with "<path>: cannot remove: <reason>". */
pr_error pr_rmtree(const char *zPath, pr_err *pErr);

#endif
