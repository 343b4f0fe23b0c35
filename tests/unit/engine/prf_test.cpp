// Pseudo-relevance feedback (RM3, engine/search/prf.hpp): the expanded query's weights
// against a reference computed here from the documents' words and the first search's
// scores, the pure expansion's edge cases, and what feedback does to a constructed ranking.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/search/prf.hpp"
#include "medsearch/engine/search/ranking_config.hpp"
#include "medsearch/engine/search/retrieval.hpp"
#include "medsearch/engine/search/search_params.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "support/plain_request.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/ranking_json.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::plain;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;
using medsearch::testing::word;

std::map<std::string, float> boosts(const std::vector<lexical::QueryTerm>& terms) {
  std::map<std::string, float> out;
  for (const lexical::QueryTerm& t : terms) out[t.term] += t.boost;
  return out;
}

TEST(Prf, ExpandedWeightsEqualAReferenceComputation) {
  TempDir tmp;
  // Titles and abstracts of made-up words, so the reference can count them by splitting.
  std::vector<FixtureCitation> docs;
  std::map<std::string, std::string> text;  // pmid → title + " " + abstract
  for (int i = 0; i < 30; ++i) {
    std::ostringstream title, abstract;
    title << word(0) << (i % 3 == 0 ? " " + word(0) : "") << " " << word(1 + i % 5);
    for (int j = 0; j < 3 + i % 4; ++j) abstract << (j ? " " : "") << word(6 + (i * 7 + j * 3) % 11);
    if (i >= 12) title.str(word(20 + i % 4) + " " + word(1 + i % 5));  // no query word
    docs.push_back({std::to_string(100 + i), title.str(), 2010, "eng", abstract.str()});
    text[docs.back().pmid] = title.str() + " " + abstract.str();
  }
  const std::string dir = tmp.file("idx");
  Indexer(dir, {}).ingest({tmp.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
  const IndexReader index(dir);
  const Searcher searcher(index);

  SearchRequest request = plain(word(0) + " " + word(1));
  request.prf = PrfRequest::all({true, 4, 5, 0.6f, 1.0f});  // no df cut (WordsInTooManyDocuments… tests it)
  // Reference: the first search's best 4 (scores), P(w|d) from the words, RM3 by hand.
  const SearchResponse first = searcher.search(plain(request.query, 4));
  ASSERT_EQ(first.hits.size(), 4u);
  double score_sum = 0;
  for (const SearchHit& h : first.hits) score_sum += double(h.score);
  std::map<std::string, double> relevance;
  for (const SearchHit& h : first.hits) {
    std::istringstream words(text.at(h.id));
    std::vector<std::string> tokens;
    for (std::string w; words >> w;) tokens.push_back(w);
    std::map<std::string, double> tf;
    for (const std::string& w : tokens) tf[w] += 1;
    for (const auto& [w, n] : tf) relevance[w] += n / double(tokens.size()) * (double(h.score) / score_sum);
  }
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& [w, p] : relevance) ranked.push_back({-p, w});
  std::sort(ranked.begin(), ranked.end());
  ranked.resize(5);
  double kept = 0;
  for (const auto& [p, w] : ranked) kept += -p;
  std::map<std::string, double> expected = {{word(0), 0.6}, {word(1), 0.6}};  // λ · boost
  for (const auto& [p, w] : ranked) expected[w] += 0.4 * (-p / kept) * 2.0;   // (1−λ) · P(w|R) · Σ boosts

  const SearchPlan plan = compile_plan(request, {searcher.default_ranking(), searcher.default_prf()}, searcher.analyzer(), index, nullptr, "");
  const std::optional<SearchPlan> expanded = expand_plan(plan, allowed_documents(plan, index), index, searcher.analyzer());
  ASSERT_TRUE(expanded.has_value());
  const std::map<std::string, float> got = boosts(expanded->compiled.ranking_terms);
  ASSERT_EQ(got.size(), expected.size());
  for (const auto& [w, weight] : expected) {
    ASSERT_TRUE(got.contains(w)) << w;
    EXPECT_NEAR(got.at(w), weight, 1e-5) << w;
  }
  SearchRequest on = request;
  on.limit = 30;
  SearchRequest off = on;
  off.prf.on = false;
  EXPECT_GT(searcher.search(on).hits.size(), searcher.search(off).hits.size())
      << "expansion words reach documents without the query's words";
}

TEST(Prf, ExpansionEdgeCases) {
  const std::vector<lexical::QueryTerm> original = {{"heart", 0x0f, 1.0f}, {"attack", 0x01, 2.0f}};
  std::vector<FeedbackDocument> feedback(2);
  feedback[0] = {{{"heart", 2}, {"attack", 1}, {"7", 5}, {"x", 5}, {"2019", 3}}, 16, 3.0};
  feedback[1] = {{{"infarct", 1}, {"heart", 1}}, 2, 1.0};
  const PrfParams params{true, 10, 3, 0.5f};
  const auto out = rm3_expand(original, feedback, params);
  // P(w|R): heart 2/16·3/4 + 1/2·1/4 = 0.21875, attack 1/16·3/4 = 0.046875, infarct 1/2·1/4 = 0.125;
  // digits and one-letter words are never expansions. Kept sum 0.390625; Σ boosts 3.
  ASSERT_EQ(out.size(), 4u);
  EXPECT_NEAR(out[0].boost, 0.5 + 0.5 * (0.21875 / 0.390625) * 3, 1e-5) << "unscoped heart: both weights";
  EXPECT_EQ(out[1].field_scope, 0x01);
  EXPECT_NEAR(out[1].boost, 1.0, 1e-6) << "[ti]-scoped attack keeps λ · boost only";
  EXPECT_EQ(out[2].term, "infarct");  // P(w|R) order: heart, infarct, attack
  EXPECT_NEAR(out[2].boost, 0.5 * (0.125 / 0.390625) * 3, 1e-5);
  EXPECT_EQ(out[3].term, "attack");
  EXPECT_EQ(out[3].field_scope, 0x0f);
  EXPECT_NEAR(out[3].boost, 0.5 * (0.046875 / 0.390625) * 3, 1e-5);

  PrfParams keep = params;
  keep.original_weight = 1.0f;
  EXPECT_EQ(boosts(rm3_expand(original, feedback, keep)), boosts(original)) << "λ = 1: the original query";
  keep = params;
  keep.terms = 0;
  EXPECT_EQ(boosts(rm3_expand(original, feedback, keep)), boosts(original)) << "no expansion words";
  EXPECT_EQ(boosts(rm3_expand(original, {}, params)), boosts(original)) << "no feedback documents";
}

// The df cut (PrfParams::max_doc_fraction, Anserini's RM3): a word in more than that share
// of the documents is passed over for the next most likely one, and the share is asked only
// of the words that would be added, most likely first.
TEST(Prf, WordsInTooManyDocumentsArePassedOverForTheNextOnes) {
  const std::vector<lexical::QueryTerm> original = {{"heart", 0x0f, 1.0f}};
  std::vector<FeedbackDocument> feedback(1);
  // P(w|R) = tf / 20: patient 0.4, heart 0.25, infarct 0.15, stent 0.1, troponin 0.05, lead 0.05.
  feedback[0] = {{{"patient", 8}, {"heart", 5}, {"infarct", 3}, {"stent", 2}, {"troponin", 1}, {"lead", 1}}, 20, 1.0};
  const std::map<std::string, double> share = {{"patient", 0.4}, {"heart", 0.05},  {"infarct", 0.001},
                                               {"stent", 0.1},   {"troponin", 0.0}, {"lead", 0.0}};
  std::vector<std::string> asked;
  const auto doc_fraction = [&](const std::string& w) {
    asked.push_back(w);
    return share.at(w);
  };
  const PrfParams params{true, 10, 3, 0.5f, 0.1f};
  const auto out = rm3_expand(original, feedback, params, doc_fraction);
  // "patient" (40% of the documents) is passed over; "stent" (exactly 10%) is kept.
  EXPECT_EQ(asked, (std::vector<std::string>{"patient", "heart", "infarct", "stent"}));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].term, "heart");
  EXPECT_EQ(out[1].term, "infarct");
  EXPECT_EQ(out[2].term, "stent");
  // Renormalised over the kept words: heart 0.25, infarct 0.15, stent 0.1 (sum 0.5).
  EXPECT_NEAR(out[0].boost, 0.5 + 0.5 * (0.25 / 0.5), 1e-6);
  EXPECT_NEAR(out[2].boost, 0.5 * (0.1 / 0.5), 1e-6);
  PrfParams no_cut = params;
  no_cut.max_doc_fraction = 1.0f;
  EXPECT_EQ(boosts(rm3_expand(original, feedback, no_cut, doc_fraction)).count("patient"), 1u);
}

// Through the Searcher: a word of every feedback document that is in more than the share
// of the index's documents is added with prf_max_df 1 and not with the default 0.1.
TEST(Prf, TheDefaultCutKeepsTheIndexsCommonWordsOut) {
  TempDir tmp;
  std::vector<FixtureCitation> docs;
  // word(1) is in 12 of 40 documents (30%): the 3 on the topic and 9 fillers.
  for (int i = 0; i < 3; ++i) docs.push_back({"1" + std::to_string(i), word(0) + " " + word(2), 2010, "eng", word(1) + " " + word(2)});
  for (int i = 0; i < 37; ++i) {
    docs.push_back({"4" + std::to_string(i), word(60 + i), 2010, "eng", (i < 9 ? word(1) + " " : "") + word(100 + i)});
  }
  const std::string dir = tmp.file("idx");
  Indexer(dir, {}).ingest({tmp.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
  const IndexReader index(dir);
  const Searcher searcher(index);
  const auto expansion = [&](float max_df) {
    SearchRequest request = plain(word(0));
    request.prf = PrfRequest::all({true, 3, 5, 0.5f, max_df});
    const SearchPlan plan =
        compile_plan(request, {searcher.default_ranking(), searcher.default_prf()}, searcher.analyzer(), index, nullptr, "");
    return boosts(expand_plan(plan, allowed_documents(plan, index), index, searcher.analyzer())->compiled.ranking_terms);
  };
  EXPECT_EQ(expansion(1.0f).count(word(1)), 1u);
  EXPECT_EQ(expansion(0.1f).count(word(1)), 0u);
  EXPECT_EQ(expansion(0.1f).count(word(2)), 1u) << "word(2), in 3 of 40 documents (7.5%), is kept";
}

TEST(Prf, FeedbackBringsInDocumentsOfTheTopicWithoutTheQueryWord) {
  TempDir tmp;
  std::vector<FixtureCitation> docs;
  // Three documents on the topic use the query word with its companion word; two more use
  // only the companion; one uses the query word among unrelated words; the rest are filler.
  for (int i = 0; i < 3; ++i) docs.push_back({"1" + std::to_string(i), word(0) + " " + word(1), 2010, "eng", word(1) + " " + word(1)});
  for (int i = 0; i < 2; ++i) docs.push_back({"2" + std::to_string(i), word(1) + " " + word(30 + i), 2010, "eng", word(1) + " " + word(40 + i)});
  docs.push_back({"30", word(50), 2010, "eng", word(0) + " " + word(51) + " " + word(52) + " " + word(53) + " " + word(54) + " " + word(55) + " " + word(56) + " " + word(57) + " " + word(58)});
  // 60 fillers: the companion word is in 5 of 66 documents, below PRF's default df cut (10%).
  for (int i = 0; i < 60; ++i) docs.push_back({"4" + std::to_string(i), word(200 + i), 2010, "eng", word(300 + i) + " " + word(400 + i)});
  const std::string dir = tmp.file("idx");
  Indexer(dir, {}).ingest({tmp.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
  const IndexReader index(dir);
  const Searcher searcher(index);
  const auto ids = [&](const SearchRequest& r) {
    std::vector<std::string> out;
    for (const SearchHit& h : searcher.search(r).hits) out.push_back(h.id);
    return out;
  };
  const std::vector<std::string> before = ids(plain(word(0)));
  ASSERT_EQ(before.size(), 4u);
  EXPECT_EQ(before.back(), "30");
  SearchRequest prf = plain(word(0));
  prf.prf = PrfRequest::all({true, 3, 2, 0.5f});
  const std::vector<std::string> after = ids(prf);
  ASSERT_EQ(after.size(), 6u) << "the companion word's documents are found";
  EXPECT_EQ(std::vector<std::string>(after.begin(), after.begin() + 3), std::vector<std::string>(before.begin(), before.begin() + 3));
  EXPECT_EQ(after.back(), "30") << "the off-topic document falls below the companion word's documents";
  // λ = 1 leaves the ranking and its scores as they were.
  prf.prf.original_weight = 1.0f;
  const SearchResponse same = searcher.search(prf);
  const SearchResponse plain_response = searcher.search(plain(word(0)));
  ASSERT_EQ(same.hits.size(), plain_response.hits.size());
  for (std::size_t i = 0; i < same.hits.size(); ++i) {
    EXPECT_EQ(same.hits[i].id, plain_response.hits[i].id);
    EXPECT_EQ(same.hits[i].score, plain_response.hits[i].score);
  }
}

}  // namespace
}  // namespace medsearch::engine

namespace medsearch::engine {
namespace {

TEST(Prf, ParametersAndRankingJsonDefaults) {
  // The parser sets only what is given; the rest comes from the Searcher's defaults.
  const SearchRequest given = parse_search_params({{"q", "x"}, {"prf", "on"}, {"prf_docs", "5"}}, {}).request;
  EXPECT_EQ(given.prf.on, std::optional<bool>(true));
  EXPECT_EQ(given.prf.docs, std::optional<std::size_t>(5));
  EXPECT_FALSE(given.prf.terms.has_value());
  EXPECT_FALSE(parse_search_params({{"q", "x"}}, {}).request.prf.on.has_value());
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"prf", "maybe"}, {"prf_docs", "0"}, {"prf_docs", "101"}, {"prf_terms", "101"}, {"prf_weight", "1.5"},
           {"prf_max_df", "-0.1"}, {"prf_max_df", "2"}}) {
    try {
      parse_search_params({{"q", "x"}, {name, value}}, {});
      ADD_FAILURE() << name << "=" << value << " accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }

  TempDir tmp;
  const std::string dir = tmp.file("idx");
  Indexer(dir, {}).ingest({tmp.write("a.xml", pubmed_xml({{"1", "zqaa zqab", 2010, "eng", "zqab zqac"}}))}, nullptr, nullptr);
  EXPECT_EQ(load_prf_config(dir), PrfParams{}) << "no ranking.json: off";
  save_ranking_config(dir, lexical::RankingParams{}, "test");
  EXPECT_EQ(load_prf_config(dir), PrfParams{}) << "no prf object: off";
  medsearch::testing::write_ranking_json(dir, R"("prf": {"on": true, "docs": 7, "max_df": 0.25})");
  const PrfParams configured{true, 7, 10, 0.5f, 0.25f};
  EXPECT_EQ(load_prf_config(dir), configured);
  const IndexReader index(dir);
  EXPECT_EQ(Searcher(index).default_prf(), configured);
  PrfRequest request;
  request.terms = 3;
  EXPECT_EQ(request.over(configured), (PrfParams{true, 7, 3, 0.5f, 0.25f})) << "a request overrides only what it sets";
  lexical::RankingParams tuned;
  tuned.k1 = 1.5f;
  save_ranking_config(dir, tuned, "tune --save");
  EXPECT_EQ(load_prf_config(dir), configured) << "tune --save keeps the prf object";
  EXPECT_FLOAT_EQ(load_ranking_config(dir).k1, 1.5f);
  medsearch::testing::write_ranking_json(dir, R"("prf": {"docs": 0})");
  medsearch::testing::expect_ranking_json_refused([&] { load_prf_config(dir); }, "prf docs 0");
}

}  // namespace
}  // namespace medsearch::engine
