/*
 * fuzz_seal.c - bytes through the readers of a signed month's extra files
 * (engine/run/seal.c): the input's first line becomes manifest.sig and the
 * rest approvals.jsonl of a month folder with a fixed manifest.json; the
 * signature is checked, and every approval is parsed and checked, with a
 * key pair made once. Neither may crash, leak, or call a forged signature
 * good.
 */
#include "tests/fuzz/fuzz.h"
#include "run/seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static pr_sigkey *pKey;                 /* the public key, made once */

/* A month folder with a manifest.json, and the key pair, made once. */
static const char *month_dir(void)
{
    static char zMonth[700];
    if (zMonth[0]) return zMonth;
    char zPriv[800], zPub[800], zPath[800];
    snprintf(zMonth, sizeof(zMonth), "%s/seal-2023-08", fz_scratch_dir());
    snprintf(zPriv, sizeof(zPriv), "%s/k.key", fz_scratch_dir());
    snprintf(zPub, sizeof(zPub), "%s/k.pub", fz_scratch_dir());
    snprintf(zPath, sizeof(zPath), "%s/manifest.json", zMonth);
    FILE *f = NULL;
    if (mkdir(zMonth, 0755) != 0 || pr_sigkey_generate(zPriv, zPub, NULL) != PR_OK
        || !(pKey = pr_sigkey_load(zPub, 0, NULL)) || !(f = fopen(zPath, "wb"))) { perror(zMonth); exit(2); }
    fputs("{\"month\": \"2023-08\", \"outputs\": [], \"totals\": {\"by_district\": [], \"by_program\": {}}}\n", f);
    fclose(f);
    return zMonth;
}

static void put(const char *zDir, const char *zName, const uint8_t *a, size_t n)
{
    char zPath[800];
    snprintf(zPath, sizeof(zPath), "%s/%s", zDir, zName);
    FILE *f = fopen(zPath, "wb");
    if (!f || (n && fwrite(a, 1, n, f) != n) || fclose(f) != 0) { perror(zPath); exit(2); }
}

int pr_fuzz_seal(const uint8_t *aData, size_t nData)
{
    const char *zDir = month_dir();
    const uint8_t *pNl = memchr(aData, '\n', nData);
    size_t nSig = pNl ? (size_t)(pNl - aData) + 1 : nData;
    put(zDir, PR_SIG_FILE, aData, nSig);
    put(zDir, PR_APPROVALS_FILE, aData + nSig, nData - nSig);
    FILE *pNull = fopen("/dev/null", "w");
    /* no one holds the private key's signature of this manifest: never good */
    if (pr_seal_check(zDir, pKey, pNull) == 0) abort();
    pr_sigkey *apKey[1] = { pKey };
    int rc = pr_seal_approvals(zDir, apKey, 1, pNull, NULL);
    if (rc != 0 && rc != 3 && rc != 2) abort();
    if (pNull) fclose(pNull);
    return 0;
}

#ifdef PR_FUZZING
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData)
{
    return pr_fuzz_seal(aData, nData);
}
#endif
