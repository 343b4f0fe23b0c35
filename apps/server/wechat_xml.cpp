#include "wechat_xml.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

namespace medsearch::server {
namespace {

bool has_doctype(std::string_view xml) {
  // Case-insensitive search for "<!doctype" and "<!entity": WeChat never sends either.
  std::string lower(xml);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find("<!doctype") != std::string::npos || lower.find("<!entity") != std::string::npos;
}

// The <xml> root of `xml`, or an empty node with `error` set.
pugi::xml_node parse_root(pugi::xml_document& doc, std::string_view xml, std::string& error) {
  if (has_doctype(xml)) {
    error = "DOCTYPE or entity declaration refused";
    return {};
  }
  // parse_default without parse_doctype; parse_escapes expands only predefined entities.
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    error = std::string("malformed XML: ") + parsed.description() + " at byte " + std::to_string(parsed.offset);
    return {};
  }
  pugi::xml_node root = doc.child("xml");
  if (!root || root != doc.first_child()) {
    error = "the document element is not <xml>";
    return {};
  }
  return root;
}

// The text of field `name`: every text and CDATA piece of it, joined. A writer splits a
// value holding "]]>" into two CDATA sections (add_cdata's pugixml does): reading only the
// first piece, as xml_node::text() does, cut such a value short (found by fuzzing,
// fuzz/wechat_xml_fuzz.cpp). False with `error` when it is too long.
bool field(pugi::xml_node root, const char* name, std::string& out, std::string& error) {
  out.clear();
  for (const pugi::xml_node piece : root.child(name).children()) {
    if (piece.type() != pugi::node_pcdata && piece.type() != pugi::node_cdata) continue;
    out += piece.value();
    if (out.size() > kMaxFieldBytes) {
      error = std::string("field ") + name + " is over " + std::to_string(kMaxFieldBytes) + " bytes";
      return false;
    }
  }
  return true;
}

void add_cdata(pugi::xml_node parent, const char* name, std::string_view value) {
  // pugixml splits a CDATA section at "]]>" when it writes it, so any text is safe.
  parent.append_child(name).append_child(pugi::node_cdata).set_value(std::string(value).c_str());
}

void add_number(pugi::xml_node parent, const char* name, std::int64_t value) {
  parent.append_child(name).text().set(static_cast<long long>(value));
}

std::string write(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return out.str();
}

void add_header(pugi::xml_node xml, const WechatMessage& to, std::int64_t create_time, const char* type) {
  add_cdata(xml, "ToUserName", to.from_user);
  add_cdata(xml, "FromUserName", to.to_user);
  add_number(xml, "CreateTime", create_time);
  add_cdata(xml, "MsgType", type);
}

}  // namespace

std::optional<WechatMessage> parse_wechat_message(std::string_view xml, std::string& error) {
  pugi::xml_document doc;
  const pugi::xml_node root = parse_root(doc, xml, error);
  if (!root) return std::nullopt;
  WechatMessage m;
  std::string create_time;
  if (!field(root, "ToUserName", m.to_user, error) || !field(root, "FromUserName", m.from_user, error) ||
      !field(root, "CreateTime", create_time, error) || !field(root, "MsgType", m.msg_type, error) ||
      !field(root, "Content", m.content, error) || !field(root, "Event", m.event, error) ||
      !field(root, "EventKey", m.event_key, error) || !field(root, "MsgId", m.msg_id, error)) {
    return std::nullopt;
  }
  if (m.from_user.empty() || m.msg_type.empty()) {
    error = "FromUserName or MsgType missing";
    return std::nullopt;
  }
  const auto [end, ec] = std::from_chars(create_time.data(), create_time.data() + create_time.size(), m.create_time);
  if (ec != std::errc() || end != create_time.data() + create_time.size()) {
    error = "CreateTime is not an integer";
    return std::nullopt;
  }
  return m;
}

std::optional<WechatEnvelope> parse_wechat_envelope(std::string_view xml, std::string& error) {
  pugi::xml_document doc;
  const pugi::xml_node root = parse_root(doc, xml, error);
  if (!root) return std::nullopt;
  WechatEnvelope envelope;
  // Encrypt carries the whole message: it may be longer than a field (the body is ≤ 64 KiB).
  envelope.encrypt = root.child("Encrypt").text().get();
  if (!field(root, "ToUserName", envelope.to_user, error)) return std::nullopt;
  if (envelope.encrypt.empty()) {
    error = "Encrypt missing";
    return std::nullopt;
  }
  return envelope;
}

std::string text_reply_xml(const WechatMessage& to, std::string_view content, std::int64_t create_time) {
  pugi::xml_document doc;
  pugi::xml_node xml = doc.append_child("xml");
  add_header(xml, to, create_time, "text");
  add_cdata(xml, "Content", content);
  return write(doc);
}

std::string news_reply_xml(const WechatMessage& to, const NewsCard& card, std::int64_t create_time) {
  pugi::xml_document doc;
  pugi::xml_node xml = doc.append_child("xml");
  add_header(xml, to, create_time, "news");
  add_number(xml, "ArticleCount", 1);
  pugi::xml_node item = xml.append_child("Articles").append_child("item");
  add_cdata(item, "Title", card.title);
  add_cdata(item, "Description", card.description);
  add_cdata(item, "PicUrl", "");
  add_cdata(item, "Url", card.url);
  return write(doc);
}

std::string encrypted_reply_xml(std::string_view encrypt, std::string_view msg_signature, std::string_view timestamp,
                                std::string_view nonce) {
  pugi::xml_document doc;
  pugi::xml_node xml = doc.append_child("xml");
  add_cdata(xml, "Encrypt", encrypt);
  add_cdata(xml, "MsgSignature", msg_signature);
  xml.append_child("TimeStamp").text().set(std::string(timestamp).c_str());
  add_cdata(xml, "Nonce", nonce);
  return write(doc);
}

}  // namespace medsearch::server
