/*
 * test_install.c - payrun installed as a Unix tool (issue 13, point 6):
 * `make install DESTDIR=<tmp> PREFIX=/usr/local` puts the binary, the man
 * page and the bash completion in place (and any built translation); the
 * page renders (man -l; mandoc or nroff where man-db is absent) and names every option
 * that each command's --help names; the completion offers them; the
 * installed binary names its libraries, runs the sample month to the same
 * ledger as bin/payrun (or $PAYRUN_BIN) and verifies it; `make uninstall`
 * leaves no file behind. The tests run in order and share the staging
 * folder. Runs from the repository root, as the other end-to-end suites.
 */
#include "tests/testutil.h"
#include "io/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SAMPLE_ARGS " --month 2023-08 --policy samples/policy.csv --index samples/index.csv" \
    " --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz" \
    " --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz" \
    " --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv" \
    " --disability samples/disability-with-type.csv --disability samples/disability-certificate-only.csv" \
    " --orphan samples/orphan-children.csv --max-reject-rate 5"

/* make, without the jobserver and level of a make that runs the suites */
#define MAKE "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s"

/* the staging folder, and the installed files under it */
static const char *root(void)
{
    static char z[512];
    snprintf(z, sizeof(z), "%s/inst", tu_tmpdir());
    return z;
}
#define BIN     "%s/usr/local/bin/payrun"
#define MANPAGE "%s/usr/local/share/man/man1/payrun.1"
#define COMPL   "%s/usr/local/share/bash-completion/completions/payrun"

/* The mode of root()/zPath, or -1 when it is not a regular file. */
static int mode_of(const char *zPath)
{
    char z[1024];
    struct stat st;
    snprintf(z, sizeof(z), "%s/%s", root(), zPath);
    if (stat(z, &st) != 0 || !S_ISREG(st.st_mode)) return -1;
    return (int)(st.st_mode & 07777);
}

static void test_install(void)
{
    CU_ASSERT_EQUAL_FATAL(tu_sh(MAKE " install DESTDIR=%s PREFIX=/usr/local >%s/install.log 2>&1", root(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(mode_of("usr/local/bin/payrun"), 0755);
    CU_ASSERT_EQUAL(mode_of("usr/local/share/man/man1/payrun.1"), 0644);
    CU_ASSERT_EQUAL(mode_of("usr/local/share/bash-completion/completions/payrun"), 0644);
    /* every file it put is one of these three, or a built translation */
    CU_ASSERT_EQUAL(tu_sh("cd %s && find . -type f -o -type l | grep -v '^./usr/local/share/locale/[^/]*/LC_MESSAGES/payrun.mo$' | sort"
                          " | tr '\\n' ' ' | grep -qx './usr/local/bin/payrun ./usr/local/share/bash-completion/completions/payrun"
                          " ./usr/local/share/man/man1/payrun.1 '", root()), 0);
    /* each translation built in po/ is installed under its language */
    CU_ASSERT_EQUAL(tu_sh("for mo in po/*/LC_MESSAGES/payrun.mo; do [ -f \"$mo\" ] || continue;"
                          " l=${mo#po/}; l=${l%%%%/*}; cmp -s \"$mo\" %s/usr/local/share/locale/$l/LC_MESSAGES/payrun.mo || exit 1; done",
                          root()), 0);
}

/* payrun --version: its own version, then one line per library */
static void test_version(void)
{
    CU_ASSERT_EQUAL(tu_sh(BIN " --version >%s/version.txt", root(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("head -1 %s/version.txt | grep -qx 'payrun " PR_VERSION "'", tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("sed 1d %s/version.txt | cut -d' ' -f1 | tr '\\n' ' ' | grep -qx 'libxlsxwriter zlib libdeflate OpenSSL Jansson '",
                          tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("sed 1d %s/version.txt | grep -vcE '^[A-Za-z]+ [0-9]+\\.[0-9]+' | grep -qx 0", tu_tmpdir()), 0);
}

/* the page renders, and names every option of every command's --help */
static void test_man(void)
{
    CU_ASSERT_EQUAL_FATAL(tu_sh("f=" MANPAGE "; o=%s/man.txt;"
                                " if command -v man >/dev/null; then MANPAGER=cat MANWIDTH=80 man -l \"$f\" >$o 2>%s/man.err;"
                                " elif command -v mandoc >/dev/null; then mandoc -T utf8 \"$f\" | sed 's/.\\x08//g' >$o;"
                                " else GROFF_NO_SGR=1 nroff -man -Tutf8 \"$f\" | sed 's/.\\x08//g' >$o; fi",
                                root(), tu_tmpdir(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("grep -q '^PAYRUN(1)' %s/man.txt", tu_tmpdir()), 0);
    static const char *const azSection[] = { "NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS", "FILES",
                                              "ENVIRONMENT", "EXAMPLES", "SEE ALSO" };
    for (size_t i = 0; i < sizeof(azSection) / sizeof(azSection[0]); i++)
        CU_ASSERT_EQUAL(tu_sh("grep -qx '%s' %s/man.txt", azSection[i], tu_tmpdir()), 0);
    static const char *const azFile[] = { "ledger.csv.gz", "exceptions.csv", "summary.xlsx", "changes.csv", "arrears.csv",
                                          "recoveries.csv", "adjustments.csv", "manifest.json", "manifest.sig",
                                          "approvals.jsonl", ".YYYY-MM.lock" };
    for (size_t i = 0; i < sizeof(azFile) / sizeof(azFile[0]); i++)
        CU_ASSERT_EQUAL(tu_sh("grep -qF -- '%s' %s/man.txt", azFile[i], tu_tmpdir()), 0);
    /* every option each command's help shows; the page lists the missing */
    CU_ASSERT_EQUAL(tu_sh("for c in '' run check keys crosscheck verify diff keygen approve plan split; do"
                          " for o in $(LC_ALL=C " BIN " $c --help 2>&1 | grep -oE -- '--[a-z][a-z-]*' | sort -u); do"
                          "  grep -qE -- \"(^|[^a-z-])$o([^a-z-]|$)\" %s/man.txt || echo \"payrun.1 lacks payrun $c $o\";"
                          " done; done >%s/man-missing.txt; cat %s/man-missing.txt >&2; test ! -s %s/man-missing.txt",
                          root(), tu_tmpdir(), tu_tmpdir(), tu_tmpdir(), tu_tmpdir()), 0);
    /* and, where mandoc is, no lint message (make man-lint, in CI, installs it) */
    CU_ASSERT_EQUAL(tu_sh("! command -v mandoc >/dev/null || test -z \"$(mandoc -T lint -W style " MANPAGE " 2>&1)\"", root()), 0);
}

/* the completion, sourced by a plain bash: commands, and run's options */
static void test_completion(void)
{
    CU_ASSERT_EQUAL(tu_sh("PATH=%s/usr/local/bin:$PATH bash -c '. " COMPL ";"
                          " complete -p payrun >/dev/null || exit 1;"
                          " COMP_WORDS=(payrun \"\"); COMP_CWORD=1; _payrun; echo \"${COMPREPLY[*]}\";"
                          " COMP_WORDS=(payrun run --); COMP_CWORD=2; _payrun; echo \"${COMPREPLY[*]}\";"
                          " COMP_WORDS=(payrun run --policy samples/poli); COMP_CWORD=3; _payrun; echo \"${COMPREPLY[*]}\";"
                          " COMP_WORDS=(payrun run --encoding g); COMP_CWORD=3; _payrun; echo \"${COMPREPLY[*]}\"'"
                          " >%s/compl.txt 2>&1",
                          root(), root(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("sed -n 1p %s/compl.txt | grep -qx 'run check verify diff keygen approve plan split keys crosscheck --help --version'", tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("for o in $(LC_ALL=C " BIN " run --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do"
                          " sed -n 2p %s/compl.txt | tr ' ' '\\n' | grep -qx -- \"$o\" || { echo \"no completion of $o\" >&2; exit 1; }; done",
                          root(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("sed -n 3p %s/compl.txt | grep -qx 'samples/policy.csv'", tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("sed -n 4p %s/compl.txt | grep -qx 'gb18030'", tu_tmpdir()), 0);
}

/* the installed binary computes the sample month as the built one does */
static void test_sample_month(void)
{
    CU_ASSERT_EQUAL_FATAL(tu_sh(BIN " run" SAMPLE_ARGS " --out %s/inst-out 2>/dev/null", root(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL_FATAL(tu_sh("%s run" SAMPLE_ARGS " --out %s/built-out 2>/dev/null", tu_bin(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("cmp %s/inst-out/2023-08/ledger.csv.gz %s/built-out/2023-08/ledger.csv.gz", tu_tmpdir(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("zcat %s/inst-out/2023-08/ledger.csv.gz | wc -l | grep -qx 1349", tu_tmpdir()), 0);   /* 1348 lines */
    CU_ASSERT_EQUAL(tu_sh(BIN " verify %s/inst-out/2023-08 >/dev/null 2>&1", root(), tu_tmpdir()), 0);
    /* and the second month from the sample job file, as `make demo` runs it
     * (run from the repository root, as the tests are: the file's paths are
     * relative to it), into a copy of the installed binary's first month */
    CU_ASSERT_EQUAL(tu_sh("rm -rf %s/out-job && mkdir %s/out-job && cp -a %s/inst-out/2023-08 %s/out-job/ && "
                          "sed 's|^out = out$|out = %s/out-job|' samples/payrun.ini > %s/job.ini && "
                          BIN " run --job %s/job.ini --month 2023-09 2>/dev/null",
                          tu_tmpdir(), tu_tmpdir(), tu_tmpdir(), tu_tmpdir(), tu_tmpdir(), tu_tmpdir(), root(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh(BIN " verify %s/out-job/2023-09 >/dev/null 2>&1", root(), tu_tmpdir()), 0);
}

static void test_uninstall(void)
{
    CU_ASSERT_EQUAL(tu_sh(MAKE " uninstall DESTDIR=%s PREFIX=/usr/local >%s/uninstall.log 2>&1", root(), tu_tmpdir()), 0);
    CU_ASSERT_EQUAL(tu_sh("test -z \"$(find %s -type f -o -type l)\"", root()), 0);
}

static const pr_test aTests[] = {
    { "make install DESTDIR PREFIX", test_install },
    { "--version names the libraries", test_version },
    { "man -l renders every option", test_man },
    { "bash completion", test_completion },
    { "installed binary: the sample month", test_sample_month },
    { "make uninstall leaves nothing", test_uninstall },
};

int suite_install(void) { PR_ADD_SUITE("install", aTests); }
