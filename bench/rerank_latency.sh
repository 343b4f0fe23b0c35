#!/bin/bash
# Latency the learned re-ranker adds (issue #16: re-ranking 100 candidates adds p99 <= 5 ms).
# Serves INDEX (which must hold ranker.bin: `medsearch train-ranker`), sends every query of
# QUERIES (BEIR queries.jsonl) twice per round — rerank=off and rerank=on, rerank_depth 100 —
# and reports p50/p99 of the server's own took_ms (search time, no HTTP) for each and the
# per-query difference, pooled over the rounds and from each query's fastest round (which
# leaves out time spent waiting for a core on a loaded machine). Use a release build: ASan/UBSan builds are several times slower.
#   bench/rerank_latency.sh /tmp/nf ../shared/data/nfcorpus-dev/queries.jsonl [MODE] [ROUNDS]
set -euo pipefail
index=$1 queries=$2 mode=${3:-bm25} rounds=${4:-3}
bin=${MEDSEARCH_BIN:-build/release/apps/cli/medsearch}
[ -f "$index/ranker.bin" ] || { echo "rerank_latency: $index has no ranker.bin (run medsearch train-ranker)" >&2; exit 2; }
port=$((20000 + RANDOM % 20000))
"$bin" serve --index "$index" --port "$port" --threads 1 --judgments none > /tmp/rerank_latency.$$.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f /tmp/rerank_latency.$$.log' EXIT
for _ in $(seq 1 300); do grep -q "serving" /tmp/rerank_latency.$$.log && break; sleep 0.1; done
python3 - "$port" "$queries" "$mode" "$rounds" <<'PY'
import json, sys, urllib.parse, urllib.request
port, path, mode, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
queries = [json.loads(l)["text"] for l in open(path) if l.strip()]
def took(q, rerank):
    params = urllib.parse.urlencode({"q": q, "syntax": "plain", "mode": mode, "rerank": rerank, "rerank_depth": 100, "k": 10})
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?{params}") as r:
        return json.load(r)["took_ms"]
off, on, diff = [], [], []
best_off, best_on = [float("inf")] * len(queries), [float("inf")] * len(queries)
for _ in range(rounds):
    for i, q in enumerate(queries):
        a, b = took(q, "off"), took(q, "on")
        off.append(a); on.append(b); diff.append(b - a)
        best_off[i], best_on[i] = min(best_off[i], a), min(best_on[i], b)
# On a loaded machine a single timing includes waits for a core; each query's fastest of the
# rounds is its cost without them (a query that is slow every time stays slow).
best_diff = [b - a for a, b in zip(best_off, best_on)]
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(p / 100 * len(v)))]
print(f"queries {len(queries)} x {rounds} rounds, mode {mode}, rerank_depth 100")
for name, v in (("rerank=off", off), ("rerank=on", on), ("added (on - off, per query)", diff),
                ("added, fastest of the rounds", best_diff)):
    print(f"{name:28s} p50 {pct(v, 50):7.3f} ms   p99 {pct(v, 99):7.3f} ms")
PY
