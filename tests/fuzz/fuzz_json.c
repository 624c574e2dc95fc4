/*
 * fuzz_json.c - bytes through the JSON reader (formats/json.c), walking
 * every value it returns; through the manifest reader on top of it; and,
 * when they make a manifest, through the whole verify of a month folder
 * that holds that manifest.json and a small valid ledger (so that hostile
 * totals reach the comparisons and sums).
 */
#include "tests/fuzz/fuzz.h"
#include "run/verify.h"
#include "formats/json.h"
#include "formats/manifest_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

/* Sums over a value and everything in it, reading every byte handed out. */
static size_t walk(const pr_json *v)
{
    size_t n = (size_t)v->eType + (size_t)v->i;
    if (v->eType == JSON_STRING) {
        if (v->z[v->n] != 0 || strlen(v->z) != v->n) abort();   /* NUL-terminated, no NUL inside */
        n += v->n;
    }
    if (v->zKey) n += strlen(v->zKey) + v->nKey;
    for (int k = 0; k < v->nKid; k++) n += walk(&v->aKid[k]);
    return n;
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

int pr_fuzz_json(const uint8_t *aData, size_t nData)
{
    char zErr[512];
    pr_json_doc *d = pr_json_parse((const char *)aData, nData, NULL, zErr, sizeof(zErr));
    if (d) {
        if (walk(pr_json_root(d)) == 1) fputc(' ', stderr);
        pr_json_free(d);
    } else if (!zErr[0]) {
        abort();   /* every failure has a message */
    }
    pr_json_limits lim = { 4096, 3, 50 };
    d = pr_json_parse((const char *)aData, nData, &lim, zErr, sizeof(zErr));
    pr_json_free(d);
    pr_manifest m;
    if (pr_manifest_parse((const char *)aData, nData, &m, zErr, sizeof(zErr)) == 0) {
        pr_manifest_clear(&m);
        char zPath[800];
        snprintf(zPath, sizeof(zPath), "%s/manifest.json", month_dir());
        FILE *f = fopen(zPath, "wb");
        if (!f || (nData && fwrite(aData, 1, nData, f) != nData) || fclose(f) != 0) { perror(zPath); exit(2); }
        FILE *pNull = fopen("/dev/null", "w");
        int rc = pr_verify_month(month_dir(), pNull, zErr, sizeof(zErr));
        if (rc != PR_VERIFY_OK && rc != PR_VERIFY_DIFFERS && rc != PR_VERIFY_UNREADABLE) abort();
        if (pNull) fclose(pNull);
    }
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_json(aData, nData);
}
#endif
