#include "medsearch/encoder/bert_basic_tokenizer.hpp"

#include <utf8proc.h>

#include "medsearch/core/utf8.hpp"

#include <array>
#include <span>

// Where the Python BasicTokenizer and the Rust BertNormalizer differ, this follows Rust
// (the fast tokenizer is what models are used with): no NFC before splitting (Python
// NFC-normalises since transformers 4.3x, which only matters when accents are kept),
// lower-casing per character (Python lower-cases per word and so writes a final sigma
// as U+03C2; Rust always writes U+03C3), and accent stripping before lower-casing (the
// same result either way), and unassigned code points kept (see is_control_category).
// Character categories come from utf8proc (Unicode 15); the Rust tokenizer's tables are
// older, so characters assigned or re-categorised in recent Unicode versions can differ:
// of 131,726 single-code-point probes against HF tokenizers 0.23.2, 570 differed, all of
// them such characters (new Arabic, Brahmic and historic-script marks, U+2E43-2E5D).

namespace medsearch::encoder {
namespace {

// ASCII classes. Clean step: NUL and the C0 controls other than \t \n \r, and DEL, are
// dropped; \t \n \r and space are whitespace. Punctuation: every non-alphanumeric
// printable ASCII character (BERT's _is_punctuation treats them all as punctuation).
enum AsciiClass : std::uint8_t { kKeep, kDrop, kSpace, kPunct };

constexpr std::array<AsciiClass, 128> make_ascii_classes() {
  std::array<AsciiClass, 128> classes{};
  for (int c = 0; c < 128; ++c) {
    if (c < 32 || c == 127) {
      classes[c] = kDrop;
    } else if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
      classes[c] = kPunct;
    } else {
      classes[c] = kKeep;
    }
  }
  classes['\t'] = classes['\n'] = classes['\r'] = classes[' '] = kSpace;
  return classes;
}
constexpr std::array<AsciiClass, 128> kAsciiClasses = make_ascii_classes();

// BERT's _is_chinese_char: the CJK Unified Ideographs blocks and extensions A-E, and
// the compatibility ideographs (not Hangul, Hiragana or Katakana).
bool is_cjk_ideograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
         (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

// The clean step's "control": Cc Cf Cs Co, but not Cn. The Python tokenizer drops
// unassigned code points too; the Rust one keeps them (its category tables list no Cn
// characters), so an unassigned code point stays in its word and usually makes it [UNK].
bool is_control_category(utf8proc_category_t category) {
  return category == UTF8PROC_CATEGORY_CC || category == UTF8PROC_CATEGORY_CF || category == UTF8PROC_CATEGORY_CS ||
         category == UTF8PROC_CATEGORY_CO;
}

bool is_punctuation_category(utf8proc_category_t category) {  // P*
  return category >= UTF8PROC_CATEGORY_PC && category <= UTF8PROC_CATEGORY_PO;
}

// Canonical ordering (Unicode §3.11): within each run of non-starters, a stable sort by
// combining class. Runs are a few code points long, so insertion sort.
void reorder_marks(std::span<char32_t> cps) {
  std::size_t i = 0;
  while (i < cps.size()) {
    if (utf8proc_get_property(static_cast<utf8proc_int32_t>(cps[i]))->combining_class == 0) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < cps.size() && utf8proc_get_property(static_cast<utf8proc_int32_t>(cps[end]))->combining_class != 0) {
      ++end;
    }
    for (std::size_t j = i + 1; j < end; ++j) {
      const char32_t cp = cps[j];
      const auto ccc = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class;
      std::size_t k = j;
      while (k > i && utf8proc_get_property(static_cast<utf8proc_int32_t>(cps[k - 1]))->combining_class > ccc) {
        cps[k] = cps[k - 1];
        --k;
      }
      cps[k] = cp;
    }
    i = end;
  }
}

}  // namespace

// Both passes write through indexes into buffers sized ahead (std::basic_string's
// push_back is not inlined by GCC and was half the cost of this function).
void BertBasicTokenizer::split(std::string_view text, BertWords& out) const {
  // Pass 1: clean, isolate CJK ideographs, decompose. Whitespace becomes ' '. Invariant
  // for the ASCII path (one code point per byte at most): room for the rest of the text.
  constexpr std::size_t kMaxPerChar = 18;  // ' ' + 16 decomposed code points + ' '
  std::u32string& cps = out.scratch;
  if (cps.size() < text.size() + kMaxPerChar) cps.resize(text.size() + kMaxPerChar);
  std::size_t count = 0;
  bool need_reorder = false;
  bool prev_is_mark = false;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const auto size = static_cast<utf8proc_ssize_t>(text.size());
  for (utf8proc_ssize_t pos = 0; pos < size;) {
    if (bytes[pos] < 0x80) {
      const AsciiClass c = kAsciiClasses[bytes[pos]];
      if (c == kSpace) {
        cps[count++] = U' ';
      } else if (c != kDrop) {
        cps[count++] = bytes[pos];
      }
      ++pos;
      prev_is_mark = false;
      continue;
    }
    if (count + kMaxPerChar + static_cast<std::size_t>(size - pos) > cps.size()) {
      cps.resize(2 * cps.size() + kMaxPerChar);
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t length = utf8proc_iterate(bytes + pos, size - pos, &cp);
    if (length < 0) {  // invalid UTF-8: one byte as U+FFFD, which the clean step drops
      ++pos;
      continue;
    }
    pos += length;
    const utf8proc_property_t* property = utf8proc_get_property(cp);
    const auto category = static_cast<utf8proc_category_t>(property->category);
    if (cp == 0xFFFD || is_control_category(category)) continue;
    if (category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP) {
      cps[count++] = U' ';
      prev_is_mark = false;
      continue;
    }
    const bool cjk = options_.split_cjk && is_cjk_ideograph(static_cast<char32_t>(cp));
    if (cjk) cps[count++] = U' ';
    if (!options_.strip_accents) {
      cps[count++] = static_cast<char32_t>(cp);
    } else {
      utf8proc_int32_t decomposed[16];
      int boundclass = 0;
      const utf8proc_ssize_t n = utf8proc_decompose_char(cp, decomposed, 16, UTF8PROC_DECOMPOSE, &boundclass);
      for (utf8proc_ssize_t i = 0; i < n && i < 16; ++i) {
        const bool mark = utf8proc_get_property(decomposed[i])->combining_class != 0;
        need_reorder = need_reorder || (mark && prev_is_mark);
        prev_is_mark = mark;
        cps[count++] = static_cast<char32_t>(decomposed[i]);
      }
    }
    if (cjk) {
      cps[count++] = U' ';
      prev_is_mark = false;
    }
  }
  if (need_reorder) reorder_marks(std::span<char32_t>(cps.data(), count));

  // Pass 2: drop accents, lower-case, split on spaces and punctuation. At most 4 bytes
  // per code point (3 for U+0130's "i" U+0307).
  std::string& words = out.bytes;
  std::size_t length = words.size();
  words.resize(length + 4 * count);
  std::uint32_t last_end = out.ends.empty() ? 0 : out.ends.back();
  auto end_word = [&] {
    if (length != last_end) {
      last_end = static_cast<std::uint32_t>(length);
      out.ends.push_back(last_end);
    }
  };
  for (std::size_t k = 0; k < count; ++k) {
    char32_t cp = cps[k];
    if (cp < 0x80) {
      const AsciiClass c = kAsciiClasses[cp];
      if (c == kSpace) {
        end_word();
      } else if (c == kPunct) {
        end_word();
        words[length++] = static_cast<char>(cp);
        end_word();
      } else {
        const bool upper = cp >= U'A' && cp <= U'Z';
        words[length++] = static_cast<char>(options_.lower_case && upper ? cp + 32 : cp);
      }
      continue;
    }
    const auto ucp = static_cast<utf8proc_int32_t>(cp);
    const auto category = static_cast<utf8proc_category_t>(utf8proc_get_property(ucp)->category);
    if (options_.strip_accents && category == UTF8PROC_CATEGORY_MN) continue;
    if (is_punctuation_category(category)) {  // lower-casing keeps punctuation punctuation
      end_word();
      length += encode_utf8(cp, &words[length]);
      end_word();
      continue;
    }
    if (options_.lower_case) {
      if (cp == 0x130) {  // the one unconditional multi-character lower-case mapping
        words[length++] = 'i';
        length += encode_utf8(0x307, &words[length]);
        continue;
      }
      cp = static_cast<char32_t>(utf8proc_tolower(ucp));
    }
    length += encode_utf8(cp, &words[length]);
  }
  end_word();
  words.resize(length);
}

}  // namespace medsearch::encoder
