#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages, npm packages), starts every server
# on 127.0.0.1, runs every test in Pipeline.sln, stops what it started, and ends with one line "N passed, N failed".
#
# Servers are plug-ins: each scripts/servers/<name>.sh answers
#   install               install what is missing (idempotent; apt/npm)
#   start <state-dir>     start on loopback; print KEY=VALUE lines (the tests' environment) on stdout
#   stop <state-dir>      stop what start started
# Under CI=true a server that cannot be installed or started fails the run; tests needing an absent server fail too.
# The build, the installs and the server start-ups overlap, to keep the whole run short on 2 cores.
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
cleanup() { stop_servers; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== build (in the background) and install ${servers[*]}" >&2
dotnet build "$root/Pipeline.sln" -c Release -nologo > "$work/build.log" 2>&1 & build=$!

# Installs run side by side (apt waits for its lock); each must succeed.
pids=()
for name in "${servers[@]}"; do
  bash "scripts/servers/$name.sh" install > "$work/$name.install.log" 2>&1 & pids+=($!)
done
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then cat "$work/${servers[$i]}.install.log" >&2; echo "install of ${servers[$i]} failed" >&2; exit 1; fi
done

# Start-ups also overlap (Ceph takes ~20 s, the others ~3 s).
pids=()
for name in "${servers[@]}"; do
  mkdir -p "$work/$name"
  bash "scripts/servers/$name.sh" start "$work/$name" > "$work/$name.env" 2> "$work/$name.start.log" & pids+=($!)
  started+=("$name")
done
for i in "${!pids[@]}"; do
  name=${servers[$i]}
  if ! wait "${pids[$i]}"; then cat "$work/$name.start.log" >&2; echo "start of $name failed" >&2; exit 1; fi
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
dotnet test "$root/Pipeline.sln" -c Release --no-build --logger "trx" --results-directory "$work/results" -- RunConfiguration.TestSessionTimeout=3000000 || status=$?

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
