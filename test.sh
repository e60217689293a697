#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages, npm packages), starts every server
# on 127.0.0.1, runs every test in Pipeline.sln, stops what it started, and ends with one line "N passed, N failed".
#
# Servers are plug-ins: each scripts/servers/<name>.sh answers
#   packages              print the Debian packages it needs (test.sh installs them all in one apt step)
#   install               install the rest of what is missing (idempotent; npm), or check it
#   start <state-dir>     start on loopback; print KEY=VALUE lines (the tests' environment) on stdout
#   stop <state-dir>      stop what start started
# A server that cannot be installed or started ends the run with the reason (in and out of CI); a test needing an
# absent server fails, never skips. The build overlaps the installs and the start-ups; the Debian installs are
# serialized (one apt step for every plug-in's packages), then each plug-in's install and start-up overlap the others'.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
work=$(mktemp -d /tmp/rupload-test.XXXXXX)
started=()
servers=()
for script in scripts/servers/*.sh; do [ -e "$script" ] && servers+=("$(basename "$script" .sh)"); done

stop_servers() {
  for name in "${started[@]}"; do
    bash "scripts/servers/$name.sh" stop "$work/$name" >/dev/null 2>&1 || echo "warning: stopping $name failed" >&2
  done
}
# RUPLOAD_TEST_RESULTS=<dir> keeps the .trx files (per-test durations) after the run.
keep_results() { if [ -n "${RUPLOAD_TEST_RESULTS:-}" ] && [ -d "$work/results" ]; then mkdir -p "$RUPLOAD_TEST_RESULTS" && cp "$work"/results/*.trx "$RUPLOAD_TEST_RESULTS"/ 2>/dev/null || true; fi; }
cleanup() { keep_results; stop_servers; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== build (in the background) and install what ${servers[*]} need" >&2
dotnet build "$root/Pipeline.sln" -c Release -nologo > "$work/build.log" 2>&1 & build=$!

# setup_failed <what> <log>: the run ends here with the reason, in and out of CI, instead of reporting dozens of
# test failures for one missing package or server.
setup_failed() {
  [ -f "$2" ] && tail -n 40 "$2" >&2
  echo "test.sh: $1; no tests were run. Fix the cause above and run ./test.sh again." >&2
  kill "$build" 2>/dev/null || true
  echo "0 passed, 1 failed"
  exit 1
}

# Debian packages: every plug-in's in one serialized apt step (one update at most, one install), never side by side.
packages=()
for name in "${servers[@]}"; do
  # shellcheck disable=SC2207
  packages+=($(bash "scripts/servers/$name.sh" packages))
done
if [ ${#packages[@]} -gt 0 ]; then
  bash scripts/apt-install.sh "${packages[@]}" > "$work/apt.log" 2>&1 \
    || setup_failed "installing the Debian packages ${packages[*]} failed" "$work/apt.log"
  grep '^\[apt-install' "$work/apt.log" >&2 || true
fi
# Then each plug-in's own install (npm for Azurite; a check for the others) and its start-up, the plug-ins side by
# side: Ceph's start-up (~40 s) no longer waits for Azurite's npm ci (2 min on a fresh clone, 2026-12-02).
pids=()
for name in "${servers[@]}"; do
  mkdir -p "$work/$name"
  (
    bash "scripts/servers/$name.sh" install > "$work/$name.install.log" 2>&1 || { touch "$work/$name.install-failed"; exit 1; }
    bash "scripts/servers/$name.sh" start "$work/$name" > "$work/$name.env" 2> "$work/$name.start.log"
  ) & pids+=($!)
  started+=("$name")
done
for i in "${!pids[@]}"; do
  name=${servers[$i]}
  if ! wait "${pids[$i]}"; then
    [ -e "$work/$name.install-failed" ] && setup_failed "installing $name failed" "$work/$name.install.log"
    setup_failed "starting $name failed" "$work/$name.start.log"
  fi
  cat "$work/$name.start.log" >&2
  set -a
  # shellcheck disable=SC1090
  . "$work/$name.env"
  set +a
done

if ! wait "$build"; then cat "$work/build.log"; echo "0 passed, 1 failed"; exit 1; fi
echo "== build done; running the tests" >&2

export RUPLOAD_TEST_WORK="$work"
status=0
# dotnet test runs the solution's test projects two at a time (one per core), in the order Pipeline.sln lists them:
# the longest first (Cli, Reliability, Orleans), so the short ones fill the gaps at the end instead of delaying them.
dotnet test "$root/Pipeline.sln" -c Release --no-build --blame-hang --blame-hang-timeout 4m --blame-hang-dump-type none --logger "trx" --results-directory "$work/results" -- RunConfiguration.TestSessionTimeout=3000000 || status=$?

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
