/*
 * fuzz_manifest.c - bytes through the manifest reader
 * (formats/manifest_read.c, Jansson underneath), reading everything it
 * hands out; and, when they make a manifest, through the whole verify of a
 * month folder that holds that manifest.json and a small valid ledger (so
 * that hostile totals reach the comparisons and sums).
 */
#include "tests/fuzz/fuzz.h"
#include "run/verify.h"
#include "formats/manifest_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

/* Sums over what the reader handed out, reading every byte of it; aborts
 * when an entry breaks what the reader promises. */
static size_t walk(const pr_manifest *m)
{
    size_t n = (size_t)m->iMonth + strlen(m->zStatus);
    for (int i = 0; i < m->nOut; i++) {
        const pr_moutput *o = &m->aOut[i];
        if (!o->zName[0] || strchr(o->zName, '/') || strlen(o->zSha) != 64 || o->nBytes < 0) abort();
        n += strlen(o->zName) + (size_t)o->nBytes + (size_t)o->zSha[63];
    }
    for (int i = 0; i < m->nDistrict; i++) {
        const pr_mdistrict *d = &m->aDistrict[i];
        if (d->iCode < 0 || d->iCode > 999999) abort();
        for (int g = 0; g < PROG_COUNT; g++)
            n += (size_t)d->aProg[g].nLines + (size_t)d->aProg[g].nPersons + (size_t)d->aProg[g].nFen;
        n += (size_t)d->all.nFen;
    }
    for (int g = 0; g < PROG_COUNT; g++) n += (size_t)m->aProg[g].nFen;
    return n + (size_t)m->all.nLines;
}

/* A month folder with a two-line ledger, made once. */
static const char *month_dir(void)
{
    static char zMonth[700];
    if (zMonth[0]) return zMonth;
    snprintf(zMonth, sizeof(zMonth), "%s/2023-08", fz_scratch_dir());
    if (mkdir(zMonth, 0755) != 0) { perror(zMonth); exit(2); }
    char zPath[800];
    snprintf(zPath, sizeof(zPath), "%s/ledger.csv.gz", zMonth);
    gzFile g = gzopen(zPath, "wb");
    if (!g) { perror(zPath); exit(2); }
    gzputs(g, "program,beneficiary_id,household_id,person_id,district,area,name,payee,bank,account,amount_fen,basis\n"
              "DIBAO,DB1,DB1,320613199003071235,320613,urban,a,a,b,1,100,x\n"
              "TEKUN,320613199003071235,,320613199003071235,320613,urban,a,a,b,1,250,\"x,y\"\n");
    gzclose(g);
    return zMonth;
}

int pr_fuzz_manifest(const uint8_t *aData, size_t nData)
{
    pr_manifest m;
    pr_err e;
    pr_err_init(&e);
    if (pr_manifest_parse((const char *)aData, nData, "fuzz.json", &m, &e) != PR_OK) {
        /* every failure has a code and a message naming the file */
        if (e.rc == PR_OK || strncmp(e.zMsg, "fuzz.json: ", 11) != 0 || m.pDoc || m.aOut) abort();
        return 0;
    }
    if (walk(&m) == 1) fputc(' ', stderr);
    pr_manifest_clear(&m);
    char zPath[800];
    snprintf(zPath, sizeof(zPath), "%s/manifest.json", month_dir());
    FILE *f = fopen(zPath, "wb");
    if (!f || (nData && fwrite(aData, 1, nData, f) != nData) || fclose(f) != 0) { perror(zPath); exit(2); }
    FILE *pNull = fopen("/dev/null", "w");
    int rc = pr_verify_month(month_dir(), pNull, NULL);
    if (rc != PR_VERIFY_OK && rc != PR_VERIFY_DIFFERS && rc != PR_VERIFY_UNREADABLE) abort();
    if (pNull) fclose(pNull);
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_manifest(aData, nData);
}
#endif
