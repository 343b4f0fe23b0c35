// Fuzz target: the WeChat message XML (server::parse_wechat_message and
// parse_wechat_envelope) over arbitrary bytes; a message that parses gets a text reply
// written for it, which must parse again with the To/From swapped. The parsers report
// errors as values: nothing may throw.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "wechat_xml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  std::string error;
  (void)medsearch::server::parse_wechat_envelope(xml, error);
  const auto message = medsearch::server::parse_wechat_message(xml, error);
  if (!message) return 0;
  const std::string reply = medsearch::server::text_reply_xml(*message, message->content, 1700000000);
  std::string reply_error;
  const auto parsed = medsearch::server::parse_wechat_message(reply, reply_error);
  if (parsed && (parsed->to_user != message->from_user || parsed->from_user != message->to_user)) std::abort();
  return 0;
}
