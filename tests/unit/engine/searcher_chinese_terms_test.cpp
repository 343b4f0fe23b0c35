// The Searcher passes the index's vocabulary to the Chinese translator (decision 0023): of
// a term's English names (棕榈酸: cetylic, hexadecanoic, palmic, palmitic acid …) the one the
// corpus contains is searched. Skips when the dictionaries or the term list are not installed.
#include <gtest/gtest.h>

#include <random>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/search/search_plan.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "medsearch/query/chinese_dictionaries.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;

// `query` searched over the index in `dir` by a default Searcher.
SearchResponse search_in(const std::string& dir, const std::string& query) {
  const IndexReader index(dir);
  SearchRequest request;
  request.query = query;
  return Searcher(index).search(request);
}

TEST(SearcherChineseTerms, SearchesTheEnglishNameTheIndexContains) {
  if (query::default_terms_path().empty()) GTEST_SKIP() << "Chinese term list not installed (scripts/install-deps.sh)";
  TempDir tmp;
  const std::vector<FixtureCitation> docs = {
      {"1", "Palmitic acid and insulin resistance", 2015, "eng", "Dietary palmitic acid impairs insulin signalling."},
      {"2", "Asthma in children", 2020, "eng", "Pediatric asthma."},
  };
  Indexer(tmp.file("idx"), {}).ingest({tmp.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
  const IndexReader index(tmp.file("idx"));
  const Searcher searcher(index);
  SearchRequest request;
  request.query = "棕榈酸";
  const SearchResponse response = searcher.search(request);
  ASSERT_TRUE(response.translation.has_value());
  if (!response.translation->note.empty()) GTEST_SKIP() << response.translation->note;
  EXPECT_EQ(response.translation->searched, "palmitic acid");
  ASSERT_FALSE(response.hits.empty());
  EXPECT_EQ(response.hits[0].id, "1");
}

// A multi-word English name counts as in the corpus only as a phrase (search_plan.cpp,
// vocabulary_doc_freq): the term list's only name for 溃疡性结肠炎 is "colitis gravis". Where
// documents have both words apart ("myasthenia gravis ... colitis"), it is not chosen and
// the word is translated by its parts, "ulcerative colitis"; where one has the phrase, it is.
TEST(SearcherChineseTerms, AMultiWordNameCountsOnlyWhereTheCorpusHasThePhrase) {
  if (query::default_terms_path().empty()) GTEST_SKIP() << "Chinese term list not installed (scripts/install-deps.sh)";
  TempDir tmp;
  std::vector<FixtureCitation> docs = {
      {"1", "Ulcerative colitis in adults", 2015, "eng", "Colitis that is ulcerative, treated with mesalazine."},
      {"2", "Myasthenia gravis and colitis", 2020, "eng", "A patient with myasthenia gravis developed colitis."},
  };
  Indexer(tmp.file("apart"), {}).ingest({tmp.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
  docs.push_back({"3", "Colitis gravis revisited", 1950, "eng", "An old name."});
  Indexer(tmp.file("phrase"), {}).ingest({tmp.write("b.xml", pubmed_xml(docs))}, nullptr, nullptr);
  const SearchResponse parts = search_in(tmp.file("apart"), "溃疡性结肠炎");
  ASSERT_TRUE(parts.translation.has_value());
  if (!parts.translation->note.empty()) GTEST_SKIP() << parts.translation->note;
  EXPECT_EQ(parts.translation->searched, "ulcerative colitis");
  const SearchResponse named = search_in(tmp.file("phrase"), "溃疡性结肠炎");
  ASSERT_TRUE(named.translation.has_value());
  EXPECT_EQ(named.translation->searched, "colitis gravis");
}

// vocabulary_documents (search_plan.hpp) against a count of the documents whose title or
// abstract has the phrase, on an index large enough to choose pair words (1,200 documents
// of eight common words, in three segments): two pair words take the word-pair list; a
// phrase with a rare word reads positions; with no budget left, the rarer word's documents
// stand in (an upper bound).
TEST(SearcherChineseTerms, VocabularyCountsPhrasesByPairListsOrPositions) {
  TempDir tmp;
  const std::vector<std::string> common = {"alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta"};
  std::mt19937 rng(3);
  std::vector<FixtureCitation> docs;
  for (int i = 0; i < 1200; ++i) {
    std::string title, abstract;
    for (int w = 0; w < 4; ++w) title += (w ? " " : "") + common[rng() % common.size()];
    for (int w = 0; w < 6; ++w) abstract += (w ? " " : "") + common[rng() % common.size()];
    if (i % 150 == 0) abstract += " zephyrine " + common[rng() % 2];  // a rare word, then alpha or beta
    docs.push_back({std::to_string(i + 1), title, 2020, "eng", abstract});
  }
  std::vector<std::string> files;
  for (std::size_t f = 0; f < 3; ++f) {
    const std::vector<FixtureCitation> part(docs.begin() + 400 * f, docs.begin() + 400 * (f + 1));
    files.push_back(tmp.write("f" + std::to_string(f) + ".xml", pubmed_xml(part)));
  }
  IngestOptions options;
  options.checkpoint_docs = 400;
  Indexer(tmp.file("idx"), options).ingest(files, nullptr, nullptr);
  const IndexReader index(tmp.file("idx"));
  ASSERT_GE(index.segment_count(), 2u);
  for (const lexical::SegmentView& s : index.lexical_segments()) {
    ASSERT_NE(s.pairs, nullptr);
    ASSERT_TRUE(s.pairs->contains("alpha") && s.pairs->contains("beta"));
  }
  const auto with_phrase = [&](const std::string& phrase) {
    std::uint64_t n = 0;
    for (const FixtureCitation& d : docs) {
      n += (" " + d.title + " ").find(" " + phrase + " ") != std::string::npos ||
           (" " + d.abstract + " ").find(" " + phrase + " ") != std::string::npos;
    }
    return n;
  };
  const Searcher searcher(index);
  const lexical::DocumentAnalyzer& analyzer = searcher.analyzer();
  for (const std::string phrase : {"alpha beta", "beta alpha", "gamma omega", "zephyrine alpha", "zephyrine beta"}) {
    std::uint64_t budget = kPhrasePositionBudget;
    EXPECT_EQ(vocabulary_documents(analyzer, index, phrase, Deadline(), budget), with_phrase(phrase)) << phrase;
    // Only a position check spends the budget: the rare word's 8 documents (under 1%: no pairs).
    EXPECT_EQ(budget, phrase.starts_with("zephyrine") ? kPhrasePositionBudget - 8 : kPhrasePositionBudget) << phrase;
    std::uint64_t again = kPhrasePositionBudget;
    const PhraseDocuments counted = count_phrase_documents(analyzer, index, phrase, Deadline(), again);
    EXPECT_TRUE(counted.exact) << phrase;
    EXPECT_EQ(counted.documents, with_phrase(phrase)) << phrase;
  }
  EXPECT_GT(with_phrase("zephyrine alpha"), 0u);
  EXPECT_LT(with_phrase("zephyrine alpha"), 8u);
  std::uint64_t none = 0;
  EXPECT_EQ(vocabulary_documents(analyzer, index, "zephyrine alpha", Deadline(), none),
            8u);  // every zephyrine document
  EXPECT_EQ(vocabulary_documents(analyzer, index, "zephyrine", Deadline(), none), 8u);
  // count_phrase_documents says when the bound stood in, and only then.
  EXPECT_FALSE(count_phrase_documents(analyzer, index, "zephyrine alpha", Deadline(), none).exact);
  EXPECT_TRUE(count_phrase_documents(analyzer, index, "zephyrine", Deadline(), none).exact);
  EXPECT_TRUE(count_phrase_documents(analyzer, index, "alpha beta", Deadline(), none).exact);  // the pair list
  const PhraseDocuments absent = count_phrase_documents(analyzer, index, "zephyrine nowhere", Deadline(), none);
  EXPECT_TRUE(absent.exact);
  EXPECT_EQ(absent.documents, 0u);
}

// The pair choice through the Searcher's real phrase counts (decision 0044): 生长因子 is
// translated word by word as "grow factor" (CC-CEDICT's 生长 is "to grow"). Where the corpus
// writes "growth factor" as a collocation, the pair takes the derived noun; where it writes
// "growth" and "factor" only apart, the words' own choices stand. Needs no term list.
TEST(SearcherChineseTerms, AdjacentWordsTakeTheCollocationTheCorpusWrites) {
  TempDir tmp;
  std::vector<FixtureCitation> docs;
  for (int i = 0; i < 6; ++i) {
    docs.push_back(
        {std::to_string(i + 1), "Insulin-like growth factor in children", 2015, "eng", "Serum levels measured."});
  }
  for (int i = 6; i < 40; ++i) {
    docs.push_back({std::to_string(i + 1), "Asthma in children", 2020, "eng", "Pediatric asthma and air pollution."});
  }
  Indexer(tmp.file("phrase"), {}).ingest({tmp.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
  for (int i = 0; i < 6; ++i) {
    docs[i].title = "Growth of children and a risk factor";
  }
  Indexer(tmp.file("apart"), {}).ingest({tmp.write("b.xml", pubmed_xml(docs))}, nullptr, nullptr);
  const SearchResponse together = search_in(tmp.file("phrase"), "生长因子");
  ASSERT_TRUE(together.translation.has_value());
  if (!together.translation->note.empty()) GTEST_SKIP() << together.translation->note;
  EXPECT_EQ(together.translation->searched, "growth factor");
  ASSERT_FALSE(together.hits.empty());
  EXPECT_EQ(together.hits[0].id, "1");
  const SearchResponse apart = search_in(tmp.file("apart"), "生长因子");
  ASSERT_TRUE(apart.translation.has_value());
  EXPECT_EQ(apart.translation->searched, "grow factor");
}

// Word formation through the Searcher's real vocabulary callback (decision 0033): 伊马替尼 is
// spelled "imatinib" only in an index that has the word; elsewhere it stays whole and is
// listed as unrecognised (issue 15 items 2 and 3). Needs no term list.
TEST(SearcherChineseTerms, FormsADrugNameOnlyFromTheIndexVocabulary) {
  TempDir tmp;
  const std::vector<FixtureCitation> with = {
      {"1", "Imatinib in chronic myeloid leukemia", 2015, "eng", "Imatinib treatment of leukemia."},
      {"2", "Asthma in children", 2020, "eng", "Pediatric asthma."},
  };
  Indexer(tmp.file("with"), {}).ingest({tmp.write("a.xml", pubmed_xml(with))}, nullptr, nullptr);
  const std::vector<FixtureCitation> without = {{"2", "Asthma in children", 2020, "eng", "Pediatric asthma and leukemia."}};
  Indexer(tmp.file("without"), {}).ingest({tmp.write("b.xml", pubmed_xml(without))}, nullptr, nullptr);
  const SearchResponse found = search_in(tmp.file("with"), "伊马替尼治疗白血病");
  ASSERT_TRUE(found.translation.has_value());
  if (!found.translation->note.empty()) GTEST_SKIP() << found.translation->note;
  EXPECT_NE(found.translation->searched.find("imatinib"), std::string::npos) << found.translation->searched;
  EXPECT_TRUE(found.translation->unrecognized.empty());
  ASSERT_FALSE(found.hits.empty());
  EXPECT_EQ(found.hits[0].id, "1");
  const SearchResponse missing = search_in(tmp.file("without"), "伊马替尼治疗白血病");
  ASSERT_TRUE(missing.translation.has_value());
  EXPECT_EQ(missing.translation->searched.find("imatinib"), std::string::npos) << missing.translation->searched;
  EXPECT_EQ(missing.translation->unrecognized, std::vector<std::string>{"伊马替尼"});
}

// The translation's alternatives are a weighted OR (issue 15 item 3): 冲洗 is "irrigation"
// (weight 1) or the glossary's near-tie "rinse" (0.9), and the compiled terms carry those
// weights as boosts.
TEST(SearcherChineseTerms, AlternativesBecomeTermBoosts) {
  TempDir tmp;
  const std::vector<FixtureCitation> docs = {
      {"1", "Nasal irrigation for sinusitis", 2015, "eng", "Saline irrigation of the nasal cavity."},
      {"2", "Mouth rinse", 2020, "eng", "A rinse after meals."},
  };
  Indexer(tmp.file("idx"), {}).ingest({tmp.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
  const IndexReader index(tmp.file("idx"));
  const Searcher searcher(index);
  std::string unavailable;
  const query::ChineseQueryTranslator* translator = searcher.chinese_translator(unavailable);
  if (translator == nullptr) GTEST_SKIP() << unavailable;
  SearchRequest request;
  request.query = "冲洗";
  const SearchPlan plan = compile_plan(request, {searcher.default_ranking(), searcher.default_prf()}, searcher.analyzer(), index, translator, "");
  const auto boost_of = [&](const std::string& english) {
    std::vector<text::Token> tokens;
    searcher.analyzer().prose().analyze(english, tokens);
    for (const lexical::QueryTerm& t : plan.compiled.ranking_terms) {
      if (!tokens.empty() && t.term == tokens[0].term) return t.boost;
    }
    return -1.0f;
  };
  EXPECT_FLOAT_EQ(boost_of("irrigation"), 1.0f);
  EXPECT_FLOAT_EQ(boost_of("rinse"), 0.9f);
  // An English query keeps boost 1 for every term.
  request.query = "irrigation rinse";
  const SearchPlan english = compile_plan(request, {searcher.default_ranking(), searcher.default_prf()}, searcher.analyzer(), index, translator, "");
  for (const lexical::QueryTerm& t : english.compiled.ranking_terms) EXPECT_FLOAT_EQ(t.boost, 1.0f) << t.term;
}

}  // namespace
}  // namespace medsearch::engine
