#!/bin/bash
# Scaling of `medsearch ingest` and `medsearch embed` from 1 to N MPI ranks on this machine
# (docs/cluster.md). Wall-clock seconds of the whole command (mpirun included), median of
# RUNS runs, each on a fresh copy; one JSON line per (command, ranks).
#
#   bench/cluster_scaling.sh            # RANKS="1 2" RUNS=3 RECORDS=40000 FILES=8 EMBED_FILES=2
#   SKIP_INGEST=1 EMBED_FILES=8 bench/cluster_scaling.sh   # embed only, on all 40 000 records
#   SKIP_INGEST=1 EMBED_FILES=8 COMPACT=1 bench/cluster_scaling.sh   # the same in ONE segment
#   ... EMBED_ARGS="--chunk-docs 1048576" ...   # no row ranges (a chunk larger than any segment)
#
# Corpus: bench/gen_synthetic_pubmed.py (RECORDS records in FILES files). embed runs on an
# index of the first EMBED_FILES files in segments of SEGMENT_DOCS documents, with the tiny
# BERT test model (tests/data/encoder/bert-tiny) and one thread per rank, so it measures the
# split, not a model's speed. COMPACT=1 compacts that index into one segment first;
# EMBED_ARGS are added to every embed command. As root, mpirun needs OMPI_ALLOW_RUN_AS_ROOT(_CONFIRM)=1.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-build/release/apps/cli/medsearch}
work=${WORK:-/tmp/medsearch-cluster-bench}
ranks_list=${RANKS:-"1 2"}
runs=${RUNS:-3}
records=${RECORDS:-40000}
files=${FILES:-8}
embed_files=${EMBED_FILES:-2}
segment_docs=${SEGMENT_DOCS:-1000}
model=tests/data/encoder/bert-tiny
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

mkdir -p "$work"
if [ ! -f "$work/corpus/corpus.json" ]; then
  /usr/bin/python3 bench/gen_synthetic_pubmed.py --records "$records" --files "$files" --out "$work/corpus" >/dev/null
fi
mapfile -t inputs < <(ls "$work"/corpus/*.xml.gz | sort)

launch() {  # ranks, args...
  local ranks=$1; shift
  if [ "$ranks" -eq 1 ]; then "$bin" "$@"; else mpirun --oversubscribe -np "$ranks" --mca btl self,vader "$bin" "$@"; fi
}

median() { /usr/bin/python3 -c 'import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

# The index embed starts from: the first files, in segments of SEGMENT_DOCS documents.
rm -rf "$work/embed-base"
"$bin" ingest --index "$work/embed-base" --threads 1 --checkpoint-docs "$segment_docs" --merge-factor 0 \
  "${inputs[@]:0:$embed_files}" >/dev/null 2>&1
if [ -n "${COMPACT:-}" ]; then "$bin" compact --index "$work/embed-base" >/dev/null 2>&1; fi
segments=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["segments"]))' "$work/embed-base/manifest.json")

for ranks in $ranks_list; do
  [ -n "${SKIP_INGEST:-}" ] && break
  times=(); combine=()
  for ((r = 0; r < runs; r++)); do
    rm -rf "$work/idx"
    /usr/bin/time -f %e -o "$work/seconds" bash -c "$(declare -f launch); bin=$bin; launch $ranks ingest --index $work/idx --threads 1 ${inputs[*]}" \
      >"$work/out.json" 2>"$work/err.log"
    times+=("$(cat "$work/seconds")")
    combine+=("$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("cluster",{}).get("combine_seconds",0))' "$work/out.json")")
  done
  echo "{\"command\": \"ingest\", \"ranks\": $ranks, \"records\": $records, \"files\": $files, \"runs\": [$(IFS=,; echo "${times[*]}")], \"median_seconds\": $(median "${times[@]}"), \"median_combine_seconds\": $(median "${combine[@]}"), \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
done

for ranks in $ranks_list; do
  times=(); encode=()
  for ((r = 0; r < runs; r++)); do
    rm -rf "$work/eidx"
    cp -r "$work/embed-base" "$work/eidx"
    /usr/bin/time -f %e -o "$work/seconds" bash -c "$(declare -f launch); bin=$bin; launch $ranks embed --index $work/eidx --threads 1 --index-type Flat --model $model ${EMBED_ARGS:-}" \
      >"$work/out.json" 2>"$work/err.log"
    times+=("$(cat "$work/seconds")")
    encode+=("$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["encode_seconds"])' "$work/out.json")")
  done
  docs=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["documents_encoded"])' "$work/out.json")
  ranges=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("ranges_encoded",0))' "$work/out.json")
  echo "{\"command\": \"embed\", \"ranks\": $ranks, \"documents\": $docs, \"segments\": $segments, \"ranges\": $ranges, \"runs\": [$(IFS=,; echo "${times[*]}")], \"median_seconds\": $(median "${times[@]}"), \"median_encode_seconds\": $(median "${encode[@]}"), \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
done
