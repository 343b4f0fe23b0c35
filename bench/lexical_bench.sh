#!/usr/bin/env bash
# End-to-end lexical search benchmark: medsearch beside Xapian 1.4 (the peer) on the same
# synthetic PubMed corpus and the same queries. A benchmark, not a test (DESIGN.md §5): it
# prints tables and writes build/bench-results/lexical.json; nothing passes or fails.
# Needs the release build (cmake --preset release && cmake --build --preset release, with
# libxapian-dev installed for bench_xapian), /usr/bin/python3 with python3-lxml, and
# /usr/bin/time (package `time`) for peak RSS.
#
# Steps:
#   corpus     bench/gen_synthetic_pubmed.py, made once per (size, files, generator) into
#              build/bench-data/lexical/ (the indexes are kept beside it, for
#              MEDSEARCH_BENCH_REUSE_INDEX)
#   indexing   `medsearch ingest --index DIR --threads T` for each T in
#              MEDSEARCH_BENCH_INGEST_THREADS, and `bench_xapian index` (one writer thread),
#              MEDSEARCH_BENCH_INDEX_RUNS times each: wall docs/s, peak RSS, index bytes per
#              document (ours: the whole index directory and its .lex files alone; Xapian:
#              the database directory), then `bench_xapian compact` (Xapian's database
#              compaction; the searches use the compacted copy)
#   queries    bench/make_query_mix.py: 5 classes × MEDSEARCH_BENCH_QUERIES_PER_CLASS
#              (1term, 2term, 3term, bool, phrase) from the corpus's own words
#   searching  bench_query and bench_xapian search, alternated, MEDSEARCH_BENCH_RUNS times
#              each (a fresh process per run; warm-up pass untimed) and per hits mode
#              (MEDSEARCH_BENCH_HITS): 1-thread latency (p50/p99/mean over queries ×
#              repeat executions) and N-thread QPS
#   table      medians over runs, ratios ours vs Xapian per class, the goals, and how far
#              the engines' answers agree (top-k overlap, match counts) from run 1's dumps
#
# Environment: MEDSEARCH_BENCH_RECORDS (1000000), MEDSEARCH_BENCH_FILES (20),
# MEDSEARCH_BENCH_RUNS (3), MEDSEARCH_BENCH_INDEX_RUNS (1), MEDSEARCH_BENCH_THREADS (nproc),
# MEDSEARCH_BENCH_INGEST_THREADS (comma list, default "1,N"), MEDSEARCH_BENCH_REPEAT (3),
# MEDSEARCH_BENCH_QUERIES_PER_CLASS (200), MEDSEARCH_BENCH_K (10), MEDSEARCH_BENCH_BUILD
# (build/release), MEDSEARCH_BENCH_DATA (build/bench-data), MEDSEARCH_BENCH_RESULTS
# (build/bench-results), MEDSEARCH_BENCH_REUSE_INDEX (0; 1 = keep each engine's index from an
# earlier run of the same corpus and report its indexing figures again, building only what
# is missing), MEDSEARCH_BENCH_HITS
# ("full,ids": each run times both ways of returning hits; full = PMID, title, journal,
# year, authors as a results page shows them; ids = PMIDs only), MEDSEARCH_BENCH_XAPIAN_COMPACT
# (1: query a compacted copy of Xapian's database, as one would serve a read-only one;
# 0: the database as its writer left it), MEDSEARCH_BENCH_PEER (1; 0 = medsearch alone, as
# bench/scale_bench.sh does above its peer size).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
records=${MEDSEARCH_BENCH_RECORDS:-1000000}
nfiles=${MEDSEARCH_BENCH_FILES:-20}
runs=${MEDSEARCH_BENCH_RUNS:-3}
index_runs=${MEDSEARCH_BENCH_INDEX_RUNS:-1}
threads=${MEDSEARCH_BENCH_THREADS:-$(nproc)}
ingest_threads=${MEDSEARCH_BENCH_INGEST_THREADS:-1,$threads}
repeat=${MEDSEARCH_BENCH_REPEAT:-3}
per_class=${MEDSEARCH_BENCH_QUERIES_PER_CLASS:-200}
k=${MEDSEARCH_BENCH_K:-10}
build=${MEDSEARCH_BENCH_BUILD:-$root/build/release}
data=${MEDSEARCH_BENCH_DATA:-$root/build/bench-data}
results=${MEDSEARCH_BENCH_RESULTS:-$root/build/bench-results}
reuse=${MEDSEARCH_BENCH_REUSE_INDEX:-0}
hits_modes=${MEDSEARCH_BENCH_HITS:-full,ids}
compact=${MEDSEARCH_BENCH_XAPIAN_COMPACT:-1}
py=/usr/bin/python3  # Debian's: it has python3-lxml
cli=$build/apps/cli/medsearch
bench_query=$build/bench/bench_query
bench_xapian=$build/bench/bench_xapian

die() { echo "lexical_bench: $*" >&2; exit 1; }
say() { echo "lexical_bench: $*" >&2; }

[ -x "$cli" ] || die "$cli is missing: build first (cmake --preset release && cmake --build --preset release)"
[ -x "$bench_query" ] || die "$bench_query is missing: build first"
have_xapian=1
[ -x "$bench_xapian" ] || { have_xapian=0; say "$bench_xapian is missing (libxapian-dev not installed?): the peer's rows are left out"; }
[ "${MEDSEARCH_BENCH_PEER:-1}" = 0 ] && { have_xapian=0; say "MEDSEARCH_BENCH_PEER=0: the peer's rows are left out"; }
"$py" -c 'import lxml' 2>/dev/null || die "$py cannot import lxml: install python3-lxml"

# --- corpus, generated once per (size, files, generator version) -----------------------------
gen=$root/bench/gen_synthetic_pubmed.py
gen_hash=$(sha256sum "$gen" | cut -c1-8)
# Under lexical/, not next to ingest_bench.sh's corpus: that script deletes every other
# pubmedsyn-* folder at the top of build/bench-data when it makes its own.
corpus=$data/lexical/pubmedsyn-${records}x${nfiles}-${gen_hash}
if [ ! -f "$corpus/corpus.json" ]; then
  mkdir -p "$data/lexical"
  rm -rf "$corpus.tmp"
  say "generating $records records in $nfiles files into $corpus"
  "$py" "$gen" --records "$records" --files "$nfiles" --out "$corpus.tmp" >/dev/null
  mv "$corpus.tmp" "$corpus"
fi
mapfile -t files < <(find "$corpus" -maxdepth 1 -name 'pubmedsyn26n*.xml.gz' | sort)
[ ${#files[@]} -eq "$nfiles" ] || die "$corpus holds ${#files[@]} files, expected $nfiles"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f %M -o "$work/rss")
mkdir -p "$results"
idx=$data/lexical/index-${records}x${nfiles}-${gen_hash}
ours_index=$idx/medsearch
xapian_db=$idx/xapian
xapian_compact=$idx/xapian-compact
xapian_search_db=$xapian_db
index_raw=$idx/index-runs.jsonl

# --- indexing ---------------------------------------------------------------------------------
# index_run NAME ENGINE THREADS DIR CMD...: wall time of the whole command, peak RSS, size.
index_run() {
  local name=$1 engine=$2 nthreads=$3 dir=$4
  shift 4
  local i
  for ((i = 1; i <= index_runs; i++)); do
    rm -rf "$dir" "$work/rss"
    local load t0 t1
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(date +%s.%N)
    if ! "${timer[@]}" "$@" >"$work/out" 2>"$work/err"; then
      say "$name failed (row left out):"
      tail -5 "$work/err" >&2
      return 0
    fi
    t1=$(date +%s.%N)
    local total lex
    total=$(du -sb "$dir" | cut -f1)
    lex=$(find "$dir" -name '*.lex' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
    NAME=$name ENGINE=$engine THREADS=$nthreads RUN=$i T0=$t0 T1=$t1 TOTAL=$total LEX=$lex LOAD=$load \
      RSS=$( [ -f "$work/rss" ] && tail -1 "$work/rss" || echo 0) "$py" - "$work/out" >>"$index_raw" <<'EOF'
import json, os, sys
text = open(sys.argv[1]).read().strip()
try:
    out = json.loads(text.splitlines()[-1]) if text else {}
except ValueError:
    out = {}
e = os.environ
print(json.dumps({"row": e["NAME"], "engine": e["ENGINE"], "threads": int(e["THREADS"]), "run": int(e["RUN"]),
                  "wall_s": float(e["T1"]) - float(e["T0"]), "rss_kb": int(e["RSS"] or 0),
                  "index_bytes": int(e["TOTAL"]), "lex_bytes": int(e["LEX"]), "load_before": float(e["LOAD"]),
                  "output": out}))
EOF
    say "  $name run $i: $(tail -1 "$index_raw" | "$py" -c 'import json,sys; d=json.load(sys.stdin); print("%.1f s, %.0f MB RSS, %.0f MB on disk" % (d["wall_s"], d["rss_kb"] / 1024, d["index_bytes"] / 1e6))')"
  done
}

# has_row ENGINE: whether index-runs.jsonl records a successful build by ENGINE.
has_row() { [ -f "$index_raw" ] && grep -q "\"engine\": \"$1\"" "$index_raw"; }
if [ "$reuse" != 1 ]; then
  rm -rf "$idx"
fi
mkdir -p "$idx"
touch "$index_raw"
# With MEDSEARCH_BENCH_REUSE_INDEX=1 an engine's index (and its recorded rows) is kept when
# both are there; whatever is missing is built (and its old rows dropped).
if [ $have_xapian = 1 ]; then
  if [ "$reuse" = 1 ] && has_row xapian && [ -d "$xapian_db" ]; then
    say "reusing $xapian_db and its indexing figures (MEDSEARCH_BENCH_REUSE_INDEX=1)"
  else
    grep -v '"engine": "xapian"' "$index_raw" >"$work/keep" || true
    mv "$work/keep" "$index_raw"
    say "indexing $records records with Xapian ($index_runs run(s))"
    index_run "xapian index (1 writer)" xapian 1 "$xapian_db" "$bench_xapian" index --db "$xapian_db" "${files[@]}"
  fi
  if [ "$compact" = 1 ]; then
    if [ "$reuse" = 1 ] && has_row xapian-compact && [ -d "$xapian_compact" ] && [ "$xapian_compact" -nt "$xapian_db" ]; then
      say "reusing $xapian_compact"
    else
      grep -v '"engine": "xapian-compact"' "$index_raw" >"$work/keep" || true
      mv "$work/keep" "$index_raw"
      say "compacting the Xapian database"
      index_run "xapian compact" xapian-compact 1 "$xapian_compact" "$bench_xapian" compact --db "$xapian_db" --out "$xapian_compact"
    fi
    [ -d "$xapian_compact" ] && xapian_search_db=$xapian_compact
  fi
fi
if [ "$reuse" = 1 ] && has_row medsearch && [ -d "$ours_index" ]; then
  say "reusing $ours_index and its indexing figures (MEDSEARCH_BENCH_REUSE_INDEX=1)"
else
  grep -v '"engine": "medsearch"' "$index_raw" >"$work/keep" || true
  mv "$work/keep" "$index_raw"
  # The last row's index is the one queried (N threads by default).
  IFS=, read -ra tlist <<<"$ingest_threads"
  for t in "${tlist[@]}"; do
    say "indexing $records records with medsearch ingest --threads $t ($index_runs run(s))"
    index_run "medsearch ingest $t thread(s)" medsearch "$t" "$ours_index" "$cli" ingest --index "$ours_index" --threads "$t" "${files[@]}"
  done
fi
[ -d "$ours_index" ] || die "no medsearch index was built (see the messages above)"

# --- queries ----------------------------------------------------------------------------------
queries=$results/lexical-queries.tsv
"$py" "$root/bench/make_query_mix.py" --corpus "$corpus" --out "$queries" --per-class "$per_class" >"$work/mix.json"
say "queries: $(cat "$work/mix.json")"

# --- searching: alternate the engines so a change in the machine's load hits both ---------------
# tag_lines FILE RUN LOAD: the JSON lines of one run with the run number and load added.
tag_lines() {
  RUN=$2 LOAD=$3 "$py" -c 'import json,os,sys
for l in open(sys.argv[1]):
    d = json.loads(l); d["run"] = int(os.environ["RUN"]); d["load_before"] = float(os.environ["LOAD"]); print(json.dumps(d))' "$1"
}
summary() {
  grep '"class":"all"' "$1" | "$py" -c 'import json,sys; d=json.load(sys.stdin); print("p50 %.3f ms, p99 %.3f ms, %.0f QPS" % (d["p50_ms"], d["p99_ms"], d["qps"]))'
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$work/query-runs.jsonl"
IFS=, read -ra modes <<<"$hits_modes"
for ((r = 1; r <= runs; r++)); do
  for mode in "${modes[@]}"; do
    flag=() dump_ours=() dump_xapian=()
    [ "$mode" = ids ] && flag=(--ids-only)
    if [ "$r" = 1 ]; then
      dump_ours=(--times "$work/times-medsearch-$mode.jsonl")
      dump_xapian=(--times "$work/times-xapian-$mode.jsonl")
      if [ "$mode" = "${modes[0]}" ]; then
        dump_ours+=(--dump "$work/dump-medsearch.jsonl")
        dump_xapian+=(--dump "$work/dump-xapian.jsonl")
      fi
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    "$bench_query" --index "$ours_index" --queries "$queries" --threads "$threads" --k "$k" --repeat "$repeat" \
      "${flag[@]}" "${dump_ours[@]}" >"$work/q.out" 2>"$work/q.err" || { cat "$work/q.err" >&2; die "bench_query failed"; }
    tag_lines "$work/q.out" "$r" "$load" >>"$work/query-runs.jsonl"
    say "  run $r, $mode hits, medsearch: $(summary "$work/q.out")"
    if [ $have_xapian = 1 ]; then
      load=$(cut -d' ' -f1 /proc/loadavg)
      "$bench_xapian" search --db "$xapian_search_db" --queries "$queries" --threads "$threads" --k "$k" --repeat "$repeat" \
        "${flag[@]}" "${dump_xapian[@]}" >"$work/x.out" 2>"$work/x.err" || { cat "$work/x.err" >&2; die "bench_xapian search failed"; }
      tag_lines "$work/x.out" "$r" "$load" >>"$work/query-runs.jsonl"
      say "  run $r, $mode hits, xapian:    $(summary "$work/x.out")"
    fi
  done
done
cp "$work/dump-medsearch.jsonl" "$results/lexical-dump-medsearch.jsonl"
[ -f "$work/dump-xapian.jsonl" ] && cp "$work/dump-xapian.jsonl" "$results/lexical-dump-xapian.jsonl"

# --- tables -----------------------------------------------------------------------------------
"$py" - "$index_raw" "$work/query-runs.jsonl" "$corpus/corpus.json" "$work/mix.json" "$results/lexical.json" \
  "$load_before" "$runs" "$threads" "$repeat" "$k" "$work/dump-medsearch.jsonl" "$work/dump-xapian.jsonl" "$work" <<'EOF'
import json, os, platform, statistics, sys
(index_path, query_path, corpus_path, mix_path, out_path, load_before, runs, threads, repeat, k,
 dump_ours, dump_xapian, work) = sys.argv[1:14]
med = statistics.median
index_runs = [json.loads(l) for l in open(index_path)]
query_runs = [json.loads(l) for l in open(query_path)]
corpus = json.load(open(corpus_path))
mix = json.load(open(mix_path))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
docs = corpus["records"]

# Indexing rows
index_rows = []
for row in dict.fromkeys(r["row"] for r in index_runs):
    rs = [r for r in index_runs if r["row"] == row]
    wall = med(r["wall_s"] for r in rs)
    live = rs[-1]["output"].get("live_documents") or rs[-1]["output"].get("documents") or docs
    index_rows.append({
        "row": row, "engine": rs[0]["engine"], "threads": rs[0]["threads"], "runs": len(rs),
        "wall_s_median": round(wall, 2), "wall_s_all": [round(r["wall_s"], 2) for r in rs],
        "docs_per_s": round(docs / wall, 1), "docs_per_s_per_thread": round(docs / wall / rs[0]["threads"], 1),
        "peak_rss_mb": round(med(r["rss_kb"] for r in rs) / 1024, 1),
        "index_bytes": rs[-1]["index_bytes"], "bytes_per_doc": round(rs[-1]["index_bytes"] / live, 1),
        "lex_bytes": rs[-1]["lex_bytes"] if rs[0]["engine"] == "medsearch" else None,
        "lex_bytes_per_doc": round(rs[-1]["lex_bytes"] / live, 1) if rs[0]["engine"] == "medsearch" else None,
        "load_before": [r["load_before"] for r in rs],
    })
xap_index = next((r for r in index_rows if r["engine"] == "xapian"), None)
compact_rows = [r for r in index_rows if r["engine"] == "xapian-compact"]
index_rows = [r for r in index_rows if r["engine"] != "xapian-compact"]

# Query rows: medians over runs per (hits mode, engine, class)
modes = list(dict.fromkeys(r.get("hits_mode", "full") for r in query_runs))
classes = list(dict.fromkeys(r["class"] for r in query_runs))
fields = ["p50_ms", "p90_ms", "p99_ms", "mean_ms", "max_ms", "qps"]
query_rows = {}
for mode in modes:
    for engine in ("medsearch", "xapian"):
        for cls in classes:
            rs = [r for r in query_runs
                  if r.get("hits_mode", "full") == mode and r["engine"] == engine and r["class"] == cls]
            if not rs:
                continue
            row = {f: round(med(r[f] for r in rs), 4) for f in fields}
            row.update({f + "_all": [r[f] for r in rs] for f in ("p50_ms", "p99_ms", "qps")})
            row.update({"queries": rs[0]["queries"], "runs": len(rs), "errors": rs[0]["errors"],
                        "zero_hit_queries": rs[0]["zero_hit_queries"], "mean_total": rs[0]["mean_total"]})
            query_rows.setdefault(mode, {}).setdefault(engine, {})[cls] = row

# Agreement from run 1's dumps
def load_dump(p):
    return [json.loads(l) for l in open(p)] if os.path.exists(p) else []
da, db = load_dump(dump_ours), load_dump(dump_xapian)
agreement = {}
if da and len(da) == len(db):
    for cls in classes:
        over, equal_totals, both_exact, ratios = [], 0, 0, []
        for a, b in zip(da, db):
            if a["class"] != cls or "ids" not in a or "ids" not in b:
                continue
            n = max(len(a["ids"]), len(b["ids"]))
            if n:
                over.append(len(set(a["ids"]) & set(b["ids"])) / n)
            if a["total_exact"] and b["total_exact"]:
                both_exact += 1
                equal_totals += a["total"] == b["total"]
                if b["total"]:
                    ratios.append(a["total"] / b["total"])
        if over or both_exact:
            agreement[cls] = {"mean_topk_overlap": round(statistics.mean(over), 3) if over else None,
                              "queries_with_exact_totals": both_exact, "equal_totals": equal_totals,
                              "median_total_ratio": round(med(ratios), 4) if ratios else None}

def ratio(a, b):
    return round(a / b, 2) if a and b else None

def f(v, fmt):
    return format(v, fmt) if v is not None else "-"

print()
print(f"lexical benchmark: {docs:,} synthetic citations ({corpus['uncompressed_bytes'] / 1e9:.2f} GB XML), "
      f"{mix['queries']} queries ({mix['per_class']} per class), k = {k}; {os.cpu_count()} cores: {cpu}; "
      f"load before the searches: {load_before}")
print()
print("indexing (wall time of the whole command, reading the gzip XML included; median of "
      f"{index_rows[0]['runs'] if index_rows else 0} run(s))")
hdr = f"{'row':<32}{'docs/s':>10}{'per thread':>12}{'peak RSS MB':>13}{'bytes/doc':>11}{'.lex B/doc':>11}{'x Xapian':>10}"
print(hdr)
print("-" * len(hdr))
for r in index_rows:
    lex = f"{r['lex_bytes_per_doc']:.0f}" if r["lex_bytes_per_doc"] is not None else "-"
    vs = f(ratio(r['docs_per_s_per_thread'], xap_index['docs_per_s_per_thread']), ".2f") if xap_index else "-"
    print(f"{r['row']:<32}{r['docs_per_s']:>10,.0f}{r['docs_per_s_per_thread']:>12,.0f}{r['peak_rss_mb']:>13,.0f}"
          f"{r['bytes_per_doc']:>11,.0f}{lex:>11}{vs:>10}")
print("(x Xapian: docs/s per thread ÷ Xapian's; bytes/doc: whole index ÷ live documents)")
for r in compact_rows:
    print(f"xapian compact (searched below): {r['wall_s_median']:.1f} s more, {r['bytes_per_doc']:,.0f} bytes/doc")

search = {}
goals = {}
for mode in modes:
    ours = query_rows.get(mode, {}).get("medsearch", {})
    xap = query_rows.get(mode, {}).get("xapian", {})
    table = []
    for cls in classes:
        o, x = ours.get(cls), xap.get(cls, {})
        if not o:
            continue
        table.append({"class": cls, "ours": o, "xapian": x or None,
                      "p50_speedup": ratio(x.get("p50_ms"), o["p50_ms"]),   # Xapian time ÷ ours: > 1 = we are faster
                      "p99_speedup": ratio(x.get("p99_ms"), o["p99_ms"]),
                      "mean_speedup": ratio(x.get("mean_ms"), o["mean_ms"]),
                      "qps_ratio": ratio(o["qps"], x.get("qps")),             # ours ÷ Xapian
                      "agreement": agreement.get(cls)})
    search[mode] = table
    what = ("full hits: PMID, title, journal, year, authors" if mode == "full" else "PMIDs only")
    print()
    print(f"search, {what}: latency on 1 thread (ms; {repeat} executions per query per run), throughput on "
          f"{threads} threads; median of {runs} runs; x = Xapian time ÷ ours, QPS x = ours ÷ Xapian")
    hdr = (f"{'class':<8}{'ours p50':>9}{'p99':>8}{'mean':>8}{'Xap p50':>9}{'p99':>8}{'mean':>8}{'p50 x':>7}{'p99 x':>7}"
           f"{'ours QPS':>10}{'Xap QPS':>9}{'QPS x':>7}")
    print(hdr)
    print("-" * len(hdr))
    for t in table:
        o, x = t["ours"], t["xapian"] or {}
        print(f"{t['class']:<8}{o['p50_ms']:>9.3f}{o['p99_ms']:>8.2f}{o['mean_ms']:>8.3f}"
              f"{f(x.get('p50_ms'), '9.3f'):>9}{f(x.get('p99_ms'), '8.2f'):>8}{f(x.get('mean_ms'), '8.3f'):>8}"
              f"{f(t['p50_speedup'], '7.2f'):>7}{f(t['p99_speedup'], '7.2f'):>7}"
              f"{o['qps']:>10,.0f}{f(x.get('qps'), '9,.0f'):>9}{f(t['qps_ratio'], '7.2f'):>7}")
    if "all" in ours:
        ranked = [c for c in classes if c != "all" and c in ours]
        p50_ok = all(ours[c]["p50_ms"] <= 1.0 for c in ranked)
        p99_ok = all(ours[c]["p99_ms"] <= 10.0 for c in ranked)
        qps_x = ratio(ours["all"]["qps"], xap.get("all", {}).get("qps"))
        goals[mode] = {"stated_at_documents": 1000000, "measured_at_documents": docs,
                       "p50_le_1ms_every_class": p50_ok, "p99_le_10ms_every_class": p99_ok,
                       "worst_p50_ms": max(ours[c]["p50_ms"] for c in ranked),
                       "worst_p99_ms": max(ours[c]["p99_ms"] for c in ranked),
                       "qps_ratio_all": qps_x, "qps_ge_5x_xapian": (qps_x or 0) >= 5}
        g = goals[mode]
        print(f"goals (stated at 1M abstracts; this run: {docs:,}): p50 <= 1 ms on every class: "
              f"{'met' if p50_ok else 'NOT met'} (worst {g['worst_p50_ms']:.3f} ms); p99 <= 10 ms: "
              f"{'met' if p99_ok else 'NOT met'} (worst {g['worst_p99_ms']:.2f} ms); QPS >= 5x Xapian: "
              f"{'met' if g['qps_ge_5x_xapian'] else 'NOT met'} ({f(qps_x, '.2f')}x)")
if agreement:
    print()
    print("agreement (run 1's untimed pass): mean top-k overlap (shared PMIDs ÷ k); where both engines count "
          "matches exactly (Boolean and phrase queries), how many counts are equal")
    for cls, a in agreement.items():
        print(f"  {cls:<8} overlap {f(a['mean_topk_overlap'], '.2f')}; exact counts on {a['queries_with_exact_totals']} "
              f"queries, equal on {a['equal_totals']}, median ours ÷ Xapian {f(a['median_total_ratio'], '.3f')}")

# Cost per matching document of 1-term queries (run 1): a 1-term query scores every
# document of its posting list (no pruning bound stops it while the threshold is below the
# list's best block), so a least-squares line latency = fixed + slope × df over the class
# gives each engine's cost per posting (slope) and per query (fixed). df is Xapian's exact
# count from the untimed pass (it counts every match there).
per_posting = {}
if db:
    df = {d["n"]: d["total"] for d in db if d["class"] == "1term" and d.get("total_exact")}
    for mode in modes:
        for engine in ("medsearch", "xapian"):
            path = os.path.join(work, f"times-{engine}-{mode}.jsonl")
            if not os.path.exists(path):
                continue
            pts = [(df[d["n"]], d["median_ms"]) for d in map(json.loads, open(path))
                   if d["class"] == "1term" and d["n"] in df]
            if len(pts) < 3:
                continue
            mx = statistics.mean(x for x, _ in pts)
            my = statistics.mean(y for _, y in pts)
            sxx = sum((x - mx) ** 2 for x, _ in pts)
            if sxx == 0:
                continue
            slope = sum((x - mx) * (y - my) for x, y in pts) / sxx
            small = [y for x, y in pts if x < 100]
            per_posting.setdefault(mode, {})[engine] = {
                "ns_per_matching_doc": round(slope * 1e6, 1), "fixed_ms": round(my - slope * mx, 4),
                "median_ms_df_lt_100": round(med(small), 4) if small else None,
                "queries": len(pts), "max_df": max(x for x, _ in pts)}
    if per_posting:
        print()
        print("1-term queries, least-squares fit latency = fixed + slope × df (median latency per query, run 1), "
              "and the median latency of the rare ones:")
        for mode, engines in per_posting.items():
            print("  " + mode + " hits: " + "; ".join(
                f"{e} {v['ns_per_matching_doc']:.0f} ns per matching doc + {v['fixed_ms']:.3f} ms "
                f"(df < 100: {f(v['median_ms_df_lt_100'], '.3f')} ms)"
                for e, v in engines.items()) + f" (df up to {max(v['max_df'] for v in engines.values()):,})")

result = {"corpus": {kk: corpus[kk] for kk in ("records", "files", "uncompressed_bytes", "compressed_bytes", "seed")},
          "machine": {"cores": os.cpu_count(), "cpu": cpu, "load_before_queries": load_before},
          "settings": {"runs": int(runs), "threads": int(threads), "repeat": int(repeat), "k": int(k)},
          "query_mix": mix, "indexing": index_rows, "xapian_compact": compact_rows, "search": search, "agreement": agreement, "goals": goals,
          "one_term_cost": per_posting,
          "raw": {"index_runs": index_runs, "query_runs": query_runs}}
with open(out_path, "w") as fh:
    json.dump(result, fh, indent=1)
print(f"\nwrote {out_path}")
EOF
