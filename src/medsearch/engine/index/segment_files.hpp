// Names of the files of an index directory (docs/formats.md), all spelled here. A segment
// named S has S.docs (doc store), S.ids (id map), S.cols (columns) and S.lex (lexical
// index), and once `embed` has run S.vec (its vectors; while they are being written,
// S.vec.partial.json and the parts S.vec.partial (rows from 0) and S.vec.partial-N (rows
// from N, a range of the segment that `mpirun … embed` gave another rank)); deletions live in
// deleted-<generation>.bits (and .stats, the dead documents' share of the BM25 statistics); manifest.json names the ones in use, dense.json the dense side.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace medsearch::engine {

std::string segment_name(std::uint64_t generation);     // "seg-000007"
std::string deletions_name(std::uint64_t generation);   // "deleted-000007.bits"
// The dead documents' share of the ranking statistics saved with a deletion file
// (lexical::DeadDocuments): "deleted-000007.bits" → "deleted-000007.stats".
std::string dead_stats_name(const std::string& deletions_file);
std::string docs_path(const std::string& dir, const std::string& segment);
std::string ids_path(const std::string& dir, const std::string& segment);
std::string columns_path(const std::string& dir, const std::string& segment);
std::string lexical_path(const std::string& dir, const std::string& segment);
std::string vectors_path(const std::string& dir, const std::string& segment);          // S.vec
std::string partial_vectors_path(const std::string& dir, const std::string& segment);  // S.vec.partial
// The part holding the rows from `first_row` on: S.vec.partial for row 0, else S.vec.partial-N.
std::string partial_vectors_path(const std::string& dir, const std::string& segment, std::uint32_t first_row);
// What a partial vector part's file name (without the directory) says; nullopt for any
// other name (S.vec.partial.json included).
struct PartialVectorsName {
  std::string segment;
  std::uint32_t first_row = 0;
};
std::optional<PartialVectorsName> parse_partial_vectors_name(const std::string& file_name);
std::string partial_vectors_meta_path(const std::string& dir, const std::string& segment);  // S.vec.partial.json
// Every file name segment S may have (without the directory), but the parts
// S.vec.partial-N (parse_partial_vectors_name recognises those).
std::vector<std::string> segment_file_names(const std::string& segment);

}  // namespace medsearch::engine
