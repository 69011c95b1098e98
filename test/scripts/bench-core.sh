#!/usr/bin/env bash
# Benchmarks the core CLI as users run it (a fresh JVM per command):
#   1. `disagg plan --json` of one real case file, cold JVM;
#   2. `disagg validate` over a directory of 500 generated cases (one JVM).
# It builds nothing: build the jar first (mvn -q -o -DskipTests package).
#
# usage: test/scripts/bench-core.sh [RUNS]        (default 10 runs per command)
# Uses hyperfine when it is installed, else a bash loop over `date +%s%N`.
# env:   DISAGG_FIXTURES  the fixtures directory (default: ../shared/fixtures beside the repository)
#        BENCH_TIMER=loop use the bash loop even when hyperfine is installed
#        JAVA             the java to use (default: java on PATH)
#        JAVA_OPTS        extra JVM options, to compare settings (default: none)
set -euo pipefail

runs=${1:-10}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "bench-core: RUNS must be a whole number > 0, got '$runs'" >&2; exit 2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar=$repo/core/target/disagg-cli.jar
fixtures=${DISAGG_FIXTURES:-$repo/../shared/fixtures}
fixture=$fixtures/trtllm-configs/config.yaml
java_bin=${JAVA:-java}
read -r -a java_opts <<< "${JAVA_OPTS:-}"

[[ -f $jar ]] || { echo "bench-core: $jar not found; build it first: mvn -q -o -DskipTests package" >&2; exit 2; }
[[ -f $fixture ]] || { echo "bench-core: fixture $fixture not found; set DISAGG_FIXTURES" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-core.XXXXXX")
trap 'rm -rf -- "$work"' EXIT   # only the scratch directory this script made

# 500 cases from the upstream example, each with its own sizes and concurrency list. Every
# combination satisfies TensorRT-LLM's rules (gen max_batch_size 256, attention DP), so the
# benchmark measures the full validation of valid files, not an early exit on the first error.
cases=$work/cases
mkdir -p "$cases"
ctx_tps=(1 2 4)
gen_tps=(4 8 16 32)
gpns=(4 8)
concurrencies=("1 2 4 8" "16 32" "64 128 256" "512" "1 2 4 8 16 32 64")
for ((i = 0; i < 500; i++)); do
    ctx_tp=${ctx_tps[i % 3]}
    gen_tp=${gen_tps[(i / 3) % 4]}
    gpn=${gpns[(i / 12) % 2]}
    conc=${concurrencies[i % 5]}
    sed -e "s/^    tensor_parallel_size: 4\$/    tensor_parallel_size: $ctx_tp/" \
        -e "s/^    tensor_parallel_size: 8\$/    tensor_parallel_size: $gen_tp/" \
        -e "s/^  gpus_per_node: 4 .*/  gpus_per_node: $gpn/" \
        -e "s/^  num_ctx_servers: 1 .*/  num_ctx_servers: $((i % 4 + 1))/" \
        -e "s/^  num_gen_servers: 1 .*/  num_gen_servers: $((i % 3 + 1))/" \
        -e "s/^  concurrency_list: .*/  concurrency_list: \"$conc\"/" \
        "$fixture" > "$cases/case_$(printf %03d "$i").yaml"
done

version_cmd=("$java_bin" "${java_opts[@]}" -jar "$jar" --version)
plan_cmd=("$java_bin" "${java_opts[@]}" -jar "$jar" plan --json --cluster default --config "$fixture" --workspace "$work/ws")
validate_cmd=("$java_bin" "${java_opts[@]}" -jar "$jar" validate --quiet "$cases")

# Both commands must succeed before their times mean anything.
"${plan_cmd[@]}" > /dev/null || { echo "bench-core: plan failed" >&2; exit 1; }
"${validate_cmd[@]}" > "$work/validate.out" || { cat "$work/validate.out" >&2; echo "bench-core: validate failed" >&2; exit 1; }
grep -q "^500 file(s), 500 valid, 0 invalid$" "$work/validate.out" || { cat "$work/validate.out" >&2; exit 1; }

# Prints "mean min max" in seconds for RUNS runs of the command (after one warm-up run for the
# file cache; each run is still a fresh JVM, which is what a cold start means here).
measure() {
    local -a times=()
    "$@" > /dev/null
    for ((r = 0; r < runs; r++)); do
        local start end
        start=$(date +%s%N)
        "$@" > /dev/null
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | awk '{ s += $1; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 }
        END { printf "%.3f %.3f %.3f\n", s / NR / 1000, lo / 1000, hi / 1000 }'
}

measure_hyperfine() {
    local json=$work/hyperfine.json
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$json" "$(printf '%q ' "$@")" > /dev/null
    # mean, min, max of the one command in the export
    tr -d ' \n' < "$json" | sed -E 's/.*"mean":([0-9.e-]+).*"min":([0-9.e-]+),"max":([0-9.e-]+).*/\1 \2 \3/' |
        awk '{ printf "%.3f %.3f %.3f\n", $1, $2, $3 }'
}

if [[ ${BENCH_TIMER:-} != loop ]] && command -v hyperfine > /dev/null; then
    tool=hyperfine; timer=measure_hyperfine
else
    tool="a bash date loop"; timer=measure
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown)
read -r ver_mean ver_min ver_max < <($timer "${version_cmd[@]}")
read -r plan_mean plan_min plan_max < <($timer "${plan_cmd[@]}")
read -r val_mean val_min val_max < <($timer "${validate_cmd[@]}")
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown)

echo "disagg core benchmark: $runs runs each (fresh JVM every run), measured with $tool"
echo "machine: $(nproc) CPU(s), $("$java_bin" -version 2>&1 | head -n 1)${JAVA_OPTS:+, JAVA_OPTS=$JAVA_OPTS}"
echo "load average (1/5/15 min): $load_before before, $load_after after (other work on the machine slows every row)"
echo
row() { printf '%-38s %7s %7s %7s %6s  %s\n' "$@"; }
verdict() { awk -v t="$1" -v aim="$2" 'BEGIN { print (t < aim) ? "ok" : "over" }'; }
row "command" "mean s" "min s" "max s" "aim s" "verdict"
row "--version (JVM start, for reference)" "$ver_mean" "$ver_min" "$ver_max" "-" "-"
row "plan --json (1 case, cold JVM)" "$plan_mean" "$plan_min" "$plan_max" "1" "$(verdict "$plan_mean" 1)"
row "validate (500 cases, one JVM)" "$val_mean" "$val_min" "$val_max" "3" "$(verdict "$val_mean" 3)"
