/*
 * crosscheck.h - `payrun crosscheck`: the global facts of a sharded month
 * (issue 14, docs/SCALE.md "Global facts") from the key files of every
 * shard (`payrun keys`, formats/keyfile.h).
 *
 *   payrun crosscheck --keys F1 --keys F2 ... --out FACTS
 *
 * The key files are merged as they are read (io/linemerge.h), twice: the
 * first pass finds, for every person two or more shards hold, the conflicts
 * of domain.md section 5 among all their records, and so the DIBAO
 * households that a conflict holds; the second writes, for each such
 * person, every record with the outcome the whole month gives it (HELD if
 * a conflict involves it or holds its household, else its shard's). Memory
 * is one person's records and the held households' ids.
 */
#ifndef PR_RUN_CROSSCHECK_H
#define PR_RUN_CROSSCHECK_H

#include "io/err.h"

/* Computes the facts of the key files azKeys[0..nKeys) into the facts file
 * zOut. Every key file must have a valid header, the same month and a
 * shard name of its own, and sorted, valid entries. PR_OK, or an error with
 * pErr set naming the file and line (zOut is then removed). */
pr_error pr_crosscheck(const char *const *azKeys, int nKeys, const char *zOut, pr_err *pErr);

/* The command: argv[0] is "crosscheck". Returns the exit status. */
int pr_crosscheck_command(int argc, char **argv);

#endif
