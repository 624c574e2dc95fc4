/*
 * progress.c - a throttled one-line bar: "reading rosters [#####.....]  50%".
 */
#include "io/progress.h"
#include "io/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The process's resident memory now and at its peak, in MiB, from
 * /proc/self/status (0 where it cannot be read): for the trace only. */
static void rss_mib(long *pnNow, long *pnPeak)
{
    char zLine[128];
    *pnNow = *pnPeak = 0;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return;
    while (fgets(zLine, sizeof(zLine), f)) {
        if (strncmp(zLine, "VmRSS:", 6) == 0) *pnNow = strtol(zLine + 6, NULL, 10) / 1024;
        else if (strncmp(zLine, "VmHWM:", 6) == 0) *pnPeak = strtol(zLine + 6, NULL, 10) / 1024;
    }
    fclose(f);
}

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
        long nRss, nPeak;
        rss_mib(&nRss, &nPeak);
        fprintf(stderr, "payrun: trace %7.3fs %-34s rss %5ld MiB, peak %5ld MiB\n", now() - p->tStart, zStage, nRss, nPeak);
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
    /* the stage in the terminal's language (its name is marked N_ where it is
     * given); the trace above keeps the English name */
    fprintf(stderr, "\r%s [%s] %3d%%", gettext(zStage), zBar, iPct);
    fflush(stderr);
    p->iLastPct = iPct;
    p->tLast = t;
}

void pr_progress_done(pr_progress *p)
{
    if (p->bOn && p->zStage[0]) fputc('\n', stderr);
    p->zStage[0] = 0;
}
