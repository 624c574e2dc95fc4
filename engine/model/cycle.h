/*
 * cycle.h - the payment cycle of one month (domain.md section 8): the
 * previous month's bank rows and the banks' returns on them, the arrears
 * entries, the adjustments read and their outcome, the recoveries. The run
 * layer reads the files into it (with what the history says about each
 * adjustment), rules/cycle.c decides every outcome, the writers turn it into
 * arrears.csv, recoveries.csv, adjustments.csv and the summary's sheets.
 * Every string lies in the cycle's arena.
 */
#ifndef PR_CYCLE_H
#define PR_CYCLE_H

#include <stdint.h>

#include "io/arena.h"
#include "model/prevlines.h"
#include "model/types.h"

/* ---- the previous month's bank rows and the returns ---------------------- */

/* One ledger line of a previous month's bank row. */
typedef struct pr_bankline {
    uint8_t eProg;                /* pr_prog */
    uint8_t eType;                /* pr_ltype */
    int32_t iPeriod;              /* the month it paid for */
    const char *zBeneficiary;     /* its beneficiary_id */
    int64_t nFen;                 /* its amount */
} pr_bankline;

/* One bank row of the previous month (its ledger lines of one pay_ref). */
typedef struct pr_bankrow {
    const char *zPayRef;          /* YYYYMM-DDDDDD-NNNNNN */
    int32_t iDistrict;            /* district code */
    uint8_t eProg;                /* pr_prog */
    const char *zBank;            /* bank name as in the ledger ("" if none) */
    const char *zAccount;         /* account */
    const char *zPayee;           /* payee */
    int64_t nFen;                 /* sum of its lines */
    int iLine0, nLine;            /* its lines: aLine[iLine0 .. +nLine) of the cycle */
    int8_t bFailed;               /* an accepted return row says failed */
    int8_t bAnswered;             /* an accepted return row names it */
    const char *zReason;          /* the failure's reason, when failed */
    uint32_t iFile, iLine;        /* the return row that failed it */
} pr_bankrow;

/* Outcome of one return row. */
typedef enum pr_ret_result { RET_SUCCESS = 0, RET_FAILED, RET_BAD } pr_ret_result;

/* One row of a returns file. */
typedef struct pr_return {
    uint32_t iFile, iLine;        /* batch input index and physical line */
    const char *zPayRef;          /* 付款编号 as given */
    const char *zAccount;         /* 银行账号 as given */
    const char *zPayee;           /* 收款人 as given */
    int64_t nFen;                 /* 金额 in fen, -1 when not money */
    uint8_t eResult;              /* pr_ret_result */
    const char *zResult;          /* 结果 as given */
    const char *zReason;          /* 原因 as given */
    const char *zBad;             /* a CSV problem of the row, or NULL */
    uint8_t eStatus;              /* ST_PAID (accepted) or ST_REJECTED */
    const char *zCode;            /* the finding's code when rejected */
} pr_return;

/* The previous month's bank rows of one (bank, district), for 回盘. */
typedef struct pr_retstat {
    const char *zBank;            /* bank name ("" if none) */
    int32_t iDistrict;            /* district code */
    int64_t nRows, nFen;          /* rows and money sent */
    int64_t nRowsFailed, nFenFailed;  /* of which failed */
} pr_retstat;

/* ---- arrears --------------------------------------------------------------- */

typedef enum pr_astate {
    AS_OPEN = 0,                  /* still owed */
    AS_REISSUED,                  /* paid again this month */
    AS_SETTLED,                   /* closed by an approved back pay */
    AS_EXPIRED,                   /* unclaimed past arrears.max_months */
    AS_COUNT
} pr_astate;

/* "OPEN", "REISSUED", "SETTLED_BY_ADJUSTMENT", "EXPIRED". */
const char *pr_astate_code(pr_astate e);
/* 挂账中, 已重发, 补发结清, 已过期. */
const char *pr_astate_name_zh(pr_astate e);
/* Parses a state's code; 0 or -1. */
int pr_astate_parse(const char *z, pr_astate *pe);

/* One arrears entry. */
typedef struct pr_arrears {
    int32_t iPeriod;              /* the month the money is for */
    uint8_t eProg;                /* pr_prog */
    uint8_t eState;               /* pr_astate, after this month */
    uint8_t bNew;                 /* opened this month from a return */
    int32_t iDistrict;            /* district code of the failed line */
    const char *zBeneficiary;     /* beneficiary_id */
    int64_t nFen;                 /* amount owed */
    const char *zReason;          /* why the payment failed */
    int32_t iSince;               /* the month whose bank row failed */
    const char *zFailedAccount;   /* the account that failed */
    const char *zPayRef;          /* the failed bank row */
    uint32_t iFile, iLine;        /* where it came from: the return row (new)
                                   * or the previous arrears.csv row */
    int iReissue;                 /* index of its REISSUE line in the batch's
                                   * lines once placed, else -1 */
} pr_arrears;

/* ---- adjustments ----------------------------------------------------------- */

typedef enum pr_adjtype {
    ADJ_BACKPAY = 0,              /* 补发 */
    ADJ_DIFFERENCE,               /* 补差 */
    ADJ_TEMPORARY,                /* 临时救助 */
    ADJ_RECOVERY,                 /* 追回 */
    ADJ_TYPE_COUNT
} pr_adjtype;

/* "BACKPAY", "DIFFERENCE", "TEMPORARY", "RECOVERY". */
const char *pr_adjtype_code(pr_adjtype e);
/* 补发, 补差, 临时救助, 追回. */
const char *pr_adjtype_name_zh(pr_adjtype e);
/* Parses 补发/backpay, ... (and the codes). 0 or -1. */
int pr_adjtype_parse(const char *z, pr_adjtype *pe);

/* One adjustment row and its outcome. */
typedef struct pr_adj {
    uint32_t iFile, iLine;        /* batch input index and physical line */
    int8_t eType;                 /* pr_adjtype, -1 when not recognised */
    int8_t eProg;                 /* pr_prog, -1 when not recognised */
    int32_t iPeriod;              /* 所属期, -1 when not a month */
    int64_t nFen;                 /* 金额 in fen, -1 when not positive money */
    const char *zBeneficiary;     /* 对象编号 */
    const char *zReference;       /* 文号 */
    const char *zApprovedBy;      /* 审批人 */
    const char *zReason;          /* 事由 */
    const char *zName, *zDistrict, *zArea;    /* optional columns as given */
    const char *zBank, *zAccount, *zPayee;    /* optional columns as given */
    const char *zBad;             /* a CSV problem of the row, or NULL */
    uint8_t bHistDuplicate;       /* run layer: an ACCEPTED row of the history's
                                   * adjustments.csv has the same key */
    uint8_t bHistLine;            /* run layer: a history ledger holds a line
                                   * for (program, beneficiary, period) */
    /* the outcome (rules/cycle.c) */
    uint8_t eStatus;              /* ST_PAID (accepted), ST_REJECTED or ST_HELD */
    const char *zCode;            /* the finding's code, or NULL when accepted */
    int32_t iDistrictUsed;        /* resolved district code */
    uint8_t eAreaUsed;            /* resolved pr_area */
    const char *zNameUsed, *zPayeeUsed, *zBankUsed, *zAccountUsed;  /* resolved */
    int iArrears;                 /* the arrears entry it settles, or -1 */
} pr_adj;

/* ---- recoveries ------------------------------------------------------------ */

/* One recovery entry. */
typedef struct pr_recovery {
    uint8_t eProg;                /* pr_prog */
    uint8_t bClosed;              /* balance 0 after this month */
    uint8_t bNew;                 /* opened this month */
    int32_t iDistrict;            /* district code */
    const char *zBeneficiary;     /* beneficiary_id */
    const char *zReference;       /* approval document */
    int32_t iSince;               /* the month it was opened */
    int64_t nFen;                 /* the amount to recover */
    int64_t nRecovered;           /* recovered this month */
    int64_t nBalance;             /* still to recover after this month */
    uint32_t iFile, iLine;        /* where it came from (adjustment row or
                                   * previous recoveries.csv row) */
} pr_recovery;

/* ---- the month's cycle ----------------------------------------------------- */

typedef struct pr_cycle {
    int bPrev;                    /* a previous month was given */
    int iPrevMonth;               /* its month */
    int64_t nPrevFen;             /* its manifest's total, fen (the money sent) */
    int64_t nPrevLines;           /* its manifest's lines */
    pr_bankrow *aRow;             /* its bank rows, by pay_ref; owned */
    int nRow, nRowCap;
    pr_bankline *aLine;           /* their lines; owned */
    int nLine, nLineCap;
    pr_return *aRet;              /* return rows, files in order; owned */
    int nRet, nRetCap;
    pr_retstat *aStat;            /* 回盘 by (bank, district); owned */
    int nStat;
    pr_arrears *aArr;             /* arrears entries; owned */
    int nArr, nArrCap;
    pr_adj *aAdj;                 /* adjustment rows, files in order; owned */
    int nAdj, nAdjCap;
    pr_recovery *aRec;            /* recovery entries; owned */
    int nRec, nRecCap;
    int *aiHistMonth;             /* the history's month folders, ascending; owned */
    int nHistMonth;
    pr_prev_held prevHeld;        /* last month's REGULAR lines, read with
                                     its bank rows, for the changes (which
                                     drop them once joined); owned */
    pr_arena arena;               /* every string above */
} pr_cycle;

/* A new empty cycle, or NULL if out of memory. */
pr_cycle *pr_cycle_new(void);
/* Frees p; p may be NULL. */
void pr_cycle_free(pr_cycle *p);

/* Grows one of the cycle's arrays by one zeroed element and returns it, or
 * NULL if out of memory (the array is unchanged). */
pr_bankrow *pr_cycle_add_row(pr_cycle *p);
pr_bankline *pr_cycle_add_line(pr_cycle *p);
pr_return *pr_cycle_add_return(pr_cycle *p);
pr_arrears *pr_cycle_add_arrears(pr_cycle *p);
pr_adj *pr_cycle_add_adj(pr_cycle *p);
pr_recovery *pr_cycle_add_recovery(pr_cycle *p);

/* The bank row of pay_ref z, or NULL (aRow must be sorted by pay_ref). */
pr_bankrow *pr_cycle_find_row(pr_cycle *p, const char *z);
/* Whether the history holds month iMonth's folder. */
int pr_cycle_has_month(const pr_cycle *p, int iMonth);

#endif
