/*
 * conflicts.h - records of one person across rosters, and the conflicts
 * among them (conflicts.c).
 */
#ifndef PR_CONFLICTS_H
#define PR_CONFLICTS_H

#include "rules/compute.h"

/* Every valid record's reference, sorted by person then roster, file and
 * line, into *paRef (owned by the caller, free()) and *pnRef. PR_OK or
 * PR_ERR_NOMEM. */
pr_error pr_conflicts_refs(pr_batch *p, person_ref **paRef, int *pnRef);

/* HOLDs the records of one person (a[0..n), n >= 2) that conflict. */
void pr_conflicts_person(pr_batch *p, person_ref *a, int n);

#endif
