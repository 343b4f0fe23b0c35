// Oracle test: phrase search through the Searcher (ranked free text and Boolean, with
// replaced and deleted citations, several segments) returns exactly the live citations
// that a brute-force scan of their word sequences says hold the phrase. The index is large
// enough for every query word to span several 128-posting blocks per segment, so the
// cursors skip blocks and read positions from the middle of blocks; keywords and abstract
// sections are multi-valued fields (a phrase must not span two values); phrases repeat
// words ("a a b").
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

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

constexpr std::size_t kWords = 7;

// Words the analyzer keeps as they are (one token each, no stemming, not stop words).
std::string word(std::size_t i) {
  static const char* kSyllables[] = {"ka", "lo", "mi", "nu", "pe", "ro", "su"};
  return std::string("q") + kSyllables[i % 7] + kSyllables[(i / 7) % 7] + "x";
}

using Value = std::vector<std::size_t>;  // word ids of one field value

// The brute-force view of one citation: per field (title, abstract, keywords, MeSH) its values.
struct Doc {
  std::array<std::vector<Value>, 4> fields;
};

std::string spell(const Value& v) {
  std::string out;
  for (std::size_t w : v) out += word(w) + " ";
  return out;
}

FixtureCitation to_citation(const std::string& pmid, const Doc& d) {
  FixtureCitation c;
  c.pmid = pmid;
  c.title = spell(d.fields[0].at(0));
  c.abstract = "";  // sections go into article_xml below
  if (!d.fields[1].empty()) {
    c.article_xml = "<Abstract>";
    for (const Value& v : d.fields[1]) c.article_xml += "<AbstractText>" + spell(v) + "</AbstractText>";
    c.article_xml += "</Abstract>";
  }
  if (!d.fields[2].empty()) {
    c.citation_xml += "<KeywordList Owner=\"NOTNLM\">";
    for (const Value& v : d.fields[2]) c.citation_xml += "<Keyword MajorTopicYN=\"N\">" + spell(v) + "</Keyword>";
    c.citation_xml += "</KeywordList>";
  }
  if (!d.fields[3].empty()) {
    c.citation_xml += "<MeshHeadingList>";
    for (const Value& v : d.fields[3]) {
      c.citation_xml += "<MeshHeading><DescriptorName UI=\"D1\" MajorTopicYN=\"N\">" + spell(v) + "</DescriptorName></MeshHeading>";
    }
    c.citation_xml += "</MeshHeadingList>";
  }
  return c;
}

bool value_holds(const Value& v, const Value& phrase) {
  return std::search(v.begin(), v.end(), phrase.begin(), phrase.end()) != v.end();
}

bool doc_holds(const Doc& d, const Value& phrase, std::uint8_t scope) {
  for (std::size_t f = 0; f < 4; ++f) {
    if ((scope >> f & 1) == 0) continue;
    for (const Value& v : d.fields[f]) {
      if (value_holds(v, phrase)) return true;
    }
  }
  return false;
}

// Parameter: whether the index has pair words (word-pair keys; with them, phrases of
// those words are filtered by the pair lists first).
class PhraseSearchOracle : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    std::mt19937 rng(97);
    // Skewed word frequencies: word 0 is in nearly every document, the last in few.
    auto draw_word = [&] { return std::min<std::size_t>(kWords - 1, static_cast<std::size_t>(std::geometric_distribution<int>(0.35)(rng))); };
    auto draw_value = [&](std::size_t min_len, std::size_t max_len) {
      Value v;
      for (std::size_t i = 0, n = min_len + rng() % (max_len - min_len + 1); i < n; ++i) v.push_back(draw_word());
      return v;
    };
    auto draw_doc = [&] {
      Doc d;
      d.fields[0].push_back(draw_value(2, 8));
      for (std::size_t i = 0, n = rng() % 3; i < n; ++i) d.fields[1].push_back(draw_value(3, 60));
      for (std::size_t i = 0, n = rng() % 4; i < n; ++i) d.fields[2].push_back(draw_value(1, 3));
      for (std::size_t i = 0, n = rng() % 3; i < n; ++i) d.fields[3].push_back(draw_value(1, 2));
      return d;
    };
    // File 1: kDocs citations. File 2: replaces one in eight (new text) and deletes one in 20.
    std::vector<FixtureCitation> first, second;
    std::vector<std::string> deleted;
    for (std::size_t i = 1; i <= kDocs; ++i) {
      docs_[i] = draw_doc();
      first.push_back(to_citation(std::to_string(i), docs_[i]));
    }
    for (std::size_t i = 1; i <= kDocs; ++i) {
      if (i % 8 == 3) {
        docs_[i] = draw_doc();
        second.push_back(to_citation(std::to_string(i), docs_[i]));
      } else if (i % 20 == 7) {
        docs_.erase(i);
        deleted.push_back(std::to_string(i));
      }
    }
    // The first version in four files of 600 (a batch, and so a segment, per file), then
    // the replacements and deletions: five segments, merges off.
    IngestOptions options;
    options.checkpoint_docs = 600;
    options.compact_dead_fraction = 0;  // keep the dead postings: the filter must drop them
    options.merge_policy.merge_factor = 0;
    if (!GetParam()) options.pair_words.max_words = 0;
    std::vector<std::string> files;
    for (std::size_t part = 0; part < 4; ++part) {
      const std::vector<FixtureCitation> slice(first.begin() + part * 600, first.begin() + (part + 1) * 600);
      files.push_back(tmp_.write("a" + std::to_string(part) + ".xml", pubmed_xml(slice)));
    }
    files.push_back(tmp_.write("b.xml", pubmed_xml(second, deleted)));
    Indexer(tmp_.file("idx"), options).ingest(files, nullptr, nullptr);
    index_ = std::make_unique<IndexReader>(tmp_.file("idx"));
    searcher_ = std::make_unique<Searcher>(*index_);
  }

  // Every hit of `query`, page by page.
  std::set<std::string> all_hits(const std::string& query) {
    std::set<std::string> out;
    SearchRequest request;
    request.query = query;
    request.limit = kMaxLimit;
    request.snippets = false;
    request.fetch_documents = false;
    for (;; request.offset += kMaxLimit) {
      const SearchResponse response = searcher_->search(request);
      for (const SearchHit& hit : response.hits) out.insert(hit.id);
      if (response.hits.size() < kMaxLimit) break;
    }
    return out;
  }

  std::set<std::string> expected(const std::function<bool(const Doc&)>& holds) const {
    std::set<std::string> out;
    for (const auto& [pmid, doc] : docs_) {
      if (holds(doc)) out.insert(std::to_string(pmid));
    }
    return out;
  }

  static constexpr std::size_t kDocs = 2400;
  TempDir tmp_;
  std::map<std::size_t, Doc> docs_;  // live citations by PMID, latest version
  std::unique_ptr<IndexReader> index_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_P(PhraseSearchOracle, RankedAndBooleanPhrasesEqualBruteForceScan) {
  ASSERT_GE(index_->lexical_segments().size(), 4u);
  // Every word is in more than 1% of the sample (the first 10,000 articles): all are pair
  // words, and every segment, the replacements' included, holds their pairs.
  EXPECT_EQ(index_->manifest().pair_words.size(), GetParam() ? kWords : 0u);
  for (const lexical::SegmentView& s : index_->lexical_segments()) EXPECT_EQ(s.pairs != nullptr, GetParam());
  std::mt19937 rng(5);
  struct Tag {
    const char* suffix;
    std::uint8_t scope;
  };
  const Tag tags[] = {{"", 0x0f}, {"[ti]", 0x01}, {"[tiab]", 0x03}, {"[ot]", 0x04}};
  std::size_t nonempty = 0;
  for (int q = 0; q < 60; ++q) {
    Value phrase, other;
    for (std::size_t i = 0, n = 2 + rng() % 2; i < n; ++i) phrase.push_back(rng() % kWords);
    if (q % 5 == 0) phrase = {phrase[0], phrase[0], phrase[1]};  // a repeated word: "a a b"
    for (std::size_t i = 0; i < 2; ++i) other.push_back(rng() % kWords);
    const Tag& tag = tags[q % 4];
    const std::string quoted = "\"" + spell(phrase) + "\"" + tag.suffix;
    const std::string other_quoted = "\"" + spell(other) + "\"";

    // Ranked free text: the phrase is required.
    const auto want = expected([&](const Doc& d) { return doc_holds(d, phrase, tag.scope); });
    ASSERT_EQ(all_hits(quoted), want) << quoted;
    nonempty += !want.empty();
    // The first page of the ranking: ten of them.
    SearchRequest top;
    top.query = quoted;
    top.fetch_documents = false;
    const auto page = searcher_->search(top).hits;
    EXPECT_EQ(page.size(), std::min<std::size_t>(10, want.size())) << quoted;
    for (const SearchHit& hit : page) EXPECT_TRUE(want.count(hit.id)) << quoted << " " << hit.id;

    // Boolean: two phrases.
    ASSERT_EQ(all_hits(quoted + " AND " + other_quoted),
              expected([&](const Doc& d) { return doc_holds(d, phrase, tag.scope) && doc_holds(d, other, 0x0f); }))
        << quoted << " AND " << other_quoted;
    ASSERT_EQ(all_hits(quoted + " NOT " + other_quoted),
              expected([&](const Doc& d) { return doc_holds(d, phrase, tag.scope) && !doc_holds(d, other, 0x0f); }))
        << quoted << " NOT " << other_quoted;
  }
  EXPECT_GT(nonempty, 30u);  // most phrases occur
}

INSTANTIATE_TEST_SUITE_P(WordPairs, PhraseSearchOracle, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) { return info.param ? "WithPairKeys" : "PositionsOnly"; });

}  // namespace
}  // namespace medsearch::engine
