#!/bin/sh
# Cross-check the payment cycle (domain.md section 8) of the C engine against
# the Python reference, over several months.
#
#   tests/oracle/cycle.sh [SEED...]        (default seeds: 1 2 3)
#
# Environment:
#   PAYRUN   the engine binary            (default: <repo>/bin/payrun)
#   PERSONS  random persons per seed      (default: 300)
#   MONTHS   months per seed, >= 2        (default: 3)
#   WORK     scratch directory            (default: a fresh mktemp -d; kept)
#   PYTHON   python interpreter           (default: python3)
#   REF_ONLY 1 = run the reference alone (its own cycle and balances, no payrun)
#
# For each seed: cycle_gen.py init (month 1 = gen.py's month) -> reference and
# payrun; then for each further month cycle_gen.py next, from the REFERENCE's
# ledger of the month before (bank returns, the next rosters, adjustments) ->
# reference --prev REF/<prev> and payrun --prev C/<prev> -> compare.py with
# the registers.  Each engine reads its own previous month folder.
# Exit status 0 when every seed and month agrees, 1 otherwise.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
PAYRUN=${PAYRUN:-$repo/bin/payrun}
PERSONS=${PERSONS:-300}
MONTHS=${MONTHS:-3}
PYTHON=${PYTHON:-python3}
REF_ONLY=${REF_ONLY:-0}
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/payrun-cycle.XXXXXX")}

case $PAYRUN in /*) ;; *) PAYRUN=$(pwd)/$PAYRUN ;; esac

if [ "$REF_ONLY" != 1 ] && [ ! -x "$PAYRUN" ]; then
    echo "cycle: $PAYRUN not found or not executable (build it first, or set PAYRUN)" >&2
    exit 2
fi

[ $# -gt 0 ] || set -- 1 2 3

failed=""
total_pass=0
total_fail=0
for seed in "$@"; do
    dir=$WORK/seed-$seed
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "== seed $seed ($dir)"
    prev=""
    k=1
    while [ $k -le "$MONTHS" ]; do
        in=$dir/in-$k
        if [ $k -eq 1 ]; then
            "$PYTHON" "$here/cycle_gen.py" init --seed "$seed" --persons "$PERSONS" --out "$in" \
                > "$dir/gen-$k.log" 2>&1
        else
            "$PYTHON" "$here/cycle_gen.py" next --state "$dir/in-$((k-1))/state.json" \
                --ledger "$dir/ref/$prev/ledger.csv" --arrears "$dir/ref/$prev/arrears.csv" \
                --out "$in" > "$dir/gen-$k.log" 2>&1
        fi
        if [ $? -ne 0 ]; then
            echo "seed $seed month $k: cycle_gen.py failed ($dir/gen-$k.log)"
            failed="$failed $seed/$k"
            break
        fi
        sed 's/^/    /' "$dir/gen-$k.log"
        args=$(tr '\n' ' ' < "$in/args.txt")
        month=$(sed -n '2p' "$in/args.txt")
        rprev=""
        cprev=""
        if [ -n "$prev" ]; then
            rprev="--prev $dir/ref/$prev"
            cprev="--prev $dir/c/$prev"
        fi
        (
            cd "$in" || exit 2
            # shellcheck disable=SC2086  # word splitting of $args is intended
            "$PYTHON" "$here/reference.py" $args $rprev --out "$dir/ref" --month-folder
        ) > "$dir/ref-$k.log" 2>&1
        rrc=$?
        if [ $rrc -ne 0 ]; then
            echo "seed $seed month $k ($month): reference exit $rrc ($dir/ref-$k.log)"
            failed="$failed $seed/$k"
            break
        fi
        "$PYTHON" "$here/cycle_check.py" "$dir/ref/$month" ${prev:+"$dir/ref/$prev"} > "$dir/balance-$k.txt" 2>&1
        if [ $? -ne 0 ]; then
            echo "seed $seed month $k ($month): the reference's registers do not balance"
            sed 's/^/    /' "$dir/balance-$k.txt"
            failed="$failed $seed/$k"
        else
            echo "  month $k $month: reference balances ($(tail -n 1 "$dir/balance-$k.txt"))"
        fi
        if [ "$REF_ONLY" != 1 ]; then
            (
                cd "$in" || exit 2
                # shellcheck disable=SC2086
                "$PAYRUN" run $args $cprev --max-reject-rate 100 --out "$dir/c"
            ) > "$dir/payrun-$k.log" 2>&1
            crc=$?
            if [ $crc -ne 0 ]; then
                echo "seed $seed month $k ($month): payrun exit $crc, reference 0 ($dir/payrun-$k.log)"
                sed 's/^/    /' "$dir/payrun-$k.log" | head -n 5
                failed="$failed $seed/$k"
                break
            fi
            cledger=$dir/c/$month/ledger.csv.gz
            [ -f "$cledger" ] || cledger=$dir/c/$month/ledger.csv
            if "$PYTHON" "$here/compare.py" "$dir/ref/$month/ledger.csv" "$cledger" \
                    "$dir/ref/$month/exceptions.csv" "$dir/c/$month/exceptions.csv" \
                    --registers "$dir/ref/$month" "$dir/c/$month" > "$dir/compare-$k.txt" 2>&1; then
                echo "  month $k $month: OK  ($(tail -n 1 "$dir/compare-$k.txt"))"
            else
                echo "  month $k $month: DIFFERENCES ($(tail -n 1 "$dir/compare-$k.txt")), A = reference, B = payrun"
                head -n 40 "$dir/compare-$k.txt" | sed 's/^/    /'
                failed="$failed $seed/$k"
            fi
            if "$PYTHON" "$here/cycle_check.py" "$dir/c/$month" ${prev:+"$dir/c/$prev"} \
                    > "$dir/balance-c-$k.txt" 2>&1; then
                echo "  month $k $month: payrun's folder balances too"
                total_pass=$((total_pass + 1))
            else
                echo "  month $k $month: payrun's registers do not balance ($dir/balance-c-$k.txt)"
                grep PROBLEM "$dir/balance-c-$k.txt" | head -n 10 | sed 's/^/    /'
                total_fail=$((total_fail + 1))
                failed="$failed $seed/$k-balance"
            fi
            total_pass=$((total_pass + $(tail -n 1 "$dir/compare-$k.txt" | awk '{print $1+0}')))
            total_fail=$((total_fail + $(tail -n 1 "$dir/compare-$k.txt" | awk '{print $3+0}')))
        fi
        if [ $k -eq 2 ]; then
            # configuration errors: exit 2 from both (an offset above 50; returns without --prev)
            sed 's/^recovery\.offset_pct,\*,\*,2020-01,[^,]*,/recovery.offset_pct,*,*,2020-01,50.01,/' \
                "$in/policy.csv" > "$in/policy-over50.csv"
            a2=$(sed 's/^policy\.csv$/policy-over50.csv/' "$in/args.txt" | tr '\n' ' ')
            for case in over50 noprev; do
                if [ $case = over50 ]; then ca="$a2 $rprev"; cc="$a2 $cprev"; else ca=$args; cc=$args; fi
                # shellcheck disable=SC2086
                (cd "$in" && "$PYTHON" "$here/reference.py" $ca --out "$dir/x-ref-$case" --month-folder) \
                    > "$dir/x-ref-$case.log" 2>&1
                r1=$?
                r2=2
                if [ "$REF_ONLY" != 1 ]; then
                    # shellcheck disable=SC2086
                    (cd "$in" && "$PAYRUN" run $cc --max-reject-rate 100 --out "$dir/x-c-$case") \
                        > "$dir/x-c-$case.log" 2>&1
                    r2=$?
                fi
                if [ $r1 -eq 2 ] && [ $r2 -eq 2 ]; then
                    echo "  month $k $case: exit 2 from both, as it must"
                    total_pass=$((total_pass + 1))
                else
                    echo "  month $k $case: exit status reference=$r1 payrun=$r2, 2 expected"
                    total_fail=$((total_fail + 1))
                    failed="$failed $seed/$k-$case"
                fi
            done
        fi
        prev=$month
        k=$((k + 1))
    done
done

echo "work directory: $WORK"
[ "$REF_ONLY" = 1 ] || echo "compared: $total_pass passed, $total_fail failed"
if [ -n "$failed" ]; then
    echo "FAILED (seed/month):$failed"
    exit 1
fi
echo "all seeds and months agree"
exit 0
