# Sourced by run.sh, ab.sh and turns.sh: the balancer's JVM flags, and the harness's wrk loads by
# scenario name, pinned to CPU 0.

# One heap size and collector for every measured JVM, so that the scripts' figures compare.
jvm=(-Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch)

load() {  # scenario port secs [--latency]
  local h=() c=64
  case $1 in close) h=(-H 'Connection: close');; ka512) c=512;; esac
  taskset -c 0 wrk -t2 -c$c -d"$3s" ${4:-} "${h[@]}" "http://127.0.0.1:$2/"
}

# The JIT shares the event loop's one CPU: warm each JVM up on every path before measuring.
warm_up() {  # keep-alive-secs per-scenario-secs "scenarios" port...
  local ka=$1 each=$2 scenarios=$3 port s
  shift 3
  for port in "$@"; do
    load ka "$port" "$ka" >/dev/null
    for s in $scenarios; do load "$s" "$port" "$each" >/dev/null; done
  done
}

# One measured load on the process pid: prints its user and system CPU ticks over the load, the
# requests wrk counted, wrk's p99 and "errors" when wrk saw socket errors or non-2xx answers.
measure() {  # pid scenario port secs
  local u0 s0 u1 s1 result
  read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$1/stat")
  result=$(load "$2" "$3" "$4" --latency)
  read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$1/stat")
  echo "$((u1 - u0)) $((s1 - s0)) $(awk '/requests in/ {print $1}' <<<"$result")" \
    "$(awk '$1 == "99%" {print $2}' <<<"$result")" \
    "$(awk '/Socket errors|Non-2xx/ {print "errors"; exit}' <<<"$result")"
}

# Every scenario of every round, each target in turn: calls "turn ROUND SCENARIO TARGET".
in_turns() {  # rounds "scenarios" "targets" turn
  local r s t
  for r in $(seq 1 "$1"); do
    for s in $2; do
      for t in $3; do "$4" "$r" "$s" "$t"; done
    done
  done
}
