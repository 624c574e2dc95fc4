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
} pr_progress;

/* Sets p up; bOn is forced off when stderr is not a terminal. */
void pr_progress_init(pr_progress *p, int bWanted);
/* Reports nDone of nTotal for zStage (a callback for pr_publish_opts too). */
void pr_progress_update(void *p, const char *zStage, long long nDone, long long nTotal);
/* Ends the current bar with a newline. */
void pr_progress_done(pr_progress *p);

#endif
