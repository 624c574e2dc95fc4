/*
 * global.c - the other shards' records of a sharded month (global.h).
 */
#include "model/global.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

pr_global *pr_global_new(void)
{
    pr_global *g = calloc(1, sizeof(*g));
    if (g) pr_arena_init(&g->arena);
    return g;
}

/* Makes room for one more record. 0 or -1. */
static int reserve(pr_global *g)
{
    if (g->nRec < g->nCap) return 0;
    if (g->nCap >= PR_GLOBAL_MAX) return -1;
    int n = g->nCap ? g->nCap * 2 : 256;
    pr_record *a = realloc(g->aRec, (size_t)n * sizeof(*a));
    if (!a) return -1;
    g->aRec = a;
    uint64_t *ao = realloc(g->aOrder, (size_t)n * sizeof(*ao));
    if (!ao) return -1;
    g->aOrder = ao;
    const char **az = realloc(g->azWhere, (size_t)n * sizeof(*az));
    if (!az) return -1;
    g->azWhere = az;
    g->nCap = n;
    return 0;
}

int pr_global_add(pr_global *g, const char *zId, pr_roster eRoster, uint32_t iRank, uint32_t iLine,
                  int32_t iDistrict, pr_status eStatus, const char *zHousehold, const char *zWhere)
{
    assert(strlen(zId) == 18 && eRoster < ROSTER_COUNT && iRank < (1u << 24));
    if (reserve(g)) return -1;
    pr_record *r = &g->aRec[g->nRec];
    memset(r, 0, sizeof(*r));
    /* the packed key of idcard.c: 17 digits then the check character */
    uint64_t k = 0;
    for (int i = 0; i < 17; i++) k = k * 10 + (uint64_t)(zId[i] - '0');
    r->iKey = k * 11 + (uint64_t)(zId[17] == 'X' ? 10 : zId[17] - '0') + 1;
    r->eRoster = (uint8_t)eRoster;
    r->bGhost = 1;
    r->iLine = iLine;
    r->iDistrict = iDistrict;
    r->aStatus[0] = r->aStatus[1] = (uint8_t)eStatus;
    r->iLink = -1;
    r->zId = pr_arena_strndup(&g->arena, zId, 18);
    r->zHousehold = pr_arena_strndup(&g->arena, zHousehold, strlen(zHousehold));
    r->zName = r->zTown = r->zVillage = r->zBank = r->zAccount = r->zPayee = "";
    const char *zW = pr_arena_strndup(&g->arena, zWhere, strlen(zWhere));
    if (!r->zId || !r->zHousehold || !zW) return -1;
    g->aOrder[g->nRec] = (uint64_t)eRoster << 56 | (uint64_t)iRank << 32 | iLine;
    g->azWhere[g->nRec] = zW;
    g->nRec++;
    return 0;
}

void pr_global_free(pr_global *g)
{
    if (!g) return;
    free(g->aRec);
    free(g->aOrder);
    free(g->azWhere);
    pr_arena_clear(&g->arena);
    free(g);
}
