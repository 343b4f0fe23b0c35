#!/usr/bin/env bash
# Chinese vs English retrieval quality on the NFCorpus dev queries, split into a part rules may
# be tuned on and a part that is only measured (docs/chinese.md, decision 0023).
#
# Split rule (fixed, independent of content): a query is "measure" when the first byte of
# md5(query id) is odd, else "tune". 80 dev ids → 39 tune / 41 measure.
#
# Usage: scripts/eval_chinese_split.sh [MEDSEARCH_BINARY] [INDEX_DIR]
#   defaults: build/release/apps/cli/medsearch, /tmp/medsearch-nf-dev (built if missing).
# Prints nDCG@10 and Recall@100 for Chinese and for the same queries in English, per part and
# for all 80, with the Chinese/English ratio.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$repo/build/release/apps/cli/medsearch}
index=${2:-/tmp/medsearch-nf-dev}
data=$repo/../shared/data
zh=$data/nfcorpus-dev-zh/queries.zh.tsv
[ -f "$zh" ] || { echo "eval_chinese_split: $zh not found (needs ../shared)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -d "$index" ] || [ -z "$(ls -A "$index" 2>/dev/null)" ]; then
  "$bin" ingest --index "$index" "$data/nfcorpus-dev/corpus.jsonl" >/dev/null
fi

python3 - "$zh" "$data/nfcorpus-dev/queries.jsonl" "$data/nfcorpus-dev/qrels/dev.trec" "$work" <<'PY'
import hashlib, json, sys
zh_path, en_path, qrels_path, work = sys.argv[1:]
zh = [l.rstrip('\n').split('\t', 1) for l in open(zh_path, encoding='utf-8') if l.strip()]
en = {j['_id']: j['text'] for j in map(json.loads, open(en_path, encoding='utf-8'))}
def part(qid):
    return 'measure' if hashlib.md5(qid.encode()).digest()[0] % 2 else 'tune'
qrels = [l for l in open(qrels_path) if l.strip()]
for name in ('tune', 'measure', 'all'):
    ids = [q for q, _ in zh if name == 'all' or part(q) == name]
    keep = set(ids)
    with open(f'{work}/{name}.zh.tsv', 'w', encoding='utf-8') as f:
        f.writelines(f'{q}\t{t}\n' for q, t in zh if q in keep)
    with open(f'{work}/{name}.en.tsv', 'w', encoding='utf-8') as f:
        f.writelines(f'{q}\t{en[q]}\n' for q in ids)
    with open(f'{work}/{name}.qrels', 'w') as f:
        f.writelines(l for l in qrels if l.split()[0] in keep)
PY

metric() {  # metric NAME FILE: the value of one measure from `medsearch eval` output
  awk -v m="$1" '$1==m {print $NF; exit}' "$2"
}
printf '%-8s %4s  %-9s %-9s %-6s  %-9s %-9s %-6s\n' part n zh_nDCG10 en_nDCG10 ratio zh_R100 en_R100 ratio
for part in tune measure all; do
  for lang in zh en; do
    "$bin" search --index "$index" --plain --queries "$work/$part.$lang.tsv" --k 1000 >"$work/$part.$lang.run"
    "$bin" eval --qrels "$work/$part.qrels" --run "$work/$part.$lang.run" >"$work/$part.$lang.eval"
  done
  n=$(wc -l <"$work/$part.zh.tsv")
  zn=$(metric ndcg@10 "$work/$part.zh.eval"); en=$(metric ndcg@10 "$work/$part.en.eval")
  zr=$(metric recall@100 "$work/$part.zh.eval"); er=$(metric recall@100 "$work/$part.en.eval")
  printf '%-8s %4s  %-9s %-9s %-6s  %-9s %-9s %-6s\n' "$part" "$n" "$zn" "$en" \
    "$(python3 -c "print(f'{$zn/$en:.1%}')")" "$zr" "$er" "$(python3 -c "print(f'{$zr/$er:.1%}')")"
done
