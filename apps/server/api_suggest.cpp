// GET /api/suggest (autocomplete) and the "suggestion" of /api/search (spelling), over the
// Api's engine::suggest::SuggestionService (decision 0022).
#include "api_suggest.hpp"

#include <chrono>
#include <charconv>

#include "api.hpp"

namespace medsearch::server {
namespace {

constexpr std::size_t kMaxPrefixBytes = 200;  // longer than any heading or phrase offered
constexpr std::size_t kDefaultCompletions = 8;

std::size_t parse_count(const std::string& name, const std::string& value, std::size_t max) {
  std::size_t n = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || n > max) {
    throw Error(ErrorCode::InvalidArgument, "parameter '" + name + "' must be an integer 0.." + std::to_string(max));
  }
  return n;
}

}  // namespace

std::size_t take_suggest_below(HttpRequest& request, std::size_t fallback) {
  if (request.params.count("suggest_below") > 1) throw Error(ErrorCode::InvalidArgument, "parameter 'suggest_below' given more than once");
  const auto it = request.params.find("suggest_below");
  if (it == request.params.end()) return fallback;
  const std::size_t below = parse_count("suggest_below", it->second, 1000000);
  request.params.erase(it);
  return below;
}

HttpResponse Api::suggest(const HttpRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  std::string prefix;
  std::size_t limit = kDefaultCompletions;
  const std::size_t max = suggestions_.options().vocabulary.max_completions;
  for (const auto& [name, value] : request.params) {
    if (request.params.count(name) > 1) throw Error(ErrorCode::InvalidArgument, "parameter '" + name.substr(0, 64) + "' given more than once");
    if (name == "prefix") {
      if (value.size() > kMaxPrefixBytes) {
        throw Error(ErrorCode::InvalidArgument, "parameter 'prefix' is longer than " + std::to_string(kMaxPrefixBytes) + " bytes");
      }
      prefix = value;
    } else if (name == "limit") {
      limit = parse_count("limit", value, max);
    } else {
      throw Error(ErrorCode::InvalidArgument, "unknown parameter '" + name.substr(0, 64) + "'");
    }
  }
  if (request.params.find("prefix") == request.params.end()) throw Error(ErrorCode::InvalidArgument, "parameter 'prefix' is required");
  nlohmann::ordered_json body;
  body["prefix"] = prefix;
  body["suggestions"] = nlohmann::ordered_json::array();
  for (const auto& c : suggestions_.suggester().complete(prefix, limit)) {
    nlohmann::ordered_json item = {{"text", c.text}, {"source", engine::suggest::completion_source_name(c.source)}, {"documents", c.documents}};
    if (!c.heading.empty()) item["heading"] = c.heading;
    body["suggestions"].push_back(std::move(item));
  }
  body["took_ms"] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  HttpResponse response = json_response(body);
  // The same prefix gives the same answer until the index changes: let the browser reuse it briefly.
  response.headers.emplace_back("Cache-Control", "private, max-age=60");
  return response;
}

void Api::add_spelling_suggestion(nlohmann::ordered_json& body, const engine::SearchRequest& request,
                                  const engine::SearchResponse& response, std::size_t below) const {
  if (below == 0) return;
  if (const auto suggestion = suggestions_.spelling(request, response, below)) body["suggestion"] = engine::suggest::to_json(*suggestion);
}

std::vector<std::string> Api::warm_up() const {
  std::vector<std::string> lines = searcher_.warm_up();
  lines.push_back(suggestions_.warm_up());
  return lines;
}

}  // namespace medsearch::server
