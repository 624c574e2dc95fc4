/*
 * batchutil.c - harness for in-process batches.
 */
#include "run/read.h"
#include "rules/rules.h"
#include "tests/batchutil.h"
#include "tests/testutil.h"
#include "model/idcard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const tb_zPolicy =
    "key,district,area,from,value,reference\n"
    "district,320613,*,2020-01,崇川区,\n"
    "district,320612,*,2020-01,通州区,\n"
    "dibao.standard,*,*,2023-07,820,\n"
    "dibao.rounding,*,*,2020-01,yuan_ceil,\n"
    "dibao.min_payment,*,*,2020-01,0,\n"
    "dibao.job_cost_deduction,*,*,2020-01,0,\n"
    "dibao.supplement.severe_disability,*,*,2020-01,30,\n"
    "dibao.supplement.serious_illness,*,*,2020-01,30,\n"
    "dibao.supplement.elderly,*,*,2020-01,10,\n"
    "dibao.supplement.minor,*,*,2020-01,10,\n"
    "dibao.elderly_age,*,*,2020-01,60,\n"
    "tekun.basic.dispersed,*,rural,2023-07,1070,\n"
    "tekun.basic.concentrated,*,rural,2023-07,1070,\n"
    "tekun.basic.dispersed,*,urban,2023-07,2025,\n"
    "tekun.basic.concentrated,*,urban,2023-07,2025,\n"
    "tekun.care.self,*,*,2020-01,10,\n"
    "tekun.care.partial,*,*,2020-01,20,\n"
    "tekun.care.full,*,*,2020-01,40,\n"
    "tekun.rounding,*,*,2020-01,fen,\n"
    "disability.living.grade12,*,*,2020-01,180,\n"
    "disability.living.grade34,*,*,2020-01,120,\n"
    "disability.nursing.grade1,*,*,2020-01,150,\n"
    "disability.nursing.grade2,*,*,2020-01,120,\n"
    "disability.nursing.grade3,*,*,2020-01,90,\n"
    "disability.nursing.include_grade3,*,*,2020-01,1,\n"
    "disability.exclude_tekun,*,*,2020-01,1,\n"
    "orphan.institutional,*,*,2020-01,2000,\n"
    "orphan.scattered_pct,*,*,2020-01,80,\n"
    "orphan.defacto_pct,*,*,2020-01,100,\n"
    "orphan.age_limit,*,*,2020-01,18,\n"
    "orphan.student_age_limit,*,*,2020-01,0,\n"
    "orphan.rounding,*,*,2020-01,yuan_ceil,\n"
    "price.formula,*,*,2020-01,jiangsu_tiered,\n"
    "price.index_lag,*,*,2020-01,1,\n"
    "price.trigger,*,*,2020-01,3.0,\n"
    "price.tier2,*,*,2020-01,5.0,\n"
    "price.tier1_fraction,*,*,2020-01,1/12,\n"
    "price.tier2_fraction,*,*,2020-01,1/8,\n"
    "price.trigger_food,*,*,2020-01,6.0,\n"
    "price.min_amount,*,*,2020-01,0,\n"
    "price.rounding,*,*,2020-01,yuan_half_up,\n";

pr_batch *tb_run(const char *zMonth, const char *zPolicyExtra, const char *zIndex,
                 const char *zDibao, const char *zTekun, const char *zDisability,
                 const char *zOrphan, int nThreads, pr_error *pErr)
{
    static int iRun;
    static char azPath[6][512];
    char zName[64];
    int iMonth = 0;
    iRun++;
    size_t nPol = strlen(tb_zPolicy) + (zPolicyExtra ? strlen(zPolicyExtra) : 0) + 1;
    char *zPol = malloc(nPol);
    snprintf(zPol, nPol, "%s%s", tb_zPolicy, zPolicyExtra ? zPolicyExtra : "");
    snprintf(zName, sizeof(zName), "policy-%d.csv", iRun);
    snprintf(azPath[0], 512, "%s", tu_write_str(zName, zPol));
    free(zPol);
    snprintf(zName, sizeof(zName), "index-%d.csv", iRun);
    snprintf(azPath[1], 512, "%s", tu_write_str(zName, zIndex ? zIndex : "month,cpi,food_cpi,scpi\n2023-07,2.0,1.0,\n"));
    sscanf(zMonth, "%*d-%*d");
    iMonth = (atoi(zMonth) * 12) + atoi(zMonth + 5) - 1;
    pr_batch *b = pr_batch_new(iMonth, nThreads, ENC_AUTO);
    const char *azText[4] = { zDibao, zTekun, zDisability, zOrphan };
    for (int r = 0; r < 4; r++) {
        if (!azText[r]) continue;
        snprintf(zName, sizeof(zName), "%s-%d.csv", pr_roster_name((pr_roster)r), iRun);
        snprintf(azPath[2 + r], 512, "%s", tu_write_str(zName, azText[r]));
        pr_batch_add_input(b, azPath[2 + r], (pr_roster)r);
    }
    pr_error err = pr_batch_load_config(b, azPath[0], azPath[1]);
    if (!err) err = pr_batch_read(b);
    if (!err) err = pr_batch_compute(b);
    *pErr = err;
    return b;
}

const char *tb_id_region(const char *zRegion, const char *zBirth, int iSeq)
{
    static char aRing[64][19];
    static int iNext;
    char *z = aRing[iNext++ % 64];
    snprintf(z, 19, "%.6s%.8s%03d", zRegion, zBirth, iSeq % 1000);
    z[17] = pr_id_check_char(z);
    z[18] = 0;
    return z;
}

const char *tb_id(const char *zBirth, int iSeq)
{
    return tb_id_region("320613", zBirth, iSeq);
}

const char *tb_account(int iSeq)
{
    static char aRing[32][20];
    static int iNext;
    char *z = aRing[iNext++ % 32];
    snprintf(z, 20, "622848%012d", iSeq);
    int sum = 0;
    for (int i = 0; i < 18; i++) {
        int d = z[17 - i] - '0';
        if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
        sum += d;
    }
    z[18] = (char)('0' + (10 - sum % 10) % 10);
    z[19] = 0;
    return z;
}

const pr_line *tb_line(const pr_batch *b, pr_prog eProg, const char *zBeneficiary)
{
    for (int i = 0; i < b->nLine; i++)
        if (b->aLine[i].eProg == eProg && strcmp(b->aLine[i].zBeneficiary, zBeneficiary) == 0) return &b->aLine[i];
    return NULL;
}

long long tb_amount(const pr_batch *b, pr_prog eProg, const char *zBeneficiary)
{
    const pr_line *l = tb_line(b, eProg, zBeneficiary);
    return l ? (long long)l->nAmount : -1;
}

const pr_finding *tb_finding(const pr_batch *b, int iFile, unsigned iLine, pr_prog eProg, pr_status eStatus)
{
    for (int i = 0; i < b->nFind; i++) {
        const pr_finding *f = &b->aFind[i];
        if ((int)f->iFile == iFile && f->iLine == iLine && f->eProg == eProg && f->eStatus == eStatus) return f;
    }
    return NULL;
}

int tb_count(const pr_batch *b, pr_prog eProg, pr_status eStatus)
{
    int n = 0;
    for (int i = 0; i < b->nFind; i++)
        if (b->aFind[i].eProg == eProg && b->aFind[i].eStatus == eStatus) n++;
    return n;
}
