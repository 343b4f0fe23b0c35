#include "http_types.hpp"

namespace medsearch::server {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return 400;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::Unavailable:
    case ErrorCode::DeadlineExceeded: return 503;
    default: return 500;
  }
}

HttpResponse error_response(int status, std::string_view code_name, std::string_view message) {
  nlohmann::ordered_json body;
  body["error"]["code"] = code_name;
  body["error"]["message"] = message;
  return json_response(body, status);
}

HttpResponse error_response(ErrorCode code, std::string_view message) {
  return error_response(http_status(code), error_code_name(code), message);
}

std::string request_cookie(const HttpRequest& request, std::string_view name) {
  const auto it = request.headers.find("cookie");
  if (it == request.headers.end()) return {};
  // RFC 6265 §4.2.1: cookie-pairs separated by "; ".
  std::string_view rest = it->second;
  while (!rest.empty()) {
    const std::size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

HttpResponse json_response(const nlohmann::ordered_json& body, int status) {
  HttpResponse response;
  response.status = status;
  // Replace invalid UTF-8 rather than throw: stored text comes from outside.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace medsearch::server
