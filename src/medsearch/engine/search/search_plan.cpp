#include "medsearch/engine/search/search_plan.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "medsearch/core/error.hpp"
#include "medsearch/lexical/boolean_match.hpp"
#include "medsearch/lexical/fields.hpp"
#include "medsearch/lexical/word_pairs.hpp"
#include "medsearch/query/parser.hpp"
#include "medsearch/query/plain_text.hpp"

namespace medsearch::engine {
namespace {

using lexical::KeySpace;
using lexical::MatchNode;

MatchNode any_key(KeySpace space, const std::vector<std::string>& values, const lexical::DocumentAnalyzer& analyzer,
                  bool language = false) {
  MatchNode m;
  for (const std::string& v : values) {
    std::string term = lexical::normalize_keyword(analyzer.keyword(), v);
    if (language) term = language_code(term);
    m.keys.push_back(lexical::make_key(space, term));
  }
  return m;
}

// The request's filters as one match tree (And of each given filter); nullopt if none.
std::optional<MatchNode> filter_tree(const SearchFilters& f, const lexical::DocumentAnalyzer& analyzer) {
  MatchNode all;
  all.kind = MatchNode::Kind::And;
  if (f.year_from != 0 || f.year_to != 0) {
    const unsigned from = f.year_from != 0 ? f.year_from : 1000;
    const unsigned to = f.year_to != 0 ? f.year_to : 2999;
    if (from > to) throw Error(ErrorCode::InvalidArgument, "year_from (" + std::to_string(from) + ") is after year_to (" + std::to_string(to) + ")");
    MatchNode years;
    for (unsigned y = from; y <= to; ++y) years.keys.push_back(lexical::make_key(KeySpace::Year, std::to_string(y)));
    all.children.push_back(std::move(years));
  }
  if (!f.journals.empty()) all.children.push_back(any_key(KeySpace::Journal, f.journals, analyzer));
  if (!f.publication_types.empty()) all.children.push_back(any_key(KeySpace::PublicationType, f.publication_types, analyzer));
  if (!f.languages.empty()) all.children.push_back(any_key(KeySpace::Language, f.languages, analyzer, true));
  for (const std::string& heading : f.mesh) all.children.push_back(any_key(KeySpace::MeshHeading, {heading}, analyzer));
  if (f.has_abstract) {
    MatchNode flag;
    flag.keys.push_back(lexical::make_key(KeySpace::Flag, lexical::kHasAbstractFlag));
    all.children.push_back(std::move(flag));
  }
  if (all.children.empty()) return std::nullopt;
  return all;
}

void leaf_texts(const query::Node& node, std::vector<std::string>& out) {
  if (node.children.empty()) {
    out.push_back(node.kind == query::NodeKind::Phrase ? "\"" + node.text + "\"" : node.text);
  }
  for (const query::Node& child : node.children) leaf_texts(child, out);
}

// Free text is shown as its words (and phrases) with the ranking made explicit; a
// Boolean query in its canonical, fully parenthesised form.
std::string understood(const query::ParsedQuery& parsed) {
  if (!parsed.free_text) return query::to_string(parsed.root);
  std::vector<std::string> words;
  leaf_texts(parsed.root, words);
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out + " (ranked: documents with more of these words first)";
}

// The words a dense model reads: the query's leaves without tags, operators or quotes
// (for a Chinese query, its English translation).
std::string dense_text(const query::ParsedQuery& parsed) {
  std::vector<std::string> words;
  leaf_texts(parsed.root, words);
  std::string out;
  for (std::string w : words) {
    std::erase(w, '"');
    out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

// A Chinese translation's alternatives as a weighted OR (issue 15 item 3): each ranking term
// takes the weight of the translation it came from (the highest, when several share it).
void weigh_translated_terms(const std::vector<query::ChineseAlternative>& weights, const lexical::DocumentAnalyzer& analyzer,
                            std::vector<lexical::QueryTerm>& terms) {
  if (weights.empty()) return;
  std::unordered_map<std::string, float> weight_of;
  std::vector<text::Token> tokens;
  for (const query::ChineseAlternative& alternative : weights) {
    tokens.clear();
    analyzer.prose().analyze(alternative.english, tokens);
    for (const text::Token& token : tokens) {
      float& w = weight_of.try_emplace(token.term, 0.0f).first->second;
      w = std::max(w, alternative.weight);
    }
  }
  for (lexical::QueryTerm& term : terms) {
    if (const auto it = weight_of.find(term.term); it != weight_of.end() && it->second > 0) term.boost *= it->second;
  }
}

void check_limits(const SearchRequest& request) {
  const auto bad = [](const std::string& what) { throw Error(ErrorCode::InvalidArgument, what); };
  if (request.limit == 0 || request.limit > kMaxLimit) {
    bad("limit must be in 1.." + std::to_string(kMaxLimit) + ", got " + std::to_string(request.limit));
  }
  if (request.offset > kMaxOffset) bad("offset must be at most " + std::to_string(kMaxOffset) + ", got " + std::to_string(request.offset));
  if (request.facet_top == 0 || request.facet_top > kMaxFacetTop) {
    bad("facet_top must be in 1.." + std::to_string(kMaxFacetTop) + ", got " + std::to_string(request.facet_top));
  }
  if (request.mode == RetrievalMode::Lexical) return;
  if (request.sort == SortOrder::Date) bad("sort=date works with the bm25 and tfidf modes only");
  const HybridParams& h = request.hybrid;
  if (!(h.alpha >= 0 && h.alpha <= 1)) bad("alpha must be in 0..1, got " + std::to_string(h.alpha));
  if (h.depth == 0 || h.depth > kMaxDepth) bad("depth must be in 1.." + std::to_string(kMaxDepth) + ", got " + std::to_string(h.depth));
  if (request.rerank.depth == 0 || request.rerank.depth > kMaxRerankDepth) {
    bad("rerank depth must be in 1.." + std::to_string(kMaxRerankDepth) + ", got " + std::to_string(request.rerank.depth));
  }
}

void validate(const TransferParams& transfer) {
  if (!(transfer.weight >= 0 && transfer.weight <= kMaxTransferWeight)) {
    throw Error(ErrorCode::InvalidArgument, "transfer must be in 0.." +
                                                std::to_string(static_cast<int>(kMaxTransferWeight)) + ", got " +
                                                std::to_string(transfer.weight));
  }
  if (transfer.neighbours == 0 || transfer.neighbours > kMaxTransferNeighbours) {
    throw Error(ErrorCode::InvalidArgument, "transfer_neighbours must be in 1.." +
                                                std::to_string(kMaxTransferNeighbours) + ", got " +
                                                std::to_string(transfer.neighbours));
  }
}

void validate(const PrfParams& prf) {
  const auto bad = [](const std::string& what) { throw Error(ErrorCode::InvalidArgument, what); };
  if (prf.docs == 0 || prf.docs > kMaxPrfDocs) bad("prf_docs must be in 1.." + std::to_string(kMaxPrfDocs) + ", got " + std::to_string(prf.docs));
  if (prf.terms > kMaxPrfTerms) bad("prf_terms must be in 0.." + std::to_string(kMaxPrfTerms) + ", got " + std::to_string(prf.terms));
  if (!(prf.original_weight >= 0 && prf.original_weight <= 1)) bad("prf_weight must be in 0..1, got " + std::to_string(prf.original_weight));
  if (!(prf.max_doc_fraction >= 0 && prf.max_doc_fraction <= 1)) bad("prf_max_df must be in 0..1, got " + std::to_string(prf.max_doc_fraction));
}

std::size_t count_prefixes(const query::Node& node) {
  std::size_t n = node.kind == query::NodeKind::Prefix ? 1 : 0;
  for (const query::Node& child : node.children) n += count_prefixes(child);
  return n;
}

// Each truncated word scans the lexicon of every segment for its expansions (up to 100,000
// keys each): their number is what a query's compile cost grows with.
void check_truncations(const query::Node& root, std::size_t max) {
  const std::size_t n = count_prefixes(root);
  if (n > max) {
    throw Error(ErrorCode::InvalidArgument, "parameter 'q' has " + std::to_string(n) +
                                                " truncated words (term*); allowed 0.." + std::to_string(max));
  }
}

}  // namespace

PhraseDocuments count_phrase_documents(const lexical::DocumentAnalyzer& analyzer, const IndexReader& index,
                                       std::string_view english, const Deadline& deadline, std::uint64_t& budget) {
  lexical::MatchNode phrase;
  phrase.kind = lexical::MatchNode::Kind::Phrase;
  phrase.slots = prose_slots(analyzer, std::string(english));
  if (phrase.slots.empty()) return {0, true};
  const auto& segments = index.lexical_segments();
  std::uint64_t fewest = std::numeric_limits<std::uint64_t>::max();
  for (const lexical::MatchNode::Slot& slot : phrase.slots) {
    for (const std::string& term : slot.terms) {
      fewest = std::min(fewest, lexical::live_doc_freq(segments, term, &index.dead_documents()));
      if (fewest == 0) return {0, true};
    }
  }
  if (phrase.slots.size() < 2) return {fewest, true};
  const auto one_term = [](const lexical::MatchNode::Slot& slot) { return slot.terms.size() == 1; };
  if (phrase.slots.size() == 2 && std::all_of(phrase.slots.begin(), phrase.slots.end(), one_term) &&
      phrase.slots[1].offset == phrase.slots[0].offset + 1) {
    const std::string& first = phrase.slots[0].terms[0];
    const std::string& second = phrase.slots[1].terms[0];
    const bool paired = std::all_of(segments.begin(), segments.end(), [&](const lexical::SegmentView& s) {
      return s.pairs != nullptr && s.pairs->contains(first) && s.pairs->contains(second);
    });
    if (paired) {
      std::uint64_t documents = 0;
      const std::string key = lexical::word_pair_key(first, second);
      for (const lexical::SegmentView& s : segments) {
        if (const auto info = s.index->find(key)) documents += info->doc_freq;
      }
      return {documents, true};
    }
  }
  if (fewest > kPhrasePositionDocs || fewest > budget) return {fewest, false};
  budget -= fewest;
  DocSet holding = lexical::match(segments, phrase, index.doc_count(), deadline);
  holding.subtract(index.deleted());
  return {holding.count(), true};
}

std::uint64_t vocabulary_documents(const lexical::DocumentAnalyzer& analyzer, const IndexReader& index,
                                   std::string_view english, const Deadline& deadline, std::uint64_t& budget) {
  return count_phrase_documents(analyzer, index, english, deadline, budget).documents;
}

SearchPlan compile_plan(const SearchRequest& request, const RankingDefaults& defaults,
                        const lexical::DocumentAnalyzer& analyzer, const IndexReader& index,
                        const query::ChineseQueryTranslator* chinese, const std::string& unavailable,
                        const Deadline& deadline) {
  check_limits(request);
  SearchPlan plan{.request = request,
                  .ranking = request.ranking ? *request.ranking : defaults.ranking,
                  .prf = request.prf.over(defaults.prf),
                  .transfer = request.transfer.over(defaults.transfer)};
  validate(plan.prf);
  validate(plan.transfer);
  plan.deadline = deadline;
  plan.ranking.validate();
  plan.wanted = request.offset + request.limit;

  // Chinese query understanding (docs/chinese.md): search the English translation.
  std::string text = request.query;
  QuerySyntax syntax = request.syntax;
  std::vector<query::ChineseAlternative> chinese_weights;  // the translation's weighted OR
  if (request.chinese && query::contains_cjk(request.query)) {
    QueryTranslation& t = plan.translation.emplace();
    std::uint64_t phrase_budget = kPhrasePositionBudget;
    std::uint64_t pair_budget = kPairPositionBudget;
    const query::ChineseVocabulary vocabulary = [&](std::string_view english) {
      return vocabulary_documents(analyzer, index, english, plan.deadline, phrase_budget);
    };
    const query::ChinesePhrases phrases{
        [&](std::string_view english) -> std::optional<std::uint64_t> {
          const PhraseDocuments counted = count_phrase_documents(analyzer, index, english, plan.deadline, pair_budget);
          return counted.exact ? std::optional<std::uint64_t>(counted.documents) : std::nullopt;
        },
        index.live_count()};
    if (chinese == nullptr) {
      t.note = "Chinese dictionaries not installed: searched as typed, by CJK bigrams" + (unavailable.empty() ? "" : ": " + unavailable);
    } else if (const query::ChineseTranslation translated = chinese->translate(request.query, &vocabulary, &phrases);
               !translated.empty()) {
      constexpr std::string_view kLabel = "检索: ";
      t.searched = translated.english;
      t.unrecognized = translated.unrecognized;
      chinese_weights = translated.weighted;
      t.shown = translated.display.starts_with(kLabel) ? translated.display.substr(kLabel.size()) : translated.display;
      text = translated.english;
      syntax = QuerySyntax::Plain;
      plan.typed_text = request.query;
    } else {
      t.note = "no dictionary entry for the query: searched as typed, by CJK bigrams";
    }
  }
  const query::ParsedQuery parsed = syntax == QuerySyntax::Plain ? query::parse_plain(text) : query::parse(text);
  check_truncations(parsed.root, request.max_truncations);
  plan.compiled = compile_query(parsed, analyzer, index, deadline);
  weigh_translated_terms(chinese_weights, analyzer, plan.compiled.ranking_terms);
  plan.filters = filter_tree(request.filters, analyzer);
  plan.understood = understood(parsed);
  plan.dense_text = dense_text(parsed);
  plan.ranked_free_text = parsed.free_text && !plan.compiled.ranking_terms.empty();
  return plan;
}

}  // namespace medsearch::engine
