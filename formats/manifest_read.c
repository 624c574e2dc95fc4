/*
 * manifest_read.c - manifest.json back into numbers: the month, the outputs
 * (name, SHA-256, bytes) and the totals (lines, persons, fen per district
 * and programme, per programme, overall). Jansson parses the text (size
 * capped, duplicate keys refused); every member the verify relies on that
 * is missing, of the wrong type or out of range makes the manifest
 * unreadable, with a message naming the file and the member's path
 * ("totals.by_district[2].programs.DIBAO.fen").
 */
#include "formats/manifest_read.h"
#include "io/i18n.h"
#include "model/calendar.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Member paths are cut to this; they are for messages only. */
#define PATH_MAX_LEN 160
/* Keys of array entries that must not repeat: a quoted file name (at most
 * 255 bytes) or "district NNNNNN". */
#define KEY_MAX_LEN 272

/* What every step of the reading needs. */
typedef struct reader {
    const char *zFile;        /* the file, for messages; borrowed */
    pr_err *pErr;             /* the first error goes here; borrowed */
} reader;

/* "an object", "a string", ... for messages, in the messages' language; static. */
static const char *type_name(json_type eType)
{
    switch (eType) {
    case JSON_OBJECT: return _("an object");
    case JSON_ARRAY: return _("an array");
    case JSON_STRING: return _("a string");
    case JSON_INTEGER: return _("an integer");
    case JSON_REAL: return _("a real number");
    case JSON_TRUE: case JSON_FALSE: return _("a boolean");
    default: return _("null");
    }
}

/* Sets the error: zFile: "zPath" <problem>, the problem already in the
 * messages' language (a literal marked N_ is translated here). Returns
 * PR_ERR_MANIFEST. */
static pr_error bad(const reader *r, const char *zPath, const char *zProblem)
{
    return pr_err_set(r->pErr, PR_ERR_MANIFEST, "%s: \"%s\" %s", r->zFile, zPath, gettext(zProblem));
}

/* Sets the error: zFile: out of memory. */
static void nomem(const reader *r)
{
    pr_err_set(r->pErr, PR_ERR_NOMEM, "%s: out of memory", r->zFile);
}

/* zAt.zKey, or zKey at the top level, into zOut (PATH_MAX_LEN bytes). */
static void path_member(const char *zAt, const char *zKey, char *zOut)
{
    snprintf(zOut, PATH_MAX_LEN, "%s%s%s", zAt, zAt[0] ? "." : "", zKey);
}

/* v (at zPath) if it has type eType, else NULL with a message. */
static json_t *want(const reader *r, json_t *v, const char *zPath, json_type eType)
{
    if (json_typeof(v) == eType) return v;
    char zMsg[256];
    snprintf(zMsg, sizeof(zMsg), _("must be %s, not %s"), type_name(eType), type_name(json_typeof(v)));
    bad(r, zPath, zMsg);
    return NULL;
}

/* The member zKey of object o (at zAt), of type eType; NULL with a message
 * when it is missing or of another type. Borrowed from o. */
static json_t *member(const reader *r, json_t *o, const char *zAt, const char *zKey, json_type eType)
{
    char zPath[PATH_MAX_LEN];
    path_member(zAt, zKey, zPath);
    json_t *v = json_object_get(o, zKey);
    if (!v) { bad(r, zPath, N_("is missing")); return NULL; }
    return want(r, v, zPath, eType);
}

/* An integer member >= 0 into *pv. Returns 0 or -1 with a message. */
static int count_member(const reader *r, json_t *o, const char *zAt, const char *zKey, int64_t *pv)
{
    json_t *v = member(r, o, zAt, zKey, JSON_INTEGER);
    if (!v) return -1;
    if (json_integer_value(v) < 0) {
        char zPath[PATH_MAX_LEN], zMsg[256];
        path_member(zAt, zKey, zPath);
        snprintf(zMsg, sizeof(zMsg), _("is negative (%lld)"), (long long)json_integer_value(v));
        bad(r, zPath, zMsg);
        return -1;
    }
    *pv = json_integer_value(v);
    return 0;
}

/* lines, persons and fen of object o (at zAt). Returns 0 or -1. */
static int read_total(const reader *r, json_t *o, const char *zAt, pr_mtotal *t)
{
    if (count_member(r, o, zAt, "lines", &t->nLines)) return -1;
    if (count_member(r, o, zAt, "persons", &t->nPersons)) return -1;
    return count_member(r, o, zAt, "fen", &t->nFen);
}

/* The "programs" object o (at zAt): exactly one member per programme code,
 * but TEMP, which manifests written before it existed lack (then zero).
 * Returns 0 or -1. */
static int read_programs(const reader *r, json_t *o, const char *zAt, pr_mtotal *aProg)
{
    char zPath[PATH_MAX_LEN];
    const char *zKey;
    json_t *v;
    json_object_foreach(o, zKey, v) {
        int g = 0;
        while (g < PROG_COUNT && strcmp(zKey, pr_prog_code((pr_prog)g)) != 0) g++;
        if (g == PROG_COUNT) {
            char zMsg[256];
            snprintf(zMsg, sizeof(zMsg), _("has an unknown programme \"%.40s\""), zKey);
            bad(r, zAt, zMsg);
            return -1;
        }
    }
    for (int g = 0; g < PROG_COUNT; g++) {
        if (g == PROG_TEMP && !json_object_get(o, pr_prog_code((pr_prog)g))) {
            memset(&aProg[g], 0, sizeof(aProg[g]));
            continue;
        }
        if (!(v = member(r, o, zAt, pr_prog_code((pr_prog)g), JSON_OBJECT))) return -1;
        path_member(zAt, pr_prog_code((pr_prog)g), zPath);
        if (read_total(r, v, zPath, &aProg[g])) return -1;
    }
    return 0;
}

/* 1 if z[0,n) is a plain file name inside the folder. */
static int plain_name(const char *z, size_t n)
{
    if (n == 0 || n > 255 || strcmp(z, ".") == 0 || strcmp(z, "..") == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (z[i] == '/' || (unsigned char)z[i] < 0x20 || z[i] == 0x7f) return 0;
    return 1;
}

/* One entry of "outputs" (o, at zAt) into the pr_moutput pSlot, and its
 * quoted name into zKey. Returns 0 or -1. */
static int read_output(const reader *r, json_t *o, const char *zAt, void *pSlot, char *zKey)
{
    pr_moutput *out = pSlot;
    char zPath[PATH_MAX_LEN];
    json_t *v = member(r, o, zAt, "name", JSON_STRING);
    if (!v) return -1;
    path_member(zAt, "name", zPath);
    if (!plain_name(json_string_value(v), json_string_length(v))) {
        bad(r, zPath, N_("must be a plain file name inside the folder"));
        return -1;
    }
    if (strcmp(json_string_value(v), "manifest.json") == 0) {
        bad(r, zPath, N_("names the manifest itself, which cannot list itself"));
        return -1;
    }
    out->zName = json_string_value(v);
    snprintf(zKey, KEY_MAX_LEN, "\"%s\"", out->zName);
    if (!(v = member(r, o, zAt, "sha256", JSON_STRING))) return -1;
    const char *z = json_string_value(v);
    int bHex = json_string_length(v) == 64;
    for (size_t i = 0; bHex && i < 64; i++) bHex = (z[i] >= '0' && z[i] <= '9') || (z[i] >= 'a' && z[i] <= 'f');
    if (!bHex) {
        path_member(zAt, "sha256", zPath);
        bad(r, zPath, N_("must be 64 lower-case hex digits"));
        return -1;
    }
    memcpy(out->zSha, z, 65);
    return count_member(r, o, zAt, "bytes", &out->nBytes);
}

/* One entry of totals.by_district (o, at zAt) into the pr_mdistrict pSlot,
 * and "district NNNNNN" into zKey. Returns 0 or -1. */
static int read_district(const reader *r, json_t *o, const char *zAt, void *pSlot, char *zKey)
{
    pr_mdistrict *d = pSlot;
    char zPath[PATH_MAX_LEN];
    json_t *v = member(r, o, zAt, "district", JSON_STRING);
    if (!v) return -1;
    const char *z = json_string_value(v);
    int iCode = 0, bOk = json_string_length(v) == 6;
    for (size_t i = 0; bOk && i < 6; i++) {
        bOk = z[i] >= '0' && z[i] <= '9';
        iCode = iCode * 10 + (z[i] - '0');
    }
    if (!bOk) {
        path_member(zAt, "district", zPath);
        bad(r, zPath, N_("must be a 6-digit code"));
        return -1;
    }
    d->iCode = iCode;
    snprintf(zKey, KEY_MAX_LEN, "district %06d", iCode);
    if (!(v = member(r, o, zAt, "programs", JSON_OBJECT))) return -1;
    path_member(zAt, "programs", zPath);
    if (read_programs(r, v, zPath, d->aProg)) return -1;
    return read_total(r, o, zAt, &d->all);
}

/* Reads one entry of an array into pSlot, and what must not repeat into
 * zKey (KEY_MAX_LEN bytes). Returns 0 or -1. */
typedef int (*read_entry_fn)(const reader *r, json_t *o, const char *zAt, void *pSlot, char *zKey);

/* Reads the array a (at zArray) of objects, with xRead, into a new array of
 * entries of nSize bytes in *paEntry (the caller owns it, after a failure
 * too), counting those read in *pnEntry; no two entries may have the same
 * key. Returns 0 or -1. */
static int read_entries(const reader *r, json_t *a, const char *zArray, size_t nSize, read_entry_fn xRead,
                        void **paEntry, int *pnEntry)
{
    char zAt[PATH_MAX_LEN], zKey[KEY_MAX_LEN];
    int rc = -1;
    size_t n = json_array_size(a);
    json_t *pSeen = json_object();   /* key -> index of the entry */
    if (!pSeen || (n > 0 && !(*paEntry = calloc(n, nSize)))) {
        nomem(r);
        goto cleanup;
    }
    for (size_t k = 0; k < n; k++) {
        snprintf(zAt, sizeof(zAt), "%s[%zu]", zArray, k);
        json_t *o = want(r, json_array_get(a, k), zAt, JSON_OBJECT);
        if (!o || xRead(r, o, zAt, (char *)*paEntry + k * nSize, zKey)) goto cleanup;
        *pnEntry = (int)k + 1;
        json_t *pOld = json_object_get(pSeen, zKey);
        if (pOld) {
            char zMsg[400];
            snprintf(zMsg, sizeof(zMsg), _("lists %.100s twice (also %s[%lld])"), zKey, zArray,
                     (long long)json_integer_value(pOld));
            bad(r, zAt, zMsg);
            goto cleanup;
        }
        if (json_object_set_new(pSeen, zKey, json_integer((json_int_t)k)) != 0) {
            nomem(r);
            goto cleanup;
        }
    }
    rc = 0;
cleanup:
    json_decref(pSeen);
    return rc;
}

/* The whole document: root into *p. Returns 0 or -1. */
static int read_root(const reader *r, json_t *root, pr_manifest *p)
{
    if (!json_is_object(root)) {
        pr_err_set(r->pErr, PR_ERR_MANIFEST, "%s: the top level must be an object, not %s", r->zFile,
                   type_name(json_typeof(root)));
        return -1;
    }
    json_t *v = member(r, root, "", "month", JSON_STRING);
    if (!v) return -1;
    if (json_string_length(v) != 7 || pr_month_parse(json_string_value(v), 7, &p->iMonth)) {
        bad(r, "month", N_("must be YYYY-MM"));
        return -1;
    }
    p->zStatus = "ok";
    if (json_object_get(root, "status")) {
        if (!(v = member(r, root, "", "status", JSON_STRING))) return -1;
        p->zStatus = json_string_value(v);
    }
    if (json_object_get(root, "previous")) {
        json_t *pv = member(r, root, "", "previous", JSON_OBJECT);
        if (!pv) return -1;
        json_t *m = member(r, pv, "previous", "month", JSON_STRING);
        json_t *h = m ? member(r, pv, "previous", "manifest_sha256", JSON_STRING) : NULL;
        if (!h) return -1;
        const char *zM = json_string_value(m), *zH = json_string_value(h);
        if (pr_month_parse(zM, strlen(zM), &p->iPrevMonth) || strlen(zM) != 7) {
            bad(r, "previous.month", N_("must be YYYY-MM"));
            return -1;
        }
        if (strlen(zH) != 64 || strspn(zH, "0123456789abcdef") != 64) {
            bad(r, "previous.manifest_sha256", N_("must be 64 lower-case hex digits"));
            return -1;
        }
        p->bPrev = 1;
        p->zPrevSha = zH;
    }
    void *aEntry = NULL;
    if (!(v = member(r, root, "", "outputs", JSON_ARRAY))) return -1;
    int rc = read_entries(r, v, "outputs", sizeof(*p->aOut), read_output, &aEntry, &p->nOut);
    p->aOut = aEntry;
    if (rc) return -1;
    json_t *t = member(r, root, "", "totals", JSON_OBJECT);
    if (!t) return -1;
    if (!(v = member(r, t, "totals", "by_district", JSON_ARRAY))) return -1;
    aEntry = NULL;
    rc = read_entries(r, v, "totals.by_district", sizeof(*p->aDistrict), read_district, &aEntry, &p->nDistrict);
    p->aDistrict = aEntry;
    if (rc) return -1;
    if (!(v = member(r, t, "totals", "by_program", JSON_OBJECT))) return -1;
    if (read_programs(r, v, "totals.by_program", p->aProg)) return -1;
    return read_total(r, t, "totals", &p->all);
}

pr_error pr_manifest_parse(const char *z, size_t n, const char *zFile, pr_manifest *p, pr_err *pErr)
{
    pr_err e;                 /* this parse's own error, whatever pErr holds */
    reader r = { zFile, &e };
    json_error_t jerr;
    pr_err_init(&e);
    memset(p, 0, sizeof(*p));
    if (n > PR_MANIFEST_MAX_BYTES) {
        pr_err_set(&e, PR_ERR_TOO_BIG, "%s: larger than the %zu MiB allowed", zFile, PR_MANIFEST_MAX_BYTES >> 20);
        goto cleanup;
    }
    p->pDoc = json_loadb(z ? z : "", n, JSON_REJECT_DUPLICATES, &jerr);
    if (!p->pDoc) {
        pr_err_set(&e, PR_ERR_MANIFEST, "%s: line %d, column %d (byte %d): %s", zFile, jerr.line, jerr.column,
                   jerr.position, jerr.text);
        goto cleanup;
    }
    read_root(&r, p->pDoc, p);
cleanup:
    if (e.rc == PR_OK) return PR_OK;
    pr_manifest_clear(p);
    return pr_err_set(pErr, e.rc, "%s", e.zMsg);
}

pr_error pr_manifest_read(const char *zPath, pr_manifest *p, pr_err *pErr)
{
    /* one byte more than allowed tells a file that is too large */
    size_t nCap = PR_MANIFEST_MAX_BYTES + 1, n = 0, k;
    char *z = NULL;
    pr_error rc;
    memset(p, 0, sizeof(*p));
    FILE *f = fopen(zPath, "rb");
    if (!f) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot open: %s", zPath, strerror(errno)); goto cleanup; }
    if (!(z = malloc(nCap))) { rc = pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto cleanup; }
    while (n < nCap && (k = fread(z + n, 1, nCap - n, f)) > 0) n += k;
    if (ferror(f)) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot read: %s", zPath, strerror(errno)); goto cleanup; }
    rc = pr_manifest_parse(z, n, zPath, p, pErr);
cleanup:
    free(z);
    if (f) fclose(f);
    return rc;
}

void pr_manifest_clear(pr_manifest *p)
{
    free(p->aOut);
    free(p->aDistrict);
    json_decref(p->pDoc);
    memset(p, 0, sizeof(*p));
}
