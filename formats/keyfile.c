/*
 * keyfile.c - the key and facts files of a sharded month (keyfile.h):
 * writing a shard's keys, the header and entry lines, and reading the facts
 * into the other shards' records (model/global.h).
 */
#include "formats/keyfile.h"
#include "io/bigmem.h"
#include "io/keysort.h"
#include "io/linemerge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* ---- lines ------------------------------------------------------------- */

/* The place of a roster's name among the names in byte order, so that the
 * entries sorted by it come out sorted as lines. */
static int name_rank(pr_roster e)
{
    int n = 0;
    for (int k = 0; k < ROSTER_COUNT; k++) n += strcmp(pr_roster_name((pr_roster)k), pr_roster_name(e)) < 0;
    return n;
}

/* Appends n bytes of z to the buffer, growing it. 0 or -1. */
static int put(char **pz, size_t *pnCap, size_t *pnLen, const char *z, size_t n)
{
    if (*pnLen + n + 1 > *pnCap) {
        size_t nNew = *pnCap ? *pnCap : 256;
        while (*pnLen + n + 1 > nNew) nNew *= 2;
        char *zNew = realloc(*pz, nNew);
        if (!zNew) return -1;
        *pz = zNew;
        *pnCap = nNew;
    }
    memcpy(*pz + *pnLen, z, n);
    *pnLen += n;
    (*pz)[*pnLen] = 0;
    return 0;
}

/* Appends a TAB (unless bFirst) and field z, escaped. 0 or -1. */
static int put_field(char **pz, size_t *pnCap, size_t *pnLen, const char *z, int bFirst)
{
    if (!bFirst && put(pz, pnCap, pnLen, "\t", 1)) return -1;
    for (; *z; z++) {
        const char *zEsc = *z == '\t' ? "\\t" : *z == '\n' ? "\\n" : *z == '\r' ? "\\r" : *z == '\\' ? "\\\\" : NULL;
        if (put(pz, pnCap, pnLen, zEsc ? zEsc : z, zEsc ? 2 : 1)) return -1;
    }
    return 0;
}

int pr_keyent_format(const pr_keyent *e, char **pz, size_t *pnCap, size_t *pnLen)
{
    char zRank[16], zLine[16], zDistrict[16];
    snprintf(zRank, sizeof(zRank), "%08u", e->iRank);
    snprintf(zLine, sizeof(zLine), "%010u", e->iLine);
    snprintf(zDistrict, sizeof(zDistrict), "%d", e->iDistrict);
    if (put_field(pz, pnCap, pnLen, e->zId, 1) || put_field(pz, pnCap, pnLen, pr_roster_name(e->eRoster), 0)
        || put_field(pz, pnCap, pnLen, zRank, 0) || put_field(pz, pnCap, pnLen, zLine, 0)
        || put_field(pz, pnCap, pnLen, zDistrict, 0) || put_field(pz, pnCap, pnLen, pr_status_name(e->eStatus), 0)
        || put_field(pz, pnCap, pnLen, e->zHousehold, 0) || put_field(pz, pnCap, pnLen, e->zWhere, 0)
        || (e->zShard && put_field(pz, pnCap, pnLen, e->zShard, 0)))
        return -1;
    return put(pz, pnCap, pnLen, "\n", 1);
}

/* Unescapes field z in place. 0, or -1 on a bad escape. */
static int unescape(char *z)
{
    char *o = z;
    for (; *z; z++) {
        if (*z != '\\') { *o++ = *z; continue; }
        z++;
        if (*z == 't') *o++ = '\t';
        else if (*z == 'n') *o++ = '\n';
        else if (*z == 'r') *o++ = '\r';
        else if (*z == '\\') *o++ = '\\';
        else return -1;
    }
    *o = 0;
    return 0;
}

/* A number of exactly nDigit digits (any count when nDigit is 0), at most
 * nMax, into *pv. 0 or -1. */
static int parse_uint(const char *z, size_t nDigit, uint64_t nMax, uint64_t *pv)
{
    size_t n = strlen(z);
    if (n == 0 || n > 10 || (nDigit && n != nDigit)) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (z[i] < '0' || z[i] > '9') return -1;
        v = v * 10 + (uint64_t)(z[i] - '0');
    }
    if (v > nMax) return -1;
    *pv = v;
    return 0;
}

/* Whether z is 17 digits and a check character 0-9 or X. */
static int id_ok(const char *z)
{
    if (strlen(z) != 18) return 0;
    for (int i = 0; i < 17; i++) if (z[i] < '0' || z[i] > '9') return 0;
    return (z[17] >= '0' && z[17] <= '9') || z[17] == 'X';
}

int pr_keyent_parse(char *z, int bFacts, pr_keyent *e, const char **pzWhy)
{
    enum { F_ID, F_ROSTER, F_RANK, F_LINE, F_DISTRICT, F_STATUS, F_HOUSE, F_WHERE, F_SHARD, F_MAX };
    char *az[F_MAX];
    int nWant = bFacts ? F_MAX : F_SHARD, n = 0;
    az[n++] = z;
    for (char *p = z; *p; p++) {
        if (*p != '\t') continue;
        if (n == nWant) { *pzWhy = "too many fields"; return -1; }
        *p = 0;
        az[n++] = p + 1;
    }
    if (n != nWant) { *pzWhy = "too few fields"; return -1; }
    for (int i = 0; i < n; i++)
        if (unescape(az[i])) { *pzWhy = "a bad escape (only \\t, \\n, \\r and \\\\)"; return -1; }
    memset(e, 0, sizeof(*e));
    uint64_t v;
    if (!id_ok(az[F_ID])) { *pzWhy = "the id is not 17 digits and a check character"; return -1; }
    e->zId = az[F_ID];
    int k = 0;
    while (k < ROSTER_COUNT && strcmp(az[F_ROSTER], pr_roster_name((pr_roster)k)) != 0) k++;
    if (k == ROSTER_COUNT) { *pzWhy = "unknown roster"; return -1; }
    e->eRoster = (pr_roster)k;
    if (parse_uint(az[F_RANK], 8, (1u << 24) - 1, &v)) { *pzWhy = "the rank is not 8 digits below 2^24"; return -1; }
    e->iRank = (uint32_t)v;
    if (parse_uint(az[F_LINE], 10, UINT32_MAX, &v)) { *pzWhy = "the line is not 10 digits"; return -1; }
    e->iLine = (uint32_t)v;
    if (parse_uint(az[F_DISTRICT], 0, 999999, &v)) { *pzWhy = "the district is not a code of at most 6 digits"; return -1; }
    e->iDistrict = (int32_t)v;
    int s = ST_PAID;
    while (s < ST_REJECTED && strcmp(az[F_STATUS], pr_status_name((pr_status)s)) != 0) s++;
    if (s == ST_REJECTED) { *pzWhy = "the status is not PAID, HELD or INELIGIBLE"; return -1; }
    e->eStatus = (pr_status)s;
    e->zHousehold = az[F_HOUSE];
    if ((e->eRoster == ROSTER_DIBAO) != (e->zHousehold[0] != 0)) { *pzWhy = "a household id belongs to DIBAO entries only, and each has one"; return -1; }
    e->zWhere = az[F_WHERE];
    e->zShard = bFacts ? az[F_SHARD] : NULL;
    if (bFacts && !e->zShard[0]) { *pzWhy = "the shard is empty"; return -1; }
    return 0;
}

int pr_keyfile_header(const char *z, int bFacts, char *zMonth, char *zShard, size_t nShard, const char **pzWhy)
{
    const char *zKind = bFacts ? "payrun-facts\t" : "payrun-keys\t";
    size_t n = strlen(zKind);
    if (strncmp(z, zKind, n) != 0) { *pzWhy = bFacts ? "not a facts file (no payrun-facts header)" : "not a key file (no payrun-keys header)"; return -1; }
    z += n;
    char zVer[16];
    snprintf(zVer, sizeof(zVer), "%d\tmonth=", PR_KEYFILE_VERSION);
    if (strncmp(z, zVer, strlen(zVer)) != 0) { *pzWhy = "an unknown format version (this payrun reads version 1)"; return -1; }
    z += strlen(zVer);
    for (int i = 0; i < 7; i++)
        if (!z[i] || (i == 4 ? z[i] != '-' : (z[i] < '0' || z[i] > '9'))) { *pzWhy = "the month is not YYYY-MM"; return -1; }
    memcpy(zMonth, z, 7);
    zMonth[7] = 0;
    z += 7;
    if (bFacts) {
        if (*z) { *pzWhy = "the header goes on past the month"; return -1; }
        return 0;
    }
    if (strncmp(z, "\tshard=", 7) != 0 || !z[7]) { *pzWhy = "the header names no shard"; return -1; }
    z += 7;
    size_t nName = strlen(z);
    if (nName >= nShard || strchr(z, '\t') || strchr(z, '\\')) { *pzWhy = "the shard name is too long or holds a TAB or backslash"; return -1; }
    memcpy(zShard, z, nName + 1);
    return 0;
}

/* ---- writing a shard's keys ---------------------------------------------- */

/* Whether the record takes part in the cross-record rules (conflicts.c's
 * test): not rejected, and for DIBAO in a household that is not. */
static int key_valid(const pr_batch *p, const pr_record *r)
{
    if (r->bRejected || !r->iKey) return 0;
    if (r->eRoster == ROSTER_DIBAO) return r->iLink >= 0 && p->aHouse[r->iLink].eStatus != ST_REJECTED;
    return 1;
}

/* The valid records sorted as the lines will be, into *paKey (the
 * caller's, free()) and *pn. PR_OK or PR_ERR_NOMEM. */
static pr_error sorted_records(const pr_batch *p, pr_sortkey **paKey, size_t *pn)
{
    size_t n = 0, m = 0;
    for (int k = 0; k < ROSTER_COUNT; k++) n += (size_t)p->anRec[k];
    pr_sortkey *a = pr_big_malloc((n + 1) * sizeof(*a));
    if (!a) return PR_ERR_NOMEM;
    for (int k = 0; k < ROSTER_COUNT; k++) {
        for (int i = 0; i < p->anRec[k]; i++) {
            const pr_record *r = p->apRec[k][i];
            if (!key_valid(p, r)) continue;
            a[m].k0 = r->iKey;   /* the packed ID's order is its bytes' */
            a[m].k1 = (uint64_t)name_rank((pr_roster)k) << 56 | (uint64_t)p->aInput[r->iFile].iRank << 32 | r->iLine;
            a[m++].v = (uintptr_t)r;
        }
    }
    if (pr_keysort(a, m, NULL, NULL)) { free(a); return PR_ERR_NOMEM; }
    *paKey = a;
    *pn = m;
    return PR_OK;
}

pr_error pr_keyfile_write(const pr_batch *p, const char *zPath, const char *zShard, pr_err *pErr)
{
    pr_error rc = PR_OK;
    pr_sortkey *aKey = NULL;
    size_t nKey = 0, nCap = 0, nLen = 0;
    char *zBuf = NULL, zMonth[8];
    gzFile gz = NULL;
    if (sorted_records(p, &aKey, &nKey)) { rc = pr_err_nomem(pErr, "sorting the keys"); goto cleanup; }
    if (!(gz = gzopen(zPath, "wb6"))) { rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot create the key file", zPath); goto cleanup; }
    snprintf(zMonth, sizeof(zMonth), "%04d-%02d", p->iMonth / 12, p->iMonth % 12 + 1);
    if (gzprintf(gz, "payrun-keys\t%d\tmonth=%s\tshard=%s\n", PR_KEYFILE_VERSION, zMonth, zShard) <= 0) goto write_error;
    for (size_t i = 0; i < nKey; i++) {
        const pr_record *r = (const pr_record *)(uintptr_t)aKey[i].v;
        const pr_input *in = &p->aInput[r->iFile];
        char zWhere[4200];
        snprintf(zWhere, sizeof(zWhere), "%s:%u", in->zShown ? in->zShown : in->zPath, r->iLine);
        pr_keyent e = { r->zId, (pr_roster)r->eRoster, in->iRank, r->iLine, r->iDistrict, (pr_status)r->aStatus[0],
                        r->eRoster == ROSTER_DIBAO ? r->zHousehold : "", zWhere, NULL };
        if (e.eStatus == ST_REJECTED) e.eStatus = ST_INELIGIBLE;   /* not reached: the valid records only */
        if (pr_keyent_format(&e, &zBuf, &nCap, &nLen)) { rc = pr_err_nomem(pErr, "writing the keys"); goto cleanup; }
        if (nLen >= 1 << 16 || i + 1 == nKey) {
            if (gzwrite(gz, zBuf, (unsigned)nLen) != (int)nLen) goto write_error;
            nLen = 0;
        }
    }
    int rcClose = gzclose(gz);
    gz = NULL;
    if (rcClose != Z_OK) goto write_error;
    goto cleanup;
write_error:
    rc = pr_err_set(pErr, PR_ERR_IO, "%s: cannot write the key file", zPath);
cleanup:
    if (gz) gzclose(gz);
    if (rc) unlink(zPath);
    free(aKey);
    free(zBuf);
    return rc;
}

/* ---- reading the facts ------------------------------------------------------ */

pr_error pr_facts_read(const char *zPath, const char *zMonth, const char *zShard, pr_global *g, pr_err *pErr)
{
    pr_error rc = PR_OK;
    const char *z, *zWhy;
    char zFileMonth[8], *zCopy = NULL;
    pr_linefile *f = pr_linefile_open(zPath, pErr);
    if (!f) return pErr->rc;
    int r = pr_linefile_next(f, &z, pErr);
    if (r < 0) { rc = pErr->rc; goto cleanup; }
    if (r == 0) { rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: empty: no header line", zPath); goto cleanup; }
    if (pr_keyfile_header(z, 1, zFileMonth, NULL, 0, &zWhy)) { rc = pr_err_set(pErr, PR_ERR_HEADER, "%s:1: %s", zPath, zWhy); goto cleanup; }
    if (strcmp(zFileMonth, zMonth) != 0) {
        rc = pr_err_set(pErr, PR_ERR_HEADER, "%s:1: the facts are of %s, not of the month %s", zPath, zFileMonth, zMonth);
        goto cleanup;
    }
    size_t nCap = 0;
    while ((r = pr_linefile_next(f, &z, pErr)) > 0) {
        size_t n = strlen(z) + 1;
        if (n > nCap) {
            free(zCopy);
            if (!(zCopy = malloc(nCap = n))) { rc = pr_err_nomem(pErr, "reading the facts"); goto cleanup; }
        }
        memcpy(zCopy, z, n);
        pr_keyent e;
        if (pr_keyent_parse(zCopy, 1, &e, &zWhy)) {
            rc = pr_err_set(pErr, PR_ERR_CSV, "%s:%u: %s", zPath, pr_linefile_lineno(f), zWhy);
            goto cleanup;
        }
        if (strcmp(e.zShard, zShard) == 0) continue;   /* this shard's own record: it has it */
        if (pr_global_add(g, e.zId, e.eRoster, e.iRank, e.iLine, e.iDistrict, e.eStatus, e.zHousehold, e.zWhere)) {
            rc = pr_err_nomem(pErr, "reading the facts");
            goto cleanup;
        }
    }
    if (r < 0) rc = pErr->rc;
cleanup:
    free(zCopy);
    pr_linefile_free(f);
    return rc;
}
