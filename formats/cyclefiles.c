/*
 * cyclefiles.c - reading the returns and adjustments files and the month
 * registers, and writing the registers. Every file of the cycle is small
 * beside the rosters (a returns file lists at most last month's bank rows),
 * so each is read whole through pr_textfile_read (with its size cap) and
 * tokenized with the CSV tokenizer; a column is found by its Chinese or its
 * English name.
 */
#include "formats/cyclefiles.h"
#include "model/calendar.h"
#include "model/money.h"
#include "io/csv.h"
#include "io/outbuf.h"
#include "io/textfile.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One column of a cycle file: its two names and whether it must be there. */
typedef struct col_spec {
    const char *zZh;              /* Chinese name, or NULL */
    const char *zEn;              /* English name */
    int bRequired;                /* the header must have it */
} col_spec;

/* Called for each data row: its line, its fields by column ("" for a column
 * the file lacks; in the cycle's arena) and a CSV problem or NULL. Returns
 * 0, or -1 with pErr set to stop. */
typedef int (*row_fn)(void *pArg, uint32_t iLine, const char **az, const char *zBad, pr_err *pErr);

#define MAX_COLS 16

/* Trims spaces and tabs around f. */
static pr_field trim(pr_field f)
{
    while (f.n && (f.z[0] == ' ' || f.z[0] == '\t')) { f.z++; f.n--; }
    while (f.n && (f.z[f.n - 1] == ' ' || f.z[f.n - 1] == '\t' || f.z[f.n - 1] == '\r')) f.n--;
    return f;
}

/* Maps the header row to aiCol. PR_OK or PR_ERR_HEADER naming the column. */
static pr_error map_header(const char *zPath, uint32_t iLine, const pr_csvrow *pRow, const col_spec *aCol, int nCol,
                           int *aiCol, pr_err *pErr)
{
    for (int c = 0; c < nCol; c++) {
        aiCol[c] = -1;
        for (int i = 0; i < pRow->nField; i++) {
            pr_field f = trim(pRow->aField[i]);
            int bZh = aCol[c].zZh && f.n == strlen(aCol[c].zZh) && memcmp(f.z, aCol[c].zZh, f.n) == 0;
            int bEn = f.n == strlen(aCol[c].zEn) && memcmp(f.z, aCol[c].zEn, f.n) == 0;
            if (!bZh && !bEn) continue;
            if (aCol[c].zZh && aiCol[c] >= 0)
                return pr_err_set(pErr, PR_ERR_HEADER, "%s:%u: column '%s'/'%s' appears twice in the header", zPath, iLine,
                                  aCol[c].zZh, aCol[c].zEn);
            if (aiCol[c] >= 0)
                return pr_err_set(pErr, PR_ERR_HEADER, "%s:%u: column '%s' appears twice in the header", zPath, iLine,
                                  aCol[c].zEn);
            aiCol[c] = i;
        }
        if (aiCol[c] < 0 && aCol[c].bRequired) {
            if (aCol[c].zZh)
                return pr_err_set(pErr, PR_ERR_HEADER, "%s:%u: required column '%s' (or '%s') is missing from the header",
                                  zPath, iLine, aCol[c].zZh, aCol[c].zEn);
            return pr_err_set(pErr, PR_ERR_HEADER, "%s:%u: required column '%s' is missing from the header", zPath,
                              iLine, aCol[c].zEn);
        }
    }
    return PR_OK;
}

/* Reads zPath whole and calls xRow for each data row (blank lines skipped).
 * zSha gets its SHA-256 (may be NULL), *pnRows the data rows. */
static pr_error read_table(pr_cycle *c, const char *zPath, pr_encoding eEnc, const col_spec *aCol, int nCol,
                           char *zSha, uint32_t *pnRows, row_fn xRow, void *pArg, pr_err *pErr)
{
    assert(nCol <= MAX_COLS);
    char *zText = NULL, zShaBuf[65];
    size_t nText = 0, iPos = 0;
    uint32_t iLine = 1, nRows = 0;
    int aiCol[MAX_COLS], bHeader = 1, nHeader = 0;
    const char *az[MAX_COLS];
    pr_csvrow row;
    pr_csvrow_init(&row);
    pr_error rc = pr_textfile_read(zPath, eEnc, &zText, &nText, zSha ? zSha : zShaBuf, pErr);
    if (rc) goto cleanup;
    while (iPos < nText) {
        size_t nUsed;
        uint32_t nLf, iThis = iLine;
        if ((rc = pr_csv_next(zText + iPos, nText - iPos, &row, &nUsed, &nLf, pErr))) goto cleanup;
        iPos += nUsed;
        iLine += nLf;
        if (row.eRc == CSV_OK && row.nField == 1 && trim(row.aField[0]).n == 0) continue;
        if (bHeader) {
            if (row.eRc != CSV_OK) {
                rc = pr_err_set(pErr, PR_ERR_HEADER, "%s:%u: the header is not a CSV row", zPath, iThis);
                goto cleanup;
            }
            if ((rc = map_header(zPath, iThis, &row, aCol, nCol, aiCol, pErr))) goto cleanup;
            nHeader = row.nField;
            bHeader = 0;
            continue;
        }
        if (++nRows > PR_CYCLE_FILE_ROWS) {
            rc = pr_err_set(pErr, PR_ERR_TOO_BIG, "%s: more than %d rows", zPath, PR_CYCLE_FILE_ROWS);
            goto cleanup;
        }
        const char *zBad = NULL;
        if (row.eRc != CSV_OK)
            zBad = row.eRc == CSV_UNTERMINATED ? "malformed CSV (a quoted field is never closed)"
                 : row.eRc == CSV_BAD_QUOTE ? "malformed CSV (a stray quote)" : "malformed CSV (too many fields)";
        else if (row.nField != nHeader)
            zBad = pr_arena_printf(&c->arena, "the row has %d fields, the header has %d", row.nField, nHeader);
        for (int k = 0; k < nCol; k++) {
            az[k] = "";
            if (zBad || aiCol[k] < 0) continue;
            pr_field f = trim(row.aField[aiCol[k]]);
            az[k] = pr_arena_strndup(&c->arena, f.z, f.n);
            if (!az[k]) { rc = pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath); goto cleanup; }
        }
        if (xRow(pArg, iThis, az, zBad, pErr)) { rc = pErr ? pErr->rc : PR_ERR_NOMEM; goto cleanup; }
    }
    if (bHeader) rc = pr_err_set(pErr, PR_ERR_HEADER, "%s: the file is empty (no header)", zPath);
cleanup:
    if (pnRows) *pnRows = nRows;
    free(zText);
    pr_csvrow_clear(&row);
    return rc;
}

static int nomem(const char *zPath, pr_err *pErr)
{
    pr_err_set(pErr, PR_ERR_NOMEM, "%s: out of memory", zPath);
    return -1;
}

/* ---- returns --------------------------------------------------------------- */

enum { R_REF, R_ACCOUNT, R_PAYEE, R_AMOUNT, R_RESULT, R_REASON, R_COUNT };
static const col_spec aRetCol[R_COUNT] = {
    { "付款编号", "pay_ref", 1 }, { "银行账号", "account", 1 }, { "收款人", "payee", 0 },
    { "金额", "amount", 1 }, { "结果", "result", 1 }, { "原因", "reason", 0 },
};

typedef struct file_ctx {
    pr_cycle *c;                  /* where rows go */
    const char *zPath;            /* the file */
    uint32_t iFile;               /* its input index */
} file_ctx;

static int return_row(void *pArg, uint32_t iLine, const char **az, const char *zBad, pr_err *pErr)
{
    file_ctx *x = pArg;
    pr_return *r = pr_cycle_add_return(x->c);
    if (!r) return nomem(x->zPath, pErr);
    r->iFile = x->iFile;
    r->iLine = iLine;
    r->zBad = zBad;
    r->zPayRef = az[R_REF];
    r->zAccount = az[R_ACCOUNT];
    r->zPayee = az[R_PAYEE];
    r->zResult = az[R_RESULT];
    r->zReason = az[R_REASON];
    if (pr_money_parse(az[R_AMOUNT], strlen(az[R_AMOUNT]), &r->nFen) || r->nFen < 0) r->nFen = -1;
    const char *z = az[R_RESULT];
    r->eResult = strcmp(z, "成功") == 0 || strcmp(z, "success") == 0 ? RET_SUCCESS
               : strcmp(z, "失败") == 0 || strcmp(z, "failed") == 0 ? RET_FAILED : RET_BAD;
    return 0;
}

pr_error pr_returns_read(pr_cycle *c, const char *zPath, uint32_t iFile, pr_encoding eEnc, char *zSha,
                         uint32_t *pnRows, pr_err *pErr)
{
    file_ctx x = { c, zPath, iFile };
    return read_table(c, zPath, eEnc, aRetCol, R_COUNT, zSha, pnRows, return_row, &x, pErr);
}

/* ---- adjustments ----------------------------------------------------------- */

enum { A_TYPE, A_PROG, A_BEN, A_PERIOD, A_AMOUNT, A_REF, A_APPROVER, A_REASON, A_NAME, A_DISTRICT, A_AREA,
       A_BANK, A_ACCOUNT, A_PAYEE, A_COUNT };
static const col_spec aAdjCol[A_COUNT] = {
    { "类型", "type", 1 }, { "项目", "program", 1 }, { "对象编号", "beneficiary_id", 1 }, { "所属期", "period", 1 },
    { "金额", "amount", 1 }, { "文号", "reference", 1 }, { "审批人", "approved_by", 1 }, { "事由", "reason", 1 },
    { "姓名", "name", 0 }, { "区划代码", "district", 0 }, { "城乡类别", "area", 0 }, { "开户银行", "bank", 0 },
    { "银行账号", "account", 0 }, { "收款人", "payee", 0 },
};

static int adj_row(void *pArg, uint32_t iLine, const char **az, const char *zBad, pr_err *pErr)
{
    file_ctx *x = pArg;
    pr_adj *a = pr_cycle_add_adj(x->c);
    if (!a) return nomem(x->zPath, pErr);
    a->iFile = x->iFile;
    a->iLine = iLine;
    a->zBad = zBad;
    a->iArrears = -1;
    pr_adjtype eType;
    pr_prog eProg;
    a->eType = (int8_t)(pr_adjtype_parse(az[A_TYPE], &eType) ? -1 : (int)eType);
    a->eProg = (int8_t)(pr_prog_parse(az[A_PROG], &eProg) ? -1 : (int)eProg);
    int iMonth;
    a->iPeriod = pr_month_parse(az[A_PERIOD], strlen(az[A_PERIOD]), &iMonth) ? -1 : iMonth;
    if (pr_money_parse(az[A_AMOUNT], strlen(az[A_AMOUNT]), &a->nFen) || a->nFen <= 0) a->nFen = -1;
    a->zBeneficiary = az[A_BEN];
    if (a->eProg >= 0 && a->eProg != PROG_DIBAO && az[A_BEN][0]) {
        /* a person's ID as the rosters keep it: a lower-case x written X
         * (docs/RULES.md), before the history is asked about it */
        for (char *z = (char *)(uintptr_t)az[A_BEN]; *z; z++)
            if (*z >= 'a' && *z <= 'z') *z = (char)(*z - 'a' + 'A');
    }
    a->zReference = az[A_REF];
    a->zApprovedBy = az[A_APPROVER];
    a->zReason = az[A_REASON];
    a->zName = az[A_NAME];
    a->zDistrict = az[A_DISTRICT];
    a->zArea = az[A_AREA];
    a->zBank = az[A_BANK];
    a->zAccount = az[A_ACCOUNT];
    a->zPayee = az[A_PAYEE];
    return 0;
}

pr_error pr_adjustments_read(pr_cycle *c, const char *zPath, uint32_t iFile, pr_encoding eEnc, char *zSha,
                             uint32_t *pnRows, pr_err *pErr)
{
    file_ctx x = { c, zPath, iFile };
    return read_table(c, zPath, eEnc, aAdjCol, A_COUNT, zSha, pnRows, adj_row, &x, pErr);
}

/* ---- the registers, read back ---------------------------------------------- */

static int bad_register(const file_ctx *x, uint32_t iLine, const char *zWhat, pr_err *pErr)
{
    pr_err_set(pErr, PR_ERR_CSV, "%s:%u: %s; not a register written by payrun", x->zPath, iLine, zWhat);
    return -1;
}

/* A district code of 6 digits into *pi. 0 or -1. */
static int district_parse(const char *z, int32_t *pi)
{
    if (strlen(z) != 6) return -1;
    int32_t v = 0;
    for (int i = 0; i < 6; i++) {
        if (z[i] < '0' || z[i] > '9') return -1;
        v = v * 10 + (z[i] - '0');
    }
    *pi = v;
    return 0;
}

/* A whole number of fen (digits only, at most 15) into *pn. 0 or -1. */
static int fen_parse(const char *z, int64_t *pn)
{
    size_t n = strlen(z);
    if (n == 0 || n > 15) return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (z[i] < '0' || z[i] > '9') return -1;
        v = v * 10 + (z[i] - '0');
    }
    *pn = v;
    return 0;
}

enum { AR_PERIOD, AR_PROG, AR_BEN, AR_DISTRICT, AR_AMOUNT, AR_REASON, AR_SINCE, AR_ACCOUNT, AR_STATE, AR_PAYREF,
       AR_COUNT };
static const col_spec aArrCol[AR_COUNT] = {
    { NULL, "period", 1 }, { NULL, "program", 1 }, { NULL, "beneficiary_id", 1 }, { NULL, "district", 1 },
    { NULL, "amount_fen", 1 }, { NULL, "reason", 1 }, { NULL, "since", 1 }, { NULL, "failed_account", 1 },
    { NULL, "state", 1 }, { NULL, "pay_ref", 1 },
};

static int arrears_row(void *pArg, uint32_t iLine, const char **az, const char *zBad, pr_err *pErr)
{
    file_ctx *x = pArg;
    if (zBad) return bad_register(x, iLine, zBad, pErr);
    pr_astate eState;
    if (pr_astate_parse(az[AR_STATE], &eState)) return bad_register(x, iLine, "unknown state", pErr);
    if (eState != AS_OPEN) return 0;
    pr_arrears e;
    memset(&e, 0, sizeof(e));
    pr_prog eProg;
    int iPeriod, iSince;
    if (pr_month_parse(az[AR_PERIOD], strlen(az[AR_PERIOD]), &iPeriod)
        || pr_month_parse(az[AR_SINCE], strlen(az[AR_SINCE]), &iSince) || pr_prog_parse(az[AR_PROG], &eProg)
        || district_parse(az[AR_DISTRICT], &e.iDistrict) || fen_parse(az[AR_AMOUNT], &e.nFen) || e.nFen <= 0
        || !az[AR_BEN][0] || !az[AR_PAYREF][0])
        return bad_register(x, iLine, "a field is not as payrun writes it", pErr);
    pr_arrears *a = pr_cycle_add_arrears(x->c);
    if (!a) return nomem(x->zPath, pErr);
    e.iPeriod = iPeriod;
    e.iSince = iSince;
    e.eProg = (uint8_t)eProg;
    e.eState = AS_OPEN;
    e.zBeneficiary = az[AR_BEN];
    e.zReason = az[AR_REASON];
    e.zFailedAccount = az[AR_ACCOUNT];
    e.zPayRef = az[AR_PAYREF];
    e.iFile = x->iFile;
    e.iLine = iLine;
    e.iReissue = -1;
    *a = e;
    return 0;
}

pr_error pr_arrears_read(pr_cycle *c, const char *zPath, uint32_t iFile, char *zSha, uint32_t *pnRows,
                         pr_err *pErr)
{
    file_ctx x = { c, zPath, iFile };
    return read_table(c, zPath, ENC_UTF8, aArrCol, AR_COUNT, zSha, pnRows, arrears_row, &x, pErr);
}

enum { RC_PROG, RC_BEN, RC_DISTRICT, RC_REF, RC_SINCE, RC_AMOUNT, RC_RECOVERED, RC_BALANCE, RC_STATE, RC_COUNT };
static const col_spec aRecCol[RC_COUNT] = {
    { NULL, "program", 1 }, { NULL, "beneficiary_id", 1 }, { NULL, "district", 1 }, { NULL, "reference", 1 },
    { NULL, "since", 1 }, { NULL, "amount_fen", 1 }, { NULL, "recovered_fen", 1 }, { NULL, "balance_fen", 1 },
    { NULL, "state", 1 },
};

static int recovery_row(void *pArg, uint32_t iLine, const char **az, const char *zBad, pr_err *pErr)
{
    file_ctx *x = pArg;
    if (zBad) return bad_register(x, iLine, zBad, pErr);
    int bOpen = strcmp(az[RC_STATE], "OPEN") == 0;
    if (!bOpen && strcmp(az[RC_STATE], "CLOSED") != 0) return bad_register(x, iLine, "unknown state", pErr);
    if (!bOpen) return 0;
    pr_recovery e;
    memset(&e, 0, sizeof(e));
    pr_prog eProg;
    int iSince;
    int64_t nRecovered;
    if (pr_prog_parse(az[RC_PROG], &eProg) || district_parse(az[RC_DISTRICT], &e.iDistrict)
        || pr_month_parse(az[RC_SINCE], strlen(az[RC_SINCE]), &iSince) || fen_parse(az[RC_AMOUNT], &e.nFen)
        || fen_parse(az[RC_RECOVERED], &nRecovered) || fen_parse(az[RC_BALANCE], &e.nBalance) || e.nBalance <= 0
        || e.nBalance > e.nFen || !az[RC_BEN][0])
        return bad_register(x, iLine, "a field is not as payrun writes it", pErr);
    pr_recovery *r = pr_cycle_add_recovery(x->c);
    if (!r) return nomem(x->zPath, pErr);
    e.eProg = (uint8_t)eProg;
    e.iSince = iSince;
    e.zBeneficiary = az[RC_BEN];
    e.zReference = az[RC_REF];
    e.iFile = x->iFile;
    e.iLine = iLine;
    *r = e;
    return 0;
}

pr_error pr_recoveries_read(pr_cycle *c, const char *zPath, uint32_t iFile, char *zSha, uint32_t *pnRows,
                            pr_err *pErr)
{
    file_ctx x = { c, zPath, iFile };
    return read_table(c, zPath, ENC_UTF8, aRecCol, RC_COUNT, zSha, pnRows, recovery_row, &x, pErr);
}

enum { G_FILE, G_LINE, G_TYPE, G_PROG, G_BEN, G_PERIOD, G_AMOUNT, G_REF, G_APPROVER, G_STATUS, G_CODE, G_COUNT };
static const col_spec aRegCol[G_COUNT] = {
    { NULL, "file", 1 }, { NULL, "line", 1 }, { NULL, "type", 1 }, { NULL, "program", 1 },
    { NULL, "beneficiary_id", 1 }, { NULL, "period", 1 }, { NULL, "amount_fen", 1 }, { NULL, "reference", 1 },
    { NULL, "approved_by", 1 }, { NULL, "status", 1 }, { NULL, "code", 1 },
};

static int adjreg_row(void *pArg, uint32_t iLine, const char **az, const char *zBad, pr_err *pErr)
{
    file_ctx *x = pArg;
    if (zBad) return bad_register(x, iLine, zBad, pErr);
    if (strcmp(az[G_STATUS], "ACCEPTED") != 0) return 0;
    pr_adjtype eType;
    pr_prog eProg;
    int iPeriod;
    if (pr_adjtype_parse(az[G_TYPE], &eType) || pr_prog_parse(az[G_PROG], &eProg)
        || pr_month_parse(az[G_PERIOD], strlen(az[G_PERIOD]), &iPeriod))
        return bad_register(x, iLine, "a field is not as payrun writes it", pErr);
    for (int i = 0; i < x->c->nAdj; i++) {
        pr_adj *a = &x->c->aAdj[i];
        if (a->eType == (int)eType && a->eProg == (int)eProg && a->iPeriod == iPeriod
            && strcmp(a->zBeneficiary, az[G_BEN]) == 0 && strcmp(a->zReference, az[G_REF]) == 0)
            a->bHistDuplicate = 1;
    }
    return 0;
}

pr_error pr_adjreg_scan(pr_cycle *c, const char *zPath, pr_err *pErr)
{
    FILE *f = fopen(zPath, "rb");
    if (!f) return PR_OK;   /* a month without adjustments.csv had no adjustment */
    fclose(f);
    file_ctx x = { c, zPath, 0 };
    return read_table(c, zPath, ENC_UTF8, aRegCol, G_COUNT, NULL, NULL, adjreg_row, &x, pErr);
}

/* ---- the registers, written ------------------------------------------------ */

static void put_month(pr_outbuf *b, int iMonth)
{
    char z[8];
    pr_month_format(iMonth, z);
    pr_outbuf_str(b, z);
}

static pr_error finish(pr_outbuf *b, const char *zPath, pr_err *pErr)
{
    pr_error rc = b->rc ? b->rc : pr_write_file(zPath, b->z, b->n, NULL);
    pr_outbuf_clear(b);
    if (rc) pr_err_set(pErr, rc, "%s: cannot write", zPath);
    return rc;
}

#define REGISTER_CAP ((size_t)1 << 30)

pr_error pr_arrears_write(const pr_batch *p, const char *zPath, pr_err *pErr)
{
    const pr_cycle *c = p->pCycle;
    pr_outbuf b;
    pr_outbuf_init(&b, REGISTER_CAP);
    pr_outbuf_str(&b, PR_ARREARS_HEADER);
    for (int i = 0; i < c->nArr; i++) {
        const pr_arrears *a = &c->aArr[i];
        put_month(&b, a->iPeriod);
        pr_outbuf_printf(&b, ",%s,", pr_prog_code((pr_prog)a->eProg));
        pr_outbuf_csv(&b, a->zBeneficiary);
        pr_outbuf_printf(&b, ",%06d,%lld,", (int)a->iDistrict, (long long)a->nFen);
        pr_outbuf_csv(&b, a->zReason);
        pr_outbuf_str(&b, ",");
        put_month(&b, a->iSince);
        pr_outbuf_str(&b, ",");
        pr_outbuf_csv(&b, a->zFailedAccount);
        pr_outbuf_printf(&b, ",%s,", pr_astate_code((pr_astate)a->eState));
        pr_outbuf_csv(&b, a->zPayRef);
        pr_outbuf_str(&b, "\n");
    }
    return finish(&b, zPath, pErr);
}

pr_error pr_recoveries_write(const pr_batch *p, const char *zPath, pr_err *pErr)
{
    const pr_cycle *c = p->pCycle;
    pr_outbuf b;
    pr_outbuf_init(&b, REGISTER_CAP);
    pr_outbuf_str(&b, PR_RECOVERIES_HEADER);
    for (int i = 0; i < c->nRec; i++) {
        const pr_recovery *r = &c->aRec[i];
        pr_outbuf_printf(&b, "%s,", pr_prog_code((pr_prog)r->eProg));
        pr_outbuf_csv(&b, r->zBeneficiary);
        pr_outbuf_printf(&b, ",%06d,", (int)r->iDistrict);
        pr_outbuf_csv(&b, r->zReference);
        pr_outbuf_str(&b, ",");
        put_month(&b, r->iSince);
        pr_outbuf_printf(&b, ",%lld,%lld,%lld,%s\n", (long long)r->nFen, (long long)r->nRecovered,
                         (long long)r->nBalance, r->bClosed ? "CLOSED" : "OPEN");
    }
    return finish(&b, zPath, pErr);
}

static const char *adj_status(const pr_adj *a)
{
    return a->eStatus == ST_PAID ? "ACCEPTED" : a->eStatus == ST_HELD ? "HELD" : "REJECTED";
}

pr_error pr_adjreg_write(const pr_batch *p, const char *zPath, pr_err *pErr)
{
    const pr_cycle *c = p->pCycle;
    pr_outbuf b;
    pr_outbuf_init(&b, REGISTER_CAP);
    pr_outbuf_str(&b, PR_ADJREG_HEADER);
    for (int i = 0; i < c->nAdj; i++) {
        const pr_adj *a = &c->aAdj[i];
        pr_outbuf_csv(&b, p->aInput[a->iFile].zPath);
        pr_outbuf_printf(&b, ",%u,%s,%s,", a->iLine, a->eType >= 0 ? pr_adjtype_code((pr_adjtype)a->eType) : "",
                         a->eProg >= 0 ? pr_prog_code((pr_prog)a->eProg) : "");
        pr_outbuf_csv(&b, a->zBeneficiary ? a->zBeneficiary : "");
        pr_outbuf_str(&b, ",");
        if (a->iPeriod >= 0) put_month(&b, a->iPeriod);
        pr_outbuf_str(&b, ",");
        if (a->nFen > 0) pr_outbuf_printf(&b, "%lld", (long long)a->nFen);
        pr_outbuf_str(&b, ",");
        pr_outbuf_csv(&b, a->zReference ? a->zReference : "");
        pr_outbuf_str(&b, ",");
        pr_outbuf_csv(&b, a->zApprovedBy ? a->zApprovedBy : "");
        pr_outbuf_printf(&b, ",%s,%s\n", adj_status(a), a->zCode ? a->zCode : "");
    }
    return finish(&b, zPath, pErr);
}
