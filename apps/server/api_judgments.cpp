// The judgment routes of Api (docs/api.md "Judgments"): sign-in with a session cookie,
// recording and listing expert grades, and the qrels export.
//
// Cross-site requests: the session cookie is SameSite=Strict and writes must be
// application/json, which a cross-site HTML form cannot send and a cross-site fetch can
// only send after a CORS preflight this server never approves.
#include <nlohmann/json.hpp>

#include "api.hpp"
#include "medsearch/judgments/judgment_store.hpp"
#include "medsearch/judgments/qrels_export.hpp"

namespace medsearch::server {
namespace {

HttpResponse unauthorized(std::string_view message) { return error_response(401, "Unauthorized", message); }

nlohmann::json json_body(const HttpRequest& request) {
  const auto type = request.headers.find("content-type");
  if (type == request.headers.end() || type->second.rfind("application/json", 0) != 0) {
    throw Error(ErrorCode::InvalidArgument, "the request body must be JSON (Content-Type: application/json)");
  }
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    throw Error(ErrorCode::InvalidArgument, "the request body must be a JSON object");
  }
  return body;
}

std::string string_field(const nlohmann::json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || !it->is_string()) {
    throw Error(ErrorCode::InvalidArgument, std::string("field '") + name + "' must be a string");
  }
  return it->get<std::string>();
}

std::string session_cookie(const std::string& token, std::int64_t max_age_s) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age_s);
}

nlohmann::ordered_json judgment_json(const judgments::Judgment& j) {
  nlohmann::ordered_json out;
  out["query"] = j.query;
  out["doc_id"] = j.doc_id;
  out["grade"] = j.grade;
  out["user"] = j.user;
  out["created_utc"] = j.created_utc;
  return out;
}

}  // namespace

judgments::JudgmentStore& Api::require_judgments() const {
  if (options_.judgments == nullptr) throw Error(ErrorCode::Unavailable, "judgments are not enabled on this server");
  return *options_.judgments;
}

HttpResponse Api::login(const HttpRequest& request) const {
  judgments::JudgmentStore& store = require_judgments();
  const nlohmann::json body = json_body(request);
  const std::string name = string_field(body, "name");
  const std::string password = string_field(body, "password");
  // Limited before the Argon2id hash is computed: that hash is what an attempt costs.
  const std::string account = name.substr(0, 256);
  const LoginLimiter::Decision admitted = logins_->admit(request.remote_addr, account);
  if (!admitted.allowed) {
    HttpResponse response = error_response(429, "TooManyRequests", admitted.reason + "; retry after " +
                                                                       std::to_string(admitted.retry_after_s) + " s");
    response.headers.emplace_back("Retry-After", std::to_string(admitted.retry_after_s));
    return response;
  }
  std::optional<judgments::UserId> user;
  try {
    user = store.verify(name, password);
  } catch (...) {
    logins_->finish(account, false);
    throw;
  }
  logins_->finish(account, user.has_value());
  if (!user) return unauthorized("wrong name or password");
  nlohmann::ordered_json out;
  out["user"] = name;
  HttpResponse response = json_response(out);
  response.headers.emplace_back("Set-Cookie", session_cookie(store.create_session(*user), store.session_ttl_s()));
  return response;
}

HttpResponse Api::logout(const HttpRequest& request) const {
  require_judgments().end_session(request_cookie(request, kSessionCookie));
  nlohmann::ordered_json out;
  out["user"] = nullptr;
  HttpResponse response = json_response(out);
  response.headers.emplace_back("Set-Cookie", session_cookie("", 0));
  return response;
}

HttpResponse Api::session(const HttpRequest& request) const {
  // Answers 200 even without a store, so the page can ask without an error in its console.
  nlohmann::ordered_json out;
  out["judging"] = options_.judgments != nullptr;
  out["user"] = nullptr;
  if (options_.judgments == nullptr) return json_response(out);
  const auto user = options_.judgments->user_for_session(request_cookie(request, kSessionCookie));
  if (user) out["user"] = user->name;
  return json_response(out);
}

HttpResponse Api::judgments(const HttpRequest& request) const {
  judgments::JudgmentStore& store = require_judgments();
  if (request.method == "POST") {
    const auto user = store.user_for_session(request_cookie(request, kSessionCookie));
    if (!user) return unauthorized("sign in to record judgments");
    const nlohmann::json body = json_body(request);
    const std::string query = string_field(body, "query");
    const std::string doc_id = string_field(body, "doc_id");
    const auto grade = body.find("grade");
    if (grade == body.end() || !grade->is_number_integer()) {
      throw Error(ErrorCode::InvalidArgument, "field 'grade' must be an integer 0, 1 or 2");
    }
    const std::int64_t value = grade->get<std::int64_t>();
    if (value < 0 || value > judgments::kMaxGrade) {
      throw Error(ErrorCode::InvalidArgument, "field 'grade' must be 0, 1 or 2 (got " + std::to_string(value) + ")");
    }
    if (doc_id.empty() || doc_id.size() > judgments::kMaxDocIdBytes || !index_.find(doc_id)) {
      throw Error(ErrorCode::NotFound, "no document with id '" + doc_id.substr(0, 64) + "'");
    }
    nlohmann::ordered_json out;
    out["judgment"] = judgment_json(store.judge(user->id, query, doc_id, static_cast<int>(value)));
    return json_response(out);
  }
  if (!store.user_for_session(request_cookie(request, kSessionCookie))) return unauthorized("sign in to read judgments");
  std::optional<std::string> query;
  for (const auto& [name, value] : request.params) {
    if (name != "query") throw Error(ErrorCode::InvalidArgument, "unknown parameter '" + name.substr(0, 64) + "'");
    query = value;
  }
  nlohmann::ordered_json out;
  if (query) out["query"] = judgments::normalize_query(*query);
  out["judgments"] = nlohmann::ordered_json::array();
  for (const judgments::Judgment& j : store.list(query ? std::optional<std::string_view>(*query) : std::nullopt)) {
    out["judgments"].push_back(judgment_json(j));
  }
  return json_response(out);
}

HttpResponse Api::judgments_qrels(const HttpRequest& request) const {
  judgments::JudgmentStore& store = require_judgments();
  if (!store.user_for_session(request_cookie(request, kSessionCookie))) return unauthorized("sign in to read judgments");
  const judgments::JudgedQrels judged = judgments::to_qrels(store.list());
  HttpResponse response;
  response.content_type = "text/plain; charset=utf-8";
  response.body = judgments::qrels_trec_text(judged);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace medsearch::server
