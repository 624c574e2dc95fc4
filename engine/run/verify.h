/*
 * verify.h - the auditor's check of a month folder written by `payrun run`
 * (domain.md sections 6 and 7), using nothing but the folder itself:
 *
 *  - every output listed in manifest.json (outputs[].name, sha256, bytes) is
 *    there, is a regular file, and has that size and SHA-256;
 *  - nothing else is in the folder: every entry other than manifest.json
 *    that the manifest does not list is reported (hidden files and
 *    sub-folders included);
 *  - the manifest's month matches the folder name when that is a YYYY-MM;
 *  - ledger.csv.gz is re-read (streamed, never held whole): its header, the
 *    shape of every row (12 fields, a known programme, a 6-digit district,
 *    a positive whole amount_fen, valid UTF-8), the order of domain.md
 *    section 7 (district code, then programme in the order DIBAO, TEKUN,
 *    DIS_LIVING, DIS_NURSING, ORPHAN, PRICE, then beneficiary_id by bytes;
 *    equal keys are not an error), and the lines and fen it adds up to per
 *    district and programme, per programme and overall, against the
 *    manifest's totals;
 *    A month whose manifest "status" is not "ok" (e.g. "not_payable") has
 *    no ledger by design: then only the manifest's own sums are checked,
 *    unless it lists a ledger;
 *  - persons: every line of TEKUN, DIS_LIVING, DIS_NURSING, ORPHAN and
 *    PRICE is one person, so their persons are checked against the ledger's
 *    line counts. A DIBAO line is a household whose size the ledger does
 *    not carry, so DIBAO persons (and hence the district and overall
 *    persons) are checked only for consistency inside the manifest: each
 *    district's persons = the sum over its programmes, by_program = the sum
 *    over districts, the overall total = the sum of by_program, and DIBAO
 *    persons >= DIBAO lines. Lines and fen are checked the same way too.
 */
#ifndef PR_VERIFY_H
#define PR_VERIFY_H

#include <stddef.h>
#include <stdio.h>

#include "io/err.h"

/* Return values of pr_verify_month. */
enum {
    PR_VERIFY_OK = 0,          /* everything matches */
    PR_VERIFY_UNREADABLE = 2,  /* the folder or manifest.json cannot be read or parsed */
    PR_VERIFY_DIFFERS = 3      /* at least one difference was found */
};

/* Checks the month folder zMonthDir (e.g. "out/2023-08"). Each difference
 * is written to pOut (may be NULL) as one line that starts with the name of
 * the file concerned, e.g. "ledger.csv.gz: SHA-256 differs from
 * manifest.json". Returns PR_VERIFY_OK, PR_VERIFY_DIFFERS, or
 * PR_VERIFY_UNREADABLE with the code and message in pErr (may be NULL). */
int pr_verify_month(const char *zMonthDir, FILE *pOut, pr_err *pErr);

#endif
