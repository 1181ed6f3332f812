#!/usr/bin/env bash
# JFR profile of Meridian's balancer under the harness's ka64 load (or another URL), pinned like
# run.sh: balancer on CPU 1 with one event loop; backends and wrk on CPU 0. Prints the hottest
# methods (top frames of the execution samples) and where the recording is.
#
#   bench/l7/profile.sh [URL-PATH] [SECONDS]        e.g. bench/l7/profile.sh / 20
# CLOSE=1 sends 'Connection: close' (the close64 scenario: a new connection per request).
# Uses the harness's backend binary (/tmp/l7bench/bin/l7backend; run the harness once first).
# CLASSES=DIR profiles other compiled classes than balancer/target/classes (e.g. a snapshot).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
path=${1:-/}
secs=${2:-20}
work=/tmp/meridian-l7
mkdir -p "$work"
[[ -s $work/cp.txt ]] || (cd "$repo" && mvn -B -q -o -pl balancer dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null)
sed "s/EVENT_LOOPS/1/" "$here/meridian-l7.yaml" > "$work/meridian-l7.yaml"
jfr="$work/balancer.jfr"
classes=${CLASSES:-$repo/balancer/target/classes}
[[ -f $classes/io/meridian/balancer/BalancerMain.class ]] || { echo "no BalancerMain in $classes: build first" >&2; exit 1; }
rm -f "$jfr"
taskset -c 1 java -Xms512m -Xmx512m -XX:+UseParallelGC \
  "-XX:StartFlightRecording=filename=$jfr,settings=profile,dumponexit=true" \
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
  taskset -c 0 wrk -t 2 -c 64 -d "${secs}s" --latency "${header[@]}" "http://127.0.0.1:18080$path"
  kill "${pids[@]}"
) 9>>/tmp/bench.lock
kill $pid; wait $pid 2>/dev/null || true
echo "recording: $jfr"
jfr print --events jdk.ExecutionSample "$jfr" \
  | awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' \
  | sort | uniq -c | sort -rn | head -25
