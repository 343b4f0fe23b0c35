#!/usr/bin/env bash
# HTTP benchmark (issue 5): wrk against /api/search on a synthetic index, at concurrency 1,
# 8 and 32, with a realistic query mix (bench/make_query_mix.py's classes). Reports
# requests/s, p50/p99 latency and errors per concurrency. Not a test.
#
#   bench/server_bench.sh [INDEX_DIR] [QUERIES_TSV]
# Defaults: the index and query mix bench/lexical_bench.sh leaves in build/.
# Env: MEDSEARCH_BENCH_BUILD (build/release), MEDSEARCH_BENCH_SECONDS (10), MEDSEARCH_BENCH_PORT (18080),
# SERVE_ARGS (more `serve` options, e.g. "--helper-threads 0").
set -euo pipefail
cd "$(dirname "$0")/.."
build=${MEDSEARCH_BENCH_BUILD:-build/release}
index=${1:-$(ls -d build/bench-data/lexical-index-*/medsearch 2>/dev/null | sort | tail -1)}
queries=${2:-build/bench-results/lexical-queries.tsv}
seconds=${MEDSEARCH_BENCH_SECONDS:-10}
port=${MEDSEARCH_BENCH_PORT:-18080}
results=build/bench-results
mkdir -p "$results"
command -v wrk >/dev/null || { echo "server_bench: wrk is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
[ -d "$index" ] || { echo "server_bench: no index at '$index' (run bench/lexical_bench.sh first)" >&2; exit 1; }
[ -f "$queries" ] || { echo "server_bench: no query file '$queries'" >&2; exit 1; }

# wrk script: cycle through the queries, URL-encoded, with k=10 and snippets on.
lua=$(mktemp /tmp/medsearch-wrk-XXXX.lua)
/usr/bin/python3 - "$queries" > "$lua" <<'PY'
import sys, urllib.parse
paths = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line: continue
    q = line.split("\t", 1)[-1]
    paths.append("/api/search?k=10&q=" + urllib.parse.quote(q))
print("paths = {")
for p in paths: print('  "%s",' % p.replace("\\", "\\\\").replace('"', '\\"'))
print("}")
print("counter = 0")
print("request = function()\n  counter = counter + 1\n  return wrk.format('GET', paths[(counter % #paths) + 1])\nend")
PY

# shellcheck disable=SC2086 # SERVE_ARGS is a list of options
"$build/apps/cli/medsearch" serve --index "$index" --port "$port" --threads 8 ${SERVE_ARGS:-} > "$results/server-bench.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$lua"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

echo "server_bench: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), index $index, $seconds s per row"
printf '%-12s %12s %10s %10s %10s %8s\n' concurrency "requests/s" "p50 ms" "p99 ms" "max ms" errors
json="["
for c in 1 8 32; do
  out=$(wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "${seconds}s" --latency -s "$lua" "http://127.0.0.1:$port" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  max=$(awk '/Latency/ && !/Distribution/ {print $4; exit}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {s=s $0 "; "} END {print (s=="" ? "0" : s)}' <<<"$out")
  ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
  printf '%-12s %12s %10s %10s %10s %8s\n' "$c" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$(ms "$max")" "$errors"
  json+="{\"concurrency\":$c,\"requests_per_s\":$rps,\"p50_ms\":$(ms "$p50"),\"p99_ms\":$(ms "$p99"),\"errors\":\"$errors\"},"
done
echo "${json%,}]" > "$results/server.json"
echo "server_bench: wrote $results/server.json"
