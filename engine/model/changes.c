/*
 * changes.c (model) - the month-on-month changes (changes.h): this month's
 * REGULAR lines against the previous month's, merged by (programme,
 * beneficiary_id); this month's other lines listed on their own; the reason each stopped beneficiary is not paid, read
 * from this month's records and findings; and the totals per district and
 * programme. Pure functions on the model: the previous ledger is read by
 * formats/prevledger.c. Every step is a sort and a linear pass with total
 * sort keys, so the result never depends on hash or thread order.
 */
#include "model/changes.h"
#include "io/bigmem.h"
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

static int cmp_line_key(const void *a, const void *b)
{
    const pr_line *x = *(const pr_line *const *)a, *y = *(const pr_line *const *)b;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    int c = strcmp(x->zBeneficiary, y->zBeneficiary);
    if (c) return c;
    return (x > y) - (x < y);
}

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

pr_error pr_changes_diff(pr_changes *c, const pr_batch *p, const pr_persons *x, const pr_prev_ledger *L,
                         const char *zPrevMonth, pr_err *pErr)
{
    pr_error rc = PR_ERR_NOMEM;
    const pr_line **ap = pr_big_malloc(((size_t)p->nLine + 1) * sizeof(*ap));
    tot_map m;
    memset(&m, 0, sizeof(m));
    m.aiSlot = calloc(DISTRICT_CODES, sizeof(*m.aiSlot));
    c->aChange = pr_big_malloc(((size_t)p->nLine + (size_t)L->n + 1) * sizeof(*c->aChange));
    if (!ap || !m.aiSlot || !c->aChange) goto nomem;

    assert(x->apFind || p->nFind == 0);
    for (int i = 1; i < L->n; i++)   /* sorted, each (programme, beneficiary) once */
        assert(L->a[i - 1].eProg < L->a[i].eProg
               || (L->a[i - 1].eProg == L->a[i].eProg && strcmp(L->a[i - 1].zBen, L->a[i].zBen) < 0));
    for (int i = 0; i < L->n; i++) {
        pr_change_total *t = tot_get(&m, L->a[i].iDistrict, L->a[i].eProg);
        if (!t) goto nomem;
        t->nOldLines++;
        t->nOldFen += L->a[i].nAmount;
    }
    /* this month: the REGULAR lines into ap to be merged, the others each a
     * change of its own */
    int nReg = 0;
    for (int i = 0; i < p->nLine; i++) {
        const pr_line *l = &p->aLine[i];
        pr_change_total *t = tot_get(&m, l->iDistrict, l->eProg);
        if (!t) goto nomem;
        if (l->eType == LT_REGULAR) {
            ap[nReg++] = l;
            t->nNewLines++;
            t->nNewFen += l->nAmount;
        } else {
            t->nOtherLines++;
            t->nOtherFen += l->nAmount;
            if (add_other(c, &m, p, l)) goto nomem;
        }
    }
    qsort(ap, (size_t)nReg, sizeof(*ap), cmp_line_key);

    int i = 0, j = 0;
    while (i < nReg || j < L->n) {
        int cmp;
        if (i >= nReg) cmp = 1;
        else if (j >= L->n) cmp = -1;
        else if (ap[i]->eProg != L->a[j].eProg) cmp = ap[i]->eProg < L->a[j].eProg ? -1 : 1;
        else cmp = strcmp(ap[i]->zBeneficiary, L->a[j].zBen);
        if (cmp > 0) {
            const pr_prev_line *o = &L->a[j++];
            const char *zWhy = stopped_reason(x, &c->arena, o->eProg, o->zBen);
            if (!zWhy || add_change(c, &m, CHANGE_STOPPED, o->eProg, o->iDistrict, o->zBen, o->zName, o->nAmount, 0, zWhy))
                goto nomem;
            continue;
        }
        /* this month's lines of one key (one, unless the batch repeats a key) */
        const pr_line *l = ap[i];
        int64_t nNew = 0;
        do nNew += ap[i++]->nAmount;
        while (i < nReg && ap[i]->eProg == l->eProg && strcmp(ap[i]->zBeneficiary, l->zBeneficiary) == 0);
        if (cmp < 0) {
            if (add_change(c, &m, CHANGE_NEW, l->eProg, l->iDistrict, l->zBeneficiary, l->zName, 0, nNew, NULL)) goto nomem;
        } else {
            const pr_prev_line *o = &L->a[j++];
            if (o->nAmount != nNew
                && add_change(c, &m, CHANGE_AMOUNT, l->eProg, l->iDistrict, l->zBeneficiary, l->zName, o->nAmount, nNew, NULL))
                goto nomem;
        }
    }
    qsort(c->aChange, (size_t)c->nChange, sizeof(*c->aChange), cmp_change);

    /* totals: the pairs with lines in either month, by district and programme */
    c->aTotal = malloc(((size_t)m.nBlock * PROG_COUNT + 1) * sizeof(*c->aTotal));
    if (!c->aTotal) goto nomem;
    for (int k = 0; k < m.nBlock * PROG_COUNT; k++)
        if (m.a[k].nOldLines || m.a[k].nNewLines || m.a[k].nOtherLines) c->aTotal[c->nTotal++] = m.a[k];
    qsort(c->aTotal, (size_t)c->nTotal, sizeof(*c->aTotal), cmp_total);
    c->bHasPrev = 1;
    snprintf(c->zPrevMonth, sizeof(c->zPrevMonth), "%s", zPrevMonth);
    rc = PR_OK;
    goto cleanup;
nomem:
    pr_err_nomem(pErr, "computing the changes");
cleanup:
    free(ap);
    free(m.aiSlot);
    free(m.a);
    return rc;
}
