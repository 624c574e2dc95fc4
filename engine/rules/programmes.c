/*
 * programmes.c - the tables of roster descriptors and of policy key sets.
 * Adding a programme is its file and a line in each table it takes part in.
 */
#include "rules/programmes.h"
#include "rules/cycle.h"

#include <assert.h>

static const pr_roster_desc *const apRoster[ROSTER_COUNT] = {
    [ROSTER_DIBAO] = &pr_dibao_roster,
    [ROSTER_TEKUN] = &pr_tekun_roster,
    [ROSTER_DISABILITY] = &pr_disability_roster,
    [ROSTER_ORPHAN] = &pr_orphan_roster,
};

const pr_roster_desc *pr_roster_desc_of(pr_roster e)
{
    assert((unsigned)e < ROSTER_COUNT && apRoster[e]->eRoster == e);
    return apRoster[e];
}

/* In the order of the parameters sheet of summary.xlsx. */
static pr_keyset *const apKeys[] = {
    &pr_dibao_keys, &pr_tekun_keys, &pr_disability_keys, &pr_orphan_keys, &pr_price_keys, &pr_cycle_keys,
};

void pr_programmes_register(void)
{
    pr_keys_register(apKeys, (int)(sizeof(apKeys) / sizeof(apKeys[0])));
}
