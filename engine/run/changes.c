/*
 * changes.c - month-on-month changes against the previous month's folder
 * (its ledger.csv.gz, streamed in bounded blocks, and the month of its
 * manifest.json), and the bank accounts paid to more than one unrelated
 * household. Every step is a sort and a linear pass (O(n log n)) with
 * explicit, total sort keys, so the result never depends on hash or thread
 * order.
 */
#include "model/changes.h"
#include "io/bigmem.h"
#include "model/calendar.h"
#include "model/idcard.h"
#include "io/keymerge.h"
#include "io/csv.h"
#include "formats/manifest_read.h"
#include "formats/ledger.h"
#include "io/encoding.h"
#include "io/instream.h"
#include "io/outbuf.h"

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
    pr_err e;
    pr_err_init(&e);
    if (pr_manifest_read(zPath, &m, &e)) { snprintf(zErr, nErr, "%s", e.zMsg); return -1; }
    *piMonth = m.iMonth;
    pr_manifest_clear(&m);
    return 0;
}

/* ---- look-ups into this month's batch ---------------------------------------- */

/* The look-up holds every record with a valid ID (or some, see
 * lookup_keeps) by person, as pr_mergekey: k0 is the person's iKey, k1 is
 * person_sub(r) and pItem the record, so that the sort reads a record only
 * when both numbers tie. */

/* A number that orders as cmp_person_rec does, or ties: the roster, then
 * for DIBAO a paid household first and the household id's first 6 bytes,
 * else the file (capped) and line. */
static uint64_t person_sub(const pr_record *r)
{
    uint64_t v = (uint64_t)r->eRoster << 56;
    if (r->eRoster == ROSTER_DIBAO) {
        const char *z = r->zHousehold;
        return v | (uint64_t)(r->aStatus[0] != ST_PAID) << 48 | pr_str_bytes(&z, 6);
    }
    return v | (uint64_t)(r->iFile < 0xffffff ? r->iFile : 0xffffff) << 32 | r->iLine;
}

/* The records of one person: roster, for DIBAO a paid household first and
 * then the household id, then file and line. */
static int cmp_person_rec(const pr_mergekey *x, const pr_mergekey *y)
{
    const pr_record *r = x->pItem, *s = y->pItem;
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
    const pr_batch *p;            /* the batch */
    pr_mergekey *aPerson;          /* records by person (see person_sub); owned */
    int nPerson;                  /* entries in aPerson */
    const pr_finding **apFind;    /* findings by programme and id; owned */
    int nFind;                    /* entries in apFind */
} lookup;

static void lookup_clear(lookup *x)
{
    free(x->aPerson);
    free(x->apFind);
    memset(x, 0, sizeof(*x));
}

/* Whether the look-up keeps record r: all records with an ID when the
 * changes are computed (stopped_reason reads every roster), else only what
 * person_household can return, the DIBAO rows with a household id. The
 * order of the records kept does not depend on the others. */
static int lookup_keeps(const pr_record *r, int bFull)
{
    return r->iKey && (bFull || (r->eRoster == ROSTER_DIBAO && r->zHousehold[0]));
}

/* bFull: for the changes against a previous month (every record and the
 * findings), else only for compute_shared. */
static int lookup_init(lookup *x, const pr_batch *p, int bFull)
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
            /* records and their household ids some records ahead */
            if (i + 16 < p->anRec[k]) PR_PREFETCH(p->apRec[k][i + 16]);
            if (i + 8 < p->anRec[k]) PR_PREFETCH(p->apRec[k][i + 8]->zHousehold);
            if (!lookup_keeps(r, bFull)) continue;
            pr_mergekey *e = &x->aPerson[x->nPerson++];
            e->k0 = r->iKey;
            e->k1 = person_sub(r);
            e->k2 = 0;
            e->pItem = r;
        }
    }
    if (pr_keymerge(x->aPerson, (size_t)x->nPerson, cmp_person_rec)) return -1;
    if (!bFull) return 0;
    x->apFind = malloc(((size_t)p->nFind + 1) * sizeof(*x->apFind));
    if (!x->apFind) return -1;
    for (int i = 0; i < p->nFind; i++) x->apFind[i] = &p->aFind[i];
    x->nFind = p->nFind;
    qsort(x->apFind, (size_t)x->nFind, sizeof(*x->apFind), cmp_find_ix);
    return 0;
}

/* The record of look-up entry k. */
static const pr_record *person_rec(const lookup *x, int k)
{
    return x->aPerson[k].pItem;
}

/* Index of the first entry of person iKey, and the count, in *pn. */
static int person_range(const lookup *x, uint64_t iKey, int *pn)
{
    int lo = 0, hi = x->nPerson;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (x->aPerson[mid].k0 < iKey) lo = mid + 1;
        else hi = mid;
    }
    int e = lo;
    while (e < x->nPerson && x->aPerson[e].k0 == iKey) e++;
    *pn = e - lo;
    return lo;
}

/* The DIBAO household of a person (a paid one first), or NULL. */
static const char *person_household(const lookup *x, uint64_t iKey)
{
    if (!iKey) return NULL;
    int n, i = person_range(x, iKey, &n);
    for (int k = i; k < i + n; k++) {
        const pr_record *r = person_rec(x, k);
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
            if (person_rec(x, k)->eRoster == prog_roster(eProg))
                return pr_arena_printf(a, "no status for %s this month", pr_prog_code((pr_prog)eProg));
        return pr_arena_printf(a, "not in this month's %s roster", pr_roster_name((pr_roster)prog_roster(eProg)));
    }
    /* PRICE without a PRICE finding: the covering programmes, in the order
     * of the rule (TEKUN, ORPHAN, DIBAO) */
    static const int aeCover[3] = { ROSTER_TEKUN, ROSTER_ORPHAN, ROSTER_DIBAO };
    for (int c = 0; c < 3; c++)
        for (int k = i; k < i + n; k++) {
            const pr_record *r = person_rec(x, k);
            if (r->eRoster == aeCover[c] && r->aStatus[0] == ST_PAID)
                return pr_arena_printf(a, "the price subsidy is not triggered this month (still paid %s)",
                                       pr_prog_code((pr_prog)roster_prog(r->eRoster)));
        }
    for (int c = 0; c < 3; c++)
        for (int k = i; k < i + n; k++) {
            const pr_record *r = person_rec(x, k);
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
    const pr_line **ap = pr_big_malloc(((size_t)p->nLine + 1) * sizeof(*ap));
    tot_map m;
    memset(&m, 0, sizeof(m));
    m.aiSlot = calloc(DISTRICT_CODES, sizeof(*m.aiSlot));
    c->aChange = pr_big_malloc(((size_t)p->nLine + (size_t)L->n + 1) * sizeof(*c->aChange));
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

/*
 * The accounts paid for more than one household or person, by account,
 * each with its lines in cmp_acct_ent order. Most accounts pay one
 * household or person only, and those can be passed over without putting
 * the accounts in order: one pass over the lines, in their order, makes for
 * each line paid to its payee's own account a key of a 64-bit hash of the
 * account, the line and the household or person it pays; the keys are
 * sorted as integers; and a run of equal hashes whose lines all pay the
 * same household or person holds no shared account, whatever accounts it
 * mixes. Only the other runs are sorted by account, and the shared accounts
 * found put in account order at the end. The keys are kept small because
 * every fresh page of memory costs a page fault.
 */

/* A line of an account, with the household or person it pays. */
typedef struct acct_ent {
    const pr_line *pLine;    /* the line: account, bank, beneficiary name, amount */
    const char *zKey;        /* household id or person ID */
    uint8_t bPerson;         /* zKey is a person ID */
} acct_ent;

/* The order of the lines of a run: account, then household or person,
 * name, bank and amount. Entries equal here are equal in all that
 * compute_shared writes, so their order does not matter. */
static int cmp_acct_ent(const void *a, const void *b)
{
    const acct_ent *x = a, *y = b;
    int c;
    if ((c = strcmp(x->pLine->zAccount, y->pLine->zAccount))) return c;
    if (x->bPerson != y->bPerson) return x->bPerson < y->bPerson ? -1 : 1;
    if ((c = strcmp(x->zKey, y->zKey))) return c;
    if ((c = strcmp(x->pLine->zName, y->pLine->zName))) return c;
    if ((c = strcmp(x->pLine->zBank, y->pLine->zBank))) return c;
    return (x->pLine->nAmount > y->pLine->nAmount) - (x->pLine->nAmount < y->pLine->nAmount);
}

/* The hash of an account, the first number of its lines' keys. */
static uint64_t acct_hash(const char *z)
{
    return pr_hash_str(PR_HASH_SEED, z);
}

/* Two keys never tie: each holds its own line. */
static int acct_no_tie(const pr_mergekey *x, const pr_mergekey *y)
{
    (void)x;
    (void)y;
    return 0;
}

static int cmp_shared_account(const void *a, const void *b)
{
    return strcmp(((const pr_shared_account *)a)->zAccount, ((const pr_shared_account *)b)->zAccount);
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

/* The keys of the lines paid to a payee's own account into aKey: k0 the
 * account's hash, k1 the line index << 1 | 1 if pItem is a person ID,
 * pItem the household id or person ID the line pays. Returns the count. */
static int acct_keys(const pr_batch *p, const lookup *x, pr_mergekey *aKey)
{
    int n = 0;
    for (int i = 0; i < p->nLine; i++) {
        const pr_line *l = &p->aLine[i];
        if (i + 8 < p->nLine) {   /* the strings and record of a line some lines ahead */
            PR_PREFETCH(l[8].zAccount);
            PR_PREFETCH(l[8].zHousehold);
            PR_PREFETCH(l[8].pRec);
        }
        if (!l->zAccount[0] || paid_to_institution(l)) continue;
        const char *zKey = l->zHousehold;
        int bPerson = 0;
        if (!zKey[0] && (zKey = person_household(x, l->pRec ? l->pRec->iKey : 0)) == NULL) {
            zKey = l->zPerson;
            bPerson = 1;
        }
        pr_mergekey *y = &aKey[n++];
        y->k0 = acct_hash(l->zAccount);
        y->k1 = (uint64_t)i << 1 | (uint64_t)bPerson;
        y->k2 = 0;
        y->pItem = zKey;
    }
    return n;
}

/* Scratch space for the runs that pay more than one key. */
typedef struct shared_scan {
    const pr_batch *p;       /* the batch */
    acct_ent *aRun;          /* one run's entries, to sort */
    const char **azBank;     /* one account's banks */
    int nRunCap;             /* allocated in aRun and azBank */
    pr_outbuf who;           /* text being built */
    int nShCap;              /* allocated in c->aShared */
} shared_scan;

/* Makes room in s for a run of n lines. Returns 0 or -1. */
static int run_reserve(shared_scan *s, int n)
{
    if (n <= s->nRunCap) return 0;
    acct_ent *a = realloc(s->aRun, (size_t)n * sizeof(*a));
    if (a) s->aRun = a;
    const char **az = realloc(s->azBank, (size_t)n * sizeof(*az));
    if (az) s->azBank = az;
    if (!a || !az) return -1;
    s->nRunCap = n;
    return 0;
}

/* Appends the shared account of the sorted entries a[0,n) of one account,
 * which pay nKey households or persons. Returns 0 or -1 if out of memory. */
static int add_shared(pr_changes *c, shared_scan *s, const acct_ent *a, int n, int nKey)
{
    if (c->nShared == s->nShCap) {
        int nNew = s->nShCap ? s->nShCap * 2 : 16;
        pr_shared_account *aNew = realloc(c->aShared, (size_t)nNew * sizeof(*aNew));
        if (!aNew) return -1;
        c->aShared = aNew;
        s->nShCap = nNew;
    }
    pr_outbuf *who = &s->who;
    /* the distinct banks named for the account */
    for (int k = 0; k < n; k++) s->azBank[k] = a[k].pLine->zBank;
    qsort(s->azBank, (size_t)n, sizeof(*s->azBank), cmp_str);
    who->n = 0;
    for (int k = 0; k < n; k++) {
        if (!s->azBank[k][0] || (k && strcmp(s->azBank[k], s->azBank[k - 1]) == 0)) continue;
        if (who->n) pr_outbuf_str(who, " / ");
        pr_outbuf_str(who, s->azBank[k]);
    }
    pr_shared_account *sh = &c->aShared[c->nShared];
    sh->zBank = pr_arena_strndup(&c->arena, who->z ? who->z : "", who->n);
    who->n = 0;
    sh->nFen = 0;
    for (int k = 0; k < n; k++) {
        sh->nFen += a[k].pLine->nAmount;
        if (k > 0 && same_key(&a[k], &a[k - 1])) continue;
        if (who->n) pr_outbuf_str(who, "; ");
        /* a household is named by its head, a person by the line */
        const char *zName = a[k].bPerson ? NULL : household_head_name(s->p, a[k].zKey);
        pr_outbuf_str(who, a[k].zKey);
        pr_outbuf_str(who, " (");
        pr_outbuf_str(who, zName ? zName : a[k].pLine->zName);
        pr_outbuf_str(who, ")");
    }
    const char *zAccount = a[0].pLine->zAccount;
    sh->zWho = pr_arena_strndup(&c->arena, who->z ? who->z : "", who->n);
    sh->zAccount = pr_arena_strndup(&c->arena, zAccount, strlen(zAccount));
    sh->nHouseholds = nKey;
    if (who->bFailed || !sh->zBank || !sh->zWho || !sh->zAccount) return -1;
    c->nShared++;
    return 0;
}

/* Whether two keys pay the same household or person. */
static int same_payee_key(const pr_mergekey *x, const pr_mergekey *y)
{
    return (x->k1 & 1) == (y->k1 & 1) && strcmp(x->pItem, y->pItem) == 0;
}

/* The n (> 1) lines of one run of equal hashes, aKey[0,n): appends each of
 * its accounts that pays more than one household or person. 0 or -1. */
static int scan_run(pr_changes *c, shared_scan *s, const pr_mergekey *aKey, int n)
{
    int k = 1;
    while (k < n && same_payee_key(&aKey[k], &aKey[0])) k++;
    if (k == n) return 0;   /* one household or person: most runs */
    if (run_reserve(s, n)) return -1;
    acct_ent *a = s->aRun;
    for (k = 0; k < n; k++) {
        a[k].pLine = &s->p->aLine[aKey[k].k1 >> 1];
        a[k].zKey = aKey[k].pItem;
        a[k].bPerson = (uint8_t)(aKey[k].k1 & 1);
    }
    qsort(a, (size_t)n, sizeof(*a), cmp_acct_ent);
    for (int i = 0, j; i < n; i = j) {   /* each account of the run */
        int nKey = 1;
        for (j = i + 1; j < n && strcmp(a[j].pLine->zAccount, a[i].pLine->zAccount) == 0; j++)
            if (!same_key(&a[j], &a[j - 1])) nKey++;
        if (nKey >= 2 && add_shared(c, s, &a[i], j - i, nKey)) return -1;
    }
    return 0;
}

static int compute_shared(pr_changes *c, const pr_batch *p, const lookup *x)
{
    int rc = -1;
    shared_scan s;
    memset(&s, 0, sizeof(s));
    s.p = p;
    pr_outbuf_init(&s.who, (size_t)1 << 31);
    pr_mergekey *aKey = pr_big_malloc(((size_t)p->nLine + 1) * sizeof(*aKey));
    if (!aKey) goto cleanup;
    int n = acct_keys(p, x, aKey);
    if (pr_keymerge(aKey, (size_t)n, acct_no_tie)) goto cleanup;
    for (int i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && aKey[j].k0 == aKey[i].k0; j++) {}
        if (j - i > 1 && scan_run(c, &s, &aKey[i], j - i)) goto cleanup;
    }
    if (c->nShared > 1) qsort(c->aShared, (size_t)c->nShared, sizeof(*c->aShared), cmp_shared_account);
    rc = 0;
cleanup:
    pr_outbuf_clear(&s.who);
    free(s.aRun);
    free(s.azBank);
    free(aKey);
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
