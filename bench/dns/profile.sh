#!/usr/bin/env bash
# =============================================================================
# profile.sh - where Meridian's CPU goes under dnsperf load (JFR + /proc)
#
# Starts Meridian pinned to --srv-cpus with udp_threads 1 (the 'split' setup
# of run.sh), warms it up, then -- under /tmp/bench.lock -- starts a JFR
# recording (settings=profile with method sampling every 1 ms, via jcmd) and runs dnsperf (harness options,
# no-ecs) for --duration seconds pinned to --perf-cpus.  Reports:
#   * QPS, server CPU %, and its user/kernel split (utime/stime of the JVM):
#     kernel time is the socket syscalls (recvfrom/sendto) plus the loopback
#     softirq work charged to the server
#   * Java CPU samples (jdk.ExecutionSample, the threads running Java code):
#     hottest methods by self samples (top frame), by inclusive samples
#     (method anywhere on the stack, once per sample), and by package
#   * allocation: bytes allocated by the UDP worker thread during the
#     recording (jdk.ThreadAllocationStatistics, first/last value) divided by
#     the queries dnsperf completed = bytes per query; the GCs in the recording
# Output files in --out (default /tmp/meridian-bench/profile-<ts>):
#   meridian.jfr, dnsperf.txt, exec-samples.txt, report.txt
#
# With --gslb it profiles bench/dns/meridian-gslb.yaml (port 15309: www
# geolocation, api weighted, app failover) instead of meridian-gtm.yaml, and
# --ecs adds the harness's ECS option (81.2.69.0/24, EU) to every query; the
# report then also gives the inclusive shares of the GSLB code (policy
# evaluation io.meridian.core.policy.*, PrefixMap.match, PolicyAnswer, ...).
#
# Usage: bench/dns/profile.sh [--duration 30] [--warmup 20] [--srv-cpus 0]
#                             [--perf-cpus 1] [--jvm-opts "..."] [--out DIR]
#                             [--gslb] [--ecs]
#        bench/dns/profile.sh --report FILE.jfr   (only summarise a recording)
# =============================================================================
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION=30 WARMUP=20 SRV_CPUS=0 PERF_CPUS=1 OUT="" REPORT_ONLY="" PERF_OPTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --srv-cpus) SRV_CPUS=$2; shift 2 ;;
    --perf-cpus) PERF_CPUS=$2; shift 2 ;;
    --jvm-opts) JVM_OPTS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --report) REPORT_ONLY=$2; shift 2 ;;
    --gslb) M_YAML=$BENCH_DIR/meridian-gslb.yaml M_PORT=15309; shift ;;
    --ecs) PERF_OPTS=(-E "8:00011800510245"); shift ;;
    -h|--help) sed -n '2,/^# =====/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

# summarise_jfr FILE QUERIES : Java hot spots and allocation per query
summarise_jfr() {
  local jfr=$1 queries=${2:-0} dir
  dir=$(dirname "$jfr")
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$jfr" > "$dir/exec-samples.txt"
  echo "== Java CPU samples (jdk.ExecutionSample, all threads) =="
  awk '
    /^jdk.ExecutionSample/ { n++; depth = 0; delete seen; delete gseen; next }
    /sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); sub(/-[0-9.:]+-[0-9]+$/, "", t); thr[t]++ }
    /line:/ || /^[ \t]+[a-zA-Z_$][a-zA-Z0-9_$.]*\(/ {
      m = $0; sub(/^[ \t]+/, "", m); sub(/\(.*/, "", m)
      if (m == "" || m ~ /^stackTrace/) next
      depth++
      if (depth == 1) self[m]++
      if (!(m in seen)) { seen[m] = 1; incl[m]++
        # groups, counted once per sample
        g = ""
        if (m ~ /^io\.meridian\.core\.policy\./) g = "policy evaluation (io.meridian.core.policy.*)"
        if (g != "" && !(g in gseen)) { gseen[g] = 1; grp[g]++ }
        g = ""
        if (m ~ /PrefixMap\.match$/) g = "PrefixMap.match"
        else if (m ~ /PolicyAnswer\.answer$/) g = "PolicyAnswer.answer (policy + its records)"
        else if (m ~ /AnswerBuilder\.answer$/) g = "AnswerBuilder.answer"
        else if (m ~ /ClientSubnet\./) g = "ClientSubnet (ECS parse/echo)"
        else if (m ~ /Responder\.handle$/) g = "Responder.handle"
        else if (m ~ /org\.xbill\.DNS\.Message\.toWire$/) g = "dnsjava Message.toWire (encode)"
        else if (m ~ /org\.xbill\.DNS\.Message\.<init>$/) g = "dnsjava Message.<init> (parse or new reply)"
        else if (m ~ /org\.xbill\.DNS\.ARecord\.<init>$/) g = "dnsjava ARecord.<init> (policy answer records)"
        if (g != "" && !(g in gseen)) { gseen[g] = 1; grp[g]++ }
      }
      if (depth == 1 && m ~ /^org\.xbill\.DNS\./) { g = "dnsjava, self (top frame in org.xbill.DNS)"; grp[g]++ }
      if (depth == 1 && m ~ /^io\.meridian\.core\.policy\./) { g = "policy evaluation, self"; grp[g]++ }
      if (depth == 1) {
        p = m; sub(/\.[^.]*\.[^.]*$/, "", p)          # package of the top frame
        if (m ~ /^org\.xbill\.DNS\./) c = "dnsjava (org.xbill.DNS)"
        else if (m ~ /^io\.meridian\./) c = "meridian (io.meridian)"
        else if (m ~ /^(sun\.nio|java\.nio|java\.net|sun\.net)\./) c = "JDK NIO/net (socket path, Java side)"
        else if (m ~ /^java\.util\./) c = "java.util (collections)"
        else if (m ~ /^java\.lang\./) c = "java.lang"
        else c = "other: " p
        cat[c]++
      }
    }
    END {
      printf "samples: %d\n\nby thread:\n", n
      for (t in thr) printf "  %6d  %5.1f%%  %s\n", thr[t], 100 * thr[t] / n, t
      printf "\ntop frame by package group (self):\n"
      for (c in cat) printf "  %6d  %5.1f%%  %s\n", cat[c], 100 * cat[c] / n, c
      printf "\nhottest methods, self (top frame):\n"
      for (m in self) printf "  %6d  %5.1f%%  %s\n", self[m], 100 * self[m] / n, m | "sort -rn | head -30"
      close("sort -rn | head -30")
      printf "\nparts of the query path, inclusive (share of all samples with such a frame anywhere on the stack):\n"
      for (g in grp) printf "  %6d  %5.1f%%  %s\n", grp[g], 100 * grp[g] / n, g | "sort -rn"
      close("sort -rn")
      printf "\nhottest methods, inclusive (anywhere on the stack):\n"
      for (m in incl) printf "  %6d  %5.1f%%  %s\n", incl[m], 100 * incl[m] / n, m | "sort -rn | head -40"
      close("sort -rn | head -40")
    }' "$dir/exec-samples.txt"

  echo
  echo "== threads in native code (jdk.NativeMethodSample: blocked or in a syscall) =="
  jfr print --events jdk.NativeMethodSample --stack-depth 1 "$jfr" | awk '
    /line:/ || /^[ \t]+[a-zA-Z_$][a-zA-Z0-9_$.]*\(/ { m = $0; sub(/^[ \t]+/, "", m); sub(/\(.*/, "", m); c[m]++; n++ }
    END { for (m in c) printf "  %6d  %5.1f%%  %s\n", c[m], 100 * c[m] / n, m | "sort -rn | head -8" }'

  echo
  echo "== allocation =="
  jfr print --events jdk.ThreadAllocationStatistics "$jfr" | awk -v q="$queries" '
    /allocated = / { a = $0; sub(/.*allocated = /, "", a)
      v = a + 0; if (a ~ /kB/) v *= 1024; else if (a ~ /MB/) v *= 1048576; else if (a ~ /GB/) v *= 1073741824 }
    /thread = / { t = $0; sub(/.*thread = "/, "", t); sub(/".*/, "", t); if (!(t in first)) first[t] = v; last[t] = v }
    END {
      for (t in first) if (t ~ /^dns-udp/) { d = last[t] - first[t]; tot += d
        printf "  %s: %.2f GB allocated during the recording (jdk.ThreadAllocationStatistics, 0.1 GB resolution)\n", t, d / 1073741824 }
      if (q > 0 && tot > 0) printf "  => about %.0f bytes allocated per query (UDP worker threads, %d queries)\n", tot / q, q
    }'
  echo "  allocation by class on the UDP threads (jdk.ObjectAllocationSample weights, statistical):"
  jfr print --events jdk.ObjectAllocationSample --stack-depth 1 "$jfr" | awk '
    /objectClass = / { c = $0; sub(/.*objectClass = /, "", c); sub(/ \(classLoader.*/, "", c) }
    /weight = / { w = $0; sub(/.*weight = /, "", w); v = w + 0
      if (w ~ /kB/) v *= 1024; else if (w ~ /MB/) v *= 1048576; else if (w ~ /GB/) v *= 1073741824 }
    # the first sample of a thread also carries what it allocated before the recording
    /eventThread = / { if ($0 ~ /dns-udp/ && seen++) { by[c] += v; tot += v } }
    END { for (c in by) printf "    %5.1f%%  %s\n", 100 * by[c] / tot, c | "sort -rn | head -15" }'
  jfr summary "$jfr" | awk '$1 == "jdk.GarbageCollection" || $1 == "jdk.ObjectAllocationSample" || $1 == "jdk.ExecutionSample" || $1 == "jdk.NativeMethodSample" { printf "  %-28s %s events\n", $1, $2 }'
  jfr print --events jdk.GarbageCollection "$jfr" | awk '
    /sumOfPauses = / { p = $0; sub(/.*= /, "", p); v = p + 0; if (p ~ / ms/) v = v; else if (p ~ /us|µs/) v /= 1000; else if (p ~ / s$/) v *= 1000; s += v; n++ }
    /^[ \t]*name = / { nm = $0; sub(/.*= /, "", nm); names[nm]++ }
    END { printf "  GCs: %d, total pause %.1f ms", n, s; for (k in names) printf ", %s x%d", k, names[k]; printf "\n" }'
}

if [ -n "$REPORT_ONLY" ]; then summarise_jfr "$REPORT_ONLY" 0; exit 0; fi

[ -n "$OUT" ] || OUT=$M_WORK/profile-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
need_tools; build_jar
trap cleanup_work EXIT
start_meridian "$SRV_CPUS" 1 "$OUT/server.log"
mlog "warm-up ${WARMUP}s"
( flock 9; dnsperf_load "$PERF_CPUS" "$WARMUP" /dev/null "${PERF_OPTS[@]}" ) 9>"$BENCH_LOCK"
HZ=$(getconf CLK_TCK)
# the 'profile' settings with Java and native method sampling every 1 ms
# (instead of 10/20 ms) for more samples from one short recording
JAVA_HOME_=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.home/ {print $2}')
JFC=$OUT/profile-1ms.jfc
sed -e '/jdk.ExecutionSample"/,/<\/event>/ s/[0-9]* ms</1 ms</' \
    -e '/jdk.NativeMethodSample"/,/<\/event>/ s/[0-9]* ms</1 ms</' "$JAVA_HOME_/lib/jfr/profile.jfc" > "$JFC"
(
  flock 9
  mlog "lock held; load avg $(cut -d' ' -f1-3 /proc/loadavg); recording ${DURATION}s"
  read -r u0 s0 <<<"$(awk '{sub(/.*\) /, ""); print $12, $13}' "/proc/$M_PID/stat")"
  st0=$(awk -v c="cpu${SRV_CPUS%%[-,]*}" '$1==c {print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
  t0=$(date +%s.%N)
  jcmd "$M_PID" JFR.start name=bench settings="$JFC" filename="$OUT/meridian.jfr" duration="$((DURATION + 1))s" >/dev/null
  dnsperf_load "$PERF_CPUS" "$DURATION" "$OUT/dnsperf.txt" "${PERF_OPTS[@]}"
  t1=$(date +%s.%N)
  read -r u1 s1 <<<"$(awk '{sub(/.*\) /, ""); print $12, $13}' "/proc/$M_PID/stat")"
  st1=$(awk -v c="cpu${SRV_CPUS%%[-,]*}" '$1==c {print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
  awk -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$HZ" -v a="$t0" -v b="$t1" -v st0="$st0" -v st1="$st1" '
    /Queries per second:/ { qps = $4 } /Queries completed:/ { done = $3 }
    END { w = b - a; split(st0, x, " "); split(st1, y, " ")
      printf "QPS %.0f (%d queries in %.1f s); server CPU %.0f%% = user %.0f%% + kernel %.0f%% (kernel share %.0f%%); QPS per server core %.0f; steal on the server CPU %.0f%%\n",
        qps, done, w, 100 * (u + s) / hz / w, 100 * u / hz / w, 100 * s / hz / w, 100 * s / (u + s), qps * hz * w / (u + s), 100 * (y[1] - x[1]) / (y[2] - x[2]) }' \
    "$OUT/dnsperf.txt" > "$OUT/load.txt"
  for _ in $(seq 30); do [ -s "$OUT/meridian.jfr" ] && break; sleep 1; done
) 9>"$BENCH_LOCK"
sleep 2
QUERIES_DONE=$(awk '/Queries completed:/ {print $3}' "$OUT/dnsperf.txt")
{
  echo "== load =="; echo "config: $M_YAML; dnsperf extra options: ${PERF_OPTS[*]:-none}"; cat "$OUT/load.txt"; echo
  summarise_jfr "$OUT/meridian.jfr" "$QUERIES_DONE"
} | tee "$OUT/report.txt"
mlog "files in $OUT"
