/*
 * manifest_read.c - manifest.json back into numbers: the month, the outputs
 * (name, SHA-256, bytes) and the totals (lines, persons, fen per district
 * and programme, per programme, overall). Any member the verify relies on
 * that is missing, of the wrong type or out of range makes the manifest
 * unreadable, with a message naming the member.
 */
#include "formats/manifest_read.h"
#include "model/calendar.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The member zKey of object o, of type eType, or NULL with a message. */
static const pr_json *member(const pr_json *o, const char *zKey, pr_json_type eType,
                             const char *zWhere, char *zErr, size_t nErr)
{
    const pr_json *v = pr_json_get(o, zKey);
    if (!v) { snprintf(zErr, nErr, "%s: \"%s\" is missing", zWhere, zKey); return NULL; }
    if (v->eType != eType) {
        snprintf(zErr, nErr, "%s: \"%s\" must be %s %s, not %s", zWhere, zKey,
                 eType == JSON_INT || eType == JSON_ARRAY || eType == JSON_OBJECT ? "an" : "a",
                 pr_json_type_name(eType), pr_json_type_name(v->eType));
        return NULL;
    }
    return v;
}

/* An integer member >= 0. */
static int count_member(const pr_json *o, const char *zKey, const char *zWhere, int64_t *pv,
                        char *zErr, size_t nErr)
{
    const pr_json *v = member(o, zKey, JSON_INT, zWhere, zErr, nErr);
    if (!v) return -1;
    if (v->i < 0) { snprintf(zErr, nErr, "%s: \"%s\" is negative (%lld)", zWhere, zKey, (long long)v->i); return -1; }
    *pv = v->i;
    return 0;
}

/* lines, persons and fen of object o. */
static int read_total(const pr_json *o, const char *zWhere, pr_mtotal *t, char *zErr, size_t nErr)
{
    if (!o || o->eType != JSON_OBJECT) { snprintf(zErr, nErr, "%s must be an object", zWhere); return -1; }
    if (count_member(o, "lines", zWhere, &t->nLines, zErr, nErr)) return -1;
    if (count_member(o, "persons", zWhere, &t->nPersons, zErr, nErr)) return -1;
    if (count_member(o, "fen", zWhere, &t->nFen, zErr, nErr)) return -1;
    return 0;
}

/* A "programs" object: exactly one member per programme code. */
static int read_programs(const pr_json *o, const char *zWhere, pr_mtotal *aProg, char *zErr, size_t nErr)
{
    char zAt[160];
    if (o->eType != JSON_OBJECT) { snprintf(zErr, nErr, "%s must be an object", zWhere); return -1; }
    for (int k = 0; k < o->nKid; k++) {
        int g = 0;
        while (g < PROG_COUNT && strcmp(o->aKid[k].zKey, pr_prog_code((pr_prog)g)) != 0) g++;
        if (g == PROG_COUNT || strlen(o->aKid[k].zKey) != o->aKid[k].nKey) {
            snprintf(zErr, nErr, "%s: unknown programme \"%.40s\"", zWhere, o->aKid[k].zKey);
            return -1;
        }
    }
    for (int g = 0; g < PROG_COUNT; g++) {
        snprintf(zAt, sizeof(zAt), "%s.%s", zWhere, pr_prog_code((pr_prog)g));
        const pr_json *v = pr_json_get(o, pr_prog_code((pr_prog)g));
        if (!v) { snprintf(zErr, nErr, "%s: programme %s is missing", zWhere, pr_prog_code((pr_prog)g)); return -1; }
        if (read_total(v, zAt, &aProg[g], zErr, nErr)) return -1;
    }
    return 0;
}

/* 1 if zName is a plain file name inside the folder. */
static int plain_name(const char *z, size_t n)
{
    if (n == 0 || n > 255 || strcmp(z, ".") == 0 || strcmp(z, "..") == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (z[i] == '/' || (unsigned char)z[i] < 0x20 || z[i] == 0x7f) return 0;
    return 1;
}

/* ---- duplicates: sort pointers to the entries, compare neighbours ---- */

static int cmp_output(const void *a, const void *b)
{
    const pr_moutput *x = *(const pr_moutput *const *)a, *y = *(const pr_moutput *const *)b;
    int c = strcmp(x->zName, y->zName);
    return c ? c : (x < y ? -1 : x > y);   /* ties in file order */
}

static int cmp_district(const void *a, const void *b)
{
    const pr_mdistrict *x = *(const pr_mdistrict *const *)a, *y = *(const pr_mdistrict *const *)b;
    if (x->iCode != y->iCode) return x->iCode < y->iCode ? -1 : 1;
    return x < y ? -1 : x > y;
}

static int unique_outputs(const pr_manifest *p, char *zErr, size_t nErr)
{
    if (p->nOut < 2) return 0;
    const pr_moutput **ap = malloc((size_t)p->nOut * sizeof(*ap));
    if (!ap) { snprintf(zErr, nErr, "out of memory"); return -1; }
    for (int i = 0; i < p->nOut; i++) ap[i] = &p->aOut[i];
    qsort(ap, (size_t)p->nOut, sizeof(*ap), cmp_output);
    int rc = 0;
    for (int i = 1; i < p->nOut && !rc; i++) {
        if (strcmp(ap[i - 1]->zName, ap[i]->zName) != 0) continue;
        snprintf(zErr, nErr, "outputs[%d]: \"%.80s\" is listed twice (also outputs[%d])",
                 (int)(ap[i] - p->aOut), ap[i]->zName, (int)(ap[i - 1] - p->aOut));
        rc = -1;
    }
    free(ap);
    return rc;
}

static int unique_districts(const pr_manifest *p, char *zErr, size_t nErr)
{
    if (p->nDistrict < 2) return 0;
    const pr_mdistrict **ap = malloc((size_t)p->nDistrict * sizeof(*ap));
    if (!ap) { snprintf(zErr, nErr, "out of memory"); return -1; }
    for (int i = 0; i < p->nDistrict; i++) ap[i] = &p->aDistrict[i];
    qsort(ap, (size_t)p->nDistrict, sizeof(*ap), cmp_district);
    int rc = 0;
    for (int i = 1; i < p->nDistrict && !rc; i++) {
        if (ap[i - 1]->iCode != ap[i]->iCode) continue;
        snprintf(zErr, nErr, "totals.by_district[%d]: district %06d is listed twice (also by_district[%d])",
                 (int)(ap[i] - p->aDistrict), ap[i]->iCode, (int)(ap[i - 1] - p->aDistrict));
        rc = -1;
    }
    free(ap);
    return rc;
}

static int read_outputs(const pr_json *a, pr_manifest *p, char *zErr, size_t nErr)
{
    char zAt[64];
    if (a->nKid == 0) return 0;
    p->aOut = calloc((size_t)a->nKid, sizeof(*p->aOut));
    if (!p->aOut) { snprintf(zErr, nErr, "out of memory"); return -1; }
    for (int k = 0; k < a->nKid; k++) {
        const pr_json *o = &a->aKid[k];
        pr_moutput *out = &p->aOut[k];
        snprintf(zAt, sizeof(zAt), "outputs[%d]", k);
        if (o->eType != JSON_OBJECT) { snprintf(zErr, nErr, "%s must be an object", zAt); return -1; }
        const pr_json *v = member(o, "name", JSON_STRING, zAt, zErr, nErr);
        if (!v) return -1;
        if (!plain_name(v->z, v->n)) {
            snprintf(zErr, nErr, "%s: \"name\" must be a plain file name inside the folder", zAt);
            return -1;
        }
        if (strcmp(v->z, "manifest.json") == 0) {
            snprintf(zErr, nErr, "%s: the manifest cannot list itself", zAt);
            return -1;
        }
        out->zName = v->z;
        if (!(v = member(o, "sha256", JSON_STRING, zAt, zErr, nErr))) return -1;
        int bHex = v->n == 64;
        for (size_t i = 0; bHex && i < 64; i++)
            bHex = (v->z[i] >= '0' && v->z[i] <= '9') || (v->z[i] >= 'a' && v->z[i] <= 'f');
        if (!bHex) { snprintf(zErr, nErr, "%s: \"sha256\" must be 64 lower-case hex digits", zAt); return -1; }
        memcpy(out->zSha, v->z, 65);
        if (count_member(o, "bytes", zAt, &out->nBytes, zErr, nErr)) return -1;
        p->nOut = k + 1;
    }
    return unique_outputs(p, zErr, nErr);
}

static int read_districts(const pr_json *a, pr_manifest *p, char *zErr, size_t nErr)
{
    char zAt[64];
    if (a->nKid == 0) return 0;
    p->aDistrict = calloc((size_t)a->nKid, sizeof(*p->aDistrict));
    if (!p->aDistrict) { snprintf(zErr, nErr, "out of memory"); return -1; }
    for (int k = 0; k < a->nKid; k++) {
        const pr_json *o = &a->aKid[k];
        pr_mdistrict *d = &p->aDistrict[k];
        snprintf(zAt, sizeof(zAt), "totals.by_district[%d]", k);
        if (o->eType != JSON_OBJECT) { snprintf(zErr, nErr, "%s must be an object", zAt); return -1; }
        const pr_json *v = member(o, "district", JSON_STRING, zAt, zErr, nErr);
        if (!v) return -1;
        int iCode = 0, bOk = v->n == 6;
        for (size_t i = 0; bOk && i < 6; i++) {
            bOk = v->z[i] >= '0' && v->z[i] <= '9';
            iCode = iCode * 10 + (v->z[i] - '0');
        }
        if (!bOk) { snprintf(zErr, nErr, "%s: \"district\" must be a 6-digit code", zAt); return -1; }
        d->iCode = iCode;
        snprintf(zAt, sizeof(zAt), "totals.by_district[%d] (%06d)", k, iCode);
        if (!(v = member(o, "programs", JSON_OBJECT, zAt, zErr, nErr))) return -1;
        if (read_programs(v, zAt, d->aProg, zErr, nErr)) return -1;
        if (read_total(o, zAt, &d->all, zErr, nErr)) return -1;
        p->nDistrict = k + 1;
    }
    return unique_districts(p, zErr, nErr);
}

static int read_root(const pr_json *r, pr_manifest *p, char *zErr, size_t nErr)
{
    if (r->eType != JSON_OBJECT) { snprintf(zErr, nErr, "the top level must be an object"); return -1; }
    const pr_json *v = member(r, "month", JSON_STRING, "manifest", zErr, nErr);
    if (!v) return -1;
    if (v->n != 7 || pr_month_parse(v->z, v->n, &p->iMonth)) {
        snprintf(zErr, nErr, "\"month\" must be YYYY-MM");
        return -1;
    }
    p->zStatus = "ok";
    if (pr_json_get(r, "status")) {
        if (!(v = member(r, "status", JSON_STRING, "manifest", zErr, nErr))) return -1;
        p->zStatus = v->z;
    }
    if (!(v = member(r, "outputs", JSON_ARRAY, "manifest", zErr, nErr))) return -1;
    if (read_outputs(v, p, zErr, nErr)) return -1;
    const pr_json *t = member(r, "totals", JSON_OBJECT, "manifest", zErr, nErr);
    if (!t) return -1;
    if (!(v = member(t, "by_district", JSON_ARRAY, "totals", zErr, nErr))) return -1;
    if (read_districts(v, p, zErr, nErr)) return -1;
    if (!(v = member(t, "by_program", JSON_OBJECT, "totals", zErr, nErr))) return -1;
    if (read_programs(v, "totals.by_program", p->aProg, zErr, nErr)) return -1;
    return read_total(t, "totals", &p->all, zErr, nErr);
}

int pr_manifest_parse(const char *z, size_t n, pr_manifest *p, char *zErr, size_t nErr)
{
    memset(p, 0, sizeof(*p));
    pr_json_limits lim = { PR_MANIFEST_MAX_BYTES, 32, 0 };
    p->pDoc = pr_json_parse(z, n, &lim, zErr, nErr);
    if (!p->pDoc) return -1;
    if (read_root(pr_json_root(p->pDoc), p, zErr, nErr)) {
        pr_manifest_clear(p);
        return -1;
    }
    return 0;
}

int pr_manifest_read(const char *zPath, pr_manifest *p, char *zErr, size_t nErr)
{
    memset(p, 0, sizeof(*p));
    FILE *f = fopen(zPath, "rb");
    if (!f) { snprintf(zErr, nErr, "%s: cannot open: %s", zPath, strerror(errno)); return -1; }
    /* one byte more than allowed tells a file that is too large */
    size_t nCap = PR_MANIFEST_MAX_BYTES + 1, n = 0, k;
    char *z = malloc(nCap);
    int rc = -1;
    if (!z) { snprintf(zErr, nErr, "%s: out of memory", zPath); goto done; }
    while (n < nCap && (k = fread(z + n, 1, nCap - n, f)) > 0) n += k;
    if (ferror(f)) { snprintf(zErr, nErr, "%s: cannot read: %s", zPath, strerror(errno)); goto done; }
    if (n > PR_MANIFEST_MAX_BYTES) {
        snprintf(zErr, nErr, "%s: larger than the %zu MiB allowed", zPath, PR_MANIFEST_MAX_BYTES >> 20);
        goto done;
    }
    char zMsg[400];
    if (pr_manifest_parse(z, n, p, zMsg, sizeof(zMsg))) { snprintf(zErr, nErr, "%s: %s", zPath, zMsg); goto done; }
    rc = 0;
done:
    free(z);
    fclose(f);
    return rc;
}

void pr_manifest_clear(pr_manifest *p)
{
    free(p->aOut);
    free(p->aDistrict);
    pr_json_free(p->pDoc);
    memset(p, 0, sizeof(*p));
}
