#!/usr/bin/env bash
# Measures a sweep on the local SLURM cluster (test/scripts/local-slurm.sh start): N copies of the
# embedded case local-smoke (sweep01.yaml ...), run by one `disagg run DIR --max-parallel P
# --run-result FILE`. Not a test: it prints figures.
#
#   test/scripts/bench-sweep.sh [--cases N] [--max-parallel P] [--jar FILE] [--keep]
#
# Prints: the sweep's wall time (process start to exit), the slowest case (its job's start to end,
# and from its sbatch), the sum of the cases' job times, and every SLURM command the core ran
# (DISAGG_SLURM_TRACE), by command. The commands
# the job steps run inside the allocations (srun) are not counted: they are not the core's.
# Needs bash, GNU date, jq, java and the CLI jar (mvn -o -DskipTests package).
set -Eeuo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CASES=20
PARALLEL=4
JAR=$REPO_DIR/core/target/disagg-cli.jar
KEEP=0
EMBEDDED=$REPO_DIR/core/src/main/resources/dev/disagg/examples/local-smoke.yaml

die() { printf 'bench-sweep: error: %s\n' "$*" >&2; exit 1; }
while [[ $# -gt 0 ]]; do
    case $1 in
        --cases) CASES=$2; shift 2 ;;
        --max-parallel) PARALLEL=$2; shift 2 ;;
        --jar) JAR=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        *) die "unknown option $1" ;;
    esac
done
[[ -f $JAR ]] || die "no jar at $JAR (mvn -o -DskipTests package)"
command -v jq >/dev/null || die "jq is needed"

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-sweep.XXXXXX")
[[ $KEEP = 1 ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cases"
for i in $(seq -w 1 "$CASES"); do
    cp "$EMBEDDED" "$work/cases/sweep$i.yaml"
done

printf 'load average before: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
set +e
DISAGG_SLURM_TRACE=$work/slurm-trace.txt java -jar "$JAR" run "$work/cases" --cluster local --workspace "$work/ws" \
    --max-parallel "$PARALLEL" --missing-baseline ignore --history none --run-result "$work/run-result.json" > "$work/out.txt" 2>&1
status=$?
set -e
end=$(date +%s.%N)
printf 'load average after:  %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
wall=$(echo "$end - $start" | bc)

jq -r '.cases[] | "\(.caseName) \(.jobId) \(.verdict) \(.caseDir)"' "$work/run-result.json" > "$work/jobs.txt"
# a job's run: job_info.txt is written as the job script starts, job_end as it ends (their mtimes);
# from submission: the sbatch line of the trace (accounting is off on the local cluster: no sacct)
mtime() { date -r "$1" +%s.%N; }
slowest=0 slowest_submitted=0 sum=0 first= last=
while read -r name id verdict dir; do
    started=$(mtime "$dir/job_info.txt") ended=$(mtime "$dir/job_end")
    submitted=$(date -d "$(grep " sbatch $dir/job.sh " "$work/slurm-trace.txt" | cut -d' ' -f1)" +%s.%N)
    run=$(echo "$ended - $started" | bc) whole=$(echo "$ended - $submitted" | bc)
    sum=$(echo "$sum + $run" | bc)
    [[ $(echo "$run > $slowest" | bc) = 1 ]] && slowest=$run
    [[ $(echo "$whole > $slowest_submitted" | bc) = 1 ]] && slowest_submitted=$whole
    [[ -z $first || $(echo "$started < $first" | bc) = 1 ]] && first=$started
    [[ -z $last || $(echo "$ended > $last" | bc) = 1 ]] && last=$ended
done < "$work/jobs.txt"

printf 'sweep of %s cases, --max-parallel %s: exit %s, verdicts: %s\n' "$CASES" "$PARALLEL" "$status" \
    "$(awk '{print $3}' "$work/jobs.txt" | sort | uniq -c | tr -s ' ' | paste -sd,)"
printf 'wall time of the sweep:          %.1f s\n' "$wall"
printf 'slowest case, job start to end: %.1f s (from its sbatch: %.1f s)\n' "$slowest" "$slowest_submitted"
printf 'sum of the cases, start to end:  %.1f s\n' "$sum"
printf 'first job start to last job end: %.1f s\n' "$(echo "$last - $first" | bc)"
printf 'SLURM commands run by the core:  %s\n' "$(wc -l < "$work/slurm-trace.txt")"
awk '{print $3}' "$work/slurm-trace.txt" | sort | uniq -c | sed 's/^/    /'
[[ $KEEP = 1 ]] && printf 'kept: %s\n' "$work"
exit 0
