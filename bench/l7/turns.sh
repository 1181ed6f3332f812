#!/usr/bin/env bash
# HAProxy, nginx, Meridian's balancer and FloorProxy (the least a proxy on Netty's io_uring can
# do, see FloorProxy.java) measured in turns, round after round, each under the same wrk load: so
# the host's drift falls on all four, which run.sh's one pass per target cannot promise. Prints
# user and system CPU per request of each (from /proc, the proxy's process or nginx's worker)
# and wrk's p99, and the medians over the rounds.
#
#   bench/l7/turns.sh --configs DIR [--rounds N] [--secs N]
#                     [--scenarios "ka close ka512 tls route sticky stickynew"]
#                     [--targets "haproxy nginx meridian floor codecs"]
#
# Scenarios as load.sh defines them (default: ka close). The floor has no TLS: not measured in tls.
# codecs: FloorProxy with Netty's HTTP/1 codecs on both sides (what the codecs alone cost); not
# measured unless named in --targets (default: the other four).
# DIR: the --out directory of an earlier bench/l7/run.sh (it holds the harness's haproxy.cfg and
# nginx.conf). Layout as run.sh's: the proxies on CPU 1 with one thread or event loop each,
# wrk and the harness's three backends on CPU 0. Needs the balancer built and the harness's
# backend (run.sh builds it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
configs="" rounds=5 secs=5 scenarios="ka close" targets="haproxy nginx meridian floor"
while (($#)); do
  case $1 in
    --configs) configs=$2; shift 2;;
    --rounds) rounds=$2; shift 2;;
    --secs) secs=$2; shift 2;;
    --scenarios) scenarios=$2; shift 2;;
    --targets) targets=$2; shift 2;;
    *) sed -n 2,18p "$0" >&2; exit 2;;
  esac
done
[[ -f $configs/haproxy.cfg && -f $configs/nginx.conf ]] || { sed -n 2,18p "$0" >&2; exit 2; }
backend=/tmp/l7bench/bin/l7backend
[[ -x $backend ]] || { echo "no $backend: run bench/l7/run.sh once" >&2; exit 1; }
work=/tmp/meridian-l7/turns
mkdir -p "$work/nginx/logs"
(cd "$repo" && mvn -B -q -o -pl balancer dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp=$(cat "$work/cp.txt")
sed "s/EVENT_LOOPS/1/" "$here/meridian-l7.yaml" > "$work/meridian.yaml"
sed "s#pidfile .*#pidfile $work/haproxy.pid#" "$configs/haproxy.cfg" > "$work/haproxy.cfg"
sed "s#^pid .*;#pid $work/nginx.pid;#" "$configs/nginx.conf" > "$work/nginx.conf"
# shellcheck source=bench/l7/load.sh
source "$here/load.sh"  # jvm=(...), load, warm_up, measure, in_turns
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true' EXIT
exec 9>>/tmp/bench.lock
flock 9
for i in 1 2 3; do taskset -c 0 "$backend" 1800$i b$i /dev/null >/dev/null 2>&1 & pids+=($!); done
taskset -c 1 haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 & pids+=($!); haproxy=$!
taskset -c 1 nginx -p "$work/nginx" -c "$work/nginx.conf" -g 'daemon off;' > "$work/nginx.log" 2>&1 & pids+=($!); nginx=$!
taskset -c 1 java "${jvm[@]}" -cp "$repo/balancer/target/classes:$cp" io.meridian.balancer.BalancerMain "$work/meridian.yaml" \
  > "$work/meridian.log" 2>&1 & pids+=($!); meridian=$!
taskset -c 1 java "${jvm[@]}" -cp "$cp" "$here/FloorProxy.java" 18070 > "$work/floor.log" 2>&1 & pids+=($!); floor=$!
ports=(18010 18020 18080 18070) jvms=(18080 18070)
if [[ " $targets " == *" codecs "* ]]; then
  taskset -c 1 java "${jvm[@]}" -cp "$cp" "$here/FloorProxy.java" 18071 codecs > "$work/codecs.log" 2>&1 & pids+=($!); codecs=$!
  ports+=(18071) jvms+=(18071)
fi
for port in "${ports[@]}"; do
  until grep -q ":$port " <<<"$(ss -ltn)"; do sleep 0.2; done
done
worker=$(pgrep -P $nginx | head -1)
plain=${scenarios//tls/}
warm_up 40 20 "$scenarios" 18080
warm_up 40 20 "$plain" "${jvms[@]:1}"
turn() {  # round scenario target: one line of turns.out
  local pid port user system n p99 errors
  [[ $2 == tls && ($3 == floor || $3 == codecs) ]] && return 0
  case $3 in
    haproxy) pid=$haproxy port=18010;; nginx) pid=$worker port=18020;;
    meridian) pid=$meridian port=18080;; floor) pid=$floor port=18070;; codecs) pid=$codecs port=18071;;
  esac
  read -r user system n p99 errors < <(measure $pid "$2" $port "$secs")
  awk -v r="$1" -v s="$2" -v t="$3" -v u="$user" -v k="$system" -v n="$n" -v p="$p99" -v e="${errors:-}" \
    'BEGIN {printf "%d %s %s %.1f %.1f %.1f %s %s\n", r, s, t, (u + k) * 10000 / n, u * 10000 / n, k * 10000 / n, p, e}'
}
out=$work/turns.out
in_turns "$rounds" "$scenarios" "$targets" turn | tee "$out"
python3 - "$out" <<'PY'
import collections, statistics, sys
def ms(p99):  # wrk's units
    for unit, scale in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if p99.endswith(unit):
            return float(p99[: -len(unit)]) * scale
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    r, s, t, total, user, system, p99, *_ = line.split()
    rows[(s, t)].append((float(total), float(user), float(system), ms(p99)))
print("scenario target    us/req  user  system  p99 ms  (medians over rounds)")
for (s, t), v in rows.items():
    print(f"{s:8s} {t:9s} {statistics.median(x[0] for x in v):6.1f} {statistics.median(x[1] for x in v):5.1f}"
          f" {statistics.median(x[2] for x in v):7.1f} {statistics.median(x[3] for x in v):7.2f}")
PY
