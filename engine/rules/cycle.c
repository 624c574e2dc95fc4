/*
 * cycle.c - the payment cycle's rules, in the order docs/RULES.md gives:
 *   1. the return rows, each checked against last month's bank rows; the
 *      failed rows open arrears entries (one per ledger line);
 *   2. the adjustments, each through the checks in order (the first that
 *      fails decides), accepted ones settling arrears or becoming lines or
 *      recovery entries;
 *   3. the arrears entries: settled, re-issued, kept open or expired;
 *   4. the recovery offsets on REGULAR lines;
 *   5. the new lines merged into ledger order and the totals made again.
 * Everything here is serial: the cycle's rows are few beside the rosters.
 */
#include "rules/cycle.h"
#include "model/calendar.h"
#include "model/idcard.h"
#include "io/bigmem.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CK_ARREARS_MAX_MONTHS = 0, CK_TEMP_MAX_AMOUNT, CK_RECOVERY_OFFSET_PCT };

static const pr_keydef aKey[] = {
    [CK_ARREARS_MAX_MONTHS] = { "arrears.max_months", KT_INT },
    [CK_TEMP_MAX_AMOUNT] = { "temp.max_amount", KT_MONEY },
    [CK_RECOVERY_OFFSET_PCT] = { "recovery.offset_pct", KT_PCT },
};

pr_keyset pr_cycle_keys = { aKey, (int)(sizeof(aKey) / sizeof(aKey[0])), 0 };

#define KEY(k) (pr_cycle_keys.iBase + (k))

/* Highest recovery.offset_pct, in basis points. */
#define MAX_OFFSET_BP 5000

pr_error pr_cycle_check_policy(pr_batch *p)
{
    const pr_policy *pol = p->pPolicy;
    for (int i = 0; i < pol->nRow; i++) {
        const pr_prow *r = &pol->aRow[i];
        if (r->eKey != KEY(CK_RECOVERY_OFFSET_PCT) || (r->v >= 0 && r->v <= MAX_OFFSET_BP)) continue;
        return pr_err_set(&p->err, PR_ERR_CONFIG, "%s:%u: recovery.offset_pct is %s; it must be between 0 and 50",
                          pol->zPath, r->iLine, r->zValue);
    }
    return PR_OK;
}

/* A person an adjustment names, and its first valid record per roster. */
typedef struct person_recs {
    const char *zId;                       /* the ID, the adjustment's string */
    const pr_record *apFirst[ROSTER_COUNT];  /* first record in each roster, or NULL */
} person_recs;

/* The state of one application of the cycle. */
typedef struct cyc {
    pr_batch *p;                  /* the month */
    pr_cycle *c;                  /* its cycle */
    pr_work *w;                   /* the serial work: findings and strings */
    int *aiRegSlot;               /* the lines by (programme, beneficiary):
                                   * line index + 1 per slot; owned */
    uint32_t nRegSlot;            /* its size, a power of two */
    int *aiPerSlot;               /* the adjustments' persons by ID: index
                                   * into aPerson + 1 per slot; owned */
    uint32_t nPerSlot;            /* its size, a power of two */
    struct person_recs *aPerson;  /* the adjustments' persons; owned */
    int nPerson;
    pr_line *aNew;                /* the lines the cycle adds; owned */
    int nNew, nNewCap;
} cyc;

static const char *yuan(cyc *x, int64_t nFen)
{
    char z[32];
    pr_fen_format(nFen, z, sizeof(z));
    return pr_work_printf(x->w, "%s", z);
}

static const char *month_text(cyc *x, int iMonth)
{
    char z[8];
    pr_month_format(iMonth, z);
    return pr_work_printf(x->w, "%s", z);
}

/* ---- looking things up in this month ----------------------------------------- */

/* Open-addressing tables, slot = index + 1, 0 when free; nSlot a power of
 * two at least twice the entries, so a probe ends quickly. Both are built
 * in one pass, without sorting: a sort of a province's lines by string
 * cost more than the rest of the cycle together. */

static uint32_t slots_for(size_t n)
{
    uint32_t nSlot = 64;
    while (nSlot < 2 * n) nSlot *= 2;
    return nSlot;
}

static uint32_t key_hash(int eProg, const char *zBen)
{
    uint64_t h = pr_hash_str(pr_hash_u64(PR_HASH_SEED, (uint64_t)eProg), zBen);
    return (uint32_t)(h ^ h >> 32);
}

/* The lines by (programme, beneficiary): at this point every line is
 * REGULAR, one per key. 0 or -1. */
static int build_regular_index(cyc *x)
{
    pr_batch *p = x->p;
    x->nRegSlot = slots_for((size_t)p->nLine);
    if (!(x->aiRegSlot = calloc(x->nRegSlot, sizeof(int)))) return -1;
    /* each line's string and slot fetched REG_AHEAD lines ahead: the
     * strings are the records', far apart, and the slots random */
    enum { REG_AHEAD = 8 };
    uint32_t aiAhead[REG_AHEAD];   /* the slots where lines i .. i + REG_AHEAD - 1 start probing, by line % REG_AHEAD */
    for (int i = 0; i < p->nLine && i < REG_AHEAD; i++)
        aiAhead[i] = key_hash(p->aLine[i].eProg, p->aLine[i].zBeneficiary) & (x->nRegSlot - 1);
    for (int i = 0; i < p->nLine; i++) {
        const pr_line *l = &p->aLine[i];
        assert(l->eType == LT_REGULAR);
        uint32_t h = aiAhead[i % REG_AHEAD];
        if (i + 2 * REG_AHEAD < p->nLine) PR_PREFETCH(p->aLine[i + 2 * REG_AHEAD].zBeneficiary);
        if (i + REG_AHEAD < p->nLine) {
            const pr_line *n = &p->aLine[i + REG_AHEAD];
            uint32_t hAhead = key_hash(n->eProg, n->zBeneficiary) & (x->nRegSlot - 1);
            PR_PREFETCH(&x->aiRegSlot[hAhead]);
            aiAhead[i % REG_AHEAD] = hAhead;
        }
        while (x->aiRegSlot[h]) h = (h + 1) & (x->nRegSlot - 1);
        x->aiRegSlot[h] = i + 1;
    }
    return 0;
}

/* This month's REGULAR line of (eProg, zBen), or NULL: "PAID in M". */
static pr_line *regular_line(cyc *x, int eProg, const char *zBen)
{
    if (!x->aiRegSlot) return NULL;
    uint32_t h = key_hash(eProg, zBen) & (x->nRegSlot - 1);
    for (; x->aiRegSlot[h]; h = (h + 1) & (x->nRegSlot - 1)) {
        pr_line *l = &x->p->aLine[x->aiRegSlot[h] - 1];
        if (l->eProg == eProg && strcmp(l->zBeneficiary, zBen) == 0) return l;
    }
    return NULL;
}

/* The persons the adjustments name, each with its first valid record in
 * each roster (input order: file, then line), found in one pass over the
 * records. 0 or -1. */
static int build_person_index(cyc *x)
{
    pr_batch *p = x->p;
    pr_cycle *c = x->c;
    x->nPerSlot = slots_for((size_t)c->nAdj);
    x->aiPerSlot = calloc(x->nPerSlot, sizeof(int));
    x->aPerson = calloc((size_t)c->nAdj + 1, sizeof(*x->aPerson));
    if (!x->aiPerSlot || !x->aPerson) return -1;
    for (int i = 0; i < c->nAdj; i++) {
        const char *z = c->aAdj[i].zBeneficiary;
        if (!z || !z[0]) continue;
        uint32_t h = key_hash(0, z) & (x->nPerSlot - 1);
        for (; x->aiPerSlot[h]; h = (h + 1) & (x->nPerSlot - 1))
            if (strcmp(x->aPerson[x->aiPerSlot[h] - 1].zId, z) == 0) break;
        if (x->aiPerSlot[h]) continue;
        x->aPerson[x->nPerson].zId = z;
        x->aiPerSlot[h] = ++x->nPerson;
    }
    for (int k = 0; k < ROSTER_COUNT && x->nPerson; k++) {
        for (int i = 0; i < p->anRec[k]; i++) {
            const pr_record *r = p->apRec[k][i];
            if (r->bRejected) continue;
            uint32_t h = key_hash(0, r->zId) & (x->nPerSlot - 1);
            for (; x->aiPerSlot[h]; h = (h + 1) & (x->nPerSlot - 1)) {
                person_recs *e = &x->aPerson[x->aiPerSlot[h] - 1];
                if (strcmp(e->zId, r->zId) != 0) continue;
                if (!e->apFirst[k]) e->apFirst[k] = r;
                break;
            }
        }
    }
    return 0;
}

/* Both indexes, each on its own thread when there are two: one reads the
 * lines, the other the records, and neither writes what the other reads.
 * 0 or -1. */
static int build_indexes(cyc *x)
{
    int rcReg = 0, rcPer = 0;
    #pragma omp parallel sections num_threads(x->p->nThreads > 1 ? 2 : 1)
    {
        #pragma omp section
        rcReg = build_regular_index(x);
        #pragma omp section
        rcPer = build_person_index(x);
    }
    return rcReg || rcPer ? -1 : 0;
}

/* The first record (file, line) of the person zId, one of the adjustments'
 * beneficiaries, in roster iRoster (any roster when -1), or NULL. */
static const pr_record *person_record(cyc *x, const char *zId, int iRoster)
{
    if (!x->aiPerSlot) return NULL;
    uint32_t h = key_hash(0, zId) & (x->nPerSlot - 1);
    for (; x->aiPerSlot[h]; h = (h + 1) & (x->nPerSlot - 1)) {
        const person_recs *e = &x->aPerson[x->aiPerSlot[h] - 1];
        if (strcmp(e->zId, zId) != 0) continue;
        if (iRoster >= 0) return e->apFirst[iRoster];
        const pr_record *pBest = NULL;
        for (int k = 0; k < ROSTER_COUNT; k++) {
            const pr_record *r = e->apFirst[k];
            if (r && (!pBest || r->iFile < pBest->iFile || (r->iFile == pBest->iFile && r->iLine < pBest->iLine))) pBest = r;
        }
        return pBest;
    }
    return NULL;
}

/* The head of DIBAO household zHouse, or NULL. */
static const pr_record *household_head(cyc *x, const char *zHouse)
{
    pr_batch *p = x->p;
    int lo = 0, hi = p->nHouse;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2, c = strcmp(p->aHouse[mid].apMember[0]->zHousehold, zHouse);
        if (c == 0) return p->aHouse[mid].pHead;
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return NULL;
}

/* The beneficiary's records in this month's rosters when it has no line:
 * *ppName the record that names it, *ppPay the one whose payee, account,
 * bank, district and area it is paid with (domain.md section 8: "the
 * beneficiary's record in M's rosters (the head's for DIBAO)"). DIBAO: the
 * household's head for both. PRICE: the person, paid as the programme that
 * covers it (domain.md section 1): its TEKUN record, else its ORPHAN
 * record, else its DIBAO household's head. TEMP: the person's first record
 * in any roster. Others: the person's record in the programme's roster. */
static void find_records(cyc *x, int eProg, const char *zBen, const pr_record **ppName, const pr_record **ppPay)
{
    const pr_record *r = NULL, *pPay = NULL;
    if (eProg == PROG_DIBAO) {
        r = pPay = household_head(x, zBen);
    } else if (eProg == PROG_PRICE) {
        if ((r = person_record(x, zBen, ROSTER_TEKUN)) || (r = person_record(x, zBen, ROSTER_ORPHAN))) pPay = r;
        else if ((r = person_record(x, zBen, ROSTER_DIBAO)) && r->zHousehold[0]) pPay = household_head(x, r->zHousehold);
    } else {
        int iRoster = eProg == PROG_TEKUN ? ROSTER_TEKUN : eProg == PROG_ORPHAN ? ROSTER_ORPHAN
                    : eProg == PROG_DIS_LIVING || eProg == PROG_DIS_NURSING ? ROSTER_DISABILITY : -1;
        r = pPay = person_record(x, zBen, iRoster);
    }
    *ppName = r;
    *ppPay = pPay;
}

/* ---- new lines ------------------------------------------------------------------ */

static pr_line *new_line(cyc *x)
{
    if (x->nNew == x->nNewCap) {
        int n = x->nNewCap ? x->nNewCap * 2 : 64;
        pr_line *a = realloc(x->aNew, (size_t)n * sizeof(*a));
        if (!a) { pr_work_mark_nomem(x->w); return NULL; }
        x->aNew = a;
        x->nNewCap = n;
    }
    pr_line *l = &x->aNew[x->nNew++];
    memset(l, 0, sizeof(*l));
    l->nIncome = -1;
    l->supp = pr_ratio_fen(0);
    l->zTown = l->zVillage = "";
    return l;
}

/* ---- 1. the returns ---------------------------------------------------------- */

static void reject_return(cyc *x, pr_return *r, int eProg, const char *zCode, const char *zMsg)
{
    r->eStatus = ST_REJECTED;
    r->zCode = zCode;
    pr_work_finding_at(x->w, r->iFile, r->iLine, (pr_prog)eProg, ST_REJECTED, r->zPayRef, zCode, zMsg);
}

static void check_return(cyc *x, pr_return *r)
{
    pr_cycle *c = x->c;
    char zPrev[8];
    pr_month_format(c->iPrevMonth, zPrev);
    if (r->zBad) { reject_return(x, r, PROG_NONE, "RETURN_BAD_ROW", r->zBad); return; }
    if (!r->zPayRef[0]) { reject_return(x, r, PROG_NONE, "RETURN_BAD_ROW", "付款编号/pay_ref is blank"); return; }
    if (r->nFen < 0) {
        reject_return(x, r, PROG_NONE, "RETURN_BAD_ROW", "金额/amount is not an amount of yuan");
        return;
    }
    if (r->eResult == RET_BAD) {
        reject_return(x, r, PROG_NONE, "RETURN_BAD_RESULT",
                      pr_work_printf(x->w, "result '%s' is neither 成功/success nor 失败/failed", r->zResult));
        return;
    }
    pr_bankrow *b = pr_cycle_find_row(c, r->zPayRef);
    if (!b) {
        int y, m;
        char zMsg[160];
        if (strlen(r->zPayRef) == PR_PAY_REF_LEN && sscanf(r->zPayRef, "%4d%2d", &y, &m) == 2
            && y * 12 + m - 1 != c->iPrevMonth)
            snprintf(zMsg, sizeof(zMsg), "pay_ref %s is a bank row of %04d-%02d, not of the previous month %s", r->zPayRef,
                     y, m, zPrev);
        else
            snprintf(zMsg, sizeof(zMsg), "pay_ref %s is not a bank row of the previous month %s", r->zPayRef, zPrev);
        reject_return(x, r, PROG_NONE, "RETURN_UNKNOWN_REF", pr_work_printf(x->w, "%s", zMsg));
        return;
    }
    if (b->bAnswered) {
        reject_return(x, r, b->eProg, "RETURN_DUPLICATE",
                      pr_work_printf(x->w, "pay_ref %s is answered twice (first at %s:%u)", r->zPayRef,
                                     x->p->aInput[b->iFile].zPath, b->iLine));
        return;
    }
    if (strcmp(r->zAccount, b->zAccount) != 0 || r->nFen != b->nFen) {
        reject_return(x, r, b->eProg, "RETURN_MISMATCH",
                      pr_work_printf(x->w, "pay_ref %s was sent as account %s, %s yuan; the return says account %s, %s yuan",
                                     r->zPayRef, b->zAccount, yuan(x, b->nFen), r->zAccount, yuan(x, r->nFen)));
        return;
    }
    r->eStatus = ST_PAID;
    b->bAnswered = 1;
    b->iFile = r->iFile;
    b->iLine = r->iLine;
    if (r->eResult == RET_FAILED) {
        b->bFailed = 1;
        b->zReason = r->zReason[0] ? r->zReason : "失败";
    }
}

static int cmp_arrears(const void *a, const void *b)
{
    const pr_arrears *x = a, *y = b;
    if (x->iPeriod != y->iPeriod) return x->iPeriod < y->iPeriod ? -1 : 1;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    int c = strcmp(x->zBeneficiary, y->zBeneficiary);
    if (c) return c;
    if (x->iSince != y->iSince) return x->iSince < y->iSince ? -1 : 1;
    return strcmp(x->zPayRef, y->zPayRef);
}

/* 回盘: adds each failed row to its (bank, district) in c->aStat, which the
 * run layer filled with every row sent, in (bank, district) order. */
static void count_failed(pr_cycle *c)
{
    for (int i = 0; i < c->nRow; i++) {
        const pr_bankrow *b = &c->aRow[i];
        if (!b->bFailed) continue;
        for (int s = 0; s < c->nStat; s++) {
            pr_retstat *t = &c->aStat[s];
            if (t->iDistrict != b->iDistrict || strcmp(t->zBank, b->zBank) != 0) continue;
            t->nRowsFailed++;
            t->nFenFailed += b->nFen;
            break;
        }
    }
}

/* Checks the return rows, opens the arrears of the failed rows, sorts the
 * entries. 0 or -1 (out of memory). */
static int returns_pass(cyc *x)
{
    pr_cycle *c = x->c;
    for (int i = 0; i < c->nRet; i++) {
        check_return(x, &c->aRet[i]);
        x->p->aInput[c->aRet[i].iFile].aCount[c->aRet[i].eStatus]++;
    }
    for (int i = 0; i < c->nRow; i++) {
        const pr_bankrow *b = &c->aRow[i];
        if (!b->bFailed) continue;
        for (int j = 0; j < b->nLine; j++) {
            const pr_bankline *bl = &c->aLine[b->iLine0 + j];
            pr_arrears *a = pr_cycle_add_arrears(c);
            if (!a) return -1;
            a->iPeriod = bl->iPeriod;
            a->eProg = bl->eProg;
            a->eState = AS_OPEN;
            a->bNew = 1;
            a->iDistrict = b->iDistrict;
            a->zBeneficiary = bl->zBeneficiary;
            a->nFen = bl->nFen;
            a->zReason = b->zReason;
            a->iSince = c->iPrevMonth;
            a->zFailedAccount = b->zAccount;
            a->zPayRef = b->zPayRef;
            a->iFile = b->iFile;
            a->iLine = b->iLine;
            a->iReissue = -1;
        }
    }
    if (c->nArr) qsort(c->aArr, (size_t)c->nArr, sizeof(*c->aArr), cmp_arrears);
    count_failed(c);
    return 0;
}

/* ---- 2. the adjustments -------------------------------------------------------- */

static void adj_finding(cyc *x, pr_adj *a, pr_status eStatus, const char *zCode, const char *zMsg)
{
    a->eStatus = (uint8_t)eStatus;
    a->zCode = zCode;
    int eProg = a->eProg >= 0 ? a->eProg : PROG_NONE;
    pr_work_finding_at(x->w, a->iFile, a->iLine, (pr_prog)eProg, eStatus, a->zBeneficiary, zCode, zMsg);
}

static int same_key(const pr_adj *a, const pr_adj *b)
{
    return a->eType == b->eType && a->eProg == b->eProg && a->iPeriod == b->iPeriod
        && strcmp(a->zBeneficiary, b->zBeneficiary) == 0 && strcmp(a->zReference, b->zReference) == 0;
}

/* Check 1: the row's own fields. NULL, or what is wrong. */
static const char *bad_field(cyc *x, const pr_adj *a)
{
    if (a->zBad) return a->zBad;
    if (a->eType < 0) return "类型/type is not 补发, 补差, 临时救助 or 追回";
    if (a->eProg < 0) return "项目/program is not a programme code";
    if (a->eType == ADJ_TEMPORARY && a->eProg != PROG_TEMP) return "临时救助/temporary goes with programme TEMP";
    if (a->eProg == PROG_TEMP && a->eType != ADJ_TEMPORARY && a->eType != ADJ_BACKPAY)
        return "programme TEMP takes 临时救助, or a 补发 of temporary assistance whose payment failed";
    if (!a->zBeneficiary[0]) return "对象编号/beneficiary_id is blank";
    if (a->iPeriod < 0) return "所属期/period is not YYYY-MM";
    if (a->nFen < 0) return "金额/amount is not a positive amount of yuan";
    pr_area eArea;
    if (a->zArea[0] && pr_area_parse(a->zArea, strlen(a->zArea), &eArea))
        return pr_work_printf(x->w, "城乡类别/area '%s' is not 城市/urban or 农村/rural", a->zArea);
    size_t n = strlen(a->zDistrict);
    int bDigits = n == 6;
    for (size_t i = 0; bDigits && i < n; i++) bDigits = a->zDistrict[i] >= '0' && a->zDistrict[i] <= '9';
    if (n && !bDigits) return pr_work_printf(x->w, "区划代码/district '%s' is not a 6-digit code", a->zDistrict);
    return NULL;
}

/* Check 3: the period against the month. NULL or the message. */
static const char *bad_period(cyc *x, const pr_adj *a)
{
    int M = x->p->iMonth;
    if ((a->eType == ADJ_BACKPAY || a->eType == ADJ_DIFFERENCE) && a->iPeriod >= M)
        return pr_work_printf(x->w, "所属期 %s: back pay and differences are for a month before %s", month_text(x, a->iPeriod),
                              month_text(x, M));
    if (a->eType == ADJ_TEMPORARY && a->iPeriod != M)
        return pr_work_printf(x->w, "所属期 %s: temporary assistance is for this month, %s", month_text(x, a->iPeriod),
                              month_text(x, M));
    if (a->eType == ADJ_RECOVERY && a->iPeriod > M)
        return pr_work_printf(x->w, "所属期 %s is after this month, %s", month_text(x, a->iPeriod), month_text(x, M));
    return NULL;
}

/* The first OPEN arrears entry of (programme, beneficiary, period) that no
 * accepted back pay has settled, or -1. */
static int open_entry(const pr_cycle *c, const pr_adj *a)
{
    for (int i = 0; i < c->nArr; i++) {
        const pr_arrears *e = &c->aArr[i];
        if (e->eState == AS_OPEN && e->eProg == a->eProg && e->iPeriod == a->iPeriod
            && strcmp(e->zBeneficiary, a->zBeneficiary) == 0)
            return i;
    }
    return -1;
}

/* Check 7: payee, account, name, district and area from the row, else this
 * month's REGULAR line, else the record. 0, or -1 with the finding made. */
static int resolve(cyc *x, pr_adj *a)
{
    const pr_line *l = regular_line(x, a->eProg, a->zBeneficiary);   /* never one for TEMP */
    const pr_record *r = NULL, *q = NULL;   /* the naming and the paying record */
    if (!l) find_records(x, a->eProg, a->zBeneficiary, &r, &q);
#define PICK(zRow, zLine, pRec, zField) ((zRow)[0] ? (zRow) : l ? (zLine) : (pRec) ? (pRec)->zField : "")
    a->zNameUsed = PICK(a->zName, l->zName, r, zName);
    a->zPayeeUsed = PICK(a->zPayee, l->zPayee, q, zPayee);
    a->zAccountUsed = PICK(a->zAccount, l->zAccount, q, zAccount);
    a->zBankUsed = PICK(a->zBank, l->zBank, q, zBank);
#undef PICK
    pr_area eArea = AREA_NONE;
    if (a->zArea[0]) pr_area_parse(a->zArea, strlen(a->zArea), &eArea);
    else if (l) eArea = (pr_area)l->eArea;
    else if (q) eArea = (pr_area)q->eArea;
    int32_t iDistrict = -1;
    if (a->zDistrict[0]) iDistrict = (int32_t)strtol(a->zDistrict, NULL, 10);   /* 6 digits: bad_field checked */
    else if (l) iDistrict = l->iDistrict;
    else if (q) iDistrict = q->iDistrict;
    else if (r) iDistrict = r->iDistrict;
    a->eAreaUsed = (uint8_t)eArea;
    a->iDistrictUsed = iDistrict;
    const char *zMissing = iDistrict < 0 ? "区划代码/district" : NULL;
    if (!zMissing && a->eType != ADJ_RECOVERY) {
        zMissing = eArea == AREA_NONE ? "城乡类别/area" : !a->zAccountUsed[0] ? "银行账号/account"
                 : !a->zPayeeUsed[0] ? "收款人/payee" : !a->zNameUsed[0] ? "姓名/name" : NULL;
    }
    if (zMissing) {
        adj_finding(x, a, ST_REJECTED, "ADJ_NO_ACCOUNT",
                    pr_work_printf(x->w, "%s is not in the row, and %s %s has no record this month to take it from", zMissing,
                                   pr_prog_code((pr_prog)a->eProg), a->zBeneficiary));
        return -1;
    }
    if (pr_batch_district_index(x->p, iDistrict) < 0) {
        adj_finding(x, a, ST_REJECTED, "DISTRICT_UNKNOWN",
                    pr_work_printf(x->w, "district %06d is not declared in the policy for this month", (int)iDistrict));
        return -1;
    }
    return 0;
}

/* The line of an accepted back pay, difference or temporary assistance. */
static void adj_line(cyc *x, const pr_adj *a)
{
    pr_line *l = new_line(x);
    if (!l) return;
    static const uint8_t aeType[ADJ_TYPE_COUNT] = { LT_BACKPAY, LT_DIFFERENCE, LT_TEMPORARY, 0 };
    const pr_line *pFrom = regular_line(x, a->eProg, a->zBeneficiary);
    const pr_record *r = pFrom ? pFrom->pRec : NULL, *q = NULL;
    if (!pFrom) find_records(x, a->eProg, a->zBeneficiary, &r, &q);
    l->eProg = (uint8_t)a->eProg;
    l->eArea = a->eAreaUsed;
    l->iDistrict = a->iDistrictUsed;
    l->zBeneficiary = a->zBeneficiary;
    l->zHousehold = a->eProg == PROG_DIBAO ? a->zBeneficiary : pFrom ? pFrom->zHousehold : "";
    l->zPerson = pFrom ? pFrom->zPerson : r ? r->zId : a->eProg == PROG_DIBAO ? "" : a->zBeneficiary;
    l->zName = a->zNameUsed;
    l->zPayee = a->zPayeeUsed;
    l->zBank = a->zBankUsed;
    l->zAccount = a->zAccountUsed;
    if (pFrom) { l->zTown = pFrom->zTown; l->zVillage = pFrom->zVillage; }
    l->nAmount = a->nFen;
    l->nPersons = a->eType == ADJ_TEMPORARY ? 1 : 0;
    l->pRec = r;
    l->eType = aeType[a->eType];
    l->iPeriod = a->iPeriod;
    l->zReference = a->zReference;
    l->zBasis = pr_work_printf(x->w, "%s %s: %s (%s)", pr_adjtype_name_zh((pr_adjtype)a->eType),
                               month_text(x, a->iPeriod), a->zReason, a->zReference);
}

/* Opens the recovery entry of an accepted recovery. 0 or -1. */
static int adj_recovery(cyc *x, const pr_adj *a)
{
    pr_recovery *r = pr_cycle_add_recovery(x->c);
    if (!r) return -1;
    r->eProg = (uint8_t)a->eProg;
    r->bNew = 1;
    r->iDistrict = a->iDistrictUsed;
    r->zBeneficiary = a->zBeneficiary;
    r->zReference = a->zReference;
    r->iSince = x->p->iMonth;
    r->nFen = r->nBalance = a->nFen;
    r->iFile = a->iFile;
    r->iLine = a->iLine;
    return 0;
}

/* One adjustment row through every check. 0, or -1 out of memory. */
static int check_adj(cyc *x, pr_adj *a, int iAdj)
{
    pr_cycle *c = x->c;
    const char *zMsg;
    a->iArrears = -1;
    if ((zMsg = bad_field(x, a))) { adj_finding(x, a, ST_REJECTED, "ADJ_BAD_ROW", zMsg); return 0; }
    if (!a->zReference[0] || !a->zApprovedBy[0]) {
        adj_finding(x, a, ST_REJECTED, "ADJ_NOT_APPROVED",
                    !a->zReference[0] ? "文号/reference is blank: an adjustment needs its approval document"
                                      : "审批人/approved_by is blank: nobody has approved this adjustment");
        return 0;
    }
    if ((zMsg = bad_period(x, a))) { adj_finding(x, a, ST_REJECTED, "ADJ_BAD_PERIOD", zMsg); return 0; }
    for (int j = 0; j < iAdj; j++) {
        const pr_adj *b = &c->aAdj[j];
        if (b->eStatus != ST_REJECTED && same_key(a, b)) {
            adj_finding(x, a, ST_REJECTED, "ADJ_DUPLICATE",
                        pr_work_printf(x->w, "the same adjustment as %s:%u", x->p->aInput[b->iFile].zPath, b->iLine));
            return 0;
        }
    }
    if (a->bHistDuplicate) {
        adj_finding(x, a, ST_REJECTED, "ADJ_DUPLICATE",
                    "the same adjustment (type, programme, beneficiary, period, reference) was accepted in an earlier month");
        return 0;
    }
    if (a->eType == ADJ_TEMPORARY) {
        pr_id id;
        pr_id_rc rc = pr_id_check(a->zBeneficiary, strlen(a->zBeneficiary), x->p->iMonth, &id);
        if (rc != ID_OK) { adj_finding(x, a, ST_REJECTED, pr_id_code(rc), pr_id_message(rc)); return 0; }
    }
    int iEntry = -1;
    if (a->eType == ADJ_BACKPAY || a->eType == ADJ_DIFFERENCE) {
        if (!c->bPrev || !pr_cycle_has_month(c, a->iPeriod)) {
            adj_finding(x, a, ST_HELD, "ADJ_HISTORY_MISSING",
                        pr_work_printf(x->w, "no month folder for %s beside --prev: nobody may pay against a month nobody can see",
                                       month_text(x, a->iPeriod)));
            return 0;
        }
        if (a->eType == ADJ_BACKPAY) {
            iEntry = open_entry(c, a);
            if (iEntry >= 0 && c->aArr[iEntry].nFen != a->nFen) {
                adj_finding(x, a, ST_REJECTED, "ADJ_ARREARS_MISMATCH",
                            pr_work_printf(x->w, "the open arrears entry for %s is %s yuan, the back pay %s yuan",
                                           month_text(x, a->iPeriod), yuan(x, c->aArr[iEntry].nFen), yuan(x, a->nFen)));
                return 0;
            }
            if (iEntry < 0 && a->bHistLine) {
                adj_finding(x, a, ST_REJECTED, "ADJ_ALREADY_PAID",
                            pr_work_printf(x->w, "%s was paid for %s and no open arrears entry says it failed",
                                           a->zBeneficiary, month_text(x, a->iPeriod)));
                return 0;
            }
            if (iEntry < 0 && a->eProg == PROG_TEMP) {
                adj_finding(x, a, ST_REJECTED, "ADJ_NOTHING_TO_ADJUST",
                            pr_work_printf(x->w, "no failed temporary assistance of %s for %s is open: a TEMP back pay only pays one again",
                                           a->zBeneficiary, month_text(x, a->iPeriod)));
                return 0;
            }
        } else if (!a->bHistLine) {
            adj_finding(x, a, ST_REJECTED, "ADJ_NOTHING_TO_ADJUST",
                        pr_work_printf(x->w, "no line for %s %s in %s to adjust", pr_prog_code((pr_prog)a->eProg),
                                       a->zBeneficiary, month_text(x, a->iPeriod)));
            return 0;
        }
    }
    if (resolve(x, a)) return 0;
    if (a->eType == ADJ_TEMPORARY) {
        const pr_prow *pMax = pr_work_param(x->w, KEY(CK_TEMP_MAX_AMOUNT), a->iDistrictUsed, (pr_area)a->eAreaUsed);
        if (!pMax) return 0;
        if (a->nFen > pMax->v) {
            adj_finding(x, a, ST_HELD, "TEMP_OVER_LIMIT",
                        pr_work_printf(x->w, "%s yuan is above temp.max_amount %s yuan", yuan(x, a->nFen), yuan(x, pMax->v)));
            return 0;
        }
    }
    a->eStatus = ST_PAID;
    a->zCode = NULL;
    if (iEntry >= 0) {
        c->aArr[iEntry].eState = AS_SETTLED;
        a->iArrears = iEntry;
    }
    if (a->eType == ADJ_RECOVERY) return adj_recovery(x, a);
    adj_line(x, a);
    return 0;
}

static int adjustments_pass(cyc *x)
{
    pr_cycle *c = x->c;
    for (int i = 0; i < c->nAdj; i++) {
        if (check_adj(x, &c->aAdj[i], i)) return -1;
        x->p->aInput[c->aAdj[i].iFile].aCount[c->aAdj[i].eStatus]++;
        if (c->aAdj[i].eProg == PROG_TEMP) x->p->aProgCount[PROG_TEMP][c->aAdj[i].eStatus]++;
    }
    return 0;
}

/* ---- 3. the arrears -------------------------------------------------------------- */

/* arrears.max_months for a district: the larger of its urban and rural
 * values. -1 (and a configuration error) when either is missing. */
static int max_months(cyc *x, int32_t iDistrict)
{
    const pr_prow *pU = pr_work_param(x->w, KEY(CK_ARREARS_MAX_MONTHS), iDistrict, AREA_URBAN);
    const pr_prow *pR = pr_work_param(x->w, KEY(CK_ARREARS_MAX_MONTHS), iDistrict, AREA_RURAL);
    if (!pU || !pR) return -1;
    return (int)(pU->v > pR->v ? pU->v : pR->v);
}

static void reissue(cyc *x, pr_arrears *e, const pr_line *l)
{
    pr_line *n = new_line(x);
    if (!n) return;
    *n = *l;
    n->nAmount = e->nFen;
    n->nOffset = 0;
    n->nPersons = 0;
    n->eType = LT_REISSUE;
    n->iPeriod = e->iPeriod;
    n->zReference = e->zPayRef;
    n->iPaySeq = 0;
    n->nIncome = -1;
    n->zBasis = pr_work_printf(x->w, "重发 %s: %s", month_text(x, e->iPeriod), e->zReason);
    e->eState = AS_REISSUED;
}

static void arrears_pass(cyc *x)
{
    pr_cycle *c = x->c;
    int M = x->p->iMonth;
    for (int i = 0; i < c->nArr; i++) {
        pr_arrears *e = &c->aArr[i];
        if (e->eState != AS_OPEN) continue;   /* settled by a back pay */
        const pr_line *l = regular_line(x, e->eProg, e->zBeneficiary);
        if (l && strcmp(l->zAccount, e->zFailedAccount) != 0) { reissue(x, e, l); continue; }
        int nMax = max_months(x, e->iDistrict);
        if (nMax < 0) return;
        if (M - e->iSince >= nMax) { e->eState = AS_EXPIRED; continue; }
        const char *zPeriod = month_text(x, e->iPeriod);
        if (l) {
            const char *zMsg = pr_work_printf(x->w, "%s yuan for %s failed at account %s (%s) and the account is unchanged: correct it to re-issue",
                                              yuan(x, e->nFen), zPeriod, e->zFailedAccount, e->zReason);
            if (l->pRec) pr_work_finding(x->w, l->pRec, (pr_prog)e->eProg, ST_WARNING, e->zBeneficiary, "RETURN_ACCOUNT_UNCHANGED", zMsg);
            else pr_work_finding_at(x->w, e->iFile, e->iLine, (pr_prog)e->eProg, ST_WARNING, e->zBeneficiary, "RETURN_ACCOUNT_UNCHANGED", zMsg);
        } else if (e->eProg == PROG_TEMP) {
            pr_work_finding_at(x->w, e->iFile, e->iLine, (pr_prog)e->eProg, ST_WARNING, e->zBeneficiary, "ARREARS_NOT_PAYABLE",
                               pr_work_printf(x->w, "%s yuan of temporary assistance for %s failed (%s) and stays open: "
                                              "it is paid again by an approved 补发 (programme TEMP, period %s, to a corrected account)",
                                              yuan(x, e->nFen), zPeriod, e->zReason, zPeriod));
        } else {
            pr_work_finding_at(x->w, e->iFile, e->iLine, (pr_prog)e->eProg, ST_WARNING, e->zBeneficiary, "ARREARS_NOT_PAYABLE",
                               pr_work_printf(x->w, "%s yuan owed for %s (%s) stays open: %s %s is not paid this month",
                                              yuan(x, e->nFen), zPeriod, e->zReason, pr_prog_code((pr_prog)e->eProg),
                                              e->zBeneficiary));
        }
    }
}

/* ---- 4. the recoveries ----------------------------------------------------------- */

static int cmp_recovery(const void *a, const void *b)
{
    const pr_recovery *x = a, *y = b;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    int c = strcmp(x->zBeneficiary, y->zBeneficiary);
    if (c) return c;
    if (x->iSince != y->iSince) return x->iSince < y->iSince ? -1 : 1;
    c = strcmp(x->zReference, y->zReference);
    if (c) return c;
    if (x->iFile != y->iFile) return x->iFile < y->iFile ? -1 : 1;
    return (x->iLine > y->iLine) - (x->iLine < y->iLine);
}

static void recoveries_pass(cyc *x)
{
    pr_cycle *c = x->c;
    if (c->nRec) qsort(c->aRec, (size_t)c->nRec, sizeof(*c->aRec), cmp_recovery);
    pr_line *pLast = NULL;
    int64_t nRoom = 0;   /* what pLast may still give */
    for (int i = 0; i < c->nRec; i++) {
        pr_recovery *r = &c->aRec[i];
        r->nRecovered = 0;
        pr_line *l = regular_line(x, r->eProg, r->zBeneficiary);
        if (l && l != pLast) {
            pLast = l;
            const pr_prow *pPct = pr_work_param(x->w, KEY(CK_RECOVERY_OFFSET_PCT), l->iDistrict, (pr_area)l->eArea);
            if (!pPct) return;
            nRoom = l->nAmount * pPct->v / 10000;
        }
        if (l && nRoom > 0) {
            int64_t nTake = r->nBalance < nRoom ? r->nBalance : nRoom;
            nRoom -= nTake;
            r->nRecovered = nTake;
            r->nBalance -= nTake;
            l->nAmount -= nTake;
            l->nOffset += nTake;
            l->zBasis = pr_work_printf(x->w, "%s-追回 %s (%s)", l->zBasis, yuan(x, nTake), r->zReference);
        }
        r->bClosed = r->nBalance == 0;
    }
}

/* ---- 5. the lines in order, the totals --------------------------------------- */

static int cmp_line(const pr_line *x, const pr_line *y)
{
    if (x->iDistrict != y->iDistrict) return x->iDistrict < y->iDistrict ? -1 : 1;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    int c = strcmp(x->zBeneficiary, y->zBeneficiary);
    if (c) return c;
    if (x->eType != y->eType) return x->eType < y->eType ? -1 : 1;
    if (x->iPeriod != y->iPeriod) return x->iPeriod < y->iPeriod ? -1 : 1;
    return strcmp(x->zReference, y->zReference);
}

static int cmp_line_q(const void *a, const void *b) { return cmp_line(a, b); }

/* Merges the new lines into p->aLine (both in order), in place: the array
 * grows by the new lines (a large block grows where it is, without a
 * copy) and is merged from its end, so that a province's lines are never
 * held twice. On ties the month's line comes first. 0 or -1. */
static int merge_lines(cyc *x)
{
    pr_batch *p = x->p;
    if (!x->nNew) return 0;
    qsort(x->aNew, (size_t)x->nNew, sizeof(*x->aNew), cmp_line_q);
    size_t n = (size_t)p->nLine + (size_t)x->nNew;
    if (n >= INT32_MAX) return -1;
    pr_line *a = pr_big_realloc(p->aLine, (n + 1) * sizeof(*a));
    if (!a) return -1;
    p->aLine = a;
    p->nLineCap = (int)n;
    size_t i = (size_t)p->nLine, j = (size_t)x->nNew, k = n;
    while (j > 0) {
        if (i > 0 && cmp_line(&a[i - 1], &x->aNew[j - 1]) > 0) a[--k] = a[--i];
        else a[--k] = x->aNew[--j];
    }
    assert(k == i);
    p->nLine = (int)n;
    return 0;
}

static void make_totals(pr_batch *p)
{
    memset(p->aTotal, 0, (size_t)p->nDistrict * PROG_COUNT * sizeof(*p->aTotal));
    for (int i = 0, iLastCode = -1, iLastD = -1; i < p->nLine; i++) {
        const pr_line *l = &p->aLine[i];
        if (l->iDistrict != iLastCode) { iLastCode = l->iDistrict; iLastD = pr_batch_district_index(p, iLastCode); }
        assert(iLastD >= 0);
        pr_total *t = &p->aTotal[iLastD * PROG_COUNT + l->eProg];
        t->nLines++;
        t->nPersons += l->nPersons;
        t->nFen += l->nAmount;
    }
}

pr_error pr_cycle_apply(pr_batch *p)
{
    pr_error rc = PR_OK;
    cyc x;
    memset(&x, 0, sizeof(x));
    x.p = p;
    x.c = p->pCycle;
    x.w = pr_batch_serial(p);
    if (!x.c->nRet && !x.c->nArr && !x.c->nAdj && !x.c->nRec && !x.c->nRow) return PR_OK;
    if (build_indexes(&x) || returns_pass(&x) || adjustments_pass(&x)) { rc = PR_ERR_NOMEM; goto cleanup; }
    arrears_pass(&x);
    recoveries_pass(&x);
    if (x.w->err.rc) { rc = x.w->err.rc; pr_err_set(&p->err, rc, "%s", x.w->err.zMsg); goto cleanup; }
    if (merge_lines(&x)) { rc = PR_ERR_NOMEM; goto cleanup; }
    make_totals(p);
cleanup:
    free(x.aiRegSlot);
    free(x.aiPerSlot);
    free(x.aPerson);
    free(x.aNew);
    return rc;
}
