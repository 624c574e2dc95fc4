/*
 * err.c - the error idiom of err.h: the string table of the codes, the
 * first-error-wins setter and the table from codes to exit statuses. The
 * messages are made in the terminal's language (gettext, io/i18n.h): they
 * go to stderr and to --json's "reason" only, never into an output file.
 */
#include "io/err.h"
#include "io/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const azError[PR_ERR_MAX] = {
    [PR_OK] = N_("no error"),
    [PR_ERR_NOMEM] = N_("out of memory"),
    [PR_ERR_IO] = N_("input/output error"),
    [PR_ERR_GZIP] = N_("corrupt or truncated gzip stream"),
    [PR_ERR_ENCODING] = N_("character conversion failed"),
    [PR_ERR_CSV] = N_("malformed CSV"),
    [PR_ERR_HEADER] = N_("bad header"),
    [PR_ERR_POLICY] = N_("bad policy file"),
    [PR_ERR_INDEX] = N_("bad price-index file"),
    [PR_ERR_CONFIG] = N_("configuration error"),
    [PR_ERR_USAGE] = N_("usage error"),
    [PR_ERR_TOO_BIG] = N_("size limit exceeded"),
    [PR_ERR_EXISTS] = N_("output already exists"),
    [PR_ERR_MANIFEST] = N_("bad manifest.json"),
};

const char *pr_strerror(pr_error rc)
{
    if ((int)rc < 0 || rc >= PR_ERR_MAX || !azError[rc]) return _("unknown error");
    return gettext(azError[rc]);
}

void pr_err_init(pr_err *p)
{
    p->rc = PR_OK;
    p->zMsg[0] = 0;
}

pr_error pr_err_set(pr_err *p, pr_error rc, const char *zFmt, ...)
{
    if (!p || p->rc != PR_OK) return rc;
    p->rc = rc;
    va_list ap;
    va_start(ap, zFmt);
    /* the format is the msgid (xgettext --keyword=pr_err_set:3); an
     * untranslated one, or no locale set (the tests), gives it back as is */
    vsnprintf(p->zMsg, sizeof(p->zMsg), gettext(zFmt), ap);
    va_end(ap);
    return rc;
}

/* zWhat is translated here rather than marked at its ~110 call sites:
 * xgettext --keyword=pr_err_nomem:2 extracts the literals as they stand, and
 * a call site can never forget the mark. */
pr_error pr_err_nomem(pr_err *p, const char *zWhat)
{
    return pr_err_set(p, PR_ERR_NOMEM, "out of memory while %s", gettext(zWhat));
}

/* Exit status per code (README "Exit codes"); a code missing here is 2. */
static const unsigned char aExit[PR_ERR_MAX] = {
    [PR_OK] = PR_EXIT_DONE,
    [PR_ERR_USAGE] = PR_EXIT_USAGE,
};

int pr_exit_code(pr_error rc)
{
    if (rc == PR_OK) return 0;
    if ((int)rc < 0 || rc >= PR_ERR_MAX) return PR_EXIT_INPUT;
    return aExit[rc] ? aExit[rc] : PR_EXIT_INPUT;
}
