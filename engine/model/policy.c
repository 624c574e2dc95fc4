/*
 * policy.c - the key table (common keys and the programmes' registered
 * ones) and the effective-dated look-up.
 */
#include "model/policy.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* The notice keys, last in the table. */
static const pr_keydef aNoticeKey[NK_COUNT] = {
    [NK_PERIOD] = { "notice.period", KT_NAME },
    [NK_PHONE] = { "notice.phone", KT_NAME },
    [NK_MASK_NAMES] = { "notice.mask_names", KT_BOOL },
};

/* The key table: common keys, then the registered programmes' keys, then
 * the notice keys (right after the common ones until a registration). */
static pr_keydef aKey[PR_MAX_KEYS] = {
    [K_DISTRICT] = { "district", KT_NAME },
    [K_REGION] = { "region", KT_NAME },
    [K_STANDARD] = { "dibao.standard", KT_MONEY },
    [K_COMMON + NK_PERIOD] = { "notice.period", KT_NAME },
    [K_COMMON + NK_PHONE] = { "notice.phone", KT_NAME },
    [K_COMMON + NK_MASK_NAMES] = { "notice.mask_names", KT_BOOL },
};
static int nKey = K_COMMON + NK_COUNT;
static int iNoticeBase = K_COMMON;   /* slot of aNoticeKey[0] */

void pr_keys_register(pr_keyset *const *apSet, int nSet)
{
    int n = K_COMMON;
    for (int i = 0; i < nSet; i++) {
        assert(n + apSet[i]->nKey + NK_COUNT <= PR_MAX_KEYS);
        apSet[i]->iBase = n;
        for (int k = 0; k < apSet[i]->nKey; k++) aKey[n++] = apSet[i]->aKey[k];
    }
    iNoticeBase = n;
    for (int k = 0; k < NK_COUNT; k++) aKey[n++] = aNoticeKey[k];
    nKey = n;
}

pr_key pr_key_notice(pr_notice_key e)
{
    return iNoticeBase + (int)e;
}

int pr_key_count(void)
{
    return nKey;
}

const char *pr_key_name(pr_key k)
{
    return k >= 0 && k < nKey ? aKey[k].zName : "?";
}

pr_ktype pr_key_type(pr_key k)
{
    return k >= 0 && k < nKey ? aKey[k].eType : KT_NAME;
}

pr_key pr_key_find(const char *zName, size_t nName)
{
    for (int k = 0; k < nKey; k++)
        if (strlen(aKey[k].zName) == nName && memcmp(aKey[k].zName, zName, nName) == 0) return k;
    return -1;
}

const pr_prow *pr_policy_lookup(const pr_policy *p, pr_key k, int iDistrict,
                                pr_area eArea, int iMonth)
{
    const pr_prow *pBest = NULL;
    for (int i = 0; i < p->nRow; i++) {
        const pr_prow *r = &p->aRow[i];
        if (r->eKey != k || r->iFrom > iMonth) continue;
        if (r->iDistrict != -1 && r->iDistrict != iDistrict) continue;
        if (r->eArea != AREA_NONE && r->eArea != eArea) continue;
        if (!pBest) { pBest = r; continue; }
        if (r->iFrom != pBest->iFrom) {
            if (r->iFrom > pBest->iFrom) pBest = r;
            continue;
        }
        int bDistR = r->iDistrict != -1, bDistB = pBest->iDistrict != -1;
        if (bDistR != bDistB) {
            if (bDistR) pBest = r;
            continue;
        }
        if (r->eArea != AREA_NONE && pBest->eArea == AREA_NONE) pBest = r;
    }
    return pBest;
}

void pr_policy_free(pr_policy *p)
{
    if (!p) return;
    for (int i = 0; i < p->nRow; i++) {
        free(p->aRow[i].zValue);
        free(p->aRow[i].zRef);
    }
    free(p->aRow);
    free(p->zPath);
    free(p);
}
