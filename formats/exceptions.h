/*
 * exceptions.h - exceptions.csv, one row per finding of the month
 * (domain.md section 7), written by exceptions.c.
 */
#ifndef PR_EXCEPTIONS_H
#define PR_EXCEPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "model/batch.h"
#include "io/err.h"

/* Writes exceptions.csv. Returns PR_OK, or PR_ERR_IO, PR_ERR_NOMEM or
 * PR_ERR_TOO_BIG with a message in pErr (may be NULL) naming the file. */
pr_error pr_exceptions_write(const pr_batch *p, const char *zPath, pr_err *pErr);

/* One row of an exceptions.csv read back, its strings valid during the call. */
typedef struct pr_exc_row {
    const char *zFile;          /* the file it names */
    uint32_t iLine;             /* its line */
    pr_prog eProg;              /* programme */
    const char *zId;            /* household id or person ID */
    pr_status eStatus;          /* status */
    const char *zCode;          /* code */
    const char *zMsg;           /* message (the Chinese column is not read: it
                                 * is made from the code and message) */
} pr_exc_row;

/* Reads the exceptions.csv at zPath (one payrun wrote) a row at a time to
 * xRow, which returns PR_OK to go on or an error with pErr set. PR_OK, or
 * an error with pErr naming the file and line. */
pr_error pr_exceptions_read(const char *zPath, pr_error (*xRow)(void *pArg, const pr_exc_row *pRow, pr_err *pErr),
                            void *pArg, pr_err *pErr);

#endif
