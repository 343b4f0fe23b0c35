#include "medsearch/query/whole_words.hpp"

namespace medsearch::query {
namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

bool contains_any_word(std::string_view text, const std::unordered_set<std::string_view>& words) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_ascii_letter(text[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && is_ascii_letter(text[i])) ++i;
    if (words.contains(text.substr(start, i - start))) return true;
  }
  return false;
}

}  // namespace medsearch::query
