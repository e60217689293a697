#!/usr/bin/env bash
# Issue 15, "cost flat as work grows": uploads to the null target through the library (ResumableUpload.Benchmarks
# "flat": the checkpoint store wrapped to time every part commit and, just before the engine deletes it, to load the
# final checkpoint and take its size), each run under GNU time for the process's CPU and peak RSS. Sources are sparse
# files (truncate), so reads are memory-bound and the pipeline is what is measured; they are deleted at the end.
#
#   benchmarks/e2e/flat-cost.sh [--big 100G] [--small-runs 3] [--stores file,sqlite,redis] [--dir /tmp/rupload-flat] [--out report.md]
#
# Rows: the 1 GiB file (default part size) --small-runs times and the --big file once, file store, both read cold;
# the 1 GiB once warm; then 10,000 parts of 100 KiB (the smallest part size, warm) with each of --stores. Redis needs
# RUPLOAD_REDIS=host:port.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

big=100G; small_runs=3; stores=file,sqlite,redis; dir=/tmp/rupload-flat; out=
while [ $# -gt 0 ]; do
  case $1 in
    --big) big=$2; shift 2 ;;
    --small-runs) small_runs=$2; shift 2 ;;
    --stores) stores=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

mkdir -p "$dir"
cleanup() { rm -rf "$dir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

dotnet build benchmarks/ResumableUpload.Benchmarks -c Release -v quiet -nologo >&2
bench=benchmarks/ResumableUpload.Benchmarks/bin/Release/net10.0/ResumableUpload.Benchmarks

truncate -s 1G "$dir/1GiB"
truncate -s "$big" "$dir/big"
truncate -s $((10000 * 102400)) "$dir/10000-parts"

report=$(mktemp)
run() { # run <file> <store> <part size> <cold|warm>: one row, GNU time's CPU and peak RSS appended
  local work="$dir/work-$RANDOM" times row
  times=$(mktemp)
  # cold: drop this file's pages from the page cache first (posix_fadvise DONTNEED, this file only), so the 1 GiB
  # runs read as the 100 GiB one must (it does not fit in RAM); warm: read it once first.
  if [ "$4" = cold ]; then dd if="$1" iflag=nocache count=0 status=none; else cat "$1" > /dev/null; fi
  row=$(/usr/bin/time -f '%U %S %M' -o "$times" "$bench" flat "$1" "$2" "$3" "$work")
  read -r user sys rss < "$times"
  rm -rf "$work" "$times"
  printf '%s %s | %.2f + %.2f | %d | %s |\n' "$row" "$4" "$user" "$sys" $((rss / 1024)) "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$report"
  echo "$row" >&2
}

{
  echo "# Cost flat as work grows (issue 15)"
  echo
  echo "Command: \`benchmarks/e2e/flat-cost.sh --big $big --small-runs $small_runs --stores $stores\`"
  echo "Commit $(git rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$report.head"

for _ in $(seq "$small_runs"); do run "$dir/1GiB" file 0 cold; done
run "$dir/big" file 0 cold
run "$dir/1GiB" file 0 warm
IFS=, read -ra store_list <<< "$stores"
for store in "${store_list[@]}"; do run "$dir/10000-parts" "$store" 102400 warm; done

{
  cat "$report.head"
  echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "$("$bench" flat --header) source in page cache | client CPU s, user + sys | peak RSS MiB | load at end |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  cat "$report"
} | tee ${out:+"$out"}
rm -f "$report" "$report.head"
