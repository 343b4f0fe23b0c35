// What the lexical index indexes (docs/lexical-index.md).
//
// Ranked text lives in one posting list per prose term, shared by four fields
// (TextField), each posting carrying a term frequency per field: BM25F needs them all for
// one term and document, and one list per term gives the exact document frequency.
// Exact-match keyword fields (author names, journal, MeSH headings, publication types,
// languages) have their own term spaces, used as Boolean filters and tagged searches.
// A lexicon key is one space byte followed by the term.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace medsearch::lexical {

// Fields of a prose posting. Title, abstract and keywords are analysed with the prose
// analyzer; MeSH heading names are too (so "neoplasm" finds "Neoplasms").
enum class TextField : std::uint8_t { Title = 0, Abstract = 1, Keywords = 2, Mesh = 3 };
inline constexpr std::size_t kTextFieldCount = 4;
const char* text_field_name(TextField field);

// Term spaces (the first byte of a lexicon key).
enum class KeySpace : char {
  Prose = 'p',            // prose terms (TextField postings, with positions)
  Author = 'a',           // "smith", "smith j", "smith ja", collective names, normalised
  Journal = 'j',          // ISO abbreviation and title, whole, normalised
  MeshHeading = 'm',      // descriptor names, whole, normalised
  MeshMajor = 'M',        // descriptor names of major-topic headings
  PublicationType = 't',  // e.g. "review", "journal article"
  Language = 'l',         // e.g. "eng"
  Year = 'y',             // publication year, "2015" (for [dp] ranges)
  Flag = 'f',             // document properties: "abstract" (has an abstract)
  WordPair = 'w',         // two adjacent common prose terms (word_pairs.hpp), no positions
};

inline constexpr const char* kHasAbstractFlag = "abstract";

inline std::string make_key(KeySpace space, std::string_view term) {
  std::string key(1, static_cast<char>(space));
  key.append(term);
  return key;
}

using FieldLengths = std::array<std::uint32_t, kTextFieldCount>;

}  // namespace medsearch::lexical
