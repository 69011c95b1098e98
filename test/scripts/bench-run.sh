#!/usr/bin/env bash
# Measures what `disagg run --cluster local` costs beyond the roles' own work, on the local SLURM
# cluster (test/scripts/local-slurm.sh start) with the emulator of upstream's roles. Not a test: it
# prints figures.
#
#   test/scripts/bench-run.sh [--runs N] [--jar FILE] [--cluster NAME|FILE] [--poll SECONDS] [--keep]
#
# --poll: the emulated workers' and server's status-file poll (default 10 s, upstream's); ignored
# with --cluster.
#
# (a) overhead of a passing case (the embedded case local-smoke) =
#       wall time of `disagg run` (process start to exit)
#       - the roles' own work: the sum of the "Benchmark duration (s)" lines of upstream's client
#         logs (TOD/trtllm-benchmark.0.<k>.log), i.e. the time from the first request to the last
#         answer of each concurrency (warm-up excluded).
#     All runs share one workspace, as a CI job's builds do: the first case of a workspace writes the
#     emulator's class-data sharing archive (its collect check), the later ones map it.
#     The CLI starts as users start it, through the jar's launcher (`sh disagg-cli.jar`; `java -jar` for a
#     jar without one); one start before the runs writes the CLI's own archive when it is missing.
#     Each run starts after a random pause of 0 to 1 s: slurmctld starts batch jobs from a loop that
#     runs about once a second, and runs back to back would submit at the same point of it every time,
#     so that the queue wait would be one value (anywhere from 0.1 to 1.1 s) instead of a fair sample.
#     Also without the queue wait (sbatch's answer to job_info.txt written by the starting job),
#     which depends on what else runs on the cluster.
#     The phases come from millisecond timestamps: the CLI's output lines (stamped as they
#     arrive), the roles' logs, and the modification times of job_info.txt (written at job start)
#     and of the SLURM log (last written when the job script ends).
#     "status file to job script end": from BENCHMARK's TOD/benchmark_status.0.txt to the job's end,
#     while the emulated workers poll for it every --poll seconds (the job stops them at once).
# (b) crash to job end: GEN_0 crashes at start (DISAGG_EMULATOR_FAULT=crash-start); from the
#     crash (the last write to gen_server_0.log: srun's line that the task ended, within
#     milliseconds of the exit) to the job script's record of the failure (the time on the JOB line
#     of step_status.tsv), to the job script's end (SLURM log modified last), to SLURM's EndTime
#     (whole seconds), to failure.json (written by the core after the job) and to the exit of
#     `disagg run`.
# Needs bash, GNU date, jq, java and the CLI jar (mvn -o -DskipTests package).
set -Eeuo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=5
JAR=$REPO_DIR/core/target/disagg-cli.jar
KEEP=0
CLUSTER=
POLL=10
EMBEDDED=$REPO_DIR/core/src/main/resources/dev/disagg/examples/local-smoke.yaml

die() { printf 'bench-run: error: %s\n' "$*" >&2; exit 1; }
# A missing log line would otherwise end the script without a word (set -e).
trap 'die "line $LINENO: $BASH_COMMAND failed (rerun with --keep to look at the case directories)"' ERR

while (($#)); do
    case $1 in
        --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
        --jar) JAR=${2:?--jar needs a file}; shift 2 ;;
        --cluster) CLUSTER=${2:?--cluster needs a profile name or file}; shift 2 ;;
        --poll) POLL=${2:?--poll needs seconds}; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h | --help) sed -n '2,38p' "$0"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs: expected a whole number >= 1, got '$RUNS'"
[[ -f $JAR ]] || die "no CLI jar at $JAR; build it with: mvn -q -o -DskipTests package"
command -v jq >/dev/null || die "jq is needed"
sinfo -h -o %D >/dev/null 2>&1 || die "the local SLURM cluster is not running: test/scripts/local-slurm.sh start"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-run.XXXXXX")
JOBS=()
cleanup() {
    local id
    for id in "${JOBS[@]}"; do
        if [[ -n $(squeue -h -j "$id" 2>/dev/null) ]]; then scancel "$id"; fi
    done
    if ((KEEP)); then printf 'bench-run: case directories kept in %s\n' "$WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [[ -z $CLUSTER ]]; then
    [[ $POLL =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--poll: expected seconds, got '$POLL'"
    CLUSTER=$WORK/local-poll.yaml
    printf 'extends: local\nname: local-poll-%s\nrole_env:\n  DISAGG_EMULATOR_POLL_SECONDS: "%s"\n' "$POLL" "$POLL" >"$CLUSTER"
fi

# A crash case: the embedded case with GEN_0 crashing at start.
CRASH_CASE=$WORK/crash-start.yaml
sed 's/^environment:$/environment:\n  gen_worker_env_var: "DISAGG_EMULATOR_FAULT=crash-start DISAGG_EMULATOR_FAULT_ROLE=GEN_0"/' \
    "$EMBEDDED" >"$CRASH_CASE"
grep -q 'crash-start' "$CRASH_CASE" || die "could not add the fault to $EMBEDDED (no 'environment:' line?)"

# Epoch milliseconds from bash's own clock: a `date` per stamped line (~10 ms a fork) made the stamps
# lag behind the CLI's last burst of lines and added that lag to the wall time.
now_ms() { local us=${EPOCHREALTIME//[!0-9]/}; NOW_MS=${us::-3}; }  # sets NOW_MS
iso_ms() { date -d "$1" +%s%3N; }           # an ISO-8601 timestamp -> epoch milliseconds
mtime_ms() { date -r "$1" +%s%3N; }
# First ISO timestamp of a role log line matching a pattern.
log_time() { iso_ms "$(grep -m 1 -- "$2" "$1" | cut -d ' ' -f 1)"; }
# First ISO timestamp in a log (the emulator's lines start with one; pytest's header lines do not).
first_time() { iso_ms "$(grep -m 1 -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$1" | cut -d ' ' -f 1)"; }
# Epoch ms of the first CLI output line matching a pattern (lines are stamped "<ms> <line>").
cli_time() { grep -m 1 -- "$2" "$1" | cut -d ' ' -f 1; }

# run_case <name> <disagg run arguments...>: runs it with its stdout stamped per line; sets
# RUN_DIR, RUN_START, RUN_END, RUN_STATUS.
run_case() {
    local name=$1
    shift
    RUN_DIR=$WORK/$name
    mkdir -p "$RUN_DIR"
    sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
    now_ms; RUN_START=$NOW_MS
    # The exit status goes through a file: a failing case is expected here, not an error.
    { "${CLI[@]}" run --cluster "$CLUSTER" --workspace "$WORK/workspace" "$@" 2>"$RUN_DIR/run.err" || echo $? >"$RUN_DIR/run.status"; } |
        while IFS= read -r line; do now_ms; printf '%s %s\n' "$NOW_MS" "$line"; done >"$RUN_DIR/run.out"
    now_ms; RUN_END=$NOW_MS
    RUN_STATUS=0
    if [[ -f $RUN_DIR/run.status ]]; then RUN_STATUS=$(<"$RUN_DIR/run.status"); fi
    local id
    id=$(sed -n 's/.* submitted job \([0-9]*\)$/\1/p' "$RUN_DIR/run.out")
    if [[ -n $id ]]; then JOBS+=("$id"); fi
}

# stats <label> <value>...: one table row "label | median | min | max" (values in ms, printed in s)
stats() {
    local label=$1
    shift
    printf '%s\n' "$@" | sort -n | awk -v label="$label" '
        { v[NR] = $1 }
        END {
            med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "| %-44s | %7.2f | %7.2f | %7.2f |\n", label, med / 1000, v[1] / 1000, v[NR] / 1000
        }'
}

# shellcheck disable=SC2034 # A and B are used through namerefs (add, print_table)
declare -A A=() B=()   # A[<phase>]="<ms> <ms> ..." for (a), B the same for (b)
add() { local -n table=$1; table[$2]+="$3 "; }

if [[ $(head -c 2 "$JAR") == '#!' ]]; then CLI=(sh "$JAR"); else CLI=(java -jar "$JAR"); fi
"${CLI[@]}" --version >/dev/null

printf 'bench-run: %d run(s) of each case; jar %s; cluster profile %s (status poll %s s); work dir %s\n' "$RUNS" "$JAR" "$CLUSTER" "$POLL" "$WORK"
for ((i = 1; i <= RUNS; i++)); do
    run_case "pass-$i"
    dir=$WORK/workspace/disagg_logs/local-smoke
    ((RUN_STATUS == 0)) || die "run pass-$i exited $RUN_STATUS (see $RUN_DIR; use --keep)"
    id=$(<"$dir/job_id")
    tod=$dir/disagg-e2e-local-smoke
    work=$(cat "$tod"/trtllm-benchmark.0.*.log | awk -F: '/^Benchmark duration \(s\):/ { s += $2 } END { printf "%d", s * 1000 }')
    submitted=$(cli_time "$RUN_DIR/run.out" "submitted job")
    job_start=$(mtime_ms "$dir/job_info.txt")
    ready=$(log_time "$dir/benchmark.log" "/health is ready")
    bench_start=$(log_time "$dir/benchmark.log" "Starting benchmark")
    bench_done=$(log_time "$dir/benchmark.log" "wrote Done")
    status=$(mtime_ms "$tod/benchmark_status.0.txt")
    job_end=$(mtime_ms "$dir/slurm_$id.log")
    seen_end=$(cli_time "$RUN_DIR/run.out" "job $id ended")
    roles_up=0
    for log in "$tod"/trtllm-serve.*.log "$dir/benchmark.log"; do
        t=$(first_time "$log")
        if ((t > roles_up)); then roles_up=$t; fi
    done
    add A "wall time of disagg run" $((RUN_END - RUN_START))
    add A "roles' own work (sum of Benchmark duration)" "$work"
    add A "overhead = wall - work" $((RUN_END - RUN_START - work))
    add A "overhead without the queue wait" $((RUN_END - RUN_START - work - (job_start - submitted)))
    add A "  start to submitted (JVM, render, sbatch)" $((submitted - RUN_START))
    add A "  submitted to job start (queue wait)" $((job_start - submitted))
    add A "  job start to last role's first log line" $((roles_up - job_start))
    add A "  job start to server healthy (all up)" $((ready - job_start))
    add A "  healthy to warm-up start" $((bench_start - ready))
    add A "  warm-up + benchmark (start to Done)" $((bench_done - bench_start))
    add A "  Done to job script end" $((job_end - bench_done))
    add A "  status file to job script end" $((job_end - status))
    add A "  job script end to CLI sees the end" $((seen_end - job_end))
    add A "  CLI sees the end to exit (check, reports)" $((RUN_END - seen_end))
    printf 'pass-%d: job %s, wall %d ms, work %d ms\n' "$i" "$id" $((RUN_END - RUN_START)) "$work"

    run_case "crash-$i" --config "$CRASH_CASE"
    dir=$WORK/workspace/disagg_logs/crash-start
    ((RUN_STATUS == 1)) || die "run crash-$i exited $RUN_STATUS, expected 1 (see $RUN_DIR; use --keep)"
    [[ $(jq -r .role "$dir/failure.json") == GEN_0 ]] || die "crash-$i: failure.json does not name GEN_0"
    id=$(<"$dir/job_id")
    grep -q "simulated crash" "$dir/gen_server_0.log" || die "crash-$i: gen_server_0.log has no simulated crash"
    crash=$(mtime_ms "$dir/gen_server_0.log")
    recorded=$(awk -F '\t' '$1 == "JOB" { printf "%.0f", $4 * 1000; exit }' "$dir/step_status.tsv")
    written=$(mtime_ms "$dir/failure.json")
    job_end=$(mtime_ms "$dir/slurm_$id.log")
    end_time=$(scontrol show job -o "$id" | sed -n 's/.* EndTime=\([^ ]*\).*/\1/p')
    slurm_end=$(($(date -d "$end_time" +%s) * 1000))
    seen_end=$(cli_time "$RUN_DIR/run.out" "job $id ended")
    add B "crash to the failure recorded (job script)" $((recorded - crash))
    add B "crash to job script end (SLURM log)" $((job_end - crash))
    add B "crash to SLURM EndTime (whole seconds)" $((slurm_end - crash))
    add B "crash to CLI sees the end" $((seen_end - crash))
    add B "crash to failure.json written (the core)" $((written - crash))
    add B "crash to disagg run exit" $((RUN_END - crash))
    printf 'crash-%d: job %s, crash to job end %d ms\n' "$i" "$id" $((job_end - crash))
done

print_table() {
    local title=$1 name=$2 key
    shift 2
    # shellcheck disable=SC2178 # a nameref to the associative array named by $name
    local -n table=$name
    printf '\n%s\n\n| %-44s | %7s | %7s | %7s |\n|%s|%s|%s|%s|\n' "$title" "seconds" "median" "min" "max" \
        "----------------------------------------------" "--------:" "--------:" "--------:"
    for key in "$@"; do
        # shellcheck disable=SC2086 # the values are whitespace-separated numbers
        stats "$key" ${table[$key]}
    done
}
print_table "(a) passing case local-smoke, $RUNS run(s)" A \
    "wall time of disagg run" "roles' own work (sum of Benchmark duration)" "overhead = wall - work" \
    "overhead without the queue wait" \
    "  start to submitted (JVM, render, sbatch)" "  submitted to job start (queue wait)" \
    "  job start to last role's first log line" "  job start to server healthy (all up)" "  healthy to warm-up start" \
    "  warm-up + benchmark (start to Done)" "  Done to job script end" "  status file to job script end" \
    "  job script end to CLI sees the end" \
    "  CLI sees the end to exit (check, reports)"
print_table "(b) GEN_0 crashes at start, $RUNS run(s)" B \
    "crash to the failure recorded (job script)" "crash to job script end (SLURM log)" \
    "crash to SLURM EndTime (whole seconds)" "crash to CLI sees the end" "crash to failure.json written (the core)" \
    "crash to disagg run exit"
