#!/usr/bin/env bash
# Installs Debian packages in one serialized step: at most one `apt-get update` (only when a package has no install
# candidate, i.e. the package lists are missing or stale, or when an install from the present lists failed), then one
# `apt-get install` of every missing package. test.sh calls it once with what every server plug-in needs, so two
# installers never race on apt's locks (on empty lists, two side-by-side `apt-get update`s fail one another).
#
#   apt-install.sh PACKAGE...     exit 0 when all are installed; non-zero with the reason on stderr otherwise
set -euo pipefail

log() { echo "[apt-install $(date +%T)] $*" >&2; }
apt() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@"; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }
has_candidate() { apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'; }

missing=()
for p in "$@"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then
  log "already installed: $*"
  exit 0
fi
command -v apt-get >/dev/null || { log "apt-get is not available: install ${missing[*]} by hand"; exit 1; }
[ "$(id -u)" -eq 0 ] || { log "not root: install ${missing[*]} (sudo apt-get install ${missing[*]}) or run as root"; exit 1; }

t0=$SECONDS
updated=false
for p in "${missing[@]}"; do
  if ! has_candidate "$p"; then
    log "package lists missing or stale ($p has no candidate): apt-get update"
    apt update -q >&2 || { log "apt-get update failed"; exit 1; }
    updated=true
    break
  fi
done

log "installing ${missing[*]}"
if ! apt install -y -q --no-install-recommends "${missing[@]}" >&2; then
  $updated && { log "apt-get install ${missing[*]} failed"; exit 1; }
  log "install from the present lists failed; apt-get update, then one more try"
  apt update -q >&2 || { log "apt-get update failed"; exit 1; }
  apt install -y -q --no-install-recommends "${missing[@]}" >&2 || { log "apt-get install ${missing[*]} failed"; exit 1; }
fi
log "installed in $((SECONDS - t0))s"
