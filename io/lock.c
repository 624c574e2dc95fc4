/*
 * lock.c - flock(2) on a small file that says who holds it.
 */
#include "io/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

pr_error pr_lock_acquire(pr_lock *p, const char *zDir, const char *zMonth, pr_err *pErr)
{
    snprintf(p->zPath, sizeof(p->zPath), "%s/.%s.lock", zDir, zMonth);
    p->fd = open(p->zPath, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (p->fd < 0) {
        return pr_err_set(pErr, PR_ERR_IO, "%s: cannot open the lock file: %s", p->zPath, strerror(errno));
    }
    if (flock(p->fd, LOCK_EX | LOCK_NB) != 0) {
        char zWho[256] = "";
        ssize_t n = pread(p->fd, zWho, sizeof(zWho) - 1, 0);
        zWho[n > 0 ? n : 0] = 0;
        zWho[strcspn(zWho, "\n")] = 0;
        close(p->fd);
        p->fd = -1;
        return pr_err_set(pErr, PR_ERR_EXISTS, "another payrun is writing %s in %s (%s); wait for it to finish",
                          zMonth, zDir, zWho[0] ? zWho : "unknown run");
    }
    char zHost[128] = "?", zWhen[64] = "?", zWho[320];
    gethostname(zHost, sizeof(zHost) - 1);
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm)) strftime(zWhen, sizeof(zWhen), "%Y-%m-%dT%H:%M:%SZ", &tm);
    int n = snprintf(zWho, sizeof(zWho), "pid %ld on %s, started %s\n", (long)getpid(), zHost, zWhen);
    if (ftruncate(p->fd, 0) != 0 || pwrite(p->fd, zWho, (size_t)n, 0) != n) { /* informative only */ }
    return PR_OK;
}

void pr_lock_release(pr_lock *p)
{
    if (p->fd >= 0) {
        flock(p->fd, LOCK_UN);
        close(p->fd);
    }
    p->fd = -1;
}
