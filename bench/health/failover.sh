#!/usr/bin/env bash
# Issue 4's benchmark: time from a backend failing until every DNS server answers without it
# (checks every 500 ms, fall 2), with two `meridian dns` and three `meridian agent` processes on
# loopback; and the probe capacity of one agent (10,000 endpoints at a 1 s interval).
#   bench/health/failover.sh [ROUNDS]        failover time only
#   CAPACITY=1 bench/health/failover.sh      also the probe capacity
#   CAPACITY_ONLY=1 bench/health/failover.sh only the probe capacity
# Takes /tmp/bench.lock like the other benchmarks. Prints the lines to put in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rounds=${1:-20}
# 10,000 probes in flight need more descriptors than the usual soft limit of 1024
ulimit -n 262144 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mvn -B -q -o -DskipTests -pl cli -am install
(
  flock 9
  [ "${CAPACITY_ONLY:-0}" = 1 ] || mvn -B -o -pl tests verify -Dit.test=FailoverTimeMeasurementIT -Dtest=none \
      -Dsurefire.failIfNoSpecifiedTests=false -Dmeridian.measure=true \
      -Dmeridian.measure.rounds="$rounds" | grep 'failover-time:'
  if [ "${CAPACITY:-0}" = 1 ] || [ "${CAPACITY_ONLY:-0}" = 1 ]; then
    mvn -B -o -pl health-agent test -Dtest=ProbeCapacityMeasurement -Dmeridian.measure=true \
        -Dmeridian.measure.cases=${CASES:-TCP:10000,HTTP:10000} -Dsurefire.failIfNoSpecifiedTests=false \
        | grep -E 'endpoints:' || true
  fi
) 9>>/tmp/bench.lock
