/*
 * progress.c - a throttled one-line bar: "reading rosters [#####.....]  50%".
 */
#include "io/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void pr_progress_init(pr_progress *p, int bWanted)
{
    memset(p, 0, sizeof(*p));
    p->bOn = bWanted && isatty(STDERR_FILENO);
    p->iLastPct = -1;
    p->bTrace = getenv("PAYRUN_TRACE") != NULL;
    p->tStart = now();
}

void pr_progress_update(void *pArg, const char *zStage, long long nDone, long long nTotal)
{
    pr_progress *p = pArg;
    if (!p) return;
    if (p->bTrace && strcmp(p->zStage, zStage) != 0) {
        fprintf(stderr, "payrun: trace %7.3fs %s\n", now() - p->tStart, zStage);
        if (!p->bOn) snprintf(p->zStage, sizeof(p->zStage), "%s", zStage);
    }
    if (!p->bOn) return;
    int bNew = strcmp(p->zStage, zStage) != 0;
    if (bNew) {
        if (p->zStage[0]) fputc('\n', stderr);
        snprintf(p->zStage, sizeof(p->zStage), "%s", zStage);
        p->iLastPct = -1;
    }
    int iPct = nTotal > 0 ? (int)(nDone * 100 / nTotal) : 100;
    double t = now();
    if (!bNew && iPct == p->iLastPct) return;
    if (!bNew && iPct < 100 && t - p->tLast < 0.1) return;
    char zBar[31];
    int nFill = iPct * 30 / 100;
    for (int i = 0; i < 30; i++) zBar[i] = i < nFill ? '#' : '.';
    zBar[30] = 0;
    fprintf(stderr, "\r%-22s [%s] %3d%%", zStage, zBar, iPct);
    fflush(stderr);
    p->iLastPct = iPct;
    p->tLast = t;
}

void pr_progress_done(pr_progress *p)
{
    if (p->bOn && p->zStage[0]) fputc('\n', stderr);
    p->zStage[0] = 0;
}
