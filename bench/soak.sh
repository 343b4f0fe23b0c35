#!/usr/bin/env bash
# Soak test of `medsearch serve` (issue 17): measures the server's peak rate on a query mix,
# then drives it at a fraction of that rate for a long time and reports, per interval, the
# rate reached, latency, errors (non-2xx and socket errors) and the server's resident memory
# (VmRSS from /proc/PID/status), and whether RSS stayed flat. Not a test.
#
#   bench/soak.sh [--index DIR] [--queries TSV] [--duration-s 1800] [--fraction 0.8]
#                 [--interval-s 30] [--peak-s 20] [--threads N]
# Defaults: the index and queries bench/lexical_bench.sh leaves in build/ (as server_bench.sh).
# Env: MEDSEARCH_BENCH_BUILD (build/release), MEDSEARCH_BENCH_PORT (18090).
# Output: a table on stdout, build/bench-results/soak.json, the server's log beside it.
#
# Pacing: wrk sends on each of C connections, then waits `delay` ms (wrk's delay() hook,
# whole milliseconds); C is chosen for ~50 requests/s per connection, 2 to 6 connections. After every interval
# the delay is corrected by the measured rate (rate = C*1000 / (delay + latency)), so the
# offered load tracks the target while latency changes. The peak is measured with 8
# connections and the soak uses at most 6: `serve` has 8 workers by default on 2 cores, and
# a keep-alive connection holds its worker (docs/cli.md `serve`).
# RSS is "flat" when, over the second half of the run (the first half is warm-up: page cache,
# allocator arenas, lazily loaded parts), the least-squares slope times that half's length is
# under 5% of its mean RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${MEDSEARCH_BENCH_BUILD:-build/release}
port=${MEDSEARCH_BENCH_PORT:-18090}
index=$(ls -d build/bench-data/lexical-index-*/medsearch 2>/dev/null | sort | tail -1 || true)
queries=build/bench-results/lexical-queries.tsv
duration=1800 fraction=0.8 interval=30 peak_s=20 threads=""
while [ $# -gt 0 ]; do
  case "$1" in
    --index) index=$2; shift 2 ;;
    --queries) queries=$2; shift 2 ;;
    --duration-s) duration=$2; shift 2 ;;
    --fraction) fraction=$2; shift 2 ;;
    --interval-s) interval=$2; shift 2 ;;
    --peak-s) peak_s=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "soak: unknown argument $1" >&2; exit 2 ;;
  esac
done
results=build/bench-results
mkdir -p "$results"
command -v wrk >/dev/null || { echo "soak: wrk is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
[ -x "$build/apps/cli/medsearch" ] || { echo "soak: no $build/apps/cli/medsearch (build first)" >&2; exit 1; }
[ -d "$index" ] || { echo "soak: no index at '$index'" >&2; exit 1; }
[ -f "$queries" ] || { echo "soak: no query file '$queries'" >&2; exit 1; }

work=$(mktemp -d /tmp/medsearch-soak-XXXX)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

# wrk script: the queries in turn (k=10, snippets on, as the page asks), with a per-request
# delay read from a file so each interval can change it.
/usr/bin/python3 - "$queries" > "$work/paths.lua" <<'PY'
import sys, urllib.parse
print("paths = {")
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line:
        q = line.split("\t", 1)[-1]
        print('  "%s",' % ("/api/search?k=10&q=" + urllib.parse.quote(q)).replace("\\", "\\\\").replace('"', '\\"'))
print("}")
PY
make_lua() {  # $1: delay in ms (0: none)
  { cat "$work/paths.lua"
    echo "counter = math.random(#paths)"
    echo "request = function() counter = counter + 1; return wrk.format('GET', paths[(counter % #paths) + 1]) end"
    if [ "$1" -gt 0 ]; then echo "delay = function() return $1 end"; fi
  } > "$work/run.lua"
}
# One wrk run: prints "rate requests p50_ms p99_ms errors".
run_wrk() {  # $1 connections, $2 seconds
  local out
  out=$(wrk -t 2 -c "$1" -d "${2}s" --latency -s "$work/run.lua" "http://127.0.0.1:$port" 2>&1)
  /usr/bin/python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)$", v)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
requests = int(re.search(r"(\d+) requests in", out).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
errors = 0
m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
errors += int(m.group(1)) if m else 0
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
errors += sum(int(x) for x in m.groups()) if m else 0
print(f"{rate:.1f} {requests} {p50:.2f} {p99:.2f} {errors}")
PY
}
rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2/1024}' "/proc/$server/status"; }

args=(serve --index "$index" --port "$port" --judgments none --reload-ms 0)
[ -n "$threads" ] && args+=(--threads "$threads")
"$build/apps/cli/medsearch" "${args[@]}" > "$results/soak-server.log" 2>&1 &
server=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "soak: the server did not start" >&2; cat "$results/soak-server.log" >&2; exit 1; }

echo "soak: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), index $index, queries $queries"
make_lua 0
read -r peak _ peak_p50 peak_p99 peak_errors < <(run_wrk 8 "$peak_s")
target=$(awk -v p="$peak" -v f="$fraction" 'BEGIN { printf "%.1f", p * f }')
conns=$(awk -v t="$target" 'BEGIN { c = int(t / 50 + 0.999); if (c < 2) c = 2; if (c > 6) c = 6; print c }')
delay=$(awk -v t="$target" -v c="$conns" -v l="$peak_p50" 'BEGIN { d = int(c * 1000 / t - l / 2); print (d < 1 ? 1 : d) }')
echo "soak: peak $peak requests/s (8 connections, ${peak_s} s; p50 $peak_p50 ms, p99 $peak_p99 ms, errors $peak_errors);" \
     "target $target requests/s ($fraction of peak) on $conns connections for $duration s"
printf '%8s %10s %10s %9s %9s %8s %9s %7s\n' elapsed_s "target/s" "rate/s" "p50 ms" "p99 ms" errors "rss MB" delay
rows="" start=$(date +%s) total_requests=0 total_errors=0
while :; do
  elapsed=$(( $(date +%s) - start ))
  [ "$elapsed" -ge "$duration" ] && break
  left=$(( duration - elapsed ))
  make_lua "$delay"
  read -r rate requests p50 p99 errors < <(run_wrk "$conns" "$(( left < interval ? left : interval ))")
  rss=$(rss_mb)
  elapsed=$(( $(date +%s) - start ))
  printf '%8s %10s %10s %9s %9s %8s %9s %7s\n' "$elapsed" "$target" "$rate" "$p50" "$p99" "$errors" "$rss" "$delay"
  rows+="{\"elapsed_s\":$elapsed,\"rate\":$rate,\"p50_ms\":$p50,\"p99_ms\":$p99,\"errors\":$errors,\"rss_mb\":$rss,\"delay_ms\":$delay},"
  total_requests=$(( total_requests + requests )) total_errors=$(( total_errors + errors ))
  # Correct the per-connection period by the rate just measured.
  delay=$(awk -v d="$delay" -v c="$conns" -v t="$target" -v r="$rate" \
    'BEGIN { if (r <= 0) r = 1; n = d + c * 1000 / t - c * 1000 / r; n = int(n + 0.5); print (n < 1 ? 1 : n) }')
done
kill -0 "$server" 2>/dev/null || { echo "soak: the server died" >&2; exit 1; }
echo "[${rows%,}]" > "$work/rows.json"
/usr/bin/python3 - "$work/rows.json" "$results/soak.json" "$peak" "$target" "$fraction" "$duration" "$total_requests" "$total_errors" "$index" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
peak, target, fraction, duration = float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
half = [r for r in rows if r["elapsed_s"] > duration / 2] or rows
xs = [r["elapsed_s"] for r in half]; ys = [r["rss_mb"] for r in half]
n = len(xs); mx = sum(xs) / n; my = sum(ys) / n
var = sum((x - mx) ** 2 for x in xs)
slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var > 0 else 0.0  # MB per second
growth = slope * (max(xs) - min(xs)) if n > 1 else 0.0
flat = abs(growth) < 0.05 * my
summary = {"peak_rps": peak, "target_rps": target, "fraction": fraction, "duration_s": duration,
           "mean_rate": sum(r["rate"] for r in rows) / len(rows), "requests": int(sys.argv[7]), "errors": int(sys.argv[8]),
           "rss_first_mb": rows[0]["rss_mb"], "rss_last_mb": rows[-1]["rss_mb"], "rss_max_mb": max(r["rss_mb"] for r in rows),
           "second_half_slope_mb_per_hour": slope * 3600, "second_half_growth_mb": growth, "rss_flat": flat,
           "index": sys.argv[9], "intervals": rows}
json.dump(summary, open(sys.argv[2], "w"), indent=1)
print(f"soak: {summary['requests']} requests, {summary['errors']} errors, mean rate {summary['mean_rate']:.1f}/s "
      f"(target {target}); RSS {rows[0]['rss_mb']} -> {rows[-1]['rss_mb']} MB (max {summary['rss_max_mb']}), "
      f"second-half slope {slope * 3600:.1f} MB/h: {'flat' if flat else 'NOT flat'}")
PY
echo "soak: wrote $results/soak.json"
