#!/usr/bin/env bash
# Issue 5's benchmark: time from the admin API's 200 to every DNS server answering the new way,
# with `meridian admin` and two `meridian dns` processes on loopback (unpinned).
#   bench/admin/propagation.sh [ROUNDS]
# Takes /tmp/bench.lock like the other benchmarks; prints the line recorded in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. bench/lib/measure.sh
measure_it PropagationMeasurementIT "${1:-100}" propagation:
