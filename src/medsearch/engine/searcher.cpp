#include "medsearch/engine/searcher.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/chinese_query.hpp"
#include "medsearch/engine/query_compiler.hpp"
#include "medsearch/engine/ranking_config.hpp"
#include "medsearch/lexical/boolean_match.hpp"
#include "medsearch/lexical/top_k.hpp"
#include "medsearch/query/parser.hpp"
#include "medsearch/query/plain_text.hpp"

namespace medsearch::engine {
namespace {

using lexical::DocBitmap;
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

// Free text is shown as its words (and phrases) with the ranking made explicit; a
// Boolean query in its canonical, fully parenthesised form.
void leaf_texts(const query::Node& node, std::vector<std::string>& out) {
  if (node.children.empty()) {
    out.push_back(node.kind == query::NodeKind::Phrase ? "\"" + node.text + "\"" : node.text);
  }
  for (const query::Node& child : node.children) leaf_texts(child, out);
}

std::string understood(const query::ParsedQuery& parsed) {
  if (!parsed.free_text) return query::to_string(parsed.root);
  std::vector<std::string> words;
  leaf_texts(parsed.root, words);
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out + " (ranked: documents with more of these words first)";
}

// The abstract on one line, for snippets: "LABEL: text" sections joined by spaces.
std::string snippet_source(const Article& a) {
  std::string out;
  for (const AbstractSection& s : a.abstract) {
    if (!out.empty()) out += ' ';
    if (!s.label.empty()) out += s.label + ": ";
    out += s.text;
  }
  return out;
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

std::string author_label(const Author& a) {
  if (!a.collective_name.empty()) return a.collective_name;
  return a.initials.empty() ? a.last_name : a.last_name + " " + a.initials;
}

}  // namespace

Searcher::Searcher(const IndexReader& index) : index_(index), default_ranking_(load_ranking_config(index.dir())) {}

Searcher::Searcher(const IndexReader& index, std::shared_ptr<const query::ChineseQueryTranslator> chinese)
    : index_(index), default_ranking_(load_ranking_config(index.dir())), chinese_default_(false), chinese_(std::move(chinese)) {}

std::vector<std::string> Searcher::warm_up() const {
  std::vector<std::string> parts;
  const auto ms_since = [](std::chrono::steady_clock::time_point t) {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count()) + " ms";
  };
  auto start = std::chrono::steady_clock::now();
  if (chinese_default_) {
    const ChineseSupport& support = default_chinese_support();
    if (support.translator) (void)support.translator->translate("糖尿病");
    parts.push_back(support.translator ? "Chinese dictionaries " + ms_since(start)
                                       : "Chinese dictionaries unavailable (" + support.unavailable_reason + ")");
  } else {
    if (chinese_) (void)chinese_->translate("糖尿病");
    parts.push_back(chinese_ ? "Chinese dictionaries (given)" : "Chinese translation off");
  }
  if (index_.has_dense()) {
    start = std::chrono::steady_clock::now();
    try {
      const DenseIndex& dense = index_.dense();
      const std::vector<float> vector = dense.embed_query("warm up");
      (void)dense.search(vector.data(), 1, nullptr);
      parts.push_back("dense model " + dense.state().model.id + " " + ms_since(start));
    } catch (const std::exception& e) {
      parts.push_back(std::string("dense model unavailable (") + e.what() + ")");
    }
  }
  return parts;
}

SearchResponse Searcher::search(const SearchRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  if (request.limit == 0 || request.limit > kMaxLimit) {
    throw Error(ErrorCode::InvalidArgument, "limit must be in 1.." + std::to_string(kMaxLimit) + ", got " + std::to_string(request.limit));
  }
  if (request.offset > kMaxOffset) {
    throw Error(ErrorCode::InvalidArgument, "offset must be at most " + std::to_string(kMaxOffset) + ", got " + std::to_string(request.offset));
  }
  const lexical::RankingParams& ranking = request.ranking ? *request.ranking : default_ranking_;
  ranking.validate();
  // Chinese query understanding (docs/chinese.md): search the English translation.
  std::optional<QueryTranslation> translation;
  std::string query_text = request.query;
  QuerySyntax syntax = request.syntax;
  if (request.chinese && query::contains_cjk(request.query)) {
    const ChineseSupport* support = chinese_default_ ? &default_chinese_support() : nullptr;
    const query::ChineseQueryTranslator* chinese = support ? support->translator.get() : chinese_.get();
    translation.emplace();
    if (chinese == nullptr) {
      translation->note = "Chinese dictionaries not installed: searched as typed, by CJK bigrams" +
                          (support ? ": " + support->unavailable_reason : std::string());
    } else if (const query::ChineseTranslation t = chinese->translate(request.query); !t.empty()) {
      constexpr std::string_view kLabel = "检索: ";
      translation->searched = t.english;
      translation->shown = t.display.starts_with(kLabel) ? t.display.substr(kLabel.size()) : t.display;
      query_text = t.english;
      syntax = QuerySyntax::Plain;
    } else {
      translation->note = "no dictionary entry for the query: searched as typed, by CJK bigrams";
    }
  }
  const query::ParsedQuery parsed =
      syntax == QuerySyntax::Plain ? query::parse_plain(query_text) : query::parse(query_text);
  const CompiledQuery compiled = compile_query(parsed, analyzer_, index_);
  const auto& segments = index_.lexical_segments();
  const std::uint32_t doc_count = index_.doc_count();

  // The Boolean constraint: the query's match tree and the request's filters.
  std::optional<DocBitmap> allowed;
  if (compiled.match) allowed = lexical::match(segments, *compiled.match, doc_count);
  if (auto filters = filter_tree(request.filters, analyzer_)) {
    DocBitmap filtered = lexical::match(segments, *filters, doc_count);
    if (allowed) {
      for (std::size_t w = 0; w < filtered.size(); ++w) filtered[w] &= (*allowed)[w];
    }
    allowed = std::move(filtered);
  }
  if (allowed) {  // drop dead documents so counts are of live ones
    const auto& dead = index_.deleted_bitmap();
    for (std::size_t w = 0; w < allowed->size() && w < dead.size(); ++w) (*allowed)[w] &= ~dead[w];
  }
  const lexical::DocFilter filter{&index_.deleted_bitmap(), allowed ? &*allowed : nullptr};
  const std::size_t wanted = request.offset + request.limit;

  SearchResponse response;
  response.understood = understood(parsed);
  response.translation = std::move(translation);
  // Free text matches documents with any ranking term; a Boolean query matches exactly
  // its match tree, scored by its positive terms where it has them.
  const bool ranked_free_text = parsed.free_text && !compiled.ranking_terms.empty();
  std::vector<lexical::ScoredDoc> ranked;
  const bool hybrid = request.mode == RetrievalMode::Hybrid;
  const std::size_t lexical_k = hybrid ? std::max(wanted, request.hybrid.depth) : wanted;
  if (request.sort == SortOrder::Relevance && !compiled.ranking_terms.empty() && request.mode != RetrievalMode::Dense) {
    const lexical::TopKResult top = lexical::top_k(segments, compiled.ranking_terms, ranking, lexical_k, filter);
    ranked = top.hits;
    response.total = top.matched;
    response.total_is_exact = false;
  }
  if (!ranked_free_text && allowed) {
    response.total = lexical::count(*allowed);
    response.total_is_exact = true;
  }
  if (request.mode != RetrievalMode::Lexical) {
    dense_rank(request, dense_text(parsed), allowed ? &*allowed : nullptr, wanted, ranked, response);
  }
  // Unscored documents: Boolean matches that no ranking term reached (only filters or
  // keyword fields), or every match when sorting by date. Newest first.
  const bool fill = request.mode == RetrievalMode::Lexical &&
                    (request.sort == SortOrder::Date || (!ranked_free_text && ranked.size() < wanted));
  if (fill) {
    DocBitmap pool;
    if (ranked_free_text) {
      MatchNode any;
      for (const lexical::QueryTerm& t : compiled.ranking_terms) any.keys.push_back(lexical::make_key(KeySpace::Prose, t.term));
      pool = lexical::match(segments, any, doc_count);
      const auto& dead = index_.deleted_bitmap();
      for (std::size_t w = 0; w < pool.size(); ++w) {
        if (w < dead.size()) pool[w] &= ~dead[w];
        if (allowed) pool[w] &= (*allowed)[w];
      }
      response.total = lexical::count(pool);
      response.total_is_exact = true;
    } else if (allowed) {
      pool = *allowed;
    }
    if (request.sort == SortOrder::Date) ranked.clear();
    std::set<std::uint32_t> taken;
    for (const auto& hit : ranked) taken.insert(hit.doc);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> by_date;  // (year*16 + month, doc)
    for (std::size_t w = 0; w < pool.size(); ++w) {
      for (std::uint64_t bits = pool[w]; bits != 0; bits &= bits - 1) {
        const auto doc = static_cast<std::uint32_t>(w * 64 + std::countr_zero(bits));
        if (taken.contains(doc)) continue;
        by_date.emplace_back(index_.date_key(DocId(doc)), doc);
      }
    }
    const std::size_t need = std::min(by_date.size(), wanted - std::min(wanted, ranked.size()));
    std::partial_sort(by_date.begin(), by_date.begin() + static_cast<std::ptrdiff_t>(need), by_date.end(),
                      [](const auto& a, const auto& b) { return a > b; });
    for (std::size_t i = 0; i < need; ++i) ranked.push_back({by_date[i].second, 0.0f});
  }

  std::set<std::string> highlight(compiled.highlight_terms.begin(), compiled.highlight_terms.end());
  for (std::size_t i = request.offset; i < ranked.size() && i < wanted; ++i) {
    SearchHit hit;
    hit.doc = DocId(ranked[i].doc);
    hit.score = ranked[i].score;
    if (!request.fetch_documents) {
      hit.id = index_.external_id(hit.doc);
      response.hits.push_back(std::move(hit));
      continue;
    }
    const Article article = index_.article(hit.doc);
    hit.id = article.id;
    hit.title = article.title.empty() ? article.vernacular_title : article.title;
    hit.journal = article.journal.iso_abbreviation.empty() ? article.journal.title : article.journal.iso_abbreviation;
    hit.year = article.pub_year;
    hit.doi = article.doi;
    for (const Author& a : article.authors) hit.authors.push_back(author_label(a));
    if (request.snippets) {
      const std::string abstract = snippet_source(article);
      hit.snippet = make_snippet(analyzer_.prose(), abstract.empty() ? hit.title : abstract, highlight);
    }
    response.hits.push_back(std::move(hit));
  }
  response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return response;
}

void Searcher::dense_rank(const SearchRequest& request, const std::string& text, const lexical::DocBitmap* allowed,
                          std::size_t wanted, std::vector<lexical::ScoredDoc>& ranked, SearchResponse& response) const {
  if (request.sort == SortOrder::Date) throw Error(ErrorCode::InvalidArgument, "sort=date works with the bm25 and tfidf modes only");
  const HybridParams& h = request.hybrid;
  if (!(h.alpha >= 0 && h.alpha <= 1)) throw Error(ErrorCode::InvalidArgument, "alpha must be in 0..1, got " + std::to_string(h.alpha));
  if (h.depth == 0 || h.depth > kMaxDepth) {
    throw Error(ErrorCode::InvalidArgument, "depth must be in 1.." + std::to_string(kMaxDepth) + ", got " + std::to_string(h.depth));
  }
  const DenseIndex& dense = index_.dense();
  if (!request.query_vector.empty() && request.query_vector.size() != dense.dim()) {
    throw Error(ErrorCode::InvalidArgument, "query vector has " + std::to_string(request.query_vector.size()) +
                                                " dimensions, the index's model " + std::to_string(dense.dim()));
  }
  const std::vector<float> query = request.query_vector.empty() ? dense.embed_query(text) : request.query_vector;
  const bool hybrid = request.mode == RetrievalMode::Hybrid;
  const std::vector<vector::VectorHit> hits = dense.search(query.data(), hybrid ? std::max(wanted, h.depth) : wanted, allowed, h.dense);
  std::vector<rank::ScoredDoc> dense_list;
  dense_list.reserve(hits.size());
  for (const vector::VectorHit& hit : hits) dense_list.push_back({hit.id, hit.score});
  if (!hybrid) {
    ranked.clear();
    for (const rank::ScoredDoc& d : dense_list) ranked.push_back({d.doc, d.score});
    response.total = dense.count(allowed);
    response.total_is_exact = true;
    return;
  }
  std::vector<rank::ScoredDoc> lexical_list;
  lexical_list.reserve(ranked.size());
  for (const lexical::ScoredDoc& d : ranked) lexical_list.push_back({d.doc, d.score});
  const rank::RankedList lists[] = {{lexical_list, 1 - h.alpha}, {dense_list, h.alpha}};
  const std::vector<rank::ScoredDoc> fused = rank::fuse(lists, h.fusion);
  ranked.clear();
  for (std::size_t i = 0; i < fused.size() && i < wanted; ++i) ranked.push_back({fused[i].doc, fused[i].score});
  response.total = std::max<std::uint64_t>(response.total, fused.size());
  response.total_is_exact = false;
}

}  // namespace medsearch::engine
