// manifest.json: the single commit point of an index directory. Every other file is
// immutable once written and named uniquely; a writer publishes a new state by writing
// "manifest.json.tmp", syncing it and renaming it over "manifest.json". Readers open only
// the files the manifest names, so an interrupted writer leaves the previous index valid.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace medsearch::store {

inline constexpr std::uint32_t kManifestVersion = 1;
inline constexpr const char* kManifestName = "manifest.json";

struct SegmentInfo {
  std::string name;  // file stem: "<name>.docs", "<name>.ids", "<name>.cols"
  std::uint32_t doc_base = 0;   // DocId of the segment's first record
  std::uint32_t doc_count = 0;
  // Its lexical index holds the word-pair keys of the manifest's pair_words
  // (lexical/word_pairs.hpp). False for segments written without them (older binaries,
  // staged shares) and for a merge of any such segment.
  bool word_pairs = false;
};

// One input file applied to the index, in the order applied.
struct IngestedFile {
  std::string name;  // file name without directories
  std::uint64_t size_bytes = 0;
  std::uint64_t articles = 0;
  std::uint64_t deletions = 0;
  std::uint64_t skipped = 0;
};

struct IngestTotals {
  std::uint64_t articles_added = 0;      // records appended (including new versions)
  std::uint64_t replacements = 0;        // an earlier version of the same id was live
  std::uint64_t deletions_applied = 0;   // DeleteCitation removed a live document
  std::uint64_t deletions_unknown = 0;   // DeleteCitation for an id not in the index
  std::uint64_t filtered_by_since = 0;   // dropped by --since
  std::uint64_t removed_by_since = 0;    // live versions superseded by a revision --since dropped
  std::map<std::string, std::uint64_t> skipped;  // malformed records by reason

  // Adds every count of `other` to this one (a batch's totals into a run's, a run's into
  // the manifest's).
  void add(const IngestTotals& other);
};

struct Manifest {
  std::uint64_t generation = 0;
  std::vector<SegmentInfo> segments;
  std::string deletions_file;  // empty when nothing is deleted
  std::uint32_t doc_count = 0;   // DocIds in use: 0..doc_count-1
  std::uint64_t live_count = 0;  // doc_count minus dead documents
  // Counts the commits that renumbered DocIds (compactions). Ingest appends and merges keep
  // every DocId, so a structure keyed by DocId (the FAISS index, dense.json) stays valid
  // while the epoch it was built at is the manifest's. Absent in older manifests: 0.
  std::uint64_t docid_epoch = 0;
  // The words whose adjacent pairs are indexed (lexical/word_pairs.hpp), chosen by the
  // first ingest into an empty index and never changed afterwards; empty: none.
  std::vector<std::string> pair_words;
  IngestTotals totals;
  std::vector<IngestedFile> files;
  std::string updated_utc;  // ISO 8601 time of the last commit
};

// nullopt when `dir` holds no manifest (no index yet). Throws Error(Corrupt) on a damaged
// manifest and Error(VersionMismatch) on one of another format version.
std::optional<Manifest> load_manifest(const std::string& dir);
// Atomically replaces DIR/manifest.json (write tmp, fsync, rename, fsync dir).
void save_manifest(const std::string& dir, const Manifest& manifest);

}  // namespace medsearch::store
