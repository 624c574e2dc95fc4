/*
 * payrun.c - the command line.
 *   payrun run     compute a month and write DIR/YYYY-MM/ (engine/publish.c)
 *   payrun check   validate a month's inputs the day before; write only the exceptions
 *   payrun verify  re-check a month folder against its manifest (engine/verify.c)
 *   payrun diff    a paid month against a re-run of it: the adjustments (engine/run/diff.c)
 *   payrun keys    one shard's key file for a sharded month (formats/keyfile.h)
 *   payrun crosscheck  the shards' key files merged into the global facts (engine/run/crosscheck.c)
 * Exit codes: 0 done; 1 usage; 2 input or configuration error (nothing
 * written for the month); 3 the batch ran but must not be paid.
 */
#include "run/read.h"
#include "rules/rules.h"
#include "rules/programmes.h"
#include "model/batch.h"
#include "model/calendar.h"
#include "run/merge.h"
#include "run/publish.h"
#include "run/cycleload.h"
#include "run/verify.h"
#include "run/diff.h"
#include "run/crosscheck.h"
#include "formats/keyfile.h"
#include "model/global.h"
#include "run/seal.h"
#include "run/version.h"
#include "run/job.h"
#include "run/split.h"
#include "formats/bank_formats.h"
#include "formats/exceptions.h"
#include "io/lock.h"
#include "io/outbuf.h"
#include "io/outdir.h"
#include "io/progress.h"
#include "io/i18n.h"

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char zTopHelp[] =
    N_("payrun - monthly social-assistance payment batch\n"
    "\n"
    "Usage:\n"
    "  payrun run    --month YYYY-MM --policy FILE --index FILE [ROSTERS] --out DIR [OPTIONS]\n"
    "  payrun check  --month YYYY-MM --policy FILE --index FILE [ROSTERS] [--out FILE]\n"
    "  payrun verify DIR/YYYY-MM [--pubkey FILE] [--approver-key FILE]...\n"
    "  payrun verify --chain DIR [--pubkey FILE]\n"
    "  payrun diff   PAID_DIR/YYYY-MM RECOMPUTED_DIR/YYYY-MM --reference DOC --out FILE\n"
    "  payrun keys   --month YYYY-MM --policy FILE --index FILE [ROSTERS] --shard NAME --out FILE\n"
    "  payrun crosscheck --keys FILE [--keys FILE]... --out FACTS\n"
    "  payrun keygen --out DIR\n"
    "  payrun approve DIR/YYYY-MM --as NAME --role 审核|审批 --key FILE\n"
    "  payrun --help | --version\n"
    "\n"
    "Commands:\n"
    "  run       compute the month's payments and write DIR/YYYY-MM/\n"
    "  check     validate rosters, policy and index for the month (the day before the\n"
    "            batch) and write only the exceptions\n"
    "  verify    re-hash every file of a month folder against its manifest.json and\n"
    "            re-add the ledger against the manifest's totals; with --pubkey also\n"
    "            check manifest.sig, with --approver-key the approvals; --chain checks\n"
    "            every month folder of DIR and the chain that links them\n"
    "  diff      compare a paid month with the same month run again with a corrected\n"
    "            policy; write its 补差/补发/追回 rows for --adjustments\n"
    "  keys      one shard of a sharded month: compute it and write the sorted key\n"
    "            file that the cross-record rules need (docs/SCALE.md)\n"
    "  crosscheck  merge every shard's key file into the global facts, for\n"
    "            payrun run --global FACTS --shard NAME\n"
    "  keygen    write an Ed25519 key pair for signing months and approvals:\n"
    "            DIR/payrun-sign.key (private, mode 0600) and DIR/payrun-sign.pub\n"
    "  approve   append a signed approval (审核 or 审批) of a month that verifies\n"
    "            to DIR/YYYY-MM/approvals.jsonl\n"
    "\n"
    "`payrun run --help` explains every option.\n"
    "\n"
    "Exit codes:\n"
    "  0  done\n"
    "  1  usage error\n"
    "  2  input or configuration error (nothing is written for the month)\n"
    "  3  the batch ran but must not be paid: the reconciliation failed, or more\n"
    "     than --max-reject-rate of the records were REJECTED (exceptions.csv and\n"
    "     summary.xlsx are written so that someone can see why; no ledger, district\n"
    "     or bank workbook is); for verify: a file differs from the manifest\n");

/* The sharded month's commands, after the top help (docs/SCALE.md). */
static const char zShardHelp[] =
    N_("\n"
    "A month in shards (docs/SCALE.md):\n"
    "  payrun plan  --shards N --out PLAN [ROSTERS]   whole districts on N shards\n"
    "  payrun split --plan PLAN --shard-dir DIR [--task I] [ROSTERS]\n"
    "                each shard's rows of each roster, with their original lines\n"
    "  payrun run   ... --shard-dir DIR --shard K --global FACTS --out OUT/shard-K\n"
    "                a run on shard K's rows, with the facts of payrun crosscheck\n"
    "  payrun merge --month YYYY-MM --policy FILE --index FILE --shard-out OUT --shards N --out DIR\n"
    "                the shards' months into DIR/YYYY-MM, as one run writes it\n");

/* The run's help, around the rosters' lines, which come from the roster
 * descriptors (print_run_help). */
static const char zRunHelpUsage[] =
    N_("Usage: payrun run --month YYYY-MM --policy FILE --index FILE\n");
static const char zRunHelp[] =
    N_("                  --out DIR [--prev DIR/YYYY-MM] [--threads N] [--encoding auto|utf-8|gb18030]\n"
    "                  [--max-reject-rate PCT] [--force] [--json] [--no-progress]\n"
    "                  [--sign-key FILE] [--returns FILE]... [--adjustments FILE]...\n"
    "                  [--bank-formats FILE]\n"
    "       payrun run   --job FILE --month YYYY-MM [OPTIONS]\n"
    "       payrun check (the same inputs, or --job FILE) [--out FILE]\n"
    "\n"
    "Computes the payments of one month and writes, into DIR/YYYY-MM/:\n"
    "  ledger.csv.gz           one row per payment line\n"
    "  exceptions.csv          every REJECTED, HELD, INELIGIBLE and WARNING finding\n"
    "  <code>-<district>.xlsx  one disbursement workbook per district\n"
    "  bank-<bank>.xlsx        one disbursement (代发) workbook per bank\n"
    "  bank-<bank>-import.*    the bank's import file (with --bank-formats)\n"
    "  summary.xlsx            totals, reconciliation, exceptions, changes, parameters\n"
    "  changes.csv             changes against --prev (when given)\n"
    "  arrears.csv             money owed whose payment failed (挂账), by state\n"
    "  recoveries.csv          money to recover (追回), with what was offset\n"
    "  adjustments.csv         every adjustment row read, with its outcome\n"
    "  manifest.json           inputs and outputs with SHA-256, counts and totals\n"
    "The folder appears complete or not at all; an existing month is never\n"
    "overwritten without --force, and two runs on the same DIR and month cannot\n"
    "overlap.\n"
    "\n"
    "Options:\n"
    "  --month YYYY-MM        the batch month (ages are taken on its first day)\n"
    "  --policy FILE          policy CSV: key,district,area,from,value,reference\n"
    "  --index FILE           price-index CSV: month,cpi,food_cpi,scpi\n"
    "  --job FILE             a job file (INI: [run], [rosters], [cycle]) holding the\n"
    "                         options below; {month} and {prev} expand in its paths,\n"
    "                         its roster patterns are globs, prev = auto is the month\n"
    "                         before in out; the command line overrides it\n");
static const char zRunHelpTail[] =
    N_("  --out DIR              output folder; the month goes into DIR/YYYY-MM\n"
    "                         (check: the exceptions file; default standard output)\n"
    "  --prev DIR/YYYY-MM     last month's folder: adds changes.csv and the 变动 sheet;\n"
    "                         carries its open arrears and recoveries; the folders\n"
    "                         beside it are the history adjustments are checked against\n"
    "  --returns FILE         the banks' results for --prev's bank rows (回盘; repeatable):\n"
    "                         付款编号,银行账号,收款人,金额,结果,原因\n"
    "  --adjustments FILE     approved 补发/补差/临时救助/追回 rows (repeatable):\n"
    "                         类型,项目,对象编号,所属期,金额,文号,审批人,事由,...\n"
    "  --threads N            worker threads (default: all processors); the outputs\n"
    "                         are byte-identical whatever N is\n"
    "  --encoding E           roster encoding: auto (default: UTF-8 unless GB18030\n"
    "                         decodes more of the file), utf-8 or gb18030\n"
    "  --max-reject-rate PCT  largest share of REJECTED records for a payable month\n"
    "                         (default 1, i.e. 1 %)\n"
    "  --force                replace DIR/YYYY-MM if it already exists (its\n"
    "                         approvals.jsonl is kept; verify calls them stale)\n"
    "  --sign-key FILE        sign manifest.json with this Ed25519 private key\n"
    "                         (manifest.sig) and chain the month to --prev\n"
    "  --bank-formats FILE    each bank's import layout, one row per bank:\n"
    "                         银行,文件类型,编码,分隔符,表头,金额单位,字段; writes\n"
    "                         bank-<bank>-import.csv|txt|xlsx beside its workbook\n"
    "                         (check: validates the file)\n"
    "  --global FACTS         a shard of a sharded month (docs/SCALE.md): apply the\n"
    "                         global facts of payrun crosscheck; needs --shard\n"
    "  --shard NAME           this shard's name, as its key file gave it\n"
    "  --ranks N,N,...        each roster file's place among the whole month's roster\n"
    "                         files, in the order given (default 0,1,2,...)\n"
    "  --json                 print the run's summary as JSON on standard output\n"
    "  --no-progress          no progress bar (none is drawn when stderr is not a\n"
    "                         terminal anyway)\n"
    "  -h, --help             this help\n"
    "\n"
    "Rosters may be plain or gzip-compressed CSV, UTF-8 (with or without BOM) or\n"
    "GB18030, LF or CRLF, with Chinese or English column names in any order.\n"
    "\n"
    "Exit codes: 0 done; 1 usage error; 2 input or configuration error (a file\n"
    "cannot be read, a gzip stream is corrupt, a required column is missing, a\n"
    "policy key is missing, the month exists, another run holds the month):\n"
    "nothing is written for the month; 3 the batch must not be paid (failed\n"
    "reconciliation, or too many REJECTED records): see summary.xlsx.\n");

/* Prints the run's help: the rosters' usage and option lines from their
 * descriptors, in the order of the roster table. */
static void print_run_help(FILE *pOut)
{
    const char *zRun = _(zRunHelp), *zOptions = strstr(zRun, "  --month");
    if (!zOptions) zOptions = zRun + strlen(zRun);   /* a translation without the mark: all of it first */
    fputs(_(zRunHelpUsage), pOut);
    fputs("                 ", pOut);
    for (int e = 0; e < ROSTER_COUNT; e++) fprintf(pOut, " [--%s FILE]...", pr_roster_desc_of((pr_roster)e)->zName);
    fputc('\n', pOut);
    fwrite(zRun, 1, (size_t)(zOptions - zRun), pOut);
    fputs(zOptions, pOut);
    for (int e = 0; e < ROSTER_COUNT; e++) {
        const pr_roster_desc *pDesc = pr_roster_desc_of((pr_roster)e);
        char zOpt[64];
        snprintf(zOpt, sizeof(zOpt), "  --%s FILE", pDesc->zName);
        fprintf(pOut, _("%-25s%s; repeatable\n"), zOpt, pDesc->zHelp);
    }
    fputs(_("  --shard-dir DIR --shard K\n"
            "                         instead of the rosters: shard K's parts written by\n"
            "                         payrun split into DIR (findings and manifest name the\n"
            "                         original files and lines; docs/SCALE.md)\n"), pOut);
    fputs(_(zRunHelpTail), pOut);
}

typedef pr_run_opts run_opts;   /* run/job.h: the command line fills them, then --job */

static int usage(const char *zMsg)
{
    fprintf(stderr, _("payrun: %s\nTry 'payrun run --help'.\n"), zMsg);
    return PR_EXIT_USAGE;
}

/* Prints the run's summary as JSON on stdout. */
/* The month's payment lines and their fen into *pnLines and *pnFen: from
 * its lines, or, for a merge, which holds none, from its totals. */
static void month_sums(const pr_batch *b, long long *pnLines, long long *pnFen)
{
    *pnLines = *pnFen = 0;
    if (b->anHousehold && b->aTotal) {
        for (int k = 0; k < b->nDistrict * PROG_COUNT; k++) {
            *pnLines += b->aTotal[k].nLines;
            *pnFen += b->aTotal[k].nFen;
        }
        return;
    }
    *pnLines = b->nLine;
    for (int i = 0; i < b->nLine; i++) *pnFen += b->aLine[i].nAmount;
}

static void print_json(const run_opts *o, const pr_batch *b, int rc, const char *zReason,
                       const char *zFolder, const pr_publish_result *r)
{
    pr_outbuf j;
    pr_outbuf_init(&j, (size_t)16 << 20);
    long long a[ST_COUNT] = { 0 }, nRows = 0, nFen = 0;
    for (int i = 0; b && i < b->nInput; i++) {
        if (b->aInput[i].eKind != INPUT_ROSTER) continue;
        nRows += b->aInput[i].nRows;
        for (int s = 0; s < ST_COUNT; s++) a[s] += b->aInput[i].aCount[s];
    }
    long long nLines = 0;
    if (b) month_sums(b, &nLines, &nFen);
    pr_outbuf_printf(&j, "{\"command\": \"%s\", \"month\": ", o->bKeys ? "keys" : o->bMerge ? "merge" : o->bCheck ? "check" : "run");
    pr_outbuf_json(&j, o->zMonth ? o->zMonth : "");
    pr_outbuf_printf(&j, ", \"exit_code\": %d, \"status\": \"%s\", \"reason\": ", rc,
                     rc == 0 ? "ok" : rc == 3 ? "not_payable" : rc == 1 ? "usage_error" : "input_error");
    pr_outbuf_json(&j, zReason ? zReason : "");
    pr_outbuf_printf(&j, ", \"rows_read\": %lld, \"paid\": %lld, \"ineligible\": %lld, \"held\": %lld, \"rejected\": %lld",
                     nRows, a[ST_PAID], a[ST_INELIGIBLE], a[ST_HELD], a[ST_REJECTED]);
    pr_outbuf_printf(&j, ", \"lines\": %lld, \"total_fen\": %lld, \"folder\": ", nLines, nFen);
    pr_outbuf_json(&j, zFolder ? zFolder : "");
    pr_outbuf_str(&j, ", \"outputs\": [");
    for (int i = 0; r && i < r->nFile; i++) {
        if (i) pr_outbuf_str(&j, ", ");
        pr_outbuf_json(&j, r->azFile[i]);
    }
    pr_outbuf_str(&j, "]}\n");
    if (!j.rc) fwrite(j.z, 1, j.n, stdout);
    pr_outbuf_clear(&j);
}

static int finish(const run_opts *o, const pr_batch *b, int rc, const char *zReason, const char *zFolder,
                  const pr_publish_result *r)
{
    const char *zShown = r && r->zShown[0] ? r->zShown : zReason;   /* the officer's language; --json keeps English */
    if (rc && zShown && zShown[0]) fprintf(stderr, _("payrun: %s: %s\n"), rc == 3 ? _("NOT PAYABLE") : _("error"), zShown);
    if (o->bJson) print_json(o, b, rc, zReason, zFolder, r);
    return rc;
}

static void summary(const pr_batch *b, const char *zWhere)
{
    long long nFen = 0, nLines = 0, nRows = 0, a[ST_COUNT] = { 0 };
    month_sums(b, &nLines, &nFen);
    long long aCyc[2][ST_COUNT] = { { 0 } };
    for (int i = 0; i < b->nInput; i++) {
        const pr_input *in = &b->aInput[i];
        if (in->eKind == INPUT_RETURNS || in->eKind == INPUT_ADJUSTMENTS)
            for (int s = 0; s < ST_COUNT; s++) aCyc[in->eKind == INPUT_ADJUSTMENTS][s] += in->aCount[s];
        if (in->eKind != INPUT_ROSTER) continue;
        nRows += in->nRows;
        for (int s = 0; s < ST_COUNT; s++) a[s] += in->aCount[s];
    }
    fprintf(stderr, _("payrun: %lld rows read: %lld paid, %lld ineligible, %lld held, %lld rejected\n"),
            nRows, a[ST_PAID], a[ST_INELIGIBLE], a[ST_HELD], a[ST_REJECTED]);
    if (b->pCycle->nRet) {
        long long nFailed = 0;
        for (int i = 0; i < b->pCycle->nRow; i++) nFailed += b->pCycle->aRow[i].bFailed;
        fprintf(stderr, _("payrun: bank returns: %lld rows accepted (%lld failed), %lld rejected\n"), aCyc[0][ST_PAID],
                nFailed, aCyc[0][ST_REJECTED]);
    }
    if (b->pCycle->nAdj)
        fprintf(stderr, _("payrun: adjustments: %lld accepted, %lld held, %lld rejected\n"), aCyc[1][ST_PAID], aCyc[1][ST_HELD],
                aCyc[1][ST_REJECTED]);
    fprintf(stderr, _("payrun: %lld payment lines, %lld.%02lld yuan; %s\n"), nLines, nFen / 100, nFen % 100, zWhere);
}

/* What the payment cycle's task beside the rosters' reading is given. */
typedef struct cycle_arg {
    pr_batch *b;                  /* the batch */
    const pr_cycle_files *f;      /* the cycle's files */
} cycle_arg;

/* xBeside of pr_batch_read_beside: the payment cycle's files. */
static pr_error load_cycle_beside(void *pArg)
{
    cycle_arg *a = pArg;
    return pr_cycle_load(a->b, a->f);
}

/* The rosters, and the payment cycle's files read beside them (their
 * inputs come after the rosters', so their findings come after): the
 * previous month's ledger is streamed while the rosters are, instead of
 * alone after them. */
static pr_error read_inputs(const run_opts *o, pr_batch *b)
{
    pr_cycle_files f = { o->zPrev, o->azReturns, o->nReturns, o->azAdjust, o->nAdjust };
    if (!o->zPrev && !o->nReturns && !o->nAdjust) return pr_batch_read(b);
    /* the cycle adds its files, its registers (arrears, recoveries) among
     * them, while the rosters' readers hold pointers into the inputs */
    if (pr_batch_reserve_inputs(b, o->nReturns + o->nAdjust + 2))
        return pr_err_nomem(&b->err, "reading the payment cycle");
    cycle_arg a = { b, &f };
    pr_error rc = pr_batch_read_beside(b, load_cycle_beside, &a);
    if (!rc && b->xProgress) b->xProgress(b->pProgressArg, N_("reading the payment cycle"), 1, 1);
    return rc;
}

/* --bank-formats, read before anything is computed or written: NULL
 * (with *pRc the exit status) when it cannot be used; NULL with *pRc 0 when
 * none is given. */
static pr_bank_formats *load_formats(const run_opts *o, const pr_batch *b, int *pRc)
{
    *pRc = 0;
    if (!o->zBankFormats) return NULL;
    pr_err e;
    pr_err_init(&e);
    pr_bank_formats *f = pr_bank_formats_load(o->zBankFormats, &e);
    if (!f) *pRc = finish(o, b, pr_exit_code(e.rc), e.zMsg, NULL, NULL);
    return f;
}

/* payrun check: compute, then write only the exceptions. */
static int do_check(const run_opts *o, pr_batch *b, pr_progress *pProg)
{
    char zErr[8192];
    pr_error err;
    int rcFormats;
    pr_bank_formats *pFormats = load_formats(o, b, &rcFormats);   /* validated, then not needed */
    pr_bank_formats_free(pFormats);
    if (rcFormats) { pr_progress_done(pProg); return rcFormats; }
    if ((err = pr_batch_load_config(b, o->zPolicy, o->zIndex)) || (err = read_inputs(o, b))
        || (err = pr_batch_compute(b))) {
        pr_progress_done(pProg);
        return finish(o, b, pr_exit_code(err), b->err.zMsg[0] ? b->err.zMsg : pr_strerror(err), NULL, NULL);
    }
    pr_progress_done(pProg);
    const char *zOut = o->zOut ? o->zOut : "/dev/stdout";
    pr_err e;
    pr_err_init(&e);
    if ((err = pr_exceptions_write(b, zOut, &e))) return finish(o, b, pr_exit_code(err), e.zMsg, NULL, NULL);
    long long nRows = 0, nRej = 0;
    for (int i = 0; i < b->nInput; i++) {
        if (b->aInput[i].eKind != INPUT_ROSTER) continue;
        nRows += b->aInput[i].nRows;
        nRej += b->aInput[i].aCount[ST_REJECTED];
    }
    summary(b, o->zOut ? o->zOut : _("exceptions on standard output"));
    if (nRows > 0 && nRej * 10000 > (long long)o->nMaxRejectBp * nRows) {
        snprintf(zErr, sizeof(zErr), _("%lld of %lld records are REJECTED, more than --max-reject-rate; the run would not be payable"), nRej, nRows);
        return finish(o, b, PR_EXIT_NOT_PAYABLE, zErr, NULL, NULL);
    }
    return finish(o, b, PR_EXIT_DONE, NULL, NULL, NULL);
}

/* payrun keys: compute as check does, then write the shard's key file to
 * --out. */
static int do_keys(const run_opts *o, pr_batch *b, pr_progress *pProg)
{
    pr_error err;
    if ((err = pr_batch_load_config(b, o->zPolicy, o->zIndex)) || (err = read_inputs(o, b))
        || (err = pr_batch_compute(b))) {
        pr_progress_done(pProg);
        return finish(o, b, pr_exit_code(err), b->err.zMsg[0] ? b->err.zMsg : pr_strerror(err), NULL, NULL);
    }
    pr_progress_done(pProg);
    pr_err e;
    pr_err_init(&e);
    if ((err = pr_keyfile_write(b, o->zOut, o->zShard, &e))) return finish(o, b, pr_exit_code(err), e.zMsg, NULL, NULL);
    fprintf(stderr, _("payrun: keys of shard %s written to %s\n"), o->zShard, o->zOut);
    return finish(o, b, PR_EXIT_DONE, NULL, NULL, NULL);
}

/* --ranks: one rank per roster file, in the order given, each below 2^24
 * and none twice. 0, or -1 if the list is not such. */
static int set_ranks(const run_opts *o, pr_batch *b)
{
    const char *z = o->zRanks;
    for (int i = 0; i < o->nIn; i++) {
        char *zEnd;
        if (*z < '0' || *z > '9') return -1;
        long v = strtol(z, &zEnd, 10);
        if (v >= (1L << 24) || (i + 1 < o->nIn ? *zEnd != ',' : *zEnd != 0)) return -1;
        for (int j = 0; j < i; j++) if (b->aInput[j].iRank == (uint32_t)v) return -1;
        b->aInput[i].iRank = (uint32_t)v;
        z = zEnd + (*zEnd == ',');
    }
    return 0;
}

/* The sharding options: --ranks into the batch, --global's facts read into
 * *ppGlobal (the caller's, pr_global_free) and lent to the batch. Returns
 * PR_EXIT_DONE or the exit status, its message told. */
static int setup_shard(const run_opts *o, pr_batch *b, pr_global **ppGlobal)
{
    if (o->zRanks && set_ranks(o, b)) return usage(_("--ranks needs one whole number below 16777216 per roster file, none twice"));
    if (!o->zGlobal) return PR_EXIT_DONE;
    if (!(*ppGlobal = pr_global_new())) return finish(o, NULL, PR_EXIT_INPUT, _("out of memory"), NULL, NULL);
    pr_err e;
    pr_err_init(&e);
    pr_error err = pr_facts_read(o->zGlobal, o->zMonth, o->zShard, *ppGlobal, &e);
    if (err) return finish(o, NULL, pr_exit_code(err), e.zMsg, NULL, NULL);
    b->pGlobal = *ppGlobal;
    return PR_EXIT_DONE;
}

/* Whether a shard name can go into a key file's header. */
static int shard_name_ok(const char *z)
{
    size_t n = strlen(z);
    if (n == 0 || n > 255) return 0;
    for (; *z; z++) if ((unsigned char)*z < 0x20 || *z == '\\') return 0;
    return 1;
}

static int do_run(const run_opts *o, pr_batch *b, pr_progress *pProg)
{
    char zErr[8192];
    pr_outdir dir;
    pr_lock lock = { -1, "" };
    pr_publish_result res;
    memset(&res, 0, sizeof(res));
    int rc;
    pr_sigkey *pKey = NULL;      /* --sign-key, read before anything is computed */
    pr_bank_formats *pFormats = NULL;
    pr_merge *pMerge = NULL;     /* payrun merge: the shards read */
    if (o->zSignKey) {
        pr_err errKey;
        pr_err_init(&errKey);
        if (!(pKey = pr_sigkey_load(o->zSignKey, 1, &errKey))) { rc = finish(o, b, pr_exit_code(errKey.rc), errKey.zMsg, NULL, NULL); goto cleanup; }
    }
    pFormats = load_formats(o, b, &rc);   /* --bank-formats, before the folder is begun */
    if (rc) goto cleanup;
    if (pFormats) {
        b->zBankFormats = pFormats->zPath;
        memcpy(b->zBankFormatsSha, pFormats->zSha, sizeof(b->zBankFormatsSha));
    }
    pr_error rcConfig = pr_batch_load_config(b, o->zPolicy, o->zIndex);
    if (rcConfig) { rc = finish(o, b, pr_exit_code(rcConfig), b->err.zMsg[0] ? b->err.zMsg : pr_strerror(rcConfig), NULL, NULL); goto cleanup; }
    if (mkdir(o->zOut, 0777) != 0 && errno != EEXIST) {
        snprintf(zErr, sizeof(zErr), _("%s: cannot create the output folder: %s"), o->zOut, strerror(errno));
        rc = finish(o, b, PR_EXIT_INPUT, zErr, NULL, NULL);
        goto cleanup;
    }
    pr_err err;
    pr_err_init(&err);
    if (pr_lock_acquire(&lock, o->zOut, o->zMonth, &err)) { rc = finish(o, b, PR_EXIT_INPUT, err.zMsg, NULL, NULL); goto cleanup; }
    if (pr_outdir_begin(&dir, o->zOut, o->zMonth, o->bForce, &err)) {
        rc = finish(o, b, PR_EXIT_INPUT, err.zMsg, NULL, NULL);
        goto cleanup;
    }
    pr_error rcStage;
    if (o->bMerge) {
        pr_progress_update(pProg, N_("reading the shards"), 0, 1);
        if (!(pMerge = pr_merge_load(b, o->zShardOut, o->nShards, &err))) {
            pr_outdir_abort(&dir);
            pr_progress_done(pProg);
            rc = finish(o, b, pr_exit_code(err.rc), err.zMsg, NULL, NULL);
            goto cleanup;
        }
        pr_progress_update(pProg, N_("reading the shards"), 1, 1);
    } else if ((rcStage = read_inputs(o, b))
               || (pr_progress_update(pProg, N_("computing"), 0, 1), (rcStage = pr_batch_compute(b)))) {
        pr_outdir_abort(&dir);
        pr_progress_done(pProg);
        rc = finish(o, b, pr_exit_code(rcStage), b->err.zMsg[0] ? b->err.zMsg : pr_strerror(rcStage), NULL, NULL);
        goto cleanup;
    } else {
        pr_progress_update(pProg, N_("computing"), 1, 1);
    }
    pr_publish_opts po = { o->zPrev, o->nMaxRejectBp, pr_progress_update, pProg, pKey, pFormats,
                           pMerge ? pr_merge_publish(pMerge) : NULL };
    pr_publish_month(b, &dir, &po, &res);
    pr_progress_done(pProg);
    if (o->zShardDir && res.rc == PR_EXIT_DONE && pr_merge_write_part(b, o->zOut, &err)) {
        rc = finish(o, b, pr_exit_code(err.rc), err.zMsg, NULL, NULL);
        goto cleanup;
    }
    if (res.rc == PR_EXIT_DONE || res.rc == PR_EXIT_NOT_PAYABLE) {
        char zWhere[4200];
        snprintf(zWhere, sizeof(zWhere), "%s %s", res.rc ? _("findings written to") : _("written to"), dir.zFinal);
        summary(b, zWhere);
    }
    rc = finish(o, b, res.rc, res.zReason, res.rc == PR_EXIT_INPUT ? NULL : dir.zFinal, &res);
cleanup:
    pr_publish_result_clear(&res);
    pr_lock_release(&lock);
    pr_sigkey_free(pKey);
    pr_bank_formats_free(pFormats);
    pr_merge_free(pMerge);
    return rc;
}

static int parse_rate(const char *z, int *pBp)
{
    int64_t v;
    if (pr_pct_parse(z, strlen(z), &v) || v < 0 || v > 10000) return -1;
    *pBp = (int)v;
    return 0;
}

/* --job FILE: the options the command line left unset, from the file
 * (run/job.h). PR_EXIT_DONE, or the exit status with the message told. */
static int load_job(run_opts *o)
{
    int iMonth;
    if (!o->zMonth) return usage("--month is required");
    if (pr_month_parse(o->zMonth, strlen(o->zMonth), &iMonth) || strlen(o->zMonth) != 7) return usage("--month must be YYYY-MM");
    pr_err err;
    pr_err_init(&err);
    if (!(o->pJob = pr_job_read(o->zJob, &err)) || pr_job_apply(o->pJob, o, &err))
        return finish(o, NULL, pr_exit_code(err.rc), err.zMsg, NULL, NULL);
    return PR_EXIT_DONE;
}

/* payrun merge's options, after the job file's: the shards, and none of
 * what the shards' runs took instead (rosters) or a sharded month does not
 * take yet (the payment cycle's files). PR_EXIT_DONE, or a usage error. */
static int merge_opts(run_opts *o, int nInCli, const char *zShardDir)
{
    if (!o->zShardOut || !o->nShards) return usage(_("payrun merge needs --shard-out DIR and --shards N"));
    if (nInCli || zShardDir || o->zGlobal || o->zShard || o->zRanks)
        return usage(_("payrun merge reads the shards' months: give no roster, --shard-dir, --global, --shard or --ranks"));
    if (o->zPrev || o->nReturns || o->nAdjust)
        return usage(_("a month in shards does not take --prev, --returns or --adjustments yet (docs/SCALE.md): run that month whole"));
    o->nIn = 0;   /* the job file's [rosters] were split and run by the shards */
    return PR_EXIT_DONE;
}

static int cmd_run(int argc, char **argv, int bCheck)
{
    /* the fixed options, then one per roster (--<its name>, value OPT_ROSTER + e) */
    static const struct option aFixed[] = {
        { "month", required_argument, 0, 'm' }, { "policy", required_argument, 0, 'p' },
        { "index", required_argument, 0, 'i' }, { "out", required_argument, 0, 'o' },
        { "threads", required_argument, 0, 't' }, { "encoding", required_argument, 0, 'e' },
        { "prev", required_argument, 0, 'P' }, { "max-reject-rate", required_argument, 0, 'r' },
        { "force", no_argument, 0, 'f' }, { "json", no_argument, 0, 'j' },
        { "no-progress", no_argument, 0, 'n' }, { "help", no_argument, 0, 'h' },
        { "sign-key", required_argument, 0, 'k' }, { "returns", required_argument, 0, 'R' },
        { "adjustments", required_argument, 0, 'A' }, { "job", required_argument, 0, 'J' },
        { "bank-formats", required_argument, 0, 'B' }, { "shard-dir", required_argument, 0, 'D' },
        { "global", required_argument, 0, 'g' }, { "shard", required_argument, 0, 's' },
        { "ranks", required_argument, 0, 'K' }, { "shard-out", required_argument, 0, 'O' },
        { "shards", required_argument, 0, 'N' }
    };
    enum { N_FIXED = sizeof(aFixed) / sizeof(aFixed[0]), OPT_ROSTER = 1000 };
    struct option aOpt[N_FIXED + ROSTER_COUNT + 1];
    memcpy(aOpt, aFixed, sizeof(aFixed));
    for (int e = 0; e < ROSTER_COUNT; e++)
        aOpt[N_FIXED + e] = (struct option){ pr_roster_desc_of((pr_roster)e)->zName, required_argument, 0, OPT_ROSTER + e };
    memset(&aOpt[N_FIXED + ROSTER_COUNT], 0, sizeof(aOpt[0]));
    run_opts o;
    memset(&o, 0, sizeof(o));
    o.nThreads = omp_get_num_procs();
    o.bProgress = 1;
    o.bCheck = bCheck == 1;
    o.bKeys = bCheck == 2;
    o.bMerge = bCheck == 3;
    o.nMaxRejectBp = 100;
    o.aIn = calloc((size_t)argc + 1, sizeof(*o.aIn));
    o.azReturns = calloc((size_t)argc + 1, sizeof(*o.azReturns));
    o.azAdjust = calloc((size_t)argc + 1, sizeof(*o.azAdjust));
    if (!o.aIn) return finish(&o, NULL, PR_EXIT_INPUT, _("out of memory"), NULL, NULL);
    int c, rc;
    char zMsg[300];
    const char *zShardDir = NULL;   /* --shard-dir: the rosters are shard K's parts */
    int iShard = -1;
    pr_shard_inputs shardIns = { NULL, 0 };
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", aOpt, NULL)) != -1) {
        switch (c) {
        case 'm': o.zMonth = optarg; break;
        case 'p': o.zPolicy = optarg; break;
        case 'i': o.zIndex = optarg; break;
        case 'o': o.zOut = optarg; break;
        case 'P': o.zPrev = optarg; break;
        case 'k': o.zSignKey = optarg; break;
        case 'R': o.azReturns[o.nReturns++] = optarg; break;
        case 'A': o.azAdjust[o.nAdjust++] = optarg; break;
        case 'J':
            if (o.zJob) { rc = usage("--job may be given once"); goto done; }
            o.zJob = optarg;
            break;
        case 'B': o.zBankFormats = optarg; break;
        case 'D': zShardDir = optarg; break;
        case 'g': o.zGlobal = optarg; break;
        case 's': o.zShard = optarg; break;
        case 'K': o.zRanks = optarg; break;
        case 'O': o.zShardOut = optarg; break;
        case 'N': {
            char *zEnd;
            long n = strtol(optarg, &zEnd, 10);
            if (*zEnd || n < 1 || n > PR_MERGE_MAX_SHARDS) { rc = usage(_("--shards needs a whole number from 1 to 4096")); goto done; }
            o.nShards = (int)n;
            break;
        }
        case 'f': o.bForce = 1; break;
        case 'j': o.bJson = 1; break;
        case 'n': o.bProgress = 0; break;
        case 't': {
            char *zEnd;
            long n = strtol(optarg, &zEnd, 10);
            if (*zEnd || n < 1 || n > 1024) { rc = usage(_("--threads needs a whole number from 1 to 1024")); goto done; }
            o.nThreads = (int)n;
            o.bThreadsSet = 1;
            break;
        }
        case 'e':
            if (pr_encoding_parse(optarg, &o.eEnc, NULL)) { rc = usage(_("--encoding must be auto, utf-8 or gb18030")); goto done; }
            o.bEncSet = 1;
            break;
        case 'r':
            if (parse_rate(optarg, &o.nMaxRejectBp)) { rc = usage(_("--max-reject-rate must be a percentage from 0 to 100, at most two decimals")); goto done; }
            o.bRejectSet = 1;
            break;
        case 'h': print_run_help(stdout); rc = PR_EXIT_DONE; goto done;
        default:
            if (c >= OPT_ROSTER && c < OPT_ROSTER + ROSTER_COUNT) {
                o.aIn[o.nIn].zPath = optarg;
                o.aIn[o.nIn++].e = (pr_roster)(c - OPT_ROSTER);
                break;
            }
            snprintf(zMsg, sizeof(zMsg), _("unknown or incomplete option '%s'"), argv[optind - 1]);
            rc = usage(zMsg);
            goto done;
        }
    }
    int nInCli = o.nIn;   /* the rosters of the command line, before the job file's */
    if (o.zJob && (rc = load_job(&o)) != PR_EXIT_DONE) goto done;
    const char *zMissing = !o.zMonth ? "--month" : !o.zPolicy ? "--policy" : !o.zIndex ? "--index"
                         : (!o.zOut && bCheck != 1) ? "--out" : NULL;
    int iMonth;
    if (zMissing) {
        snprintf(zMsg, sizeof(zMsg), o.zJob ? _("%s is required (on the command line or in the job file)") : _("%s is required"), zMissing);
        rc = usage(zMsg);
        goto done;
    }
    if (optind < argc) { rc = usage(_("unexpected argument; every roster needs its option (--dibao, --tekun, ...)")); goto done; }
    if (pr_month_parse(o.zMonth, strlen(o.zMonth), &iMonth) || strlen(o.zMonth) != 7) { rc = usage(_("--month must be YYYY-MM")); goto done; }
    if (o.bMerge && (rc = merge_opts(&o, nInCli, zShardDir)) != PR_EXIT_DONE) goto done;
    if ((o.zShardOut || o.nShards) && !o.bMerge) { rc = usage(_("--shard-out and --shards go with payrun merge")); goto done; }
    o.zShardDir = zShardDir;
    if (zShardDir) {
        /* the shard's parts stand for the rosters; --shard is its number */
        char *zEnd = NULL;
        long n = o.zShard ? strtol(o.zShard, &zEnd, 10) : -1;
        if (!o.zShard || !o.zShard[0] || *zEnd || n < 0 || n >= 4096) { rc = usage(_("--shard-dir needs --shard K, a whole number from 0 to 4095")); goto done; }
        iShard = (int)n;
        if (nInCli) { rc = usage(_("--shard-dir reads the shard's rosters: give no roster option with it")); goto done; }
        if (o.zRanks) { rc = usage(_("--shard-dir gives each part its file's rank: give no --ranks with it")); goto done; }
        o.nIn = 0;   /* the job file's [rosters] were split: the shard's parts stand for them */
        pr_err e;
        pr_err_init(&e);
        if (pr_shard_inputs_load(zShardDir, iShard, &shardIns, &e)) { rc = finish(&o, NULL, PR_EXIT_INPUT, e.zMsg, NULL, NULL); goto done; }
    }
    if (o.nIn == 0 && !shardIns.n && !o.bMerge) { rc = usage(_("no roster given (--dibao, --tekun, --disability or --orphan)")); goto done; }
    if ((o.bKeys || o.zGlobal) && !o.zShard) { rc = usage(_("--shard NAME is required with payrun keys and --global")); goto done; }
    if (o.zShard && !shard_name_ok(o.zShard)) { rc = usage(_("--shard needs a name of 1 to 255 bytes, no control character or backslash")); goto done; }
    if (o.bKeys && o.zGlobal) { rc = usage(_("payrun keys takes no --global: the keys are the shard's own")); goto done; }
    if (o.zShard && !zShardDir && !o.bKeys && !o.zGlobal) { rc = usage(_("--shard goes with --shard-dir, --global or payrun keys")); goto done; }
    if (o.nReturns && !o.zPrev) {
        /* an input that cannot be checked: refused before anything is read or written */
        snprintf(zMsg, sizeof(zMsg), _("%s: --returns needs --prev, the month whose bank rows the banks answer"), o.azReturns[0]);
        rc = finish(&o, NULL, PR_EXIT_INPUT, zMsg, NULL, NULL);
        goto done;
    }
    pr_batch *b = pr_batch_new(iMonth, o.nThreads, o.eEnc);
    if (!b) { rc = finish(&o, NULL, PR_EXIT_INPUT, _("out of memory"), NULL, NULL); goto done; }
    for (int i = 0; i < o.nIn; i++) {
        if (pr_batch_add_input(b, o.aIn[i].zPath, o.aIn[i].e)) {
            rc = finish(&o, NULL, PR_EXIT_INPUT, _("out of memory or too many roster files"), NULL, NULL);
            pr_batch_free(b);
            goto done;
        }
    }
    if (pr_shard_inputs_add(&shardIns, b)) {
        rc = finish(&o, NULL, PR_EXIT_INPUT, _("out of memory or too many roster files"), NULL, NULL);
        pr_batch_free(b);
        goto done;
    }
    pr_progress prog;
    pr_progress_init(&prog, o.bProgress);
    b->xProgress = pr_progress_update;
    b->pProgressArg = &prog;
    pr_global *pGlobal = NULL;
    if ((rc = setup_shard(&o, b, &pGlobal)) == PR_EXIT_DONE)
        rc = o.bKeys ? do_keys(&o, b, &prog) : o.bCheck ? do_check(&o, b, &prog) : do_run(&o, b, &prog);
    pr_batch_free(b);
    pr_global_free(pGlobal);   /* after the batch, which borrowed it */
done:
    pr_shard_inputs_clear(&shardIns);
    pr_job_free(o.pJob);
    free(o.aIn);
    free(o.azReturns);
    free(o.azAdjust);
    return rc;
}

static const char zVerifyHelp[] =
    N_("Usage: payrun verify DIR/YYYY-MM [--pubkey FILE] [--approver-key FILE]...\n"
    "       payrun verify --chain DIR [--pubkey FILE] [--approver-key FILE]...\n"
    "Re-hashes every file of the month folder against manifest.json and re-adds the\n"
    "ledger against the manifest's totals. With --pubkey, also checks manifest.sig;\n"
    "with --approver-key (repeatable), the signatures of approvals.jsonl (each\n"
    "approval is listed; one over an earlier run of the month is called stale).\n"
    "--chain checks every month folder of DIR in order, and the links that chain\n"
    "each signed month to the one before it, naming each month changed, missing,\n"
    "out of order or unsigned. Exit 0 when all match, 3 when anything differs\n"
    "(each difference is named), 2 when a folder or key cannot be read.\n");

/* The worse of two verify statuses (0 < 3 < 2). */
static int worse(int a, int b)
{
    return a == 2 || b == 2 ? 2 : (a == 3 || b == 3 ? 3 : 0);
}

static int cmd_verify(int argc, char **argv)
{
    static const struct option aOpt[] = {
        { "chain", required_argument, 0, 'c' }, { "pubkey", required_argument, 0, 'k' },
        { "approver-key", required_argument, 0, 'a' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char *zChain = NULL, *zPub = NULL;
    const char **azApprover = calloc((size_t)argc + 1, sizeof(char *));
    pr_sigkey **apApprover = calloc((size_t)argc + 1, sizeof(pr_sigkey *));
    pr_sigkey *pPub = NULL;
    int nApprover = 0, c, rc = PR_EXIT_USAGE;
    pr_err err;
    pr_err_init(&err);
    if (!azApprover || !apApprover) { fprintf(stderr, _("payrun: error: out of memory\n")); rc = PR_EXIT_INPUT; goto cleanup; }
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", aOpt, NULL)) != -1) {
        switch (c) {
        case 'c': zChain = optarg; break;
        case 'k': zPub = optarg; break;
        case 'a': azApprover[nApprover++] = optarg; break;
        case 'h': fputs(_(zVerifyHelp), stdout); rc = PR_EXIT_DONE; goto cleanup;
        default:
            fprintf(stderr, _("payrun: unknown or incomplete option '%s'\n%s"), argv[optind - 1], zVerifyHelp);
            goto cleanup;
        }
    }
    if ((zChain ? optind != argc : optind != argc - 1)) { fputs(_(zVerifyHelp), stderr); goto cleanup; }
    if (zPub && !(pPub = pr_sigkey_load(zPub, 0, &err))) { fprintf(stderr, _("payrun: error: %s\n"), err.zMsg); rc = PR_EXIT_INPUT; goto cleanup; }
    for (int i = 0; i < nApprover; i++) {
        if (!(apApprover[i] = pr_sigkey_load(azApprover[i], 0, &err))) {
            fprintf(stderr, _("payrun: error: %s\n"), err.zMsg);
            rc = PR_EXIT_INPUT;
            goto cleanup;
        }
    }
    if (zChain) {
        rc = pr_seal_chain(zChain, pPub, stdout, &err);
        if (rc == 2) fprintf(stderr, _("payrun: error: %s\n"), err.zMsg);
        else fprintf(stderr, _("payrun: %s: %s\n"), zChain, rc ? _("the chain does not hold") : _("every month matches and the chain holds"));
        goto cleanup;
    }
    const char *zDir = argv[optind];
    rc = pr_verify_month(zDir, stdout, &err);
    if (rc == 2) { fprintf(stderr, _("payrun: error: %s\n"), err.zMsg); goto cleanup; }
    int rcFiles = rc;
    if (pPub) rc = worse(rc, pr_seal_check(zDir, pPub, stdout) == 0 ? 0 : 3);
    int rcApp = pr_seal_approvals(zDir, apApprover, nApprover, stdout, &err);
    if (rcApp == 2) fprintf(stderr, _("payrun: error: %s\n"), err.zMsg);
    rc = worse(rc, rcApp);
    if (rc == 0) fprintf(stderr, _("payrun: %s matches its manifest%s\n"), zDir, pPub ? _(" and its signature") : "");
    else if (rcFiles) fprintf(stderr, _("payrun: %s differs from its manifest\n"), zDir);
    else if (rc == 3) fprintf(stderr, _("payrun: %s matches its manifest, but a signature does not hold\n"), zDir);
cleanup:
    for (int i = 0; apApprover && i < nApprover; i++) pr_sigkey_free(apApprover[i]);
    free(apApprover);
    free(azApprover);
    pr_sigkey_free(pPub);
    return rc;
}

static int cmd_keygen(int argc, char **argv)
{
    if (argc != 3 || strcmp(argv[1], "--out") != 0) {
        fputs("Usage: payrun keygen --out DIR\n"
              "Writes a new Ed25519 key pair: DIR/payrun-sign.key (the private key, mode\n"
              "0600: keep it where only the signer can read it) and DIR/payrun-sign.pub\n"
              "(the public key, for auditors). Existing keys are never overwritten.\n",
              argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) ? stdout : stderr);
        return argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) ? PR_EXIT_DONE : PR_EXIT_USAGE;
    }
    char zPriv[4200], zPub[4200];
    pr_err err;
    pr_err_init(&err);
    if (mkdir(argv[2], 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, _("payrun: error: %s: cannot create the folder: %s\n"), argv[2], strerror(errno));
        return PR_EXIT_INPUT;
    }
    snprintf(zPriv, sizeof(zPriv), "%s/payrun-sign.key", argv[2]);
    snprintf(zPub, sizeof(zPub), "%s/payrun-sign.pub", argv[2]);
    if (pr_sigkey_generate(zPriv, zPub, &err)) { fprintf(stderr, _("payrun: error: %s\n"), err.zMsg); return pr_exit_code(err.rc); }
    fprintf(stderr, _("payrun: wrote %s (private: keep it secret) and %s (public)\n"), zPriv, zPub);
    return PR_EXIT_DONE;
}

static int cmd_approve(int argc, char **argv)
{
    static const struct option aOpt[] = {
        { "as", required_argument, 0, 'a' }, { "role", required_argument, 0, 'r' },
        { "key", required_argument, 0, 'k' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    static const char zHelp[] =
        N_("Usage: payrun approve DIR/YYYY-MM --as NAME --role 审核|审批 --key FILE\n"
        "Appends a signed approval of the month to DIR/YYYY-MM/approvals.jsonl: the\n"
        "month, the SHA-256 of its manifest.json, NAME, the role (审核 review or 审批\n"
        "approval), the time and the key's id. Refused when the month does not match\n"
        "its manifest. payrun verify --approver-key checks the approvals.\n");
    const char *zAs = NULL, *zRole = NULL, *zKey = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", aOpt, NULL)) != -1) {
        switch (c) {
        case 'a': zAs = optarg; break;
        case 'r': zRole = optarg; break;
        case 'k': zKey = optarg; break;
        case 'h': fputs(_(zHelp), stdout); return PR_EXIT_DONE;
        default: fprintf(stderr, _("payrun: unknown or incomplete option '%s'\n%s"), argv[optind - 1], zHelp); return PR_EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || !zAs || !zRole || !zKey) { fputs(_(zHelp), stderr); return PR_EXIT_USAGE; }
    pr_err err;
    pr_err_init(&err);
    pr_sigkey *pKey = pr_sigkey_load(zKey, 1, &err);
    if (!pKey) { fprintf(stderr, _("payrun: error: %s\n"), err.zMsg); return pr_exit_code(err.rc); }
    pr_error rc = pr_seal_approve(argv[optind], zAs, zRole, pKey, &err);
    pr_sigkey_free(pKey);
    if (rc) { fprintf(stderr, _("payrun: error: %s\n"), err.zMsg); return pr_exit_code(rc); }
    fprintf(stderr, _("payrun: %s approved (%s, %s)\n"), argv[optind], zRole, zAs);
    return PR_EXIT_DONE;
}

int main(int argc, char **argv)
{
    /* month folders 0750 and files 0640 at most, whatever the caller's umask
     * (a stricter one is kept): the folders hold ID numbers and accounts */
    mode_t eMask = umask(0);
    umask(eMask | 027);
    pr_i18n_init();   /* the terminal's language; no file depends on it */
    if (argc < 2) { fputs(_(zTopHelp), stderr); return PR_EXIT_USAGE; }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(_(zTopHelp), stdout);
        fputs(_(zShardHelp), stdout);
        return PR_EXIT_DONE;
    }
    if (strcmp(argv[1], "--version") == 0) { pr_version_print(stdout); return PR_EXIT_DONE; }
    if (strcmp(argv[1], "run") == 0) return cmd_run(argc - 1, argv + 1, 0);
    if (strcmp(argv[1], "check") == 0) return cmd_run(argc - 1, argv + 1, 1);
    if (strcmp(argv[1], "keys") == 0) return cmd_run(argc - 1, argv + 1, 2);
    if (strcmp(argv[1], "merge") == 0) return cmd_run(argc - 1, argv + 1, 3);
    if (strcmp(argv[1], "crosscheck") == 0) return pr_crosscheck_command(argc - 1, argv + 1);
    if (strcmp(argv[1], "verify") == 0) return cmd_verify(argc - 1, argv + 1);
    if (strcmp(argv[1], "diff") == 0) return pr_diff_command(argc - 1, argv + 1);
    if (strcmp(argv[1], "plan") == 0) return pr_plan_command(argc - 1, argv + 1);
    if (strcmp(argv[1], "split") == 0) return pr_split_command(argc - 1, argv + 1);
    if (strcmp(argv[1], "keygen") == 0) return cmd_keygen(argc - 1, argv + 1);
    if (strcmp(argv[1], "approve") == 0) return cmd_approve(argc - 1, argv + 1);
    fprintf(stderr, _("payrun: unknown command '%s'\n"), argv[1]);
    fputs(_(zTopHelp), stderr);
    return PR_EXIT_USAGE;
}
