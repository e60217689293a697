#!/usr/bin/env bash
# Redis for the checkpoint store tests (test.sh server plug-in).
#   packages            print the Debian packages it needs (test.sh installs every plug-in's in one apt step)
#   install             install them when missing (scripts/apt-install.sh)
#   start <state-dir>   start on a free loopback port (or $RUPLOAD_REDIS_PORT), no persistence; print RUPLOAD_REDIS=127.0.0.1:N
#   stop <state-dir>    stop what start started (by its pid file)
# Logs go to stderr; stdout carries only the KEY=VALUE line. Every failure exits non-zero with the reason, in and out
# of CI: a test run without its server would only report dozens of failures for one missing package.
set -euo pipefail

log() { echo "redis.sh: $*" >&2; }
fail() { log "$*"; exit 1; }
give_up() { fail "$*"; }

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

cmd=${1:-}
case "$cmd" in
  packages)
    echo "redis-server redis-tools"
    ;;
  install)
    bash "$(dirname "$0")/../apt-install.sh" redis-server redis-tools || give_up "could not install redis-server"
    ;;
  start)
    dir=${2:?usage: redis.sh start <state-dir>}
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    command -v redis-server >/dev/null 2>&1 || give_up "redis-server is not installed (run: redis.sh install)"
    port=${RUPLOAD_REDIS_PORT:-$(free_port)}
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$dir/redis.pid" --dir "$dir" --logfile "$dir/redis.log" >&2 \
      || give_up "redis-server did not start on port $port (see $dir/redis.log)"
    for _ in $(seq 1 100); do
      # Our server answers, not another one already on the port (a daemonized server that cannot bind exits late).
      if [ -f "$dir/redis.pid" ] && [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ] \
          && redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null | tr -d '\r' | grep -qx "process_id:$(cat "$dir/redis.pid")"; then
        echo "$port" > "$dir/redis.port"
        log "redis-server ready on 127.0.0.1:$port"
        echo "RUPLOAD_REDIS=127.0.0.1:$port"
        exit 0
      fi
      sleep 0.05
    done
    [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    give_up "redis-server did not come up on 127.0.0.1:$port within 5 s (port in use? see $dir/redis.log)"
    ;;
  stop)
    dir=${2:?usage: redis.sh stop <state-dir>}
    pidfile="$dir/redis.pid"
    [ -f "$pidfile" ] || { log "no pid file in $dir: nothing to stop"; exit 0; }
    pid=$(cat "$pidfile")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
      kill -0 "$pid" 2>/dev/null && { log "redis-server $pid ignored TERM; killing"; kill -9 "$pid" 2>/dev/null || true; }
    fi
    rm -f "$pidfile"
    log "redis-server stopped"
    ;;
  *)
    echo "usage: redis.sh packages | install | start <state-dir> | stop <state-dir>" >&2
    exit 2
    ;;
esac
