#!/usr/bin/env bash
# Deploys a release bundle to the application servers.
#
# Usage: deploy.sh [-n] [-e ENV] VERSION
set -euo pipefail

readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly RELEASES_DIR="/srv/app/releases"
KEEP_RELEASES=5
DRY_RUN=false

# Prints a timestamped message to stderr.
log() {
  printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
}

die() {
  log "error: $*"
  exit 1
}

# Runs a command on a host, or only prints it in dry-run mode.
remote() {
  local host="$1"
  shift
  if [[ "$DRY_RUN" == true ]]; then
    log "[dry-run] ssh $host $*"
  else
    ssh -o BatchMode=yes "$host" "$@"
  fi
}

# Removes all but the newest $KEEP_RELEASES releases on a host.
function prune_releases {
  local host="$1"
  remote "$host" "ls -1dt $RELEASES_DIR/* | tail -n +$((KEEP_RELEASES + 1)) | xargs -r rm -rf"
}

# Deploys VERSION to every host of the environment, one host at a time:
# upload, unpack, switch the symlink, restart, health check, and roll back
# the host when the health check fails.
deploy() {
  local env="$1" version="$2"
  local hosts_file="$SCRIPT_DIR/hosts/$env"
  [[ -f "$hosts_file" ]] || die "unknown environment '$env' (no $hosts_file)"
  local bundle="$SCRIPT_DIR/dist/app-$version.tar.gz"
  [[ -f "$bundle" ]] || die "bundle $bundle not found; build it first"

  local checksum
  checksum="$(sha256sum "$bundle" | cut -d' ' -f1)"
  log "deploying $version ($checksum) to $env"

  local failed=()
  while read -r host; do
    [[ -z "$host" || "$host" == \#* ]] && continue
    log "== $host"
    local target="$RELEASES_DIR/$version"
    local previous
    previous="$(remote "$host" "readlink -f /srv/app/current" || true)"

    # refuse hosts that are short of disk space: a half-unpacked release is worse than none
    local free_kb
    free_kb="$(remote "$host" "df -Pk $RELEASES_DIR | awk 'NR==2 {print \$4}'" || echo 0)"
    if [[ "$DRY_RUN" != true && "${free_kb:-0}" -lt 1048576 ]]; then
      log "$host has only ${free_kb} KB free, skipping"
      failed+=("$host")
      continue
    fi

    if [[ "$DRY_RUN" != true ]]; then
      scp -q "$bundle" "$host:/tmp/app-$version.tar.gz" || { failed+=("$host"); continue; }
    fi
    remote "$host" "mkdir -p $target && tar -xzf /tmp/app-$version.tar.gz -C $target"
    remote "$host" "echo $checksum > $target/CHECKSUM"
    remote "$host" "ln -sfn $target /srv/app/current"
    remote "$host" "sudo systemctl restart app"

    local healthy=false
    for attempt in 1 2 3 4 5; do
      if [[ "$DRY_RUN" == true ]] || remote "$host" "curl -fsS http://localhost:8080/healthz >/dev/null"; then
        healthy=true
        break
      fi
      log "$host not healthy yet (attempt $attempt)"
      sleep $((attempt * 2))
    done

    if [[ "$healthy" != true ]]; then
      log "$host failed its health check, rolling back"
      if [[ -n "$previous" ]]; then
        remote "$host" "ln -sfn $previous /srv/app/current && sudo systemctl restart app"
      fi
      failed+=("$host")
      continue
    fi
    prune_releases "$host"
  done < "$hosts_file"

  if ((${#failed[@]} > 0)); then
    die "deployment failed on: ${failed[*]}"
  fi
  log "deployed $version to $env"
  if [[ -n "${SLACK_WEBHOOK:-}" && "$DRY_RUN" != true ]]; then
    curl -fsS -X POST -H 'content-type: application/json' \
      -d "{\"text\": \"deployed $version to $env\"}" "$SLACK_WEBHOOK" >/dev/null || log "notification failed"
  fi
}

ENVIRONMENT=staging
while getopts "ne:" opt; do
  case "$opt" in
    n) DRY_RUN=true ;;
    e) ENVIRONMENT="$OPTARG" ;;
    *) die "usage: deploy.sh [-n] [-e ENV] VERSION" ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -eq 1 ]] || die "usage: deploy.sh [-n] [-e ENV] VERSION"

deploy "$ENVIRONMENT" "$1"
