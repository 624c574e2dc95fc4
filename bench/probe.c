/*
 * probe.c - how fast this machine runs right now. Runs a fixed workload
 * (a pseudo-random walk that reads and writes a 16 MiB table: integer work
 * and memory traffic, like a batch run) on N threads at once and prints the
 * slowest thread's seconds. On a shared virtual machine, load on the host
 * slows the guest without showing in the guest's own CPU accounting;
 * bench/run.sh probes before and after each timed run, waits while the
 * machine is markedly slower than its best probe, and reports how much
 * slower it was during each run.
 *
 *   bench/probe [THREADS]      (default 1)
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define TABLE (1u << 15)          /* 8-byte slots: 256 KiB, in the core's cache */
#define STEPS (40u << 20)         /* steps of the walk: about 0.3 s */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One thread's walk; *arg receives its seconds. */
static void *walk(void *arg)
{
    double *pSec = arg;
    uint64_t *a = malloc(TABLE * sizeof(*a));
    if (!a) { *pSec = -1; return NULL; }
    for (uint32_t i = 0; i < TABLE; i++) a[i] = i * 0x9E3779B97F4A7C15ull;
    double t0 = now();
    uint64_t x = 88172645463325252ull;
    for (uint32_t i = 0; i < STEPS; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint64_t *p = &a[x & (TABLE - 1)];
        *p += x;
        x += *p >> 3;
    }
    *pSec = now() - t0;
    if (x == 42) fprintf(stderr, "?");   /* keeps the walk from being optimised away */
    free(a);
    return NULL;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (n < 1 || n > 256) { fprintf(stderr, "usage: probe [THREADS]\n"); return 1; }
    pthread_t aT[256];
    double aSec[256];
    for (int i = 0; i < n; i++)
        if (pthread_create(&aT[i], NULL, walk, &aSec[i])) { fprintf(stderr, "probe: cannot start a thread\n"); return 1; }
    double m = 0;
    for (int i = 0; i < n; i++) {
        pthread_join(aT[i], NULL);
        if (aSec[i] < 0) { fprintf(stderr, "probe: out of memory\n"); return 1; }
        if (aSec[i] > m) m = aSec[i];
    }
    printf("%.4f\n", m);
    return 0;
}
