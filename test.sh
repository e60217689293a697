#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages, npm packages), starts every server
# on 127.0.0.1, runs every test in Pipeline.sln, stops what it started, and ends with one line "N passed, N failed".
#
# Servers are plug-ins: each scripts/servers/<name>.sh answers
#   install               install what is missing (idempotent; apt/npm)
#   start <state-dir>     start on loopback; print KEY=VALUE lines (the tests' environment) on stdout
#   stop <state-dir>      stop what start started
# Under CI=true a server that cannot be installed or started fails the run; tests needing an absent server fail too.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
work=$(mktemp -d /tmp/rupload-test.XXXXXX)
started=()

stop_servers() {
  for name in "${started[@]}"; do
    bash "scripts/servers/$name.sh" stop "$work/$name" >/dev/null 2>&1 || echo "warning: stopping $name failed" >&2
  done
}
cleanup() { stop_servers; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

for script in scripts/servers/*.sh; do
  [ -e "$script" ] || continue
  name=$(basename "$script" .sh)
  echo "== server $name: install" >&2
  bash "$script" install >&2
  echo "== server $name: start" >&2
  mkdir -p "$work/$name"
  bash "$script" start "$work/$name" > "$work/$name.env"
  started+=("$name")
  set -a
  # shellcheck disable=SC1090
  . "$work/$name.env"
  set +a
done

export RUPLOAD_TEST_WORK="$work"
status=0
dotnet test "$root/Pipeline.sln" -c Release --logger "trx" --results-directory "$work/results" -- RunConfiguration.TestSessionTimeout=3000000 || status=$?

passed=0; failed=0
for trx in "$work"/results/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "dotnet test failed before reporting results (exit $status)" >&2; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
