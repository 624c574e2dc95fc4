/*
 * bank_formats.c - reads the --bank-formats file. Every problem stops the
 * run before anything is written, naming the file and line: a bank file
 * laid out wrongly would be refused by the bank, or worse, read wrongly.
 */
#include "formats/bank_formats.h"
#include "io/common.h"
#include "io/csv.h"
#include "io/textfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fields by their Chinese and English names. */
static const char *const azFieldZh[BF_COUNT] = { "付款编号", "账号", "户名", "金额", "证件号", "摘要", "开户行" };
static const char *const azFieldEn[BF_COUNT] = { "pay_ref", "account", "payee", "amount", "id_number", "remark", "bank" };
#define FIELD_LIST "付款编号, 账号, 户名, 金额, 证件号, 摘要, 开户行"

const char *pr_bank_field_name(pr_bank_field e) { return e < BF_COUNT ? azFieldZh[e] : ""; }

const char *pr_bank_format_ext(const pr_bank_format *f)
{
    return f->eType == BFT_XLSX ? "xlsx" : f->eType == BFT_TXT ? "txt" : "csv";
}

enum { C_BANK, C_TYPE, C_ENC, C_DELIM, C_HEADER, C_UNIT, C_FIELDS, C_COUNT };
static const char *const azColZh[C_COUNT] = { "银行", "文件类型", "编码", "分隔符", "表头", "金额单位", "字段" };
static const char *const azColEn[C_COUNT] = { "bank", "type", "encoding", "delimiter", "header", "unit", "fields" };
#define COLUMNS "银行,文件类型,编码,分隔符,表头,金额单位,字段"

#define MAX_BANK_NAME 200   /* bytes: the name goes into a file name */

/* Trims spaces (not tabs: a delimiter may be one) and a CR. */
static pr_field trim(pr_field f)
{
    while (f.n && f.z[0] == ' ') { f.z++; f.n--; }
    while (f.n && (f.z[f.n - 1] == ' ' || f.z[f.n - 1] == '\r')) f.n--;
    return f;
}

static int eq(pr_field f, const char *z) { return f.n == strlen(z) && memcmp(f.z, z, f.n) == 0; }

/* Case-insensitive for ASCII words. */
static int eq_ci(pr_field f, const char *z)
{
    if (f.n != strlen(z)) return 0;
    for (size_t i = 0; i < f.n; i++) {
        char a = f.z[i], b = z[i];
        if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
        if (a != b) return 0;
    }
    return 1;
}

/* A field's text for a message, cut at 40 bytes. */
#define SHOW(f) (int)((f).n > 40 ? 40 : (f).n), (f).z

static pr_bank_formats *fail_free(pr_bank_formats *p)
{
    pr_bank_formats_free(p);
    return NULL;
}

/* Maps the header; PR_OK or PR_ERR_HEADER. */
static pr_error map_header(const char *zPath, uint32_t iLine, const pr_csvrow *row, int *aiCol, pr_err *pErr)
{
    for (int c = 0; c < C_COUNT; c++) {
        aiCol[c] = -1;
        for (int i = 0; i < row->nField; i++) {
            pr_field f = trim(row->aField[i]);
            if (!eq(f, azColZh[c]) && !eq_ci(f, azColEn[c])) continue;
            if (aiCol[c] >= 0)
                return pr_err_set(pErr, PR_ERR_HEADER, "%s:%u: column '%s' (or '%s') appears twice in the header", zPath,
                                  iLine, azColZh[c], azColEn[c]);
            aiCol[c] = i;
        }
        if (aiCol[c] < 0)
            return pr_err_set(pErr, PR_ERR_HEADER,
                              "%s:%u: required column '%s' (or '%s') is missing from the header (%s)", zPath,
                              iLine, azColZh[c], azColEn[c], COLUMNS);
    }
    return PR_OK;
}

/* The fields "a|b|c" into f. PR_OK or PR_ERR_CONFIG. */
static pr_error parse_fields(const char *zPath, uint32_t iLine, pr_field v, pr_bank_format *f, pr_err *pErr)
{
    size_t i = 0;
    int aSeen[BF_COUNT] = { 0 };
    if (v.n == 0) return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: 字段 is blank: list the fields in order, separated by '|' (%s)", zPath, iLine, FIELD_LIST);
    while (i <= v.n) {
        size_t j = i;
        while (j < v.n && v.z[j] != '|') j++;
        pr_field x = trim((pr_field){ v.z + i, (uint32_t)(j - i) });
        int e = -1;
        for (int k = 0; k < BF_COUNT && e < 0; k++)
            if (eq(x, azFieldZh[k]) || eq_ci(x, azFieldEn[k])) e = k;
        if (e < 0)
            return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: unknown field '%.*s' in 字段 (the fields are %s)",
                              zPath, iLine, SHOW(x), FIELD_LIST);
        if (aSeen[e]++)
            return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: field '%s' is named twice in 字段", zPath, iLine, azFieldZh[e]);
        f->aField[f->nField++] = (uint8_t)e;
        i = j + 1;
    }
    if (!aSeen[BF_ACCOUNT] || !aSeen[BF_AMOUNT])
        return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: 字段 must include 账号 and 金额 (a bank cannot pay a row without them)",
                          zPath, iLine);
    return PR_OK;
}

/* One data row into f. PR_OK or PR_ERR_CONFIG. */
static pr_error parse_row(const char *zPath, uint32_t iLine, const pr_field *a, pr_bank_format *f, pr_err *pErr)
{
    pr_field v = a[C_TYPE];
    if (eq_ci(v, "csv")) f->eType = BFT_CSV;
    else if (eq_ci(v, "txt")) f->eType = BFT_TXT;
    else if (eq_ci(v, "xlsx")) f->eType = BFT_XLSX;
    else return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: unknown 文件类型 '%.*s' (csv, txt or xlsx)", zPath, iLine, SHOW(v));
    v = a[C_ENC];
    if (v.n == 0 || eq_ci(v, "utf-8") || eq_ci(v, "utf8")) f->eEnc = ENC_UTF8;
    else if (eq_ci(v, "gb18030")) f->eEnc = ENC_GB18030;
    else return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: unknown 编码 '%.*s' (utf-8 or gb18030)", zPath, iLine, SHOW(v));
    if (f->eType == BFT_XLSX && f->eEnc != ENC_UTF8)
        return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: an xlsx file has no 编码 of its own (it is always UTF-8 inside): leave it blank or utf-8", zPath, iLine);
    v = a[C_DELIM];
    if (f->eType == BFT_XLSX) {
        if (v.n) return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: an xlsx file has no 分隔符: leave it blank", zPath, iLine);
    } else if (v.n == 0) {
        if (f->eType == BFT_TXT)
            return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: a txt file needs its 分隔符 (such as | or \\t; fixed-width files are not supported)", zPath, iLine);
        f->cDelim = ',';
    } else if (eq(v, "\\t") || eq_ci(v, "tab") || eq(v, "\t")) {
        f->cDelim = '\t';
    } else if (v.n == 1 && v.z[0] > ' ' && v.z[0] < 0x7f && v.z[0] != '"'
               && !(v.z[0] >= '0' && v.z[0] <= '9') && !((v.z[0] | 0x20) >= 'a' && (v.z[0] | 0x20) <= 'z')) {
        f->cDelim = v.z[0];
    } else {
        return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: unknown 分隔符 '%.*s' (one punctuation character such as , | ; or \\t for a tab)",
                          zPath, iLine, SHOW(v));
    }
    v = a[C_HEADER];
    if (eq(v, "是") || eq(v, "有") || eq_ci(v, "yes") || eq_ci(v, "y") || eq(v, "1")) f->bHeader = 1;
    else if (eq(v, "否") || eq(v, "无") || eq_ci(v, "no") || eq_ci(v, "n") || eq(v, "0")) f->bHeader = 0;
    else return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: unknown 表头 '%.*s' (是/否, yes/no)", zPath, iLine, SHOW(v));
    v = a[C_UNIT];
    if (eq(v, "元") || eq_ci(v, "yuan")) f->bFen = 0;
    else if (eq(v, "分") || eq_ci(v, "fen")) f->bFen = 1;
    else return pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: unknown 金额单位 '%.*s' (yuan/元 or fen/分)", zPath, iLine, SHOW(v));
    return parse_fields(zPath, iLine, a[C_FIELDS], f, pErr);
}

pr_bank_formats *pr_bank_formats_parse(const char *zPath, char *z, size_t n, pr_err *pErr)
{
    pr_csvrow row;
    pr_csvrow_init(&row);
    pr_bank_formats *p = calloc(1, sizeof(*p));
    if (!p || !(p->zPath = strdup(zPath))) { pr_err_nomem(pErr, "reading the bank formats"); goto fail; }
    size_t iPos = 0, nUsed;
    uint32_t iLine = 1, nLf;
    int aiCol[C_COUNT], bHeader = 1, nHeader = 0, nCap = 0;
    while (iPos < n) {
        uint32_t iThis = iLine;
        if (pr_csv_next(z + iPos, n - iPos, &row, &nUsed, &nLf, pErr)) goto fail;
        iPos += nUsed;
        iLine += nLf;
        if (row.eRc != CSV_OK) { pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: malformed CSV row", zPath, iThis); goto fail; }
        if (row.nField == 1 && trim(row.aField[0]).n == 0) continue;
        if (bHeader) {
            if (map_header(zPath, iThis, &row, aiCol, pErr)) goto fail;
            nHeader = row.nField;
            bHeader = 0;
            continue;
        }
        if (row.nField != nHeader) {
            pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: the row has %d fields, the header has %d", zPath, iThis, row.nField, nHeader);
            goto fail;
        }
        pr_field a[C_COUNT];
        for (int c = 0; c < C_COUNT; c++) a[c] = trim(row.aField[aiCol[c]]);
        if (a[C_BANK].n == 0) { pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: 银行 is blank", zPath, iThis); goto fail; }
        if (a[C_BANK].n > MAX_BANK_NAME || memchr(a[C_BANK].z, '\0', a[C_BANK].n)) {
            pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: 银行 is not a bank name (over %d bytes, or a NUL)", zPath, iThis, MAX_BANK_NAME);
            goto fail;
        }
        for (int i = 0; i < p->nFmt; i++) {
            if (!eq(a[C_BANK], p->aFmt[i].zBank)) continue;
            pr_err_set(pErr, PR_ERR_CONFIG, "%s:%u: bank '%s' is named twice (first on line %u)", zPath, iThis, p->aFmt[i].zBank,
                       p->aFmt[i].iLine);
            goto fail;
        }
        if (p->nFmt == nCap) {
            int nNew = nCap ? nCap * 2 : 8;
            pr_bank_format *aNew = realloc(p->aFmt, (size_t)nNew * sizeof(*aNew));
            if (!aNew) { pr_err_nomem(pErr, "reading the bank formats"); goto fail; }
            p->aFmt = aNew;
            nCap = nNew;
        }
        pr_bank_format *f = &p->aFmt[p->nFmt];
        memset(f, 0, sizeof(*f));
        f->iLine = iThis;
        if (!(f->zBank = malloc(a[C_BANK].n + 1))) { pr_err_nomem(pErr, "reading the bank formats"); goto fail; }
        memcpy(f->zBank, a[C_BANK].z, a[C_BANK].n);
        f->zBank[a[C_BANK].n] = '\0';
        p->nFmt++;
        if (parse_row(zPath, iThis, a, f, pErr)) goto fail;
    }
    if (bHeader) { pr_err_set(pErr, PR_ERR_HEADER, "%s: the file is empty (no header: %s)", zPath, COLUMNS); goto fail; }
    if (p->nFmt == 0) { pr_err_set(pErr, PR_ERR_CONFIG, "%s: no bank format after the header", zPath); goto fail; }
    pr_csvrow_clear(&row);
    return p;
fail:
    pr_csvrow_clear(&row);
    return fail_free(p);
}

pr_bank_formats *pr_bank_formats_load(const char *zPath, pr_err *pErr)
{
    char *zText = NULL, zSha[65];
    size_t nText = 0;
    if (pr_textfile_read(zPath, ENC_AUTO, &zText, &nText, zSha, pErr)) return NULL;
    pr_bank_formats *p = pr_bank_formats_parse(zPath, zText, nText, pErr);
    if (p) memcpy(p->zSha, zSha, sizeof(zSha));
    free(zText);
    return p;
}

const pr_bank_format *pr_bank_formats_find(const pr_bank_formats *f, const char *zBank)
{
    for (int i = 0; f && i < f->nFmt; i++)
        if (strcmp(f->aFmt[i].zBank, zBank) == 0) return &f->aFmt[i];
    return NULL;
}

void pr_bank_formats_free(pr_bank_formats *f)
{
    if (!f) return;
    for (int i = 0; i < f->nFmt; i++) free(f->aFmt[i].zBank);
    free(f->aFmt);
    free(f->zPath);
    free(f);
}
