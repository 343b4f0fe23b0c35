#include "medsearch/lexical/boolean_match.hpp"

#include <algorithm>
#include <bit>
#include <optional>

#include "medsearch/lexical/posting_cursor.hpp"
#include "medsearch/lexical/word_pairs.hpp"

namespace medsearch::lexical {
namespace {

// Pair keys looked up for two adjacent slots at most (alternatives × alternatives).
constexpr std::size_t kMaxPairCombinations = 16;

// Whether the pair keys can stand for two adjacent slots: every alternative of both is a
// pair word, and there are at most kMaxPairCombinations keys to look up.
bool pair_keys_cover(const PairWords& words, const MatchNode::Slot& first, const MatchNode::Slot& second) {
  const auto all_pair_words = [&](const MatchNode::Slot& slot) {
    return std::all_of(slot.terms.begin(), slot.terms.end(), [&](const std::string& t) { return words.contains(t); });
  };
  return first.terms.size() * second.terms.size() <= kMaxPairCombinations && all_pair_words(first) &&
         all_pair_words(second);
}

bool is_prose(const std::string& key) { return !key.empty() && key[0] == static_cast<char>(KeySpace::Prose); }

void add_keys(const std::vector<SegmentView>& segments, const std::vector<std::string>& keys, std::uint8_t scope,
              DocSet& out, DeadlineCheck& check) {
  for (const SegmentView& s : segments) {
    for (const std::string& key : keys) {
      const auto info = s.index->find(key);
      if (!info) continue;
      const bool check_scope = is_prose(key) && (scope & 0x0f) != 0x0f;
      add_posting_docs(*s.index, *info, s.begin, s.local_end(), check_scope ? scope : kAnyMask, s.doc_base, out, check);
    }
  }
}

// Buffers of phrase_at, kept across the candidates of a query: one allocation per query,
// not one per candidate document.
struct PhraseScratch {
  std::vector<std::vector<std::uint32_t>> positions;  // per slot, ascending
  std::vector<std::uint32_t> one_cursor;
};

// Whether the current documents of the slot cursors hold the phrase in one field.
bool phrase_at(std::vector<std::vector<PostingCursor>>& slots, const std::vector<MatchNode::Slot>& spec,
               std::uint32_t local, std::uint8_t scope, PhraseScratch& scratch) {
  auto& positions = scratch.positions;
  positions.resize(spec.size());
  // A field can hold the phrase only where every slot has a term in it: the tfs say so
  // before any position is decoded.
  auto slot_in_field = [&](std::size_t i, std::size_t f) {
    for (const PostingCursor& c : slots[i]) {
      if (c.doc() == local && c.tf(f) != 0) return true;
    }
    return false;
  };
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    if ((scope >> f & 1) == 0) continue;
    bool every_slot = true;
    for (std::size_t i = 0; i < spec.size() && every_slot; ++i) every_slot = slot_in_field(i, f);
    if (!every_slot) continue;  // a slot missing from this field: no phrase here
    for (std::size_t i = 0; i < spec.size(); ++i) {
      positions[i].clear();
      std::size_t contributing = 0;
      for (PostingCursor& c : slots[i]) {
        if (c.doc() != local || c.tf(f) == 0) continue;
        if (contributing++ == 0) {
          c.positions(f, positions[i]);  // already ascending
        } else {
          c.positions(f, scratch.one_cursor);
          positions[i].insert(positions[i].end(), scratch.one_cursor.begin(), scratch.one_cursor.end());
        }
      }
      if (contributing > 1) std::sort(positions[i].begin(), positions[i].end());
    }
    for (std::uint32_t start : positions[0]) {
      if (start < spec[0].offset) continue;
      const std::uint32_t base = start - spec[0].offset;
      bool all = true;
      for (std::size_t i = 1; i < spec.size() && all; ++i) {
        all = std::binary_search(positions[i].begin(), positions[i].end(), base + spec[i].offset);
      }
      if (all) return true;
    }
  }
  return false;
}

// Word-pair filters (word_pairs.hpp), appended to `cursors` after the slots: for two
// slots at adjacent offsets whose alternatives are all pair words, a document holding
// the phrase holds one of the pair keys of an alternative of the first followed by one
// of the second. Each filter joins the leapfrog like a slot (usually as its rarest), and
// phrase_at still checks positions. Returns false when a filter has no document in the
// segment (the phrase cannot occur there).
bool add_pair_filters(const SegmentView& s, const MatchNode& node, std::vector<std::vector<PostingCursor>>& cursors,
                      std::vector<std::pair<std::uint64_t, std::size_t>>& by_rarity, DeadlineCheck& check) {
  for (const MatchNode::Slot& first : node.slots) {
    for (const MatchNode::Slot& second : node.slots) {
      if (second.offset != first.offset + 1 || !pair_keys_cover(*s.pairs, first, second)) continue;
      std::vector<PostingCursor> filter;
      std::uint64_t doc_freq = 0;
      for (const std::string& a : first.terms) {
        for (const std::string& b : second.terms) {
          if (const auto info = s.index->find(word_pair_key(a, b))) {
            filter.emplace_back(*s.index, *info);
            check.tick(kBlockDocs);
            doc_freq += info->doc_freq;
          }
        }
      }
      if (filter.empty()) return false;
      by_rarity.emplace_back(doc_freq, cursors.size());
      cursors.push_back(std::move(filter));
    }
  }
  return true;
}

// Whether the pair keys of the segment answer the phrase by themselves: two slots at
// offsets 0 and 1 whose alternatives are all pair words. By word_pairs.hpp's contract the
// union of the keys word_pair_key(a, b) over the alternatives holds exactly the documents
// with some field having an a at a position p and a b at p + 1, and each posting's field
// mask says which fields: the phrase in `scope`, as phrase_at would find it. (A first
// slot at offset 1, after a leading stop word, needs a position before it: not covered.)
bool pairs_are_the_phrase(const SegmentView& s, const MatchNode& node) {
  if (s.pairs == nullptr || node.slots.size() != 2) return false;
  const MatchNode::Slot& first = node.slots[0];
  const MatchNode::Slot& second = node.slots[1];
  return first.offset == 0 && second.offset == 1 && pair_keys_cover(*s.pairs, first, second);
}

// The phrase's documents of the segment from its pair keys' lists, by their documents and
// field masks alone (pairs_are_the_phrase): no word list and no position is read.
void add_phrase_by_pairs(const SegmentView& s, const MatchNode& node, DocSet& out, DeadlineCheck& check) {
  const std::uint8_t scope = (node.scope & 0x0f) == 0x0f ? kAnyMask : static_cast<std::uint8_t>(node.scope & 0x0f);
  for (const std::string& a : node.slots[0].terms) {
    for (const std::string& b : node.slots[1].terms) {
      if (const auto info = s.index->find(word_pair_key(a, b))) {
        add_posting_docs(*s.index, *info, s.begin, s.local_end(), scope, s.doc_base, out, check);
      }
    }
  }
}

// Documents holding every slot are found by leapfrogging the slot cursors (each slot is
// the union of its alternatives' cursors), skipping by block, the rarest slot first so that
// it sets the pace; positions are read only for documents that have all slots. A
// two-word phrase of pair words is answered by its pair keys alone (add_phrase_by_pairs).
void add_phrase(const std::vector<SegmentView>& segments, const MatchNode& node, DocSet& out, DeadlineCheck& check) {
  if (node.slots.empty()) return;
  PhraseScratch scratch;
  for (const SegmentView& s : segments) {
    if (pairs_are_the_phrase(s, node)) {
      add_phrase_by_pairs(s, node, out, check);
      continue;
    }
    std::vector<std::vector<PostingCursor>> cursors(node.slots.size());
    std::vector<std::pair<std::uint64_t, std::size_t>> by_rarity;  // (doc freq of the slot, slot)
    bool possible = true;
    for (std::size_t i = 0; i < node.slots.size() && possible; ++i) {
      std::uint64_t doc_freq = 0;
      for (const std::string& term : node.slots[i].terms) {
        if (const auto info = s.index->find(make_key(KeySpace::Prose, term))) {
          cursors[i].emplace_back(*s.index, *info);  // decodes its first block
          check.tick(kBlockDocs);
          doc_freq += info->doc_freq;
        }
      }
      possible = !cursors[i].empty();
      by_rarity.emplace_back(doc_freq, i);
    }
    if (possible && s.pairs != nullptr) possible = add_pair_filters(s, node, cursors, by_rarity, check);
    if (!possible) continue;
    std::sort(by_rarity.begin(), by_rarity.end());
    // The first document >= target holding any alternative of slot i.
    auto slot_at = [&](std::size_t i, std::uint32_t target) {
      std::uint32_t first = kEndDoc;
      for (PostingCursor& c : cursors[i]) {
        c.advance(target);
        first = std::min(first, c.doc());
      }
      return first;
    };
    std::uint32_t cursor_count = 0;  // a target advances up to every cursor of every slot
    for (const auto& slot : cursors) cursor_count += static_cast<std::uint32_t>(slot.size());
    std::uint32_t target = s.begin;
    for (const std::uint32_t end = s.local_end(); target < end;) {  // kEndDoc ≥ any end
      check.tick(cursor_count);
      bool aligned = true;
      for (const auto& [doc_freq, i] : by_rarity) {
        const std::uint32_t doc = slot_at(i, target);
        if (doc != target) {
          target = doc;
          aligned = false;
          break;
        }
      }
      if (!aligned) continue;
      if (phrase_at(cursors, node.slots, target, node.scope, scratch)) out.insert(DocId(s.doc_base + target));
      ++target;
    }
  }
}

// One key of a node made of Keys nodes under Or nodes (a word in [all] is the Or of its
// prose keys and its author and journal keys), with its node's scope.
struct KeyLeaf {
  const std::string* key;
  std::uint8_t scope;
};

// Appends the node's key leaves; false when the node holds anything but Keys and Or.
bool key_leaves(const MatchNode& node, std::vector<KeyLeaf>& out) {
  if (node.kind == MatchNode::Kind::Keys) {
    for (const std::string& key : node.keys) out.push_back({&key, node.scope});
    return true;
  }
  if (node.kind != MatchNode::Kind::Or) return false;
  for (const MatchNode& child : node.children) {
    if (!key_leaves(child, out)) return false;
  }
  return true;
}

// The postings of the leaves' lists over `segments` (a document holding several keys
// counts once per key): what building the node's set would decode.
std::uint64_t leaf_postings(const std::vector<SegmentView>& segments, const std::vector<KeyLeaf>& leaves) {
  std::uint64_t postings = 0;
  for (const SegmentView& s : segments) {
    for (const KeyLeaf& leaf : leaves) {
      if (const auto info = s.index->find(*leaf.key)) postings += info->doc_freq;
    }
  }
  return postings;
}

// An And keeps those documents of a set that hold a node of key leaves whose lists are long
// beside the set: each document is looked up by cursors advancing through the lists, so
// only the blocks that may hold one are decoded, not the whole lists. A probe decodes at
// most one block of kBlockDocs postings per list, so probing n documents is worth it where
// n × kProbeRatio <= the lists' postings.
constexpr std::uint64_t kProbeRatio = 64;

// `set` ∩ the documents of the leaves (as add_keys gives them), over `segments`' documents;
// documents outside every segment view are dropped.
DocSet keep_documents_with_keys(const std::vector<SegmentView>& segments, const std::vector<KeyLeaf>& leaves,
                                const DocSet& set, DeadlineCheck& check) {
  DocSet out(set.universe());
  for (const SegmentView& s : segments) {
    const std::uint32_t first = s.doc_base + std::min(s.begin, s.local_end());
    const std::uint32_t last = s.doc_base + s.local_end();
    if (set.next_from(first) >= last) continue;  // no document of the set here
    std::vector<PostingCursor> cursors;
    std::vector<std::uint8_t> masks;  // per cursor: the field mask a posting must meet
    for (const KeyLeaf& leaf : leaves) {
      if (const auto info = s.index->find(*leaf.key)) {
        cursors.emplace_back(*s.index, *info);
        check.tick(kBlockDocs);
        const bool scoped = is_prose(*leaf.key) && (leaf.scope & 0x0f) != 0x0f;
        masks.push_back(scoped ? leaf.scope : kAnyMask);
      }
    }
    if (cursors.empty()) continue;
    for (std::uint32_t doc = set.next_from(first); doc < last; doc = set.next_from(doc + 1)) {
      check.tick(static_cast<std::uint32_t>(cursors.size()));
      const std::uint32_t local = doc - s.doc_base;
      for (std::size_t c = 0; c < cursors.size(); ++c) {
        cursors[c].advance(local);
        if (cursors[c].doc() == local && (masks[c] == kAnyMask || (cursors[c].mask() & masks[c]) != 0)) {
          out.insert(DocId(doc));
          break;
        }
      }
    }
  }
  return out;
}

DocSet match_tree(const std::vector<SegmentView>& segments, const MatchNode& node, std::uint32_t doc_count,
                  const Deadline& deadline);

// And: the children that are not made of keys (key_leaves) as sets, intersected, then
// those that are, fewest postings first, each as a set intersected or, where its lists are
// long beside the documents left, by probing them (keep_documents_with_keys) instead of
// decoding them whole. The same set as intersecting every child's set.
DocSet match_and(const std::vector<SegmentView>& segments, const MatchNode& node, std::uint32_t doc_count,
                 const Deadline& deadline) {
  struct KeysChild {
    std::uint64_t postings;
    const MatchNode* node;
    std::vector<KeyLeaf> leaves;
  };
  std::vector<KeysChild> keys;
  std::vector<const MatchNode*> others;
  for (const MatchNode& child : node.children) {
    std::vector<KeyLeaf> leaves;
    if (key_leaves(child, leaves)) {
      const std::uint64_t postings = leaf_postings(segments, leaves);
      keys.push_back({postings, &child, std::move(leaves)});
    } else {
      others.push_back(&child);
    }
  }
  std::stable_sort(keys.begin(), keys.end(),
                   [](const KeysChild& a, const KeysChild& b) { return a.postings < b.postings; });
  std::optional<DocSet> out;
  const auto intersect = [&](DocSet part) {
    if (out) {
      out->intersect(part);
    } else {
      out = std::move(part);
    }
  };
  for (const MatchNode* child : others) intersect(match_tree(segments, *child, doc_count, deadline));
  DeadlineCheck check(deadline);
  for (const KeysChild& child : keys) {
    if (out && out->count() * kProbeRatio <= child.postings) {
      out = keep_documents_with_keys(segments, child.leaves, *out, check);
    } else {
      intersect(match_tree(segments, *child.node, doc_count, deadline));
    }
  }
  return out ? std::move(*out) : DocSet(doc_count);
}

// The tree over `segments` on this thread (match() without a split).
DocSet match_tree(const std::vector<SegmentView>& segments, const MatchNode& node, std::uint32_t doc_count,
                  const Deadline& deadline) {
  DocSet out(doc_count);
  DeadlineCheck check(deadline);
  switch (node.kind) {
    case MatchNode::Kind::Keys:
      add_keys(segments, node.keys, node.scope, out, check);
      break;
    case MatchNode::Kind::Phrase:
      add_phrase(segments, node, out, check);
      break;
    case MatchNode::Kind::Docs:
      for (DocId doc : node.docs) {
        if (doc.value < doc_count) out.insert(doc);
      }
      break;
    case MatchNode::Kind::All:
      check.tick(doc_count);           // one unit per document, as a loop over them would count
      out.insert_range(0, doc_count);  // a word at a time: cheap in every part of a split
      break;
    case MatchNode::Kind::And:
      out = match_and(segments, node, doc_count, deadline);
      break;
    case MatchNode::Kind::Or: {
      bool first = true;
      for (const MatchNode& child : node.children) {
        DocSet part = match_tree(segments, child, doc_count, deadline);
        if (first) {
          out = std::move(part);
        } else {
          out.unite(part);
        }
        first = false;
      }
      break;
    }
    case MatchNode::Kind::Not: {
      out = match_tree(segments, node.children.at(0), doc_count, deadline);
      out.subtract(match_tree(segments, node.children.at(1), doc_count, deadline));
      break;
    }
  }
  return out;
}

}  // namespace

DocSet match(const std::vector<SegmentView>& segments, const MatchNode& node, std::uint32_t doc_count,
             const Deadline& deadline, const SegmentSplit& split) {
  const std::vector<std::vector<SegmentView>> parts = split_segments(segments, split);
  if (parts.size() == 1) return match_tree(segments, node, doc_count, deadline);
  std::vector<DocSet> sets(parts.size());
  split.helpers->run_parts(parts.size(),
                           [&](std::size_t p) { sets[p] = match_tree(parts[p], node, doc_count, deadline); });
  // Each part's set is exact over its own pieces' documents only (an All or Not node
  // reaches beyond them): every offered part's documents come from its own set, the rest
  // from the caller's.
  DocSet out = std::move(sets[0]);
  for (std::size_t p = 1; p < parts.size(); ++p) {
    DocSet part_docs(doc_count);
    for (const SegmentView& s : parts[p]) part_docs.insert_range(s.doc_base + s.begin, s.doc_base + s.local_end());
    sets[p].intersect(part_docs);
    out.subtract(part_docs);
    out.unite(sets[p]);
  }
  return out;
}

}  // namespace medsearch::lexical
