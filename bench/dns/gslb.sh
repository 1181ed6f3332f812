#!/usr/bin/env bash
# =============================================================================
# gslb.sh - Meridian's GSLB answers in the shared DNS benchmark, side by side
#           with Meridian's static answers and the GSLB peers
#
# For each pinning mode (split, then none):
#   1. runs a private copy of cli/target/meridian.jar (built if missing,
#      REBUILD=1 forces it) from /tmp/meridian-bench, TWICE, started the same way:
#        meridian-static  127.0.0.1:15308  bench/dns/meridian-gtm.yaml
#                         (harness profile 'static': www/api/app plain records)
#        meridian-gslb    127.0.0.1:15309  bench/dns/meridian-gslb.yaml
#                         (harness profile 'gslb': www geolocation, api
#                         weighted 70/20/10, app failover; bundled country DB,
#                         or --geodb FILE)
#        split: `taskset -c SRV_CPUS java ...`, udp_threads 1 (as the harness
#               starts its peers); none: not pinned, udp_threads = nproc.
#      Only the one being measured gets load; the other idles on its socket.
#   2. warms each JIT up with --warmup seconds of dnsperf (harness options,
#      pinned to PERF_CPUS in split mode, under /tmp/bench.lock); the gslb
#      instance gets half of it without ECS and half with the harness's EU ECS
#   3. runs the shared harness for that mode with the GSLB peers and both
#      Meridians as extras, measured one after the other at the end of the pass:
#        run.sh --pin MODE --peers PEERS --duration N --out OUT/MODE
#          --extra meridian-static=15308,pid=PID1,profile=static
#          --extra meridian-gslb=15309,pid=PID2,profile=gslb  [passthrough]
#   4. stops both (by PID)
# and finally prints summary.sh's table and ratios (meridian-gslb /
# meridian-static and / each GSLB peer) for the run directory.
#
# Usage: bench/dns/gslb.sh [options] [-- harness options]
#   --pin MODE        split | none | both (default both; split first)
#   --peers LIST      harness peers (default limit,gdnsd,pdns-geoip,pdns-lua-shared,knot-geoip)
#   --duration N      seconds per dnsperf run (default 10)
#   --warmup N        seconds of JIT warm-up load per Meridian (default 20)
#   --geodb FILE      give meridian-gslb `geoip: { database: FILE }` (e.g. the
#                     harness's /tmp/dnsbench/geo/GeoLite2-City.mmdb) instead of
#                     the bundled country DB; its extra is then named
#                     meridian-gslb-city
#   --no-static       do not run meridian-static
#   --jvm-opts "..."  JVM flags (default: DEFAULT_JVM_OPTS in lib.sh)
#   --out DIR         base directory (default /tmp/dnsbench/runs/gslb-<ts>)
#   --no-install      passed to the harness (apt/npm not called)
# Everything after `--` goes to the harness unchanged (--keep-going, ...).
# =============================================================================
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PIN=both PEERS=limit,gdnsd,pdns-geoip,pdns-lua-shared,knot-geoip DURATION=10 WARMUP=20
OUT="" PASS=() GEODB="" STATIC=1
while [ $# -gt 0 ]; do
  case "$1" in
    --pin) PIN=$2; shift 2 ;;
    --peers) PEERS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --geodb) GEODB=$2; shift 2 ;;
    --no-static) STATIC=0; shift ;;
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
[ -n "$OUT" ] || OUT=/tmp/dnsbench/runs/gslb-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

S_PORT=15308 S_YAML=$BENCH_DIR/meridian-gtm.yaml
G_PORT=15309 G_YAML=$BENCH_DIR/meridian-gslb.yaml G_NAME=meridian-gslb G_APPEND=""
if [ -n "$GEODB" ]; then
  [ -s "$GEODB" ] || mdie "no GeoIP database at $GEODB"
  G_NAME=meridian-gslb-city G_APPEND="geoip: { database: \"$(readlink -f "$GEODB")\" }"
fi
# ECS of the harness's 'ecs' scenario: 81.2.69.0/24 (GB, EU)
ECS_OPT=(-E "8:00011800510245")

NCPU=$(nproc); H=$(( NCPU / 2 )); [ "$H" -lt 1 ] && H=1
SRV_CPUS="0-$(( H - 1 ))"; PERF_CPUS="$H-$(( NCPU - 1 ))"
for ((i = 0; i < ${#PASS[@]}; i++)); do
  case "${PASS[$i]}" in --srv-cpus) SRV_CPUS=${PASS[$((i + 1))]} ;; --perf-cpus) PERF_CPUS=${PASS[$((i + 1))]} ;; esac
done
cpus_in() { local n=0 p; IFS=, read -ra ps <<<"$1"
  for p in "${ps[@]}"; do if [[ $p == *-* ]]; then n=$(( n + ${p#*-} - ${p%-*} + 1 )); else n=$(( n + 1 )); fi; done; echo $n; }

S_PID="" G_PID=""
stop_both() {
  M_PID=$S_PID; stop_meridian; S_PID=""
  M_PID=$G_PID; stop_meridian; G_PID=""
}
cleanup_gslb() {
  stop_both
  rm -f "$M_WORK/meridian-$$.jar" "$M_WORK/meridian-gtm-$$.yaml" "$M_WORK/meridian-gslb-$$.yaml"
}

need_tools
build_jar       # copies the jar to $M_WORK/meridian-$$.jar: both JVMs run that copy
trap cleanup_gslb EXIT
trap 'exit 130' INT TERM
{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(uname -srm); cpus: $NCPU; $(grep -m1 'model name' /proc/cpuinfo)"
  echo "java: $(java -version 2>&1 | head -2 | tail -1)"
  echo "jvm opts: ${JVM_OPTS:-$DEFAULT_JVM_OPTS}"
  echo "jar: $M_JAR ($(stat -c '%y' "$M_JAR"), sha1 $(sha1sum "$M_WORK/meridian-$$.jar" | cut -c1-12)); git: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null)$(git -C "$REPO" status --porcelain 2>/dev/null | grep -q . && echo ' +uncommitted changes')"
  echo "gslb geo database: ${GEODB:-bundled country database (no geoip.database)}"
  echo "options: pin=$PIN peers=$PEERS duration=$DURATION warmup=$WARMUP static=$STATIC srv_cpus=$SRV_CPUS perf_cpus=$PERF_CPUS passthrough=${PASS[*]:-}"
} | tee "$OUT/meridian-env.txt"

rc=0
for mode in $MODES; do
  if [ "$mode" = split ]; then pin=$SRV_CPUS perf=$PERF_CPUS threads=$(cpus_in "$SRV_CPUS")
  else pin="" perf="" threads=$NCPU; fi
  mkdir -p "$OUT/$mode"
  extras=()
  if [ "$STATIC" = 1 ]; then
    M_PORT=$S_PORT M_YAML=$S_YAML M_YAML_APPEND=""
    start_meridian "$pin" "$threads" "$OUT/$mode/meridian-static-server.log"; S_PID=$M_PID
    extras+=(--extra "meridian-static=$S_PORT,pid=$S_PID,profile=static")
  fi
  M_PORT=$G_PORT M_YAML=$G_YAML M_YAML_APPEND=$G_APPEND
  start_meridian "$pin" "$threads" "$OUT/$mode/$G_NAME-server.log"; G_PID=$M_PID
  extras+=(--extra "$G_NAME=$G_PORT,pid=$G_PID,profile=gslb")
  mlog "JIT warm-up: ${WARMUP}s of dnsperf per Meridian (waiting for $BENCH_LOCK)"
  (
    flock 9
    if [ "$STATIC" = 1 ]; then
      M_PORT=$S_PORT dnsperf_load "$perf" "$WARMUP" "$OUT/$mode/meridian-static-warmup.txt"
    fi
    M_PORT=$G_PORT dnsperf_load "$perf" $(( (WARMUP + 1) / 2 )) "$OUT/$mode/$G_NAME-warmup.txt"
    M_PORT=$G_PORT dnsperf_load "$perf" $(( WARMUP / 2 )) "$OUT/$mode/$G_NAME-warmup-ecs.txt" "${ECS_OPT[@]}"
  ) 9>"$BENCH_LOCK"
  grep -H 'Queries per second' "$OUT/$mode"/*-warmup*.txt | sed 's|^.*/||; s/^/    warm-up: /' || true
  "$SHARED/run.sh" --pin "$mode" --peers "$PEERS" --duration "$DURATION" \
    "${extras[@]}" --out "$OUT/$mode" "${PASS[@]}" || rc=$?
  for p in $S_PID $G_PID; do
    kill -0 "$p" 2>/dev/null || { mlog "meridian pid $p died during the run"; rc=1; }
    ps -o rss=,nlwp= -p "$p" 2>/dev/null | awk -v p="$p" '{printf "    meridian pid %s: rss %.0f MiB, %d threads\n", p, $1/1024, $2}' || true
  done
  stop_both
  [ "$rc" = 0 ] || mdie "harness failed in mode $mode (exit $rc); output in $OUT/$mode"
done
echo
"$BENCH_DIR/summary.sh" "$OUT" | tee "$OUT/meridian-summary.md"
mlog "run directory: $OUT"
