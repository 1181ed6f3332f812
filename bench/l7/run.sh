#!/usr/bin/env bash
# Meridian's L7 balancer in the shared harness (/work/shared/bench/l7/run.sh) as the extra
# target "meridian" on 127.0.0.1:18080 (HTTP) and 18081 (HTTPS).
#
#   bench/l7/run.sh [--unpinned] [--jfr FILE] [--classes DIR] [harness options...]
#
# Pinned (default, like the harness's --pin): the balancer runs under taskset -c 1 with one event
# loop, HAProxy and nginx with one thread/worker on the same CPU, wrk and the backends on CPU 0.
# --unpinned: two event loops, no taskset, and the harness without --pin.
# --jfr FILE: record a JFR profile of the balancer for the whole run.
# --classes DIR: the balancer's compiled classes (default: a copy of balancer/target/classes taken
# at start, so a rebuild during the run does not change what is measured).
# Needs the balancer built: mvn -B -q -o -pl balancer package -DskipTests
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
harness=${HARNESS:-/work/shared/bench/l7/run.sh}
pin=1
jfr=""
classes=""
args=()
while (($#)); do
  case $1 in
    --unpinned) pin=0; shift;;
    --jfr) jfr=$2; shift 2;;
    --classes) classes=$2; shift 2;;
    *) args+=("$1"); shift;;
  esac
done

work=/tmp/meridian-l7
mkdir -p "$work"
if [[ -z $classes ]]; then
  [[ -d $repo/balancer/target/classes ]] || { echo "build first: mvn -B -q -o -pl balancer package -DskipTests" >&2; exit 1; }
  classes=$work/classes.$$
  rm -rf "$classes"; cp -r "$repo/balancer/target/classes" "$classes"
  trap 'rm -rf "$classes"' EXIT
fi
(cd "$repo" && mvn -B -q -o -pl balancer dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null)

# the harness creates its self-signed certificate on first use; make sure it exists
if [[ ! -f /tmp/l7bench/tls/server.key ]]; then
  mkdir -p /tmp/l7bench/tls
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost \
    -keyout /tmp/l7bench/tls/server.key -out /tmp/l7bench/tls/server.crt 2>/dev/null
fi

loops=$((pin ? 1 : 2))
sed "s/EVENT_LOOPS/$loops/" "$here/meridian-l7.yaml" > "$work/meridian-l7.yaml"
# shellcheck source=bench/l7/load.sh
source "$here/load.sh"  # jvm=(...), load, warm_up, measure, in_turns
[[ -n $jfr ]] && jvm+=("-XX:StartFlightRecording=filename=$jfr,settings=profile,dumponexit=true")
launch=(java "${jvm[@]}" -cp "$classes:$(cat "$work/cp.txt")" io.meridian.balancer.BalancerMain "$work/meridian-l7.yaml")
((pin)) && launch=(taskset -c 1 "${launch[@]}")
"${launch[@]}" > "$work/balancer.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; if [[ $classes == "$work/classes.$$" ]]; then rm -rf "$classes"; fi' EXIT
for _ in $(seq 1 100); do
  if grep -q ':18080 ' <<<"$(ss -ltn)"; then break; fi
  kill -0 $pid 2>/dev/null || { cat "$work/balancer.log" >&2; exit 1; }
  sleep 0.2
done
echo "meridian balancer pid $pid, event loops $loops, pinned=$pin" >&2

# JIT warm-up of our own, so the harness does not measure compilation. Pinned, the JIT compiler
# shares the event loop's one CPU: a fresh balancer serves ~1.6k req/s in its first 8 s, ~4k in
# the next, ~12k in the third and is at full speed (~22k) only after ~30 s. So: the harness's
# backend binary (built here if the harness has not built it yet) on the harness's ports, 64
# keep-alive connections in 5 s rounds until two rounds agree within 5 % (at most 12 rounds),
# then each other path the scenarios take (512 connections, new connections, TLS, a path
# route, the sticky group). Then, twice, what the harness does before it measures: the backends
# stop and start again (pooled target connections close) and its routing checks run (curl over
# HTTP/1.1 and, on TLS, HTTP/2; an openssl handshake without a request), followed by the load
# rounds again. Without that, the first round measured after the harness's checks recompiled
# what they had deoptimised (code compiled for HTTP/1 alone met HTTP/2 streams and closed target
# connections): 82 us/req and p99 19 ms in the first 10 s, 28-33 us and 3.4-4.0 ms in the next
# two (ka64, 2026-12-01). Finally the backends stop (the harness starts its own; the balancer
# reconnects lazily). Holds the bench lock.
backend=/tmp/l7bench/bin/l7backend
if [[ ! -x $backend ]] && command -v gcc >/dev/null; then
  mkdir -p "$(dirname "$backend")"
  gcc -O2 -o "$backend" "$(dirname "$harness")/l7backend.c"
fi
if [[ -x $backend ]] && command -v wrk >/dev/null; then
  (
    flock 9
    warm=()
    backends() { warm=(); for i in 1 2 3; do taskset -c 0 "$backend" 1800$i b$i /dev/null >/dev/null 2>&1 & warm+=($!); done; sleep 0.5; }
    stop_backends() { kill "${warm[@]}"; wait "${warm[@]}" 2>/dev/null || true; }
    load_all() {  # keep-alive rounds until two agree, then the other scenarios' paths
      local previous=0 round rate s
      for round in $(seq 1 12); do
        rate=$(taskset -c 0 wrk -t 2 -c 64 -d 5s http://127.0.0.1:18080/ | awk '/Requests\/sec/ {print int($2)}')
        echo "warm-up round $round: $rate req/s" >&2
        if ((previous > 0 && rate * 100 >= previous * 95 && rate * 100 <= previous * 105)); then break; fi
        previous=$rate
      done
      for s in ka512 close stickynew; do load "$s" 18080 5 >/dev/null; done
      load tls 18080 5 >/dev/null || true
      # route's path; load.sh's route needs the harness's wrk script, which the harness writes later
      taskset -c 0 wrk -t 2 -c 64 -d 5s http://127.0.0.1:18080/api/item >/dev/null
    }
    checks() {  # the shapes of the harness's check_target
      local i cookie
      curl -s http://127.0.0.1:18080/{,,,,,} http://127.0.0.1:18080/api/a{,,,,,} http://127.0.0.1:18080/static/a{,,,} >/dev/null || true
      for i in $(seq 1 9); do curl -s http://127.0.0.1:18080/newconn >/dev/null || true; done
      for i in $(seq 1 15); do
        cookie=$(curl -s -D - -o /dev/null http://127.0.0.1:18080/sticky/learn | sed -nE 's/^[Ss]et-[Cc]ookie: *(SERVERID=[^;]*).*/\1/p' | tr -d '\r')
        curl -s -H "Cookie: $cookie" http://127.0.0.1:18080/sticky/p >/dev/null || true
      done
      curl -sk https://127.0.0.1:18081/{,,,,,} >/dev/null || true
      openssl s_client -connect 127.0.0.1:18081 -brief </dev/null >/dev/null 2>&1 || true
    }
    backends
    load_all
    for cycle in 1 2; do
      stop_backends
      backends
      checks
      load_all
    done
    stop_backends
  ) 9>>/tmp/bench.lock
  echo "warm-up done" >&2
fi

harness_args=(--extra meridian=18080 --extra-tls meridian=18081)
((pin)) && harness_args+=(--pin)
"$harness" "${harness_args[@]}" "${args[@]}"
