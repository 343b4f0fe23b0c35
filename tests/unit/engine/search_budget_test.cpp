// The per-request time budget (SearchRequest::budget_ms, core/deadline.hpp): an expired
// deadline stops the long loops (Boolean match, phrases, top-k, date order), a long query is
// cut off early, and a budget never changes a result. Also the bounded date order
// (fill_by_date) against a plain sort of every match, and the truncation cap.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "medsearch/lexical/boolean_match.hpp"
#include "support/random_corpus.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using Clock = std::chrono::steady_clock;

class SearchBudgetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new testing::TempDir();
    // 6000 citations of 40 words from 3000 pseudo-words: each word is in ~100 documents, and
    // a query of 26 truncated words expands to thousands of terms (the long query).
    const auto docs = testing::random_corpus(6000, 40, 3000);
    Indexer(tmp_->file("idx"), {}).ingest({tmp_->write("a.xml", testing::pubmed_xml(docs))}, nullptr, nullptr);
    index_ = new IndexReader(tmp_->file("idx"));
    searcher_ = new Searcher(*index_, SearcherOptions{.chinese = SearcherOptions::Chinese::Off});
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete index_;
    delete tmp_;
  }

  // The long query: `stems` stems truncated (free text; at most 26: 'aaa*' .. 'zzz*'), each
  // expanding to ~115 words of ~100 documents: 4 stems rank ~460 terms over nearly every
  // document.
  static SearchRequest long_request(int stems = 4) {
    SearchRequest r;
    for (char c = 'a'; c < 'a' + stems; ++c) r.query += std::string(r.query.empty() ? "" : " ") + std::string(3, c) + "*";
    r.max_truncations = kMaxTruncations;
    return r;
  }

  static Deadline expired() {
    const Deadline d = Deadline::after_ms(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return d;
  }

  static testing::TempDir* tmp_;
  static IndexReader* index_;
  static Searcher* searcher_;
};
testing::TempDir* SearchBudgetTest::tmp_ = nullptr;
IndexReader* SearchBudgetTest::index_ = nullptr;
Searcher* SearchBudgetTest::searcher_ = nullptr;

void expect_deadline_error(const std::function<void()>& f) {
  try {
    f();
    ADD_FAILURE() << "no DeadlineExceeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::DeadlineExceeded) << e.what();
  }
}

// Any loop over more than DeadlineCheck::kTicksPerClockRead postings notices an expired
// deadline; with none, the same calls return.
TEST_F(SearchBudgetTest, ExpiredDeadlinesStopMatchPhraseAndTopK) {
  const auto& segments = index_->lexical_segments();
  // Every document: more than 1024 postings for certain.
  lexical::MatchNode all;
  all.kind = lexical::MatchNode::Kind::All;
  expect_deadline_error([&] { lexical::match(segments, all, index_->doc_count(), expired()); });
  EXPECT_EQ(lexical::match(segments, all, index_->doc_count()).count(), index_->doc_count());
  // Every word of one stem (~115 words, ~100 documents each), as keys and as ranking terms.
  std::vector<lexical::QueryTerm> terms;
  lexical::MatchNode keys;
  for (const auto& [key, info] : segments.at(0).index->with_prefix(lexical::make_key(lexical::KeySpace::Prose, "aaa"), 100000)) {
    terms.push_back({key.substr(1)});
    keys.keys.push_back(key);
  }
  ASSERT_GT(terms.size(), 50u);
  expect_deadline_error([&] { lexical::match(segments, keys, index_->doc_count(), expired()); });
  const lexical::RankingParams ranking;
  const lexical::DocFilter none{};
  expect_deadline_error([&] { lexical::top_k(segments, terms, ranking, 10, none, nullptr, expired()); });
  const lexical::TopKResult unlimited = lexical::top_k(segments, terms, ranking, 10, none);
  const lexical::TopKResult generous = lexical::top_k(segments, terms, ranking, 10, none, nullptr, Deadline::after_ms(600000));
  ASSERT_EQ(unlimited.hits.size(), 10u);
  EXPECT_EQ(unlimited.hits, generous.hits);
  // Phrases: the leapfrog over two frequent slots visits well over 1024 targets.
  lexical::MatchNode two_slots;
  two_slots.kind = lexical::MatchNode::Kind::Phrase;
  two_slots.slots = {{0, {terms[0].term, terms[1].term, terms[2].term}}, {1, {terms[3].term, terms[4].term, terms[5].term}}};
  for (std::size_t i = 6; i < terms.size(); ++i) two_slots.slots[i % 2].terms.push_back(terms[i].term);
  expect_deadline_error([&] { lexical::match(segments, two_slots, index_->doc_count(), expired()); });
}

// A unit of work is counted by its cost, not once per loop turn: ranking ~115 terms over
// 300 allowed documents opens ~115 cursors (a decoded block each) and advances every cursor
// for each candidate. Counting one tick per candidate, that was fewer than 1024 ticks and
// never read the clock (a sanitized build ran 70 ms past a 20 ms budget on such a query).
TEST_F(SearchBudgetTest, ManyTermsOverFewCandidatesStillNoticeAnExpiredDeadline) {
  const auto& segments = index_->lexical_segments();
  std::vector<lexical::QueryTerm> terms;
  for (const auto& [key, info] : segments.at(0).index->with_prefix(lexical::make_key(lexical::KeySpace::Prose, "bbb"), 100000)) {
    terms.push_back({key.substr(1)});
  }
  ASSERT_GT(terms.size(), 50u);
  DocSet few(index_->doc_count());
  few.insert_range(0, 300);
  const lexical::DocFilter filter{nullptr, &few};
  const lexical::RankingParams ranking;
  expect_deadline_error([&] { lexical::top_k(segments, terms, ranking, 10, filter, nullptr, expired()); });
  const lexical::TopKResult unlimited = lexical::top_k(segments, terms, ranking, 10, filter);
  EXPECT_EQ(unlimited.hits.size(), 10u);
  for (const ScoredDoc& hit : unlimited.hits) EXPECT_LT(hit.doc.value, 300u);
}

// Expanding a truncated word scans the lexicon; a scan of thousands of keys reads the clock.
TEST_F(SearchBudgetTest, APrefixScanNoticesAnExpiredDeadline) {
  const lexical::SegmentIndex& lexicon = *index_->lexical_segments().at(0).index;
  const std::string every_word = lexical::make_key(lexical::KeySpace::Prose, "");
  ASSERT_GT(lexicon.with_prefix(every_word, 100000).size(), 2000u);
  DeadlineCheck check(expired());
  expect_deadline_error([&] { lexicon.with_prefix(every_word, 100000, &check); });
  DeadlineCheck generous(Deadline::after_ms(600000));
  EXPECT_EQ(lexicon.with_prefix(every_word, 100000, &generous).size(), lexicon.with_prefix(every_word, 100000).size());
}

TEST_F(SearchBudgetTest, ALongQueryIsCutOffEarly) {
  // For each order the long query grows (more truncated stems) until a warm run without a
  // budget takes over `slow_ms`: a release build is several times faster than a sanitized
  // one, and a fixed query that suits one is too short for the other. Then a budget of an
  // eighth of that (at least 1 ms) must cut it off, in the ranked order in well under half
  // the time (by date the whole search takes a few ms in a release build, of which parsing
  // and expanding the truncated words, before the first check, are about half).
  const auto check = [](SortOrder sort, double slow_ms) {
    SearchRequest r;
    SearchResponse full;
    double full_ms = 0;
    for (int stems = 4; stems <= 26 && full_ms <= slow_ms; stems += 2) {
      r = long_request(stems);
      r.sort = sort;
      (void)searcher_->search(r);  // warm: the first run of a query also pays for page faults
      const auto t0 = Clock::now();
      full = searcher_->search(r);
      full_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    }
    ASSERT_GT(full_ms, slow_ms) << "the index is too small for this test: the long query took " << full_ms << " ms";
    ASSERT_EQ(full.hits.size(), 10u);
    r.budget_ms = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(slow_ms / 8));
    const auto t1 = Clock::now();
    expect_deadline_error([&] { searcher_->search(r); });
    const double cut_ms = std::chrono::duration<double, std::milli>(Clock::now() - t1).count();
    if (sort == SortOrder::Relevance) {
      EXPECT_LT(cut_ms, full_ms / 2) << "full " << full_ms << " ms";
    }
    std::printf("%s: %.1f ms without a budget, cut off after %.1f ms by %u ms\n", sort == SortOrder::Date ? "by date" : "ranked",
                full_ms, cut_ms, r.budget_ms);
  };
  check(SortOrder::Relevance, 40);
  check(SortOrder::Date, 3);
}

// A budget that is not reached changes nothing: the same hits, scores and totals as no budget.
TEST_F(SearchBudgetTest, AnUnreachedBudgetGivesTheSameResults) {
  const std::vector<std::string> queries = {long_request(2).query, "aaa* AND bbb*", "ccc* NOT ddd*", "aaab* OR zzzb*"};
  for (const std::string& q : queries) {
    for (const SortOrder sort : {SortOrder::Relevance, SortOrder::Date}) {
      SearchRequest r = long_request();
      r.query = q;
      r.sort = sort;
      r.limit = 50;
      r.offset = 20;
      const SearchResponse unlimited = searcher_->search(r);
      r.budget_ms = kMaxBudgetMs;
      const SearchResponse budgeted = searcher_->search(r);
      ASSERT_EQ(unlimited.hits.size(), budgeted.hits.size()) << q;
      for (std::size_t i = 0; i < unlimited.hits.size(); ++i) {
        EXPECT_EQ(unlimited.hits[i].id, budgeted.hits[i].id) << q << " " << i;
        EXPECT_EQ(unlimited.hits[i].score, budgeted.hits[i].score) << q << " " << i;
      }
      EXPECT_EQ(unlimited.total, budgeted.total) << q;
    }
  }
}

// sort=date keeps the newest offset+limit in a bounded heap; the oracle sorts every match.
TEST_F(SearchBudgetTest, DateOrderEqualsSortingEveryMatch) {
  for (const std::string q : {"aaab*", "aaab* OR zzzb*"}) {
    SearchRequest all;
    all.query = q;
    all.limit = kMaxLimit;
    const SearchResponse matches = searcher_->search(all);
    ASSERT_TRUE(matches.total_is_exact || matches.hits.size() == matches.total);
    ASSERT_GT(matches.hits.size(), 100u) << q;
    ASSERT_LT(matches.hits.size(), kMaxLimit) << q;  // every match is in the list
    std::vector<std::pair<std::uint32_t, DocId>> oracle;
    for (const SearchHit& h : matches.hits) oracle.emplace_back(index_->date_key(h.doc), h.doc);
    std::sort(oracle.begin(), oracle.end(), std::greater<>());
    for (const std::size_t offset : {0, 7, 100}) {
      SearchRequest r;
      r.query = q;
      r.sort = SortOrder::Date;
      r.limit = 60;
      r.offset = offset;
      const SearchResponse dated = searcher_->search(r);
      EXPECT_EQ(dated.total, matches.hits.size()) << q;
      ASSERT_EQ(dated.hits.size(), 60u) << q;
      for (std::size_t i = 0; i < dated.hits.size(); ++i) EXPECT_EQ(dated.hits[i].doc, oracle[offset + i].second) << q << " " << i;
    }
  }
}

TEST_F(SearchBudgetTest, TooManyTruncatedWordsAreRefusedNamingQ) {
  SearchRequest r;
  r.query = "aaa* bbb* ccc*";
  r.max_truncations = 2;
  try {
    searcher_->search(r);
    FAIL() << "three truncations allowed with a cap of two";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("parameter 'q' has 3 truncated words (term*); allowed 0..2"), std::string::npos) << e.what();
  }
  r.max_truncations = 3;
  EXPECT_NO_THROW(searcher_->search(r));
}

}  // namespace
}  // namespace medsearch::engine
