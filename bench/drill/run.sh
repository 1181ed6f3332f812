#!/usr/bin/env bash
# Issue 7's benchmark: time for a drill to shift the European client, at both DNS servers and
# through unbound (a real caching resolver, which adds up to the record's TTL), and to recover;
# `meridian admin` and two `meridian dns` processes on loopback (unpinned), scenario 008.
#   bench/drill/run.sh [ROUNDS]
# Needs /usr/sbin/unbound (apt-get install unbound). Takes /tmp/bench.lock like the other
# benchmarks; prints the lines recorded in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. bench/lib/measure.sh
measure_it DrillShiftMeasurementIT "${1:-10}" drill-shift:
