/*
 * test_bank_import.c - the banks' import files on a small hand-built month:
 * each layout's bytes (the rows in the workbook's order, the amounts in
 * yuan or fen, csv quoting, GB18030), the rows and fen each writer reports,
 * a value a txt file cannot carry, and, through pr_publish_month, the
 * files listed and verified, withdrawn from a month not paid, and the
 * reconciliation catching an import file whose total was tampered with.
 */
#include "tests/batchutil.h"
#include "tests/testutil.h"
#include "tests/xlsxread.h"
#include "formats/bank_book.h"
#include "formats/bank_formats.h"
#include "formats/bank_import.h"
#include "model/reconcile.h"
#include "run/publish.h"
#include "run/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIBAO_HEAD "household_id,id_number,name,district,area,relation,household_income,bank,account,payee\n"
#define TEKUN_HEAD "id_number,name,district,area,care_level,support_mode,institution,institution_bank,institution_account,bank,account\n"

/* 江苏银行: three one-person DIBAO households (820 yuan, one with 120.50
 * of income: 699.50), one paid to a payee with a comma in the name;
 * 农商银行: two TEKUN people in one institution, one row of 2 lines
 * (2107 yuan each). All in 崇川区 320613. */
static pr_batch *month(void)
{
    static char zD[4096], zT[2048];
    snprintf(zD, sizeof(zD), DIBAO_HEAD
             "W0,%s,张三,320613,urban,户主,0,江苏银行,%s,\n"
             "W1,%s,李四,320613,urban,户主,120.50,江苏银行,%s,\n"
             "W2,%s,王五,320613,urban,户主,0,江苏银行,%s,\"王,六\"\n",
             tb_id("19800101", 100), tb_account(201), tb_id("19800102", 101), tb_account(202),
             tb_id("19800103", 102), tb_account(200));
    snprintf(zT, sizeof(zT), TEKUN_HEAD "%s,甲,320613,urban,self,concentrated,福利院,农商银行,%s,,\n%s,乙,320613,urban,self,concentrated,福利院,农商银行,%s,,\n",
             tb_id("19400301", 110), tb_account(300), tb_id("19400302", 111), tb_account(300));
    pr_error err;
    /* to the fen, so that an amount has its decimals */
    pr_batch *b = tb_run("2023-08", "dibao.rounding,*,*,2023-01,fen,\n", NULL, zD, zT, NULL, NULL, 2, &err);
    CU_ASSERT_EQUAL(err, PR_OK);
    return b;
}

static pr_bank_formats *formats(const char *zText)
{
    char *z = strdup(zText);
    pr_err err;
    pr_err_init(&err);
    pr_bank_formats *f = pr_bank_formats_parse("test-formats.csv", z, strlen(z), &err);
    free(z);
    if (!f) fprintf(stderr, "\n%s\n", err.zMsg);
    return f;
}

/* Writes bank zBank's import file in f's format for it; returns its path
 * (static) and the writer's tally in *pT, or NULL. */
static const char *write_import(pr_batch *b, const pr_bank_formats *f, const char *zBank, pr_bank_tally *pT, pr_error *pRc)
{
    static char zPath[600];
    pr_banks banks;
    memset(pT, 0, sizeof(*pT));
    CU_ASSERT_EQUAL_FATAL(pr_banks_build(b, &banks), 0);
    const char *zRet = NULL;
    for (int k = 0; k < banks.nBank; k++) {
        if (strcmp(pr_bank_name(b, &banks, k), zBank)) continue;
        const pr_bank_format *x = pr_bank_formats_find(f, zBank);
        char zName[256];
        pr_bank_import_name(zBank, x, zName, sizeof(zName));
        snprintf(zPath, sizeof(zPath), "%s/%s", tu_tmpdir(), zName);
        pr_err err;
        pr_err_init(&err);
        *pRc = pr_bank_import_write(b, &banks, k, x, zPath, tu_tmpdir(), pT, &err);
        if (*pRc) fprintf(stderr, "\n%s\n", err.zMsg);
        zRet = zPath;
    }
    pr_banks_clear(&banks);
    return zRet;
}

/* bytes of a file and their count */
static int same_bytes(const char *zPath, const char *zWant, size_t nWant)
{
    FILE *f = fopen(zPath, "rb");
    if (!f) return 0;
    char a[4096];
    size_t n = fread(a, 1, sizeof(a), f);
    fclose(f);
    if (n != nWant || memcmp(a, zWant, n) != 0) {
        fprintf(stderr, "\n%s: %zu bytes, want %zu:\n%.*s\n", zPath, n, nWant, (int)n, a);
        return 0;
    }
    return 1;
}

#define FORMATS_HEAD "银行,文件类型,编码,分隔符,表头,金额单位,字段\n"

/* csv, UTF-8, a header, yuan: every field; the payee with a comma quoted;
 * the rows in the workbook's order (by account) */
static void test_csv(void)
{
    pr_batch *b = month();
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    pr_bank_formats *f = formats(FORMATS_HEAD "江苏银行,csv,utf-8,\",\",是,yuan,付款编号|账号|户名|证件号|金额|开户行|摘要\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pr_bank_tally t;
    pr_error rc;
    const char *zPath = write_import(b, f, "江苏银行", &t, &rc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zPath);
    CU_ASSERT_EQUAL(rc, PR_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(zPath, "/bank-江苏银行-import.csv"));
    static const char zWant[] =
        "付款编号,账号,户名,证件号,金额,开户行,摘要\r\n"
        "202308-320613-000003,6228480000000002006,\"王,六\",,820.00,江苏银行,2023-08 最低生活保障\r\n"
        "202308-320613-000001,6228480000000002014,张三,320613198001011007,820.00,江苏银行,2023-08 最低生活保障\r\n"
        "202308-320613-000002,6228480000000002022,李四,320613198001021010,699.50,江苏银行,2023-08 最低生活保障\r\n";
    CU_ASSERT_TRUE(same_bytes(zPath, zWant, sizeof(zWant) - 1));
    CU_ASSERT_EQUAL(t.nRows, 3);
    CU_ASSERT_EQUAL(t.nFen, 82000 + 82000 + 69950);
    pr_bank_formats_free(f);
    pr_batch_free(b);
}

/* the sample's 中国工商银行 layout: txt, GB18030, '|', no header, fen; the
 * institution's row carries its two lines summed */
static void test_txt_gb18030(void)
{
    pr_batch *b = month();
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    pr_bank_formats *f = formats(FORMATS_HEAD "江苏银行,txt,gb18030,|,否,fen,付款编号|账号|户名|金额|摘要\n"
                                              "农商银行,txt,GB18030,|,no,分,付款编号|账号|户名|金额|摘要\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pr_bank_tally t;
    pr_error rc;
    const char *zPath = write_import(b, f, "江苏银行", &t, &rc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zPath);
    CU_ASSERT_EQUAL(rc, PR_OK);
    static const char zWant[] =
        "202308-320613-000003|6228480000000002006|\xcd\xf5,\xc1\xf9|82000|2023-08 "
        "\xd7\xee\xb5\xcd\xc9\xfa\xbb\xee\xb1\xa3\xd5\xcf\r\n"
        "202308-320613-000001|6228480000000002014|\xd5\xc5\xc8\xfd|82000|2023-08 "
        "\xd7\xee\xb5\xcd\xc9\xfa\xbb\xee\xb1\xa3\xd5\xcf\r\n"
        "202308-320613-000002|6228480000000002022|\xc0\xee\xcb\xc4|69950|2023-08 "
        "\xd7\xee\xb5\xcd\xc9\xfa\xbb\xee\xb1\xa3\xd5\xcf\r\n";
    CU_ASSERT_TRUE(same_bytes(zPath, zWant, sizeof(zWant) - 1));
    CU_ASSERT_EQUAL(t.nRows, 3);
    CU_ASSERT_EQUAL(t.nFen, 233950);
    /* 福利院 and 特困人员救助供养 in GB18030: one row for two lines */
    zPath = write_import(b, f, "农商银行", &t, &rc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zPath);
    CU_ASSERT_EQUAL(rc, PR_OK);
    static const char zWant2[] = "202308-320613-000004|6228480000000003004|\xb8\xa3\xc0\xfb\xd4\xba|421400|2023-08 "
                                 "\xcc\xd8\xc0\xa7\xc8\xcb\xd4\xb1\xbe\xc8\xd6\xfa\xb9\xa9\xd1\xf8\r\n";
    CU_ASSERT_TRUE(same_bytes(zPath, zWant2, sizeof(zWant2) - 1));
    CU_ASSERT_EQUAL(t.nRows, 1);
    CU_ASSERT_EQUAL(t.nFen, 421400);
    pr_bank_formats_free(f);
    pr_batch_free(b);
}

/* the sample's 江苏银行 layout: xlsx with a header, yuan; every cell text
 * (the amount's digits are the fen's), no total row */
static void test_xlsx(void)
{
    pr_batch *b = month();
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    pr_bank_formats *f = formats(FORMATS_HEAD "江苏银行,xlsx,,,是,yuan,付款编号|账号|户名|证件号|金额|开户行|摘要\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pr_bank_tally t;
    pr_error rc;
    const char *zPath = write_import(b, f, "江苏银行", &t, &rc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zPath);
    CU_ASSERT_EQUAL(rc, PR_OK);
    CU_ASSERT_EQUAL(t.nRows, 3);
    CU_ASSERT_EQUAL(t.nFen, 233950);
    CU_ASSERT_EQUAL(xr_count(zPath, "xl/worksheets/sheet"), 1);
    char *zWb = xr_part(zPath, "xl/workbook.xml"), *zWs = xr_part(zPath, "xl/worksheets/sheet1.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zWb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zWs);
    CU_ASSERT_PTR_NOT_NULL(strstr(zWb, "name=\"代发明细\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(zWs, "<c r=\"A1\" t=\"inlineStr\"><is><t>付款编号</t></is></c>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zWs, "<c r=\"G1\" t=\"inlineStr\"><is><t>摘要</t></is></c>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zWs, "<t>202308-320613-000003</t>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zWs, "<t>王,六</t>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zWs, "<t>699.50</t>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(zWs, "r=\"E4\""));    /* three rows under the header */
    CU_ASSERT_PTR_NULL(strstr(zWs, "r=\"A5\""));        /* and nothing after them */
    CU_ASSERT_PTR_NULL(strstr(zWs, "<v>"));             /* no number, no formula */
    CU_ASSERT_PTR_NULL(strstr(zWs, "<f>"));
    free(zWb);
    free(zWs);
    pr_bank_formats_free(f);
    pr_batch_free(b);
}

/* a txt file cannot carry its delimiter inside a value: the writer stops
 * naming the file, the row and the field */
static void test_txt_delimiter_in_value(void)
{
    pr_batch *b = month();
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    pr_bank_formats *f = formats(FORMATS_HEAD "江苏银行,txt,,\",\",否,fen,账号|户名|金额\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pr_banks banks;
    CU_ASSERT_EQUAL_FATAL(pr_banks_build(b, &banks), 0);
    int k = 0;
    while (k < banks.nBank && strcmp(pr_bank_name(b, &banks, k), "江苏银行")) k++;
    CU_ASSERT_FATAL(k < banks.nBank);
    pr_bank_tally t = { 0, 0 };
    pr_err err;
    pr_err_init(&err);
    char zPath[600];
    snprintf(zPath, sizeof(zPath), "%s/delim.txt", tu_tmpdir());
    CU_ASSERT_EQUAL(pr_bank_import_write(b, &banks, k, &f->aFmt[0], zPath, tu_tmpdir(), &t, &err), PR_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "delim.txt: row 1: 户名 '王,六' holds the delimiter"));
    CU_ASSERT_EQUAL(t.nRows, 0);
    snprintf(zPath, sizeof(zPath), "%s/no-such-folder/x.txt", tu_tmpdir());
    pr_err_init(&err);
    CU_ASSERT_EQUAL(pr_bank_import_write(b, &banks, k, &f->aFmt[0], zPath, tu_tmpdir(), &t, &err), PR_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "no-such-folder/x.txt: cannot write"));
    pr_banks_clear(&banks);
    pr_bank_formats_free(f);
    pr_batch_free(b);
}

/* the bank workbook reports the rows and money the import file is checked
 * against; a tampered import total fails its check, naming the file */
static void test_reconcile(void)
{
    pr_batch *b = month();
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    pr_banks banks;
    CU_ASSERT_EQUAL_FATAL(pr_banks_build(b, &banks), 0);
    pr_total *aTotal = calloc((size_t)b->nDistrict * PROG_COUNT + 1, sizeof(pr_total));
    pr_bank_tally tBook = { 0, 0 };
    for (int k = 0; k < banks.nBank; k++) {
        if (strcmp(pr_bank_name(b, &banks, k), "江苏银行")) continue;
        char zPath[600];
        pr_err err;
        pr_err_init(&err);
        snprintf(zPath, sizeof(zPath), "%s/recon-bank.xlsx", tu_tmpdir());
        CU_ASSERT_EQUAL(pr_bank_book_write(b, &banks, k, zPath, tu_tmpdir(), aTotal, &tBook, &err), PR_OK);
    }
    CU_ASSERT_EQUAL(tBook.nRows, 3);
    CU_ASSERT_EQUAL(tBook.nFen, 233950);
    pr_recon r;
    CU_ASSERT_EQUAL_FATAL(pr_recon_predict(&r, b, 1), 0);
    CU_ASSERT_EQUAL(r.nFailed, 0);
    CU_ASSERT_EQUAL_FATAL(pr_recon_set_imports(&r, 1), 0);
    snprintf(r.aImport[0].zFile, sizeof(r.aImport[0].zFile), "bank-江苏银行-import.txt");
    r.aImport[0].book = tBook;
    r.aImport[0].file = tBook;
    CU_ASSERT_EQUAL(pr_recon_run(&r, b), 0);
    int nChecks = r.nCheck;
    r.aImport[0].file.nFen -= 1;   /* one fen less in the file */
    CU_ASSERT_EQUAL(pr_recon_run(&r, b), 1);
    CU_ASSERT_EQUAL(r.nCheck, nChecks);
    const pr_check *c = pr_recon_first_failure(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->zWhat, "bank-江苏银行-import.txt: 金额 = 代发工作簿");
    CU_ASSERT_EQUAL(c->nLeft, 233950);
    CU_ASSERT_EQUAL(c->nRight, 233949);
    r.aImport[0].file.nFen += 1;
    r.aImport[0].file.nRows += 1;   /* a row too many */
    CU_ASSERT_EQUAL(pr_recon_run(&r, b), 1);
    CU_ASSERT_STRING_EQUAL(pr_recon_first_failure(&r)->zWhat, "bank-江苏银行-import.txt: 代发记录数 = 代发工作簿");
    pr_recon_clear(&r);
    free(aTotal);
    pr_banks_clear(&banks);
    pr_batch_free(b);
}

#define PUB_FORMATS FORMATS_HEAD "江苏银行,csv,,,是,yuan,账号|户名|金额\n农商银行,xlsx,,,否,fen,账号|金额\n中国银行,txt,,|,否,fen,账号|金额\n"

/* the month through pr_publish_month: the import files beside their
 * workbooks (none for a bank without lines), in the manifest, verified,
 * their checks passing on the 对账 sheet */
static void test_publish(void)
{
    pr_batch *b = month();
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    pr_bank_formats *f = formats(PUB_FORMATS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pr_outdir dir;
    char zOut[512], zPath[700];
    snprintf(zOut, sizeof(zOut), "%s/bi-pub", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(pr_outdir_begin(&dir, zOut, "2023-08", 0, NULL), PR_OK);
    pr_publish_opts o = { .nMaxRejectBp = 100, .pFormats = f };
    pr_publish_result r;
    pr_publish_month(b, &dir, &o, &r);
    CU_ASSERT_EQUAL(r.rc, PR_EXIT_DONE);
    CU_ASSERT_EQUAL(r.nFailedChecks, 0);
    int nImport = 0;
    for (int i = 0; i < r.nFile; i++) nImport += strstr(r.azFile[i], "-import.") != NULL;
    CU_ASSERT_EQUAL(nImport, 2);
    CU_ASSERT_EQUAL(r.nFile, 15);
    snprintf(zPath, sizeof(zPath), "%s/2023-08/bank-江苏银行-import.csv", zOut);
    char *z = tu_read(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_STRING_EQUAL(z, "账号,户名,金额\r\n6228480000000002006,\"王,六\",820.00\r\n6228480000000002014,张三,820.00\r\n"
                              "6228480000000002022,李四,699.50\r\n");
    free(z);
    snprintf(zPath, sizeof(zPath), "%s/2023-08/manifest.json", zOut);
    z = tu_read(zPath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "\"name\": \"bank-江苏银行-import.csv\", \"sha256\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(z, "\"name\": \"bank-农商银行-import.xlsx\", \"sha256\""));
    free(z);
    snprintf(zPath, sizeof(zPath), "%s/2023-08", zOut);
    CU_ASSERT_EQUAL(pr_verify_month(zPath, stderr, NULL), PR_VERIFY_OK);
    snprintf(zPath, sizeof(zPath), "%s/2023-08/summary.xlsx", zOut);
    char *zRecon = xr_part(zPath, "xl/worksheets/sheet2.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zRecon);
    CU_ASSERT_EQUAL(xr_occurrences(zRecon, "-import."), 4);   /* rows and money of two files */
    CU_ASSERT_PTR_NOT_NULL(strstr(zRecon, "bank-农商银行-import.xlsx: 金额 = 代发工作簿"));
    CU_ASSERT_EQUAL(xr_occurrences(zRecon, "<v>不通过</v>"), 0);
    free(zRecon);
    pr_publish_result_clear(&r);
    pr_bank_formats_free(f);
    pr_batch_free(b);
}

extern int pr_publish_test_import_skew;

/* an import file whose total came out one fen short: the check fails, the
 * month is not payable, and no bank file is left to send */
static void test_publish_tampered(void)
{
    pr_batch *b = month();
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    pr_bank_formats *f = formats(PUB_FORMATS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pr_outdir dir;
    char zOut[512], zPath[700];
    snprintf(zOut, sizeof(zOut), "%s/bi-tamper", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(pr_outdir_begin(&dir, zOut, "2023-08", 0, NULL), PR_OK);
    pr_publish_opts o = { .nMaxRejectBp = 100, .pFormats = f };
    pr_publish_result r;
    pr_publish_test_import_skew = 1;
    pr_publish_month(b, &dir, &o, &r);
    pr_publish_test_import_skew = 0;
    CU_ASSERT_EQUAL(r.rc, PR_EXIT_NOT_PAYABLE);
    CU_ASSERT_EQUAL(r.nFailedChecks, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.zReason, "bank-农商银行-import.xlsx: 金额 = 代发工作簿"));
    const char *azWant[] = { "exceptions.csv", "manifest.json", "summary.xlsx" };
    CU_ASSERT_EQUAL(r.nFile, 3);
    for (int i = 0; i < 3 && i < r.nFile; i++) CU_ASSERT_STRING_EQUAL(r.azFile[i], azWant[i]);
    snprintf(zPath, sizeof(zPath), "%s/2023-08/summary.xlsx", zOut);
    char *zRecon = xr_part(zPath, "xl/worksheets/sheet2.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(zRecon);
    CU_ASSERT_EQUAL(xr_occurrences(zRecon, "<v>不通过</v>"), 1);
    free(zRecon);
    snprintf(zPath, sizeof(zPath), "%s/2023-08", zOut);
    CU_ASSERT_EQUAL(pr_verify_month(zPath, stderr, NULL), PR_VERIFY_OK);
    pr_publish_result_clear(&r);
    pr_bank_formats_free(f);
    pr_batch_free(b);
}

/* a value the txt file cannot carry stops the month: exit 2, the folder
 * abandoned */
static void test_publish_write_error(void)
{
    pr_batch *b = month();
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    pr_bank_formats *f = formats(FORMATS_HEAD "江苏银行,txt,,\",\",否,fen,账号|户名|金额\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pr_outdir dir;
    char zOut[512], zPath[700];
    snprintf(zOut, sizeof(zOut), "%s/bi-err", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(pr_outdir_begin(&dir, zOut, "2023-08", 0, NULL), PR_OK);
    pr_publish_opts o = { .nMaxRejectBp = 100, .pFormats = f };
    pr_publish_result r;
    pr_publish_month(b, &dir, &o, &r);
    CU_ASSERT_EQUAL(r.rc, PR_EXIT_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.zReason, "bank-江苏银行-import.txt: row 1: 户名 '王,六' holds the delimiter"));
    snprintf(zPath, sizeof(zPath), "%s/2023-08", zOut);
    CU_ASSERT_NOT_EQUAL(tu_sh("test -e '%s'", zPath), 0);
    pr_publish_result_clear(&r);
    pr_bank_formats_free(f);
    pr_batch_free(b);
}

static const pr_test aTests[] = {
    { "csv, UTF-8, header, yuan: the bytes", test_csv },
    { "txt, GB18030, no header, fen: the bytes", test_txt_gb18030 },
    { "xlsx, header, yuan: text cells", test_xlsx },
    { "a txt value holding the delimiter", test_txt_delimiter_in_value },
    { "the reconciliation of an import file", test_reconcile },
    { "publish with import files", test_publish },
    { "publish with a tampered import total", test_publish_tampered },
    { "publish stopped by an import file", test_publish_write_error },
};

int suite_bank_import(void) { PR_ADD_SUITE("bank_import", aTests); }
