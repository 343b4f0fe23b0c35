#include "medsearch/engine/index/staged_share.hpp"

#include <array>
#include <filesystem>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::engine {
namespace {

namespace fs = std::filesystem;

// The four files every segment has (its vector files are optional).
std::array<std::string, 4> segment_core_paths(const std::string& dir, const std::string& segment) {
  return {docs_path(dir, segment), ids_path(dir, segment), columns_path(dir, segment), lexical_path(dir, segment)};
}

constexpr std::uint64_t kShareMagic = 0x3148535348434d53ULL;  // "SMCHSSH1"
constexpr std::uint32_t kShareVersion = 1;

std::string base_name(const std::string& path) { return fs::path(path).filename().string(); }
std::string log_path(const std::string& staging_dir, const std::string& file) {
  return staging_dir + "/" + base_name(file) + ".share";
}

std::string encode_share(const StagedShare& s, const StagingKey& key) {
  ByteWriter w;
  const store::IngestedFile& f = s.outcome.stats;
  w.put_string(f.name);
  w.put_u64(f.size_bytes);
  w.put_u32(key.since_year);
  w.put_u8(static_cast<std::uint8_t>(key.format));
  for (const std::uint64_t n : {f.articles, f.deletions, f.skipped, s.outcome.progress.uncompressed_bytes}) w.put_u64(n);
  w.put_string(s.segment);
  w.put_u32(s.segment_size);
  w.put_varint(s.log.ops.size());
  for (const RecordOp& op : s.log.ops) {
    w.put_string(op.id);
    w.put_u8(static_cast<std::uint8_t>(op.kind));
    w.put_varint(op.local);
  }
  w.put_u64(s.log.filtered_by_since);
  w.put_varint(s.log.skipped.size());
  for (const auto& [reason, n] : s.log.skipped) {
    w.put_string(reason);
    w.put_u64(n);
  }
  w.put_varint(s.outcome.skip_notes.size());
  for (const SkipNote& note : s.outcome.skip_notes) {
    w.put_string(note.reason);
    w.put_string(note.detail);
  }
  return w.take();
}

}  // namespace

std::string staging_dir_of(const std::string& index_dir) { return index_dir + "/ingest-staging"; }

std::optional<StagedShare> read_staged_share(const std::string& staging_dir, const std::string& file, const StagingKey& key) {
  const std::string path = log_path(staging_dir, file);
  if (!fs::exists(path)) return std::nullopt;
  std::error_code size_error;
  const std::uint64_t file_size = fs::file_size(file, size_error);
  if (size_error) return std::nullopt;
  try {
    const store::MappedFile mapped(path, kShareMagic, kShareVersion, true);
    ByteReader r(mapped.payload(), path);
    StagedShare s;
    store::IngestedFile& f = s.outcome.stats;
    f.name = r.get_string();
    f.size_bytes = r.get_u64();
    const std::uint32_t since = r.get_u32();
    const std::uint8_t format = r.get_u8();
    if (f.name != base_name(file) || f.size_bytes != file_size || since != key.since_year ||
        format != static_cast<std::uint8_t>(key.format)) {
      return std::nullopt;  // staged from another file or with other options: redone
    }
    f.articles = r.get_u64();
    f.deletions = r.get_u64();
    f.skipped = r.get_u64();
    s.outcome.progress.uncompressed_bytes = r.get_u64();
    s.outcome.finished = true;
    s.segment = r.get_string();
    s.segment_size = r.get_u32();
    s.log.ops.resize(r.get_count());
    for (RecordOp& op : s.log.ops) {
      op.id = r.get_string();
      const std::uint8_t kind = r.get_u8();
      if (kind > static_cast<std::uint8_t>(RecordOp::Kind::Filtered)) throw Error(ErrorCode::Corrupt, path + ": unknown record kind");
      op.kind = static_cast<RecordOp::Kind>(kind);
      op.local = static_cast<std::uint32_t>(r.get_varint());
    }
    s.log.filtered_by_since = r.get_u64();
    for (std::size_t n = r.get_count(); n > 0; --n) {
      std::string reason = r.get_string();
      s.log.skipped[reason] = r.get_u64();
    }
    s.outcome.skip_notes.resize(r.get_count());
    for (SkipNote& note : s.outcome.skip_notes) {
      note.reason = r.get_string();
      note.detail = r.get_string();
    }
    if (!s.segment.empty()) {
      for (const std::string& p : segment_core_paths(staging_dir, s.segment)) {
        if (!fs::exists(p)) return std::nullopt;
      }
    }
    return s;
  } catch (const Error&) {
    return std::nullopt;  // a damaged log: the share is staged again
  }
}

void stage_files(const std::string& staging_dir, const std::vector<std::string>& files, const StagingKey& key,
                 unsigned threads, const std::string& stager, const std::function<void(const std::string&, bool)>& on_staged) {
  fs::create_directories(staging_dir);
  std::vector<std::string> todo;
  for (const std::string& file : files) {
    if (read_staged_share(staging_dir, file, key)) {
      if (on_staged) on_staged(file, false);
    } else {
      todo.push_back(file);
    }
  }
  const lexical::DocumentAnalyzer analyzer;
  const std::size_t per_batch = std::max(1u, threads);
  for (std::size_t first = 0; first < todo.size(); first += per_batch) {
    const std::vector<std::string> group(todo.begin() + static_cast<std::ptrdiff_t>(first),
                                         todo.begin() + static_cast<std::ptrdiff_t>(std::min(todo.size(), first + per_batch)));
    std::vector<std::uint64_t> sizes;
    for (const std::string& file : group) sizes.push_back(fs::file_size(file));
    FileBatchSettings settings;
    settings.dir = staging_dir;
    // Unique per process while it works (pids repeat across machines); renamed after the
    // file's name when done.
    settings.segment_prefix = "batch-" + stager;
    settings.format = key.format;
    settings.since_year = key.since_year;
    settings.analyzer = &analyzer;
    // As many workers as files: split_contiguous_by_size gives each worker one file.
    FileBatch batch(settings, group, sizes, static_cast<unsigned>(group.size()));
    const std::size_t failed = batch.run({});
    if (failed < group.size()) std::rethrow_exception(batch.outcomes()[failed].error);
    for (std::size_t i = 0; i < group.size(); ++i) {
      StagedShare share;
      share.outcome = batch.outcomes()[i];
      WorkerOutput& worker = batch.workers()[i];
      if (worker.segment) {
        share.segment = base_name(group[i]);
        share.segment_size = worker.segment->size();
        const auto from = segment_core_paths(staging_dir, worker.segment->name());
        const auto to = segment_core_paths(staging_dir, share.segment);
        for (std::size_t f = 0; f < from.size(); ++f) fs::rename(from[f], to[f]);
      }
      share.log.ops = std::move(worker.ops);
      share.log.filtered_by_since = worker.filtered_by_since;
      share.log.skipped = std::move(worker.skipped);
      store::sync_directory(staging_dir);  // the segment's renames before the log that vouches for them
      store::write_file(log_path(staging_dir, group[i]), kShareMagic, kShareVersion, encode_share(share, key));
      if (on_staged) on_staged(group[i], true);
    }
  }
}

void remove_staged_share(const std::string& staging_dir, const std::string& file) {
  std::error_code ignored;
  fs::remove(log_path(staging_dir, file), ignored);
  for (const std::string& name : segment_file_names(base_name(file))) fs::remove(staging_dir + "/" + name, ignored);
}

}  // namespace medsearch::engine
