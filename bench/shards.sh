#!/usr/bin/env bash
# bench/shards.sh - the sharded month's benchmark (issue 14, `make bench-shards`):
# a generated month (bench/gen, with the cases that cross districts of
# tests/e2e/cross_month.sh) run whole, then through every stage as plain
# processes in 1 and 6 shards (SHARDS), each task timed by /usr/bin/time:
# its wall seconds and peak resident memory. The merged folder must equal
# the single run's byte for byte (manifest.json but for its shards list),
# or the benchmark fails. Writes a table per shard count to the terminal and
# to bench/RESULTS-shards.md.
#
#   PERSONS   persons of the month        (default 3000000)
#   SHARDS    shard counts                (default "1 6")
#   THREADS   threads of each process     (default 2)
#   SEED      bench/gen's seed            (default 20230801)
#   OUT       working folder              (default bench/out)
set -euo pipefail
cd "$(dirname "$0")/.."
PERSONS=${PERSONS:-3000000}
SHARDS=${SHARDS:-"1 6"}
THREADS=${THREADS:-2}
SEED=${SEED:-20230801}
OUT=${OUT:-bench/out}
MONTH=2023-08
MAKE=${MAKE:-make}
say() { printf 'bench-shards: %s\n' "$*" >&2; }

case $PERSONS in '' | *[!0-9]* | 0) say "PERSONS must be a positive integer"; exit 1 ;; esac
[ -x /usr/bin/time ] || { say "installing time"; apt-get install -y -qq time >/dev/null; }
$MAKE --no-print-directory bin/payrun bench/gen
# the payrun measured: this tree's, when it was built (a change made later is not in it)
COMMIT=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/RESULTS-shards.*' || echo ' with changes not committed')
BIN=$OUT/bin-shards
mkdir -p "$BIN"
cp bin/payrun "$BIN/payrun"
P=$BIN/payrun

# ---- data (cached by N, seed, generator and the cross cases) -------------------
DATA=$OUT/shards-data-$PERSONS
STAMP="persons=$PERSONS seed=$SEED gen=$(sha256sum bench/gen.c | cut -c1-16) cross=$(sha256sum tests/e2e/cross_month.sh | cut -c1-16)"
if [ ! -f "$DATA/.stamp" ] || [ "$(cat "$DATA/.stamp")" != "$STAMP" ]; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    say "generating $PERSONS persons into $DATA"
    bench/gen --persons "$PERSONS" --seed "$SEED" --out "$DATA" >&2
    tests/e2e/cross_month.sh "$DATA"
    echo "$STAMP" > "$DATA/.stamp"
fi
mapfile -t ROSTERS < "$DATA/args.txt"
CONF=(--month "$MONTH" --policy "$DATA/policy.csv" --index "$DATA/index.csv" --threads "$THREADS" --no-progress)

W=$OUT/shards-work
rm -rf "$W"
mkdir -p "$W"
LOG=$W/tasks.tsv
printf 'shards\tstage\ttask\twall_s\tpeak_kib\n' > "$LOG"

# timed SHARDS STAGE TASK CMD...: runs CMD under /usr/bin/time, one row in the log
timed() {
    local n=$1 stage=$2 task=$3
    shift 3
    if ! /usr/bin/time -f '%e %M' -o "$W/time.$$" "$@" > "$W/$stage-$task.out" 2>&1; then
        say "$stage $task failed:"; tail -5 "$W/$stage-$task.out" >&2; exit 3
    fi
    read -r wall kib < "$W/time.$$"
    printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$stage" "$task" "$wall" "$kib" >> "$LOG"
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
say "the whole month in one run"
timed 0 run whole "$P" run "${CONF[@]}" "${ROSTERS[@]}" --max-reject-rate 5 --out "$W/whole"
LINES=$(($(zcat "$W/whole/$MONTH/ledger.csv.gz" | wc -l) - 1))

for N in $SHARDS; do
    S=$W/s$N
    mkdir -p "$S/so"
    say "$N shard(s): plan, split, keys, crosscheck, run, merge"
    timed "$N" plan 0 "$P" plan --shards "$N" --out "$S/plan.csv" "${ROSTERS[@]}"
    nIn=$((${#ROSTERS[@]} / 2))
    for ((i = 0; i < nIn; i++)); do
        timed "$N" split "$i" "$P" split --plan "$S/plan.csv" --shard-dir "$S/sh" --task "$i" "${ROSTERS[@]}"
    done
    KEYS=()
    for ((k = 0; k < N; k++)); do
        timed "$N" keys "$k" "$P" keys "${CONF[@]}" --shard-dir "$S/sh" --shard "$k" --out "$S/keys-$k.gz"
        KEYS+=(--keys "$S/keys-$k.gz")
    done
    timed "$N" crosscheck 0 "$P" crosscheck "${KEYS[@]}" --out "$S/facts.gz"
    for ((k = 0; k < N; k++)); do
        mkdir -p "$S/so/shard-$k"
        timed "$N" run "$k" "$P" run "${CONF[@]}" --max-reject-rate 100 --shard-dir "$S/sh" --shard "$k" \
            --global "$S/facts.gz" --out "$S/so/shard-$k"
    done
    timed "$N" merge 0 "$P" merge "${CONF[@]}" --max-reject-rate 5 --shard-out "$S/so" --shards "$N" --out "$S/m"
    if ! diff -r -x manifest.json "$W/whole/$MONTH" "$S/m/$MONTH" >&2 ||
       ! sed '/^  "shards": \[$/,/^  \],$/d' "$S/m/$MONTH/manifest.json" | cmp -s - "$W/whole/$MONTH/manifest.json"; then
        say "$N shards: the merged month differs from the single run's"; exit 3
    fi
    say "$N shards: the merged month is the single run's, byte for byte"
    rm -rf "$S/sh" "$S/so"
done

# ---- the table -----------------------------------------------------------------
REPORT=bench/RESULTS-shards.md
{
    echo "# The sharded month's stages (issue 14)"
    echo
    echo "Written by \`make bench-shards\` (bench/shards.sh). $PERSONS generated persons with the cases that"
    echo "cross districts (tests/e2e/cross_month.sh), $LINES payment lines; every process at --threads $THREADS;"
    echo "$(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; payrun $COMMIT;"
    echo "load average $LOAD0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (1, 5, 15 min; 2 or more on 2 CPUs means the wall times are disturbed)."
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'). Each merged month equals the single run's byte for byte (but for the manifest's shards list)."
    echo "Wall: the stage's tasks one after another on this machine (their sum), and the longest task; peak: the largest"
    echo "task's peak resident memory."
    echo
    echo "| shards | stage | tasks | wall s (sum) | wall s (longest task) | peak MiB (largest task) |"
    echo "|---|---|---|---|---|---|"
    awk -F'\t' 'NR > 1 { k = $1 "\t" $2; if (!(k in n)) order[++m] = k; n[k]++; s[k] += $4; if ($4 > w[k]) w[k] = $4; if ($5 > r[k]) r[k] = $5 }
        END { for (i = 1; i <= m; i++) { k = order[i]; split(k, a, "\t");
              printf "| %s | %s | %d | %.1f | %.1f | %.0f |\n", a[1] == 0 ? "whole" : a[1], a[2], n[k], s[k], w[k], r[k] / 1024 } }' "$LOG"
} > "$REPORT"
cat "$REPORT"
cp "$LOG" bench/RESULTS-shards.tsv
