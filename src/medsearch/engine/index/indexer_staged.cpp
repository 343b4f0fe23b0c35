// Indexer::State::apply_staged (indexer_state.hpp): shares that other processes staged
// (`mpirun … ingest`, distributed_ingest.cpp) linked into the index and replayed in file order.
#include "medsearch/engine/index/indexer_state.hpp"

#include <filesystem>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/engine/index/staged_share.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::engine {

namespace fs = std::filesystem;

IngestSummary Indexer::State::apply_staged(const std::vector<std::string>& files, const std::string& staging_dir,
                                           const WarningCallback& on_warning) {
  const auto start = Clock::now();
  IngestSummary summary;
  std::vector<std::string> todo;
  std::vector<std::uint64_t> sizes;
  select_files(files, {}, summary, todo, sizes);
  const StagingKey key{options_.since_year, options_.format};
  // Shares in file order, committed in batches of about checkpoint_docs documents (as
  // run() commits), each share's segment linked into the index under a new name.
  for (std::size_t first = 0; first < todo.size();) {
    std::vector<StagedShare> shares;
    std::uint64_t docs = 0;
    std::size_t end = first;
    for (; end < todo.size() && (end == first || docs < options_.checkpoint_docs); ++end) {
      std::optional<StagedShare> share = read_staged_share(staging_dir, todo[end], key);
      if (!share) {
        throw Error(ErrorCode::NotFound, todo[end] + ": not staged in " + staging_dir + " [the index keeps its last commit: " +
                                             std::to_string(manifest_.files.size()) +
                                             " files applied in all; re-running the same command stages and applies the rest]");
      }
      docs += share->segment_size;
      shares.push_back(std::move(*share));
    }
    const std::string prefix = segment_name(manifest_.generation + 1);
    std::vector<Piece> pieces;
    std::vector<FileOutcome> outcomes;
    for (StagedShare& share : shares) {
      std::string name;
      if (!share.segment.empty()) {
        name = prefix + "-" + std::to_string(pieces.size() + 1);
        // A link, not a move: until the commit below, the staged share stays whole (an
        // interrupted combine leaves links the next writer removes as unreferenced).
        for (const auto& [from, to] : {std::pair{docs_path(staging_dir, share.segment), docs_path(dir_, name)},
                                       std::pair{ids_path(staging_dir, share.segment), ids_path(dir_, name)},
                                       std::pair{columns_path(staging_dir, share.segment), columns_path(dir_, name)},
                                       std::pair{lexical_path(staging_dir, share.segment), lexical_path(dir_, name)}}) {
          std::error_code link_error;
          fs::create_hard_link(from, to, link_error);
          if (link_error) fs::copy_file(from, to, fs::copy_options::overwrite_existing);  // a filesystem without links
        }
      }
      pieces.push_back({name, share.segment_size, &share.log});
      outcomes.push_back(share.outcome);
    }
    store::sync_directory(dir_);
    place_and_commit(pieces, outcomes, on_warning, summary);
    for (std::size_t f = first; f < end; ++f) remove_staged_share(staging_dir, todo[f]);
    finish_merge(false, summary.merges);
    start_merge_if_due();
    first = end;
  }
  finish_run(summary, start);
  return summary;
}

}  // namespace medsearch::engine
