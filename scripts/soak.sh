#!/usr/bin/env bash
# The long profile of the fault-injection and load tests (CI runs them short inside `bin/test`):
# SIGKILL loops of SOAK_KILLS kills (default 20) on both stores, the PostgreSQL restart mid-job, two server processes
# with one killed mid-job, and SOAK_LOAD_SECONDS (default 60) of 8-client search load while two jobs index, on both
# stores. Prints the figures (lines starting FAULT-INJECTION, DATABASE-RESTART, TWO-PROCESSES, LOAD, QUEUE).
#
# Usage: scripts/soak.sh [extra Maven arguments]
#   SOAK_KILLS=30 SOAK_LOAD_SECONDS=120 SOAK_SEED=42 scripts/soak.sh
# Needs what bin/test needs: a JDK 21+, PostgreSQL 15 with pgvector on 127.0.0.1:5432 (scripts/install-pgvector.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$ROOT/bin/lib/jdk.sh"
JDK=$(cbm_find_jdk)
cd "$ROOT"
ARGS=(-Dsoak.kills="${SOAK_KILLS:-20}" -Dsoak.loadSeconds="${SOAK_LOAD_SECONDS:-60}")
[ -n "${SOAK_SEED:-}" ] && ARGS+=(-Dsoak.seed="$SOAK_SEED")
rm -rf target/failsafe-reports   # so that only this run's figures are printed
start=$(date +%s)
status=0
JAVA_HOME="$JDK" ./mvnw -B verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='McpFaultInjectionIT,McpLoadIT,McpJobsPostgresIT#sigkillOfTheProcessRunningAJob*' "${ARGS[@]}" "$@" || status=$?
echo "== soak figures ($(($(date +%s) - start)) s, load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
grep -h -E '^(FAULT-INJECTION|DATABASE-RESTART|TWO-PROCESSES|LOAD|QUEUE) ' target/failsafe-reports/*-output.txt || true
exit $status
