#!/usr/bin/env bash
# End-to-end ingest benchmark (`make bench`, after the release build). A benchmark, not a
# test: it prints a table and writes build/bench-results/ingest.json; nothing passes or fails.
#
# Corpus: a synthetic NLM-baseline-format corpus made once by bench/gen_synthetic_pubmed.py
# (its element mix and text lengths are drawn from the real samples in ../shared) and kept
# in build/bench-data until its size or the generator changes.
# Rows, each run MEDSEARCH_BENCH_RUNS times (median reported):
#   decompress-only   bench_parse --decompress-only, 1 thread: zlib inflate alone, the floor
#   parse 1 thread    bench_parse: medsearch's PubMed reader, records counted and dropped
#   parse N threads   the same with N = nproc threads (files in parallel)
#   lxml 1 process    bench/lxml_parse.py: lxml iterparse extracting the same fields (peer)
#   ingest 1 / N      medsearch ingest --index DIR --threads T (reader + indexer + store)
# Peak RSS comes from /usr/bin/time -f %M (Debian package `time`).
#
# Environment: MEDSEARCH_BENCH_RECORDS (100000), MEDSEARCH_BENCH_FILES (20),
# MEDSEARCH_BENCH_RUNS (3), MEDSEARCH_BENCH_THREADS (nproc), MEDSEARCH_BENCH_BUILD
# (build/release), MEDSEARCH_BENCH_DATA (build/bench-data), MEDSEARCH_BENCH_RESULTS
# (build/bench-results), MEDSEARCH_BENCH_ROWS (all; a comma list of decompress, parse1,
# parseN, lxml, ingest1, ingestN to run fewer).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
records=${MEDSEARCH_BENCH_RECORDS:-100000}
nfiles=${MEDSEARCH_BENCH_FILES:-20}
runs=${MEDSEARCH_BENCH_RUNS:-3}
threads=${MEDSEARCH_BENCH_THREADS:-$(nproc)}
build=${MEDSEARCH_BENCH_BUILD:-$root/build/release}
data=${MEDSEARCH_BENCH_DATA:-$root/build/bench-data}
results=${MEDSEARCH_BENCH_RESULTS:-$root/build/bench-results}
rows=${MEDSEARCH_BENCH_ROWS:-decompress,parse1,parseN,lxml,ingest1,ingestN}
py=/usr/bin/python3  # Debian's: it has python3-lxml
bench_parse=$build/bench/bench_parse
cli=$build/apps/cli/medsearch

die() { echo "ingest_bench: $*" >&2; exit 1; }
want() { [[ ",$rows," == *",$1,"* ]]; }

[ -x "$bench_parse" ] || die "$bench_parse is missing: build first (cmake --preset release && cmake --build --preset release)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: install the Debian package 'time' (scripts/install-deps.sh)"
"$py" -c 'import lxml' 2>/dev/null || die "$py cannot import lxml: install python3-lxml (scripts/install-deps.sh)"

# --- corpus, generated once per (size, generator version) ---------------------------------
gen=$root/bench/gen_synthetic_pubmed.py
gen_hash=$(sha256sum "$gen" | cut -c1-8)
corpus=$data/pubmedsyn-${records}x${nfiles}-${gen_hash}
if [ ! -f "$corpus/corpus.json" ]; then
  mkdir -p "$data"
  find "$data" -maxdepth 1 -name 'pubmedsyn-*' -type d -exec rm -rf {} +
  echo "ingest_bench: generating $records records in $nfiles files into $corpus"
  "$py" "$gen" --records "$records" --files "$nfiles" --out "$corpus.tmp" >/dev/null
  mv "$corpus.tmp" "$corpus"
fi
mapfile -t files < <(find "$corpus" -maxdepth 1 -name 'pubmedsyn26n*.xml.gz' | sort)
[ ${#files[@]} -eq "$nfiles" ] || die "$corpus holds ${#files[@]} files, expected $nfiles"

# --- runs -------------------------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raw=$work/runs.jsonl
: >"$raw"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# run_case NAME THREADS KIND CMD...  (KIND: json = the command prints one JSON line;
# wall = time the whole command here)
run_case() {
  local name=$1 nthreads=$2 kind=$3
  shift 3
  local i
  for ((i = 1; i <= runs; i++)); do
    if [[ $name == ingest* ]]; then rm -rf "$work/index"; fi
    local t0 t1
    t0=$(date +%s.%N)
    if ! /usr/bin/time -f %M -o "$work/rss" "$@" >"$work/out" 2>"$work/err"; then
      echo "ingest_bench: $name failed (row left out):" >&2
      tail -5 "$work/err" >&2
      return 0
    fi
    t1=$(date +%s.%N)
    local index_bytes=0
    if [[ $name == ingest* ]]; then index_bytes=$(du -sb "$work/index" | cut -f1); fi
    NAME=$name THREADS=$nthreads KIND=$kind RUN=$i T0=$t0 T1=$t1 IDX=$index_bytes \
      RSS=$(tail -1 "$work/rss") "$py" - "$work/out" >>"$raw" <<'EOF'
import json, os, sys
text = open(sys.argv[1]).read().strip()
wall = float(os.environ["T1"]) - float(os.environ["T0"])
if os.environ["KIND"] == "json":  # bench_parse, lxml_parse.py: their own timing
    line = json.loads(text.splitlines()[-1])
    seconds = line["seconds"]
else:  # medsearch ingest prints its summary as one JSON document; time is wall time
    try:
        summary = json.loads(text)
        line = {"citations": summary["totals"]["articles_added"],
                "documents": summary.get("documents"),
                "uncompressed_bytes": summary.get("uncompressed_bytes")}
    except (ValueError, KeyError, TypeError):
        line = {}
    seconds = wall
print(json.dumps({"case": os.environ["NAME"], "run": int(os.environ["RUN"]),
                  "threads": int(os.environ["THREADS"]), "wall_s": wall,
                  "seconds": seconds, "rss_kb": int(os.environ["RSS"]),
                  "index_bytes": int(os.environ["IDX"]), "output": line}))
EOF
    echo "  $name run $i: $(tail -1 "$raw" | "$py" -c 'import json,sys; d=json.load(sys.stdin); print("%.2f s, %.0f MB" % (d["seconds"], d["rss_kb"] / 1024))')"
  done
}

echo "ingest_bench: $records records, $nfiles files, $runs runs per row, N = $threads threads (load before: $load_before)"
want decompress && run_case "decompress-only" 1 json "$bench_parse" --decompress-only --threads 1 "${files[@]}"
want parse1 && run_case "parse 1 thread" 1 json "$bench_parse" --threads 1 "${files[@]}"
want parseN && run_case "parse $threads threads" "$threads" json "$bench_parse" --threads "$threads" "${files[@]}"
want lxml && run_case "lxml 1 process" 1 json "$py" "$root/bench/lxml_parse.py" "${files[@]}"
if want ingest1 || want ingestN; then
  if [ -x "$cli" ] && "$cli" ingest --help >/dev/null 2>&1; then
    want ingest1 && run_case "ingest 1 thread" 1 wall "$cli" ingest --index "$work/index" --threads 1 "${files[@]}"
    want ingestN && run_case "ingest $threads threads" "$threads" wall "$cli" ingest --index "$work/index" --threads "$threads" "${files[@]}"
  else
    echo "ingest_bench: skipping the ingest rows: '$cli ingest' is not available yet"
  fi
fi

# --- table ------------------------------------------------------------------------------
mkdir -p "$results"
"$py" - "$raw" "$corpus/corpus.json" "$results/ingest.json" "$load_before" "$runs" <<'EOF'
import json, os, platform, statistics, sys
raw_path, corpus_path, out_path, load_before, runs = sys.argv[1:6]
runs_data = [json.loads(l) for l in open(raw_path)]
corpus = json.load(open(corpus_path))
cases = list(dict.fromkeys(r["case"] for r in runs_data))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())

rows = []
for case in cases:
    rs = [r for r in runs_data if r["case"] == case]
    seconds = statistics.median(r["seconds"] for r in rs)
    threads = rs[0]["threads"]
    out = rs[0]["output"]
    # The floor row counts no citations; its citations/s is the corpus inflated at that speed.
    citations = out.get("citations") or corpus["records"]
    if out and out.get("mode") != "decompress" and out.get("citations") != corpus["records"]:
        print(f"ingest_bench: warning: {case} counted {out.get('citations')} citations, "
              f"corpus has {corpus['records']}", file=sys.stderr)
    xml_bytes = out.get("uncompressed_bytes") or corpus["uncompressed_bytes"]
    rows.append({
        "row": case, "threads": threads, "runs": len(rs),
        "seconds_median": round(seconds, 4),
        "seconds_all": [round(r["seconds"], 4) for r in rs],
        "citations_per_s": round(citations / seconds, 1),
        "uncompressed_mb_per_s": round(xml_bytes / 1e6 / seconds, 2),
        "per_core_citations_per_s": round(citations / seconds / threads, 1),
        "peak_rss_mb": round(statistics.median(r["rss_kb"] for r in rs) / 1024, 1),
        "index_bytes": rs[-1]["index_bytes"] or None,
    })
lxml = next((r for r in rows if r["row"].startswith("lxml")), None)
for r in rows:
    r["ratio_vs_lxml_per_core"] = (round(r["per_core_citations_per_s"] / lxml["per_core_citations_per_s"], 2)
                                   if lxml else None)

hdr = f"{'row':<22}{'citations/s':>13}{'MB/s XML':>10}{'per core cit/s':>16}{'peak RSS MB':>13}{'x lxml/core':>13}"
print()
print(f"ingest benchmark: {corpus['records']} synthetic citations, {corpus['files']} files, "
      f"{corpus['uncompressed_bytes'] / 1e6:.0f} MB XML ({corpus['compressed_bytes'] / 1e6:.0f} MB gzip); "
      f"median of {runs} runs; {os.cpu_count()} cores: {cpu}")
print(hdr)
print("-" * len(hdr))
for r in rows:
    ratio = f"{r['ratio_vs_lxml_per_core']:.2f}" if r["ratio_vs_lxml_per_core"] is not None else "-"
    print(f"{r['row']:<22}{r['citations_per_s']:>13,.0f}{r['uncompressed_mb_per_s']:>10.1f}"
          f"{r['per_core_citations_per_s']:>16,.0f}{r['peak_rss_mb']:>13.1f}{ratio:>13}")
floor = next((r for r in rows if r["row"] == "decompress-only"), None)
parse1 = next((r for r in rows if r["row"] == "parse 1 thread"), None)
if floor:
    print(f"\nphysical floor: zlib inflate alone runs at {floor['uncompressed_mb_per_s']:.0f} MB/s of XML per core; "
          f"no single-threaded reader of these gzip files can go faster.")
    if parse1:
        print(f"parse 1 thread reaches {parse1['uncompressed_mb_per_s'] / floor['uncompressed_mb_per_s']:.0%} of it.")
result = {"corpus": {k: corpus[k] for k in ("records", "files", "uncompressed_bytes", "compressed_bytes", "seed", "real_sources")},
          "machine": {"cores": os.cpu_count(), "cpu": cpu, "load_before": load_before},
          "runs_per_row": int(runs), "rows": rows, "raw_runs": runs_data}
with open(out_path, "w") as f:
    json.dump(result, f, indent=1)
print(f"\nwrote {out_path}")
EOF
