/*
 * lock.h - one run per output folder and month: an advisory lock on
 * DIR/.YYYY-MM.lock, held for the whole run and released by the kernel if
 * the process dies. The lock file names the run that holds it.
 */
#ifndef PR_LOCK_H
#define PR_LOCK_H

#include <stddef.h>

typedef struct pr_lock {
    int fd;              /* the open lock file, -1 when not held */
    char zPath[4096];    /* its path */
} pr_lock;

/* Takes the lock of month zMonth in zDir (which must exist). Returns 0, or
 * -1 with a message naming the other run (pid, host, start time). */
int pr_lock_acquire(pr_lock *p, const char *zDir, const char *zMonth, char *zErr, size_t nErr);

/* Releases the lock (the lock file stays; it is harmless). */
void pr_lock_release(pr_lock *p);

#endif
