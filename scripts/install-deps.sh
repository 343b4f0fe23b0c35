#!/usr/bin/env bash
# Installs every Debian package medsearch needs to build, test, benchmark and run.
# Idempotent: packages already present are skipped, so a second run is quick and offline.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config git
  # libraries (DESIGN.md §3)
  zlib1g-dev libisal-dev libzstd-dev libpugixml-dev nlohmann-json3-dev libcli11-dev libutf8proc-dev libstemmer-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # peers and fixtures: lxml for the parse benchmark and the independent expected figures,
  # Debian's biopython test records as the fallback corpus
  python3 python3-lxml python-biopython-doc time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
