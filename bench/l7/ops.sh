#!/usr/bin/env bash
# What the kernel does per request for a running proxy: io_uring submissions by opcode, io_uring
# completions, and system calls by name, counted with perf on the kernel's tracepoints while wrk
# drives the proxy. Counts, unlike CPU time, do not move with the machine's noise, so a change to
# the data plane can be checked with a few seconds of load.
#
#   bench/l7/ops.sh [--close] [--secs N] PID PORT
#
# PID: the proxy's process (Meridian's balancer, HAProxy, an nginx worker); PORT: its HTTP port.
# --close: a new connection per request (wrk -H 'Connection: close'), else keep-alive. The load is
# wrk -t2 -c64 under taskset -c 0, as in run.sh's pinned layout; warm the proxy up first.
# Needs perf with tracepoints (Debian: linux-perf) and root.
set -euo pipefail
close=0
secs=3
while (($#)); do
  case $1 in
    --close) close=1; shift;;
    --secs) secs=$2; shift 2;;
    *) break;;
  esac
done
(($# == 2)) || { sed -n 2,12p "$0" >&2; exit 2; }
pid=$1
port=$2
header=()
((close)) && header=(-H 'Connection: close')
data=$(mktemp)
trap 'rm -f "$data"' EXIT
perf record -q -e io_uring:io_uring_submit_req -e io_uring:io_uring_complete -e raw_syscalls:sys_enter \
  -p "$pid" -o "$data" -- sleep $((secs + 1)) >/dev/null 2>&1 &
recorder=$!
sleep 0.3
requests=$(taskset -c 0 wrk -t2 -c64 -d"${secs}s" "${header[@]}" "http://127.0.0.1:$port/" | awk '/requests in/ {print $1}')
wait $recorder
perf script -i "$data" -F comm,event,trace 2>/dev/null | python3 -c '
import collections, re, sys
requests = int(sys.argv[1])
names = {}
try:
    for line in open("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"):
        m = re.match(r"#define __NR_(\w+) (\d+)", line)
        if m:
            names[int(m.group(2))] = m.group(1)
except OSError:
    pass
counts = collections.Counter()
for line in sys.stdin:
    if "io_uring_submit_req" in line:
        m = re.search(r"opcode (\w+)", line)
        counts["io_uring submit " + (m.group(1) if m else "?")] += 1
    elif "io_uring_complete" in line:
        counts["io_uring complete"] += 1
    elif "sys_enter" in line:
        m = re.search(r"NR (\d+)", line)
        nr = int(m.group(1)) if m else -1
        thread = line[: line.index("raw_syscalls:")].strip()
        counts["syscall " + names.get(nr, str(nr)) + " (" + thread + ")"] += 1
print(f"{requests} requests")
for key, n in sorted(counts.items()):
    if n / requests >= 0.005:
        print(f"  {n / requests:6.2f}  {key}")
' "$requests"
