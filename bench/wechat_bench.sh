#!/usr/bin/env bash
# WeChat endpoint benchmark (issue 14): wrk with 8 concurrent connections (8 senders) against
# POST /wechat with safe-mode text messages (signature checked, decrypted, searched, reply
# encrypted), and, in the same run on the same server, against plain GET /api/search?k=5
# with the same queries, and against /wechat with safe-mode subscribe events (the protocol's
# work without a search: "/wechat event"). Not a test.
#
#   bench/wechat_bench.sh [INDEX_DIR] [QUERIES_TSV]
# Defaults: the index bench/lexical_bench.sh leaves in build/, and a query mix made from its
# corpus by bench/make_query_mix.py when QUERIES_TSV does not exist.
# Env: MEDSEARCH_BENCH_BUILD (build/release), MEDSEARCH_BENCH_SECONDS (10),
#      MEDSEARCH_BENCH_PORT (18081), MEDSEARCH_BENCH_CORPUS (for the query mix),
#      MEDSEARCH_BENCH_MESSAGES (30000 distinct messages; more requests than that repeat
#      MsgIds, which the server answers from its deduplication table),
#      MEDSEARCH_BENCH_ZH_QUERIES (Chinese queries added to the mix, `id<TAB>text` lines;
#      default ../shared/data/nfcorpus-dev-zh/queries.zh.tsv, the 80 NFCorpus dev queries in
#      Chinese, when present; "" for none),
#      MEDSEARCH_BENCH_WECHAT_SEARCHES (the endpoint's max_concurrent_searches; default 0,
#      the machine's hardware threads), MEDSEARCH_BENCH_BY_CLASS (1: then one /wechat row per
#      query class, the first column of the query file, "zh" for the Chinese ones).
# Prints, per endpoint, requests/s, p50/p95/p99/max latency, the server's CPU time per
# request (from /proc: independent of the machine's load, which the latencies are not) and
# wrong answers.
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
zh=${MEDSEARCH_BENCH_ZH_QUERIES-../shared/data/nfcorpus-dev-zh/queries.zh.tsv}
cp "$queries" "$work/queries.tsv"
nzh=0
if [ -n "$zh" ] && [ -f "$zh" ]; then sed 's/^[^\t]*\t/zh\t/' "$zh" >> "$work/queries.tsv"; nzh=$(grep -c . "$zh"); fi
printf '{"token":"benchToken","encoding_aes_key":"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA","app_id":"wxbench0000000001","public_url":"https://bench.example.cn","max_concurrent_searches":%d}\n' \
  "${MEDSEARCH_BENCH_WECHAT_SEARCHES:-0}" > "$work/wechat.json"
"$build/apps/cli/medsearch" serve --index "$index" --port "$port" --threads 8 --judgments none \
  --wechat-config "$work/wechat.json" > "$results/wechat-bench.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
/usr/bin/python3 bench/wechat_bench.py check "http://127.0.0.1:$port" "$work/queries.tsv"
/usr/bin/python3 bench/wechat_bench.py scripts "$work/queries.tsv" "$work" --messages "$messages"

echo "wechat_bench: $(wc -l < "$work/queries.tsv") queries ($nzh Chinese), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), index $index ($(grep -m1 doc_count "$index/manifest.json" | tr -dc 0-9) documents), 8 connections, $seconds s per row"
printf '%-14s %12s %10s %10s %10s %10s %12s %8s\n' endpoint "requests/s" "p50 ms" "p95 ms" "p99 ms" "max ms" "cpu ms/req" "bad"
# The server's CPU time (user + system, clock ticks) from /proc: CPU per request does not
# depend on how loaded the machine is, where the latencies do.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
tick_hz=$(getconf CLK_TCK)
ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
json="["
# row LABEL SCRIPT: one wrk run, printed and added to the JSON.
row() {
  local label=$1 script=$2 cpu_before cpu_after out rps requests p50 p95 p99 max bad errors cpu_ms
  cpu_before=$(cpu_ticks)
  out=$(wrk -t 2 -c 8 -d "${seconds}s" --latency -s "$script" "http://127.0.0.1:$port" 2>&1)
  cpu_after=$(cpu_ticks)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '/latency_p50_us/ {print $2 "us"}' <<<"$out")
  p95=$(awk '/latency_p95_us/ {print $2 "us"}' <<<"$out")
  p99=$(awk '/latency_p99_us/ {print $2 "us"}' <<<"$out")
  max=$(awk '/Latency/ && !/Distribution/ {print $4; exit}' <<<"$out")
  bad=$(awk '/bad_answers/ {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {s=s $0 "; "} END {print s}' <<<"$out")
  cpu_ms=$(awk -v a="$cpu_before" -v b="$cpu_after" -v hz="$tick_hz" -v n="$requests" 'BEGIN { printf "%.3f", (b - a) * 1000 / hz / n }')
  printf '%-14s %12s %10s %10s %10s %10s %12s %8s %s\n' "$label" "$rps" "$(ms "$p50")" "$(ms "$p95")" "$(ms "$p99")" "$(ms "$max")" "$cpu_ms" "$bad" "$errors"
  [ "$label" != /api/search ] && [ "$requests" -gt "$messages" ] && echo "  note: $requests requests > $messages distinct messages: the rest were retries answered from the dedup table"
  json+="{\"endpoint\":\"$label\",\"requests\":$requests,\"requests_per_s\":$rps,\"p50_ms\":$(ms "$p50"),\"p95_ms\":$(ms "$p95"),\"p99_ms\":$(ms "$p99"),\"max_ms\":$(ms "$max"),\"server_cpu_ms_per_request\":$cpu_ms,\"bad_answers\":${bad:-null}},"
}
row /api/search "$work/search.lua"
row "/wechat (aes)" "$work/wechat.lua"
row "/wechat event" "$work/event.lua"
if [ "${MEDSEARCH_BENCH_BY_CLASS:-0}" = 1 ]; then
  id_base=7100000000000000000
  for class in $(cut -f1 "$work/queries.tsv" | awk '!seen[$0]++'); do
    mkdir -p "$work/$class"
    awk -F'\t' -v c="$class" '$1 == c' "$work/queries.tsv" > "$work/$class/queries.tsv"
    id_base=$((id_base + 100000000))
    /usr/bin/python3 bench/wechat_bench.py scripts "$work/$class/queries.tsv" "$work/$class" --messages "$messages" --id-base "$id_base" >/dev/null
    row "/wechat $class" "$work/$class/wechat.lua"
  done
fi
echo "${json%,}]" > "$results/wechat.json"
echo "wechat_bench: wrote $results/wechat.json"
