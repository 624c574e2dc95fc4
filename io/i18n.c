/*
 * i18n.c - binding payrun's message catalogue (see i18n.h).
 */
#include "io/i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PR_LOCALEDIR
#define PR_LOCALEDIR "/usr/local/share/locale"
#endif

/* The build tree's catalogue folder, <dir of the executable>/../po, when it
 * holds a payrun.mo; else "" */
static void build_tree_dir(char *zOut, size_t nOut)
{
    char zExe[PATH_MAX];
    zOut[0] = 0;
    ssize_t n = readlink("/proc/self/exe", zExe, sizeof(zExe) - 1);
    if (n <= 0) return;
    zExe[n] = 0;
    char *zSlash = strrchr(zExe, '/');
    if (!zSlash) return;
    *zSlash = 0;
    char zMo[PATH_MAX + 64];
    struct stat st;
    snprintf(zMo, sizeof(zMo), "%s/../po/zh_CN/LC_MESSAGES/payrun.mo", zExe);
    if (stat(zMo, &st) != 0) return;
    snprintf(zOut, nOut, "%s/../po", zExe);
}

void pr_i18n_init(void)
{
    /* LC_MESSAGES only: LC_NUMERIC, LC_CTYPE and LC_COLLATE stay "C" */
    setlocale(LC_MESSAGES, "");
    char zDir[PATH_MAX];
    const char *zEnv = getenv("PAYRUN_LOCALEDIR");
    if (zEnv && zEnv[0]) snprintf(zDir, sizeof(zDir), "%s", zEnv);
    else {
        build_tree_dir(zDir, sizeof(zDir));
        if (!zDir[0]) snprintf(zDir, sizeof(zDir), "%s", PR_LOCALEDIR);
    }
    bindtextdomain("payrun", zDir);
    bind_textdomain_codeset("payrun", "UTF-8");
    /* the C library's own messages (strerror) too: with LC_CTYPE left "C"
     * they would come out as question marks */
    bind_textdomain_codeset("libc", "UTF-8");
    textdomain("payrun");
}
