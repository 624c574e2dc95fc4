# mk/bench.mk - the throughput benchmark of issue 5; included at the end of
# the Makefile.
#
#   make bench                 bench/run.sh: payrun (1 and 2 threads), the floor
#                              (1 and 2 threads) and the Python peer on 1,000,000
#                              generated persons; table in the terminal, results
#                              in bench/RESULTS.md
#   PERSONS=100000 make bench  the quick mode (any N; the data is cached by N and seed)
#
# See bench/README.md for the environment variables (REPEAT, BUDGET, SEED, ...).

.PHONY: bench

# bench/gen and bench/floor are built by the Makefile's own rules (bench/floor
# from the same objects as bin/payrun); bench/run.sh builds them.
bench: deps
	@bench/run.sh

# the sharded month's stages (issue 14): bench/shards.sh, PERSONS (default
# 3,000,000) in 1 and 6 shards (SHARDS), each task's wall and peak memory;
# results in bench/RESULTS-shards.md
.PHONY: bench-shards
bench-shards: deps
	@bench/shards.sh
