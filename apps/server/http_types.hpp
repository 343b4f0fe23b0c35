// The server's transport-independent request and response: route handlers are plain
// functions from HttpRequest to HttpResponse, so tests call them in-process without
// sockets. Only server.cpp converts to and from the HTTP library's types.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "medsearch/core/error.hpp"

namespace medsearch::server {

struct HttpRequest {
  std::string method = "GET";
  std::string path;                                  // decoded, without the query string
  std::multimap<std::string, std::string> params;    // decoded query parameters; a name may repeat
  std::map<std::string, std::string> path_params;    // filled by the router ("pmid")
  std::map<std::string, std::string> headers;        // names lower-cased ("cookie", "content-type")
  std::string body;                                  // POST bodies (bounded by ServerOptions::max_body_bytes)
  std::string remote_addr;                           // the client's IP address ("" in-process)
};

// The value of cookie `name` in the request's Cookie header; empty when absent.
std::string request_cookie(const HttpRequest& request, std::string_view name);

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Cache-Control …)
};

// HTTP status for an error code: InvalidArgument 400, NotFound 404, Unavailable and
// DeadlineExceeded 503, others 500.
int http_status(ErrorCode code);

// {"error":{"code":"InvalidArgument","message":"…"}} with the matching status.
HttpResponse error_response(ErrorCode code, std::string_view message);
HttpResponse error_response(int status, std::string_view code_name, std::string_view message);
HttpResponse json_response(const nlohmann::ordered_json& body, int status = 200);

}  // namespace medsearch::server
