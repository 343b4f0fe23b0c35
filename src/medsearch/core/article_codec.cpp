#include "medsearch/core/article_codec.hpp"

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch {
namespace {

// Field order is the format: change it only with a doc store format version bump.
void put_strings(ByteWriter& w, const std::vector<std::string>& values) {
  w.put_varint(values.size());
  for (const std::string& v : values) w.put_string(v);
}

std::vector<std::string> get_strings(ByteReader& r) {
  std::vector<std::string> values(r.get_count());
  for (std::string& v : values) v = r.get_string();
  return values;
}

void put_sections(ByteWriter& w, const std::vector<AbstractSection>& sections) {
  w.put_varint(sections.size());
  for (const AbstractSection& s : sections) {
    w.put_string(s.label);
    w.put_string(s.nlm_category);
    w.put_string(s.text);
  }
}

std::vector<AbstractSection> get_sections(ByteReader& r) {
  std::vector<AbstractSection> sections(r.get_count());
  for (AbstractSection& s : sections) {
    s.label = r.get_string();
    s.nlm_category = r.get_string();
    s.text = r.get_string();
  }
  return sections;
}

}  // namespace

std::string encode_article(const Article& a) {
  ByteWriter w;
  w.put_string(a.id);
  w.put_varint(a.version);
  w.put_string(a.title);
  w.put_string(a.vernacular_title);
  put_sections(w, a.abstract);
  w.put_varint(a.other_abstracts.size());
  for (const OtherAbstract& o : a.other_abstracts) {
    w.put_string(o.type);
    w.put_string(o.language);
    put_sections(w, o.sections);
  }
  w.put_varint(a.authors.size());
  for (const Author& au : a.authors) {
    w.put_string(au.last_name);
    w.put_string(au.fore_name);
    w.put_string(au.initials);
    w.put_string(au.collective_name);
    put_strings(w, au.affiliations);
  }
  for (const std::string* s : {&a.journal.title, &a.journal.iso_abbreviation, &a.journal.issn,
                               &a.journal.volume, &a.journal.issue, &a.journal.pages}) {
    w.put_string(*s);
  }
  w.put_varint(a.pub_year);
  w.put_varint(a.pub_month);
  w.put_string(a.pub_date);
  put_strings(w, a.languages);
  put_strings(w, a.publication_types);
  w.put_varint(a.mesh_headings.size());
  for (const MeshHeading& m : a.mesh_headings) {
    w.put_string(m.descriptor_ui);
    w.put_string(m.descriptor_name);
    w.put_u8(m.major_topic ? 1 : 0);
    w.put_varint(m.qualifiers.size());
    for (const MeshQualifier& q : m.qualifiers) {
      w.put_string(q.ui);
      w.put_string(q.name);
      w.put_u8(q.major_topic ? 1 : 0);
    }
  }
  w.put_varint(a.chemicals.size());
  for (const Chemical& c : a.chemicals) {
    w.put_string(c.registry_number);
    w.put_string(c.ui);
    w.put_string(c.name);
  }
  put_strings(w, a.keywords);
  w.put_string(a.doi);
  w.put_string(a.pmc);
  w.put_string(a.date_completed);
  w.put_string(a.date_revised);
  return w.take();
}

Article decode_article(std::string_view bytes, const std::string& what) {
  ByteReader r(bytes, what);
  Article a;
  a.id = r.get_string();
  a.version = static_cast<std::uint32_t>(r.get_varint());
  a.title = r.get_string();
  a.vernacular_title = r.get_string();
  a.abstract = get_sections(r);
  a.other_abstracts.resize(r.get_count());
  for (OtherAbstract& o : a.other_abstracts) {
    o.type = r.get_string();
    o.language = r.get_string();
    o.sections = get_sections(r);
  }
  a.authors.resize(r.get_count());
  for (Author& au : a.authors) {
    au.last_name = r.get_string();
    au.fore_name = r.get_string();
    au.initials = r.get_string();
    au.collective_name = r.get_string();
    au.affiliations = get_strings(r);
  }
  for (std::string* s : {&a.journal.title, &a.journal.iso_abbreviation, &a.journal.issn, &a.journal.volume,
                         &a.journal.issue, &a.journal.pages}) {
    *s = r.get_string();
  }
  a.pub_year = static_cast<std::uint16_t>(r.get_varint());
  a.pub_month = static_cast<std::uint8_t>(r.get_varint());
  a.pub_date = r.get_string();
  a.languages = get_strings(r);
  a.publication_types = get_strings(r);
  a.mesh_headings.resize(r.get_count());
  for (MeshHeading& m : a.mesh_headings) {
    m.descriptor_ui = r.get_string();
    m.descriptor_name = r.get_string();
    m.major_topic = r.get_u8() != 0;
    m.qualifiers.resize(r.get_count());
    for (MeshQualifier& q : m.qualifiers) {
      q.ui = r.get_string();
      q.name = r.get_string();
      q.major_topic = r.get_u8() != 0;
    }
  }
  a.chemicals.resize(r.get_count());
  for (Chemical& c : a.chemicals) {
    c.registry_number = r.get_string();
    c.ui = r.get_string();
    c.name = r.get_string();
  }
  a.keywords = get_strings(r);
  a.doi = r.get_string();
  a.pmc = r.get_string();
  a.date_completed = r.get_string();
  a.date_revised = r.get_string();
  if (!r.at_end()) throw Error(ErrorCode::Corrupt, what + ": trailing bytes after the record");
  return a;
}

namespace {

void skip_strings(ByteReader& r) {
  for (std::size_t n = r.get_count(); n > 0; --n) r.get_string_view();
}

void read_sections(ByteReader& r, std::vector<ArticleHeadline::Section>* out) {
  const std::size_t n = r.get_count();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view label = r.get_string_view();
    r.get_string_view();  // NLM category
    const std::string_view text = r.get_string_view();
    if (out != nullptr) out->push_back({label, text});
  }
}

// decode_article's walk with views, skipping what a headline does not show.
void read_headline(ByteReader& r, ArticleHeadline& a) {
  a.abstract.clear();
  a.authors.clear();
  a.id = r.get_string_view();
  r.get_varint();  // version
  a.title = r.get_string_view();
  a.vernacular_title = r.get_string_view();
  read_sections(r, &a.abstract);
  for (std::size_t n = r.get_count(); n > 0; --n) {  // other abstracts
    r.get_string_view();
    r.get_string_view();
    read_sections(r, nullptr);
  }
  for (std::size_t n = r.get_count(); n > 0; --n) {
    ArticleHeadline::AuthorName name;
    name.last_name = r.get_string_view();
    r.get_string_view();  // fore name
    name.initials = r.get_string_view();
    name.collective_name = r.get_string_view();
    skip_strings(r);  // affiliations
    a.authors.push_back(name);
  }
  a.journal_title = r.get_string_view();
  a.journal_iso_abbreviation = r.get_string_view();
  for (int i = 0; i < 4; ++i) r.get_string_view();  // ISSN, volume, issue, pages
  a.pub_year = static_cast<std::uint16_t>(r.get_varint());
  r.get_varint();                                    // month
  r.get_string_view();                               // date as printed
  skip_strings(r);                                   // languages
  skip_strings(r);                                   // publication types
  for (std::size_t n = r.get_count(); n > 0; --n) {  // MeSH headings
    r.get_string_view();
    r.get_string_view();
    r.get_u8();
    for (std::size_t q = r.get_count(); q > 0; --q) {
      r.get_string_view();
      r.get_string_view();
      r.get_u8();
    }
  }
  for (std::size_t n = r.get_count(); n > 0; --n) {  // chemicals
    for (int i = 0; i < 3; ++i) r.get_string_view();
  }
  skip_strings(r);  // keywords
  a.doi = r.get_string_view();
  for (int i = 0; i < 3; ++i) r.get_string_view();  // PMC id, dates completed and revised
}

}  // namespace

void decode_article_headline(std::string_view bytes, const std::function<std::string()>& what, ArticleHeadline& out) {
  try {
    ByteReader r(bytes, std::string());
    read_headline(r, out);
    if (!r.at_end()) throw Error(ErrorCode::Corrupt, ": trailing bytes after the record");
  } catch (const Error& e) {
    // The reader's messages start ": …" (it was given no name): the name goes in front.
    throw Error(e.code(), what() + e.what());
  }
}

}  // namespace medsearch
