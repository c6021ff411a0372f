#!/usr/bin/env bash
# side-by-side.sh - proxied 1 KiB requests/s and p99 of lacquer-front against HAProxy, measured
# interleaved in one run with shared/bench/vs.sh.
#
# Both proxies run in the foreground from the SAME configuration text (only the bind port
# differs) in front of the same two nginx servers serving a 1 KiB static file.
# Usage:  proxy-front/bench/side-by-side.sh            (from the repository root, after mvn package)
# Env:    REPS (3), DURATION (8s), WARMUP (3s), THREADS (1), CONNS (64): passed to vs.sh.
#         HOST (127.0.0.1): the host in the URLs, hence in wrk's Host header; both proxies listen
#         on 127.0.0.1 either way. HOST=localhost sends a name, as browsers do.
#         VS: path to vs.sh (default: ../shared/bench/vs.sh beside the repository).
# Needs:  haproxy, nginx-light, wrk, curl, python3 (Debian packages), a built proxy-front.
# Output: vs.sh's lines ("min_ratio=<lacquer-front / haproxy>"), then the CPU each proxy process
#         spent per request during interleaved wrk runs ("cpu_us_per_req a=<n> b=<n>"), a figure
#         that other load on the machine disturbs much less than requests/s.
# Load is loopback only. Takes the shared benchmark lock so it never overlaps another benchmark.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/proxy-front/bench/common.sh"
VS=${VS:-$here/../shared/bench/vs.sh}
bench_need side-by-side haproxy nginx wrk curl python3
[ -x "$VS" ] || { echo "side-by-side: vs.sh not found at $VS" >&2; exit 1; }
[ -f "$here/proxy-front/target/lacquer-front.jar" ] || { echo "side-by-side: build proxy-front first" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/lqf-bench.XXXXXX")
pids=()
trap 'bench_cleanup "$work"' EXIT

N1=${N1:-18481}; N2=${N2:-18482}; PA=${PA:-18491}; PB=${PB:-18492}
bench_origin "$work" "$N1" "$N2"
pids+=("$BENCH_NGINX_PID")

config() { bench_config "$1" "$N1" "$N2"; }  # the one configuration both proxies run; $1 = bind port
config "$PA" > "$work/lacquer.cfg"
config "$PB" > "$work/haproxy.cfg"
"$here/bin/lacquer-front" -c -f "$work/lacquer.cfg" >/dev/null
haproxy -c -q -f "$work/haproxy.cfg"

"$here/bin/lacquer-front" -f "$work/lacquer.cfg" 2>"$work/lacquer.log" &
pids+=($!)
haproxy -f "$work/haproxy.cfg" 2>"$work/haproxy.log" &
pids+=($!)

bench_await "$PA" "$PB"
echo "lacquer-front (a) on :$PA, haproxy $(haproxy -v | head -1 | awk '{print $3}') (b) on :$PB"
flock /tmp/lacquer-bench.lock env REPS="${REPS:-3}" DURATION="${DURATION:-8s}" WARMUP="${WARMUP:-3s}" \
  "$VS" "http://${HOST:-127.0.0.1}:$PA" "http://${HOST:-127.0.0.1}:$PB" /1k.bin

tick_us=$((1000000 / $(getconf CLK_TCK)))
lacquer_pid=${pids[1]}; haproxy_pid=${pids[2]}
flock /tmp/lacquer-bench.lock bash -c "$(declare -f cpu_ticks cpu_run); tick_us=$tick_us
  a=(); b=()
  for _ in \$(seq ${REPS:-3}); do
    a+=(\$(cpu_run $lacquer_pid $PA)); b+=(\$(cpu_run $haproxy_pid $PB))
  done
  echo \"cpu_us_per_req a=\${a[*]} b=\${b[*]}\""

