// Names of the files of an index directory (docs/formats.md), all spelled here. A segment
// named S has S.docs (doc store), S.ids (id map), S.cols (columns) and S.lex (lexical
// index), and once `embed` has run S.vec (its vectors; S.vec.partial and
// S.vec.partial.json while they are being written); deletions live in
// deleted-<generation>.bits (and .stats, the dead documents' share of the BM25 statistics); manifest.json names the ones in use, dense.json the dense side.
#pragma once

#include <cstdint>
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
std::string partial_vectors_meta_path(const std::string& dir, const std::string& segment);  // S.vec.partial.json
// Every file name segment S may have (without the directory).
std::vector<std::string> segment_file_names(const std::string& segment);

}  // namespace medsearch::engine
