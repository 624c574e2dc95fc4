/*
 * test_seal.c - privacy and proof as an officer and an auditor meet them
 * (domain.md section 9): the modes of a month folder under any umask,
 * keygen, a bad or foreign signing key, a year of signed and chained months
 * and the three ways of breaking the chain named exactly, a signature with
 * the wrong key, approvals (good, stale after a re-run, refused on a month
 * that does not verify, a forged record). Runs bin/payrun (or $PAYRUN_BIN)
 * from the repository root on samples/.
 */
#include "tests/testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define ROSTERS " --policy samples/policy.csv --dibao samples/dibao-rudong-rugao.csv" \
    " --tekun samples/tekun-dispersed.csv --max-reject-rate 50 --no-progress"

/* The permission bits of tmpdir/zRel, or -1. */
static int mode_of(const char *zRel)
{
    char z[1024];
    struct stat st;
    snprintf(z, sizeof(z), "%s/%s", tu_tmpdir(), zRel);
    return stat(z, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

/* The key pair every test signs with, made once: tmpdir/keys/. */
static const char *keys(void)
{
    static char zDir[600];
    if (!zDir[0]) {
        snprintf(zDir, sizeof(zDir), "%s/keys", tu_tmpdir());
        CU_ASSERT_EQUAL(tu_sh("%s keygen --out %s 2>/dev/null", tu_bin(), zDir), 0);
    }
    return zDir;
}

/* An index with every month from 2022-01 to 2024-12 (the samples' stop at 2023-12). */
static const char *long_index(void)
{
    static char zPath[600];
    if (zPath[0]) return zPath;
    char z[4096];
    size_t n = (size_t)snprintf(z, sizeof(z), "month,cpi,food_cpi,scpi\n");
    for (int y = 2022; y <= 2024; y++)
        for (int m = 1; m <= 12; m++) n += (size_t)snprintf(z + n, sizeof(z) - n, "%d-%02d,1.0,-1.0,\n", y, m);
    snprintf(zPath, sizeof(zPath), "%s", tu_write_str("index-long.csv", z));
    return zPath;
}

/* umask 000 and 022 give 0750 folders and 0640 files; 077 is kept */
static void test_modes(void)
{
    static const struct { const char *zMask; int eDir, eFile; } a[] = {
        { "000", 0750, 0640 }, { "022", 0750, 0640 }, { "077", 0700, 0600 },
    };
    for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
        char zOut[64], zRel[128];
        snprintf(zOut, sizeof(zOut), "modes-%s", a[i].zMask);
        CU_ASSERT_EQUAL(tu_sh("cd . && umask %s && %s run --month 2023-08 --index samples/index.csv" ROSTERS " --out %s/%s 2>/dev/null",
                           a[i].zMask, tu_bin(), tu_tmpdir(), zOut), 0);
        CU_ASSERT_EQUAL(mode_of(zOut), a[i].eDir);
        snprintf(zRel, sizeof(zRel), "%s/2023-08", zOut);
        CU_ASSERT_EQUAL(mode_of(zRel), a[i].eDir);
        static const char *const azFile[] = { "ledger.csv.gz", "exceptions.csv", "manifest.json", "summary.xlsx", "320623-如东县.xlsx" };
        for (int k = 0; k < 5; k++) {
            snprintf(zRel, sizeof(zRel), "%s/2023-08/%s", zOut, azFile[k]);
            CU_ASSERT_EQUAL(mode_of(zRel), a[i].eFile);
        }
    }
}

/* keygen: a private key only its owner reads; never overwritten */
static void test_keygen(void)
{
    char zRel[700];
    snprintf(zRel, sizeof(zRel), "keys/payrun-sign.key");
    keys();
    CU_ASSERT_EQUAL(mode_of(zRel), 0600);
    CU_ASSERT_EQUAL(tu_sh("%s keygen --out %s 2>%s/kg.err", tu_bin(), keys(), tu_tmpdir()), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'payrun-sign.key: cannot create: File exists' %s/kg.err", tu_tmpdir()), 0);
}

/* a public key, a corrupt PEM, an RSA key as --sign-key: exit 2 naming the
 * file, and no month written */
static void test_bad_sign_key(void)
{
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL(tu_sh("head -c 60 %s/payrun-sign.key > %s/cut.key && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out %s/rsa.key 2>/dev/null",
                       keys(), zT, zT), 0);
    static const char *const azKey[][2] = {
        { "keys/payrun-sign.pub", "not a PEM private key" },
        { "cut.key", "not a PEM private key, or a corrupt one" },
        { "rsa.key", "is not an Ed25519 key" },
        { "no-such.key", "cannot read the key" },
    };
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(tu_sh("%s run --month 2023-08 --index samples/index.csv" ROSTERS " --out %s/badkey --sign-key %s/%s 2>%s/bk.err",
                           tu_bin(), zT, zT, azKey[i][0], zT), 2);
        CU_ASSERT_EQUAL(tu_sh("grep -q '%s' %s/bk.err && grep -q '%s' %s/bk.err", azKey[i][0], zT, azKey[i][1], zT), 0);
        CU_ASSERT_EQUAL(mode_of("badkey/2023-08"), -1);
    }
}

/* Runs 12 signed, chained months into tmpdir/year (once); 0 or -1. */
static int run_year(void)
{
    static int rc = 1;
    if (rc != 1) return rc;
    rc = 0;
    char zPrev[700] = "";
    for (int i = 0; i < 12 && !rc; i++) {
        int y = 2023 + (6 + i) / 12, m = (6 + i) % 12 + 1;
        if (tu_sh("%s run --month %d-%02d --index %s" ROSTERS " --out %s/year %s --sign-key %s/payrun-sign.key 2>/dev/null >/dev/null",
               tu_bin(), y, m, long_index(), tu_tmpdir(), zPrev, keys())) rc = -1;
        snprintf(zPrev, sizeof(zPrev), "--prev %s/year/%d-%02d", tu_tmpdir(), y, m);
    }
    return rc;
}

/* verify --chain on a copy of the year, broken by zBreak (a shell command
 * run in the copy); returns the exit status, the output in tmpdir/chain.out */
static int chain_after(const char *zBreak)
{
    const char *zT = tu_tmpdir();
    tu_sh("rm -rf %s/yc && cp -a %s/year %s/yc", zT, zT, zT);
    tu_sh("cd %s/yc && %s", zT, zBreak);
    return tu_sh("%s verify --chain %s/yc --pubkey %s/payrun-sign.pub > %s/chain.out 2>/dev/null", tu_bin(), zT, keys(), zT);
}

/* Whether tmpdir/chain.out is exactly the lines zWant. */
static int chain_says(const char *zWant)
{
    char z[700];
    snprintf(z, sizeof(z), "%s/chain.out", tu_tmpdir());
    char *zGot = tu_read(z);
    int bOk = zGot && strcmp(zGot, zWant) == 0;
    if (!bOk) fprintf(stderr, "\nchain said:\n%s\nwanted:\n%s\n", zGot ? zGot : "(nothing)", zWant);
    free(zGot);
    return bOk;
}

static void test_year_chain(void)
{
    CU_ASSERT_EQUAL_FATAL(run_year(), 0);
    CU_ASSERT_EQUAL(chain_after("true"), 0);
    char z[700];
    snprintf(z, sizeof(z), "%s/yc: 12 months, 2023-07 to 2024-06: the chain holds\n", tu_tmpdir());
    CU_ASSERT(chain_says(z));
    /* one byte of month 7's ledger */
    CU_ASSERT_EQUAL(chain_after("printf '\\001' | dd of=2024-01/ledger.csv.gz bs=1 seek=100 conv=notrunc 2>/dev/null"), 3);
    snprintf(z, sizeof(z), "2024-01: changed: 2 differences from its manifest (payrun verify %s/yc/2024-01 names them)\n", tu_tmpdir());
    CU_ASSERT(chain_says(z));
    /* month 5 deleted */
    CU_ASSERT_EQUAL(chain_after("rm -rf 2023-11"), 3);
    snprintf(z, sizeof(z), "2023-11: missing from the chain: 2023-12 follows it, but no folder of %s/yc holds it\n", tu_tmpdir());
    CU_ASSERT(chain_says(z));
    /* months 3 and 4 swapped */
    CU_ASSERT_EQUAL(chain_after("mv 2023-09 x && mv 2023-10 2023-09 && mv x 2023-10"), 3);
    CU_ASSERT(chain_says("2023-09: out of order: the folder holds the month 2023-10\n"
                         "2023-10: out of order: the folder holds the month 2023-09\n"));
    /* a month folder from another DIR: the year's own month 3 run again elsewhere */
    CU_ASSERT_EQUAL(tu_sh("%s run --month 2023-09 --index %s" ROSTERS " --out %s/other --sign-key %s/payrun-sign.key 2>/dev/null",
                       tu_bin(), long_index(), tu_tmpdir(), keys()), 0);
    snprintf(z, sizeof(z), "rm -rf 2023-09 && cp -a %s/other/2023-09 .", tu_tmpdir());
    CU_ASSERT_EQUAL(chain_after(z), 3);
    CU_ASSERT_EQUAL(tu_sh("grep -q '^2023-09: chain broken: signed without a link' %s/chain.out", tu_tmpdir()), 0);
    /* a month's signature removed */
    CU_ASSERT_EQUAL(chain_after("rm 2024-03/manifest.sig"), 3);
    CU_ASSERT(chain_says("2024-03: unsigned in a chain of signed months\n"));
}

/* the wrong public key: exit 3, naming the month */
static void test_wrong_key(void)
{
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(run_year(), 0);
    CU_ASSERT_EQUAL(tu_sh("%s keygen --out %s/other-keys 2>/dev/null", tu_bin(), zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s verify %s/year/2023-08 --pubkey %s/payrun-sign.pub > %s/wk.out 2>/dev/null", tu_bin(), zT, keys(), zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s verify %s/year/2023-08 --pubkey %s/other-keys/payrun-sign.pub > %s/wk.out 2>/dev/null", tu_bin(), zT, zT, zT), 3);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'year/2023-08: the signature does not match' %s/wk.out", zT), 0);
}

/* approvals: good, stale after a re-run, refused on a changed month, forged */
static void test_approvals(void)
{
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(tu_sh("%s run --month 2023-08 --index samples/index.csv" ROSTERS " --out %s/ap --force 2>/dev/null >/dev/null",
                             tu_bin(), zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s approve %s/ap/2023-08 --as 张三 --role 审核 --key %s/payrun-sign.key 2>/dev/null", tu_bin(), zT, keys()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s approve %s/ap/2023-08 --as 李四 --role 审批 --key %s/payrun-sign.key 2>/dev/null", tu_bin(), zT, keys()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s approve %s/ap/2023-08 --as 王五 --role 批准 --key %s/payrun-sign.key 2>/dev/null", tu_bin(), zT, keys()), 1);
    CU_ASSERT_EQUAL(tu_sh("%s verify %s/ap/2023-08 --approver-key %s/payrun-sign.pub > %s/ap.out 2>/dev/null", tu_bin(), zT, keys(), zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -c 'signature good$' %s/ap.out | grep -qx 2", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q '审核 张三' %s/ap.out && grep -q '审批 李四' %s/ap.out", zT, zT), 0);
    /* without the key the approvals are listed, not checked */
    CU_ASSERT_EQUAL(tu_sh("%s verify %s/ap/2023-08 2>/dev/null | grep -c 'not checked' | grep -qx 2", tu_bin(), zT), 0);
    /* re-run with another roster: the approvals are kept, and stale */
    CU_ASSERT_EQUAL(tu_sh("%s run --month 2023-08 --index samples/index.csv --policy samples/policy.csv --dibao samples/dibao-rudong-rugao.csv"
                       " --max-reject-rate 50 --no-progress --out %s/ap --force 2>/dev/null >/dev/null", tu_bin(), zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s verify %s/ap/2023-08 --approver-key %s/payrun-sign.pub > %s/ap.out 2>/dev/null", tu_bin(), zT, keys(), zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -c 'stale' %s/ap.out | grep -qx 2", zT), 0);
    /* a forged name in a signed record */
    CU_ASSERT_EQUAL(tu_sh("sed -i '1s/张三/赵六/' %s/ap/2023-08/approvals.jsonl", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s verify %s/ap/2023-08 --approver-key %s/payrun-sign.pub > %s/ap.out 2>/dev/null", tu_bin(), zT, keys(), zT), 3);
    CU_ASSERT_EQUAL(tu_sh("grep -q '赵六: the signature does not match' %s/ap.out", zT), 0);
    /* a month that does not verify is not approved */
    CU_ASSERT_EQUAL(tu_sh("printf x >> %s/ap/2023-08/exceptions.csv && cp %s/ap/2023-08/approvals.jsonl %s/ap.before", zT, zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s approve %s/ap/2023-08 --as 张三 --role 审批 --key %s/payrun-sign.key 2>%s/ap.err", tu_bin(), zT, keys(), zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q 'refused: the month does not match its manifest' %s/ap.err", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("cmp -s %s/ap/2023-08/approvals.jsonl %s/ap.before", zT, zT), 0);
}

int suite_seal(void)
{
    CU_pSuite s = CU_add_suite("seal", NULL, NULL);
    if (!s) return -1;
    static const struct { const char *zName; void (*x)(void); } a[] = {
        { "modes under any umask", test_modes },
        { "keygen", test_keygen },
        { "bad signing keys", test_bad_sign_key },
        { "a year of chained months, broken three ways", test_year_chain },
        { "the wrong public key", test_wrong_key },
        { "approvals", test_approvals },
    };
    for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++)
        if (!CU_add_test(s, a[i].zName, a[i].x)) return -1;
    return 0;
}
