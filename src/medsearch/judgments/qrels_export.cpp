#include "medsearch/judgments/qrels_export.hpp"

#include <cstdint>
#include <cstdio>

#include "medsearch/core/error.hpp"

namespace medsearch::judgments {

std::string query_id(std::string_view normalized_query) {
  // FNV-1a 64: offset basis and prime from draft-eastlake-fnv §2.
  std::uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : normalized_query) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return "q" + std::string(hex, 12);
}

JudgedQrels to_qrels(const std::vector<Judgment>& judgments) {
  struct Sum {
    int total = 0;
    int count = 0;
  };
  std::map<std::string, std::map<std::string, Sum>> sums;  // qid -> doc -> grades
  JudgedQrels out;
  for (const Judgment& j : judgments) {
    const std::string qid = query_id(j.query);
    const auto [it, inserted] = out.queries.emplace(qid, j.query);
    if (!inserted && it->second != j.query) {
      throw Error(ErrorCode::InvalidArgument,
                  "queries '" + it->second + "' and '" + j.query + "' have the same id " + qid);
    }
    Sum& sum = sums[qid][j.doc_id];
    sum.total += j.grade;
    ++sum.count;
  }
  for (const auto& [qid, docs] : sums) {
    for (const auto& [doc, sum] : docs) {
      // round(total / count) half up, in integers: floor((2 * total + count) / (2 * count)).
      out.qrels[qid][doc] = (2 * sum.total + sum.count) / (2 * sum.count);
    }
  }
  return out;
}

std::string qrels_trec_text(const JudgedQrels& judged) {
  std::string out;
  for (const auto& [qid, text] : judged.queries) out += "# " + qid + "\t" + text + "\n";
  for (const auto& [qid, docs] : judged.qrels) {
    for (const auto& [doc, grade] : docs) out += qid + " 0 " + doc + " " + std::to_string(grade) + "\n";
  }
  return out;
}

std::string qrels_tsv_text(const JudgedQrels& judged) {
  std::string out = "query-id\tcorpus-id\tscore\n";
  for (const auto& [qid, docs] : judged.qrels) {
    for (const auto& [doc, grade] : docs) out += qid + "\t" + doc + "\t" + std::to_string(grade) + "\n";
  }
  return out;
}

std::string queries_tsv_text(const JudgedQrels& judged) {
  std::string out;
  for (const auto& [qid, text] : judged.queries) out += qid + "\t" + text + "\n";
  return out;
}

}  // namespace medsearch::judgments
