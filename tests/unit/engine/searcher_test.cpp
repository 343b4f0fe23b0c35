#include <gtest/gtest.h>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;

std::string author(const std::string& last, const std::string& initials) {
  return "<Author><LastName>" + last + "</LastName><Initials>" + initials + "</Initials></Author>";
}

std::string mesh(const std::string& name, bool major) {
  return "<MeshHeading><DescriptorName UI=\"D1\" MajorTopicYN=\"" + std::string(major ? "Y" : "N") + "\">" + name +
         "</DescriptorName></MeshHeading>";
}

class SearcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<FixtureCitation> docs = {
        {"1", "Deep brain stimulation in Parkinson's disease", 2015, "eng",
         "Subthalamic deep brain stimulation improves motor symptoms of Parkinson disease."},
        {"2", "Brain imaging of depression", 2018, "eng", "Functional imaging shows deep changes in the brain."},
        {"3", "Interleukin-6 in asthma", 2010, "fre", "IL-6 levels rise in severe asthma exacerbations."},
        {"4", "Asthma in children: a review", 2020, "eng", "We review pediatric asthma treatment."},
        {"5", "Stimulation protocols", 2012, "eng", ""},
        {"6", "Beta-blockers after myocardial infarction", 2016, "eng", "β-blockers reduce mortality after infarction."},
    };
    docs[0].article_xml = "<AuthorList>" + author("Smith", "JA") + author("Lee", "K") + "</AuthorList>";
    docs[0].citation_xml = "<MeshHeadingList>" + mesh("Parkinson Disease", true) + mesh("Humans", false) + "</MeshHeadingList>";
    docs[3].publication_type = "Review";
    docs[3].journal = "Pediatrics";
    docs[1].citation_xml = "<MeshHeadingList>" + mesh("Depression", false) + mesh("Humans", false) + "</MeshHeadingList>";
    Indexer(tmp_.file("idx"), {}).ingest({tmp_.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
    index_ = std::make_unique<IndexReader>(tmp_.file("idx"));
    searcher_ = std::make_unique<Searcher>(*index_);
  }

  std::vector<std::string> ids(const std::string& query, SearchRequest request = {}) {
    request.query = query;
    std::vector<std::string> out;
    for (const SearchHit& hit : searcher_->search(request).hits) out.push_back(hit.id);
    return out;
  }

  TempDir tmp_;
  std::unique_ptr<IndexReader> index_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(SearcherTest, FreeTextRanksDocumentsWithMoreTermsFirstWithoutRequiringAll) {
  const auto hits = ids("deep brain stimulation");
  ASSERT_GE(hits.size(), 3u);
  EXPECT_EQ(hits[0], "1");  // all three words, twice
  EXPECT_NE(std::find(hits.begin(), hits.end(), "5"), hits.end());  // "stimulation" alone still matches
}

TEST_F(SearcherTest, BooleanOperatorsFollowPubmed) {
  EXPECT_EQ(ids("asthma AND review"), (std::vector<std::string>{"4"}));
  auto either = ids("parkinson OR depression");
  std::sort(either.begin(), either.end());
  EXPECT_EQ(either, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(ids("brain NOT parkinson"), (std::vector<std::string>{"2"}));
  EXPECT_TRUE(ids("asthma AND parkinson").empty());
}

TEST_F(SearcherTest, PhrasesArePositional) {
  EXPECT_EQ(ids("\"deep brain stimulation\""), (std::vector<std::string>{"1"}));
  EXPECT_TRUE(ids("\"stimulation brain\"").empty());
  // Biomedical compounds: the query's IL-6 and the text's "Interleukin-6"/"IL-6".
  EXPECT_EQ(ids("\"IL-6\""), (std::vector<std::string>{"3"}));
  // β in the text, "beta" in the query.
  EXPECT_EQ(ids("\"beta blockers\" AND mortality"), (std::vector<std::string>{"6"}));
}

TEST_F(SearcherTest, FieldTags) {
  EXPECT_EQ(ids("depression[ti]"), (std::vector<std::string>{"2"}));
  EXPECT_EQ(ids("pediatric[tiab]"), (std::vector<std::string>{"4"}));
  EXPECT_TRUE(ids("pediatric[ti]").empty());
  EXPECT_EQ(ids("smith j[au]"), (std::vector<std::string>{"1"}));
  EXPECT_EQ(ids("smith ja[au]"), (std::vector<std::string>{"1"}));
  EXPECT_TRUE(ids("smith k[au]").empty());
  EXPECT_EQ(ids("parkinson disease[majr]"), (std::vector<std::string>{"1"}));
  auto humans = ids("humans[mh]");
  std::sort(humans.begin(), humans.end());
  EXPECT_EQ(humans, (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(ids("humans[majr]").empty());
  EXPECT_EQ(ids("review[pt]"), (std::vector<std::string>{"4"}));
  EXPECT_EQ(ids("french[la]"), (std::vector<std::string>{"3"}));
  EXPECT_EQ(ids("pediatrics[ta]"), (std::vector<std::string>{"4"}));
  EXPECT_EQ(ids("2015:2016[dp]"), (std::vector<std::string>{"6", "1"}));  // unranked: newest first
  EXPECT_EQ(ids("3[pmid]"), (std::vector<std::string>{"3"}));
  EXPECT_EQ(ids("asthm*"), ids("asthma"));
}

TEST_F(SearcherTest, RequestFiltersAndSorting) {
  SearchRequest r;
  r.filters.year_from = 2014;
  EXPECT_EQ(ids("asthma", r), (std::vector<std::string>{"4"}));
  r = {};
  r.filters.has_abstract = true;
  EXPECT_EQ(ids("stimulation", r), (std::vector<std::string>{"1"}));
  r = {};
  r.filters.languages = {"english"};
  EXPECT_EQ(ids("asthma", r), (std::vector<std::string>{"4"}));
  r = {};
  r.filters.publication_types = {"review"};
  EXPECT_EQ(ids("asthma", r), (std::vector<std::string>{"4"}));
  r = {};
  r.sort = SortOrder::Date;
  EXPECT_EQ(ids("brain OR asthma", r), (std::vector<std::string>{"4", "2", "1", "3"}));
}

TEST_F(SearcherTest, PagingAndTotals) {
  SearchRequest r;
  r.query = "brain OR asthma OR stimulation";
  r.limit = 2;
  const SearchResponse first = searcher_->search(r);
  EXPECT_EQ(first.total, 5u);
  EXPECT_TRUE(first.total_is_exact);
  r.offset = 2;
  const SearchResponse second = searcher_->search(r);
  ASSERT_EQ(first.hits.size(), 2u);
  ASSERT_EQ(second.hits.size(), 2u);
  EXPECT_NE(first.hits[0].id, second.hits[0].id);
  EXPECT_NE(first.hits[1].id, second.hits[1].id);
}

// Free text with a phrase ranks the documents holding the phrase: their count is exact
// (with a filter too); with a zero field weight a holder may score 0, and the count is
// then only a lower bound.
TEST_F(SearcherTest, FreeTextWithAPhraseCountsItsHoldersExactly) {
  SearchRequest r;
  r.query = "\"brain stimulation\" imaging";
  const SearchResponse phrase = searcher_->search(r);
  EXPECT_EQ(phrase.total, 1u);
  EXPECT_TRUE(phrase.total_is_exact);
  r.query = "\"brain imaging\" depression";
  r.filters.year_from = 2016;
  const SearchResponse filtered = searcher_->search(r);
  EXPECT_EQ(filtered.total, 1u);
  EXPECT_TRUE(filtered.total_is_exact);
  r = {};
  r.query = "\"brain stimulation\" imaging";
  r.ranking = lexical::RankingParams{};
  r.ranking->weight[1] = 0.0f;  // abstract
  EXPECT_FALSE(searcher_->search(r).total_is_exact);
  r = {};
  r.query = "brain imaging";  // no phrase: the scored documents, a lower bound
  EXPECT_FALSE(searcher_->search(r).total_is_exact);
}

TEST_F(SearcherTest, HitsCarryMetadataAndHighlightedSnippets) {
  SearchRequest r;
  r.query = "subthalamic stimulation";
  const SearchResponse response = searcher_->search(r);
  ASSERT_FALSE(response.hits.empty());
  const SearchHit& hit = response.hits[0];
  EXPECT_EQ(hit.id, "1");
  EXPECT_EQ(hit.title, "Deep brain stimulation in Parkinson's disease");
  EXPECT_EQ(hit.year, 2015);
  EXPECT_EQ(hit.journal, "Test J");
  EXPECT_EQ(hit.authors, (std::vector<std::string>{"Smith JA", "Lee K"}));
  EXPECT_EQ(snippet_html(hit.snippet),
            "<mark>Subthalamic</mark> deep brain <mark>stimulation</mark> improves motor symptoms of Parkinson disease.");
  EXPECT_GT(hit.score, 0);
}

TEST_F(SearcherTest, BadInputIsInvalidArgumentNamingIt) {
  SearchRequest r;
  r.query = "asthma AND (brain";
  try {
    searcher_->search(r);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("position"), std::string::npos) << e.what();
  }
  r.query = "asthma";
  r.limit = 0;
  EXPECT_THROW(searcher_->search(r), Error);
  r.limit = 10;
  r.ranking.emplace().k1 = -1;
  try {
    searcher_->search(r);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("k1"), std::string::npos);
  }
}

TEST_F(SearcherTest, DeletedAndReplacedDocumentsNeverAppear) {
  Indexer(tmp_.file("idx"), {}).ingest(
      {tmp_.write("u.xml", pubmed_xml({{"4", "Replaced title about eczema", 2021}}, {"3"}))}, nullptr, nullptr);
  IndexReader index(tmp_.file("idx"));
  Searcher searcher(index);
  SearchRequest r;
  r.query = "asthma";
  EXPECT_TRUE(searcher.search(r).hits.empty());
  r.query = "eczema";
  ASSERT_EQ(searcher.search(r).hits.size(), 1u);
  EXPECT_EQ(searcher.search(r).hits[0].id, "4");
}

}  // namespace
}  // namespace medsearch::engine

namespace medsearch::engine {
namespace {

class SearcherChineseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Indexer(tmp_.file("idx"), {}).ingest({tmp_.write("a.xml", pubmed_xml({{"1", "Deep brain stimulation in Parkinson's disease", 2015,
                                                                            "eng", "Subthalamic stimulation improves motor symptoms."},
                                                                           {"2", "Asthma in children", 2020, "eng", "Pediatric asthma."}}))},
                                         nullptr, nullptr);
    index_ = std::make_unique<IndexReader>(tmp_.file("idx"));
  }
  TempDir tmp_;
  std::unique_ptr<IndexReader> index_;
};

TEST_F(SearcherChineseTest, TheSearcherTranslatesWithItsOwnTranslator) {
  const Searcher searcher(*index_);  // loads the installed dictionaries on the first CJK query
  SearchRequest request;
  request.query = "帕金森病的深部脑刺激";
  const SearchResponse response = searcher.search(request);
  ASSERT_TRUE(response.translation.has_value());
  if (!response.translation->note.empty()) GTEST_SKIP() << response.translation->note;
  EXPECT_NE(response.translation->searched.find("arkinson"), std::string::npos) << response.translation->searched;
  EXPECT_FALSE(response.translation->shown.empty());
  EXPECT_EQ(response.understood.find("检索"), std::string::npos) << "the translation is its own field";
  ASSERT_FALSE(response.hits.empty());
  EXPECT_EQ(response.hits[0].id, "1");
  // An English query has no translation; chinese=false searches CJK text as typed.
  request.query = "asthma";
  EXPECT_FALSE(searcher.search(request).translation.has_value());
  request.query = "帕金森病";
  request.chinese = false;
  EXPECT_FALSE(searcher.search(request).translation.has_value());
}

TEST_F(SearcherChineseTest, WithoutATranslatorCjkIsSearchedAsTypedAndSaysWhy) {
  const Searcher off(*index_, SearcherOptions{.chinese = SearcherOptions::Chinese::Off});
  SearchRequest request;
  request.query = "帕金森病";
  const SearchResponse response = off.search(request);
  ASSERT_TRUE(response.translation.has_value());
  EXPECT_TRUE(response.translation->searched.empty());
  EXPECT_NE(response.translation->note.find("searched as typed"), std::string::npos) << response.translation->note;
  EXPECT_TRUE(response.hits.empty());
}

}  // namespace
}  // namespace medsearch::engine
