#!/usr/bin/env bash
# cpu-split.sh - where the machine's CPU goes per proxied 1 KiB request, with lacquer-front (a) and
# with HAProxy (b) in the middle: the proxy, nginx, wrk and the idle time left, plus the context
# switches of the whole machine and of nginx, measured in interleaved wrk runs (a, b; REPS rounds).
#
# For reading a requests/s ratio: on the shared 2-core machine a proxy's own CPU per request is not
# the whole story, since what it makes nginx and wrk do, and how often it sleeps and wakes, shares
# the same two cores.
# Usage:  proxy-front/bench/cpu-split.sh          (from the repository root, after mvn package)
# Env:    REPS (4), DURATION (6s) per run, WARMUP (20s) per proxy; ports 29681-29692 on loopback.
# Output: per run "a|b rps=<n> proxy=<us> nginx=<us> wrk=<us> idle=<us> ctxsw=<per req>
#         nginx_preempted=<per req>", CPU in microseconds per request.
# Needs:  haproxy, nginx-light, wrk, curl, python3, time (Debian packages), a built proxy-front.
# Takes the shared benchmark lock while measuring.
set -eu
REPS=${REPS:-4}; DURATION=${DURATION:-6s}; WARMUP=${WARMUP:-20s}
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/proxy-front/bench/common.sh"
bench_need cpu-split haproxy nginx wrk curl python3 /usr/bin/time
[ -f "$here/proxy-front/target/lacquer-front.jar" ] || { echo "cpu-split: build proxy-front first" >&2; exit 1; }
w=$(mktemp -d "${TMPDIR:-/tmp}/lqf-split.XXXXXX")
pids=()
trap 'bench_cleanup "$w"' EXIT
bench_origin "$w" 29681 29682
pids+=("$BENCH_NGINX_PID")
bench_config 29691 29681 29682 > "$w/a.cfg"
bench_config 29692 29681 29682 > "$w/b.cfg"
"$here/bin/lacquer-front" -f "$w/a.cfg" 2>"$w/a.log" & pa=$!; pids+=($pa)
haproxy -f "$w/b.cfg" 2>"$w/b.log" & pb=$!; pids+=($pb)
bench_await 29691 29692

idle_ticks() { awk '/^cpu / {print $5 + $6}' /proc/stat; }        # idle + iowait, all CPUs
switches() { awk '/^ctxt/ {print $2}' /proc/stat; }
preempted() { awk '/^nonvoluntary_ctxt_switches/ {print $2}' "/proc/$1/status"; }
tick_us=$((1000000 / $(getconf CLK_TCK)))

exec 9>/tmp/lacquer-bench.lock
flock 9
for port in 29691 29692; do wrk -t1 -c64 -d"$WARMUP" "http://127.0.0.1:$port/1k.bin" >/dev/null; done
for _ in $(seq "$REPS"); do
  for side in "a $pa 29691" "b $pb 29692"; do
    read -r name pid port <<<"$side"
    p0=$(cpu_ticks "$pid"); n0=$(cpu_ticks "$BENCH_NGINX_PID"); i0=$(idle_ticks); c0=$(switches); q0=$(preempted "$BENCH_NGINX_PID")
    out=$( { /usr/bin/time -f "wrk_cpu %U %S" wrk -t1 -c64 -d"$DURATION" "http://127.0.0.1:$port/1k.bin"; } 2>&1 )
    p1=$(cpu_ticks "$pid"); n1=$(cpu_ticks "$BENCH_NGINX_PID"); i1=$(idle_ticks); c1=$(switches); q1=$(preempted "$BENCH_NGINX_PID")
    reqs=$(echo "$out" | awk '/requests in/ {print $1}')
    secs=$(echo "$out" | awk '/requests in/ {sub(/s,$/, "", $4); print $4}')
    wrk_s=$(echo "$out" | awk '/^wrk_cpu/ {print $2 + $3}')
    python3 -c "
r = max(1, $reqs); t = $tick_us
print(f'$name rps={r / $secs:.0f} proxy={($p1 - $p0) * t / r:.1f} nginx={($n1 - $n0) * t / r:.1f}'
      f' wrk={$wrk_s * 1e6 / r:.1f} idle={($i1 - $i0) * t / r:.1f} ctxsw={($c1 - $c0) / r:.2f}'
      f' nginx_preempted={($q1 - $q0) / r:.3f}')"
  done
done
flock -u 9
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
