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

/* A key of the policy file is a slot in the run's key table: first the
 * common keys below, then each programme's own keys (its pr_keyset, defined
 * in its rules file), in the order the programmes are registered. */
typedef int pr_key;

/* The common keys, the same in every run. */
enum {
    K_DISTRICT = 0,       /* a paid district: its code and name */
    K_REGION,             /* a local division code that is not a paid district
                           * (a legacy code still on older IDs): code and name */
    K_STANDARD,           /* dibao.standard: S, the standard every programme
                           * starts from (domain.md section 4) */
    K_COMMON              /* the first programme key */
};

/* The common keys that come after the programmes' in the key table: the
 * settings of the 公示 public notice (domain.md section 9), per district
 * (area `*`), not parameters of any payment. They come last so that every
 * programme key keeps its slot and the 参数 sheet of summary.xlsx its rows.
 * pr_key_notice(NK_PERIOD) is the slot of notice.period. */
typedef enum pr_notice_key {
    NK_PERIOD = 0,        /* notice.period: the notice period, text
                           * ("2023-09-01至2023-09-07") */
    NK_PHONE,             /* notice.phone: the complaint telephone, text */
    NK_MASK_NAMES,        /* notice.mask_names: 1 masks the names (the
                           * default when no row applies), 0 shows them */
    NK_COUNT
} pr_notice_key;

/* Most keys of one run. */
#define PR_MAX_KEYS 256

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

/* The keys from here on are the programmes' parameters up to
 * pr_key_notice(0), those after them the notice's; those before it declare
 * division codes. */
#define K_FIRST_PARAM K_STANDARD

/* The name and value type of one key. */
typedef struct pr_keydef {
    const char *zName;    /* "dibao.rounding" */
    pr_ktype eType;       /* its value type */
} pr_keydef;

/* The keys of one programme, defined in its rules file. */
typedef struct pr_keyset {
    const pr_keydef *aKey;    /* its keys, static */
    int nKey;                 /* their count */
    int iBase;                /* slot of aKey[0] in the key table; set by
                               * pr_keys_register */
} pr_keyset;

/* Builds the process's key table: the common keys, then the keys of each
 * set of apSet in order, setting each set's iBase, then the notice keys.
 * Called once before any policy is read (the table is then read-only);
 * calling it again with the same sets gives the same table. */
void pr_keys_register(pr_keyset *const *apSet, int nSet);

/* Keys in the table (K_COMMON + NK_COUNT before any registration). */
int pr_key_count(void);

/* The slot of notice key e in the key table. */
pr_key pr_key_notice(pr_notice_key e);

/* Name and type of key k. */
const char *pr_key_name(pr_key k);
pr_ktype pr_key_type(pr_key k);

/* The key named zName, or -1. */
pr_key pr_key_find(const char *zName, size_t nName);

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
