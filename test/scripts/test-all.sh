#!/usr/bin/env bash
# Runs every test of the project: core unit tests, the Jenkins library's pipeline tests, and the
# end-to-end tests on the project's local SLURM cluster (installed and started here if needed).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

test/scripts/local-slurm.sh install
test/scripts/local-slurm.sh start

# report.html is also checked in headless Chromium (ReportInBrowserTest): Debian's package.
if ! command -v chromium >/dev/null 2>&1; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "test-all.sh: chromium is missing and installing it needs root (apt-get install -y chromium)" >&2
        exit 1
    fi
    apt-get update -qq
    # not 'apt-cache ... | grep -q': under pipefail, grep quitting early can fail the pipeline (SIGPIPE)
    [[ $(apt-cache policy chromium) == *"Candidate: "[0-9]* ]] || {
        echo "test-all.sh: no chromium package in the configured apt sources" >&2
        exit 1
    }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
# the browser test must run here, not skip
export DISAGG_REQUIRE_CHROMIUM=1

# -Ddisagg.excludedGroups=none: include the tests tagged e2e (excluded from plain 'mvn test').
mvn -B -ntp verify -Ddisagg.excludedGroups=none "$@"
