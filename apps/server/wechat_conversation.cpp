#include "wechat_conversation.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/search/search_params.hpp"
#include "mobile_links.hpp"

namespace medsearch::server {
namespace {

constexpr std::array<std::string_view, 6> kNextPageWords = {"下一页", "更多", "more", "next", "n", "下页"};

std::string trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  // The ideographic space U+3000 that Chinese keyboards type.
  while (text.size() >= 3 && text.substr(0, 3) == "\u3000") text.remove_prefix(3);
  while (text.size() >= 3 && text.substr(text.size() - 3) == "\u3000") text.remove_suffix(3);
  return std::string(text);
}

bool is_next_page(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(kNextPageWords.begin(), kNextPageWords.end(), lower) != kNextPageWords.end();
}

// One search; a query that does not parse as PubMed syntax is searched as plain words.
// The server's caps apply as to /api/search; the time budget is what is left of `deadline`
// (the server's own budget when it is unlimited).
engine::SearchResponse run_search(const engine::Searcher& searcher, const engine::SearchCaps& caps,
                                  const std::string& query, std::size_t offset, std::size_t limit,
                                  const SearchDeadline& deadline) {
  engine::SearchParams params{{"q", query}, {"k", std::to_string(limit)}, {"offset", std::to_string(offset)}};
  engine::SearchParamContext context;
  context.base_ranking = searcher.default_ranking();
  context.caps = caps;
  engine::ParsedSearch parsed = engine::parse_search_params(params, context);
  parsed.request.snippets = false;  // the reply lists titles only
  const auto search = [&] {
    if (!deadline.unlimited()) {
      const std::uint32_t left = deadline.remaining_ms();
      if (left == 0) {  // spent before the search started (a queue, a slow hook, a retried parse)
        throw Error(ErrorCode::DeadlineExceeded,
                    "the search ran past its time budget of " + std::to_string(deadline.budget_ms) + " ms");
      }
      parsed.request.budget_ms = left;
    }
    return searcher.search(parsed.request);
  };
  try {
    return search();
  } catch (const Error& e) {
    if (e.code() != ErrorCode::InvalidArgument) throw;
    parsed.request.syntax = engine::QuerySyntax::Plain;
    return search();
  }
}

}  // namespace

std::uint32_t SearchDeadline::remaining_ms(Clock::time_point now) const {
  if (unlimited()) return 0;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(start + std::chrono::milliseconds(budget_ms) - now);
  return left.count() > 0 ? static_cast<std::uint32_t>(left.count()) : 0;
}

std::string utf8_truncate(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes >= 3 ? max_bytes - 3 : 0;  // room for "…"
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "…";
}

WechatConversation::WechatConversation(const engine::Searcher& searcher, const WechatConfig& config,
                                       WechatSessions& sessions, engine::SearchCaps caps)
    : searcher_(searcher), config_(config), sessions_(sessions), caps_(caps) {}

std::string WechatConversation::welcome_text() {
  return "欢迎使用 medsearch 文献检索！直接发送检索词即可搜索 PubMed 文献，中英文均可。\n"
         "Welcome to medsearch: send any words to search PubMed, in Chinese or English.\n\n"
         "例如 Examples:\n"
         "· 帕金森病 脑深部电刺激\n"
         "· 二甲双胍 2型糖尿病\n"
         "· asthma children inhaled steroids\n\n"
         "回复“下一页”或 more 查看更多结果。Reply \"more\" for the next results.";
}

std::string WechatConversation::help_text() {
  return "目前只支持文字检索：请直接发送检索词（中文或英文）。\n"
         "Only text searches are supported: send words in Chinese or English, e.g. 高血压 老年人 or \"statins elderly\".\n"
         "回复“下一页”或 more 翻页。";
}

WechatReplyText WechatConversation::reply(const WechatMessage& message, std::string_view base_url,
                                          const SearchDeadline& deadline) const {
  if (message.msg_type == "event") {
    if (message.event == "subscribe") return {welcome_text()};
    if (message.event == "unsubscribe") return {};
    return {help_text()};
  }
  if (message.msg_type != "text") return {help_text()};
  const std::string text = trim(message.content);
  if (text.empty()) return {help_text()};
  if (is_next_page(text)) {
    const std::optional<WechatSession> session = sessions_.find(message.from_user);
    if (!session) return {"没有可翻页的检索，请先发送检索词。\nNothing to page: send a search first."};
    return search_reply(message.from_user, session->query, session->next_offset, base_url, deadline);
  }
  if (text.size() > engine::kMaxQueryBytes) return {"检索词太长，请缩短后再试。\nThe query is too long; please shorten it."};
  return search_reply(message.from_user, text, 0, base_url, deadline);
}

std::string WechatConversation::understood_text(const engine::QueryTranslation& translation) {
  std::string text;
  if (!translation.shown.empty()) text += "理解为 Understood: " + utf8_truncate(translation.shown, 300) + "\n";
  if (!translation.unrecognized.empty()) {
    // Parts no dictionary translated, searched as typed: the user can rephrase them.
    std::string parts;
    for (const std::string& part : translation.unrecognized) parts += (parts.empty() ? "" : "、") + part;
    text += "未识别 Not recognised: " + utf8_truncate(parts, 200) + "\n";
  }
  return text;
}

WechatReplyText WechatConversation::search_reply(const std::string& open_id, const std::string& query,
                                                 std::size_t offset, std::string_view base_url,
                                                 const SearchDeadline& deadline) const {
  const auto per_reply = static_cast<std::size_t>(config_.results_per_reply);
  engine::SearchResponse response;
  try {
    response = run_search(searcher_, caps_, query, offset, per_reply, deadline);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::DeadlineExceeded) {
      // The session is left as it was: "more" pages on from the last page shown.
      return {"检索超时，请换用更具体的检索词。\nThe search took too long; please use more specific words.", true};
    }
    return {"无法检索这个查询 / This query could not be searched: " + utf8_truncate(e.what(), 300)};
  }
  std::string head = "检索 Search: " + utf8_truncate(query, 200) + "\n";
  if (response.translation) head += understood_text(*response.translation);
  if (response.hits.empty()) {
    sessions_.put(open_id, WechatSession{query, offset});
    return {head + (offset == 0 ? "没有找到结果，请换个说法。\nNo results; try other words."
                                : "没有更多结果了。\nNo more results.")};
  }
  const std::string tail = "\n回复“下一页”或 more 查看更多\n全部结果 All results: " + mobile_search_url(base_url, query);
  // The count line is at most ~100 bytes; items are added while the whole stays in bounds.
  constexpr std::size_t kCountLineBytes = 100;
  std::string body;
  std::size_t shown = 0;
  for (const engine::SearchHit& hit : response.hits) {
    std::string item = "\n" + std::to_string(offset + shown + 1) + ". " + utf8_truncate(hit.title, 160) + "\n   " +
                       utf8_truncate(hit.journal, 80) + (hit.year > 0 ? ", " + std::to_string(hit.year) : "") + "\n   " +
                       mobile_doc_url(base_url, hit.id, query) + "\n";
    if (head.size() + kCountLineBytes + body.size() + item.size() + tail.size() > kMaxTextReplyBytes) break;
    body += item;
    ++shown;
  }
  sessions_.put(open_id, WechatSession{query, offset + shown});
  const std::string total = std::to_string(response.total) + (response.total_is_exact ? "" : "+");
  const std::string range = std::to_string(offset + 1) + "–" + std::to_string(offset + shown);
  head += "共 " + total + " 条结果，第 " + range + " 条 (results " + range + " of " + total + ")\n";
  return {head + body + tail};
}

}  // namespace medsearch::server
