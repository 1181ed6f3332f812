#!/usr/bin/env bash
# =============================================================================
# quick.sh - Meridian alone under dnsperf, for comparing JVM flags (or builds)
#            without the full peer harness.
#
# For each JVM flag set given (one argument each; "" = the JVM's defaults):
# start Meridian (split: pinned to --srv-cpus with udp_threads 1; none: not
# pinned, udp_threads = nproc), warm up, then --reps measurements of
# --duration seconds with the harness's dnsperf options (-c 10 -q 100 -e,
# queries/mix.txt), each under /tmp/bench.lock, and print one line per
# measurement: QPS, avg latency, server CPU % (utime+stime of the JVM, all
# threads), QPS per server core, steal % on the server CPU.
#
# Usage: quick.sh [--pin split|none] [--duration N] [--warmup N] [--reps N]
#                 [--srv-cpus L] [--perf-cpus L] FLAGSET...
# Example:
#   bench/dns/quick.sh "-Xmx512m -XX:+UseSerialGC" "-Xmx512m -XX:+UseParallelGC"
# =============================================================================
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PIN=split DURATION=10 WARMUP=15 REPS=2 SRV_CPUS=0 PERF_CPUS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --pin) PIN=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --srv-cpus) SRV_CPUS=$2; shift 2 ;;
    --perf-cpus) PERF_CPUS=$2; shift 2 ;;
    -h|--help) sed -n '2,/^# =====/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || set -- "$DEFAULT_JVM_OPTS"
need_tools; build_jar
trap cleanup_work EXIT
if [ "$PIN" = split ]; then SP=$SRV_CPUS PP=$PERF_CPUS TH=1; else SP="" PP="" TH=$(nproc); fi
steal() { awk -v c="cpu${SRV_CPUS%%[-,]*}" '$1==c {print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }

for flags in "$@"; do
  JVM_OPTS=${flags:-" "}
  start_meridian "$SP" "$TH" "$M_WORK/quick-server.log"
  ( flock 9; dnsperf_load "$PP" "$WARMUP" /dev/null ) 9>"$BENCH_LOCK"
  for r in $(seq "$REPS"); do
    (
      flock 9
      read -r st0 all0 <<<"$(steal)"
      res=$(measure_qps "$PP" "$DURATION" "$M_WORK/quick-dnsperf.txt")
      read -r st1 all1 <<<"$(steal)"
      read -r qps avg cpu pc lost <<<"$res"
      printf '%-60s pin=%s rep=%d qps=%s avg=%sms srv_cpu=%s%% qps/core=%s lost=%s steal=%s%% load=%s\n' \
        "[${flags:-defaults}]" "$PIN" "$r" "$qps" "$avg" "$cpu" "$pc" "$lost" \
        "$(( all1 > all0 ? 100 * (st1 - st0) / (all1 - all0) : 0 ))" "$(cut -d' ' -f1 /proc/loadavg)"
    ) 9>"$BENCH_LOCK"
  done
  stop_meridian
done
