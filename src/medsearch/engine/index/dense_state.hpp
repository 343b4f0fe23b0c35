// dense.json: the commit point of an index's dense side (docs/formats.md), beside
// manifest.json. It names the model that embeds queries and documents and the FAISS
// index over the documents' vectors. Per-segment vectors live in "<segment>.vec"
// (vector::VectorFile, rows in the segment's document order, the model id inside).
//
// The FAISS index holds the live DocIds below its doc_count. Ingest appends DocIds and
// merges keep them, so they stay valid until a compaction renumbers them (and bumps the
// manifest's docid_epoch); a reader uses the FAISS index while the epochs agree
// (faiss_covered_docs) and searches later DocIds' vectors exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "medsearch/engine/index/segment_files.hpp"  // vectors_path
#include "medsearch/store/manifest.hpp"

namespace medsearch::engine {

inline constexpr const char* kDenseStateName = "dense.json";
inline constexpr std::uint32_t kDenseStateVersion = 1;

struct DenseModelInfo {
  std::string kind;  // "sif" (trained on the index) or "transformer" (a model directory)
  // sif: the model's file prefix inside the index directory ("dense-sif-000002");
  // transformer: the model directory's absolute path.
  std::string path;
  std::string id;    // encoder::TextEmbedder::model_id()
  std::uint32_t dim = 0;
  // transformer options given to `embed` (batch size is not one: it changes no vector)
  std::string pooling;  // "" = from the model directory
  std::uint32_t max_tokens = 0;  // 0 = the model's maximum
};

struct DenseIndexInfo {
  std::string factory;  // FAISS index_factory string
  std::string file;     // "dense-000003.faiss"
  std::vector<std::string> segments;  // the segments whose live documents it held when built
  std::uint32_t doc_count = 0;        // DocIds below this are covered
  // The manifest's docid_epoch when it was built; absent in files of older builds, whose
  // coverage is checked by segment names instead.
  std::optional<std::uint64_t> docid_epoch;
};

struct DenseState {
  std::uint64_t generation = 0;
  DenseModelInfo model;
  std::optional<DenseIndexInfo> index;
};

// The DocIds below the returned bound are in the FAISS index of `state`, for an index whose
// manifest is `manifest`; nullopt when the FAISS index does not apply to it (none, or
// built before a compaction renumbered the DocIds). With docid_epoch recorded, coverage
// survives merges (they keep DocIds); without it, the covered segments must still be a
// prefix of the manifest's under the same names.
std::optional<std::uint32_t> faiss_covered_docs(const DenseState& state, const store::Manifest& manifest);

// nullopt when the index has no dense side. Throws Error(Corrupt) naming dense.json when it
// cannot be read, Error(VersionMismatch) for another format version.
std::optional<DenseState> load_dense_state(const std::string& index_dir);
// Atomically replaces dense.json.
void save_dense_state(const std::string& index_dir, const DenseState& state);

// "<prefix><generation, 6 digits><suffix>": dense_file_name("dense-", 3, ".faiss") = "dense-000003.faiss".
std::string dense_file_name(const char* prefix, std::uint64_t generation, const char* suffix);

}  // namespace medsearch::engine
