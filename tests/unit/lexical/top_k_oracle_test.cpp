// Oracle tests: the pruned top-k search returns exactly what exhaustive scoring returns,
// on randomised corpora, queries, parameters, filters and segmentations.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"
#include "medsearch/lexical/top_k.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::lexical {
namespace {

// Words the analyzer keeps as they are (no stemming changes, no stop words).
std::string word(std::size_t i) {
  static const char* kSyllables[] = {"ka", "lo", "mi", "nu", "pe", "ro", "si", "tu", "va", "ze"};
  return std::string("q") + kSyllables[i % 10] + kSyllables[(i / 10) % 10] + "x";
}

// Zipf-like word choice: a few frequent words, a long tail.
std::string random_text(std::mt19937& rng, std::size_t vocabulary, std::size_t length) {
  std::string text;
  std::uniform_real_distribution<double> u(0, 1);
  for (std::size_t i = 0; i < length; ++i) {
    const auto w = static_cast<std::size_t>(std::pow(u(rng), 2.5) * static_cast<double>(vocabulary));
    if (!text.empty()) text += ' ';
    text += word(w);
  }
  return text;
}

struct Corpus {
  medsearch::testing::TempDir dir;
  std::vector<std::unique_ptr<SegmentIndex>> indexes;
  std::vector<SegmentView> segments;
  std::uint32_t doc_count = 0;
};

std::unique_ptr<Corpus> build_corpus(std::mt19937& rng, std::size_t docs, std::size_t segment_count, std::size_t vocabulary) {
  auto corpus = std::make_unique<Corpus>();
  std::size_t made = 0;
  for (std::size_t s = 0; s < segment_count; ++s) {
    const std::size_t in_segment = s + 1 == segment_count ? docs - made : docs / segment_count;
    SegmentIndexWriter writer;
    for (std::size_t d = 0; d < in_segment; ++d) {
      Article a;
      a.id = std::to_string(made + d);
      a.title = random_text(rng, vocabulary, 3 + rng() % 10);
      if (rng() % 5 != 0) a.abstract.push_back({"", "", random_text(rng, vocabulary, 20 + rng() % 200)});
      if (rng() % 3 == 0) a.keywords = {random_text(rng, vocabulary, 2), random_text(rng, vocabulary, 1)};
      if (rng() % 2 == 0) a.mesh_headings.push_back({"D1", random_text(rng, vocabulary, 2), false, {}});
      writer.add(a);
    }
    const std::string path = corpus->dir.file("s" + std::to_string(s) + ".lex");
    writer.write(path);
    corpus->indexes.push_back(std::make_unique<SegmentIndex>(path));
    corpus->segments.push_back({corpus->indexes.back().get(), static_cast<std::uint32_t>(made)});
    made += in_segment;
  }
  corpus->doc_count = static_cast<std::uint32_t>(made);
  return corpus;
}

TEST(TopK, PrunedEqualsExhaustiveOnRandomCorporaAndQueries) {
  std::mt19937 rng(20261130);
  int compared = 0;
  for (int round = 0; round < 6; ++round) {
    const auto corpus = build_corpus(rng, 300 + rng() % 1500, 1 + rng() % 3, 60 + rng() % 200);
    for (int q = 0; q < 40; ++q) {
      std::vector<QueryTerm> terms;
      const std::size_t n = 1 + rng() % 5;
      for (std::size_t t = 0; t < n; ++t) {
        QueryTerm term;
        term.term = word(rng() % 120);
        term.field_scope = rng() % 4 == 0 ? static_cast<std::uint8_t>(1 + rng() % 15) : 0x0f;
        term.boost = rng() % 3 == 0 ? 0.5f + static_cast<float>(rng() % 4) : 1.0f;
        terms.push_back(term);
      }
      RankingParams params;
      params.model = rng() % 3 == 0 ? RankingModel::TfIdf : RankingModel::Bm25;
      params.k1 = 0.3f + static_cast<float>(rng() % 20) / 10.0f;
      for (std::size_t f = 0; f < kTextFieldCount; ++f) {
        params.b[f] = static_cast<float>(rng() % 11) / 10.0f;
        params.weight[f] = static_cast<float>(rng() % 5) / 2.0f;
      }
      DocSet excluded(corpus->doc_count);
      DocSet allowed(corpus->doc_count);
      // Every third query allows few documents, so the candidate-driven path runs too.
      const unsigned keep_one_in = q % 3 == 2 ? 40 : 1;
      for (std::uint32_t d = 0; d < corpus->doc_count; ++d) {
        if (rng() % 7 == 0) excluded.insert(DocId(d));
        if (!(rng() % 3 == 0 || rng() % keep_one_in != 0)) allowed.insert(DocId(d));
      }
      DocFilter filter{&excluded, q % 3 != 1 ? &allowed : nullptr};
      for (std::size_t k : {1u, 3u, 10u, 50u, 5000u}) {
        const TopKResult fast = top_k(corpus->segments, terms, params, k, filter);
        const TopKResult exact = top_k_exhaustive(corpus->segments, terms, params, k, filter);
        ASSERT_EQ(fast.hits, exact.hits) << "round " << round << " query " << q << " k " << k;
        ++compared;
      }
      // The exhaustive search's match count is the number of accepted docs with a term.
      const TopKResult all = top_k_exhaustive(corpus->segments, terms, params, corpus->doc_count, filter);
      EXPECT_EQ(all.matched, all.hits.size());
    }
  }
  EXPECT_EQ(compared, 6 * 40 * 5);
}

TEST(TopK, ScoresFollowBm25FByHand) {
  medsearch::testing::TempDir dir;
  SegmentIndexWriter writer;
  Article a;
  a.title = "qkax qlox";
  a.abstract.push_back({"", "", "qkax qmix qmix qnux"});
  writer.add(a);
  Article b;
  b.title = "qlox";
  writer.add(b);
  writer.write(dir.file("s.lex"));
  SegmentIndex index(dir.file("s.lex"));
  const std::vector<SegmentView> segments{{&index, 0}};
  RankingParams params;  // k1 1.2, b 0.75, title weight 2, abstract 1
  const TopKResult r = top_k_exhaustive(segments, {{"qkax", 0x0f, 1.0f}}, params, 10, DocFilter{});
  ASSERT_EQ(r.hits.size(), 1u);
  // N = 2, df = 1: idf = ln(1 + 1.5/1.5) = ln 2. Title: len 2, avg 1.5; abstract: len 4, avg 2.
  const double tf_title = 2.0 * 1 / (1 - 0.75 + 0.75 * 2 / 1.5);
  const double tf_abstract = 1.0 * 1 / (1 - 0.75 + 0.75 * 4 / 2.0);
  const double tf_tilde = tf_title + tf_abstract;
  EXPECT_NEAR(r.hits[0].score, std::log(2.0) * tf_tilde / (1.2 + tf_tilde), 1e-5);
  EXPECT_EQ(r.hits[0].doc, DocId(0));
  // Title-only scope: document 1 matches "qlox" in its title, document 0 too.
  const TopKResult titles = top_k(segments, {{"qlox", 0x01, 1.0f}}, params, 10, DocFilter{});
  ASSERT_EQ(titles.hits.size(), 2u);
  EXPECT_EQ(titles.hits[0].doc, DocId(1));  // shorter title scores higher
  // Abstract-only scope: nothing has qlox in its abstract.
  EXPECT_TRUE(top_k(segments, {{"qlox", 0x02, 1.0f}}, params, 10, DocFilter{}).hits.empty());
}

}  // namespace
}  // namespace medsearch::lexical
