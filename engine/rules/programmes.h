/*
 * programmes.h - the table of roster descriptors: one line per roster, each
 * defined in its programme's file (dibao.c, tekun.c, disability.c,
 * orphan.c). The reading stage hands a file's descriptor to the roster
 * reader; the computing stage walks the same table.
 */
#ifndef PR_PROGRAMMES_H
#define PR_PROGRAMMES_H

#include "model/row.h"

/* The descriptor of each roster, defined in its programme's file. */
extern const pr_roster_desc pr_dibao_roster;
extern const pr_roster_desc pr_tekun_roster;
extern const pr_roster_desc pr_disability_roster;
extern const pr_roster_desc pr_orphan_roster;

/* The descriptor of roster e (static, never NULL for a valid e). */
const pr_roster_desc *pr_roster_desc_of(pr_roster e);

#endif
