/*
 * split.c - payrun plan and payrun split (split.h, docs/SCALE.md), and the
 * shard parts read back as a run's inputs.
 *
 * Both commands stream each roster once through the reader a run uses
 * (io/instream, io/chunker, the header of engine/run/read.c, io/csv), so
 * that they cut, decode and tokenize every record as the run would; a
 * record is routed by what the run will make of it:
 *   - a record the run rejects for its shape (unterminated quote, too long,
 *     bad quote, wrong field count, bytes not of the encoding) goes to
 *     shard 0;
 *   - a DIBAO row whose household the plan names goes to that household's
 *     shard (households whose rows name more than one district);
 *   - any other record goes to its district's shard, shard 0 when its
 *     district is not a 6-digit code the plan names;
 *   - blank lines (no rows for the run either) are left out.
 */
#include "run/split.h"
#include "run/job.h"
#include "run/read.h"
#include "formats/plan.h"
#include "formats/roster.h"
#include "rules/programmes.h"
#include "io/arena.h"
#include "io/chunker.h"
#include "io/common.h"
#include "io/csv.h"
#include "io/encoding.h"
#include "io/i18n.h"
#include "io/instream.h"
#include "io/outbuf.h"
#include "io/shardfile.h"
#include "io/sheet.h"
#include "io/textfile.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>

#define ORIGIN_FORMAT "payrun-shard-1"   /* the origin file's format line */
#define PATH_BYTES 4200                  /* longest file name built here */

/* ---- scanning a roster ---------------------------------------------------- */

/* What a scan hands its callback for each record. */
typedef struct scan_rec {
    const char *z;                /* the record's bytes as in the file */
    size_t n;                     /* their count */
    uint32_t iLine;               /* its first physical line */
    pr_chunk_kind eKind;          /* CHUNK_DATA, or the chunker's broken kinds */
    int bHeader;                  /* the header record */
    const pr_csvrow *pRow;        /* its fields (UTF-8) when well-formed, else NULL */
} scan_rec;

typedef pr_error (*scan_fn)(void *pArg, const scan_rec *r, pr_err *pErr);

/* One roster file being scanned. */
typedef struct scan_file {
    pr_input in;                  /* path, roster, encoding, gzip, SHA-256 (as a run has them) */
    pr_roster_map map;            /* its header's columns */
    int iDistrict;                /* field of the district, -1 if absent */
    int iHouse, iRelation;        /* DIBAO: fields of household_id and relation, else -1 */
    uint64_t nRows;               /* data rows (blank lines excluded) */
    pr_csvrow row;                /* the current record's fields */
    char *zTok;                   /* a copy of the record to tokenize, owned */
    size_t nTokCap;               /* its capacity */
    pr_gbconv *pConv;             /* GB18030 converter, created on first use */
} scan_file;

/* The field of slot iCol of the map, -1 if the roster or file lacks it. */
static int map_field(const pr_roster_map *m, const char *zEn)
{
    int c = pr_roster_col_by_name(m->pDesc, zEn);
    return c < 0 ? -1 : m->aiCol[c];
}

/* Tokenizes the record z[0,n) into f->row, decoded as the run decodes it.
 * Returns 1 when the record is well-formed with the header's field count,
 * 0 when the run rejects it for its shape or bytes, -1 out of memory;
 * *pbBlank says it is a blank line. */
static int scan_tokenize(scan_file *f, const char *z, size_t n, int *pbBlank)
{
    *pbBlank = 0;
    if (memchr(z, '\0', n)) return 0;
    const char *zText = z;
    size_t nText = n;
    if (f->in.eEnc == ENC_GB18030) {
        if (!f->pConv && !(f->pConv = pr_gbconv_new(NULL))) return -1;
        pr_error e = pr_gbconv_run(f->pConv, z, n, &zText, &nText, NULL);
        if (e == PR_ERR_NOMEM) return -1;
        if (e) return 0;
    } else if (!pr_utf8_valid(z, n, 0)) {
        return 0;
    }
    if (nText + 1 > f->nTokCap) {
        size_t nNew = nText + 1 > 2 * f->nTokCap ? nText + 1 : 2 * f->nTokCap;
        char *zNew = realloc(f->zTok, nNew);
        if (!zNew) return -1;
        f->zTok = zNew;
        f->nTokCap = nNew;
    }
    memcpy(f->zTok, zText, nText);
    size_t nUsed;
    uint32_t nLf;
    if (pr_csv_next(f->zTok, nText, &f->row, &nUsed, &nLf, NULL)) return -1;
    if (f->row.eRc == CSV_OK && f->row.nField == 1 && f->row.aField[0].n == 0) { *pbBlank = 1; return 0; }
    return f->row.eRc == CSV_OK && f->row.nField == f->map.nField;
}

/* Hands each record of a data chunk to xRecord. */
static pr_error scan_chunk(scan_file *f, pr_chunk *c, scan_fn xRecord, void *pArg, pr_err *pErr)
{
    if (c->eKind != CHUNK_DATA) {
        f->nRows++;
        scan_rec r = { c->z, c->n, c->iLine, c->eKind, 0, NULL };
        return xRecord(pArg, &r, pErr);
    }
    uint32_t iLine = c->iLine;
    for (size_t iPos = 0; iPos < c->n;) {
        uint32_t nLf;
        size_t nRec = pr_csv_record_end(c->z + iPos, c->n - iPos, &nLf);
        int bBlank, bOk = scan_tokenize(f, c->z + iPos, nRec, &bBlank);
        if (bOk < 0) return pr_err_nomem(pErr, "splitting a roster");
        if (!bBlank) {
            f->nRows++;
            scan_rec r = { c->z + iPos, nRec, iLine, CHUNK_DATA, 0, bOk ? &f->row : NULL };
            pr_error rc = xRecord(pArg, &r, pErr);
            if (rc) return rc;
        }
        iPos += nRec;
        iLine += nLf;
    }
    return PR_OK;
}

/* Reads the header off the first chunk: maps it (as a run does) and hands
 * its bytes to xRecord. */
static pr_error scan_header(scan_file *f, pr_chunk *c, scan_fn xRecord, void *pArg, pr_err *pErr)
{
    size_t nBefore = c->n;
    char *zRaw = malloc(c->n + 1);
    if (!zRaw) return pr_err_nomem(pErr, "splitting a roster");
    memcpy(zRaw, c->z, c->n);
    pr_error rc = pr_read_header(&f->in, c, &f->map);
    if (rc) {
        if (rc == PR_ERR_NOMEM) pr_err_nomem(pErr, "splitting a roster");
        else pr_err_set(pErr, rc, "%s", f->in.err.zMsg);
        goto cleanup;
    }
    f->iDistrict = f->map.aiCol[COL_DISTRICT];
    f->iHouse = f->in.eRoster == ROSTER_DIBAO ? map_field(&f->map, "household_id") : -1;
    f->iRelation = f->in.eRoster == ROSTER_DIBAO ? map_field(&f->map, "relation") : -1;
    scan_rec r = { zRaw, nBefore - c->n, 1, CHUNK_DATA, 1, NULL };
    rc = xRecord(pArg, &r, pErr);
cleanup:
    free(zRaw);
    return rc;
}

/* Streams roster file zPath once, handing every record (the header first)
 * to xRecord; fills f->in's encoding, gzip flag and SHA-256 as a run would.
 * Returns PR_OK or the error that stops a run on this file (pErr says it). */
static pr_error scan_file_run(scan_file *f, const char *zPath, pr_roster eRoster, pr_encoding eEnc, scan_fn xRecord,
                              void *pArg, pr_err *pErr)
{
    memset(f, 0, sizeof(*f));
    pr_csvrow_init(&f->row);
    f->in.zPath = zPath;
    f->in.eRoster = eRoster;
    if (pr_sheet_kind_of(zPath) != SHEET_NONE)
        return pr_err_set(pErr, PR_ERR_CONFIG, "%s: payrun split reads CSV rosters only; save the workbook as CSV (UTF-8) and split that", zPath);
    pr_error rc = PR_OK;
    pr_chunker *pCut = NULL;
    pr_instream *pIn = pr_instream_open(zPath, pErr);
    if (!pIn) return pErr ? pErr->rc : PR_ERR_IO;
    f->in.bGzip = pr_instream_is_gzip(pIn);
    if (!(pCut = pr_chunker_new(pIn, pErr))) { rc = PR_ERR_NOMEM; goto cleanup; }
    int bDecided = eEnc != ENC_AUTO, bHeader = 1;
    f->in.eEnc = bDecided ? eEnc : ENC_UTF8;
    for (;;) {
        pr_chunk c;
        if ((rc = pr_chunker_next(pCut, &c, pErr))) goto cleanup;
        if (!c.z) break;
        pr_read_decide_encoding(&f->in, &c, &bDecided);
        if (bHeader) {
            bHeader = 0;
            rc = scan_header(f, &c, xRecord, pArg, pErr);
        }
        if (!rc && c.n) rc = scan_chunk(f, &c, xRecord, pArg, pErr);
        free(c.z);
        if (rc) goto cleanup;
    }
    if (bHeader) { rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: the file is empty: no header line", zPath); goto cleanup; }
    if (f->nRows == 0) { rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: the file has a header but no data rows", zPath); goto cleanup; }
    if ((rc = pr_instream_drain(pIn, pErr))) goto cleanup;
    pr_instream_sha256_hex(pIn, f->in.zSha);
cleanup:
    pr_chunker_free(pCut);
    pr_instream_free(pIn);
    return rc;
}

static void scan_file_clear(scan_file *f)
{
    pr_csvrow_clear(&f->row);
    free(f->zTok);
    pr_gbconv_free(f->pConv);
    f->zTok = NULL;
    f->pConv = NULL;
}

/* The trimmed field i of row (empty when absent). */
static pr_field row_field(const pr_csvrow *pRow, int i)
{
    pr_field v = { "", 0 };
    if (!pRow || i < 0 || i >= pRow->nField) return v;
    const char *z = pRow->aField[i].z;
    size_t n = pRow->aField[i].n;
    pr_trim(&z, &n);
    v.z = z;
    v.n = (uint32_t)n;
    return v;
}

/* The 6-digit code of field v, or -1 (as engine/model/row.c reads it). */
static int district_code(pr_field v)
{
    if (v.n != 6) return -1;
    int iCode = 0;
    for (int i = 0; i < 6; i++) {
        if (v.z[i] < '0' || v.z[i] > '9') return -1;
        iCode = iCode * 10 + (v.z[i] - '0');
    }
    return iCode;
}

/* ---- the command lines ---------------------------------------------------- */

/* What plan and split read from their command lines. */
typedef struct split_opts {
    const char *zOut;             /* plan: --out */
    int nShard;                   /* plan: --shards */
    const char *zPlan;            /* split: --plan */
    const char *zShardDir;        /* split: --shard-dir */
    int iTask;                    /* split: --task, -1 for every input */
    pr_encoding eEnc;             /* --encoding */
    int bEncSet;                  /* --encoding was given */
    const char *zJob, *zMonth;    /* --job and the --month its paths expand with */
    pr_job *pJob;                 /* owns the paths the job file gave */
    const char **azPath;          /* the rosters in order, owned array */
    pr_roster *aeRoster;          /* their kinds, owned array */
    int nIn;
} split_opts;

static int split_usage(const char *zCmd, const char *zMsg)
{
    fprintf(stderr, _("payrun %s: %s\nTry 'payrun %s --help'.\n"), zCmd, zMsg, zCmd);
    return PR_EXIT_USAGE;
}

static const char zPlanHelp[] =
    N_("Usage: payrun plan --shards N --out PLAN.csv [--encoding E] [--dibao FILE]... [--tekun FILE]...\n"
    "                  [--disability FILE]... [--orphan FILE]... [--job FILE --month YYYY-MM]\n"
    "Counts the rosters' rows per district (one pass over each file) and writes\n"
    "a plan that puts every district whole on one of N shards, balanced by rows:\n"
    "largest district first onto the shard with the fewest rows (ties: the smaller\n"
    "code, the lower shard). DIBAO households whose rows name more than one\n"
    "district are listed too, each sent whole to the shard of its head's district.\n"
    "The plan is a CSV: kind,code,shard,rows (docs/SCALE.md). With --job, the job\n"
    "file's [rosters] (its paths expanded for --month) follow the roster options,\n"
    "in the order a run takes them.\n");

static const char zSplitHelp[] =
    N_("Usage: payrun split --plan PLAN.csv --shard-dir DIR [--task I] [--encoding E]\n"
    "                   [--dibao FILE]... [--tekun FILE]... [--disability FILE]... [--orphan FILE]...\n"
    "                   [--job FILE --month YYYY-MM]\n"
    "Streams each roster once and writes, for each shard K that gets any of its\n"
    "rows, DIR/shard-K/NNNNNN-<roster>.csv.gz (the header and the rows, byte for\n"
    "byte), .lines.gz (each row's line in the original) and .origin.csv (the\n"
    "original path, encoding, gzip and SHA-256); NNNNNN is the file's position\n"
    "among the rosters given. Give the same rosters, in the same order, to every\n"
    "task: --task I splits only the I-th (from 0; one task per input file),\n"
    "without it every file is split. A file that cannot be read stops the split\n"
    "(exit 2) and leaves none of its shard files. Workbook rosters (.xlsx, .xls)\n"
    "are refused. --job and --month add the job file's rosters as for plan.\n"
    "Then: payrun run --shard-dir DIR --shard K (docs/SCALE.md).\n");

/* --job FILE --month M: the rosters of the job file's [rosters] after those
 * of the command line, as a run orders them (its [run] encoding too, unless
 * --encoding was given). PR_EXIT_DONE, or the exit status with the message
 * told. */
static int job_rosters(split_opts *o)
{
    pr_err err;
    pr_err_init(&err);
    pr_run_opts r;
    memset(&r, 0, sizeof(r));
    r.zMonth = o->zMonth;
    r.zPrev = "";       /* prev is not resolved: split reads no month folder */
    r.bCheck = 1;       /* nor is out: split writes no month */
    r.eEnc = o->eEnc;
    r.bEncSet = o->bEncSet;
    r.aIn = calloc((size_t)o->nIn + 1, sizeof(*r.aIn));
    if (r.aIn) {
        for (int i = 0; i < o->nIn; i++) r.aIn[i] = (pr_run_input){ o->azPath[i], o->aeRoster[i] };
        r.nIn = o->nIn;
        if ((o->pJob = pr_job_read(o->zJob, &err))) pr_job_apply(o->pJob, &r, &err);
    } else {
        pr_err_nomem(&err, "reading the job file");
    }
    const char **az = err.rc ? NULL : realloc(o->azPath, ((size_t)r.nIn + 1) * sizeof(*az));
    pr_roster *ae = az ? realloc(o->aeRoster, ((size_t)r.nIn + 1) * sizeof(*ae)) : NULL;
    if (az) o->azPath = az;
    if (ae) o->aeRoster = ae;
    if (!err.rc && (!az || !ae)) pr_err_nomem(&err, "reading the job file");
    for (int i = 0; !err.rc && i < r.nIn; i++) {
        o->azPath[i] = r.aIn[i].zPath;
        o->aeRoster[i] = r.aIn[i].e;
    }
    if (!err.rc) {
        o->nIn = r.nIn;
        o->eEnc = r.eEnc;
    }
    free(r.aIn);
    free(r.azReturns);
    free(r.azAdjust);
    if (!err.rc) return PR_EXIT_DONE;
    fprintf(stderr, "payrun: %s\n", err.zMsg);
    return pr_exit_code(err.rc);
}

enum { OPTS_HELP = -1 };   /* parse_split_opts printed the help */

/* Parses the options of plan (bPlan) or split into o. Returns PR_EXIT_DONE
 * to go on, OPTS_HELP, or the exit status of a usage error. */
static int parse_split_opts(int argc, char **argv, int bPlan, split_opts *o)
{
    static const struct option aFixed[] = {
        { "shards", required_argument, 0, 'N' }, { "out", required_argument, 0, 'o' },
        { "plan", required_argument, 0, 'p' }, { "shard-dir", required_argument, 0, 'd' },
        { "task", required_argument, 0, 'T' }, { "encoding", required_argument, 0, 'e' },
        { "job", required_argument, 0, 'J' }, { "month", required_argument, 0, 'm' },
        { "help", no_argument, 0, 'h' }
    };
    enum { N_FIXED = sizeof(aFixed) / sizeof(aFixed[0]), OPT_ROSTER = 1000 };
    const char *zCmd = bPlan ? "plan" : "split";
    struct option aOpt[N_FIXED + ROSTER_COUNT + 1];
    memcpy(aOpt, aFixed, sizeof(aFixed));
    for (int e = 0; e < ROSTER_COUNT; e++)
        aOpt[N_FIXED + e] = (struct option){ pr_roster_desc_of((pr_roster)e)->zName, required_argument, 0, OPT_ROSTER + e };
    memset(&aOpt[N_FIXED + ROSTER_COUNT], 0, sizeof(aOpt[0]));
    memset(o, 0, sizeof(*o));
    o->iTask = -1;
    o->azPath = calloc((size_t)argc + 1, sizeof(*o->azPath));
    o->aeRoster = calloc((size_t)argc + 1, sizeof(*o->aeRoster));
    if (!o->azPath || !o->aeRoster) return split_usage(zCmd, _("out of memory"));
    char zMsg[300];
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", aOpt, NULL)) != -1) {
        char *zEnd = NULL;
        long n;
        switch (c) {
        case 'N':
            n = strtol(optarg, &zEnd, 10);
            if (!bPlan || *zEnd || n < 1 || n > PR_PLAN_MAX_SHARDS) {
                snprintf(zMsg, sizeof(zMsg), bPlan ? _("--shards needs a whole number from 1 to %d") : _("--shards is an option of plan"),
                         PR_PLAN_MAX_SHARDS);
                return split_usage(zCmd, zMsg);
            }
            o->nShard = (int)n;
            break;
        case 'T':
            n = strtol(optarg, &zEnd, 10);
            if (bPlan || *zEnd || n < 0 || n > 1000000) return split_usage(zCmd, _("--task needs a whole number from 0 (split only)"));
            o->iTask = (int)n;
            break;
        case 'o': o->zOut = optarg; break;
        case 'p': o->zPlan = optarg; break;
        case 'd': o->zShardDir = optarg; break;
        case 'e':
            if (pr_encoding_parse(optarg, &o->eEnc, NULL)) return split_usage(zCmd, _("--encoding must be auto, utf-8 or gb18030"));
            o->bEncSet = 1;
            break;
        case 'J': o->zJob = optarg; break;
        case 'm': o->zMonth = optarg; break;
        case 'h': fputs(_(bPlan ? zPlanHelp : zSplitHelp), stdout); return OPTS_HELP;
        default:
            if (c >= OPT_ROSTER && c < OPT_ROSTER + ROSTER_COUNT) {
                o->azPath[o->nIn] = optarg;
                o->aeRoster[o->nIn++] = (pr_roster)(c - OPT_ROSTER);
                break;
            }
            snprintf(zMsg, sizeof(zMsg), _("unknown or incomplete option '%s'"), argv[optind - 1]);
            return split_usage(zCmd, zMsg);
        }
    }
    if (optind < argc) return split_usage(zCmd, _("unexpected argument; every roster needs its option (--dibao, --tekun, ...)"));
    if (o->zJob && !o->zMonth) return split_usage(zCmd, _("--job needs --month (the month its paths name)"));
    if (o->zMonth && !o->zJob) return split_usage(zCmd, _("--month goes with --job"));
    if (o->zJob) {
        int rc = job_rosters(o);
        if (rc != PR_EXIT_DONE) return rc;
    }
    if (o->nIn == 0) return split_usage(zCmd, _("no roster given (--dibao, --tekun, --disability or --orphan)"));
    if (bPlan && (!o->nShard || !o->zOut)) return split_usage(zCmd, !o->nShard ? _("--shards is required") : _("--out is required"));
    if (!bPlan && (!o->zPlan || !o->zShardDir)) return split_usage(zCmd, !o->zPlan ? _("--plan is required") : _("--shard-dir is required"));
    if (bPlan && (o->zPlan || o->zShardDir)) return split_usage(zCmd, _("--plan and --shard-dir are options of split"));
    if (!bPlan && o->zOut) return split_usage(zCmd, _("--out is an option of plan (split writes into --shard-dir)"));
    if (o->iTask >= o->nIn) {
        snprintf(zMsg, sizeof(zMsg), _("--task %d: there are %d rosters (tasks 0 to %d)"), o->iTask, o->nIn, o->nIn - 1);
        return split_usage(zCmd, zMsg);
    }
    return PR_EXIT_DONE;
}

static void split_opts_clear(split_opts *o)
{
    pr_job_free(o->pJob);
    free(o->azPath);
    free(o->aeRoster);
}

/* ---- payrun plan ---------------------------------------------------------- */

/* One DIBAO household seen by plan. */
typedef struct plan_house {
    const char *zId;              /* household id (UTF-8), in the arena */
    int iFirst;                   /* district code of its first row */
    int iHead;                    /* district code of its first head row, -1 if none */
    int bMixed;                   /* its rows name more than one district */
    long long nRows;              /* its rows */
} plan_house;

/* Most partitions of the households; each is a file while the rosters are read. */
#define PLAN_MAX_PARTS 256
/* Roster bytes (as stored, gzip or not) per partition of the households. */
#define PLAN_PART_BYTES ((int64_t)16 << 20)

/* What plan gathers. The DIBAO households are not held while the rosters
 * are read: each household row goes, as (id, district, head), into the
 * partition file of its id's hash, and the partitions are read one at a
 * time after, so that plan holds the households of one partition (about
 * PLAN_PART_BYTES of rosters' worth), whatever the month's size. */
typedef struct plan_state {
    long long anRows[1000000];    /* rows per district code (6 digits) */
    long long nRows;              /* every row */
    plan_house *aHouse;           /* one partition's households, open addressing; owned */
    size_t nHouse, nHouseCap;     /* used, slots (a power of 2) */
    pr_arena arena;               /* the ids */
    char zTmp[4096];              /* the partitions' folder, "" when gone */
    int nPart;                    /* partitions */
    FILE *apPart[PLAN_MAX_PARTS]; /* their files (unlinked at once), owned */
} plan_state;

static pr_error plan_grow(plan_state *s, pr_err *pErr)
{
    size_t nCap = s->nHouseCap ? s->nHouseCap * 2 : 1024;
    plan_house *a = calloc(nCap, sizeof(*a));
    if (!a) return pr_err_nomem(pErr, "counting households");
    for (size_t i = 0; i < s->nHouseCap; i++) {
        if (!s->aHouse[i].zId) continue;
        size_t j = (size_t)pr_hash_str(PR_HASH_SEED, s->aHouse[i].zId) & (nCap - 1);
        while (a[j].zId) j = (j + 1) & (nCap - 1);
        a[j] = s->aHouse[i];
    }
    free(s->aHouse);
    s->aHouse = a;
    s->nHouseCap = nCap;
    return PR_OK;
}

/* Notes a DIBAO row of household z[0,n) in district iCode. */
static pr_error plan_note_house(plan_state *s, const char *z, size_t n, int iCode, int bHead, pr_err *pErr)
{
    if (2 * (s->nHouse + 1) > s->nHouseCap && plan_grow(s, pErr)) return PR_ERR_NOMEM;
    char *zId = pr_arena_strndup(&s->arena, z, n);
    if (!zId) return pr_err_nomem(pErr, "counting households");
    size_t j = (size_t)pr_hash_str(PR_HASH_SEED, zId) & (s->nHouseCap - 1);
    while (s->aHouse[j].zId && strcmp(s->aHouse[j].zId, zId) != 0) j = (j + 1) & (s->nHouseCap - 1);
    plan_house *h = &s->aHouse[j];
    if (!h->zId) {
        *h = (plan_house){ zId, iCode, -1, 0, 0 };
        s->nHouse++;
    }
    h->nRows++;
    if (iCode != h->iFirst) h->bMixed = 1;
    if (bHead && h->iHead < 0) h->iHead = iCode;
    return PR_OK;
}

/* The partitions' files, as many as the rosters' bytes call for, made in
 * a folder beside zOut and unlinked at once (nothing is left behind). */
static pr_error plan_parts_open(plan_state *s, const split_opts *o, pr_err *pErr)
{
    int64_t nBytes = 0;
    for (int i = 0; i < o->nIn; i++) {
        struct stat st;
        if (stat(o->azPath[i], &st) == 0) nBytes += st.st_size;
    }
    /* PAYRUN_PLAN_PART_BYTES: another size, for the tests (1: as many partitions as there may be) */
    const char *zPart = getenv("PAYRUN_PLAN_PART_BYTES");
    char *zEnd = NULL;
    long long nEnv = zPart ? strtoll(zPart, &zEnd, 10) : 0;
    int64_t nPartBytes = zPart && *zEnd == '\0' && nEnv > 0 ? nEnv : PLAN_PART_BYTES;
    int64_t nPart = nBytes / nPartBytes + 1;
    s->nPart = 0;
    const char *zSlash = strrchr(o->zOut, '/');
    int nDir = zSlash ? (int)(zSlash - o->zOut) : 1;
    if ((size_t)snprintf(s->zTmp, sizeof(s->zTmp), "%.*s/.payrun-plan.XXXXXX", nDir, zSlash ? o->zOut : ".") >= sizeof(s->zTmp) - 32)
        return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", o->zOut);
    if (!mkdtemp(s->zTmp)) {
        pr_error rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot make a folder for the households: %s", s->zTmp, strerror(errno));
        s->zTmp[0] = '\0';
        return rc;
    }
    pr_error rc = PR_OK;
    for (int k = 0; k < (nPart > PLAN_MAX_PARTS ? PLAN_MAX_PARTS : nPart) && !rc; k++) {
        char zPath[4200];
        snprintf(zPath, sizeof(zPath), "%s/%d", s->zTmp, k);
        if (!(s->apPart[k] = fopen(zPath, "wb+"))) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot create: %s", zPath, strerror(errno));
        else s->nPart++;
        unlink(zPath);
    }
    rmdir(s->zTmp);
    s->zTmp[0] = '\0';
    return rc;
}

static void plan_parts_close(plan_state *s)
{
    for (int k = 0; k < s->nPart; k++) fclose(s->apPart[k]);
    s->nPart = 0;
}

/* A household row into its partition: the id's length and bytes, the
 * district code, whether it is a head's. */
static pr_error plan_put_house(plan_state *s, pr_field v, int iCode, int bHead, pr_err *pErr)
{
    FILE *f = s->apPart[pr_hash_mem(PR_HASH_SEED, v.z, v.n) % (uint64_t)s->nPart];
    uint32_t n = v.n;
    int32_t aCode[2] = { iCode, bHead };
    if (fwrite(&n, sizeof(n), 1, f) != 1 || fwrite(v.z, 1, n, f) != n || fwrite(aCode, sizeof(aCode), 1, f) != 1)
        return pr_err_set(pErr, PR_ERR_IO, "cannot write the households' partition: %s", strerror(errno));
    return PR_OK;
}

/* Reads partition f into s's table (emptied first). */
static pr_error plan_read_part(plan_state *s, FILE *f, pr_err *pErr)
{
    char *z = NULL;
    size_t nCap = 0;
    pr_error rc = PR_OK;
    pr_arena_clear(&s->arena);
    if (s->aHouse) memset(s->aHouse, 0, s->nHouseCap * sizeof(*s->aHouse));
    s->nHouse = 0;
    if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
        return pr_err_set(pErr, PR_ERR_IO, "cannot read the households' partition: %s", strerror(errno));
    for (;;) {
        uint32_t n;
        int32_t aCode[2];
        if (fread(&n, sizeof(n), 1, f) != 1) break;
        if (n + (size_t)1 > nCap) {
            char *y = realloc(z, (size_t)n + 1);
            if (!y) { rc = pr_err_nomem(pErr, "counting households"); break; }
            z = y;
            nCap = (size_t)n + 1;
        }
        if (fread(z, 1, n, f) != n || fread(aCode, sizeof(aCode), 1, f) != 1) {
            rc = pr_err_set(pErr, PR_ERR_IO, "the households' partition is cut short");
            break;
        }
        if ((rc = plan_note_house(s, z, n, aCode[0], aCode[1], pErr))) break;
    }
    if (!rc && ferror(f)) rc = pr_err_set(pErr, PR_ERR_IO, "cannot read the households' partition: %s", strerror(errno));
    free(z);
    return rc;
}

typedef struct plan_arg {
    plan_state *s;                /* the counts */
    scan_file *f;                 /* the file being read */
} plan_arg;

static pr_error plan_record(void *pArg, const scan_rec *r, pr_err *pErr)
{
    plan_arg *a = pArg;
    if (r->bHeader) return PR_OK;
    a->s->nRows++;
    int iCode = r->pRow ? district_code(row_field(r->pRow, a->f->iDistrict)) : -1;
    if (iCode < 0) return PR_OK;   /* shard 0, by the split's rule */
    a->s->anRows[iCode]++;
    pr_field h = row_field(r->pRow, a->f->iHouse);
    if (a->f->iHouse < 0 || h.n == 0) return PR_OK;
    pr_field rel = row_field(r->pRow, a->f->iRelation);
    int bHead = pr_name_is(rel.z, rel.n, "户主") || (rel.n == 4 && strncasecmp(rel.z, "head", 4) == 0);
    return plan_put_house(a->s, h, iCode, bHead, pErr);
}

/* Appends partition k's households whose rows name more than one district
 * to p, each on the shard of its head's district (its first row's when it
 * has no head row). */
static pr_error plan_mixed(plan_state *s, int k, pr_plan *p, int *pnCap, pr_err *pErr)
{
    pr_error rc = plan_read_part(s, s->apPart[k], pErr);
    for (size_t i = 0; !rc && i < s->nHouseCap; i++) {
        const plan_house *h = &s->aHouse[i];
        if (!h->zId || !h->bMixed) continue;
        if (p->nHouse == *pnCap) {
            int nNew = *pnCap ? *pnCap * 2 : 64;
            pr_plan_house *a = realloc(p->aHouse, (size_t)nNew * sizeof(*a));
            if (!a) return pr_err_nomem(pErr, "making the plan");
            p->aHouse = a;
            *pnCap = nNew;
        }
        int iShard = pr_plan_district_shard(p, h->iHead >= 0 ? h->iHead : h->iFirst);
        char *zId = strdup(h->zId);
        if (!zId) return pr_err_nomem(pErr, "making the plan");
        p->aHouse[p->nHouse++] = (pr_plan_house){ zId, iShard < 0 ? 0 : iShard, h->nRows };
    }
    return rc;
}

/* The plan from the counts: districts balanced, then the mixed households
 * listed, a partition at a time. */
static pr_error plan_build(plan_state *s, int nShard, pr_plan *p, pr_err *pErr)
{
    p->nShard = nShard;
    p->nRows = s->nRows;
    int n = 0;
    for (int c = 0; c < 1000000; c++) n += s->anRows[c] > 0;
    p->aDistrict = calloc((size_t)n + 1, sizeof(*p->aDistrict));
    if (!p->aDistrict) return pr_err_nomem(pErr, "making the plan");
    for (int c = 0; c < 1000000; c++)
        if (s->anRows[c]) p->aDistrict[p->nDistrict++] = (pr_plan_district){ c, 0, s->anRows[c] };
    pr_plan_balance(p->aDistrict, p->nDistrict, nShard);
    int nCap = 0;
    pr_error rc = PR_OK;
    for (int k = 0; k < s->nPart && !rc; k++) rc = plan_mixed(s, k, p, &nCap, pErr);
    if (!rc) pr_plan_sort(p);
    return rc;
}

int pr_plan_command(int argc, char **argv)
{
    split_opts o;
    int rc = parse_split_opts(argc, argv, 1, &o);
    if (rc != PR_EXIT_DONE) { split_opts_clear(&o); return rc == OPTS_HELP ? PR_EXIT_DONE : rc; }
    pr_err err;
    pr_err_init(&err);
    pr_programmes_register();
    plan_state *s = calloc(1, sizeof(*s));
    pr_plan *p = calloc(1, sizeof(*p));
    scan_file f;
    memset(&f, 0, sizeof(f));
    if (!s || !p) { pr_err_nomem(&err, "making the plan"); goto cleanup; }
    pr_arena_init(&s->arena);
    plan_parts_open(s, &o, &err);
    for (int i = 0; i < o.nIn && !err.rc; i++) {
        plan_arg a = { s, &f };
        scan_file_run(&f, o.azPath[i], o.aeRoster[i], o.eEnc, plan_record, &a, &err);
        scan_file_clear(&f);
    }
    if (!err.rc && !plan_build(s, o.nShard, p, &err)) pr_plan_write(p, o.zOut, &err);
cleanup:
    if (s) {
        plan_parts_close(s);
        pr_arena_clear(&s->arena);
        free(s->aHouse);
    }
    free(s);
    pr_plan_free(p);
    split_opts_clear(&o);
    if (err.rc) fprintf(stderr, "payrun plan: %s\n", err.zMsg);
    return pr_exit_code(err.rc);
}

/* ---- payrun split --------------------------------------------------------- */

/* The state of one file's split. */
typedef struct split_file {
    const split_opts *o;          /* the command line */
    const pr_plan *pPlan;         /* the plan */
    int iInput;                   /* the file's position among the rosters */
    scan_file f;                  /* the file being read */
    pr_shardw **apW;              /* [nShard]: a writer per shard, NULL until its first row */
    char *zHeader;                /* the header record, owned */
    size_t nHeader;
} split_file;

/* The shard of a record, by the rule at the top of this file. */
static int split_route(const split_file *s, const scan_rec *r)
{
    if (!r->pRow) return 0;
    if (s->f.iHouse >= 0) {
        pr_field h = row_field(r->pRow, s->f.iHouse);
        int iShard = h.n ? pr_plan_house_shard(s->pPlan, h.z, h.n) : -1;
        if (iShard >= 0) return iShard;
    }
    int iCode = district_code(row_field(r->pRow, s->f.iDistrict));
    int iShard = iCode < 0 ? -1 : pr_plan_district_shard(s->pPlan, iCode);
    return iShard < 0 ? 0 : iShard;
}

/* The BASE of the file's part in shard k into zOut. */
static int split_base(const split_file *s, int k, char *zOut, size_t nOut)
{
    int n = snprintf(zOut, nOut, "%s/shard-%d/%06d-%s", s->o->zShardDir, k, s->iInput, pr_roster_name(s->f.in.eRoster));
    return n < 0 || (size_t)n + 32 >= nOut ? -1 : 0;
}

static pr_error make_dir(const char *zDir, pr_err *pErr)
{
    if (mkdir(zDir, 0777) == 0 || errno == EEXIST) return PR_OK;
    return pr_err_set(pErr, PR_ERR_IO, "%s: cannot create the folder: %s", zDir, strerror(errno));
}

static pr_error split_record(void *pArg, const scan_rec *r, pr_err *pErr)
{
    split_file *s = pArg;
    if (r->bHeader) {
        if (!(s->zHeader = malloc(r->n + 1))) return pr_err_nomem(pErr, "splitting a roster");
        memcpy(s->zHeader, r->z, r->n);
        s->nHeader = r->n;
        return PR_OK;
    }
    int k = split_route(s, r);
    assert(k >= 0 && k < s->pPlan->nShard);
    if (!s->apW[k]) {
        char zBase[PATH_BYTES], zDir[PATH_BYTES];
        if (split_base(s, k, zBase, sizeof(zBase))) return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", s->o->zShardDir);
        snprintf(zDir, sizeof(zDir), "%s/shard-%d", s->o->zShardDir, k);
        pr_error rc = make_dir(zDir, pErr);
        if (rc) return rc;
        if (!(s->apW[k] = pr_shardw_new(zBase, pErr))) return pErr ? pErr->rc : PR_ERR_IO;
        if ((rc = pr_shardw_add(s->apW[k], s->zHeader, s->nHeader, 1, CHUNK_DATA, pErr))) return rc;
    }
    return pr_shardw_add(s->apW[k], r->z, r->n, r->iLine, r->eKind, pErr);
}

/* Writes the origin file of the file's part in shard k (under a temporary
 * name, renamed by split_commit). */
static pr_error split_origin(const split_file *s, int k, pr_err *pErr)
{
    char zBase[PATH_BYTES], zTmp[PATH_BYTES];
    if (split_base(s, k, zBase, sizeof(zBase))) return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", s->o->zShardDir);
    snprintf(zTmp, sizeof(zTmp), "%s.origin.csv.tmp", zBase);
    pr_outbuf b;
    pr_outbuf_init(&b, (size_t)1 << 20);
    pr_outbuf_str(&b, "key,value\nformat," ORIGIN_FORMAT "\nroster,");
    pr_outbuf_str(&b, pr_roster_name(s->f.in.eRoster));
    pr_outbuf_str(&b, "\npath,");
    pr_outbuf_csv(&b, s->f.in.zPath);
    pr_outbuf_printf(&b, "\nencoding,%s\ngzip,%s\nsha256,%s\ninput,%d\nrecords,%llu\n", pr_encoding_name(s->f.in.eEnc),
                     s->f.in.bGzip ? "true" : "false", s->f.in.zSha, s->iInput,
                     (unsigned long long)pr_shardw_count(s->apW[k]) - 1);
    pr_error rc = b.rc ? pr_err_nomem(pErr, "writing an origin file") : pr_write_file(zTmp, b.z, b.n, pErr);
    pr_outbuf_clear(&b);
    return rc;
}

/* Removes the part of this file that an earlier split left in shard k
 * (another plan sent rows there): a run of shard k must not read it. The
 * origin goes first, so that what remains is never taken for a part. */
static pr_error split_remove_stale(const split_file *s, int k, pr_err *pErr)
{
    static const char *const azSuffix[] = { ".origin.csv", ".csv.gz", ".lines.gz" };
    char zBase[PATH_BYTES], zFile[PATH_BYTES];
    split_base(s, k, zBase, sizeof(zBase));
    for (int i = 0; i < 3; i++) {
        snprintf(zFile, sizeof(zFile), "%s%s", zBase, azSuffix[i]);
        if (remove(zFile) != 0 && errno != ENOENT)
            return pr_err_set(pErr, PR_ERR_IO, "%s: cannot remove the part of an earlier split: %s", zFile, strerror(errno));
    }
    return PR_OK;
}

/* Renames every part's files (they are complete), and removes the parts
 * of this file an earlier split left in the shards that get none now. */
static pr_error split_commit(split_file *s, pr_err *pErr)
{
    for (int k = 0; k < s->pPlan->nShard; k++) {
        if (!s->apW[k]) {
            pr_error rc = split_remove_stale(s, k, pErr);
            if (rc) return rc;
            continue;
        }
        char zBase[PATH_BYTES], zTmp[PATH_BYTES], zFinal[PATH_BYTES];
        split_base(s, k, zBase, sizeof(zBase));
        snprintf(zFinal, sizeof(zFinal), "%s.origin.csv", zBase);
        snprintf(zTmp, sizeof(zTmp), "%s.tmp", zFinal);
        pr_error rc = pr_shardw_commit(s->apW[k], pErr);
        if (rc) return rc;
        /* the origin last: a part is there once its origin is */
        if (rename(zTmp, zFinal) != 0) return pr_err_set(pErr, PR_ERR_IO, "%s: cannot rename: %s", zTmp, strerror(errno));
    }
    return PR_OK;
}

/* Splits input i of the command line. */
static pr_error split_one(const split_opts *o, const pr_plan *pPlan, int i, pr_err *pErr)
{
    split_file s;
    memset(&s, 0, sizeof(s));
    s.o = o;
    s.pPlan = pPlan;
    s.iInput = i;
    pr_error rc = PR_OK;
    if (!(s.apW = calloc((size_t)pPlan->nShard, sizeof(*s.apW)))) return pr_err_nomem(pErr, "splitting a roster");
    rc = scan_file_run(&s.f, o->azPath[i], o->aeRoster[i], o->eEnc, split_record, &s, pErr);
    /* every row read is in exactly one part (each part has its header too) */
    uint64_t nWritten = 0;
    for (int k = 0; k < pPlan->nShard; k++) nWritten += s.apW[k] ? pr_shardw_count(s.apW[k]) - 1 : 0;
    if (!rc && nWritten != s.f.nRows)
        rc = pr_err_set(pErr, PR_ERR_IO, "%s: %llu rows read but %llu written to the shards", o->azPath[i],
                        (unsigned long long)s.f.nRows, (unsigned long long)nWritten);
    for (int k = 0; k < pPlan->nShard && !rc; k++) {
        if (!s.apW[k]) continue;
        if (!(rc = pr_shardw_close(s.apW[k], pErr))) rc = split_origin(&s, k, pErr);
    }
    if (!rc) rc = split_commit(&s, pErr);
    for (int k = 0; k < pPlan->nShard; k++) {
        if (rc && s.apW[k]) {
            char zBase[PATH_BYTES], zTmp[PATH_BYTES];
            split_base(&s, k, zBase, sizeof(zBase));
            snprintf(zTmp, sizeof(zTmp), "%s.origin.csv.tmp", zBase);
            remove(zTmp);
        }
        pr_shardw_free(s.apW[k]);
    }
    free(s.apW);
    free(s.zHeader);
    scan_file_clear(&s.f);
    return rc;
}

int pr_split_command(int argc, char **argv)
{
    split_opts o;
    int rc = parse_split_opts(argc, argv, 0, &o);
    if (rc != PR_EXIT_DONE) { split_opts_clear(&o); return rc == OPTS_HELP ? PR_EXIT_DONE : rc; }
    pr_err err;
    pr_err_init(&err);
    pr_programmes_register();
    pr_plan *pPlan = pr_plan_load(o.zPlan, &err);
    if (pPlan && !make_dir(o.zShardDir, &err)) {
        for (int i = 0; i < o.nIn && !err.rc; i++)
            if (o.iTask < 0 || o.iTask == i) split_one(&o, pPlan, i, &err);
    }
    pr_plan_free(pPlan);
    split_opts_clear(&o);
    if (err.rc) fprintf(stderr, "payrun split: %s\n", err.zMsg);
    return pr_exit_code(err.rc);
}

/* ---- a shard's parts as a run's inputs ------------------------------------ */

void pr_shard_inputs_clear(pr_shard_inputs *pIns)
{
    for (int i = 0; i < pIns->n; i++) {
        free(pIns->a[i].zBase);
        free(pIns->a[i].zPath);
    }
    free(pIns->a);
    pIns->a = NULL;
    pIns->n = 0;
}

enum { O_FORMAT = 1, O_ROSTER = 2, O_PATH = 4, O_ENC = 8, O_GZIP = 16, O_SHA = 32, O_INPUT = 64, O_ALL = 127 };

/* Takes the value zVal (nVal bytes before any cut) of key k of an origin
 * file into x and marks the key in *pfSeen (unknown keys are ignored).
 * Returns 0, 1 for a bad value, or -1 if memory ran out. */
static int origin_value(pr_field k, const char *zVal, size_t nVal, pr_shard_input *x, int *pfSeen)
{
    if (pr_field_eq(k, "format")) { *pfSeen |= O_FORMAT; return strcmp(zVal, ORIGIN_FORMAT) != 0; }
    if (pr_field_eq(k, "roster")) {
        *pfSeen |= O_ROSTER;
        for (int e = 0; e < ROSTER_COUNT; e++)
            if (strcmp(zVal, pr_roster_name((pr_roster)e)) == 0) { x->eRoster = (pr_roster)e; return 0; }
        return 1;
    }
    if (pr_field_eq(k, "path")) {
        *pfSeen |= O_PATH;
        free(x->zPath);
        if (!(x->zPath = strdup(zVal))) return -1;
        return nVal == 0 || nVal >= PATH_BYTES - 1;
    }
    if (pr_field_eq(k, "encoding")) {
        *pfSeen |= O_ENC;
        return pr_encoding_parse(zVal, &x->eEnc, NULL) != PR_OK || x->eEnc == ENC_AUTO;
    }
    if (pr_field_eq(k, "gzip")) {
        *pfSeen |= O_GZIP;
        x->bGzip = strcmp(zVal, "true") == 0;
        return !x->bGzip && strcmp(zVal, "false") != 0;
    }
    if (pr_field_eq(k, "sha256")) {
        *pfSeen |= O_SHA;
        if (strlen(zVal) != 64 || strspn(zVal, "0123456789abcdef") != 64) return 1;
        memcpy(x->zSha, zVal, 65);
        return 0;
    }
    if (pr_field_eq(k, "input")) {
        char *zEnd;
        long i = strtol(zVal, &zEnd, 10);
        *pfSeen |= O_INPUT;
        x->iInput = (int)(i < 0 || i > 1000000 ? 0 : i);
        return !zVal[0] || *zEnd || i < 0 || i > 1000000;
    }
    return 0;
}

/* Fills x from the origin file zFile (its BASE set already); x->zPath is
 * owned by x. Returns PR_OK, or an error naming the file and line. */
static pr_error origin_parse(const char *zFile, pr_shard_input *x, pr_err *pErr)
{
    char *z = NULL, zSha[65];
    size_t n = 0;
    pr_error rc = pr_textfile_read(zFile, ENC_UTF8, &z, &n, zSha, pErr);
    if (rc) return rc;
    pr_csvrow row;
    pr_csvrow_init(&row);
    int fSeen = 0;
    uint32_t iLine = 1, nLf;
    for (size_t iPos = 0, nUsed; iPos < n && !rc; iLine += nLf) {
        uint32_t iThis = iLine;
        if ((rc = pr_csv_next(z + iPos, n - iPos, &row, &nUsed, &nLf, pErr))) break;
        iPos += nUsed;
        if (iThis == 1 || (row.nField == 1 && row.aField[0].n == 0)) continue;
        if (row.eRc != CSV_OK || row.nField != 2) { rc = pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: not a key,value row", zFile, iThis); break; }
        pr_field v = row.aField[1];
        char zVal[PATH_BYTES];
        snprintf(zVal, sizeof(zVal), "%.*s", (int)(v.n < PATH_BYTES - 1 ? v.n : PATH_BYTES - 1), v.z);
        int bBad = origin_value(row.aField[0], zVal, v.n, x, &fSeen);
        if (bBad < 0) rc = pr_err_nomem(pErr, "reading a shard's origin");
        else if (bBad) rc = pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: a bad value '%.60s'", zFile, iThis, zVal);
    }
    if (!rc && fSeen != O_ALL)
        rc = pr_err_set(pErr, PR_ERR_CONFIG, "%s: not a shard origin file (format, roster, path, encoding, gzip, sha256, input)", zFile);
    pr_csvrow_clear(&row);
    free(z);
    return rc;
}

static int cmp_input(const void *a, const void *b)
{
    const pr_shard_input *x = a, *y = b;
    return (x->iInput > y->iInput) - (x->iInput < y->iInput);
}

pr_error pr_shard_inputs_load(const char *zDir, int iShard, pr_shard_inputs *pOut, pr_err *pErr)
{
    static const char zSuffix[] = ".origin.csv";
    const size_t nSuffix = sizeof(zSuffix) - 1;
    char zShard[PATH_BYTES];
    memset(pOut, 0, sizeof(*pOut));
    if (snprintf(zShard, sizeof(zShard), "%s/shard-%d", zDir, iShard) >= (int)sizeof(zShard) - 300)
        return pr_err_set(pErr, PR_ERR_IO, "%s: path too long", zDir);
    DIR *d = opendir(zShard);
    if (!d) return pr_err_set(pErr, PR_ERR_IO, "%s: cannot open the shard folder: %s", zShard, strerror(errno));
    pr_error rc = PR_OK;
    int nCap = 0;
    struct dirent *e;
    while (!rc && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n <= nSuffix || strcmp(e->d_name + n - nSuffix, zSuffix) != 0) continue;
        if (pOut->n == nCap) {
            int nNew = nCap ? nCap * 2 : 16;
            pr_shard_input *a = realloc(pOut->a, (size_t)nNew * sizeof(*a));
            if (!a) { rc = pr_err_nomem(pErr, "reading a shard"); break; }
            pOut->a = a;
            nCap = nNew;
        }
        pr_shard_input *x = &pOut->a[pOut->n++];
        memset(x, 0, sizeof(*x));
        char zFile[PATH_BYTES];
        snprintf(zFile, sizeof(zFile), "%s/%s", zShard, e->d_name);
        if (!(x->zBase = strndup(zFile, strlen(zFile) - nSuffix))) { rc = pr_err_nomem(pErr, "reading a shard"); break; }
        rc = origin_parse(zFile, x, pErr);
    }
    closedir(d);
    if (!rc && pOut->n == 0) rc = pr_err_set(pErr, PR_ERR_IO, "%s: no roster part (*.origin.csv) in the shard folder", zShard);
    if (!rc) qsort(pOut->a, (size_t)pOut->n, sizeof(*pOut->a), cmp_input);
    for (int i = 1; !rc && i < pOut->n; i++)
        if (pOut->a[i].iInput == pOut->a[i - 1].iInput)
            rc = pr_err_set(pErr, PR_ERR_CONFIG, "%s: two parts say they are input %d (%s, %s)", zShard, pOut->a[i].iInput,
                            pOut->a[i - 1].zBase, pOut->a[i].zBase);
    if (rc) pr_shard_inputs_clear(pOut);
    return rc;
}

int pr_shard_inputs_add(const pr_shard_inputs *pIns, pr_batch *b)
{
    for (int i = 0; i < pIns->n; i++) {
        const pr_shard_input *x = &pIns->a[i];
        if (pr_batch_add_input(b, x->zPath, x->eRoster)) return -1;
        pr_input *in = &b->aInput[b->nInput - 1];
        in->zShard = x->zBase;
        in->eEnc = x->eEnc;
        in->bGzip = x->bGzip;
        memcpy(in->zSha, x->zSha, sizeof(in->zSha));
        in->iRank = (uint32_t)x->iInput;   /* the file's place among the month's rosters, as in one run */
    }
    return 0;
}
