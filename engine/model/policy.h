/*
 * policy.h - the effective-dated policy file (domain.md section 3): its keys
 * and their types, the parsed rows, and the look-up with its precedence
 * (latest `from` first; then exact district over `*`; then exact area over
 * `*`).
 */
#ifndef PR_POLICY_H
#define PR_POLICY_H

#include <stdint.h>

#include "io/common.h"
#include "model/types.h"
#include "model/money.h"

/* Every key of the policy file. */
typedef enum pr_key {
    K_DISTRICT = 0,       /* a paid district: its code and name */
    K_REGION,             /* a local division code that is not a paid district
                           * (a legacy code still on older IDs): code and name */
    K_DIBAO_STANDARD, K_DIBAO_ROUNDING, K_DIBAO_MIN_PAYMENT, K_DIBAO_JOB_COST,
    K_DIBAO_SUP_SEVERE, K_DIBAO_SUP_ILL, K_DIBAO_SUP_ELDERLY, K_DIBAO_SUP_MINOR,
    K_DIBAO_ELDERLY_AGE,
    K_TEKUN_BASIC_DISPERSED, K_TEKUN_BASIC_CONCENTRATED,
    K_TEKUN_CARE_SELF, K_TEKUN_CARE_PARTIAL, K_TEKUN_CARE_FULL, K_TEKUN_ROUNDING,
    K_DIS_LIVING_G12, K_DIS_LIVING_G34,
    K_DIS_NURSING_G1, K_DIS_NURSING_G2, K_DIS_NURSING_G3,
    K_DIS_NURSING_INCLUDE_G3, K_DIS_EXCLUDE_TEKUN,
    K_ORPHAN_INSTITUTIONAL, K_ORPHAN_SCATTERED_PCT, K_ORPHAN_DEFACTO_PCT,
    K_ORPHAN_AGE_LIMIT, K_ORPHAN_STUDENT_AGE_LIMIT, K_ORPHAN_ROUNDING,
    K_PRICE_FORMULA, K_PRICE_INDEX_LAG, K_PRICE_TRIGGER, K_PRICE_TIER2,
    K_PRICE_TIER1_FRACTION, K_PRICE_TIER2_FRACTION, K_PRICE_TRIGGER_FOOD,
    K_PRICE_MIN_AMOUNT, K_PRICE_ROUNDING,
    K_COUNT
} pr_key;

/* Value types of keys. */
typedef enum pr_ktype {
    KT_NAME,      /* free text (district names) */
    KT_MONEY,     /* fen, >= 0 */
    KT_PCT,       /* basis points, >= 0 */
    KT_SPCT,      /* basis points, any sign (index thresholds) */
    KT_INT,       /* whole number >= 0 */
    KT_BOOL,      /* 0 or 1 */
    KT_ROUNDING,  /* pr_rounding */
    KT_FORMULA,   /* pr_formula */
    KT_FRAC       /* a/b or decimal */
} pr_ktype;

typedef enum pr_formula { FORMULA_JIANGSU_TIERED = 1, FORMULA_NATIONAL_LINEAR = 2 } pr_formula;

/* The keys from here on are the programmes' parameters; those before it
 * declare division codes. */
#define K_FIRST_PARAM K_DIBAO_STANDARD

/* Name and type of key k. */
const char *pr_key_name(pr_key k);
pr_ktype pr_key_type(pr_key k);

/* One row of the policy file. */
typedef struct pr_prow {
    pr_key eKey;          /* which key */
    int iDistrict;        /* 6-digit code, or -1 for '*' */
    pr_area eArea;        /* AREA_NONE for '*' */
    int iFrom;            /* first month it applies */
    int64_t v;            /* value: fen, bp, int, enum */
    pr_frac frac;         /* value of a KT_FRAC key */
    char *zValue;         /* value text as written, owned */
    char *zRef;           /* reference (policy document), owned */
    uint32_t iLine;       /* physical line in the policy file */
} pr_prow;

/* The policy file. */
typedef struct pr_policy {
    pr_prow *aRow;        /* rows in file order, owned */
    int nRow;             /* number of rows */
    char *zPath;          /* file path as given, owned */
    char zSha[65];        /* SHA-256 of the file */
} pr_policy;

void pr_policy_free(pr_policy *p);

/* Looks up key k for district iDistrict (6-digit code), area eArea, month
 * iMonth. Returns the row that applies, or NULL if none does. */
const pr_prow *pr_policy_lookup(const pr_policy *p, pr_key k, int iDistrict,
                                pr_area eArea, int iMonth);

#endif
