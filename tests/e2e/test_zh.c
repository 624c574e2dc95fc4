/*
 * test_zh.c - the officer's language (issue 13, docs/RULES.md "The
 * officer's language"):
 *
 * - the sample months (2023-08, then 2023-09 with its returns and
 *   adjustments) run in the C locale and in Chinese (LC_ALL=C.UTF-8
 *   LANGUAGE=zh_CN, and LANG=zh_CN.UTF-8 where that locale is installed)
 *   give byte-identical month folders, while the terminal summary is
 *   English in one and Chinese in the other;
 * - no English word remains in any workbook those runs write;
 * - the errors made deep in the tree (pr_err_set, pr_err_nomem) follow the
 *   locale too: a missing roster, a truncated gzip roster, a roster header
 *   without a required column and a bad policy value stop with exit 2 in
 *   English under LANG=C and in Chinese under LANGUAGE=zh_CN (and
 *   LANG=zh_CN.UTF-8 where installed), and --json differs only in "reason".
 *
 * The scan reads, in every .xlsx: the sheet names (xl/workbook.xml), every
 * string (<t> of the shared strings, inline strings and chart titles
 * <a:t>), the cached text of string formulas (t="str"), and the page
 * headers and footers (their &-codes removed). It cuts them into ASCII
 * tokens (letters, digits and _ . / : + - runs) and allows a token with a
 * letter only when it is:
 *   - a file name (.csv, .gz, .xlsx, .json, .jsonl, .md, with :line) or a
 *     command-line option (--prev);
 *   - an ID, household id, account, pay_ref or number: a digit in it and at
 *     most 4 letters, all upper-case (DB320612-0003, 32061219830308378X,
 *     3.20613E+17);
 *   - in summary.xlsx, which shows code columns (汇总 项目代码, 异常 代码,
 *     变动 项目, 参数 检查代码) or in a sheet name (DIBAO 最低生活保障): a
 *     finding code with a Chinese sentence, a programme code or POLICY;
 *   - in summary.xlsx's 参数 sheet, the policy file's own words: a dotted
 *     key (dibao.standard) or a snake_case value (jiangsu_tiered), and the
 *     standard GB/T named in a reference.
 * Anything else fails the test, naming the workbook, the part and the text;
 * a planted English word proves it does.
 */
#include "tests/testutil.h"
#include "tests/xlsxread.h"
#include "model/explain.h"
#include "model/types.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define ROSTERS_A " --policy samples/policy.csv --index samples/index.csv" \
    " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv" \
    " --disability samples/disability-certificate-only.csv --orphan samples/orphan-children.csv --max-reject-rate 5 --no-progress"
#define AUG_ARGS " --month 2023-08" ROSTERS_A " --disability samples/disability-with-type.csv"
#define SEP_ARGS " --month 2023-09" ROSTERS_A " --disability samples/2023-09/disability-with-type.csv" \
    " --returns samples/returns-2023-08.csv --adjustments samples/adjustments-2023-09.csv"

/* Runs both sample months with the environment zEnv (catalogues from the
 * tree's po/) into $TMP/out, then renames it $TMP/<zName> (the same --out
 * and --prev paths in every run: the manifest names them); stderr of the
 * runs into $TMP/<zName>.err. Returns 0 when both ran. */
static int run_months(const char *zName, const char *zEnv)
{
    const char *zT = tu_tmpdir();
    int rc = tu_sh("rm -rf %s/out %s/%s; env -u LC_ALL -u LC_MESSAGES -u LANGUAGE -u LANG PAYRUN_LOCALEDIR=\"$PWD/po\" %s %s run" AUG_ARGS
                   " --out %s/out 2>%s/%s.err >/dev/null"
                   " && env -u LC_ALL -u LC_MESSAGES -u LANGUAGE -u LANG PAYRUN_LOCALEDIR=\"$PWD/po\" %s %s run" SEP_ARGS
                   " --prev %s/out/2023-08 --out %s/out 2>>%s/%s.err >/dev/null",
                   zT, zT, zName, zEnv, tu_bin(), zT, zT, zName, zEnv, tu_bin(), zT, zT, zT, zName);
    return rc ? rc : tu_sh("mv %s/out %s/%s", zT, zT, zName);
}

static int bRan;

static void test_locale_same_files(void)
{
    const char *zT = tu_tmpdir();
    CU_ASSERT_EQUAL_FATAL(tu_sh("test -f po/zh_CN/LC_MESSAGES/payrun.mo"), 0);   /* make builds it */
    CU_ASSERT_EQUAL_FATAL(run_months("zh-c", "LANG=C"), 0);
    CU_ASSERT_EQUAL_FATAL(run_months("zh-zh", "LC_ALL=C.UTF-8 LANGUAGE=zh_CN"), 0);
    bRan = 1;
    for (int m = 8; m <= 9; m++)
        CU_ASSERT_EQUAL(tu_sh("diff -r %s/zh-c/2023-%02d %s/zh-zh/2023-%02d >/dev/null", zT, m, zT, m), 0);
    /* the terminal follows the locale */
    CU_ASSERT_EQUAL(tu_sh("grep -q '^payrun: 969 rows read: 914 paid' %s/zh-c.err", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q '^payrun: 读入 969 行：已发放 914' %s/zh-zh.err", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q '银行回盘' %s/zh-zh.err && grep -q 'bank returns' %s/zh-c.err", zT, zT), 0);
    CU_ASSERT_NOT_EQUAL(tu_sh("cmp -s %s/zh-c.err %s/zh-zh.err", zT, zT), 0);
    /* and the installed Chinese locale, where there is one */
    if (tu_sh("locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\\?8$'") == 0) {
        CU_ASSERT_EQUAL_FATAL(run_months("zh-lang", "LANG=zh_CN.UTF-8"), 0);
        for (int m = 8; m <= 9; m++)
            CU_ASSERT_EQUAL(tu_sh("diff -r %s/zh-c/2023-%02d %s/zh-lang/2023-%02d >/dev/null", zT, m, zT, m), 0);
        CU_ASSERT_EQUAL(tu_sh("grep -q '^payrun: 读入 969 行' %s/zh-lang.err", zT), 0);
        /* the C library's message for a missing file comes in UTF-8, never as question marks */
        CU_ASSERT_EQUAL(tu_sh("env -u LC_ALL -u LANGUAGE PAYRUN_LOCALEDIR=\"$PWD/po\" LANG=zh_CN.UTF-8 %s run --month 2023-08"
                              " --policy samples/policy.csv --index samples/index.csv --dibao %s/no-such.csv --out %s/u"
                              " 2>%s/nofile.err; test $? -eq 2 && grep -q 'no-such.csv' %s/nofile.err"
                              " && ! grep -q '[?][?]' %s/nofile.err", tu_bin(), zT, zT, zT, zT, zT), 0);
    }
    /* usage errors too, and English where no catalogue applies */
    CU_ASSERT_EQUAL(tu_sh("env -u LC_ALL -u LANG PAYRUN_LOCALEDIR=\"$PWD/po\" LC_ALL=C.UTF-8 LANGUAGE=zh_CN %s run --month 2023-13"
                          " --policy x --index y --dibao z --out %s/u 2>&1 | grep -q '须为 YYYY-MM'", tu_bin(), zT), 0);
    CU_ASSERT_EQUAL(tu_sh("env -u LANGUAGE LC_ALL=C.UTF-8 PAYRUN_LOCALEDIR=\"$PWD/po\" %s run --month 2023-13"
                          " --policy x --index y --dibao z --out %s/u 2>&1 | grep -q 'must be YYYY-MM'", tu_bin(), zT), 0);
}

/* Runs `payrun run` for August with zArgs (each case's broken input) under
 * the environment zEnv, --json on stdout to $TMP/err-<zCase>-<zLang>.json
 * and stderr to .err. Returns the exit status. */
static int run_broken(const char *zCase, const char *zLang, const char *zEnv, const char *zArgs)
{
    const char *zT = tu_tmpdir();
    return tu_sh("env -u LC_ALL -u LC_MESSAGES -u LANGUAGE -u LANG PAYRUN_LOCALEDIR=\"$PWD/po\" %s %s run --month 2023-08"
                 " --index samples/index.csv --out %s/err-out --no-progress --json %s >%s/err-%s-%s.json 2>%s/err-%s-%s.err",
                 zEnv, tu_bin(), zT, zArgs, zT, zCase, zLang, zT, zCase, zLang);
}

/* 0 when $TMP/err-<zCase>-<zLang>.err holds the fixed string zText (from a
 * file: the texts hold quotes) */
static int err_has(const char *zCase, const char *zLang, const char *zText)
{
    const char *zPat = tu_write_str("err-pattern", zText);
    return tu_sh("grep -qF -f %s %s/err-%s-%s.err", zPat, tu_tmpdir(), zCase, zLang);
}

/* 0 when the --json lines of the two runs are the same but for "reason" */
static int json_same_but_reason(const char *zCase, const char *zLang)
{
    const char *zT = tu_tmpdir();
    return tu_sh("for l in c %s; do sed -E 's/\"reason\": \"([^\"\\\\]|\\\\.)*\"/\"reason\": R/' %s/err-%s-$l.json"
                 " >%s/err-%s-$l.cut || exit 1; done; grep -q '\"reason\": R' %s/err-%s-c.cut"
                 " && cmp -s %s/err-%s-c.cut %s/err-%s-%s.cut",
                 zLang, zT, zCase, zT, zCase, zT, zCase, zT, zCase, zT, zCase, zLang);
}

static void test_lower_errors_follow_locale(void)
{
    const char *zT = tu_tmpdir();
    char zArgs[4][700];
    /* the broken inputs: a truncated gzip roster, a roster without its first
     * column (户编号), dibao.standard 7x0 on the policy's line 9 */
    CU_ASSERT_EQUAL_FATAL(tu_sh("head -c 3000 samples/dibao-haian.csv.gz >%s/trunc.csv.gz"
                                " && cut -d, -f2- samples/dibao-chongchuan-tongzhou.csv >%s/nocol.csv"
                                " && sed '9s/^dibao.standard,\\*,\\*,2020-07,710,/dibao.standard,*,*,2020-07,7x0,/' samples/policy.csv >%s/badpol.csv"
                                " && grep -q '^dibao.standard,\\*,\\*,2020-07,7x0,' %s/badpol.csv", zT, zT, zT, zT), 0);
    snprintf(zArgs[0], sizeof(zArgs[0]), "--policy samples/policy.csv --dibao %s/no-such.csv", zT);
    snprintf(zArgs[1], sizeof(zArgs[1]), "--policy samples/policy.csv --dibao %s/trunc.csv.gz", zT);
    snprintf(zArgs[2], sizeof(zArgs[2]), "--policy samples/policy.csv --dibao %s/nocol.csv", zT);
    snprintf(zArgs[3], sizeof(zArgs[3]), "--policy %s/badpol.csv --dibao samples/dibao-chongchuan-tongzhou.csv", zT);
    static const struct { const char *zCase, *zEn, *zZh; } aCase[4] = {
        { "missing", "no-such.csv: cannot open: ", "no-such.csv: 无法打开：" },
        { "gzip", "trunc.csv.gz: truncated gzip stream: it ends inside a member at byte offset 3000",
          "trunc.csv.gz: gzip 数据被截断：在字节偏移 3000 处的成员内部结束" },
        { "column", "nocol.csv:1: required column 户编号/household_id is missing from the dibao roster header",
          "nocol.csv:1: dibao 名册的表头缺少必需的列 户编号/household_id" },
        { "policy", "badpol.csv:9: dibao.standard must be an amount in yuan, >= 0, at most two decimals, not '7x0'",
          "badpol.csv:9: dibao.standard 须为以元为单位的金额（>= 0，最多两位小数），而不是 '7x0'" },
    };
    int bLang = tu_sh("locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\\?8$'") == 0;
    for (int i = 0; i < 4; i++) {
        const char *zC = aCase[i].zCase;
        CU_ASSERT_EQUAL(run_broken(zC, "c", "LANG=C", zArgs[i]), 2);
        CU_ASSERT_EQUAL(err_has(zC, "c", aCase[i].zEn), 0);
        CU_ASSERT_EQUAL(err_has(zC, "c", "payrun: error: "), 0);
        CU_ASSERT_EQUAL(run_broken(zC, "zh", "LC_ALL=C.UTF-8 LANGUAGE=zh_CN", zArgs[i]), 2);
        CU_ASSERT_EQUAL(err_has(zC, "zh", aCase[i].zZh), 0);
        CU_ASSERT_EQUAL(err_has(zC, "zh", "payrun: 错误: "), 0);
        CU_ASSERT_EQUAL(json_same_but_reason(zC, "zh"), 0);
        if (!bLang) continue;
        CU_ASSERT_EQUAL(run_broken(zC, "lang", "LANG=zh_CN.UTF-8", zArgs[i]), 2);
        CU_ASSERT_EQUAL(err_has(zC, "lang", aCase[i].zZh), 0);
        CU_ASSERT_EQUAL(json_same_but_reason(zC, "lang"), 0);
    }
    /* the reason in --json is the terminal's: Chinese beside Chinese */
    CU_ASSERT_EQUAL(tu_sh("grep -qF 'gzip 数据被截断' %s/err-gzip-zh.json", zT), 0);
}

/* ---- the scan ---------------------------------------------------------------- */

static int is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_tok(char c) { return is_letter(c) || is_digit(c) || c == '_' || c == '.' || c == '/' || c == ':' || c == '+' || c == '-'; }

static int ends_with(const char *z, size_t n, const char *zEnd)
{
    size_t m = strlen(zEnd);
    return n >= m && memcmp(z + n - m, zEnd, m) == 0;
}

static int is_code(const char *z, size_t n)
{
    char zC[64];
    if (n == 0 || n >= sizeof(zC)) return 0;
    memcpy(zC, z, n);
    zC[n] = 0;
    for (size_t i = 0; i < n; i++)
        if (!((zC[i] >= 'A' && zC[i] <= 'Z') || is_digit(zC[i]) || zC[i] == '_')) return 0;
    pr_prog e;
    return pr_explain_code(zC) || pr_prog_parse(zC, &e) == 0 || strcmp(zC, "POLICY") == 0;
}

/* 1 when the token z[0..n) is allowed (see the header) */
static int allowed(const char *z, size_t n, int bSummary, int bSheetName)
{
    int nLetters = 0, nLower = 0, bDigit = 0;
    for (size_t i = 0; i < n; i++) {
        nLetters += is_letter(z[i]);
        nLower += z[i] >= 'a' && z[i] <= 'z';
        bDigit |= is_digit(z[i]);
    }
    if (nLetters == 0) return 1;
    if (n > 2 && z[0] == '-' && z[1] == '-') return 1;                       /* an option */
    size_t m = n;                                                              /* a file, maybe with :line */
    while (m > 0 && is_digit(z[m - 1])) m--;
    if (m < n && m > 0 && z[m - 1] == ':') m--;
    else m = n;
    static const char *const azExt[] = { ".csv", ".gz", ".xlsx", ".json", ".jsonl", ".md" };
    for (size_t i = 0; i < sizeof(azExt) / sizeof(azExt[0]); i++)
        if (ends_with(z, m, azExt[i])) return 1;
    if (bDigit && nLower == 0 && nLetters <= 4) return 1;                     /* an ID, account, pay_ref, number */
    if ((bSummary || bSheetName) && is_code(z, n)) return 1;
    if (bSummary) {
        if (n == 4 && memcmp(z, "GB/T", 4) == 0) return 1;
        int bOk = nLower > 0 && (memchr(z, '.', n) || memchr(z, '_', n));   /* dibao.standard, jiangsu_tiered */
        for (size_t i = 0; i < n && bOk; i++) bOk = (z[i] >= 'a' && z[i] <= 'z') || is_digit(z[i]) || z[i] == '.' || z[i] == '_';
        if (bOk) return 1;
    }
    return 0;
}

typedef struct scan { const char *zBook, *zPart; int bSummary; int nBad; } scan;

/* Scans one text (XML-escaped as in the part); reports each bad token. */
static void scan_text(scan *s, const char *z, size_t n, int bSheetName, int bHeader)
{
    char *zU = malloc(n + 1);
    if (!zU) return;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {   /* unescape the five entities */
        static const struct { const char *zE; char c; } aE[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' } };
        size_t j;
        for (j = 0; j < 5; j++)
            if (strncmp(z + i, aE[j].zE, strlen(aE[j].zE)) == 0) break;
        if (j < 5) { zU[k++] = aE[j].c; i += strlen(aE[j].zE) - 1; }
        else zU[k++] = z[i];
    }
    zU[k] = 0;
    if (bHeader) {   /* &P &N &C &L &R &B &14 &"font" &&: the codes of a page header */
        char *w = zU;
        for (char *r = zU; *r; ) {
            if (*r == '&' && r[1] == '"') { char *e = strchr(r + 2, '"'); r = e ? e + 1 : r + 2; continue; }
            if (*r == '&' && r[1] == '&') { *w++ = '&'; r += 2; continue; }
            if (*r == '&' && (is_letter(r[1]))) { r += 2; continue; }
            if (*r == '&' && is_digit(r[1])) { r++; while (is_digit(*r)) r++; continue; }
            *w++ = *r++;
        }
        *w = 0;
    }
    for (const char *p = zU; *p; ) {
        if (!is_tok(*p)) { p++; continue; }
        const char *q = p;
        while (*q && is_tok(*q)) q++;
        const char *a = p, *b = q;
        while (b > a && (b[-1] == '.' || b[-1] == ':' || b[-1] == '-' || b[-1] == '/')) b--;   /* sentence punctuation */
        if (b > a && !allowed(a, (size_t)(b - a), s->bSummary, bSheetName)) {
            fprintf(stderr, "\n%s %s: English word '%.*s' in \"%s\"\n", s->zBook, s->zPart, (int)(b - a), a, zU);
            s->nBad++;
        }
        p = q;
    }
    free(zU);
}

/* The texts between zOpen... '>' and zClose in part z. */
static void scan_elements(scan *s, const char *z, const char *zOpen, const char *zClose, int bHeader)
{
    size_t nOpen = strlen(zOpen);
    for (const char *p = strstr(z, zOpen); p; p = strstr(p, zOpen)) {
        const char *g = p + nOpen;
        if (*g != '>' && *g != ' ') { p = g; continue; }   /* <t> or <t xml:space=...>, not <tableParts> */
        g = strchr(g, '>');
        if (!g) break;
        if (g[-1] == '/') { p = g; continue; }   /* empty element */
        const char *e = strstr(g + 1, zClose);
        if (!e) break;
        scan_text(s, g + 1, (size_t)(e - g - 1), 0, bHeader);
        p = e;
    }
}

/* The cached text of string formulas: <c ... t="str"><f>..</f><v>TEXT</v> */
static void scan_formula_strings(scan *s, const char *z)
{
    for (const char *p = strstr(z, "t=\"str\""); p; p = strstr(p + 1, "t=\"str\"")) {
        const char *c = strstr(p, "</c>"), *v = strstr(p, "<v>");
        if (!c || !v || v > c) continue;
        const char *e = strstr(v, "</v>");
        if (e && e < c) scan_text(s, v + 3, (size_t)(e - v - 3), 0, 0);
    }
}

/* Scans workbook zPath; returns the number of English words found. */
static int scan_book(const char *zPath)
{
    const char *zBase = strrchr(zPath, '/');
    zBase = zBase ? zBase + 1 : zPath;
    scan s = { zBase, "", strcmp(zBase, "summary.xlsx") == 0, 0 };
    char *z = xr_part(zPath, "xl/workbook.xml");
    if (!z) { fprintf(stderr, "\n%s: not a workbook\n", zPath); return 1; }
    s.zPart = "sheet name";
    for (const char *p = strstr(z, "<sheet "); p; p = strstr(p + 1, "<sheet ")) {
        const char *n = strstr(p, " name=\"");
        const char *e = n ? strchr(n + 7, '"') : NULL;
        if (e) scan_text(&s, n + 7, (size_t)(e - n - 7), 1, 0);
    }
    free(z);
    if ((z = xr_part(zPath, "xl/sharedStrings.xml"))) { s.zPart = "xl/sharedStrings.xml"; scan_elements(&s, z, "<t", "</t>", 0); free(z); }
    char zPart[64];
    for (int i = 1; ; i++) {
        snprintf(zPart, sizeof(zPart), "xl/worksheets/sheet%d.xml", i);
        if (!(z = xr_part(zPath, zPart))) break;
        s.zPart = zPart;
        scan_elements(&s, z, "<t", "</t>", 0);
        scan_formula_strings(&s, z);
        static const char *const azHF[] = { "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter" };
        for (size_t h = 0; h < 6; h++) {
            char zO[24], zC[24];
            snprintf(zO, sizeof(zO), "<%s", azHF[h]);
            snprintf(zC, sizeof(zC), "</%s>", azHF[h]);
            scan_elements(&s, z, zO, zC, 1);
        }
        free(z);
    }
    for (int i = 1; ; i++) {
        snprintf(zPart, sizeof(zPart), "xl/charts/chart%d.xml", i);
        if (!(z = xr_part(zPath, zPart))) break;
        s.zPart = zPart;
        scan_elements(&s, z, "<a:t", "</a:t>", 0);
        free(z);
    }
    return s.nBad;
}

/* Scans every .xlsx of folder zDir; returns the words found, counts the books. */
static int scan_folder(const char *zDir, int *pnBooks)
{
    DIR *d = opendir(zDir);
    if (!d) return 1;
    int nBad = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 5, ".xlsx")) continue;
        char zPath[1024];
        snprintf(zPath, sizeof(zPath), "%s/%s", zDir, e->d_name);
        nBad += scan_book(zPath);
        (*pnBooks)++;
    }
    closedir(d);
    return nBad;
}

static void test_no_english_in_workbooks(void)
{
    if (!bRan) CU_ASSERT_EQUAL_FATAL(run_months("zh-zh", "LC_ALL=C.UTF-8 LANGUAGE=zh_CN"), 0);
    char zDir[600];
    int nBooks = 0, nBad = 0;
    for (int m = 8; m <= 9; m++) {
        snprintf(zDir, sizeof(zDir), "%s/zh-zh/2023-%02d", tu_tmpdir(), m);
        nBad += scan_folder(zDir, &nBooks);
    }
    CU_ASSERT_EQUAL(nBad, 0);
    CU_ASSERT(nBooks >= 2 * 22);   /* 7 district books, 7 notices, 7 banks, the summary, each month */
}

/* the scan finds a planted word, and keeps codes to summary.xlsx */
static void test_scan_finds_english(void)
{
    char zPath[600], zSum[600];
    snprintf(zPath, sizeof(zPath), "%s/planted.xlsx", tu_tmpdir());
    snprintf(zSum, sizeof(zSum), "%s/summary.xlsx", tu_tmpdir());
    for (int k = 0; k < 2; k++) {
        lxw_workbook *wb = workbook_new(k ? zSum : zPath);
        lxw_worksheet *ws = workbook_add_worksheet(wb, "DIBAO 最低生活保障");
        worksheet_write_string(ws, 0, 0, "渐退至 2023-08: 615.50", NULL);
        worksheet_write_string(ws, 1, 0, "samples/tekun-dispersed.csv:5 DB320612-0003 32061219830308378X --prev", NULL);
        worksheet_write_string(ws, 2, 0, "ID_CHECKSUM", NULL);
        CU_ASSERT_EQUAL_FATAL(workbook_close(wb), LXW_NO_ERROR);
    }
    fprintf(stderr, "\n(three planted English words follow)");
    CU_ASSERT_EQUAL(scan_book(zSum), 0);    /* a code where the summary shows codes */
    CU_ASSERT_EQUAL(scan_book(zPath), 1);   /* ID_CHECKSUM outside it */
    lxw_workbook *wb = workbook_new(zPath);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "明细");
    worksheet_write_string(ws, 0, 0, "合计 3 笔 approved", NULL);
    worksheet_set_footer(ws, "&C第 &P 页 共 &N 页 total");
    CU_ASSERT_EQUAL_FATAL(workbook_close(wb), LXW_NO_ERROR);
    CU_ASSERT_EQUAL(scan_book(zPath), 2);   /* approved, total */
}

/* a month not payable: the officer reads why in the messages' language,
 * while the manifest and --json keep the English reason */
static void test_not_payable_reason(void)
{
    const char *zT = tu_tmpdir();
#define NP_RUN "env -u LC_ALL -u LANG -u LANGUAGE PAYRUN_LOCALEDIR=\"$PWD/po\" %s %s run --policy samples/policy.csv" \
    " --index samples/index.csv" AUG_ARGS " --max-reject-rate 0.5 --no-progress --force --json --out %s/np-%s >%s/np-%s.json 2>%s/np-%s.err"
    CU_ASSERT_EQUAL(tu_sh(NP_RUN, "LC_ALL=C.UTF-8 LANGUAGE=zh_CN", tu_bin(), zT, "zh", zT, "zh", zT, "zh"), 3);
    CU_ASSERT_EQUAL(tu_sh(NP_RUN, "LC_ALL=C.UTF-8", tu_bin(), zT, "c", zT, "c", zT, "c"), 3);
#undef NP_RUN
    CU_ASSERT_EQUAL(tu_sh("grep -q '^payrun: 不可发放: .* 条记录中有 .* 条（.* %%）被退回' %s/np-zh.err", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q '^payrun: NOT PAYABLE: .* records (.* %%) are REJECTED' %s/np-c.err", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("cd %s && grep -o '\"reason\": \"[^\"]*\"' np-zh.json > r-zh && grep -o '\"reason\": \"[^\"]*\"' np-c.json > r-c"
                          " && cmp -s r-zh r-c && grep -q 'are REJECTED' r-zh", zT), 0);
    CU_ASSERT_EQUAL(tu_sh("diff -r %s/np-zh/2023-08 %s/np-c/2023-08", zT, zT), 0);
}

static const pr_test aTests[] = {
    { "C and Chinese locales write the same files", test_locale_same_files },
    { "no English word in any sample workbook", test_no_english_in_workbooks },
    { "the scan finds a planted English word", test_scan_finds_english },
    { "errors from the lower layers follow the locale", test_lower_errors_follow_locale },
    { "a month not payable says why in the locale's language", test_not_payable_reason },
};

int suite_zh(void)
{
    PR_ADD_SUITE("zh", aTests);
}
