#!/usr/bin/env bash
# Test server plug-in (see test.sh): Azurite's blob service (npm azurite, pinned in azurite/package-lock.json) on a
# free loopback port, data in memory.
#
#   packages            print the Debian packages it needs (curl, for the readiness probe)
#   install             npm ci in scripts/servers/azurite when its node_modules is missing
#   start <state-dir>   start azurite-blob; print RUPLOAD_AZURE_CONNECTION_STRING=... on stdout
#   stop <state-dir>    stop it by pid file and remove the state dir
#
# --skipApiVersionCheck: the .NET SDK's default service version is newer than Azurite's. --loose: accept headers
# Azurite does not implement instead of failing. Logs go to stderr and <state-dir>/azurite.log. Any failure exits
# non-zero with the reason, in and out of CI.
set -euo pipefail

here=$(cd "$(dirname "$0")/azurite" && pwd)
# Azurite's well-known development account (public, documented by Microsoft); not a secret.
ACCOUNT=devstoreaccount1
KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

log() { echo "[azurite $(date +%T)] $*" >&2; }

fail() {
  log "FAILED: $*"
  exit 1
}

safe_dir() {
  case "${1:-}" in ""|/|/tmp|/root|/home|/work|.|..) log "refusing state dir '${1:-}'"; exit 2;; esac
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 30000))
    if port_free "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

install() {
  if [ -x "$here/node_modules/.bin/azurite-blob" ]; then
    log "already installed"
    return 0
  fi
  command -v npm >/dev/null || { log "npm is not installed"; return 1; }
  local t0=$SECONDS
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2
  log "installed in $((SECONDS - t0))s"
}

stop_pid() {
  local pf=$1/azurite.pid pid
  [ -f "$pf" ] || return 0
  pid=$(cat "$pf")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pf"
}

start() {
  local d=$1 t0=$SECONDS port pid
  safe_dir "$d"
  [ -x "$here/node_modules/.bin/azurite-blob" ] || fail "azurite is not installed (run: $0 install)"
  [ -d "$d" ] && { stop_pid "$d"; rm -rf "$d"; }
  mkdir -p "$d"
  port=$(free_port) || fail "no free loopback port"
  # setsid + redirections: the server outlives this script and never writes to our stdout
  # (cd: whatever Azurite writes besides its in-memory data lands in the state dir)
  (cd "$d" && exec setsid "$here/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" \
    --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry \
    </dev/null >"$d/azurite.log" 2>&1) &
  pid=$!
  echo "$pid" >"$d/azurite.pid"
  local end=$((SECONDS + 60))
  until curl -s -o /dev/null "http://127.0.0.1:$port/$ACCOUNT?comp=list"; do
    if ! kill -0 "$pid" 2>/dev/null; then tail -n 20 "$d/azurite.log" >&2 || true; fail "azurite exited"; fi
    if [ $SECONDS -ge $end ]; then tail -n 20 "$d/azurite.log" >&2 || true; stop_pid "$d"; fail "timeout waiting for azurite"; fi
    sleep 0.2
  done
  log "ready on :$port in $((SECONDS - t0))s"
  # single-quoted: test.sh sources these lines, and a connection string is full of ';'
  echo "RUPLOAD_AZURE_CONNECTION_STRING='DefaultEndpointsProtocol=http;AccountName=$ACCOUNT;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$port/$ACCOUNT;'"
}

stop() {
  local d=$1
  safe_dir "$d"
  stop_pid "$d"
  rm -rf "$d"
  log "stopped; $d removed"
}

case "${1:-}" in
  packages) echo "curl" ;;
  install) install || fail "install" ;;
  start) [ $# -eq 2 ] || { echo "usage: $0 start <state-dir>" >&2; exit 2; }; start "$2" ;;
  stop) [ $# -eq 2 ] || { echo "usage: $0 stop <state-dir>" >&2; exit 2; }; stop "$2" ;;
  *) echo "usage: $0 packages | install | start <state-dir> | stop <state-dir>" >&2; exit 2 ;;
esac
