/*
 * changes.c (model) - the month-on-month changes (changes.h): this month's
 * REGULAR lines against the previous month's, joined by (programme,
 * beneficiary_id) through a hash table of this month's keys while last
 * month's ledger streams past; this month's other lines listed on their
 * own; the reason each stopped beneficiary is not paid, read from this
 * month's records and findings; and the totals per district and programme.
 * Pure functions on the model: the previous ledger is read by
 * formats/prevledger.c. Every change and total has a total sort key and is
 * sorted at the end, so the result never depends on hash, feeding or
 * thread order.
 */
#include "model/changes.h"
#include "io/bigmem.h"
#include "io/common.h"
#include "model/idcard.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISTRICT_CODES 1000000             /* 6-digit codes */

static const char *const zAbsent = "not in this month's rosters";

/* ---- the object ------------------------------------------------------------ */

void pr_prev_ledger_init(pr_prev_ledger *L)
{
    memset(L, 0, sizeof(*L));
    pr_arena_init(&L->arena);
}

void pr_prev_ledger_clear(pr_prev_ledger *L)
{
    if (!L) return;
    free(L->a);
    pr_arena_clear(&L->arena);
    pr_prev_ledger_init(L);
}

pr_changes *pr_changes_new(pr_err *pErr)
{
    pr_changes *c = calloc(1, sizeof(*c));
    if (!c) {
        pr_err_nomem(pErr, "computing the changes");
        return NULL;
    }
    pr_arena_init(&c->arena);
    return c;
}

void pr_changes_free(pr_changes *p)
{
    if (!p) return;
    free(p->aChange);
    free(p->aTotal);
    free(p->aShared);
    pr_arena_clear(&p->arena);
    free(p);
}

/* ---- why a beneficiary stopped ------------------------------------------------ */

static const char *reason_of(pr_arena *a, const pr_finding *f, const char *zVia)
{
    return pr_arena_printf(a, "%s %s: %s%s", pr_status_name((pr_status)f->eStatus), f->zCode,
                           f->zMsg ? f->zMsg : "", zVia ? zVia : "");
}

static int roster_prog(int eRoster)
{
    return eRoster == ROSTER_DIBAO ? PROG_DIBAO : eRoster == ROSTER_TEKUN ? PROG_TEKUN
         : eRoster == ROSTER_ORPHAN ? PROG_ORPHAN : PROG_DIS_LIVING;
}

static int prog_roster(int eProg)
{
    return eProg == PROG_DIBAO ? ROSTER_DIBAO : eProg == PROG_TEKUN ? ROSTER_TEKUN
         : eProg == PROG_ORPHAN ? ROSTER_ORPHAN : ROSTER_DISABILITY;
}

/* Why beneficiary zBen of eProg, paid last month, is not paid this month.
 * Returns a string in the arena, a static one, or NULL if out of memory. */
static const char *stopped_reason(const pr_persons *x, pr_arena *a, int eProg, const char *zBen)
{
    const pr_finding *f = pr_persons_finding(x, eProg, zBen);
    if (f) return reason_of(a, f, NULL);
    if (eProg == PROG_DIBAO) return zAbsent;   /* the household id is not in the rosters */
    pr_id id;
    if (pr_id_check(zBen, strlen(zBen), x->p->iMonth, &id) != ID_OK) return zAbsent;
    int n, i = pr_persons_range(x, id.iKey, &n);
    if (n == 0) return zAbsent;
    if (eProg != PROG_PRICE) {
        for (int k = i; k < i + n; k++)
            if (pr_persons_rec(x, k)->eRoster == prog_roster(eProg))
                return pr_arena_printf(a, "no status for %s this month", pr_prog_code((pr_prog)eProg));
        return pr_arena_printf(a, "not in this month's %s roster", pr_roster_name((pr_roster)prog_roster(eProg)));
    }
    /* PRICE without a PRICE finding: the covering programmes, in the order
     * of the rule (TEKUN, ORPHAN, DIBAO) */
    static const int aeCover[3] = { ROSTER_TEKUN, ROSTER_ORPHAN, ROSTER_DIBAO };
    for (int c = 0; c < 3; c++)
        for (int k = i; k < i + n; k++) {
            const pr_record *r = pr_persons_rec(x, k);
            if (r->eRoster == aeCover[c] && r->aStatus[0] == ST_PAID)
                return pr_arena_printf(a, "the price subsidy is not triggered this month (still paid %s)",
                                       pr_prog_code((pr_prog)roster_prog(r->eRoster)));
        }
    for (int c = 0; c < 3; c++)
        for (int k = i; k < i + n; k++) {
            const pr_record *r = pr_persons_rec(x, k);
            if (r->eRoster != aeCover[c]) continue;
            if (r->eRoster == ROSTER_DIBAO) {
                f = r->zHousehold[0] ? pr_persons_finding(x, PROG_DIBAO, r->zHousehold) : NULL;
                if (!f) f = pr_persons_finding(x, PROG_DIBAO, r->zId);
                if (f) return reason_of(a, f, pr_arena_printf(a, " (DIBAO household %s)", r->zHousehold));
            } else {
                f = pr_persons_finding(x, roster_prog(r->eRoster), r->zId);
                if (f) return reason_of(a, f, pr_arena_printf(a, " (%s)", pr_prog_code((pr_prog)roster_prog(r->eRoster))));
            }
        }
    return "not covered by DIBAO, TEKUN or ORPHAN this month";
}

/* ---- changes ------------------------------------------------------------------ */

/* The REGULAR changes first, then the other lines; each by district,
 * programme, kind, beneficiary (then period, reference and pay_ref, which
 * tell apart two lines of one beneficiary and kind). */
static int cmp_change(const void *a, const void *b)
{
    const pr_change *x = a, *y = b;
    int bx = x->eKind > CHANGE_AMOUNT, by = y->eKind > CHANGE_AMOUNT;
    if (bx != by) return bx < by ? -1 : 1;
    if (x->iDistrict != y->iDistrict) return x->iDistrict < y->iDistrict ? -1 : 1;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    if (x->eKind != y->eKind) return x->eKind < y->eKind ? -1 : 1;
    int c = strcmp(x->zBeneficiary, y->zBeneficiary);
    if (c) return c;
    if (x->iPeriod != y->iPeriod) return x->iPeriod < y->iPeriod ? -1 : 1;
    if ((c = strcmp(x->zReference, y->zReference))) return c;
    return strcmp(x->zPayRef, y->zPayRef);
}

/* Totals by district and programme: a direct index by district code into
 * blocks of PROG_COUNT totals, compacted and sorted at the end. */
typedef struct tot_map {
    int32_t *aiSlot;          /* [code] = block + 1, 0 if none */
    pr_change_total *a;       /* blocks of PROG_COUNT */
    int nBlock, nBlockCap;
} tot_map;

static pr_change_total *tot_get(tot_map *m, int32_t iDistrict, int eProg)
{
    if (iDistrict < 0 || iDistrict >= DISTRICT_CODES) return NULL;
    if (!m->aiSlot[iDistrict]) {
        if (m->nBlock == m->nBlockCap) {
            int nNew = m->nBlockCap ? m->nBlockCap * 2 : 16;
            pr_change_total *a = realloc(m->a, (size_t)nNew * PROG_COUNT * sizeof(*a));
            if (!a) return NULL;
            m->a = a;
            m->nBlockCap = nNew;
        }
        pr_change_total *t = &m->a[(size_t)m->nBlock * PROG_COUNT];
        memset(t, 0, PROG_COUNT * sizeof(*t));
        for (int g = 0; g < PROG_COUNT; g++) { t[g].iDistrict = iDistrict; t[g].eProg = (uint8_t)g; }
        m->aiSlot[iDistrict] = ++m->nBlock;
    }
    return &m->a[(size_t)(m->aiSlot[iDistrict] - 1) * PROG_COUNT + eProg];
}

static int cmp_total(const void *a, const void *b)
{
    const pr_change_total *x = a, *y = b;
    if (x->iDistrict != y->iDistrict) return x->iDistrict < y->iDistrict ? -1 : 1;
    return (x->eProg > y->eProg) - (x->eProg < y->eProg);
}

static int add_change(pr_changes *c, tot_map *m, int eKind, int eProg, int32_t iDistrict, const char *zBen,
                      const char *zName, int64_t nOld, int64_t nNew, const char *zReason)
{
    pr_change *e = &c->aChange[c->nChange];
    e->eKind = (uint8_t)eKind;
    e->eProg = (uint8_t)eProg;
    e->iDistrict = iDistrict;
    e->zBeneficiary = pr_arena_strndup(&c->arena, zBen, strlen(zBen));
    e->zName = pr_arena_strndup(&c->arena, zName, strlen(zName));
    e->nOld = nOld;
    e->nNew = nNew;
    e->zReason = zReason ? zReason : "";
    e->iPeriod = -1;
    e->zReference = "";
    e->zPayRef = "";
    if (!e->zBeneficiary || !e->zName) return -1;
    pr_change_total *t = tot_get(m, iDistrict, eProg);
    if (!t) return -1;
    if (eKind == CHANGE_NEW) t->nAdded++;
    else if (eKind == CHANGE_STOPPED) t->nStopped++;
    else if (eKind == CHANGE_AMOUNT) t->nChanged++;
    c->nChange++;
    return 0;
}

/* Adds line l of batch p, not a REGULAR line, as a change of its own kind
 * (its totals were counted with the lines). 0 or -1 (out of memory). */
static int add_other(pr_changes *c, tot_map *m, const pr_batch *p, const pr_line *l)
{
    const char *zBasis = l->zBasis && l->zBasis[0] ? pr_arena_strndup(&c->arena, l->zBasis, strlen(l->zBasis)) : "";
    if (!zBasis
        || add_change(c, m, PR_CHANGE_OF_LTYPE(l->eType), l->eProg, l->iDistrict, l->zBeneficiary, l->zName, 0,
                      l->nAmount, zBasis))
        return -1;
    pr_change *e = &c->aChange[c->nChange - 1];
    e->iPeriod = l->iPeriod;
    if (l->zReference && l->zReference[0]
        && !(e->zReference = pr_arena_strndup(&c->arena, l->zReference, strlen(l->zReference))))
        return -1;
    if (l->iPaySeq) {
        char zRef[PR_PAY_REF_LEN + 1];
        pr_pay_ref(p->iMonth, l, zRef);
        if (!(e->zPayRef = pr_arena_strndup(&c->arena, zRef, PR_PAY_REF_LEN))) return -1;
    }
    return 0;
}

/* ---- the join: this month's REGULAR lines against last month's, by key ------------ */

/* One (programme, beneficiary_id) of either month. */
typedef struct join_key {
    const char *zBen;       /* beneficiary_id: the line's, or in c's arena */
    const pr_line *pFirst;  /* this month's first REGULAR line of the key, NULL if none */
    int64_t nNew;           /* fen of this month's REGULAR lines of the key */
    uint32_t iPrevLine;     /* ledger line of last month's line of the key, 0 if none */
    uint8_t eProg;          /* pr_prog */
} join_key;

struct pr_changes_join {
    pr_changes *c;          /* what is filled, the caller's */
    const pr_batch *p;      /* this month, the caller's */
    const pr_persons *x;    /* this month's persons (bFull), the caller's */
    tot_map m;              /* the totals being counted; owned */
    join_key *aKey;         /* the keys, this month's first in line order; owned */
    int nKey, nKeyCap;
    uint32_t *aSlot;        /* open addressing: key index + 1 in the low bits
                             * (below nSlot), the key's hash tag above them,
                             * 0 when free; owned */
    uint32_t nSlot;         /* its size, a power of two, at least twice nKey */
    int nChangeCap;         /* room in c->aChange */
    int iNext;              /* the key after the one last month's previous line
                             * matched: both ledgers are in ledger order, so
                             * it is most often the next line's key */
};

static uint64_t join_hash(int eProg, const char *zBen, size_t nBen)
{
    return pr_hash_mem(pr_hash_u64(PR_HASH_SEED, (uint64_t)eProg), zBen, nBen);
}

/* The key index + 1 of slot value v of join j, 0 for a free slot. */
#define SLOT_KEY(j, v) ((int)((v) & ((j)->nSlot - 1)))

/* The tag of hash h in a slot of join j: the hash's high bits that the
 * key index leaves room for (nSlot, a power of two, is above every key
 * index + 1). */
static uint32_t join_tag(const pr_changes_join *j, uint64_t h)
{
    return (uint32_t)(h >> 32) & ~(j->nSlot - 1);
}

/* The slot of key (eProg, zBen[0..nBen)), whose join_hash is h: its own, or
 * the free one where it would go. A slot whose tag differs is passed over
 * without reading its key: the keys and their strings are far apart in
 * memory, and most probes of a province's join would miss the cache. */
static uint32_t join_slot(const pr_changes_join *j, uint64_t h, int eProg, const char *zBen, size_t nBen)
{
    uint32_t tag = join_tag(j, h), i = (uint32_t)h & (j->nSlot - 1);
    for (; j->aSlot[i]; i = (i + 1) & (j->nSlot - 1)) {
        if ((j->aSlot[i] & ~(j->nSlot - 1)) != tag) continue;
        const join_key *k = &j->aKey[SLOT_KEY(j, j->aSlot[i]) - 1];
        if (k->eProg == eProg && memcmp(k->zBen, zBen, nBen) == 0 && k->zBen[nBen] == 0) break;
    }
    return i;
}

/* Puts key index iKey (0-based) of hash h in the free slot i. */
static void join_put(pr_changes_join *j, uint32_t i, uint64_t h, int iKey)
{
    assert(j->aSlot[i] == 0 && iKey >= 0 && (uint32_t)iKey + 1 < j->nSlot);
    j->aSlot[i] = join_tag(j, h) | (uint32_t)(iKey + 1);
}

/* Room for one more key and one more change. 0 or -1. */
static int join_room(pr_changes_join *j)
{
    if (j->c->nChange == j->nChangeCap) {
        int n = j->nChangeCap ? j->nChangeCap * 2 : 1024;
        pr_change *a = pr_big_realloc(j->c->aChange, (size_t)n * sizeof(*a));
        if (!a) return -1;
        j->c->aChange = a;
        j->nChangeCap = n;
    }
    if (j->nKey == j->nKeyCap) {
        int n = j->nKeyCap ? j->nKeyCap * 2 : 1024;
        join_key *a = pr_big_realloc(j->aKey, (size_t)n * sizeof(*a));
        if (!a) return -1;
        j->aKey = a;
        j->nKeyCap = n;
    }
    if ((size_t)j->nKey * 2 + 2 > j->nSlot) {
        uint32_t nSlot = j->nSlot ? j->nSlot * 2 : 1024;
        uint32_t *a = pr_big_calloc(nSlot, sizeof(*a));
        if (!a) return -1;
        free(j->aSlot);
        j->aSlot = a;
        j->nSlot = nSlot;
        for (int i = 0; i < j->nKey; i++) {
            const join_key *k = &j->aKey[i];
            size_t nBen = strlen(k->zBen);
            uint64_t h = join_hash(k->eProg, k->zBen, nBen);
            join_put(j, join_slot(j, h, k->eProg, k->zBen, nBen), h, i);
        }
    }
    return 0;
}

/* Lines looked ahead when this month's keys go into the table. */
#define JOIN_AHEAD 8

/* The hash of line l's key into *pH and its beneficiary_id's length into
 * *pnBen, and its slot fetched. */
static void join_peek(const pr_changes_join *j, const pr_line *l, uint64_t *pH, size_t *pnBen)
{
    *pnBen = strlen(l->zBeneficiary);
    *pH = join_hash(l->eProg, l->zBeneficiary, *pnBen);
    PR_PREFETCH(&j->aSlot[*pH & (j->nSlot - 1)]);
}

void pr_changes_join_free(pr_changes_join *j)
{
    if (!j) return;
    free(j->m.aiSlot);
    free(j->m.a);
    free(j->aKey);
    free(j->aSlot);
    free(j);
}

pr_changes_join *pr_changes_join_new(pr_changes *c, const pr_batch *p, const pr_persons *x, pr_err *pErr)
{
    assert(x->aFind || p->nFind == 0);
    pr_changes_join *j = calloc(1, sizeof(*j));
    if (!j) goto nomem;
    j->c = c;
    j->p = p;
    j->x = x;
    if (!(j->m.aiSlot = calloc(DISTRICT_CODES, sizeof(*j->m.aiSlot)))) goto nomem;
    /* room for this month's keys at once: growing by doubling would hash them again and again */
    j->nKeyCap = p->nLine + 1024;
    j->nSlot = 1024;
    while (j->nSlot < 2 * (size_t)j->nKeyCap) j->nSlot *= 2;
    j->aKey = pr_big_malloc((size_t)j->nKeyCap * sizeof(*j->aKey));
    j->aSlot = pr_big_calloc(j->nSlot, sizeof(*j->aSlot));
    if (!j->aKey || !j->aSlot) goto nomem;
    /* each line's string and slot are fetched JOIN_AHEAD lines ahead: the
     * strings are the records', far apart, and the slots are random */
    uint64_t aH[JOIN_AHEAD];      /* the hashes of lines i .. i + JOIN_AHEAD - 1, by line % JOIN_AHEAD */
    size_t anBen[JOIN_AHEAD];     /* their beneficiary_id's length */
    for (int i = 0; i < p->nLine && i < JOIN_AHEAD; i++) join_peek(j, &p->aLine[i], &aH[i], &anBen[i]);
    for (int i = 0; i < p->nLine; i++) {
        const pr_line *l = &p->aLine[i];
        uint64_t h = aH[i % JOIN_AHEAD];
        size_t nBen = anBen[i % JOIN_AHEAD];
        if (i + 2 * JOIN_AHEAD < p->nLine) PR_PREFETCH(p->aLine[i + 2 * JOIN_AHEAD].zBeneficiary);
        if (i + JOIN_AHEAD < p->nLine) join_peek(j, &p->aLine[i + JOIN_AHEAD], &aH[i % JOIN_AHEAD], &anBen[i % JOIN_AHEAD]);
        pr_change_total *t = tot_get(&j->m, l->iDistrict, l->eProg);
        if (!t || join_room(j)) goto nomem;
        if (l->eType != LT_REGULAR) {
            /* each a change of its own */
            t->nOtherLines++;
            t->nOtherFen += l->nAmount;
            if (add_other(c, &j->m, p, l)) goto nomem;
            continue;
        }
        t->nNewLines++;
        t->nNewFen += l->nAmount;
        uint32_t iSlot = join_slot(j, h, l->eProg, l->zBeneficiary, nBen);
        if (!j->aSlot[iSlot]) {
            /* a key is the batch's once, unless the batch repeats it */
            join_key *k = &j->aKey[j->nKey];
            memset(k, 0, sizeof(*k));
            k->zBen = l->zBeneficiary;
            k->pFirst = l;
            k->eProg = l->eProg;
            join_put(j, iSlot, h, j->nKey++);
        }
        j->aKey[SLOT_KEY(j, j->aSlot[iSlot]) - 1].nNew += l->nAmount;
    }
    return j;
nomem:
    pr_err_nomem(pErr, "computing the changes");
    pr_changes_join_free(j);
    return NULL;
}

pr_error pr_changes_join_prev(pr_changes_join *j, const pr_prev_line *o, size_t nBen, size_t nName, pr_err *pErr)
{
    pr_changes *c = j->c;
    pr_change_total *t = tot_get(&j->m, o->iDistrict, o->eProg);
    if (!t || join_room(j)) goto nomem;
    t->nOldLines++;
    t->nOldFen += o->nAmount;
    /* the key after the last one matched, else the table's (a key is in
     * aKey once, so both find the same) */
    join_key *k = j->iNext < j->nKey ? &j->aKey[j->iNext] : NULL;
    uint64_t h = 0;
    uint32_t i = 0;
    if (!k || k->eProg != o->eProg || memcmp(k->zBen, o->zBen, nBen) != 0 || k->zBen[nBen] != 0) {
        h = join_hash(o->eProg, o->zBen, nBen);
        i = join_slot(j, h, o->eProg, o->zBen, nBen);
        k = j->aSlot[i] ? &j->aKey[SLOT_KEY(j, j->aSlot[i]) - 1] : NULL;
    }
    if (k) {
        /* the string of the key the next line most likely asks, while that line is parsed */
        j->iNext = (int)(k - j->aKey) + 1;
        if (j->iNext < j->nKey) PR_PREFETCH(j->aKey[j->iNext].zBen);
    }
    if (k && k->iPrevLine)
        return pr_err_set(pErr, PR_ERR_CSV, "%u: a second line for %s %.*s (also line %u); not a ledger written by payrun",
                          o->iLine, pr_prog_code((pr_prog)o->eProg), (int)nBen, o->zBen, k->iPrevLine);
    if (k) {
        /* paid both months */
        const pr_line *l = k->pFirst;
        k->iPrevLine = o->iLine;
        if (o->nAmount != k->nNew
            && add_change(c, &j->m, CHANGE_AMOUNT, l->eProg, l->iDistrict, l->zBeneficiary, l->zName, o->nAmount, k->nNew, NULL))
            goto nomem;
        return PR_OK;
    }
    /* paid last month only: the key is kept to find a second line of it */
    char *zBen = pr_arena_strndup(&c->arena, o->zBen, nBen);
    char *zName = pr_arena_strndup(&c->arena, o->zName, nName);
    if (!zBen || !zName) goto nomem;
    const char *zWhy = stopped_reason(j->x, &c->arena, o->eProg, zBen);
    if (!zWhy || add_change(c, &j->m, CHANGE_STOPPED, o->eProg, o->iDistrict, zBen, zName, o->nAmount, 0, zWhy))
        goto nomem;
    k = &j->aKey[j->nKey];
    memset(k, 0, sizeof(*k));
    k->zBen = zBen;
    k->iPrevLine = o->iLine;
    k->eProg = o->eProg;
    join_put(j, i, h, j->nKey++);
    return PR_OK;
nomem:
    return pr_err_nomem(pErr, "computing the changes");
}

pr_error pr_changes_join_end(pr_changes_join *j, const char *zPrevMonth, pr_err *pErr)
{
    pr_changes *c = j->c;
    /* this month only: new (a key of the batch is one of its first keys) */
    for (int i = 0; i < j->nKey; i++) {
        const join_key *k = &j->aKey[i];
        if (!k->pFirst || k->iPrevLine) continue;
        if (join_room(j)
            || add_change(c, &j->m, CHANGE_NEW, k->eProg, k->pFirst->iDistrict, k->zBen, k->pFirst->zName, 0, k->nNew, NULL))
            goto nomem;
    }
    /* every change has its own sort key, so the order is the keys' alone */
    qsort(c->aChange, (size_t)c->nChange, sizeof(*c->aChange), cmp_change);
    /* totals: the pairs with lines in either month, by district and programme */
    c->aTotal = malloc(((size_t)j->m.nBlock * PROG_COUNT + 1) * sizeof(*c->aTotal));
    if (!c->aTotal) goto nomem;
    for (int k = 0; k < j->m.nBlock * PROG_COUNT; k++)
        if (j->m.a[k].nOldLines || j->m.a[k].nNewLines || j->m.a[k].nOtherLines) c->aTotal[c->nTotal++] = j->m.a[k];
    qsort(c->aTotal, (size_t)c->nTotal, sizeof(*c->aTotal), cmp_total);
    c->bHasPrev = 1;
    snprintf(c->zPrevMonth, sizeof(c->zPrevMonth), "%s", zPrevMonth);
    return PR_OK;
nomem:
    return pr_err_nomem(pErr, "computing the changes");
}
