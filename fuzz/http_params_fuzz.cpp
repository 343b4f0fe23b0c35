// Fuzz target: the server's request parameters. The input is a URL query string
// ("name=value&..."), percent-decoded as the HTTP library hands parameters over, read by
// engine::parse_search_params (the one parser of the API's and the CLI's search
// parameters) in both its search and similar-articles forms and both naming styles; the
// same text is also read as a Cookie header (server::request_cookie), and any error
// message goes through server::error_response (JSON of text that may not be UTF-8).
// Only medsearch::Error may escape.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http_types.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/search/search_params.hpp"

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding (WHATWG URL, "urlencoded parser"): '+' is a
// space, %XX a byte, a '%' not followed by two hex digits stays as it is.
std::string decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

void parse_all(const medsearch::engine::SearchParams& params, bool with_query, medsearch::engine::ParamStyle style) {
  medsearch::engine::SearchParamContext context;
  context.with_query = with_query;
  context.style = style;
  try {
    (void)medsearch::engine::parse_search_params(params, context);
  } catch (const medsearch::Error& e) {
    const auto response = medsearch::server::error_response(e.code(), e.what());
    if (response.status < 400) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  medsearch::engine::SearchParams params;
  std::string_view rest = text;
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (!pair.empty()) {
      params.emplace(decode(pair.substr(0, eq)), eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  parse_all(params, true, medsearch::engine::ParamStyle::Http);
  parse_all(params, false, medsearch::engine::ParamStyle::Cli);

  medsearch::server::HttpRequest request;
  request.headers["cookie"] = std::string(text);
  const std::string session = medsearch::server::request_cookie(request, "medsearch_session");
  if (session.size() > text.size()) std::abort();
  return 0;
}
