#!/bin/sh
# shard_month.sh PAYRUN N WORK -- MONTH_OPTIONS -- ROSTER_OPTIONS
# A month in N shards, every stage in turn as plain processes (for the
# tests): plan, split, keys per shard, crosscheck, run per shard (into
# WORK/so/shard-K), merge into WORK/m. MONTH_OPTIONS go to keys, the runs
# and merge; a run gets --max-reject-rate 100 (the month's gate is
# merge's). Exits with the first failing stage's status.
set -eu
B=$1 N=$2 W=$3
shift 4
CONF=""
while [ "$1" != "--" ]; do CONF="$CONF $1"; shift; done
shift
rm -rf "$W" && mkdir -p "$W/so"
"$B" plan --shards "$N" --out "$W/plan.csv" "$@" 2>"$W/plan.err"
"$B" split --plan "$W/plan.csv" --shard-dir "$W/sh" "$@" 2>"$W/split.err"
K=""
k=0
while [ $k -lt "$N" ]; do
    # shellcheck disable=SC2086
    "$B" keys $CONF --shard-dir "$W/sh" --shard $k --out "$W/keys-$k.gz" 2>"$W/keys-$k.err"
    K="$K --keys $W/keys-$k.gz"
    k=$((k + 1))
done
# shellcheck disable=SC2086
"$B" crosscheck $K --out "$W/facts.gz" 2>"$W/crosscheck.err"
k=0
while [ $k -lt "$N" ]; do
    mkdir -p "$W/so/shard-$k"
    # shellcheck disable=SC2086
    "$B" run $CONF --max-reject-rate 100 --shard-dir "$W/sh" --shard $k --global "$W/facts.gz" --out "$W/so/shard-$k" \
        --no-progress >"$W/run-$k.out" 2>&1
    k=$((k + 1))
done
# shellcheck disable=SC2086
"$B" merge $CONF --shard-out "$W/so" --shards "$N" --out "$W/m" --no-progress >"$W/merge.out" 2>&1
