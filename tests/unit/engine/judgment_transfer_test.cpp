// Judgment transfer (engine/search/judgment_transfer.hpp): the judged queries' BM25
// similarities and transfer scores against a reference computed here from the words, the
// fusion's formula, what it does to a search (and what it must not: filters, Boolean
// matches, transfer=0), the judged-queries file and the parameters.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/search/judged_queries.hpp"
#include "medsearch/engine/search/judgment_transfer.hpp"
#include "medsearch/engine/search/ranking_config.hpp"
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

std::vector<std::string> split(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// An index of `n` documents with PMIDs 1..n, each titled with one filler word of its own.
std::string filler_index(TempDir& tmp, int n, std::vector<FixtureCitation> extra = {}) {
  std::vector<FixtureCitation> docs = std::move(extra);
  for (int i = 1; i <= n; ++i) docs.push_back({std::to_string(i), word(300 + i), 2010, "eng", word(400 + i)});
  const std::string dir = tmp.file("idx");
  Indexer(dir, {}).ingest({tmp.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
  return dir;
}

TEST(JudgmentTransfer, NeighboursAndScoresEqualAReferenceComputation) {
  TempDir tmp;
  const std::string dir = filler_index(tmp, 40);
  const IndexReader index(dir);
  const Searcher searcher(index);
  // Texts of made-up words (the analyzer's terms are the words), repeated words, lengths
  // 1 to 6; documents by PMID, one the index lacks (dropped); a query without a word the
  // analyzer keeps and one without a document of the index (both left out).
  JudgedQueries judged;
  std::mt19937 rng(5);
  for (int q = 0; q < 30; ++q) {
    std::string text;
    const int length = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < length; ++i) text += (i ? " " : "") + word(static_cast<int>(rng() % 8));
    JudgedQuery query{"q" + std::to_string(q), text, {}};
    for (int d = 0; d < 1 + q % 4; ++d)
      query.relevant.emplace_back(std::to_string(1 + (q * 7 + d * 3) % 40), 1 + d % 2);
    if (q % 5 == 0) query.relevant.emplace_back("999", 2);  // not in the index
    judged.queries.push_back(query);
  }
  judged.queries.push_back({"stop", "the of and", {{"1", 2}}});
  judged.queries.push_back({"absent", word(0), {{"998", 2}}});
  const JudgmentTransfer transfer(judged, searcher.analyzer().prose(), index);
  ASSERT_EQ(transfer.size(), 30u);

  // The reference: BM25 (k1 1.2, b 0.75, Lucene's idf) over the 30 kept queries' words.
  const std::vector<JudgedQuery> kept(judged.queries.begin(), judged.queries.begin() + 30);
  double average = 0;
  std::map<std::string, int> df;
  for (const JudgedQuery& q : kept) {
    const std::vector<std::string> words = split(q.text);
    average += static_cast<double>(words.size()) / 30.0;
    for (const std::string& w : std::set<std::string>(words.begin(), words.end())) ++df[w];
  }
  for (const std::string& text :
       {word(0), word(1) + " " + word(2) + " " + word(1), word(3) + " " + word(7) + " " + word(50)}) {
    const std::vector<std::string> terms = split(text);
    std::vector<std::pair<double, std::size_t>> expected;  // (−similarity, query) sorts best first
    for (std::size_t q = 0; q < kept.size(); ++q) {
      const std::vector<std::string> words = split(kept[q].text);
      double s = 0;
      for (const std::string& t : std::set<std::string>(terms.begin(), terms.end())) {
        const double tf = static_cast<double>(std::count(words.begin(), words.end(), t));
        if (tf == 0) continue;
        const double idf = std::log(1 + (30 - df[t] + 0.5) / (df[t] + 0.5));
        s += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * static_cast<double>(words.size()) / average));
      }
      if (s > 0) expected.emplace_back(-s, q);
    }
    std::sort(expected.begin(), expected.end());
    ASSERT_GE(expected.size(), 4u) << text;
    const std::vector<JudgmentTransfer::Neighbour> got = transfer.neighbours(terms, 4);
    ASSERT_EQ(got.size(), 4u);
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].query, expected[i].second) << text << " rank " << i;
      EXPECT_NEAR(got[i].similarity, -expected[i].first, 1e-9) << text << " rank " << i;
    }
    // t(d) = Σ (similarity / best) × grade over the 4, for the documents of the index.
    std::map<std::string, double> t;
    for (std::size_t i = 0; i < 4; ++i) {
      for (const auto& [pmid, grade] : kept[expected[i].second].relevant) {
        if (pmid != "999") t[pmid] += expected[i].first / expected[0].first * grade;
      }
    }
    const RankedList scores = transfer.scores(terms, 4);
    ASSERT_EQ(scores.size(), t.size()) << text;
    for (std::size_t i = 0; i < scores.size(); ++i) {
      const std::string pmid = index.external_id(scores[i].doc);
      ASSERT_TRUE(t.contains(pmid)) << pmid;
      EXPECT_NEAR(scores[i].score, t[pmid], 1e-5) << pmid;
      if (i > 0) {
        EXPECT_TRUE(ranks_before(scores[i - 1], scores[i]));
      }
    }
  }
  EXPECT_TRUE(transfer.neighbours({word(60)}, 4).empty()) << "no judged query has the word";
  EXPECT_TRUE(transfer.scores({}, 4).empty());
}

TEST(JudgmentTransfer, FusionFollowsItsFormula) {
  const auto docs = [](const RankedList& list) {
    std::vector<std::uint32_t> out;
    for (const ScoredDoc& d : list) out.push_back(d.doc.value);
    return out;
  };
  const RankedList first{{DocId(1), 10}, {DocId(2), 5}, {DocId(3), 2}};
  const RankedList judged{{DocId(3), 4}, {DocId(7), 2}, {DocId(8), 1}};
  const auto all_but_8 = [](DocId d) { return d.value != 8; };
  RankedList fused = first;
  EXPECT_EQ(fuse_transfer(fused, judged, 0.5f, all_but_8), 1u) << "7 joins, 8 is not accepted";
  // 1: 10/10; 2: 5/10; 3: 2/10 + 0.5 × 4/4; 7: 0.5 × 2/4.
  EXPECT_EQ(docs(fused), (std::vector<std::uint32_t>{1, 3, 2, 7}));
  EXPECT_FLOAT_EQ(fused[0].score, 1.0f);
  EXPECT_FLOAT_EQ(fused[1].score, 0.7f);
  EXPECT_FLOAT_EQ(fused[2].score, 0.5f);
  EXPECT_FLOAT_EQ(fused[3].score, 0.25f);
  RankedList unchanged = first;
  EXPECT_EQ(fuse_transfer(unchanged, judged, 0.0f, all_but_8), 0u);
  EXPECT_EQ(unchanged, first) << "weight 0 leaves the list as it was";
  RankedList empty;
  EXPECT_EQ(fuse_transfer(empty, judged, 1.0f, [](DocId) { return true; }), 3u);
  EXPECT_EQ(docs(empty), (std::vector<std::uint32_t>{3, 7, 8})) << "no first stage: the transfer order";
  // A list with scores below 0 (a re-ranker's) is min-max normalised: 1: (2 − −2)/4 = 1;
  // 2: 0.5; 3: 0 + 1 × 4/4; 7: 1 × 2/4.
  RankedList reranked{{DocId(1), 2}, {DocId(2), 0}, {DocId(3), -2}};
  EXPECT_EQ(fuse_transfer(reranked, judged, 1.0f, all_but_8), 1u);
  EXPECT_EQ(docs(reranked), (std::vector<std::uint32_t>{1, 3, 2, 7}));
  EXPECT_FLOAT_EQ(reranked[0].score, 1.0f);
  EXPECT_FLOAT_EQ(reranked[1].score, 1.0f);
  EXPECT_FLOAT_EQ(reranked[2].score, 0.5f);
  EXPECT_FLOAT_EQ(reranked[3].score, 0.5f);
  // Ties fall to the smaller DocId, as everywhere (ranks_before).
  RankedList tie{{DocId(9), 4}, {DocId(4), 2}};
  fuse_transfer(tie, {{DocId(4), 1}, {DocId(9), 0.5f}}, 1.0f, [](DocId) { return true; });
  EXPECT_EQ(docs(tie), (std::vector<std::uint32_t>{4, 9})) << "4: 0.5 + 1; 9: 1 + 0.5";
}

// Documents 1..40 fill the index; 50 and 51 hold the topic's other words only, 60 holds the
// query's words. Judged: a query like the search's has 50 (grade 2) and 51 (grade 1).
TEST(JudgmentTransfer, ASearchGetsTheDocumentsJudgedForSimilarQueries) {
  TempDir tmp;
  const std::string dir = filler_index(tmp, 40,
                                       {{"50", word(20) + " " + word(21), 2015, "eng", word(22)},
                                        {"51", word(23), 2001, "eng", word(22) + " " + word(24)},
                                        {"60", word(0) + " " + word(1), 2012, "eng", word(25)}});
  const auto ids = [](const SearchResponse& r) {
    std::vector<std::string> out;
    for (const SearchHit& h : r.hits) out.push_back(h.id);
    return out;
  };
  SearchResponse before;
  {
    const IndexReader index(dir);
    before = Searcher(index).search(plain(word(0) + " " + word(1)));
    EXPECT_EQ(ids(before), std::vector<std::string>{"60"});
    EXPECT_EQ(Searcher(index).judgment_transfer(), nullptr);
  }
  JudgedQueries judged;
  judged.queries.push_back({"j1", word(0) + " " + word(1) + " " + word(2), {{"50", 2}, {"51", 1}}});
  judged.queries.push_back({"j2", word(9) + " " + word(10), {{"7", 2}}});  // another topic
  save_judged_queries(dir, judged);
  const IndexReader index(dir);
  const Searcher searcher(index);
  ASSERT_NE(searcher.judgment_transfer(), nullptr);
  const SearchResponse after = searcher.search(plain(word(0) + " " + word(1)));
  // 60: 1 (its own words); 50: 0.7 × 2/2; 51: 0.7 × 1/2.
  EXPECT_EQ(ids(after), (std::vector<std::string>{"60", "50", "51"}));
  EXPECT_FALSE(after.total_is_exact) << "50 and 51 hold none of the words";
  EXPECT_GE(after.total, 3u);
  // transfer=0: the search as without judged queries, scores included.
  SearchRequest off = plain(word(0) + " " + word(1));
  off.transfer.weight = 0.0f;
  const SearchResponse same = searcher.search(off);
  ASSERT_EQ(ids(same), ids(before));
  EXPECT_EQ(same.hits[0].score, before.hits[0].score);
  EXPECT_EQ(same.total, before.total);
  // A larger weight ranks the judged document first; one neighbour is enough here.
  SearchRequest heavy = plain(word(0) + " " + word(1));
  heavy.transfer.weight = 1.5f;
  heavy.transfer.neighbours = 1;
  EXPECT_EQ(ids(searcher.search(heavy)), (std::vector<std::string>{"50", "60", "51"}));
  // Filters still hold: 51 (2001) is outside 2010–2020.
  SearchRequest filtered = plain(word(0) + " " + word(1));
  filtered.filters.year_from = 2010;
  EXPECT_EQ(ids(searcher.search(filtered)), (std::vector<std::string>{"60", "50"}));
  // A Boolean query's matches are its results: no judged document joins it.
  SearchRequest boolean;
  boolean.query = word(0) + " AND " + word(1);
  boolean.snippets = false;
  const SearchResponse matched = searcher.search(boolean);
  EXPECT_EQ(ids(matched), std::vector<std::string>{"60"});
  EXPECT_TRUE(matched.total_is_exact);
  EXPECT_EQ(matched.total, 1u);
  // Date order ignores transfer.
  SearchRequest by_date = plain(word(0) + " " + word(1));
  by_date.sort = SortOrder::Date;
  EXPECT_EQ(ids(searcher.search(by_date)), std::vector<std::string>{"60"});
}

TEST(JudgedQueries, FromQrelsFileRoundTripAndDamage) {
  eval::Qrels qrels;
  qrels["a"] = {{"d1", 2}, {"d2", 0}, {"d3", 1}};
  qrels["b"] = {{"d4", 0}};  // judged, none relevant
  qrels["z"] = {{"d5", 1}};  // no text given
  const std::vector<JudgedQuery> made =
      judged_queries({{"a", "first query"}, {"b", "second"}, {"c", "unjudged"}}, qrels);
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].id, "a");
  EXPECT_EQ(made[0].relevant, (std::vector<std::pair<std::string, int>>{{"d1", 2}, {"d3", 1}}));

  TempDir tmp;
  const std::string dir = tmp.file("d");
  std::filesystem::create_directories(dir);
  EXPECT_FALSE(load_judged_queries(dir).has_value());
  JudgedQueries judged;
  judged.trained = {{"source", "test"}};
  judged.queries = made;
  judged.queries.push_back({"x", std::string("bad \xff utf-8"), {{"d9", 3}}});
  save_judged_queries(dir, judged);
  const std::optional<JudgedQueries> loaded = load_judged_queries(dir);
  ASSERT_TRUE(loaded.has_value());
  ASSERT_EQ(loaded->queries.size(), 2u);
  EXPECT_EQ(loaded->queries[0].relevant, made[0].relevant);
  EXPECT_EQ(loaded->queries[1].text, "bad \xef\xbf\xbd utf-8") << "ill-formed UTF-8 kept as U+FFFD";
  EXPECT_EQ(loaded->trained.value("source", ""), "test");
  const std::string path = dir + "/" + kJudgedQueriesFileName;
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(5);
    f.put('#');
  }
  try {
    load_judged_queries(dir);
    ADD_FAILURE() << "a damaged file loaded";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Corrupt);
    EXPECT_NE(std::string(e.what()).find(kJudgedQueriesFileName), std::string::npos) << e.what();
  }
}

TEST(JudgmentTransfer, ParametersAndRankingJsonDefaults) {
  const SearchRequest given = parse_search_params({{"q", "x"}, {"transfer", "1.5"}}, {}).request;
  EXPECT_EQ(given.transfer.weight, std::optional<float>(1.5f));
  EXPECT_FALSE(given.transfer.neighbours.has_value());
  EXPECT_EQ(parse_search_params({{"q", "x"}, {"transfer_neighbours", "7"}}, {}).request.transfer.neighbours,
            std::optional<std::size_t>(7));
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{{"transfer", "-1"},
                                                                                    {"transfer", "101"},
                                                                                    {"transfer", "x"},
                                                                                    {"transfer_neighbours", "0"},
                                                                                    {"transfer_neighbours", "101"}}) {
    try {
      parse_search_params({{"q", "x"}, {name, value}}, {});
      ADD_FAILURE() << name << "=" << value << " accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ((TransferRequest{std::nullopt, 5}.over(TransferParams{2.0f, 3})), (TransferParams{2.0f, 5}));

  TempDir tmp;
  const std::string dir = filler_index(tmp, 3);
  EXPECT_EQ(load_transfer_config(dir), TransferParams{});
  medsearch::testing::write_ranking_json(dir, R"("transfer": {"weight": 0.3})");
  EXPECT_EQ(load_transfer_config(dir), (TransferParams{0.3f, 3}));
  {
    const IndexReader index(dir);
    EXPECT_EQ(Searcher(index).default_transfer(), (TransferParams{0.3f, 3}));
  }
  save_ranking_config(dir, lexical::RankingParams{}, "tune --save");
  EXPECT_EQ(load_transfer_config(dir), (TransferParams{0.3f, 3})) << "tune --save keeps the transfer object";
  medsearch::testing::write_ranking_json(dir, R"("transfer": {"neighbours": 0})");
  medsearch::testing::expect_ranking_json_refused([&] { load_transfer_config(dir); }, "transfer neighbours 0");
}

}  // namespace
}  // namespace medsearch::engine
