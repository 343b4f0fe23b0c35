#include "query_file.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "medsearch/core/error.hpp"

namespace medsearch::cli {

std::vector<QueryLine> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw_io_error("cannot read queries file", path);
  std::vector<QueryLine> queries;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.front() == '{') {
      try {
        const auto j = nlohmann::json::parse(line);
        const auto& id = j.at("_id");
        queries.push_back({id.is_string() ? id.get<std::string>() : id.dump(), j.at("text").get<std::string>()});
      } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::InvalidArgument, path + ":" + std::to_string(number) + ": not a BEIR query line: " + e.what());
      }
      continue;
    }
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      throw Error(ErrorCode::InvalidArgument, path + ":" + std::to_string(number) + ": expected 'id<TAB>query'");
    }
    queries.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return queries;
}

}  // namespace medsearch::cli
