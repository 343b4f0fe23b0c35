#include "medsearch/text/tokenizer.hpp"

#include <utf8proc.h>

#include <array>

#include "medsearch/text/ascii.hpp"
#include "medsearch/text/cjk.hpp"
#include "medsearch/text/unicode_normalizer.hpp"
#include "medsearch/text/utf8.hpp"

namespace medsearch::text {
namespace {

bool ascii_digit(char c) { return ascii::is_digit(static_cast<unsigned char>(c)); }
bool ascii_alnum(char c) { return ascii::is_alnum(static_cast<unsigned char>(c)); }

constexpr unsigned kLetter = 1, kDigit = 2, kOtherChar = 4;

// kLetter / kDigit for ASCII letters and digits, 0 for everything else.
constexpr auto kAsciiClass = [] {
  std::array<std::uint8_t, 128> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[c] = table[c - 'a' + 'A'] = kLetter;
  for (int c = '0'; c <= '9'; ++c) table[c] = kDigit;
  return table;
}();

bool is_mark(char32_t cp) {
  const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC || category == UTF8PROC_CATEGORY_ME;
}

bool joiner(char c) { return c == '-' || c == '/' || c == kPartBoundary; }

class Scanner {
 public:
  Scanner(std::string_view s, TokenizedText& out) : s_(s), out_(out) {}

  void run() {
    std::size_t i = 0;
    while (i < s_.size()) {
      const char c = s_[i];
      if (static_cast<unsigned char>(c) < 0x80) {
        i = ascii_alnum(c) ? word(i) : i + 1;
        continue;
      }
      std::size_t length = 0;
      const char32_t cp = utf8::decode_valid(s_, i, length);
      if (is_cjk(cp)) {
        i = cjk_run(i);
      } else if (is_mark(cp)) {
        i += length;  // a mark with no letter before it belongs to no word
      } else {
        i = word(i);
      }
    }
  }

 private:
  // True when a (non-CJK) word character starts at i.
  bool word_start(std::size_t i) const {
    if (i >= s_.size()) return false;
    const char c = s_[i];
    if (static_cast<unsigned char>(c) < 0x80) return ascii_alnum(c);
    std::size_t length = 0;
    const char32_t cp = utf8::decode_valid(s_, i, length);
    return !is_cjk(cp) && !is_mark(cp);
  }

  // Scans one part starting at i (a word character); returns its end.
  std::size_t part(std::size_t i) {
    Part p;
    p.begin = static_cast<std::uint32_t>(i);
    unsigned seen = 0;  // kLetter | kDigit | kOtherChar bits met in the part
    while (i < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[i]);
      if (c < 0x80) {
        const unsigned cls = kAsciiClass[c];
        if (cls != 0) {
          seen |= cls;
        } else if (c == '.' && i > p.begin && ascii_digit(s_[i - 1]) && i + 1 < s_.size() && ascii_digit(s_[i + 1])) {
          seen |= kDigit;
        } else {
          break;
        }
        ++i;
        continue;
      }
      std::size_t length = 0;
      if (is_cjk(utf8::decode_valid(s_, i, length))) break;
      seen |= kOtherChar;
      i += length;
    }
    p.alphabetic = seen == kLetter;
    p.numeric = seen == kDigit;
    p.end = static_cast<std::uint32_t>(i);
    out_.parts.push_back(p);
    return i;
  }

  std::size_t word(std::size_t i) {
    Word w;
    w.first_part = static_cast<std::uint32_t>(out_.parts.size());
    for (;;) {
      i = part(i);
      ++w.part_count;
      // Suffixes: dropped, the word may go on after them.
      std::size_t j = i;
      bool apostrophe_joins = false;
      while (j < s_.size()) {
        if (s_[j] == '+') {
          ++j;
        } else if (s_[j] == '\'') {
          if (j + 1 < s_.size() && s_[j + 1] == 's' && !word_start(j + 2)) {
            j += 2;  // possessive
          } else if (word_start(j + 1)) {
            apostrophe_joins = true;  // o'brien
            break;
          } else {
            ++j;  // prime or closing quote
          }
        } else {
          break;
        }
      }
      if ((apostrophe_joins || (j < s_.size() && joiner(s_[j]))) && word_start(j + 1)) {
        i = j + 1;
        continue;
      }
      out_.words.push_back(w);
      return j;
    }
  }

  std::size_t cjk_run(std::size_t i) {
    Word w;
    w.first_part = static_cast<std::uint32_t>(out_.parts.size());
    w.cjk = true;
    while (i < s_.size() && static_cast<unsigned char>(s_[i]) >= 0x80) {
      std::size_t length = 0;
      if (!is_cjk(utf8::decode_valid(s_, i, length))) break;
      Part p;
      p.begin = static_cast<std::uint32_t>(i);
      i += length;
      // Marks left after NFKC composition stay with their character.
      while (i < s_.size() && static_cast<unsigned char>(s_[i]) >= 0x80) {
        const char32_t next = utf8::decode_valid(s_, i, length);
        if (is_cjk(next) || !is_mark(next)) break;
        i += length;
      }
      p.end = static_cast<std::uint32_t>(i);
      out_.parts.push_back(p);
      ++w.part_count;
    }
    out_.words.push_back(w);
    return i;
  }

  std::string_view s_;
  TokenizedText& out_;
};

}  // namespace

void tokenize(std::string_view normalized, TokenizedText& out) {
  out.clear();
  Scanner(normalized, out).run();
}

}  // namespace medsearch::text
