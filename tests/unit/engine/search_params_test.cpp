// The one parser of search parameters (HTTP and CLI): values, defaults, limits, errors,
// and the table that the CLI and docs/api.md follow.
#include "medsearch/engine/search/search_params.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "medsearch/core/error.hpp"

namespace medsearch::engine {
namespace {

ParsedSearch parse(SearchParams params, SearchParamContext context = {}) { return parse_search_params(params, context); }

std::string error_of(SearchParams params, SearchParamContext context = {}) {
  try {
    parse_search_params(params, context);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    return e.what();
  }
  return "(no error)";
}

// SearchCaps::max_dense_visits is not a parameter: every parsed request carries it to the
// dense search (decision 0039), and without a cap there is no bound.
TEST(SearchParams, TheDenseVisitBoundComesFromTheCaps) {
  EXPECT_EQ(parse({{"q", "asthma"}}).request.hybrid.dense.max_visits, 0u);
  SearchParamContext context;
  context.caps.max_dense_visits = 1234;
  EXPECT_EQ(parse({{"q", "asthma"}, {"mode", "hybrid"}, {"nprobe", "900"}}, context).request.hybrid.dense.max_visits,
            1234u);
  EXPECT_NE(error_of({{"q", "asthma"}, {"max_dense_visits", "5"}}, context).find("max_dense_visits"),
            std::string::npos);
}

TEST(SearchParams, DefaultsLeaveTheRankingToTheSearcher) {
  const ParsedSearch p = parse({{"q", "asthma"}});
  EXPECT_EQ(p.request.query, "asthma");
  EXPECT_FALSE(p.request.ranking.has_value());
  EXPECT_EQ(p.request.limit, 10u);
  EXPECT_EQ(p.request.mode, RetrievalMode::Lexical);
  EXPECT_TRUE(p.request.chinese);
  EXPECT_TRUE(p.highlight);
}

TEST(SearchParams, RankingKnobsApplyOnTopOfTheBase) {
  SearchParamContext context;
  context.base_ranking.model = lexical::RankingModel::TfIdf;
  context.base_ranking.k1 = 0.9f;
  context.base_ranking.weight = {3, 1, 1, 1};
  const ParsedSearch k1 = parse({{"q", "x"}, {"k1", "1.5"}}, context);
  ASSERT_TRUE(k1.request.ranking.has_value());
  EXPECT_EQ(k1.request.ranking->model, lexical::RankingModel::TfIdf);  // kept from the base
  EXPECT_FLOAT_EQ(k1.request.ranking->k1, 1.5f);
  EXPECT_FLOAT_EQ(k1.request.ranking->weight[0], 3.0f);
  const ParsedSearch b = parse({{"q", "x"}, {"b", "0.3"}}, context);
  for (float v : b.request.ranking->b) EXPECT_FLOAT_EQ(v, 0.3f);
  const ParsedSearch per_field = parse({{"q", "x"}, {"b", "title=0.1,mesh=0.9"}, {"weights", "abstract=4"}}, context);
  EXPECT_FLOAT_EQ(per_field.request.ranking->b[0], 0.1f);
  EXPECT_FLOAT_EQ(per_field.request.ranking->b[1], 0.75f);
  EXPECT_FLOAT_EQ(per_field.request.ranking->b[3], 0.9f);
  EXPECT_FLOAT_EQ(per_field.request.ranking->weight[0], 3.0f);
  EXPECT_FLOAT_EQ(per_field.request.ranking->weight[1], 4.0f);
  const ParsedSearch bm25 = parse({{"q", "x"}, {"mode", "bm25"}}, context);
  EXPECT_EQ(bm25.request.ranking->model, lexical::RankingModel::Bm25);
  EXPECT_FLOAT_EQ(bm25.request.ranking->k1, 0.9f);
  // Dense and hybrid leave the lexical ranking to the Searcher.
  EXPECT_FALSE(parse({{"q", "x"}, {"mode", "hybrid"}}, context).request.ranking.has_value());
}

TEST(SearchParams, EveryValueIsRead) {
  const ParsedSearch p = parse({{"q", "x"}, {"mode", "hybrid"}, {"fusion", "rrf"}, {"alpha", "0.25"}, {"depth", "50"},
                                {"ef_search", "64"}, {"nprobe", "8"}, {"syntax", "plain"}, {"limit", "20"}, {"offset", "40"},
                                {"sort", "date"}, {"year_from", "2001"}, {"year_to", "2009"}, {"journal", "Lancet"},
                                {"journal", "BMJ"}, {"pt", "Review"}, {"lang", "eng"}, {"mesh", "Asthma"},
                                {"mesh", "Child"}, {"has_abstract", "1"}, {"chinese", "0"}, {"highlight", "0"}});
  const SearchRequest& r = p.request;
  EXPECT_EQ(r.mode, RetrievalMode::Hybrid);
  EXPECT_EQ(r.hybrid.fusion, rank::FusionMethod::Rrf);
  EXPECT_FLOAT_EQ(r.hybrid.alpha, 0.25f);
  EXPECT_EQ(r.hybrid.depth, 50u);
  EXPECT_EQ(r.hybrid.dense.ef_search, 64u);
  EXPECT_EQ(r.hybrid.dense.nprobe, 8u);
  EXPECT_EQ(r.syntax, QuerySyntax::Plain);
  EXPECT_EQ(r.limit, 20u);
  EXPECT_EQ(r.offset, 40u);
  EXPECT_EQ(r.sort, SortOrder::Date);
  EXPECT_EQ(r.filters.year_from, 2001);
  EXPECT_EQ(r.filters.year_to, 2009);
  EXPECT_EQ(r.filters.journals, (std::vector<std::string>{"Lancet", "BMJ"}));
  EXPECT_EQ(r.filters.publication_types, (std::vector<std::string>{"Review"}));
  EXPECT_EQ(r.filters.languages, (std::vector<std::string>{"eng"}));
  EXPECT_EQ(r.filters.mesh, (std::vector<std::string>{"Asthma", "Child"}));
  EXPECT_TRUE(r.filters.has_abstract);
  EXPECT_FALSE(r.chinese);
  EXPECT_FALSE(p.highlight);
  EXPECT_EQ(parse({{"q", "x"}, {"k", "7"}}).request.limit, 7u);
  EXPECT_FALSE(r.rerank.on.has_value()) << "absent: on when the index has a model";
  const SearchRequest rr = parse({{"q", "x"}, {"rerank", "off"}, {"rerank_depth", "50"}}).request;
  EXPECT_EQ(rr.rerank.on, std::optional<bool>(false));
  EXPECT_EQ(rr.rerank.depth, 50u);
  EXPECT_EQ(parse({{"q", "x"}, {"rerank", "on"}}).request.rerank.on, std::optional<bool>(true));
  EXPECT_NE(error_of({{"q", "x"}, {"rerank", "maybe"}}).find("parameter 'rerank'"), std::string::npos);
  EXPECT_NE(error_of({{"q", "x"}, {"rerank_depth", "1001"}}).find("parameter 'rerank_depth'"), std::string::npos);
}

TEST(SearchParams, LimitsAreTheRequestLimits) {
  EXPECT_EQ(parse({{"q", "x"}, {"limit", std::to_string(kMaxLimit)}}).request.limit, kMaxLimit);
  EXPECT_NE(error_of({{"q", "x"}, {"limit", std::to_string(kMaxLimit + 1)}}).find("parameter 'limit'"), std::string::npos);
  EXPECT_NE(error_of({{"q", "x"}, {"offset", std::to_string(kMaxOffset + 1)}}).find("parameter 'offset'"), std::string::npos);
  EXPECT_NE(error_of({{"q", "x"}, {"depth", std::to_string(kMaxDepth + 1)}}).find("parameter 'depth'"), std::string::npos);
  EXPECT_NE(error_of({{"q", "x"}, {"ef_search", std::to_string(kMaxEfSearch + 1)}}).find("'ef_search'"), std::string::npos);
  SearchParamContext small;
  small.max_query_bytes = 4;
  EXPECT_NE(error_of({{"q", "asthma"}}, small).find("at most 4 bytes"), std::string::npos);
}

TEST(SearchParams, ErrorsNameTheParameterInTheCallersStyle) {
  EXPECT_EQ(error_of({{"q", "x"}, {"year_from", "20x"}}), "parameter 'year_from' must be an integer in 1000..2999, got '20x'");
  SearchParamContext cli;
  cli.style = ParamStyle::Cli;
  cli.with_query = false;
  EXPECT_EQ(error_of({{"year_from", "20x"}}, cli), "option '--year-from' must be an integer in 1000..2999, got '20x'");
  EXPECT_EQ(error_of({{"k", "1"}, {"k", "2"}}, cli), "option '--k' must be given once");
  EXPECT_EQ(error_of({{"colour", "red"}}, cli), "unknown option '--colour'");
  EXPECT_EQ(error_of({{"q", "x"}}, cli), "unknown option '--q'");
  EXPECT_NE(error_of({{"q", "x"}, {"alpha", "nan"}}).find("parameter 'alpha' must be a number in 0..1"), std::string::npos);
  EXPECT_NE(error_of({{"q", "x"}, {"weights", "title"}}).find("parameter 'weights' takes FIELD=NUMBER"), std::string::npos);
  EXPECT_NE(error_of({{"q", "x"}, {"weights", "title=2,"}}).find("parameter 'weights'"), std::string::npos);
  EXPECT_NE(error_of({{"q", "x"}, {"b", "abstract=2"}}).find("parameter 'b' must be a number in 0..1"), std::string::npos);
  EXPECT_NE(error_of({{"q", "x"}, {"k", "1"}, {"limit", "2"}}).find("cannot be given with"), std::string::npos);
  EXPECT_NE(error_of({{"q", "x"}, {"journal", ""}}).find("parameter 'journal' must not be empty"), std::string::npos);
  EXPECT_NE(error_of({{"q", "  "}}).find("parameter 'q' is required"), std::string::npos);
  EXPECT_NE(error_of({{"q", "x"}, {"year_from", "2010"}, {"year_to", "2000"}}).find("'year_to'"), std::string::npos);
}

TEST(SearchParams, TheApiDocumentsEveryParameter) {
  std::ifstream in(std::string(MEDSEARCH_TESTS_DIR) + "/../docs/api.md");
  ASSERT_TRUE(in) << "docs/api.md not found";
  std::stringstream text;
  text << in.rdbuf();
  for (const SearchParamInfo& p : search_param_table()) {
    EXPECT_NE(text.str().find(std::string("`") + p.name + "`"), std::string::npos) << p.name << " is not in docs/api.md";
  }
}

}  // namespace
}  // namespace medsearch::engine
