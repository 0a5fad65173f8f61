#!/usr/bin/env bash
# Makes sure the local PostgreSQL cluster (Debian/Ubuntu postgresql-common layout) accepts connections,
# starting it with pg_ctlcluster if needed.
#
# Usage: scripts/pg-ensure-running.sh
# Prints one line on stdout: "<version> <cluster> <port> <owner>", e.g. "15 main 5432 postgres".
# Progress and errors go to stderr.
#
# Environment:
#   PG_CLUSTER        cluster to use as "<version>/<name>" (default: the one on port ${PGPORT:-5432},
#                     else the only/first one pg_lsclusters lists)
#   PG_SOCKET_DIR     unix socket directory (default /var/run/postgresql)
#   PG_START_TIMEOUT  seconds to wait for the server after starting it (default 60)
set -euo pipefail

log() { printf 'pg-ensure-running: %s\n' "$*" >&2; }
die() { printf 'pg-ensure-running: ERROR: %s\n' "$*" >&2; exit 1; }

readonly SOCKET_DIR="${PG_SOCKET_DIR:-/var/run/postgresql}"
readonly START_TIMEOUT="${PG_START_TIMEOUT:-60}"

command -v pg_lsclusters >/dev/null 2>&1 \
  || die "pg_lsclusters not found: PostgreSQL (Debian postgresql-common) is not installed." \
         "Install it with 'apt-get install -y postgresql' (Debian/Ubuntu) and re-run."

# Columns of 'pg_lsclusters -h': version name port status owner datadir logfile
clusters="$(pg_lsclusters -h)"
[[ -n "$clusters" ]] \
  || die "no PostgreSQL cluster exists (pg_lsclusters lists none)." \
         "Create one with 'pg_createcluster <version> main --start' and re-run."

if [[ -n "${PG_CLUSTER:-}" ]]; then
  line="$(awk -v v="${PG_CLUSTER%%/*}" -v n="${PG_CLUSTER#*/}" '$1 == v && $2 == n' <<<"$clusters")"
  [[ -n "$line" ]] || die "PG_CLUSTER=$PG_CLUSTER is not a cluster; pg_lsclusters lists:"$'\n'"$clusters"
else
  line="$(awk -v p="${PGPORT:-5432}" '$3 == p' <<<"$clusters" | head -n 1)"
  [[ -n "$line" ]] || line="$(head -n 1 <<<"$clusters")"
fi
read -r version name port status owner _datadir logfile <<<"$line"

if pg_isready -q -h "$SOCKET_DIR" -p "$port"; then
  printf '%s %s %s %s\n' "$version" "$name" "$port" "$owner"
  exit 0
fi

log "cluster $version/$name (port $port, status $status) is not accepting connections; starting it"
start=(pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start)
if [[ $EUID -ne 0 && "$(id -un)" != "$owner" ]]; then
  command -v sudo >/dev/null 2>&1 \
    || die "starting the cluster needs root or user '$owner', and sudo is not available." \
           "Run as root: ${start[*]}"
  start=(sudo "${start[@]}")
fi
# pg_ctlcluster fails when the server is already starting up; the readiness wait below decides.
"${start[@]}" >&2 || log "'${start[*]}' exited with $?; waiting for the server anyway"

deadline=$((SECONDS + START_TIMEOUT))
until pg_isready -q -h "$SOCKET_DIR" -p "$port"; do
  if ((SECONDS >= deadline)); then
    log "last lines of $logfile:"
    tail -n 20 "$logfile" >&2 2>/dev/null || true
    die "cluster $version/$name did not accept connections on $SOCKET_DIR port $port within" \
        "${START_TIMEOUT}s. Check the log above, fix the cause, then run: ${start[*]}"
  fi
  sleep 0.2
done
log "cluster $version/$name is accepting connections on port $port"
printf '%s %s %s %s\n' "$version" "$name" "$port" "$owner"
