#include "medsearch/engine/search/query_compiler.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "medsearch/core/error.hpp"

namespace medsearch::engine {
namespace {

using lexical::KeySpace;
using lexical::MatchNode;
using query::Field;
using query::Node;
using query::NodeKind;

constexpr std::uint8_t kAllProse = 0x0f;

// The prose fields a tag searches; 0 for keyword-only tags.
std::uint8_t prose_scope(Field field) {
  switch (field) {
    case Field::All: return kAllProse;
    case Field::Title: return 0x01;
    case Field::Abstract: return 0x02;
    case Field::TitleAbstract: return 0x03;
    case Field::Keyword: return 0x04;
    case Field::Mesh:
    case Field::MeshMajor: return 0x08;
    default: return 0;
  }
}

class Compiler {
 public:
  Compiler(const lexical::DocumentAnalyzer& analyzer, const IndexReader& index, const Deadline& deadline)
      : analyzer_(analyzer), index_(index), deadline_(deadline) {}

  CompiledQuery run(const query::ParsedQuery& parsed) {
    CompiledQuery out;
    collect_ranking(parsed.root, false);
    out.ranking_terms = std::move(terms_);
    out.highlight_terms.assign(highlight_.begin(), highlight_.end());
    if (!parsed.free_text) {
      out.match = to_match(parsed.root);
    } else {
      // Free text: phrases are required, words are not.
      std::vector<MatchNode> phrases;
      gather_free_text_phrases(parsed.root, phrases);
      if (!phrases.empty()) {
        MatchNode all;
        all.kind = MatchNode::Kind::And;
        all.children = std::move(phrases);
        out.match = std::move(all);
      }
    }
    return out;
  }

 private:
  std::vector<MatchNode::Slot> slots_of(const std::string& text) const { return prose_slots(analyzer_, text); }

  void add_ranking_term(const std::string& term, std::uint8_t scope) {
    const auto key = std::make_pair(term, scope);
    if (!seen_.insert(key).second) return;
    terms_.push_back({term, scope, 1.0f});
    highlight_.insert(term);
  }

  // Both the ranking terms and the match tree need a prefix's expansions: each lexicon
  // scan (up to 100,000 keys a segment) is done once per query, not twice.
  const std::vector<std::string>& prefix_terms(const std::string& prefix_text) const {
    const auto [it, added] = expansions_.try_emplace(prefix_text);
    if (added) it->second = expand_prefix(prefix_text);
    return it->second;
  }

  std::vector<std::string> expand_prefix(const std::string& prefix_text) const {
    const std::string prefix = analyzer_.prose().normalize_word(prefix_text);
    std::map<std::string, std::uint64_t> df;
    if (prefix.empty()) return {};
    DeadlineCheck check(deadline_);  // a scan of a segment's lexicon reads up to 100,000 keys
    for (const lexical::SegmentView& s : index_.lexical_segments()) {
      deadline_.check();
      for (const auto& [key, info] : s.index->with_prefix(lexical::make_key(KeySpace::Prose, prefix), 100000, &check)) {
        df[key.substr(1)] += info.doc_freq;
      }
    }
    std::vector<std::pair<std::uint64_t, std::string>> by_df;
    for (const auto& [term, n] : df) by_df.emplace_back(n, term);
    std::sort(by_df.begin(), by_df.end(), [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < by_df.size() && i < kMaxPrefixExpansions; ++i) out.push_back(by_df[i].second);
    return out;
  }

  void collect_ranking(const Node& node, bool negated) {
    switch (node.kind) {
      case NodeKind::And:
      case NodeKind::Or:
        for (const Node& child : node.children) collect_ranking(child, negated);
        return;
      case NodeKind::Not:
        collect_ranking(node.children.at(0), negated);
        collect_ranking(node.children.at(1), !negated);
        return;
      case NodeKind::Term:
      case NodeKind::Phrase: {
        const std::uint8_t scope = prose_scope(node.field);
        if (negated || scope == 0) return;
        for (const MatchNode::Slot& slot : slots_of(node.text)) {
          for (const std::string& term : slot.terms) add_ranking_term(term, scope);
        }
        return;
      }
      case NodeKind::Prefix: {
        const std::uint8_t scope = prose_scope(node.field);
        if (negated || scope == 0) return;
        for (const std::string& term : prefix_terms(node.text)) add_ranking_term(term, scope);
        return;
      }
      case NodeKind::DateRange:
        return;
    }
  }

  void gather_free_text_phrases(const Node& node, std::vector<MatchNode>& out) const {
    if (node.kind == NodeKind::Phrase) {
      out.push_back(leaf_match(node));
      return;
    }
    for (const Node& child : node.children) gather_free_text_phrases(child, out);
  }

  MatchNode keys(std::vector<std::string> keys, std::uint8_t scope = kAllProse) const {
    MatchNode m;
    m.kind = MatchNode::Kind::Keys;
    m.keys = std::move(keys);
    m.scope = scope;
    return m;
  }

  MatchNode either(std::vector<MatchNode> children) const {
    if (children.size() == 1) return std::move(children[0]);
    MatchNode m;
    m.kind = MatchNode::Kind::Or;
    m.children = std::move(children);
    return m;
  }

  // Prose text in `scope`: one slot = any of its alternatives; several = a phrase.
  MatchNode prose_match(const std::string& text, std::uint8_t scope) const {
    std::vector<MatchNode::Slot> slots = slots_of(text);
    if (slots.empty()) return keys({}, scope);  // only stop words: matches nothing
    if (slots.size() == 1) {
      std::vector<std::string> k;
      for (const std::string& t : slots[0].terms) k.push_back(lexical::make_key(KeySpace::Prose, t));
      return keys(std::move(k), scope);
    }
    MatchNode m;
    m.kind = MatchNode::Kind::Phrase;
    m.scope = scope;
    m.slots = std::move(slots);
    return m;
  }

  std::string keyword(const std::string& text) const { return lexical::normalize_keyword(analyzer_.keyword(), text); }

  MatchNode leaf_match(const Node& node) const {
    const std::uint8_t scope = prose_scope(node.field);
    switch (node.field) {
      case Field::All: {
        // [all]: prose fields, and whole author names and journal names.
        std::vector<MatchNode> any{prose_match(node.text, kAllProse)};
        const std::string k = keyword(node.text);
        if (!k.empty()) any.push_back(keys({lexical::make_key(KeySpace::Author, k), lexical::make_key(KeySpace::Journal, k)}));
        return either(std::move(any));
      }
      case Field::Title:
      case Field::Abstract:
      case Field::TitleAbstract:
      case Field::Keyword:
        return prose_match(node.text, scope);
      case Field::Author:
        return keys({lexical::make_key(KeySpace::Author, keyword(node.text))});
      case Field::Journal:
        return keys({lexical::make_key(KeySpace::Journal, keyword(node.text))});
      case Field::Mesh:
        return keys({lexical::make_key(KeySpace::MeshHeading, keyword(node.text))});
      case Field::MeshMajor:
        return keys({lexical::make_key(KeySpace::MeshMajor, keyword(node.text))});
      case Field::PublicationType:
        return keys({lexical::make_key(KeySpace::PublicationType, keyword(node.text))});
      case Field::Language:
        return keys({lexical::make_key(KeySpace::Language, language_code(keyword(node.text)))});
      case Field::Pmid: {
        MatchNode m;
        m.kind = MatchNode::Kind::Docs;
        if (auto doc = index_.find(node.text)) m.docs.push_back(*doc);
        return m;
      }
      case Field::PublicationDate:
        break;
    }
    return keys({});
  }

  MatchNode to_match(const Node& node) const {
    switch (node.kind) {
      case NodeKind::And:
      case NodeKind::Or: {
        MatchNode m;
        m.kind = node.kind == NodeKind::And ? MatchNode::Kind::And : MatchNode::Kind::Or;
        for (const Node& child : node.children) m.children.push_back(to_match(child));
        return m;
      }
      case NodeKind::Not: {
        MatchNode m;
        m.kind = MatchNode::Kind::Not;
        m.children = {to_match(node.children.at(0)), to_match(node.children.at(1))};
        return m;
      }
      case NodeKind::Term:
      case NodeKind::Phrase:
        return leaf_match(node);
      case NodeKind::Prefix: {
        std::vector<std::string> k;
        for (const std::string& term : prefix_terms(node.text)) k.push_back(lexical::make_key(KeySpace::Prose, term));
        const std::uint8_t scope = prose_scope(node.field);
        return keys(std::move(k), scope == 0 ? kAllProse : scope);
      }
      case NodeKind::DateRange: {
        std::vector<std::string> k;
        for (unsigned year = node.year_from; year <= node.year_to; ++year) {
          k.push_back(lexical::make_key(KeySpace::Year, std::to_string(year)));
        }
        return keys(std::move(k));
      }
    }
    return keys({});
  }

  const lexical::DocumentAnalyzer& analyzer_;
  const IndexReader& index_;
  Deadline deadline_;
  mutable std::map<std::string, std::vector<std::string>> expansions_;  // prefix text → its expansions
  std::vector<lexical::QueryTerm> terms_;
  std::set<std::pair<std::string, std::uint8_t>> seen_;
  std::set<std::string> highlight_;
};

}  // namespace

std::string language_code(std::string_view value) {
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"english", "eng"},  {"french", "fre"},   {"german", "ger"},   {"chinese", "chi"},  {"japanese", "jpn"},
      {"spanish", "spa"},  {"italian", "ita"},  {"russian", "rus"},  {"portuguese", "por"}, {"dutch", "dut"},
      {"korean", "kor"},   {"polish", "pol"},   {"swedish", "swe"},  {"danish", "dan"},   {"norwegian", "nor"},
      {"finnish", "fin"},  {"czech", "cze"},    {"hungarian", "hun"}, {"turkish", "tur"},  {"greek", "gre"},
      {"hebrew", "heb"},   {"arabic", "ara"},   {"persian", "per"},  {"croatian", "hrv"}, {"serbian", "srp"},
      {"romanian", "rum"}, {"ukrainian", "ukr"}, {"slovak", "slo"},  {"bulgarian", "bul"}, {"lithuanian", "lit"}};
  const auto it = kNames.find(value);
  return it == kNames.end() ? std::string(value) : it->second;
}

std::vector<lexical::MatchNode::Slot> prose_slots(const lexical::DocumentAnalyzer& analyzer, const std::string& text) {
  std::vector<text::Token> tokens;
  analyzer.prose().analyze(text, tokens);
  std::vector<lexical::MatchNode::Slot> slots;
  for (const text::Token& t : tokens) {
    if (slots.empty() || slots.back().offset != t.position) slots.push_back({t.position, {}});
    slots.back().terms.push_back(t.term);
  }
  return slots;
}

CompiledQuery compile_query(const query::ParsedQuery& parsed, const lexical::DocumentAnalyzer& analyzer,
                            const IndexReader& index, const Deadline& deadline) {
  return Compiler(analyzer, index, deadline).run(parsed);
}

}  // namespace medsearch::engine
