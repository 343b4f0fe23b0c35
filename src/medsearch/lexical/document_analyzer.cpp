#include "medsearch/lexical/document_analyzer.hpp"

#include <algorithm>
#include <set>

#include "medsearch/core/byte_codec.hpp"

namespace medsearch::lexical {
namespace {

// Positions of successive values of a multi-valued field (keywords, MeSH names) are
// separated by this gap, so a phrase never matches across two values.
constexpr std::uint32_t kValueGap = 16;

struct Occurrence {
  std::uint64_t prefix;  // the term's first 8 bytes, big-endian, zero-padded (term_prefix)
  std::string_view term;
  std::uint8_t field;
  std::uint32_t position;
};

// A term's first 8 bytes as a big-endian number, zero-padded. prefix(a) < prefix(b)
// implies a < b: at the first differing byte either both terms have a byte there, or a
// has ended (a padding 0 below b's byte) and is a prefix of b. So add_prose's sort decides
// most comparisons with one integer compare and compares the terms only on equal
// prefixes, in exactly the order comparing the terms gives.
std::uint64_t term_prefix(std::string_view term) {
  std::uint64_t prefix = 0;
  const std::size_t n = std::min<std::size_t>(term.size(), 8);
  for (std::size_t i = 0; i < n; ++i) prefix |= std::uint64_t{static_cast<unsigned char>(term[i])} << (56 - 8 * i);
  return prefix;
}

// Appends the prose postings of one document built from its tokens per field.
void add_prose(const std::array<std::vector<text::Token>, kTextFieldCount>& tokens, AnalyzedDocument& out) {
  std::vector<Occurrence> occurrences;
  for (std::uint8_t f = 0; f < kTextFieldCount; ++f) {
    for (const text::Token& token : tokens[f])
      occurrences.push_back({term_prefix(token.term), token.term, f, token.position});
  }
  std::sort(occurrences.begin(), occurrences.end(), [](const Occurrence& a, const Occurrence& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    if (a.term != b.term) return a.term < b.term;
    if (a.field != b.field) return a.field < b.field;
    return a.position < b.position;
  });
  ByteWriter positions;
  for (std::size_t i = 0; i < occurrences.size();) {
    AnalyzedPosting posting;
    posting.key_offset = static_cast<std::uint32_t>(out.bytes.size());
    out.bytes.push_back(static_cast<char>(KeySpace::Prose));
    out.bytes.append(occurrences[i].term);
    posting.key_size = static_cast<std::uint32_t>(out.bytes.size() - posting.key_offset);
    positions.clear();
    std::uint32_t previous = 0;
    std::uint8_t previous_field = 255;
    std::size_t end = i;
    for (; end < occurrences.size() && occurrences[end].term == occurrences[i].term; ++end) {
      const Occurrence& o = occurrences[end];
      if (o.field != previous_field) {
        positions.put_varint(o.position + 1);  // a field's first position is stored + 1
        previous_field = o.field;
      } else {
        positions.put_varint(o.position - previous);  // then gaps (0 for a repeated position)
      }
      previous = o.position;
      posting.mask |= static_cast<std::uint8_t>(1u << o.field);
      ++posting.tf[o.field];
    }
    posting.positions_offset = static_cast<std::uint32_t>(out.bytes.size());
    out.bytes.append(positions.bytes());
    posting.positions_size = static_cast<std::uint32_t>(positions.size());
    out.postings.push_back(posting);
    i = end;
  }
}

}  // namespace

std::string normalize_keyword(const text::Analyzer& keyword_analyzer, std::string_view text) {
  std::string out;
  for (const std::string& term : keyword_analyzer.terms(text)) {
    if (!out.empty()) out.push_back(' ');
    out += term;
  }
  return out;
}

DocumentAnalyzer::DocumentAnalyzer() : prose_(text::prose_options()), keyword_(text::keyword_options()) {}

void DocumentAnalyzer::analyze(const Article& a, AnalyzedDocument& out) const {
  out.clear();
  std::array<std::vector<text::Token>, kTextFieldCount> tokens;
  auto analyze_values = [&](TextField field, const std::vector<std::string_view>& values) {
    std::uint32_t position = 0;
    for (std::string_view value : values) {
      if (!value.empty()) position = prose_.analyze(value, tokens[static_cast<int>(field)], position) + kValueGap;
    }
  };
  analyze_values(TextField::Title, {a.title, a.vernacular_title});
  std::vector<std::string_view> values;
  for (const AbstractSection& s : a.abstract) values.push_back(s.text);
  for (const OtherAbstract& o : a.other_abstracts) {
    for (const AbstractSection& s : o.sections) values.push_back(s.text);
  }
  analyze_values(TextField::Abstract, values);
  analyze_values(TextField::Keywords, std::vector<std::string_view>(a.keywords.begin(), a.keywords.end()));
  values.clear();
  for (const MeshHeading& m : a.mesh_headings) values.push_back(m.descriptor_name);
  for (const Chemical& c : a.chemicals) values.push_back(c.name);
  analyze_values(TextField::Mesh, values);

  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    // Length = distinct positions (alternative forms share one): the field's word count.
    std::uint32_t distinct = 0;
    std::int64_t last = -1;
    for (const text::Token& t : tokens[f]) {
      if (static_cast<std::int64_t>(t.position) != last) ++distinct;
      last = t.position;
    }
    out.lengths[f] = distinct;
  }
  add_prose(tokens, out);
  if (pair_words_) add_word_pair_postings(tokens, *pair_words_, out);

  std::set<std::string> keys;
  auto keyword = [&](KeySpace space, const std::string& term) {
    if (!term.empty()) keys.insert(make_key(space, term));
  };
  for (const Author& au : a.authors) {
    if (!au.collective_name.empty()) keyword(KeySpace::Author, normalize_keyword(keyword_, au.collective_name));
    if (au.last_name.empty()) continue;
    const std::string last = normalize_keyword(keyword_, au.last_name);
    keyword(KeySpace::Author, last);
    const std::string initials = normalize_keyword(keyword_, au.initials);
    if (!initials.empty()) {
      keyword(KeySpace::Author, last + " " + initials.substr(0, 1));
      keyword(KeySpace::Author, last + " " + initials);
    }
  }
  keyword(KeySpace::Journal, normalize_keyword(keyword_, a.journal.iso_abbreviation));
  keyword(KeySpace::Journal, normalize_keyword(keyword_, a.journal.title));
  for (const MeshHeading& m : a.mesh_headings) {
    const std::string name = normalize_keyword(keyword_, m.descriptor_name);
    keyword(KeySpace::MeshHeading, name);
    const bool major = m.major_topic || std::any_of(m.qualifiers.begin(), m.qualifiers.end(),
                                                    [](const MeshQualifier& q) { return q.major_topic; });
    if (major) keyword(KeySpace::MeshMajor, name);
  }
  for (const std::string& pt : a.publication_types) keyword(KeySpace::PublicationType, normalize_keyword(keyword_, pt));
  for (const std::string& lang : a.languages) keyword(KeySpace::Language, normalize_keyword(keyword_, lang));
  if (a.pub_year != 0) keyword(KeySpace::Year, std::to_string(a.pub_year));
  if (a.has_abstract()) keyword(KeySpace::Flag, kHasAbstractFlag);
  for (const std::string& key : keys) {
    AnalyzedPosting posting;
    posting.key_offset = static_cast<std::uint32_t>(out.bytes.size());
    posting.key_size = static_cast<std::uint32_t>(key.size());
    out.bytes.append(key);
    posting.positions_offset = static_cast<std::uint32_t>(out.bytes.size());
    posting.mask = 1;
    posting.tf[0] = 1;
    out.postings.push_back(posting);
  }
}

}  // namespace medsearch::lexical
