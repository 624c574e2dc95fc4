/*
 * cyclebatch.h - a month of the payment cycle built by hand for the tests of
 * the books, until the engine fills the cycle itself: a small computed
 * batch, lines of every line type added to it (put back in ledger order,
 * bank rows numbered again, totals added up again), and a filled pr_cycle.
 * Every figure is listed in cyclebatch.c, worked out by hand.
 */
#ifndef PR_CYCLEBATCH_H
#define PR_CYCLEBATCH_H

#include "model/batch.h"

/* The people and accounts of the month (filled by tc_month). */
extern char tc_zW0[20], tc_zJia[20], tc_zZhao[20], tc_zQian[20];   /* beneficiaries */
extern char tc_zAcctW0[20], tc_zAcctW1New[20], tc_zAcctZhao[20];   /* accounts */

/* The base month alone, 2023-08 (REGULAR lines only, an empty cycle):
 * five one-person DIBAO households W0..W4 of 820 yuan in 崇川区 320613
 * (江苏银行, accounts tb_account(200 + i)), two TEKUN people 甲 and 乙 in
 * one institution (农商银行, tb_account(300), 2107 yuan each); 通州区
 * 320612 declared, without lines. */
pr_batch *tc_base(void);

/* The base month with lines of every type and a filled cycle (bPrev with
 * returns), see cyclebatch.c for the figures. */
pr_batch *tc_month(void);

/* Adds the nAdd lines aAdd to b (copied), puts every line back in ledger
 * order (district, programme, beneficiary, line type, period, reference),
 * numbers the bank rows again and adds up b->aTotal again. 0 or -1. */
int tc_add_lines(pr_batch *b, const pr_line *aAdd, int nAdd);

/* A line of type eType (not LT_REGULAR) made from REGULAR line l: its
 * payee fields, no persons, the given period, amount, reference and basis
 * (strings borrowed). */
pr_line tc_other_of(const pr_line *l, pr_ltype eType, int iPeriod, int64_t nFen, const char *zRef, const char *zBasis);
/* A TEMPORARY line of the TEMP programme for one person (payee = name,
 * urban; strings borrowed). */
pr_line tc_temp_line(int iMonth, int iDistrict, const char *zId, const char *zName, const char *zBank,
                     const char *zAccount, int64_t nFen, const char *zRef, const char *zBasis);

/* The index of b's line of (programme, beneficiary, line type), or -1. */
int tc_line(const pr_batch *b, pr_prog eProg, const char *zBen, pr_ltype eType);

#endif
