#!/usr/bin/env bash
# A real multi-node SLURM cluster on this one machine, for development and end-to-end tests.
#
#   test/scripts/local-slurm.sh install   apt-get installs slurmctld, slurmd, slurm-client, munge
#   test/scripts/local-slurm.sh start     starts munged, slurmctld and four slurmd (node1..node4)
#   test/scripts/local-slurm.sh stop      stops the daemons it started (refuses while jobs are queued;
#                                    stop --force cancels them first, by id)
#   test/scripts/local-slurm.sh status    prints sinfo and squeue (exit 3 when not running)
#   test/scripts/local-slurm.sh restart-controller [SECONDS]
#                                    stops slurmctld only (if running), keeps it down SECONDS (default 0),
#                                    starts it again; jobs and slurmd keep running (for fault tests)
#
# State, spool and logs live in LOCAL_SLURM_DIR (default: <repo>/.local-slurm). The config is
# also installed as /etc/slurm/slurm.conf (when absent or written by this script) so plain
# sbatch/squeue/srun work from any shell. Needs root (the daemons run as root on loopback).
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE_DIR=${LOCAL_SLURM_DIR:-$REPO_DIR/.local-slurm}
NODE_COUNT=4
GPUS_PER_NODE=4
# More CPUs than the host has (config_overrides): roles of several steps share nodes with --overlap.
CPUS_PER_NODE=16
FIRST_SLURMD_PORT=17001
START_TIMEOUT_SECONDS=${LOCAL_SLURM_START_TIMEOUT:-60}
SYSTEM_CONF_DIR=/etc/slurm
MARKER="# written by disagg scripts/local-slurm.sh; state in: "
MUNGE_KEY=/etc/munge/munge.key

log() { printf 'local-slurm: %s\n' "$*"; }
die() { printf 'local-slurm: error: %s\n' "$*" >&2; exit 1; }

need_root() {
    [[ $(id -u) -eq 0 ]] || die "run as root (the daemons run as root on loopback)"
}

nodes() { local i; for ((i = 1; i <= NODE_COUNT; i++)); do echo "node$i"; done; }

pid_alive() {  # pid_alive <pid file>: the file names a live process
    local pid
    [[ -s $1 ]] || return 1
    pid=$(<"$1")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

ctld_pid_file() { echo "$STATE_DIR/run/slurmctld.pid"; }
slurmd_pid_file() { echo "$STATE_DIR/run/slurmd-$1.pid"; }
munged_pid_file() { echo "$STATE_DIR/run/munged.pid"; }

# The state directory named by the marker of an installed config file (default slurm.conf), or nothing.
installed_config_owner() {
    local file=$SYSTEM_CONF_DIR/${1:-slurm.conf} line
    [[ -f $file ]] || return 0
    line=$(head -n 1 "$file")
    [[ $line == "$MARKER"* ]] && printf '%s\n' "${line#"$MARKER"}"
    return 0
}

missing_commands() {
    local cmd
    for cmd in slurmctld slurmd sbatch srun squeue sinfo scontrol scancel munged; do
        command -v "$cmd" >/dev/null 2>&1 || echo "$cmd"
    done
}

# sinfo --version needs a config, which may not exist yet: ask the package database.
installed_version() { dpkg-query -W -f='slurm ${Version}' slurmctld 2>/dev/null || echo "slurm (version unknown)"; }

cmd_install() {
    if [[ -z $(missing_commands) ]]; then
        log "SLURM and munge are already installed ($(installed_version))"
        return 0
    fi
    need_root
    # A fresh machine may have no package lists yet: update only when apt cannot see slurmctld.
    if ! apt-cache policy slurmctld 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        log "updating the package lists"
        apt-get update -q
    fi
    log "installing slurmctld slurmd slurm-client munge"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurmctld slurmd slurm-client munge
    local still_missing
    still_missing=$(missing_commands)
    [[ -z $still_missing ]] || die "installed, but these commands are still missing: $still_missing"
    log "installed $(installed_version)"
}

write_configs() {
    local host=$1 conf_dir=$STATE_DIR/etc last_port=$((FIRST_SLURMD_PORT + NODE_COUNT - 1))
    mkdir -p "$conf_dir"
    cat >"$conf_dir/slurm.conf" <<EOF
$MARKER$STATE_DIR
ClusterName=disagg-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmctldPort=6817
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$STATE_DIR/log/jobcomp.txt
# Quick teardown: tests cancel and time out jobs on purpose.
KillWait=5
# Schedule a batch job when it is submitted: by default slurmctld may hold sbatch submissions up to
# 3 s to batch them (a high-throughput setting), which here would only add to every case's wall time.
SchedulerParameters=batch_sched_delay=0
StateSaveLocation=$STATE_DIR/state
SlurmdSpoolDir=$STATE_DIR/spool/%n
SlurmctldPidFile=$STATE_DIR/run/slurmctld.pid
SlurmdPidFile=$STATE_DIR/run/slurmd-%n.pid
SlurmctldLogFile=$STATE_DIR/log/slurmctld.log
SlurmdLogFile=$STATE_DIR/log/slurmd-%n.log
GresTypes=gpu
NodeName=node[1-$NODE_COUNT] NodeHostname=$host NodeAddr=127.0.0.1 Port=$FIRST_SLURMD_PORT-$last_port CPUs=$CPUS_PER_NODE RealMemory=2000 Gres=gpu:$GPUS_PER_NODE State=UNKNOWN
PartitionName=batch Nodes=node[1-$NODE_COUNT] Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
# A small partition with a 5-minute limit, for tests of time limits and partition choice.
PartitionName=short Nodes=node[1-2] MaxTime=5 State=UP OverSubscribe=YES
EOF
    cat >"$conf_dir/gres.conf" <<EOF
$MARKER$STATE_DIR
AutoDetect=off
NodeName=node[1-$NODE_COUNT] Name=gpu File=/dev/fakegpu[0-$((GPUS_PER_NODE - 1))]
EOF
}

install_system_config() {
    local file
    for file in slurm.conf gres.conf; do
        if [[ -e $SYSTEM_CONF_DIR/$file && -z $(installed_config_owner "$file") ]]; then
            die "$SYSTEM_CONF_DIR/$file exists and was not written by this script; move it away to use the local cluster"
        fi
    done
    mkdir -p "$SYSTEM_CONF_DIR"
    for file in slurm.conf gres.conf; do
        install -m 644 "$STATE_DIR/etc/$file" "$SYSTEM_CONF_DIR/$file"
    done
}

make_fake_gpus() {
    local i dev
    for ((i = 0; i < GPUS_PER_NODE; i++)); do
        dev=/dev/fakegpu$i
        # A character device like /dev/null: GRES needs a device file per GPU to count it.
        [[ -c $dev ]] || mknod -m 666 "$dev" c 1 3
    done
}

munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
    if munge_works; then
        return 0
    fi
    if [[ ! -s $MUNGE_KEY ]]; then
        log "creating $MUNGE_KEY"
        mkdir -p "$(dirname "$MUNGE_KEY")"
        (umask 077 && head -c 1024 /dev/urandom >"$MUNGE_KEY")
        chown munge:munge "$MUNGE_KEY"
        chmod 400 "$MUNGE_KEY"
    fi
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge:munge /run/munge /var/log/munge /var/lib/munge
    chmod 755 /run/munge
    log "starting munged"
    runuser -u munge -- munged
    # munged writes its pid file under /run/munge; keep a copy so stop ends only the one we started.
    local deadline=$((SECONDS + 10))
    until munge_works; do
        ((SECONDS < deadline)) || die "munged did not start (see /var/log/munge/munged.log)"
        sleep 0.2
    done
    [[ -s /run/munge/munged.pid ]] && cp /run/munge/munged.pid "$(munged_pid_file)"
}

cluster_running() {
    local node
    pid_alive "$(ctld_pid_file)" || return 1
    for node in $(nodes); do
        pid_alive "$(slurmd_pid_file "$node")" || return 1
    done
}

# Running slurmctld/slurmd processes not named by this state directory's pid files.
stray_daemons() {
    local own=() file pid node
    for file in "$(ctld_pid_file)" $(for node in $(nodes); do slurmd_pid_file "$node"; done); do
        pid_alive "$file" && own+=("$(<"$file")")
    done
    for pid in $(pgrep -x slurmctld; pgrep -x slurmd); do
        [[ " ${own[*]} " == *" $pid "* ]] || printf '%s ' "$pid"
    done | sed 's/ $//'
}

wait_for_idle_nodes() {
    local deadline=$((SECONDS + START_TIMEOUT_SECONDS)) idle
    while :; do
        idle=$(sinfo -h -N -p batch -t idle -o '%N' 2>/dev/null | sort -u | wc -l)
        ((idle >= NODE_COUNT)) && return 0
        if ((SECONDS >= deadline)); then
            sinfo -N 2>&1 || true
            die "nodes not idle after ${START_TIMEOUT_SECONDS}s; see $STATE_DIR/log/"
        fi
        sleep 0.5
    done
}

cmd_start() {
    need_root
    [[ -z $(missing_commands) ]] || die "SLURM is not installed; run: $0 install"
    local owner
    owner=$(installed_config_owner)
    if [[ -n $owner && $owner != "$STATE_DIR" ]] && pid_alive "$owner/run/slurmctld.pid"; then
        log "a local cluster is already running from $owner; stop it with: LOCAL_SLURM_DIR='$owner' $0 stop"
        return 0
    fi
    if cluster_running; then
        log "already running (state in $STATE_DIR)"
        sinfo
        return 0
    fi
    local strays
    strays=$(stray_daemons)
    [[ -z $strays ]] || die "SLURM daemons that this checkout did not start are running (pids $strays), e.g. from a \
checkout deleted without '$0 stop'; a second cluster would share their ports. Stop them first: kill $strays"
    local host node
    host=$(hostname -s)
    mkdir -p "$STATE_DIR"/{etc,state,spool,run,log}
    for node in $(nodes); do mkdir -p "$STATE_DIR/spool/$node"; done
    write_configs "$host"
    install_system_config
    make_fake_gpus
    start_munge
    if ! pid_alive "$(ctld_pid_file)"; then
        log "starting slurmctld"
        slurmctld -i
    fi
    for node in $(nodes); do
        if ! pid_alive "$(slurmd_pid_file "$node")"; then
            slurmd -N "$node"
        fi
    done
    log "waiting for $NODE_COUNT idle nodes (up to ${START_TIMEOUT_SECONDS}s)"
    wait_for_idle_nodes
    log "running: $NODE_COUNT nodes x $GPUS_PER_NODE fake GPUs, partitions batch (default) and short"
    sinfo
}

stop_by_pid_file() {  # stop_by_pid_file <name> <pid file>
    local name=$1 file=$2 pid deadline
    pid_alive "$file" || { rm -f "$file"; return 0; }
    pid=$(<"$file")
    log "stopping $name (pid $pid)"
    kill -TERM "$pid"
    deadline=$((SECONDS + 15))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            log "$name did not stop in 15s; killing pid $pid"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    rm -f "$file"
}

queued_jobs() { squeue -h -o '%A' 2>/dev/null | sort -n | tr '\n' ' ' | sed 's/ $//'; }

cancel_jobs() {
    local ids
    ids=$(queued_jobs)
    [[ -n $ids ]] || return 0
    log "cancelling jobs still queued: $ids"
    # shellcheck disable=SC2086 # one argument per job id
    scancel $ids || true
    local deadline=$((SECONDS + 15))
    while [[ -n $(queued_jobs) ]] && ((SECONDS < deadline)); do
        sleep 0.5
    done
}

cmd_stop() {  # cmd_stop [--force]
    need_root
    if pid_alive "$(ctld_pid_file)"; then
        local ids
        ids=$(queued_jobs)
        # The cluster is shared by everyone on the machine: never end others' jobs unasked.
        if [[ -n $ids && ${1:-} != --force ]]; then
            die "jobs are still queued ($ids); wait for them, or run: $0 stop --force (cancels them)"
        fi
        cancel_jobs
    fi
    local node
    for node in $(nodes); do
        stop_by_pid_file "slurmd $node" "$(slurmd_pid_file "$node")"
    done
    stop_by_pid_file slurmctld "$(ctld_pid_file)"
    # Only a munged this script started (its pid was recorded); a system munged stays.
    stop_by_pid_file munged "$(munged_pid_file)"
    log "stopped"
}

controller_answers() { scontrol ping 2>/dev/null | grep -q 'is UP'; }

cmd_restart_controller() {  # cmd_restart_controller [seconds down]
    need_root
    local down=${1:-0} dir pid_file deadline
    [[ $down =~ ^[0-9]+$ ]] || die "restart-controller: expected whole seconds to stay down, got '$down'"
    # The running cluster may come from another checkout: its config names its state directory.
    dir=$(installed_config_owner)
    [[ -n $dir ]] || die "no local cluster's config is installed; start the cluster with: $0 start"
    pid_file=$dir/run/slurmctld.pid
    if pid_alive "$pid_file"; then
        stop_by_pid_file slurmctld "$pid_file"
    else
        # e.g. an earlier restart was interrupted while the controller was down
        log "slurmctld was not running (state in $dir)"
    fi
    if ((down > 0)); then
        log "controller down for ${down}s"
        sleep "$down"
    fi
    log "starting slurmctld"
    # As cmd_start does; the saved state (StateSaveLocation) brings the jobs back.
    slurmctld -i
    deadline=$((SECONDS + START_TIMEOUT_SECONDS))
    until controller_answers; do
        ((SECONDS < deadline)) || die "slurmctld did not answer within ${START_TIMEOUT_SECONDS}s; see $dir/log/slurmctld.log"
        sleep 0.2
    done
    log "slurmctld is back (pid $(<"$pid_file"))"
}

cmd_status() {
    if ! cluster_running; then
        log "not running from $STATE_DIR"
        local owner
        owner=$(installed_config_owner)
        [[ -n $owner && $owner != "$STATE_DIR" ]] && pid_alive "$owner/run/slurmctld.pid" &&
            log "(a local cluster is running from $owner)"
        exit 3
    fi
    log "running (state in $STATE_DIR)"
    sinfo
    squeue
}

case ${1:-} in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop "${2:-}" ;;
    status) cmd_status ;;
    restart-controller) cmd_restart_controller "${2:-0}" ;;
    *)
        echo "usage: $0 install|start|stop [--force]|status|restart-controller [SECONDS]" >&2
        exit 2
        ;;
esac
