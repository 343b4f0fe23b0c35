#!/usr/bin/env bash
# The main job (README's first command runs it after a release build): index real PubMed
# XML and show what was indexed. Data comes from the first of:
#   $MEDSEARCH_DATA, data/pubmed/, ../shared/data/pubmed, Debian's python-biopython-doc records.
# The index goes to $MEDSEARCH_INDEX (default: index/ in the checkout). Re-running applies
# only files the index does not have yet.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=build/release/apps/cli/medsearch
[ -x "$bin" ] || { echo "demo: $bin is missing; run 'make demo' (it builds first)" >&2; exit 1; }

biopython=/usr/share/doc/python-biopython-doc/Tests/Entrez
data=""
for candidate in "${MEDSEARCH_DATA:-}" data/pubmed ../shared/data/pubmed; do
  if [ -n "$candidate" ] && [ -d "$candidate" ]; then data=$candidate; break; fi
done
if [ -n "$data" ]; then
  inputs=("$data")
elif compgen -G "$biopython/pubmed*.xml.gz" >/dev/null; then
  data=$biopython
  inputs=("$biopython"/pubmed*.xml.gz)
else
  echo "demo: no PubMed XML found: set MEDSEARCH_DATA, put files in data/pubmed/, or install python-biopython-doc" >&2
  exit 1
fi

index=${MEDSEARCH_INDEX:-index}
echo "demo: indexing PubMed XML from $data into $index/"
"$bin" ingest --index "$index" "${inputs[@]}" >/dev/null
echo
echo "demo: index statistics (medsearch stats --index $index):"
"$bin" stats --index "$index" | head -n 40
sample=$("$bin" stats --index "$index" | sed -n '/"sample_ids"/,/]/p' | sed -n 2p | tr -d ' ",')
echo
echo "demo: one stored record (medsearch doc --index $index $sample):"
"$bin" doc --index "$index" "$sample" | head -n 40
echo "..."
echo
echo "demo: a search (medsearch search --index $index \"cancer risk\" --k 3):"
"$bin" search --index "$index" "cancer risk" --k 3
echo
echo "demo: dense vectors for hybrid search (medsearch embed --index $index: default model trained on the index):"
"$bin" embed --index "$index"
echo "demo: a hybrid search (medsearch search --index $index --mode hybrid \"cancer risk\" --k 3):"
"$bin" search --index "$index" --mode hybrid "cancer risk" --k 3
echo
echo "demo: look up any record with: $bin doc --index $index PMID"
echo "demo: search with:              $bin search --index $index 'QUERY'   (see docs/query-syntax.md)"
echo
echo "demo: the web page and JSON API (docs/api.md); Ctrl-C stops the server"
exec "$bin" serve --index "$index" --host "${MEDSEARCH_HOST:-127.0.0.1}" --port "${MEDSEARCH_PORT:-8080}"
