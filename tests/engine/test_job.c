/*
 * test_job.c - the job file reader (engine/run/job.c) on its own: {month}
 * and {prev} in paths and globs, sorted glob expansion, the command line
 * overriding the file, prev = auto, and every bad input refused with the
 * file and line (or key) named and PR_ERR_CONFIG (exit 2).
 */
#include "tests/testutil.h"
#include "run/job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The folder of this suite's files: TMP/job. */
static const char *jdir(void)
{
    static char z[400];
    if (!z[0]) {
        snprintf(z, sizeof(z), "%s/job", tu_tmpdir());
        tu_sh("mkdir -p %s/in/2023-09 %s/in/2023-12 %s/out/2023-08 %s/out/2023-06 %s/empty", z, z, z, z, z);
        tu_sh("cd %s/in/2023-09 && touch dibao-b.csv dibao-a.csv dibao-C.csv tekun.csv ret-2023-08.csv adj.csv "
              "&& mkdir dibao-dir.csv && touch ../2023-12/dibao-x.csv", z);
    }
    return z;
}

/* zText with %J replaced by jdir(), into zBuf. */
static const char *subst(const char *zText, char *zBuf, size_t nBuf)
{
    size_t o = 0;
    for (const char *p = zText; *p && o + 400 < nBuf; p++) {
        if (p[0] == '%' && p[1] == 'J') { o += (size_t)snprintf(zBuf + o, nBuf - o, "%s", jdir()); p++; }
        else zBuf[o++] = *p;
    }
    zBuf[o] = 0;
    return zBuf;
}

/* Writes the job file zName (with %J for jdir()) and returns its path. */
static const char *job_file(const char *zName, const char *zText)
{
    char zBuf[8192], zRel[200];
    subst(zText, zBuf, sizeof(zBuf));
    jdir();
    snprintf(zRel, sizeof(zRel), "job/%s", zName);
    return tu_write_str(zRel, zBuf);
}

/* Options as the command line leaves them when it gives only --month. */
static void opts_init(pr_run_opts *o, const char *zMonth)
{
    memset(o, 0, sizeof(*o));
    o->zMonth = zMonth;
    o->nThreads = 3;
    o->nMaxRejectBp = 100;
    o->aIn = calloc(4, sizeof(*o->aIn));
    o->azReturns = calloc(4, sizeof(char *));
    o->azAdjust = calloc(4, sizeof(char *));
}

static void opts_clear(pr_run_opts *o)
{
    pr_job_free(o->pJob);
    free(o->aIn);
    free(o->azReturns);
    free(o->azAdjust);
}

/* Reads and applies zText; PR_OK or the error, whose message is in *pErr. */
static pr_error load(pr_run_opts *o, const char *zText, pr_err *pErr)
{
    pr_err_init(pErr);
    const char *zPath = job_file("t.ini", zText);
    if (!(o->pJob = pr_job_read(zPath, pErr))) return pErr->rc;
    return pr_job_apply(o->pJob, o, pErr);
}

/* 1 when the path ends with zTail. */
static int ends(const char *z, const char *zTail)
{
    size_t n = z ? strlen(z) : 0, k = strlen(zTail);
    return z && n >= k && strcmp(z + n - k, zTail) == 0;
}

static void test_expand(void)
{
    pr_run_opts o;
    pr_err err;
    opts_init(&o, "2023-09");
    pr_error rc = load(&o,
        "# a comment\n"
        "[run]\n"
        "policy = %J/policy-{month}.csv ; inline comment\n"
        "index = %J/index-{prev}.csv\n"
        "out = %J/out\n"
        "threads = 2\n"
        "max-reject-rate = 2.5\n"
        "encoding = gb18030\n"
        "sign_key = %J/keys/{month}.key\n"
        "bank_formats = %J/bank-formats.csv\n"
        "[rosters]\n"
        "dibao = %J/in/{month}/dibao-*.csv\n"
        "tekun = %J/in/{month}/tekun.csv\n"
        "dibao = %J/in/2023-12/dibao-x.csv\n"
        "[cycle]\n"
        "returns = %J/in/{month}/ret-{prev}.csv\n"
        "adjustments = %J/in/{month}/adj*.csv\n", &err);
    CU_ASSERT_EQUAL_FATAL(rc, PR_OK);
    CU_ASSERT(ends(o.zPolicy, "/job/policy-2023-09.csv"));
    CU_ASSERT(ends(o.zIndex, "/job/index-2023-08.csv"));
    CU_ASSERT(ends(o.zOut, "/job/out"));
    CU_ASSERT(ends(o.zSignKey, "/job/keys/2023-09.key"));
    CU_ASSERT(ends(o.zBankFormats, "/job/bank-formats.csv"));
    CU_ASSERT_PTR_NULL(o.zPrev);
    CU_ASSERT_EQUAL(o.nThreads, 2);
    CU_ASSERT_EQUAL(o.nMaxRejectBp, 250);
    CU_ASSERT_EQUAL(o.eEnc, ENC_GB18030);
    /* the file's order of patterns; each pattern sorted by bytes (C before
     * a), the folder dibao-dir.csv left out */
    CU_ASSERT_EQUAL_FATAL(o.nIn, 5);
    CU_ASSERT(ends(o.aIn[0].zPath, "/2023-09/dibao-C.csv"));
    CU_ASSERT(ends(o.aIn[1].zPath, "/2023-09/dibao-a.csv"));
    CU_ASSERT(ends(o.aIn[2].zPath, "/2023-09/dibao-b.csv"));
    CU_ASSERT(ends(o.aIn[3].zPath, "/2023-09/tekun.csv"));
    CU_ASSERT_EQUAL(o.aIn[3].e, ROSTER_TEKUN);
    CU_ASSERT(ends(o.aIn[4].zPath, "/2023-12/dibao-x.csv"));
    CU_ASSERT_EQUAL(o.aIn[4].e, ROSTER_DIBAO);
    CU_ASSERT_EQUAL_FATAL(o.nReturns, 1);
    CU_ASSERT(ends(o.azReturns[0], "/2023-09/ret-2023-08.csv"));
    CU_ASSERT_EQUAL_FATAL(o.nAdjust, 1);
    CU_ASSERT(ends(o.azAdjust[0], "/2023-09/adj.csv"));
    opts_clear(&o);

    /* January: {prev} is December of the year before */
    opts_init(&o, "2024-01");
    rc = load(&o, "[run]\npolicy = p-{prev}-{month}.csv\n[rosters]\ndibao = %J/in/{prev}/*.csv\n", &err);
    CU_ASSERT_EQUAL_FATAL(rc, PR_OK);
    CU_ASSERT_STRING_EQUAL(o.zPolicy, "p-2023-12-2024-01.csv");
    CU_ASSERT_EQUAL(o.nIn, 1);
    opts_clear(&o);
}

/* what the command line gives wins; a roster option replaces that
 * programme's patterns (which are then not even expanded) */
static void test_overrides(void)
{
    pr_run_opts o;
    pr_err err;
    opts_init(&o, "2023-09");
    o.zPolicy = "cli-policy.csv";
    o.zOut = "cli-out";
    o.nThreads = 7;
    o.bThreadsSet = 1;
    o.nMaxRejectBp = 300;
    o.bRejectSet = 1;
    o.aIn[o.nIn++] = (pr_run_input){ "cli-dibao.csv", ROSTER_DIBAO };
    o.azAdjust[o.nAdjust++] = "cli-adj.csv";
    pr_error rc = load(&o,
        "[run]\npolicy = file-policy.csv\nindex = file-index.csv\nout = file-out\nthreads = 2\n"
        "max_reject_rate = 5\nencoding = utf-8\n"
        "[rosters]\ndibao = %J/nothing-*.csv\ntekun = %J/in/{month}/tekun.csv\n"
        "[cycle]\nadjustments = %J/nothing-*.csv\nreturns = %J/in/{month}/ret-*.csv\n", &err);
    CU_ASSERT_EQUAL_FATAL(rc, PR_OK);
    CU_ASSERT_STRING_EQUAL(o.zPolicy, "cli-policy.csv");
    CU_ASSERT_STRING_EQUAL(o.zIndex, "file-index.csv");
    CU_ASSERT_STRING_EQUAL(o.zOut, "cli-out");
    CU_ASSERT_EQUAL(o.nThreads, 7);
    CU_ASSERT_EQUAL(o.nMaxRejectBp, 300);
    CU_ASSERT_EQUAL(o.eEnc, ENC_UTF8);
    CU_ASSERT_EQUAL_FATAL(o.nIn, 2);
    CU_ASSERT_STRING_EQUAL(o.aIn[0].zPath, "cli-dibao.csv");
    CU_ASSERT(ends(o.aIn[1].zPath, "/tekun.csv"));
    CU_ASSERT_EQUAL(o.nAdjust, 1);
    CU_ASSERT_STRING_EQUAL(o.azAdjust[0], "cli-adj.csv");
    CU_ASSERT_EQUAL(o.nReturns, 1);
    opts_clear(&o);

    /* check: out of the file is not its exceptions file */
    opts_init(&o, "2023-09");
    o.bCheck = 1;
    rc = load(&o, "[run]\nout = %J/out\nprev = auto\n", &err);
    CU_ASSERT_EQUAL_FATAL(rc, PR_OK);
    CU_ASSERT_PTR_NULL(o.zOut);
    CU_ASSERT(ends(o.zPrev, "/job/out/2023-08"));
    opts_clear(&o);
}

static void test_prev(void)
{
    pr_run_opts o;
    pr_err err;
    opts_init(&o, "2023-09");
    CU_ASSERT_EQUAL_FATAL(load(&o, "[run]\nout = %J/out\nprev = auto\n", &err), PR_OK);
    CU_ASSERT(ends(o.zPrev, "/job/out/2023-08"));
    opts_clear(&o);

    /* --out on the command line: auto looks there */
    opts_init(&o, "2023-07");
    char zOut[500];
    snprintf(zOut, sizeof(zOut), "%s/out", jdir());
    o.zOut = zOut;
    CU_ASSERT_EQUAL_FATAL(load(&o, "[run]\nout = %J/empty\nprev = auto\n", &err), PR_OK);
    CU_ASSERT(ends(o.zPrev, "/job/out/2023-06"));
    opts_clear(&o);

    opts_init(&o, "2023-10");
    CU_ASSERT_EQUAL(load(&o, "[run]\nout = %J/out\nprev = auto\n", &err), PR_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "t.ini:3: prev = auto: no folder 2023-09 (the month before 2023-10) in "));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "/job/out; the latest earlier month there is 2023-08"));
    opts_clear(&o);

    opts_init(&o, "2023-09");
    CU_ASSERT_EQUAL(load(&o, "[run]\nout = %J/empty\nprev = auto\n", &err), PR_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "/job/empty; for the first month leave prev out"));
    opts_clear(&o);

    /* --prev on the command line: auto is not looked for */
    opts_init(&o, "2023-09");
    o.zPrev = "cli-prev";
    CU_ASSERT_EQUAL(load(&o, "[run]\nout = %J/empty\nprev = auto\n", &err), PR_OK);
    CU_ASSERT_STRING_EQUAL(o.zPrev, "cli-prev");
    opts_clear(&o);

    /* a path, with {prev} */
    opts_init(&o, "2023-09");
    CU_ASSERT_EQUAL(load(&o, "[run]\nprev = /srv/out/{prev}\n", &err), PR_OK);
    CU_ASSERT_STRING_EQUAL(o.zPrev, "/srv/out/2023-08");
    opts_clear(&o);
}

/* Loads zText and checks that it fails with PR_ERR_CONFIG and a message
 * holding zWant (after the file's path). */
static void bad(const char *zText, const char *zWant)
{
    pr_run_opts o;
    pr_err err;
    opts_init(&o, "2023-09");
    pr_error rc = load(&o, zText, &err);
    CU_ASSERT_EQUAL(rc, PR_ERR_CONFIG);
    char zBuf[1000];
    zWant = subst(zWant, zBuf, sizeof(zBuf));
    int bOk = strstr(err.zMsg, "/job/t.ini") && strstr(err.zMsg, zWant);
    CU_ASSERT(bOk);
    if (!bOk) fprintf(stderr, "\nwanted '%s', got '%s'\n", zWant, err.zMsg);
    opts_clear(&o);
}

static void test_bad(void)
{
    bad("[run]\npolicy = p.csv\npolcy = p.csv\n", "t.ini:3: unknown key 'polcy' in [run] (its keys are policy, index, out, prev, ");
    bad("[rosters]\nrehab = x.csv\n", "t.ini:2: unknown key 'rehab' in [rosters] (its keys are dibao, tekun, disability, orphan)");
    bad("[run]\npolicy = p.csv\n\n[options]\n", "t.ini:4: unknown section [options] (the sections are [run], [rosters], [cycle])");
    bad("[run]\n[Rosters]\ndibao = x\n", "t.ini:2: unknown section [Rosters]");
    bad("policy = p.csv\n[run]\n", "t.ini:1: 'policy' comes before any section");
    bad("[rosters]\ndibao = %J/in/{month}/nobody-*.csv\n",
        "t.ini:2: dibao = %J/in/{month}/nobody-*.csv (");
    bad("[rosters]\ndibao = %J/in/{month}/nobody-*.csv\n", "/in/2023-09/nobody-*.csv) matches no file");
    bad("[cycle]\nreturns = %J/in/2023-09/missing.csv\n", "t.ini:2: returns = ");
    bad("[rosters]\ndibao = %J/in/2023-09/dibao-dir.csv\n", "matches no file");   /* a folder is no roster */
    bad("[run]\nout = %J/empty\nprev = auto\n", "t.ini:3: prev = auto: no folder 2023-08 (the month before 2023-09) in ");
    bad("[run]\npolicy = p.csv\njust some words\n", "t.ini:3: not a [section] or a key = value line: 'just some words'");
    bad("[run\npolicy = p.csv\n", "t.ini:1: not a [section] or a key = value line: '[run'");
    bad("[run]\nthreads = abc\n", "t.ini:2: threads must be a whole number from 1 to 1024, not 'abc'");
    bad("[run]\nthreads = 0\n", "t.ini:2: threads must be");
    bad("[run]\nmax_reject_rate = 101\n", "t.ini:2: max_reject_rate must be a percentage");
    bad("[run]\nencoding = latin1\n", "t.ini:2: encoding must be auto, utf-8 or gb18030, not 'latin1'");
    bad("[run]\npolicy = a.csv\nindex = i.csv\npolicy = b.csv\n", "t.ini:4: policy is given twice (line 2 and here)");
    bad("[run]\npolicy =\n", "t.ini:2: policy has no value");
    bad("[run]\npolicy = p-{year}.csv\n", "t.ini:2: policy: unknown placeholder '{year}'");
    bad("[rosters]\ndibao = %J/in/{month}/dibao-a.csv\ndibao = %J/in/{month}/dibao-*.csv\n",
        "t.ini:3: dibao = %J/in/{month}/dibao-*.csv: ");
    bad("[rosters]\ndibao = %J/in/{month}/dibao-a.csv\ndibao = %J/in/{month}/dibao-*.csv\n", "is given twice");
    bad("[run]\npolicy = \xC0\xC1.csv\n", "t.ini:2: the line is not UTF-8");
    char zLong[5000];
    memcpy(zLong, "[run]\npolicy = ", 15);
    memset(zLong + 15, 'a', 4200);
    memcpy(zLong + 4215, "\n", 2);
    bad(zLong, "t.ini:2: the line is longer than 4096 bytes");
    /* the first problem in the file is the one told */
    bad("[run]\nthreads = x\n[nope]\n", "t.ini:2: threads");
    bad("[run]\nbroken line\nthreads = x\n", "t.ini:2: not a [section]");

    /* a NUL byte; a missing file */
    pr_err err;
    pr_err_init(&err);
    jdir();
    const char *zPath = tu_write("job/nul.ini", "[run]\n\0policy = x\n", 18);
    CU_ASSERT_PTR_NULL(pr_job_read(zPath, &err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "nul.ini:2: a NUL byte"));
    pr_err_init(&err);
    CU_ASSERT_PTR_NULL(pr_job_read("/nonexistent/payrun.ini", &err));
    CU_ASSERT_EQUAL(err.rc, PR_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "/nonexistent/payrun.ini: cannot read the job file"));
}

/* CRLF, a BOM, blank lines, '#' and ';' comments */
static void test_syntax(void)
{
    pr_run_opts o;
    pr_err err;
    opts_init(&o, "2023-09");
    CU_ASSERT_EQUAL_FATAL(load(&o, "\xEF\xBB\xBF[run]\r\n; comment\r\n\r\n# comment\r\npolicy = p.csv\r\n", &err), PR_OK);
    CU_ASSERT_STRING_EQUAL(o.zPolicy, "p.csv");
    opts_clear(&o);
    /* an indented line is a key of its own, not the continuation of the one before */
    opts_init(&o, "2023-09");
    CU_ASSERT_EQUAL_FATAL(load(&o, "[run]\npolicy = p.csv\n  index = i.csv\n", &err), PR_OK);
    CU_ASSERT_STRING_EQUAL(o.zPolicy, "p.csv");
    CU_ASSERT_STRING_EQUAL(o.zIndex, "i.csv");
    opts_clear(&o);
    opts_init(&o, "2023-09");
    CU_ASSERT_EQUAL(load(&o, "\xEF\xBB\xBF[bad]\n", &err), PR_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "t.ini:1: unknown section [bad]"));
    opts_clear(&o);
}

static const pr_test aTests[] = {
    { "{month}, {prev} and sorted globs", test_expand },
    { "the command line overrides the file", test_overrides },
    { "prev = auto", test_prev },
    { "bad job files: file, line, exit 2", test_bad },
    { "comments, CRLF, BOM", test_syntax },
};

int suite_job(void) { PR_ADD_SUITE("job", aTests); }
