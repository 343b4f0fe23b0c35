// make_room: keeps a std::map whose values have an `expires` time point below a size bound,
// for the WeChat endpoint's in-memory tables (wechat_sessions, wechat_dedup). The caller
// holds the map's lock.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>

namespace medsearch::server {

// When `entries` has `max_entries` or more: drops the expired ones, then (still full) the
// one that expires first.
template <typename Map, typename TimePoint>
void make_room(Map& entries, std::size_t max_entries, TimePoint now) {
  if (entries.size() < max_entries) return;
  std::erase_if(entries, [now](const auto& entry) { return entry.second.expires <= now; });
  if (entries.size() < max_entries) return;
  entries.erase(std::min_element(entries.begin(), entries.end(),
                                 [](const auto& a, const auto& b) { return a.second.expires < b.second.expires; }));
}

}  // namespace medsearch::server
