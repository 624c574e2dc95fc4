/*
 * money.h - money in int64 fen, percentages in basis points, exact rationals
 * and the three rounding modes of domain.md section 2. No floating point.
 */
#ifndef PR_MONEY_H
#define PR_MONEY_H

#include <stdint.h>
#include <stddef.h>

/* Rounding modes of the policy file. */
typedef enum pr_rounding {
    ROUND_NONE = 0,      /* unset */
    ROUND_FEN,           /* half up to the fen */
    ROUND_YUAN_HALF_UP,  /* half up to the whole yuan */
    ROUND_YUAN_CEIL      /* up to the whole yuan */
} pr_rounding;

/* An exact rational number of fen: nNum / nDen, nDen > 0. */
typedef struct pr_ratio {
    __int128 nNum;  /* numerator (fen times nDen) */
    int64_t nDen;   /* denominator, always > 0 */
} pr_ratio;

/* A plain fraction a/b used for policy ratios such as 1/12. */
typedef struct pr_frac {
    int64_t nNum;   /* numerator, >= 0 */
    int64_t nDen;   /* denominator, > 0 */
} pr_frac;

/* Parses a yuan amount ("1234.5", "-0", "+3") of nZ bytes into *pFen.
 * Spaces around the value are ignored. Returns 0, or -1 for anything else
 * (empty, thousands separators, exponents, 3 decimals, overflow). */
int pr_money_parse(const char *z, size_t nZ, int64_t *pFen);

/* Parses a percentage with at most two decimals into basis points
 * ("30" -> 3000, "3.5" -> 350, "-1.2" -> -120). Returns 0 or -1. */
int pr_pct_parse(const char *z, size_t nZ, int64_t *pBp);

/* Parses a ratio "a/b" (whole numbers) or a decimal fraction such as 0.125
 * (up to 9 decimals). Returns 0/-1. */
int pr_frac_parse(const char *z, size_t nZ, pr_frac *pFrac);

/* Parses a rounding-mode name ("fen", "yuan_half_up", "yuan_ceil"). */
int pr_rounding_parse(const char *z, size_t nZ, pr_rounding *pMode);
const char *pr_rounding_name(pr_rounding eMode);
/* the officer's name of a mode, as the basis shows it: 到分, 四舍五入到元, 进整到元 */
const char *pr_rounding_name_zh(pr_rounding eMode);

/* Rounds the exact value x (fen) once, with eMode. */
int64_t pr_round(pr_ratio x, pr_rounding eMode);

/* Exact arithmetic helpers. */
pr_ratio pr_ratio_fen(int64_t nFen);
pr_ratio pr_ratio_add(pr_ratio a, pr_ratio b);
pr_ratio pr_ratio_mul(pr_ratio a, int64_t nNum, int64_t nDen);

/* Writes nFen as yuan into zOut (size nOut): "820", "1205.50", "-3.05".
 * Returns the length written. The buffer should hold 32 bytes. */
int pr_fen_format(int64_t nFen, char *zOut, size_t nOut);

/* Writes the exact yuan value of x: "81.555", or 6 decimals and "..." if it
 * does not terminate there. Returns the length. Buffer of 64 bytes. */
int pr_ratio_format(pr_ratio x, char *zOut, size_t nOut);

/* Writes basis points as a percentage: 3000 -> "30", 350 -> "3.5". */
int pr_bp_format(int64_t nBp, char *zOut, size_t nOut);

#endif
