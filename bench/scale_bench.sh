#!/usr/bin/env bash
# The scaling curve (issue 13): for each corpus size, bench/lexical_bench.sh (synthetic
# PubMed, fixed seed: ingest with 1 and N threads, index bytes/doc, peak RSS, search p50/p99
# per query class, Xapian beside it up to MEDSEARCH_SCALE_PEER_MAX), then `medsearch embed`
# on the same index (default model: training + encoding + vector index; wall time, peak
# RSS), then bench/scale_fit.py: the measured points, a power-law fit per figure and its
# projection to all of PubMed. A benchmark, not a test: it prints tables and writes
# build/bench-results/scale.json; nothing passes or fails.
#
# Environment: MEDSEARCH_SCALE_SIZES (comma list, default 100000,300000,1000000),
# MEDSEARCH_SCALE_PEER_MAX (1000000: Xapian runs at sizes up to this), MEDSEARCH_SCALE_EMBED
# (1; 0 skips embed), MEDSEARCH_SCALE_TARGET (36000000 citations), MEDSEARCH_SCALE_CORES (16:
# the projected machine), and lexical_bench.sh's own variables (MEDSEARCH_BENCH_RUNS, ...).
# Disk: the corpus and indexes of each size stay in build/bench-data/lexical/ (about 1.4 GB
# gzip + 2 GB index per million); delete them when done.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes=${MEDSEARCH_SCALE_SIZES:-100000,300000,1000000}
peer_max=${MEDSEARCH_SCALE_PEER_MAX:-1000000}
do_embed=${MEDSEARCH_SCALE_EMBED:-1}
build=${MEDSEARCH_BENCH_BUILD:-$root/build/release}
data=${MEDSEARCH_BENCH_DATA:-$root/build/bench-data}
results=${MEDSEARCH_BENCH_RESULTS:-$root/build/bench-results}
nfiles=${MEDSEARCH_BENCH_FILES:-20}
threads=${MEDSEARCH_BENCH_THREADS:-$(nproc)}
py=/usr/bin/python3
say() { echo "scale_bench: $*" >&2; }

gen_hash=$(sha256sum "$root/bench/gen_synthetic_pubmed.py" | cut -c1-8)
mkdir -p "$results/scale"
IFS=, read -ra list <<<"$sizes"
for n in "${list[@]}"; do
  out=$results/scale/$n
  mkdir -p "$out"
  peer=1
  [ "$n" -gt "$peer_max" ] && peer=0
  say "size $n: lexical_bench.sh (peer: $peer)"
  MEDSEARCH_BENCH_RECORDS=$n MEDSEARCH_BENCH_RESULTS=$out MEDSEARCH_BENCH_PEER=$peer "$root/bench/lexical_bench.sh" \
    >"$out/lexical.txt"
  if [ "$do_embed" = 1 ]; then
    index=$data/lexical/index-${n}x${nfiles}-${gen_hash}/medsearch
    say "size $n: medsearch embed --threads $threads"
    rm -f "$index"/dense* "$index"/*.vec "$index"/*.vec.partial*
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(date +%s.%N)
    /usr/bin/time -f %M -o "$out/embed.rss" "$build/apps/cli/medsearch" embed --index "$index" --threads "$threads" \
      >"$out/embed.out" 2>"$out/embed.err"
    t1=$(date +%s.%N)
    T0=$t0 T1=$t1 LOAD=$load N=$n "$py" - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
e = os.environ
result = json.loads(open(os.path.join(out, "embed.out")).read())
rss_kb = int(open(os.path.join(out, "embed.rss")).read().split()[-1])
json.dump({"records": int(e["N"]), "wall_s": float(e["T1"]) - float(e["T0"]), "peak_rss_mb": rss_kb / 1024,
           "load_before": float(e["LOAD"]), "output": result}, open(os.path.join(out, "embed.json"), "w"), indent=1)
PY
  fi
done
"$py" "$root/bench/scale_fit.py" --results "$results/scale" --target "${MEDSEARCH_SCALE_TARGET:-36000000}" \
  --cores "${MEDSEARCH_SCALE_CORES:-16}" --out "$results/scale.json"
