#!/bin/bash
# tests/slurm/run.sh - the sharded month end to end on a real one-node Slurm
# (`make slurm-test`; .ci/run runs it). Needs root (the testbed installs and
# starts munged, slurmctld and slurmd) and about a minute or two.
#
#  1. brings up scripts/slurm/testbed (and brings it down on exit, stopping
#     exactly the daemons it started);
#  2. generates a month of 20,000 persons with bench/gen, then copies rows
#     across districts so that rules cross shards: a TEKUN and a disability
#     record in two districts (DUPLICATE_PERSON), a DIBAO household in two
#     districts (MULTIPLE_HOUSEHOLDS), a DIBAO member in another district's
#     TEKUN roster (DIBAO_TEKUN_CONFLICT), a DIBAO child in another
#     district's ORPHAN roster (PRICE paid once), a DIBAO head's account on
#     another district's disability record (a shared account); a job file
#     names the rosters;
#  3. runs it with a single `payrun run` and through scripts/slurm/payrun-month
#     --shards 3 --wait; the folders must be equal file for file, byte for
#     byte, manifest.json but for the shard list merge adds;
#  4. a failing shard: the chain is submitted held, split is let run, one of
#     shard 1's parts is cut short, the rest released: keys fails for shard 1,
#     crosscheck, run and merge are cancelled (DependencyNeverSatisfied), no
#     month folder appears, and --wait's report names the shard's file and
#     the byte offset; submitted again (split writes the part anew), it
#     completes with the single run's folder;
#  5. a second submission of the month waits for every job of the first;
#  6. the local runner (scripts/local/payrun-month) on the same month: the
#     same folder; with a roster cut short it stops at plan (the first stage
#     that reads it), naming the file and offset, and writes no folder.
#
# Every check prints "ok" or "FAIL" with what differs; the script goes on
# where it can and exits 1 when a check failed. SLURM_TEST_KEEP=1 keeps the
# temporary folder (its path is printed).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
STATE=${SLURM_TEST_STATE:-/tmp/payrun-slurm-test}
M=2023-08
T=$(mktemp -d /tmp/payrun-slurm-test.XXXXXX)
DRIVER=$ROOT/scripts/slurm/payrun-month
LOCAL=$ROOT/scripts/local/payrun-month
PAYRUN=${PAYRUN:-$ROOT/bin/payrun}
FAILED=0

say() { printf 'slurm-test: %s\n' "$*"; }
ok() { say "ok: $*"; }
fail() { say "FAIL: $*"; FAILED=1; }

UP=0
cleanup() {
    local rc=$?
    if [ "$UP" = 1 ]; then
        scripts/slurm/testbed down "$STATE" || say "the testbed did not stop cleanly (see $STATE/log)"
    fi
    if [ "${SLURM_TEST_KEEP:-0}" = 1 ] || [ "$rc" != 0 ] || [ "$FAILED" != 0 ]; then
        say "the test's files are kept in $T"
    else
        rm -rf "$T"
    fi
}
trap cleanup EXIT

make -s bin/payrun bench/gen

# --- the month ------------------------------------------------------------

D=$T/data
bench/gen --persons 20000 --seed 14 --out "$D" >/dev/null

# edit FILE AWK-PROGRAM: rewrites a gzip roster through awk (comma fields;
# bench/gen writes no quoted field)
edit() {
    local f=$1
    shift
    zcat "$f" | awk -F, -v OFS=, "$@" | gzip -n > "$f.new"
    mv "$f.new" "$f"
}
# row FILE N: the N-th data row of a gzip roster
row() { zcat "$1" | sed -n "$(($2 + 1))p"; }

inject() {
    local r id name bank acct
    # a TEKUN record in 320612 and again in 320685; a disability record in 320613 and in 320681
    r=$(row "$D/tekun-320612.csv.gz" 1)
    edit "$D/tekun-320685.csv.gz" -v r="$r" '{ print } END { n = split(r, f, ","); f[3] = "320685"; s = f[1]; for (i = 2; i <= n; i++) s = s "," f[i]; print s }'
    r=$(row "$D/disability-320613.csv.gz" 1)
    edit "$D/disability-320681.csv.gz" -v r="$r" '{ print } END { n = split(r, f, ","); f[3] = "320681"; s = f[1]; for (i = 2; i <= n; i++) s = s "," f[i]; print s }'
    # the first DIBAO household of 320614 again in 320682, under another id
    r=$(row "$D/dibao-320614.csv.gz" 1)
    zcat "$D/dibao-320614.csv.gz" | awk -F, -v OFS=, -v h="${r%%,*}" '$1 == h { $1 = "DB320682-9000001"; $4 = "320682"; print }' > "$T/hh.csv"
    edit "$D/dibao-320682.csv.gz" -v f="$T/hh.csv" '{ print } END { while ((getline l < f) > 0) print l }'
    # a DIBAO member of 320623 also on 320612's TEKUN roster
    r=$(zcat "$D/dibao-320623.csv.gz" | awk -F, '$8 == "成员" { if (!n++) print }')
    id=$(cut -d, -f2 <<< "$r") name=$(cut -d, -f3 <<< "$r")
    r=$(row "$D/tekun-320612.csv.gz" 3)
    edit "$D/tekun-320612.csv.gz" -v r="$r" -v id="$id" -v nm="$name" '{ print } END { n = split(r, f, ","); f[1] = id; f[2] = nm; s = f[1]; for (i = 2; i <= n; i++) s = s "," f[i]; print s }'
    # a child of a DIBAO household of 320681 also on 320685's ORPHAN roster
    r=$(zcat "$D/dibao-320681.csv.gz" | awk -F, '$8 == "成员" && substr($2, 7, 4) >= 2010 { if (!n++) print }')
    id=$(cut -d, -f2 <<< "$r") name=$(cut -d, -f3 <<< "$r")
    r=$(row "$D/orphan-320685.csv.gz" 1)
    edit "$D/orphan-320685.csv.gz" -v r="$r" -v id="$id" -v nm="$name" '{ print } END { n = split(r, f, ","); f[1] = id; f[2] = nm; s = f[1]; for (i = 2; i <= n; i++) s = s "," f[i]; print s }'
    # a DIBAO head's account of 320613 on a disability record of 320682
    r=$(zcat "$D/dibao-320613.csv.gz" | awk -F, '$8 == "户主" && $16 != "" { if (!n++) print }')
    bank=$(cut -d, -f15 <<< "$r") acct=$(cut -d, -f16 <<< "$r")
    # shellcheck disable=SC2016 # an awk program
    edit "$D/disability-320682.csv.gz" -v b="$bank" -v a="$acct" 'NR == 3 { $8 = b; $9 = a } { print }'
}
inject

cat > "$T/payrun.ini" <<EOF
# the generated month (tests/slurm/run.sh)
[run]
policy = $D/policy.csv
index = $D/index.csv
max_reject_rate = 5
[rosters]
dibao = $D/dibao-*.csv.gz
tekun = $D/tekun-*.csv.gz
disability = $D/disability-*.csv.gz
orphan = $D/orphan-*.csv.gz
EOF
MONTH=(--job "$T/payrun.ini" --month "$M")

"$PAYRUN" run "${MONTH[@]}" --out "$T/single" --no-progress
for c in DUPLICATE_PERSON MULTIPLE_HOUSEHOLDS DIBAO_TEKUN_CONFLICT; do
    if grep -q "$c" "$T/single/$M/exceptions.csv"; then ok "the single run finds $c"; else fail "the single run has no $c: the generated month lacks a cross-district case"; fi
done

# same_month A B: A/YYYY-MM and B/YYYY-MM file for file, byte for byte, but
# for manifest.json's shard list (the one documented difference)
same_month() {
    local a=$1/$M b=$2/$M
    [ -d "$b" ] || { fail "$3: no folder $b"; return; }
    if ! diff -r -x manifest.json "$a" "$b" > "$T/diff.txt" 2>&1; then
        fail "$3: the folders differ from the single run's ($(wc -l < "$T/diff.txt") lines of diff -r in $T/diff.txt):"
        head -5 "$T/diff.txt"
        return
    fi
    if ! python3 - "$a/manifest.json" "$b/manifest.json" <<'PY'
# the merged manifest's bytes, its top-level "shards" member cut out with the
# comma that joins it to a neighbour, must be the single run's bytes
import json, sys
a = open(sys.argv[1], "rb").read().decode("utf-8")
b = open(sys.argv[2], "rb").read().decode("utf-8")
if "shards" not in json.loads(b):
    sys.exit("the merged manifest.json has no shard list")
i = b.find('"shards"')
while i >= 0 and b[:i].rstrip()[-1:] not in (",", "{"):
    i = b.find('"shards"', i + 1)
j = b.index(":", i) + 1
while b[j] in " \t\r\n":
    j += 1
_, end = json.JSONDecoder().raw_decode(b, j)
k = len(b[:i].rstrip()) - 1
cands = []
if b[k] == ",":                  # after another member: cut ',\n  "shards": [...]'
    cands.append(b[:k] + b[end:])
e = end
while e < len(b) and b[e] in " \t":
    e += 1
if b[e:e + 1] == ",":            # before another member: cut '"shards": [...],\n  '
    e += 1
    while e < len(b) and b[e] in " \t\r\n":
        e += 1
    cands.append(b[:i] + b[e:])
if a not in cands:
    sys.exit("manifest.json differs from the single run's beyond its shard list")
PY
    then
        fail "$3: manifest.json"
        return
    fi
    ok "$3: the single run's folder, byte for byte (manifest.json but for its shard list)"
}

# --- Slurm ------------------------------------------------------------------

UP=1
scripts/slurm/testbed up "$STATE"
SL=(--payrun "$PAYRUN" --threads 1 --mem-plan 500M --mem-split 500M --mem-keys 1G --mem-crosscheck 500M --mem-run 1G --mem-merge 1G --poll 2)

say "the month in 3 shards under Slurm"
if "$DRIVER" "${MONTH[@]}" --shards 3 --work "$T/w1" --out "$T/sharded" "${SL[@]}" --wait > "$T/ids1" 2> "$T/wait1"; then
    ok "the chain completed"
else
    fail "the chain did not complete:"; sed 's/^/    /' "$T/wait1"
fi
if [ "$(cut -d' ' -f1 "$T/ids1" | paste -sd' ')" = "plan split keys crosscheck run merge" ]; then ok "job IDs printed per stage"; else fail "job IDs: $(cat "$T/ids1")"; fi
if [ -s "$T/w1/facts.gz" ] && [ "$(zcat "$T/w1/facts.gz" | wc -l)" -gt 1 ]; then
    ok "crosscheck found persons in two shards ($(($(zcat "$T/w1/facts.gz" | wc -l) - 1)) records)"
else
    fail "no facts: no person of the generated month is in two shards"
fi
same_month "$T/single" "$T/sharded" "3 shards under Slurm"

say "a shard made to fail"
"$DRIVER" "${MONTH[@]}" --shards 3 --work "$T/w2" --out "$T/failed" "${SL[@]}" --hold > "$T/ids2" 2>/dev/null
job() { awk -v s="$1" '$1 == s { print $2 }' "$T/ids2"; }
scontrol release "$(job plan)" "$(job split)"
while squeue -h -j "$(job plan),$(job split)" 2>/dev/null | grep -q .; do sleep 1; done
part=$(find "$T/w2/split/shard-1" -name '*-dibao.csv.gz' | sort | head -1)
if [ -n "$part" ]; then
    head -c 2000 "$part" > "$part.cut" && mv "$part.cut" "$part"
else
    fail "split left no DIBAO part in shard 1"
fi
scontrol release "$(job keys)" "$(job crosscheck)" "$(job run)" "$(job merge)"
if "$DRIVER" --attach "$T/w2" --poll 2 > /dev/null 2> "$T/wait2"; then
    fail "--attach said the failed chain completed"
else
    ok "--attach exits non-zero"
fi
if grep -q "stage keys failed: shard 1" "$T/wait2" && grep -qF "$part: truncated gzip stream" "$T/wait2" && grep -q "byte offset 2000" "$T/wait2"; then
    ok "the report names the stage, shard 1, its file and the byte offset"
else
    fail "the report does not name the shard, file and offset:"; sed 's/^/    /' "$T/wait2"
fi
for s in crosscheck run merge; do
    st=$(scontrol -o show job "$(job "$s")" | grep -o 'JobState=[A-Z_]* Reason=[A-Za-z]*' | sort -u | paste -sd' ')
    if [ "$st" = "JobState=CANCELLED Reason=DependencyNeverSatisfied" ]; then ok "$s cancelled: its dependency failed"; else fail "$s: $st"; fi
done
if [ -e "$T/failed/$M" ]; then fail "a month folder appeared after a failed shard"; else ok "no month folder after a failed shard"; fi

say "submitted again"
if "$DRIVER" "${MONTH[@]}" --shards 3 --work "$T/w2" --out "$T/failed" "${SL[@]}" --wait > /dev/null 2> "$T/wait3"; then
    ok "the resubmitted chain completed"
else
    fail "the resubmitted chain did not complete:"; sed 's/^/    /' "$T/wait3"
fi
same_month "$T/single" "$T/failed" "resubmitted"

say "two submissions of one month"
"$DRIVER" "${MONTH[@]}" --shards 3 --work "$T/w3" --out "$T/twice" "${SL[@]}" --hold > "$T/ids3" 2>/dev/null
"$DRIVER" "${MONTH[@]}" --shards 3 --work "$T/w3" --out "$T/twice" "${SL[@]}" --hold > "$T/ids4" 2>/dev/null
dep=$(scontrol -o show job "$(awk '$1 == "plan" { print $2 }' "$T/ids4")" | grep -o 'Dependency=[^ ]*')
missing=$(while read -r s id; do case $dep in *"afterany:$id"[\(_]*) ;; *) echo "$s"; esac; done < "$T/ids3")
if [ -z "$missing" ] && [[ $dep == *singleton* ]]; then
    ok "the second chain's plan waits for every job of the first ($dep)"
else
    fail "the second chain's plan does not wait for the first's $missing: $dep"
fi
mapfile -t ids < <(cut -d' ' -f2 "$T/ids3" "$T/ids4")
scancel "${ids[@]}"

scripts/slurm/testbed down "$STATE"
UP=0

# --- the local runner -----------------------------------------------------

say "the local runner"
if "$LOCAL" --payrun "$PAYRUN" "${MONTH[@]}" --shards 3 --work "$T/l1" --out "$T/local" --jobs 2 2> "$T/local1"; then
    ok "the local runner completed"
else
    fail "the local runner failed:"; sed 's/^/    /' "$T/local1"
fi
same_month "$T/single" "$T/local" "3 shards, local runner"
mkdir -p "$T/cut"
cp "$D"/*.csv.gz "$D"/*.csv "$T/cut/"
head -c 9000 "$D/dibao-320613.csv.gz" > "$T/cut/dibao-320613.csv.gz"
cut_rosters=()
for f in "$T"/cut/dibao-*.csv.gz; do cut_rosters+=(--dibao "$f"); done
rc=0
"$LOCAL" --payrun "$PAYRUN" --month "$M" --policy "$D/policy.csv" --index "$D/index.csv" "${cut_rosters[@]}" \
    --shards 3 --work "$T/l2" --out "$T/local-cut" 2> "$T/local2" || rc=$?
if [ "$rc" = 2 ] && grep -q "stage plan failed" "$T/local2" && grep -qF "cut/dibao-320613.csv.gz: truncated gzip stream" "$T/local2" &&
   grep -q "byte offset 9000" "$T/local2" && [ ! -e "$T/local-cut/$M" ] && [ ! -e "$T/l2/logs/split-0.log" ]; then
    ok "a cut roster stops the local runner at plan, the first stage to read it (exit 2, file and offset named, no month folder, no later stage)"
else
    fail "a cut roster: exit $rc:"; sed 's/^/    /' "$T/local2"
fi

if [ "$FAILED" = 0 ]; then say "all passed"; else say "some checks FAILED"; exit 1; fi
