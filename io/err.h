/*
 * err.h - the one error idiom of payrun. A function that can fail returns a
 * pr_error and, where there is something to say, fills a pr_err: the code
 * and the message naming the file, the place and the problem. The caller
 * unwinds with `goto cleanup` and passes the same pr_err up; the command
 * turns the code into its exit status with pr_exit_code().
 */
#ifndef PR_ERR_H
#define PR_ERR_H

#include <stddef.h>

/* Error codes returned by payrun functions; 0 is success. */
typedef enum pr_error {
    PR_OK = 0,
    PR_ERR_NOMEM,          /* memory allocation failed */
    PR_ERR_IO,             /* a file could not be read or written */
    PR_ERR_GZIP,           /* corrupt or truncated gzip stream */
    PR_ERR_ENCODING,       /* character conversion failed */
    PR_ERR_CSV,            /* malformed CSV in a file that must be clean */
    PR_ERR_HEADER,         /* missing, duplicate or unreadable header */
    PR_ERR_POLICY,         /* bad or incomplete policy file */
    PR_ERR_INDEX,          /* bad or incomplete price-index file */
    PR_ERR_CONFIG,         /* a configuration error found while computing */
    PR_ERR_USAGE,          /* bad command line */
    PR_ERR_TOO_BIG,        /* a buffer would exceed its hard cap */
    PR_ERR_EXISTS,         /* the output month already exists */
    PR_ERR_MANIFEST,       /* a manifest.json that is not JSON or lacks what is read */
    PR_ERR_MAX
} pr_error;

/* Returns a static, never-NULL description of rc, in the messages' language
 * (for the terminal and --json only, never a file). */
const char *pr_strerror(pr_error rc);

/* An error with its message. The first error set is kept: later calls to
 * pr_err_set on the same object do not overwrite it, so the message that
 * reaches the user is the cause, not a consequence. */
typedef struct pr_err {
    pr_error rc;                  /* PR_OK while nothing has failed */
    char zMsg[1024];              /* the message, "" while rc is PR_OK */
} pr_err;

/* Clears p to PR_OK. */
void pr_err_init(pr_err *p);

/* Sets p to rc with a printf-style message unless p holds an error already
 * (p may be NULL). Returns rc, so that `return pr_err_set(...)` reads well.
 * zFmt is a msgid: it is translated (gettext) before formatting, so a
 * message must never be written into an output file. */
pr_error pr_err_set(pr_err *p, pr_error rc, const char *zFmt, ...) __attribute__((format(printf, 3, 4)));

/* Sets p to PR_ERR_NOMEM with "out of memory while <zWhat>" (p may be NULL),
 * both parts translated: pass zWhat as a string literal, so that xgettext
 * finds it. Returns PR_ERR_NOMEM. */
pr_error pr_err_nomem(pr_err *p, const char *zWhat);

/* Exit statuses of the commands (README "Exit codes"). */
enum { PR_EXIT_DONE = 0, PR_EXIT_USAGE = 1, PR_EXIT_INPUT = 2, PR_EXIT_NOT_PAYABLE = 3 };

/* The exit status of a command that stopped with rc: 0 for PR_OK, 1 for a
 * usage error, 2 for every input, configuration, resource or I/O error. */
int pr_exit_code(pr_error rc);

#endif
