#!/bin/bash
# Choosing the re-ranker's training parameters without touching nfcorpus-dev: nfcorpus-train
# is split by query (every 5th query held out, 504 of 2,520), a model is trained on the other
# four fifths with each parameter setting, and nDCG@10 / Recall@100 on the held-out fifth is
# compared with the first stage alone.
#   bench/ranker_holdout.sh INDEX [FIRST-STAGE FLAGS] ["TRAINING FLAGS" ...]
#   bench/ranker_holdout.sh /tmp/nf-dense "--mode hybrid" "--rounds 300 --max-depth 6" "--rounds 100 --max-depth 3 --learning-rate 0.1"
# INDEX is copied (models are saved in the copy); it is never modified.
set -euo pipefail
index=$1 stage=${2:---mode bm25}
shift $(($# < 2 ? $# : 2))
[ $# -gt 0 ] || set -- ""
bin=${MEDSEARCH_BIN:-build/release/apps/cli/medsearch}
train=${MEDSEARCH_DATA:-../shared/data}/nfcorpus-train
work=$(mktemp -d /tmp/ranker_holdout.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$index" "$work/idx"
rm -f "$work/idx/ranker.bin"
python3 - "$train" "$work" <<'PY'
import json, sys
train, work = sys.argv[1], sys.argv[2]
queries = [l for l in open(f"{train}/queries.jsonl") if l.strip()]
held = set()
with open(f"{work}/a.jsonl", "w") as a, open(f"{work}/b.jsonl", "w") as b:
    for i, line in enumerate(queries):
        (b if i % 5 == 4 else a).write(line)
        if i % 5 == 4: held.add(json.loads(line)["_id"])
with open(f"{work}/b.trec", "w") as out:
    for line in open(f"{train}/qrels/train.trec"):
        if line.split()[0] in held: out.write(line)
PY
score() {
  # shellcheck disable=SC2086
  "$bin" eval --index "$work/idx" --queries "$work/b.jsonl" --qrels "$work/b.trec" --plain $stage \
    --metrics ndcg@10,recall@100 --format json "$@" |
    python3 -c 'import json,sys; m=json.load(sys.stdin)["metrics"]; print("%.4f | %.4f" % (m["ndcg@10"], m["recall@100"]))'
}
echo "| training flags | held-out nDCG@10 | held-out Recall@100 |"
echo "|---|---|---|"
echo "| first stage only (rerank off) | $(score --rerank off) |"
for training in "$@"; do
  # shellcheck disable=SC2086
  "$bin" train-ranker --index "$work/idx" --queries "$work/a.jsonl" --qrels "$train/qrels/train.trec" --plain $stage $training > /dev/null
  echo "| ${training:-defaults} | $(score --rerank on) |"
done
