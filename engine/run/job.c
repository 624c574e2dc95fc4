/*
 * job.c - the job file (job.h): read with inih through a line reader of our
 * own (so that every message names the line, and a line too long, a NUL or
 * bytes that are not UTF-8 are refused rather than cut), then applied to the
 * run's options under the command line's: {month} and {prev} expanded,
 * globs expanded and sorted, prev = auto found in the output folder.
 */
#include "run/job.h"
#include "rules/programmes.h"
#include "model/calendar.h"
#include "model/money.h"
#include "io/common.h"
#include "io/i18n.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define JOB_CAP ((size_t)1 << 20)   /* largest job file accepted */
#define JOB_MAX_LINE 4096            /* longest line, without its newline */

enum { SEC_RUN, SEC_ROSTERS, SEC_CYCLE, SEC_COUNT };
static const char *const azSection[SEC_COUNT] = { "run", "rosters", "cycle" };

typedef enum { JT_PATH, JT_PREV, JT_THREADS, JT_PCT, JT_ENC, JT_GLOB } key_type;

/* The keys; a roster's key is K_ROSTER + its pr_roster. */
enum {
    K_POLICY, K_INDEX, K_OUT, K_PREV, K_THREADS, K_MAX_REJECT, K_ENCODING, K_SIGN_KEY, K_BANK_FORMATS,
    K_RETURNS, K_ADJUSTMENTS, K_ROSTER, K_COUNT = K_ROSTER + ROSTER_COUNT
};
static const struct { int iSec; const char *zName; key_type t; } aKey[K_ROSTER] = {
    [K_POLICY] = { SEC_RUN, "policy", JT_PATH },
    [K_INDEX] = { SEC_RUN, "index", JT_PATH },
    [K_OUT] = { SEC_RUN, "out", JT_PATH },
    [K_PREV] = { SEC_RUN, "prev", JT_PREV },
    [K_THREADS] = { SEC_RUN, "threads", JT_THREADS },
    [K_MAX_REJECT] = { SEC_RUN, "max_reject_rate", JT_PCT },
    [K_ENCODING] = { SEC_RUN, "encoding", JT_ENC },
    [K_SIGN_KEY] = { SEC_RUN, "sign_key", JT_PATH },
    [K_BANK_FORMATS] = { SEC_RUN, "bank_formats", JT_PATH },
    [K_RETURNS] = { SEC_CYCLE, "returns", JT_GLOB },
    [K_ADJUSTMENTS] = { SEC_CYCLE, "adjustments", JT_GLOB },
};

static const char *key_name(int k)
{
    return k >= K_ROSTER ? pr_roster_desc_of((pr_roster)(k - K_ROSTER))->zName : aKey[k].zName;
}
static int key_section(int k) { return k >= K_ROSTER ? SEC_ROSTERS : aKey[k].iSec; }
static key_type key_type_of(int k) { return k >= K_ROSTER ? JT_GLOB : aKey[k].t; }

/* One key = value of the file, as written (checked, not expanded). */
typedef struct job_value { int iKey, iLine; char *z; } job_value;

struct pr_job {
    char *zFile;
    job_value *aVal;
    int nVal, nValCap;
    char **azOwn;          /* the strings handed to pr_run_opts */
    int nOwn, nOwnCap;
};

/* ---- reading ---------------------------------------------------------- */

typedef struct job_reader {
    pr_job *j;
    const char *z;         /* the whole file */
    size_t n, i;           /* its size, the next line's offset */
    int iLine;             /* the line last handed to inih */
    int iErrLine;          /* the line of err, 0 while none */
    pr_err err;            /* the first problem found by the reader or the handler */
} job_reader;

static void job_fail(job_reader *r, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
static void job_fail(job_reader *r, const char *zFmt, ...)
{
    if (r->err.rc) return;
    char zMsg[900];
    va_list ap;
    va_start(ap, zFmt);
    /* zFmt is a msgid (xgettext --keyword=job_fail:2), like pr_err_set's */
    vsnprintf(zMsg, sizeof(zMsg), gettext(zFmt), ap);
    va_end(ap);
    r->iErrLine = r->iLine;
    pr_err_set(&r->err, PR_ERR_CONFIG, "%s:%d: %s", r->j->zFile, r->iLine, zMsg);
}

/* The section names, for messages: "[run], [rosters], [cycle]". */
static void section_list(char *zOut, size_t nOut)
{
    size_t o = 0;
    zOut[0] = 0;
    for (int s = 0; s < SEC_COUNT && o < nOut; s++)
        o += (size_t)snprintf(zOut + o, nOut - o, "%s[%s]", s ? ", " : "", azSection[s]);
}

/* The keys of section s, for messages. */
static void key_list(int s, char *zOut, size_t nOut)
{
    size_t o = 0;
    zOut[0] = 0;
    for (int k = 0; k < K_COUNT && o < nOut; k++)
        if (key_section(k) == s) o += (size_t)snprintf(zOut + o, nOut - o, "%s%s", o ? ", " : "", key_name(k));
}

static int section_of(const char *z)
{
    for (int s = 0; s < SEC_COUNT; s++)
        if (strcmp(z, azSection[s]) == 0) return s;
    return -1;
}

/* The key named z in section s ('-' may stand for '_'), or -1. */
static int key_of(int s, const char *z)
{
    char zKey[64];
    size_t n = strlen(z);
    if (n >= sizeof(zKey)) return -1;
    for (size_t i = 0; i <= n; i++) zKey[i] = z[i] == '-' ? '_' : z[i];
    for (int k = 0; k < K_COUNT; k++)
        if (key_section(k) == s && strcmp(zKey, key_name(k)) == 0) return k;
    return -1;
}

/* The fgets-like reader inih calls: one line of the file per call, checked
 * first (UTF-8, length, a section's name). */
static char *job_gets(char *zBuf, int nBuf, void *pArg)
{
    job_reader *r = pArg;
    if (r->i >= r->n || nBuf < 3) return NULL;
    const char *zLine = r->z + r->i;
    const char *zEnd = memchr(zLine, '\n', r->n - r->i);
    size_t nLine = zEnd ? (size_t)(zEnd - zLine) : r->n - r->i;
    r->i += nLine + (zEnd ? 1 : 0);
    r->iLine++;
    if (nLine > JOB_MAX_LINE || nLine > (size_t)nBuf - 2) {
        job_fail(r, "the line is longer than %d bytes", JOB_MAX_LINE);
        nLine = 0;                  /* handed on empty */
    } else if (!pr_utf8_valid(zLine, nLine, 0)) {
        job_fail(r, "the line is not UTF-8 (save the job file as UTF-8)");
        nLine = 0;
    }
    memcpy(zBuf, zLine, nLine);
    zBuf[nLine] = '\n';
    zBuf[nLine + 1] = 0;
    /* a section line: inih calls the handler only for keys, so an unknown
     * section with no key would pass unseen */
    const char *p = zBuf;
    if (r->iLine == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF) p += 3;
    while (*p == ' ' || *p == '\t') p++;
    const char *zClose = *p == '[' ? strchr(p, ']') : NULL;
    if (zClose) {
        char zName[80];
        size_t nName = (size_t)(zClose - p - 1);
        if (nName >= sizeof(zName)) nName = sizeof(zName) - 1;
        memcpy(zName, p + 1, nName);
        zName[nName] = 0;
        if (section_of(zName) < 0) {
            char zList[200];
            section_list(zList, sizeof(zList));
            job_fail(r, "unknown section [%s] (the sections are %s)", zName, zList);
        }
    }
    return zBuf;
}

/* Checks that every '{' of z opens {month} or {prev}. */
static int placeholders_ok(job_reader *r, const char *zKey, const char *z)
{
    for (const char *p = strchr(z, '{'); p; p = strchr(p + 1, '{')) {
        if (strncmp(p, "{month}", 7) == 0 || strncmp(p, "{prev}", 6) == 0) continue;
        const char *q = strchr(p, '}');
        int n = q ? (int)(q - p + 1) : (int)strlen(p);
        job_fail(r, "%s: unknown placeholder '%.*s' (only {month} and {prev} expand)", zKey, n > 40 ? 40 : n, p);
        return 0;
    }
    return 1;
}

/* Checks a value against its key's type; 1 when it is good. */
static int value_ok(job_reader *r, int k, const char *z)
{
    const char *zKey = key_name(k);
    switch (key_type_of(k)) {
    case JT_THREADS: {
        char *zEnd;
        errno = 0;
        long n = strtol(z, &zEnd, 10);
        if (errno || *zEnd || zEnd == z || n < 1 || n > 1024) {
            job_fail(r, "threads must be a whole number from 1 to 1024, not '%.40s'", z);
            return 0;
        }
        return 1;
    }
    case JT_PCT: {
        int64_t v;
        if (pr_pct_parse(z, strlen(z), &v) || v < 0 || v > 10000) {
            job_fail(r, "max_reject_rate must be a percentage from 0 to 100, at most two decimals, not '%.40s'", z);
            return 0;
        }
        return 1;
    }
    case JT_ENC: {
        pr_encoding e;
        if (pr_encoding_parse(z, &e, NULL)) {
            job_fail(r, "encoding must be auto, utf-8 or gb18030, not '%.40s'", z);
            return 0;
        }
        return 1;
    }
    case JT_PREV:
        if (strcmp(z, "auto") == 0) return 1;
        return placeholders_ok(r, zKey, z);
    case JT_PATH:
    case JT_GLOB:
        return placeholders_ok(r, zKey, z);
    }
    return 1;
}

static int job_handler(void *pArg, const char *zSec, const char *zName, const char *zValue)
{
    job_reader *r = pArg;
    if (r->err.rc) return 1;             /* the first problem is the one told */
    char zList[400];
    int s = section_of(zSec);
    if (!zSec[0]) {
        section_list(zList, sizeof(zList));
        job_fail(r, "'%.60s' comes before any section (%s)", zName, zList);
        return 0;
    }
    if (s < 0) return 0;                 /* told by the reader */
    int k = key_of(s, zName);
    if (k < 0) {
        key_list(s, zList, sizeof(zList));
        job_fail(r, "unknown key '%.60s' in [%s] (its keys are %s)", zName, zSec, zList);
        return 0;
    }
    if (!zValue[0]) { job_fail(r, "%s has no value", key_name(k)); return 0; }
    if (!value_ok(r, k, zValue)) return 0;
    if (key_type_of(k) != JT_GLOB) {
        for (int i = 0; i < r->j->nVal; i++) {
            if (r->j->aVal[i].iKey != k) continue;
            job_fail(r, "%s is given twice (line %d and here); only rosters, returns and adjustments may repeat",
                     key_name(k), r->j->aVal[i].iLine);
            return 0;
        }
    }
    pr_job *j = r->j;
    if (j->nVal == j->nValCap) {
        int nCap = j->nValCap ? 2 * j->nValCap : 16;
        job_value *a = realloc(j->aVal, (size_t)nCap * sizeof(*a));
        if (!a) { pr_err_nomem(&r->err, "reading the job file"); return 0; }
        j->aVal = a;
        j->nValCap = nCap;
    }
    char *z = strdup(zValue);
    if (!z) { pr_err_nomem(&r->err, "reading the job file"); return 0; }
    j->aVal[j->nVal++] = (job_value){ k, r->iLine, z };
    return 1;
}

/* The text of line iLine of z[0,n) (cut at 60 bytes) into zOut. */
static void line_text(const char *z, size_t n, int iLine, char *zOut, size_t nOut)
{
    size_t i = 0;
    for (int l = 1; l < iLine && i < n; l++) {
        const char *e = memchr(z + i, '\n', n - i);
        i = e ? (size_t)(e - z) + 1 : n;
    }
    size_t k = 0;
    while (i < n && z[i] != '\n' && z[i] != '\r' && k + 1 < nOut && k < 60) zOut[k++] = z[i++];
    zOut[k] = 0;
}

pr_job *pr_job_read(const char *zFile, pr_err *pErr)
{
    pr_job *j = calloc(1, sizeof(*j));
    char *zData = NULL;
    FILE *f = NULL;
    job_reader r;
    memset(&r, 0, sizeof(r));
    pr_err_init(&r.err);
    if (!j || !(j->zFile = strdup(zFile))) { pr_err_nomem(pErr, "reading the job file"); goto fail; }
    if (!(f = fopen(zFile, "rb"))) {
        pr_err_set(pErr, PR_ERR_CONFIG, "%s: cannot read the job file: %s", zFile, strerror(errno));
        goto fail;
    }
    if (!(zData = malloc(JOB_CAP + 1))) { pr_err_nomem(pErr, "reading the job file"); goto fail; }
    size_t n = fread(zData, 1, JOB_CAP + 1, f);
    if (ferror(f)) { pr_err_set(pErr, PR_ERR_CONFIG, "%s: cannot read the job file: %s", zFile, strerror(errno)); goto fail; }
    if (n > JOB_CAP) { pr_err_set(pErr, PR_ERR_CONFIG, "%s: the job file is larger than 1 MiB", zFile); goto fail; }
    const char *zNul = memchr(zData, 0, n);
    if (zNul) {
        int iLine = 1;
        for (const char *p = zData; p < zNul; p++) iLine += *p == '\n';
        pr_err_set(pErr, PR_ERR_CONFIG, "%s:%d: a NUL byte: the job file is not text", zFile, iLine);
        goto fail;
    }
    zData[n] = 0;
    r.j = j;
    r.z = zData;
    r.n = n;
    /* inih's settings (Debian's libinih has them as variables): one key per
     * line (an indented line is a line, not a continuation), lines up to
     * JOB_MAX_LINE; our reader refuses a longer one rather than cut it */
    ini_allow_multiline = 0;
    ini_max_line = JOB_MAX_LINE + 3;
    int iBad = ini_parse_stream(job_gets, &r, job_handler, &r);
    if (r.err.rc == PR_ERR_NOMEM) { pr_err_set(pErr, PR_ERR_NOMEM, "%s", r.err.zMsg); goto fail; }
    if (iBad > 0 && (!r.err.rc || iBad < r.iErrLine)) {
        char zText[64];
        line_text(zData, n, iBad, zText, sizeof(zText));
        pr_err_set(pErr, PR_ERR_CONFIG, "%s:%d: not a [section] or a key = value line: '%s'", zFile, iBad, zText);
        goto fail;
    }
    if (r.err.rc) { pr_err_set(pErr, r.err.rc, "%s", r.err.zMsg); goto fail; }
    if (iBad < 0) { pr_err_nomem(pErr, "reading the job file"); goto fail; }
    free(zData);
    fclose(f);
    return j;
fail:
    free(zData);
    if (f) fclose(f);
    pr_job_free(j);
    return NULL;
}

void pr_job_free(pr_job *j)
{
    if (!j) return;
    for (int i = 0; i < j->nVal; i++) free(j->aVal[i].z);
    for (int i = 0; i < j->nOwn; i++) free(j->azOwn[i]);
    free(j->aVal);
    free(j->azOwn);
    free(j->zFile);
    free(j);
}

/* ---- applying --------------------------------------------------------- */

typedef struct job_ctx {
    pr_job *j;
    char zMonth[8], zPrev[8];
    pr_err *pErr;
} job_ctx;

/* Keeps z (malloc'd) in the job; returns it, or NULL (z freed) when out of memory. */
static char *keep(job_ctx *c, char *z)
{
    pr_job *j = c->j;
    if (!z) return NULL;
    if (j->nOwn == j->nOwnCap) {
        int nCap = j->nOwnCap ? 2 * j->nOwnCap : 16;
        char **a = realloc(j->azOwn, (size_t)nCap * sizeof(*a));
        if (!a) { free(z); return NULL; }
        j->azOwn = a;
        j->nOwnCap = nCap;
    }
    return j->azOwn[j->nOwn++] = z;
}

/* z with {month} and {prev} expanded (malloc'd), or NULL. */
static char *expand(const job_ctx *c, const char *z)
{
    size_t n = 0;
    for (const char *p = z; *p; ) {
        if (strncmp(p, "{month}", 7) == 0) { n += 7; p += 7; }
        else if (strncmp(p, "{prev}", 6) == 0) { n += 7; p += 6; }
        else { n++; p++; }
    }
    char *zOut = malloc(n + 1), *o = zOut;
    if (!zOut) return NULL;
    for (const char *p = z; *p; ) {
        if (strncmp(p, "{month}", 7) == 0) { memcpy(o, c->zMonth, 7); o += 7; p += 7; }
        else if (strncmp(p, "{prev}", 6) == 0) { memcpy(o, c->zPrev, 7); o += 7; p += 6; }
        else *o++ = *p++;
    }
    *o = 0;
    return zOut;
}

static pr_error nomem(job_ctx *c) { return pr_err_nomem(c->pErr, "applying the job file"); }

/* The path of a value, expanded and kept; NULL when out of memory. */
static const char *path_of(job_ctx *c, const job_value *v)
{
    return keep(c, expand(c, v->z));
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Where a '#sheet' suffix starts on a workbook's name (x.xlsx#Sheet1, for
 * the Excel rosters): the part before it is the pattern. NULL if none. */
static const char *sheet_suffix(const char *z)
{
    const char *p = strrchr(z, '#');
    if (!p || strchr(p, '/')) return NULL;
    size_t n = (size_t)(p - z);
    if ((n > 5 && strncasecmp(p - 5, ".xlsx", 5) == 0) || (n > 4 && strncasecmp(p - 4, ".xls", 4) == 0)) return p;
    return NULL;
}

static char zGlobErr[600];
static int glob_errfunc(const char *zPath, int iErrno)
{
    snprintf(zGlobErr, sizeof(zGlobErr), "%s: %s", zPath, strerror(iErrno));
    return 1;
}

/* Expands the pattern of v: the files it matches, sorted by their bytes,
 * folders left out; each kept in the job. *pazOut (malloc'd) holds *pn. */
static pr_error glob_value(job_ctx *c, const job_value *v, char ***pazOut, int *pn)
{
    const pr_job *j = c->j;
    char *zPat = expand(c, v->z);
    char **az = NULL;
    int n = 0;
    glob_t g;
    memset(&g, 0, sizeof(g));
    int bGlob = 0;
    pr_error rc = PR_OK;
    if (!zPat) { rc = nomem(c); goto cleanup; }
    const char *zSheet = sheet_suffix(zPat);
    char *zBase = zSheet ? strndup(zPat, (size_t)(zSheet - zPat)) : strdup(zPat);
    if (!zBase) { rc = nomem(c); goto cleanup; }
    zGlobErr[0] = 0;
    int g_rc = glob(zBase, GLOB_NOSORT | GLOB_MARK | GLOB_ERR, glob_errfunc, &g);
    free(zBase);
    bGlob = 1;
    char zAs[300] = "";
    if (strcmp(zPat, v->z) != 0) snprintf(zAs, sizeof(zAs), " (%.250s)", zPat);
    if (g_rc == GLOB_NOSPACE) { rc = nomem(c); goto cleanup; }
    if (g_rc == GLOB_ABORTED) {
        rc = pr_err_set(c->pErr, PR_ERR_CONFIG, "%s:%d: %s = %s%s: cannot read %s", j->zFile, v->iLine,
                        key_name(v->iKey), v->z, zAs, zGlobErr[0] ? zGlobErr : "a folder");
        goto cleanup;
    }
    if (!(az = calloc(g_rc == 0 ? g.gl_pathc + 1 : 1, sizeof(*az)))) { rc = nomem(c); goto cleanup; }
    for (size_t i = 0; g_rc == 0 && i < g.gl_pathc; i++) {
        const char *zPath = g.gl_pathv[i];
        size_t nPath = strlen(zPath);
        if (nPath && zPath[nPath - 1] == '/') continue;      /* a folder */
        char *z = malloc(nPath + (zSheet ? strlen(zSheet) : 0) + 1);
        if (!z) { rc = nomem(c); goto cleanup; }
        memcpy(z, zPath, nPath);
        z[nPath] = 0;
        if (zSheet) memcpy(z + nPath, zSheet, strlen(zSheet) + 1);
        az[n++] = z;
    }
    if (n == 0) {
        rc = pr_err_set(c->pErr, PR_ERR_CONFIG, "%s:%d: %s = %s%s matches no file", j->zFile, v->iLine,
                        key_name(v->iKey), v->z, zAs);
        goto cleanup;
    }
    qsort(az, (size_t)n, sizeof(*az), cmp_str);
    for (int i = 0; i < n; i++) {
        char *z = az[i];
        az[i] = NULL;
        if (!(az[i] = keep(c, z))) { rc = nomem(c); goto cleanup; }
    }
cleanup:
    if (bGlob) globfree(&g);
    free(zPat);
    if (rc) {
        for (int i = 0; az && i < n; i++) {
            /* the kept ones belong to the job; free only what is not kept */
            int bKept = 0;
            for (int k = 0; az[i] && k < j->nOwn; k++) bKept |= j->azOwn[k] == az[i];
            if (!bKept) free(az[i]);
        }
        free(az);
        az = NULL;
        n = 0;
    }
    *pazOut = az;
    *pn = n;
    return rc;
}

/* Whether zPath is a folder. */
static int is_dir(const char *zPath)
{
    struct stat st;
    return stat(zPath, &st) == 0 && S_ISDIR(st.st_mode);
}

/* prev = auto: the folder of the month before in zOut, which must be there. */
static pr_error prev_auto(job_ctx *c, const job_value *v, const char *zOut, const char **pzPrev)
{
    const pr_job *j = c->j;
    if (!zOut)
        return pr_err_set(c->pErr, PR_ERR_CONFIG, "%s:%d: prev = auto needs out, the folder the months are in",
                          j->zFile, v->iLine);
    size_t n = strlen(zOut) + 9;
    char *z = malloc(n);
    if (!z) return nomem(c);
    snprintf(z, n, "%s/%s", zOut, c->zPrev);
    if (is_dir(z)) {
        if (!(*pzPrev = keep(c, z))) return nomem(c);
        return PR_OK;
    }
    free(z);
    /* the latest earlier month that is there, to name it */
    char zLatest[8] = "";
    DIR *d = opendir(zOut);
    for (struct dirent *e; d && (e = readdir(d)) != NULL; ) {
        int iM;
        if (strlen(e->d_name) != 7 || pr_month_parse(e->d_name, 7, &iM)) continue;
        if (strcmp(e->d_name, c->zMonth) < 0 && strcmp(e->d_name, zLatest) > 0) memcpy(zLatest, e->d_name, 8);
    }
    if (d) closedir(d);
    char zHint[200] = "";
    if (zLatest[0])
        snprintf(zHint, sizeof(zHint), "; the latest earlier month there is %s: name it with prev = %.100s/%s if it is meant",
                 zLatest, zOut, zLatest);
    else
        snprintf(zHint, sizeof(zHint), "; for the first month leave prev out");
    return pr_err_set(c->pErr, PR_ERR_CONFIG, "%s:%d: prev = auto: no folder %s (the month before %s) in %s%s",
                      j->zFile, v->iLine, c->zPrev, c->zMonth, zOut, zHint);
}

/* Appends the files of v to *paz (*pn entries), refusing one already there. */
static pr_error add_files(job_ctx *c, const job_value *v, const char ***paz, int *pn)
{
    char **azNew = NULL;
    int nNew = 0;
    pr_error rc = glob_value(c, v, &azNew, &nNew);
    if (rc) return rc;
    const char **az = realloc(*paz, (size_t)(*pn + nNew + 1) * sizeof(*az));
    if (!az) { free(azNew); return nomem(c); }
    *paz = az;
    for (int i = 0; i < nNew; i++) {
        for (int k = 0; k < *pn; k++) {
            if (strcmp(az[k], azNew[i]) != 0) continue;
            rc = pr_err_set(c->pErr, PR_ERR_CONFIG, "%s:%d: %s = %s: %s is given twice (a file read twice is paid twice)",
                            c->j->zFile, v->iLine, key_name(v->iKey), v->z, azNew[i]);
            free(azNew);
            return rc;
        }
        az[(*pn)++] = azNew[i];
    }
    free(azNew);
    return PR_OK;
}

pr_error pr_job_apply(pr_job *j, pr_run_opts *o, pr_err *pErr)
{
    job_ctx c = { .j = j, .pErr = pErr };
    int iMonth;
    if (!o->zMonth || pr_month_parse(o->zMonth, strlen(o->zMonth), &iMonth) || iMonth <= 1900 * 12)
        return pr_err_set(pErr, PR_ERR_USAGE, "--month must be YYYY-MM");
    pr_month_format(iMonth, c.zMonth);
    pr_month_format(iMonth - 1, c.zPrev);

    /* [run]: the single values */
    const char *zJobOut = NULL;
    const job_value *pPrev = NULL;
    for (int i = 0; i < j->nVal; i++) {
        const job_value *v = &j->aVal[i];
        const char **pz = NULL;
        switch (v->iKey) {
        case K_POLICY: pz = &o->zPolicy; break;
        case K_INDEX: pz = &o->zIndex; break;
        case K_SIGN_KEY: pz = &o->zSignKey; break;
        case K_BANK_FORMATS: pz = &o->zBankFormats; break;
        case K_OUT:
            if (!(zJobOut = path_of(&c, v))) return nomem(&c);
            if (!o->bCheck && !o->zOut) o->zOut = zJobOut;   /* check's --out is its exceptions file */
            break;
        case K_PREV: pPrev = v; break;
        case K_THREADS:
            if (!o->bThreadsSet) o->nThreads = (int)strtol(v->z, NULL, 10);   /* checked when read */
            break;
        case K_MAX_REJECT:
            if (!o->bRejectSet) {
                int64_t bp = 0;
                pr_pct_parse(v->z, strlen(v->z), &bp);
                o->nMaxRejectBp = (int)bp;
            }
            break;
        case K_ENCODING:
            if (!o->bEncSet) pr_encoding_parse(v->z, &o->eEnc, NULL);
            break;
        default: break;
        }
        if (pz && !*pz && !(*pz = path_of(&c, v))) return nomem(&c);
    }
    pr_error rc;
    if (pPrev && !o->zPrev) {
        if (strcmp(pPrev->z, "auto") == 0) {
            if ((rc = prev_auto(&c, pPrev, o->bCheck ? zJobOut : o->zOut, &o->zPrev))) return rc;
        } else if (!(o->zPrev = path_of(&c, pPrev))) return nomem(&c);
    }

    /* [rosters]: a programme's files from the file unless the command line names some */
    int abCli[ROSTER_COUNT] = { 0 };
    for (int i = 0; i < o->nIn; i++) abCli[o->aIn[i].e] = 1;
    for (int i = 0; i < j->nVal; i++) {
        const job_value *v = &j->aVal[i];
        if (v->iKey < K_ROSTER || abCli[v->iKey - K_ROSTER]) continue;
        char **az = NULL;
        int n = 0;
        if ((rc = glob_value(&c, v, &az, &n))) return rc;
        pr_run_input *a = realloc(o->aIn, (size_t)(o->nIn + n + 1) * sizeof(*a));
        if (!a) { free(az); return nomem(&c); }
        o->aIn = a;
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < o->nIn; k++) {
                if (strcmp(a[k].zPath, az[f]) != 0) continue;
                rc = pr_err_set(pErr, PR_ERR_CONFIG, "%s:%d: %s = %s: %s is given twice (a roster read twice is paid twice)",
                                j->zFile, v->iLine, key_name(v->iKey), v->z, az[f]);
                free(az);
                return rc;
            }
            a[o->nIn++] = (pr_run_input){ az[f], (pr_roster)(v->iKey - K_ROSTER) };
        }
        free(az);
    }

    /* [cycle] */
    int nRetCli = o->nReturns, nAdjCli = o->nAdjust;
    for (int i = 0; i < j->nVal; i++) {
        const job_value *v = &j->aVal[i];
        if (v->iKey == K_RETURNS && !nRetCli && (rc = add_files(&c, v, &o->azReturns, &o->nReturns))) return rc;
        if (v->iKey == K_ADJUSTMENTS && !nAdjCli && (rc = add_files(&c, v, &o->azAdjust, &o->nAdjust))) return rc;
    }
    return PR_OK;
}
