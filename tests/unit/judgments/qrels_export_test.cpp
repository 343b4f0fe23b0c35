// qrels_export: stable query ids, grade aggregation, and text that read_qrels reads back.
#include <gtest/gtest.h>

#include <sstream>

#include "medsearch/judgments/qrels_export.hpp"

namespace medsearch::judgments {
namespace {

Judgment j(std::string user, std::string query, std::string doc, int grade) {
  Judgment out;
  out.user = std::move(user);
  out.query = std::move(query);
  out.doc_id = std::move(doc);
  out.grade = grade;
  return out;
}

TEST(QrelsExport, QueryIdsAreStableShortHashes) {
  const std::string id = query_id("asthma children");
  EXPECT_EQ(id.size(), 13u);
  EXPECT_EQ(id[0], 'q');
  EXPECT_EQ(id, query_id("asthma children"));
  EXPECT_NE(id, query_id("asthma child"));
  EXPECT_EQ(query_id(""), "qcbf29ce48422");  // the FNV-1a 64 offset basis, 0xcbf29ce484222325
}

TEST(QrelsExport, GradesAreTheRoundedMeanOfTheJudges) {
  const JudgedQrels judged = to_qrels({j("a", "q1", "101", 2), j("b", "q1", "101", 0),  // mean 1
                                       j("a", "q1", "102", 1), j("b", "q1", "102", 2),  // 1.5 -> 2
                                       j("a", "q1", "103", 0), j("b", "q1", "103", 1),  // 0.5 -> 1
                                       j("a", "q1", "104", 0), j("b", "q1", "104", 0), j("c", "q1", "104", 1),  // 1/3 -> 0
                                       j("a", "q2", "101", 2)});
  const std::string q1 = query_id("q1");
  ASSERT_EQ(judged.qrels.size(), 2u);
  EXPECT_EQ(judged.qrels.at(q1).at("101"), 1);
  EXPECT_EQ(judged.qrels.at(q1).at("102"), 2);
  EXPECT_EQ(judged.qrels.at(q1).at("103"), 1);
  EXPECT_EQ(judged.qrels.at(q1).at("104"), 0);
  EXPECT_EQ(judged.qrels.at(query_id("q2")).at("101"), 2);
  EXPECT_EQ(judged.queries.at(q1), "q1");
}

TEST(QrelsExport, TrecAndTsvTextReadBackAsTheSameQrels) {
  const JudgedQrels judged = to_qrels({j("a", "deep brain", "101", 2), j("a", "deep brain", "105", 0), j("a", "asthma", "104", 1)});
  const std::string trec = qrels_trec_text(judged);
  EXPECT_NE(trec.find("# " + query_id("deep brain") + "\tdeep brain\n"), std::string::npos);
  EXPECT_NE(trec.find(query_id("deep brain") + " 0 101 2\n"), std::string::npos);
  std::istringstream trec_in(trec);
  const eval::QrelsFile from_trec = eval::parse_qrels(trec_in, "trec");
  EXPECT_EQ(from_trec.format, eval::QrelsFormat::Trec);
  EXPECT_EQ(from_trec.qrels, judged.qrels);
  std::istringstream tsv_in(qrels_tsv_text(judged));
  const eval::QrelsFile from_tsv = eval::parse_qrels(tsv_in, "tsv");
  EXPECT_EQ(from_tsv.format, eval::QrelsFormat::Beir);
  EXPECT_EQ(from_tsv.qrels, judged.qrels);
  const std::string queries = queries_tsv_text(judged);
  EXPECT_NE(queries.find(query_id("asthma") + "\tasthma\n"), std::string::npos);
  EXPECT_NE(queries.find(query_id("deep brain") + "\tdeep brain\n"), std::string::npos);
}

}  // namespace
}  // namespace medsearch::judgments
