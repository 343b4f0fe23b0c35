// URLs of the mobile pages (mobile_pages.hpp), built in one place for the pages' own links
// and for the WeChat replies that point to them. `base` is an absolute prefix without a
// trailing slash ("https://search.example.cn") or "" for site-relative links.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace medsearch::server {

// RFC 3986 percent-encoding of everything but unreserved characters (for a query value).
std::string percent_encode(std::string_view text);

// base + "/m/search?q=…" (+ "&page=N" for N > 1).
std::string mobile_search_url(std::string_view base, std::string_view query, std::size_t page = 1);
// base + "/m/doc/PMID" (+ "?q=…" when the query is not empty: its terms are highlighted).
std::string mobile_doc_url(std::string_view base, std::string_view pmid, std::string_view query);

}  // namespace medsearch::server
