#!/usr/bin/env bash
# Kill `rupload upload` with SIGKILL at several points of one upload, resume each time with the same command,
# then prove the object is byte-identical and the checkpoint is gone.
#
#   tests/crash/kill-resume.sh [--size 200MiB] [--part-size 1MiB] [--kills "20 90 160"] [--checkpoint SPEC] [--dest URI]
#
# Defaults: a 200 MiB random file, 1 MiB parts, kills after 20, 90 and 160 reported parts, file checkpoints in a
# temporary folder, a local-folder destination. --dest may name any destination rupload accepts (for file://
# destinations the object is compared directly; for others pass --fetch "command that prints the object").
set -euo pipefail
cd "$(dirname "$0")/../.."
size=200MiB; part=1MiB; kills="20 90 160"; checkpoint=""; dest=""; fetch=""
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2;; --part-size) part=$2; shift 2;; --kills) kills=$2; shift 2;;
    --checkpoint) checkpoint=$2; shift 2;; --dest) dest=$2; shift 2;; --fetch) fetch=$2; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
work=$(mktemp -d /tmp/rupload-kill.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The CLI as it ships (Release, this host's RID, ReadyToRun: DECISIONS 41).
cli=$(bash scripts/publish-cli.sh)
rupload=(dotnet "$cli/rupload.dll")
bytes=$(numfmt --from=iec "${size%iB}")
head -c "$bytes" /dev/urandom > "$work/source.bin"
[ -n "$checkpoint" ] || { mkdir -p "$work/ckpt"; checkpoint="dir:$work/ckpt"; }
[ -n "$dest" ] || { mkdir -p "$work/out"; dest="file://$work/out/object.bin"; }
args=(upload "$work/source.bin" "$dest" --part-size "$part" --checkpoint "$checkpoint" --progress lines --progress-interval 0s)

for k in $kills; do
  "${rupload[@]}" "${args[@]}" 2> "$work/progress.log" & pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    done_parts=$( (grep -o 'parts [0-9]*' "$work/progress.log" || true) | tail -1 | cut -d' ' -f2)
    if [ "${done_parts:-0}" -ge "$k" ]; then kill -9 "$pid"; break; fi
    sleep 0.01
  done
  wait "$pid" 2>/dev/null && { echo "run finished before part $k; use a bigger --size" >&2; exit 1; } || true
  echo "killed with SIGKILL after $(grep -o 'parts [0-9]*/[0-9]*' "$work/progress.log" | tail -1)"
done

"${rupload[@]}" "${args[@]}" 2>/dev/null | tee "$work/final.log"
if [[ "$dest" == file://* ]]; then
  cmp "$work/source.bin" "${dest#file://}" && echo "object is byte-identical to the source"
elif [ -n "$fetch" ]; then
  cmp "$work/source.bin" <(eval "$fetch") && echo "object is byte-identical to the source"
fi
if [[ "$checkpoint" == dir:* ]]; then
  left=$(find "${checkpoint#dir:}" -name '*.ckpt' | wc -l)
  [ "$left" -eq 0 ] && echo "checkpoint removed" || { echo "checkpoint left behind" >&2; exit 1; }
fi
