/*
 * crosscheck.c - `payrun crosscheck` (crosscheck.h): two merged passes over
 * the shards' key files, one person at a time.
 */
#include "run/crosscheck.h"
#include "formats/keyfile.h"
#include "io/i18n.h"
#include "io/linemerge.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* Most records one person may have across the shards. */
#define MAX_PERSON_RECORDS 4096
/* Most DIBAO households a cross-shard conflict may hold. */
#define MAX_HELD (1 << 26)

/* One person's records, as the merge gives them. */
typedef struct person_recs {
    char *azLine[MAX_PERSON_RECORDS];      /* the lines, parsed in place; owned */
    pr_keyent aEnt[MAX_PERSON_RECORDS];    /* the entries */
    int aiFile[MAX_PERSON_RECORDS];        /* the key file of each */
    int n;                                 /* how many */
    int bMany;                             /* from two files or more */
} person_recs;

/* The held households' ids (sorted once the first pass is done). */
typedef struct held_set {
    char **az;                             /* owned strings */
    size_t n, nCap;                        /* count, capacity */
} held_set;

static void person_clear(person_recs *x)
{
    for (int i = 0; i < x->n; i++) free(x->azLine[i]);
    x->n = 0;
    x->bMany = 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int held_add(held_set *h, const char *z)
{
    if (h->n == h->nCap) {
        if (h->nCap >= MAX_HELD) return -1;
        size_t n = h->nCap ? h->nCap * 2 : 64;
        char **a = realloc(h->az, n * sizeof(*a));
        if (!a) return -1;
        h->az = a;
        h->nCap = n;
    }
    return (h->az[h->n] = strdup(z)) ? (h->n++, 0) : -1;
}

static int held_has(const held_set *h, const char *z)
{
    return h->n && bsearch(&z, h->az, h->n, sizeof(*h->az), cmp_str) != NULL;
}

static void held_clear(held_set *h)
{
    for (size_t i = 0; i < h->n; i++) free(h->az[i]);
    free(h->az);
}

/* Marks in abHeld the records of one person that the conflicts of
 * domain.md section 5 involve (conflicts.c's rules, without messages): two
 * DIBAO records, two of another roster, a DIBAO and a TEKUN record. */
static void involved(const person_recs *x, unsigned char *abHeld)
{
    int aCount[ROSTER_COUNT] = { 0 };
    for (int i = 0; i < x->n; i++) aCount[x->aEnt[i].eRoster]++;
    int bDibaoTekun = aCount[ROSTER_DIBAO] > 0 && aCount[ROSTER_TEKUN] > 0;
    for (int i = 0; i < x->n; i++) {
        pr_roster e = x->aEnt[i].eRoster;
        abHeld[i] = aCount[e] > 1 || (bDibaoTekun && (e == ROSTER_DIBAO || e == ROSTER_TEKUN));
    }
}

/* Whether two shards gave one rank to their files (the plan gave no
 * --ranks, or not the single run's): a person's records would then be
 * taken in another order than the single run's. PR_OK or PR_ERR_CONFIG. */
static pr_error check_ranks(const person_recs *x, const char *const *azKeys, pr_err *pErr)
{
    for (int i = 0; i < x->n; i++)
        for (int j = i + 1; j < x->n; j++)
            if (x->aiFile[i] != x->aiFile[j] && x->aEnt[i].iRank == x->aEnt[j].iRank)
                return pr_err_set(pErr, PR_ERR_CONFIG, "%s and %s: both shards have a roster file of rank %u (person %s): "
                                  "give each shard --ranks, the files' places among the whole month's files",
                                  azKeys[x->aiFile[i]], azKeys[x->aiFile[j]], x->aEnt[i].iRank, x->aEnt[i].zId);
    return PR_OK;
}

/* Checks the header of each key file: the kind, the version, one month,
 * shard names of their own. PR_OK or an error. */
static pr_error check_headers(const pr_linemerge *m, const char *const *azKeys, int nKeys, char *zMonth, pr_err *pErr)
{
    char (*azShard)[256] = calloc((size_t)nKeys + 1, sizeof(*azShard));
    if (!azShard) return pr_err_nomem(pErr, "reading the key files");
    pr_error rc = PR_OK;
    for (int i = 0; i < nKeys && !rc; i++) {
        char zM[8];
        const char *zWhy;
        if (pr_keyfile_header(pr_linemerge_header(m, i), 0, zM, azShard[i], sizeof(azShard[i]), &zWhy))
            rc = pr_err_set(pErr, PR_ERR_HEADER, "%s:1: %s", azKeys[i], zWhy);
        else if (i > 0 && strcmp(zM, zMonth) != 0)
            rc = pr_err_set(pErr, PR_ERR_HEADER, "%s:1: the keys are of %s, those of %s of %s", azKeys[i], zM, azKeys[0], zMonth);
        else if (i == 0)
            memcpy(zMonth, zM, 8);
        for (int j = 0; j < i && !rc; j++)
            if (strcmp(azShard[i], azShard[j]) == 0)
                rc = pr_err_set(pErr, PR_ERR_HEADER, "%s:1: shard %s is also the shard of %s", azKeys[i], azShard[i], azKeys[j]);
    }
    free(azShard);
    return rc;
}

/* Reads the next person's records into x from the merge, whose pending
 * line (*pzNext, from file *piNext; NULL at the end) starts it. 1 if a
 * person was read, 0 at the end, -1 on error. */
static int next_person(pr_linemerge *m, const char *const *azKeys, person_recs *x, const char **pzNext, int *piNext, pr_err *pErr)
{
    person_clear(x);
    if (!*pzNext) return 0;
    char zId[19];
    if (strcspn(*pzNext, "\t") != 18)   /* the person's first line: its ID decides where the person ends */
        return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: the id is not 18 characters", azKeys[*piNext],
                          pr_linefile_lineno(pr_linemerge_file(m, *piNext))), -1;
    memcpy(zId, *pzNext, 18);
    zId[18] = 0;
    for (;;) {
        const char *zWhy;
        const pr_linefile *f = pr_linemerge_file(m, *piNext);
        if (x->n == MAX_PERSON_RECORDS)
            return pr_err_set(pErr, PR_ERR_TOO_BIG, "%s:%u: person %s has more than %d records", azKeys[*piNext],
                              pr_linefile_lineno(f), zId, MAX_PERSON_RECORDS), -1;
        if (!(x->azLine[x->n] = strdup(*pzNext))) return pr_err_nomem(pErr, "merging the keys"), -1;
        x->aiFile[x->n] = *piNext;
        if (pr_keyent_parse(x->azLine[x->n], 0, &x->aEnt[x->n], &zWhy)) {
            free(x->azLine[x->n]);
            return pr_err_set(pErr, PR_ERR_CSV, "%s:%u: %s", azKeys[*piNext], pr_linefile_lineno(f), zWhy), -1;
        }
        if (x->n && x->aiFile[x->n] != x->aiFile[0]) x->bMany = 1;
        x->n++;
        int r = pr_linemerge_next(m, pzNext, piNext, pErr);
        if (r < 0) return -1;
        if (r == 0) { *pzNext = NULL; return 1; }
        if (strncmp(*pzNext, zId, 18) != 0 || (*pzNext)[18] != '\t') return 1;
    }
}

/* One pass over the merged key files: the first (bWrite 0) adds to h the
 * households of the DIBAO records that a conflict of a cross-shard person
 * involves; the second writes those persons' records to gz. */
static pr_error pass(const char *const *azKeys, int nKeys, int bWrite, held_set *h, gzFile gz, person_recs *x, pr_err *pErr)
{
    pr_error rc = PR_OK;
    char *zBuf = NULL, zMonth[8], (*azShard)[256] = NULL;
    size_t nCap = 0, nLen = 0;
    pr_linemerge *m = pr_linemerge_new(azKeys, nKeys, pErr);
    if (!m) return pErr->rc;
    if ((rc = check_headers(m, azKeys, nKeys, zMonth, pErr))) goto cleanup;
    if (!(azShard = calloc((size_t)nKeys, sizeof(*azShard)))) { rc = pr_err_nomem(pErr, "merging the keys"); goto cleanup; }
    for (int i = 0; i < nKeys; i++) {
        char zM[8];
        const char *zWhy;
        pr_keyfile_header(pr_linemerge_header(m, i), 0, zM, azShard[i], sizeof(azShard[i]), &zWhy);
    }
    if (bWrite && gzprintf(gz, "payrun-facts\t%d\tmonth=%s\n", PR_KEYFILE_VERSION, zMonth) <= 0) { rc = PR_ERR_IO; goto cleanup; }
    const char *zNext;
    int iNext, r = pr_linemerge_next(m, &zNext, &iNext, pErr);
    if (r < 0) { rc = pErr->rc; goto cleanup; }
    if (r == 0) zNext = NULL;
    unsigned char abHeld[MAX_PERSON_RECORDS];
    while ((r = next_person(m, azKeys, x, &zNext, &iNext, pErr)) > 0) {
        if (!x->bMany) continue;   /* one shard's person: its shard has decided it alone */
        if (!bWrite && (rc = check_ranks(x, azKeys, pErr))) goto cleanup;
        involved(x, abHeld);
        for (int i = 0; i < x->n; i++) {
            pr_keyent *e = &x->aEnt[i];
            if (!bWrite) {
                if (abHeld[i] && e->eRoster == ROSTER_DIBAO && held_add(h, e->zHousehold)) { rc = pr_err_nomem(pErr, "noting the held households"); goto cleanup; }
                continue;
            }
            if (abHeld[i] || (e->eRoster == ROSTER_DIBAO && held_has(h, e->zHousehold))) e->eStatus = ST_HELD;
            e->zShard = azShard[x->aiFile[i]];
            if (pr_keyent_format(e, &zBuf, &nCap, &nLen)) { rc = pr_err_nomem(pErr, "writing the facts"); goto cleanup; }
        }
        if (bWrite && nLen >= 1 << 16) {
            if (gzwrite(gz, zBuf, (unsigned)nLen) != (int)nLen) { rc = PR_ERR_IO; goto cleanup; }
            nLen = 0;
        }
    }
    if (r < 0) { rc = pErr->rc; goto cleanup; }
    if (bWrite && nLen && gzwrite(gz, zBuf, (unsigned)nLen) != (int)nLen) rc = PR_ERR_IO;
cleanup:
    person_clear(x);
    free(azShard);
    free(zBuf);
    pr_linemerge_free(m);
    return rc;
}

pr_error pr_crosscheck(const char *const *azKeys, int nKeys, const char *zOut, pr_err *pErr)
{
    held_set h = { NULL, 0, 0 };
    gzFile gz = NULL;
    person_recs *x = calloc(1, sizeof(*x));
    pr_error rc = x ? PR_OK : pr_err_nomem(pErr, "merging the keys");
    if (!rc && !(rc = pass(azKeys, nKeys, 0, &h, NULL, x, pErr))) {
        if (h.n) qsort(h.az, h.n, sizeof(*h.az), cmp_str);
        if (!(gz = gzopen(zOut, "wb6"))) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot create the facts file", zOut);
        else if ((rc = pass(azKeys, nKeys, 1, &h, gz, x, pErr)) == PR_ERR_IO) pr_err_set(pErr, rc, "%s: cannot write the facts file", zOut);
        if (gz && gzclose(gz) != Z_OK && !rc) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write the facts file", zOut);
        if (rc && gz) unlink(zOut);
    }
    held_clear(&h);
    free(x);
    return rc;
}

static const char zHelp[] =
    "usage: payrun crosscheck --keys FILE [--keys FILE ...] --out FACTS\n"
    "\n"
    "Merges the key files of a sharded month (payrun keys, one per shard) and\n"
    "writes the global facts: for every person two or more shards hold, each of\n"
    "their records with the outcome the whole month gives it. Each shard is then\n"
    "run with payrun run --global FACTS --shard NAME. docs/SCALE.md has the\n"
    "formats.\n";

int pr_crosscheck_command(int argc, char **argv)
{
    static const struct option aOpt[] = {
        { "keys", required_argument, 0, 'k' }, { "out", required_argument, 0, 'o' },
        { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char **azKeys = calloc((size_t)argc + 1, sizeof(*azKeys));
    const char *zOut = NULL, *zUsage = NULL;
    char zMsg[300];
    int nKeys = 0, c, rc = PR_EXIT_DONE;
    if (!azKeys) { fprintf(stderr, "payrun: error: out of memory\n"); return PR_EXIT_INPUT; }
    optind = 1;
    opterr = 0;
    while (!zUsage && (c = getopt_long(argc, argv, "h", aOpt, NULL)) != -1) {
        switch (c) {
        case 'k': azKeys[nKeys++] = optarg; break;
        case 'o': zOut = optarg; break;
        case 'h': fputs(zHelp, stdout); goto cleanup;
        default:
            snprintf(zMsg, sizeof(zMsg), "unknown or incomplete option '%s'", argv[optind - 1]);
            zUsage = zMsg;
        }
    }
    if (!zUsage && optind < argc) zUsage = "unexpected argument; each key file needs its --keys";
    if (!zUsage && nKeys == 0) zUsage = "no key file given (--keys FILE, one per shard)";
    if (!zUsage && !zOut) zUsage = "--out FACTS is required";
    if (zUsage) {
        fprintf(stderr, "payrun crosscheck: %s\n%s", zUsage, zHelp);
        rc = PR_EXIT_USAGE;
        goto cleanup;
    }
    pr_err err;
    pr_err_init(&err);
    pr_error e = pr_crosscheck(azKeys, nKeys, zOut, &err);
    if (e) {
        fprintf(stderr, _("payrun: error: %s\n"), err.zMsg[0] ? err.zMsg : pr_strerror(e));
        rc = pr_exit_code(e);
    } else {
        fprintf(stderr, "payrun: crosscheck: %d key files, facts written to %s\n", nKeys, zOut);
    }
cleanup:
    free(azKeys);
    return rc;
}
