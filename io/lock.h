/*
 * lock.h - one run per output folder and month: an advisory lock on
 * DIR/.YYYY-MM.lock, held for the whole run and released by the kernel if
 * the process dies. The lock file names the run that holds it.
 */
#ifndef PR_LOCK_H
#define PR_LOCK_H

#include <stddef.h>

#include "io/err.h"

typedef struct pr_lock {
    int fd;              /* the open lock file, -1 when not held */
    char zPath[4096];    /* its path */
} pr_lock;

/* Takes the lock of month zMonth in zDir (which must exist); p owns the
 * open lock file until pr_lock_release. Returns PR_OK, PR_ERR_IO if the
 * lock file cannot be opened, or PR_ERR_EXISTS with a message naming the
 * other run (pid, host, start time). */
pr_error pr_lock_acquire(pr_lock *p, const char *zDir, const char *zMonth, pr_err *pErr);

/* Releases the lock (the lock file stays; it is harmless). */
void pr_lock_release(pr_lock *p);

#endif
