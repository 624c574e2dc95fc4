/*
 * bank_import.c - a bank's 代发 import file: csv (RFC 4180 quoting with the
 * format's delimiter), txt (the delimiter, no quoting) or xlsx (one sheet,
 * every cell text), UTF-8 or GB18030, amounts in yuan with two decimals or
 * in fen, made from the int64 fen of each bank row (never a double). Text
 * lines end in CRLF, as the banks' Windows import tools expect; no BOM.
 * The rows are those of bank-<bank>.xlsx's detail sheet, in its order
 * (formats/bank_book.c walks the same sorted lines).
 */
#include "formats/bank_import.h"
#include "formats/xlsx_util.h"
#include "model/calendar.h"
#include "io/encoding.h"
#include "io/outbuf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLUSH_BYTES (1u << 20)   /* text written (and converted) in blocks of about this */

void pr_bank_import_name(const char *zBank, const pr_bank_format *f, char *zOut, size_t nOut)
{
    char zName[200];
    pr_safe_name(zBank, zName, sizeof(zName));
    snprintf(zOut, nOut, "bank-%s-import.%s", zName, pr_bank_format_ext(f));
}

/* The amount of a row: yuan "1234.50" or fen "123450". */
static void fmt_amount(int64_t nFen, int bFen, char *z, size_t n)
{
    const char *zSign = nFen < 0 ? "-" : "";
    uint64_t u = nFen < 0 ? (uint64_t)0 - (uint64_t)nFen : (uint64_t)nFen;
    if (bFen) snprintf(z, n, "%s%" PRIu64, zSign, u);
    else snprintf(z, n, "%s%" PRIu64 ".%02" PRIu64, zSign, u / 100, u % 100);
}

/* The values of one bank row, by field. */
typedef struct row_vals {
    const char *az[BF_COUNT];
    char zRef[PR_PAY_REF_LEN + 1];
    char zAmount[32];
    char zRemark[160];
} row_vals;

/* Fills v for the row of lines aiLine[i, j) of bank b; returns its fen. */
static int64_t row_values(const pr_batch *p, const pr_banks *pBanks, int i, int j, const pr_bank_format *f,
                          const char *zMonth, row_vals *v)
{
    const pr_line *l = &p->aLine[pBanks->aiLine[i]];
    int64_t nFen = 0;
    for (int k = i; k < j; k++) nFen += p->aLine[pBanks->aiLine[k]].nAmount;
    v->zRef[0] = '\0';
    if (l->iPaySeq) pr_pay_ref(p->iMonth, l, v->zRef);
    fmt_amount(nFen, f->bFen, v->zAmount, sizeof(v->zAmount));
    pr_bank_row_remark(p, pBanks->aiLine, i, j, zMonth, v->zRemark, sizeof(v->zRemark));
    v->az[BF_PAYREF] = v->zRef;
    v->az[BF_ACCOUNT] = l->zAccount;
    v->az[BF_PAYEE] = l->zPayee;
    v->az[BF_AMOUNT] = v->zAmount;
    /* the payee's own ID when the payee is the person paid, as the workbook */
    v->az[BF_ID] = strcmp(l->zPayee, l->zName) == 0 ? l->zPerson : "";
    v->az[BF_REMARK] = v->zRemark;
    v->az[BF_BANK] = l->zBank;
    return nFen;
}

/* Writes the buffered text to out (converted to GB18030 when asked) and
 * empties it. PR_OK or an error with its message. */
static pr_error flush_text(pr_outbuf *b, FILE *out, const pr_bank_format *f, const char *zPath, pr_err *pErr)
{
    if (b->rc) return pr_err_set(pErr, b->rc, "%s: out of memory while writing", zPath);
    if (b->n == 0) return PR_OK;
    const char *z = b->z;
    size_t n = b->n;
    char *zGb = NULL;
    if (f->eEnc == ENC_GB18030) {
        pr_err e;
        pr_err_init(&e);
        if (pr_utf8_to_gb18030(b->z, b->n, &zGb, &n, &e))
            return pr_err_set(pErr, e.rc, "%s: cannot convert to GB18030: %s", zPath, e.zMsg);
        z = zGb;
    }
    size_t nPut = fwrite(z, 1, n, out);
    free(zGb);
    b->n = 0;
    if (nPut != n) return pr_err_set(pErr, PR_ERR_IO, "%s: cannot write: %s", zPath, strerror(errno));
    return PR_OK;
}

/* Appends one text field: csv quotes it when it holds the delimiter, a
 * quote or a line break; txt cannot carry those. */
static pr_error put_field(pr_outbuf *b, const pr_bank_format *f, const char *z, const char *zPath, int64_t iRow,
                          pr_bank_field e, pr_err *pErr)
{
    int bSpecial = strchr(z, f->cDelim) || strchr(z, '\r') || strchr(z, '\n');
    if (f->eType == BFT_TXT) {
        if (bSpecial)
            return pr_err_set(pErr, PR_ERR_CONFIG,
                              "%s: row %lld: %s '%s' holds the delimiter or a line break, which a txt file cannot "
                              "carry (use csv, or another 分隔符)", zPath, (long long)iRow, pr_bank_field_name(e), z);
        pr_outbuf_str(b, z);
        return PR_OK;
    }
    if (!bSpecial && !strchr(z, '"')) { pr_outbuf_str(b, z); return PR_OK; }
    pr_outbuf_add(b, "\"", 1);
    for (const char *c = z; *c; c++) {
        if (*c == '"') pr_outbuf_add(b, "\"", 1);
        pr_outbuf_add(b, c, 1);
    }
    pr_outbuf_add(b, "\"", 1);
    return PR_OK;
}

/* An import file being written (pr_import_writer_open). */
struct pr_import_writer {
    const pr_bank_format *f;     /* its format, borrowed */
    char zPath[4096];            /* the file, for the messages */
    char zMonth[8];              /* "YYYY-MM" */
    FILE *out;                   /* csv or txt: the file, owned */
    pr_outbuf buf;               /* csv or txt: the text not yet written */
    pr_book bk;                  /* xlsx: the workbook */
    lxw_worksheet *ws;           /* xlsx: its sheet, or NULL */
    int bBook;                   /* xlsx: bk is open */
    uint32_t iRow;               /* xlsx: the next row */
    int bTooBig;                 /* xlsx: rows past the sheet's last were left */
    int64_t nRows, nFen;         /* written */
    pr_err err;                  /* the first failure */
};

pr_import_writer *pr_import_writer_open(const pr_batch *p, const char *zBank, const pr_bank_format *f, const char *zPath,
                                        const char *zTmpDir)
{
    pr_import_writer *w = calloc(1, sizeof(*w));
    if (!w) return NULL;
    w->f = f;
    pr_err_init(&w->err);
    snprintf(w->zPath, sizeof(w->zPath), "%s", zPath);
    pr_month_format(p->iMonth, w->zMonth);
    if (f->eType == BFT_XLSX) {
        char zTitle[300];
        snprintf(zTitle, sizeof(zTitle), "%s %s 代发导入文件", zBank, w->zMonth);
        w->bBook = 1;
        if (pr_book_open(&w->bk, zPath, zTmpDir, zTitle, p->iMonth)) return w;
        if (!(w->ws = pr_book_sheet(&w->bk, "代发明细"))) return w;
        if (f->bHeader) {
            for (int k = 0; k < f->nField; k++)
                pr_book_str(&w->bk, w->ws, w->iRow, (uint16_t)k, pr_bank_field_name((pr_bank_field)f->aField[k]));
            w->iRow++;
        }
        return w;
    }
    pr_outbuf_init(&w->buf, (size_t)FLUSH_BYTES * 4);
    if (!(w->out = fopen(zPath, "wb"))) {
        pr_err_set(&w->err, PR_ERR_IO, "%s: cannot write: %s", zPath, strerror(errno));
        return w;
    }
    if (f->bHeader) {
        for (int k = 0; k < f->nField; k++) {
            if (k) pr_outbuf_add(&w->buf, &f->cDelim, 1);
            pr_outbuf_str(&w->buf, pr_bank_field_name((pr_bank_field)f->aField[k]));
        }
        pr_outbuf_str(&w->buf, "\r\n");
    }
    return w;
}

/* One text row (csv or txt). PR_OK or an error in w->err. */
static pr_error text_row(pr_import_writer *w, const row_vals *v)
{
    const pr_bank_format *f = w->f;
    pr_error rc;
    for (int k = 0; k < f->nField; k++) {
        if (k) pr_outbuf_add(&w->buf, &f->cDelim, 1);
        if ((rc = put_field(&w->buf, f, v->az[f->aField[k]], w->zPath, w->nRows + 1, (pr_bank_field)f->aField[k], &w->err)))
            return rc;
    }
    pr_outbuf_str(&w->buf, "\r\n");
    return w->buf.n >= FLUSH_BYTES ? flush_text(&w->buf, w->out, f, w->zPath, &w->err) : PR_OK;
}

void pr_import_writer_rows(pr_import_writer *w, const pr_batch *p, const pr_banks *pBanks, int b)
{
    row_vals v;
    if (w->err.rc || (w->bBook && !w->ws)) return;
    for (int i = pBanks->aiStart[b], iEnd = pBanks->aiStart[b + 1]; i < iEnd && !w->bTooBig;) {
        int j = pr_bank_row_end(p, pBanks, b, i);
        if (w->bBook && w->iRow >= PR_XLSX_MAX_ROWS) { w->bTooBig = 1; break; }
        int64_t nRowFen = row_values(p, pBanks, i, j, w->f, w->zMonth, &v);
        if (w->bBook) {
            /* text cells, the amount too: its digits are exactly the fen's */
            for (int k = 0; k < w->f->nField; k++) pr_book_text(&w->bk, w->ws, w->iRow, (uint16_t)k, v.az[w->f->aField[k]]);
            w->iRow++;
        } else if (text_row(w, &v)) {
            return;
        }
        w->nRows++;
        w->nFen += nRowFen;
        i = j;
    }
}

pr_error pr_import_writer_close(pr_import_writer *w, pr_bank_tally *pTally, pr_err *pErr)
{
    if (!w) return pr_err_nomem(pErr, "writing an import file");
    pr_error rc = w->err.rc;
    if (w->bBook) {
        pr_error rcBook = pr_book_close(&w->bk, pErr);
        if (!rc) rc = rcBook;
        if (!rc && w->bTooBig)
            rc = pr_err_set(pErr, PR_ERR_TOO_BIG, "%s: more bank rows than an xlsx sheet holds (%d); use csv or txt", w->zPath,
                            PR_XLSX_MAX_ROWS - 1);
    } else if (w->out) {
        if (!rc) rc = flush_text(&w->buf, w->out, w->f, w->zPath, &w->err);
        int bBad = fflush(w->out) != 0;
        if ((fclose(w->out) != 0 || bBad) && !rc)
            rc = pr_err_set(&w->err, PR_ERR_IO, "%s: cannot write: %s", w->zPath, strerror(errno));
    }
    if (w->err.rc) pr_err_set(pErr, w->err.rc, "%s", w->err.zMsg);
    if (!rc) {
        pTally->nRows += w->nRows;
        pTally->nFen += w->nFen;
    }
    pr_outbuf_clear(&w->buf);
    free(w);
    return rc;
}

pr_error pr_bank_import_write(const pr_batch *p, const pr_banks *pBanks, int b, const pr_bank_format *f,
                              const char *zPath, const char *zTmpDir, pr_bank_tally *pTally, pr_err *pErr)
{
    pr_import_writer *w = pr_import_writer_open(p, pr_bank_name(p, pBanks, b), f, zPath, zTmpDir);
    if (w) pr_import_writer_rows(w, p, pBanks, b);
    return pr_import_writer_close(w, pTally, pErr);
}
