/*
 * progress.h - a progress bar on stderr for each long stage, shown only when
 * stderr is a terminal (never in cron or systemd logs).
 */
#ifndef PR_PROGRESS_H
#define PR_PROGRESS_H

typedef struct pr_progress {
    int bOn;              /* stderr is a terminal and progress is wanted */
    char zStage[64];      /* current stage */
    int iLastPct;         /* last percentage drawn */
    double tLast;         /* when it was drawn (seconds) */
    int bTrace;           /* PAYRUN_TRACE is set: log each stage's start time */
    double tStart;        /* when the run started */
} pr_progress;

/* Sets p up; bOn is forced off when stderr is not a terminal. With the
 * environment variable PAYRUN_TRACE set, each stage's start is logged to
 * stderr with the seconds since the start (for profiling). */
void pr_progress_init(pr_progress *p, int bWanted);
/* Reports nDone of nTotal for zStage (a callback for pr_publish_opts too). */
void pr_progress_update(void *p, const char *zStage, long long nDone, long long nTotal);
/* Ends the current bar with a newline. */
void pr_progress_done(pr_progress *p);

#endif
