/*
 * test_bank_formats.c - the --bank-formats reader: the sample's two
 * layouts, the English header and a tab, and every bad input: a message
 * naming the file and line, exit 2 from the command, and no month folder.
 */
#include "tests/testutil.h"
#include "formats/bank_formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HEAD "银行,文件类型,编码,分隔符,表头,金额单位,字段\n"

static pr_bank_formats *load(const char *zText, pr_err *pErr)
{
    pr_err_init(pErr);
    return pr_bank_formats_load(tu_write_str("bf.csv", zText), pErr);
}

static void test_sample(void)
{
    pr_err err;
    pr_err_init(&err);
    pr_bank_formats *f = pr_bank_formats_load("samples/bank-formats.csv", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->nFmt, 2);
    const pr_bank_format *a = pr_bank_formats_find(f, "中国工商银行"), *b = pr_bank_formats_find(f, "江苏银行");
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_PTR_NULL(pr_bank_formats_find(f, "中国银行"));
    CU_ASSERT_EQUAL(a->eType, BFT_TXT);
    CU_ASSERT_EQUAL(a->eEnc, ENC_GB18030);
    CU_ASSERT_EQUAL(a->cDelim, '|');
    CU_ASSERT_EQUAL(a->bHeader, 0);
    CU_ASSERT_EQUAL(a->bFen, 1);
    CU_ASSERT_EQUAL(a->nField, 5);
    CU_ASSERT_EQUAL(a->aField[0], BF_PAYREF);
    CU_ASSERT_EQUAL(a->aField[3], BF_AMOUNT);
    CU_ASSERT_EQUAL(a->iLine, 2);
    CU_ASSERT_EQUAL(b->eType, BFT_XLSX);
    CU_ASSERT_EQUAL(b->eEnc, ENC_UTF8);
    CU_ASSERT_EQUAL(b->cDelim, 0);
    CU_ASSERT_EQUAL(b->bHeader, 1);
    CU_ASSERT_EQUAL(b->bFen, 0);
    CU_ASSERT_EQUAL(b->nField, 7);
    CU_ASSERT_STRING_EQUAL(pr_bank_format_ext(a), "txt");
    CU_ASSERT_STRING_EQUAL(pr_bank_format_ext(b), "xlsx");
    CU_ASSERT_EQUAL(strlen(f->zSha), 64);
    pr_bank_formats_free(f);
}

/* English columns in another order, a tab written \t, a quoted comma,
 * blank lines, GB18030 text, a blank delimiter for csv */
static void test_variants(void)
{
    pr_err err;
    pr_bank_formats *f = load("fields,bank,type,encoding,delimiter,header,unit\n\n"
                              "account|amount|payee,A银行,CSV,UTF-8,\\t,yes,元\n"
                              "账号 | 金额,B银行,csv,gb18030,\",\",N,分\n"
                              "金额|账号,C银行,csv,,,0,yuan\n", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->nFmt, 3);
    CU_ASSERT_EQUAL(f->aFmt[0].cDelim, '\t');
    CU_ASSERT_EQUAL(f->aFmt[0].iLine, 3);
    CU_ASSERT_EQUAL(f->aFmt[0].nField, 3);
    CU_ASSERT_EQUAL(f->aFmt[0].aField[2], BF_PAYEE);
    CU_ASSERT_EQUAL(f->aFmt[1].cDelim, ',');
    CU_ASSERT_EQUAL(f->aFmt[1].bFen, 1);
    CU_ASSERT_EQUAL(f->aFmt[1].eEnc, ENC_GB18030);
    CU_ASSERT_EQUAL(f->aFmt[2].cDelim, ',');
    CU_ASSERT_EQUAL(f->aFmt[2].eEnc, ENC_UTF8);
    pr_bank_formats_free(f);
    /* the file itself in GB18030 ("银行" and "中国银行" in GB18030 bytes) */
    static const char zGb[] = "\xd2\xf8\xd0\xd0,\xce\xc4\xbc\xfe\xc0\xe0\xd0\xcd,\xb1\xe0\xc2\xeb,\xb7\xd6\xb8\xf4\xb7\xfb,"
                              "\xb1\xed\xcd\xb7,\xbd\xf0\xb6\xee\xb5\xa5\xce\xbb,\xd7\xd6\xb6\xce\n"
                              "\xd6\xd0\xb9\xfa\xd2\xf8\xd0\xd0,txt,gb18030,|,no,fen,account|amount\n";
    f = load(zGb, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL(pr_bank_formats_find(f, "中国银行"));
    pr_bank_formats_free(f);
}

/* every bad input: its error code and the words of its message */
static void test_bad(void)
{
    static const struct { const char *zText; pr_error rc; const char *zWant; } a[] = {
        { HEAD "甲银行,txt,utf-8,|,否,fen,账号|金额|姓名\n", PR_ERR_CONFIG, "bf.csv:2: unknown field '姓名'" },
        { HEAD "甲银行,txt,utf-8,|,否,fen,账号||金额\n", PR_ERR_CONFIG, "bf.csv:2: unknown field ''" },
        { HEAD "甲银行,dbf,utf-8,|,否,fen,账号|金额\n", PR_ERR_CONFIG, "bf.csv:2: unknown 文件类型 'dbf'" },
        { HEAD "甲银行,txt,gbk,|,否,fen,账号|金额\n", PR_ERR_CONFIG, "bf.csv:2: unknown 编码 'gbk'" },
        { HEAD "甲银行,txt,utf-8,|,否,jiao,账号|金额\n", PR_ERR_CONFIG, "bf.csv:2: unknown 金额单位 'jiao'" },
        { HEAD "甲银行,txt,utf-8,|,maybe,fen,账号|金额\n", PR_ERR_CONFIG, "bf.csv:2: unknown 表头 'maybe'" },
        { HEAD "甲银行,txt,utf-8,ab,否,fen,账号|金额\n", PR_ERR_CONFIG, "bf.csv:2: unknown 分隔符 'ab'" },
        { HEAD "甲银行,txt,utf-8,,否,fen,账号|金额\n", PR_ERR_CONFIG, "bf.csv:2: a txt file needs its 分隔符" },
        { HEAD "甲银行,xlsx,gb18030,,否,fen,账号|金额\n", PR_ERR_CONFIG, "bf.csv:2: an xlsx file has no 编码" },
        { HEAD "甲银行,xlsx,,|,否,fen,账号|金额\n", PR_ERR_CONFIG, "bf.csv:2: an xlsx file has no 分隔符" },
        { HEAD "甲银行,txt,utf-8,|,否,fen,账号|户名\n", PR_ERR_CONFIG, "bf.csv:2: 字段 must include 账号 and 金额" },
        { HEAD "甲银行,txt,utf-8,|,否,fen,账号|金额|账号\n", PR_ERR_CONFIG, "bf.csv:2: field '账号' is named twice" },
        { HEAD "甲银行,txt,utf-8,|,否,fen,\n", PR_ERR_CONFIG, "bf.csv:2: 字段 is blank" },
        { HEAD ",txt,utf-8,|,否,fen,账号|金额\n", PR_ERR_CONFIG, "bf.csv:2: 银行 is blank" },
        { HEAD "甲银行,txt,utf-8,|,否,fen,账号|金额\n\n乙银行,csv,,,是,yuan,账号|金额\n甲银行,csv,,,是,yuan,账号|金额\n",
          PR_ERR_CONFIG, "bf.csv:5: bank '甲银行' is named twice (first on line 2)" },
        { HEAD "甲银行,txt,utf-8,|,否,fen\n", PR_ERR_CONFIG, "bf.csv:2: the row has 6 fields, the header has 7" },
        { HEAD "甲银行,\"txt,utf-8,|,否,fen,账号|金额\n", PR_ERR_CONFIG, "bf.csv:2: malformed CSV row" },
        { "银行,文件类型,编码,分隔符,表头,金额单位\n甲银行,txt,utf-8,|,否,fen\n", PR_ERR_HEADER,
          "bf.csv:1: required column '字段' (or 'fields') is missing from the header" },
        { "银行,文件类型,编码,分隔符,表头,金额单位,字段,bank\n", PR_ERR_HEADER, "bf.csv:1: column '银行' (or 'bank') appears twice" },
        { "", PR_ERR_HEADER, "bf.csv: the file is empty" },
        { HEAD, PR_ERR_CONFIG, "bf.csv: no bank format after the header" },
    };
    for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
        pr_err err;
        pr_bank_formats *f = load(a[i].zText, &err);
        CU_ASSERT_PTR_NULL(f);
        pr_bank_formats_free(f);
        CU_ASSERT_EQUAL(err.rc, a[i].rc);
        if (!strstr(err.zMsg, a[i].zWant)) {
            fprintf(stderr, "\ncase %zu: want '%s' in '%s'\n", i, a[i].zWant, err.zMsg);
            CU_FAIL("message");
        }
    }
    pr_err err;
    pr_err_init(&err);
    CU_ASSERT_PTR_NULL(pr_bank_formats_load("no/such/bank-formats.csv", &err));
    CU_ASSERT_EQUAL(err.rc, PR_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.zMsg, "no/such/bank-formats.csv"));
}

#define ARGS " --month 2023-08 --policy samples/policy.csv --index samples/index.csv --tekun samples/tekun-dispersed.csv"

/* the command: a bad formats file is exit 2 naming file and line before
 * anything is written (run) or computed (check); a good one is accepted */
static void test_command(void)
{
    const char *zT = tu_tmpdir();
    const char *zBad = tu_write_str("bad-formats.csv", HEAD "甲银行,txt,utf-8,|,否,fen,账号|金额|姓名\n");
    CU_ASSERT_EQUAL(tu_sh("%s run" ARGS " --max-reject-rate 100 --out %s/bfout --bank-formats %s 2>%s/bf.err", tu_bin(), zT, zBad, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q \"bad-formats.csv:2: unknown field '姓名'\" %s/bf.err", zT), 0);
    struct stat st;
    char zDir[600];
    snprintf(zDir, sizeof(zDir), "%s/bfout", zT);
    CU_ASSERT_NOT_EQUAL(stat(zDir, &st), 0);   /* not even the output folder */
    CU_ASSERT_EQUAL(tu_sh("%s check" ARGS " --bank-formats %s >/dev/null 2>%s/bf.err", tu_bin(), zBad, zT), 2);
    CU_ASSERT_EQUAL(tu_sh("grep -q \"bad-formats.csv:2: unknown field '姓名'\" %s/bf.err", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s check" ARGS " --max-reject-rate 100 --bank-formats samples/bank-formats.csv >/dev/null 2>&1", tu_bin()), 0);
    CU_ASSERT_EQUAL(tu_sh("%s run --help | grep -q -- --bank-formats", tu_bin()), 0);
    /* a good one: the month's manifest names it with its SHA-256, and verify holds */
    CU_ASSERT_EQUAL(tu_sh("%s run" ARGS " --max-reject-rate 100 --out %s/bfgood --bank-formats samples/bank-formats.csv 2>/dev/null", tu_bin(), zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q \"\\\"bank_formats\\\": {\\\"path\\\": \\\"samples/bank-formats.csv\\\", \\\"sha256\\\": \\\"$(sha256sum samples/bank-formats.csv | cut -c1-64)\\\"\" %s/bfgood/2023-08/manifest.json", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("%s verify %s/bfgood/2023-08 >/dev/null 2>&1", tu_bin(), zT), 0);
}

static const pr_test aTests[] = {
    { "the sample formats", test_sample },
    { "English columns, a tab, GB18030", test_variants },
    { "every bad formats file", test_bad },
    { "the command refuses a bad formats file", test_command },
};

int suite_bank_formats(void) { PR_ADD_SUITE("bank_formats", aTests); }
