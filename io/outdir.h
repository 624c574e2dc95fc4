/*
 * outdir.h - the month's output folder, made atomically: everything is
 * written into a temporary folder inside DIR and renamed to DIR/YYYY-MM when
 * complete, so a month folder is never seen half-written.
 */
#ifndef PR_OUTDIR_H
#define PR_OUTDIR_H

#include <stddef.h>

typedef struct pr_outdir {
    char zFinal[4096];   /* DIR/YYYY-MM */
    char zTemp[4096];    /* DIR/.YYYY-MM.tmp.<pid> */
    int bForce;          /* replace an existing month */
    int bOpen;           /* the temporary folder exists */
} pr_outdir;

/* Creates DIR if needed and the temporary folder. Returns 0, or -1 with a
 * message (the month exists and bForce is off, or a folder cannot be made). */
int pr_outdir_begin(pr_outdir *p, const char *zDir, const char *zMonth, int bForce,
                    char *zErr, size_t nErr);

/* Writes into zOut (size nOut) the path of file zName in the temporary folder. */
void pr_outdir_path(const pr_outdir *p, const char *zName, char *zOut, size_t nOut);

/* Renames the temporary folder to the month's name (replacing the old month
 * when forced). Returns 0 or -1 with a message. */
int pr_outdir_commit(pr_outdir *p, char *zErr, size_t nErr);

/* Removes the temporary folder and everything in it. */
void pr_outdir_abort(pr_outdir *p);

/* Removes a folder tree. Returns 0 or -1. */
int pr_rmtree(const char *zPath);

#endif
