/*
 * test_cycle_samples.c - end to end on the sample's second month: runs
 * 2023-08 and then 2023-09 (--prev, the banks' returns for August and
 * September's adjustments) as `make demo` does, and checks the figures that
 * samples/EXPECTED.md, "The second month, 2023-09", works out by hand: the
 * return rows' and adjustments' codes on their file and line, arrears.csv,
 * recoveries.csv, adjustments.csv, the REISSUE / BACKPAY / DIFFERENCE /
 * TEMPORARY lines and the offset, the totals the cycle changes and the
 * grand total; and that the two months run twice (--threads 1, then 2) give
 * byte-identical folders. Run from the repository root.
 */
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* as the Makefile's demo target runs them (SAMPLES, SAMPLES_09) */
#define ROSTERS_A " --policy samples/policy.csv --index samples/index.csv" \
    " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv"
#define ROSTERS_B " --disability samples/disability-certificate-only.csv --orphan samples/orphan-children.csv" \
    " --max-reject-rate 5"
#define AUG_ARGS " --month 2023-08" ROSTERS_A " --disability samples/disability-with-type.csv" ROSTERS_B
#define SEP_ARGS " --month 2023-09" ROSTERS_A " --disability samples/2023-09/disability-with-type.csv" ROSTERS_B \
    " --returns samples/returns-2023-08.csv --adjustments samples/adjustments-2023-09.csv"

/* The September folder the checks read ($TMP/cyc1/2023-09), and whether the
 * two months ran. */
static char zSep[600];
static int bRan;

/* Runs both months into DIR/out with nThreads, then renames DIR/out to
 * DIR/zName: the two runs use the same --out and --prev paths, so that
 * what the manifests record of them is the same. 0 when both exited 0. */
static int run_two_months(const char *zName, int nThreads)
{
    const char *zT = tu_tmpdir();
    int rc = tu_sh("rm -rf %s/out && %s run" AUG_ARGS " --out %s/out --threads %d --no-progress 2>/dev/null >/dev/null",
                   zT, tu_bin(), zT, nThreads);
    if (rc != 0) return -1;
    rc = tu_sh("%s run" SEP_ARGS " --prev %s/out/2023-08 --out %s/out --threads %d --no-progress 2>/dev/null >/dev/null",
               tu_bin(), zT, zT, nThreads);
    if (rc != 0) return -1;
    return tu_sh("rm -rf %s/%s && mv %s/out %s/%s", zT, zName, zT, zT, zName) == 0 ? 0 : -1;
}

static int setup(void)
{
    if (run_two_months("cyc1", 1) != 0) { fprintf(stderr, "the sample months did not run\n"); return 0; }
    snprintf(zSep, sizeof(zSep), "%s/cyc1/2023-09", tu_tmpdir());
    bRan = 1;
    return 0;
}

/* A file of the September folder, read whole (gzip decoded). */
static char *sep_file(const char *zName)
{
    char zPath[700];
    snprintf(zPath, sizeof(zPath), "%s/%s", zSep, zName);
    return tu_read(zPath);
}

/* 1 when z has a line that starts with zPrefix. */
static int has_line_prefix(const char *z, const char *zPrefix)
{
    size_t n = strlen(zPrefix);
    for (const char *p = z; p && *p; ) {
        if (strncmp(p, zPrefix, n) == 0) return 1;
        p = strchr(p, '\n');
        if (p) p++;
    }
    return 0;
}

/* The number of lines of z that start with zPrefix. */
static int count_line_prefix(const char *z, const char *zPrefix)
{
    size_t n = strlen(zPrefix);
    int k = 0;
    for (const char *p = z; p && *p; ) {
        if (strncmp(p, zPrefix, n) == 0) k++;
        p = strchr(p, '\n');
        if (p) p++;
    }
    return k;
}

/* samples/EXPECTED.md, "Bank returns" and "Adjustments": each finding on
 * its file and line (file,line,program,id,status,code,) */
static void test_findings(void)
{
    CU_ASSERT_FATAL(bRan);
    char *z = sep_file("exceptions.csv");
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    static const char *const azRow[] = {
        "samples/2023-09/disability-with-type.csv,5,DIS_NURSING,320685199501266934,WARNING,RETURN_ACCOUNT_UNCHANGED,",
        "samples/returns-2023-08.csv,6,ORPHAN,320614200508027733,WARNING,ARREARS_NOT_PAYABLE,",
        "samples/returns-2023-08.csv,7,PRICE,320614200508027733,WARNING,ARREARS_NOT_PAYABLE,",
        "samples/returns-2023-08.csv,8,ORPHAN,202308-320682-000065,REJECTED,RETURN_MISMATCH,",
        "samples/returns-2023-08.csv,11,,202308-320685-000114,REJECTED,RETURN_BAD_RESULT,",
        "samples/returns-2023-08.csv,12,,202308-320623-000999,REJECTED,RETURN_UNKNOWN_REF,",
        "samples/returns-2023-08.csv,13,,202307-320681-000012,REJECTED,RETURN_UNKNOWN_REF,",
        "samples/returns-2023-08.csv,14,DIS_NURSING,202308-320612-000065,REJECTED,RETURN_DUPLICATE,",
        "samples/adjustments-2023-09.csv,5,TEMP,320682196611028117,HELD,TEMP_OVER_LIMIT,",
        "samples/adjustments-2023-09.csv,7,ORPHAN,320614200508027733,REJECTED,ADJ_NOT_APPROVED,",
        "samples/adjustments-2023-09.csv,8,TEMP,320623197906158028,REJECTED,ADJ_DUPLICATE,",
        "samples/adjustments-2023-09.csv,9,DIBAO,DB320612-0010,REJECTED,ADJ_ALREADY_PAID,",
        "samples/adjustments-2023-09.csv,10,DIBAO,DB320612-0004,HELD,ADJ_HISTORY_MISSING,",
        /* what the rules change in September without the cycle */
        "samples/dibao-chongchuan-tongzhou.csv,7,DIBAO,DB320612-0003,INELIGIBLE,GRACE_EXPIRED,",
        "samples/orphan-children.csv,6,ORPHAN,320614200508027733,INELIGIBLE,AGED_OUT,",
    };
    for (size_t i = 0; i < sizeof(azRow) / sizeof(azRow[0]); i++) {
        int b = has_line_prefix(z, azRow[i]);
        CU_ASSERT(b);
        if (!b) fprintf(stderr, "missing finding: %s\n", azRow[i]);
    }
    /* no other finding on the two files, and the July reference is named */
    CU_ASSERT_EQUAL(count_line_prefix(z, "samples/returns-2023-08.csv,"), 7);
    CU_ASSERT_EQUAL(count_line_prefix(z, "samples/adjustments-2023-09.csv,"), 5);
    CU_ASSERT_EQUAL(count_line_prefix(z, "samples/policy.csv,"), 14);
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "is a bank row of 2023-07"));
    /* the cycle gives no other RETURN_ACCOUNT_UNCHANGED / ARREARS_NOT_PAYABLE */
    int nWarn = 0;
    for (const char *p = z; (p = strstr(p, ",WARNING,RETURN_ACCOUNT_UNCHANGED,")); p++) nWarn++;
    for (const char *p = z; (p = strstr(p, ",WARNING,ARREARS_NOT_PAYABLE,")); p++) nWarn++;
    CU_ASSERT_EQUAL(nWarn, 3);
    free(z);
}

/* samples/EXPECTED.md, "Arrears", "Recovery" and "Adjustments": the three
 * registers, whole */
static void test_registers(void)
{
    CU_ASSERT_FATAL(bRan);
    char *z = sep_file("arrears.csv");
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_STRING_EQUAL(z,
        "period,program,beneficiary_id,district,amount_fen,reason,since,failed_account,state,pay_ref\n"
        "2023-08,DIS_NURSING,320612196810176826,320612,15000,账号已销户,2023-08,6216617438147828605,REISSUED,202308-320612-000065\n"
        "2023-08,DIS_NURSING,320613197002281645,320613,15000,卡已挂失,2023-08,6217006802087429772,SETTLED_BY_ADJUSTMENT,202308-320613-000074\n"
        "2023-08,DIS_NURSING,320685199501266934,320685,9000,户名与账号不符,2023-08,6223698411460861113,OPEN,202308-320685-000085\n"
        "2023-08,ORPHAN,320614200508027733,320614,160000,账号已销户,2023-08,6228488417601543885,OPEN,202308-320614-000060\n"
        "2023-08,PRICE,320614200508027733,320614,6800,账号已销户,2023-08,6228488417601543885,OPEN,202308-320614-000109\n");
    free(z);

    z = sep_file("recoveries.csv");
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    /* 262800 x 20 % = 52560 < 80000; balance 27440 */
    CU_ASSERT_STRING_EQUAL(z,
        "program,beneficiary_id,district,reference,since,amount_fen,recovered_fen,balance_fen,state\n"
        "DIBAO,DB320613-0001,320613,崇民追〔2023〕3号,2023-09,80000,52560,27440,OPEN\n");
    free(z);

    z = sep_file("adjustments.csv");
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_STRING_EQUAL(z,
        "file,line,type,program,beneficiary_id,period,amount_fen,reference,approved_by,status,code\n"
        "samples/adjustments-2023-09.csv,2,BACKPAY,DIS_NURSING,320613197002281645,2023-08,15000,崇民补〔2023〕15号,王建,ACCEPTED,\n"
        "samples/adjustments-2023-09.csv,3,DIFFERENCE,DIBAO,DB320612-0003,2023-08,3450,通民补〔2023〕22号,周敏,ACCEPTED,\n"
        "samples/adjustments-2023-09.csv,4,TEMPORARY,TEMP,320623197906158028,2023-09,200000,东民临〔2023〕12号,李娟,ACCEPTED,\n"
        "samples/adjustments-2023-09.csv,5,TEMPORARY,TEMP,320682196611028117,2023-09,500000,皋民临〔2023〕7号,陈刚,HELD,TEMP_OVER_LIMIT\n"
        "samples/adjustments-2023-09.csv,6,RECOVERY,DIBAO,DB320613-0001,2023-07,80000,崇民追〔2023〕3号,王建,ACCEPTED,\n"
        "samples/adjustments-2023-09.csv,7,BACKPAY,ORPHAN,320614200508027733,2023-08,160000,海民补〔2023〕8号,,REJECTED,ADJ_NOT_APPROVED\n"
        "samples/adjustments-2023-09.csv,8,TEMPORARY,TEMP,320623197906158028,2023-09,200000,东民临〔2023〕12号,李娟,REJECTED,ADJ_DUPLICATE\n"
        "samples/adjustments-2023-09.csv,9,BACKPAY,DIBAO,DB320612-0010,2023-08,172600,通民补〔2023〕30号,周敏,REJECTED,ADJ_ALREADY_PAID\n"
        "samples/adjustments-2023-09.csv,10,BACKPAY,DIBAO,DB320612-0004,2023-07,40000,通民补〔2023〕31号,周敏,HELD,ADJ_HISTORY_MISSING\n");
    free(z);
}

/* ---- the ledger ----------------------------------------------------------- */

enum { L_PROG, L_BEN, L_HH, L_PERSON, L_DIST, L_AREA, L_NAME, L_PAYEE, L_BANK, L_ACCOUNT,
       L_FEN, L_BASIS, L_TYPE, L_PERIOD, L_REF, L_PAYREF, L_N };

/* Splits one CSV record of the ledger (at *pz, RFC 4180 quotes) into its
 * fields (written into zBuf); advances *pz past the record. The number of
 * fields, or -1 at the end. */
static int next_record(const char **pz, char *zBuf, size_t nBuf, char *azF[L_N])
{
    const char *p = *pz;
    if (!p || !*p) return -1;
    size_t o = 0;
    int nF = 0;
    azF[nF++] = zBuf;
    int bQuote = 0;
    for (; *p; p++) {
        if (o + 2 >= nBuf) break;
        if (bQuote) {
            if (*p == '"' && p[1] == '"') { zBuf[o++] = '"'; p++; }
            else if (*p == '"') bQuote = 0;
            else zBuf[o++] = *p;
        } else if (*p == '"') bQuote = 1;
        else if (*p == ',') { zBuf[o++] = 0; if (nF < L_N) azF[nF] = zBuf + o; nF++; }
        else if (*p == '\n') { p++; break; }
        else zBuf[o++] = *p;
    }
    zBuf[o] = 0;
    *pz = p;
    return nF;
}

/* One ledger line, as EXPECTED.md gives it. */
typedef struct {
    const char *zProg, *zBen, *zType, *zPeriod, *zRef, *zPayee, *zBank, *zAccount, *zBasis;
    long long nFen;
} want_line;

static const want_line aWant[] = {
    { "DIS_NURSING", "320612196810176826", "REISSUE", "2023-08", "202308-320612-000065", "杨秀兰", "江苏银行",
      "6221735268667376", "重发 2023-08: 账号已销户", 15000 },
    { "DIS_NURSING", "320612196810176826", "REGULAR", "2023-09", "", "杨秀兰", "江苏银行",
      "6221735268667376", "等级1 类别1: 150", 15000 },
    { "DIS_NURSING", "320613197002281645", "BACKPAY", "2023-08", "崇民补〔2023〕15号", "蔡玉芳", "中国建设银行",
      "6217006802087429772", "补发 2023-08: 8月卡已挂失退回，已解除挂失 (崇民补〔2023〕15号)", 15000 },
    { "DIBAO", "DB320612-0003", "DIFFERENCE", "2023-08", "通民补〔2023〕22号", "施海峰", "南通农商银行",
      "6223690985000600063", "补差 2023-08: 渐退金额复核更正 615.50→650.00 (通民补〔2023〕22号)", 3450 },
    { "TEMP", "320623197906158028", "TEMPORARY", "2023-09", "东民临〔2023〕12号", "陆美华", "中国农业银行",
      "6228488708694095266", "临时救助 2023-09: 住房火灾，生活用品全毁 (东民临〔2023〕12号)", 200000 },
    /* 860*4-1500.50+688 = 2627.50 -> 2628; 20 % = 525.60 set against the recovery */
    { "DIBAO", "DB320613-0001", "REGULAR", "2023-09", "", "陈建国", "中国农业银行", NULL,
      "860*4-1500.50+688=2627.5→2628 (进整到元)-追回 525.60 (崇民追〔2023〕3号)", 210240 },
    { "DIS_NURSING", "320685199501266934", "REGULAR", "2023-09", "", "徐小军", "南通农商银行",
      "6223698411460861113", "等级3 类别5: 90", 9000 },
};
#define N_WANT (int)(sizeof(aWant) / sizeof(aWant[0]))

/* Totals per (district, programme) that the cycle changes (lines, fen). */
static const struct { const char *zDist, *zProg; int nLines; long long nFen; } aTotal[] = {
    { "320612", "DIBAO", 41, 6496850 },        /* + DIFFERENCE 3450 */
    { "320612", "DIS_NURSING", 13, 165000 },   /* + REISSUE 15000 */
    { "320613", "DIBAO", 44, 6024190 },        /* - offset 52560 */
    { "320613", "DIS_NURSING", 15, 183000 },   /* + BACKPAY 15000 */
    { "320623", "TEMP", 1, 200000 },           /* + TEMPORARY 200000 */
};
#define N_TOTAL (int)(sizeof(aTotal) / sizeof(aTotal[0]))

static void test_ledger(void)
{
    CU_ASSERT_FATAL(bRan);
    char *z = sep_file("ledger.csv.gz");
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    const char *p = z;
    char zBuf[4096], *azF[L_N];
    CU_ASSERT_EQUAL_FATAL(next_record(&p, zBuf, sizeof(zBuf), azF), L_N);   /* the header */
    int aFound[N_WANT] = { 0 }, aLines[N_TOTAL] = { 0 };
    long long aFen[N_TOTAL] = { 0 };
    char azPayRef[N_WANT][40];
    int nLines = 0, nCycle = 0, nOffset = 0, nGe = 0;
    long long nFen = 0;
    int nF;
    while ((nF = next_record(&p, zBuf, sizeof(zBuf), azF)) >= 0) {
        CU_ASSERT_EQUAL(nF, L_N);
        if (nF != L_N) continue;
        long long nAmt = atoll(azF[L_FEN]);
        nLines++;
        nFen += nAmt;
        if (strcmp(azF[L_TYPE], "REGULAR") != 0) nCycle++;
        if (strstr(azF[L_BASIS], "追回")) nOffset++;
        if (strcmp(azF[L_BEN], "320614200508027733") == 0) nGe++;
        for (int i = 0; i < N_TOTAL; i++)
            if (!strcmp(azF[L_DIST], aTotal[i].zDist) && !strcmp(azF[L_PROG], aTotal[i].zProg)) {
                aLines[i]++;
                aFen[i] += nAmt;
            }
        for (int i = 0; i < N_WANT; i++) {
            const want_line *w = &aWant[i];
            if (strcmp(azF[L_PROG], w->zProg) || strcmp(azF[L_BEN], w->zBen) || strcmp(azF[L_TYPE], w->zType)) continue;
            aFound[i]++;
            CU_ASSERT_STRING_EQUAL(azF[L_PERIOD], w->zPeriod);
            CU_ASSERT_STRING_EQUAL(azF[L_REF], w->zRef);
            CU_ASSERT_STRING_EQUAL(azF[L_PAYEE], w->zPayee);
            CU_ASSERT_STRING_EQUAL(azF[L_BANK], w->zBank);
            if (w->zAccount) CU_ASSERT_STRING_EQUAL(azF[L_ACCOUNT], w->zAccount);
            CU_ASSERT_STRING_EQUAL(azF[L_BASIS], w->zBasis);
            CU_ASSERT_EQUAL(nAmt, w->nFen);
            snprintf(azPayRef[i], sizeof(azPayRef[i]), "%s", azF[L_PAYREF]);
        }
    }
    for (int i = 0; i < N_WANT; i++) {
        CU_ASSERT_EQUAL(aFound[i], 1);
        if (aFound[i] != 1) fprintf(stderr, "ledger line %s %s %s found %d times\n", aWant[i].zProg, aWant[i].zBen,
                                    aWant[i].zType, aFound[i]);
    }
    /* the REISSUE line rides on 杨秀兰's new bank row with her REGULAR line,
     * a September reference of 通州区 */
    if (aFound[0] == 1 && aFound[1] == 1) {
        CU_ASSERT_STRING_EQUAL(azPayRef[0], azPayRef[1]);
        CU_ASSERT_EQUAL(strncmp(azPayRef[0], "202309-320612-", 14), 0);
    }
    CU_ASSERT_EQUAL(nCycle, 4);     /* REISSUE, BACKPAY, DIFFERENCE, TEMPORARY */
    CU_ASSERT_EQUAL(nOffset, 1);
    CU_ASSERT_EQUAL(nGe, 0);        /* 葛宇航 aged out: neither ORPHAN nor PRICE */
    for (int i = 0; i < N_TOTAL; i++) {
        CU_ASSERT_EQUAL(aLines[i], aTotal[i].nLines);
        CU_ASSERT_EQUAL(aFen[i], aTotal[i].nFen);
    }
    /* 68102900 + 3450 + 15000 + 15000 + 200000 - 52560 */
    CU_ASSERT_EQUAL(nLines, 1355);
    CU_ASSERT_EQUAL(nFen, 68283790);
    free(z);

    z = sep_file("manifest.json");
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "\"lines\": 1355, \"persons\": 1793, \"fen\": 68283790"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "\"kind\": \"returns\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "\"rows\": 13, \"accepted\": 8, \"rejected\": 5}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "\"rows\": 9, \"accepted\": 4, \"rejected\": 3, \"held\": 2}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "\"DIS_NURSING\": {\"lines\": 63, \"persons\": 61, \"fen\": 780000}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "\"TEMP\": {\"lines\": 1, \"persons\": 1, \"fen\": 200000}"));
    free(z);
}

/* The same two months again with 2 threads: every file of both folders the
 * same, byte for byte. */
static void test_rerun_identical(void)
{
    CU_ASSERT_FATAL(bRan);
    CU_ASSERT_EQUAL_FATAL(run_two_months("cyc2", 2), 0);
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL(tu_sh("test -s %s/cyc2/2023-09/ledger.csv.gz && test -s %s/cyc2/2023-09/arrears.csv", zT, zT), 0);
    /* the month folders (the .YYYY-MM.lock files beside them name the
     * process that held the month, and differ) */
    CU_ASSERT_EQUAL(tu_sh("diff -r %s/cyc1/2023-08 %s/cyc2/2023-08 >/dev/null", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("diff -r %s/cyc1/2023-09 %s/cyc2/2023-09 >/dev/null", zT, zT), 0);
    CU_ASSERT_EQUAL(tu_sh("test $(ls %s/cyc1/2023-09 | wc -l) -eq $(ls %s/cyc2/2023-09 | wc -l)"
                          " && test $(ls %s/cyc2/2023-09 | wc -l) -ge 20", zT, zT, zT), 0);
}

static const pr_test aTests[] = {
    { "2023-09: returns and adjustments findings", test_findings },
    { "2023-09: arrears, recoveries and adjustments registers", test_registers },
    { "2023-09: the cycle's ledger lines and totals", test_ledger },
    { "2023-08 and 2023-09 rerun with 2 threads: identical folders", test_rerun_identical },
};

int suite_cycle_samples(void)
{
    CU_pSuite pS = CU_add_suite("cycle_samples", setup, NULL);
    if (!pS) return -1;
    for (size_t i = 0; i < sizeof(aTests) / sizeof(aTests[0]); i++)
        if (!CU_add_test(pS, aTests[i].zName, aTests[i].xTest)) return -1;
    return 0;
}
