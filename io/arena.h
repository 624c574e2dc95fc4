/*
 * arena.h - a bump allocator for the strings of one chunk of records. Blocks
 * are freed together with pr_arena_clear; nothing is freed one at a time.
 */
#ifndef PR_ARENA_H
#define PR_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "io/bigmem.h"

typedef struct pr_arena_block pr_arena_block;

typedef struct pr_arena {
    pr_arena_block *pHead;   /* newest block, owned list (unless pSlab) */
    size_t nUsed;            /* bytes used in pHead */
    size_t nCap;             /* capacity of pHead */
    pr_slab *pSlab;          /* if set, blocks come from this slab, which
                              * frees them; borrowed */
} pr_arena;

void pr_arena_init(pr_arena *p);
/* Frees every block (a slab's are left to the slab); p may be used again,
 * with no slab. */
void pr_arena_clear(pr_arena *p);
/* Returns n bytes (8-aligned) that live until pr_arena_clear, or NULL. */
void *pr_arena_alloc(pr_arena *p, size_t n);
/* Copies z[0,n) and a NUL into the arena; returns the copy or NULL. */
char *pr_arena_strndup(pr_arena *p, const char *z, size_t n);
/* Concatenates the strings given (NULL ends the list) into the arena;
 * returns the string or NULL. */
char *pr_arena_cat(pr_arena *p, ...);

/* vprintf into the arena; returns the string (owned by the arena) or NULL. */
char *pr_arena_vprintf(pr_arena *p, const char *zFmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* printf into the arena; returns the string (owned by the arena) or NULL. */
char *pr_arena_printf(pr_arena *p, const char *zFmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
