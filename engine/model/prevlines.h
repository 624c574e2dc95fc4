/*
 * prevlines.h - last month's REGULAR ledger lines as the changes need them
 * (pr_prev_line), and a compact copy of them (pr_prev_held) that the
 * payment cycle's one pass over the previous ledger keeps for the changes,
 * so that the ledger is decompressed and parsed once a run instead of
 * twice. The copy has a hard cap (PR_PREV_HELD_CAP): past it, nothing is
 * held and the changes stream the ledger themselves, as without a cycle.
 */
#ifndef PR_PREVLINES_H
#define PR_PREVLINES_H

#include <stddef.h>
#include <stdint.h>

#include "io/err.h"

/* One line of the previous month's ledger, as the changes need it. */
typedef struct pr_prev_line {
    const char *zBen;       /* beneficiary_id: the holder's (a pr_prev_ledger's arena, or the reader's row) */
    const char *zName;      /* name, held the same way */
    int64_t nAmount;        /* amount_fen, > 0 */
    int32_t iDistrict;      /* district code */
    uint32_t iLine;         /* physical line in the ledger file */
    uint8_t eProg;          /* pr_prog */
} pr_prev_line;

/* The most bytes a pr_prev_held may take (lines and text): about 4 million
 * lines. A larger month is streamed twice rather than held. */
#define PR_PREV_HELD_CAP ((size_t)256 << 20)

/* One held line: 24 bytes, its strings in the holder's text. */
typedef struct pr_prev_hline {
    int64_t nAmount;        /* amount_fen */
    uint32_t iText;         /* offset of beneficiary_id, then name, in zText */
    int32_t iDistrict;      /* district code */
    uint32_t iLine;         /* physical line in the ledger file */
    uint8_t eProg;          /* pr_prog */
    uint8_t nBen;           /* bytes of beneficiary_id */
    uint8_t nName;          /* bytes of name */
} pr_prev_hline;

/* Last month's REGULAR lines in file order, held. */
typedef struct pr_prev_held {
    char *zLedger;          /* the ledger they are of, owned; NULL: nothing held */
    pr_prev_hline *a;       /* the lines, owned */
    size_t n;               /* lines in a */
    size_t nCap;            /* allocated in a */
    char *zText;            /* their strings back to back (no NULs), owned */
    size_t nText;           /* bytes used in zText */
    size_t nTextCap;        /* allocated in zText */
} pr_prev_held;

/* Initialises h empty (nothing held). */
void pr_prev_held_init(pr_prev_held *h);

/* Frees what h owns; h is then empty again. h may be NULL. */
void pr_prev_held_clear(pr_prev_held *h);

/* Starts holding the lines of the ledger zLedger (copied), dropping
 * anything held. Returns 0, or -1 when out of memory (nothing is held). */
int pr_prev_held_start(pr_prev_held *h, const char *zLedger);

/* Adds o (its strings nBen and nName bytes, no NUL needed) to what h
 * holds. A string longer than 255 bytes, or the cap, or out of memory
 * drop everything held: the changes then read the ledger again, which is
 * slower, never wrong. Does nothing once nothing is held. */
void pr_prev_held_add(pr_prev_held *h, const pr_prev_line *o, size_t nBen, size_t nName);

/* Whether h holds the lines of the ledger zLedger. */
int pr_prev_held_has(const pr_prev_held *h, const char *zLedger);

/* Hands each held line to xLine in file order, as pr_prevledger_each does
 * for the file: its strings hold nBen and nName bytes (no NUL), valid during
 * the call. Returns PR_OK or what xLine returned (with *pErr as xLine set it). */
pr_error pr_prev_held_each(const pr_prev_held *h,
                           pr_error (*xLine)(void *, const pr_prev_line *o, size_t nBen, size_t nName, pr_err *),
                           void *pArg, pr_err *pErr);

#endif
