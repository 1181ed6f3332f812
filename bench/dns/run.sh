#!/usr/bin/env bash
# =============================================================================
# run.sh - Meridian in the shared DNS benchmark (../shared/bench/dns/run.sh)
#
# For each pinning mode (split, then none):
#   1. builds cli/target/meridian.jar if it is missing (REBUILD=1 forces it)
#      and runs a private copy of it from /tmp/meridian-bench
#   2. starts Meridian on 127.0.0.1:15308 with bench/dns/meridian-gtm.yaml
#      (the gtm.test. zone of the harness's 'static' profile):
#        split: `taskset -c SRV_CPUS java ...`, udp_threads 1 -- started pinned
#               exactly as the harness starts its peers (1 worker on 1 core),
#               so the JVM also sizes GC/JIT threads for one CPU
#        none : not pinned, udp_threads = nproc (the peers get nproc workers)
#   3. waits until dig gets static.gtm.test, then warms the JIT up with
#      --warmup seconds of dnsperf (same options as the harness, pinned to
#      PERF_CPUS in split mode, under /tmp/bench.lock)
#   4. runs the shared harness for that mode:
#        run.sh --pin MODE --peers PEERS --duration N --out OUT/MODE
#               --extra meridian=15308,pid=PID,profile=static  [passthrough]
#      (the harness dig-checks Meridian like knot/nsd, accounts its CPU over
#      the JVM's whole process tree, and in split mode runs `taskset -a -p`
#      on it, a no-op here since it is already pinned)
#   5. stops Meridian (by PID)
# and finally prints summary.sh's table for the run directories.
#
# Usage: bench/dns/run.sh [options] [-- harness options]
#   --pin MODE        split | none | both (default both; split first)
#   --peers LIST      harness peers (default knot,nsd,gdnsd,limit)
#   --duration N      seconds per dnsperf run (default 10)
#   --warmup N        seconds of JIT warm-up load before the harness (20)
#   --jvm-opts "..."  JVM flags (default: see DEFAULT_JVM_OPTS in lib.sh)
#   --out DIR         base directory (default /tmp/dnsbench/runs/meridian-<ts>)
#   --no-install      passed to the harness (apt/npm not called)
# Everything after `--` is passed to the harness unchanged (e.g. --keep-going,
# --clients 10, --outstanding 100, --srv-cpus/--perf-cpus).
# Nothing is installed except Debian packages (dnsperf, dig via apt here; the
# harness installs its peers from apt itself).
# =============================================================================
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PIN=both PEERS=knot,nsd,gdnsd,limit DURATION=10 WARMUP=20 OUT="" PASS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pin) PIN=$2; shift 2 ;;
    --peers) PEERS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --jvm-opts) JVM_OPTS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --no-install) PASS+=(--no-install); shift ;;
    --) shift; PASS+=("$@"); break ;;
    -h|--help) sed -n '2,/^# =====/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (harness options go after --)" >&2; exit 2 ;;
  esac
done
case "$PIN" in split|none) MODES=$PIN ;; both) MODES="split none" ;;
  *) echo "--pin must be split|none|both" >&2; exit 2 ;; esac
[ -x "$SHARED/run.sh" ] || mdie "shared harness not found at $SHARED/run.sh"
[ -n "$OUT" ] || OUT=/tmp/dnsbench/runs/meridian-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

# the harness's default split: first half of the cores for servers, rest for dnsperf
NCPU=$(nproc); H=$(( NCPU / 2 )); [ "$H" -lt 1 ] && H=1
SRV_CPUS="0-$(( H - 1 ))"; PERF_CPUS="$H-$(( NCPU - 1 ))"
for ((i = 0; i < ${#PASS[@]}; i++)); do   # honour --srv-cpus/--perf-cpus passed through
  case "${PASS[$i]}" in --srv-cpus) SRV_CPUS=${PASS[$((i + 1))]} ;; --perf-cpus) PERF_CPUS=${PASS[$((i + 1))]} ;; esac
done
cpus_in() { local n=0 p; IFS=, read -ra ps <<<"$1"
  for p in "${ps[@]}"; do if [[ $p == *-* ]]; then n=$(( n + ${p#*-} - ${p%-*} + 1 )); else n=$(( n + 1 )); fi; done; echo $n; }

need_tools
build_jar
trap cleanup_work EXIT
trap 'exit 130' INT TERM
{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(uname -srm); cpus: $NCPU; $(grep -m1 'model name' /proc/cpuinfo)"
  echo "java: $(java -version 2>&1 | head -2 | tail -1)"
  echo "jvm opts: ${JVM_OPTS:-$DEFAULT_JVM_OPTS}"
  echo "jar: $M_JAR ($(stat -c '%y' "$M_JAR")); git: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null)$(git -C "$REPO" status --porcelain 2>/dev/null | grep -q . && echo ' +uncommitted changes')"
  echo "options: pin=$PIN peers=$PEERS duration=$DURATION warmup=$WARMUP srv_cpus=$SRV_CPUS perf_cpus=$PERF_CPUS passthrough=${PASS[*]:-}"
} | tee "$OUT/meridian-env.txt"

rc=0
for mode in $MODES; do
  if [ "$mode" = split ]; then pin=$SRV_CPUS perf=$PERF_CPUS threads=$(cpus_in "$SRV_CPUS")
  else pin="" perf="" threads=$NCPU; fi
  mkdir -p "$OUT/$mode"
  start_meridian "$pin" "$threads" "$OUT/$mode/meridian-server.log"
  mlog "JIT warm-up: ${WARMUP}s of dnsperf (waiting for $BENCH_LOCK)"
  ( flock 9; dnsperf_load "$perf" "$WARMUP" "$OUT/$mode/meridian-warmup.txt" ) 9>"$BENCH_LOCK"
  grep -E 'Queries per second' "$OUT/$mode/meridian-warmup.txt" | sed 's/^ */    warm-up: /' || true
  "$SHARED/run.sh" --pin "$mode" --peers "$PEERS" --duration "$DURATION" \
    --extra "meridian=$M_PORT,pid=$M_PID,profile=static" --out "$OUT/$mode" "${PASS[@]}" || rc=$?
  kill -0 "$M_PID" 2>/dev/null || { mlog "meridian died during the run"; rc=1; }
  ps -o rss=,nlwp= -p "$M_PID" 2>/dev/null | awk '{printf "    meridian rss %.0f MiB, %d threads\n", $1/1024, $2}' || true
  stop_meridian
  [ "$rc" = 0 ] || mdie "harness failed in mode $mode (exit $rc); output in $OUT/$mode"
done
echo
"$BENCH_DIR/summary.sh" "$OUT" | tee "$OUT/meridian-summary.md"
mlog "run directory: $OUT"
