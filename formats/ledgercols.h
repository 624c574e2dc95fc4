/*
 * ledgercols.h - the columns of ledger.csv.gz (domain.md section 7), named
 * once: the writer's header (formats/ledger.c), the reader's header check
 * and its column indexes (formats/prevledger.c) all come from the list
 * below. header-only: a list of names and what is made from it.
 */
#ifndef PR_LEDGERCOLS_H
#define PR_LEDGERCOLS_H

/* X(ID, "name") for each column in file order, S() between two columns. */
#define PR_LEDGER_COLUMNS(X, S) \
    X(PROGRAM, "program") S() X(BENEFICIARY, "beneficiary_id") S() \
    X(HOUSEHOLD, "household_id") S() X(PERSON, "person_id") S() \
    X(DISTRICT, "district") S() X(AREA, "area") S() X(NAME, "name") S() \
    X(PAYEE, "payee") S() X(BANK, "bank") S() X(ACCOUNT, "account") S() \
    X(AMOUNT, "amount_fen") S() X(BASIS, "basis") S() \
    X(LINE_TYPE, "line_type") S() X(PERIOD, "period") S() \
    X(REFERENCE, "reference") S() X(PAY_REF, "pay_ref")

#define PR_LEDGER_COL_ENUM_(id, z) LCOL_##id,
#define PR_LEDGER_COL_NAME_(id, z) z
#define PR_LEDGER_COL_NONE_()
#define PR_LEDGER_COL_COMMA_() ","

/* The index of each column: LCOL_PROGRAM (0) ... LCOL_BASIS, then the count. */
typedef enum pr_lcol {
    PR_LEDGER_COLUMNS(PR_LEDGER_COL_ENUM_, PR_LEDGER_COL_NONE_)
    LCOL_COUNT
} pr_lcol;

/* The header line the ledger starts with, LF included. */
#define PR_LEDGER_HEADER PR_LEDGER_COLUMNS(PR_LEDGER_COL_NAME_, PR_LEDGER_COL_COMMA_) "\n"

#endif
