#!/usr/bin/env bash
# cache-vs-varnish.sh - cache-hit requests/s and p99 of lacquerd against Varnish, side by side.
#
# Starts one nginx origin, then varnishd and lacquerd the same way (both -F, in the background of
# this script, both with the same backend and a 1 GiB store), and runs the shared vs.sh on 1 KiB
# and 256 KiB hits, interleaved (A B A B ...). Prints vs.sh's lines, then lacquerd's JVM flags and
# its heap and RSS after the run. Stops everything it started, by PID.
#
# Usage:   bench/cache-vs-varnish.sh            (after: mvn -q -DskipTests package)
# Needs:   varnish nginx-light wrk curl python3 (Debian packages), and ../shared/bench/vs.sh
#          (or VS=/path/to/vs.sh). Env: REPS DURATION WARMUP THREADS CONNS go to vs.sh;
#          LACQUER_JAVA_OPTS overrides lacquerd's heap and GC flags; LACQUERD_ARGS adds flags (-p io_threads=1).
set -u
HERE=$(cd "$(dirname "$0")/.." && pwd)
VS=${VS:-$HERE/../shared/bench/vs.sh}
OP=${ORIGIN_PORT:-18080} VP=${VARNISH_PORT:-16081} LP=${LACQUER_PORT:-16091}
for t in nginx varnishd wrk curl python3; do
  command -v "$t" >/dev/null || { echo "cache-vs-varnish: '$t' not found (apt-get install varnish nginx-light wrk curl)" >&2; exit 1; }
done
[ -x "$VS" ] || { echo "cache-vs-varnish: no vs.sh at $VS (set VS=)" >&2; exit 1; }
[ -f "$HERE/admin-cli/target/lacquerd.jar" ] || { echo "cache-vs-varnish: build first: mvn -q -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cache-vs-varnish.XXXXXX"); chmod 755 "$WORK"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  [ -f "$WORK/nginx/nginx.pid" ] && kill -TERM "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null
  sleep 0.5; rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
wait_http() { for _ in $(seq 150); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done; return 1; }

mkdir -p "$WORK/nginx/html"
head -c 1024   /dev/urandom > "$WORK/nginx/html/1k.bin"
head -c 262144 /dev/urandom > "$WORK/nginx/html/256k.bin"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$OP;
        location /static/ { alias $WORK/nginx/html/; expires 1h; }
    }
}
CONF
nginx -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf" -e stderr || exit 1
wait_http "http://127.0.0.1:$OP/static/1k.bin" || { echo "nginx not answering" >&2; exit 1; }

varnishd -F -n "$WORK/varnish" -a "127.0.0.1:$VP" -T none -b "127.0.0.1:$OP" -s malloc,1G >"$WORK/varnishd.out" 2>&1 &
PIDS+=($!)
# shellcheck disable=SC2086
"$HERE/bin/lacquerd" -F -n "$WORK/lacquer" -a "127.0.0.1:$LP" -T none -b "127.0.0.1:$OP" -s heap,1g ${LACQUERD_ARGS:-} >"$WORK/lacquerd.out" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$VP/static/1k.bin" || { cat "$WORK/varnishd.out" >&2; exit 1; }
wait_http "http://127.0.0.1:$LP/static/1k.bin" || { cat "$WORK/lacquerd.out" >&2; exit 1; }

echo "# A = lacquerd http://127.0.0.1:$LP   B = varnishd $(varnishd -V 2>&1 | head -1)"
"$VS" "http://127.0.0.1:$LP" "http://127.0.0.1:$VP" /static/1k.bin /static/256k.bin

JPID=$(pgrep -P "${PIDS[1]}" java 2>/dev/null || echo "${PIDS[1]}")
echo "# lacquerd JVM: $(tr '\0' ' ' < /proc/$JPID/cmdline | sed 's/ -jar .*//')"
echo "# lacquerd RSS: $(awk '/VmRSS/ {print $2, $3}' /proc/$JPID/status)"
command -v jcmd >/dev/null && jcmd "$JPID" GC.heap_info 2>/dev/null | sed -n '2,4p' | sed 's/^/# /'
