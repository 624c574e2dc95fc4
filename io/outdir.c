/*
 * outdir.c - temporary month folder, rename on success, removal on failure.
 */
#define _GNU_SOURCE
#include "io/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int mkdirs(const char *zPath)
{
    char z[4096];
    size_t n = strlen(zPath);
    if (n == 0 || n >= sizeof(z)) return -1;
    memcpy(z, zPath, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (z[i] == '/' || z[i] == 0) {
            char c = z[i];
            z[i] = 0;
            if (mkdir(z, 0777) != 0 && errno != EEXIST) return -1;
            z[i] = c;
        }
    }
    return 0;
}

/* Removes temporary folders that killed runs of this month left behind (the
 * caller holds the month's lock, so none of them is in use). */
static void remove_stale(const char *zDir, const char *zMonth)
{
    char zPrefix[64], zPath[8192];
    snprintf(zPrefix, sizeof(zPrefix), ".%s.tmp.", zMonth);
    DIR *d = opendir(zDir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, zPrefix, strlen(zPrefix)) != 0) continue;
        snprintf(zPath, sizeof(zPath), "%s/%s", zDir, e->d_name);
        pr_rmtree(zPath, NULL);   /* best effort: a leftover is harmless */
    }
    closedir(d);
}

pr_error pr_outdir_begin(pr_outdir *p, const char *zDir, const char *zMonth, int bForce,
                         pr_err *pErr)
{
    memset(p, 0, sizeof(*p));
    p->bForce = bForce;
    snprintf(p->zFinal, sizeof(p->zFinal), "%s/%s", zDir, zMonth);
    snprintf(p->zTemp, sizeof(p->zTemp), "%s/.%s.tmp.%ld", zDir, zMonth, (long)getpid());
    if (mkdirs(zDir) != 0) {
        return pr_err_set(pErr, PR_ERR_IO, "%s: cannot create the output folder: %s", zDir, strerror(errno));
    }
    struct stat st;
    if (!bForce && stat(p->zFinal, &st) == 0) {
        return pr_err_set(pErr, PR_ERR_EXISTS, "%s already exists; it is left as it is (use --force to replace it)",
                          p->zFinal);
    }
    remove_stale(zDir, zMonth);
    if (mkdir(p->zTemp, 0777) != 0) {
        return pr_err_set(pErr, PR_ERR_IO, "%s: cannot create: %s", p->zTemp, strerror(errno));
    }
    p->bOpen = 1;
    return PR_OK;
}

void pr_outdir_path(const pr_outdir *p, const char *zName, char *zOut, size_t nOut)
{
    snprintf(zOut, nOut, "%s/%s", p->zTemp, zName);
}

pr_error pr_outdir_commit(pr_outdir *p, pr_err *pErr)
{
    struct stat st;
    if (stat(p->zFinal, &st) == 0) {
        if (!p->bForce) {
            return pr_err_set(pErr, PR_ERR_EXISTS, "%s appeared while the batch ran; it is left as it is", p->zFinal);
        }
        /* swap the new month in atomically; the old one is then in zTemp */
        if (renameat2(AT_FDCWD, p->zTemp, AT_FDCWD, p->zFinal, RENAME_EXCHANGE) != 0) {
            return pr_err_set(pErr, PR_ERR_IO, "%s: cannot replace with %s: %s", p->zFinal, p->zTemp,
                              strerror(errno));
        }
        pr_rmtree(p->zTemp, NULL);   /* the old month: a leftover is harmless */
        p->bOpen = 0;
        return PR_OK;
    }
    if (rename(p->zTemp, p->zFinal) != 0) {
        return pr_err_set(pErr, PR_ERR_IO, "%s: cannot rename to %s: %s", p->zTemp, p->zFinal, strerror(errno));
    }
    p->bOpen = 0;
    return PR_OK;
}

void pr_outdir_abort(pr_outdir *p)
{
    if (p->bOpen) pr_rmtree(p->zTemp, NULL);   /* best effort */
    p->bOpen = 0;
}

static int rm_one(const char *zPath, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(zPath);
}

pr_error pr_rmtree(const char *zPath, pr_err *pErr)
{
    struct stat st;
    if (lstat(zPath, &st) != 0) return PR_OK;
    if (nftw(zPath, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0) {
        return pr_err_set(pErr, PR_ERR_IO, "%s: cannot remove: %s", zPath, strerror(errno));
    }
    return PR_OK;
}
