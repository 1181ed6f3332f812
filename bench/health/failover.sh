#!/usr/bin/env bash
# Issue 4's benchmark: time from a backend failing until every DNS server answers without it
# (checks every 500 ms, fall 2), with two `meridian dns` and three `meridian agent` processes on
# loopback; and the probe capacity of one agent (10,000 endpoints at a 1 s interval).
#   bench/health/failover.sh [ROUNDS]        failover time only
#   CAPACITY=1 bench/health/failover.sh      also the probe capacity
#   CAPACITY_ONLY=1 bench/health/failover.sh only the probe capacity
# Probe capacity settings (environment):
#   CASES=TCP:10000,HTTP:10000   cases, TYPE:ENDPOINTS[:fresh] (fresh: HTTP without connection reuse)
#   AGENT_CPUS=1 BACKEND_CPUS=0  taskset -c lists for the agent's JVM and the backends (default:
#                                unpinned); LOOPS=4 event loops; WINDOW=20 WARMUP=10 seconds
#   NIO=true                     the agent on Java NIO instead of Linux epoll
#   JFR=/tmp/agent.jfr           records the agent's JVM with JFR (settings=profile)
# The backends are the shared harness's C l7backend (shared/bench/l7/l7backend.c), built here
# with gcc into /tmp/meridian-health-bench, one process per port.
# Takes /tmp/bench.lock like the other benchmarks. Prints the lines to put in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rounds=${1:-20}
capacity=0
if [ "${CAPACITY:-0}" = 1 ] || [ "${CAPACITY_ONLY:-0}" = 1 ]; then capacity=1; fi
# 10,000 probes in flight need more descriptors than the usual soft limit of 1024
ulimit -n 262144 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# the capacity measurement builds health-agent itself and takes core from ~/.m2
[ "${CAPACITY_ONLY:-0}" = 1 ] || mvn -B -q -o -DskipTests -pl cli -am install
backend=/tmp/meridian-health-bench/l7backend
if [ "$capacity" = 1 ]; then
  mkdir -p "$(dirname "$backend")"
  gcc -O2 -o "$backend" ../shared/bench/l7/l7backend.c
fi
pin=()
[ -z "${AGENT_CPUS:-}" ] || pin=(taskset -c "$AGENT_CPUS")
jfr=()
[ -z "${JFR:-}" ] || jfr=("-DargLine=-XX:StartFlightRecording=filename=$JFR,settings=profile")
(
  flock 9
  [ "${CAPACITY_ONLY:-0}" = 1 ] || mvn -B -o -pl tests verify -Dit.test=FailoverTimeMeasurementIT -Dtest=none \
      -Dsurefire.failIfNoSpecifiedTests=false -Dmeridian.measure=true \
      -Dmeridian.measure.rounds="$rounds" | grep 'failover-time:'
  if [ "$capacity" = 1 ]; then
    echo "probe-capacity: $(date -u +%FT%TZ) agent cpus ${AGENT_CPUS:-any}, backend cpus ${BACKEND_CPUS:-any}, loops ${LOOPS:-4}"
    "${pin[@]}" mvn -B -o -pl health-agent test -Dtest=ProbeCapacityMeasurement -Dmeridian.measure=true \
        -Dmeridian.measure.cases="${CASES:-TCP:10000,HTTP:10000}" -Dmeridian.measure.backend="$backend" \
        -Dmeridian.measure.backendCpus="${BACKEND_CPUS:-}" -Dmeridian.measure.loops="${LOOPS:-4}" \
        -Dmeridian.measure.window="${WINDOW:-20}" -Dmeridian.measure.warmup="${WARMUP:-10}" \
        -Dmeridian.measure.noop="${NOOP:-false}" -Dmeridian.measure.nio="${NIO:-false}" -Dsurefire.failIfNoSpecifiedTests=false "${jfr[@]}" \
        | grep -E 'endpoints:|ERROR|FAIL' || true
  fi
) 9>>/tmp/bench.lock
