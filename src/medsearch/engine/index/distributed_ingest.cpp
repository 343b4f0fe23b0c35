#include "medsearch/engine/index/distributed_ingest.hpp"

#include <chrono>
#include <filesystem>
#include <map>

#include "medsearch/cluster/collective.hpp"
#include "medsearch/cluster/share_plan.hpp"
#include "medsearch/cluster/test_hooks.hpp"
#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_root.hpp"
#include "medsearch/engine/index/staged_share.hpp"

namespace medsearch::engine {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The staging directory keys a file's share by its file name (staged_share.hpp), as the
// manifest keys applied files: two different paths with one name would stage into the same
// files. NLM's file names are unique, so this only stops inputs gathered from several folders.
void require_distinct_names(const std::vector<std::string>& files) {
  std::map<std::string, std::string> seen;  // file name → first path with it
  for (const std::string& file : files) {
    const auto [it, added] = seen.emplace(fs::path(file).filename().string(), file);
    if (!added && it->second != file) {
      throw Error(ErrorCode::InvalidArgument, "'" + it->second + "' and '" + file + "' have the same file name '" + it->first +
                                                  "': a distributed ingest stages files by name; rename one or ingest them in separate runs");
    }
  }
}

}  // namespace

IngestSummary distributed_ingest(const std::string& dir, const std::vector<std::string>& files, const IngestOptions& options,
                                 cluster::Communicator& comm, const WarningCallback& on_warning,
                                 const std::function<void(int, const std::string&, bool)>& on_staged,
                                 DistributedIngestStats* stats) {
  const bool root = comm.rank() == 0;
  std::unique_ptr<Indexer> indexer;
  // 1. Rank 0 takes the writer lock and decides which files to apply; the list (paths as
  // given, which every rank must be able to open) goes to every rank.
  const std::string todo_bytes = cluster::broadcast_result(comm, 0, [&] {
    indexer = std::make_unique<Indexer>(dir, options);
    ByteWriter w;
    const std::vector<std::string> todo = indexer->files_to_apply(files, on_warning);
    require_distinct_names(todo);
    w.put_varint(todo.size());
    for (const std::string& file : todo) w.put_string(file);
    w.put_string(resolve_index_dir(dir));  // the directory rank 0's lock is on
    return w.take();
  });
  ByteReader reader(todo_bytes, "the file list from rank 0");
  std::vector<std::string> todo(reader.get_count());
  for (std::string& file : todo) file = reader.get_string();
  const std::string index_dir = reader.get_string();
  const std::string staging = staging_dir_of(index_dir);

  // 2. Each rank stages its share of the files.
  const auto stage_start = Clock::now();
  std::uint64_t staged = 0, already = 0;
  cluster::run_on_every_rank(comm, "staging", [&] {
    if (!fs::is_directory(index_dir)) {
      throw Error(ErrorCode::NotFound, index_dir + ": not found on rank " + std::to_string(comm.rank()) +
                                           " (the index directory must be shared by every rank)");
    }
    std::vector<std::uint64_t> sizes;
    for (const std::string& file : todo) {
      std::error_code error;
      const std::uintmax_t size = fs::file_size(file, error);
      if (error) throw Error(ErrorCode::NotFound, file + ": cannot read on rank " + std::to_string(comm.rank()) + ": " + error.message());
      sizes.push_back(size);
    }
    const std::vector<int> owner = cluster::assign_by_size(sizes, comm.size());
    std::vector<std::string> mine;
    for (std::size_t i = 0; i < todo.size(); ++i) {
      if (owner[i] == comm.rank()) mine.push_back(todo[i]);
    }
    const std::string stager = "rank" + std::to_string(comm.rank());
    stage_files(staging, mine, {options.since_year, options.format}, options.threads, stager, [&](const std::string& file, bool newly) {
      ++(newly ? staged : already);
      if (on_staged) on_staged(comm.rank(), file, newly);
      if (newly) cluster::test_kill_point(comm.rank(), staged);
    });
  });
  const std::uint64_t all_staged = comm.sum(staged);
  const std::uint64_t all_already = comm.sum(already);
  const double stage_seconds = seconds_since(stage_start);

  // 3. Rank 0 applies the shares in file order.
  IngestSummary summary;
  const auto combine_start = Clock::now();
  cluster::run_on_every_rank(comm, "combining the staged files", [&] {
    if (!root) return;
    summary = indexer->apply_staged(files, staging, on_warning);
    // Every share is applied; what is left are the temporary files of killed ranks.
    std::error_code ignored;
    fs::remove_all(staging, ignored);
  });
  if (stats) *stats = {all_staged, all_already, stage_seconds, seconds_since(combine_start)};
  return summary;
}

}  // namespace medsearch::engine
