// dense.json: the commit point of an index's dense side (docs/formats.md), beside
// manifest.json. It names the model that embeds queries and documents and the FAISS
// index over the documents' vectors. Per-segment vectors live in "<segment>.vec"
// (vector::VectorFile, rows in the segment's document order, the model id inside).
//
// The FAISS index holds DocIds of the segments it lists, in manifest order. Ingest only
// appends segments, so those DocIds stay valid until a compaction renumbers them; a
// reader uses the FAISS index only while its segment list is a prefix of the manifest's,
// and searches later segments' vectors exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "medsearch/engine/index/segment_files.hpp"  // vectors_path

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
  std::vector<std::string> segments;  // the segments whose live documents it holds
  std::uint32_t doc_count = 0;        // DocIds below this are covered
};

struct DenseState {
  std::uint64_t generation = 0;
  DenseModelInfo model;
  std::optional<DenseIndexInfo> index;
};

// nullopt when the index has no dense side. Throws Error(Corrupt) naming dense.json when it
// cannot be read, Error(VersionMismatch) for another format version.
std::optional<DenseState> load_dense_state(const std::string& index_dir);
// Atomically replaces dense.json.
void save_dense_state(const std::string& index_dir, const DenseState& state);

// "<prefix><generation, 6 digits><suffix>": dense_file_name("dense-", 3, ".faiss") = "dense-000003.faiss".
std::string dense_file_name(const char* prefix, std::uint64_t generation, const char* suffix);

}  // namespace medsearch::engine
