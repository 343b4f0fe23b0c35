#include "mobile_links.hpp"

namespace medsearch::server {

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string mobile_search_url(std::string_view base, std::string_view query, std::size_t page) {
  std::string url = std::string(base) + "/m/search?q=" + percent_encode(query);
  if (page > 1) url += "&page=" + std::to_string(page);
  return url;
}

std::string mobile_doc_url(std::string_view base, std::string_view pmid, std::string_view query) {
  std::string url = std::string(base) + "/m/doc/" + percent_encode(pmid);
  if (!query.empty()) url += "?q=" + percent_encode(query);
  return url;
}

}  // namespace medsearch::server
