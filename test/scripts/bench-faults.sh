#!/usr/bin/env bash
# Reproduces the figures of core/docs/reliability-cluster.md: faults and load on the local SLURM
# cluster (test/scripts/local-slurm.sh start first; needs root for the node, controller and tmpfs
# steps). Each scenario is a JUnit test tagged e2e; this runs the chosen ones and prints the figures.
#
#   test/scripts/bench-faults.sh [SCENARIO] [extra mvn arguments, e.g. -o -Ddisagg.fixtures=DIR]
#
# SCENARIO: node-down | controller-restart | sbatch-refusal | workspace | faults (all five) |
#           load (20 cases at once, followed by 20 processes and by one) | load-batched (the one-follower
#           half alone) | all (default)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

scenario=${1:-all}
[[ $# -gt 0 ]] && shift
case $scenario in
    node-down) tests='ClusterFaultsE2ETest#aNodeFailing*' ;;
    controller-restart) tests='ClusterFaultsE2ETest#theControllerRestarting*' ;;
    sbatch-refusal) tests='ClusterFaultsE2ETest#sbatchRefusing*+aJobSlurm*' ;;
    workspace) tests='ClusterFaultsE2ETest#aReadOnly*+aFull*+aDisk*' ;;
    faults) tests='ClusterFaultsE2ETest' ;;
    load) tests='LoadE2ETest' ;;
    load-batched) tests='LoadE2ETest#oneProcessFollowing*' ;;
    all) tests='ClusterFaultsE2ETest,LoadE2ETest' ;;
    *)
        echo "usage: $0 [node-down|controller-restart|sbatch-refusal|workspace|faults|load|load-batched|all] [mvn arguments]" >&2
        exit 2
        ;;
esac

if ! test/scripts/local-slurm.sh status >/dev/null 2>&1 && ! sinfo -h >/dev/null 2>&1; then
    echo "bench-faults: the local cluster is not running; start it with: test/scripts/local-slurm.sh start" >&2
    exit 3
fi

log=$(mktemp "${TMPDIR:-/tmp}/bench-faults.XXXXXX")
trap 'rm -f "$log"' EXIT
start=$SECONDS
status=0
mvn -q -pl core test -Ddisagg.excludedGroups=none -Dgroups=e2e -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest="$tests" "$@" 2>&1 | tee "$log" || status=$?

echo
echo "== figures ($scenario, $((SECONDS - start)) s, mvn exit $status)"
grep -E '^(FIGURE |LOAD:|controller down|  [0-9T:.-]+Z pid=)' "$log" || true
for trace in core/target/load-e2e/slurm-calls.txt core/target/load-e2e/slurm-calls-batched.txt; do
    if [[ $scenario == load* || $scenario == all ]] && [[ -f $trace ]]; then
        echo "SLURM calls of the load run: $trace"
    fi
done
exit "$status"
