// `medsearch ingest`: apply input files to an index, in the order given.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "commands.hpp"
#include "medsearch/cluster/communicator.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/distributed_ingest.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/index/json_views.hpp"
#include "progress_display.hpp"

namespace medsearch::cli {
namespace {

namespace fs = std::filesystem;

bool is_input_file(const fs::path& path) {
  const std::string name = path.filename().string();
  for (const char* ext : {".xml", ".xml.gz", ".jsonl", ".jsonl.gz"}) {
    if (name.ends_with(ext)) return true;
  }
  return false;
}

// A directory stands for the input files below it (recursively), sorted by path: NLM's
// names (pubmed26n0001.xml.gz, ...) then sort in the order they must be applied.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    if (!fs::is_directory(input)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(input)) {
      if (entry.is_regular_file() && is_input_file(entry.path())) found.push_back(entry.path().string());
    }
    if (found.empty()) throw Error(ErrorCode::InvalidArgument, input + ": no .xml, .xml.gz or .jsonl files in this directory");
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace

Action register_ingest(CLI::App& app) {
  struct Args {
    std::string dir;
    std::vector<std::string> inputs;
    int since = 0;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::string format = "auto";
    bool reapply = false;
    std::uint32_t checkpoint_docs = engine::IngestOptions{}.checkpoint_docs;
    double compact_dead_fraction = engine::IngestOptions{}.compact_dead_fraction;
    engine::MergePolicy merges;
    std::size_t pair_words = engine::IngestOptions{}.pair_words.max_words;
  };
  auto args = std::make_shared<Args>();
  app.add_option("--index", args->dir, "Index directory (created if missing; updated if it exists)")->required();
  app.add_option("inputs", args->inputs, "Files or directories, applied in the order given")->required();
  app.add_option("--since", args->since, "Keep only citations published in this year or later")->check(CLI::Range(1000, 2999));
  app.add_option("--threads", args->threads, "Worker threads, each writing its own segment (default: all cores)")->check(CLI::Range(1u, 256u));
  app.add_option("--format", args->format, "Input format: auto (by file name), pubmed, beir")
      ->check(CLI::IsMember({"auto", "pubmed", "beir"}));
  app.add_flag("--reapply", args->reapply, "Apply files again even if this index already has them");
  app.add_option("--checkpoint-docs", args->checkpoint_docs, "Documents per batch of files; each batch is one commit")
      ->check(CLI::Range(1u, 100'000'000u));
  app.add_option("--compact-dead", args->compact_dead_fraction,
                 "Compact after the run when this fraction of documents is dead (0 = never)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--merge-factor", args->merges.merge_factor,
                 "Adjacent segments merged at once, and the size ratio between merge levels (0 or 1 = no merges)")
      ->check(CLI::Range(0u, 1000u));
  app.add_option("--max-merged-docs", args->merges.max_merged_docs, "No merge makes a segment with more documents")
      ->check(CLI::Range(1u, 1'000'000'000u));
  app.add_option("--pair-words", args->pair_words,
                 "A new index: at most this many common words get word-pair keys for phrases (0 = none)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{100'000}));
  return [args] {
    engine::IngestOptions options;
    options.since_year = static_cast<std::uint16_t>(args->since);
    options.threads = args->threads;
    options.format = ingest::parse_input_format(args->format);
    options.reapply = args->reapply;
    options.checkpoint_docs = args->checkpoint_docs;
    options.compact_dead_fraction = args->compact_dead_fraction;
    options.merge_policy = args->merges;
    options.pair_words.max_words = args->pair_words;
    const std::vector<std::string> files = expand_inputs(args->inputs);
    ProgressDisplay display(::isatty(STDERR_FILENO) != 0);
    // Under mpirun/srun with several ranks the files are split between them (docs/cluster.md).
    const auto world = cluster::open_world();
    engine::IngestSummary summary;
    engine::DistributedIngestStats cluster_stats;
    if (world->size() > 1) {
      summary = engine::distributed_ingest(
          args->dir, files, options, *world, [&](const std::string& message) { display.warn(message); },
          [](int rank, const std::string& file, bool newly) {
            std::fprintf(stderr, "ingest: rank %d %s %s\n", rank, newly ? "staged" : "found staged", file.c_str());
          },
          &cluster_stats);
      if (world->rank() != 0) return 0;
    } else {
      engine::Indexer indexer(args->dir, options);
      summary = indexer.ingest(
          files, [&](const engine::IngestProgress& p) { display.update(p); },
          [&](const std::string& message) { display.warn(message); });
    }
    display.finish();
    const auto& t = summary.totals;
    std::uint64_t skipped = 0;
    for (const auto& [reason, n] : t.skipped) skipped += n;
    std::fprintf(stderr,
                 "ingest: %zu files in %s: %llu citations added (%llu replaced earlier versions), %llu deletions applied, "
                 "%llu records skipped; the index now holds %llu documents\n",
                 summary.files_applied, format_duration(summary.seconds).c_str(),
                 static_cast<unsigned long long>(t.articles_added), static_cast<unsigned long long>(t.replacements),
                 static_cast<unsigned long long>(t.deletions_applied), static_cast<unsigned long long>(skipped),
                 static_cast<unsigned long long>(summary.live_count));
    if (summary.compacted) std::fprintf(stderr, "ingest: compacted the index (dead documents removed)\n");
    auto json = engine::ingest_summary_to_json(summary);
    if (world->size() > 1) {
      // Where an MPI job's time went: staging on every rank, then rank 0's serial combine.
      json["cluster"] = {{"ranks", world->size()},
                         {"files_staged", cluster_stats.files_staged},
                         {"files_already_staged", cluster_stats.files_already_staged},
                         {"stage_seconds", cluster_stats.stage_seconds},
                         {"combine_seconds", cluster_stats.combine_seconds}};
    }
    std::printf("%s\n", json.dump(2).c_str());
    return 0;
  };
}

Action register_compact(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto segment_docs = std::make_shared<std::uint32_t>(engine::IngestOptions{}.checkpoint_docs);
  app.add_option("--index", *dir, "Index directory")->required();
  app.add_option("--segment-docs", *segment_docs, "Documents per output segment")->check(CLI::Range(1u, 100'000'000u));
  auto pair_words = std::make_shared<std::size_t>(engine::IngestOptions{}.pair_words.max_words);
  app.add_option("--pair-words", *pair_words,
                 "An index without word-pair keys gets them for at most this many common words (0 = leave it without)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{100'000}));
  return [dir, segment_docs, pair_words] {
    engine::IngestOptions options;
    options.checkpoint_docs = *segment_docs;
    options.pair_words.max_words = *pair_words;
    const engine::CompactSummary s = engine::Indexer(*dir, options).compact(*pair_words > 0);
    std::fprintf(stderr, "compact: %llu documents kept, %llu dead removed, %zu → %zu segments in %s\n",
                 static_cast<unsigned long long>(s.documents), static_cast<unsigned long long>(s.dropped),
                 s.segments_before, s.segments_after, format_duration(s.seconds).c_str());
    if (s.pair_words_added > 0) std::fprintf(stderr, "compact: word-pair keys added for %zu words\n", s.pair_words_added);
    return 0;
  };
}

}  // namespace medsearch::cli
