#include "medsearch/engine/segment_files.hpp"

#include <cstdio>

namespace medsearch::engine {
namespace {

std::string numbered(const char* prefix, std::uint64_t generation, const char* suffix) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%06llu%s", prefix, static_cast<unsigned long long>(generation), suffix);
  return buf;
}

}  // namespace

std::string segment_name(std::uint64_t generation) { return numbered("seg-", generation, ""); }
std::string deletions_name(std::uint64_t generation) { return numbered("deleted-", generation, ".bits"); }
std::string docs_path(const std::string& dir, const std::string& segment) { return dir + "/" + segment + ".docs"; }
std::string ids_path(const std::string& dir, const std::string& segment) { return dir + "/" + segment + ".ids"; }
std::string columns_path(const std::string& dir, const std::string& segment) { return dir + "/" + segment + ".cols"; }
std::string lexical_path(const std::string& dir, const std::string& segment) { return dir + "/" + segment + ".lex"; }

}  // namespace medsearch::engine
