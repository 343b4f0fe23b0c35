#!/usr/bin/env bash
# The main job (README's first command runs it after a release build): index real PubMed
# XML and show what was indexed. Data comes from the first of:
#   $MEDSEARCH_DATA, data/pubmed/, ../shared/data/pubmed, Debian's python-biopython-doc records.
# The index goes to $MEDSEARCH_INDEX (default: index/ in the checkout). Re-running applies
# only files the index does not have yet. Each step prints how long it took.
#
#   scripts/demo.sh           ends by serving the web page until Ctrl-C
#   scripts/demo.sh --smoke   instead starts the server, asks it an English and a Chinese
#                             query over HTTP, stops it and exits (CI runs this)
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
case "${1:-}" in
  --smoke) smoke=1 ;;
  "") ;;
  *) echo "demo: unknown option '$1' (--smoke or nothing)" >&2; exit 2 ;;
esac

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# took NAME START_MS: prints the time since START_MS.
took() { local ms=$(( $(now_ms) - $2 )); printf 'demo: [%s took %d.%01d s]\n' "$1" $((ms / 1000)) $((ms % 1000 / 100)); }
# step NAME COMMAND...: runs COMMAND and prints its wall time.
step() {
  local name=$1 t0; t0=$(now_ms); shift
  "$@"
  took "$name" "$t0"
}

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
step ingest "$bin" ingest --index "$index" "${inputs[@]}" >/dev/null
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
step search "$bin" search --index "$index" "cancer risk" --k 3
echo
echo "demo: dense vectors for hybrid search (medsearch embed --index $index: default model trained on the index):"
step embed "$bin" embed --index "$index"
echo "demo: a hybrid search (medsearch search --index $index --mode hybrid \"cancer risk\" --k 3):"
step "hybrid search" "$bin" search --index "$index" --mode hybrid "cancer risk" --k 3
echo
echo "demo: look up any record with: $bin doc --index $index PMID"
echo "demo: search with:              $bin search --index $index 'QUERY'   (see docs/query-syntax.md)"
echo
if [ "$smoke" -eq 1 ]; then
  # Serve on a free port, wait for the address line, ask two queries, stop.
  log=$(mktemp)
  "$bin" serve --index "$index" --host 127.0.0.1 --port 0 >"$log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
  t0=$(now_ms)
  url=""
  for _ in $(seq 1 600); do
    url=$(sed -n 's|^medsearch: serving .* at \(http://[^ ]*\)$|\1|p' "$log")
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "demo: serve exited before serving" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$log" >&2; echo "demo: serve did not start within 60 s" >&2; exit 1; }
  cat "$log"
  took "serve start" "$t0"
  for q in "cancer%20risk" "%E7%99%8C%E7%97%87%E9%A3%8E%E9%99%A9&mode=hybrid"; do
    curl -fsS -o /dev/null -w "demo: GET /api/search?q=$q: HTTP %{http_code} in %{time_total} s\n" "${url}api/search?q=$q&limit=3"
  done
  kill -TERM "$server"
  wait "$server"
  echo "demo: smoke run done (serving, English and Chinese queries answered)"
  exit 0
fi
echo "demo: the web page and JSON API (docs/api.md); Ctrl-C stops the server"
exec "$bin" serve --index "$index" --host "${MEDSEARCH_HOST:-127.0.0.1}" --port "${MEDSEARCH_PORT:-8080}"
