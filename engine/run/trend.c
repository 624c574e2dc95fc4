/*
 * trend.c - the history of the 趋势 sheet (trend.h): which month folders
 * lie beside --prev, and each one's verification.
 *
 * What is checked, and why not more (docs/RULES.md, "The 趋势 sheet"):
 * the manifest and the ledger it lists, not every file. A month folder of
 * a province is some 340 MB (1,000,000 persons), of which the ledger is
 * 46 MB; re-hashing eleven whole folders, as `payrun verify` does, would
 * read 3.7 GB for one sheet. The figures the sheet shows are the
 * manifest's own, so what matters is that the manifest adds up, belongs to
 * its folder, is the one its ledger (the file the banks were paid from) was
 * written with, and, for signed months, is the one that was signed.
 */
#include "run/trend.h"
#include "formats/manifest_read.h"
#include "model/calendar.h"
#include "io/sha256.h"
#include "run/seal.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LEDGER_NAME "ledger.csv.gz"

/* The failing reason of m, printf-style; the state becomes TREND_FAILED. */
static void fail(pr_trend_month *m, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(pr_trend_month *m, const char *zFmt, ...)
{
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(m->zNote, sizeof(m->zNote), zFmt, ap);
    va_end(ap);
    m->eState = TREND_FAILED;
    memset(m->aProg, 0, sizeof(m->aProg));
    memset(&m->all, 0, sizeof(m->all));
}

/* Reads the file zPath whole when it has at most nMax bytes, into *pz (NUL
 * terminated, the caller frees) and *pn. Returns 0, 1 when it is missing,
 * 2 when it cannot be read or is larger, -1 when out of memory. */
static int read_small(const char *zPath, size_t nMax, char **pz, size_t *pn)
{
    *pz = NULL;
    *pn = 0;
    FILE *f = fopen(zPath, "rb");
    if (!f) return errno == ENOENT ? 1 : 2;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || (uintmax_t)st.st_size > nMax) { fclose(f); return 2; }
    size_t n = (size_t)st.st_size;
    char *z = malloc(n + 1);
    if (!z) { fclose(f); return -1; }
    size_t nRead = fread(z, 1, n, f);
    int bErr = ferror(f) || nRead != n || fgetc(f) != EOF;
    fclose(f);
    if (bErr) { free(z); return 2; }
    z[n] = 0;
    *pz = z;
    *pn = n;
    return 0;
}

static int add_total(pr_total *s, const pr_mtotal *t)
{
    int b = __builtin_add_overflow(s->nLines, t->nLines, &s->nLines);
    b |= __builtin_add_overflow(s->nPersons, t->nPersons, &s->nPersons);
    b |= __builtin_add_overflow(s->nFen, t->nFen, &s->nFen);
    return b;
}

static int same(const pr_total *a, const pr_mtotal *b)
{
    return a->nLines == b->nLines && a->nPersons == b->nPersons && a->nFen == b->nFen;
}

/* Whether the manifest's totals add up: each district's own total is the
 * sum of its programmes, by_program the sum over the districts, the
 * overall total the sum of by_program (as `payrun verify` checks them). */
static int sums_hold(const pr_manifest *pM)
{
    pr_total aProg[PROG_COUNT], all;
    memset(aProg, 0, sizeof(aProg));
    memset(&all, 0, sizeof(all));
    for (int d = 0; d < pM->nDistrict; d++) {
        pr_total s = { 0, 0, 0 };
        for (int g = 0; g < PROG_COUNT; g++)
            if (add_total(&s, &pM->aDistrict[d].aProg[g]) || add_total(&aProg[g], &pM->aDistrict[d].aProg[g])) return 0;
        if (!same(&s, &pM->aDistrict[d].all)) return 0;
    }
    for (int g = 0; g < PROG_COUNT; g++) {
        if (!same(&aProg[g], &pM->aProg[g])) return 0;
        if (add_total(&all, &pM->aProg[g])) return 0;
    }
    return same(&all, &pM->all);
}

pr_error pr_trend_verify_month(const char *zDir, const pr_sigkey *pKey, pr_trend_month *m, pr_err *pErr)
{
    char zPath[4300], zMonth[8], zHeld[8];
    char *zMan = NULL, *zSig = NULL;
    size_t nMan = 0, nSig = 0;
    pr_manifest man;
    memset(&man, 0, sizeof(man));
    pr_error rc = PR_OK;
    m->eState = TREND_FAILED;
    m->zNote[0] = 0;
    pr_month_format(m->iMonth, zMonth);
    if (snprintf(zPath, sizeof(zPath), "%s/manifest.json", zDir) >= (int)sizeof(zPath)) {
        fail(m, "文件夹路径过长，无法读取");
        goto cleanup;
    }
    int k = read_small(zPath, PR_MANIFEST_MAX_BYTES, &zMan, &nMan);
    if (k < 0) { rc = pr_err_nomem(pErr, "reading a month of the trend"); goto cleanup; }
    if (k == 1) { fail(m, "文件夹中没有 manifest.json"); goto cleanup; }
    if (k) { fail(m, "manifest.json 无法读取"); goto cleanup; }
    pr_err e;
    pr_err_init(&e);
    if (pr_manifest_parse(zMan, nMan, zPath, &man, &e)) {
        if (e.rc == PR_ERR_NOMEM) { rc = pr_err_set(pErr, e.rc, "%s", e.zMsg); goto cleanup; }
        fail(m, "manifest.json 格式不符，无法核验");
        goto cleanup;
    }
    if (man.iMonth != m->iMonth) {
        pr_month_format(man.iMonth, zHeld);
        fail(m, "manifest.json 记载的月份为 %s，与文件夹 %s 不符", zHeld, zMonth);
        goto cleanup;
    }
    if (!sums_hold(&man)) {
        fail(m, "manifest.json 的合计与其分区县、分项目数相加不符");
        goto cleanup;
    }
    if (pKey) {
        /* the signature of the very bytes parsed */
        if (snprintf(zPath, sizeof(zPath), "%s/%s", zDir, PR_SIG_FILE) >= (int)sizeof(zPath)) {
            fail(m, "文件夹路径过长，无法读取");
            goto cleanup;
        }
        k = read_small(zPath, 256, &zSig, &nSig);
        if (k < 0) { rc = pr_err_nomem(pErr, "reading a month of the trend"); goto cleanup; }
        if (k == 2) { fail(m, "manifest.sig 无法读取"); goto cleanup; }
        if (k == 0) {
            while (nSig > 0 && (zSig[nSig - 1] == '\n' || zSig[nSig - 1] == '\r')) zSig[--nSig] = 0;
            if (!pr_sign_check(pKey, zMan, nMan, zSig)) {
                fail(m, "manifest.sig 的签名与 manifest.json 不符（已被改动，或用其他密钥签名）");
                goto cleanup;
            }
        }
        snprintf(m->zNote, sizeof(m->zNote), "%s", k == 0 ? "签名有效" : "未签名");
    }
    if (strcmp(man.zStatus, "ok") != 0) {
        /* a month that must not be paid has no ledger: nothing was paid */
        m->eState = TREND_NOT_PAYABLE;
        snprintf(m->zNote, sizeof(m->zNote), "该月不予发放（manifest.json 状态为 %.40s），无发放数据", man.zStatus);
        goto cleanup;
    }
    const pr_moutput *pLedger = NULL;
    for (int i = 0; i < man.nOut && !pLedger; i++)
        if (strcmp(man.aOut[i].zName, LEDGER_NAME) == 0) pLedger = &man.aOut[i];
    if (!pLedger) { fail(m, "manifest.json 未列出 " LEDGER_NAME); goto cleanup; }
    struct stat st;
    if (snprintf(zPath, sizeof(zPath), "%s/" LEDGER_NAME, zDir) >= (int)sizeof(zPath)) {
        fail(m, "文件夹路径过长，无法读取");
        goto cleanup;
    }
    if (lstat(zPath, &st) != 0) { fail(m, LEDGER_NAME " 缺失"); goto cleanup; }
    if (!S_ISREG(st.st_mode)) { fail(m, LEDGER_NAME " 不是普通文件"); goto cleanup; }
    if ((long long)st.st_size != (long long)pLedger->nBytes) {
        fail(m, LEDGER_NAME " 的大小与 manifest.json 不符（文件已被改动）");
        goto cleanup;
    }
    char zSha[65];
    pr_err_init(&e);
    if (pr_sha256_file(zPath, zSha, &e)) {
        if (e.rc == PR_ERR_NOMEM) { rc = pr_err_set(pErr, e.rc, "%s", e.zMsg); goto cleanup; }
        fail(m, LEDGER_NAME " 无法读取");
        goto cleanup;
    }
    if (strcmp(zSha, pLedger->zSha) != 0) {
        fail(m, LEDGER_NAME " 的 SHA-256 与 manifest.json 不符（文件已被改动）");
        goto cleanup;
    }
    m->eState = TREND_VERIFIED;
    memset(&m->all, 0, sizeof(m->all));
    for (int g = 0; g < PROG_COUNT; g++) {
        m->aProg[g].nLines = man.aProg[g].nLines;
        m->aProg[g].nPersons = man.aProg[g].nPersons;
        m->aProg[g].nFen = man.aProg[g].nFen;
    }
    m->all.nLines = man.all.nLines;
    m->all.nPersons = man.all.nPersons;
    m->all.nFen = man.all.nFen;
cleanup:
    pr_manifest_clear(&man);
    free(zMan);
    free(zSig);
    return rc;
}

/* An earlier month found: the folder that holds it. */
typedef struct found {
    int iMonth;
    char *zDir;               /* owned */
} found;

/* zPrev's parent folder into z (n bytes), as the cycle's history is found
 * (engine/run/cycleload.c). */
static void parent_of(const char *zPrev, char *z, size_t n)
{
    snprintf(z, n, "%s", zPrev);
    size_t k = strlen(z);
    while (k > 1 && z[k - 1] == '/') z[--k] = 0;
    char *zSlash = strrchr(z, '/');
    if (!zSlash) snprintf(z, n, ".");
    else if (zSlash == z) z[1] = 0;
    else *zSlash = 0;
}

/* The month zPrev's own folder name says, or -1 when it is not a YYYY-MM. */
static int folder_month(const char *zPath)
{
    size_t n = strlen(zPath);
    while (n > 1 && zPath[n - 1] == '/') n--;
    size_t i = n;
    while (i > 0 && zPath[i - 1] != '/') i--;
    int iMonth;
    if (n - i != 7 || pr_month_parse(zPath + i, 7, &iMonth)) return -1;
    return iMonth;
}

pr_error pr_trend_load(const pr_batch *p, const char *zPrev, const pr_sigkey *pKey, pr_trend *t, pr_err *pErr)
{
    pr_trend_init(t, p, zPrev != NULL);
    if (!zPrev) return PR_OK;
    int iFrom = p->iMonth - PR_TREND_BEFORE;
    found aFound[PR_TREND_BEFORE];
    memset(aFound, 0, sizeof(aFound));
    pr_error rc = PR_OK;
    char zHist[4200], zDir[4300];
    parent_of(zPrev, zHist, sizeof(zHist));
    DIR *d = opendir(zHist);
    if (!d) return pr_err_set(pErr, PR_ERR_IO, "%s: the history folder cannot be read: %s", zHist, strerror(errno));
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int iMonth;
        struct stat st;
        if (strlen(e->d_name) != 7 || pr_month_parse(e->d_name, 7, &iMonth) || iMonth < iFrom || iMonth >= p->iMonth) continue;
        if (snprintf(zDir, sizeof(zDir), "%s/%s", zHist, e->d_name) >= (int)sizeof(zDir)) continue;
        if (stat(zDir, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        found *f = &aFound[iMonth - iFrom];
        free(f->zDir);
        if (!(f->zDir = strdup(zDir))) { rc = pr_err_nomem(pErr, "listing the history"); break; }
        f->iMonth = iMonth;
    }
    closedir(d);
    if (rc) goto cleanup;
    if (folder_month(zPrev) < 0) {
        /* --prev is named by its manifest, whatever its folder is called
         * (its manifest was read when the cycle was loaded) */
        int iPrev = p->pCycle && p->pCycle->bPrev ? p->pCycle->iPrevMonth : -1;
        if (iPrev >= iFrom && iPrev < p->iMonth && !aFound[iPrev - iFrom].zDir) {
            if (!(aFound[iPrev - iFrom].zDir = strdup(zPrev))) { rc = pr_err_nomem(pErr, "listing the history"); goto cleanup; }
            aFound[iPrev - iFrom].iMonth = iPrev;
        }
    }
    int iFirst = 0;
    while (iFirst < PR_TREND_BEFORE && !aFound[iFirst].zDir) iFirst++;
    /* the rows: from the earliest month found to this month */
    pr_trend_month cur = t->aMonth[0];
    int n = 0;
    for (int i = iFirst; i < PR_TREND_BEFORE; i++, n++) {
        pr_trend_month *m = &t->aMonth[n];
        memset(m, 0, sizeof(*m));
        m->iMonth = iFrom + i;
        m->eState = TREND_MISSING;
    }
    t->aMonth[n++] = cur;
    t->nMonth = n;
    pr_err aErr[PR_TREND_BEFORE];
    for (int i = 0; i < PR_TREND_BEFORE; i++) pr_err_init(&aErr[i]);
    /* Jansson seeds its hash tables on first use: seed them here, before
     * the manifests are parsed in parallel (a no-op once seeded, as it is
     * when the cycle has read --prev's manifest) */
    json_object_seed(0);
    #pragma omp parallel for num_threads(p->nThreads > 0 ? p->nThreads : 1) schedule(dynamic, 1)
    for (int i = iFirst; i < PR_TREND_BEFORE; i++)
        if (aFound[i].zDir) pr_trend_verify_month(aFound[i].zDir, pKey, &t->aMonth[i - iFirst], &aErr[i]);
    for (int i = iFirst; i < PR_TREND_BEFORE && !rc; i++)
        if (aErr[i].rc) rc = pr_err_set(pErr, aErr[i].rc, "%s", aErr[i].zMsg);
cleanup:
    for (int i = 0; i < PR_TREND_BEFORE; i++) free(aFound[i].zDir);
    return rc;
}
