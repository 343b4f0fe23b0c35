#include "search_options.hpp"

#include <sstream>

#include "medsearch/core/error.hpp"

namespace medsearch::cli {

void add_search_options(CLI::App& app, SearchOptions& o) {
  app.add_option("--mode", o.mode, "Ranking: bm25 or tfidf (lexical; default: the index's, see tune --save), dense, or hybrid (needs `medsearch embed`)")
      ->check(CLI::IsMember({"bm25", "tfidf", "dense", "hybrid"}));
  app.add_option("--fusion", o.fusion, "Hybrid fusion: weighted (normalised scores, default) or rrf (reciprocal rank, k = 60)")
      ->check(CLI::IsMember({"rrf", "weighted"}));
  app.add_option("--alpha", o.alpha, "Hybrid weighted fusion: weight of the dense list (default 0.4)")->check(CLI::Range(0.0, 1.0));
  app.add_option("--depth", o.depth, "Hybrid: candidates taken from each list (default 100)")->check(CLI::Range(1, 10000));
  app.add_option("--ef-search", o.ef_search, "Dense: HNSW search breadth (default: the index's)")->check(CLI::Range(1, 100000));
  app.add_option("--nprobe", o.nprobe, "Dense: IVF lists probed (default: the index's)")->check(CLI::Range(1, 100000));
  app.add_flag("--plain", o.plain, "Treat the query as plain words: no operators, tags, phrases or truncation");
  app.add_option("--k,--limit", o.limit, "Number of results")->check(CLI::Range(1, 1000));
  app.add_option("--offset", o.offset, "Results to skip (paging)")->check(CLI::Range(0, 10000));
  app.add_option("--sort", o.sort, "relevance or date")->check(CLI::IsMember({"relevance", "date"}));
  app.add_option("--k1", o.k1, "BM25 k1 (default 1.2)");
  app.add_option("--b", o.b, "BM25 b for every field (default 0.75)");
  app.add_option("--weights", o.weights, "Field weights, e.g. title=2,abstract=1,keywords=1,mesh=1");
  app.add_option("--year-from", o.year_from, "Published in this year or later")->check(CLI::Range(1000, 2999));
  app.add_option("--year-to", o.year_to, "Published in this year or earlier")->check(CLI::Range(1000, 2999));
  app.add_option("--journal", o.journals, "Journal (ISO abbreviation or title); repeat for any of several");
  app.add_option("--pt", o.publication_types, "Publication type, e.g. Review; repeatable");
  app.add_option("--lang", o.languages, "Language, e.g. eng or english; repeatable");
  app.add_option("--mesh", o.mesh, "MeSH heading that must be present; repeatable");
  app.add_flag("--has-abstract", o.has_abstract, "Only documents with an abstract");
}

engine::SearchRequest make_request(const SearchOptions& o, const lexical::RankingParams& base) {
  engine::SearchRequest r;
  r.ranking = base;
  if (o.mode == "bm25" || o.mode == "tfidf") {
    r.ranking.model = o.mode == "tfidf" ? lexical::RankingModel::TfIdf : lexical::RankingModel::Bm25;
  }
  if (o.mode == "dense") r.mode = engine::RetrievalMode::Dense;
  if (o.mode == "hybrid") r.mode = engine::RetrievalMode::Hybrid;
  if (!o.fusion.empty()) r.hybrid.fusion = o.fusion == "rrf" ? rank::FusionMethod::Rrf : rank::FusionMethod::WeightedSum;
  if (o.alpha >= 0) r.hybrid.alpha = static_cast<float>(o.alpha);
  if (o.depth > 0) r.hybrid.depth = o.depth;
  r.hybrid.dense.ef_search = o.ef_search;
  r.hybrid.dense.nprobe = o.nprobe;
  if (o.k1 >= 0) r.ranking.k1 = static_cast<float>(o.k1);
  if (o.b >= 0) r.ranking.b.fill(static_cast<float>(o.b));
  if (!o.weights.empty()) {
    std::stringstream in(o.weights);
    std::string item;
    while (std::getline(in, item, ',')) {
      const auto eq = item.find('=');
      bool known = false;
      for (std::size_t f = 0; f < lexical::kTextFieldCount && eq != std::string::npos; ++f) {
        if (item.substr(0, eq) != lexical::text_field_name(static_cast<lexical::TextField>(f))) continue;
        try {
          r.ranking.weight[f] = std::stof(item.substr(eq + 1));
        } catch (const std::exception&) {
          throw Error(ErrorCode::InvalidArgument, "--weights: '" + item + "' has no number after '='");
        }
        known = true;
      }
      if (!known) throw Error(ErrorCode::InvalidArgument, "--weights: '" + item + "' is not FIELD=NUMBER with FIELD one of title, abstract, keywords, mesh");
    }
  }
  r.syntax = o.plain ? engine::QuerySyntax::Plain : engine::QuerySyntax::Pubmed;
  r.limit = o.limit;
  r.offset = o.offset;
  r.sort = o.sort == "date" ? engine::SortOrder::Date : engine::SortOrder::Relevance;
  r.filters.year_from = static_cast<std::uint16_t>(o.year_from);
  r.filters.year_to = static_cast<std::uint16_t>(o.year_to);
  r.filters.journals = o.journals;
  r.filters.publication_types = o.publication_types;
  r.filters.languages = o.languages;
  r.filters.mesh = o.mesh;
  r.filters.has_abstract = o.has_abstract;
  return r;
}

}  // namespace medsearch::cli
