// The web page's files (apps/server/web/), embedded at build time by embed_assets.cmake
// into a generated web_assets.cpp. Static storage; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace medsearch::server {

struct WebAsset {
  std::string_view path;          // URL path: "/" for index.html, else "/app.js" …
  std::string_view content_type;  // with charset for text
  std::string_view bytes;
};

// The asset served at `path`, or nullptr.
const WebAsset* find_web_asset(std::string_view path);

}  // namespace medsearch::server
