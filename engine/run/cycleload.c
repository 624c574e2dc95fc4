/*
 * cycleload.c - the payment cycle's inputs, read before the month is
 * computed. The previous month's ledger is streamed once: every line adds
 * to 回盘's totals of its (bank, district), and only the lines of bank rows
 * that a return row names are kept, so memory follows the returns, not the
 * province. The history's ledgers are streamed only when a back pay or a
 * difference asks about them, keeping only the lines those ask about.
 */
#include "run/cycleload.h"
#include "formats/cyclefiles.h"
#include "formats/manifest_read.h"
#include "formats/prevledger.h"
#include "model/calendar.h"
#include "io/common.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* zDir/zName into z (n bytes); 0, or -1 when it does not fit. */
static int join(char *z, size_t n, const char *zDir, const char *zName)
{
    return snprintf(z, n, "%s/%s", zDir, zName) >= (int)n ? -1 : 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* ---- the previous month's bank rows -------------------------------------------- */

/* Whether the NUL-terminated zA is z[0..n). */
static int str_is(const char *zA, const char *z, size_t n)
{
    return strncmp(zA, z, n) == 0 && zA[n] == 0;
}

/* 回盘's totals while the ledger streams: an open-addressing table of
 * (bank, district), and per district the bank rows already counted (a
 * row's lines need not be next to each other: a guardian's wards). */
typedef struct stat_tab {
    pr_cycle *c;                  /* where the totals end */
    int aiSlot[1024];             /* index into c->aStat + 1, 0 if free */
    int nStatCap;
    uint8_t **apSeen;             /* per district code slot: bit per sequence; owned */
    int32_t *aiSeenCode;          /* the district of each apSeen */
    int *anSeen;                  /* its size in bytes */
    int nSeen;
} stat_tab;

static pr_retstat *stat_of(stat_tab *t, const char *zBank, size_t nBank, int32_t iDistrict)
{
    pr_cycle *c = t->c;
    uint64_t h = pr_hash_u64(PR_HASH_SEED, (uint64_t)iDistrict);
    for (size_t i = 0; i < nBank; i++) h = (h ^ (unsigned char)zBank[i]) * 0x100000001b3ull;
    uint32_t k = (uint32_t)(h ^ h >> 32) & 1023;
    for (; t->aiSlot[k]; k = (k + 1) & 1023) {
        pr_retstat *s = &c->aStat[t->aiSlot[k] - 1];
        if (s->iDistrict == iDistrict && str_is(s->zBank, zBank, nBank)) return s;
    }
    if (c->nStat >= 1000) return NULL;   /* a table this size: far more banks x districts than any city has */
    if (c->nStat == t->nStatCap) {
        int n = t->nStatCap ? t->nStatCap * 2 : 32;
        pr_retstat *a = realloc(c->aStat, (size_t)n * sizeof(*a));
        if (!a) return NULL;
        c->aStat = a;
        t->nStatCap = n;
    }
    pr_retstat *s = &c->aStat[c->nStat];
    memset(s, 0, sizeof(*s));
    if (!(s->zBank = pr_arena_strndup(&c->arena, zBank, nBank))) return NULL;
    s->iDistrict = iDistrict;
    t->aiSlot[k] = ++c->nStat;
    return s;
}

/* Whether the bank row (iDistrict, iSeq) is met for the first time;
 * -1 if out of memory. */
static int first_time(stat_tab *t, int32_t iDistrict, int iSeq)
{
    int d = 0;
    while (d < t->nSeen && t->aiSeenCode[d] != iDistrict) d++;
    if (d == t->nSeen) {
        void *a = realloc(t->apSeen, (size_t)(d + 1) * sizeof(*t->apSeen));
        if (!a) return -1;
        t->apSeen = a;
        if (!(a = realloc(t->aiSeenCode, (size_t)(d + 1) * sizeof(int32_t)))) return -1;
        t->aiSeenCode = a;
        if (!(a = realloc(t->anSeen, (size_t)(d + 1) * sizeof(int)))) return -1;
        t->anSeen = a;
        t->apSeen[d] = NULL;
        t->anSeen[d] = 0;
        t->aiSeenCode[d] = iDistrict;
        t->nSeen++;
    }
    int iByte = iSeq / 8;
    if (iByte >= t->anSeen[d]) {
        int n = t->anSeen[d] ? t->anSeen[d] : 1024;
        while (n <= iByte) n *= 2;
        uint8_t *a = realloc(t->apSeen[d], (size_t)n);
        if (!a) return -1;
        memset(a + t->anSeen[d], 0, (size_t)(n - t->anSeen[d]));
        t->apSeen[d] = a;
        t->anSeen[d] = n;
    }
    uint8_t m = (uint8_t)(1u << (iSeq % 8));
    if (t->apSeen[d][iByte] & m) return 0;
    t->apSeen[d][iByte] |= m;
    return 1;
}

static void stat_tab_clear(stat_tab *t)
{
    for (int d = 0; d < t->nSeen; d++) free(t->apSeen[d]);
    free(t->apSeen);
    free(t->aiSeenCode);
    free(t->anSeen);
}

static const char *field_dup(pr_cycle *c, pr_field f)
{
    return pr_arena_strndup(&c->arena, f.z, f.n);
}

/* A kept line of a named bank row, before the rows are made. */
typedef struct kept {
    const char *zPayRef;          /* its pay_ref */
    pr_bankline line;             /* the line */
    int32_t iDistrict;
    const char *zBank, *zAccount, *zPayee;
} kept;

static int cmp_kept(const void *a, const void *b)
{
    const kept *x = a, *y = b;
    int c = strcmp(x->zPayRef, y->zPayRef);
    if (c) return c;
    if (x->line.eProg != y->line.eProg) return x->line.eProg < y->line.eProg ? -1 : 1;
    c = strcmp(x->line.zBeneficiary, y->line.zBeneficiary);
    if (c) return c;
    if (x->line.eType != y->line.eType) return x->line.eType < y->line.eType ? -1 : 1;
    return (x->line.iPeriod > y->line.iPeriod) - (x->line.iPeriod < y->line.iPeriod);
}

/* The adjustments that ask the history's ledgers, by (programme,
 * beneficiary, period). */
static const pr_cycle *gpSortCycle;

static int cmp_adj_key(const void *a, const void *b)
{
    const pr_adj *x = &gpSortCycle->aAdj[*(const int *)a], *y = &gpSortCycle->aAdj[*(const int *)b];
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    int c = strcmp(x->zBeneficiary, y->zBeneficiary);
    if (c) return c;
    return (x->iPeriod > y->iPeriod) - (x->iPeriod < y->iPeriod);
}

/* The back pay and difference rows that ask the history's ledgers, sorted
 * by (programme, beneficiary, period). */
typedef struct hist_keys {
    int *ai;        /* indexes into c->aAdj; owned */
    int n;          /* entries in ai */
    int iFirst;     /* the earliest period asked; INT32_MAX when none */
    uint64_t *aRun; /* open addressing by (programme, beneficiary): the
                     * high half of the key's hash, then the index into ai
                     * of its first entry + 1 (0 when free); owned. A
                     * ledger's lines are mostly of keys no row asks about,
                     * passed over on the hash, without reading a row */
    uint32_t nRun;  /* its size, a power of two above twice the keys */
} hist_keys;

static uint64_t hist_hash(int eProg, const char *z, size_t n)
{
    return pr_hash_mem(pr_hash_u64(PR_HASH_SEED, (uint64_t)eProg), z, n);
}

/* The slot of hk where (eProg, z[0..n)) is, or the free slot where it
 * would go; *pTag is the hash's high half. */
static uint32_t hist_slot(const pr_cycle *c, const hist_keys *hk, int eProg, const char *z, size_t n, uint64_t *pTag)
{
    uint64_t h = hist_hash(eProg, z, n), tag = h >> 32 << 32;
    uint32_t i = (uint32_t)h & (hk->nRun - 1);
    for (; hk->aRun[i]; i = (i + 1) & (hk->nRun - 1)) {
        if ((hk->aRun[i] & ~(uint64_t)UINT32_MAX) != tag) continue;
        const pr_adj *a = &c->aAdj[hk->ai[(uint32_t)hk->aRun[i] - 1]];
        if (a->eProg == eProg && str_is(a->zBeneficiary, z, n)) break;
    }
    *pTag = tag;
    return i;
}

/* The index into hk->ai of the first entry of (eProg, z[0..n)), or -1. */
static int hist_run(const pr_cycle *c, const hist_keys *hk, int eProg, const char *z, size_t n)
{
    uint64_t tag;
    uint64_t v = hk->aRun[hist_slot(c, hk, eProg, z, n, &tag)];
    return v ? (int)(uint32_t)v - 1 : -1;
}

static pr_error hist_keys_make(pr_batch *p, hist_keys *hk)
{
    pr_cycle *c = p->pCycle;
    hk->n = 0;
    hk->iFirst = INT32_MAX;
    if (!(hk->ai = malloc(((size_t)c->nAdj + 1) * sizeof(int)))) return pr_err_nomem(&p->err, "reading the history");
    for (int i = 0; i < c->nAdj; i++) {
        const pr_adj *a = &c->aAdj[i];
        if ((a->eType != ADJ_BACKPAY && a->eType != ADJ_DIFFERENCE) || a->eProg < 0 || a->iPeriod < 0) continue;
        hk->ai[hk->n++] = i;
        if (a->iPeriod < hk->iFirst) hk->iFirst = a->iPeriod;
    }
    gpSortCycle = c;
    if (hk->n) qsort(hk->ai, (size_t)hk->n, sizeof(int), cmp_adj_key);
    hk->nRun = 64;
    while (hk->nRun < 2 * (uint32_t)hk->n + 2) hk->nRun *= 2;
    if (!(hk->aRun = calloc(hk->nRun, sizeof(*hk->aRun)))) return pr_err_nomem(&p->err, "reading the history");
    for (int i = 0; i < hk->n; i++) {
        const pr_adj *a = &c->aAdj[hk->ai[i]];
        uint64_t tag;
        uint32_t h = hist_slot(c, hk, a->eProg, a->zBeneficiary, strlen(a->zBeneficiary), &tag);
        if (!hk->aRun[h]) hk->aRun[h] = tag | (uint32_t)(i + 1);   /* else not the key's first entry */
    }
    return PR_OK;
}

/* Whether month iMonth's ledger must be scanned for hk. */
static int hist_wants(const hist_keys *hk, int iMonth) { return hk && hk->n && iMonth >= hk->iFirst; }

/* Sets bHistLine on the rows of hk that the good ledger record rec of
 * month iMonth answers. */
static void hist_mark(pr_cycle *c, const hist_keys *hk, const pr_lrec *rec, int iMonth)
{
    int iPeriod = rec->iPeriod < 0 ? iMonth : rec->iPeriod;   /* a ledger from before periods */
    pr_field fb = rec->pRow->aField[LCOL_BENEFICIARY];
    int j = hist_run(c, hk, rec->eProg, fb.z, fb.n);
    if (j < 0) return;
    /* the key's entries, by period */
    for (; j < hk->n; j++) {
        pr_adj *a = &c->aAdj[hk->ai[j]];
        if (a->eProg != rec->eProg || strlen(a->zBeneficiary) != fb.n || memcmp(a->zBeneficiary, fb.z, fb.n) != 0
            || a->iPeriod > iPeriod)
            break;
        if (a->iPeriod == iPeriod) a->bHistLine = 1;
    }
}

/* A filter of the named pay_refs by (district, sequence), REF_FILTER_BITS
 * bits: most lines are of rows no return names, passed over on one bit
 * instead of a string compare far away in memory. */
#define REF_FILTER_BITS 20

static uint32_t ref_filter_bit(int32_t iDistrict, int iSeq)
{
    uint64_t h = pr_hash_u64(PR_HASH_SEED, (uint64_t)(uint32_t)iDistrict << 32 | (uint32_t)iSeq);
    return (uint32_t)(h >> (64 - REF_FILTER_BITS));
}

/* Sets the filter's bit of the pay_ref zRef (PR_PAY_REF_LEN characters):
 * a string that does not parse is no ledger line's. */
static void ref_filter_add(uint8_t *aFilter, const char *zRef)
{
    int32_t iDistrict;
    int iMonth, iSeq;
    if (pr_pay_ref_parse(zRef, PR_PAY_REF_LEN, &iDistrict, &iMonth, &iSeq)) return;
    uint32_t b = ref_filter_bit(iDistrict, iSeq);
    aFilter[b >> 3] |= (uint8_t)(1u << (b & 7));
}

static int ref_filter_has(const uint8_t *aFilter, int32_t iDistrict, int iSeq)
{
    uint32_t b = ref_filter_bit(iDistrict, iSeq);
    return aFilter[b >> 3] >> (b & 7) & 1;
}

static uint32_t ref_hash(const char *zRef)
{
    uint64_t h = pr_hash_mem(PR_HASH_SEED, zRef, PR_PAY_REF_LEN);
    return (uint32_t)(h ^ h >> 32);
}

/* Whether zRef (PR_PAY_REF_LEN characters) is one of azRef, found through
 * the table aiRefSlot (index + 1 per slot, nSlot a power of two). */
static int ref_named(const char **azRef, const int *aiRefSlot, uint32_t nSlot, const char *zRef)
{
    for (uint32_t h = ref_hash(zRef) & (nSlot - 1); aiRefSlot[h]; h = (h + 1) & (nSlot - 1))
        if (memcmp(azRef[aiRefSlot[h] - 1], zRef, PR_PAY_REF_LEN + 1) == 0) return 1;
    return 0;
}

/* Streams the previous ledger zLedger: 回盘's totals, and the lines of the
 * bank rows named in azRef (each PR_PAY_REF_LEN characters) into c->aRow / c->aLine; and, when hk
 * is not NULL, the history's keys its lines answer (month iMonth), so that
 * the ledger is read once for both. */
static pr_error load_bank_rows(pr_batch *p, const char *zLedger, const char **azRef, int nRef, const hist_keys *hk,
                               int iMonth)
{
    pr_cycle *c = p->pCycle;
    pr_error rc = PR_OK;
    pr_err e;
    pr_err_init(&e);
    stat_tab t;
    memset(&t, 0, sizeof(t));
    t.c = c;
    kept *aKept = NULL;
    int nKept = 0, nKeptCap = 0;
    /* the named pay_refs by hash: a province's ledger asks once per line */
    uint32_t nRefSlot = 64;
    while (nRefSlot < 2 * (uint32_t)nRef + 2) nRefSlot *= 2;
    int *aiRefSlot = calloc(nRefSlot, sizeof(int));
    uint8_t *aFilter = calloc((size_t)1 << (REF_FILTER_BITS - 3), 1);
    if (!aiRefSlot || !aFilter) { free(aiRefSlot); free(aFilter); return pr_err_nomem(&p->err, "reading the previous month's bank rows"); }
    for (int i = 0; i < nRef; i++) {
        uint32_t h = ref_hash(azRef[i]) & (nRefSlot - 1);
        while (aiRefSlot[h]) h = (h + 1) & (nRefSlot - 1);
        aiRefSlot[h] = i + 1;
        ref_filter_add(aFilter, azRef[i]);
    }
    pr_ledger_reader *pRd = pr_ledger_reader_open(zLedger, &e);
    if (!pRd) { free(aiRefSlot); free(aFilter); return pr_err_set(&p->err, e.rc, "%s", e.zMsg); }
    /* the REGULAR lines are kept for the changes, which then need not read
     * the ledger again (they do when nothing could be kept) */
    int bHeader = 0;
    if (pr_prev_held_start(&c->prevHeld, zLedger)) { rc = pr_err_nomem(&p->err, "reading the previous month's bank rows"); goto cleanup; }
    for (;;) {
        pr_lrec rec;
        int k = pr_ledger_reader_next(pRd, &rec, &e);
        if (k < 0) { rc = pr_err_set(&p->err, e.rc, "%s: %s", zLedger, e.zMsg); goto cleanup; }
        if (k == 0) break;
        if (rec.eBad == LBAD_NFIELD && rec.pRow->nField == 1 && rec.pRow->aField[0].n == 0) continue;
        if (rec.eBad != LBAD_NONE) {
            rc = pr_err_set(&p->err, PR_ERR_CSV, "%s:%u: not a ledger payrun wrote (check it with payrun verify)", zLedger,
                            rec.iLine);
            goto cleanup;
        }
        bHeader |= rec.bHeader;
        if (rec.bHeader) continue;
        const pr_field *f = rec.pRow->aField;
        if (rec.eType == LT_REGULAR) {
            pr_prev_line o = { .zBen = f[LCOL_BENEFICIARY].z, .zName = f[LCOL_NAME].z, .nAmount = rec.nFen,
                               .iDistrict = rec.iDistrict, .iLine = rec.iLine, .eProg = (uint8_t)rec.eProg };
            pr_prev_held_add(&c->prevHeld, &o, f[LCOL_BENEFICIARY].n, f[LCOL_NAME].n);
        }
        if (hk) hist_mark(c, hk, &rec, iMonth);
        if (rec.bLegacy) continue;   /* a month before pay_refs: no bank row to answer */
        pr_retstat *s = stat_of(&t, f[LCOL_BANK].z, f[LCOL_BANK].n, rec.iDistrict);
        int bFirst = s ? first_time(&t, rec.iDistrict, rec.iPaySeq) : -1;
        if (!s || bFirst < 0) { rc = pr_err_nomem(&p->err, "reading the previous month's bank rows"); goto cleanup; }
        s->nRows += bFirst;
        s->nFen += rec.nFen;
        /* a line of a row some return names? */
        if (!nRef || !ref_filter_has(aFilter, rec.iDistrict, rec.iPaySeq)) continue;
        char zRef[PR_PAY_REF_LEN + 1];
        memcpy(zRef, f[LCOL_PAY_REF].z, PR_PAY_REF_LEN);
        zRef[PR_PAY_REF_LEN] = 0;
        if (!nRef || !ref_named(azRef, aiRefSlot, nRefSlot, zRef)) continue;
        if (nKept == nKeptCap) {
            int n = nKeptCap ? nKeptCap * 2 : 256;
            kept *a = realloc(aKept, (size_t)n * sizeof(*a));
            if (!a) { rc = pr_err_nomem(&p->err, "reading the previous month's bank rows"); goto cleanup; }
            aKept = a;
            nKeptCap = n;
        }
        kept *x = &aKept[nKept++];
        memset(x, 0, sizeof(*x));
        x->zPayRef = field_dup(c, f[LCOL_PAY_REF]);
        x->line.eProg = (uint8_t)rec.eProg;
        x->line.eType = (uint8_t)rec.eType;
        x->line.iPeriod = rec.iPeriod;
        x->line.zBeneficiary = field_dup(c, f[LCOL_BENEFICIARY]);
        x->line.nFen = rec.nFen;
        x->iDistrict = rec.iDistrict;
        x->zBank = field_dup(c, f[LCOL_BANK]);
        x->zAccount = field_dup(c, f[LCOL_ACCOUNT]);
        x->zPayee = field_dup(c, f[LCOL_PAYEE]);
        if (!x->zPayRef || !x->line.zBeneficiary || !x->zBank || !x->zAccount || !x->zPayee) {
            rc = pr_err_nomem(&p->err, "reading the previous month's bank rows");
            goto cleanup;
        }
    }
    if (nKept) qsort(aKept, (size_t)nKept, sizeof(*aKept), cmp_kept);
    for (int i = 0; i < nKept; i++) {
        pr_bankrow *b = c->nRow ? &c->aRow[c->nRow - 1] : NULL;
        if (!b || strcmp(b->zPayRef, aKept[i].zPayRef) != 0) {
            if (!(b = pr_cycle_add_row(c))) { rc = pr_err_nomem(&p->err, "reading the previous month's bank rows"); goto cleanup; }
            b->zPayRef = aKept[i].zPayRef;
            b->iDistrict = aKept[i].iDistrict;
            b->eProg = aKept[i].line.eProg;
            b->zBank = aKept[i].zBank;
            b->zAccount = aKept[i].zAccount;
            b->zPayee = aKept[i].zPayee;
            b->iLine0 = c->nLine;
        }
        pr_bankline *l = pr_cycle_add_line(c);
        if (!l) { rc = pr_err_nomem(&p->err, "reading the previous month's bank rows"); goto cleanup; }
        *l = aKept[i].line;
        b->nLine++;
        b->nFen += l->nFen;
    }
    /* 回盘 in (bank, district) order */
    for (int i = 1; i < c->nStat; i++) {
        pr_retstat v = c->aStat[i];
        int j = i;
        while (j > 0 && (strcmp(c->aStat[j - 1].zBank, v.zBank) > 0
                         || (strcmp(c->aStat[j - 1].zBank, v.zBank) == 0 && c->aStat[j - 1].iDistrict > v.iDistrict))) {
            c->aStat[j] = c->aStat[j - 1];
            j--;
        }
        c->aStat[j] = v;
    }
cleanup:
    /* an empty file is the changes' to refuse, with their message */
    if (rc || !bHeader) pr_prev_held_clear(&c->prevHeld);
    pr_ledger_reader_free(pRd);
    stat_tab_clear(&t);
    free(aKept);
    free(aiRefSlot);
    free(aFilter);
    return rc;
}

/* ---- the history ----------------------------------------------------------------- */

/* The month folders of zHist (names YYYY-MM holding a manifest.json) before
 * month iMonth, into c->aiHistMonth. */
static pr_error list_history(pr_batch *p, const char *zHist)
{
    pr_cycle *c = p->pCycle;
    DIR *d = opendir(zHist);
    if (!d) return pr_err_set(&p->err, PR_ERR_IO, "%s: the history folder cannot be read: %s", zHist, strerror(errno));
    struct dirent *e;
    int nCap = 0;
    pr_error rc = PR_OK;
    while ((e = readdir(d)) != NULL) {
        int iMonth;
        char zMan[4200];
        struct stat st;
        if (strlen(e->d_name) != 7 || pr_month_parse(e->d_name, 7, &iMonth) || iMonth >= p->iMonth) continue;
        if (snprintf(zMan, sizeof(zMan), "%s/%s/manifest.json", zHist, e->d_name) >= (int)sizeof(zMan)) continue;
        if (stat(zMan, &st) != 0) continue;
        if (c->nHistMonth == nCap) {
            nCap = nCap ? nCap * 2 : 32;
            int *a = realloc(c->aiHistMonth, (size_t)nCap * sizeof(int));
            if (!a) { rc = pr_err_nomem(&p->err, "listing the history"); break; }
            c->aiHistMonth = a;
        }
        c->aiHistMonth[c->nHistMonth++] = iMonth;
    }
    closedir(d);
    if (c->aiHistMonth) qsort(c->aiHistMonth, (size_t)c->nHistMonth, sizeof(int), cmp_int);
    return rc;
}

/* Sets bHistLine on the back pay and difference rows a line of the
 * history's ledgers (folders from the earliest period asked) answers;
 * month iDone's was scanned with the bank rows already. */
static pr_error scan_history_ledgers(pr_batch *p, const char *zHist, const hist_keys *hk, int iDone)
{
    pr_cycle *c = p->pCycle;
    pr_error rc = PR_OK;
    for (int h = 0; h < c->nHistMonth && !rc; h++) {
        if (!hist_wants(hk, c->aiHistMonth[h]) || c->aiHistMonth[h] == iDone) continue;
        char zMonth[8], zDir[4200], zLedger[4300];
        pr_month_format(c->aiHistMonth[h], zMonth);
        if (join(zDir, sizeof(zDir), zHist, zMonth) || join(zLedger, sizeof(zLedger), zDir, "ledger.csv.gz")) continue;
        if (access(zLedger, F_OK) != 0) continue;   /* a month that was not payable has no ledger */
        pr_err e;
        pr_err_init(&e);
        pr_ledger_reader *pRd = pr_ledger_reader_open(zLedger, &e);
        if (!pRd) { rc = pr_err_set(&p->err, e.rc, "%s", e.zMsg); break; }
        for (;;) {
            pr_lrec rec;
            int k = pr_ledger_reader_next(pRd, &rec, &e);
            if (k < 0) { rc = pr_err_set(&p->err, e.rc, "%s: %s", zLedger, e.zMsg); break; }
            if (k == 0) break;
            if (rec.bHeader || rec.eBad != LBAD_NONE) continue;
            hist_mark(c, hk, &rec, c->aiHistMonth[h]);
        }
        pr_ledger_reader_free(pRd);
    }
    return rc;
}

/* The history's registers of adjustments: marks duplicates. */
static pr_error scan_history_registers(pr_batch *p, const char *zHist)
{
    pr_cycle *c = p->pCycle;
    for (int h = 0; h < c->nHistMonth; h++) {
        char zMonth[8], zDir[4200], zReg[4300];
        pr_month_format(c->aiHistMonth[h], zMonth);
        if (join(zDir, sizeof(zDir), zHist, zMonth) || join(zReg, sizeof(zReg), zDir, "adjustments.csv")) continue;
        pr_err e;
        pr_err_init(&e);
        if (pr_adjreg_scan(c, zReg, &e)) return pr_err_set(&p->err, e.rc, "%s", e.zMsg);
    }
    return PR_OK;
}

/* ---- the whole load -------------------------------------------------------------- */

/* Reads a register of the previous month (missing: a month before the
 * cycle, nothing carried) as input kind eKind. */
static pr_error load_register(pr_batch *p, const char *zPrev, const char *zName, pr_input_kind eKind)
{
    char zPath[4300];
    if (join(zPath, sizeof(zPath), zPrev, zName)) return pr_err_set(&p->err, PR_ERR_IO, "%s/%s: path too long", zPrev, zName);
    if (access(zPath, F_OK) != 0) return PR_OK;
    /* the input keeps a path that lives as long as the batch */
    char *zKeep = pr_arena_strndup(&p->pCycle->arena, zPath, strlen(zPath));
    int iFile = zKeep ? pr_batch_add_cycle_input(p, zKeep, eKind) : -1;
    if (iFile < 0) return pr_err_nomem(&p->err, "reading the previous month's registers");
    pr_input *in = &p->aInput[iFile];
    pr_err e;
    pr_err_init(&e);
    int nBefore = eKind == INPUT_ARREARS ? p->pCycle->nArr : p->pCycle->nRec;
    pr_error rc = eKind == INPUT_ARREARS ? pr_arrears_read(p->pCycle, zKeep, (uint32_t)iFile, in->zSha, &in->nRows, &e)
                                         : pr_recoveries_read(p->pCycle, zKeep, (uint32_t)iFile, in->zSha, &in->nRows, &e);
    if (rc) return pr_err_set(&p->err, rc, "%s", e.zMsg);
    in->aCount[ST_PAID] = (uint32_t)((eKind == INPUT_ARREARS ? p->pCycle->nArr : p->pCycle->nRec) - nBefore);
    return PR_OK;
}

/* Whether zLedger is the file the history zHist holds for month iMonth
 * (the same device and inode), so that one pass reads it for both. */
static int same_file(const char *zLedger, const char *zHist, int iMonth)
{
    char zMonth[8], zDir[4200], zHistLedger[4300];
    struct stat a, b;
    pr_month_format(iMonth, zMonth);
    if (join(zDir, sizeof(zDir), zHist, zMonth) || join(zHistLedger, sizeof(zHistLedger), zDir, "ledger.csv.gz")) return 0;
    return stat(zLedger, &a) == 0 && stat(zHistLedger, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

pr_error pr_cycle_load(pr_batch *p, const pr_cycle_files *f)
{
    pr_cycle *c = p->pCycle;
    pr_error rc = PR_OK;
    const char **azRef = NULL;
    char zHist[4200];
    zHist[0] = 0;
    if (f->nReturns && !f->zPrev)
        return pr_err_set(&p->err, PR_ERR_USAGE, "%s: --returns needs --prev, the month whose bank rows it answers",
                          f->azReturns[0]);
    for (int i = 0; i < f->nReturns; i++) {
        int iFile = pr_batch_add_cycle_input(p, f->azReturns[i], INPUT_RETURNS);
        if (iFile < 0) return pr_err_nomem(&p->err, "adding the returns files");
        pr_input *in = &p->aInput[iFile];
        pr_err e;
        pr_err_init(&e);
        if ((rc = pr_returns_read(c, in->zPath, (uint32_t)iFile, p->eEnc, in->zSha, &in->nRows, &e)))
            return pr_err_set(&p->err, rc, "%s", e.zMsg);
    }
    for (int i = 0; i < f->nAdjust; i++) {
        int iFile = pr_batch_add_cycle_input(p, f->azAdjust[i], INPUT_ADJUSTMENTS);
        if (iFile < 0) return pr_err_nomem(&p->err, "adding the adjustments files");
        pr_input *in = &p->aInput[iFile];
        pr_err e;
        pr_err_init(&e);
        if ((rc = pr_adjustments_read(c, in->zPath, (uint32_t)iFile, p->eEnc, in->zSha, &in->nRows, &e)))
            return pr_err_set(&p->err, rc, "%s", e.zMsg);
    }
    if (!f->zPrev) return PR_OK;
    char zMan[4300], zLedger[4300];
    if (join(zMan, sizeof(zMan), f->zPrev, "manifest.json") || join(zLedger, sizeof(zLedger), f->zPrev, "ledger.csv.gz"))
        return pr_err_set(&p->err, PR_ERR_IO, "%s: path too long", f->zPrev);
    pr_manifest m;
    pr_err e;
    pr_err_init(&e);
    if (pr_manifest_read(zMan, &m, &e)) return pr_err_set(&p->err, PR_ERR_IO, "%s", e.zMsg);
    c->bPrev = 1;
    c->iPrevMonth = m.iMonth;
    c->nPrevFen = m.all.nFen;
    c->nPrevLines = m.all.nLines;
    pr_manifest_clear(&m);
    if (c->iPrevMonth >= p->iMonth) return PR_OK;   /* the changes stop the run with the reason */
    /* the history: the folder that holds --prev */
    snprintf(zHist, sizeof(zHist), "%s", f->zPrev);
    size_t n = strlen(zHist);
    while (n > 1 && zHist[n - 1] == '/') zHist[--n] = 0;
    char *zSlash = strrchr(zHist, '/');
    if (!zSlash) snprintf(zHist, sizeof(zHist), ".");
    else if (zSlash == zHist) zHist[1] = 0;
    else *zSlash = 0;
    if ((rc = list_history(p, zHist))) return rc;
    if (!pr_cycle_has_month(c, c->iPrevMonth)) {
        /* --prev is named by its manifest, whatever its folder is called */
        int *a = realloc(c->aiHistMonth, (size_t)(c->nHistMonth + 1) * sizeof(int));
        if (!a) return pr_err_nomem(&p->err, "listing the history");
        c->aiHistMonth = a;
        c->aiHistMonth[c->nHistMonth++] = c->iPrevMonth;
        qsort(c->aiHistMonth, (size_t)c->nHistMonth, sizeof(int), cmp_int);
    }
    if ((rc = load_register(p, f->zPrev, "arrears.csv", INPUT_ARREARS))) return rc;
    if ((rc = load_register(p, f->zPrev, "recoveries.csv", INPUT_RECOVERIES))) return rc;
    hist_keys hk = { NULL, 0, INT32_MAX, NULL, 0 };
    if (c->nAdj && (rc = hist_keys_make(p, &hk))) goto cleanup;
    int iDone = -1;   /* the history month read with the bank rows */
    if (access(zLedger, F_OK) == 0) {
        if (c->nRet && !(azRef = malloc((size_t)c->nRet * sizeof(*azRef)))) { rc = pr_err_nomem(&p->err, "reading the returns"); goto cleanup; }
        int nRef = 0;
        for (int i = 0; i < c->nRet; i++)
            if (c->aRet[i].zPayRef && strlen(c->aRet[i].zPayRef) == PR_PAY_REF_LEN) azRef[nRef++] = c->aRet[i].zPayRef;
        if (hist_wants(&hk, c->iPrevMonth) && same_file(zLedger, zHist, c->iPrevMonth)) iDone = c->iPrevMonth;
        if ((rc = load_bank_rows(p, zLedger, azRef, nRef, iDone >= 0 ? &hk : NULL, c->iPrevMonth))) goto cleanup;
    }
    if (c->nAdj) {
        if ((rc = scan_history_registers(p, zHist))) goto cleanup;
        if ((rc = scan_history_ledgers(p, zHist, &hk, iDone))) goto cleanup;
    }
cleanup:
    free(azRef);
    free(hk.ai);
    free(hk.aRun);
    return rc;
}
