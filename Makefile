# payrun - build, test, demo. `make` builds bin/payrun; `make test` runs the
# CUnit suites; `make demo` runs the sample batch. Both install the Debian
# packages they need when missing (scripts/deps.sh).

CC      ?= cc
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2
OPT     ?= -O2 -g
# messages are cut to their buffers on purpose; gcc's truncation warning
# would flag every bounded snprintf (clang has no such warning)
ifneq ($(findstring Free Software Foundation,$(shell $(CC) --version 2>/dev/null)),)
WARN    += -Wno-format-truncation
endif
INCLUDE := -I. -Iengine
CFLAGS  += $(CSTD) $(WARN) $(OPT) -fopenmp $(INCLUDE)
LDLIBS  := -lxlsxwriter -lminizip -lexpat -lfreexl -lcrypto -ldeflate -ljansson -linih -lz -lm

# The layers (docs/ARCHITECTURE.md); each folder may include only its own
# headers and those of the layers below it (`make lint` checks):
#   io/             utilities, nothing of payments
#   engine/model/   the month's data and pure functions on it
#   engine/rules/   the programme rules        formats/  files <-> model
#   engine/run/     the stages and the commands
LAYERS  := io engine/model engine/rules formats engine/run
LIBSRC  := $(filter-out engine/run/payrun.c,$(foreach d,$(LAYERS),$(sort $(wildcard $(d)/*.c))))

BUILD   := build

# The terminal's translations (io/i18n.h): po/<lang>.po, built into
# po/<lang>/LC_MESSAGES/payrun.mo, where bin/payrun finds them when run from
# the build tree. An installed payrun looks in $(LOCALEDIR) (compiled in);
# `make install` copies the .mo files to $(LOCALEDIR)/<lang>/LC_MESSAGES/.
PREFIX    ?= /usr/local
LOCALEDIR ?= $(PREFIX)/share/locale
LANGS     := zh_CN
MOFILES   := $(LANGS:%=po/%/LC_MESSAGES/payrun.mo)
LIBOBJ  := $(LIBSRC:%.c=$(BUILD)/%.o)
TESTSRC := $(filter-out tests/fuzz/%,$(wildcard tests/*.c tests/*/*.c))

.PHONY: po-check all deps test demo clean test-asan crosscheck crosscheck-cycle slurm-test lint pot

all: bin/payrun $(MOFILES)

$(BUILD)/io/i18n.o $(BUILD)/test/io/i18n.o: CFLAGS += -DPR_LOCALEDIR='"$(LOCALEDIR)"'

po/%/LC_MESSAGES/payrun.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $<"
	@msgfmt --check -o $@ $<

# po/payrun.pot from the marked strings (_() and N_(), pr_err_set's format and
# pr_err_nomem's what, which io/err.c translates, and the formats of the two
# other error setters, pr_work_config_error and job.c's job_fail); each po/<lang>.po is
# brought up to date with it (then translate the new entries)
POTSRC := $(sort $(wildcard engine/*/*.c io/*.c formats/*.c))
XGETTEXT := xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=pr_err_set:3 --keyword=pr_err_nomem:2 \
	  --keyword=pr_work_config_error:2 --keyword=job_fail:2 --add-comments=TRANSLATORS \
	  --package-name=payrun --msgid-bugs-address=
pot:
	$(XGETTEXT) -o po/payrun.pot $(POTSRC)
	for l in $(LANGS); do msgmerge --quiet --update --backup=none po/$$l.po po/payrun.pot; done

# every marked string translated in every catalogue, none fuzzy (make lint):
# a message added or changed without its translation fails here
po-check:
	@t=$$(mktemp -d) && trap 'rm -rf "$$t"' EXIT && $(XGETTEXT) -o $$t/payrun.pot $(POTSRC) 2>/dev/null && \
	for l in $(LANGS); do \
	  msgmerge --quiet -o $$t/$$l.po po/$$l.po $$t/payrun.pot && \
	  s=$$(msgfmt -c --statistics -o /dev/null $$t/$$l.po 2>&1) && \
	  case "$$s" in *fuzzy*|*untranslated*) echo "po-check: po/$$l.po is behind the code ($$s): run make pot and translate"; exit 1;; \
	  *) echo "po-check: po/$$l.po: $$s";; esac; \
	done

deps:
	@scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

bin/payrun: $(LIBOBJ) $(BUILD)/engine/run/payrun.o
	@mkdir -p bin
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# tests see the internal functions (STATIC) of the library
$(BUILD)/test/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC-TEST $<"
	@$(CC) $(CFLAGS) -DPR_TESTING -MMD -MP -c $< -o $@

# the suites fail chosen allocations of payrun's own code (tests/engine/test_oom.c)
TEST_WRAP := -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc

TESTOBJ := $(LIBSRC:%.c=$(BUILD)/test/%.o) $(TESTSRC:%.c=$(BUILD)/test/%.o)

bin/payrun-tests: $(TESTOBJ)
	@mkdir -p bin
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(TEST_WRAP) -o $@ $^ $(LDLIBS) -lcunit

test: deps
	$(MAKE) bin/payrun bin/payrun-tests bench/gen $(MOFILES)
	./bin/payrun-tests

SAMPLES := --month 2023-08 --policy samples/policy.csv --index samples/index.csv \
  --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz \
  --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz \
  --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv \
  --disability samples/disability-with-type.csv --disability samples/disability-certificate-only.csv \
  --orphan samples/orphan-children.csv

# the second month: August's rosters but for the one corrected in
# samples/2023-09/, with the banks' results for August and September's
# approved adjustments (samples/README.md, "The second month")
SAMPLES_09 := --month 2023-09 --policy samples/policy.csv --index samples/index.csv \
  --dibao samples/dibao-chongchuan-tongzhou.csv --dibao samples/dibao-haimen-qidong.csv.gz \
  --dibao samples/dibao-rudong-rugao.csv --dibao samples/dibao-haian.csv.gz \
  --tekun samples/tekun-dispersed.csv --tekun samples/tekun-concentrated.csv \
  --disability samples/2023-09/disability-with-type.csv --disability samples/disability-certificate-only.csv \
  --orphan samples/orphan-children.csv \
  --prev out/2023-08 --returns samples/returns-2023-08.csv --adjustments samples/adjustments-2023-09.csv

demo: deps
	$(MAKE) bin/payrun
	./bin/payrun run $(SAMPLES) --max-reject-rate 5 --out out --force --bank-formats samples/bank-formats.csv
	./bin/payrun run $(SAMPLES_09) --max-reject-rate 5 --out out --force --bank-formats samples/bank-formats.csv
	@echo "The months are in out/2023-08/ and out/2023-09/."

# the layering and banned-call check, and the test that it fails where it must
lint: po-check
	@scripts/lint.sh
	@tests/lint/test_lint.sh

clean:
	rm -rf $(BUILD) bin out $(LANGS:%=po/%/LC_MESSAGES)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# cross-check against the independent Python implementation of the rules
# (seed 7 adds a TEKUN policy-lint finding to those of seeds 1-5)
crosscheck: bin/payrun
	tests/oracle/crosscheck.sh 1 2 3 4 5 7

crosscheck-cycle: bin/payrun
	tests/oracle/cycle.sh 1 2 3

# the sharded month on a real one-node Slurm and with the local runner
# (tests/slurm/run.sh; needs root: scripts/slurm/testbed installs and starts
# munged, slurmctld and slurmd, and stops exactly those at the end)
slurm-test: deps
	$(MAKE) bin/payrun bench/gen
	tests/slurm/run.sh

# sanitizers, fuzzing, valgrind (mk/hardening.mk)
-include mk/hardening.mk

# benchmark programs (bench/README.md); `make bench` is in mk/bench.mk
bench/floor: $(LIBOBJ) $(BUILD)/bench/floor.o
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

bench/probe: bench/probe.c
	@echo "  CC      $@"
	@$(CC) -O2 -std=c11 -D_DEFAULT_SOURCE $(WARN) -pthread -o $@ $<

bench/gen: bench/gen.c
	@echo "  CC      $@"
	@$(CC) -O2 -std=c11 -D_DEFAULT_SOURCE $(WARN) -o $@ $< -lz
-include mk/bench.mk

# make install / uninstall (PREFIX, DESTDIR), make man-lint (mk/install.mk)
-include mk/install.mk
