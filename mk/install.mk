# mk/install.mk - installing payrun like a Unix tool; included at the end of
# the Makefile.
#
#   make install PREFIX=/usr/local DESTDIR=...
#       $(BINDIR)/payrun                         the command (bin/payrun)
#       $(MANDIR)/man1/payrun.1                  the manual page (man/payrun.1)
#       $(BASHCOMPDIR)/payrun                    bash completion (completions/payrun)
#       $(LOCALEDIR)/<lang>/LC_MESSAGES/payrun.mo  each translation built in
#                                                po/<lang>/LC_MESSAGES/ (none
#                                                when po/ has none)
#   make uninstall   removes exactly those files (the folders stay: they are
#                    shared with other programs)
#   make man-lint    mandoc -T lint on the page: any message fails (CI runs it;
#                    installs Debian's mandoc when it is missing)
#
# DESTDIR is prepended to every path (staging, packaging); PREFIX is the
# place the files will be used from.

PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
LOCALEDIR   ?= $(PREFIX)/share/locale
INSTALL     ?= install

.PHONY: install uninstall man-lint

install: bin/payrun
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(BASHCOMPDIR)"
	$(INSTALL) -m 0755 bin/payrun "$(DESTDIR)$(BINDIR)/payrun"
	$(INSTALL) -m 0644 man/payrun.1 "$(DESTDIR)$(MANDIR)/man1/payrun.1"
	$(INSTALL) -m 0644 completions/payrun "$(DESTDIR)$(BASHCOMPDIR)/payrun"
	@for mo in po/*/LC_MESSAGES/payrun.mo; do \
	    [ -f "$$mo" ] || continue; \
	    lang=$${mo#po/}; lang=$${lang%%/*}; \
	    echo "$(INSTALL) -m 0644 $$mo $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/payrun.mo"; \
	    $(INSTALL) -d "$(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES" && \
	    $(INSTALL) -m 0644 "$$mo" "$(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/payrun.mo" || exit 1; \
	done

# the translations: payrun.mo of any language, whatever po/ holds now
uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/payrun" "$(DESTDIR)$(MANDIR)/man1/payrun.1" "$(DESTDIR)$(BASHCOMPDIR)/payrun"
	rm -f "$(DESTDIR)$(LOCALEDIR)"/*/LC_MESSAGES/payrun.mo

man-lint:
	@command -v mandoc >/dev/null || { \
	    echo "installing: mandoc"; \
	    SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq mandoc; }
	@out=$$(mandoc -T lint -W style man/payrun.1 2>&1); rc=$$?; \
	if [ -n "$$out" ] || [ $$rc -ne 0 ]; then echo "$$out"; echo "man-lint: man/payrun.1 is not clean"; exit 1; fi; \
	echo "man-lint: man/payrun.1 is clean (mandoc -T lint)"
