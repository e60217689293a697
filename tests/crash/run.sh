#!/usr/bin/env bash
# The crash matrix: for every checkpoint store (dir:, sqlite:, redis:) x target (file://, s3:// on Ceph RGW,
# az:// on Azurite), N seeded runs that SIGKILL the real `rupload upload` 0-3 times at random moments, resume it,
# and verify the object byte for byte, the checkpoint gone and nothing incomplete left on the target.
#
#   tests/crash/run.sh --runs N --seed S [--combos all|file:local,redis:s3,sqlite:*,...] [harness options]
#
# Harness options: --min-kills K --max-kills K (default 0-3), --max-size 64MiB, --verbose (a block per run).
# Prints a line per combination, then one summary line; exits non-zero on any mismatch, orphan, leftover checkpoint or
# failure. Servers: uses RUPLOAD_REDIS, RUPLOAD_S3_*, RUPLOAD_AZURE_CONNECTION_STRING when set (as ./test.sh exports
# them); otherwise starts the servers the chosen combinations need with the scripts/servers/*.sh plug-ins (the same
# install/start/stop protocol as ./test.sh) in a temporary folder and stops them at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

combos=all
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --combos) combos=$2; args+=("$1" "$2"); shift 2;;
    --verbose) args+=("$1"); shift;;
    --runs|--seed|--min-kills|--max-kills|--max-size) args+=("$1" "$2"); shift 2;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2;;
  esac
done

# Which servers the combinations need, and the variable that says one is already running.
needs() { [ "$combos" = all ] || [[ ",$combos," =~ $1 ]]; }
declare -A server_var=([redis]=RUPLOAD_REDIS [ceph-rgw]=RUPLOAD_S3_ENDPOINT [azurite]=RUPLOAD_AZURE_CONNECTION_STRING)
wanted=()
needs ',(redis|\*):' && wanted+=(redis)
needs ':(s3|\*),' && wanted+=(ceph-rgw)
needs ':(azure|\*),' && wanted+=(azurite)

work=""
started=()
cleanup() {
  for name in "${started[@]}"; do
    bash "scripts/servers/$name.sh" stop "$work/$name" >/dev/null 2>&1 || echo "warning: stopping $name failed" >&2
  done
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for name in "${wanted[@]}"; do
  var=${server_var[$name]}
  if [ -n "${!var:-}" ]; then continue; fi
  [ -n "$work" ] || work=$(mktemp -d /tmp/rupload-crash-servers.XXXXXX)
  echo "== $var is not set: starting $name (scripts/servers/$name.sh)" >&2
  bash "scripts/servers/$name.sh" install >&2
  mkdir -p "$work/$name"
  started+=("$name")
  # Ceph keeps objects in memory and frees deleted ones only after its garbage collector's minute-long wait: give the
  # matrix's stream of uploads room (the plug-in's default of 2 GiB fills up in a long run, and a full cluster blocks).
  RUPLOAD_RGW_MEMSTORE_BYTES=${RUPLOAD_RGW_MEMSTORE_BYTES:-8589934592} \
    CI=true bash "scripts/servers/$name.sh" start "$work/$name" > "$work/$name.env"
  set -a
  # shellcheck disable=SC1090
  . "$work/$name.env"
  set +a
done

echo "== publishing the CLI as it ships (Release, this host's RID, ReadyToRun) and building the harness" >&2
cli=$(bash "$root/scripts/publish-cli.sh")
dotnet build "$root/tests/ResumableUpload.CrashMatrix" -c Release -v q -nologo >&2

dotnet "$root/tests/ResumableUpload.CrashMatrix/bin/Release/net10.0/ResumableUpload.CrashMatrix.dll" \
  --rupload "$cli/rupload.dll" "${args[@]}"
