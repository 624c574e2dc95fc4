# mk/hardening.mk - sanitizers, fuzzing and valgrind; included at the end of
# the Makefile (which defines CSTD, WARN, LIBSRC, TESTSRC, LDLIBS, SAMPLES).
#
#   make test-asan   the CUnit suites and bin/payrun built with AddressSanitizer
#                    and UBSan (bin/payrun-tests-asan, bin/payrun-asan, objects
#                    in build/asan/; ASAN_CC=clang for clang), run from the
#                    repository root with leak detection; the end-to-end tests
#                    run bin/payrun-asan through PAYRUN_BIN
#   make fuzz        the libFuzzer targets
#                    bin/fuzz-{roster,policy,index,manifest,seal,returns,adjustments,registers,job,bankformats,xlsx,plan,shardpart,keys}
#                    (clang, -fsanitize=fuzzer,address,undefined; build/fuzz/)
#   make fuzz-run    replays tests/fuzz/regressions/, then fuzzes each target
#                    for FUZZ_TIME seconds from tests/fuzz/seeds/ with a fresh
#                    scratch corpus in build/fuzz/corpus/; fails on any crash,
#                    leak or timeout (the input is kept in build/fuzz/artifacts/)
#   make valgrind    the sample batch under valgrind memcheck (--threads 2),
#                    then `payrun verify` of its month; then the second
#                    month with August's returns and September's adjustments
#
# Each installs the Debian packages it needs when they are missing.

HARD_LIBSRC := $(LIBSRC)

# The CUnit suite "fuzz" (tests/fuzz/test_fuzz.c) replays the fuzz seeds and
# regressions through the fuzz targets; the Makefile keeps tests/fuzz/ out
# of TESTSRC, so its objects are added here (without -DPR_FUZZING they
# define no LLVMFuzzerTestOneInput).
FUZZ_TARGETS := roster policy index manifest seal returns adjustments registers job bankformats xlsx plan shardpart keys merge
FUZZ_REPLAY  := tests/fuzz/test_fuzz.c tests/fuzz/fuzzutil.c $(FUZZ_TARGETS:%=tests/fuzz/fuzz_%.c)
HARD_TESTSRC := $(TESTSRC) $(filter-out $(TESTSRC),$(FUZZ_REPLAY))
bin/payrun-tests: $(patsubst %.c,$(BUILD)/test/%.o,$(filter-out $(TESTSRC),$(FUZZ_REPLAY)))

.PHONY: hardening-deps fuzz fuzz-run test-asan valgrind

# ---- packages ---------------------------------------------------------------
# clang and its runtimes (libFuzzer, ASan/UBSan: libclang-rt-dev), OpenMP for
# clang (libomp-dev), valgrind; gcc's own sanitizer runtimes come with gcc.
HARDEN_PKGS := clang libclang-rt-dev libomp-dev valgrind

hardening-deps: deps
	@missing=""; \
	for p in $(HARDEN_PKGS); do \
	    dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    echo "installing:$$missing"; \
	    SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# ---- AddressSanitizer + UBSan build of the suites and the command ----------
ASAN_BUILD  := $(BUILD)/asan
ASAN_CC     ?= $(CC)
ASAN_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
# (clang has no -Wno-format-truncation, which WARN carries when CC is gcc)
ASAN_WARN   := $(if $(findstring clang,$(ASAN_CC)),$(filter-out -Wno-format-truncation,$(WARN)),$(WARN))
ASAN_CFLAGS := $(CSTD) $(INCLUDE) $(ASAN_WARN) -O1 -g -fopenmp $(ASAN_SAN)
ASAN_ENV    := PAYRUN_BIN=bin/payrun-asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
               UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

$(ASAN_BUILD)/test/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC-ASAN $<"
	@$(ASAN_CC) $(ASAN_CFLAGS) -DPR_TESTING -MMD -MP -c $< -o $@

$(ASAN_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC-ASAN $<"
	@$(ASAN_CC) $(ASAN_CFLAGS) -MMD -MP -c $< -o $@

bin/payrun-asan: $(HARD_LIBSRC:%.c=$(ASAN_BUILD)/%.o) $(ASAN_BUILD)/engine/run/payrun.o
	@mkdir -p bin
	@echo "  LD-ASAN $@"
	@$(ASAN_CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS)

bin/payrun-tests-asan: $(HARD_LIBSRC:%.c=$(ASAN_BUILD)/test/%.o) $(HARD_TESTSRC:%.c=$(ASAN_BUILD)/test/%.o)
	@mkdir -p bin
	@echo "  LD-ASAN $@"
	@$(ASAN_CC) $(ASAN_CFLAGS) $(TEST_WRAP) -o $@ $^ $(LDLIBS) -lcunit

test-asan: hardening-deps
	$(MAKE) bin/payrun-asan bin/payrun-tests-asan bench/gen $(MOFILES)
	$(ASAN_ENV) ./bin/payrun-tests-asan

# ---- libFuzzer --------------------------------------------------------------
FUZZ_BUILD   := $(BUILD)/fuzz
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  := $(CSTD) $(INCLUDE) $(filter-out -Wno-format-truncation,$(WARN)) -O1 -g -fopenmp -DPR_FUZZING $(FUZZ_SAN)
FUZZ_BINS    := $(FUZZ_TARGETS:%=bin/fuzz-%)
FUZZ_TIME    ?= 20
# per input: 10 s, 2 GiB; -len_control=0: long inputs from the start
FUZZ_OPTS    ?= -timeout=10 -rss_limit_mb=2048 -print_final_stats=1

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC-FUZZ $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

FUZZ_LIBOBJ := $(HARD_LIBSRC:%.c=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/tests/fuzz/fuzzutil.o
# objects reached only through the pattern rule below: keep them between runs
.SECONDARY: $(FUZZ_LIBOBJ) $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/tests/fuzz/fuzz_%.o)

bin/fuzz-%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_LIBOBJ)
	@mkdir -p bin
	@echo "  LD-FUZZ $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz: hardening-deps
	$(MAKE) $(FUZZ_BINS)

# Regressions first (each file run once), then a bounded run per target.
fuzz-run: fuzz
	@set -e; \
	for t in $(FUZZ_TARGETS); do \
	    if [ -n "$$(ls tests/fuzz/regressions/$$t 2>/dev/null)" ]; then \
	        echo "== fuzz-$$t: replaying tests/fuzz/regressions/$$t"; \
	        ./bin/fuzz-$$t $(FUZZ_OPTS) tests/fuzz/regressions/$$t/* 2>$(FUZZ_BUILD)/replay-$$t.log \
	            || { cat $(FUZZ_BUILD)/replay-$$t.log; echo "fuzz-$$t: a regression input fails"; exit 1; }; \
	    fi; \
	done; \
	for t in $(FUZZ_TARGETS); do \
	    rm -rf $(FUZZ_BUILD)/corpus/$$t; mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts; \
	    dict=""; [ -f tests/fuzz/$$t.dict ] && dict="-dict=tests/fuzz/$$t.dict"; \
	    echo "== fuzz-$$t: $(FUZZ_TIME) s"; \
	    ./bin/fuzz-$$t $(FUZZ_OPTS) -max_total_time=$(FUZZ_TIME) $$dict \
	        -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- \
	        $(FUZZ_BUILD)/corpus/$$t tests/fuzz/seeds/$$t 2>$(FUZZ_BUILD)/fuzz-$$t.log \
	        || { tail -n 60 $(FUZZ_BUILD)/fuzz-$$t.log; echo "fuzz-$$t failed: the input is in $(FUZZ_BUILD)/artifacts/"; exit 1; }; \
	    grep -E "^(stat::number_of_executed_units|stat::new_units_added|Done)" $(FUZZ_BUILD)/fuzz-$$t.log || true; \
	done

# ---- valgrind ---------------------------------------------------------------
# --max-reject-rate 100: the samples hold deliberately bad rows; a payable
# month goes through every writer (ledger, workbooks, manifest). Then the
# auditor's verify of that month, under valgrind too.
valgrind: hardening-deps
	$(MAKE) bin/payrun
	rm -rf $(BUILD)/valgrind-out
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible \
	    --suppressions=mk/valgrind.supp \
	    ./bin/payrun run $(SAMPLES) --out $(BUILD)/valgrind-out --threads 2 --max-reject-rate 100
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible \
	    --suppressions=mk/valgrind.supp \
	    ./bin/payrun verify $(BUILD)/valgrind-out/2023-08
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible \
	    --suppressions=mk/valgrind.supp \
	    ./bin/payrun run $(SAMPLES_09) --prev $(BUILD)/valgrind-out/2023-08 --out $(BUILD)/valgrind-out \
	    --threads 2 --max-reject-rate 100
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible \
	    --suppressions=mk/valgrind.supp \
	    ./bin/payrun verify $(BUILD)/valgrind-out/2023-09
	rm -rf $(BUILD)/valgrind-out
