/*
 * trend.c - the trend's rows and changes (trend.h).
 */
#include "model/trend.h"

#include <string.h>

void pr_trend_init(pr_trend *t, const pr_batch *p, int bHistory)
{
    memset(t, 0, sizeof(*t));
    t->bHistory = bHistory;
    t->nMonth = 1;
    pr_trend_month *m = &t->aMonth[0];
    m->iMonth = p->iMonth;
    m->eState = TREND_THIS;
    for (int d = 0; d < p->nDistrict; d++) {
        for (int g = 0; g < PROG_COUNT; g++) {
            const pr_total *s = &p->aTotal[d * PROG_COUNT + g];
            m->aProg[g].nLines += s->nLines;
            m->aProg[g].nPersons += s->nPersons;
            m->aProg[g].nFen += s->nFen;
        }
    }
    for (int g = 0; g < PROG_COUNT; g++) {
        m->all.nLines += m->aProg[g].nLines;
        m->all.nPersons += m->aProg[g].nPersons;
        m->all.nFen += m->aProg[g].nFen;
    }
}

int pr_trend_pct_bp(int64_t nOld, int64_t nNew, int64_t *pBp)
{
    int64_t nDiff, nNum;
    if (nOld <= 0 || __builtin_sub_overflow(nNew, nOld, &nDiff) || __builtin_mul_overflow(nDiff, (int64_t)10000, &nNum))
        return -1;
    int64_t q = nNum / nOld, r = nNum % nOld;   /* r has nNum's sign */
    if (r < 0) r = -r;
    if (r >= nOld - r) q += nNum < 0 ? -1 : 1;  /* 2r >= nOld, without overflow */
    *pBp = q;
    return 0;
}

static const pr_total *row_total(const pr_trend_month *m, int eProg)
{
    return eProg >= 0 && eProg < PROG_COUNT ? &m->aProg[eProg] : &m->all;
}

void pr_trend_change_of(const pr_trend *t, int eProg, pr_trend_change *c)
{
    memset(c, 0, sizeof(*c));
    if (t->nMonth < 1) return;
    const pr_trend_month *cur = &t->aMonth[t->nMonth - 1];
    c->cur = *row_total(cur, eProg);
    if (t->nMonth < 2) return;
    const pr_trend_month *old = &t->aMonth[t->nMonth - 2];
    if (old->eState != TREND_VERIFIED) return;
    c->bHave = 1;
    c->old = *row_total(old, eProg);
    c->nFen = c->cur.nFen - c->old.nFen;
    c->nLines = c->cur.nLines - c->old.nLines;
    c->nPersons = c->cur.nPersons - c->old.nPersons;
    c->bPct = pr_trend_pct_bp(c->old.nFen, c->cur.nFen, &c->nPctBp) == 0;
}
