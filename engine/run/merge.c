/*
 * merge.c - `payrun merge` (merge.h), holding one shard's lines at a time.
 * Each shard is checked against its manifest and the others (one month,
 * one plan, the same files under the same ranks, as many part rows as
 * ledger lines), then its lines are read and spooled to a temporary
 * folder (formats/linespool.h): each district's lines as the ledger has
 * them; each (bank, programme, district) group in its bank workbook's
 * order; the lines that count for the shared accounts into partitions by
 * account. The month is then published as a run publishes it, with hooks
 * that stand for the lines it does not hold: the ledger and the bank
 * workbooks and import files are written from the spool a group at a
 * time, the shared accounts a partition at a time, and the district
 * workbooks and notices are copied from their shard.
 */
#include "run/merge.h"
#include "run/verify.h"
#include "formats/bank_book.h"
#include "formats/bank_import.h"
#include "formats/exceptions.h"
#include "formats/ledger.h"
#include "formats/linespool.h"
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
#include <sys/stat.h>
#include <unistd.h>

#define COPY_BUF ((size_t)1 << 20)   /* bytes copied at a time */
#define MAX_PARTS 256                /* most partitions of the shared accounts */
#define LEDGER_PIECE 4096            /* spooled lines read into one arena for the ledger */

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
    const char *zKey;            /* household id or person ID (the window's) */
    const char *zHead;           /* a household's head's name, or NULL */
} line_extra;

/* A roster file of the shard being read, by path, for its findings. */
typedef struct path_rank {
    const char *zPath;           /* the file */
    uint32_t iRank;              /* its rank */
} path_rank;

/* A household and its head's name, for the shared accounts. */
typedef struct head_ent {
    const char *zHousehold;      /* its id (the arena's), NULL for a free slot */
    const char *zHead;           /* its head's name (the arena's), or NULL */
} head_ent;

/* A run of spooled lines: a district's ledger lines, or one (bank,
 * programme, district) group in its workbook's order. */
typedef struct spool_chunk {
    int32_t iBank;               /* the bank (m->aBank; its rank once sorted), or -1 for a ledger chunk */
    int32_t iDistrict;           /* district index */
    int32_t eProg;               /* programme (bank chunks) */
    int32_t nLine;               /* lines */
    int64_t iOffset;             /* where its first line starts in the spool */
} spool_chunk;

/* A bank of the month, as the books name it. */
typedef struct merge_bank {
    const char *zName;           /* its name (the arena's) */
    int iId;                     /* its id as found (the chunks' until sorted) */
    int64_t nLines;              /* lines */
    pr_bank_tally tally;         /* rows and money */
} merge_bank;

struct pr_merge {
    pr_batch *b;                 /* the month being merged, borrowed; its lines
                                  * are one shard's while the shards are read */
    const char *zShardOut;       /* the folder of shard-K/, borrowed */
    int nShard;                  /* shards */
    char zMonth[8];              /* "YYYY-MM" */
    pr_arena arena;              /* the strings that outlive a shard */
    pr_arena win;                /* the strings of the shard being read */
    merge_input *aIn;            /* the month's roster files by rank; owned */
    int nIn;                     /* entries in aIn (the largest rank + 1) */
    line_extra *aX;              /* one per line of the shard being read; owned */
    int nX;                      /* used (room for the largest shard's lines) */
    int64_t *anShardLines;       /* [nShard] the lines each shard's manifest lists; owned */
    int64_t nLineAll;            /* all of them */
    int nLineMax;                /* the most of one shard */
    int *aiOwner;                /* [district index] the shard of its lines, or -1; owned */
    int64_t *anHouse;            /* [district index] DIBAO households paid; owned */
    pr_manifest_shard *aShard;   /* each shard's manifest SHA-256; owned */
    pr_finding *aFind;           /* findings read; owned until moved to b */
    size_t nFind, nFindCap;      /* used and allocated */
    path_rank *aPath;            /* the shard's roster files by path; owned */
    int nPath, nPathCap;         /* used and allocated */
    int iShard;                  /* the shard being read */
    char zSpool[8192];           /* the spool folder, "" until made */
    char zLines[8200];           /* its file of lines */
    FILE *pLines;                /* that file, while the shards are read */
    int64_t iLinesAt;            /* bytes written into it */
    spool_chunk *aChunk;         /* the chunks; owned */
    int nChunk;                  /* used */
    size_t nChunkCap;            /* allocated */
    int nLedgerChunk;            /* the ledger chunks, first once sorted */
    int *aiBankChunk;            /* [nBank + 1] each bank's first chunk once sorted; owned */
    merge_bank *aBank;           /* the banks (by name once sorted); owned */
    int nBank;                   /* used */
    size_t nBankCap;             /* allocated */
    const char **azBank;         /* [nBank] their names, for publishing; owned */
    int64_t *anBankLines;        /* [nBank] their lines; owned */
    pr_bank_tally *aBankTally;   /* [nBank] their rows and money; owned */
    head_ent *aHeadless;         /* households some shard's lines name without a head
                                  * (the household is another shard's), open addressing,
                                  * with the head's name once found; owned */
    size_t nHeadless, nHeadlessCap;  /* used, slots (a power of 2) */
    int nPart;                   /* partitions of the shared accounts */
    FILE *apPart[MAX_PARTS];     /* their files, while the shards are read */
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

/* z[0,n) as a string of the shard being read. */
static char *keep_win(pr_merge *m, const char *z, size_t n)
{
    return pr_arena_strndup(&m->win, z, n);
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
    if (m->nX == m->anShardLines[m->iShard]) return pr_err_set(pErr, PR_ERR_CSV, "more lines than the shard's manifest lists");
    line_extra *x = &m->aX[m->nX];
    x->eAcct = (uint8_t)l->eAcct;
    x->zKey = keep_win(m, l->zKey, strlen(l->zKey));
    x->zHead = l->zHead ? keep_win(m, l->zHead, strlen(l->zHead)) : NULL;
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
    pr_mp_reader r = { part_input, part_program, part_line_read, NULL, m };
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
        if (!(*az[f] = keep_win(m, x->z, x->n))) { pr_err_nomem(pErr, "merging the shards"); return -1; }
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
    int i = 0;
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
    if (i != m->nX) rc = pr_err_set(pErr, PR_ERR_CSV, "%s: %d lines, but the shard's merge part has %d", zPath, i, m->nX);
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
    if (!rc && (man.all.nLines < 0 || man.all.nLines >= INT32_MAX))
        rc = pr_err_set(pErr, PR_ERR_TOO_BIG, "%s: %lld lines: more than one shard may have", zPath, (long long)man.all.nLines);
    if (!rc) {
        m->anShardLines[k] = man.all.nLines;
        m->nLineAll += man.all.nLines;
        if (man.all.nLines > m->nLineMax) m->nLineMax = (int)man.all.nLines;
    }
    pr_manifest_clear(&man);
    if (!rc) {
        m->aShard[k].iShard = k;
        rc = pr_sha256_file(zPath, m->aShard[k].zSha, pErr);
    }
    return rc;
}

/* ---- the spool ---------------------------------------------------------------- */

/* Makes the spool folder in zShardOut and opens its files. */
static pr_error spool_open(pr_merge *m, pr_err *pErr)
{
    if ((size_t)snprintf(m->zSpool, sizeof(m->zSpool), "%s/merge-spool.XXXXXX", m->zShardOut) >= sizeof(m->zSpool) - 64)
        return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", m->zShardOut);
    if (!mkdtemp(m->zSpool)) {
        pr_error rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot make the merge's spool folder: %s", m->zSpool, strerror(errno));
        m->zSpool[0] = '\0';
        return rc;
    }
    snprintf(m->zLines, sizeof(m->zLines), "%s/lines", m->zSpool);
    if (!(m->pLines = fopen(m->zLines, "wb+"))) return pr_err_set(pErr, PR_ERR_IO, "%s: cannot create: %s", m->zLines, strerror(errno));
    /* partitions of about half the largest shard's lines each, so that one
     * partition's accounts take less room than a shard */
    int64_t nPart = m->nLineMax ? 2 * m->nLineAll / m->nLineMax + 1 : 1;
    /* PAYRUN_MERGE_PARTS: another count, for the tests (the bytes are the same whatever it is) */
    const char *zParts = getenv("PAYRUN_MERGE_PARTS");
    char *zEnd = NULL;
    long nEnv = zParts ? strtol(zParts, &zEnd, 10) : 0;
    if (zParts && *zEnd == '\0' && nEnv > 0) nPart = nEnv;
    m->nPart = (int)(nPart > MAX_PARTS ? MAX_PARTS : nPart);
    for (int k = 0; k < m->nPart; k++) {
        char zPath[8300];
        snprintf(zPath, sizeof(zPath), "%s/accounts-%d", m->zSpool, k);
        if (!(m->apPart[k] = fopen(zPath, "wb"))) return pr_err_set(pErr, PR_ERR_IO, "%s: cannot create: %s", zPath, strerror(errno));
    }
    return PR_OK;
}

/* Closes the spool's files, checking that they were written whole (pErr
 * may be NULL). PR_OK or an error. */
static pr_error spool_close(pr_merge *m, pr_err *pErr)
{
    pr_error rc = PR_OK;
    if (m->pLines && pErr && getenv("PAYRUN_TRACE")) {
        long long nPart = 0;
        for (int k = 0; k < m->nPart; k++) nPart += m->apPart[k] ? (long long)ftello(m->apPart[k]) : 0;
        fprintf(stderr, "payrun: trace merge spool %lld bytes of lines in %d chunks, %lld bytes in %d account partitions\n",
                (long long)m->iLinesAt, m->nChunk, nPart, m->nPart);
    }
    if (m->pLines && fclose(m->pLines) != 0) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", m->zLines, strerror(errno));
    m->pLines = NULL;
    for (int k = 0; k < m->nPart; k++) {
        if (m->apPart[k] && fclose(m->apPart[k]) != 0 && !rc)
            rc = pr_err_set(pErr, PR_ERR_IO, "%s/accounts-%d: cannot write: %s", m->zSpool, k, strerror(errno));
        m->apPart[k] = NULL;
    }
    return rc;
}

/* Removes the spool folder and what it holds. */
static void spool_remove(pr_merge *m)
{
    if (!m->zSpool[0]) return;
    spool_close(m, NULL);
    unlink(m->zLines);
    for (int k = 0; k < m->nPart; k++) {
        char zPath[8300];
        snprintf(zPath, sizeof(zPath), "%s/accounts-%d", m->zSpool, k);
        unlink(zPath);
    }
    rmdir(m->zSpool);
    m->zSpool[0] = '\0';
}

/* Spools the lines ai[i,j) of the shard (ai NULL: i..j-1) as one chunk. */
static pr_error spool_chunk_add(pr_merge *m, int iBank, int d, int eProg, const int *ai, int i, int j, pr_err *pErr)
{
    spool_chunk *a = pr_array_room(m->aChunk, sizeof(*a), (size_t)m->nChunk, &m->nChunkCap, 256);
    if (!a) return pr_err_nomem(pErr, "merging the shards");
    m->aChunk = a;
    m->aChunk[m->nChunk++] = (spool_chunk){ iBank, d, eProg, j - i, m->iLinesAt };
    for (int k = i; k < j; k++)
        if (pr_spool_put(m->pLines, &m->b->aLine[ai ? ai[k] : k], NULL))
            return pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", m->zLines, strerror(errno));
    off_t at = ftello(m->pLines);
    if (at < 0) return pr_err_set(pErr, PR_ERR_IO, "%s: %s", m->zLines, strerror(errno));
    m->iLinesAt = (int64_t)at;
    return PR_OK;
}

/* The bank named zName: its id in m->aBank, added if new; -1 if out of memory. */
static int bank_id(pr_merge *m, const char *zName)
{
    for (int k = m->nBank - 1; k >= 0; k--)
        if (!strcmp(m->aBank[k].zName, zName)) return k;
    merge_bank *a = pr_array_room(m->aBank, sizeof(*a), (size_t)m->nBank, &m->nBankCap, 16);
    if (!a) return -1;
    m->aBank = a;
    merge_bank *x = &m->aBank[m->nBank];
    memset(x, 0, sizeof(*x));
    if (!(x->zName = keep(m, zName, strlen(zName)))) return -1;
    x->iId = m->nBank;
    return m->nBank++;
}

/* The shard's ledger chunks (a district's lines each), and its totals and
 * DIBAO households. */
static pr_error spool_ledger(pr_merge *m, pr_err *pErr)
{
    pr_batch *b = m->b;
    pr_error rc = PR_OK;
    for (int i = 0, j; i < b->nLine && !rc; i = j) {
        int d = pr_batch_district_index(b, b->aLine[i].iDistrict);
        assert(d >= 0);   /* own_district checked every line's */
        for (j = i; j < b->nLine && b->aLine[j].iDistrict == b->aLine[i].iDistrict; j++) {
            const pr_line *l = &b->aLine[j];
            pr_total *t = &b->aTotal[d * PROG_COUNT + l->eProg];
            t->nLines++;
            t->nPersons += l->nPersons;
            t->nFen += l->nAmount;
            m->anHouse[d] += l->eProg == PROG_DIBAO && l->eType == LT_REGULAR;
        }
        rc = spool_chunk_add(m, -1, d, 0, NULL, i, j, pErr);
    }
    return rc;
}

/* The shard's bank chunks: each (bank, programme, district) group of its
 * lines in the order of the bank's workbook, and each bank's rows and money. */
static pr_error spool_banks(pr_merge *m, pr_err *pErr)
{
    pr_batch *b = m->b;
    pr_banks banks;
    pr_error rc = PR_OK;
    if (pr_banks_build(b, &banks)) { rc = pr_err_nomem(pErr, "merging the shards"); goto cleanup; }
    for (int k = 0; k < banks.nBank && !rc; k++) {
        int iBank = bank_id(m, pr_bank_name(b, &banks, k)), iEnd = banks.aiStart[k + 1];
        if (iBank < 0) { rc = pr_err_nomem(pErr, "merging the shards"); goto cleanup; }
        merge_bank *x = &m->aBank[iBank];
        for (int i = banks.aiStart[k]; i < iEnd; i = pr_bank_row_end(b, &banks, k, i)) x->tally.nRows++;
        for (int i = banks.aiStart[k], j; i < iEnd && !rc; i = j) {
            const pr_line *l = &b->aLine[banks.aiLine[i]];
            for (j = i; j < iEnd; j++) {
                const pr_line *y = &b->aLine[banks.aiLine[j]];
                if (y->eProg != l->eProg || y->iDistrict != l->iDistrict) break;
                x->tally.nFen += y->nAmount;
            }
            x->nLines += j - i;
            rc = spool_chunk_add(m, iBank, pr_batch_district_index(b, l->iDistrict), l->eProg, banks.aiLine, i, j, pErr);
        }
    }
cleanup:
    pr_banks_clear(&banks);
    return rc;
}

/* The slot of household z in the headless table (free if absent); the
 * table has room. */
static head_ent *headless_slot(const pr_merge *m, const char *z)
{
    size_t h = (size_t)pr_hash_str(PR_HASH_SEED, z) & (m->nHeadlessCap - 1);
    while (m->aHeadless[h].zHousehold && strcmp(m->aHeadless[h].zHousehold, z)) h = (h + 1) & (m->nHeadlessCap - 1);
    return &m->aHeadless[h];
}

/* Notes household z, which a line names without its head's name. 0 or -1. */
static int headless_add(pr_merge *m, const char *z)
{
    if (2 * (m->nHeadless + 1) > m->nHeadlessCap) {
        size_t nOld = m->nHeadlessCap, nNew = nOld ? nOld * 2 : 64;
        head_ent *aOld = m->aHeadless, *a = calloc(nNew, sizeof(*a));
        if (!a) return -1;
        m->aHeadless = a;
        m->nHeadlessCap = nNew;
        for (size_t i = 0; i < nOld; i++)
            if (aOld[i].zHousehold) *headless_slot(m, aOld[i].zHousehold) = aOld[i];
        free(aOld);
    }
    head_ent *e = headless_slot(m, z);
    if (e->zHousehold) return 0;
    if (!(e->zHousehold = keep(m, z, strlen(z)))) return -1;
    m->nHeadless++;
    return 0;
}

static pr_error part_head_row(void *pArg, const char *zHousehold, const char *zHead, pr_err *pErr)
{
    pr_merge *m = pArg;
    head_ent *h = headless_slot(m, zHousehold);
    if (h->zHousehold && !h->zHead && !(h->zHead = keep(m, zHead, strlen(zHead)))) return pr_err_nomem(pErr, "merging the shards");
    return PR_OK;
}

/* The heads of the headless households, from the head rows of every
 * shard's part (the shard with a household's records names its head):
 * each part read again, its other rows passed over. PR_OK or an error. */
static pr_error find_heads(pr_merge *m, pr_err *pErr)
{
    pr_error rc = PR_OK;
    pr_mp_reader r = { NULL, NULL, NULL, part_head_row, m };
    for (int k = 0; k < m->nShard && m->nHeadless && !rc; k++) {
        char zPath[8192];
        if (shard_path(m, k, ".merge.csv.gz", zPath, sizeof(zPath))) return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", m->zShardOut);
        rc = pr_mergepart_read(zPath, m->b->iMonth, m->aShard[k].zSha, &r, pErr);
    }
    return rc;
}

/* The shard's lines that count for the shared accounts, each into the
 * partition of its account, with its place in the month's ledger. */
static pr_error spool_accounts(pr_merge *m, pr_err *pErr)
{
    pr_batch *b = m->b;
    for (int i = 0; i < b->nLine; i++) {
        const line_extra *x = &m->aX[i];
        if (x->eAcct == MP_ACCT_NONE) continue;
        const pr_line *l = &b->aLine[i];
        int d = pr_batch_district_index(b, l->iDistrict);
        pr_spool_extra e = { (uint64_t)d << 32 | (uint32_t)i, x->eAcct, x->zKey, x->zHead };
        if (x->eAcct == MP_ACCT_HOUSEHOLD && !x->zHead && headless_add(m, x->zKey)) return pr_err_nomem(pErr, "merging the shards");
        int k = (int)(pr_hash_str(PR_HASH_SEED, l->zAccount) % (uint64_t)m->nPart);
        if (pr_spool_put(m->apPart[k], l, &e))
            return pr_err_set(pErr, PR_ERR_IO, "%s/accounts-%d: cannot write: %s", m->zSpool, k, strerror(errno));
    }
    return PR_OK;
}

/* Reads shard k, whose manifest pr_merge_load read first: checks its folder
 * against that manifest, reads its part and ledger into the window (b's
 * lines), spools them, and reads its exceptions. */
static pr_error read_shard(pr_merge *m, int k, pr_err *pErr)
{
    char zPath[8192];
    pr_batch *b = m->b;
    m->iShard = k;
    m->nX = 0;
    pr_error rc;
    if ((rc = verify_shard(m, k, pErr)) || (rc = read_part(m, k, pErr)) || (rc = read_ledger(m, k, pErr))) goto cleanup;
    b->nLine = m->nX;
    if ((rc = spool_ledger(m, pErr)) || (rc = spool_banks(m, pErr)) || (rc = spool_accounts(m, pErr))) goto cleanup;
    if (shard_path(m, k, "/exceptions.csv", zPath, sizeof(zPath))) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: path too long", m->zShardOut); goto cleanup; }
    rc = pr_exceptions_read(zPath, exc_row, m, pErr);
cleanup:
    b->nLine = 0;
    m->nX = 0;
    pr_arena_clear(&m->win);
    return rc;
}

/* ---- the whole month -------------------------------------------------------- */

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

static int cmp_bank_name(const void *a, const void *b)
{
    return strcmp(((const merge_bank *)a)->zName, ((const merge_bank *)b)->zName);
}

/* The ledger chunks by district, then each bank's by programme and district. */
static int cmp_chunk(const void *a, const void *b)
{
    const spool_chunk *x = a, *y = b;
    if (x->iBank != y->iBank) return x->iBank < y->iBank ? -1 : 1;
    if (x->eProg != y->eProg) return x->eProg < y->eProg ? -1 : 1;
    if (x->iDistrict != y->iDistrict) return x->iDistrict < y->iDistrict ? -1 : 1;
    return (x->iOffset > y->iOffset) - (x->iOffset < y->iOffset);
}

/* The banks in name order (the books' order), the chunks in theirs, and
 * what publishing is told of the banks. */
static pr_error order_banks(pr_merge *m, pr_err *pErr)
{
    int *aiRank = malloc(((size_t)m->nBank + 1) * sizeof(*aiRank));
    m->aiBankChunk = malloc(((size_t)m->nBank + 1) * sizeof(*m->aiBankChunk));
    m->azBank = malloc(((size_t)m->nBank + 1) * sizeof(*m->azBank));
    m->anBankLines = malloc(((size_t)m->nBank + 1) * sizeof(*m->anBankLines));
    m->aBankTally = malloc(((size_t)m->nBank + 1) * sizeof(*m->aBankTally));
    if (!aiRank || !m->aiBankChunk || !m->azBank || !m->anBankLines || !m->aBankTally) {
        free(aiRank);
        return pr_err_nomem(pErr, "merging the shards");
    }
    qsort(m->aBank, (size_t)m->nBank, sizeof(*m->aBank), cmp_bank_name);
    for (int k = 0; k < m->nBank; k++) {
        aiRank[m->aBank[k].iId] = k;
        m->azBank[k] = m->aBank[k].zName;
        m->anBankLines[k] = m->aBank[k].nLines;
        m->aBankTally[k] = m->aBank[k].tally;
    }
    for (int c = 0; c < m->nChunk; c++)
        if (m->aChunk[c].iBank >= 0) m->aChunk[c].iBank = aiRank[m->aChunk[c].iBank];
    free(aiRank);
    qsort(m->aChunk, (size_t)m->nChunk, sizeof(*m->aChunk), cmp_chunk);
    int c = 0;
    while (c < m->nChunk && m->aChunk[c].iBank < 0) c++;
    m->nLedgerChunk = c;
    for (int k = 0; k <= m->nBank; k++) {
        while (c < m->nChunk && m->aChunk[c].iBank < k) c++;
        m->aiBankChunk[k] = c;
    }
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

/* The spool's file of lines, opened to read, at chunk c. NULL with pErr set. */
static FILE *open_chunk(const pr_merge *m, FILE *f, const spool_chunk *c, pr_err *pErr)
{
    if (!f && !(f = fopen(m->zLines, "rb"))) {
        pr_err_set(pErr, PR_ERR_IO, "%s: cannot open: %s", m->zLines, strerror(errno));
        return NULL;
    }
    if (fseeko(f, (off_t)c->iOffset, SEEK_SET) != 0) {
        pr_err_set(pErr, PR_ERR_IO, "%s: %s", m->zLines, strerror(errno));
        fclose(f);
        return NULL;
    }
    return f;
}

/* One spooled line into *l (strings in a). PR_OK or an error. */
static pr_error get_line(const pr_merge *m, FILE *f, pr_line *l, pr_spool_extra *x, pr_arena *a, pr_err *pErr)
{
    pr_err e;
    pr_err_init(&e);
    int n = pr_spool_get(f, l, x, a, &e);
    if (n > 0) return PR_OK;
    if (n == 0) return pr_err_set(pErr, PR_ERR_IO, "%s: fewer lines than spooled", m->zLines);
    return e.rc == PR_ERR_NOMEM ? pr_err_nomem(pErr, "merging the shards") : pr_err_set(pErr, e.rc, "%s: %s", m->zLines, e.zMsg);
}

/* The ledger: the ledger chunks in district order, a piece at a time. */
static pr_error merge_ledger(void *pArg, const char *zPath, pr_total *aTotal, pr_err *pErr)
{
    const pr_merge *m = pArg;
    const pr_batch *b = m->b;
    pr_error rc = PR_OK;
    pr_arena a;
    pr_arena_init(&a);
    FILE *f = NULL;
    pr_ledger_stream *s = pr_ledger_stream_open(b->iMonth, zPath, pErr);
    if (!s) return pErr ? pErr->rc : PR_ERR_IO;
    for (int c = 0; c < m->nLedgerChunk && !rc; c++) {
        const spool_chunk *k = &m->aChunk[c];
        if (!(f = open_chunk(m, f, k, pErr))) { rc = pErr ? pErr->rc : PR_ERR_IO; break; }
        for (int i = 0; i < k->nLine && !rc; i++) {
            pr_line l;
            if ((rc = get_line(m, f, &l, NULL, &a, pErr))) break;
            pr_ledger_stream_add(s, &l);
            pr_total *t = &aTotal[k->iDistrict * PROG_COUNT + l.eProg];
            t->nLines++;
            t->nPersons += l.nPersons;
            t->nFen += l.nAmount;
            if ((i + 1) % LEDGER_PIECE == 0) pr_arena_clear(&a);
        }
        pr_arena_clear(&a);
    }
    pr_error rcClose = pr_ledger_stream_close(s, zPath, rc ? NULL : pErr);
    if (f) fclose(f);
    return rc ? rc : rcClose;
}

/* Bank iBank's workbook or import file: its chunks, a group at a time,
 * each already in the workbook's order. */
static pr_error merge_bank_file(void *pArg, int iBank, const pr_bank_format *pFmt, const char *zPath, const char *zTmpDir,
                                pr_total *aTotal, pr_bank_tally *pTally, pr_err *pErr)
{
    const pr_merge *m = pArg;
    pr_error rc = PR_OK;
    pr_arena a;
    pr_arena_init(&a);
    FILE *f = NULL;
    pr_batch w = *m->b;   /* the month, with one group's lines */
    int aiStart[2] = { 0, 0 }, nCap = 0, *aiLine = NULL;
    pr_line *aLine = NULL;
    pr_bank_writer *pBook = NULL;
    pr_import_writer *pImport = NULL;
    assert(iBank >= 0 && iBank < m->nBank);
    if (pFmt) pImport = pr_import_writer_open(m->b, m->azBank[iBank], pFmt, zPath, zTmpDir);
    else pBook = pr_bank_writer_open(m->b, m->azBank[iBank], zPath, zTmpDir);
    if (!pImport && !pBook) { rc = pr_err_nomem(pErr, "writing a bank workbook"); goto cleanup; }
    for (int c = m->aiBankChunk[iBank]; c < m->aiBankChunk[iBank + 1] && !rc; c++) {
        const spool_chunk *k = &m->aChunk[c];
        if (k->nLine > nCap) {
            int nNew = k->nLine > nCap * 2 ? k->nLine : nCap * 2;
            pr_line *aL = realloc(aLine, (size_t)nNew * sizeof(*aL));
            if (aL) aLine = aL;
            int *ai = realloc(aiLine, (size_t)nNew * sizeof(*ai));
            if (ai) aiLine = ai;
            if (!aL || !ai) { rc = pr_err_nomem(pErr, "writing a bank workbook"); break; }
            for (int i = nCap; i < nNew; i++) aiLine[i] = i;
            nCap = nNew;
        }
        if (!(f = open_chunk(m, f, k, pErr))) { rc = pErr ? pErr->rc : PR_ERR_IO; break; }
        for (int i = 0; i < k->nLine && !rc; i++) rc = get_line(m, f, &aLine[i], NULL, &a, pErr);
        if (rc) break;
        w.aLine = aLine;
        w.nLine = k->nLine;
        aiStart[1] = k->nLine;
        pr_banks one = { aiLine, aiStart, 1 };
        if (pBook) pr_bank_writer_rows(pBook, &w, &one, 0, aTotal);
        else pr_import_writer_rows(pImport, &w, &one, 0);
        pr_arena_clear(&a);
    }
cleanup:;
    pr_err e;
    pr_err_init(&e);
    pr_error rcClose = pBook ? pr_bank_writer_close(pBook, pTally, &e) : pImport ? pr_import_writer_close(pImport, pTally, &e) : PR_OK;
    if (!rc && rcClose) rc = pr_err_set(pErr, rcClose, "%s", e.zMsg);
    if (f) fclose(f);
    pr_arena_clear(&a);
    free(aLine);
    free(aiLine);
    return rc;
}

/* A line of a partition of the shared accounts. */
typedef struct acct_line {
    pr_line l;                   /* the line */
    pr_spool_extra x;            /* how it counts, and its place in the ledger */
} acct_line;

/* The lines of one partition, in ledger order, with their households' heads. */
typedef struct acct_part {
    const pr_merge *m;           /* the merge, for the heads found in other partitions */
    acct_line *a;                /* the lines; owned */
    int n;                       /* used */
    size_t nCap;                 /* allocated */
    pr_line *aLine;              /* a's lines alone, for the batch; owned */
    const acct_line **apHead;    /* the household lines that name the head, by id; owned */
    int nHead;                   /* entries in apHead */
} acct_part;

static int cmp_acct_order(const void *a, const void *b)
{
    uint64_t x = ((const acct_line *)a)->x.iOrder, y = ((const acct_line *)b)->x.iOrder;
    return (x > y) - (x < y);
}

static int cmp_acct_head(const void *a, const void *b)
{
    return strcmp((*(const acct_line *const *)a)->x.zKey, (*(const acct_line *const *)b)->x.zKey);
}

static int part_key(void *pArg, int iLine, const char **pzKey, int *pbPerson)
{
    const acct_part *q = pArg;
    assert(iLine >= 0 && iLine < q->n);
    *pzKey = q->a[iLine].x.zKey;
    *pbPerson = q->a[iLine].x.eAcct == MP_ACCT_PERSON;
    return 1;
}

static const char *part_head(void *pArg, const char *zHousehold)
{
    const acct_part *q = pArg;
    acct_line key;
    const acct_line *pKey = &key;
    key.x.zKey = zHousehold;
    const acct_line **pp = bsearch(&pKey, q->apHead, (size_t)q->nHead, sizeof(*q->apHead), cmp_acct_head);
    if (pp) return (*pp)->x.zHead;
    /* the household is another shard's: its head as that shard's lines name it */
    if (!q->m->nHeadless) return NULL;
    const head_ent *h = headless_slot(q->m, zHousehold);
    return h->zHousehold ? h->zHead : NULL;
}

/* Reads partition k into q (strings in a), in ledger order. PR_OK or an error. */
static pr_error read_partition(const pr_merge *m, int k, acct_part *q, pr_arena *a, pr_err *pErr)
{
    char zPath[8300];
    snprintf(zPath, sizeof(zPath), "%s/accounts-%d", m->zSpool, k);
    FILE *f = fopen(zPath, "rb");
    if (!f) return pr_err_set(pErr, PR_ERR_IO, "%s: cannot open: %s", zPath, strerror(errno));
    pr_error rc = PR_OK;
    pr_err e;
    pr_err_init(&e);
    for (;;) {
        acct_line *y = pr_array_room(q->a, sizeof(*y), (size_t)q->n, &q->nCap, 4096);
        if (!y) { rc = pr_err_nomem(pErr, "looking for shared accounts"); break; }
        q->a = y;
        int n = pr_spool_get(f, &q->a[q->n].l, &q->a[q->n].x, a, &e);
        if (n == 0) break;
        if (n < 0) { rc = pr_err_set(pErr, e.rc, "%s: %s", zPath, e.zMsg); break; }
        q->n++;
    }
    fclose(f);
    if (rc) return rc;
    qsort(q->a, (size_t)q->n, sizeof(*q->a), cmp_acct_order);
    q->aLine = malloc(((size_t)q->n + 1) * sizeof(*q->aLine));
    q->apHead = malloc(((size_t)q->n + 1) * sizeof(*q->apHead));
    if (!q->aLine || !q->apHead) return pr_err_nomem(pErr, "looking for shared accounts");
    for (int i = 0; i < q->n; i++) {
        q->aLine[i] = q->a[i].l;
        if (q->a[i].x.eAcct == MP_ACCT_HOUSEHOLD && q->a[i].x.zHead) q->apHead[q->nHead++] = &q->a[i];
    }
    qsort(q->apHead, (size_t)q->nHead, sizeof(*q->apHead), cmp_acct_head);
    return PR_OK;
}

/* The shared accounts, a partition at a time: an account's lines are all
 * in one partition, and each partition's are in ledger order. */
static pr_changes *merge_changes(void *pArg, const pr_batch *p, pr_err *pErr)
{
    const pr_merge *m = pArg;
    pr_changes *c = pr_changes_new(pErr);
    pr_error rc = c ? PR_OK : PR_ERR_NOMEM;
    for (int k = 0; k < m->nPart && !rc; k++) {
        acct_part q;
        memset(&q, 0, sizeof(q));
        q.m = m;
        pr_arena a;
        pr_arena_init(&a);
        if (!(rc = read_partition(m, k, &q, &a, pErr)) && q.n) {
            pr_batch w = *p;   /* the month, with the partition's lines */
            w.aLine = q.aLine;
            w.nLine = q.n;
            pr_acct_source src = { part_key, part_head, &q };
            rc = pr_accounts_shared_from(c, &w, &src, pErr);
        }
        free(q.a);
        free(q.aLine);
        free(q.apHead);
        pr_arena_clear(&a);
    }
    if (rc) {
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
    pr_arena_init(&m->win);
    m->b = b;
    m->zShardOut = zShardOut;
    m->nShard = nShard;
    pr_month_format(b->iMonth, m->zMonth);
    m->aiOwner = malloc(((size_t)b->nDistrict + 1) * sizeof(*m->aiOwner));
    m->anHouse = calloc((size_t)b->nDistrict + 1, sizeof(*m->anHouse));
    m->aShard = calloc((size_t)nShard, sizeof(*m->aShard));
    m->anShardLines = calloc((size_t)nShard, sizeof(*m->anShardLines));
    if (!m->aiOwner || !m->anHouse || !m->aShard || !m->anShardLines) { rc = pr_err_nomem(pErr, "merging the shards"); goto cleanup; }
    for (int d = 0; d < b->nDistrict; d++) m->aiOwner[d] = -1;
    /* every shard's manifest first: room for the largest shard's lines, once */
    for (int k = 0; k < nShard && !rc; k++) {
        if ((rc = read_manifest(m, k, &e)))
            rc = e.rc == PR_ERR_NOMEM ? pr_err_nomem(pErr, "merging the shards") : pr_err_set(pErr, rc, "shard %d: %s", k, e.zMsg);
    }
    if (!rc) {
        b->aLine = pr_big_malloc(((size_t)m->nLineMax + 1) * sizeof(*b->aLine));
        m->aX = pr_big_malloc(((size_t)m->nLineMax + 1) * sizeof(*m->aX));
        if (!b->aLine || !m->aX) rc = pr_err_nomem(pErr, "merging the shards");
        b->nLineCap = m->nLineMax;
    }
    if (!rc) rc = spool_open(m, pErr);
    for (int k = 0; k < nShard && !rc; k++) {
        if ((rc = read_shard(m, k, &e)))
            rc = e.rc == PR_ERR_NOMEM ? pr_err_nomem(pErr, "merging the shards") : pr_err_set(pErr, rc, "shard %d: %s", k, e.zMsg);
    }
    if (rc || (rc = spool_close(m, pErr)) || (rc = find_heads(m, pErr)) || (rc = add_inputs(m, pErr)) || (rc = order_banks(m, pErr)))
        goto cleanup;
    if ((rc = pr_findings_sort(m->aFind, m->nFind))) { pr_err_nomem(pErr, "sorting the findings"); goto cleanup; }
    if (m->nFind > INT32_MAX) { rc = pr_err_nomem(pErr, "merging the findings"); goto cleanup; }
    b->aFind = m->aFind;
    b->nFind = (int)m->nFind;
    m->aFind = NULL;
    /* the lines are in the spool: publishing holds none */
    free(b->aLine);
    b->aLine = NULL;
    b->nLine = b->nLineCap = 0;
    b->anHousehold = m->anHouse;
    m->pub = (pr_publish_merge){ merge_book, merge_changes, merge_ledger, merge_bank_file, m, m->nBank, m->azBank,
                                 m->anBankLines, m->aBankTally, m->aShard, nShard };
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
    spool_remove(m);
    if (m->b->anHousehold == m->anHouse) m->b->anHousehold = NULL;
    pr_arena_clear(&m->arena);
    pr_arena_clear(&m->win);
    free(m->aIn);
    free(m->aX);
    free(m->aiOwner);
    free(m->anHouse);
    free(m->aShard);
    free(m->anShardLines);
    free(m->aFind);
    free(m->aPath);
    free(m->aChunk);
    free(m->aiBankChunk);
    free(m->aBank);
    free(m->azBank);
    free(m->anBankLines);
    free(m->aBankTally);
    free(m->aHeadless);
    free(m);
}
