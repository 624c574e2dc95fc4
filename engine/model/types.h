/*
 * types.h - the enumerations every part of the month shares: programme
 * codes (domain.md section 1, in ledger order), record statuses and areas,
 * with their fixed codes and names.
 */
#ifndef PR_TYPES_H
#define PR_TYPES_H

#include <stddef.h>

/* Program codes, in the order of domain.md section 1 (the ledger order). */
typedef enum pr_prog {
    PROG_DIBAO = 0,
    PROG_TEKUN,
    PROG_DIS_LIVING,
    PROG_DIS_NURSING,
    PROG_ORPHAN,
    PROG_PRICE,
    PROG_TEMP,                /* 临时救助: one-off temporary assistance,
                               * paid only by approved adjustments (no roster) */
    PROG_COUNT,               /* the paying programmes; sizes the totals */
    PROG_POLICY = PROG_COUNT, /* not a programme: the policy lint's findings
                               * (rules/policylint.c); never a ledger line */
    PROG_NONE                 /* a finding of no programme (a return row whose
                               * bank row is unknown): a blank program */
} pr_prog;

/* Returns the fixed upper-case code of a programme ("DIBAO", ...),
 * "POLICY" for PROG_POLICY, "" for PROG_NONE. */
const char *pr_prog_code(pr_prog eProg);
/* Returns the Chinese name of a programme. */
const char *pr_prog_name_zh(pr_prog eProg);
/* the code with its Chinese name, "DIBAO 最低生活保障", as workbooks show a programme */
const char *pr_prog_label(pr_prog eProg);

/* Line types of the ledger (domain.md section 8, docs/RULES.md), in the
 * order lines of one beneficiary follow each other. */
typedef enum pr_ltype {
    LT_REGULAR = 0,           /* this month's entitlement */
    LT_REISSUE,               /* a failed payment paid again (arrears) */
    LT_BACKPAY,               /* 补发: an approved back pay */
    LT_DIFFERENCE,            /* 补差: an approved difference */
    LT_TEMPORARY,             /* 临时救助: approved temporary assistance */
    LT_COUNT
} pr_ltype;

/* The fixed code of a line type ("REGULAR", ...), or "?". */
const char *pr_ltype_code(pr_ltype eType);
/* Its Chinese name (正常, 重发, 补发, 补差, 临时救助), or "?". */
const char *pr_ltype_name_zh(pr_ltype eType);
/* Parses a line type's code; returns 0, or -1 if it is none. */
int pr_ltype_parse(const char *z, pr_ltype *peType);
/* Parses a programme code (not POLICY); returns 0, or -1 if it is none. */
int pr_prog_parse(const char *z, pr_prog *peProg);

/* Statuses; the numeric order is the "better" order used for per-row counts. */
typedef enum pr_status {
    ST_PAID = 0,
    ST_HELD,
    ST_INELIGIBLE,
    ST_REJECTED,
    ST_WARNING,        /* only for findings, never a record's status */
    ST_COUNT
} pr_status;

const char *pr_status_name(pr_status eStatus);
/* the status as workbooks show it: 已发放, 暂缓, 不符合, 退回, 警告 */
const char *pr_status_name_zh(pr_status eStatus);

/* Areas. */
typedef enum pr_area { AREA_NONE = 0, AREA_URBAN, AREA_RURAL } pr_area;
const char *pr_area_code(pr_area eArea);
/* Parses 城市/urban and 农村/rural (spaces trimmed). Returns 0 or -1. */
int pr_area_parse(const char *z, size_t nZ, pr_area *pArea);

#endif
