#!/bin/bash
# A tiny stand-in for upstream's perf-sanity roles (test_perf_sanity.py) for job-script tests: the
# same files in the same places (docs/design.md), nothing else. FAKE_TOD is the test output dir,
# FAKE_GEN / FAKE_CTX the server counts, FAKE_POLL the workers' status-file poll (upstream: 10 s).
# Misbehaves on demand; each option names the role it applies to (DISAGG_SERVING_TYPE):
#   --crash ROLE          print a few lines (with characters JSON must escape) and exit 3
#   --crash-rank N        with --crash, only that rank of the role crashes; the others run on
#   --kill ROLE           kill itself with SIGKILL at start
#   --hang ROLE           never publish an address; sleep until killed
#   --linger ROLE         ignore the status file at the end; sleep until killed
#   --benchmark-exit N    the benchmark exits with N (after writing the status file)
#   --no-status-file      the benchmark exits without writing the status file
#   --gen-only            the benchmark waits for the gen_server_<i>.done sentinels after its status file
set -u
role=${DISAGG_SERVING_TYPE:?DISAGG_SERVING_TYPE is not set}
crash='' crash_rank='' kill_self='' hang='' linger='' benchmark_exit=0 write_status=1 gen_only=0
while (($#)); do
    case $1 in
        --crash) crash=$2; shift ;;
        --crash-rank) crash_rank=$2; shift ;;
        --kill) kill_self=$2; shift ;;
        --hang) hang=$2; shift ;;
        --linger) linger=$2; shift ;;
        --benchmark-exit) benchmark_exit=$2; shift ;;
        --no-status-file) write_status=0 ;;
        --gen-only) gen_only=1 ;;
        *) echo "fake-role: unknown option $1" >&2; exit 64 ;;
    esac
    shift
done
rank=${SLURM_PROCID:-0}
# trtllm-llmapi-launch runs rank 0 of a worker without the SLURM variables; the job clears them for
# DISAGG_SERVER and BENCHMARK: every role keys its hostnames directory by "local".
[[ $role == GEN_* || $role == CTX_* ]] && ((rank == 0)) && unset SLURM_JOB_ID
hostnames=$FAKE_TOD/hostnames-${SLURM_JOB_ID:-local}-0
status=$FAKE_TOD/benchmark_status.0.txt
echo "$role rank $rank on $(hostname) (node ${SLURMD_NODENAME:-?}) in $PWD starting"
mkdir -p "$hostnames"

sleep_until_killed() { sleep 3600 & wait; }

wait_for() {  # wait_for <what> <test command...>: poll until true or FAKE_TIMEOUT passes
    local what=$1 deadline=$((SECONDS + FAKE_TIMEOUT))
    shift
    until "$@"; do
        if ((SECONDS >= deadline)); then
            echo "$role: gave up waiting for $what after ${FAKE_TIMEOUT}s" >&2
            exit 1
        fi
        sleep 0.2
    done
}

publish() {  # publish <file>: host:port, by atomic rename
    printf '%s:%d\n' "$(hostname)" $((20000 + RANDOM % 10000)) >"$1.tmp.$$"
    mv "$1.tmp.$$" "$1"
}

wait_for_status_file() {
    if [[ $linger == "$role" ]]; then
        echo "$role: lingering after the benchmark"
        sleep_until_killed
    fi
    until [[ -e $status ]]; do sleep "$FAKE_POLL"; done
    echo "$role: status file seen, exiting"
}

if [[ $crash == "$role" && ( -z $crash_rank || $crash_rank == "$rank" ) ]]; then
    printf 'loading model\nerror: "weights" missing in \\models\\x\ttab\n' >&2
    echo "$role: crashing with status 3" >&2
    exit 3
fi
[[ $kill_self == "$role" ]] && kill -KILL $$
if [[ $hang == "$role" ]]; then
    echo "$role: hanging"
    sleep_until_killed
fi

case $role in
    GEN_* | CTX_*)
        ((rank == 0)) && publish "$hostnames/$role.txt"
        wait_for_status_file
        ;;
    DISAGG_SERVER)
        workers_ready() {
            local files=("$hostnames"/*.txt)
            [[ -e ${files[0]} ]] && ((${#files[@]} == FAKE_GEN + FAKE_CTX))
        }
        wait_for "$FAKE_GEN gen + $FAKE_CTX ctx workers" workers_ready
        printf 'hostname: %s\nport: 0\nbackend: pytorch\n' "$(hostname)" >"$FAKE_TOD/server_config.0.yaml"
        publish "$hostnames/DISAGG_SERVER.0.addr"
        wait_for_status_file
        ;;
    BENCHMARK)
        server_ready() { [[ -e $hostnames/DISAGG_SERVER.0.addr ]]; }
        wait_for "the disagg server" server_ready
        k=0
        for concurrency in 1 2; do
            echo "Maximum request concurrency: $concurrency" >"$FAKE_TOD/trtllm-benchmark.0.$k.log"
            k=$((k + 1))
        done
        ((write_status)) && echo Done >"$status"
        if ((gen_only)); then
            sentinels() { local i; for ((i = 0; i < FAKE_GEN; i++)); do [[ -e $FAKE_TOD/gen_server_$i.done ]] || return 1; done; }
            wait_for "the gen sentinels" sentinels
            echo "BENCHMARK: gen sentinels seen; gen_server_0.log has $(wc -l <"$FAKE_TOD/gen_server_0.log") lines"
        fi
        exit "$benchmark_exit"
        ;;
    *)
        echo "fake-role: unexpected role $role" >&2
        exit 64
        ;;
esac
