/*
 * programmes.c - the table of roster descriptors. Adding a roster is one
 * programme file and one line here.
 */
#include "rules/programmes.h"

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
