#!/bin/bash
# A tiny role for job-script tests: follows the role protocol (docs/design.md) with files only.
# Misbehaves on demand; each option names the role it applies to (DISAGG_SERVING_TYPE):
#   --crash ROLE          print a few lines (with characters JSON must escape) and exit 3
#   --kill ROLE           kill itself with SIGKILL at start
#   --hang ROLE           never publish an address; sleep until killed
#   --linger ROLE         ignore the status file at the end; sleep until killed
#   --benchmark-exit N    the benchmark exits with N (after writing the status file)
#   --no-status-file      the benchmark exits without writing the status file
set -u
role=${DISAGG_SERVING_TYPE:?DISAGG_SERVING_TYPE is not set}
crash='' kill_self='' hang='' linger='' benchmark_exit=0 write_status=1
while (($#)); do
    case $1 in
        --crash) crash=$2; shift ;;
        --kill) kill_self=$2; shift ;;
        --hang) hang=$2; shift ;;
        --linger) linger=$2; shift ;;
        --benchmark-exit) benchmark_exit=$2; shift ;;
        --no-status-file) write_status=0 ;;
        *) echo "fake-role: unknown option $1" >&2; exit 64 ;;
    esac
    shift
done
rank=${SLURM_PROCID:-0}
echo "$role rank $rank on $(hostname) (node ${SLURMD_NODENAME:-?}) starting"

sleep_until_killed() { sleep 3600 & wait; }

wait_for() {  # wait_for <what> <test command...>: poll until true or the ready timeout passes
    local what=$1 deadline=$((SECONDS + DISAGG_READY_TIMEOUT_SECONDS))
    shift
    until "$@"; do
        if ((SECONDS >= deadline)); then
            echo "$role: gave up waiting for $what after ${DISAGG_READY_TIMEOUT_SECONDS}s" >&2
            exit 1
        fi
        sleep 0.2
    done
}

publish() {  # publish <type>: host:port, by atomic rename as the protocol says
    local file=$DISAGG_HOSTNAMES_DIR/$1.txt
    printf '%s:%d\n' "$(hostname)" $((20000 + RANDOM % 10000)) >"$file.tmp.$$"
    mv "$file.tmp.$$" "$file"
}

status_file_exists() { [[ -e $DISAGG_STATUS_FILE ]]; }

wait_for_status_file() {
    if [[ $linger == "$role" ]]; then
        echo "$role: lingering after the benchmark"
        sleep_until_killed
    fi
    until status_file_exists; do sleep 0.2; done
    echo "$role: status file seen, exiting"
}

if [[ $crash == "$role" ]]; then
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
        ((rank == 0)) && publish "$role"
        wait_for_status_file
        ;;
    DISAGG_SERVER)
        workers_ready() {
            local files=("$DISAGG_HOSTNAMES_DIR"/GEN_*.txt "$DISAGG_HOSTNAMES_DIR"/CTX_*.txt) count=0 f
            for f in "${files[@]}"; do [[ -e $f ]] && count=$((count + 1)); done
            ((count == DISAGG_NUM_GEN_SERVERS + DISAGG_NUM_CTX_SERVERS))
        }
        wait_for "$DISAGG_NUM_GEN_SERVERS gen + $DISAGG_NUM_CTX_SERVERS ctx workers" workers_ready
        {
            echo "hostname: $(hostname)"
            echo "backend: pytorch"
            echo "context_servers: {num_instances: $DISAGG_NUM_CTX_SERVERS}"
            echo "generation_servers: {num_instances: $DISAGG_NUM_GEN_SERVERS}"
        } >"$DISAGG_SERVER_CONFIG"
        publish DISAGG_SERVER
        wait_for_status_file
        ;;
    BENCHMARK)
        server_ready() { [[ -e $DISAGG_HOSTNAMES_DIR/DISAGG_SERVER.txt ]]; }
        wait_for "the disagg server" server_ready
        for concurrency in $DISAGG_CONCURRENCY_LIST; do
            echo "concurrency $concurrency: $((concurrency * DISAGG_MULTI_ROUND)) prompts, isl $DISAGG_INPUT_LENGTH osl $DISAGG_OUTPUT_LENGTH"
            echo "Request throughput (req/s): 1.0"
        done
        ((write_status)) && echo Done >"$DISAGG_STATUS_FILE"
        exit "$benchmark_exit"
        ;;
    *)
        echo "fake-role: unexpected role $role" >&2
        exit 64
        ;;
esac
