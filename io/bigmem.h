/*
 * bigmem.h - allocation of the engine's large arrays (persons, households,
 * payment lines, sort keys) with a hint that the kernel may back them with
 * transparent huge pages.
 *
 * A million-person month touches several hundred MiB of such arrays once,
 * in sequence. With 2 MiB pages they fault 512 times less often and miss
 * the TLB less, but on the benchmark's virtual machine (free pages handed
 * back to the host) a fresh huge page costs the host's fault and clearing
 * of all 2 MiB: 120-270 MB/s measured, against about 2 GB/s for 4 KiB
 * pages (bench/RESULTS.md). So the hint is off unless PAYRUN_HUGEPAGES=1
 * is in the environment (or pr_big_set_hint turns it on), for machines
 * where huge pages come cheap. The hint is only a hint: where the kernel
 * does not honour it (THP "never", another OS) these are plain
 * malloc/calloc/realloc. Small requests get no hint, so the resident size
 * grows by at most one partly used huge page per large array.
 *
 * Ownership is that of malloc: free the result with free().
 */
#ifndef PR_BIGMEM_H
#define PR_BIGMEM_H

#include <stddef.h>

/* Requests at least this many bytes get the hint. */
#define PR_BIGMEM_MIN ((size_t)4 << 20)

/* malloc(n), then the hint over the block's whole huge pages. */
void *pr_big_malloc(size_t n);
/* calloc(nMemb, nSize), then the hint (glibc zeroes a fresh mapping without
 * touching it, so the hint still comes before the first touch). */
void *pr_big_calloc(size_t nMemb, size_t nSize);
/* realloc(p, n), then the hint over the (possibly moved) block: the part not
 * yet touched can still be backed by huge pages. */
void *pr_big_realloc(void *p, size_t n);

/* A bump allocator over hinted blocks of PR_SLAB_BLOCK bytes, for many
 * arrays and strings that all live as long as the slab: the records and
 * strings one thread makes while the rosters are read. Not thread-safe: one
 * slab per thread. The blocks are owned by the slab; what it hands out is
 * borrowed and freed only by pr_slab_clear. */
#define PR_SLAB_BLOCK ((size_t)32 << 20)
typedef struct pr_slab_block pr_slab_block;
typedef struct pr_slab {
    pr_slab_block *pHead;   /* newest block, owned list */
    size_t nUsed;           /* bytes handed out from pHead */
    size_t nCap;            /* bytes pHead can hand out */
} pr_slab;

/* n bytes, 16-aligned, from s (a zeroed pr_slab is empty and ready); a
 * request larger than the block gets a block of its own. NULL if memory
 * ran out. */
void *pr_slab_alloc(pr_slab *s, size_t n);
/* Frees every block; s is empty and ready again. s may be NULL. */
void pr_slab_clear(pr_slab *s);

/* The hint alone, over the whole huge pages inside [p, p + n). Does nothing
 * for n < PR_BIGMEM_MIN, p NULL, or while the hint is off. */
void pr_big_hint(void *p, size_t n);

/* Gives the pages wholly inside [p, p + n) back to the kernel (their
 * contents are dead; a later touch reads zeroes): for a large array that is
 * being copied elsewhere, so that the copy and the original are not both
 * resident at their full size. The block stays allocated and is still
 * freed with free(); bytes on partly covered pages are kept. Does nothing
 * for p NULL or where the kernel cannot. */
void pr_big_release(void *p, size_t n);

/* Turns the hint on (bOn 1) or off (0) for every later allocation,
 * whatever PAYRUN_HUGEPAGES says. */
void pr_big_set_hint(int bOn);

#endif
