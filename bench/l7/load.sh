# Sourced by run.sh, ab.sh and turns.sh: the balancer's JVM flags, and the harness's wrk loads by
# scenario name, pinned to CPU 0.

# One heap size and collector for every measured JVM, so that the scripts' figures compare.
jvm=(-Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch)

# Scenarios, as the harness's of the same names without the connection count: ka (64 keep-alive
# connections), ka512, close (a new connection per request), tls (ka64 over HTTPS on PORT+1, the
# layout of HAProxy's, nginx's and Meridian's ports), route (the harness's path mix), sticky (a
# learned SERVERID cookie per backend, rotated) and stickynew (no cookie: every answer sets one).
# route and sticky use the harness's wrk scripts in /tmp/l7bench/lua (run.sh writes them).
load() {  # scenario port secs [--latency]
  local h=() c=64 scheme=http port=$2 path=/ tail=()
  case $1 in
    close) h=(-H 'Connection: close');;
    ka512) c=512;;
    tls) scheme=https port=$(($2 + 1));;
    route) h=(-s /tmp/l7bench/lua/route.lua);;
    sticky) h=(-s /tmp/l7bench/lua/sticky.lua) path=/sticky/item
      learn_cookies "$2"
      read -ra tail <<<"-- ${sticky_cookies[$2]}";;
    stickynew) path=/sticky/item;;
  esac
  taskset -c 0 wrk -t2 -c$c -d"$3s" ${4:-} "${h[@]}" "$scheme://127.0.0.1:$port$path" "${tail[@]}"
}

# The SERVERID cookie that pins each of the three backends, as the harness learns it; the
# harness's defaults where none is set (the floor's round robin ignores them).
declare -A sticky_cookies=()
learn_cookies() {  # port: once per port
  [[ -v sticky_cookies[$1] ]] && return
  local -A learned=()
  local i headers body cookie
  for ((i = 0; i < 30; i++)); do
    headers=$(curl -s --max-time 5 -D - -o /tmp/meridian-l7/learn.body "http://127.0.0.1:$1/sticky/learn") || break
    body=$(tr -d '\n' < /tmp/meridian-l7/learn.body)
    cookie=$(grep -i '^set-cookie: *SERVERID=' <<<"$headers" | head -1 | sed -E 's/^[^:]*: *//; s/;.*//; s/\r//' || true)
    [[ -n $cookie && $body =~ ^b[123]$ ]] && learned[$body]=$cookie
    [[ -v learned[b1] && -v learned[b2] && -v learned[b3] ]] && break
  done
  [[ -v learned[b1] && -v learned[b2] && -v learned[b3] ]] ||
    echo "port $1: no SERVERID cookie for each backend; the harness's defaults stand in" >&2
  sticky_cookies[$1]="${learned[b1]:-SERVERID=b1} ${learned[b2]:-SERVERID=b2} ${learned[b3]:-SERVERID=b3}"
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
  [[ $2 == sticky ]] && learn_cookies "$3"  # not in the measured time
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
