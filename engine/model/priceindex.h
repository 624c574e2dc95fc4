/*
 * priceindex.h - the monthly price-index file `month,cpi,food_cpi,scpi`
 * (year-on-year % changes, kept in basis points; scpi may be blank).
 */
#ifndef PR_PRICEINDEX_H
#define PR_PRICEINDEX_H

#include <stddef.h>
#include <stdint.h>

typedef struct pr_irow {
    int iMonth;          /* month number */
    int64_t nCpi;        /* cpi, basis points */
    int64_t nFood;       /* food_cpi, basis points (0 if blank) */
    int64_t nScpi;       /* scpi, basis points */
    int bHasCpi;         /* cpi given */
    int bHasFood;        /* food_cpi given */
    int bHasScpi;        /* scpi given */
    uint32_t iLine;      /* line in the file */
} pr_irow;

typedef struct pr_index {
    pr_irow *aRow;       /* rows, owned */
    int nRow;            /* number of rows */
    char *zPath;         /* path as given, owned */
    char zSha[65];       /* SHA-256 of the file */
} pr_index;

void pr_index_free(pr_index *p);

/* Returns the row of month iMonth, or NULL. */
const pr_irow *pr_index_find(const pr_index *p, int iMonth);

#endif
