// Oracle tests: a Boolean match tree evaluated with its segments split over two threads
// (lexical::match with a SegmentSplit) equals a brute-force scan of the documents' words,
// and equals the one-thread evaluation; And and Not over field-scoped terms equal the scan. The trees mix term, phrase, All and Docs leaves
// under And, Or and Not: All and Not reach documents outside a half's own segments, which
// is what the join must cut away.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

#include "medsearch/core/helper_threads.hpp"
#include "medsearch/lexical/boolean_match.hpp"
#include "medsearch/lexical/fields.hpp"
#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::lexical {
namespace {

constexpr std::size_t kWords = 9;

// Words the analyzer keeps as they are (one token each, no stemming, not stop words).
std::string word(std::size_t i) {
  static const char* kSyllables[] = {"ka", "lo", "mi"};
  return std::string("z") + kSyllables[i % 3] + kSyllables[(i / 3) % 3] + "x";
}

using Words = std::vector<std::size_t>;

struct Doc {
  Words title, abstract;
};

// Three segments of unequal size, so that the parts are not whole segments.
struct Corpus {
  std::vector<Doc> docs;
  std::vector<std::unique_ptr<SegmentIndex>> indexes;
  std::vector<SegmentView> segments;
};

Corpus build_corpus(const medsearch::testing::TempDir& dir, std::mt19937& rng) {
  Corpus corpus;
  const std::uint32_t sizes[] = {700, 300, 500};
  auto draw = [&](std::size_t min_len, std::size_t max_len) {
    Words w;
    for (std::size_t i = 0, n = min_len + rng() % (max_len - min_len + 1); i < n; ++i) {
      w.push_back(std::min<std::size_t>(kWords - 1, std::geometric_distribution<int>(0.3)(rng)));
    }
    return w;
  };
  for (std::size_t s = 0; s < 3; ++s) {
    SegmentIndexWriter writer;
    const auto base = static_cast<std::uint32_t>(corpus.docs.size());
    for (std::uint32_t d = 0; d < sizes[s]; ++d) {
      Doc doc{draw(1, 6), draw(0, 30)};
      Article a;
      for (std::size_t w : doc.title) a.title += word(w) + " ";
      if (!doc.abstract.empty()) {
        std::string text;
        for (std::size_t w : doc.abstract) text += word(w) + " ";
        a.abstract.push_back({"", "", text});
      }
      writer.add(a);
      corpus.docs.push_back(std::move(doc));
    }
    const std::string path = dir.file("s" + std::to_string(s) + ".lex");
    writer.write(path);
    corpus.indexes.push_back(std::make_unique<SegmentIndex>(path));
    corpus.segments.push_back({corpus.indexes.back().get(), base});
  }
  return corpus;
}

bool holds_phrase(const Words& words, const Words& phrase) {
  return std::search(words.begin(), words.end(), phrase.begin(), phrase.end()) != words.end();
}

// A random tree and, beside it, its brute-force predicate over (DocId, Doc).
struct Tree {
  MatchNode node;
  std::function<bool(std::uint32_t, const Doc&)> holds;
};

Tree random_tree(std::mt19937& rng, std::uint32_t doc_count, int depth) {
  Tree t;
  const unsigned pick = depth == 0 ? rng() % 4 : rng() % 7;
  switch (pick) {
    case 0: {  // one or two terms, in the title, the abstract or either
      Words any{rng() % kWords};
      if (rng() % 2) any.push_back(rng() % kWords);
      const std::uint8_t scopes[] = {0x0f, 0x0f, 0x01, 0x02};
      const std::uint8_t scope = scopes[rng() % 4];
      t.node.kind = MatchNode::Kind::Keys;
      t.node.scope = scope;
      for (std::size_t w : any) t.node.keys.push_back(make_key(KeySpace::Prose, word(w)));
      t.holds = [any, scope](std::uint32_t, const Doc& d) {
        for (std::size_t w : any) {
          if ((scope & 0x01) && std::count(d.title.begin(), d.title.end(), w)) return true;
          if ((scope & 0x02) && std::count(d.abstract.begin(), d.abstract.end(), w)) return true;
        }
        return false;
      };
      break;
    }
    case 1: {  // a two-word phrase
      const Words phrase{rng() % kWords, rng() % kWords};
      t.node.kind = MatchNode::Kind::Phrase;
      for (std::uint32_t i = 0; i < phrase.size(); ++i) t.node.slots.push_back({i, {word(phrase[i])}});
      t.holds = [phrase](std::uint32_t, const Doc& d) { return holds_phrase(d.title, phrase) || holds_phrase(d.abstract, phrase); };
      break;
    }
    case 2: {  // a few DocIds from anywhere
      t.node.kind = MatchNode::Kind::Docs;
      for (int i = 0; i < 20; ++i) t.node.docs.push_back(DocId(rng() % doc_count));
      const std::vector<DocId> docs = t.node.docs;
      t.holds = [docs](std::uint32_t id, const Doc&) { return std::find(docs.begin(), docs.end(), DocId(id)) != docs.end(); };
      break;
    }
    case 3:
      t.node.kind = MatchNode::Kind::All;
      t.holds = [](std::uint32_t, const Doc&) { return true; };
      break;
    default: {  // And, Or, Not
      const MatchNode::Kind kinds[] = {MatchNode::Kind::And, MatchNode::Kind::Or, MatchNode::Kind::Not};
      t.node.kind = kinds[pick - 4];
      const std::size_t n = t.node.kind == MatchNode::Kind::Not ? 2 : 2 + rng() % 2;
      std::vector<std::function<bool(std::uint32_t, const Doc&)>> parts;
      for (std::size_t i = 0; i < n; ++i) {
        Tree child = random_tree(rng, doc_count, depth - 1);
        t.node.children.push_back(std::move(child.node));
        parts.push_back(std::move(child.holds));
      }
      const MatchNode::Kind kind = t.node.kind;
      t.holds = [parts, kind](std::uint32_t id, const Doc& d) {
        if (kind == MatchNode::Kind::Not) return parts[0](id, d) && !parts[1](id, d);
        for (const auto& p : parts) {
          if (p(id, d) != (kind == MatchNode::Kind::And)) return kind == MatchNode::Kind::Or;
        }
        return kind == MatchNode::Kind::And;
      };
      break;
    }
  }
  return t;
}

TEST(MatchSplit, TwoThreadsEqualOneThreadAndBruteForceOnRandomTrees) {
  std::mt19937 rng(41);
  medsearch::testing::TempDir dir;
  const Corpus corpus = build_corpus(dir, rng);
  const auto doc_count = static_cast<std::uint32_t>(corpus.docs.size());
  // One helper (two parts) and three (four parts); min_docs and min_part_docs 0: these
  // small segments are split.
  for (const unsigned helper_count : {1u, 3u}) {
    HelperThreads helpers(helper_count);
    const SegmentSplit split{&helpers, 0, 0};
    const std::vector<std::vector<SegmentView>> parts = split_segments(corpus.segments, split);
    ASSERT_EQ(parts.size(), helper_count + 1u);  // the test takes the split path
    if (helper_count == 1) {
      // 1,500 documents cut at 750: inside the second segment (DocIds 700–999), which each
      // part then evaluates a piece of.
      ASSERT_EQ(parts[0].back().end, 50u);
      ASSERT_EQ(parts[1].front().begin, 50u);
    }
    std::size_t partial = 0;
    for (int q = 0; q < 300; ++q) {
      const Tree tree = random_tree(rng, doc_count, 3);
      const DocSet one = match(corpus.segments, tree.node, doc_count);
      const DocSet split_set = match(corpus.segments, tree.node, doc_count, Deadline(), split);
      std::uint64_t expected_count = 0;
      for (std::uint32_t d = 0; d < doc_count; ++d) {
        const bool expected = tree.holds(d, corpus.docs[d]);
        expected_count += expected;
        ASSERT_EQ(split_set.contains(DocId(d)), expected) << helper_count << " helpers, query " << q << " doc " << d;
      }
      ASSERT_EQ(one, split_set) << "query " << q;
      partial += expected_count > 0 && expected_count < doc_count;
    }
    EXPECT_GT(partial, 100u);  // most trees select some documents, not all or none
  }
}

// And and Not over term nodes restricted to a field (a prose key counts only where its
// term is in the node's scope), with a rare and a frequent term, a phrase beside a term,
// each against the brute-force scan.
TEST(MatchSplit, AndAndNotOverScopedTermsEqualBruteForce) {
  std::mt19937 rng(43);
  medsearch::testing::TempDir dir;
  const Corpus corpus = build_corpus(dir, rng);
  const auto doc_count = static_cast<std::uint32_t>(corpus.docs.size());
  auto keys = [](std::size_t w, std::uint8_t scope) {
    Tree t;
    t.node.kind = MatchNode::Kind::Keys;
    t.node.scope = scope;
    t.node.keys = {make_key(KeySpace::Prose, word(w))};
    t.holds = [w, scope](std::uint32_t, const Doc& d) {
      return ((scope & 0x01) && std::count(d.title.begin(), d.title.end(), w)) ||
             ((scope & 0x02) && std::count(d.abstract.begin(), d.abstract.end(), w));
    };
    return t;
  };
  auto phrase = [](std::size_t a, std::size_t b) {
    Tree t;
    t.node.kind = MatchNode::Kind::Phrase;
    t.node.slots = {{0, {word(a)}}, {1, {word(b)}}};
    const Words p{a, b};
    t.holds = [p](std::uint32_t, const Doc& d) { return holds_phrase(d.title, p) || holds_phrase(d.abstract, p); };
    return t;
  };
  auto combine = [](MatchNode::Kind kind, Tree a, Tree b) {
    Tree t;
    t.node.kind = kind;
    t.node.children = {std::move(a.node), std::move(b.node)};
    auto pa = std::move(a.holds), pb = std::move(b.holds);
    t.holds = [pa, pb, kind](std::uint32_t id, const Doc& d) {
      return kind == MatchNode::Kind::And ? pa(id, d) && pb(id, d) : pa(id, d) && !pb(id, d);
    };
    return t;
  };
  const std::uint8_t scopes[] = {0x0f, 0x01, 0x02};
  std::size_t checked = 0;
  for (int q = 0; q < 120; ++q) {
    // Word 0 is in most documents (a frequent term), the last ones in few.
    const std::size_t rare = 3 + rng() % (kWords - 3), common = rng() % 2;
    const std::uint8_t scope = scopes[q % 3];
    const Tree trees[] = {
        combine(MatchNode::Kind::And, keys(rare, scope), keys(common, scopes[(q + 1) % 3])),
        combine(MatchNode::Kind::And, phrase(rare, rng() % kWords), keys(common, scope)),
        combine(MatchNode::Kind::Not, phrase(rng() % kWords, rare), keys(common, scope)),
        combine(MatchNode::Kind::Not, keys(common, 0x0f), keys(rare, scope)),
    };
    for (const Tree& tree : trees) {
      const DocSet got = match(corpus.segments, tree.node, doc_count);
      for (std::uint32_t d = 0; d < doc_count; ++d) {
        ASSERT_EQ(got.contains(DocId(d)), tree.holds(d, corpus.docs[d])) << "query " << q << " doc " << d;
      }
      checked += got.count() > 0;
    }
  }
  EXPECT_GT(checked, 300u);  // most of the 480 sets are not empty
}

// An And of a few documents and a frequent term's lists (one or two keys, scoped to a
// field or not) probes the lists for those documents (boolean_match.cpp,
// keep_documents_with_keys) instead of decoding them whole: the same set as the
// brute-force scan, on one thread and split over two. The sizes take the probe: 3 to 12
// documents against lists of more than 64 times as many postings.
TEST(MatchSplit, AFewDocumentsAndAFrequentTermEqualBruteForce) {
  std::mt19937 rng(47);
  medsearch::testing::TempDir dir;
  const Corpus corpus = build_corpus(dir, rng);
  const auto doc_count = static_cast<std::uint32_t>(corpus.docs.size());
  HelperThreads helpers(1);
  const SegmentSplit split{&helpers, 0, 0};
  const std::uint8_t scopes[] = {0x0f, 0x01, 0x02};
  std::size_t probed = 0, nonempty = 0;
  for (int q = 0; q < 200; ++q) {
    Words any{rng() % 2};  // words 0 and 1: in most documents
    if (rng() % 2) any.push_back(rng() % kWords);
    const std::uint8_t scope = scopes[q % 3];
    MatchNode keys{MatchNode::Kind::Keys};
    keys.scope = scope;
    for (std::size_t w : any) keys.keys.push_back(make_key(KeySpace::Prose, word(w)));
    MatchNode docs{MatchNode::Kind::Docs};
    for (int i = 0, n = 3 + static_cast<int>(rng() % 10); i < n; ++i) docs.docs.push_back(DocId(rng() % doc_count));
    MatchNode tree{MatchNode::Kind::And};
    tree.children = q % 2 ? std::vector<MatchNode>{keys, docs} : std::vector<MatchNode>{docs, keys};
    std::uint64_t postings = 0;
    for (const SegmentView& s : corpus.segments) {
      for (const std::string& key : keys.keys) {
        if (const auto info = s.index->find(key)) postings += info->doc_freq;
      }
    }
    probed += docs.docs.size() * 64 <= postings;
    const DocSet one = match(corpus.segments, tree, doc_count);
    const DocSet two = match(corpus.segments, tree, doc_count, Deadline(), split);
    for (std::uint32_t d = 0; d < doc_count; ++d) {
      const Doc& doc = corpus.docs[d];
      bool expected = std::find(docs.docs.begin(), docs.docs.end(), DocId(d)) != docs.docs.end();
      bool has_term = false;
      for (std::size_t w : any) {
        has_term |= ((scope & 0x01) && std::count(doc.title.begin(), doc.title.end(), w)) ||
                    ((scope & 0x02) && std::count(doc.abstract.begin(), doc.abstract.end(), w));
      }
      expected = expected && has_term;
      ASSERT_EQ(one.contains(DocId(d)), expected) << "query " << q << " doc " << d;
      ASSERT_EQ(two.contains(DocId(d)), expected) << "split, query " << q << " doc " << d;
    }
    nonempty += one.count() > 0;
  }
  EXPECT_GT(probed, 150u);  // the probe path, not the sets
  EXPECT_GT(nonempty, 150u);
}

TEST(DocSetRange, InsertRangeEqualsInsertingEachId) {
  std::mt19937 rng(3);
  for (int round = 0; round < 200; ++round) {
    const std::uint32_t universe = 1 + rng() % 700;
    DocSet by_range(universe), by_id(universe);
    for (int r = 0; r < 3; ++r) {
      const std::uint32_t begin = rng() % (universe + 1);
      const std::uint32_t end = begin + rng() % 200;  // may run past the universe: clipped
      by_range.insert_range(begin, end);
      for (std::uint32_t d = begin; d < end && d < universe; ++d) by_id.insert(DocId(d));
    }
    ASSERT_EQ(by_range, by_id) << "round " << round;
  }
}

}  // namespace
}  // namespace medsearch::lexical
