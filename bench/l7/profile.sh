#!/usr/bin/env bash
# CPU profile of Meridian's balancer under the harness's ka64 load (or another URL), pinned like
# run.sh: balancer on CPU 1 with one event loop; backends and wrk on CPU 0. After a 35 s warm-up,
# async-profiler (tools.profiler:async-profiler from Maven Central, fetched into ~/.m2 on first
# use) samples the measured window, kernel frames included, and the script prints the hottest
# leaf frames and the inclusive share of the balancer's own and Netty's HTTP frames.
#
#   bench/l7/profile.sh [URL-PATH] [SECONDS]        e.g. bench/l7/profile.sh / 20
# CLOSE=1 sends 'Connection: close' (the close64 scenario: a new connection per request).
# Uses the harness's backend binary (/tmp/l7bench/bin/l7backend; run the harness once first).
# EVENT=alloc samples allocations (by allocated class and site) instead of CPU time.
# CLASSES=DIR profiles other compiled classes than balancer/target/classes (e.g. a snapshot).
# The collapsed stacks (flame graph input) stay in /tmp/meridian-l7/profile.collapsed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
path=${1:-/}
secs=${2:-20}
work=/tmp/meridian-l7
mkdir -p "$work"
[[ -s $work/cp.txt ]] || (cd "$repo" && mvn -B -q -o -pl balancer dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null)
sed "s/EVENT_LOOPS/1/" "$here/meridian-l7.yaml" > "$work/meridian-l7.yaml"
classes=${CLASSES:-$repo/balancer/target/classes}
[[ -f $classes/io/meridian/balancer/BalancerMain.class ]] || { echo "no BalancerMain in $classes: build first" >&2; exit 1; }

version=3.0
jar=~/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar
[[ -f $jar ]] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$version >/dev/null
arch=$(uname -m); [[ $arch == x86_64 ]] && arch=x64; [[ $arch == aarch64 ]] && arch=arm64
lib=$work/async-profiler/linux-$arch/libasyncProfiler.so
[[ -f $lib ]] || unzip -o -q "$jar" "linux-$arch/*" -d "$work/async-profiler"
out=$work/profile.collapsed
case ${EVENT:-cpu} in
  cpu) event=cpu,interval=500us;;
  alloc) event=alloc;;
  *) echo "EVENT: cpu or alloc, not '$EVENT'" >&2; exit 2;;
esac
rm -f "$out"

taskset -c 1 java -Xms512m -Xmx512m -XX:+UseParallelGC -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
  -cp "$classes:$(cat "$work/cp.txt")" io.meridian.balancer.BalancerMain \
  "$work/meridian-l7.yaml" > "$work/profile-balancer.log" 2>&1 &
pid=$!
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; kill $pid 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
until grep -q ':18080 ' <<<"$(ss -ltn)"; do
  kill -0 $pid 2>/dev/null || { cat "$work/profile-balancer.log" >&2; exit 1; }
  sleep 0.2
done
(
  flock 9
  for i in 1 2 3; do taskset -c 0 /tmp/l7bench/bin/l7backend 1800$i b$i /dev/null >/dev/null 2>&1 & pids+=($!); done
  sleep 0.5
  header=(); [[ ${CLOSE:-0} == 1 ]] && header=(-H 'Connection: close')
  # warm-up: pinned, the JIT shares the event loop's CPU and needs ~30 s (see run.sh)
  taskset -c 0 wrk -t 2 -c 64 -d 35s "${header[@]}" "http://127.0.0.1:18080$path" >/dev/null
  java "$here/Attach.java" $pid "$lib" "start,${event}"
  taskset -c 0 wrk -t 2 -c 64 -d "${secs}s" --latency "${header[@]}" "http://127.0.0.1:18080$path"
  java "$here/Attach.java" $pid "$lib" "stop,file=$out,collapsed"
  kill "${pids[@]}"
) 9>>/tmp/bench.lock
kill $pid; wait $pid 2>/dev/null || true
echo "collapsed stacks: $out"
python3 - "$out" <<'PY'
import collections, sys
total, leaf, inclusive = 0, collections.Counter(), collections.Counter()
for line in open(sys.argv[1]):
    stack, n = line.rsplit(' ', 1)
    n = int(n); total += n
    frames = stack.split(';')
    leaf[frames[-1]] += n
    for f in set(frames):
        inclusive[f] += n
kernel = sum(n for f, n in leaf.items() if f.endswith('_[k]'))
print(f"samples {total}; leaf frames in the kernel {100 * kernel / total:.1f} %")
print("hottest leaf frames:")
for f, n in leaf.most_common(20):
    print(f"  {100 * n / total:5.1f} %  {f}")
print("inclusive: system calls, Meridian's frames, Netty's HTTP codecs, the JIT:")
for f, n in inclusive.most_common():
    if 100 * n / total >= 1 and ('__x64_sys' in f or 'meridian' in f or 'codec/http' in f or 'CompileBroker' in f):
        print(f"  {100 * n / total:5.1f} %  {f}")
PY
