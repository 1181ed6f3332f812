# shellcheck shell=bash
# lib.sh - shared helpers for bench/dns/*.sh (sourced, not run).
#
# Starts/stops ONE Meridian instance for the DNS benchmark, by PID only.
#   BENCH_DIR   bench/dns (this directory)       REPO  the repository root
#   SHARED      ../shared/bench/dns beside the repo (the peer harness)
#   M_PORT      15308 (meridian-gtm.yaml)         M_WORK /tmp/meridian-bench
# The server runs from a private copy of cli/target/meridian.jar
# ($M_WORK/meridian-<script pid>.jar) so that a concurrent `mvn package` in the
# repo (or another of these scripts) cannot change the jar under a running JVM.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/../.." && pwd)
SHARED=${SHARED:-$(cd "$REPO/.." && pwd)/shared/bench/dns}
QUERIES=${QUERIES:-$SHARED/queries/mix.txt}
M_PORT=${M_PORT:-15308}    # the port of the config start_meridian renders
M_YAML=${M_YAML:-$BENCH_DIR/meridian-gtm.yaml}   # which config (gslb.sh switches it)
M_WORK=${M_WORK:-/tmp/meridian-bench}
M_JAR=$REPO/cli/target/meridian.jar
BENCH_LOCK=/tmp/bench.lock
# JVM flags chosen by measurement (bench/RESULTS.md, "JVM flags"); override
# with JVM_OPTS=... or --jvm-opts.
DEFAULT_JVM_OPTS="-Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch -XX:-UsePerfData"

M_PID=""

mlog() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
mdie() { printf '\n*** FATAL: %s\n' "$*" >&2; exit 1; }

need_tools() {  # only apt packages; the shared harness installs its own peers
  local c pkgs=()
  for c in dnsperf:dnsperf dig:bind9-dnsutils taskset:util-linux flock:util-linux; do
    command -v "${c%%:*}" >/dev/null || pkgs+=("${c#*:}")
  done
  command -v java >/dev/null || mdie "no java on PATH (JDK 17 needed)"
  if [ ${#pkgs[@]} -gt 0 ]; then
    mlog "installing from apt: ${pkgs[*]}"
    flock /tmp/apt.lock apt-get update -qq
    flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
  fi
}

build_jar() {  # builds cli/target/meridian.jar when missing (or when REBUILD=1)
  if [ ! -s "$M_JAR" ] || [ "${REBUILD:-0}" = 1 ]; then
    mlog "building $M_JAR"
    ( cd "$REPO" && mvn -B -q -o -DskipTests -pl cli -am package ) ||
      ( cd "$REPO" && mvn -B -q -DskipTests -pl cli -am package ) ||
      mdie "cannot build the server jar"
  fi
  mkdir -p "$M_WORK"
  # one copy per invocation: several scripts may run at once (they serialise
  # on the lock and the port, but must not overwrite each other's jar)
  cp "$M_JAR" "$M_WORK/meridian-$$.jar"
}

# start_meridian PINCPUS(or "") UDP_THREADS LOGFILE [extra JVM opts...]
# Renders $M_YAML (default meridian-gtm.yaml; it must listen on $M_PORT) with
# udp_threads (and M_YAML_APPEND, extra top-level YAML, if set), starts java in its own session
# (pinned with taskset when PINCPUS is set, so the JVM sizes itself for those
# CPUs exactly as the peers are started by the harness), waits for answers.
start_meridian() {
  local pin=$1 threads=$2 logf=$3; shift 3
  local cfg pfx=() i
  cfg=$M_WORK/$(basename "$M_YAML" .yaml)-$$.yaml
  [ -n "$(ss -Hlun "sport = :$M_PORT")" ] && mdie "port $M_PORT already in use"
  sed "s/^\(  udp_threads:\) *[0-9]*/\1 $threads/" "$M_YAML" > "$cfg"
  [ -n "${M_YAML_APPEND:-}" ] && printf '%s\n' "$M_YAML_APPEND" >> "$cfg"
  [ -n "$pin" ] && pfx=(taskset -c "$pin")
  # shellcheck disable=SC2086
  mlog "start meridian: ${pfx[*]} java ${JVM_OPTS:-$DEFAULT_JVM_OPTS} $* -jar meridian.jar up (udp_threads=$threads)"
  # shellcheck disable=SC2086
  setsid "${pfx[@]}" java ${JVM_OPTS:-$DEFAULT_JVM_OPTS} "$@" -jar "$M_WORK/meridian-$$.jar" \
    up --config "$cfg" > "$logf" 2>&1 &
  M_PID=$!
  for i in $(seq 120); do
    kill -0 "$M_PID" 2>/dev/null || { tail -20 "$logf"; mdie "meridian exited"; }
    if grep -q 'meridian: listening on' "$logf" &&
       [ "$(dig @127.0.0.1 -p "$M_PORT" static.gtm.test A +short +time=1 +tries=1 2>/dev/null)" = 192.0.2.40 ]; then
      mlog "meridian up, pid $M_PID"; return 0
    fi
    sleep 0.5
  done
  tail -20 "$logf"; mdie "meridian did not answer within 60 s"
}

stop_meridian() {
  local i
  [ -n "$M_PID" ] || return 0
  if kill -0 "$M_PID" 2>/dev/null; then
    kill -TERM "$M_PID" 2>/dev/null || true
    for i in $(seq 100); do kill -0 "$M_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$M_PID" 2>/dev/null && kill -KILL "$M_PID" 2>/dev/null || true
    wait "$M_PID" 2>/dev/null || true
  fi
  M_PID=""
}

cleanup_work() {  # on exit: stop our server, remove our jar/config copies
  stop_meridian
  rm -f "$M_WORK/meridian-$$.jar" "$M_WORK/meridian-gtm-$$.yaml" "$M_WORK/meridian-gslb-$$.yaml"
}

proc_ticks() {  # utime+stime of a whole process (all threads)
  local line rest
  line=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  rest=${line##*) }
  read -r _st _pp _pg _se _tt _tp _fl _mi _cmi _ma _cma _ut _stt _ <<<"$rest"
  echo $(( _ut + _stt ))
}

# dnsperf_load PERFCPUS(or "") SECONDS OUTFILE [dnsperf opts]: same options as
# the shared harness (-c 10 -q 100 -t 1 -e, the same query file)
dnsperf_load() {
  local pin=$1 secs=$2 out=$3 pfx=(); shift 3
  [ -n "$pin" ] && pfx=(taskset -c "$pin")
  "${pfx[@]}" dnsperf -s 127.0.0.1 -p "$M_PORT" -d "$QUERIES" -l "$secs" \
    -c 10 -q 100 -t 1 -e "$@" > "$out" 2>&1 || true
}

# measure_qps PERFCPUS SECONDS OUTFILE: dnsperf with server CPU accounting;
# prints "qps avg_ms srv_cpu% qps_per_core lost"
measure_qps() {
  local pin=$1 secs=$2 out=$3 s0 s1 t0 t1 hz
  hz=$(getconf CLK_TCK)
  s0=$(proc_ticks "$M_PID"); t0=$(date +%s.%N)
  dnsperf_load "$pin" "$secs" "$out"
  t1=$(date +%s.%N); s1=$(proc_ticks "$M_PID")
  awk -v d=$(( s1 - s0 )) -v hz="$hz" -v a="$t0" -v b="$t1" '
    /Queries per second:/ {qps=$4}
    /Queries lost:/ {lost=$3}
    /Average Latency/ {avg=$4*1000}
    END { if (d < 0) { printf "%.0f %.3f NA NA %s\n", qps, avg, lost; exit }
          cpu=100*d/hz/(b-a); printf "%.0f %.3f %.0f %.0f %s\n", qps, avg, cpu, (cpu>0?qps*100/cpu:0), lost }' "$out"
}
