#include "medsearch/text/unicode_normalizer.hpp"

#include <utf8proc.h>

#include <array>
#include <cstring>

#include "medsearch/text/ascii.hpp"
#include "medsearch/text/greek_letters.hpp"
#include "medsearch/text/utf8.hpp"

namespace medsearch::text {
namespace {

// NFKC (COMPAT + COMPOSE) with full case folding, dropping default ignorables.
constexpr int kBaseOptions = UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;

enum class CharClass : std::uint8_t { kOther, kLetter, kDigit };

CharClass ascii_class(unsigned char c) {
  if (ascii::is_digit(c)) return CharClass::kDigit;
  if (ascii::is_letter(c)) return CharClass::kLetter;
  return CharClass::kOther;
}

// Combining marks, plus the half-width katakana voiced sound marks (Lm), which NFKC turns
// into combining marks that must compose with the kana before them (ｶﾞ → ガ).
bool is_mark(utf8proc_int32_t cp) {
  if (cp == 0xFF9E || cp == 0xFF9F) return true;
  const auto category = utf8proc_category(cp);
  return category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC ||
         category == UTF8PROC_CATEGORY_ME;
}

// Accents are folded for Latin and Greek base letters only (see the header). Ranges:
// Basic Latin..Spacing Modifiers and Combining Diacritics (< U+0370), Greek and Coptic,
// Latin Extended Additional + Greek Extended, Letterlike Symbols (Å), Latin Extended-C,
// Latin Extended-D, fullwidth ASCII.
bool accent_foldable(char32_t base) {
  return base < 0x0400 || (base >= 0x1E00 && base <= 0x1FFF) || (base >= 0x2100 && base <= 0x214F) ||
         (base >= 0x2C60 && base <= 0x2C7F) || (base >= 0xA720 && base <= 0xA7FF) ||
         (base >= 0xFF00 && base <= 0xFF5F);
}

// Ideographs and Hangul syllables have no decomposition, no case and (checked by the
// caller) no following mark: they are their own NFKC case fold.
bool is_stable_cjk(char32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3); }

// Writes normalised code points to the output and applies the Greek-letter rule, which
// needs to see a whole run of Greek letters before it knows whether they form a word.
class Writer {
 public:
  explicit Writer(NormalizedText& out) : out_(out) {}

  // raw[begin, end) is ASCII with no combining mark after it.
  void ascii_run(std::string_view raw, std::size_t begin, std::size_t end) {
    const auto first = static_cast<unsigned char>(raw[begin]);
    settle(ascii_class(first), begin, begin + 1);
    const std::size_t k = out_.text.size();
    const std::size_t length = end - begin;
    out_.text.resize(k + length);
    out_.source_begin.resize(k + length);
    out_.source_end.resize(k + length);
    char* text = out_.text.data() + k;
    std::uint32_t* sb = out_.source_begin.data() + k;
    std::uint32_t* se = out_.source_end.data() + k;
    for (std::size_t t = 0; t < length; ++t) {
      text[t] = ascii::to_lower(static_cast<unsigned char>(raw[begin + t]));
      sb[t] = static_cast<std::uint32_t>(begin + t);
      se[t] = static_cast<std::uint32_t>(begin + t + 1);
    }
    prev_ = ascii_class(static_cast<unsigned char>(raw[end - 1]));
  }

  void separator(std::size_t b, std::size_t e) {
    settle(CharClass::kOther, b, e);
    put(' ', b, e);
    prev_ = CharClass::kOther;
  }

  // A code point known to be a letter (CJK fast path).
  void letter(char32_t cp, std::size_t b, std::size_t e) {
    settle(CharClass::kLetter, b, e);
    put_utf8(cp, b, e);
    prev_ = CharClass::kLetter;
  }

  // One code point of a segment's normalisation.
  void code_point(char32_t cp, std::size_t b, std::size_t e) {
    if (is_greek_block(cp)) {
      greek(cp, b, e);
      return;
    }
    if (cp < 0x80) {
      const auto c = static_cast<unsigned char>(cp);
      settle(ascii_class(c), b, e);
      put(static_cast<char>(c), b, e);
      prev_ = ascii_class(c);
      return;
    }
    switch (cp) {
      case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212: case 0xFE63:
        settle(CharClass::kOther, b, e);
        put('-', b, e);
        prev_ = CharClass::kOther;
        return;
      case 0x2019: case 0x02BC: case 0x2032:
        settle(CharClass::kOther, b, e);
        put('\'', b, e);
        prev_ = CharClass::kOther;
        return;
      default:
        break;
    }
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
      case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
      case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
      case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
      case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        letter(cp, b, e);
        return;
      case UTF8PROC_CATEGORY_ND:
        settle(CharClass::kDigit, b, e);
        put_utf8(cp, b, e);
        prev_ = CharClass::kDigit;
        return;
      default:
        separator(b, e);
        return;
    }
  }

  void finish() { settle(CharClass::kOther, 0, 0); }

  // True when the last code point written is a letter or digit (or a pending Greek
  // letter), i.e. the next one would continue a word.
  bool inside_word() const { return pending_count_ > 0 || prev_ != CharClass::kOther; }

 private:
  struct PendingGreek {
    char32_t cp;
    std::size_t b, e;
  };

  void greek(char32_t cp, std::size_t b, std::size_t e) {
    if (in_greek_word_) {
      put_utf8(cp, b, e);
      return;
    }
    if (pending_count_ < pending_.size()) {
      pending_[pending_count_++] = {cp, b, e};
      return;
    }
    // A third Greek letter in a row: this is Greek text, written as it is.
    for (std::size_t k = 0; k < pending_count_; ++k) put_utf8(pending_[k].cp, pending_[k].b, pending_[k].e);
    pending_count_ = 0;
    put_utf8(cp, b, e);
    in_greek_word_ = true;
    prev_ = CharClass::kLetter;
    after_spelled_greek_ = false;
  }

  // Called before writing any non-Greek code point of class `next`.
  void settle(CharClass next, std::size_t b, std::size_t e) {
    if (pending_count_ > 0) flush_greek();
    in_greek_word_ = false;
    // After a spelled letter a digit starts a new part ("β2" → beta|2), and so does a
    // letter, except after mu, where it is a unit ("µg", "µM" → mug, mum).
    if (after_spelled_greek_ && (next == CharClass::kDigit || (next == CharClass::kLetter && !after_mu_)))
      put(kPartBoundary, b, e);
    after_spelled_greek_ = false;
  }

  void flush_greek() {
    bool plain = true;
    for (std::size_t k = 0; k < pending_count_; ++k) plain = plain && !greek_letter_name(pending_[k].cp).empty();
    for (std::size_t k = 0; k < pending_count_; ++k) {
      const PendingGreek& g = pending_[k];
      if (!plain) {
        put_utf8(g.cp, g.b, g.e);
        continue;
      }
      if (prev_ != CharClass::kOther) put(kPartBoundary, g.b, g.e);
      for (char c : greek_letter_name(g.cp)) put(c, g.b, g.e);
      prev_ = CharClass::kLetter;
    }
    after_mu_ = pending_[pending_count_ - 1].cp == 0x03BC;
    pending_count_ = 0;
    prev_ = CharClass::kLetter;
    after_spelled_greek_ = plain;
  }

  void put(char c, std::size_t b, std::size_t e) {
    out_.text.push_back(c);
    out_.source_begin.push_back(static_cast<std::uint32_t>(b));
    out_.source_end.push_back(static_cast<std::uint32_t>(e));
  }

  void put_utf8(char32_t cp, std::size_t b, std::size_t e) {
    char bytes[4];
    const std::size_t n = utf8::encode(cp, bytes);
    for (std::size_t k = 0; k < n; ++k) put(bytes[k], b, e);
  }

  NormalizedText& out_;
  CharClass prev_ = CharClass::kOther;  // class of the last code point written
  std::array<PendingGreek, 2> pending_{};
  std::size_t pending_count_ = 0;
  bool in_greek_word_ = false;
  bool after_spelled_greek_ = false;
  bool after_mu_ = false;  // the last spelled letter was mu
};

std::size_t ascii_run_end(std::string_view raw, std::size_t i) {
  const std::size_t n = raw.size();
  while (i + 8 <= n) {
    std::uint64_t word;
    std::memcpy(&word, raw.data() + i, 8);
    if (word & 0x8080808080808080ULL) break;
    i += 8;
  }
  while (i < n && static_cast<unsigned char>(raw[i]) < 0x80) ++i;
  return i;
}

// Decodes the code point at raw[i]; returns its length, or a negative value for an
// invalid sequence.
utf8proc_ssize_t decode(std::string_view raw, std::size_t i, utf8proc_int32_t& cp) {
  return utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(raw.data()) + i,
                          static_cast<utf8proc_ssize_t>(raw.size() - i), &cp);
}

bool mark_at(std::string_view raw, std::size_t i) {
  utf8proc_int32_t cp = 0;
  return decode(raw, i, cp) > 0 && is_mark(cp);
}

// Normalises the segment (one base character and the marks after it) at raw[i];
// returns the index after it.
std::size_t segment(std::string_view raw, std::size_t i, bool fold_accents, Writer& writer) {
  utf8proc_int32_t cp = 0;
  const utf8proc_ssize_t length = decode(raw, i, cp);
  if (length <= 0) {  // invalid byte: a separator, as U+FFFD would be
    writer.separator(i, i + 1);
    return i + 1;
  }
  std::size_t end = i + static_cast<std::size_t>(length);
  if (cp == 0x200B || cp == 0x2122 || cp == 0x2120) {  // ZWSP, ™, ℠: see the header
    writer.separator(i, end);
    return end;
  }
  // German sharp s at the start of a word is the common typographic stand-in for beta
  // ("ß-catenin", "ß2-adrenergic"); no German word starts with it.
  if ((cp == 0xDF || cp == 0x1E9E) && !writer.inside_word()) {
    writer.code_point(0x03B2, i, end);
    return end;
  }
  const bool next_is_mark = end < raw.size() && static_cast<unsigned char>(raw[end]) >= 0x80 && mark_at(raw, end);
  if (!next_is_mark && is_stable_cjk(static_cast<char32_t>(cp))) {
    writer.letter(static_cast<char32_t>(cp), i, end);
    return end;
  }
  while (end < raw.size() && static_cast<unsigned char>(raw[end]) >= 0x80) {
    utf8proc_int32_t mark = 0;
    const utf8proc_ssize_t mark_length = decode(raw, end, mark);
    if (mark_length <= 0 || !is_mark(mark)) break;
    end += static_cast<std::size_t>(mark_length);
  }
  int options = kBaseOptions;
  if (fold_accents && accent_foldable(static_cast<char32_t>(cp))) options |= UTF8PROC_STRIPMARK;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(raw.data()) + i;
  const auto span = static_cast<utf8proc_ssize_t>(end - i);
  std::array<utf8proc_int32_t, 64> small;
  std::vector<utf8proc_int32_t> large;
  utf8proc_int32_t* buffer = small.data();
  utf8proc_ssize_t count =
      utf8proc_decompose(bytes, span, buffer, static_cast<utf8proc_ssize_t>(small.size()), utf8proc_option_t(options));
  if (count > static_cast<utf8proc_ssize_t>(small.size())) {  // a base with very many marks
    large.resize(static_cast<std::size_t>(count));
    buffer = large.data();
    count = utf8proc_decompose(bytes, span, buffer, count, utf8proc_option_t(options));
  }
  if (count >= 0) count = utf8proc_normalize_utf32(buffer, count, utf8proc_option_t(options));
  if (count < 0) {
    writer.separator(i, end);
    return end;
  }
  for (utf8proc_ssize_t k = 0; k < count; ++k) writer.code_point(static_cast<char32_t>(buffer[k]), i, end);
  return end;
}

}  // namespace

void UnicodeNormalizer::normalize(std::string_view raw, NormalizedText& out) const {
  out.clear();
  out.text.reserve(raw.size() + 16);
  out.source_begin.reserve(raw.size() + 16);
  out.source_end.reserve(raw.size() + 16);
  Writer writer(out);
  std::size_t i = 0;
  while (i < raw.size()) {
    if (static_cast<unsigned char>(raw[i]) < 0x80) {
      const std::size_t run_end = ascii_run_end(raw, i);
      // The last ASCII character goes through the general path when marks follow it.
      const bool marked = run_end < raw.size() && mark_at(raw, run_end);
      const std::size_t fast_end = marked ? run_end - 1 : run_end;
      if (fast_end > i) writer.ascii_run(raw, i, fast_end);
      i = fast_end;
      if (i == run_end) continue;
    }
    i = segment(raw, i, fold_accents_, writer);
  }
  writer.finish();
}

}  // namespace medsearch::text
