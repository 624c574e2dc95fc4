/*
 * priceindex.c - look-up in the price index read by formats/index.c, and
 * freeing it.
 */
#include "model/priceindex.h"

#include <stdlib.h>

const pr_irow *pr_index_find(const pr_index *p, int iMonth)
{
    for (int i = 0; i < p->nRow; i++)
        if (p->aRow[i].iMonth == iMonth) return &p->aRow[i];
    return NULL;
}

void pr_index_free(pr_index *p)
{
    if (!p) return;
    free(p->aRow);
    free(p->zPath);
    free(p);
}
