/*
 * i18n.h - the terminal's language: payrun's messages on stderr follow the
 * locale through GNU gettext (text domain "payrun"; po/zh_CN.po), English
 * when no catalogue applies. Only LC_MESSAGES is taken from the
 * environment: numbers, dates, character classes and sorting stay those of
 * the "C" locale, so no output file ever depends on the locale.
 */
#ifndef PR_I18N_H
#define PR_I18N_H

#include <libintl.h>

/* a message translated for the terminal; N_ marks one translated later */
#define _(z) gettext(z)
#define N_(z) (z)

/* Sets LC_MESSAGES from the environment and binds the text domain "payrun"
 * (UTF-8 whatever LC_CTYPE says) to the first of: $PAYRUN_LOCALEDIR; the
 * build tree's po/ beside the folder of the running executable (bin/payrun
 * → po/zh_CN/LC_MESSAGES/payrun.mo); the compiled-in PR_LOCALEDIR
 * ($(LOCALEDIR) of the Makefile, $(PREFIX)/share/locale). */
void pr_i18n_init(void);

#endif
