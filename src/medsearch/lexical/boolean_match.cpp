#include "medsearch/lexical/boolean_match.hpp"

#include <algorithm>
#include <bit>

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
    case MatchNode::Kind::Or: {
      bool first = true;
      for (const MatchNode& child : node.children) {
        DocSet part = match_tree(segments, child, doc_count, deadline);
        if (first) {
          out = std::move(part);
        } else if (node.kind == MatchNode::Kind::And) {
          out.intersect(part);
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
