/*
 * idcard.h - China resident ID numbers (GB 11643-1999) and the Luhn check
 * of bank-card numbers. Which region codes are local is the policy's
 * (district and region rows), not this file's.
 */
#ifndef PR_IDCARD_H
#define PR_IDCARD_H

#include <stddef.h>
#include <stdint.h>

/* Outcome of an ID check; 0 is valid. */
typedef enum pr_id_rc {
    ID_OK = 0,
    ID_EMPTY,        /* blank */
    ID_LEGACY15,     /* 15-digit first-generation ID */
    ID_SCIENTIFIC,   /* a spreadsheet turned it into a number, 3.20613E+17 */
    ID_FORMAT,       /* not 17 digits and a check character */
    ID_CHECKSUM,     /* check character does not match */
    ID_BIRTHDATE     /* impossible or future birth date */
} pr_id_rc;

/* A validated ID. */
typedef struct pr_id {
    char zId[19];      /* normalised: upper-case X, NUL-terminated */
    uint64_t iKey;     /* packed key: 17 digits * 11 + check value + 1, never 0 */
    int iBirthY, iBirthM, iBirthD;  /* birth date */
} pr_id;

/* Validates z (nZ bytes, spaces trimmed) as an ID, born no later than the
 * last day of month iMonth. Fills *pId on ID_OK. */
pr_id_rc pr_id_check(const char *z, size_t nZ, int iMonth, pr_id *pId);

/* The message for an ID check result (static string). */
const char *pr_id_message(pr_id_rc rc);
/* The finding code for an ID check result (static string). */
const char *pr_id_code(pr_id_rc rc);

/* Returns the check character ('0'-'9' or 'X') for 17 digits. */
char pr_id_check_char(const char *z17);


/* Returns 1 if the digits-only string passes the Luhn check. */
int pr_luhn_ok(const char *z, size_t nZ);

#endif
