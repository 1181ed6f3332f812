#!/usr/bin/env bash
# Two builds of the balancer side by side, measured in turns: CPU per request of each over the
# same rounds, so that the machine's drift (steal, other tenants) falls on both. For changes
# smaller than run.sh's noise (a few per cent); check what the kernel does with ops.sh too.
#
#   bench/l7/ab.sh --a DIR --b DIR [--a-flags "JVM FLAGS"] [--b-flags "..."] [--rounds N]
#                  [--secs N] [--scenarios "ka close ka512"]
#
# DIR: a copy of balancer/target/classes (cp -r, then rebuild for the other). Layout as run.sh's:
# both balancers under taskset -c 1 with one event loop (A on 18080, B on 18090), wrk and the
# harness's three backends on CPU 0. Each round runs every scenario on A then on B; the summary
# gives each one's median and the median of B/A over the rounds, and in how many rounds B was
# cheaper, for all CPU and for user CPU alone. Needs the harness's backend (run.sh builds it) and wrk.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
a="" b="" a_flags="" b_flags="" rounds=8 secs=5 scenarios="ka close"
while (($#)); do
  case $1 in
    --a) a=$2; shift 2;;
    --b) b=$2; shift 2;;
    --a-flags) a_flags=$2; shift 2;;
    --b-flags) b_flags=$2; shift 2;;
    --rounds) rounds=$2; shift 2;;
    --secs) secs=$2; shift 2;;
    --scenarios) scenarios=$2; shift 2;;
    *) sed -n 2,13p "$0" >&2; exit 2;;
  esac
done
[[ -d $a && -d $b ]] || { sed -n 2,13p "$0" >&2; exit 2; }
backend=/tmp/l7bench/bin/l7backend
[[ -x $backend ]] || { echo "no $backend: run bench/l7/run.sh once" >&2; exit 1; }
work=/tmp/meridian-l7
mkdir -p "$work"
(cd "$repo" && mvn -B -q -o -pl balancer dependency:build-classpath -Dmdep.outputFile="$work/ab-cp.txt" >/dev/null)
sed "s/EVENT_LOOPS/1/" "$here/meridian-l7.yaml" > "$work/ab-a.yaml"
sed "s/EVENT_LOOPS/1/; s/:18080/:18090/; s/:18081/:18091/" "$here/meridian-l7.yaml" > "$work/ab-b.yaml"
cp=$(cat "$work/ab-cp.txt")
# shellcheck source=bench/l7/load.sh
source "$here/load.sh"  # jvm=(...), load, warm_up, measure, in_turns
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true' EXIT
for i in 1 2 3; do taskset -c 0 "$backend" 1800$i b$i /dev/null >/dev/null 2>&1 & pids+=($!); done
# shellcheck disable=SC2086 # the flags are words
taskset -c 1 java "${jvm[@]}" $a_flags -cp "$a:$cp" io.meridian.balancer.BalancerMain "$work/ab-a.yaml" > "$work/ab-a.log" 2>&1 &
pa=$!; pids+=($pa)
# shellcheck disable=SC2086
taskset -c 1 java "${jvm[@]}" $b_flags -cp "$b:$cp" io.meridian.balancer.BalancerMain "$work/ab-b.yaml" > "$work/ab-b.log" 2>&1 &
pb=$!; pids+=($pb)
until grep -q ':18080 ' <<<"$(ss -ltn)" && grep -q ':18090 ' <<<"$(ss -ltn)"; do
  kill -0 $pa 2>/dev/null && kill -0 $pb 2>/dev/null || { cat "$work/ab-a.log" "$work/ab-b.log" >&2; exit 1; }
  sleep 0.2
done
warm_up 30 15 "$scenarios" 18080 18090
turn() {  # round scenario side: one line of ab.out
  local pid port user system n p99
  if [[ $3 == A ]]; then port=18080 pid=$pa; else port=18090 pid=$pb; fi
  read -r user system n p99 _ < <(measure $pid "$2" $port "$secs")
  awk -v r="$1" -v s="$2" -v side="$3" -v t=$((user + system)) -v u="$user" -v n="$n" -v p="$p99" \
    -v secs="$secs" 'BEGIN {printf "%d %s %s %.0f %.1f %s %.1f\n", r, s, side, n / secs, t * 10000 / n, p, u * 10000 / n}'
}
out=$work/ab.out
in_turns "$rounds" "$scenarios" "A B" turn | tee "$out"
python3 - "$out" <<'PY'
import collections, statistics, sys
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    r, s, side, rps, us, p99, user = line.split()
    rows[s][(int(r), side)] = (float(us), float(user))
print("CPU us/req, all and user only (the process's own work, less of the kernel's noise)")
print("scenario  A all  B all  B/A median  B cheaper   A user  B user  B/A median  B cheaper")
for s, v in rows.items():
    rounds = sorted({r for r, _ in v})
    line = f"{s:9s}"
    for k in (0, 1):
        a = [v[(r, "A")][k] for r in rounds]
        b = [v[(r, "B")][k] for r in rounds]
        ratios = [y / x for x, y in zip(a, b)]
        line += (f" {statistics.median(a):6.1f} {statistics.median(b):6.1f} {statistics.median(ratios):11.3f}"
                 f"  {sum(q < 1 for q in ratios):2d} of {len(ratios):2d}  ")
    print(line)
PY
