#!/usr/bin/env bash
# Test server plug-in (see test.sh): a throwaway single-node Ceph cluster (1 mon, 1 memstore OSD, auth none, no mgr)
# with a radosgw S3 endpoint, all on 127.0.0.1. Debian 12 packages (radosgw 16.2.x).
#
#   packages            print the Debian packages it needs (test.sh installs every plug-in's in one apt step)
#   install             install those packages when missing (scripts/apt-install.sh)
#   start <state-dir>   start on free loopback ports; print RUPLOAD_S3_* lines on stdout
#   stop <state-dir>    stop the daemons by pid file and remove the state dir
#
# Logs go to stderr and <state-dir>/log. Any failure exits non-zero with the reason, in and out of CI: a test run
# without its server would only report dozens of failures for one missing package.
# Knobs: RUPLOAD_RGW_PORT (default: a free port), RUPLOAD_RGW_MEMSTORE_BYTES (4 GiB cap on data held in memory:
# the Orleans multi-process kill test alone stores a 1 GiB object, plus its parts sent twice, while others run).
set -euo pipefail

ACCESS=RUPLOADTESTACCESS001
SECRET=rupload-test-secret-0000000000000000000001
MEMSTORE_BYTES=${RUPLOAD_RGW_MEMSTORE_BYTES:-4294967296}

log() { echo "[ceph-rgw $(date +%T)] $*" >&2; }

fail() {
  log "FAILED: $*"
  exit 1
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A block of $1 consecutive free loopback ports; prints the first.
free_port_block() {
  local n=$1 base i
  for _ in $(seq 1 50); do
    base=$((20000 + RANDOM % 30000))
    for ((i = 0; i < n; i++)); do port_free $((base + i)) || continue 2; done
    echo "$base"
    return 0
  done
  return 1
}

safe_dir() {
  case "${1:-}" in ""|/|/tmp|/root|/home|/work|.|..) log "refusing state dir '${1:-}'"; exit 2;; esac
}

stop_daemons() { # by pid file only, in reverse start order
  local d=$1 n
  for n in client.rgw osd.0 mon.a; do stop_daemon "$d" "$n"; done
}

stop_rgw() { stop_daemon "$1" client.rgw; }

stop_daemon() { # stop_daemon <state-dir> <name>, by its pid file
  local d=$1 n=$2 pf pid
  pf=$d/run/$n.pid
  [ -f "$pf" ] || return 0
  pid=$(cat "$pf")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pf"
}

wait_for() { # wait_for <seconds> <description> <command...>
  local t=$1 what=$2 end
  shift 2
  end=$((SECONDS + t))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $end ]; then log "timeout waiting for $what"; return 1; fi
    sleep 0.5
  done
}

PACKAGES="ceph-mon ceph-osd radosgw ceph-common uuid-runtime curl"

install() {
  # shellcheck disable=SC2086
  bash "$(dirname "$0")/../apt-install.sh" $PACKAGES
}

write_conf() {
  local d=$1 fsid=$2 mon_port=$3 osd_min=$4 osd_max=$5 rgw_port=$6
  cat > "$d/ceph.conf" <<CONF
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$mon_port]
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms bind msgr2 = true
ms bind port min = $osd_min
ms bind port max = $osd_max
auth cluster required = none
auth service required = none
auth client required = none
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
# neither warn (<30% free) nor stop the mon (<5% free) because of the host's disk
mon data avail warn = 1
mon data avail crit = 0
# fail after 60 s instead of hanging 300 s when a daemon cannot reach the mon
client mount timeout = 60
osd crush chooseleaf type = 0
run dir = $d/run
crash dir = $d/run
log file = $d/log/\$name.log
admin socket = $d/run/\$name.asok
pid file = $d/run/\$name.pid
keyring = $d/keyring

[mon.a]
mon data = $d/mon.a

[osd]
osd data = $d/osd.\$id
osd objectstore = memstore
memstore device bytes = $MEMSTORE_BYTES
osd crush initial weight = 1

[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
# radosgw defaults ms_mon_client_mode to secure, which cannot work with auth none (hangs 300 s): use crc
ms mon client mode = crc
rgw init timeout = 120
# reclaim aborted and overwritten data soon: memstore keeps everything in RAM
rgw gc obj min wait = 60
rgw gc processor period = 60
# object options (README "Object options"): SSE-C and SSE-KMS over plain http, KMS keys from this file (the
# "testing" backend: never for real data), and a second storage class COLD in the default placement
rgw crypt require ssl = false
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = testkey-1=YmluCmJvb3N0CmJvb3N0LWJ1aWxkCmNlcGguY29uZgo= testkey-2=aWIKTWFrZWZpbGUKbWFuCm91dApzcmMKVGVzdGluZwo=
CONF
}

start() {
  local d=$1 t0=$SECONDS base mon_port osd_min osd_max rgw_port fsid osd_uuid conf
  safe_dir "$d"
  for c in radosgw ceph-mon ceph-osd radosgw-admin uuidgen curl; do
    command -v "$c" >/dev/null || fail "$c is not installed (run: $0 install)"
  done
  [ -d "$d" ] && { stop_daemons "$d"; rm -rf "$d"; }
  mkdir -p "$d"/{mon.a,osd.0,log,run}
  # mon, 9 ports for the OSD's messengers, radosgw
  base=$(free_port_block 11) || fail "no free block of loopback ports"
  mon_port=$base; osd_min=$((base + 1)); osd_max=$((base + 9))
  rgw_port=${RUPLOAD_RGW_PORT:-$((base + 10))}
  fsid=$(uuidgen)
  conf=$d/ceph.conf
  write_conf "$d" "$fsid" "$mon_port" "$osd_min" "$osd_max" "$rgw_port"

  trap 'log "last log lines:"; tail -n 5 "$d"/log/*.log >&2 || true; stop_daemons "$d"; fail "start"' ERR

  # the keyring is not used for auth (auth none), but mkfs wants a mon key
  ceph-authtool --create-keyring "$d/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$d/monmap" >/dev/null
  ceph-mon -c "$conf" --mkfs -i a --monmap "$d/monmap" --keyring "$d/keyring" >&2
  ceph-mon -c "$conf" -i a >&2
  wait_for 60 "mon" timeout 10 ceph -c "$conf" mon stat
  log "mon up on :$mon_port ($((SECONDS - t0))s)"

  osd_uuid=$(uuidgen)
  ceph -c "$conf" osd new "$osd_uuid" >/dev/null
  ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$d/log/osd-mkfs.log" 2>&1
  ceph-osd -c "$conf" -i 0 >&2
  wait_for 120 "osd" osd_up "$conf"
  log "osd up ($((SECONDS - t0))s)"

  # radosgw creates the bucket pools only on the first bucket or multipart request (seconds of latency then)
  for p in default.rgw.buckets.index default.rgw.buckets.data default.rgw.buckets.non-ec; do
    ceph -c "$conf" osd pool create "$p" 8 8 replicated >/dev/null 2>&1
    ceph -c "$conf" osd pool application enable "$p" rgw >/dev/null 2>&1
  done

  radosgw -c "$conf" -n client.rgw >&2
  wait_for 180 "radosgw" curl -s -o /dev/null "http://127.0.0.1:$rgw_port/"
  log "radosgw up on :$rgw_port ($((SECONDS - t0))s)"
  # a second storage class, COLD, so that a class other than STANDARD is stored and reported by HEAD; radosgw reads
  # the placement at start (it creates the default zonegroup on its first start), so it starts once more
  radosgw-admin -c "$conf" zonegroup placement add --rgw-zonegroup default --placement-id default-placement --storage-class COLD >/dev/null
  radosgw-admin -c "$conf" zone placement add --rgw-zone default --placement-id default-placement --storage-class COLD --data-pool default.rgw.buckets.data >/dev/null
  stop_rgw "$d"
  radosgw -c "$conf" -n client.rgw >&2
  wait_for 180 "radosgw" curl -s -o /dev/null "http://127.0.0.1:$rgw_port/"
  log "radosgw up again with storage class COLD ($((SECONDS - t0))s)"

  radosgw-admin -c "$conf" user create --uid=rupload-test --display-name="rupload test" \
    --access-key="$ACCESS" --secret-key="$SECRET" >"$d/user.json"
  trap - ERR
  log "ready in $((SECONDS - t0))s"
  echo "RUPLOAD_S3_ENDPOINT=http://127.0.0.1:$rgw_port"
  echo "RUPLOAD_S3_ACCESS_KEY=$ACCESS"
  echo "RUPLOAD_S3_SECRET_KEY=$SECRET"
  echo "RUPLOAD_S3_REGION=us-east-1"
}

osd_up() { ceph -c "$1" osd dump 2>/dev/null | grep -q '^osd\.0 up'; }

stop() {
  local d=$1
  safe_dir "$d"
  stop_daemons "$d"
  rm -rf "$d"
  log "stopped; $d removed"
}

case "${1:-}" in
  packages) echo "$PACKAGES" ;;
  install) install || fail "install" ;;
  start) [ $# -eq 2 ] || { echo "usage: $0 start <state-dir>" >&2; exit 2; }; start "$2" ;;
  stop) [ $# -eq 2 ] || { echo "usage: $0 stop <state-dir>" >&2; exit 2; }; stop "$2" ;;
  *) echo "usage: $0 packages | install | start <state-dir> | stop <state-dir>" >&2; exit 2 ;;
esac
