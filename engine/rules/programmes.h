/*
 * programmes.h - the table of roster descriptors: one line per roster, each
 * defined in its programme's file (dibao.c, tekun.c, disability.c,
 * orphan.c). The reading stage hands a file's descriptor to the roster
 * reader; the computing stage walks the same table. Beside it, the table of
 * the programmes' policy keys.
 */
#ifndef PR_PROGRAMMES_H
#define PR_PROGRAMMES_H

#include "model/policy.h"
#include "model/row.h"

/* The descriptor of each roster, defined in its programme's file. */
extern const pr_roster_desc pr_dibao_roster;
extern const pr_roster_desc pr_tekun_roster;
extern const pr_roster_desc pr_disability_roster;
extern const pr_roster_desc pr_orphan_roster;

/* The policy keys of each programme, defined in its rules file. */
extern pr_keyset pr_dibao_keys;
extern pr_keyset pr_tekun_keys;
extern pr_keyset pr_disability_keys;
extern pr_keyset pr_orphan_keys;
extern pr_keyset pr_price_keys;

/* Registers every programme's policy keys (pr_keys_register), in the order
 * of the parameters sheet. Call before reading a policy file. */
void pr_programmes_register(void);

/* The descriptor of roster e (static, never NULL for a valid e). */
const pr_roster_desc *pr_roster_desc_of(pr_roster e);

#endif
