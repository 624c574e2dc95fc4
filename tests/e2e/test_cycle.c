/*
 * test_cycle.c - the payment cycle across months (domain.md section 8,
 * docs/RULES.md "The payment cycle") end to end: bin/payrun (or
 * $PAYRUN_BIN) run month after month on tiny generated rosters (TEKUN
 * dispersed, ORPHAN) with samples/policy.csv and samples/index.csv, bank
 * returns and adjustments written by the test. Each bad input is checked
 * for its exit code, its finding (file, line, code, message) and that no
 * month already paid is touched.
 *
 * Each test works in its own folder tmpdir/cyc-<name>/ and runs payrun
 * there (relative paths, so that two chains in two folders are byte for
 * byte comparable): policy.csv, index.csv, the rosters, out/YYYY-MM/.
 *
 * Each case that once found an engine bug (closed register rows made the
 * next month not payable; verify counted persons on REISSUE and BACKPAY
 * lines; changes.csv summed every line of a beneficiary; a lower-case x
 * passed the double-payment guard; qsort of an empty array under UBSan)
 * keeps its test, marked "once an engine bug" where it stands.
 */
#include "tests/testutil.h"
#include "tests/batchutil.h"
#include "io/csv.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


/* ---- the case folder --------------------------------------------------------- */

static char gzCase[700];        /* the current test's folder */
static char gzBin[PATH_MAX];    /* payrun, absolute */

/* A path (or any text) in a ring of 32 buffers. */
static const char *fmt(const char *zFmt, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *zFmt, ...)
{
    static char aRing[256][1200];
    static int iNext;
    char *z = aRing[iNext++ % 256];
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(z, sizeof(aRing[0]), zFmt, ap);
    va_end(ap);
    return z;
}

#define P(...) fmt("%s/%s", gzCase, fmt(__VA_ARGS__))

/* Writes zText to the case folder's zFile. */
static void put(const char *zFile, const char *zText)
{
    FILE *f = fopen(P("%s", zFile), "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(zText, f);
    fclose(f);
}

/* A fresh case folder with the sample policy (plus zPolicyExtra rows at its
 * end, from line 75) and index. */
static void begin(const char *zName, const char *zPolicyExtra)
{
    if (!gzBin[0] && !realpath(tu_bin(), gzBin)) snprintf(gzBin, sizeof(gzBin), "%s", tu_bin());
    snprintf(gzCase, sizeof(gzCase), "%s/cyc-%s", tu_tmpdir(), zName);
    CU_ASSERT_EQUAL_FATAL(tu_sh("rm -rf '%s' && mkdir -p '%s' && cp samples/policy.csv samples/index.csv '%s'/", gzCase, gzCase,
                                gzCase), 0);
    if (zPolicyExtra) {
        FILE *f = fopen(P("policy.csv"), "ab");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fputs(zPolicyExtra, f);
        fclose(f);
    }
}

/* Runs month zMonth into zOut (of the case folder) with --prev zOut/zPrev
 * when zPrev is given, and the further arguments zArgs; stdout and stderr
 * into last.out and last.err. Returns the exit status. */
static int run_in(const char *zOut, const char *zMonth, const char *zPrev, const char *zArgs)
{
    return tu_sh("cd '%s' && '%s' run --month %s --policy policy.csv --index index.csv --out %s%s%s%s %s --no-progress"
                 " >last.out 2>last.err",
                 gzCase, gzBin, zMonth, zOut, zPrev ? " --prev " : "", zPrev ? zOut : "", zPrev ? fmt("/%s", zPrev) : "",
                 zArgs);
}

static int run(const char *zMonth, const char *zPrev, const char *zArgs) { return run_in("out", zMonth, zPrev, zArgs); }

/* Whether a equals b, neither NULL (a run that failed leaves no ledger to
 * read a field from); says which when not. */
static int str_eq(const char *a, const char *b)
{
    if (a && b && strcmp(a, b) == 0) return 1;
    fprintf(stderr, "\n[%s] '%s' is not '%s'\n", gzCase, a ? a : "(none)", b ? b : "(none)");
    return 0;
}

static const char *or_none(const char *z) { return z ? z : ""; }

#define CU_ASSERT_STR(a, b) CU_ASSERT_TRUE(str_eq((a), (b)))

/* Whether the case folder's zFile exists. */
static int exists(const char *zFile)
{
    struct stat st;
    return stat(P("%s", zFile), &st) == 0;
}

/* Whether last.err holds zText. */
static int err_has(const char *zText)
{
    char *z = tu_read(P("last.err"));
    int b = z && strstr(z, zText) != NULL;
    if (!b) fprintf(stderr, "\n[%s] last.err lacks '%s': %s\n", gzCase, zText, z ? z : "(none)");
    free(z);
    return b;
}

/* Copies out/zMonth aside, to compare after a later run. */
static void snap(const char *zMonth)
{
    CU_ASSERT_EQUAL(tu_sh("cd '%s' && rm -rf snap-%s && cp -a out/%s snap-%s", gzCase, zMonth, zMonth, zMonth), 0);
}

/* Whether out/zMonth is byte for byte what snap() saw. */
static int unchanged(const char *zMonth)
{
    return tu_sh("cd '%s' && diff -r snap-%s out/%s >/dev/null", gzCase, zMonth, zMonth) == 0;
}

/* ---- people ----------------------------------------------------------------- */

/* Person i's ID (born 1940-01-01, district 320613) and account i. */
static const char *ID(int i)
{
    static char a[1000][19];
    if (!a[i][0]) snprintf(a[i], sizeof(a[i]), "%s", tb_id("19400101", i));
    return a[i];
}

static const char *ACC(int i)
{
    static char a[1000][20];
    if (!a[i][0]) snprintf(a[i], sizeof(a[i]), "%s", tb_account(i));
    return a[i];
}

/* A TEKUN (dispersed, self-care) roster zFile of the people in zSpec:
 * tokens "N" (person N, account N, 320613 urban), "N@K" (account K),
 * "N#DDDDDD" (district DDDDDD). */
static void tekun(const char *zFile, const char *zSpec)
{
    char zText[16384], zTok[64];
    size_t n = (size_t)snprintf(zText, sizeof(zText),
                                "id_number,name,district,area,town,village,support_mode,care_level,bank,account,payee\n");
    for (const char *s = zSpec; *s;) {
        while (*s == ' ') s++;
        if (!*s) break;
        size_t k = strcspn(s, " ");
        snprintf(zTok, sizeof(zTok), "%.*s", (int)k, s);
        s += k;
        int i = (int)strtol(zTok, NULL, 10), iAcc = i;
        const char *zDistrict = "320613", *z;
        if ((z = strchr(zTok, '@'))) iAcc = (int)strtol(z + 1, NULL, 10);
        if ((z = strchr(zTok, '#'))) zDistrict = fmt("%.6s", z + 1);
        n += (size_t)snprintf(zText + n, sizeof(zText) - n, "%s,测试%d,%s,urban,和平桥街道,八仙城社区,dispersed,self,中国银行,%s,\n",
                              ID(i), i, zDistrict, ACC(iAcc));
    }
    put(zFile, zText);
}

/* ---- reading the outputs ------------------------------------------------------- */

/* Counts the data rows (the header skipped) of the CSV zPath (gzip or not)
 * whose first nWant fields match azWant (NULL: any; "~text": contains
 * text; else equal). *pzCol (when not NULL) gets field iCol of the first
 * match, or NULL. */
static int csv_match(const char *zPath, const char *const *azWant, int nWant, int iCol, const char **pzCol)
{
    static char aRing[256][2048];
    static int iNext;
    if (pzCol) *pzCol = NULL;
    char *zText = tu_read(zPath);
    if (!zText) return -1;
    size_t nText = strlen(zText), iPos = 0;
    pr_csvrow row;
    pr_csvrow_init(&row);
    int nMatch = 0, bHeader = 1;
    while (iPos < nText) {
        size_t nUsed;
        uint32_t nLf;
        if (pr_csv_next(zText + iPos, nText - iPos, &row, &nUsed, &nLf, NULL) || !nUsed) break;
        iPos += nUsed;
        if (bHeader) { bHeader = 0; continue; }
        int bOk = row.nField >= nWant;
        for (int c = 0; bOk && c < nWant; c++) {
            const char *w = azWant[c];
            if (!w) continue;
            const pr_field f = row.aField[c];
            if (w[0] == '~') {
                size_t nw = strlen(w + 1);
                bOk = 0;
                for (size_t k = 0; !bOk && k + nw <= f.n; k++) bOk = memcmp(f.z + k, w + 1, nw) == 0;
            } else {
                bOk = strlen(w) == f.n && memcmp(f.z, w, f.n) == 0;
            }
        }
        if (!bOk) continue;
        if (!nMatch && pzCol && iCol >= 0 && iCol < row.nField) {
            char *z = aRing[iNext++ % 256];
            snprintf(z, sizeof(aRing[0]), "%.*s", (int)row.aField[iCol].n, row.aField[iCol].z);
            *pzCol = z;
        }
        nMatch++;
    }
    pr_csvrow_clear(&row);
    free(zText);
    return nMatch;
}

enum { L_PROG, L_BEN, L_HOUSE, L_PERSON, L_DISTRICT, L_AREA, L_NAME, L_PAYEE, L_BANK, L_ACCOUNT, L_AMOUNT, L_BASIS,
       L_TYPE, L_PERIOD, L_REF, L_PAYREF, L_COUNT };

/* Ledger lines of out/zMonth for (programme, beneficiary, line type,
 * period); NULL: any. */
static int lcount(const char *zMonth, const char *zProg, const char *zBen, const char *zType, const char *zPeriod)
{
    const char *a[L_COUNT] = { [L_PROG] = zProg, [L_BEN] = zBen, [L_TYPE] = zType, [L_PERIOD] = zPeriod };
    return csv_match(P("out/%s/ledger.csv.gz", zMonth), a, L_COUNT, -1, NULL);
}

/* Field iCol of the first such line, or NULL. */
static const char *lget(const char *zMonth, const char *zProg, const char *zBen, const char *zType, const char *zPeriod, int iCol)
{
    const char *a[L_COUNT] = { [L_PROG] = zProg, [L_BEN] = zBen, [L_TYPE] = zType, [L_PERIOD] = zPeriod };
    const char *z;
    csv_match(P("out/%s/ledger.csv.gz", zMonth), a, L_COUNT, iCol, &z);
    return z;
}

/* Findings of out/zMonth/exceptions.csv: file, line (NULL any), id,
 * status, code, message ("~..." contains). */
static int fcount(const char *zMonth, const char *zFile, const char *zLine, const char *zId, const char *zStatus,
                  const char *zCode, const char *zMsg)
{
    const char *a[7] = { zFile, zLine, NULL, zId, zStatus, zCode, zMsg };
    int n = csv_match(P("out/%s/exceptions.csv", zMonth), a, 7, -1, NULL);
    if (n <= 0)
        fprintf(stderr, "\n[%s %s] no finding %s:%s %s %s %s %s\n", gzCase, zMonth, zFile ? zFile : "*", zLine ? zLine : "*",
                zId ? zId : "*", zStatus ? zStatus : "*", zCode ? zCode : "*", zMsg ? zMsg : "*");
    return n;
}

/* Rows of the register out/zMonth/zReg whose first fields match. */
static int rcount(const char *zMonth, const char *zReg, const char *const *azWant, int nWant)
{
    return csv_match(P("out/%s/%s", zMonth, zReg), azWant, nWant, -1, NULL);
}

/* arrears.csv rows of out/zMonth for (period, beneficiary) in state zState. */
static int arrears(const char *zMonth, const char *zPeriod, const char *zBen, const char *zState)
{
    const char *a[9] = { zPeriod, NULL, zBen, NULL, NULL, NULL, NULL, NULL, zState };
    return rcount(zMonth, "arrears.csv", a, 9);
}

/* The manifest's line for input zPath holds zText. */
static int manifest_has(const char *zMonth, const char *zPath, const char *zText)
{
    int rc = tu_sh("cd '%s' && grep -F '\"path\": \"%s\"' out/%s/manifest.json | grep -qF '%s'", gzCase, zPath, zMonth, zText);
    if (rc) tu_sh("cd '%s' && grep -F '\"path\": \"%s\"' out/%s/manifest.json >&2", gzCase, zPath, zMonth);
    return rc == 0;
}

/* ---- returns and adjustments files --------------------------------------------- */

#define RET_HEADER "pay_ref,account,payee,amount,result,reason\n"
#define RET_HEADER_ZH "付款编号,银行账号,收款人,金额,结果,原因\n"
#define ADJ_HEADER "type,program,beneficiary_id,period,amount,reference,approved_by,reason\n"
#define ADJ_HEADER_FULL "type,program,beneficiary_id,period,amount,reference,approved_by,reason,name,district,area,bank,account,payee\n"
#define PAD ",,,,,,"

/* fen as yuan with two decimals. */
static const char *yuan(long long nFen)
{
    return fmt("%s%lld.%02lld", nFen < 0 ? "-" : "", (nFen < 0 ? -nFen : nFen) / 100, (nFen < 0 ? -nFen : nFen) % 100);
}

/* fen as payrun writes yuan in messages and bases: "2107", "2106.99". */
static const char *eyuan(long long nFen)
{
    return nFen % 100 ? yuan(nFen) : fmt("%lld", nFen / 100);
}

/* The amount of a ledger line in fen, or -1. */
static long long amount(const char *zMonth, const char *zProg, const char *zBen, const char *zType, const char *zPeriod)
{
    const char *z = lget(zMonth, zProg, zBen, zType, zPeriod, L_AMOUNT);
    return z ? strtoll(z, NULL, 10) : -1;
}

/* A return row answering the bank row of the REGULAR zProg line of zBen in
 * out/zPrev: its pay_ref, account (or zAccount), payee, amount + nDelta fen,
 * zResult, zReason. */
static const char *ret_row(const char *zPrev, const char *zProg, const char *zBen, const char *zResult, const char *zReason,
                           long long nDelta, const char *zAccount)
{
    const char *zRef = lget(zPrev, zProg, zBen, "REGULAR", NULL, L_PAYREF);
    const char *zAcc = lget(zPrev, zProg, zBen, "REGULAR", NULL, L_ACCOUNT);
    const char *zPayee = lget(zPrev, zProg, zBen, "REGULAR", NULL, L_PAYEE);
    long long n = amount(zPrev, zProg, zBen, "REGULAR", NULL);
    CU_ASSERT_PTR_NOT_NULL(zRef);
    static char aRing[32][512];
    static int iNext;
    char *z = aRing[iNext++ % 32];
    snprintf(z, sizeof(aRing[0]), "%s,%s,%s,%s,%s,%s\n", zRef ? zRef : "", zAccount ? zAccount : zAcc ? zAcc : "", zPayee ? zPayee : "",
               yuan(n + nDelta), zResult, zReason);
    return z;
}

/* Person i's TEKUN amount in out/zMonth. */
static long long tekun_fen(const char *zMonth, int i) { return amount(zMonth, "TEKUN", ID(i), "REGULAR", NULL); }

/* ---- the bad inputs of the issue ------------------------------------------------ */

/* --returns without --prev: a usage error (exit 1) before anything is
 * written; the month already paid is untouched */
static void test_returns_without_prev(void)
{
    begin("noprev", NULL);
    tekun("t.csv", "1 2");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t.csv"), 0);
    snap("2023-08");
    put("ret.csv", fmt(RET_HEADER "%s", ret_row("2023-08", "TEKUN", ID(1), "failed", "销户", 0, NULL)));
    CU_ASSERT_EQUAL(run("2023-09", NULL, "--tekun t.csv --returns ret.csv"), 2);   /* an input that cannot be checked */
    CU_ASSERT_TRUE(err_has("--returns needs --prev"));
    CU_ASSERT_FALSE(exists("out/2023-09"));
    CU_ASSERT_EQUAL(tu_sh("ls -a '%s/out' | grep -c 2023-09 | grep -qx 0", gzCase), 0);   /* no temporary folder either */
    CU_ASSERT_TRUE(unchanged("2023-08"));
}

/* a returns file of another month's bank rows: every row RETURN_UNKNOWN_REF
 * naming that month; nothing is opened, nothing re-issued */
static void test_returns_other_month(void)
{
    begin("othermonth", NULL);
    tekun("t.csv", "1 2");
    CU_ASSERT_EQUAL_FATAL(run("2023-07", NULL, "--tekun t.csv"), 0);
    CU_ASSERT_EQUAL_FATAL(run("2023-08", "2023-07", "--tekun t.csv"), 0);
    snap("2023-07");
    snap("2023-08");
    /* the bank rows of 2023-07 (real ones) answered as if they were 2023-08's */
    put("ret.csv", fmt(RET_HEADER "%s%s", ret_row("2023-07", "TEKUN", ID(1), "failed", "销户", 0, NULL),
                       ret_row("2023-07", "TEKUN", ID(2), "success", "", 0, NULL)));
    CU_ASSERT_EQUAL(run("2023-09", "2023-08", "--tekun t.csv --returns ret.csv"), 0);
    CU_ASSERT_EQUAL(fcount("2023-09", "ret.csv", "2", NULL, "REJECTED", "RETURN_UNKNOWN_REF", "~of 2023-07, not of the previous month 2023-08"), 1);
    CU_ASSERT_EQUAL(fcount("2023-09", "ret.csv", "3", NULL, "REJECTED", "RETURN_UNKNOWN_REF", "~2023-07"), 1);
    CU_ASSERT_EQUAL(fcount("2023-09", "ret.csv", NULL, NULL, NULL, NULL, NULL), 2);
    CU_ASSERT_EQUAL(arrears("2023-09", NULL, NULL, NULL), 0);
    CU_ASSERT_EQUAL(lcount("2023-09", NULL, NULL, "REISSUE", NULL), 0);
    CU_ASSERT_TRUE(manifest_has("2023-09", "ret.csv", "\"rows\": 2, \"accepted\": 0, \"rejected\": 2"));
    CU_ASSERT_TRUE(unchanged("2023-07"));
    CU_ASSERT_TRUE(unchanged("2023-08"));
}

/* the checks of a return row, first that fails wins: one row per code; only
 * the accepted failed row opens arrears; a rejected row counts as paid */
static void test_returns_checks(void)
{
    begin("retchecks", NULL);
    tekun("t.csv", "1 2 3 4 5 6");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t.csv"), 0);
    snap("2023-08");
    long long n2 = tekun_fen("2023-08", 2);
    char zRef5[32];
    snprintf(zRef5, sizeof(zRef5), "%s", or_none(lget("2023-08", "TEKUN", ID(5), "REGULAR", NULL, L_PAYREF)));
    char zRet[8192];
    snprintf(zRet, sizeof(zRet),
             RET_HEADER_ZH
             "%s"          /* 2: accepted, failed */
             "%s"          /* 3: the same pay_ref again */
             "%s"          /* 4: one fen less */
             "%s"          /* 5: another account */
             "%s"          /* 6: result neither word */
             "%s,%s,x,abc,失败,\n"   /* 7: amount not money */
             ",%s,x,1.00,失败,\n"     /* 8: blank pay_ref */
             "%s,%s\n"     /* 9: two fields */
             "%s,%s,x,%s,失败,\"unterminated\n",   /* 10: quote never closed */
             ret_row("2023-08", "TEKUN", ID(1), "失败", "账户冻结", 0, NULL),
             ret_row("2023-08", "TEKUN", ID(1), "成功", "", 0, NULL),
             ret_row("2023-08", "TEKUN", ID(2), "失败", "", -1, NULL),
             ret_row("2023-08", "TEKUN", ID(3), "失败", "", 0, ACC(99)),
             ret_row("2023-08", "TEKUN", ID(4), "ok", "", 0, NULL),
             zRef5, ACC(5), ACC(6), zRef5, ACC(5), zRef5, ACC(5), yuan(tekun_fen("2023-08", 5)));
    put("ret.csv", zRet);
    CU_ASSERT_EQUAL(run("2023-09", "2023-08", "--tekun t.csv --returns ret.csv"), 0);
    static const struct { const char *zLine, *zCode, *zMsg; } aCase[] = {
        { "3", "RETURN_DUPLICATE", "~answered twice (first at ret.csv:2)" },
        { "4", "RETURN_MISMATCH", NULL },
        { "5", "RETURN_MISMATCH", NULL },
        { "6", "RETURN_BAD_RESULT", "~'ok'" },
        { "7", "RETURN_BAD_ROW", "~amount" },
        { "8", "RETURN_BAD_ROW", "~blank" },
        { "9", "RETURN_BAD_ROW", "~fields" },
        { "10", "RETURN_BAD_ROW", NULL },
    };
    for (size_t i = 0; i < sizeof(aCase) / sizeof(aCase[0]); i++)
        CU_ASSERT_EQUAL(fcount("2023-09", "ret.csv", aCase[i].zLine, NULL, "REJECTED", aCase[i].zCode, aCase[i].zMsg), 1);
    /* the message gives both amounts in yuan */
    CU_ASSERT_EQUAL(fcount("2023-09", "ret.csv", "4", NULL, "REJECTED", "RETURN_MISMATCH", fmt("~%s yuan; the return says", eyuan(n2))), 1);
    CU_ASSERT_EQUAL(fcount("2023-09", "ret.csv", "4", NULL, "REJECTED", "RETURN_MISMATCH", fmt("~%s yuan", eyuan(n2 - 1))), 1);
    CU_ASSERT_EQUAL(fcount("2023-09", "ret.csv", "5", NULL, "REJECTED", "RETURN_MISMATCH", fmt("~account %s", ACC(99))), 1);
    const char *aNone[] = { "ret.csv", "2" };
    CU_ASSERT_EQUAL(csv_match(P("out/2023-09/exceptions.csv"), aNone, 2, -1, NULL), 0);   /* the accepted row has none */
    /* only person 1's row failed */
    CU_ASSERT_EQUAL(arrears("2023-09", NULL, NULL, NULL), 1);
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", ID(1), "OPEN"), 1);
    const char *aReason[] = { "2023-08", "TEKUN", ID(1), "320613", fmt("%lld", tekun_fen("2023-08", 1)), "账户冻结", "2023-08", ACC(1),
                              "OPEN", lget("2023-08", "TEKUN", ID(1), "REGULAR", NULL, L_PAYREF) };
    CU_ASSERT_EQUAL(rcount("2023-09", "arrears.csv", aReason, 10), 1);
    CU_ASSERT_TRUE(manifest_has("2023-09", "ret.csv", "\"rows\": 9, \"accepted\": 1, \"rejected\": 8"));
    CU_ASSERT_TRUE(unchanged("2023-08"));
    /* a second file answering a row the first answered: RETURN_DUPLICATE, in command-line order */
    put("ret2.csv", fmt(RET_HEADER "%s%s", ret_row("2023-08", "TEKUN", ID(1), "success", "", 0, NULL),
                        ret_row("2023-08", "TEKUN", ID(6), "success", "", 0, NULL)));
    CU_ASSERT_EQUAL(run("2023-09", "2023-08", "--tekun t.csv --returns ret.csv --returns ret2.csv --force"), 0);
    CU_ASSERT_EQUAL(fcount("2023-09", "ret2.csv", "2", NULL, "REJECTED", "RETURN_DUPLICATE", "~first at ret.csv:2"), 1);
    CU_ASSERT_TRUE(manifest_has("2023-09", "ret2.csv", "\"rows\": 2, \"accepted\": 1, \"rejected\": 1"));
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", ID(1), "OPEN"), 1);
}

/* the adjustment checks, one row each, in one file (and a second file) */
static void test_adjustment_checks(void)
{
    begin("adjchecks", NULL);
    tekun("t.csv", "1 2 3");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t.csv"), 0);
    snap("2023-08");
    const char *zBadSum = fmt("%.17s%c", ID(7), ID(7)[17] == '0' ? '1' : '0');
    char zAdj[8192];
    snprintf(zAdj, sizeof(zAdj), ADJ_HEADER_FULL
             "补发,TEKUN,%s,2023-08,10,通民〔2023〕1号,,漏发" PAD "\n"                           /* 2 no approver */
             "补发,TEKUN,%s,2023-08,10,,王科长,漏发" PAD "\n"                                    /* 3 no reference */
             "backpay,TEKUN,%s,2023-08,%s,R4,王科长,漏发" PAD "\n"                                /* 4 already paid */
             "补差,TEKUN,%s,2023-08,10,R5,王科长,标准调整" PAD "\n"                               /* 5 nothing to adjust */
             "补差,TEKUN,%s,2023-08,12.5,R6,王科长,标准调整" PAD "\n"                             /* 6 accepted */
             "补发,TEKUN,%s,2023-09,10,R7,王科长,漏发" PAD "\n"                                   /* 7 back pay for M */
             "补差,TEKUN,%s,2023-10,10,R8,王科长,标准调整" PAD "\n"                               /* 8 difference after M */
             "临时救助,TEMP,%s,2023-08,10,R9,王科长,火灾,测试7,320613,urban,中国银行,%s,测试7\n"  /* 9 temporary not M */
             "追回,TEKUN,%s,2023-10,10,R10,王科长,多发" PAD "\n"                                  /* 10 recovery after M */
             "临时救助,TEMP,%s,2023-09,3000,R11,王科长,火灾,测试7,320613,urban,中国银行,%s,测试7\n" /* 11 at the limit */
             "临时救助,TEMP,%s,2023-09,3000.01,R12,王科长,火灾,测试7,320613,urban,中国银行,%s,测试7\n" /* 12 above */
             "临时救助,TEMP,%s,2023-09,10,R13,王科长,火灾,测试7,320613,urban,中国银行,%s,测试7\n"  /* 13 bad check char */
             "临时救助,TEMP,320613400101001,2023-09,10,R14,王科长,火灾,测试7,320613,urban,中国银行,%s,测试7\n" /* 14 15 digits */
             "临时救助,TEMP,%s,2023-09,10,R15,王科长,火灾,,,,,,\n"                          /* 15 no account */
             "追回,TEKUN,%s,2023-09,10,R16,王科长,多发" PAD "\n"                                   /* 16 recovery: no district */
             "补差,TEKUN,%s,2023-08,12.5,R6,王科长,标准调整" PAD "\n"                             /* 17 = row 6 */
             "奖励,TEKUN,%s,2023-08,10,R18,王科长,?" PAD "\n"                                     /* 18 unknown type */
             "补差,TEKUN,%s,2023-08,0,R19,王科长,标准调整" PAD "\n"                               /* 19 amount 0 */
             "补差,TEKUN,%s,2023-8,10,R20,王科长,标准调整" PAD "\n"                               /* 20 period */
             "补差,TEMP,%s,2023-08,10,R21,王科长,标准调整" PAD "\n"                               /* 21 TEMP not temporary */
             "补差,TEKUN,,2023-08,10,R22,王科长,标准调整" PAD "\n"                                /* 22 blank beneficiary */
             "补差,TEKUN,%s,2023-08,10,R23,王科长,x,,999999,,,,\n",                         /* 23 undeclared district */
             ID(1), ID(1), ID(1), yuan(tekun_fen("2023-08", 1)), ID(8), ID(2), ID(1), ID(1), ID(7), ACC(7), ID(1), ID(7), ACC(7),
             ID(7), ACC(7), zBadSum, ACC(7), ACC(7), ID(7), ID(9), ID(2), ID(1), ID(1), ID(1), ID(1), ID(3));
    put("adj.csv", zAdj);
    put("adj2.csv", fmt(ADJ_HEADER "补差,TEKUN,%s,2023-08,12.5,R6,王科长,标准调整\n", ID(2)));   /* = row 6, another file */
    CU_ASSERT_EQUAL(run("2023-09", "2023-08", "--tekun t.csv --adjustments adj.csv --adjustments adj2.csv"), 0);
    static const struct { const char *zLine, *zStatus, *zCode, *zMsg; } aCase[] = {
        { "2", "REJECTED", "ADJ_NOT_APPROVED", "~approved_by" },
        { "3", "REJECTED", "ADJ_NOT_APPROVED", "~reference" },
        { "4", "REJECTED", "ADJ_ALREADY_PAID", "~2023-08" },
        { "5", "REJECTED", "ADJ_NOTHING_TO_ADJUST", NULL },
        { "7", "REJECTED", "ADJ_BAD_PERIOD", NULL },
        { "8", "REJECTED", "ADJ_BAD_PERIOD", NULL },
        { "9", "REJECTED", "ADJ_BAD_PERIOD", NULL },
        { "10", "REJECTED", "ADJ_BAD_PERIOD", NULL },
        { "12", "HELD", "TEMP_OVER_LIMIT", "~3000.01" },
        { "13", "REJECTED", "ID_CHECKSUM", NULL },
        { "14", "REJECTED", "ID_LEGACY_15", NULL },
        { "15", "REJECTED", "ADJ_NO_ACCOUNT", NULL },
        { "16", "REJECTED", "ADJ_NO_ACCOUNT", "~district" },
        { "17", "REJECTED", "ADJ_DUPLICATE", "~adj.csv:6" },
        { "18", "REJECTED", "ADJ_BAD_ROW", NULL },
        { "19", "REJECTED", "ADJ_BAD_ROW", NULL },
        { "20", "REJECTED", "ADJ_BAD_ROW", NULL },
        { "21", "REJECTED", "ADJ_BAD_ROW", NULL },
        { "22", "REJECTED", "ADJ_BAD_ROW", NULL },
        { "23", "REJECTED", "DISTRICT_UNKNOWN", NULL },
    };
    for (size_t i = 0; i < sizeof(aCase) / sizeof(aCase[0]); i++)
        CU_ASSERT_EQUAL(fcount("2023-09", "adj.csv", aCase[i].zLine, NULL, aCase[i].zStatus, aCase[i].zCode, aCase[i].zMsg), 1);
    CU_ASSERT_EQUAL(fcount("2023-09", "adj2.csv", "2", ID(2), "REJECTED", "ADJ_DUPLICATE", "~adj.csv:6"), 1);
    /* accepted: the difference (row 6) and the temporary assistance at exactly temp.max_amount (row 11) */
    CU_ASSERT_EQUAL(lcount("2023-09", "TEKUN", ID(2), "DIFFERENCE", "2023-08"), 1);
    CU_ASSERT_STR(lget("2023-09", "TEKUN", ID(2), "DIFFERENCE", "2023-08", L_AMOUNT), "1250");
    CU_ASSERT_STR(lget("2023-09", "TEKUN", ID(2), "DIFFERENCE", "2023-08", L_BASIS), "补差 2023-08: 标准调整 (R6)");
    CU_ASSERT_STR(lget("2023-09", "TEKUN", ID(2), "DIFFERENCE", "2023-08", L_REF), "R6");
    CU_ASSERT_STR(lget("2023-09", "TEKUN", ID(2), "DIFFERENCE", "2023-08", L_ACCOUNT), ACC(2));
    CU_ASSERT_EQUAL(lcount("2023-09", "TEMP", ID(7), "TEMPORARY", "2023-09"), 1);
    CU_ASSERT_STR(lget("2023-09", "TEMP", ID(7), "TEMPORARY", "2023-09", L_AMOUNT), "300000");
    CU_ASSERT_STR(lget("2023-09", "TEMP", ID(7), "TEMPORARY", "2023-09", L_BASIS), "临时救助 2023-09: 火灾 (R11)");
    CU_ASSERT_EQUAL(lcount("2023-09", "TEMP", NULL, NULL, NULL), 1);
    CU_ASSERT_EQUAL(lcount("2023-09", NULL, NULL, "BACKPAY", NULL), 0);
    /* rows read = accepted + rejected + held, per file */
    CU_ASSERT_TRUE(manifest_has("2023-09", "adj.csv", "\"rows\": 22, \"accepted\": 2, \"rejected\": 19, \"held\": 1"));
    CU_ASSERT_TRUE(manifest_has("2023-09", "adj2.csv", "\"rows\": 1, \"accepted\": 0, \"rejected\": 1, \"held\": 0"));
    /* the register keeps every row with its outcome */
    const char *aReg6[] = { "adj.csv", "6", "DIFFERENCE", "TEKUN", ID(2), "2023-08", "1250", "R6", "王科长", "ACCEPTED", "" };
    CU_ASSERT_EQUAL(rcount("2023-09", "adjustments.csv", aReg6, 11), 1);
    const char *aReg12[] = { "adj.csv", "12", "TEMPORARY", "TEMP", ID(7), "2023-09", "300001", "R12", "王科长", "HELD", "TEMP_OVER_LIMIT" };
    CU_ASSERT_EQUAL(rcount("2023-09", "adjustments.csv", aReg12, 11), 1);
    const char *aAll[] = { NULL };
    CU_ASSERT_EQUAL(rcount("2023-09", "adjustments.csv", aAll, 0), 23);
    CU_ASSERT_TRUE(unchanged("2023-08"));
}

/* the same adjustments file in two consecutive months: every row accepted
 * in the first is ADJ_DUPLICATE in the second (rejected and held rows are
 * not in the history's way) */
static void test_duplicate_next_month(void)
{
    begin("dupnext", NULL);
    tekun("t.csv", "1 2 3 4");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t.csv"), 0);
    put("ret.csv", fmt(RET_HEADER "%s", ret_row("2023-08", "TEKUN", ID(4), "failed", "销户", 0, NULL)));
    put("adj.csv", fmt(ADJ_HEADER
                       "追回,TEKUN,%s,2023-09,100,R1,王科长,多发\n"       /* 2 recovery */
                       "补差,TEKUN,%s,2023-08,10,D1,王科长,标准调整\n"    /* 3 difference */
                       "补发,TEKUN,%s,2023-08,%s,B1,王科长,回盘失败\n"    /* 4 back pay settling person 4's arrears */
                       "补差,TEKUN,%s,2023-08,10,D2,,标准调整\n"          /* 5 not approved */
                       "补发,TEKUN,%s,2023-06,10,B2,王科长,漏发\n",       /* 6 held: no folder for 2023-06 */
                       ID(2), ID(3), ID(4), yuan(tekun_fen("2023-08", 4)), ID(3), ID(1)));
    CU_ASSERT_EQUAL_FATAL(run("2023-09", "2023-08", "--tekun t.csv --returns ret.csv --adjustments adj.csv"), 0);
    CU_ASSERT_TRUE(manifest_has("2023-09", "adj.csv", "\"rows\": 5, \"accepted\": 3, \"rejected\": 1, \"held\": 1"));
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", ID(4), "SETTLED_BY_ADJUSTMENT"), 1);
    snap("2023-08");
    snap("2023-09");
    int rc = run("2023-10", "2023-09", "--tekun t.csv --adjustments adj.csv");
    /* once an engine bug (closed register rows); checked so that it stays mended */
    CU_ASSERT_EQUAL(rc, 0);
    for (int i = 2; i <= 4; i++)
        CU_ASSERT_EQUAL(fcount("2023-10", "adj.csv", fmt("%d", i), NULL, "REJECTED", "ADJ_DUPLICATE", "~earlier month"), 1);
    CU_ASSERT_EQUAL(fcount("2023-10", "adj.csv", "5", NULL, "REJECTED", "ADJ_NOT_APPROVED", NULL), 1);
    CU_ASSERT_EQUAL(fcount("2023-10", "adj.csv", "6", NULL, "HELD", "ADJ_HISTORY_MISSING", NULL), 1);
    CU_ASSERT_TRUE(manifest_has("2023-10", "adj.csv", "\"rows\": 5, \"accepted\": 0, \"rejected\": 4, \"held\": 1"));
    if (rc == 0) {
        CU_ASSERT_EQUAL(lcount("2023-10", NULL, NULL, "DIFFERENCE", NULL), 0);
        CU_ASSERT_EQUAL(lcount("2023-10", NULL, NULL, "BACKPAY", NULL), 0);
        /* the recovery, recovered whole in 2023-09 (100 yuan, under 20 % of
         * the line), is not opened a second time */
        const char *aRec[] = { "TEKUN", ID(2), "320613", "R1" };
        CU_ASSERT_EQUAL(rcount("2023-09", "recoveries.csv", aRec, 4), 1);
        CU_ASSERT_EQUAL(rcount("2023-10", "recoveries.csv", aRec, 4), 0);
    }
    CU_ASSERT_TRUE(unchanged("2023-08"));
    CU_ASSERT_TRUE(unchanged("2023-09"));
}

/* a back pay paid in a later month's folder: another back pay for the same
 * period, under another reference, is ADJ_ALREADY_PAID (the guard reads
 * every history ledger from the period on, not only the period's own) */
static void test_backpay_paid_later(void)
{
    begin("paidlater", NULL);
    tekun("t7.csv", "2");
    tekun("t.csv", "1 2");
    CU_ASSERT_EQUAL_FATAL(run("2023-07", NULL, "--tekun t7.csv"), 0);   /* 1 not paid in 2023-07 */
    put("adj8.csv", fmt(ADJ_HEADER "补发,TEKUN,%s,2023-07,2107,A,王科长,漏发\n", ID(1)));
    CU_ASSERT_EQUAL_FATAL(run("2023-08", "2023-07", "--tekun t.csv --adjustments adj8.csv"), 0);
    CU_ASSERT_EQUAL(lcount("2023-08", "TEKUN", ID(1), "BACKPAY", "2023-07"), 1);
    put("adj9.csv", fmt(ADJ_HEADER "补发,TEKUN,%s,2023-07,2107,B,王科长,漏发\n"
                                   "补差,TEKUN,%s,2023-07,10,C,王科长,调标\n",
                        ID(1), ID(1)));
    snap("2023-08");
    CU_ASSERT_EQUAL(run("2023-09", "2023-08", "--tekun t.csv --adjustments adj9.csv"), 0);
    CU_ASSERT_EQUAL(fcount("2023-09", "adj9.csv", "2", ID(1), "REJECTED", "ADJ_ALREADY_PAID", "~2023-07"), 1);
    /* and a difference for that period has a line to adjust: the back pay */
    CU_ASSERT_EQUAL(lcount("2023-09", "TEKUN", ID(1), "DIFFERENCE", "2023-07"), 1);
    CU_ASSERT_EQUAL(lcount("2023-09", NULL, NULL, "BACKPAY", NULL), 0);
    CU_ASSERT_TRUE(unchanged("2023-08"));
}

/* back pay and differences against a month whose folder was deleted, or
 * without --prev: HELD ADJ_HISTORY_MISSING, nobody pays against it */
static void test_history_missing(void)
{
    begin("histmissing", NULL);
    tekun("t.csv", "1 2");
    CU_ASSERT_EQUAL_FATAL(run("2023-07", NULL, "--tekun t.csv"), 0);
    CU_ASSERT_EQUAL_FATAL(run("2023-08", "2023-07", "--tekun t.csv"), 0);
    CU_ASSERT_EQUAL_FATAL(tu_sh("rm -rf '%s/out/2023-07'", gzCase), 0);
    snap("2023-08");
    put("adj.csv", fmt(ADJ_HEADER
                       "补发,TEKUN,%s,2023-07,10,B1,王科长,漏发\n"
                       "补差,TEKUN,%s,2023-07,10,D1,王科长,标准调整\n"
                       "补差,TEKUN,%s,2023-08,10,D2,王科长,标准调整\n",
                       ID(1), ID(1), ID(1)));
    CU_ASSERT_EQUAL(run("2023-09", "2023-08", "--tekun t.csv --adjustments adj.csv"), 0);
    CU_ASSERT_EQUAL(fcount("2023-09", "adj.csv", "2", ID(1), "HELD", "ADJ_HISTORY_MISSING", "~2023-07"), 1);
    CU_ASSERT_EQUAL(fcount("2023-09", "adj.csv", "3", ID(1), "HELD", "ADJ_HISTORY_MISSING", "~2023-07"), 1);
    CU_ASSERT_EQUAL(lcount("2023-09", "TEKUN", ID(1), "DIFFERENCE", "2023-08"), 1);   /* its folder is there */
    CU_ASSERT_EQUAL(lcount("2023-09", NULL, NULL, "BACKPAY", NULL), 0);
    CU_ASSERT_EQUAL(lcount("2023-09", "TEKUN", ID(1), "DIFFERENCE", "2023-07"), 0);
    CU_ASSERT_TRUE(manifest_has("2023-09", "adj.csv", "\"rows\": 3, \"accepted\": 1, \"rejected\": 0, \"held\": 2"));
    /* without --prev: every back pay and difference is held */
    CU_ASSERT_EQUAL(run_in("out2", "2023-09", NULL, "--tekun t.csv --adjustments adj.csv"), 0);
    CU_ASSERT_EQUAL(tu_sh("cd '%s' && grep -c ',HELD,ADJ_HISTORY_MISSING' out2/2023-09/adjustments.csv | grep -qx 3", gzCase), 0);
    CU_ASSERT_TRUE(unchanged("2023-08"));
}

/* a recovery larger than all the person will ever be paid: OPEN month after
 * month, each month floor(line x 20 %) taken, the balance never below 0;
 * a small one closes and is not carried */
static void test_recovery_never_ends(void)
{
    /* 2025.03 + S x 10 %: lines whose 20 % is not a whole fen */
    begin("recovery", "tekun.basic.dispersed,320613,urban,2023-08,2025.03,test: a basic amount with fen\n");
    tekun("t.csv", "1 2 3");
    put("adj.csv", fmt(ADJ_HEADER "追回,TEKUN,%s,2023-08,1000000,R1,王科长,冒领\n", ID(1)));
    static const char *const azMonth[] = { "2023-08", "2023-09", "2023-10" };
    /* the lines before the offset: 2025.03 + 82 (S 820), then + 86 (S 860 from 2023-09) */
    static const long long anLine[] = { 210703, 211103, 211103 };
    long long nBalance = 100000000;
    for (int m = 0; m < 3; m++) {
        const char *zArgs = m == 0 ? "--tekun t.csv --adjustments adj.csv" : "--tekun t.csv";
        if (m) snap(azMonth[m - 1]);
        CU_ASSERT_EQUAL_FATAL(run(azMonth[m], m ? azMonth[m - 1] : NULL, zArgs), 0);
        if (m) CU_ASSERT_TRUE(unchanged(azMonth[m - 1]));
        long long nTake = anLine[m] * 20 / 100;
        nBalance -= nTake;
        CU_ASSERT(nBalance > 0);
        CU_ASSERT_EQUAL(tekun_fen(azMonth[m], 1), anLine[m] - nTake);
        CU_ASSERT_EQUAL(tekun_fen(azMonth[m], 3), anLine[m]);   /* nobody else is touched */
        const char *zBasis = lget(azMonth[m], "TEKUN", ID(1), "REGULAR", NULL, L_BASIS);
        const char *zTail = fmt("-追回 %s (R1)", yuan(nTake));
        CU_ASSERT_PTR_NOT_NULL_FATAL(zBasis);
        CU_ASSERT(strlen(zBasis) > strlen(zTail) && strcmp(zBasis + strlen(zBasis) - strlen(zTail), zTail) == 0);
        /* the PRICE line is no REGULAR line of the programme recovered */
        const char *zPrice = lget(azMonth[m], "PRICE", ID(1), "REGULAR", NULL, L_BASIS);   /* none from 2023-10 */
        CU_ASSERT(!zPrice || !strstr(zPrice, "追回"));
        const char *aRec[] = { "TEKUN", ID(1), "320613", "R1", "2023-08", "100000000", fmt("%lld", nTake), fmt("%lld", nBalance), "OPEN" };
        CU_ASSERT_EQUAL(rcount(azMonth[m], "recoveries.csv", aRec, 9), 1);
    }
}

/* a small recovery: all of it the first month (100 yuan < 20 % of the
 * line), CLOSED, then gone */
static void test_recovery_closes(void)
{
    begin("recovery-small", "tekun.basic.dispersed,320613,urban,2023-08,2025.03,test: a basic amount with fen\n");
    tekun("t.csv", "1 2");
    put("adj.csv", fmt(ADJ_HEADER "recovery,TEKUN,%s,2023-08,100,R2,王科长,多发\n", ID(2)));
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t.csv --adjustments adj.csv"), 0);
    CU_ASSERT_EQUAL(tekun_fen("2023-08", 2), 210703 - 10000);
    CU_ASSERT_STR(lget("2023-08", "TEKUN", ID(2), "REGULAR", NULL, L_BASIS), "2025.03+820*10%=2107.03-追回 100 (R2)");
    const char *aRec2[] = { "TEKUN", ID(2), "320613", "R2", "2023-08", "10000", "10000", "0", "CLOSED" };
    CU_ASSERT_EQUAL(rcount("2023-08", "recoveries.csv", aRec2, 9), 1);
    int rc = run("2023-09", "2023-08", "--tekun t.csv");
    /* once an engine bug (closed register rows); checked so that it stays mended */
    CU_ASSERT_EQUAL(rc, 0);
    if (rc == 0) {
        const char *aRec2b[] = { "TEKUN", ID(2) };
        CU_ASSERT_EQUAL(rcount("2023-09", "recoveries.csv", aRec2b, 2), 0);
        CU_ASSERT_EQUAL(tekun_fen("2023-09", 2), 211103);
    }
}

/* recovery.offset_pct above 50: a configuration error naming the policy
 * file's line, exit 2, no folder; exactly 50 is allowed */
static void test_offset_pct_over_50(void)
{
    begin("pct", "recovery.offset_pct,320612,*,2023-01,50.01,test: too much\n");
    tekun("t.csv", "1");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t.csv"), 2);
    CU_ASSERT_TRUE(err_has("policy.csv:75"));
    CU_ASSERT_TRUE(err_has("recovery.offset_pct"));
    CU_ASSERT_FALSE(exists("out/2023-08"));
    begin("pct-neg", "recovery.offset_pct,*,*,2023-01,-1,test: negative\n");
    tekun("t.csv", "1");
    CU_ASSERT_EQUAL(run("2023-08", NULL, "--tekun t.csv"), 2);
    CU_ASSERT_TRUE(err_has("policy.csv:75"));
    CU_ASSERT_FALSE(exists("out/2023-08"));
    begin("pct50", "recovery.offset_pct,*,*,2023-01,50,test: the most\n");
    tekun("t.csv", "1");
    put("adj.csv", fmt(ADJ_HEADER "追回,TEKUN,%s,2023-08,100000,R1,王科长,冒领\n", ID(1)));
    CU_ASSERT_EQUAL(run("2023-08", NULL, "--tekun t.csv --adjustments adj.csv"), 0);
    CU_ASSERT_EQUAL(tekun_fen("2023-08", 1), 210700 / 2);
}

/* once an engine bug (lower-case x); checked so that it stays mended */
static void test_lowercase_x(void)
{
    begin("lowerx", NULL);
    CU_ASSERT_EQUAL_FATAL(ID(9)[17], 'X');
    char zLower[19];
    snprintf(zLower, sizeof(zLower), "%.17sx", ID(9));
    tekun("t.csv", "9");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t.csv"), 0);
    put("adj.csv", fmt(ADJ_HEADER_FULL
                       "补发,TEKUN,%s,2023-08,%s,R1,王科长,再发,测试9,320613,urban,中国银行,%s,测试9\n"
                       "临时救助,TEMP,%s,2023-09,100,T1,王科长,火灾" PAD "\n"
                       "临时救助,TEMP,%s,2023-09,100,T1,王科长,火灾,测试9,320613,urban,中国银行,%s,测试9\n",
                       zLower, yuan(tekun_fen("2023-08", 9)), ACC(9), ID(9), zLower, ACC(9)));
    snap("2023-08");
    CU_ASSERT_EQUAL_FATAL(run("2023-09", "2023-08", "--tekun t.csv --adjustments adj.csv"), 0);
    CU_ASSERT_TRUE(unchanged("2023-08"));
    CU_ASSERT_EQUAL(lcount("2023-09", "TEMP", ID(9), "TEMPORARY", "2023-09"), 1);   /* the first is paid */
    CU_ASSERT_EQUAL(fcount("2023-09", "adj.csv", "2", NULL, "REJECTED", "ADJ_ALREADY_PAID", NULL), 1);
    CU_ASSERT_EQUAL(fcount("2023-09", "adj.csv", "4", NULL, "REJECTED", "ADJ_DUPLICATE", NULL), 1);
    CU_ASSERT_EQUAL(lcount("2023-09", NULL, NULL, "BACKPAY", NULL), 0);
    CU_ASSERT_EQUAL(lcount("2023-09", "TEMP", NULL, NULL, NULL), 1);
    /* what it does today, so that a change is noticed: both paid */
    if (lcount("2023-09", NULL, NULL, "BACKPAY", NULL) != 0) {
        CU_ASSERT_EQUAL(lcount("2023-09", "TEKUN", zLower, "BACKPAY", "2023-08"), 1);
        CU_ASSERT_EQUAL(lcount("2023-09", "TEMP", zLower, "TEMPORARY", "2023-09"), 1);
    }
}

/* ---- the arrears at their boundaries ------------------------------------------- */

/* a failed row re-issued to the new account: a REISSUE line whose
 * reference is the failed pay_ref, on this month's bank row of the account */
static void test_reissue(void)
{
    begin("reissue", NULL);
    tekun("t8.csv", "1 2");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t8.csv"), 0);
    snap("2023-08");
    char zRef1[32];
    snprintf(zRef1, sizeof(zRef1), "%s", or_none(lget("2023-08", "TEKUN", ID(1), "REGULAR", NULL, L_PAYREF)));
    long long n1 = tekun_fen("2023-08", 1);
    put("ret.csv", fmt(RET_HEADER "%s", ret_row("2023-08", "TEKUN", ID(1), "failed", "账户已销户", 0, NULL)));
    tekun("t9.csv", "1@11 2");   /* 1: a new account */
    CU_ASSERT_EQUAL_FATAL(run("2023-09", "2023-08", "--tekun t9.csv --returns ret.csv"), 0);
    CU_ASSERT_EQUAL(lcount("2023-09", "TEKUN", ID(1), "REISSUE", "2023-08"), 1);
    CU_ASSERT_EQUAL(amount("2023-09", "TEKUN", ID(1), "REISSUE", "2023-08"), n1);
    CU_ASSERT_STR(lget("2023-09", "TEKUN", ID(1), "REISSUE", NULL, L_REF), zRef1);
    CU_ASSERT_STR(lget("2023-09", "TEKUN", ID(1), "REISSUE", NULL, L_BASIS), "重发 2023-08: 账户已销户");
    CU_ASSERT_STR(lget("2023-09", "TEKUN", ID(1), "REISSUE", NULL, L_ACCOUNT), ACC(11));
    /* its own pay_ref of this month: the bank row of the new account, with the REGULAR line */
    char zNew[32];
    snprintf(zNew, sizeof(zNew), "%s", or_none(lget("2023-09", "TEKUN", ID(1), "REISSUE", NULL, L_PAYREF)));
    CU_ASSERT_STR(zNew, lget("2023-09", "TEKUN", ID(1), "REGULAR", NULL, L_PAYREF));
    CU_ASSERT_EQUAL(strncmp(zNew, "202309-320613-", 14), 0);
    const char *aArr1[] = { "2023-08", "TEKUN", ID(1), "320613", fmt("%lld", n1), "账户已销户", "2023-08", ACC(1), "REISSUED", zRef1 };
    CU_ASSERT_EQUAL(rcount("2023-09", "arrears.csv", aArr1, 10), 1);
    CU_ASSERT_EQUAL(lcount("2023-09", NULL, NULL, "REISSUE", NULL), 1);
    CU_ASSERT_EQUAL(tu_sh("cd '%s' && grep -c RETURN_ACCOUNT_UNCHANGED out/2023-09/exceptions.csv | grep -qx 0", gzCase), 0);
    /* once an engine bug (verify and persons); checked so that it stays mended */
    CU_ASSERT_EQUAL(tu_sh("cd '%s' && '%s' verify out/2023-09 >/dev/null 2>&1", gzCase, gzBin), 0);
    CU_ASSERT_TRUE(unchanged("2023-08"));
}

/* kept open while the account is the same (RETURN_ACCOUNT_UNCHANGED on the
 * record) or the person is not paid (ARREARS_NOT_PAYABLE on the returns
 * file's line, then on arrears.csv's); re-issued once the account changes */
static void test_arrears_kept_open(void)
{
    begin("keptopen", NULL);
    tekun("t8.csv", "1 2 3");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t8.csv"), 0);
    snap("2023-08");
    put("ret.csv", fmt(RET_HEADER "%s%s", ret_row("2023-08", "TEKUN", ID(2), "failed", "", 0, NULL),
                       ret_row("2023-08", "TEKUN", ID(3), "failed", "户名不符", 0, NULL)));
    tekun("t9.csv", "1 2");   /* 2: the same account; 3: gone */
    CU_ASSERT_EQUAL_FATAL(run("2023-09", "2023-08", "--tekun t9.csv --returns ret.csv"), 0);
    const char *aArr2[] = { "2023-08", "TEKUN", ID(2), "320613", NULL, "失败", "2023-08", ACC(2), "OPEN" };
    CU_ASSERT_EQUAL(rcount("2023-09", "arrears.csv", aArr2, 9), 1);
    CU_ASSERT_EQUAL(fcount("2023-09", "t9.csv", "3", ID(2), "WARNING", "RETURN_ACCOUNT_UNCHANGED", fmt("~%s", ACC(2))), 1);
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", ID(3), "OPEN"), 1);
    CU_ASSERT_EQUAL(fcount("2023-09", "ret.csv", "3", ID(3), "WARNING", "ARREARS_NOT_PAYABLE", "~户名不符"), 1);
    CU_ASSERT_EQUAL(lcount("2023-09", NULL, NULL, "REISSUE", NULL), 0);
    /* carried: still open, still warned about */
    snap("2023-09");
    CU_ASSERT_EQUAL_FATAL(run("2023-10", "2023-09", "--tekun t9.csv"), 0);
    CU_ASSERT_EQUAL(arrears("2023-10", "2023-08", ID(2), "OPEN"), 1);
    CU_ASSERT_EQUAL(arrears("2023-10", "2023-08", ID(3), "OPEN"), 1);
    CU_ASSERT_EQUAL(fcount("2023-10", "t9.csv", "3", ID(2), "WARNING", "RETURN_ACCOUNT_UNCHANGED", NULL), 1);
    CU_ASSERT_EQUAL(fcount("2023-10", "out/2023-09/arrears.csv", "3", ID(3), "WARNING", "ARREARS_NOT_PAYABLE", NULL), 1);
    /* the account corrected: re-issued then, with the reason of the failure */
    tekun("t11.csv", "1 2@12");
    CU_ASSERT_EQUAL(run("2023-11", "2023-10", "--tekun t11.csv"), 0);
    CU_ASSERT_EQUAL(arrears("2023-11", "2023-08", ID(2), "REISSUED"), 1);
    CU_ASSERT_STR(lget("2023-11", "TEKUN", ID(2), "REISSUE", "2023-08", L_BASIS), "重发 2023-08: 失败");
    CU_ASSERT_STR(lget("2023-11", "TEKUN", ID(2), "REISSUE", "2023-08", L_ACCOUNT), ACC(12));
    CU_ASSERT_TRUE(unchanged("2023-08"));
    CU_ASSERT_TRUE(unchanged("2023-09"));
}

/* once an engine bug (closed register rows); checked so that it stays mended */
static void test_closed_register_next_month(void)
{
    begin("closednext", NULL);
    tekun("t8.csv", "1 2");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t8.csv"), 0);
    put("ret.csv", fmt(RET_HEADER "%s", ret_row("2023-08", "TEKUN", ID(1), "failed", "销户", 0, NULL)));
    tekun("t9.csv", "1@11 2");
    CU_ASSERT_EQUAL_FATAL(run("2023-09", "2023-08", "--tekun t9.csv --returns ret.csv"), 0);
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", ID(1), "REISSUED"), 1);
    int rc = run("2023-10", "2023-09", "--tekun t9.csv");
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_TRUE(exists("out/2023-10/ledger.csv.gz"));
    CU_ASSERT_TRUE(manifest_has("2023-10", "out/2023-09/arrears.csv", "\"rows\": 1, \"accepted\": 0"));
    /* what it does today, so that a change is noticed */
    if (rc != 0) {
        CU_ASSERT_EQUAL(rc, 3);
        CU_ASSERT_TRUE(err_has("out/2023-09/arrears.csv: rows read = PAID + INELIGIBLE + HELD + REJECTED"));
    }
}

/* EXPIRED exactly when M - since = arrears.max_months, not a month before */
static void test_expiry(void)
{
    begin("expiry", "arrears.max_months,*,*,2023-01,3,test: three months\n");
    tekun("t8.csv", "1 2");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t8.csv"), 0);
    put("ret.csv", fmt(RET_HEADER "%s", ret_row("2023-08", "TEKUN", ID(1), "failed", "销户", 0, NULL)));
    tekun("t9.csv", "2");   /* 1 is no longer paid */
    snap("2023-08");
    CU_ASSERT_EQUAL(run("2023-09", "2023-08", "--tekun t9.csv --returns ret.csv"), 0);   /* M - since = 1 */
    snap("2023-09");
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", ID(1), "OPEN"), 1);
    CU_ASSERT_EQUAL(run("2023-10", "2023-09", "--tekun t9.csv"), 0);                    /* 2 */
    CU_ASSERT_EQUAL(arrears("2023-10", "2023-08", ID(1), "OPEN"), 1);
    CU_ASSERT_EQUAL(fcount("2023-10", "out/2023-09/arrears.csv", "2", ID(1), "WARNING", "ARREARS_NOT_PAYABLE", NULL), 1);
    CU_ASSERT_EQUAL(run("2023-11", "2023-10", "--tekun t9.csv"), 0);                    /* 3: expired */
    CU_ASSERT_EQUAL(arrears("2023-11", "2023-08", ID(1), "EXPIRED"), 1);
    CU_ASSERT_EQUAL(arrears("2023-11", NULL, NULL, "OPEN"), 0);
    CU_ASSERT_TRUE(unchanged("2023-08"));
    CU_ASSERT_TRUE(unchanged("2023-09"));
    CU_ASSERT_EQUAL(tu_sh("cd '%s' && grep -c ARREARS_NOT_PAYABLE out/2023-11/exceptions.csv | grep -qx 0", gzCase), 0);
    int rc = run("2023-12", "2023-11", "--tekun t9.csv");                              /* gone */
    /* once an engine bug (closed register rows); checked so that it stays mended */
    CU_ASSERT_EQUAL(rc, 0);
    if (rc == 0) CU_ASSERT_EQUAL(arrears("2023-12", NULL, NULL, NULL), 0);
    /* a register payrun did not write (a copy of 2023-10 with a bad row): the
     * next month stops, naming file:line, and writes nothing */
    CU_ASSERT_EQUAL(tu_sh("cd '%s' && mkdir -p bad && cp -a out/2023-10 bad/ && "
                          "printf '2023-08,TEKUN,x,320613,abc,r,2023-08,1,OPEN,p\\n' >> bad/2023-10/arrears.csv", gzCase), 0);
    CU_ASSERT_EQUAL(run_in("bad", "2023-11", "2023-10", "--tekun t9.csv"), 2);
    CU_ASSERT_TRUE(err_has("bad/2023-10/arrears.csv:3"));
    CU_ASSERT_FALSE(exists("bad/2023-11"));
    CU_ASSERT_EQUAL(tu_sh("cd '%s' && printf 'x,y\\n' > bad/2023-10/recoveries.csv", gzCase), 0);
    CU_ASSERT_EQUAL(tu_sh("cd '%s' && head -2 out/2023-10/arrears.csv > bad/2023-10/arrears.csv", gzCase), 0);
    CU_ASSERT_EQUAL(run_in("bad", "2023-11", "2023-10", "--tekun t9.csv"), 2);
    CU_ASSERT_TRUE(err_has("bad/2023-10/recoveries.csv:1"));
    CU_ASSERT_FALSE(exists("bad/2023-11"));
}

/* arrears.max_months for the entry's district: the larger of its urban and
 * rural values (1 for all, 2 for 320613 rural: a 320613 urban entry lasts 2) */
static void test_expiry_by_district(void)
{
    begin("expiry-district", "arrears.max_months,*,*,2023-01,1,test\narrears.max_months,320613,rural,2023-01,2,test\n");
    tekun("t8.csv", "1 2#320612");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t8.csv"), 0);
    put("ret.csv", fmt(RET_HEADER "%s%s", ret_row("2023-08", "TEKUN", ID(1), "failed", "销户", 0, NULL),
                       ret_row("2023-08", "TEKUN", ID(2), "failed", "销户", 0, NULL)));
    tekun("t9.csv", "3");
    CU_ASSERT_EQUAL(run("2023-09", "2023-08", "--tekun t9.csv --returns ret.csv"), 0);   /* M - since = 1 */
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", ID(1), "OPEN"), 1);
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", ID(2), "EXPIRED"), 1);
}

/* a back pay of exactly the open entry settles it (and nothing is
 * re-issued); one fen off: ADJ_ARREARS_MISMATCH, the entry stays open */
static void test_settled_by_adjustment(void)
{
    begin("settled", NULL);
    tekun("t8.csv", "1 2");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t8.csv"), 0);
    long long n1 = tekun_fen("2023-08", 1), n2 = tekun_fen("2023-08", 2);
    put("ret.csv", fmt(RET_HEADER "%s%s", ret_row("2023-08", "TEKUN", ID(1), "failed", "销户", 0, NULL),
                       ret_row("2023-08", "TEKUN", ID(2), "failed", "销户", 0, NULL)));
    put("adj.csv", fmt(ADJ_HEADER "补发,TEKUN,%s,2023-08,%s,B1,王科长,回盘失败\n"
                                   "补发,TEKUN,%s,2023-08,%s,B2,王科长,回盘失败\n",
                       ID(1), yuan(n1), ID(2), yuan(n2 - 1)));
    tekun("t9.csv", "1@21 2@22");   /* new accounts: re-issue would apply but for the back pay */
    snap("2023-08");
    CU_ASSERT_EQUAL(run("2023-09", "2023-08", "--tekun t9.csv --returns ret.csv --adjustments adj.csv"), 0);
    CU_ASSERT_TRUE(unchanged("2023-08"));
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", ID(1), "SETTLED_BY_ADJUSTMENT"), 1);
    CU_ASSERT_EQUAL(lcount("2023-09", "TEKUN", ID(1), "REISSUE", NULL), 0);
    CU_ASSERT_EQUAL(amount("2023-09", "TEKUN", ID(1), "BACKPAY", "2023-08"), n1);
    CU_ASSERT_STR(lget("2023-09", "TEKUN", ID(1), "BACKPAY", "2023-08", L_BASIS), "补发 2023-08: 回盘失败 (B1)");
    CU_ASSERT_STR(lget("2023-09", "TEKUN", ID(1), "BACKPAY", "2023-08", L_ACCOUNT), ACC(21));
    CU_ASSERT_EQUAL(fcount("2023-09", "adj.csv", "3", ID(2), "REJECTED", "ADJ_ARREARS_MISMATCH",
                           fmt("~%s yuan, the back pay %s yuan", eyuan(n2), eyuan(n2 - 1))), 1);
    /* 2's entry is then re-issued to the new account, as if no back pay were there */
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", ID(2), "REISSUED"), 1);
    CU_ASSERT_EQUAL(lcount("2023-09", "TEKUN", ID(2), "BACKPAY", NULL), 0);
    CU_ASSERT_TRUE(manifest_has("2023-09", "adj.csv", "\"rows\": 2, \"accepted\": 1, \"rejected\": 1, \"held\": 0"));
    CU_ASSERT_TRUE(manifest_has("2023-09", "ret.csv", "\"rows\": 2, \"accepted\": 2, \"rejected\": 0"));
}

/* a DIBAO household's failed row: arrears per household, and a back pay
 * of it while the household is not paid this month takes payee and account
 * from the head's record */
static void test_dibao_backpay(void)
{
    begin("dibao", NULL);
    const char *zHead = tb_id("19580312", 11), *zWife = tb_id("19611105", 12);
    const char *zHdr = "household_id,relation,id_number,name,district,area,household_income,bank,account,payee\n";
    put("d8.csv", fmt("%sDB320613-0001,户主,%s,陈建国,320613,urban,500,中国农业银行,%s,\nDB320613-0001,配偶,%s,顾秀英,320613,urban,,,,\n",
                      zHdr, zHead, ACC(60), zWife));
    put("d9.csv", fmt("%sDB320613-0001,户主,%s,陈建国,320613,urban,9000,中国农业银行,%s,\nDB320613-0001,配偶,%s,顾秀英,320613,urban,,,,\n",
                      zHdr, zHead, ACC(61), zWife));
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--dibao d8.csv"), 0);
    long long n = amount("2023-08", "DIBAO", "DB320613-0001", "REGULAR", NULL);
    CU_ASSERT(n > 0);
    put("ret.csv", fmt(RET_HEADER "%s", ret_row("2023-08", "DIBAO", "DB320613-0001", "失败", "户名不符", 0, NULL)));
    put("adj.csv", fmt(ADJ_HEADER "补发,DIBAO,DB320613-0001,2023-08,%s,B1,王科长,回盘失败\n", yuan(n)));
    snap("2023-08");
    CU_ASSERT_EQUAL_FATAL(run("2023-09", "2023-08", "--dibao d9.csv --returns ret.csv --adjustments adj.csv"), 0);
    CU_ASSERT_TRUE(unchanged("2023-08"));
    CU_ASSERT_EQUAL(lcount("2023-09", "DIBAO", "DB320613-0001", "REGULAR", NULL), 0);   /* income above the line */
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", "DB320613-0001", "SETTLED_BY_ADJUSTMENT"), 1);
    CU_ASSERT_EQUAL(amount("2023-09", "DIBAO", "DB320613-0001", "BACKPAY", "2023-08"), n);
    CU_ASSERT_STR(lget("2023-09", "DIBAO", "DB320613-0001", "BACKPAY", NULL, L_ACCOUNT), ACC(61));
    CU_ASSERT_STR(lget("2023-09", "DIBAO", "DB320613-0001", "BACKPAY", NULL, L_PAYEE), "陈建国");
    CU_ASSERT_STR(lget("2023-09", "DIBAO", "DB320613-0001", "BACKPAY", NULL, L_PERSON), zHead);
    CU_ASSERT_STR(lget("2023-09", "DIBAO", "DB320613-0001", "BACKPAY", NULL, L_HOUSE), "DB320613-0001");
    CU_ASSERT_STR(lget("2023-09", "DIBAO", "DB320613-0001", "BACKPAY", NULL, L_PAYREF), "202309-320613-000001");
    /* once an engine bug (changes and line types); checked so that it stays mended */
    const char *aStop[] = { "STOPPED", "DIBAO", "320613", "DB320613-0001" };
    CU_ASSERT_EQUAL(rcount("2023-09", "changes.csv", aStop, 4), 1);
}

/* two recoveries of one line share its 20 %: in (since, reference) order,
 * each at most its balance */
static void test_recoveries_share_a_line(void)
{
    begin("recovery-two", NULL);
    tekun("t.csv", "1");
    put("adj.csv", fmt(ADJ_HEADER "追回,TEKUN,%s,2023-08,500,B,王科长,多发\n"
                                   "追回,TEKUN,%s,2023-08,300,A,王科长,多发\n",
                       ID(1), ID(1)));
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t.csv --adjustments adj.csv"), 0);
    /* 210700 x 20 % = 42140: A takes its 30000, B the 12140 left */
    CU_ASSERT_EQUAL(tekun_fen("2023-08", 1), 210700 - 42140);
    CU_ASSERT_STR(lget("2023-08", "TEKUN", ID(1), "REGULAR", NULL, L_BASIS), "2025+820*10%=2107-追回 300 (A)-追回 121.40 (B)");
    const char *aA[] = { "TEKUN", ID(1), "320613", "A", "2023-08", "30000", "30000", "0", "CLOSED" };
    const char *aB[] = { "TEKUN", ID(1), "320613", "B", "2023-08", "50000", "12140", "37860", "OPEN" };
    CU_ASSERT_EQUAL(rcount("2023-08", "recoveries.csv", aA, 9), 1);
    CU_ASSERT_EQUAL(rcount("2023-08", "recoveries.csv", aB, 9), 1);
}

/* ---- bank rows, line order, determinism ----------------------------------------- */

/* pay_ref: a guardian's wards share one bank row per programme; rows
 * numbered per district from 000001 in the order of their first line */
static void test_pay_ref(void)
{
    begin("payref", NULL);
    const char *zK1 = tb_id("20150101", 1), *zK2 = tb_id("20160101", 2);
    char zOrphan[2048];
    snprintf(zOrphan, sizeof(zOrphan),
             "id_number,name,category,in_school,district,area,town,village,guardian,bank,account,institution,institution_bank,institution_account\n"
             "%s,孩一,scattered,yes,320613,urban,t,v,周桂英,中国工商银行,%s,,,\n"
             "%s,孩二,scattered,yes,320613,urban,t,v,周桂英,中国工商银行,%s,,,\n",
             zK1, ACC(50), zK2, ACC(50));
    put("o.csv", zOrphan);
    tekun("t.csv", "3#320612 4#320612 5");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, "--tekun t.csv --orphan o.csv"), 0);
    const char *zR1 = lget("2023-08", "ORPHAN", zK1, "REGULAR", NULL, L_PAYREF);
    const char *zR2 = lget("2023-08", "ORPHAN", zK2, "REGULAR", NULL, L_PAYREF);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zR1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zR2);
    CU_ASSERT_STR(zR1, zR2);
    CU_ASSERT_STR(lget("2023-08", "PRICE", zK1, "REGULAR", NULL, L_PAYREF), lget("2023-08", "PRICE", zK2, "REGULAR", NULL, L_PAYREF));
    /* 320612 (before 320613 in ledger order): TEKUN 3, TEKUN 4, PRICE 3, PRICE 4 */
    CU_ASSERT_STR(lget("2023-08", "TEKUN", ID(3), "REGULAR", NULL, L_PAYREF), "202308-320612-000001");
    CU_ASSERT_STR(lget("2023-08", "TEKUN", ID(4), "REGULAR", NULL, L_PAYREF), "202308-320612-000002");
    CU_ASSERT_STR(lget("2023-08", "PRICE", ID(4), "REGULAR", NULL, L_PAYREF), "202308-320612-000004");
    /* 320613: TEKUN 5, ORPHAN (the guardian's row), PRICE 5, PRICE (the guardian's row) */
    CU_ASSERT_STR(lget("2023-08", "TEKUN", ID(5), "REGULAR", NULL, L_PAYREF), "202308-320613-000001");
    CU_ASSERT_STR(zR1, "202308-320613-000002");
    CU_ASSERT_STR(lget("2023-08", "PRICE", zK1, "REGULAR", NULL, L_PAYREF), "202308-320613-000004");
    /* the wards' row fails as one: both lines become arrears entries, with its amount the sum */
    long long nSum = amount("2023-08", "ORPHAN", zK1, "REGULAR", NULL) + amount("2023-08", "ORPHAN", zK2, "REGULAR", NULL);
    put("ret.csv", fmt(RET_HEADER "%s,%s,周桂英,%s,failed,\n", zR1, ACC(50), yuan(nSum)));
    snap("2023-08");
    CU_ASSERT_EQUAL(run("2023-09", "2023-08", "--tekun t.csv --orphan o.csv --returns ret.csv"), 0);
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", zK1, "OPEN"), 1);
    CU_ASSERT_EQUAL(arrears("2023-09", "2023-08", zK2, "OPEN"), 1);
    CU_ASSERT_TRUE(manifest_has("2023-09", "ret.csv", "\"rows\": 1, \"accepted\": 1, \"rejected\": 0"));
    CU_ASSERT_TRUE(unchanged("2023-08"));
}

/* several lines of one beneficiary: REGULAR, REISSUE, BACKPAY, DIFFERENCE
 * (then by period, then reference), the next programme's after; TEMP last */
static void test_line_order(void)
{
    begin("order", NULL);
    tekun("t78.csv", "2");
    tekun("t9.csv", "1 2");
    CU_ASSERT_EQUAL_FATAL(run("2023-07", NULL, "--tekun t78.csv"), 0);
    CU_ASSERT_EQUAL_FATAL(run("2023-08", "2023-07", "--tekun t78.csv"), 0);
    CU_ASSERT_EQUAL_FATAL(run("2023-09", "2023-08", "--tekun t9.csv"), 0);
    put("ret.csv", fmt(RET_HEADER "%s", ret_row("2023-09", "TEKUN", ID(1), "failed", "销户", 0, NULL)));
    put("adj.csv", fmt(ADJ_HEADER
                       "补差,TEKUN,%s,2023-09,3,X,王科长,调标\n"
                       "临时救助,TEMP,%s,2023-10,500,T,王科长,火灾\n"
                       "补发,TEKUN,%s,2023-08,2,Z,王科长,漏发\n"
                       "补差,TEKUN,%s,2023-09,4,W,王科长,调标\n"
                       "补发,TEKUN,%s,2023-07,1,Y,王科长,漏发\n",
                       ID(1), ID(1), ID(1), ID(1), ID(1)));
    tekun("t10.csv", "2 1@31");
    snap("2023-07");
    snap("2023-08");
    snap("2023-09");
    CU_ASSERT_EQUAL_FATAL(run("2023-10", "2023-09", "--tekun t10.csv --returns ret.csv --adjustments adj.csv"), 0);
    CU_ASSERT_TRUE(unchanged("2023-07"));
    CU_ASSERT_TRUE(unchanged("2023-08"));
    CU_ASSERT_TRUE(unchanged("2023-09"));
    char *z = tu_read(P("out/2023-10/ledger.csv.gz"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    /* the (program, beneficiary, line_type, period, reference) of each line, in file order */
    char zGot[4096] = "";
    size_t nGot = 0;
    for (char *s = strchr(z, '\n'); s && s[1]; s = strchr(s + 1, '\n')) {
        const char *zLine = s + 1;
        char zProg[16], zBen[32];
        if (sscanf(zLine, "%15[^,],%31[^,]", zProg, zBen) != 2) continue;
        const char *zEnd = strchr(zLine, '\n');
        int nLine = zEnd ? (int)(zEnd - zLine) : (int)strlen(zLine);
        /* the last four fields: line_type,period,reference,pay_ref */
        const char *c = zLine + nLine;
        for (int k = 0; k < 4 && c > zLine; k++) do c--; while (c > zLine && *c != ',');
        nGot += (size_t)snprintf(zGot + nGot, sizeof(zGot) - nGot, "%s %s %.*s|", zProg, strcmp(zBen, ID(1)) == 0 ? "1" : "2",
                                 (int)(zLine + nLine - c - 1 - 21), c + 1);
    }
    free(z);
    CU_ASSERT_STR(zGot,
                           "TEKUN 1 REGULAR,2023-10,|TEKUN 1 REISSUE,2023-09,202309-320613-000001|TEKUN 1 BACKPAY,2023-07,Y|TEKUN 1 BACKPAY,2023-08,Z|"
                           "TEKUN 1 DIFFERENCE,2023-09,W|TEKUN 1 DIFFERENCE,2023-09,X|TEKUN 2 REGULAR,2023-10,|"
                           "TEMP 1 TEMPORARY,2023-10,T|");
    /* the REISSUE's reference is the failed pay_ref */
    CU_ASSERT_STR(lget("2023-10", "TEKUN", ID(1), "REISSUE", NULL, L_REF), lget("2023-09", "TEKUN", ID(1), "REGULAR", NULL, L_PAYREF));
    /* one bank row for all TEKUN lines of person 1 (one account) */
    const char *zRow = lget("2023-10", "TEKUN", ID(1), "REGULAR", NULL, L_PAYREF);
    const char *aRow[L_COUNT] = { [L_PROG] = "TEKUN", [L_BEN] = ID(1), [L_PAYREF] = zRow };
    CU_ASSERT_EQUAL(csv_match(P("out/2023-10/ledger.csv.gz"), aRow, L_COUNT, -1, NULL), 6);
    /* once an engine bug (changes and line types); checked so that it stays mended */
    CU_ASSERT_EQUAL(amount("2023-09", "TEKUN", ID(1), "REGULAR", NULL), amount("2023-10", "TEKUN", ID(1), "REGULAR", NULL));
    const char *aChanged[] = { "CHANGED", "TEKUN", "320613", ID(1) };
    CU_ASSERT_EQUAL(rcount("2023-10", "changes.csv", aChanged, 4), 0);
    /* once an engine bug (verify and persons); checked so that it stays mended */
    CU_ASSERT_EQUAL(tu_sh("cd '%s' && '%s' verify out/2023-10 >/dev/null 2>&1", gzCase, gzBin), 0);
}

/* three months of returns and adjustments at --threads 1 and 2: the same
 * bytes */
static void chain(const char *zName, int nThreads)
{
    begin(zName, NULL);
    const char *zT = fmt("--threads %d", nThreads);
    tekun("t8.csv", "1 2 3 4 5#320612 6#320612");
    CU_ASSERT_EQUAL_FATAL(run("2023-08", NULL, fmt("%s --tekun t8.csv", zT)), 0);
    put("ret9.csv", fmt(RET_HEADER "%s%s%s", ret_row("2023-08", "TEKUN", ID(1), "failed", "销户", 0, NULL),
                        ret_row("2023-08", "TEKUN", ID(5), "failed", "冻结", 0, NULL),
                        ret_row("2023-08", "PRICE", ID(2), "success", "", 0, NULL)));
    put("adj9.csv", fmt(ADJ_HEADER_FULL "追回,TEKUN,%s,2023-09,5000,R1,王科长,冒领" PAD "\n"
                                   "补差,TEKUN,%s,2023-08,10,D1,王科长,调标" PAD "\n"
                                   "临时救助,TEMP,%s,2023-09,800,T1,王科长,火灾,测试9,320612,rural,中国银行,%s,测试9\n",
                        ID(3), ID(4), ID(9), ACC(9)));
    /* nothing closes before the last month (see the closed register rows test) */
    CU_ASSERT_EQUAL_FATAL(run("2023-09", "2023-08", fmt("%s --tekun t8.csv --returns ret9.csv --adjustments adj9.csv", zT)), 0);
    put("ret10.csv", fmt(RET_HEADER "%s", ret_row("2023-09", "TEKUN", ID(2), "failed", "", 0, NULL)));
    put("adj10.csv", fmt(ADJ_HEADER "补发,TEKUN,%s,2023-08,%s,B1,王科长,回盘失败\n", ID(5), yuan(tekun_fen("2023-08", 5))));
    tekun("t10.csv", "1@41 2 3 4 5#320612 6#320612");
    CU_ASSERT_EQUAL_FATAL(run("2023-10", "2023-09", fmt("%s --tekun t10.csv --returns ret10.csv --adjustments adj10.csv", zT)), 0);
    CU_ASSERT_EQUAL(lcount("2023-10", "TEKUN", ID(1), "REISSUE", "2023-08"), 1);
    CU_ASSERT_EQUAL(lcount("2023-10", "TEKUN", ID(5), "BACKPAY", "2023-08"), 1);
    CU_ASSERT_EQUAL(arrears("2023-10", "2023-09", ID(2), "OPEN"), 1);
}

static void test_threads_identical(void)
{
    chain("thr1", 1);
    chain("thr2", 2);
    CU_ASSERT_EQUAL(tu_sh("diff -r -x '.*.lock' '%s/cyc-thr1/out' '%s/cyc-thr2/out' >&2", tu_tmpdir(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("ls '%s/cyc-thr1/out' | tr '\\n' ' ' | grep -qx '2023-08 2023-09 2023-10 '", tu_tmpdir()), 0);
}

static const pr_test aTests[] = {
    { "--returns without --prev", test_returns_without_prev },
    { "returns of another month", test_returns_other_month },
    { "return row checks", test_returns_checks },
    { "adjustment checks", test_adjustment_checks },
    { "the same adjustments two months running", test_duplicate_next_month },
    { "history missing", test_history_missing },
    { "a back pay paid in a later folder", test_backpay_paid_later },
    { "a recovery larger than all payments", test_recovery_never_ends },
    { "a small recovery closes", test_recovery_closes },
    { "recovery.offset_pct above 50", test_offset_pct_over_50 },
    { "a lower-case x does not pass the double-payment guard", test_lowercase_x },
    { "re-issue to a new account", test_reissue },
    { "arrears kept open", test_arrears_kept_open },
    { "the month after a closed register row", test_closed_register_next_month },
    { "expiry at arrears.max_months", test_expiry },
    { "expiry: the larger of urban and rural", test_expiry_by_district },
    { "DIBAO: arrears and back pay from the head's record", test_dibao_backpay },
    { "several recoveries on one line", test_recoveries_share_a_line },
    { "settled by a back pay, one fen off", test_settled_by_adjustment },
    { "pay_ref numbering", test_pay_ref },
    { "ledger order of one beneficiary", test_line_order },
    { "three months, 1 and 2 threads", test_threads_identical },
};

int suite_cycle(void) { PR_ADD_SUITE("cycle", aTests); }
