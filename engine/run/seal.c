/*
 * seal.c - signed and chained months and approvals (seal.h): the link to
 * the previous month, manifest.sig, approvals.jsonl, and the checks that
 * `payrun verify` runs on them.
 */
#include "run/seal.h"
#include "run/verify.h"
#include "formats/manifest_read.h"
#include "io/outbuf.h"
#include "io/sha256.h"
#include "model/calendar.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define APPROVAL_MAX_BYTES ((size_t)4 << 20)   /* largest approvals.jsonl read */

/* zDir/zName into zOut (nOut bytes). 0, or -1 when it does not fit. */
static int join(const char *zDir, const char *zName, char *zOut, size_t nOut)
{
    int n = snprintf(zOut, nOut, "%s/%s", zDir, zName);
    return n < 0 || (size_t)n >= nOut ? -1 : 0;
}

/* Reads the whole file zPath (at most nMax bytes) into *pz (NUL-terminated,
 * the caller's to free) and *pn. PR_OK; PR_ERR_IO with bMissing set when
 * the file does not exist; other errors with pErr set. */
static pr_error read_all(const char *zPath, size_t nMax, char **pz, size_t *pn, int *pbMissing, pr_err *pErr)
{
    *pz = NULL;
    *pn = 0;
    if (pbMissing) *pbMissing = 0;
    FILE *f = fopen(zPath, "rb");
    if (!f) {
        if (pbMissing) *pbMissing = errno == ENOENT;
        return pr_err_set(pErr, PR_ERR_IO, "%s: cannot read: %s", zPath, strerror(errno));
    }
    pr_error rc = PR_OK;
    char *z = malloc(nMax + 1);
    if (!z) { rc = pr_err_nomem(pErr, "reading a file"); goto cleanup; }
    size_t n = fread(z, 1, nMax + 1, f);
    if (ferror(f)) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot read: %s", zPath, strerror(errno)); goto cleanup; }
    if (n > nMax) { rc = pr_err_set(pErr, PR_ERR_TOO_BIG, "%s: larger than %zu bytes", zPath, nMax); goto cleanup; }
    z[n] = 0;
    *pz = z;
    *pn = n;
    z = NULL;
cleanup:
    free(z);
    fclose(f);
    return rc;
}

pr_error pr_seal_link(const char *zPrevDir, pr_manifest_link *pLink, pr_err *pErr)
{
    char zPath[4200];
    pr_manifest m;
    memset(&m, 0, sizeof(m));
    if (join(zPrevDir, "manifest.json", zPath, sizeof(zPath))) return pr_err_set(pErr, PR_ERR_IO, "%s: the path is too long", zPrevDir);
    pr_error rc = pr_manifest_read(zPath, &m, pErr);
    if (rc) return rc;
    pr_month_format(m.iMonth, pLink->zMonth);
    pr_manifest_clear(&m);
    return pr_sha256_file(zPath, pLink->zSha, pErr);
}

pr_error pr_seal_sign(const char *zDir, const pr_sigkey *pKey, pr_err *pErr)
{
    char zPath[4200], zSig[PR_SIG_B64 + 1];
    char *z = NULL;
    size_t n;
    pr_error rc;
    if (join(zDir, "manifest.json", zPath, sizeof(zPath))) return pr_err_set(pErr, PR_ERR_IO, "%s: the path is too long", zDir);
    if ((rc = read_all(zPath, PR_MANIFEST_MAX_BYTES, &z, &n, NULL, pErr))) goto cleanup;
    if ((rc = pr_sign(pKey, z, n, zSig, pErr))) goto cleanup;
    size_t nSig = strlen(zSig);
    zSig[nSig++] = '\n';
    if (join(zDir, PR_SIG_FILE, zPath, sizeof(zPath))) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: the path is too long", zDir); goto cleanup; }
    rc = pr_write_file(zPath, zSig, nSig, pErr);
cleanup:
    free(z);
    return rc;
}

pr_error pr_seal_keep_approvals(const char *zFromDir, const char *zToDir, pr_err *pErr)
{
    char zFrom[4200], zTo[4200];
    char *z = NULL;
    size_t n;
    int bMissing;
    if (join(zFromDir, PR_APPROVALS_FILE, zFrom, sizeof(zFrom)) || join(zToDir, PR_APPROVALS_FILE, zTo, sizeof(zTo)))
        return pr_err_set(pErr, PR_ERR_IO, "%s: the path is too long", zFromDir);
    pr_err e;
    pr_err_init(&e);
    pr_error rc = read_all(zFrom, APPROVAL_MAX_BYTES, &z, &n, &bMissing, &e);
    if (rc) return bMissing ? PR_OK : pr_err_set(pErr, rc, "%s", e.zMsg);
    rc = pr_write_file(zTo, z, n, pErr);
    free(z);
    return rc;
}

/* Reads zDir/manifest.json into *pz, *pn. PR_OK or an error with pErr. */
static pr_error read_manifest_bytes(const char *zDir, char **pz, size_t *pn, pr_err *pErr)
{
    char zPath[4200];
    if (join(zDir, "manifest.json", zPath, sizeof(zPath))) return pr_err_set(pErr, PR_ERR_IO, "%s: the path is too long", zDir);
    return read_all(zPath, PR_MANIFEST_MAX_BYTES, pz, pn, NULL, pErr);
}

int pr_seal_check(const char *zDir, const pr_sigkey *pKey, FILE *pOut)
{
    char zPath[4200];
    char *zMan = NULL, *zSig = NULL;
    size_t nMan, nSig;
    int bMissing = 0, rc = 3;
    pr_err e;
    pr_err_init(&e);
    if (join(zDir, PR_SIG_FILE, zPath, sizeof(zPath))) goto cleanup;
    if (read_all(zPath, 256, &zSig, &nSig, &bMissing, &e)) {
        if (bMissing) { rc = 1; if (pOut) fprintf(pOut, "%s: unsigned (no %s)\n", zDir, PR_SIG_FILE); }
        else if (pOut) fprintf(pOut, "%s: the signature cannot be read: %s\n", zDir, e.zMsg);
        goto cleanup;
    }
    while (nSig > 0 && (zSig[nSig - 1] == '\n' || zSig[nSig - 1] == '\r')) zSig[--nSig] = 0;
    if (read_manifest_bytes(zDir, &zMan, &nMan, &e)) {
        if (pOut) fprintf(pOut, "%s: %s\n", zDir, e.zMsg);
        goto cleanup;
    }
    if (pr_sign_check(pKey, zMan, nMan, zSig)) rc = 0;
    if (pOut) fprintf(pOut, rc ? "%s: the signature does not match manifest.json (changed, or signed with another key)\n"
                               : "%s: signature good\n", zDir);
cleanup:
    free(zMan);
    free(zSig);
    return rc;
}

/* ---- approvals -------------------------------------------------------------- */

/* The bytes an approval's signature covers, into *pBuf. */
static void approval_text(pr_outbuf *pBuf, const char *zMonth, const char *zSha, const char *zName,
                          const char *zRole, const char *zTime, const char *zKey)
{
    pr_outbuf_str(pBuf, "payrun approval 1\nmonth ");
    pr_outbuf_str(pBuf, zMonth);
    pr_outbuf_str(pBuf, "\nmanifest_sha256 ");
    pr_outbuf_str(pBuf, zSha);
    pr_outbuf_str(pBuf, "\nname ");
    pr_outbuf_str(pBuf, zName);
    pr_outbuf_str(pBuf, "\nrole ");
    pr_outbuf_str(pBuf, zRole);
    pr_outbuf_str(pBuf, "\ntime ");
    pr_outbuf_str(pBuf, zTime);
    pr_outbuf_str(pBuf, "\nkey ");
    pr_outbuf_str(pBuf, zKey);
    pr_outbuf_str(pBuf, "\n");
}

static int role_ok(const char *zRole)
{
    return strcmp(zRole, "审核") == 0 || strcmp(zRole, "审批") == 0;
}

pr_error pr_seal_approve(const char *zDir, const char *zName, const char *zRole, const pr_sigkey *pKey, pr_err *pErr)
{
    char zPath[4200], zSha[65], zMonth[8], zTime[32], zKey[65], zSig[PR_SIG_B64];
    pr_outbuf text, line;
    pr_manifest m;
    pr_error rc = PR_OK;
    json_t *pObj = NULL;
    char *zJson = NULL;
    int fd = -1;
    memset(&m, 0, sizeof(m));
    pr_outbuf_init(&text, (size_t)1 << 20);
    pr_outbuf_init(&line, (size_t)1 << 20);
    if (!zName[0]) { rc = pr_err_set(pErr, PR_ERR_USAGE, "--as needs the approver's name"); goto cleanup; }
    if (!role_ok(zRole)) { rc = pr_err_set(pErr, PR_ERR_USAGE, "--role must be 审核 or 审批, not '%s'", zRole); goto cleanup; }
    pr_err e;
    pr_err_init(&e);
    int v = pr_verify_month(zDir, NULL, &e);
    if (v == PR_VERIFY_UNREADABLE) { rc = pr_err_set(pErr, e.rc ? e.rc : PR_ERR_IO, "%s", e.zMsg); goto cleanup; }
    if (v != PR_VERIFY_OK) {
        rc = pr_err_set(pErr, PR_ERR_CONFIG, "%s: refused: the month does not match its manifest (run 'payrun verify %s' to see what differs)", zDir, zDir);
        goto cleanup;
    }
    if (join(zDir, "manifest.json", zPath, sizeof(zPath))) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: the path is too long", zDir); goto cleanup; }
    if ((rc = pr_manifest_read(zPath, &m, pErr)) || (rc = pr_sha256_file(zPath, zSha, pErr))) goto cleanup;
    pr_month_format(m.iMonth, zMonth);
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(zTime, sizeof(zTime), "%Y-%m-%dT%H:%M:%SZ", &tm);
    pr_sigkey_id(pKey, zKey);
    approval_text(&text, zMonth, zSha, zName, zRole, zTime, zKey);
    if (text.rc) { rc = pr_err_nomem(pErr, "approving"); goto cleanup; }
    if ((rc = pr_sign(pKey, text.z, text.n, zSig, pErr))) goto cleanup;
    pObj = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "month", zMonth, "manifest_sha256", zSha, "name", zName,
                     "role", zRole, "time", zTime, "key", zKey, "signature", zSig);
    zJson = pObj ? json_dumps(pObj, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (!zJson) { rc = pr_err_set(pErr, PR_ERR_CONFIG, "--as: the name is not valid UTF-8 text"); goto cleanup; }
    pr_outbuf_str(&line, zJson);
    pr_outbuf_str(&line, "\n");
    if (join(zDir, PR_APPROVALS_FILE, zPath, sizeof(zPath))) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: the path is too long", zDir); goto cleanup; }
    fd = open(zPath, O_WRONLY | O_CREAT | O_APPEND, 0640);
    if (fd < 0 || write(fd, line.z, line.n) != (ssize_t)line.n || fsync(fd) != 0)
        rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot append: %s", zPath, strerror(errno));
cleanup:
    if (fd >= 0 && close(fd) != 0 && !rc) rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot append: %s", zPath, strerror(errno));
    free(zJson);
    json_decref(pObj);
    pr_manifest_clear(&m);
    pr_outbuf_clear(&text);
    pr_outbuf_clear(&line);
    return rc;
}

/* The string member zKey of o, or NULL. */
static const char *str_member(json_t *o, const char *zKey)
{
    json_t *v = json_object_get(o, zKey);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Checks one approval record (line iLine). Returns 0 or 3. */
static int check_approval(const char *zLine, int iLine, const char *zManSha, pr_sigkey *const *apKey, int nKey, FILE *pOut)
{
    json_error_t jerr;
    json_t *o = json_loads(zLine, JSON_REJECT_DUPLICATES, &jerr);
    const char *azField[7] = { 0 };
    static const char *const azName[7] = { "month", "manifest_sha256", "name", "role", "time", "key", "signature" };
    int rc = 3;
    if (!o || !json_is_object(o)) {
        if (pOut) fprintf(pOut, "  approval %d: not a JSON object (%s)\n", iLine, o ? "another JSON value" : jerr.text);
        goto cleanup;
    }
    for (int i = 0; i < 7; i++) {
        if (!(azField[i] = str_member(o, azName[i]))) {
            if (pOut) fprintf(pOut, "  approval %d: \"%s\" is missing or not text\n", iLine, azName[i]);
            goto cleanup;
        }
    }
    if (pOut) fprintf(pOut, "  approval %d: %s %s %s: ", iLine, azField[4], azField[3], azField[2]);
    const pr_sigkey *pKey = NULL;
    for (int k = 0; k < nKey && !pKey; k++) {
        char zId[65];
        pr_sigkey_id(apKey[k], zId);
        if (strcmp(zId, azField[5]) == 0) pKey = apKey[k];
    }
    if (!pKey) {
        rc = 0;
        if (pOut) fprintf(pOut, "%s\n", nKey ? "signed by a key not given with --approver-key (not checked)"
                                              : "not checked (no --approver-key given)");
        goto cleanup;
    }
    pr_outbuf text;
    pr_outbuf_init(&text, (size_t)1 << 20);
    approval_text(&text, azField[0], azField[1], azField[2], azField[3], azField[4], azField[5]);
    int bGood = !text.rc && pr_sign_check(pKey, text.z, text.n, azField[6]);
    pr_outbuf_clear(&text);
    if (!bGood) {
        if (pOut) fprintf(pOut, "the signature does not match\n");
        goto cleanup;
    }
    rc = 0;
    if (pOut) {
        if (strcmp(azField[1], zManSha) == 0) fprintf(pOut, "signature good\n");
        else fprintf(pOut, "signature good, but stale: it approves an earlier run of the month (manifest %.12s…, now %.12s…)\n",
                     azField[1], zManSha);
    }
cleanup:
    json_decref(o);
    return rc;
}

int pr_seal_approvals(const char *zDir, pr_sigkey *const *apKey, int nKey, FILE *pOut, pr_err *pErr)
{
    char zPath[4200], zSha[65];
    char *z = NULL;
    size_t n;
    int bMissing, rc = 0;
    if (join(zDir, PR_APPROVALS_FILE, zPath, sizeof(zPath))) { pr_err_set(pErr, PR_ERR_IO, "%s: the path is too long", zDir); return 2; }
    pr_err e;
    pr_err_init(&e);
    if (read_all(zPath, APPROVAL_MAX_BYTES, &z, &n, &bMissing, &e)) {
        if (bMissing) { if (pOut) fprintf(pOut, "%s: no approvals\n", zDir); return 0; }
        pr_err_set(pErr, e.rc, "%s", e.zMsg);
        return 2;
    }
    char zMan[4200];
    if (join(zDir, "manifest.json", zMan, sizeof(zMan)) || pr_sha256_file(zMan, zSha, pErr)) { free(z); return 2; }
    if (pOut) fprintf(pOut, "%s: approvals\n", zDir);
    int iLine = 0;
    for (char *zLine = z; *zLine;) {
        char *zEnd = strchr(zLine, '\n');
        if (zEnd) *zEnd = 0;
        iLine++;
        if (zLine[0] && check_approval(zLine, iLine, zSha, apKey, nKey, pOut)) rc = 3;
        if (!zEnd) break;
        zLine = zEnd + 1;
    }
    free(z);
    return rc;
}

/* ---- the chain ------------------------------------------------------------------ */

/* One month folder of the chain. */
typedef struct chain_month {
    char zName[8];                /* the folder's name, YYYY-MM */
    int iFolder;                  /* the folder's name as a month number */
    int iMonth;                   /* the month its manifest holds; -1 if unreadable */
    int bPrev;                    /* its manifest links to a previous month */
    int iPrev;                    /* that month */
    char zPrevSha[65];            /* and that month's manifest SHA-256 */
    char zSha[65];                /* the SHA-256 of its own manifest.json; "" if unreadable */
} chain_month;

static int cmp_month(const void *a, const void *b)
{
    return strcmp(((const chain_month *)a)->zName, ((const chain_month *)b)->zName);
}

/* Lists the YYYY-MM folders of zDir into *pa (the caller's), sorted. The
 * count, or -1 with pErr set. */
static int list_months(const char *zDir, chain_month **pa, pr_err *pErr)
{
    DIR *d = opendir(zDir);
    if (!d) { pr_err_set(pErr, PR_ERR_IO, "%s: cannot open the folder: %s", zDir, strerror(errno)); return -1; }
    chain_month *a = NULL;
    int n = 0, nCap = 0;
    struct dirent *pEnt;
    while ((pEnt = readdir(d)) != NULL) {
        const char *z = pEnt->d_name;
        int iMonth;
        if (strlen(z) != 7 || pr_month_parse(z, 7, &iMonth)) continue;
        char zPath[4200];
        struct stat st;
        if (join(zDir, z, zPath, sizeof(zPath)) || stat(zPath, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        if (n == nCap) {
            nCap = nCap ? nCap * 2 : 16;
            chain_month *aNew = realloc(a, (size_t)nCap * sizeof(*a));
            if (!aNew) { free(a); closedir(d); pr_err_nomem(pErr, "listing the months"); return -1; }
            a = aNew;
        }
        memset(&a[n], 0, sizeof(a[n]));
        memcpy(a[n].zName, z, 8);
        a[n].iFolder = iMonth;
        n++;
    }
    closedir(d);
    if (n > 1) qsort(a, (size_t)n, sizeof(*a), cmp_month);
    *pa = a;
    return n;
}

/* Verifies one month folder against its manifest, the folder's name apart
 * (the chain reports a month in the wrong folder itself). Prints one line to
 * pOut when it differs. Returns 0 matches, 1 differs, 2 unreadable. */
static int month_changed(const char *zFolder, const char *zName, FILE *pOut)
{
    char *zText = NULL;
    size_t nText = 0;
    FILE *pMem = open_memstream(&zText, &nText);
    pr_err e;
    pr_err_init(&e);
    int v = pr_verify_month(zFolder, pMem, &e), nOther = 0;
    if (pMem) fclose(pMem);
    if (v == PR_VERIFY_UNREADABLE) {
        fprintf(pOut, "%s: cannot be read: %s\n", zName, e.zMsg);
        free(zText);
        return 2;
    }
    /* the differences, but for the folder-name one */
    for (char *z = zText; z && *z;) {
        char *zEnd = strchr(z, '\n');
        if (zEnd) *zEnd = 0;
        if (*z && !strstr(z, "manifest.json: month is")) nOther++;
        if (!zEnd) break;
        z = zEnd + 1;
    }
    free(zText);
    if (v == PR_VERIFY_OK || !nOther) return 0;
    fprintf(pOut, "%s: changed: %d difference%s from its manifest (payrun verify %s names them)\n", zName, nOther,
            nOther > 1 ? "s" : "", zFolder);
    return 1;
}

/* The folder among a[0,n) whose manifest holds month iMonth, or -1. */
static int find_month(const chain_month *a, int n, int iMonth)
{
    for (int i = 0; i < n; i++)
        if (a[i].iMonth == iMonth) return i;
    return -1;
}

int pr_seal_chain(const char *zDir, const pr_sigkey *pKey, FILE *pOut, pr_err *pErr)
{
    chain_month *a = NULL;
    int n = list_months(zDir, &a, pErr);
    if (n < 0) return 2;
    int nBad = 0, bSigned = 0;
    char zPath[4200], zPrev[8];
    /* what each folder's manifest says, before any link is judged */
    for (int i = 0; i < n; i++) {
        pr_manifest m;
        memset(&m, 0, sizeof(m));
        pr_err e;
        pr_err_init(&e);
        a[i].iMonth = -1;
        int nPath = snprintf(zPath, sizeof(zPath), "%s/%s/manifest.json", zDir, a[i].zName);
        if (nPath < 0 || (size_t)nPath >= sizeof(zPath)) continue;
        if (pr_manifest_read(zPath, &m, &e) == PR_OK) {
            a[i].iMonth = m.iMonth;
            a[i].bPrev = m.bPrev;
            a[i].iPrev = m.iPrevMonth;
            if (m.bPrev) memcpy(a[i].zPrevSha, m.zPrevSha, 65);
            pr_sha256_file(zPath, a[i].zSha, NULL);
        }
        pr_manifest_clear(&m);
    }
    /* the links whose previous manifest is not the one in DIR */
    int *abBroken = calloc((size_t)n + 1, sizeof(int));
    if (!abBroken) { free(a); pr_err_nomem(pErr, "checking the chain"); return 2; }
    for (int i = 0; i < n; i++) {
        int j = a[i].bPrev ? find_month(a, n, a[i].iPrev) : -1;
        abBroken[i] = j >= 0 && strcmp(a[j].zSha, a[i].zPrevSha) != 0;
    }
    for (int i = 0; i < n; i++) {
        const chain_month *c = &a[i];
        char zFolder[4200];
        join(zDir, c->zName, zFolder, sizeof(zFolder));
        int bPlaced = c->iMonth == c->iFolder;
        int v = month_changed(zFolder, c->zName, pOut);
        if (v) { nBad++; if (v == 2) continue; }
        if (!bPlaced) {
            char zHeld[8];
            pr_month_format(c->iMonth, zHeld);
            fprintf(pOut, "%s: out of order: the folder holds the month %s\n", c->zName, zHeld);
            nBad++;
        }
        int s = pKey ? pr_seal_check(zFolder, pKey, NULL) : 1;
        if (s == 3) { fprintf(pOut, "%s: changed: the signature does not match its manifest.json\n", c->zName); nBad++; }
        else if (s == 1) {
            fprintf(pOut, "%s: unsigned%s\n", c->zName, bSigned ? " in a chain of signed months" : "");
            if (bSigned) nBad++;
        } else bSigned = 1;
        if (!bPlaced) continue;   /* its links are judged where it belongs */
        if (!c->bPrev) {
            if (s == 0 && i > 0) { fprintf(pOut, "%s: chain broken: signed without a link to the month before it\n", c->zName); nBad++; }
            continue;
        }
        pr_month_format(c->iPrev, zPrev);
        int j = find_month(a, n, c->iPrev);
        if (j < 0) {
            fprintf(pOut, "%s: missing from the chain: %s follows it, but no folder of %s holds it\n", zPrev, c->zName, zDir);
            nBad++;
        } else if (abBroken[i]) {
            /* a month replaced breaks the links on both sides of it; a break
             * on one side only points at the month before */
            if (i + 1 < n && abBroken[i + 1] && a[i + 1].iPrev == c->iMonth) {
                fprintf(pOut, "%s: chain broken: replaced or copied in from elsewhere (it does not follow the %s in %s, and %s does not follow it)\n",
                        c->zName, a[j].zName, zDir, a[i + 1].zName);
                nBad++;
            } else if (!(i > 0 && abBroken[i - 1] && a[i - 1].iMonth == c->iPrev)) {
                fprintf(pOut, "%s: chain broken: replaced or copied in from elsewhere (%s does not follow its manifest.json)\n",
                        a[j].zName, c->zName);
                nBad++;
            }
        } else if (bPlaced && j != i - 1 && a[j].iFolder == a[j].iMonth) {
            fprintf(pOut, "%s: out of order: it follows %s, which is not the folder before it\n", c->zName, zPrev);
            nBad++;
        }
    }
    free(abBroken);
    if (n == 0) {
        free(a);
        pr_err_set(pErr, PR_ERR_IO, "%s: no month folders (YYYY-MM) to check", zDir);
        return 2;
    }
    if (!nBad) fprintf(pOut, "%s: %d month%s, %s to %s: the chain holds\n", zDir, n, n > 1 ? "s" : "", a[0].zName, a[n - 1].zName);
    free(a);
    return nBad ? 3 : 0;
}
