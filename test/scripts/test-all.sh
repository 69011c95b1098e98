#!/usr/bin/env bash
# Runs every test of the project: core unit tests, the Jenkins library's pipeline tests, and the
# end-to-end tests on the project's local SLURM cluster (installed and started here if needed).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

test/scripts/local-slurm.sh install
test/scripts/local-slurm.sh start

# -Ddisagg.excludedGroups=none: include the tests tagged e2e (excluded from plain 'mvn test').
mvn -B -ntp verify -Ddisagg.excludedGroups=none "$@"
