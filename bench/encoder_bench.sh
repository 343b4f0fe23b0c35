#!/usr/bin/env bash
# Encoder forward-pass benchmark: medsearch's TransformerModel beside PyTorch (Debian's
# python3-torch 1.13, /usr/bin/python3) on the same random BERT models and the same token
# ids. A benchmark, not a test (DESIGN.md §5): it prints a table and writes
# build/bench-results/encoder.json; nothing passes or fails.
#
# Steps:
#   build     cmake --preset release (when build/release is not configured yet), then
#             ninja -C build/release bench_encode -j2 (skip with MEDSEARCH_BENCH_NO_BUILD=1)
#   models    bench/torch_encoder.py make-model: BERT-base-shaped (hidden 768, 12 layers,
#             12 heads, FFN 3072, vocab 30522) and MiniLM-shaped (384, 6, 12, 1536) random
#             weights from a fixed torch seed, written as Hugging Face directories
#             (config.json, model.safetensors, bert-base-uncased's vocab.txt) into
#             build/bench-data/encoder/, made once
#   inputs    N rows of T token ids ([CLS] random word pieces [SEP]), fixed seed
#   check     the first batch through both at 1 thread, last hidden states compared (max
#             relative error), so that both sides compute the same thing
#   runs      per model, MEDSEARCH_BENCH_RUNS times: for each thread count, bench_encode
#             then torch_encoder.py run, alternated so that a change in the machine's load
#             hits both; one fresh process per run, loading excluded, one warm-up batch
#   peak      bench_encode --sgemm-peak at each thread count: oneDNN's sgemm GFLOP/s on the
#             FFN's shape, the ceiling the forward pass is read against
#   table     medians over runs: docs/s, ours ÷ torch, CPU ms per doc, GFLOP/s, % of peak
#
# PyTorch's threads: torch.set_num_threads(t) and set_num_interop_threads(1) set its
# OpenMP pool, but Debian's torch does its GEMMs in OpenBLAS (BLAS_INFO=generic,
# openblas-pthread), whose own pool ignores them; the script sets OPENBLAS_NUM_THREADS=t and
# OMP_NUM_THREADS=t for the torch runs, or "1 thread" would use every core.
#
# Environment: MEDSEARCH_BENCH_RUNS (3), MEDSEARCH_BENCH_THREADS (comma list, "1,2"),
# MEDSEARCH_BENCH_ENCODER_MODELS ("base,minilm"), MEDSEARCH_BENCH_ENCODER_DOCS (rows per
# pass for base, 32; MiniLM gets 4× as many), MEDSEARCH_BENCH_ENCODER_TOKENS (128),
# MEDSEARCH_BENCH_ENCODER_BATCH (8), MEDSEARCH_BENCH_BUILD (build/release),
# MEDSEARCH_BENCH_DATA (build/bench-data), MEDSEARCH_BENCH_RESULTS (build/bench-results),
# MEDSEARCH_BENCH_NO_BUILD (0).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${MEDSEARCH_BENCH_RUNS:-3}
thread_list=${MEDSEARCH_BENCH_THREADS:-1,2}
models=${MEDSEARCH_BENCH_ENCODER_MODELS:-base,minilm}
docs=${MEDSEARCH_BENCH_ENCODER_DOCS:-32}
tokens=${MEDSEARCH_BENCH_ENCODER_TOKENS:-128}
batch=${MEDSEARCH_BENCH_ENCODER_BATCH:-8}
build=${MEDSEARCH_BENCH_BUILD:-$root/build/release}
data=${MEDSEARCH_BENCH_DATA:-$root/build/bench-data}/encoder
results=${MEDSEARCH_BENCH_RESULTS:-$root/build/bench-results}
py=/usr/bin/python3  # Debian's: it has python3-torch
helper=$root/bench/torch_encoder.py
vocab=$root/../shared/models/bert-base-uncased-vocab/vocab.txt
bench=$build/bench/bench_encode

die() { echo "encoder_bench: $*" >&2; exit 1; }
say() { echo "encoder_bench: $*" >&2; }

"$py" -c 'import torch, numpy' 2>/dev/null || die "$py cannot import torch and numpy: install python3-torch"
[ -f "$vocab" ] || die "$vocab is missing (the shared bert-base-uncased vocabulary)"

# --- build ------------------------------------------------------------------------------------
if [ "${MEDSEARCH_BENCH_NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$build/build.ninja" ]; then
    [ "$build" = "$root/build/release" ] || die "$build is not configured"
    (cd "$root" && cmake --preset release >/dev/null)
  fi
  say "building bench_encode in $build"
  ninja -C "$build" bench_encode -j2 >/dev/null
fi
[ -x "$bench" ] || die "$bench is missing"

# --- models and inputs, made once ---------------------------------------------------------------
helper_hash=$(sha256sum "$helper" | cut -c1-8)
mkdir -p "$data" "$results"
IFS=, read -ra model_list <<<"$models"
IFS=, read -ra threads <<<"$thread_list"
for m in "${model_list[@]}"; do
  dir=$data/bert-$m-$helper_hash
  if [ ! -f "$dir/model.safetensors" ]; then
    say "writing the random $m model into $dir"
    "$py" "$helper" make-model --out "$dir" --shape "$m" --vocab "$vocab"
  fi
  n=$docs
  [ "$m" = minilm ] && n=$((docs * 4))
  in=$data/inputs-${n}x$tokens.txt
  [ -f "$in" ] || "$py" "$helper" make-inputs --out "$in" --docs "$n" --tokens "$tokens"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raw=$work/runs.jsonl
: >"$raw"
# tag FILE MODEL RUN: bench output line with the model, the run and the load added.
tag() {
  MODEL=$2 RUN=$3 LOAD=$(cut -d' ' -f1 /proc/loadavg) "$py" -c 'import json,os,sys
d = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
d.update(model=os.environ["MODEL"], run=int(os.environ["RUN"]), load_after=float(os.environ["LOAD"]))
print(json.dumps(d))' "$1" >>"$raw"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$work/checks.jsonl"
for m in "${model_list[@]}"; do
  dir=$data/bert-$m-$helper_hash
  n=$docs
  [ "$m" = minilm ] && n=$((docs * 4))
  in=$data/inputs-${n}x$tokens.txt
  # --- check: same output on the first batch ---
  head -n "$batch" "$in" >"$work/check.txt"
  "$bench" --model "$dir" --inputs "$work/check.txt" --threads 1 --batch "$batch" --dump "$work/ours.f32" >/dev/null
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$py" "$helper" run --model "$dir" --inputs "$work/check.txt" \
    --threads 1 --batch "$batch" --dump "$work/torch.f32" >/dev/null
  "$py" "$helper" compare "$work/ours.f32" "$work/torch.f32" |
    MODEL=$m "$py" -c 'import json,os,sys; d=json.load(sys.stdin); d["model"]=os.environ["MODEL"]; print(json.dumps(d))' \
      >>"$work/checks.jsonl"
  say "$m: output check $(tail -1 "$work/checks.jsonl")"
  # --- runs, alternated ---
  for ((r = 1; r <= runs; r++)); do
    for t in "${threads[@]}"; do
      "$bench" --model "$dir" --inputs "$in" --threads "$t" --batch "$batch" >"$work/o.out" ||
        die "bench_encode failed"
      tag "$work/o.out" "$m" "$r"
      OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t "$py" "$helper" run --model "$dir" --inputs "$in" \
        --threads "$t" --batch "$batch" >"$work/t.out" || die "torch_encoder.py failed"
      tag "$work/t.out" "$m" "$r"
      say "$m run $r, $t thread(s): ours $(grep -o '"wall_s": \[[^]]*' "$work/o.out" | cut -d[ -f2) s," \
        "torch $(grep -o '"wall_s": \[[^]]*' "$work/t.out" | cut -d[ -f2) s for $n docs"
    done
  done
done

# --- peak -------------------------------------------------------------------------------------
: >"$work/peak.jsonl"
for t in "${threads[@]}"; do
  "$bench" --sgemm-peak --threads "$t" --seconds 3 >>"$work/peak.jsonl"
done

# --- table ------------------------------------------------------------------------------------
"$py" - "$raw" "$work/checks.jsonl" "$work/peak.jsonl" "$results/encoder.json" "$load_before" "$data" \
  "$helper_hash" <<'EOF'
import json, os, statistics, sys
raw_path, checks_path, peak_path, out_path, load_before, data, helper_hash = sys.argv[1:8]
med = statistics.median
runs = [json.loads(l) for l in open(raw_path)]
checks = [json.loads(l) for l in open(checks_path)]
peaks = {p["threads"]: p for p in (json.loads(l) for l in open(peak_path))}
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")

def flop_per_doc(model, tokens):
    c = json.load(open(os.path.join(data, f"bert-{model}-{helper_hash}", "config.json")))
    h, i, L = c["hidden_size"], c["intermediate_size"], c["num_hidden_layers"]
    return 2 * tokens * (4 * h * h + 2 * h * i) * L + 4 * tokens * tokens * h * L  # GEMMs + QKᵀ, PV

rows = []
for model in dict.fromkeys(r["model"] for r in runs):
    for t in dict.fromkeys(r["threads"] for r in runs):
        sel = {e: [r for r in runs if r["model"] == model and r["threads"] == t and r["engine"] == e]
               for e in ("medsearch", "torch")}
        if not all(sel.values()):
            continue
        row = {"model": model, "threads": t, "batch": sel["medsearch"][0]["batch"], "docs": sel["medsearch"][0]["docs"],
               "tokens_per_doc": sel["medsearch"][0]["tokens"] // sel["medsearch"][0]["docs"]}
        for e, rs in sel.items():
            wall = med(r["wall_s"][0] for r in rs)
            cpu_s = med(r["cpu_s"][0] for r in rs)
            row[e] = {"docs_per_s": round(row["docs"] / wall, 2), "cpu_ms_per_doc": round(cpu_s / row["docs"] * 1e3, 1),
                      "wall_s_all": [round(r["wall_s"][0], 3) for r in rs], "load_after": [r["load_after"] for r in rs]}
        fl = flop_per_doc(model, row["tokens_per_doc"])
        row["gflop_per_doc"] = round(fl / 1e9, 2)
        row["ratio"] = round(row["medsearch"]["docs_per_s"] / row["torch"]["docs_per_s"], 2)
        row["ours_gflops"] = round(row["medsearch"]["docs_per_s"] * fl / 1e9, 1)
        row["ours_gflop_per_cpu_s"] = round(fl / 1e9 / (row["medsearch"]["cpu_ms_per_doc"] / 1e3), 1)
        if t in peaks:
            row["pct_of_sgemm_peak"] = round(100 * row["ours_gflops"] / peaks[t]["gflops"], 1)
            peak_cpu = peaks[t]["gflops"] * peaks[t]["wall_s"] / peaks[t]["cpu_s"]
            row["pct_of_sgemm_peak_cpu"] = round(100 * row["ours_gflop_per_cpu_s"] / peak_cpu, 1)
        rows.append(row)

print(f"\nEncoder forward pass, {cpu}, {os.cpu_count()} cores, load before {load_before}; medians of "
      f"{max(r['run'] for r in runs)} runs (one process each), fixed token ids, random weights")
for c in checks:
    print(f"  output check ({c['model']}, first batch, 1 thread): max |ours - torch| / max|torch| = "
          f"{c['max_rel_err']:.2e}, max abs {c['max_abs_err']:.2e}")
print("\n| model | threads | batch | tokens | ours docs/s | torch docs/s | ours ÷ torch | ours CPU ms/doc "
      "| torch CPU ms/doc | ours GFLOP/s | % of sgemm peak | ours GFLOP/CPU-s | % of sgemm per CPU-s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['model']} | {r['threads']} | {r['batch']} | {r['tokens_per_doc']} | {r['medsearch']['docs_per_s']:.2f} "
          f"| {r['torch']['docs_per_s']:.2f} | **{r['ratio']:.2f}** | {r['medsearch']['cpu_ms_per_doc']:.0f} "
          f"| {r['torch']['cpu_ms_per_doc']:.0f} | {r['ours_gflops']:.0f} | {r.get('pct_of_sgemm_peak', float('nan')):.0f} "
          f"| {r['ours_gflop_per_cpu_s']:.0f} | {r.get('pct_of_sgemm_peak_cpu', float('nan')):.0f} |")
for t, p in sorted(peaks.items()):
    print(f"sgemm peak, {t} thread(s): {p['gflops']:.0f} GFLOP/s wall, "
          f"{p['gflops'] * p['wall_s'] / p['cpu_s']:.0f} GFLOP per CPU-second (oneDNN, {p['sgemm']}, CPU "
          f"{p['cpu_s']:.1f} s in {p['wall_s']:.1f} s wall)")
print("GFLOP per document: " + ", ".join(f"{r['model']} {r['gflop_per_doc']}" for r in rows if r["threads"] == rows[0]["threads"]))
with open(out_path, "w") as fh:
    json.dump({"machine": {"cpu": cpu, "cores": os.cpu_count(), "load_before": load_before},
               "checks": checks, "sgemm_peak": list(peaks.values()), "rows": rows, "raw": runs}, fh, indent=1)
print(f"\nwrote {out_path}")
EOF
