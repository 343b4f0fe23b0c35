#!/bin/bash
# What each feature group of the learned re-ranker contributes (issue #16): for every group
# (engine/search/rerank_features.hpp, rerank_feature_groups()), train the ranker on
# nfcorpus-train with that group zeroed (`train-ranker --drop-features GROUP`) and score
# nDCG@10 / Recall@100 on nfcorpus-dev; also the first stage alone and the full model.
# Settings are never chosen on dev here: every row uses the same training flags.
#   bench/ranker_ablation.sh INDEX [FIRST-STAGE FLAGS] [TRAINING FLAGS]
#   bench/ranker_ablation.sh /tmp/nf-dense "--mode hybrid" "--rounds 300 --max-depth 6"
# INDEX is copied (the model is saved in the copy); it is never modified.
set -euo pipefail
index=$1 stage=${2:---mode bm25} training=${3:-}
bin=${MEDSEARCH_BIN:-build/release/apps/cli/medsearch}
data=${MEDSEARCH_DATA:-../shared/data}
train=$data/nfcorpus-train dev=$data/nfcorpus-dev
work=$(mktemp -d /tmp/ranker_ablation.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$index" "$work/idx"
rm -f "$work/idx/ranker.bin"
score() {  # nDCG@10 and Recall@100 on dev with the current model (or --rerank off)
  # shellcheck disable=SC2086
  "$bin" eval --index "$work/idx" --queries "$dev/queries.jsonl" --qrels "$dev/qrels/dev.trec" --plain $stage \
    --metrics ndcg@10,recall@100 --format json "$@" |
    python3 -c 'import json,sys; m=json.load(sys.stdin)["metrics"]; print("%.4f %.4f" % (m["ndcg@10"], m["recall@100"]))'
}
echo "| model | dev nDCG@10 | dev Recall@100 |"
echo "|---|---|---|"
echo "| first stage only (rerank off) | $(score --rerank off | sed 's/ / | /') |"
for drop in none first_stage bm25 tfidf dense coverage proximity length metadata query; do
  flags=()
  [ "$drop" = none ] || flags=(--drop-features "$drop")
  # shellcheck disable=SC2086
  "$bin" train-ranker --index "$work/idx" --queries "$train/queries.jsonl" --qrels "$train/qrels/train.trec" \
    --plain $stage $training "${flags[@]}" > "$work/train.log"
  label=$([ "$drop" = none ] && echo "all features" || echo "without $drop")
  echo "| $label | $(score --rerank on | sed 's/ / | /') |"
done
