#!/usr/bin/env bash
# End-to-end throughput and memory of rupload against the ceilings (read + CRC-64, cp) and the peers (TransferUtility,
# rclone, aws s3 cp) on the same Ceph RGW, in one run with the cases alternating. See benchmarks/README.md.
#
#   benchmarks/e2e/run.sh --size 2GiB [--runs 3] [--part-size 8MiB] [--threads 3] [--sweep 256MiB,1GiB,4GiB]
#                         [--cases rupload-null,ceiling-crc,...] [--dir /tmp/rupload-e2e] [--out report.md]
#   benchmarks/e2e/run.sh --batch [--runs 3] [--files-in-flight 16] [--threads 16] [--part-size 8MiB]
#                         [--small-files 10000] [--mixed-size 2GiB] [--many-files 1000000] [--keep-trees]
#                         [--cases batch-small-rupload,...] [--dir /tmp/rupload-e2e] [--out report.md]
#   benchmarks/e2e/run.sh --stream [--size 2GiB] [--runs 1] [--part-size 8MiB] [--threads 3]
#                         [--cases stream-rupload,stream-peer-tu,stream-peer-aws,stream-peer-rclone,stream-rupload-replay]
#     (stdin: cat file | uploader, against S3 only; aws from PATH, rclone from Debian if apt installs it)
#   benchmarks/e2e/run.sh --bandwidth [--size 256MiB] [--caps 10MiB,25MiB,50MiB] [--runs 1] [--part-size 8MiB] [--threads 3]
#     (--max-bandwidth: achieved rate against each cap, to a local folder: no server is started)
#
# Servers: a server whose environment is already exported (RUPLOAD_S3_*, RUPLOAD_AZURE_CONNECTION_STRING) is used as
# it is; otherwise this script starts it with scripts/servers/<name>.sh (state under <dir>/servers) and stops it at
# the end. Ceph RGW keeps objects in RAM (memstore): this script gives it RUPLOAD_RGW_MEMSTORE_BYTES (default 6 GiB)
# and the harness runs its garbage collector after each S3 upload, which needs the config of a server it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

dir=/tmp/rupload-e2e
batch=false
stream=false
bandwidth=false
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "--dir" ] && [ $((i + 1)) -lt ${#args[@]} ]; then dir=${args[$((i + 1))]}; fi
  if [ "${args[$i]}" = "--batch" ]; then batch=true; fi
  if [ "${args[$i]}" = "--stream" ]; then stream=true; fi
  if [ "${args[$i]}" = "--bandwidth" ]; then bandwidth=true; fi
done
mkdir -p "$dir/servers"

started=()
stop_servers() {
  for name in "${started[@]}"; do
    bash "scripts/servers/$name.sh" stop "$dir/servers/$name" >/dev/null 2>&1 || echo "warning: stopping $name failed" >&2
  done
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

start_server() { # start_server <name>: start, then export its KEY=VALUE lines
  local name=$1
  echo "== $name: install and start" >&2
  bash "scripts/servers/$name.sh" install >&2
  CI=true bash "scripts/servers/$name.sh" start "$dir/servers/$name" > "$dir/servers/$name.env"
  started+=("$name")
  set -a
  # shellcheck disable=SC1090
  . "$dir/servers/$name.env"
  set +a
}

for tool in $([ "$bandwidth" = true ] || echo rclone aws); do
  if [ "$stream" = true ] && { [ "$tool" = aws ] || [ -x /usr/bin/rclone ]; }; then continue; fi
  if [ ! -x "/usr/bin/$tool" ]; then
    echo "== installing the Debian package for $tool" >&2
    bash scripts/apt-install.sh "$([ "$tool" = aws ] && echo awscli || echo rclone)"
  fi
done

if [ -z "${RUPLOAD_S3_ENDPOINT:-}" ] && [ "$bandwidth" = false ]; then
  export RUPLOAD_RGW_MEMSTORE_BYTES=${RUPLOAD_RGW_MEMSTORE_BYTES:-6442450944}
  start_server ceph-rgw
  export RUPLOAD_E2E_RGW_CONF="$dir/servers/ceph-rgw/ceph.conf"
fi
# The batch cases use S3 and the null target only; the stream cases S3 only.
if [ -z "${RUPLOAD_AZURE_CONNECTION_STRING:-}" ] && [ "$batch" = false ] && [ "$stream" = false ] && [ "$bandwidth" = false ]; then
  start_server azurite
  export RUPLOAD_E2E_AZURITE_DIR="$dir/servers/azurite"
fi

echo "== publish the CLI as it ships (Release, this host's RID, ReadyToRun) and build the harness" >&2
cli=$(bash scripts/publish-cli.sh)
dotnet build -c Release -v quiet -nologo benchmarks/ResumableUpload.E2E/ResumableUpload.E2E.csproj >&2

export RUPLOAD_E2E_COMMAND="benchmarks/e2e/run.sh $*"
RUPLOAD_E2E_COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src benchmarks || echo ' (with uncommitted changes)')"
export RUPLOAD_E2E_COMMIT
dotnet benchmarks/ResumableUpload.E2E/bin/Release/net10.0/ResumableUpload.E2E.dll run \
  --rupload "$cli/rupload" --dir "$dir" "$@"
