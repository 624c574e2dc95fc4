# scripts/lib/payrun-month.sh - what the two month drivers share, sourced by
# scripts/local/payrun-month (plain processes) and scripts/slurm/payrun-month
# (a Slurm dependency chain): the month's options, their checks, the number
# of roster files, and the stage scripts.
#
# A sharded month is six stages (docs/SCALE.md):
#
#   plan        1 task       payrun plan  -> WORK/plan.csv
#   split       1 per input  payrun split --task I -> WORK/split/shard-K/
#   keys        1 per shard  payrun keys  -> WORK/keys/shard-K.keys.gz
#   crosscheck  1 task       payrun crosscheck -> WORK/facts.gz
#   run         1 per shard  payrun run --shard-dir --global -> WORK/shard-out/shard-K/YYYY-MM
#   merge       1 task       payrun merge -> OUT/YYYY-MM
#
# Each stage is written once, at submission, as a script WORK/jobs/STAGE.sh
# holding the exact payrun command (paths made absolute, the submission's
# folder as working folder, so that relative paths in a job file mean what
# they meant there). Its task number is $1 or SLURM_ARRAY_TASK_ID. Both
# drivers run these same scripts, so the local runner tests the commands
# the cluster runs.
#
# Nothing here runs anything at source time but function definitions; the
# drivers call pm_parse, pm_check, pm_count_inputs and pm_write_stages.
# shellcheck shell=bash
# The stage scripts are written with single-quoted printf formats on purpose
# (their $ expand when the stage runs), and PM_SHIFT is the drivers' to read.
# shellcheck disable=SC2016,SC2034

PM_ME=${PM_ME:-payrun-month}

pm_die() { printf '%s: %s\n' "$PM_ME" "$*" >&2; exit 1; }
pm_say() { printf '%s: %s\n' "$PM_ME" "$*" >&2; }

# The month's options, as `payrun run` takes them, and the driver's own.
pm_init() {
    PM_MONTH='' PM_JOB='' PM_POLICY='' PM_INDEX='' PM_ENCODING='' PM_BANK_FORMATS=''
    PM_REJECT='' PM_THREADS='' PM_FORCE=0 PM_SHARDS='' PM_WORK='' PM_OUT='' PM_PAYRUN='' PM_SIGN_KEY=''
    PM_ROSTERS=()
}

# pm_parse_common OPT [VALUE]: takes one option that both drivers know.
# Sets PM_SHIFT to the words it used (0: not one of them).
pm_parse_common() {
    local o=$1 v=${2-} need=1
    PM_SHIFT=0
    case $o in
        --month|--job|--policy|--index|--encoding|--bank-formats|--max-reject-rate|--threads|--shards|--work|--out|--payrun|--sign-key|\
        --dibao|--tekun|--disability|--orphan) ;;
        --force) PM_FORCE=1; PM_SHIFT=1; return 0 ;;
        --prev|--returns|--adjustments)
            pm_die "$o: a sharded month does not take the payment cycle yet (--prev, --returns, --adjustments): run this month with a single 'payrun run', or without the cycle" ;;
        --shard-dir|--shard|--global|--ranks|--shard-out)
            pm_die "$o: the driver gives each stage its shard options itself; leave $o out" ;;
        *) need=0 ;;
    esac
    [ "$need" = 1 ] || return 0
    [ $# -ge 2 ] || pm_die "$o needs a value"
    case $o in
        --month) PM_MONTH=$v ;;
        --job) PM_JOB=$v ;;
        --policy) PM_POLICY=$v ;;
        --index) PM_INDEX=$v ;;
        --encoding) PM_ENCODING=$v ;;
        --bank-formats) PM_BANK_FORMATS=$v ;;
        --max-reject-rate) PM_REJECT=$v ;;
        --threads) PM_THREADS=$v ;;
        --shards) PM_SHARDS=$v ;;
        --work) PM_WORK=$v ;;
        --out) PM_OUT=$v ;;
        --payrun) PM_PAYRUN=$v ;;
        --sign-key) PM_SIGN_KEY=$v ;;
        --dibao|--tekun|--disability|--orphan) PM_ROSTERS+=("$o" "$v") ;;
    esac
    PM_SHIFT=2
}

# An absolute path for $1 (which need not exist), from the current folder.
pm_abs() {
    case $1 in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$PWD" "$1" ;;
    esac
}

# The job file's keys that a sharded month cannot honour yet: prev, returns,
# adjustments (the payment cycle). `key = value` or `key: value` (inih takes
# both), not in a comment. (A job file's sign_key signs the shards' months
# and the merged one.)
pm_check_job_file() {
    local f=$1 bad
    [ -r "$f" ] || pm_die "--job $f: cannot read the job file"
    bad=$(grep -nE '^[[:space:]]*(prev|returns|adjustments)[[:space:]]*[=:]' "$f" || true)
    [ -z "$bad" ] || pm_die "$f: a sharded month does not take the payment cycle (prev, returns, adjustments) yet; remove these lines from a job file for a sharded month (or run the month with a single 'payrun run'):
$bad"
}

# Checks the options; makes WORK, OUT and the payrun path absolute.
pm_check() {
    local here
    [ -n "$PM_MONTH" ] || pm_die "--month YYYY-MM is required"
    [[ $PM_MONTH =~ ^[0-9]{4}-(0[1-9]|1[0-2])$ ]] || pm_die "--month $PM_MONTH: not a month YYYY-MM"
    [ -n "$PM_SHARDS" ] || pm_die "--shards N is required"
    { [[ $PM_SHARDS =~ ^[1-9][0-9]*$ ]] && [ "$PM_SHARDS" -le 4096 ]; } || pm_die "--shards $PM_SHARDS: a number from 1 to 4096"
    [ -n "$PM_WORK" ] || pm_die "--work DIR is required (the stages' files: plan, split, keys, facts, shard months)"
    [ -n "$PM_OUT" ] || pm_die "--out DIR is required (the month is written to DIR/$PM_MONTH)"
    [ -n "$PM_JOB" ] || [ -n "$PM_POLICY" ] || pm_die "--policy FILE (or --job FILE) is required"
    [ -n "$PM_JOB" ] || [ -n "$PM_INDEX" ] || pm_die "--index FILE (or --job FILE) is required"
    [ -n "$PM_JOB" ] || [ ${#PM_ROSTERS[@]} -gt 0 ] || pm_die "no roster given (--dibao, --tekun, --disability, --orphan or --job)"
    [ -z "$PM_THREADS" ] || [[ $PM_THREADS =~ ^[1-9][0-9]*$ ]] || pm_die "--threads $PM_THREADS: a whole number from 1"
    [ -z "$PM_JOB" ] || pm_check_job_file "$PM_JOB"
    if [ -z "$PM_PAYRUN" ]; then
        here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
        if [ -x "$here/bin/payrun" ]; then PM_PAYRUN=$here/bin/payrun
        else PM_PAYRUN=$(command -v payrun || true)
        fi
        [ -n "$PM_PAYRUN" ] || pm_die "no payrun found (neither bin/payrun beside this script nor payrun on the PATH): build it with 'make bin/payrun' or give --payrun PATH"
    fi
    case $PM_PAYRUN in */*) PM_PAYRUN=$(pm_abs "$PM_PAYRUN") ;; *) PM_PAYRUN=$(command -v "$PM_PAYRUN" || true) ;; esac
    [ -x "$PM_PAYRUN" ] || pm_die "--payrun: no executable payrun at '$PM_PAYRUN'"
    PM_WORK=$(pm_abs "$PM_WORK")
    PM_OUT=$(pm_abs "$PM_OUT")
    PM_CWD=$PWD
    if [ -e "$PM_OUT/$PM_MONTH" ] && [ "$PM_FORCE" != 1 ]; then
        pm_die "$PM_OUT/$PM_MONTH already exists: give --force to replace it when the month is merged, or another --out"
    fi
}

# The options every stage gives to name the month's inputs: the job file and
# the rosters, in the order given (their order is the files' ranks).
pm_input_args() {
    PM_IN_ARGS=()
    [ -z "$PM_ENCODING" ] || PM_IN_ARGS+=(--encoding "$PM_ENCODING")
    PM_IN_ARGS+=("${PM_ROSTERS[@]}")
    [ -z "$PM_JOB" ] || PM_IN_ARGS+=(--job "$PM_JOB" --month "$PM_MONTH")
}

# pm_count_inputs PAYRUN ARGS...: prints the number of roster files that
# plan and split take from ARGS (roster options and the job file's
# [rosters], its patterns expanded for the month). payrun says it when
# asked for a task past the last one ("--task 1000000: there are N
# rosters"), after reading the job file and expanding its patterns and
# before opening anything else; the C locale keeps that message in English.
# A job file's problem (a pattern matching no file...) is printed as payrun
# gives it, and the count fails.
pm_count_inputs() {
    local pr=$1 out n
    shift
    out=$(LC_ALL=C LANGUAGE='' "$pr" split --plan /dev/null --shard-dir /nonexistent --task 1000000 "$@" 2>&1 || true)
    n=$(printf '%s\n' "$out" | sed -n 's/.*--task 1000000: there are \([0-9][0-9]*\) rosters.*/\1/p' | head -1)
    if [ -z "$n" ]; then
        printf '%s\n' "$out" | grep -v "^Try 'payrun" >&2
        return 1
    fi
    printf '%s\n' "$n"
}

# pm_q WORD...: the words quoted for bash, on one line.
pm_q() { local s; s=$(printf '%q ' "$@"); printf '%s\n' "${s% }"; }

# pm_write_stages NINPUT: writes WORK/jobs/{plan,split,keys,crosscheck,run,merge}.sh.
pm_write_stages() {
    local nin=$1 w=$PM_WORK k d common=() keys_args=() keyfiles=() merge_args=() run_args=()
    mkdir -p "$w/jobs" "$w/logs" || pm_die "cannot create the work folder $w"
    mkdir -p "$PM_OUT" || pm_die "cannot create the output folder $PM_OUT"
    pm_input_args
    common=(--month "$PM_MONTH")
    [ -z "$PM_JOB" ] || common+=(--job "$PM_JOB")
    [ -z "$PM_POLICY" ] || common+=(--policy "$PM_POLICY")
    [ -z "$PM_INDEX" ] || common+=(--index "$PM_INDEX")
    keys_args=("${common[@]}")
    [ -z "$PM_THREADS" ] || keys_args+=(--threads "$PM_THREADS")
    # keys and the shard runs never judge the month's reject rate: a shard
    # is not the month; merge does, on the whole month, with the real rate
    keys_args+=(--max-reject-rate 100 --no-progress)
    run_args=("${keys_args[@]}")
    [ -z "$PM_BANK_FORMATS" ] || run_args+=(--bank-formats "$PM_BANK_FORMATS")
    for ((k = 0; k < PM_SHARDS; k++)); do keyfiles+=(--keys "$w/keys/shard-$k.keys.gz"); done
    merge_args=("${common[@]}")
    [ -z "$PM_BANK_FORMATS" ] || merge_args+=(--bank-formats "$PM_BANK_FORMATS")
    [ -z "$PM_REJECT" ] || merge_args+=(--max-reject-rate "$PM_REJECT")
    [ "$PM_FORCE" != 1 ] || merge_args+=(--force)
    # the month is signed where it is made whole: merge (the shards' months are its inputs)
    [ -z "$PM_SIGN_KEY" ] || merge_args+=(--sign-key "$(pm_abs "$PM_SIGN_KEY")")

    d=$(pm_q "$PM_CWD")
    # $1: stage; the body follows on stdin
    stage() {
        {
            printf '#!/bin/bash\n'
            printf '# %s stage of the sharded month %s (docs/SCALE.md), written by %s\n' "$1" "$PM_MONTH" "$PM_ME"
            printf '# at submission. Task number: $1, or SLURM_ARRAY_TASK_ID in a Slurm array.\n'
            printf 'set -euo pipefail\ncd %s\n' "$d"
            printf 'P=%s\nW=%s\n' "$(pm_q "$PM_PAYRUN")" "$(pm_q "$w")"
            printf 'T=${1:-${SLURM_ARRAY_TASK_ID:-}}\n'
            # under Slurm, the exit status beside the log (logs/STAGE-JOBID[_TASK].rc),
            # for the driver's --wait once Slurm has forgotten the job
            printf 'if [ -n "${SLURM_JOB_ID:-}" ]; then\n'
            printf '    trap '"'"'echo $? > "$W/logs/%s-${SLURM_ARRAY_JOB_ID:-$SLURM_JOB_ID}${SLURM_ARRAY_TASK_ID:+_$SLURM_ARRAY_TASK_ID}.rc"'"'"' EXIT\n' "$1"
            printf 'fi\n'
            printf 'echo "%s: %s %s${T:+ task $T} on $(hostname -s) at $(date "+%%F %%T")" >&2\n' "$PM_ME" "$PM_MONTH" "$1"
            cat
        } > "$w/jobs/$1.sh"
        chmod +x "$w/jobs/$1.sh"
    }

    # plan: starts the month afresh (a part left by an earlier split with
    # more inputs would be read by its shard's run), and checks that the
    # rosters are still the NINPUT files the split array was sized for
    stage plan <<EOF
$(declare -f pm_count_inputs)
n=\$(pm_count_inputs "\$P" $(pm_q "${PM_IN_ARGS[@]}")) || { echo "$PM_ME: cannot list the month's roster files (above)" >&2; exit 2; }
if [ "\$n" != $nin ]; then
    echo "$PM_ME: the month has \$n roster files now, $nin when it was submitted (a job file's pattern matches other files?): submit the month again" >&2
    exit 2
fi
rm -rf -- "\$W/split" "\$W/keys" "\$W/shard-out" "\$W/facts.gz" "\$W/plan.csv"
mkdir -p "\$W/split" "\$W/keys" "\$W/shard-out"
"\$P" plan --shards $PM_SHARDS --out "\$W/plan.csv" $(pm_q "${PM_IN_ARGS[@]}")
EOF
    stage split <<EOF
: "\${T:?split needs its task number (the input file, 0 to $((nin - 1)))}"
"\$P" split --plan "\$W/plan.csv" --shard-dir "\$W/split" --task "\$T" $(pm_q "${PM_IN_ARGS[@]}")
EOF
    stage keys <<EOF
: "\${T:?keys needs its task number (the shard, 0 to $((PM_SHARDS - 1)))}"
"\$P" keys $(pm_q "${keys_args[@]}") --shard-dir "\$W/split" --shard "\$T" --out "\$W/keys/shard-\$T.keys.gz"
EOF
    stage crosscheck <<EOF
"\$P" crosscheck $(pm_q "${keyfiles[@]}") --out "\$W/facts.gz"
EOF
    stage run <<EOF
: "\${T:?run needs its task number (the shard, 0 to $((PM_SHARDS - 1)))}"
"\$P" run $(pm_q "${run_args[@]}") --force --shard-dir "\$W/split" --shard "\$T" --global "\$W/facts.gz" --out "\$W/shard-out/shard-\$T"
EOF
    stage merge <<EOF
"\$P" merge $(pm_q "${merge_args[@]}") --shard-out "\$W/shard-out" --shards $PM_SHARDS --out $(pm_q "$PM_OUT")
EOF
    unset -f stage
}

# pm_task_name STAGE TASK: what a task is, for messages: the input file of a
# split task, the shard of a keys or run task.
pm_task_name() {
    case $1 in
        split) printf 'input %s' "$2" ;;
        keys|run) printf 'shard %s' "$2" ;;
        *) printf '%s' "$1" ;;
    esac
}
