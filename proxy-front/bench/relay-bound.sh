#!/usr/bin/env bash
# relay-bound.sh - the ceiling of a Java proxy here: RelayBound.java (a plain-NIO byte relay, no
# HTTP work at all) against HAProxy 2.6, measured as side-by-side.sh measures lacquer-front, so the
# two ratios can be read together. A lean HTTP server side for the front could land at most here.
# Usage:  proxy-front/bench/relay-bound.sh        (from the repository root; needs only a JDK)
# Env:    REPS (5), DURATION (8s), WARMUP (5s): passed to vs.sh; VS as in side-by-side.sh.
# Needs:  haproxy, nginx-light, wrk, curl, python3 (Debian packages), java 11 or later.
# Output: vs.sh's lines, "ratio=<relay / haproxy>". Loopback only; takes the shared benchmark lock.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/proxy-front/bench/common.sh"
VS=${VS:-$here/../shared/bench/vs.sh}
bench_need relay-bound haproxy nginx wrk curl python3 java
[ -x "$VS" ] || { echo "relay-bound: vs.sh not found at $VS" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/lqf-relay.XXXXXX")
pids=()
trap 'bench_cleanup "$work"' EXIT
N1=18581; N2=18582; PA=18591; PB=18592
bench_origin "$work" "$N1" "$N2"
pids+=("$BENCH_NGINX_PID")
bench_config "$PB" "$N1" "$N2" > "$work/haproxy.cfg"
# the JVM flags the launcher gives lacquer-front
java -Xms2g -Xmx2g -Xmn1536m -XX:+UseParallelGC "$here/proxy-front/bench/RelayBound.java" "$PA" "$N1" "$N2" \
  2>"$work/relay.log" &
pids+=($!)
haproxy -f "$work/haproxy.cfg" 2>"$work/haproxy.log" &
pids+=($!)
bench_await "$PA" "$PB"
echo "RelayBound (a) on :$PA, haproxy $(haproxy -v | head -1 | awk '{print $3}') (b) on :$PB"
flock /tmp/lacquer-bench.lock env REPS="${REPS:-5}" DURATION="${DURATION:-8s}" WARMUP="${WARMUP:-5s}" \
  "$VS" "http://127.0.0.1:$PA" "http://127.0.0.1:$PB" /1k.bin
