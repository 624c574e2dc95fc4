# mk/bench.mk - the throughput benchmark of issue 5; included at the end of
# the Makefile.
#
#   make bench                 bench/run.sh: payrun (1 and 2 threads), the floor
#                              (1 and 2 threads) and the Python peer on 1,000,000
#                              generated persons; table in the terminal, results
#                              in bench/RESULTS.md
#                              then bench/shards.sh (below) on 3,000,000
#   PERSONS=100000 make bench  the quick mode (any N; the data is cached by N and seed)
#
# See bench/README.md for the environment variables (REPEAT, BUDGET, SEED, ...).

.PHONY: bench

# bench/gen and bench/floor are built by the Makefile's own rules (bench/floor
# from the same objects as bin/payrun); bench/run.sh builds them.
# It then runs the sharded month's benchmark below (SHARD_PERSONS, default
# PERSONS, or 3,000,000 when PERSONS is not set; SHARD_PERSONS=0 skips it).
bench: deps
	@bench/run.sh
	@n=$${SHARD_PERSONS:-$${PERSONS:-3000000}}; if [ "$$n" != 0 ]; then PERSONS=$$n bench/shards.sh; fi

# the sharded month's stages (issue 14): bench/shards.sh, PERSONS (default
# 3,000,000) in 1 and 6 shards (SHARDS), each task's wall and peak memory;
# results in bench/RESULTS-shards.md
.PHONY: bench-shards
bench-shards: deps
	@bench/shards.sh
