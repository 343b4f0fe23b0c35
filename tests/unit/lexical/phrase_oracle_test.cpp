// Oracle test: positional phrase matching equals a brute-force scan of the documents'
// word sequences, on random documents and phrases (including across segments).
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "medsearch/lexical/boolean_match.hpp"
#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"
#include "medsearch/lexical/word_pairs.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::lexical {
namespace {

// Words the analyzer keeps as they are (one token each, no stemming, not stop words).
std::string word(std::size_t i) {
  static const char* kSyllables[] = {"ka", "lo", "mi", "nu", "pe"};
  return std::string("q") + kSyllables[i % 5] + kSyllables[(i / 5) % 5] + "x";
}

// Two segments of documents whose title and abstract are word-id sequences, spelled with
// `spell`; the ids are kept (per document, across both segments) for the brute-force scan.
struct PhraseCorpus {
  std::vector<std::vector<std::size_t>> titles, abstracts;
  std::vector<std::unique_ptr<SegmentIndex>> indexes;
  std::vector<SegmentView> segments;
  std::shared_ptr<const PairWords> pairs;  // what the views' `pairs` point to
};

using DrawWords = std::function<std::pair<std::vector<std::size_t>, std::vector<std::size_t>>()>;

// With `pairs`, the segments also hold word-pair keys for those words (word_pairs.hpp)
// and their views say so, so phrases take the word-pair filters; the brute-force
// expectation is the same either way.
PhraseCorpus build_corpus(const medsearch::testing::TempDir& dir, std::uint32_t docs_per_segment,
                          const DrawWords& draw, std::string (*spell)(std::size_t),
                          const std::shared_ptr<const PairWords>& pairs = nullptr) {
  PhraseCorpus corpus;
  corpus.pairs = pairs;
  for (std::uint32_t s = 0; s < 2; ++s) {
    SegmentIndexWriter writer;
    writer.set_pair_words(pairs);
    for (std::uint32_t d = 0; d < docs_per_segment; ++d) {
      auto [t, b] = draw();
      Article a;
      for (std::size_t w : t) a.title += spell(w) + " ";
      if (!b.empty()) {
        std::string text;
        for (std::size_t w : b) text += spell(w) + " ";
        a.abstract.push_back({"", "", text});
      }
      corpus.titles.push_back(std::move(t));
      corpus.abstracts.push_back(std::move(b));
      writer.add(a);
    }
    const std::string path = dir.file("s" + std::to_string(s) + ".lex");
    writer.write(path);
    corpus.indexes.push_back(std::make_unique<SegmentIndex>(path));
    corpus.segments.push_back({corpus.indexes.back().get(), s * docs_per_segment});
    corpus.segments.back().pairs = pairs.get();
  }
  return corpus;
}

class PhraseMatch : public ::testing::TestWithParam<bool> {
 protected:
  // The pairs run really has pair keys to filter with (else it would test nothing new).
  void expect_pair_keys_when_asked(const PhraseCorpus& corpus) const {
    if (!GetParam()) return;
    const std::string& w = corpus.pairs->words().front();
    std::size_t keys = 0;
    for (const auto& index : corpus.indexes) {
      for (const std::string& v : corpus.pairs->words()) keys += index->find(word_pair_key(w, v)).has_value();
    }
    EXPECT_GT(keys, 0u);
  }

  // Pair words for the parameterised run: words 0 to `count`-1 spelled by `spell`.
  std::shared_ptr<const PairWords> pairs(std::size_t count, std::string (*spell)(std::size_t)) const {
    if (!GetParam()) return nullptr;
    std::vector<std::string> words;
    for (std::size_t i = 0; i < count; ++i) words.push_back(spell(i));
    return std::make_shared<const PairWords>(std::move(words));
  }
};

TEST_P(PhraseMatch, EqualsBruteForceScan) {
  std::mt19937 rng(11);
  medsearch::testing::TempDir dir;
  const PhraseCorpus corpus = build_corpus(dir, 400, [&] {
    std::vector<std::size_t> t, b;
    for (std::size_t i = 0, n = 2 + rng() % 8; i < n; ++i) t.push_back(rng() % 12);
    for (std::size_t i = 0, n = rng() % 40; i < n; ++i) b.push_back(rng() % 12);
    return std::pair{t, b};
  }, word, pairs(8, word));  // 8 of the 12 words: phrases with and without filters
  const auto& [titles, abstracts, indexes, segments, pair_words] = corpus;
  expect_pair_keys_when_asked(corpus);
  auto contains = [](const std::vector<std::size_t>& words, const std::vector<std::size_t>& phrase) {
    return std::search(words.begin(), words.end(), phrase.begin(), phrase.end()) != words.end();
  };
  for (int q = 0; q < 300; ++q) {
    std::vector<std::size_t> phrase;
    for (std::size_t i = 0, n = 2 + rng() % 2; i < n; ++i) phrase.push_back(rng() % 12);
    const std::uint8_t scope = q % 3 == 0 ? 0x01 : (q % 3 == 1 ? 0x02 : 0x0f);
    MatchNode node;
    node.kind = MatchNode::Kind::Phrase;
    node.scope = scope;
    for (std::size_t i = 0; i < phrase.size(); ++i) node.slots.push_back({static_cast<std::uint32_t>(i), {word(phrase[i])}});
    const DocSet got = match(segments, node, 800);
    for (std::uint32_t d = 0; d < 800; ++d) {
      const bool expected = ((scope & 0x01) && contains(titles[d], phrase)) || ((scope & 0x02) && contains(abstracts[d], phrase));
      const bool actual = got.contains(DocId(d));
      ASSERT_EQ(actual, expected) << "query " << q << " doc " << d;
    }
  }
  // Two words after a leading stop word (offsets 1 and 2): the first must not be the
  // field's first word, which the pair keys alone cannot tell.
  auto contains_after_first = [](const std::vector<std::size_t>& words, const std::vector<std::size_t>& phrase) {
    return words.size() > 1 && std::search(words.begin() + 1, words.end(), phrase.begin(), phrase.end()) != words.end();
  };
  std::size_t only_at_start = 0;  // documents with the phrase, but only as the field's first words
  for (int q = 0; q < 100; ++q) {
    const std::vector<std::size_t> phrase = {rng() % 8, rng() % 8};  // pair words
    MatchNode node;
    node.kind = MatchNode::Kind::Phrase;
    node.scope = 0x0f;
    node.slots = {{1, {word(phrase[0])}}, {2, {word(phrase[1])}}};
    const DocSet got = match(segments, node, 800);
    for (std::uint32_t d = 0; d < 800; ++d) {
      const bool expected = contains_after_first(titles[d], phrase) || contains_after_first(abstracts[d], phrase);
      only_at_start += !expected && (contains(titles[d], phrase) || contains(abstracts[d], phrase));
      ASSERT_EQ(got.contains(DocId(d)), expected) << "offset 1, query " << q << " doc " << d;
    }
  }
  EXPECT_GT(only_at_start, 0u);
}

// Long abstracts (up to 900 words) with rare words, so that position gaps take two-byte
// varints and a posting's positions span many bytes; slots with two alternatives (the
// union of their cursors). Exercises skipping earlier postings' and fields' positions.
std::string word3(std::size_t i) {
  static const char* kSyllables[] = {"ka", "lo", "mi", "nu", "pe"};
  return std::string("q") + kSyllables[i % 5] + kSyllables[(i / 5) % 5] + kSyllables[(i / 25) % 5] + "x";
}

TEST_P(PhraseMatch, LongDocumentsAndAlternativesEqualBruteForceScan) {
  std::mt19937 rng(23);
  medsearch::testing::TempDir dir;
  constexpr std::uint32_t kDocsPerSegment = 300;
  auto draw = [&] { return rng() % 5 != 0 ? rng() % 8 : 8 + rng() % 117; };  // 8 common words, 117 rare
  const PhraseCorpus corpus = build_corpus(dir, kDocsPerSegment, [&] {
    std::vector<std::size_t> t, b;
    for (std::size_t i = 0, n = 2 + rng() % 10; i < n; ++i) t.push_back(draw());
    for (std::size_t i = 0, n = rng() % 4 == 0 ? 0 : rng() % 900; i < n; ++i) b.push_back(draw());
    return std::pair{t, b};
  }, word3, pairs(8, word3));  // the 8 common words
  const auto& [titles, abstracts, indexes, segments, pair_words] = corpus;
  expect_pair_keys_when_asked(corpus);
  // slots[i]: the words allowed at offset i.
  auto contains = [](const std::vector<std::size_t>& words, const std::vector<std::vector<std::size_t>>& slots) {
    for (std::size_t p = 0; p + slots.size() <= words.size(); ++p) {
      bool all = true;
      for (std::size_t i = 0; i < slots.size() && all; ++i) {
        all = std::find(slots[i].begin(), slots[i].end(), words[p + i]) != slots[i].end();
      }
      if (all) return true;
    }
    return false;
  };
  std::size_t matched = 0;
  for (int q = 0; q < 200; ++q) {
    std::vector<std::vector<std::size_t>> slots;
    for (std::size_t i = 0, n = 2 + rng() % 2; i < n; ++i) {
      slots.push_back({draw()});
      if (rng() % 3 == 0) slots.back().push_back(draw());
    }
    const std::uint8_t scope = q % 3 == 0 ? 0x01 : (q % 3 == 1 ? 0x02 : 0x0f);
    MatchNode node;
    node.kind = MatchNode::Kind::Phrase;
    node.scope = scope;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      std::vector<std::string> terms;
      for (std::size_t w : slots[i]) terms.push_back(word3(w));
      node.slots.push_back({static_cast<std::uint32_t>(i), terms});
    }
    const DocSet got = match(segments, node, 2 * kDocsPerSegment);
    for (std::uint32_t d = 0; d < 2 * kDocsPerSegment; ++d) {
      const bool expected = ((scope & 0x01) && contains(titles[d], slots)) || ((scope & 0x02) && contains(abstracts[d], slots));
      ASSERT_EQ(got.contains(DocId(d)), expected) << "query " << q << " doc " << d;
      matched += expected;
    }
  }
  EXPECT_GT(matched, 1000u);  // the phrases are not all misses
}

INSTANTIATE_TEST_SUITE_P(WordPairs, PhraseMatch, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) { return info.param ? "WithPairKeys" : "PositionsOnly"; });

}  // namespace
}  // namespace medsearch::lexical
