#!/usr/bin/env bash
# =============================================================================
# summary.sh - Meridian vs the peers, from one or more bench/dns/run.sh runs
#
# Usage: bench/dns/summary.sh DIR...
#   DIR: a run.sh --out directory (reads DIR/split/results.tsv and
#        DIR/none/results.tsv) or a shared-harness --out directory
#        (DIR/results.tsv).  With several DIRs every figure is a median over
#        the samples, with n = number of samples.
# Prints one markdown table per pin mode (split first): QPS, avg latency,
# server CPU %, QPS per server core (= QPS / (server CPU% / 100), computed per
# sample) with its min-max over the samples, and then the ratio meridian / knot of the median QPS per core,
# per scenario.  For gslb.sh runs (extras meridian-gslb / meridian-gslb-city and
# meridian-static) also the ratios of meridian-gslb's median QPS per core to
# meridian-static's and to each GSLB peer's, and, with several runs, the
# per-run ratio meridian-gslb / meridian-static (same run, same pass).  'limit' rows take the better of limit and limit-end per run,
# as the harness does.
# =============================================================================
set -euo pipefail
[ $# -gt 0 ] || { sed -n '2,/^# =====/p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
files=()
for d in "$@"; do
  for f in "$d/split/results.tsv" "$d/none/results.tsv" "$d/results.tsv"; do
    [ -s "$f" ] && files+=("$f")
  done
done
[ ${#files[@]} -gt 0 ] || { echo "no results.tsv under: $*" >&2; exit 1; }

awk -F'\t' '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j+1] = a[j]; a[j+1] = t }
    if (n == 0) return ""
    return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
  }
  function range(list,   n, a, i, lo, hi) {
    n = split(list, a, " "); if (n == 0) return "n/a"
    lo = hi = a[1] + 0; for (i = 2; i <= n; i++) { if (a[i] + 0 < lo) lo = a[i] + 0; if (a[i] + 0 > hi) hi = a[i] + 0 }
    return lo "-" hi
  }
  FNR == 1 { run++   # one per file; rid/rname: one per run directory (split and none share it)
    d = FILENAME; sub(/\/(split|none)\/results\.tsv$/, "", d); sub(/\/results\.tsv$/, "", d)
    if (!(d in rindex)) { rindex[d] = ++nrun; n2 = split(d, parts, "/"); rname[nrun] = parts[n2] }
    rid = rindex[d]; next }
  {
    pin = $1; peer = $2; scen = $3
    if (peer == "limit-end") peer = "limit"
    k = pin SUBSEP peer SUBSEP scen
    # limit: keep the better of limit / limit-end of the same run
    if (peer == "limit") {
      rk = run SUBSEP k
      if ((rk in lq) && lq[rk] >= $4) next
      if (rk in lq) { lrow[rk] = $0; lq[rk] = $4; next }
      lrow[rk] = $0; lq[rk] = $4; next
    }
    add(k, $0)
  }
  function add(k, row,   f, pc) {
    split(row, f, "\t")
    keys[k] = 1; n[k]++
    q[k] = q[k] " " f[4]; lat[k] = lat[k] " " f[5]
    if (f[12] != "NA" && f[12] > 0) { cpu[k] = cpu[k] " " f[12]; pcore[k] = pcore[k] " " int(f[4] * 100 / f[12])
      if (f[2] ~ /^meridian-/) runpc[rid SUBSEP k] = f[4] * 100 / f[12] }
  }
  END {
    for (rk in lrow) { split(rk, p, SUBSEP); add(p[2] SUBSEP p[3] SUBSEP p[4], lrow[rk]) }
    np = split("split none", pins, " ")
    npe = split("meridian meridian-gslb meridian-gslb-city meridian-static knot nsd gdnsd knot-geoip pdns-geoip pdns-lua-shared pdns-lua limit", peers, " ")
    ns = split("no-ecs ecs", scens, " ")
    for (i = 1; i <= np; i++) {
      hdr = 0
      for (j = 1; j <= npe; j++) for (s = 1; s <= ns; s++) {
        k = pins[i] SUBSEP peers[j] SUBSEP scens[s]
        if (!(k in keys)) continue
        if (!hdr) {
          printf "\n### pin = %s\n\n| server | scenario | n | QPS | avg ms | server CPU %% | QPS per server core | QPS per core min-max |\n|---|---|---:|---:|---:|---:|---:|---|\n", pins[i]
          hdr = 1
        }
        mc = median(cpu[k]); mp = median(pcore[k]); med[k] = mp
        printf "| %s | %s | %d | %.0f | %.3f | %s | %s | %s |\n", peers[j], scens[s], n[k], median(q[k]), median(lat[k]), \
          (mc == "" ? "n/a" : sprintf("%.0f", mc)), (mp == "" ? "n/a" : sprintf("%.0f", mp)), range(pcore[k])
      }
      if (hdr) for (s = 1; s <= ns; s++) {
        a = pins[i] SUBSEP "meridian" SUBSEP scens[s]; b = pins[i] SUBSEP "knot" SUBSEP scens[s]
        if ((a in med) && (b in med) && med[b] > 0)
          printf "\nratio meridian / knot QPS per server core (%s, %s): **%.2f** (%.0f / %.0f)\n", pins[i], scens[s], med[a] / med[b], med[a], med[b]
      }
      if (hdr) for (g = 1; g <= 2; g++) {
        gname = (g == 1) ? "meridian-gslb" : "meridian-gslb-city"
        nr = 0
        for (s = 1; s <= ns; s++) {
          a = pins[i] SUBSEP gname SUBSEP scens[s]
          if (!(a in med)) continue
          nrp = split("meridian-static gdnsd pdns-geoip pdns-lua-shared knot-geoip limit", refs, " ")
          line = ""
          for (r = 1; r <= nrp; r++) {
            b = pins[i] SUBSEP refs[r] SUBSEP scens[s]
            if ((b in med) && med[b] > 0) line = line sprintf(" | %s **%.2f** (%.0f / %.0f)", refs[r], med[a] / med[b], med[a], med[b])
          }
          if (!nr++) printf "\nratios of %s QPS per server core (pin %s), median / median:\n\n", gname, pins[i]
          printf "* %s%s\n", scens[s], line
        }
        # per run: gslb / static of the same run and pass
        per = ""
        for (rr = 1; rr <= nrun; rr++) for (s = 1; s <= ns; s++) {
          a = rr SUBSEP pins[i] SUBSEP gname SUBSEP scens[s]; b = rr SUBSEP pins[i] SUBSEP "meridian-static" SUBSEP scens[s]
          if ((a in runpc) && (b in runpc) && runpc[b] > 0) per = per sprintf(" %s/%s %.2f", rname[rr], scens[s], runpc[a] / runpc[b])
        }
        if (per != "") printf "\nper-run %s / meridian-static (pin %s):%s\n", gname, pins[i], per
      }
    }
  }' "${files[@]}"
