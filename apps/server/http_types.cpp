#include "http_types.hpp"

namespace medsearch::server {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return 400;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::Unavailable: return 503;
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

HttpResponse json_response(const nlohmann::ordered_json& body, int status) {
  HttpResponse response;
  response.status = status;
  // Replace invalid UTF-8 rather than throw: stored text comes from outside.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace medsearch::server
