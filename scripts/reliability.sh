#!/usr/bin/env bash
# The long reliability profile: the bad-input matrix, the hostile repository with 100,000 tiny files and a 1,500-deep
# directory chain in a 256 MiB server heap, and the security checks, each against the packaged server. CI runs the same
# tests in their bounded profile as part of `bin/test`; this script is for a quiet machine and takes 10-30 minutes.
# Extra arguments go to Maven, e.g. scripts/reliability.sh -Dreliability.tinyFiles=250000
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$ROOT/bin/lib/jdk.sh"
JDK=$(cbm_find_jdk)
cd "$ROOT"
echo "reliability (long profile) on $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
JAVA_HOME="$JDK" ./mvnw -B verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test='McpBadInputIT,HostileRepoIT,SecurityIT' -Dreliability.profile=long "$@"
# The figures the tests printed (cases, files, heap, time).
grep -h -E '^(bad-input matrix|hostile repository|unchanged re-index|HTTP:)' target/failsafe-reports/*-output.txt || true
