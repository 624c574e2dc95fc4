/*
 * outdir.c - temporary month folder, rename on success, removal on failure.
 */
#define _XOPEN_SOURCE 700
#include "outdir.h"

#include <errno.h>
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

int pr_outdir_begin(pr_outdir *p, const char *zDir, const char *zMonth, int bForce,
                    char *zErr, size_t nErr)
{
    memset(p, 0, sizeof(*p));
    p->bForce = bForce;
    snprintf(p->zFinal, sizeof(p->zFinal), "%s/%s", zDir, zMonth);
    snprintf(p->zTemp, sizeof(p->zTemp), "%s/.%s.tmp.%ld", zDir, zMonth, (long)getpid());
    if (mkdirs(zDir) != 0) {
        snprintf(zErr, nErr, "%s: cannot create the output folder: %s", zDir, strerror(errno));
        return -1;
    }
    struct stat st;
    if (!bForce && stat(p->zFinal, &st) == 0) {
        snprintf(zErr, nErr, "%s already exists; it is left as it is (use --force to replace it)", p->zFinal);
        return -1;
    }
    pr_rmtree(p->zTemp);
    if (mkdir(p->zTemp, 0777) != 0) {
        snprintf(zErr, nErr, "%s: cannot create: %s", p->zTemp, strerror(errno));
        return -1;
    }
    p->bOpen = 1;
    return 0;
}

void pr_outdir_path(const pr_outdir *p, const char *zName, char *zOut, size_t nOut)
{
    snprintf(zOut, nOut, "%s/%s", p->zTemp, zName);
}

int pr_outdir_commit(pr_outdir *p, char *zErr, size_t nErr)
{
    char zOld[4200];
    int bMoved = 0;
    struct stat st;
    if (stat(p->zFinal, &st) == 0) {
        if (!p->bForce) {
            snprintf(zErr, nErr, "%s appeared while the batch ran; it is left as it is", p->zFinal);
            return -1;
        }
        snprintf(zOld, sizeof(zOld), "%s.old.%ld", p->zTemp, (long)getpid());
        if (rename(p->zFinal, zOld) != 0) {
            snprintf(zErr, nErr, "%s: cannot move aside: %s", p->zFinal, strerror(errno));
            return -1;
        }
        bMoved = 1;
    }
    if (rename(p->zTemp, p->zFinal) != 0) {
        snprintf(zErr, nErr, "%s: cannot rename to %s: %s", p->zTemp, p->zFinal, strerror(errno));
        if (bMoved) rename(zOld, p->zFinal);
        return -1;
    }
    p->bOpen = 0;
    if (bMoved) pr_rmtree(zOld);
    return 0;
}

void pr_outdir_abort(pr_outdir *p)
{
    if (p->bOpen) pr_rmtree(p->zTemp);
    p->bOpen = 0;
}

static int rm_one(const char *zPath, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(zPath);
}

int pr_rmtree(const char *zPath)
{
    struct stat st;
    if (lstat(zPath, &st) != 0) return 0;
    return nftw(zPath, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
