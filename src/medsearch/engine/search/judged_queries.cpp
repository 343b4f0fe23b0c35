#include "medsearch/engine/search/judged_queries.hpp"

#include <filesystem>

#include "medsearch/core/error.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::engine {
namespace {

constexpr std::uint64_t kJudgedQueriesMagic = 0x3130514a48434d53ULL;  // "SMCHJQ01"
constexpr std::uint32_t kJudgedQueriesVersion = 1;
constexpr int kMaxGrade = 1000;

}  // namespace

std::vector<JudgedQuery> judged_queries(const std::vector<std::pair<std::string, std::string>>& queries,
                                        const eval::Qrels& qrels) {
  std::vector<JudgedQuery> out;
  for (const auto& [id, text] : queries) {
    const auto judged = qrels.find(id);
    if (judged == qrels.end()) continue;
    JudgedQuery query{id, text, {}};
    for (const auto& [doc, grade] : judged->second) {
      if (grade >= 1) query.relevant.emplace_back(doc, std::min(grade, kMaxGrade));
    }
    if (!query.relevant.empty()) out.push_back(std::move(query));
  }
  return out;
}

std::optional<JudgedQueries> load_judged_queries(const std::string& index_dir) {
  const std::string path = index_dir + "/" + kJudgedQueriesFileName;
  if (!std::filesystem::exists(path)) return std::nullopt;
  const store::MappedFile file(path, kJudgedQueriesMagic, kJudgedQueriesVersion, /*verify_checksum=*/true);
  JudgedQueries out;
  try {
    const nlohmann::json j = nlohmann::json::parse(file.payload());
    out.trained = j.value("trained", nlohmann::json::object());
    for (const nlohmann::json& q : j.at("queries")) {
      JudgedQuery query{q.at("id").get<std::string>(), q.at("text").get<std::string>(), {}};
      for (const nlohmann::json& r : q.at("relevant")) {
        const auto doc = r.at(0).get<std::string>();
        const int grade = r.at(1).get<int>();
        if (doc.empty() || grade < 1 || grade > kMaxGrade) {
          throw Error(ErrorCode::Corrupt, path + ": query '" + query.id +
                                              "': a relevant document needs an id and a grade in 1.." +
                                              std::to_string(kMaxGrade));
        }
        query.relevant.emplace_back(doc, grade);
      }
      out.queries.push_back(std::move(query));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::Corrupt, path + ": not a judged-queries file: " + e.what());
  }
  return out;
}

void save_judged_queries(const std::string& index_dir, const JudgedQueries& judged) {
  nlohmann::json queries = nlohmann::json::array();
  for (const JudgedQuery& q : judged.queries) {
    nlohmann::json relevant = nlohmann::json::array();
    for (const auto& [doc, grade] : q.relevant) relevant.push_back({doc, grade});
    queries.push_back({{"id", q.id}, {"text", q.text}, {"relevant", std::move(relevant)}});
  }
  const nlohmann::json j = {{"format", 1}, {"trained", judged.trained}, {"queries", std::move(queries)}};
  store::write_file(index_dir + "/" + kJudgedQueriesFileName, kJudgedQueriesMagic, kJudgedQueriesVersion,
                    j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));  // bad UTF-8 becomes U+FFFD
  store::sync_directory(index_dir);
}

}  // namespace medsearch::engine
