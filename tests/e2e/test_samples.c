/*
 * test_samples.c - end to end on samples/: the ledger lines worked out by
 * hand in samples/EXPECTED.md, the deliberately bad and held rows, the
 * per-file counts, and the command line (exit codes, the month folder,
 * byte-identical outputs for 1 and 2 threads). Run from the repository root.
 */
#include "run/read.h"
#include "rules/rules.h"
#include "tests/batchutil.h"
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static const struct { const char *zPath; pr_roster e; } aFile[] = {
    { "samples/dibao-chongchuan-tongzhou.csv", ROSTER_DIBAO },   /* 0 */
    { "samples/dibao-haimen-qidong.csv.gz", ROSTER_DIBAO },      /* 1 */
    { "samples/dibao-rudong-rugao.csv", ROSTER_DIBAO },          /* 2 */
    { "samples/dibao-haian.csv.gz", ROSTER_DIBAO },              /* 3 */
    { "samples/tekun-dispersed.csv", ROSTER_TEKUN },             /* 4 */
    { "samples/tekun-concentrated.csv", ROSTER_TEKUN },          /* 5 */
    { "samples/disability-with-type.csv", ROSTER_DISABILITY },   /* 6 */
    { "samples/disability-certificate-only.csv", ROSTER_DISABILITY }, /* 7 */
    { "samples/orphan-children.csv", ROSTER_ORPHAN },            /* 8 */
};
#define N_FILE (int)(sizeof(aFile) / sizeof(aFile[0]))

static pr_batch *pBatch;

static int setup(void)
{
    pBatch = pr_batch_new(2023 * 12 + 7, 2, ENC_AUTO);
    for (int i = 0; i < N_FILE; i++) pr_batch_add_input(pBatch, aFile[i].zPath, aFile[i].e);
    pr_error err = pr_batch_load_config(pBatch, "samples/policy.csv", "samples/index.csv");
    if (!err) err = pr_batch_read(pBatch);
    if (!err) err = pr_batch_compute(pBatch);
    if (err) fprintf(stderr, "samples batch failed: %s\n", pBatch->err.zMsg);
    return err ? -1 : 0;
}

static int teardown(void)
{
    pr_batch_free(pBatch);
    return 0;
}

/* samples/EXPECTED.md, "Hand-worked payment lines" */
static const struct { pr_prog e; const char *zBen; long long nFen; const char *zPayee; } aExpect[] = {
    { PROG_DIBAO, "DB320613-0001", 243600, NULL },   /* 820*4-1500.50+656 = 2435.50 -> 2436 */
    { PROG_DIBAO, "DB320613-0002", 52000, NULL },    /* 单人保 grade 3 mental: 820-300 */
    { PROG_DIBAO, "DB320612-0003", 61550, NULL },    /* 渐退 615.50 unchanged */
    { PROG_DIBAO, "DB320612-0010", 172600, NULL },   /* 2460-980+246; exactly 60 counts */
    { PROG_DIBAO, "DB320613-0011", 119000, NULL },   /* 1640-450.80 = 1189.20 -> 1190 */
    { PROG_DIBAO, "DB320613-0013", 80400, NULL },
    { PROG_DIBAO, "DB320613-0014", 90400, NULL },
    { PROG_DIBAO, "DB320681-0101", 216000, NULL },   /* 4100-2350.25+410 = 2159.75 -> 2160 */
    { PROG_DIBAO, "DB320614-0102", 106600, NULL },
    { PROG_DIBAO, "DB320614-0103", 41000, NULL },
    { PROG_DIBAO, "DB320681-0105", 116000, NULL },
    { PROG_DIBAO, "DB320682-0201", 196800, NULL },   /* GB18030 file */
    { PROG_DIBAO, "DB320685-0301", 126000, NULL },
    { PROG_TEKUN, "320613193801156447", 235300, "崇川区社会福利中心" },   /* 2025+328 */
    { PROG_TEKUN, "320681196010206516", 115200, "启东市吕四港镇敬老院" }, /* 1070+82 */
    { PROG_TEKUN, "320623194112035823", 123400, NULL },
    { PROG_TEKUN, "320685195607315951", 198200, NULL },
    { PROG_TEKUN, "320612196205056332", 218900, NULL },
    { PROG_DIS_LIVING, "320613198506200313", 18000, NULL },
    { PROG_DIS_NURSING, "320613198506200313", 12000, NULL },
    { PROG_DIS_LIVING, "320613197904020575", 12000, NULL },
    { PROG_DIS_NURSING, "320613197904020575", 9000, NULL },
    { PROG_DIS_NURSING, "320612196810176826", 15000, NULL },
    { PROG_DIS_LIVING, "320613196106302960", 12000, NULL },
    { PROG_DIS_LIVING, "320681195107193227", 18000, NULL },
    { PROG_DIS_NURSING, "320681195107193227", 15000, NULL },
    { PROG_ORPHAN, "320613201603087484", 200000, "南通市儿童福利院" },
    { PROG_ORPHAN, "32061320140722316X", 160000, "周桂英" },
    { PROG_ORPHAN, "320682201111117555", 160000, "许国强" },
    { PROG_ORPHAN, "320614200508027733", 160000, NULL },
    { PROG_PRICE, "320613193801156447", 6800, "崇川区社会福利中心" },   /* 820/12 = 68.33 -> 68 */
    { PROG_PRICE, "32068520030521549X", 6800, "唐建军" },
    { PROG_PRICE, "32061320140722316X", 6800, "周桂英" },
};

static void test_hand_worked_lines(void)
{
    for (size_t i = 0; i < sizeof(aExpect) / sizeof(aExpect[0]); i++) {
        const pr_line *l = tb_line(pBatch, aExpect[i].e, aExpect[i].zBen);
        CU_ASSERT_PTR_NOT_NULL(l);
        if (!l) { fprintf(stderr, "missing %s %s\n", pr_prog_code(aExpect[i].e), aExpect[i].zBen); continue; }
        CU_ASSERT_EQUAL(l->nAmount, aExpect[i].nFen);
        if (aExpect[i].zPayee) CU_ASSERT_STRING_EQUAL(l->zPayee, aExpect[i].zPayee);
    }
    int nPrice = 0;
    for (int i = 0; i < pBatch->nLine; i++) {
        const pr_line *l = &pBatch->aLine[i];
        if (l->eProg != PROG_PRICE) continue;
        nPrice++;
        CU_ASSERT_EQUAL(l->nAmount, 6800);   /* tier 1 for everybody */
    }
    CU_ASSERT_EQUAL(nPrice, 826);   /* 726 DIBAO members + 75 TEKUN + 26 ORPHAN - 1 counted once */
}

/* samples/EXPECTED.md, "Deliberately bad, held or ineligible rows" */
static const struct { int iFile; unsigned iLine; pr_prog e; pr_status s; const char *zCode; } aBad[] = {
    { 0, 9, PROG_DIBAO, ST_INELIGIBLE, "GRACE_EXPIRED" },
    { 0, 10, PROG_DIBAO, ST_INELIGIBLE, "GRACE_EXPIRED" },
    { 0, 11, PROG_DIBAO, ST_INELIGIBLE, "INCOME_ABOVE_LINE" },
    { 0, 15, PROG_DIBAO, ST_INELIGIBLE, "INCOME_ABOVE_LINE" },
    { 0, 16, PROG_DIBAO, ST_REJECTED, "HOUSEHOLD_REJECTED" },
    { 0, 18, PROG_DIBAO, ST_REJECTED, "ID_SCIENTIFIC" },
    { 0, 19, PROG_DIBAO, ST_REJECTED, "DISTRICT_UNKNOWN" },
    { 0, 20, PROG_DIBAO, ST_REJECTED, "MONEY_INVALID" },
    { 0, 21, PROG_DIBAO, ST_REJECTED, "HOUSEHOLD_REJECTED" },
    { 0, 28, PROG_DIBAO, ST_HELD, "MULTIPLE_HOUSEHOLDS" },
    { 0, 30, PROG_DIBAO, ST_HELD, "MULTIPLE_HOUSEHOLDS" },
    { 1, 10, PROG_DIBAO, ST_HELD, "MULTIPLE_HOUSEHOLDS" },
    { 2, 4, PROG_DIBAO, ST_HELD, "DIBAO_TEKUN_CONFLICT" },
    { 2, 6, PROG_DIBAO, ST_REJECTED, "HOUSEHOLD_NO_HEAD" },
    { 2, 8, PROG_DIBAO, ST_REJECTED, "HOUSEHOLD_MULTIPLE_HEADS" },
    { 2, 10, PROG_DIBAO, ST_REJECTED, "SINGLE_NOT_ONE_ROW" },
    { 3, 5, PROG_DIBAO, ST_INELIGIBLE, "SINGLE_NOT_QUALIFIED" },
    { 4, 4, PROG_TEKUN, ST_HELD, "DUPLICATE_PERSON" },
    { 5, 4, PROG_TEKUN, ST_HELD, "DUPLICATE_PERSON" },
    { 4, 5, PROG_TEKUN, ST_HELD, "DIBAO_TEKUN_CONFLICT" },
    { 4, 6, PROG_TEKUN, ST_REJECTED, "ID_LEGACY_15" },
    { 4, 7, PROG_TEKUN, ST_REJECTED, "ACCOUNT_MISSING" },
    { 5, 5, PROG_TEKUN, ST_REJECTED, "CSV_FIELD_COUNT" },
    { 6, 6, PROG_DIS_LIVING, ST_INELIGIBLE, "NOT_IN_PAID_DIBAO" },
    { 6, 6, PROG_DIS_NURSING, ST_INELIGIBLE, "GRADE_NOT_ELIGIBLE" },
    { 6, 8, PROG_DIS_LIVING, ST_HELD, "DEPENDS_ON_HELD" },
    { 6, 8, PROG_DIS_NURSING, ST_INELIGIBLE, "GRADE_NOT_ELIGIBLE" },
    { 6, 9, PROG_DIS_LIVING, ST_REJECTED, "CERT_MISMATCH" },
    { 6, 9, PROG_DIS_NURSING, ST_REJECTED, "CERT_MISMATCH" },
    { 6, 10, PROG_DIS_LIVING, ST_REJECTED, "ID_CHECKSUM" },
    { 7, 3, PROG_DIS_LIVING, ST_INELIGIBLE, "TEKUN_EXCLUDED" },
    { 7, 3, PROG_DIS_NURSING, ST_INELIGIBLE, "TEKUN_EXCLUDED" },
    { 8, 5, PROG_ORPHAN, ST_INELIGIBLE, "AGED_OUT" },
    { 8, 7, PROG_ORPHAN, ST_REJECTED, "ID_BIRTH_DATE" },
    { 8, 30, PROG_ORPHAN, ST_REJECTED, "CSV_UNTERMINATED_QUOTE" },
    { 4, 4, PROG_PRICE, ST_HELD, "DEPENDS_ON_HELD" },
    { 0, 28, PROG_PRICE, ST_HELD, "DEPENDS_ON_HELD" },
    { 2, 4, PROG_PRICE, ST_HELD, "DEPENDS_ON_HELD" },
    { 0, 32, PROG_DIBAO, ST_WARNING, "HOUSEHOLD_DISTRICT_MISMATCH" },
    { 1, 12, PROG_DIBAO, ST_WARNING, "ACCOUNT_LUHN" },
    { 3, 3, PROG_DIBAO, ST_WARNING, "ID_REGION_OUTSIDE" },
};

static void test_bad_rows(void)
{
    for (size_t i = 0; i < sizeof(aBad) / sizeof(aBad[0]); i++) {
        const pr_finding *f = tb_finding(pBatch, aBad[i].iFile, aBad[i].iLine, aBad[i].e, aBad[i].s);
        CU_ASSERT_PTR_NOT_NULL(f);
        if (!f) { fprintf(stderr, "missing finding %s:%u\n", aFile[aBad[i].iFile].zPath, aBad[i].iLine); continue; }
        CU_ASSERT_STRING_EQUAL(f->zCode, aBad[i].zCode);
    }
    CU_ASSERT_EQUAL(tb_count(pBatch, PROG_PRICE, ST_HELD), 7);
    int nWarn = 0;
    for (int i = 0; i < pBatch->nFind; i++) nWarn += pBatch->aFind[i].eStatus == ST_WARNING;
    CU_ASSERT_EQUAL(nWarn, 3);
}

/* samples/EXPECTED.md, "Per-file counts" */
static void test_counts(void)
{
    static const unsigned a[N_FILE][5] = {
        { 230, 214, 7, 3, 6 }, { 193, 191, 0, 2, 0 }, { 202, 194, 0, 2, 6 }, { 128, 127, 1, 0, 0 },
        { 53, 49, 0, 2, 2 }, { 28, 26, 0, 1, 1 }, { 58, 46, 9, 1, 2 }, { 48, 41, 7, 0, 0 }, { 29, 26, 1, 0, 2 },
    };
    for (int i = 0; i < N_FILE; i++) {
        const pr_input *in = &pBatch->aInput[i];
        CU_ASSERT_EQUAL(in->nRows, a[i][0]);
        CU_ASSERT_EQUAL(in->aCount[ST_PAID], a[i][1]);
        CU_ASSERT_EQUAL(in->aCount[ST_INELIGIBLE], a[i][2]);
        CU_ASSERT_EQUAL(in->aCount[ST_HELD], a[i][3]);
        CU_ASSERT_EQUAL(in->aCount[ST_REJECTED], a[i][4]);
    }
    CU_ASSERT_EQUAL(pBatch->aInput[2].eEnc, ENC_GB18030);
}

/* the command under test: $PAYRUN_BIN (e.g. bin/payrun-asan under make
 * test-asan), else bin/payrun */
static const char *payrun_bin(void)
{
    const char *z = getenv("PAYRUN_BIN");
    return z && z[0] ? z : "bin/payrun";
}

#define SAMPLE_ARGS " --month 2023-08 --policy samples/policy.csv --index samples/index.csv" \
    " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv" \
    " --disability samples/disability-with-type.csv --disability samples/disability-certificate-only.csv" \
    " --orphan samples/orphan-children.csv --max-reject-rate 5"

/* the command: exit codes, the month folder, reruns byte-identical across thread counts */
static void test_command_line(void)
{
    char zCmd[4096];
    const char *zDir = tu_tmpdir();
    snprintf(zCmd, sizeof(zCmd), "%s run" SAMPLE_ARGS " --out %s/o1 --threads 1 2>/dev/null", payrun_bin(), zDir);
    CU_ASSERT_EQUAL(tu_sh("%s", zCmd), 0);
    snprintf(zCmd, sizeof(zCmd), "%s run" SAMPLE_ARGS " --out %s/o2 --threads 2 2>/dev/null", payrun_bin(), zDir);
    CU_ASSERT_EQUAL(tu_sh("%s", zCmd), 0);
    const char *azOut[] = { "ledger.csv.gz", "exceptions.csv", "manifest.json" };
    for (int i = 0; i < 3; i++) {
        snprintf(zCmd, sizeof(zCmd), "cmp -s %s/o1/2023-08/%s %s/o2/2023-08/%s", zDir, azOut[i], zDir, azOut[i]);
        CU_ASSERT_EQUAL(tu_sh("%s", zCmd), 0);
    }
    /* the month exists: refused without --force, files untouched */
    snprintf(zCmd, sizeof(zCmd), "%s run" SAMPLE_ARGS " --out %s/o1 2>/dev/null", payrun_bin(), zDir);
    CU_ASSERT_EQUAL(tu_sh("%s", zCmd), 2);
    snprintf(zCmd, sizeof(zCmd), "cmp -s %s/o1/2023-08/ledger.csv.gz %s/o2/2023-08/ledger.csv.gz", zDir, zDir);
    CU_ASSERT_EQUAL(tu_sh("%s", zCmd), 0);
    /* usage errors exit 1; a configuration error exits 2 and writes nothing */
    snprintf(zCmd, sizeof(zCmd), "%s run --month 2023-8 --policy x --index y --out z --dibao w 2>/dev/null", payrun_bin());
    CU_ASSERT_EQUAL(tu_sh("%s", zCmd), 1);
    snprintf(zCmd, sizeof(zCmd), "%s frobnicate 2>/dev/null", payrun_bin());
    CU_ASSERT_EQUAL(tu_sh("%s", zCmd), 1);
    snprintf(zCmd, sizeof(zCmd), "%s run --month 2023-08 --policy samples/index.csv --index samples/index.csv"
             " --dibao samples/dibao-haian.csv.gz --out %s/o3 2>/dev/null", payrun_bin(), zDir);
    CU_ASSERT_EQUAL(tu_sh("%s", zCmd), 2);
    snprintf(zCmd, sizeof(zCmd), "test -e %s/o3/2023-08", zDir);
    CU_ASSERT_NOT_EQUAL(tu_sh("%s", zCmd), 0);
    /* the ledger header and one hand-worked line, as written */
    snprintf(zCmd, sizeof(zCmd), "%s/o1/2023-08/ledger.csv.gz", zDir);
    char *zLedger = tu_read(zCmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zLedger);
    CU_ASSERT_EQUAL(strncmp(zLedger, "program,beneficiary_id,household_id,person_id,district,area,name,payee,bank,account,amount_fen,basis,line_type,period,reference,pay_ref\n", 136), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(zLedger, "\nDIBAO,DB320612-0010,DB320612-0010,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zLedger, ",172600,820*3-980+246=1726,REGULAR,2023-08,,202308-320612-"));
    free(zLedger);
}

static const pr_test aTests[] = {
    { "hand-worked ledger lines", test_hand_worked_lines },
    { "bad, held and ineligible rows", test_bad_rows },
    { "per-file counts", test_counts },
    { "command line and reruns", test_command_line },
};

int suite_samples(void)
{
    CU_pSuite pS = CU_add_suite("samples", setup, teardown);
    if (!pS) return -1;
    for (size_t i = 0; i < sizeof(aTests) / sizeof(aTests[0]); i++)
        if (!CU_add_test(pS, aTests[i].zName, aTests[i].xTest)) return -1;
    return 0;
}
