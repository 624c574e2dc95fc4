/*
 * trend.h - what the 趋势 sheet of summary.xlsx shows: the totals per
 * programme of this month and of at most PR_TREND_BEFORE months before it
 * (the month folders beside --prev, each verified first: engine/run/trend.c),
 * and this month's change against the month before, worked out in
 * integers. Plain data: the run layer fills it, the summary's writer reads it.
 */
#ifndef PR_TREND_H
#define PR_TREND_H

#include <stdint.h>

#include "model/batch.h"

#define PR_TREND_BEFORE 11                     /* earlier months at most */
#define PR_TREND_MONTHS (PR_TREND_BEFORE + 1)  /* rows at most, this month included */

/* What a row of the trend is. */
typedef enum pr_trend_state {
    TREND_THIS = 0,       /* this month: the batch's own totals */
    TREND_VERIFIED,       /* an earlier month that passed its verification:
                           * its manifest's totals */
    TREND_FAILED,         /* 未通过核验: its figures are not used */
    TREND_NOT_PAYABLE,    /* verified, but the month was not payable (no
                           * ledger, nothing paid): no figures */
    TREND_MISSING         /* no month folder for it inside the window */
} pr_trend_state;

/* One month of the trend. */
typedef struct pr_trend_month {
    int iMonth;                   /* month number (model/calendar.h) */
    int eState;                   /* pr_trend_state */
    pr_total aProg[PROG_COUNT];   /* lines, persons, fen per programme; zero
                                   * unless TREND_THIS or TREND_VERIFIED */
    pr_total all;                 /* their sum */
    char zNote[192];              /* Chinese: why it failed, or what was
                                   * checked (e.g. 签名有效); "" if nothing */
} pr_trend_month;

/* The trend of a month. */
typedef struct pr_trend {
    int bHistory;                 /* --prev was given: the earlier months were
                                   * looked for beside it */
    int nMonth;                   /* rows used, 1 to PR_TREND_MONTHS */
    pr_trend_month aMonth[PR_TREND_MONTHS];  /* oldest first, consecutive
                                   * months; the last is this month */
} pr_trend;

/* The change of one programme (or of all) from the month before to this one. */
typedef struct pr_trend_change {
    int bHave;                    /* the month before has figures (verified) */
    pr_total old, cur;            /* the two months' totals */
    int64_t nFen, nLines, nPersons;  /* cur - old */
    int bPct;                     /* the per cent is defined (old amount > 0) */
    int64_t nPctBp;               /* nFen / old.nFen in hundredths of a per
                                   * cent (1234 = 12.34 %), rounded half away
                                   * from zero */
} pr_trend_change;

/* Starts t for the batch p: bHistory as given, and one row, this month,
 * with p's totals per programme (the sums of p->aTotal over the districts,
 * as the manifest's by_program). */
void pr_trend_init(pr_trend *t, const pr_batch *p, int bHistory);

/* (nNew - nOld) / nOld in hundredths of a per cent, rounded half away from
 * zero, in integers, into *pBp. Returns 0, or -1 when nOld <= 0 or the
 * result does not fit. */
int pr_trend_pct_bp(int64_t nOld, int64_t nNew, int64_t *pBp);

/* The change of programme eProg (PROG_COUNT: all programmes) between the
 * row before the last and the last row of t, into *c. c->bHave is 0 when
 * there is no row before, or it has no figures. */
void pr_trend_change_of(const pr_trend *t, int eProg, pr_trend_change *c);

#endif
