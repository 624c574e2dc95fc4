/*
 * diff.h - `payrun diff`: the difference file between a month as it was paid
 * and the same month computed again with a corrected policy (domain.md
 * section 8, "Difference files"; docs/RULES.md, "The payment cycle").
 *
 *   payrun diff PAID_DIR/YYYY-MM RECOMPUTED_DIR/YYYY-MM --reference DOC --out FILE [--force]
 *
 * Both folders must be month folders payrun wrote, of the same month, whose
 * manifest.json is "ok" and lists ledger.csv.gz with the size and SHA-256
 * the file has. Only their REGULAR lines are compared, by (program,
 * beneficiary_id):
 *   - a higher amount in the re-run       -> 补差, the difference;
 *   - a beneficiary only in the re-run    -> 补发, its amount;
 *   - a lower amount in the re-run        -> 追回, the difference;
 *   - a beneficiary only in the paid one  -> 追回, the amount paid.
 * The file is an adjustments file (domain.md section 8, "Adjustments") with
 * the Chinese column names, UTF-8, LF, no BOM:
 *   类型,项目,对象编号,所属期,金额,文号,审批人,事由,姓名,区划代码,城乡类别,开户银行,银行账号,收款人
 * rows in the order (program in ledger order, beneficiary_id by bytes);
 * 金额 in yuan with two decimals; 所属期 the folders' month; 文号 DOC;
 * 审批人 blank, so that no run accepts the file before someone has reviewed
 * and signed it; 事由 "重算 <old yuan> → <new yuan>"; the payee fields from
 * the re-run, from the paid folder for a recovery; 城乡类别 城市 or 农村.
 *
 * diff reads only payrun's own outputs, each checked against its manifest
 * before it is read; it has no fuzz target (tests/fuzz/README.md).
 */
#ifndef PR_DIFF_H
#define PR_DIFF_H

#include <stdint.h>

#include "io/err.h"

/* The kinds of row, in the order the summary names them. */
typedef enum pr_diff_kind {
    DIFF_DIFFERENCE = 0,   /* 补差: paid too little */
    DIFF_BACKPAY,          /* 补发: not paid at all */
    DIFF_RECOVERY,         /* 追回: paid too much, or paid and not due */
    DIFF_KIND_COUNT
} pr_diff_kind;

/* What to compare and where to write it; every string is the caller's. */
typedef struct pr_diff_opts {
    const char *zPaid;        /* PAID_DIR/YYYY-MM, the month as it was paid */
    const char *zRerun;       /* RECOMPUTED_DIR/YYYY-MM, the same month computed again */
    const char *zReference;   /* 文号: the document that orders the correction */
    const char *zOut;         /* the difference file to write */
    int bForce;               /* replace zOut when it exists */
} pr_diff_opts;

/* What was written. */
typedef struct pr_diff_result {
    char zMonth[8];                     /* the folders' month, "YYYY-MM" */
    int64_t anRows[DIFF_KIND_COUNT];    /* rows of each kind */
    int64_t anFen[DIFF_KIND_COUNT];     /* their amounts, fen */
} pr_diff_result;

/* Checks both folders, compares their REGULAR lines and writes o->zOut
 * atomically (a temporary file in its folder, renamed into place; without
 * o->bForce an existing file is never replaced). Fills *pRes (the caller's).
 * Returns PR_OK, or an error with a message naming the file and the problem
 * in pErr; o->zOut is then as it was. */
pr_error pr_diff_months(const pr_diff_opts *o, pr_diff_result *pRes, pr_err *pErr);

/* The command `payrun diff ARGS` (argv[0] is "diff"): options, help, the
 * comparison and the one-line summary on stderr. Returns the exit status:
 * PR_EXIT_DONE, PR_EXIT_USAGE or PR_EXIT_INPUT. */
int pr_diff_command(int argc, char **argv);

#endif
