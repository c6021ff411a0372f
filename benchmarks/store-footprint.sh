#!/usr/bin/env bash
# store-footprint.sh [COUNT] [BODY_BYTES] [SIZE] - what one million small objects cost in the
# off-heap store, and how fast a restarted node serves its first hit.
#
# 1. fills an off-heap store file with COUNT objects (default 1,000,000 of 1 KiB) in a JVM capped
#    at -Xmx256m, printing heap, direct and resident memory, and native memory (NMT);
# 2. reopens the cleanly closed file in a fresh JVM: time to open and to the first hit;
# 3. fills again and halts without closing (as kill -9 would), then reopens: recovery time;
# 4. starts bin/lacquerd on the recovered file (origin unreachable) and times the first hit
#    over HTTP, from process start.
# Build first: mvn -q -pl benchmarks -am package -DskipTests (or set CP to a class path).
# Runs under flock /tmp/lacquer-bench.lock, shared with the other benchmarks.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-1000000}
body=${2:-1024}
size=${3:-2g}
dir=${WORK:-$(mktemp -d /tmp/lacquer-footprint.XXXXXX)}
file=$dir/footprint.cmap
spec="disk=offheap,$size,$file"
cp=${CP:-$here/benchmarks/target/benchmarks.jar}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
flags=(--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED -Dchronicle.analytics.disable=true
  -Xmx256m -XX:NativeMemoryTracking=summary -XX:+UnlockDiagnosticVMOptions -XX:+PrintNMTStatistics)
feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${feature%%.*}" -ge 24 ] 2>/dev/null; then
  flags+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi
run() { "$java" "${flags[@]}" -cp "$cp" io.lacquer.benchmarks.StoreFootprint "$@"; }
ours() { grep -E '^(opened|filled|store:|heap used|Vm|Rss|closed|halting|first hit)' || true; }
nmt() { grep -E '^(Total|-\s+(Java Heap|Class|Thread|Code|GC|Internal|Other|Symbol|Arena Chunk|Metaspace))' || true; }

exec 9>/tmp/lacquer-bench.lock
flock 9
echo "== java $feature, $count objects of $body B in $spec"
echo "== 1. fill, clean close"
run fill "$spec" "$count" "$body" close >"$dir/fill.log" 2>&1
ours <"$dir/fill.log"
echo "native memory at exit (NMT; the mapped file is not in it):"
nmt <"$dir/fill.log"
echo "file size $(stat -c %s "$file") bytes, $(du -k "$file" | cut -f1) KiB on disk"
echo "== 2. reopen after a clean stop"
run open "$spec" 2>&1 | ours
echo "== 3. fill, then halt without closing (as kill -9), and reopen (recovery)"
rm -f "$file" "$file.clean"
run fill "$spec" "$count" "$body" halt 2>&1 | ours
run open "$spec" 2>&1 | ours
echo "== 4. lacquerd on the file, origin unreachable: time to the first hit over HTTP"
if [ -f "$here/admin-cli/target/lacquerd.jar" ]; then
  port=$((20000 + RANDOM % 20000))
  t0=$(date +%s%N)
  LACQUER_JAVA_OPTS="-Xmx256m -XX:+UseParallelGC" "$here/bin/lacquerd" -F -a "127.0.0.1:$port" -b 127.0.0.1:9 \
    -n "$dir/work" -s "$spec" >"$dir/lacquerd.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if out=$(curl -s -o /dev/null -w '%{http_code} %header{x-varnish}' -H 'Host: bench' "http://127.0.0.1:$port/obj/1" 2>/dev/null) \
        && [ "${out%% *}" = 200 ]; then
      t1=$(date +%s%N)
      echo "first hit ($out) $(( (t1 - t0) / 1000000 )) ms after start"
      break
    fi
    sleep 0.05
  done
  grep -E 'VmRSS' "/proc/$pid/status" 2>/dev/null || true
  kill "$pid"; wait "$pid" || true
else
  echo "skipped: admin-cli/target/lacquerd.jar not built"
fi
[ -n "${WORK:-}" ] || rm -rf "$dir"
