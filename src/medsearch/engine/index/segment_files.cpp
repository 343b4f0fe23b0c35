#include "medsearch/engine/index/segment_files.hpp"

#include <charconv>
#include <cstdio>

namespace medsearch::engine {
namespace {

constexpr const char* kDocs = ".docs";
constexpr const char* kIds = ".ids";
constexpr const char* kColumns = ".cols";
constexpr const char* kLexical = ".lex";
constexpr const char* kVectors = ".vec";
constexpr const char* kPartialVectors = ".vec.partial";
constexpr const char* kPartialVectorsMeta = ".vec.partial.json";

std::string numbered(const char* prefix, std::uint64_t generation, const char* suffix) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%06llu%s", prefix, static_cast<unsigned long long>(generation), suffix);
  return buf;
}

std::string in_dir(const std::string& dir, const std::string& segment, const char* ext) { return dir + "/" + segment + ext; }

}  // namespace

std::string segment_name(std::uint64_t generation) { return numbered("seg-", generation, ""); }
std::string deletions_name(std::uint64_t generation) { return numbered("deleted-", generation, ".bits"); }
std::string dead_stats_name(const std::string& deletions_file) {
  const std::string bits = ".bits";
  const bool has = deletions_file.size() > bits.size() && deletions_file.ends_with(bits);
  return (has ? deletions_file.substr(0, deletions_file.size() - bits.size()) : deletions_file) + ".stats";
}
std::string docs_path(const std::string& dir, const std::string& segment) { return in_dir(dir, segment, kDocs); }
std::string ids_path(const std::string& dir, const std::string& segment) { return in_dir(dir, segment, kIds); }
std::string columns_path(const std::string& dir, const std::string& segment) { return in_dir(dir, segment, kColumns); }
std::string lexical_path(const std::string& dir, const std::string& segment) { return in_dir(dir, segment, kLexical); }
std::string vectors_path(const std::string& dir, const std::string& segment) { return in_dir(dir, segment, kVectors); }
std::string partial_vectors_path(const std::string& dir, const std::string& segment) {
  return in_dir(dir, segment, kPartialVectors);
}
std::string partial_vectors_path(const std::string& dir, const std::string& segment, std::uint32_t first_row) {
  const std::string part = partial_vectors_path(dir, segment);
  return first_row == 0 ? part : part + "-" + std::to_string(first_row);
}
std::optional<PartialVectorsName> parse_partial_vectors_name(const std::string& file_name) {
  const std::string_view name(file_name);
  const std::string_view ext(kPartialVectors);
  if (name.ends_with(ext) && name.size() > ext.size()) return PartialVectorsName{file_name.substr(0, name.size() - ext.size()), 0};
  const std::size_t at = name.rfind(std::string(ext) + "-");
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  const std::string_view digits = name.substr(at + ext.size() + 1);
  std::uint32_t first_row = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), first_row);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || first_row == 0 || digits[0] == '0') {
    return std::nullopt;
  }
  return PartialVectorsName{file_name.substr(0, at), first_row};
}
std::string partial_vectors_meta_path(const std::string& dir, const std::string& segment) {
  return in_dir(dir, segment, kPartialVectorsMeta);
}

std::vector<std::string> segment_file_names(const std::string& segment) {
  std::vector<std::string> names;
  for (const char* ext : {kDocs, kIds, kColumns, kLexical, kVectors, kPartialVectors, kPartialVectorsMeta}) {
    names.push_back(segment + ext);
  }
  return names;
}

}  // namespace medsearch::engine
