#!/bin/bash
# Latency the facet counts and the year timeline add to a search (issue 19: at most 20% on a
# typical query of the 1M index). Serves INDEX with one thread, sends every query of QUERIES
# (a query-mix TSV, class<TAB>query, as bench/make_query_mix.py writes) ROUNDS times with
# facets=0 and facets=1 back to back, and reports the server's own took_ms (search time, no
# HTTP): medians and p90 per query class and over the mix, and the median per-query ratio.
# Use a release build: ASan/UBSan builds are several times slower. SERVE_ARGS adds options
# to `serve` (e.g. SERVE_ARGS="--helper-threads 0" counts the facets after the ranking, on
# the request's thread, instead of beside it; decision 0032). FACETS_PER_ROUND=1 prints a
# table per round as well (the serve's facet cache, decision 0036, counts a posting list on
# its second request and serves it from then on: round 1 shows first requests, later rounds
# repeated ones).
#   bench/facets_latency.sh INDEX QUERIES [ROUNDS] [K]
#   e.g. bench/facets_latency.sh build/bench-data/lexical/index-100000x20-42535331/medsearch \
#        build/bench-results/scale/100000/lexical-queries.tsv 3
set -euo pipefail
index=$1 queries=$2 rounds=${3:-3} k=${4:-10}
bin=${MEDSEARCH_BIN:-build/release/apps/cli/medsearch}
log=$(mktemp)
port=$((20000 + RANDOM % 20000))
# shellcheck disable=SC2086 # SERVE_ARGS is a list of options
"$bin" serve --index "$index" --port "$port" --threads 1 --judgments none ${SERVE_ARGS:-} > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do grep -q "serving" "$log" && break; sleep 0.1; done
grep -q "serving" "$log" || { cat "$log" >&2; exit 1; }
python3 - "$port" "$queries" "$rounds" "$k" <<'PY'
import collections, json, os, statistics, sys, urllib.parse, urllib.request
port, path, rounds, k = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
mix = []
for line in open(path, encoding="utf-8"):
    line = line.rstrip("\n")
    if line:
        cls, _, q = line.partition("\t") if "\t" in line else ("all", "", line)
        mix.append((cls, q))
def took(q, facets):
    params = urllib.parse.urlencode({"q": q, "k": k, "facets": facets})
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?{params}") as r:
        body = json.load(r)
        return body["took_ms"], body.get("facets", {}).get("documents", 0)
# One warm-up pass (page cache, lazily loaded parts), not measured.
for _, q in mix:
    took(q, 0)
def table():
    return collections.defaultdict(lambda: ([], [], [], []))  # class -> (off, on, ratio, counted)
times, per_round = table(), []
for _ in range(rounds):
    per_round.append(table())
    for cls, q in mix:
        off, _ = took(q, 0)
        on, counted = took(q, 1)
        for t in (times[cls], times["ALL"], per_round[-1][cls], per_round[-1]["ALL"]):
            t[0].append(off); t[1].append(on); t[2].append(on / off if off > 0 else 1.0); t[3].append(counted)
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(p / 100 * len(v)))]
def show(title, times):
    print(title)
    print(f"{'class':8s} {'off p50':>9s} {'on p50':>9s} {'off p90':>9s} {'on p90':>9s} {'p50 on/off':>11s} {'median ratio':>13s} {'matches p50':>12s}")
    for cls in sorted(times, key=lambda c: (c == "ALL", c)):
        off, on, ratio, counted = times[cls]
        print(f"{cls:8s} {pct(off,50):9.3f} {pct(on,50):9.3f} {pct(off,90):9.3f} {pct(on,90):9.3f} "
              f"{pct(on,50)/max(pct(off,50),1e-9):11.3f} {statistics.median(ratio):13.3f} {int(pct(counted,50)):12d}")
if os.environ.get("FACETS_PER_ROUND") == "1":
    for r, t in enumerate(per_round, 1):
        show(f"round {r}", t)
show(f"{len(mix)} queries x {rounds} rounds, k={k}, one server thread; took_ms (server-side search time)", times)
PY
