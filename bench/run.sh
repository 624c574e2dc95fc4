#!/bin/bash
# bench/run.sh - the benchmark harness of issue 5, run by `make bench`.
#
# Builds bin/payrun, bench/gen and (when bench/floor.c exists) bench/floor;
# generates PERSONS persons once (cached by N, seed and gen.c); then runs,
# interleaved, payrun --threads 1 and 2, the floor --threads 1 and 2 and the
# Python peer, each under /usr/bin/time -v; then the same for the payment
# cycle's case ("cycle": the same rosters as 2023-09 with --prev the 2023-08
# month, bench/cyclegen.py's returns failing 1 % of its bank rows and
# adjustments for 0.5 % of the persons; payrun and the floor, 1 and 2
# threads); checks the peer's totals against payrun's manifest; prints the
# table and the ratios of the issue's targets and writes them into
# bench/RESULTS.md (between <!-- results --> markers).
#
# Then the xlsx case (issue 13): the same 100,000 DIBAO rows as one gzip CSV
# and as one .xlsx roster (bench/xlsxroster.py, from a month of 260,000
# persons whatever PERSONS is), each read by `payrun check` at 1 and THREADS
# threads, in turn, XREPEAT rounds; the findings of both must agree.
#
# Environment (all optional):
#   PERSONS  persons to generate          (default 1000000; 100000 = quick mode)
#   SEED     generator seed               (default 20230801, gen's own default)
#   REPEAT   runs of each program         (default 3; medians are reported)
#   BUDGET   seconds the whole harness should take (default 1200); after the
#            first round, further rounds (payrun and the floor first, then the
#            peer) are run only while the estimate fits; 0 = no limit, exactly
#            REPEAT runs of everything
#   WAIT_QUIET  before each run, wait up to this many seconds for the rest of
#            the machine to use under 10 % of the CPUs (default 0: do not wait;
#            every run's "others' load" is reported either way)
#   WAIT_STEADY  before each run, wait up to this many seconds while
#            bench/probe (a fixed workload on every CPU) runs more than 15 %
#            slower than its median so far: load on the host of a virtual
#            machine, which the guest's CPU accounting cannot see (default 30;
#            0 = do not wait; the probe's slowdown before and after each run
#            is reported either way)
#   THREADS  the larger thread count      (default 2)
#   XREPEAT  rounds of the xlsx case      (default 11; not cut by BUDGET: a
#            round takes a few seconds)
#   PYTHON   the interpreter for the peer (default /usr/bin/python3, Debian's,
#            which has python3-pandas and python3-xlsxwriter)
#   RESULTS  the results file             (default bench/RESULTS.md; "-" = none)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PERSONS=${PERSONS:-1000000}
SEED=${SEED:-20230801}
REPEAT=${REPEAT:-3}
BUDGET=${BUDGET:-1200}
THREADS=${THREADS:-2}
WAIT_QUIET=${WAIT_QUIET:-0}
WAIT_STEADY=${WAIT_STEADY:-30}
PYTHON=${PYTHON:-/usr/bin/python3}
RESULTS=${RESULTS:-bench/RESULTS.md}
MONTH=2023-08            # the month bench/gen writes (policy from 2023-07, index to 2023-08)
CMONTH=2023-09           # the cycle's month: the same rosters, --prev the 2023-08 folder
MAKE=${MAKE:-make}
OUT=$ROOT/bench/out
T_START=$(date +%s.%N)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

say() { printf 'bench: %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$T_START" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }'; }

case $PERSONS in '' | *[!0-9]* | 0) say "PERSONS must be a positive integer"; exit 1 ;; esac
case $REPEAT in '' | *[!0-9]* | 0) say "REPEAT must be a positive integer"; exit 1 ;; esac
case $WAIT_QUIET in '' | *[!0-9]*) say "WAIT_QUIET must be a number of seconds"; exit 1 ;; esac
case $WAIT_STEADY in '' | *[!0-9]*) say "WAIT_STEADY must be a number of seconds"; exit 1 ;; esac
case $THREADS in '' | *[!0-9]* | 0 | 1) say "THREADS must be an integer >= 2"; exit 1 ;; esac

# ---- 1. packages -------------------------------------------------------------
missing=()
for p in python3-pandas python3-xlsxwriter time; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing: ${missing[*]}"
    SUDO=()
    [ "$(id -u)" -ne 0 ] && SUDO=(sudo)
    "${SUDO[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}"
fi
if ! "$PYTHON" -c 'import pandas, xlsxwriter' 2>/dev/null; then
    say "$PYTHON cannot import pandas and xlsxwriter (set PYTHON to Debian's /usr/bin/python3)"
    exit 2
fi

# ---- 2. build ------------------------------------------------------------------
$MAKE --no-print-directory bin/payrun bench/gen bench/probe
FLOOR=0
if [ -f bench/floor.c ]; then
    if $MAKE --no-print-directory bench/floor; then
        FLOOR=1
    else
        say "bench/floor does not build: the floor is skipped"
    fi
else
    say "bench/floor.c does not exist yet: the floor is skipped"
fi
# run copies, so that a rebuild in this tree during the benchmark changes nothing
BIN=$OUT/bin
mkdir -p "$BIN"
cp bin/payrun "$BIN/payrun"
cp bench/probe "$BIN/probe"
[ $FLOOR -eq 1 ] && cp bench/floor "$BIN/floor"
# (the Makefile's "-include mk/bench.mk" line, if uncommitted, does not count)
DIRTY=""
if [ -n "$(git status --porcelain -- engine io formats bench/floor.c 2>/dev/null)" ] ||
   git diff HEAD -- Makefile 2>/dev/null | grep '^[-+][^-+]' | grep -qv 'include mk/bench.mk'; then
    DIRTY=" + uncommitted changes to engine/, io/, formats/, bench/floor.c or the Makefile"
fi
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$DIRTY"

# ---- 3. data (cached by N, seed and generator) ---------------------------------
DATA=$OUT/data-$PERSONS
[ "$SEED" = 20230801 ] || DATA=$DATA-seed$SEED
STAMP="persons=$PERSONS seed=$SEED gen=$(sha256sum bench/gen.c | cut -c1-16)"
mkdir -p "$OUT"
if [ ! -f "$DATA/.stamp" ] || [ "$(cat "$DATA/.stamp")" != "$STAMP" ]; then
    rm -rf "$DATA"
    say "generating $PERSONS persons into $DATA"
    bench/gen --persons "$PERSONS" --seed "$SEED" --out "$DATA"
    echo "$STAMP" > "$DATA/.stamp"
else
    say "using the cached $DATA"
fi
mapfile -t ROSTERS < "$DATA/args.txt"
INPUTS=(--month "$MONTH" --policy "$DATA/policy.csv" --index "$DATA/index.csv" "${ROSTERS[@]}")

# the payment cycle's inputs, made afresh by this payrun (untimed): the
# 2023-08 month folder as --prev (alone in its parent, the history), and
# bench/cyclegen.py's returns and adjustments from its ledger
CYC=$OUT/cycle-in
rm -rf "$CYC"
mkdir -p "$CYC"
say "preparing the cycle's inputs: payrun $MONTH into $CYC/prev, then bench/cyclegen.py"
t0=$(now)
if ! "$BIN/payrun" run "${INPUTS[@]}" --out "$CYC/prev" --threads "$THREADS" --max-reject-rate 5 --force --no-progress \
        > "$CYC/prev.log" 2>&1; then
    say "payrun $MONTH for the cycle's --prev failed:"; tail -20 "$CYC/prev.log" >&2; exit 3
fi
if ! "$PYTHON" bench/cyclegen.py --prev "$CYC/prev/$MONTH" --persons "$PERSONS" \
        --returns "$CYC/returns-$MONTH.csv" --adjustments "$CYC/adjustments-$CMONTH.csv" 2> "$CYC/cyclegen.log"; then
    say "bench/cyclegen.py failed:"; cat "$CYC/cyclegen.log" >&2; exit 3
fi
say "$(cat "$CYC/cyclegen.log") [$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')s]"
CINPUTS=(--month "$CMONTH" --policy "$DATA/policy.csv" --index "$DATA/index.csv" "${ROSTERS[@]}"
         --prev "$CYC/prev/$MONTH" --returns "$CYC/returns-$MONTH.csv" --adjustments "$CYC/adjustments-$CMONTH.csv")

# the xlsx case's roster (issue 13), whatever PERSONS is: the first 100,000
# DIBAO rows of a seeded month of 260,000 persons (its seven DIBAO rosters
# in turn), as gzip CSV and as .xlsx (bench/xlsxroster.py); cached by the
# generator and the converter
XROWS=100000
XDIR=$OUT/xlsx-$XROWS
XSTAMP="rows=$XROWS gen=$(sha256sum bench/gen.c | cut -c1-16) conv=$(sha256sum bench/xlsxroster.py | cut -c1-16)"
if [ ! -f "$XDIR/.stamp" ] || [ "$(cat "$XDIR/.stamp")" != "$XSTAMP" ]; then
    rm -rf "$XDIR"
    mkdir -p "$XDIR"
    say "making the xlsx case's roster: $XROWS rows as gzip CSV and as .xlsx into $XDIR"
    bench/gen --persons 260000 --seed 1 --out "$XDIR/month" > /dev/null
    "$PYTHON" bench/xlsxroster.py --rows "$XROWS" --out "$XDIR" "$XDIR"/month/dibao-*.csv.gz
    echo "$XSTAMP" > "$XDIR/.stamp"
fi
XINPUTS=(--month "$MONTH" --policy "$XDIR/month/policy.csv" --index "$XDIR/month/index.csv")
XREPEAT=${XREPEAT:-11}

# ---- 4. runs -------------------------------------------------------------------
RUNS=$OUT/runs-$PERSONS.tsv
LOGS=$OUT/logs-$PERSONS
rm -rf "$LOGS"
mkdir -p "$LOGS"
printf 'program\tthreads\trun\twall\tuser\tsys\trss_kb\twrite_wall\twrite_cpu\tother_load\tprobe_before\tprobe_after\n' > "$RUNS"
NCPU=$(nproc)
HZ=$(getconf CLK_TCK)
# busy CPU time of the whole machine so far, in clock ticks (/proc/stat: all but idle and iowait)
busy_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
declare -A LAST    # program/threads -> wall of its last run (for the budget)

# wait_quiet: up to WAIT_QUIET seconds, until the machine's busy share over one second is under 10 %
wait_quiet() {
    [ "$WAIT_QUIET" -eq 0 ] && return 0
    local t0 b0 b1 share
    t0=$(date +%s)
    while :; do
        b0=$(busy_jiffies); sleep 1; b1=$(busy_jiffies)
        share=$(awk -v a="$b0" -v b="$b1" -v hz="$HZ" -v n="$NCPU" 'BEGIN { printf "%.2f", (b - a) / hz / n }')
        awk -v s="$share" 'BEGIN { exit !(s < 0.1) }' && return 0
        if [ $(($(date +%s) - t0)) -ge "$WAIT_QUIET" ]; then
            say "the machine is still busy (${share} of the CPUs) after ${WAIT_QUIET}s: running anyway"
            return 0
        fi
        sleep 2
    done
}

# probe: sets PROBE to the seconds bench/probe takes on every CPU now, and
# PROBE_TYPICAL to the median of every probe so far
PROBES=()
probe() {
    PROBE=$("$BIN/probe" "$NCPU")
    PROBES+=("$PROBE")
    PROBE_TYPICAL=$(printf '%s\n' "${PROBES[@]}" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
}

# wait_steady: up to WAIT_STEADY seconds, until the probe is within 15 % of the
# typical one; sets PROBE (the last probe's seconds)
wait_steady() {
    local t0
    t0=$(date +%s)
    probe
    while [ "$WAIT_STEADY" -gt 0 ] && ! awk -v p="$PROBE" -v b="$PROBE_TYPICAL" 'BEGIN { exit !(p <= 1.15 * b) }'; do
        if [ $(($(date +%s) - t0)) -ge "$WAIT_STEADY" ]; then
            say "the machine still runs $(awk -v p="$PROBE" -v b="$PROBE_TYPICAL" 'BEGIN { printf "%.0f", 100 * (p / b - 1) }') % slower than usual after ${WAIT_STEADY}s: running anyway"
            return 0
        fi
        sleep 5
        probe
    done
}

# run_one PROGRAM THREADS RUN
run_one() {
    local prog=$1 t=$2 n=$3 dir log tf
    log=$LOGS/$prog-$t-$n.log
    tf=$LOGS/$prog-$t-$n.time
    case $prog in
        payrun)
            dir=$OUT/payrun-$t
            rm -rf "$dir"
            cmd=("$BIN/payrun" run "${INPUTS[@]}" --out "$dir" --threads "$t" --max-reject-rate 5 --force --no-progress) ;;
        signed)
            dir=$OUT/signed-$t
            rm -rf "$dir"
            [ -f "$OUT/keys/payrun-sign.key" ] || "$BIN/payrun" keygen --out "$OUT/keys" 2>/dev/null
            cmd=(env PAYRUN_TRACE=1 "$BIN/payrun" run "${INPUTS[@]}" --out "$dir" --threads "$t" --max-reject-rate 5 --force
                 --no-progress --sign-key "$OUT/keys/payrun-sign.key") ;;
        floor)
            dir=$OUT/floor-$t
            rm -rf "$dir"
            cmd=("$BIN/floor" "${INPUTS[@]}" --out "$dir" --threads "$t") ;;
        cpayrun)   # the cycle's case
            dir=$OUT/cycle-payrun-$t
            rm -rf "$dir"
            cmd=("$BIN/payrun" run "${CINPUTS[@]}" --out "$dir" --threads "$t" --max-reject-rate 5 --force --no-progress) ;;
        cfloor)
            dir=$OUT/cycle-floor-$t
            rm -rf "$dir"
            cmd=("$BIN/floor" "${CINPUTS[@]}" --out "$dir" --threads "$t") ;;
        xcsv|xlsx)   # the xlsx case: the same 100,000 rows read (and checked) from each
            dir=$OUT/$prog-$t
            rm -rf "$dir"
            mkdir -p "$dir"
            local ext=csv.gz
            [ "$prog" = xlsx ] && ext=xlsx
            cmd=("$BIN/payrun" check "${XINPUTS[@]}" --dibao "$XDIR/roster.$ext" --threads "$t" --out "$dir/exceptions.csv") ;;
        peer)
            dir=$OUT/peer
            rm -rf "$dir"
            cmd=("$PYTHON" bench/peer.py "${INPUTS[@]}" --out "$dir") ;;
    esac
    sync
    wait_quiet
    wait_steady
    local rc=0 busy0 busy1 before=$PROBE after
    busy0=$(busy_jiffies)
    /usr/bin/time -v -o "$tf" "${cmd[@]}" > "$log" 2>&1 || rc=$?
    busy1=$(busy_jiffies)
    probe
    after=$PROBE
    # (payrun check exits 3 when more than --max-reject-rate of the rows are rejected: not here)
    if [ $rc -ne 0 ]; then
        say "$prog --threads $t failed (exit $rc); its output:"
        tail -20 "$log" >&2
        exit 3
    fi
    local wall user sys rss ww="" wc=""
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tf")
    user=$(awk -F': ' '/User time/ { print $2 }' "$tf")
    sys=$(awk -F': ' '/System time/ { print $2 }' "$tf")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tf")
    if [ "$prog" = signed ]; then
        # the time of the link and the signature alone, from PAYRUN_TRACE
        ww=$(sed -n 's/.*trace task seal .* \([0-9.]*\)s CPU.*/\1/p' "$log")
        if [ -z "$ww" ]; then say "the signed run traced no seal step"; tail -5 "$log" >&2; exit 3; fi
    fi
    if [ "$prog" = floor ] || [ "$prog" = cfloor ]; then
        ww=$(sed -n 's/.*write_wall=\([0-9.]*\).*/\1/p' "$log")
        wc=$(sed -n 's/.*write_cpu=\([0-9.]*\).*/\1/p' "$log")
        if [ -z "$ww" ]; then say "floor printed no write_wall"; tail -5 "$log" >&2; exit 3; fi
    fi
    # CPU time the rest of the machine used meanwhile, as a share of all CPUs
    local other
    other=$(awk -v b0="$busy0" -v b1="$busy1" -v hz="$HZ" -v u="$user" -v s="$sys" -v w="$wall" -v n="$NCPU" \
        'BEGIN { o = (b1 - b0) / hz - u - s; if (o < 0) o = 0; printf "%.2f", (w > 0 ? o / (w * n) : 0) }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$prog" "$t" "$n" "$wall" "$user" "$sys" "$rss" "$ww" "$wc" "$other" \
        "$before" "$after" >> "$RUNS"
    LAST[$prog/$t]=$wall
    say "$(printf '%-6s --threads %s  run %s: wall %6.2fs  cpu %6.2fs  rss %5d MiB%s  [%ss elapsed]' \
        "$prog" "$t" "$n" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$((rss / 1024))" \
        "${ww:+  write_wall ${ww}s}" "$(elapsed)")$(awk -v o="$other" 'BEGIN { if (o >= 0.1) printf "  (other processes: %.0f%% of the CPUs)", o * 100 }')$(awk -v a="$before" -v c="$after" -v b="$PROBE_TYPICAL" 'BEGIN { m = a > c ? a : c; if (m > 1.15 * b) printf "  (machine %.0f%% slower than usual)", 100 * (m / b - 1) }')"
}

# fits SECONDS: true when the harness is still within BUDGET after SECONDS more
fits() {
    [ "$BUDGET" -eq 0 ] && return 0
    awk -v a="$T_START" -v b="$(now)" -v x="$1" -v B="$BUDGET" 'BEGIN { exit !(b - a + x + 15 <= B) }'
}

C_PROGS=("payrun 1" "payrun $THREADS" "signed $THREADS")
[ $FLOOR -eq 1 ] && C_PROGS+=("floor 1" "floor $THREADS")
C_PROGS+=("cpayrun 1" "cpayrun $THREADS")
[ $FLOOR -eq 1 ] && C_PROGS+=("cfloor 1" "cfloor $THREADS")

say "$PERSONS persons, month $MONTH and the cycle's $CMONTH, up to $REPEAT runs each, budget ${BUDGET}s (0 = none); load average $LOAD_START"
# round 1: everything once
for pt in "${C_PROGS[@]}"; do
    run_one "${pt% *}" "${pt#* }" 1
    [ "${pt% *}" = floor ] && [ "${pt#* }" = "$THREADS" ] && run_one peer 1 1   # the old case's round, then the cycle's
done
[ $FLOOR -eq 1 ] || run_one peer 1 1
NC=1
NP=1
# further rounds of payrun and the floor, then of the peer, while they fit
while [ $NC -lt "$REPEAT" ]; do
    est=0
    for pt in "${C_PROGS[@]}"; do
        est=$(awk -v a="$est" -v b="${LAST[${pt% *}/${pt#* }]}" 'BEGIN { print a + b }')
    done
    if ! fits "$est"; then say "budget: no room for run $((NC + 1)) of payrun and the floor (~${est}s)"; break; fi
    NC=$((NC + 1))
    for pt in "${C_PROGS[@]}"; do run_one "${pt% *}" "${pt#* }" $NC; done
done
while [ $NP -lt "$REPEAT" ]; do
    if ! fits "${LAST[peer/1]}"; then say "budget: no room for run $((NP + 1)) of the peer (~${LAST[peer/1]}s)"; break; fi
    NP=$((NP + 1))
    run_one peer 1 $NP
done

# the xlsx case: rounds of the CSV and the workbook in turn, 1 and THREADS threads
for ((n = 1; n <= XREPEAT; n++)); do
    for t in 1 "$THREADS"; do
        run_one xcsv "$t" "$n"
        run_one xlsx "$t" "$n"
    done
done
# both give the same findings, each naming its own file (the CSV, or the workbook!sheet) and the same row
for t in 1 "$THREADS"; do
    if ! cmp -s <(sed "s|^[^,]*roster\.csv\.gz,|ROSTER,|" "$OUT/xcsv-$t/exceptions.csv") \
                <(sed "s|^[^,]*roster\.xlsx![^,]*,|ROSTER,|" "$OUT/xlsx-$t/exceptions.csv"); then
        say "the xlsx case: the workbook's findings differ from the CSV's at --threads $t ($OUT/xcsv-$t, $OUT/xlsx-$t)"
        exit 3
    fi
done
XINFO="$(printf '%s rows; roster.csv.gz %s bytes, roster.xlsx %s bytes (its sheet part %s bytes inflated); %s findings' \
    "$XROWS" "$(stat -c %s "$XDIR/roster.csv.gz")" "$(stat -c %s "$XDIR/roster.xlsx")" \
    "$("$PYTHON" -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo("xl/worksheets/sheet1.xml").file_size)' "$XDIR/roster.xlsx")" \
    "$(($(wc -l < "$OUT/xlsx-1/exceptions.csv") - 1))")"

# ---- 5. report -----------------------------------------------------------------
T_END=$(now)
rc=0
BENCH_CPU="$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)" \
BENCH_CORES="$(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Thread(s) per core: *//p') thread per core)" \
BENCH_MEM="$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
BENCH_KERNEL="$(uname -sr)" \
BENCH_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" \
BENCH_COMMIT="$COMMIT (when built)" \
BENCH_LOAD="$LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (1, 5, 15 min)" \
BENCH_TOTAL="$(awk -v a="$T_START" -v b="$T_END" 'BEGIN { printf "%.0f", b - a }')" \
BENCH_BUDGET="$BUDGET" BENCH_REPEAT="$REPEAT" \
BENCH_CYCLE="$(cat "$CYC/cyclegen.log")" \
BENCH_XLSX="$XINFO" \
"$PYTHON" bench/report.py --runs "$RUNS" --persons "$PERSONS" --threads "$THREADS" \
    --manifest "$OUT/payrun-$THREADS/$MONTH/manifest.json" --peer-totals "$OUT/peer/peer-totals.json" \
    --cycle-manifest "$OUT/cycle-payrun-$THREADS/$CMONTH/manifest.json" \
    --results "$RESULTS" || rc=$?
say "done in $(elapsed)s (logs and per-run figures in $LOGS and $RUNS)"
[ $rc -eq 4 ] && say "the peer's totals disagree with payrun's (see above)"
exit $rc
