/*
 * accounts.c - the bank accounts paid to more than one household or lone
 * person this month (accounts.h): a cross-household check on this month's
 * lines, made every month, with or without a previous month.
 */
#include "rules/accounts.h"
#include "io/bigmem.h"
#include "io/common.h"
#include "io/keymerge.h"
#include "io/outbuf.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

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
 * pr_accounts_shared writes, so their order does not matter. */
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

int pr_accounts_line_key(const pr_batch *p, const pr_persons *x, int iLine, const char **pzKey, int *pbPerson)
{
    assert(iLine >= 0 && iLine < p->nLine);
    const pr_line *l = &p->aLine[iLine];
    if (!l->zAccount[0] || paid_to_institution(l)) return 0;
    const char *zKey = l->zHousehold;
    int bPerson = 0;
    if (!zKey[0] && (zKey = pr_persons_household(x, l->pRec ? l->pRec->iKey : 0)) == NULL) {
        zKey = l->zPerson;
        bPerson = 1;
    }
    *pzKey = zKey;
    *pbPerson = bPerson;
    return 1;
}

const char *pr_accounts_head_name(const pr_batch *p, const char *zHousehold)
{
    return household_head_name(p, zHousehold);
}

/* The keys of the lines paid to a payee's own account into aKey: k0 the
 * account's hash, k1 the line index << 1 | 1 if pItem is a person ID,
 * pItem the household id or person ID the line pays (pSrc says which, and
 * whether a line counts). Returns the count. */
static int acct_keys(const pr_batch *p, const pr_acct_source *pSrc, pr_mergekey *aKey)
{
    int n = 0;
    for (int i = 0; i < p->nLine; i++) {
        const pr_line *l = &p->aLine[i];
        if (i + 8 < p->nLine) {   /* the strings and record of a line some lines ahead */
            PR_PREFETCH(l[8].zAccount);
            PR_PREFETCH(l[8].zHousehold);
            PR_PREFETCH(l[8].pRec);
        }
        const char *zKey;
        int bPerson;
        if (!pSrc->xKey(pSrc->pArg, i, &zKey, &bPerson)) continue;
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
    const pr_acct_source *pSrc;  /* how its lines count, and households' heads */
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
        const char *zName = a[k].bPerson ? NULL : s->pSrc->xHeadName(s->pSrc->pArg, a[k].zKey);
        pr_outbuf_str(who, a[k].zKey);
        pr_outbuf_str(who, " (");
        pr_outbuf_str(who, zName ? zName : a[k].pLine->zName);
        pr_outbuf_str(who, ")");
    }
    const char *zAccount = a[0].pLine->zAccount;
    sh->zWho = pr_arena_strndup(&c->arena, who->z ? who->z : "", who->n);
    sh->zAccount = pr_arena_strndup(&c->arena, zAccount, strlen(zAccount));
    sh->nHouseholds = nKey;
    if (who->rc || !sh->zBank || !sh->zWho || !sh->zAccount) return -1;
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

pr_error pr_accounts_shared_from(pr_changes *c, const pr_batch *p, const pr_acct_source *pSrc, pr_err *pErr)
{
    pr_error rc = PR_ERR_NOMEM;
    shared_scan s;
    memset(&s, 0, sizeof(s));
    s.p = p;
    s.pSrc = pSrc;
    s.nShCap = c->nShared;   /* a merge adds each partition's accounts to those before */
    pr_outbuf_init(&s.who, (size_t)1 << 31);
    pr_mergekey *aKey = pr_big_malloc(((size_t)p->nLine + 1) * sizeof(*aKey));
    if (!aKey) goto cleanup;
    int n = acct_keys(p, pSrc, aKey);
    if (pr_keymerge(aKey, (size_t)n, acct_no_tie, NULL)) goto cleanup;
    for (int i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && aKey[j].k0 == aKey[i].k0; j++) {}
        if (j - i > 1 && scan_run(c, &s, &aKey[i], j - i)) goto cleanup;
    }
    if (c->nShared > 1) qsort(c->aShared, (size_t)c->nShared, sizeof(*c->aShared), cmp_shared_account);
    rc = PR_OK;
cleanup:
    if (rc) pr_err_nomem(pErr, "looking for shared accounts");
    pr_outbuf_clear(&s.who);
    free(s.aRun);
    free(s.azBank);
    free(aKey);
    return rc;
}

/* The ordinary source: the batch's records and households. */
typedef struct batch_source {
    const pr_batch *p;       /* the batch */
    const pr_persons *x;     /* its persons */
} batch_source;

static int batch_key(void *pArg, int iLine, const char **pzKey, int *pbPerson)
{
    const batch_source *b = pArg;
    return pr_accounts_line_key(b->p, b->x, iLine, pzKey, pbPerson);
}

static const char *batch_head(void *pArg, const char *zHousehold)
{
    return household_head_name(((const batch_source *)pArg)->p, zHousehold);
}

pr_error pr_accounts_shared(pr_changes *c, const pr_batch *p, const pr_persons *x, pr_err *pErr)
{
    assert(x->p == p);
    batch_source b = { p, x };
    pr_acct_source src = { batch_key, batch_head, &b };
    return pr_accounts_shared_from(c, p, &src, pErr);
}
