#!/usr/bin/env bash
# Builds the libFuzzer targets (cmake --preset fuzz: clang, ASan, UBSan; fuzz/) and runs
# each for FUZZ_SECONDS (default 60), one after the other, then prints a table of
# executions, coverage (libFuzzer's cov: edges, ft: features) and findings per target.
#
#   scripts/fuzz.sh                    every target (make fuzz)
#   scripts/fuzz.sh query_parser ...   only these targets (names without _fuzz)
#   FUZZ_SECONDS=5 scripts/fuzz.sh     the CI smoke run
#
# Environment: FUZZ_SECONDS (per target), FUZZ_RUNS (stop each target after this many
# executions, libFuzzer's -runs, counting the corpus loaded at the start; with FUZZ_RUNS and
# no FUZZ_SECONDS there is no time limit), FUZZ_JOBS (build parallelism, default nproc),
# FUZZ_NICE (run the fuzzers under `nice -n`, default 0), FUZZ_TIMEOUT (libFuzzer's
# -timeout: seconds of wall time one input may take, default 10), FUZZ_SEED (libFuzzer's -seed: the
# same mutations every run, as CI wants; default random), SHARED (the shared data, default
# ../shared). Seeds: fuzz/make_seeds.py writes build/fuzz/seeds/<target>/ from the shared
# data each run; what a run discovers is kept in build/fuzz/corpus/<target>/ for the next.
# A crash, leak, UBSan report or timeout leaves its input in build/fuzz/artifacts/<target>/
# and makes the script exit 1 (reproduce: build/fuzz/fuzz/<target>_fuzz FILE). A timeout is
# replayed at normal priority first: under FUZZ_NICE on a busy machine a fuzzer can be
# starved past the limit, so one that replays within it is renamed slow-unit-replayed-*
# and reported, not counted (the run still stopped there: libFuzzer ends at a timeout).
# docs/reliability.md, "Fuzzing", says how to turn a finding into a regression test.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

seconds="${FUZZ_SECONDS:-60}"
limit_flags=(-max_total_time="$seconds")
if [ -n "${FUZZ_RUNS:-}" ]; then
  limit_flags=(-runs="$FUZZ_RUNS")
  [ -n "${FUZZ_SECONDS:-}" ] && limit_flags+=(-max_total_time="$seconds")
fi
jobs="${FUZZ_JOBS:-$(nproc)}"
nice_level="${FUZZ_NICE:-0}"
seed_flag=()
[ -n "${FUZZ_SEED:-}" ] && seed_flag=(-seed="$FUZZ_SEED")
timeout_s="${FUZZ_TIMEOUT:-10}"
shared="${SHARED:-$repo/../shared}"
all_targets=(xml_record_splitter pubmed_reader gzip_input beir_reader query_parser chinese_translator
             safetensors model_dir http_params wechat_xml)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"

out=build/fuzz
rm -rf "$out/seeds"
python3 fuzz/make_seeds.py "$out/seeds" "$shared" >/dev/null

# Longest input per target: whole small PubMed documents and model files; queries and
# parameters are short.
max_len() {
  case "$1" in
    query_parser|chinese_translator|http_params|wechat_xml) echo 4096 ;;
    *) echo 16384 ;;
  esac
}

failed=0
summary=()
for target in "${targets[@]}"; do
  binary="$out/fuzz/${target}_fuzz"
  [ -x "$binary" ] || { echo "fuzz: no target '$target' (one of: ${all_targets[*]})" >&2; exit 2; }
  corpus="$out/corpus/$target"
  artifacts="$out/artifacts/$target"
  log="$out/logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$out/logs" "$out/seeds/$target"
  echo "fuzz: $target (${limit_flags[*]})"
  rc=0
  nice -n "$nice_level" "$binary" "${limit_flags[@]}" -max_len="$(max_len "$target")" -timeout="$timeout_s" \
    -rss_limit_mb=2048 -print_final_stats=1 "${seed_flag[@]}" -artifact_prefix="$artifacts/" "$corpus" "$out/seeds/$target" \
    >"$log" 2>&1 || rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  final=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED).*cov:' "$log" | tail -1 || true)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$final")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$final")
  speed=$(grep -o 'exec/s: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  # slow-unit-* files are inputs that took over 10 s of wall time, not failures: under
  # FUZZ_NICE on a busy machine a fuzzer can be starved that long (replay one to time it).
  starved=0
  for unit in "$artifacts"/timeout-*; do
    [ -e "$unit" ] || continue
    if timeout "$timeout_s" "$binary" "$unit" >/dev/null 2>&1; then
      starved=1
      echo "fuzz: $target: $(basename "$unit") replays within ${timeout_s} s at normal priority: starved, not hung (kept as slow-unit-replayed-*)"
      mv "$unit" "$artifacts/slow-unit-replayed-${unit##*/timeout-}"
    fi
  done
  findings=$(find "$artifacts" -type f ! -name 'slow-unit-*' | wc -l)
  # libFuzzer's exit code for a timeout (-timeout_exitcode) is 70: not a failure when it was starvation.
  [ "$rc" -eq 70 ] && [ "$starved" -eq 1 ] && [ "$findings" -eq 0 ] && rc=0
  slow=$(find "$artifacts" -type f -name 'slow-unit-*' | wc -l)
  [ "$slow" -gt 0 ] && echo "fuzz: $target: $slow slow unit(s) in $artifacts/ (over 10 s of wall time; replay to time them)"
  status=ok
  if [ "$rc" -ne 0 ] || [ "$findings" -gt 0 ]; then
    status="FAILED (exit $rc; see $log and $artifacts/)"
    failed=1
    grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY:' "$log" | head -5 || true
  fi
  summary+=("$(printf '%-20s %12s %8s %8s %8s  %s' "$target" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$status")")
done

echo
printf '%-20s %12s %8s %8s %8s  %s\n' target executions exec/s cov ft result
printf '%s\n' "${summary[@]}"
[ "$failed" -eq 0 ] && echo "fuzz: ${#targets[@]} passed, 0 failed" || echo "fuzz: FAILED"
exit "$failed"
