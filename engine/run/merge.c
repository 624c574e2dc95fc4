/*
 * merge.c - `payrun merge` (merge.h): every shard's ledger, exceptions and
 * merge part read into one batch, checked against each other on the way
 * (one month, one plan, the same files under the same ranks, as many part
 * rows as ledger lines), then handed to the publishing stage with the
 * hooks that stand for what a merge has no records for: the district
 * workbooks and notices (copied from their shard) and the shared accounts
 * (from what each shard's run said of its lines).
 */
#include "run/merge.h"
#include "run/verify.h"
#include "formats/exceptions.h"
#include "formats/ledgercols.h"
#include "formats/manifest_read.h"
#include "formats/mergepart.h"
#include "formats/prevledger.h"
#include "io/arena.h"
#include "io/bigmem.h"
#include "io/common.h"
#include "io/sha256.h"
#include "model/calendar.h"
#include "model/changes.h"
#include "model/persons.h"
#include "rules/accounts.h"
#include "rules/rules.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY_BUF ((size_t)1 << 20)   /* bytes copied at a time */

/* A roster file of the month, as the shards' parts name it. */
typedef struct merge_input {
    const char *zPath;           /* its path (the arena's) */
    pr_roster eRoster;           /* its roster */
    pr_encoding eEnc;            /* encoding */
    int bGzip;                   /* gzip-compressed */
    char zSha[65];               /* SHA-256 */
    uint32_t nRows;              /* rows, added up over the shards */
    uint32_t aCount[ST_COUNT];   /* statuses, added up */
    int iFirst;                  /* the first shard that named it, or -1 */
} merge_input;

/* What a shard's part says of one of its lines, beside the line. */
typedef struct line_extra {
    uint8_t eAcct;               /* pr_mp_acct */
    const char *zKey;            /* household id or person ID (the arena's) */
    const char *zHead;           /* a household's head's name, or NULL */
} line_extra;

/* A household and its head's name, for the shared accounts. */
typedef struct head_ent {
    const char *zHousehold;      /* its id */
    const char *zHead;           /* its head's name, or NULL */
} head_ent;

/* A roster file of the shard being read, by path, for its findings. */
typedef struct path_rank {
    const char *zPath;           /* the file */
    uint32_t iRank;              /* its rank */
} path_rank;

struct pr_merge {
    pr_batch *b;                 /* the month being merged, borrowed */
    const char *zShardOut;       /* the folder of shard-K/, borrowed */
    int nShard;                  /* shards */
    char zMonth[8];              /* "YYYY-MM" */
    pr_arena arena;              /* every string read */
    merge_input *aIn;            /* the month's roster files by rank; owned */
    int nIn;                     /* entries in aIn (the largest rank + 1) */
    line_extra *aX;              /* one per line of b, in b's order; owned */
    int nX, nXCap;               /* used and allocated */
    int nLineShard0;             /* b->nLine before the shard being read */
    int64_t nLineAll;            /* the lines the shards' manifests list, all told */
    const char **azIntern;       /* the strings many lines share (banks, bases,
                                  * references), open addressing; owned */
    size_t nIntern, nInternCap;  /* used and allocated (a power of 2) */
    int *aiOwner;                /* [district index] the shard of its lines, or -1; owned */
    pr_manifest_shard *aShard;   /* each shard's manifest SHA-256; owned */
    head_ent *aHead;             /* households and heads, by id; owned */
    int nHead;                   /* entries in aHead */
    pr_finding *aFind;           /* findings read; owned until moved to b */
    size_t nFind, nFindCap;      /* used and allocated */
    path_rank *aPath;            /* the shard's roster files by path; owned */
    int nPath, nPathCap;         /* used and allocated */
    int iShard;                  /* the shard being read */
    pr_publish_merge pub;        /* what publishing needs */
};

/* ---- the shard side ------------------------------------------------------- */

typedef struct part_src {
    const pr_batch *p;           /* the shard's month */
    const pr_persons *x;         /* its persons */
} part_src;

static void part_line(void *pArg, int i, pr_mp_line *pOut)
{
    const part_src *s = pArg;
    const char *zKey;
    int bPerson;
    pOut->nPersons = s->p->aLine[i].nPersons;
    if (!pr_accounts_line_key(s->p, s->x, i, &zKey, &bPerson)) return;
    pOut->eAcct = bPerson ? MP_ACCT_PERSON : MP_ACCT_HOUSEHOLD;
    pOut->zKey = zKey;
    pOut->zHead = bPerson ? NULL : pr_accounts_head_name(s->p, zKey);
}

pr_error pr_merge_write_part(const pr_batch *p, const char *zOut, pr_err *pErr)
{
    char zPath[8192], zMonth[8];
    pr_persons x;
    memset(&x, 0, sizeof(x));
    pr_month_format(p->iMonth, zMonth);
    char zManifest[8192], zSha[65];
    if ((size_t)snprintf(zPath, sizeof(zPath), "%s/%s.merge.csv.gz", zOut, zMonth) >= sizeof(zPath)
        || (size_t)snprintf(zManifest, sizeof(zManifest), "%s/%s/manifest.json", zOut, zMonth) >= sizeof(zManifest))
        return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", zOut);
    pr_error rc = pr_sha256_file(zManifest, zSha, pErr);
    if (!rc) rc = pr_persons_init(&x, p, 0, pErr);
    if (!rc) {
        part_src s = { p, &x };
        rc = pr_mergepart_write(p, zSha, part_line, &s, zPath, pErr);
    }
    pr_persons_clear(&x);
    return rc;
}

/* ---- reading the shards ----------------------------------------------------- */

/* zShardOut/shard-K/<zMonth><zTail> into z[n]; -1 if too long. */
static int shard_path(const pr_merge *m, int k, const char *zTail, char *z, size_t n)
{
    return (size_t)snprintf(z, n, "%s/shard-%d/%s%s", m->zShardOut, k, m->zMonth, zTail) >= n ? -1 : 0;
}

static char *keep(pr_merge *m, const char *z, size_t n)
{
    return pr_arena_strndup(&m->arena, z, n);
}

/* z[0,n) as a string of the arena, the same pointer for the same text:
 * the bank, basis and reference of most lines repeat (a district's
 * allowance has one basis), so they are kept once. NULL if out of memory. */
static const char *intern(pr_merge *m, const char *z, size_t n)
{
    if (m->nIntern * 2 >= m->nInternCap) {
        size_t nNew = m->nInternCap ? m->nInternCap * 2 : 4096;
        const char **az = calloc(nNew, sizeof(*az));
        if (!az) return NULL;
        for (size_t i = 0; i < m->nInternCap; i++) {
            const char *y = m->azIntern[i];
            if (!y) continue;
            size_t h = (size_t)pr_hash_mem(PR_HASH_SEED, y, strlen(y)) & (nNew - 1);
            while (az[h]) h = (h + 1) & (nNew - 1);
            az[h] = y;
        }
        free(m->azIntern);
        m->azIntern = az;
        m->nInternCap = nNew;
    }
    size_t h = (size_t)pr_hash_mem(PR_HASH_SEED, z, n) & (m->nInternCap - 1);
    for (; m->azIntern[h]; h = (h + 1) & (m->nInternCap - 1)) {
        const char *y = m->azIntern[h];
        if (strncmp(y, z, n) == 0 && y[n] == 0) return y;
    }
    const char *y = keep(m, z, n);
    if (y) {
        m->azIntern[h] = y;
        m->nIntern++;
    }
    return y;
}

static pr_error part_input(void *pArg, const pr_mp_input *in, pr_err *pErr)
{
    pr_merge *m = pArg;
    if (in->iRank >= PR_MAX_INPUTS) return pr_err_set(pErr, PR_ERR_CSV, "rank %u out of range", in->iRank);
    if ((int)in->iRank >= m->nIn) {
        merge_input *a = realloc(m->aIn, ((size_t)in->iRank + 1) * sizeof(*a));
        if (!a) return pr_err_nomem(pErr, "merging the shards");
        m->aIn = a;
        for (int r = m->nIn; r <= (int)in->iRank; r++) {
            memset(&a[r], 0, sizeof(a[r]));
            a[r].iFirst = -1;
        }
        m->nIn = (int)in->iRank + 1;
    }
    merge_input *x = &m->aIn[in->iRank];
    if (x->iFirst < 0) {
        if (!(x->zPath = keep(m, in->zPath, strlen(in->zPath)))) return pr_err_nomem(pErr, "merging the shards");
        x->eRoster = in->eRoster;
        x->eEnc = in->eEnc;
        x->bGzip = in->bGzip;
        memcpy(x->zSha, in->zSha, sizeof(x->zSha));
        x->iFirst = m->iShard;
    } else if (strcmp(x->zPath, in->zPath) || x->eRoster != in->eRoster || strcmp(x->zSha, in->zSha) || x->eEnc != in->eEnc
               || x->bGzip != in->bGzip) {
        return pr_err_set(pErr, PR_ERR_CSV, "roster file %u is %s here but %s (or another copy of it) in shard %d:"
                          " the shards were not split from the same files", in->iRank, in->zPath, x->zPath, x->iFirst);
    }
    x->nRows += in->nRows;
    for (int s = 0; s < ST_COUNT; s++) x->aCount[s] += in->aCount[s];
    if (m->nPath == m->nPathCap) {
        int nNew = m->nPathCap ? m->nPathCap * 2 : 16;
        path_rank *a = realloc(m->aPath, (size_t)nNew * sizeof(*a));
        if (!a) return pr_err_nomem(pErr, "merging the shards");
        m->aPath = a;
        m->nPathCap = nNew;
    }
    m->aPath[m->nPath++] = (path_rank){ x->zPath, in->iRank };
    return PR_OK;
}

static pr_error part_program(void *pArg, pr_prog eProg, const uint32_t *aCount, pr_err *pErr)
{
    pr_merge *m = pArg;
    (void)pErr;
    for (int s = 0; s < ST_COUNT; s++) m->b->aProgCount[eProg][s] += aCount[s];
    return PR_OK;
}

static pr_error part_line_read(void *pArg, const pr_mp_line *l, pr_err *pErr)
{
    pr_merge *m = pArg;
    if (m->nX == m->nXCap) return pr_err_set(pErr, PR_ERR_CSV, "more lines than the shards' manifests list");
    line_extra *x = &m->aX[m->nX];
    x->eAcct = (uint8_t)l->eAcct;
    x->zKey = keep(m, l->zKey, strlen(l->zKey));
    x->zHead = l->zHead ? keep(m, l->zHead, strlen(l->zHead)) : NULL;
    if (!x->zKey || (l->zHead && !x->zHead)) return pr_err_nomem(pErr, "merging the shards");
    m->nX++;
    /* the line the ledger will give, its persons set now */
    assert(m->b->nLineCap >= m->nX);
    memset(&m->b->aLine[m->nX - 1], 0, sizeof(pr_line));
    m->b->aLine[m->nX - 1].nPersons = l->nPersons;
    return PR_OK;
}

static int cmp_path_rank(const void *a, const void *b)
{
    return strcmp(((const path_rank *)a)->zPath, ((const path_rank *)b)->zPath);
}

/* Reads shard k's part. */
static pr_error read_part(pr_merge *m, int k, pr_err *pErr)
{
    char zPath[8192];
    if (shard_path(m, k, ".merge.csv.gz", zPath, sizeof(zPath))) return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", m->zShardOut);
    pr_mp_reader r = { part_input, part_program, part_line_read, m };
    m->nPath = 0;
    pr_error rc = pr_mergepart_read(zPath, m->b->iMonth, m->aShard[k].zSha, &r, pErr);
    if (rc) return rc;
    qsort(m->aPath, (size_t)m->nPath, sizeof(*m->aPath), cmp_path_rank);
    for (int i = 1; i < m->nPath; i++)
        if (!strcmp(m->aPath[i].zPath, m->aPath[i - 1].zPath))
            return pr_err_set(pErr, PR_ERR_CSV, "%s: the file %s is given twice: its findings cannot be told apart", zPath, m->aPath[i].zPath);
    return PR_OK;
}

/* Line i of b from a good ledger record. 0, or -1 with pErr set. */
static int ledger_line(pr_merge *m, int i, const pr_lrec *rec, pr_err *pErr)
{
    const pr_field *a = rec->pRow->aField;
    pr_line *l = &m->b->aLine[i];
    pr_area eArea = AREA_NONE;
    if (!pr_field_eq(a[LCOL_AREA], "*") && pr_area_parse(a[LCOL_AREA].z, a[LCOL_AREA].n, &eArea)) {
        pr_err_set(pErr, PR_ERR_CSV, "%u: bad area", rec->iLine);
        return -1;
    }
    if (rec->iPaySeq && rec->iPayMonth != m->b->iMonth) {
        pr_err_set(pErr, PR_ERR_CSV, "%u: a pay_ref of another month", rec->iLine);
        return -1;
    }
    const char **az[] = { &l->zBeneficiary, &l->zHousehold, &l->zPerson, &l->zName, &l->zPayee, &l->zBank, &l->zAccount,
                          &l->zBasis, &l->zReference };
    static const int aiCol[] = { LCOL_BENEFICIARY, LCOL_HOUSEHOLD, LCOL_PERSON, LCOL_NAME, LCOL_PAYEE, LCOL_BANK, LCOL_ACCOUNT,
                                 LCOL_BASIS, LCOL_REFERENCE };
    for (size_t f = 0; f < sizeof(aiCol) / sizeof(aiCol[0]); f++) {
        const pr_field *x = &a[aiCol[f]];
        int bShared = aiCol[f] == LCOL_BANK || aiCol[f] == LCOL_BASIS || aiCol[f] == LCOL_REFERENCE;
        if (!(*az[f] = bShared ? intern(m, x->z, x->n) : keep(m, x->z, x->n))) { pr_err_nomem(pErr, "merging the shards"); return -1; }
    }
    l->eProg = (uint8_t)rec->eProg;
    l->eArea = (uint8_t)eArea;
    l->iDistrict = rec->iDistrict;
    l->zTown = l->zVillage = "";
    l->nAmount = rec->nFen;
    l->nIncome = -1;
    l->eType = (uint8_t)rec->eType;
    l->iPeriod = rec->iPeriod;
    l->iPaySeq = rec->iPaySeq;
    return 0;
}

/* Records that district iCode's lines come from shard k. */
static int own_district(pr_merge *m, int k, int iCode, uint32_t iLine, pr_err *pErr)
{
    int d = pr_batch_district_index(m->b, iCode);
    if (d < 0) { pr_err_set(pErr, PR_ERR_CSV, "%u: district %06d is not declared for the month", iLine, iCode); return -1; }
    if (m->aiOwner[d] >= 0 && m->aiOwner[d] != k) {
        pr_err_set(pErr, PR_ERR_CSV, "%u: district %06d has lines in shard %d too: the shards are not of one plan", iLine, iCode,
                   m->aiOwner[d]);
        return -1;
    }
    m->aiOwner[d] = k;
    return 0;
}

/* Reads shard k's ledger into the lines its part made room for. */
static pr_error read_ledger(pr_merge *m, int k, pr_err *pErr)
{
    char zPath[8192];
    pr_err e;
    pr_err_init(&e);
    pr_error rc = PR_OK;
    if (shard_path(m, k, "/ledger.csv.gz", zPath, sizeof(zPath))) return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", m->zShardOut);
    pr_ledger_reader *pRd = pr_ledger_reader_open(zPath, pErr);
    if (!pRd) return pErr ? pErr->rc : PR_ERR_IO;
    int i = m->nLineShard0;
    for (;;) {
        pr_lrec rec;
        int n = pr_ledger_reader_next(pRd, &rec, &e);
        if (n < 0) { rc = pr_err_set(pErr, e.rc, "%s: %s", zPath, e.zMsg); goto cleanup; }
        if (n == 0) break;
        if ((rc = pr_ledger_record_error(zPath, &rec, pErr))) goto cleanup;
        if (rec.bLegacy) { rc = pr_err_set(pErr, PR_ERR_CSV, "%s: a ledger of before the payment cycle", zPath); goto cleanup; }
        if (rec.bHeader) continue;
        if (i >= m->nX) { rc = pr_err_set(pErr, PR_ERR_CSV, "%s:%u: more lines than the shard's merge part", zPath, rec.iLine); goto cleanup; }
        if (ledger_line(m, i, &rec, &e) || own_district(m, k, rec.iDistrict, rec.iLine, &e)) {
            rc = e.rc == PR_ERR_NOMEM ? pr_err_nomem(pErr, "merging the shards") : pr_err_set(pErr, e.rc, "%s:%s", zPath, e.zMsg);
            goto cleanup;
        }
        i++;
    }
    if (i != m->nX) rc = pr_err_set(pErr, PR_ERR_CSV, "%s: %d lines, but the shard's merge part has %d", zPath, i - m->nLineShard0,
                                    m->nX - m->nLineShard0);
cleanup:
    pr_ledger_reader_free(pRd);
    return rc;
}

static pr_error exc_row(void *pArg, const pr_exc_row *x, pr_err *pErr)
{
    pr_merge *m = pArg;
    uint32_t iFile;
    if (!strcmp(x->zFile, m->b->pPolicy->zPath)) {
        if (m->iShard != 0) return PR_OK;   /* every shard has the policy file's findings: shard 0's are kept */
        iFile = PR_FILE_POLICY;
    } else {
        path_rank key = { x->zFile, 0 };
        const path_rank *p = bsearch(&key, m->aPath, (size_t)m->nPath, sizeof(*m->aPath), cmp_path_rank);
        if (!p) return pr_err_set(pErr, PR_ERR_CSV, "%s is none of the shard's roster files", x->zFile);
        iFile = p->iRank;
    }
    if (m->nFind == m->nFindCap) {
        size_t nNew = m->nFindCap ? m->nFindCap * 2 : 1024;
        pr_finding *a = realloc(m->aFind, nNew * sizeof(*a));
        if (!a) return pr_err_nomem(pErr, "merging the shards");
        m->aFind = a;
        m->nFindCap = nNew;
    }
    pr_finding *f = &m->aFind[m->nFind];
    f->iFile = iFile;
    f->iLine = x->iLine;
    f->eProg = (uint8_t)x->eProg;
    f->eStatus = (uint8_t)x->eStatus;
    f->zCode = keep(m, x->zCode, strlen(x->zCode));
    f->zId = keep(m, x->zId, strlen(x->zId));
    f->zMsg = keep(m, x->zMsg, strlen(x->zMsg));
    if (!f->zCode || !f->zId || !f->zMsg) return pr_err_nomem(pErr, "merging the shards");
    m->nFind++;
    return PR_OK;
}

/* Checks shard k's month folder as payrun verify does: every file the
 * merge reads or copies is the one its manifest lists. */
static pr_error verify_shard(pr_merge *m, int k, pr_err *pErr)
{
    char zDir[8192], *zOut = NULL;
    size_t nOut = 0;
    if (shard_path(m, k, "", zDir, sizeof(zDir))) return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", m->zShardOut);
    FILE *pOut = open_memstream(&zOut, &nOut);
    if (!pOut) return pr_err_nomem(pErr, "checking a shard");
    pr_err e;
    pr_err_init(&e);
    int v = pr_verify_month(zDir, pOut, &e);
    fclose(pOut);
    pr_error rc = PR_OK;
    if (v == PR_VERIFY_UNREADABLE) rc = pr_err_set(pErr, e.rc ? e.rc : PR_ERR_MANIFEST, "%s", e.zMsg);
    else if (v != PR_VERIFY_OK) {
        size_t n = zOut ? strcspn(zOut, "\n") : 0;
        rc = pr_err_set(pErr, PR_ERR_MANIFEST, "%s: the shard's month does not match its manifest: %.*s", zDir, (int)(n > 400 ? 400 : n),
                        zOut ? zOut : "");
    }
    free(zOut);
    return rc;
}

/* Shard k's manifest: its SHA-256, and that its month was written whole. */
static pr_error read_manifest(pr_merge *m, int k, pr_err *pErr)
{
    char zPath[8192];
    pr_manifest man;
    memset(&man, 0, sizeof(man));
    if (shard_path(m, k, "/manifest.json", zPath, sizeof(zPath))) return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", m->zShardOut);
    pr_error rc = pr_manifest_read(zPath, &man, pErr);
    if (rc) return rc;
    if (man.iMonth != m->b->iMonth) rc = pr_err_set(pErr, PR_ERR_MANIFEST, "%s: a month other than %s", zPath, m->zMonth);
    else if (strcmp(man.zStatus, "ok"))
        rc = pr_err_set(pErr, PR_ERR_MANIFEST, "%s: the shard's month is %s (see its summary.xlsx): it has no ledger to merge", zPath,
                        man.zStatus);
    if (!rc) m->nLineAll += man.all.nLines;
    pr_manifest_clear(&man);
    if (!rc) {
        m->aShard[k].iShard = k;
        rc = pr_sha256_file(zPath, m->aShard[k].zSha, pErr);
    }
    return rc;
}

/* Reads shard k, whose manifest pr_merge_load read first: checks its folder
 * against that manifest, then reads its part, ledger and exceptions. */
static pr_error read_shard(pr_merge *m, int k, pr_err *pErr)
{
    char zPath[8192];
    m->iShard = k;
    m->nLineShard0 = m->nX;
    pr_error rc;
    if ((rc = verify_shard(m, k, pErr)) || (rc = read_part(m, k, pErr)) || (rc = read_ledger(m, k, pErr))) return rc;
    m->b->nLine = m->nX;
    if (shard_path(m, k, "/exceptions.csv", zPath, sizeof(zPath))) return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", m->zShardOut);
    return pr_exceptions_read(zPath, exc_row, m, pErr);
}

/* ---- the whole month -------------------------------------------------------- */

typedef struct line_order {
    int32_t iDistrict;           /* the line's district index */
    int32_t i;                   /* its place as read */
} line_order;

static int cmp_line_order(const void *a, const void *b)
{
    const line_order *x = a, *y = b;
    if (x->iDistrict != y->iDistrict) return x->iDistrict < y->iDistrict ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* The lines in the ledger's order (district, then each shard's own order,
 * which is a run's within a district) with their extras, put in place by
 * following the permutation's cycles (no second copy of the lines), and
 * the totals. */
static pr_error order_lines(pr_merge *m, pr_err *pErr)
{
    pr_batch *b = m->b;
    int n = b->nLine;
    line_order *aO = pr_big_malloc(((size_t)n + 1) * sizeof(*aO));
    if (!aO) return pr_err_nomem(pErr, "merging the shards");
    for (int i = 0; i < n; i++) aO[i] = (line_order){ pr_batch_district_index(b, b->aLine[i].iDistrict), i };
    qsort(aO, (size_t)n, sizeof(*aO), cmp_line_order);
    /* position j takes the line read at aO[j].i; a done position is marked i = -1 */
    for (int s = 0; s < n; s++) {
        if (aO[s].i < 0 || aO[s].i == s) { aO[s].i = -1; continue; }
        pr_line l = b->aLine[s];
        line_extra x = m->aX[s];
        int j = s;
        for (;;) {
            int k = aO[j].i;
            aO[j].i = -1;
            if (k == s) {
                b->aLine[j] = l;
                m->aX[j] = x;
                break;
            }
            b->aLine[j] = b->aLine[k];
            m->aX[j] = m->aX[k];
            j = k;
        }
    }
    for (int i = 0; i < n; i++) {
        const pr_line *l = &b->aLine[i];
        assert(i == 0 || aO[i].iDistrict >= aO[i - 1].iDistrict);
        pr_total *t = &b->aTotal[aO[i].iDistrict * PROG_COUNT + l->eProg];
        t->nLines++;
        t->nPersons += l->nPersons;
        t->nFen += l->nAmount;
    }
    free(aO);
    return PR_OK;
}

/* The roster files into b, in rank order. */
static pr_error add_inputs(pr_merge *m, pr_err *pErr)
{
    for (int r = 0; r < m->nIn; r++) {
        const merge_input *x = &m->aIn[r];
        if (x->iFirst < 0)
            return pr_err_set(pErr, PR_ERR_CSV, "no shard has roster file %d of the month (of %d): is a shard missing?", r, m->nIn);
        if (pr_batch_add_input(m->b, x->zPath, x->eRoster)) return pr_err_nomem(pErr, "merging the shards");
        pr_input *in = &m->b->aInput[m->b->nInput - 1];
        in->iRank = (uint32_t)r;
        memcpy(in->zSha, x->zSha, sizeof(in->zSha));
        in->eEnc = x->eEnc;
        in->bGzip = x->bGzip;
        in->nRows = x->nRows;
        memcpy(in->aCount, x->aCount, sizeof(in->aCount));
    }
    return PR_OK;
}

static int cmp_head(const void *a, const void *b)
{
    return strcmp(((const head_ent *)a)->zHousehold, ((const head_ent *)b)->zHousehold);
}

/* The households' heads, by id. */
static pr_error make_heads(pr_merge *m, pr_err *pErr)
{
    int n = 0;
    m->aHead = malloc(((size_t)m->nX + 1) * sizeof(*m->aHead));
    if (!m->aHead) return pr_err_nomem(pErr, "merging the shards");
    for (int i = 0; i < m->nX; i++)
        if (m->aX[i].eAcct == MP_ACCT_HOUSEHOLD) m->aHead[n++] = (head_ent){ m->aX[i].zKey, m->aX[i].zHead };
    qsort(m->aHead, (size_t)n, sizeof(*m->aHead), cmp_head);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!k || strcmp(m->aHead[i].zHousehold, m->aHead[k - 1].zHousehold)) m->aHead[k++] = m->aHead[i];
    m->nHead = k;
    return PR_OK;
}

/* ---- the hooks of publishing ------------------------------------------------ */

/* Copies zFrom to zTo. */
static pr_error copy_file(const char *zFrom, const char *zTo, pr_err *pErr)
{
    pr_error rc = PR_OK;
    char *zBuf = malloc(COPY_BUF);
    FILE *pIn = fopen(zFrom, "rb"), *pOut = NULL;
    if (!zBuf) { rc = pr_err_nomem(pErr, "copying a workbook"); goto cleanup; }
    if (!pIn) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot open: %s", zFrom, strerror(errno)); goto cleanup; }
    if (!(pOut = fopen(zTo, "wb"))) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot create: %s", zTo, strerror(errno)); goto cleanup; }
    size_t n;
    while ((n = fread(zBuf, 1, COPY_BUF, pIn)) > 0)
        if (fwrite(zBuf, 1, n, pOut) != n) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", zTo, strerror(errno)); goto cleanup; }
    if (ferror(pIn)) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot read: %s", zFrom, strerror(errno));
cleanup:
    if (pOut && fclose(pOut) != 0 && !rc) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", zTo, strerror(errno));
    if (pIn) fclose(pIn);
    free(zBuf);
    return rc;
}

static pr_error merge_book(void *pArg, int iDistrict, const char *zName, const char *zPath, pr_err *pErr)
{
    const pr_merge *m = pArg;
    char zFrom[8192];
    assert(iDistrict >= 0 && iDistrict < m->b->nDistrict);
    /* a district without lines has the same empty book in every shard */
    int k = m->aiOwner[iDistrict] >= 0 ? m->aiOwner[iDistrict] : 0;
    if ((size_t)snprintf(zFrom, sizeof(zFrom), "%s/shard-%d/%s/%s", m->zShardOut, k, m->zMonth, zName) >= sizeof(zFrom))
        return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", m->zShardOut);
    return copy_file(zFrom, zPath, pErr);
}

static int merge_acct_key(void *pArg, int iLine, const char **pzKey, int *pbPerson)
{
    const pr_merge *m = pArg;
    assert(iLine >= 0 && iLine < m->nX);
    const line_extra *x = &m->aX[iLine];
    if (x->eAcct == MP_ACCT_NONE) return 0;
    *pzKey = x->zKey;
    *pbPerson = x->eAcct == MP_ACCT_PERSON;
    return 1;
}

static const char *merge_head(void *pArg, const char *zHousehold)
{
    const pr_merge *m = pArg;
    head_ent key = { zHousehold, NULL };
    const head_ent *h = bsearch(&key, m->aHead, (size_t)m->nHead, sizeof(*m->aHead), cmp_head);
    return h ? h->zHead : NULL;
}

static pr_changes *merge_changes(void *pArg, const pr_batch *p, pr_err *pErr)
{
    pr_merge *m = pArg;
    pr_changes *c = pr_changes_new(pErr);
    pr_acct_source src = { merge_acct_key, merge_head, m };
    if (c && pr_accounts_shared_from(c, p, &src, pErr)) {
        pr_changes_free(c);
        return NULL;
    }
    return c;
}

/* ---- load ------------------------------------------------------------------------ */

pr_merge *pr_merge_load(pr_batch *b, const char *zShardOut, int nShard, pr_err *pErr)
{
    assert(nShard >= 1 && nShard <= PR_MERGE_MAX_SHARDS && b->nInput == 0 && b->nLine == 0);
    pr_error rc = PR_OK;
    pr_err e;
    pr_err_init(&e);
    pr_merge *m = calloc(1, sizeof(*m));
    if (!m) { pr_err_nomem(pErr, "merging the shards"); return NULL; }
    pr_arena_init(&m->arena);
    m->b = b;
    m->zShardOut = zShardOut;
    m->nShard = nShard;
    pr_month_format(b->iMonth, m->zMonth);
    m->aiOwner = malloc(((size_t)b->nDistrict + 1) * sizeof(*m->aiOwner));
    m->aShard = calloc((size_t)nShard, sizeof(*m->aShard));
    if (!m->aiOwner || !m->aShard) { rc = pr_err_nomem(pErr, "merging the shards"); goto cleanup; }
    for (int d = 0; d < b->nDistrict; d++) m->aiOwner[d] = -1;
    /* every shard's manifest first: the lines of the month, to make room for them once */
    for (int k = 0; k < nShard && !rc; k++) {
        if ((rc = read_manifest(m, k, &e)))
            rc = e.rc == PR_ERR_NOMEM ? pr_err_nomem(pErr, "merging the shards") : pr_err_set(pErr, rc, "shard %d: %s", k, e.zMsg);
    }
    if (!rc && m->nLineAll >= INT32_MAX) rc = pr_err_set(pErr, PR_ERR_TOO_BIG, "%lld lines: more than one merge holds", (long long)m->nLineAll);
    if (!rc) {
        b->aLine = pr_big_malloc(((size_t)m->nLineAll + 1) * sizeof(*b->aLine));
        m->aX = pr_big_malloc(((size_t)m->nLineAll + 1) * sizeof(*m->aX));
        if (!b->aLine || !m->aX) rc = pr_err_nomem(pErr, "merging the shards");
        b->nLineCap = m->nXCap = (int)m->nLineAll;
    }
    for (int k = 0; k < nShard && !rc; k++) {
        if ((rc = read_shard(m, k, &e)))
            rc = e.rc == PR_ERR_NOMEM ? pr_err_nomem(pErr, "merging the shards") : pr_err_set(pErr, rc, "shard %d: %s", k, e.zMsg);
    }
    if (rc || (rc = add_inputs(m, pErr)) || (rc = order_lines(m, pErr)) || (rc = make_heads(m, pErr))) goto cleanup;
    if ((rc = pr_findings_sort(m->aFind, m->nFind))) { pr_err_nomem(pErr, "sorting the findings"); goto cleanup; }
    if (m->nFind > INT32_MAX) { rc = pr_err_nomem(pErr, "merging the findings"); goto cleanup; }
    b->aFind = m->aFind;
    b->nFind = (int)m->nFind;
    m->aFind = NULL;
    m->pub = (pr_publish_merge){ merge_book, merge_changes, m, m->aShard, nShard };
cleanup:
    if (rc) {
        pr_merge_free(m);
        return NULL;
    }
    return m;
}

const pr_publish_merge *pr_merge_publish(pr_merge *m)
{
    return &m->pub;
}

void pr_merge_free(pr_merge *m)
{
    if (!m) return;
    pr_arena_clear(&m->arena);
    free(m->aIn);
    free(m->aX);
    free(m->aiOwner);
    free(m->aShard);
    free(m->aHead);
    free(m->aFind);
    free(m->aPath);
    free(m->azIntern);
    free(m);
}
