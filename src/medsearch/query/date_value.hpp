// The value of a [dp] (publication date) tag: YYYY, YYYY/MM, YYYY/MM/DD, or FROM:TO with
// each side one of those (spaces around ':' allowed). Only years are kept: PubMed's date
// search is by day, ours is by year (the Columns filter holds the year).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace medsearch::query {

struct YearRange {
  std::uint16_t from = 0;
  std::uint16_t to = 0;
};

constexpr int kMinYear = 1000;
constexpr int kMaxYear = 2999;

// The inclusive year range of `value`, or nullopt with `problem` set to a message for the
// user: malformed text, a month outside 1..12 or day outside 1..31, a year outside
// kMinYear..kMaxYear, or a range that ends before it starts.
std::optional<YearRange> parse_year_range(std::string_view value, std::string& problem);

}  // namespace medsearch::query
