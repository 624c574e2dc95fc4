/*
 * payrun.c - the command line: `payrun run ...` reads the month's rosters,
 * applies the rules and writes the month's folder; exit codes 0 done,
 * 1 usage, 2 input or configuration error (nothing written for the month).
 */
#include "batch.h"
#include "calendar.h"
#include "../formats/outputs.h"
#include "../io/outdir.h"
#include "../io/sha256.h"

#include <getopt.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { EXIT_DONE = 0, EXIT_USAGE = 1, EXIT_INPUT = 2 };

static const char zTopHelp[] =
    "payrun - monthly social-assistance payment batch\n"
    "\n"
    "Usage:\n"
    "  payrun run --month YYYY-MM --policy FILE --index FILE [ROSTERS] --out DIR [OPTIONS]\n"
    "  payrun --help | --version\n"
    "\n"
    "Commands:\n"
    "  run       compute the month's payments and write DIR/YYYY-MM/\n"
    "\n"
    "`payrun run --help` explains every option of a run.\n"
    "\n"
    "Exit codes: 0 done; 1 usage error; 2 input or configuration error\n"
    "(nothing is written for the month).\n";

static const char zRunHelp[] =
    "Usage: payrun run --month YYYY-MM --policy FILE --index FILE\n"
    "                  [--dibao FILE]... [--tekun FILE]... [--disability FILE]... [--orphan FILE]...\n"
    "                  --out DIR [--threads N] [--encoding auto|utf-8|gb18030] [--force]\n"
    "\n"
    "Computes the payments of one month and writes, into DIR/YYYY-MM/:\n"
    "  ledger.csv.gz    one row per payment line (domain rules, section 7)\n"
    "  exceptions.csv   every REJECTED, HELD, INELIGIBLE and WARNING finding\n"
    "  manifest.json    inputs and outputs with SHA-256, counts and totals\n"
    "The folder appears complete or not at all.\n"
    "\n"
    "Options:\n"
    "  --month YYYY-MM      the batch month (ages are taken on its first day)\n"
    "  --policy FILE        policy CSV: key,district,area,from,value,reference\n"
    "  --index FILE         price-index CSV: month,cpi,food_cpi,scpi\n"
    "  --dibao FILE         最低生活保障 roster (one row per household member); repeatable\n"
    "  --tekun FILE         特困供养 roster; repeatable\n"
    "  --disability FILE    disability roster (both allowances); repeatable\n"
    "  --orphan FILE        孤儿 / 事实无人抚养儿童 roster; repeatable\n"
    "  --out DIR            output folder; the month goes into DIR/YYYY-MM\n"
    "  --threads N          worker threads (default: all processors); the outputs\n"
    "                       are byte-identical whatever N is\n"
    "  --encoding E         roster encoding: auto (default: UTF-8 if the bytes are\n"
    "                       valid UTF-8, else GB18030), utf-8 or gb18030\n"
    "  --force              replace DIR/YYYY-MM if it already exists\n"
    "  -h, --help           this help\n"
    "\n"
    "Rosters may be plain or gzip-compressed CSV, UTF-8 (with or without BOM) or\n"
    "GB18030, LF or CRLF, with Chinese or English column names in any order.\n"
    "\n"
    "Exit codes: 0 done; 1 usage error; 2 input or configuration error (a file\n"
    "cannot be read, a gzip stream is corrupt, a required column is missing, a\n"
    "policy key is missing): the run stops and nothing is written for the month.\n";

typedef struct run_opts {
    const char *zMonth, *zPolicy, *zIndex, *zOut;
    int nThreads;
    pr_encoding eEnc;
    int bForce;
} run_opts;

static int usage(const char *zMsg)
{
    fprintf(stderr, "payrun: %s\nTry 'payrun run --help'.\n", zMsg);
    return EXIT_USAGE;
}

static int fail(const char *zMsg)
{
    fprintf(stderr, "payrun: error: %s\n", zMsg);
    return EXIT_INPUT;
}

/* Writes the three outputs into the temporary folder and commits it. */
static int write_outputs(pr_batch *b, pr_outdir *pDir, char *zErr, size_t nErr)
{
    char zPath[4200];
    pr_outfile aOut[2] = { { "ledger.csv.gz", "", 0 }, { "exceptions.csv", "", 0 } };
    pr_outdir_path(pDir, "ledger.csv.gz", zPath, sizeof(zPath));
    if (pr_ledger_write(b, zPath, zErr, nErr)) return -1;
    pr_outdir_path(pDir, "exceptions.csv", zPath, sizeof(zPath));
    if (pr_exceptions_write(b, zPath, zErr, nErr)) return -1;
    for (int i = 0; i < 2; i++) {
        struct stat st;
        pr_outdir_path(pDir, aOut[i].zName, zPath, sizeof(zPath));
        if (pr_sha256_file(zPath, aOut[i].zSha) || stat(zPath, &st)) {
            snprintf(zErr, nErr, "%s: cannot read back", zPath);
            return -1;
        }
        aOut[i].nBytes = (long long)st.st_size;
    }
    pr_outdir_path(pDir, "manifest.json", zPath, sizeof(zPath));
    if (pr_manifest_write(b, aOut, 2, zPath, zErr, nErr)) return -1;
    return pr_outdir_commit(pDir, zErr, nErr);
}

static void summary(const pr_batch *b, const pr_outdir *pDir)
{
    long long nFen = 0, nRows = 0, a[ST_COUNT] = { 0 };
    for (int i = 0; i < b->nLine; i++) nFen += b->aLine[i].nAmount;
    for (int i = 0; i < b->nInput; i++) {
        nRows += b->aInput[i].nRows;
        for (int s = 0; s < ST_COUNT; s++) a[s] += b->aInput[i].aCount[s];
    }
    fprintf(stderr, "payrun: %lld rows read: %lld paid, %lld ineligible, %lld held, %lld rejected\n",
            nRows, a[ST_PAID], a[ST_INELIGIBLE], a[ST_HELD], a[ST_REJECTED]);
    fprintf(stderr, "payrun: %d payment lines, %lld.%02lld yuan; written to %s\n",
            b->nLine, nFen / 100, nFen % 100, pDir->zFinal);
}

static int do_run(const run_opts *o, pr_batch *b)
{
    char zErr[8192];
    pr_outdir dir;
    pr_error err = pr_batch_load_config(b, o->zPolicy, o->zIndex);
    if (err) return fail(b->zErr);
    if (pr_outdir_begin(&dir, o->zOut, o->zMonth, o->bForce, zErr, sizeof(zErr))) return fail(zErr);
    if ((err = pr_batch_read(b)) || (err = pr_batch_compute(b))) {
        pr_outdir_abort(&dir);
        return fail(b->zErr[0] ? b->zErr : pr_strerror(err));
    }
    if (write_outputs(b, &dir, zErr, sizeof(zErr))) {
        pr_outdir_abort(&dir);
        return fail(zErr);
    }
    summary(b, &dir);
    return EXIT_DONE;
}

static int cmd_run(int argc, char **argv)
{
    static const struct option aOpt[] = {
        { "month", required_argument, 0, 'm' }, { "policy", required_argument, 0, 'p' },
        { "index", required_argument, 0, 'i' }, { "dibao", required_argument, 0, 'D' },
        { "tekun", required_argument, 0, 'T' }, { "disability", required_argument, 0, 'S' },
        { "orphan", required_argument, 0, 'O' }, { "out", required_argument, 0, 'o' },
        { "threads", required_argument, 0, 't' }, { "encoding", required_argument, 0, 'e' },
        { "force", no_argument, 0, 'f' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    run_opts o = { 0 };
    o.nThreads = omp_get_num_procs();
    struct { const char *zPath; pr_roster e; } *aIn = calloc((size_t)argc, sizeof(*aIn));
    int nIn = 0, c, rc;
    if (!aIn) return fail("out of memory");
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", aOpt, NULL)) != -1) {
        switch (c) {
        case 'm': o.zMonth = optarg; break;
        case 'p': o.zPolicy = optarg; break;
        case 'i': o.zIndex = optarg; break;
        case 'o': o.zOut = optarg; break;
        case 'D': aIn[nIn].zPath = optarg; aIn[nIn++].e = ROSTER_DIBAO; break;
        case 'T': aIn[nIn].zPath = optarg; aIn[nIn++].e = ROSTER_TEKUN; break;
        case 'S': aIn[nIn].zPath = optarg; aIn[nIn++].e = ROSTER_DISABILITY; break;
        case 'O': aIn[nIn].zPath = optarg; aIn[nIn++].e = ROSTER_ORPHAN; break;
        case 'f': o.bForce = 1; break;
        case 't': {
            char *zEnd;
            long n = strtol(optarg, &zEnd, 10);
            if (*zEnd || n < 1 || n > 1024) { free(aIn); return usage("--threads needs a whole number from 1 to 1024"); }
            o.nThreads = (int)n;
            break;
        }
        case 'e':
            if (pr_encoding_parse(optarg, &o.eEnc)) { free(aIn); return usage("--encoding must be auto, utf-8 or gb18030"); }
            break;
        case 'h': free(aIn); fputs(zRunHelp, stdout); return EXIT_DONE;
        default: {
            char zMsg[256];
            snprintf(zMsg, sizeof(zMsg), "unknown or incomplete option '%s'", argv[optind - 1]);
            free(aIn);
            return usage(zMsg);
        }
        }
    }
    int iMonth;
    const char *zMissing = !o.zMonth ? "--month" : !o.zPolicy ? "--policy" : !o.zIndex ? "--index" : !o.zOut ? "--out" : NULL;
    if (zMissing) { free(aIn); char z[64]; snprintf(z, sizeof(z), "%s is required", zMissing); return usage(z); }
    if (optind < argc) { free(aIn); return usage("unexpected argument; every roster needs its option (--dibao, --tekun, ...)"); }
    if (pr_month_parse(o.zMonth, strlen(o.zMonth), &iMonth)) { free(aIn); return usage("--month must be YYYY-MM"); }
    if (nIn == 0) { free(aIn); return usage("no roster given (--dibao, --tekun, --disability or --orphan)"); }
    pr_batch *b = pr_batch_new(iMonth, o.nThreads, o.eEnc);
    if (!b) { free(aIn); return fail("out of memory"); }
    for (int i = 0; i < nIn; i++) pr_batch_add_input(b, aIn[i].zPath, aIn[i].e);
    rc = do_run(&o, b);
    pr_batch_free(b);
    free(aIn);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fputs(zTopHelp, stderr); return EXIT_USAGE; }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(zTopHelp, stdout);
        return EXIT_DONE;
    }
    if (strcmp(argv[1], "--version") == 0) { printf("payrun %s\n", PR_VERSION); return EXIT_DONE; }
    if (strcmp(argv[1], "run") == 0) return cmd_run(argc - 1, argv + 1);
    fprintf(stderr, "payrun: unknown command '%s'\n", argv[1]);
    fputs(zTopHelp, stderr);
    return EXIT_USAGE;
}
