// Names of the files of an index directory (docs/formats.md). A segment named S has
// S.docs (doc store), S.ids (id map), S.cols (columns) and S.lex (lexical index); deletions live in
// deleted-<generation>.bits; manifest.json names the ones in use.
#pragma once

#include <cstdint>
#include <string>

namespace medsearch::engine {

std::string segment_name(std::uint64_t generation);     // "seg-000007"
std::string deletions_name(std::uint64_t generation);   // "deleted-000007.bits"
std::string docs_path(const std::string& dir, const std::string& segment);
std::string ids_path(const std::string& dir, const std::string& segment);
std::string columns_path(const std::string& dir, const std::string& segment);
std::string lexical_path(const std::string& dir, const std::string& segment);

}  // namespace medsearch::engine
