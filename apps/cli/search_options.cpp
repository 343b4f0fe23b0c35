#include "search_options.hpp"

namespace medsearch::cli {

void add_search_options(CLI::App& app, SearchOptions& o) {
  for (const engine::SearchParamInfo& p : engine::search_param_table()) {
    if (p.http_only) continue;
    std::vector<std::string>& values = o.values[p.name];
    const std::string help = std::string(p.help) + (*p.value != '\0' ? std::string(" [") + p.value + "]" : "");
    if (*p.value == '\0') {
      // A flag: present means 1.
      app.add_flag_callback(engine::cli_flag(p.name), [&values] { values.assign(1, "1"); }, help);
    } else {
      // One value per occurrence; every occurrence kept, so the parser can say that a
      // single-valued flag was given twice.
      app.add_option(engine::cli_flag(p.name), values, help)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->expected(1)->allow_extra_args(false);
    }
  }
  app.add_flag("--plain", o.plain, "Treat the query as plain words: no operators, tags, phrases or truncation (--syntax plain)");
}

engine::SearchRequest make_request(const SearchOptions& o, const lexical::RankingParams& base) {
  engine::SearchParams params;
  for (const auto& [name, values] : o.values) {
    for (const std::string& v : values) params.emplace(name, v);
  }
  if (o.plain) params.emplace("syntax", "plain");
  engine::SearchParamContext context;
  context.base_ranking = base;
  context.with_query = false;  // the query is the positional argument or --queries
  context.style = engine::ParamStyle::Cli;
  return engine::parse_search_params(params, context).request;
}

}  // namespace medsearch::cli
