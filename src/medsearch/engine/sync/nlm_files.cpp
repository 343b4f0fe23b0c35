#include "medsearch/engine/sync/nlm_files.hpp"

#include <cctype>

namespace medsearch::engine::sync {
namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// The href value starting at `pos` (just after "href="), quoted or not; `end` is set past it.
std::string_view href_value(std::string_view html, std::size_t pos, std::size_t& end) {
  if (pos < html.size() && (html[pos] == '"' || html[pos] == '\'')) {
    const char quote = html[pos];
    const std::size_t close = html.find(quote, pos + 1);
    end = close == std::string_view::npos ? html.size() : close + 1;
    return html.substr(pos + 1, (close == std::string_view::npos ? html.size() : close) - pos - 1);
  }
  std::size_t stop = pos;
  while (stop < html.size() && !std::isspace(static_cast<unsigned char>(html[stop])) && html[stop] != '>') ++stop;
  end = stop;
  return html.substr(pos, stop - pos);
}

}  // namespace

std::optional<NlmFileName> parse_nlm_file_name(std::string_view name) {
  // <letters><2 digits>n<4+ digits>.xml.gz
  constexpr std::string_view kSuffix = ".xml.gz";
  if (!name.ends_with(kSuffix)) return std::nullopt;
  const std::string_view stem = name.substr(0, name.size() - kSuffix.size());
  std::size_t i = 0;
  while (i < stem.size() && std::islower(static_cast<unsigned char>(stem[i]))) ++i;
  if (i == 0 || i + 3 > stem.size()) return std::nullopt;
  if (!std::isdigit(static_cast<unsigned char>(stem[i])) || !std::isdigit(static_cast<unsigned char>(stem[i + 1]))) {
    return std::nullopt;
  }
  if (stem[i + 2] != 'n') return std::nullopt;
  const std::string_view digits = stem.substr(i + 3);
  if (digits.size() < 4 || digits.size() > 9) return std::nullopt;
  for (const char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  NlmFileName out;
  out.name = std::string(name);
  out.series = std::string(stem.substr(0, i + 2));
  out.year = (stem[i] - '0') * 10 + (stem[i + 1] - '0');
  out.number = static_cast<std::uint32_t>(std::stoul(std::string(digits)));
  return out;
}

std::vector<std::string> parse_listing(std::string_view html) {
  std::vector<std::string> names;
  std::string lower(html);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t at = lower.find("href="); at != std::string::npos; at = lower.find("href=", at)) {
    std::size_t end = at + 5;
    std::string_view value = href_value(html, at + 5, end);
    at = end;
    value = value.substr(0, value.find_first_of("?#"));
    if (value.empty() || value.ends_with("/")) continue;  // a directory, a parent, a sort link
    const std::size_t slash = value.rfind('/');
    std::string name = percent_decode(slash == std::string_view::npos ? value : value.substr(slash + 1));
    if (!name.empty() && name != "." && name != "..") names.push_back(std::move(name));
  }
  return names;
}

std::optional<std::string> parse_md5_file(std::string_view text) {
  // The first word of exactly 32 hex digits, wherever it stands.
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_hex(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_hex(text[j])) ++j;
    const bool word_start = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
    const bool word_end = j == text.size() || !std::isalnum(static_cast<unsigned char>(text[j]));
    if (j - i == 32 && word_start && word_end) {
      std::string hex(text.substr(i, 32));
      for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return hex;
    }
    i = j;
  }
  return std::nullopt;
}

}  // namespace medsearch::engine::sync
