/*
 * changes.c - month-on-month changes against the previous month's folder
 * (its ledger.csv.gz, streamed in bounded blocks, and the month of its
 * manifest.json), and the bank accounts paid to more than one unrelated
 * household. Every step is a sort and a linear pass (O(n log n)) with
 * explicit, total sort keys, so the result never depends on hash or thread
 * order.
 */
#include "changes.h"
#include "calendar.h"
#include "idcard.h"
#include "../formats/csv.h"
#include "../formats/manifest_read.h"
#include "../formats/outputs.h"
#include "../io/encoding.h"
#include "../io/instream.h"
#include "../io/outbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LEDGER_COLS 12
#define LEDGER_BLOCK ((size_t)1 << 20)     /* read buffer; also the longest ledger row accepted */
#define DISTRICT_CODES 1000000             /* 6-digit codes */

static const char *const azLedgerCol[LEDGER_COLS] = {
    "program", "beneficiary_id", "household_id", "person_id", "district", "area",
    "name", "payee", "bank", "account", "amount_fen", "basis"
};

static const char *const zAbsent = "not in this month's rosters";

/* ---- the previous month's ledger ----------------------------------------- */

typedef struct prev_line {
    const char *zBen;       /* beneficiary_id */
    const char *zName;      /* name */
    int64_t nAmount;        /* amount_fen */
    int32_t iDistrict;      /* district */
    uint32_t iLine;         /* physical line in the ledger */
    uint8_t eProg;          /* program */
} prev_line;

typedef struct prev_ledger {
    prev_line *a;
    int n, nCap;
    pr_arena arena;         /* strings of a */
} prev_ledger;

static int field_prog(pr_field f)
{
    for (int g = 0; g < PROG_COUNT; g++)
        if (pr_field_eq(f, pr_prog_code((pr_prog)g))) return g;
    return -1;
}

static int field_district(pr_field f, int32_t *piCode)
{
    if (f.n != 6) return -1;
    int32_t v = 0;
    for (uint32_t i = 0; i < 6; i++) {
        if (f.z[i] < '0' || f.z[i] > '9') return -1;
        v = v * 10 + (f.z[i] - '0');
    }
    *piCode = v;
    return 0;
}

static int field_fen(pr_field f, int64_t *pn)
{
    if (f.n == 0 || f.n > 18) return -1;
    int64_t v = 0;
    for (uint32_t i = 0; i < f.n; i++) {
        if (f.z[i] < '0' || f.z[i] > '9') return -1;
        v = v * 10 + (f.z[i] - '0');
    }
    if (v <= 0) return -1;
    *pn = v;
    return 0;
}

/* One record of the ledger (z[0,n), writable). Returns 0 or -1 with zErr. */
static int ledger_record(prev_ledger *L, pr_csvrow *pRow, char *z, size_t n, uint32_t iLine, int *pbHeader,
                         const char *zPath, char *zErr, size_t nErr)
{
    if (*pbHeader && n >= 3 && memcmp(z, "\xEF\xBB\xBF", 3) == 0) { z += 3; n -= 3; }
    if ((n == 1 && z[0] == '\n') || (n == 2 && z[0] == '\r' && z[1] == '\n')) return 0;   /* blank line */
    if (!pr_utf8_valid(z, n, 0) || memchr(z, 0, n)) {
        snprintf(zErr, nErr, "%s:%u: not valid UTF-8; not a ledger written by payrun", zPath, iLine);
        return -1;
    }
    size_t nUsed;
    uint32_t nLf;
    pr_csv_rc rc = pr_csv_next(z, n, pRow, &nUsed, &nLf);
    if (rc != CSV_OK) {
        snprintf(zErr, nErr, "%s:%u: malformed CSV (%s)", zPath, iLine,
                 rc == CSV_UNTERMINATED ? "unterminated quote" : rc == CSV_BAD_QUOTE ? "stray quote" : "too many fields");
        return -1;
    }
    if (*pbHeader) {
        int bOk = pRow->nField == LEDGER_COLS;
        for (int i = 0; bOk && i < LEDGER_COLS; i++) bOk = pr_field_eq(pRow->aField[i], azLedgerCol[i]);
        if (!bOk) {
            snprintf(zErr, nErr, "%s:%u: the header is not a payrun ledger's (expected %.*s)", zPath, iLine,
                     (int)(sizeof(PR_LEDGER_HEADER) - 2), PR_LEDGER_HEADER);
            return -1;
        }
        *pbHeader = 0;
        return 0;
    }
    if (pRow->nField != LEDGER_COLS) {
        snprintf(zErr, nErr, "%s:%u: %d fields, a ledger row has %d", zPath, iLine, pRow->nField, LEDGER_COLS);
        return -1;
    }
    const pr_field *f = pRow->aField;
    int eProg = field_prog(f[0]);
    int32_t iDistrict;
    int64_t nAmount;
    if (eProg < 0) {
        snprintf(zErr, nErr, "%s:%u: unknown program '%.*s'", zPath, iLine, (int)(f[0].n > 40 ? 40 : f[0].n), f[0].z);
        return -1;
    }
    if (f[1].n == 0) { snprintf(zErr, nErr, "%s:%u: blank beneficiary_id", zPath, iLine); return -1; }
    if (field_district(f[4], &iDistrict)) { snprintf(zErr, nErr, "%s:%u: district is not a 6-digit code", zPath, iLine); return -1; }
    if (field_fen(f[10], &nAmount)) { snprintf(zErr, nErr, "%s:%u: amount_fen is not a positive whole number", zPath, iLine); return -1; }
    if (L->n == L->nCap) {
        int nNew = L->nCap ? L->nCap * 2 : 4096;
        prev_line *a = realloc(L->a, (size_t)nNew * sizeof(*a));
        if (!a) { snprintf(zErr, nErr, "%s: out of memory", zPath); return -1; }
        L->a = a;
        L->nCap = nNew;
    }
    prev_line *e = &L->a[L->n];
    e->zBen = pr_arena_strndup(&L->arena, f[1].z, f[1].n);
    e->zName = pr_arena_strndup(&L->arena, f[6].z, f[6].n);
    if (!e->zBen || !e->zName) { snprintf(zErr, nErr, "%s: out of memory", zPath); return -1; }
    e->nAmount = nAmount;
    e->iDistrict = iDistrict;
    e->iLine = iLine;
    e->eProg = (uint8_t)eProg;
    L->n++;
    return 0;
}

/* Streams the ledger at zPath into L. Returns 0 or -1 with a message naming
 * the file (and the line or byte offset). */
static int read_ledger(const char *zPath, prev_ledger *L, char *zErr, size_t nErr)
{
    char zMsg[512];
    pr_instream *in = pr_instream_open(zPath, zMsg, sizeof(zMsg));
    if (!in) { snprintf(zErr, nErr, "%s", zMsg); return -1; }
    char *zBuf = malloc(LEDGER_BLOCK);
    pr_csvrow row;
    pr_csvrow_init(&row);
    size_t iStart = 0, nHave = 0;
    uint32_t iLine = 1;
    int bEof = 0, bHeader = 1, rc = 0;
    if (!zBuf) { snprintf(zErr, nErr, "%s: out of memory", zPath); rc = -1; }
    while (rc == 0) {
        /* the complete records in the buffer; the last one may go on past it */
        while (iStart < nHave) {
            uint32_t nLf;
            size_t nRec = pr_csv_record_end(zBuf + iStart, nHave - iStart, &nLf);
            if (nRec == nHave - iStart && !bEof) break;
            rc = ledger_record(L, &row, zBuf + iStart, nRec, iLine, &bHeader, zPath, zErr, nErr);
            iLine += nLf;
            iStart += nRec;
            if (rc) break;
        }
        if (rc || bEof) break;
        if (iStart > 0) {
            memmove(zBuf, zBuf + iStart, nHave - iStart);
            nHave -= iStart;
            iStart = 0;
        }
        if (nHave == LEDGER_BLOCK) {
            snprintf(zErr, nErr, "%s:%u: a row longer than 1 MiB; not a ledger written by payrun", zPath, iLine);
            rc = -1;
            break;
        }
        ssize_t k = pr_instream_read(in, zBuf + nHave, LEDGER_BLOCK - nHave, zMsg, sizeof(zMsg));
        if (k < 0) { snprintf(zErr, nErr, "%s: %s", zPath, zMsg); rc = -1; break; }
        if (k == 0) bEof = 1;
        nHave += (size_t)k;
    }
    if (rc == 0 && bHeader) { snprintf(zErr, nErr, "%s: empty (no header); not a ledger written by payrun", zPath); rc = -1; }
    pr_csvrow_clear(&row);
    free(zBuf);
    pr_instream_free(in);
    return rc;
}

/* The month of a previous folder's manifest.json, read with the same
 * strict reader as `payrun verify`. */
static int read_manifest_month(const char *zPath, int *piMonth, char *zErr, size_t nErr)
{
    pr_manifest m;
    if (pr_manifest_read(zPath, &m, zErr, nErr)) return -1;
    *piMonth = m.iMonth;
    pr_manifest_clear(&m);
    return 0;
}

/* ---- look-ups into this month's batch ---------------------------------------- */

/* Every record with a valid ID, by person. */
typedef struct person_ix {
    uint64_t iKey;
    const pr_record *r;
} person_ix;

static int cmp_person_ix(const void *a, const void *b)
{
    const person_ix *x = a, *y = b;
    if (x->iKey != y->iKey) return x->iKey < y->iKey ? -1 : 1;
    const pr_record *r = x->r, *s = y->r;
    if (r->eRoster != s->eRoster) return r->eRoster < s->eRoster ? -1 : 1;
    if (r->eRoster == ROSTER_DIBAO) {
        /* a paid household first, then by household id */
        int pr = r->aStatus[0] != ST_PAID, ps = s->aStatus[0] != ST_PAID;
        if (pr != ps) return pr - ps;
        int c = strcmp(r->zHousehold, s->zHousehold);
        if (c) return c;
    }
    if (r->iFile != s->iFile) return r->iFile < s->iFile ? -1 : 1;
    return (r->iLine > s->iLine) - (r->iLine < s->iLine);
}

/* Findings by programme and id. */
static int cmp_find_ix(const void *a, const void *b)
{
    const pr_finding *x = *(const pr_finding *const *)a, *y = *(const pr_finding *const *)b;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    int c = strcmp(x->zId, y->zId);
    if (c) return c;
    return (x > y) - (x < y);   /* the batch's own (file, line) order */
}

typedef struct lookup {
    const pr_batch *p;
    person_ix *aPerson;
    int nPerson;
    const pr_finding **apFind;
    int nFind;
} lookup;

static void lookup_clear(lookup *x)
{
    free(x->aPerson);
    free(x->apFind);
    memset(x, 0, sizeof(*x));
}

static int lookup_init(lookup *x, const pr_batch *p, int bFindings)
{
    memset(x, 0, sizeof(*x));
    x->p = p;
    size_t n = 0;
    for (int k = 0; k < ROSTER_COUNT; k++) n += (size_t)p->anRec[k];
    x->aPerson = malloc((n + 1) * sizeof(*x->aPerson));
    if (!x->aPerson) return -1;
    for (int k = 0; k < ROSTER_COUNT; k++) {
        for (int i = 0; i < p->anRec[k]; i++) {
            const pr_record *r = p->apRec[k][i];
            if (!r->iKey) continue;
            x->aPerson[x->nPerson].iKey = r->iKey;
            x->aPerson[x->nPerson].r = r;
            x->nPerson++;
        }
    }
    qsort(x->aPerson, (size_t)x->nPerson, sizeof(*x->aPerson), cmp_person_ix);
    if (!bFindings) return 0;
    x->apFind = malloc(((size_t)p->nFind + 1) * sizeof(*x->apFind));
    if (!x->apFind) return -1;
    for (int i = 0; i < p->nFind; i++) x->apFind[i] = &p->aFind[i];
    x->nFind = p->nFind;
    qsort(x->apFind, (size_t)x->nFind, sizeof(*x->apFind), cmp_find_ix);
    return 0;
}

/* Index of the first entry of person iKey, and the count, in *pn. */
static int person_range(const lookup *x, uint64_t iKey, int *pn)
{
    int lo = 0, hi = x->nPerson;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (x->aPerson[mid].iKey < iKey) lo = mid + 1;
        else hi = mid;
    }
    int e = lo;
    while (e < x->nPerson && x->aPerson[e].iKey == iKey) e++;
    *pn = e - lo;
    return lo;
}

/* The DIBAO household of a person (a paid one first), or NULL. */
static const char *person_household(const lookup *x, uint64_t iKey)
{
    if (!iKey) return NULL;
    int n, i = person_range(x, iKey, &n);
    for (int k = i; k < i + n; k++) {
        const pr_record *r = x->aPerson[k].r;
        if (r->eRoster == ROSTER_DIBAO && r->zHousehold[0]) return r->zHousehold;
    }
    return NULL;
}

/* The first REJECTED, HELD or INELIGIBLE finding of (programme, id), or NULL. */
static const pr_finding *status_finding(const lookup *x, int eProg, const char *zId)
{
    int lo = 0, hi = x->nFind;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        const pr_finding *f = x->apFind[mid];
        int c = f->eProg != eProg ? (f->eProg < eProg ? -1 : 1) : strcmp(f->zId, zId);
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    for (int i = lo; i < x->nFind && x->apFind[i]->eProg == eProg && strcmp(x->apFind[i]->zId, zId) == 0; i++)
        if (x->apFind[i]->eStatus != ST_WARNING) return x->apFind[i];
    return NULL;
}

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
static const char *stopped_reason(const lookup *x, pr_arena *a, int eProg, const char *zBen)
{
    const pr_finding *f = status_finding(x, eProg, zBen);
    if (f) return reason_of(a, f, NULL);
    if (eProg == PROG_DIBAO) return zAbsent;   /* the household id is not in the rosters */
    pr_id id;
    if (pr_id_check(zBen, strlen(zBen), x->p->iMonth, &id) != ID_OK) return zAbsent;
    int n, i = person_range(x, id.iKey, &n);
    if (n == 0) return zAbsent;
    if (eProg != PROG_PRICE) {
        for (int k = i; k < i + n; k++)
            if (x->aPerson[k].r->eRoster == prog_roster(eProg))
                return pr_arena_printf(a, "no status for %s this month", pr_prog_code((pr_prog)eProg));
        return pr_arena_printf(a, "not in this month's %s roster", pr_roster_name((pr_roster)prog_roster(eProg)));
    }
    /* PRICE without a PRICE finding: the covering programmes, in the order
     * of the rule (TEKUN, ORPHAN, DIBAO) */
    static const int aeCover[3] = { ROSTER_TEKUN, ROSTER_ORPHAN, ROSTER_DIBAO };
    for (int c = 0; c < 3; c++)
        for (int k = i; k < i + n; k++) {
            const pr_record *r = x->aPerson[k].r;
            if (r->eRoster == aeCover[c] && r->aStatus[0] == ST_PAID)
                return pr_arena_printf(a, "the price subsidy is not triggered this month (still paid %s)",
                                       pr_prog_code((pr_prog)roster_prog(r->eRoster)));
        }
    for (int c = 0; c < 3; c++)
        for (int k = i; k < i + n; k++) {
            const pr_record *r = x->aPerson[k].r;
            if (r->eRoster != aeCover[c]) continue;
            if (r->eRoster == ROSTER_DIBAO) {
                f = r->zHousehold[0] ? status_finding(x, PROG_DIBAO, r->zHousehold) : NULL;
                if (!f) f = status_finding(x, PROG_DIBAO, r->zId);
                if (f) return reason_of(a, f, pr_arena_printf(a, " (DIBAO household %s)", r->zHousehold));
            } else {
                f = status_finding(x, roster_prog(r->eRoster), r->zId);
                if (f) return reason_of(a, f, pr_arena_printf(a, " (%s)", pr_prog_code((pr_prog)roster_prog(r->eRoster))));
            }
        }
    return "not covered by DIBAO, TEKUN or ORPHAN this month";
}

/* ---- changes ------------------------------------------------------------------ */

static int cmp_prev_key(const void *a, const void *b)
{
    const prev_line *x = a, *y = b;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    int c = strcmp(x->zBen, y->zBen);
    if (c) return c;
    return (x->iLine > y->iLine) - (x->iLine < y->iLine);
}

static int cmp_line_key(const void *a, const void *b)
{
    const pr_line *x = *(const pr_line *const *)a, *y = *(const pr_line *const *)b;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    int c = strcmp(x->zBeneficiary, y->zBeneficiary);
    if (c) return c;
    return (x > y) - (x < y);
}

static int cmp_change(const void *a, const void *b)
{
    const pr_change *x = a, *y = b;
    if (x->iDistrict != y->iDistrict) return x->iDistrict < y->iDistrict ? -1 : 1;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    if (x->eKind != y->eKind) return x->eKind < y->eKind ? -1 : 1;
    return strcmp(x->zBeneficiary, y->zBeneficiary);
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
    if (!e->zBeneficiary || !e->zName) return -1;
    pr_change_total *t = tot_get(m, iDistrict, eProg);
    if (!t) return -1;
    if (eKind == CHANGE_NEW) t->nAdded++;
    else if (eKind == CHANGE_STOPPED) t->nStopped++;
    else t->nChanged++;
    c->nChange++;
    return 0;
}

static int compute_changes(pr_changes *c, const pr_batch *p, const lookup *x, prev_ledger *L,
                           const char *zLedger, char *zErr, size_t nErr)
{
    int rc = -1;
    const pr_line **ap = malloc(((size_t)p->nLine + 1) * sizeof(*ap));
    tot_map m;
    memset(&m, 0, sizeof(m));
    m.aiSlot = calloc(DISTRICT_CODES, sizeof(*m.aiSlot));
    c->aChange = malloc(((size_t)p->nLine + (size_t)L->n + 1) * sizeof(*c->aChange));
    if (!ap || !m.aiSlot || !c->aChange) goto nomem;

    qsort(L->a, (size_t)L->n, sizeof(*L->a), cmp_prev_key);
    for (int i = 1; i < L->n; i++) {
        if (L->a[i].eProg == L->a[i - 1].eProg && strcmp(L->a[i].zBen, L->a[i - 1].zBen) == 0) {
            snprintf(zErr, nErr, "%s:%u: a second line for %s %s (also line %u); not a ledger written by payrun",
                     zLedger, L->a[i].iLine, pr_prog_code((pr_prog)L->a[i].eProg), L->a[i].zBen, L->a[i - 1].iLine);
            goto cleanup;
        }
    }
    for (int i = 0; i < L->n; i++) {
        pr_change_total *t = tot_get(&m, L->a[i].iDistrict, L->a[i].eProg);
        if (!t) goto nomem;
        t->nOldLines++;
        t->nOldFen += L->a[i].nAmount;
    }
    for (int i = 0; i < p->nLine; i++) {
        ap[i] = &p->aLine[i];
        pr_change_total *t = tot_get(&m, p->aLine[i].iDistrict, p->aLine[i].eProg);
        if (!t) goto nomem;
        t->nNewLines++;
        t->nNewFen += p->aLine[i].nAmount;
    }
    qsort(ap, (size_t)p->nLine, sizeof(*ap), cmp_line_key);

    int i = 0, j = 0;
    while (i < p->nLine || j < L->n) {
        int cmp;
        if (i >= p->nLine) cmp = 1;
        else if (j >= L->n) cmp = -1;
        else if (ap[i]->eProg != L->a[j].eProg) cmp = ap[i]->eProg < L->a[j].eProg ? -1 : 1;
        else cmp = strcmp(ap[i]->zBeneficiary, L->a[j].zBen);
        if (cmp > 0) {
            const prev_line *o = &L->a[j++];
            const char *zWhy = stopped_reason(x, &c->arena, o->eProg, o->zBen);
            if (!zWhy || add_change(c, &m, CHANGE_STOPPED, o->eProg, o->iDistrict, o->zBen, o->zName, o->nAmount, 0, zWhy))
                goto nomem;
            continue;
        }
        /* this month's lines of one key (one, unless the batch repeats a key) */
        const pr_line *l = ap[i];
        int64_t nNew = 0;
        do nNew += ap[i++]->nAmount;
        while (i < p->nLine && ap[i]->eProg == l->eProg && strcmp(ap[i]->zBeneficiary, l->zBeneficiary) == 0);
        if (cmp < 0) {
            if (add_change(c, &m, CHANGE_NEW, l->eProg, l->iDistrict, l->zBeneficiary, l->zName, 0, nNew, NULL)) goto nomem;
        } else {
            const prev_line *o = &L->a[j++];
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
        if (m.a[k].nOldLines || m.a[k].nNewLines) c->aTotal[c->nTotal++] = m.a[k];
    qsort(c->aTotal, (size_t)c->nTotal, sizeof(*c->aTotal), cmp_total);
    rc = 0;
    goto cleanup;
nomem:
    snprintf(zErr, nErr, "out of memory while computing the changes");
cleanup:
    free(ap);
    free(m.aiSlot);
    free(m.a);
    return rc;
}

/* ---- shared accounts ------------------------------------------------------------ */

typedef struct acct_ent {
    const char *zAccount;
    const char *zBank;
    const char *zKey;        /* household id or person ID */
    const char *zName;       /* the line's beneficiary name */
    int64_t nAmount;
    uint8_t bPerson;         /* zKey is a person ID */
} acct_ent;

static int cmp_acct(const void *a, const void *b)
{
    const acct_ent *x = a, *y = b;
    int c = strcmp(x->zAccount, y->zAccount);
    if (c) return c;
    if (x->bPerson != y->bPerson) return x->bPerson < y->bPerson ? -1 : 1;
    if ((c = strcmp(x->zKey, y->zKey))) return c;
    if ((c = strcmp(x->zName, y->zName))) return c;
    if ((c = strcmp(x->zBank, y->zBank))) return c;
    return (x->nAmount > y->nAmount) - (x->nAmount < y->nAmount);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 1 if the line is paid to an institution (concentrated TEKUN, institutional
 * ORPHAN, or a PRICE line that such a record carries). */
static int paid_to_institution(const pr_line *l)
{
    const pr_record *r = l->pRec;
    if (!r) return 0;
    return (r->eRoster == ROSTER_TEKUN && r->eMode == MODE_CONCENTRATED)
        || (r->eRoster == ROSTER_ORPHAN && r->eCategory == CAT_INSTITUTIONAL);
}

/* The head's name of DIBAO household zId, or NULL. */
static const char *household_head_name(const pr_batch *p, const char *zId)
{
    int lo = 0, hi = p->nHouse;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(p->aHouse[mid].apMember[0]->zHousehold, zId);
        if (c == 0) return p->aHouse[mid].pHead ? p->aHouse[mid].pHead->zName : NULL;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

static int same_key(const acct_ent *x, const acct_ent *y)
{
    return x->bPerson == y->bPerson && strcmp(x->zKey, y->zKey) == 0;
}

static int compute_shared(pr_changes *c, const pr_batch *p, const lookup *x)
{
    int rc = -1, nEnt = 0, nShared = 0, nShCap = 0;
    acct_ent *a = malloc(((size_t)p->nLine + 1) * sizeof(*a));
    const char **azBank = NULL;
    pr_outbuf who;
    pr_outbuf_init(&who, (size_t)1 << 31);
    if (!a) goto cleanup;
    for (int i = 0; i < p->nLine; i++) {
        const pr_line *l = &p->aLine[i];
        if (!l->zAccount[0] || paid_to_institution(l)) continue;
        acct_ent *e = &a[nEnt++];
        e->zAccount = l->zAccount;
        e->zBank = l->zBank;
        e->nAmount = l->nAmount;
        e->zName = l->zName;
        e->bPerson = 0;
        if (l->zHousehold[0]) {
            e->zKey = l->zHousehold;
        } else if ((e->zKey = person_household(x, l->pRec ? l->pRec->iKey : 0)) == NULL) {
            e->zKey = l->zPerson;
            e->bPerson = 1;
        }
    }
    qsort(a, (size_t)nEnt, sizeof(*a), cmp_acct);
    for (int i = 0; i < nEnt;) {
        int j = i + 1, nKey = 1;
        while (j < nEnt && strcmp(a[j].zAccount, a[i].zAccount) == 0) {
            if (!same_key(&a[j], &a[j - 1])) nKey++;
            j++;
        }
        if (nKey >= 2) {
            if (nShared == nShCap) {
                int nNew = nShCap ? nShCap * 2 : 16;
                pr_shared_account *aNew = realloc(c->aShared, (size_t)nNew * sizeof(*aNew));
                if (!aNew) goto cleanup;
                c->aShared = aNew;
                nShCap = nNew;
            }
            /* the distinct banks named for the account */
            const char **az = realloc(azBank, (size_t)(j - i) * sizeof(*az));
            if (!az) goto cleanup;
            azBank = az;
            for (int k = i; k < j; k++) azBank[k - i] = a[k].zBank;
            qsort(azBank, (size_t)(j - i), sizeof(*azBank), cmp_str);
            who.n = 0;
            for (int k = 0; k < j - i; k++) {
                if (!azBank[k][0] || (k && strcmp(azBank[k], azBank[k - 1]) == 0)) continue;
                if (who.n) pr_outbuf_str(&who, " / ");
                pr_outbuf_str(&who, azBank[k]);
            }
            pr_shared_account *s = &c->aShared[nShared];
            s->zBank = pr_arena_strndup(&c->arena, who.z ? who.z : "", who.n);
            who.n = 0;
            s->nFen = 0;
            for (int k = i; k < j; k++) {
                s->nFen += a[k].nAmount;
                if (k > i && same_key(&a[k], &a[k - 1])) continue;
                if (who.n) pr_outbuf_str(&who, "; ");
                /* a household is named by its head, a person by the line */
                const char *zName = a[k].bPerson ? NULL : household_head_name(p, a[k].zKey);
                pr_outbuf_str(&who, a[k].zKey);
                pr_outbuf_str(&who, " (");
                pr_outbuf_str(&who, zName ? zName : a[k].zName);
                pr_outbuf_str(&who, ")");
            }
            s->zWho = pr_arena_strndup(&c->arena, who.z ? who.z : "", who.n);
            s->zAccount = pr_arena_strndup(&c->arena, a[i].zAccount, strlen(a[i].zAccount));
            s->nHouseholds = nKey;
            if (who.bFailed || !s->zBank || !s->zWho || !s->zAccount) goto cleanup;
            nShared++;
        }
        i = j;
    }
    c->nShared = nShared;
    rc = 0;
cleanup:
    pr_outbuf_clear(&who);
    free(azBank);
    free(a);
    return rc;
}

/* ---- the object ---------------------------------------------------------------- */

static char *path_join(const char *zDir, const char *zName)
{
    size_t n = strlen(zDir) + strlen(zName) + 2;
    char *z = malloc(n);
    if (z) snprintf(z, n, "%s/%s", zDir, zName);
    return z;
}

pr_changes *pr_changes_compute(const pr_batch *p, const char *zPrevDir, char *zErr, size_t nErr)
{
    pr_changes *c = calloc(1, sizeof(*c));
    lookup x;
    prev_ledger L;
    char *zLedger = NULL, *zManifest = NULL;
    int rc = -1;
    memset(&x, 0, sizeof(x));
    memset(&L, 0, sizeof(L));
    pr_arena_init(&L.arena);
    if (!c) { snprintf(zErr, nErr, "out of memory while computing the changes"); return NULL; }
    pr_arena_init(&c->arena);
    if (lookup_init(&x, p, zPrevDir != NULL)) { snprintf(zErr, nErr, "out of memory while computing the changes"); goto cleanup; }
    if (zPrevDir) {
        struct stat st;
        int iPrev = 0;
        if (stat(zPrevDir, &st) != 0) {
            snprintf(zErr, nErr, "%s: the previous month's folder cannot be read: %s", zPrevDir, strerror(errno));
            goto cleanup;
        }
        if (!S_ISDIR(st.st_mode)) { snprintf(zErr, nErr, "%s: the previous month's folder is not a folder", zPrevDir); goto cleanup; }
        zManifest = path_join(zPrevDir, "manifest.json");
        zLedger = path_join(zPrevDir, "ledger.csv.gz");
        if (!zManifest || !zLedger) { snprintf(zErr, nErr, "out of memory"); goto cleanup; }
        if (read_manifest_month(zManifest, &iPrev, zErr, nErr)) goto cleanup;
        if (iPrev >= p->iMonth) {
            char zA[8], zB[8];
            pr_month_format(iPrev, zA);
            pr_month_format(p->iMonth, zB);
            snprintf(zErr, nErr, "%s: the previous month's folder is for %s, which is not earlier than the batch month %s",
                     zManifest, zA, zB);
            goto cleanup;
        }
        if (read_ledger(zLedger, &L, zErr, nErr)) goto cleanup;
        c->bHasPrev = 1;
        pr_month_format(iPrev, c->zPrevMonth);
        if (compute_changes(c, p, &x, &L, zLedger, zErr, nErr)) goto cleanup;
    }
    if (compute_shared(c, p, &x)) { snprintf(zErr, nErr, "out of memory while looking for shared accounts"); goto cleanup; }
    rc = 0;
cleanup:
    lookup_clear(&x);
    free(L.a);
    pr_arena_clear(&L.arena);
    free(zLedger);
    free(zManifest);
    if (rc) {
        pr_changes_free(c);
        return NULL;
    }
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
