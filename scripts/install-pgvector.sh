#!/usr/bin/env bash
# Installs the pgvector extension into the local PostgreSQL server (Debian/Ubuntu) and verifies it
# with a scratch database and a tiny HNSW query. Idempotent: when pgvector already works it only
# verifies (about a second) and prints one line.
#
# Usage: scripts/install-pgvector.sh [--force]
#   --force   rebuild and reinstall even when pgvector already works
# Prints the result ("pgvector <version> ...") on stdout; progress and errors go to stderr.
#
# How: installs postgresql-<major>-pgvector when the system's apt sources offer it (Ubuntu, PGDG).
# Otherwise (Debian bookworm) it builds Debian trixie's pgvector source package: the source is fetched
# with a PRIVATE apt configuration (the system's /etc/apt sources are not touched), then built with
# PGXS against postgresql-server-dev-<major> for the major version of the RUNNING server.
#
# Environment:
#   PGVECTOR_WORK_DIR  download/build directory (default ${XDG_CACHE_HOME:-$HOME/.cache}/codebase-mcp/pgvector)
#   PGVECTOR_SUITE     Debian suite to take the source package from (default trixie)
#   PGVECTOR_MIRROR    Debian mirror (default http://deb.debian.org/debian)
#   PGVECTOR_OPTFLAGS  compiler tuning passed as OPTFLAGS (default empty = portable build like Debian's
#                      package; pgvector's own default would be -march=native)
#   PG_CLUSTER, PG_SOCKET_DIR, PG_START_TIMEOUT  see scripts/pg-ensure-running.sh
set -euo pipefail

log() { printf 'install-pgvector: %s\n' "$*" >&2; }
die() { printf 'install-pgvector: ERROR: %s\n' "$*" >&2; exit 1; }

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly SOCKET_DIR="${PG_SOCKET_DIR:-/var/run/postgresql}"
readonly WORK="${PGVECTOR_WORK_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/codebase-mcp/pgvector}"

force=0
case "${1:-}" in
  "") ;;
  --force) force=1 ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument '$1'; usage: $0 [--force]" ;;
esac

if [[ ! -r /etc/debian_version ]] || ! command -v apt-get >/dev/null 2>&1; then
  die "only Debian/Ubuntu (apt) is supported by this script. On other systems install pgvector for the" \
      "PostgreSQL major version of your server yourself: a distribution package (e.g. 'dnf install" \
      "pgvector_<major>' from the PGDG yum repository, 'brew install pgvector'), or from source:" \
      "'git clone --branch v0.8.0 https://github.com/pgvector/pgvector && cd pgvector && make" \
      "PG_CONFIG=<server's pg_config> && sudo make install PG_CONFIG=<same>'. Then 'CREATE EXTENSION vector'."
fi

if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 \
    || die "must run as root (installs packages and files into PostgreSQL's directories) and sudo is" \
           "not available. Re-run it as root."
  log "not root; re-running with sudo"
  exec sudo -- env \
    ${PGVECTOR_WORK_DIR:+PGVECTOR_WORK_DIR="$PGVECTOR_WORK_DIR"} \
    ${PGVECTOR_SUITE:+PGVECTOR_SUITE="$PGVECTOR_SUITE"} \
    ${PGVECTOR_MIRROR:+PGVECTOR_MIRROR="$PGVECTOR_MIRROR"} \
    ${PGVECTOR_OPTFLAGS:+PGVECTOR_OPTFLAGS="$PGVECTOR_OPTFLAGS"} \
    ${PG_CLUSTER:+PG_CLUSTER="$PG_CLUSTER"} \
    ${PG_SOCKET_DIR:+PG_SOCKET_DIR="$PG_SOCKET_DIR"} \
    ${PG_START_TIMEOUT:+PG_START_TIMEOUT="$PG_START_TIMEOUT"} \
    bash "$0" "$@"
fi

export DEBIAN_FRONTEND=noninteractive
readonly APT_LOCK_WAIT=(-o DPkg::Lock::Timeout=300)

# ---------------------------------------------------------------- server
read -r CLUSTER_VERSION CLUSTER_NAME PORT OWNER < <("$SCRIPT_DIR/pg-ensure-running.sh") \
  || die "could not make sure PostgreSQL is running (see the message above)"

# psql as the cluster owner over the local socket (peer auth), independent of PGHOST/PGUSER.
psql_in() {
  local db="$1"
  shift
  (cd / && PGOPTIONS='-c client_min_messages=warning' runuser -u "$OWNER" -- psql -X -q -At -v ON_ERROR_STOP=1 \
    -h "$SOCKET_DIR" -p "$PORT" -U "$OWNER" -d "$db" "$@")
}

version_num="$(psql_in postgres -c 'SHOW server_version_num')" \
  || die "cannot query the server of cluster $CLUSTER_VERSION/$CLUSTER_NAME on port $PORT as '$OWNER'"
MAJOR=$((version_num / 10000))
readonly MAJOR
readonly PG_CONFIG="/usr/lib/postgresql/$MAJOR/bin/pg_config"
readonly WHERE="PostgreSQL $MAJOR (cluster $CLUSTER_VERSION/$CLUSTER_NAME, port $PORT)"

# ---------------------------------------------------------------- verification
# Creates a scratch database, CREATE EXTENSION vector, runs an HNSW cosine query that must use the
# index and find the right row, drops the database. Sets EXTVERSION. Not run in a subshell, so that the
# EXIT trap drops the scratch database whatever happens.
scratch_db=""
EXTVERSION=""
drop_scratch_db() {
  if [[ -n "$scratch_db" ]]; then
    psql_in postgres -c "DROP DATABASE IF EXISTS \"$scratch_db\"" >&2 \
      || log "could not drop scratch database $scratch_db; drop it by hand"
    scratch_db=""
  fi
}
trap drop_scratch_db EXIT

verify() {
  local query plan nearest extversion
  scratch_db="codebase_mcp_pgvector_check_$$"
  psql_in postgres -c "DROP DATABASE IF EXISTS \"$scratch_db\"" -c "CREATE DATABASE \"$scratch_db\"" >&2 \
    || { log "cannot create scratch database $scratch_db"; return 1; }
  psql_in "$scratch_db" >&2 <<'SQL' || { log "CREATE EXTENSION vector / HNSW index failed"; return 1; }
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE t (id int PRIMARY KEY, v vector(3));
CREATE INDEX ON t USING hnsw (v vector_cosine_ops);
INSERT INTO t VALUES (1, '[0,1,0]'), (2, '[0.9,0.1,0]'), (3, '[0,0,1]'), (4, '[-1,0,0]');
SQL
  query="SELECT id FROM t ORDER BY v <=> '[1,0,0]' LIMIT 1"
  plan="$(psql_in "$scratch_db" -c 'SET enable_seqscan = off' -c "EXPLAIN (COSTS OFF) $query")" \
    || { log "EXPLAIN of the HNSW query failed"; return 1; }
  grep -q 'Index Scan using t_v_idx' <<<"$plan" \
    || { log "the kNN query does not use the HNSW index; plan:"$'\n'"$plan"; return 1; }
  nearest="$(psql_in "$scratch_db" -c 'SET enable_seqscan = off' -c "$query")" \
    || { log "the HNSW query failed"; return 1; }
  [[ "$nearest" == 2 ]] || { log "the HNSW query returned id '$nearest', expected 2"; return 1; }
  extversion="$(psql_in "$scratch_db" -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'")" \
    || { log "cannot read the extension version"; return 1; }
  [[ -n "$extversion" ]] || { log "pg_extension has no 'vector' row"; return 1; }
  drop_scratch_db
  EXTVERSION="$extversion"
}

available="$(psql_in postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'")"
if ((force == 0)) && [[ -n "$available" ]]; then
  if verify; then
    printf 'pgvector %s already installed in %s; verified\n' "$EXTVERSION" "$WHERE"
    exit 0
  fi
  log "pgvector $available is present but does not work (see above); reinstalling"
fi

# ---------------------------------------------------------------- helpers
has_candidate() { # package offered by the system's apt sources?
  local candidate
  candidate="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  [[ -n "$candidate" && "$candidate" != "(none)" ]]
}

system_apt_updated=0
system_apt_update() {
  ((system_apt_updated)) && return 0
  log "apt-get update (system sources)"
  apt-get "${APT_LOCK_WAIT[@]}" -qq update >&2 \
    || die "'apt-get update' failed (see above); fix the system's apt sources or network and re-run"
  system_apt_updated=1
}

apt_get_logged() { # apt-get ARGS... with its (long) output in $WORK/apt.log, shown on failure
  mkdir -p "$WORK"
  if ! apt-get "${APT_LOCK_WAIT[@]}" -q "$@" >"$WORK/apt.log" 2>&1; then
    tail -n 30 "$WORK/apt.log" >&2
    log "'apt-get $*' failed (last lines above, full log $WORK/apt.log)"
    return 1
  fi
}

apt_install() { # apt_install PACKAGE... ; refreshes the system lists once when needed
  local pkg
  for pkg in "$@"; do has_candidate "$pkg" || system_apt_update; done
  for pkg in "$@"; do
    has_candidate "$pkg" || die "package $pkg is not available from this system's apt sources." \
      "For a PostgreSQL from apt.postgresql.org add the PGDG repository; otherwise install PostgreSQL" \
      "$MAJOR from your distribution and re-run."
  done
  log "apt-get install $*"
  if ! apt_get_logged install -y --no-install-recommends "$@"; then
    ((system_apt_updated)) && die "installing $* failed; fix the cause shown above and re-run"
    log "refreshing the package lists and retrying"
    system_apt_update
    apt_get_logged install -y --no-install-recommends "$@" \
      || die "installing $* failed; fix the cause shown above and re-run"
  fi
}

# ---------------------------------------------------------------- install
install_binary_package() {
  apt_install "postgresql-$MAJOR-pgvector"
}

build_from_debian_source() {
  local work="$WORK"
  local suite="${PGVECTOR_SUITE:-trixie}" mirror="${PGVECTOR_MIRROR:-http://deb.debian.org/debian}"
  local apt_dir="$work/apt" src_dir="$work/src" build_dir="$work/build" tarball
  # Private apt configuration: own sources file, lists and caches; the system's are untouched.
  local private_apt=(
    -o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=/dev/null
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
    -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root
    -o Acquire::Languages=none
  )

  # Build dependencies: PGXS and server headers for the running major version, a C toolchain.
  if [[ ! -x "$PG_CONFIG" || ! -f "$("$PG_CONFIG" --pgxs 2>/dev/null)" ]] \
    || [[ ! -f "$("$PG_CONFIG" --includedir-server 2>/dev/null)/postgres.h" ]]; then
    apt_install "postgresql-server-dev-$MAJOR"
  fi
  if ! command -v gcc >/dev/null 2>&1 || ! command -v make >/dev/null 2>&1; then
    apt_install build-essential
  fi

  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$src_dir"
  tarball="$(find "$src_dir" -maxdepth 1 -name 'pgvector_*.orig.tar.gz' | sort -V | tail -n 1)"
  if [[ -n "$tarball" ]]; then
    log "using the already downloaded $(basename "$tarball")"
  else
    printf 'deb-src %s %s main\n' "$mirror" "$suite" >"$apt_dir/sources.list"
    log "apt-get update (private config: deb-src $mirror $suite main)"
    apt-get "${private_apt[@]}" -qq update >&2 \
      || die "'apt-get update' with the private source list $apt_dir/sources.list failed (see above)." \
             "Check network access to $mirror (or set PGVECTOR_MIRROR) and re-run."
    log "apt-get source --download-only pgvector ($suite)"
    (cd "$src_dir" && apt-get "${private_apt[@]}" -qq source --download-only pgvector >&2) \
      || die "'apt-get source --download-only pgvector' from $suite failed (see above)"
    tarball="$(find "$src_dir" -maxdepth 1 -name 'pgvector_*.orig.tar.gz' | sort -V | tail -n 1)"
    [[ -n "$tarball" ]] || die "apt-get source downloaded no pgvector_*.orig.tar.gz into $src_dir"
  fi

  rm -rf "$build_dir"
  mkdir -p "$build_dir"
  tar -xzf "$tarball" -C "$build_dir" --strip-components=1 \
    || die "cannot unpack $tarball; delete $src_dir and re-run to download it again"
  [[ -f "$build_dir/vector.control" ]] || die "$tarball does not look like pgvector (no vector.control)"

  local make_args=(-C "$build_dir" "PG_CONFIG=$PG_CONFIG" "OPTFLAGS=${PGVECTOR_OPTFLAGS:-}")
  log "building $(basename "$tarball" .orig.tar.gz) against $PG_CONFIG (log: $work/build.log)"
  if ! { make "${make_args[@]}" -j"$(nproc)" && make "${make_args[@]}" install; } >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log" >&2
    die "building/installing pgvector failed (last lines above, full log $work/build.log)"
  fi
}

if has_candidate "postgresql-$MAJOR-pgvector"; then
  install_binary_package
else
  build_from_debian_source
fi

verify || die "pgvector was installed but the verification failed (see above)"
printf 'pgvector %s installed in %s; verified\n' "$EXTVERSION" "$WHERE"
