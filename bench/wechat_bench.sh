#!/usr/bin/env bash
# WeChat endpoint benchmark (issue 14): wrk with 8 concurrent connections (8 senders) against
# POST /wechat with safe-mode text messages (signature checked, decrypted, searched, reply
# encrypted), and, in the same run on the same server, against plain GET /api/search?k=5
# with the same queries. Reports requests/s, p50/p99/max latency and wrong answers. Not a test.
#
#   bench/wechat_bench.sh [INDEX_DIR] [QUERIES_TSV]
# Defaults: the index bench/lexical_bench.sh leaves in build/, and a query mix made from its
# corpus by bench/make_query_mix.py when QUERIES_TSV does not exist.
# Env: MEDSEARCH_BENCH_BUILD (build/release), MEDSEARCH_BENCH_SECONDS (10),
#      MEDSEARCH_BENCH_PORT (18081), MEDSEARCH_BENCH_CORPUS (for the query mix),
#      MEDSEARCH_BENCH_MESSAGES (30000 distinct messages; more requests than that repeat
#      MsgIds, which the server answers from its deduplication table).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${MEDSEARCH_BENCH_BUILD:-build/release}
index=${1:-$(ls -d build/bench-data/lexical/index-*/medsearch 2>/dev/null | sort | tail -1)}
queries=${2:-build/bench-results/lexical-queries.tsv}
seconds=${MEDSEARCH_BENCH_SECONDS:-10}
port=${MEDSEARCH_BENCH_PORT:-18081}
messages=${MEDSEARCH_BENCH_MESSAGES:-30000}
results=build/bench-results
mkdir -p "$results"
command -v wrk >/dev/null || { echo "wechat_bench: wrk is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
[ -d "$index" ] || { echo "wechat_bench: no index at '$index' (run bench/lexical_bench.sh first)" >&2; exit 1; }
if [ ! -f "$queries" ]; then
  corpus=${MEDSEARCH_BENCH_CORPUS:?no query file '$queries': set MEDSEARCH_BENCH_CORPUS to the corpus to draw one from}
  /usr/bin/python3 bench/make_query_mix.py --corpus "$corpus" --out "$queries" --per-class 200 >/dev/null
fi

work=$(mktemp -d /tmp/medsearch-wechat-bench-XXXX)
printf '{"token":"benchToken","encoding_aes_key":"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA","app_id":"wxbench0000000001","public_url":"https://bench.example.cn"}\n' > "$work/wechat.json"
"$build/apps/cli/medsearch" serve --index "$index" --port "$port" --threads 8 --judgments none \
  --wechat-config "$work/wechat.json" > "$results/wechat-bench.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
/usr/bin/python3 bench/wechat_bench.py check "http://127.0.0.1:$port" "$queries"
/usr/bin/python3 bench/wechat_bench.py scripts "$queries" "$work" --messages "$messages"

echo "wechat_bench: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), index $index ($(grep -m1 doc_count "$index/manifest.json" | tr -dc 0-9) documents), 8 connections, $seconds s per row"
printf '%-14s %12s %10s %10s %10s %8s\n' endpoint "requests/s" "p50 ms" "p99 ms" "max ms" "bad"
ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
json="["
for endpoint in search wechat; do
  out=$(wrk -t 2 -c 8 -d "${seconds}s" --latency -s "$work/$endpoint.lua" "http://127.0.0.1:$port" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  max=$(awk '/Latency/ && !/Distribution/ {print $4; exit}' <<<"$out")
  bad=$(awk '/bad_answers/ {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {s=s $0 "; "} END {print s}' <<<"$out")
  label=$([ "$endpoint" = search ] && echo "/api/search" || echo "/wechat (aes)")
  printf '%-14s %12s %10s %10s %10s %8s %s\n' "$label" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$(ms "$max")" "$bad" "$errors"
  [ "$endpoint" = wechat ] && [ "$requests" -gt "$messages" ] && echo "  note: $requests requests > $messages distinct messages: the rest were retries answered from the dedup table"
  json+="{\"endpoint\":\"$label\",\"requests\":$requests,\"requests_per_s\":$rps,\"p50_ms\":$(ms "$p50"),\"p99_ms\":$(ms "$p99"),\"max_ms\":$(ms "$max"),\"bad_answers\":${bad:-null}},"
done
echo "${json%,}]" > "$results/wechat.json"
echo "wechat_bench: wrote $results/wechat.json"
