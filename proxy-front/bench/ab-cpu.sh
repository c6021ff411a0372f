#!/usr/bin/env bash
# ab-cpu.sh JAR_A JAR_B - CPU per proxied 1 KiB request of two lacquer-front builds and of HAProxy,
# measured interleaved (A, B, HAProxy; REPS rounds) behind the same nginx from the same configuration.
#
# For judging a change to the forwarding path: requests/s on the shared 2-core machine swing with
# other work, CPU time per request much less, and the interleaving spreads what swing remains over
# all three. Each proxy gets WARMUP of load first, so that JIT compilation is over before measuring.
# Usage:  proxy-front/bench/ab-cpu.sh old/lacquer-front.jar proxy-front/target/lacquer-front.jar
# Env:    REPS (6), DURATION (6s) per run, WARMUP (30s) per proxy; ports 29581-29593 on loopback;
#         A_OPTS / B_OPTS replace LACQUER_JAVA_OPTS for one build (to compare JVM flags, pass one jar twice).
# Output: the load average, then "cpu_us_per_req A=<us> ..." for each build and for HAProxy (H), one
#         value per round; compare medians.
# Needs:  haproxy, nginx-light, wrk, curl, python3. Takes the shared benchmark lock while measuring.
set -eu
[ $# -eq 2 ] || { sed -n '2,13p' "$0" >&2; exit 1; }
A=$(readlink -f "$1"); B=$(readlink -f "$2")
REPS=${REPS:-6}; DURATION=${DURATION:-6s}; WARMUP=${WARMUP:-30s}
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/proxy-front/bench/common.sh"
bench_need ab-cpu haproxy nginx wrk curl python3
w=$(mktemp -d "${TMPDIR:-/tmp}/lqf-ab.XXXXXX")
pids=()
trap 'bench_cleanup "$w"' EXIT
bench_origin "$w" 29581 29582
pids+=("$BENCH_NGINX_PID")
bench_config 29591 29581 29582 > "$w/a.cfg"
bench_config 29592 29581 29582 > "$w/b.cfg"
bench_config 29593 29581 29582 > "$w/h.cfg"
LACQUER_JAVA_OPTS=${A_OPTS:-${LACQUER_JAVA_OPTS:-}} "$here/bin/lacquer-java" "$A" -f "$w/a.cfg" 2>"$w/a.log" & pa=$!; pids+=($pa)
LACQUER_JAVA_OPTS=${B_OPTS:-${LACQUER_JAVA_OPTS:-}} "$here/bin/lacquer-java" "$B" -f "$w/b.cfg" 2>"$w/b.log" & pb=$!; pids+=($pb)
haproxy -f "$w/h.cfg" 2>"$w/h.log" & ph=$!; pids+=($ph)
bench_await 29591 29592 29593
tick_us=$((1000000 / $(getconf CLK_TCK)))
exec 9>/tmp/lacquer-bench.lock
flock 9
for port in 29591 29592 29593; do wrk -t1 -c64 -d"$WARMUP" "http://127.0.0.1:$port/1k.bin" >/dev/null; done
ra=(); rb=(); rh=()
for _ in $(seq "$REPS"); do
  ra+=("$(cpu_run "$pa" 29591)"); rb+=("$(cpu_run "$pb" 29592)"); rh+=("$(cpu_run "$ph" 29593)")
done
flock -u 9
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cpu_us_per_req A=${ra[*]}"
echo "cpu_us_per_req B=${rb[*]}"
echo "cpu_us_per_req H=${rh[*]}"
