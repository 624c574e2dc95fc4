#!/bin/sh
# Cross-check the C engine against the Python reference on generated months.
#
#   tests/oracle/crosscheck.sh [SEED...]        (default seeds: 1 2 3 4 5)
#
# Environment:
#   PAYRUN   the engine binary            (default: <repo>/bin/payrun)
#   PERSONS  random persons per seed      (default: 300)
#   WORK     scratch directory            (default: a fresh mktemp -d; kept)
#   PYTHON   python interpreter           (default: python3)
#
# For each seed: gen.py -> reference.py -> payrun run -> compare.py.
# Exit status 0 when every seed agrees, 1 otherwise.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
PAYRUN=${PAYRUN:-$repo/bin/payrun}
PERSONS=${PERSONS:-300}
PYTHON=${PYTHON:-python3}
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/payrun-oracle.XXXXXX")}

case $PAYRUN in /*) ;; *) PAYRUN=$(pwd)/$PAYRUN ;; esac

if [ ! -x "$PAYRUN" ]; then
    echo "crosscheck: $PAYRUN not found or not executable (build it first, or set PAYRUN)" >&2
    exit 2
fi

[ $# -gt 0 ] || set -- 1 2 3 4 5

failed_seeds=""
for seed in "$@"; do
    dir=$WORK/seed-$seed
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "== seed $seed ($dir)"
    if ! "$PYTHON" "$here/gen.py" --seed "$seed" --persons "$PERSONS" --out "$dir/in"; then
        echo "crosscheck: gen.py failed for seed $seed" >&2
        failed_seeds="$failed_seeds $seed"
        continue
    fi
    # args.txt: one token per line, input file names relative to the input directory
    args=$(tr '\n' ' ' < "$dir/in/args.txt")
    month=$(sed -n '2p' "$dir/in/args.txt")
    (
        cd "$dir/in" || exit 2
        # shellcheck disable=SC2086  # word splitting of $args is intended
        "$PYTHON" "$here/reference.py" $args --out "$dir/ref"
    ) > "$dir/ref.log" 2>&1
    rrc=$?
    (
        cd "$dir/in" || exit 2
        # shellcheck disable=SC2086
        "$PAYRUN" run $args --max-reject-rate 100 --out "$dir/c"
    ) > "$dir/payrun.log" 2>&1
    crc=$?
    if [ $rrc -ne 0 ] || [ $crc -ne 0 ]; then
        echo "seed $seed: exit status reference=$rrc payrun=$crc (logs: $dir/ref.log, $dir/payrun.log)"
        if [ $rrc -ne $crc ]; then
            failed_seeds="$failed_seeds $seed"
        fi
        continue
    fi
    cledger=$dir/c/$month/ledger.csv.gz
    [ -f "$cledger" ] || cledger=$dir/c/$month/ledger.csv
    if "$PYTHON" "$here/compare.py" "$dir/ref/ledger.csv" "$cledger" \
            "$dir/ref/exceptions.csv" "$dir/c/$month/exceptions.csv" > "$dir/compare.txt" 2>&1; then
        echo "seed $seed: OK  ($(tail -n 1 "$dir/compare.txt"))"
    else
        echo "seed $seed: DIFFERENCES ($(tail -n 1 "$dir/compare.txt")), A = reference, B = payrun"
        head -n 40 "$dir/compare.txt" | sed 's/^/    /'
        failed_seeds="$failed_seeds $seed"
    fi
done

echo "work directory: $WORK"
if [ -n "$failed_seeds" ]; then
    echo "FAILED seeds:$failed_seeds"
    exit 1
fi
echo "all seeds agree"
exit 0
