/*
 * seal.h - signed and chained months, and approvals (domain.md section 9).
 *
 * A month run with --sign-key records in its manifest.json the previous
 * month and the SHA-256 of that month's manifest.json (the link), and
 * writes manifest.sig, the Ed25519 signature of manifest.json's bytes as one
 * line of base64. `payrun verify --chain` walks the month folders of a
 * directory in order and checks every folder against its manifest, every
 * signature, and every link. `payrun approve` appends a signed record to
 * approvals.jsonl; verify shows each one and checks it.
 */
#ifndef PR_SEAL_H
#define PR_SEAL_H

#include <stdio.h>

#include "formats/manifest.h"
#include "io/err.h"
#include "io/sign.h"

#define PR_SIG_FILE "manifest.sig"          /* the signature of manifest.json */
#define PR_APPROVALS_FILE "approvals.jsonl" /* the month's approvals, one JSON object a line */

/* The link to the previous month folder zPrevDir: its month (from its
 * manifest) and the SHA-256 of its manifest.json. PR_OK, or an error with
 * pErr naming the file. */
pr_error pr_seal_link(const char *zPrevDir, pr_manifest_link *pLink, pr_err *pErr);

/* Signs zDir/manifest.json with pKey into zDir/manifest.sig. PR_OK or an
 * error with pErr set. */
pr_error pr_seal_sign(const char *zDir, const pr_sigkey *pKey, pr_err *pErr);

/* Copies zFromDir/approvals.jsonl, if there is one, into zToDir: a month run
 * again keeps the record of who approved the earlier run (verify then calls
 * those approvals stale). PR_OK or an error with pErr set. */
pr_error pr_seal_keep_approvals(const char *zFromDir, const char *zToDir, pr_err *pErr);

/* Checks zDir/manifest.sig against zDir/manifest.json with pKey and prints a
 * line to pOut (may be NULL). Returns 0 good, 1 unsigned, 3 a signature that
 * does not match (or cannot be read). */
int pr_seal_check(const char *zDir, const pr_sigkey *pKey, FILE *pOut);

/* Shows each approval of zDir (to pOut) and checks it: its signature with
 * the key among apKey[0,nKey) whose id it names, and whether it approves the
 * manifest.json now in the folder. Returns 0 when every approval that could
 * be checked is good (stale ones and those of unknown keys are reported,
 * not failures), 3 when a signature does not match or a record is
 * malformed, 2 (with pErr) when the file cannot be read. */
int pr_seal_approvals(const char *zDir, pr_sigkey *const *apKey, int nKey, FILE *pOut, pr_err *pErr);

/* `payrun verify --chain zDir`: every month folder (YYYY-MM) of zDir in
 * order: its files against its manifest, its signature with pKey, and the
 * link of each month to the folder before it. Names each month that was
 * changed, that is missing from the chain, that sits out of order or in
 * the wrong folder, and each unsigned one. Returns 0 when the chain holds,
 * 3 when anything is wrong, 2 (with pErr) when zDir cannot be read. */
int pr_seal_chain(const char *zDir, const pr_sigkey *pKey, FILE *pOut, pr_err *pErr);

/* `payrun approve`: appends to zDir/approvals.jsonl a record of the month,
 * the SHA-256 of its manifest.json, zName, zRole (审核 or 审批), the time
 * and the signer's key id, signed with pKey. The month must verify against
 * its manifest first (PR_ERR_CONFIG otherwise, naming what differs). */
pr_error pr_seal_approve(const char *zDir, const char *zName, const char *zRole, const pr_sigkey *pKey, pr_err *pErr);

#endif
