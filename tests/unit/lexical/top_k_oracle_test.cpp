// Oracle tests: the pruned top-k search returns exactly what exhaustive scoring returns,
// on randomised corpora, queries, parameters, filters and segmentations.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"
#include "medsearch/lexical/top_k.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::lexical {
namespace {

// Words the analyzer keeps as they are (no stemming changes, no stop words): q, a syllable
// per decimal digit of i (at least two), x.
std::string word(std::size_t i) {
  static const char* kSyllables[] = {"ka", "lo", "mi", "nu", "pe", "ro", "si", "tu", "va", "ze"};
  std::string w = std::string("q") + kSyllables[i % 10] + kSyllables[(i / 10) % 10];
  for (i /= 100; i > 0; i /= 10) w += kSyllables[i % 10];
  return w + "x";
}

// Zipf-like word choice: a few frequent words, a long tail. With `shift`, the tail (all but
// the 20 most frequent words) is rotated, so a drifting corpus changes its topics.
std::string random_text(std::mt19937& rng, std::size_t vocabulary, std::size_t length, std::size_t shift = 0) {
  std::string text;
  std::uniform_real_distribution<double> u(0, 1);
  for (std::size_t i = 0; i < length; ++i) {
    auto w = static_cast<std::size_t>(std::pow(u(rng), 2.5) * static_cast<double>(vocabulary));
    if (w >= 20 && vocabulary > 20) w = 20 + (w - 20 + shift) % (vocabulary - 20);
    if (!text.empty()) text += ' ';
    text += word(w);
  }
  return text;
}

Article random_article(std::mt19937& rng, std::size_t vocabulary) {
  Article a;
  a.title = random_text(rng, vocabulary, 3 + rng() % 10);
  if (rng() % 5 != 0) a.abstract.push_back({"", "", random_text(rng, vocabulary, 20 + rng() % 200)});
  if (rng() % 3 == 0) a.keywords = {random_text(rng, vocabulary, 2), random_text(rng, vocabulary, 1)};
  if (rng() % 2 == 0) a.mesh_headings.push_back({"D1", random_text(rng, vocabulary, 2), false, {}});
  return a;
}

// A document of era 0..7 of a corpus that drifts as PubMed does over the years: the first
// two eras are title-only records with longer titles, later eras have ever longer
// abstracts, and each era has its own topics. Scores then differ from block to block,
// which is what block-max bounds exploit (uniformly random documents give every block of
// a list about the same bound).
Article drifting_article(std::mt19937& rng, std::size_t vocabulary, std::size_t era) {
  Article a;
  const std::size_t shift = era * vocabulary / 8;
  a.title = random_text(rng, vocabulary, (era < 2 ? 8 : 3) + rng() % 10, shift);
  if (era >= 2) a.abstract.push_back({"", "", random_text(rng, vocabulary, 8 * era + rng() % 40, shift)});
  if (era >= 4 && rng() % 2 == 0) a.keywords = {random_text(rng, vocabulary, 2, shift)};
  if (rng() % 2 == 0) a.mesh_headings.push_back({"D1", random_text(rng, vocabulary, 2, shift), false, {}});
  return a;
}

struct Corpus {
  medsearch::testing::TempDir dir;
  std::vector<std::unique_ptr<SegmentIndex>> indexes;
  std::vector<SegmentView> segments;
  std::uint32_t doc_count = 0;
};

std::unique_ptr<Corpus> build_corpus(std::mt19937& rng, std::size_t docs, std::size_t segment_count, std::size_t vocabulary,
                                     bool drifting = false) {
  auto corpus = std::make_unique<Corpus>();
  std::size_t made = 0;
  for (std::size_t s = 0; s < segment_count; ++s) {
    const std::size_t in_segment = s + 1 == segment_count ? docs - made : docs / segment_count;
    SegmentIndexWriter writer;
    for (std::size_t d = 0; d < in_segment; ++d) {
      Article a = drifting ? drifting_article(rng, vocabulary, (made + d) * 8 / docs) : random_article(rng, vocabulary);
      a.id = std::to_string(made + d);
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

// 1..max_terms query terms among words [0, words), a quarter with a narrower field scope,
// a third boosted.
std::vector<QueryTerm> random_terms(std::mt19937& rng, std::size_t max_terms, std::size_t words) {
  std::vector<QueryTerm> terms;
  const std::size_t n = 1 + rng() % max_terms;
  for (std::size_t t = 0; t < n; ++t) {
    QueryTerm term;
    term.term = word(rng() % words);
    term.field_scope = rng() % 4 == 0 ? static_cast<std::uint8_t>(1 + rng() % 15) : 0x0f;
    term.boost = rng() % 3 == 0 ? 0.5f + static_cast<float>(rng() % 4) : 1.0f;
    terms.push_back(term);
  }
  return terms;
}

// BM25F in two of three, TF-IDF otherwise; random k1, b and field weights (some zero).
RankingParams random_params(std::mt19937& rng) {
  RankingParams params;
  params.model = rng() % 3 == 0 ? RankingModel::TfIdf : RankingModel::Bm25;
  params.k1 = 0.3f + static_cast<float>(rng() % 20) / 10.0f;
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    params.b[f] = static_cast<float>(rng() % 11) / 10.0f;
    params.weight[f] = static_cast<float>(rng() % 5) / 2.0f;
  }
  return params;
}

// Dead documents (one in seven) and an allowed set: one in three documents plus, unless
// `sparse`, two in three of the rest (sparse: one in 40 of the rest).
struct RandomFilter {
  DocSet excluded;
  DocSet allowed;
  RandomFilter(std::mt19937& rng, std::uint32_t doc_count, bool sparse) : excluded(doc_count), allowed(doc_count) {
    const unsigned keep_one_in = sparse ? 40 : 1;
    for (std::uint32_t d = 0; d < doc_count; ++d) {
      if (rng() % 7 == 0) excluded.insert(DocId(d));
      if (!(rng() % 3 == 0 || rng() % keep_one_in != 0)) allowed.insert(DocId(d));
    }
  }
};

TEST(TopK, PrunedEqualsExhaustiveOnRandomCorporaAndQueries) {
  std::mt19937 rng(20261130);
  int compared = 0;
  for (int round = 0; round < 6; ++round) {
    const auto corpus = build_corpus(rng, 300 + rng() % 1500, 1 + rng() % 3, 60 + rng() % 200);
    for (int q = 0; q < 40; ++q) {
      const std::vector<QueryTerm> terms = random_terms(rng, 5, 120);
      const RankingParams params = random_params(rng);
      // Every third query allows few documents, so the candidate-driven path runs too.
      const RandomFilter random_filter(rng, corpus->doc_count, q % 3 == 2);
      const DocFilter filter{&random_filter.excluded, q % 3 != 1 ? &random_filter.allowed : nullptr};
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

// Lists of hundreds of blocks, so block-max pruning (whole windows of blocks skipped,
// candidates dropped by block bounds) decides most documents: 20,000 documents in three
// segments that drift over time, and 8,000 uniformly random ones in one segment.
TEST(TopK, BlockMaxEqualsExhaustiveOnLargeCorpora) {
  std::mt19937 rng(20261204);
  std::uint64_t evaluated_fast = 0, evaluated_exact = 0;
  for (const bool drifting : {true, false}) {
    const auto corpus = drifting ? build_corpus(rng, 20000, 3, 2000, true) : build_corpus(rng, 8000, 1, 400);
    for (int q = 0; q < 30; ++q) {
      // Frequent words in most queries (long lists), the tail in some.
      const std::vector<QueryTerm> terms = random_terms(rng, 4, q % 3 == 0 ? 2000 : 60);
      const RankingParams params = q % 4 == 0 ? RankingParams{} : random_params(rng);
      // Every third query allows few documents: they are the candidates (sparse_candidates),
      // pruned by the same block bounds.
      const RandomFilter random_filter(rng, corpus->doc_count, q % 3 == 2);
      const DocFilter filter = q % 2 == 0 || q % 3 == 2 ? DocFilter{&random_filter.excluded, &random_filter.allowed}
                                                        : DocFilter{&random_filter.excluded, nullptr};
      // The exhaustive top 100 in the one total order: its first k are the top k.
      const TopKResult exact = top_k_exhaustive(corpus->segments, terms, params, 100, filter);
      for (std::size_t k : {1u, 10u, 100u}) {
        const TopKResult fast = top_k(corpus->segments, terms, params, k, filter);
        const RankedList want(exact.hits.begin(), exact.hits.begin() + std::min(k, exact.hits.size()));
        ASSERT_EQ(fast.hits, want) << "drifting " << drifting << " query " << q << " k " << k;
        EXPECT_LE(fast.evaluated, exact.evaluated);
        evaluated_fast += fast.evaluated;
        evaluated_exact += exact.evaluated;
      }
    }
  }
  EXPECT_LT(evaluated_fast * 2, evaluated_exact);
}

// The segments split over several threads (SegmentSplit, min_docs and min_part_docs 0 so
// that these corpora take the split): the same lists as the exhaustive search, ties across
// the parts included (the small vocabularies make many equal scores), whether a helper or
// the caller searched an offered part. Where a cut falls inside a segment, two parts
// search a piece of it each; round 4 is a single segment (as after a merge), cut in two;
// rounds 5 and 6 cut into four parts (three helpers).
TEST(TopK, SegmentsSplitOverTwoThreadsEqualExhaustive) {
  std::mt19937 rng(20261205);
  HelperThreads one_helper(1), three_helpers(3);
  int compared = 0, cut_inside = 0;
  for (int round = 0; round < 7; ++round) {
    const SegmentSplit split{round < 5 ? &one_helper : &three_helpers, 0, 0};
    const std::size_t segments = round == 0 ? 3 : round == 4 ? 1 : 2 + rng() % 3;
    const auto corpus = round == 0 ? build_corpus(rng, 20000, 3, 2000, true) : build_corpus(rng, 1500 + rng() % 1500, segments, 80);
    const std::vector<std::vector<SegmentView>> parts = split_segments(corpus->segments, split);
    ASSERT_EQ(parts.size(), round < 5 ? 2u : 4u);
    for (std::size_t p = 1; p < parts.size(); ++p) cut_inside += parts[p].front().begin > 0;
    for (int q = 0; q < 25; ++q) {
      const std::vector<QueryTerm> terms = random_terms(rng, 4, q % 3 == 0 ? 2000 : 60);
      const RankingParams params = q % 4 == 0 ? RankingParams{} : random_params(rng);
      const RandomFilter random_filter(rng, corpus->doc_count, false);
      const DocFilter filter{&random_filter.excluded, q % 2 == 0 ? &random_filter.allowed : nullptr};
      for (std::size_t k : {1u, 10u, 100u}) {
        const TopKResult exact = top_k_exhaustive(corpus->segments, terms, params, k, filter);
        const TopKResult fast = top_k(corpus->segments, terms, params, k, filter, nullptr, Deadline(), split);
        ASSERT_EQ(fast.hits, exact.hits) << "round " << round << " query " << q << " k " << k;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 7 * 25 * 3);
  EXPECT_GE(cut_inside, 4);  // round 0 (3 segments of 6,666–6,668), round 4 (one segment), most 4-part cuts
}

// A one-term query is where list-wide MaxScore cannot prune: the list's bound is at least
// every score, hence above the threshold, so it stays essential and every posting is
// scored (the search before block-max evaluated all 20,000 here). The term is in every
// document, so block b holds documents [128 b, 128 b + 127] of its segment: in one block
// of 20 the documents have it only in their title, j + 1 times for the j-th such block
// (the later, the higher the score; all 128 tie, so the top k are a block's first k), in
// the others once in a long abstract (low scores). Block-max skips the low blocks whole,
// landing on the first document of the next high block, which must not be lost.
TEST(TopK, BlockMaxSkipsBlocksThatListBoundsCannot) {
  std::mt19937 rng(11);
  medsearch::testing::TempDir dir;
  std::vector<std::unique_ptr<SegmentIndex>> indexes;
  std::vector<SegmentView> segments;
  std::size_t high_blocks = 0;
  for (std::uint32_t s = 0; s < 2; ++s) {
    SegmentIndexWriter writer;
    for (std::uint32_t d = 0; d < 10000; ++d) {
      Article a;
      if (d / kBlockDocs % 20 == 7) {
        if (d % kBlockDocs == 0) ++high_blocks;
        for (std::size_t i = 0; i < high_blocks; ++i) a.title += "qzzx ";
      } else {
        a.title = random_text(rng, 50, 5 + rng() % 8);
        a.abstract.push_back({"", "", random_text(rng, 50, 40 + rng() % 40) + " qzzx"});
      }
      writer.add(a);
    }
    writer.write(dir.file("s" + std::to_string(s) + ".lex"));
    indexes.push_back(std::make_unique<SegmentIndex>(dir.file("s" + std::to_string(s) + ".lex")));
    segments.push_back({indexes.back().get(), s * 10000});
  }
  for (const auto& terms : {std::vector<QueryTerm>{{"qzzx", 0x0f, 1.0f}},
                            std::vector<QueryTerm>{{"qzzx", 0x0f, 1.0f}, {"qzzx", 0x01, 0.5f}}}) {
    for (std::size_t k : {1u, 10u, 100u}) {
      const TopKResult fast = top_k(segments, terms, RankingParams{}, k, DocFilter{});
      const TopKResult exact = top_k_exhaustive(segments, terms, RankingParams{}, k, DocFilter{});
      ASSERT_EQ(fast.hits, exact.hits) << k;
      EXPECT_EQ(exact.hits.front().doc, DocId(10000 + 67 * kBlockDocs));  // the last high block's first
      EXPECT_EQ(exact.evaluated, 20000u);
      EXPECT_LT(fast.evaluated, 20000u / 5) << "k " << k << ", " << terms.size() << " terms";
    }
    // An allowed set of one document in ten (2,000 of 20,000 postings or more: scored one
    // by one as candidates) is pruned by the same block bounds.
    DocSet allowed(20000);
    for (std::uint32_t d = 3; d < 20000; d += 10) allowed.insert(DocId(d));
    const DocFilter filter{nullptr, &allowed};
    const std::uint32_t last_high = 10000 + 67 * kBlockDocs;
    for (std::size_t k : {1u, 10u, 100u}) {
      const TopKResult fast = top_k(segments, terms, RankingParams{}, k, filter);
      const TopKResult exact = top_k_exhaustive(segments, terms, RankingParams{}, k, filter);
      ASSERT_EQ(fast.hits, exact.hits) << k;
      EXPECT_EQ(exact.hits.front().doc, DocId(allowed.next_from(last_high)));  // its first allowed one
      // Until k allowed documents of high blocks are found, every candidate is scored:
      // about 13 per high block, so k = 100 scores nearly all.
      if (k <= 10) EXPECT_LT(fast.evaluated, 2000u / 5) << "k " << k << ", " << terms.size() << " terms";
    }
  }
}

// Two words whose best documents hold both: where the other lists' block bounds cannot
// beat the threshold without a non-essential list, that list is required, and the essential
// list's candidates jump to its next document, but only to the end of the window where
// those block bounds hold. k = 1; qaax's list bound is below the threshold, so only qbbx
// is essential:
//   0–127      both words in a long abstract: the threshold (0.81);
//   128–255    qbbx alone in a longer abstract (block bound 0.23): the window's bounds with
//              qaax's next block (0.70, documents 1000–1127) reach the threshold, so the
//              window is not skipped whole, but qbbx alone cannot: qaax is required, and
//              its next document is 1000;
//   300        qbbx alone five times in a short title (1.79), the best, in qbbx's next
//              block: a jump straight to 1000 loses it (checked by mutation).
TEST(TopK, ARequiredListsJumpStopsAtTheWindowsEnd) {
  medsearch::testing::TempDir dir;
  std::mt19937 rng(29);
  SegmentIndexWriter writer;
  const auto filler = [&](std::size_t words) { return random_text(rng, 40, words); };
  for (std::uint32_t d = 0; d < 2000; ++d) {
    Article a;
    a.title = filler(4);
    if (d < 128) {
      a.abstract.push_back({"", "", filler(150) + " qaax " + filler(150) + " qbbx"});
    } else if (d < 256) {
      a.abstract.push_back({"", "", filler(300) + " qbbx " + filler(300)});
    } else if (d == 300) {
      a.title = "qbbx qbbx qbbx qbbx qbbx";
    } else if (d >= 1000 && d < 1128) {
      a.abstract.push_back({"", "", filler(130) + " qaax"});
    } else {
      a.abstract.push_back({"", "", filler(8)});  // short: the long abstracts above score low
    }
    writer.add(a);
  }
  writer.write(dir.file("s.lex"));
  SegmentIndex index(dir.file("s.lex"));
  const std::vector<SegmentView> segments{{&index, 0}};
  const std::vector<QueryTerm> terms{{"qaax", 0x0f, 1.0f}, {"qbbx", 0x0f, 1.0f}};
  for (std::size_t k : {1u, 2u}) {
    const TopKResult exact = top_k_exhaustive(segments, terms, RankingParams{}, k, DocFilter{});
    ASSERT_EQ(exact.hits.front().doc, DocId(300));
    EXPECT_EQ(top_k(segments, terms, RankingParams{}, k, DocFilter{}).hits, exact.hits) << k;
  }
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
  // N = 2, df = 1: idf = ln(1 + 1.5/1.5) = ln 2. Title: len 2, avg 1.5; abstract: len 4,
  // avg 4 — over the documents that have an abstract (Lucene's avgFieldLength), not 4/2.
  const double tf_title = 2.0 * 1 / (1 - 0.75 + 0.75 * 2 / 1.5);
  const double tf_abstract = 1.0 * 1 / (1 - 0.75 + 0.75 * 4 / 4.0);
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
