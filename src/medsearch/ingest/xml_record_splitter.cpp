#include "medsearch/ingest/xml_record_splitter.hpp"

#include <algorithm>
#include <cstring>

#include "medsearch/core/error.hpp"
#include "medsearch/ingest/gzip_input.hpp"

namespace medsearch::ingest {
namespace {

// XML 1.0 §2.3 S: the four whitespace characters.
bool is_xml_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

bool is_name_end(char c) { return is_xml_space(c) || c == '>' || c == '/'; }

bool is_pubmed_root(std::string_view name) {
  return name == "PubmedArticleSet" || name == "MedlineCitationSet";
}

// A file holding one bare citation (as efetch and NLM's DTD samples write it) has the
// record itself as its root.
bool is_bare_record_root(std::string_view name) { return name == "PubmedArticle" || name == "MedlineCitation"; }

constexpr std::size_t kMaxNameBytes = 256;

}  // namespace

XmlRecordSplitter::XmlRecordSplitter(GzipInput& input, std::size_t read_bytes, std::size_t max_record_bytes)
    : input_(input), read_bytes_(std::max<std::size_t>(read_bytes, 64)), max_record_bytes_(max_record_bytes) {}

XmlRecordSplitter::~XmlRecordSplitter() = default;

bool XmlRecordSplitter::more() {
  if (eof_) return false;
  if (line_pos_ < anchor_) count_lines_to(anchor_);
  if (anchor_ > 0) {  // drop consumed bytes; keep the unfinished record
    std::memmove(buf_.get(), buf_.get() + anchor_, end_ - anchor_);
    pos_ -= anchor_;
    end_ -= anchor_;
    line_pos_ -= anchor_;
    buf_offset_ += anchor_;
    anchor_ = 0;
  }
  if (!read_more(input_, buf_, capacity_, end_, read_bytes_)) {
    eof_ = true;
    return false;
  }
  return true;
}

bool XmlRecordSplitter::ensure(std::size_t n) {
  while (end_ - pos_ < n) {
    if (!more()) return false;
  }
  return true;
}

void XmlRecordSplitter::count_lines_to(std::size_t pos) {
  const char* p = buf_.get() + line_pos_;
  const char* const stop = buf_.get() + pos;
  while (p < stop && (p = static_cast<const char*>(std::memchr(p, '\n', stop - p)))) {
    ++line_;
    ++p;
  }
  line_pos_ = pos;
}

std::string XmlRecordSplitter::where(std::size_t pos) {
  count_lines_to(pos);
  return "line " + std::to_string(line_) + ", byte " + std::to_string(buf_offset_ + pos);
}

void XmlRecordSplitter::throw_eof(const std::string& inside, std::uint64_t line,
                                  std::uint64_t byte) {
  throw Error(ErrorCode::Corrupt, input_.path() + ": XML ends inside " + inside +
                                      " that starts at line " + std::to_string(line) +
                                      " (byte " + std::to_string(byte) + ")");
}

void XmlRecordSplitter::check_record_size(std::size_t bytes) {
  if (bytes <= max_record_bytes_) return;
  throw Error(ErrorCode::Corrupt, input_.path() + ": " + element_ + " that starts at line " +
                                      std::to_string(element_line_) + " (byte " + std::to_string(element_byte_) +
                                      ") is longer than the maximum record size of " +
                                      std::to_string(max_record_bytes_) + " bytes (no end by byte " +
                                      std::to_string(element_byte_ + bytes) + ")");
}

// Moves pos_ past the next occurrence of `terminator`; used outside records only.
void XmlRecordSplitter::skip_past(std::string_view terminator, const char* what) {
  const std::uint64_t start_byte = buf_offset_ + pos_;
  count_lines_to(pos_);
  const std::uint64_t start_line = line_;
  for (;;) {
    anchor_ = pos_;
    const void* hit = ::memmem(buf_.get() + pos_, end_ - pos_, terminator.data(), terminator.size());
    if (hit != nullptr) {
      pos_ = static_cast<std::size_t>(static_cast<const char*>(hit) - buf_.get()) + terminator.size();
      anchor_ = pos_;
      return;
    }
    // Keep a possible partial terminator at the end of the buffer.
    pos_ = std::max(pos_, end_ - std::min(end_, terminator.size() - 1));
    anchor_ = pos_;
    if (!more()) throw_eof(what, start_line, start_byte);
  }
}

// DOCTYPE with an optional internal subset (XML 1.0 §2.8 doctypedecl): quoted literals
// and comments may contain '>' and ']' that do not end it.
void XmlRecordSplitter::skip_doctype() {
  const std::uint64_t start_byte = buf_offset_ + pos_;
  count_lines_to(pos_);
  const std::uint64_t start_line = line_;
  bool in_subset = false;
  char quote = 0;
  for (;;) {
    anchor_ = pos_;
    if (!ensure(1)) throw_eof("<!DOCTYPE>", start_line, start_byte);
    const char c = buf_[pos_];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (in_subset && c == '<' && ensure(4) && std::memcmp(buf_.get() + pos_, "<!--", 4) == 0) {
      skip_past("-->", "a comment");
      continue;
    } else if (c == '[') {
      in_subset = true;
    } else if (c == ']') {
      in_subset = false;
    } else if (c == '>' && !in_subset) {
      ++pos_;
      anchor_ = pos_;
      return;
    }
    ++pos_;
  }
}

std::string XmlRecordSplitter::read_name() {
  std::string name;
  for (;;) {
    if (pos_ == end_ && !more()) break;
    const char c = buf_[pos_];
    if (is_name_end(c)) break;
    if (name.size() == kMaxNameBytes) {
      throw Error(ErrorCode::Corrupt, input_.path() + ": element name too long at " + where(pos_));
    }
    name.push_back(c);
    ++pos_;
  }
  return name;
}

XmlRecordSplitter::TagEnd XmlRecordSplitter::skip_tag_rest() {
  char quote = 0;
  char previous = 0;
  for (;;) {
    if (pos_ == end_) {
      check_record_size(end_ - anchor_);  // a start tag that never ends
      if (!more()) return TagEnd::Eof;  // the caller reports it
    }
    const char c = buf_[pos_++];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return previous == '/' ? TagEnd::Empty : TagEnd::Open;
    }
    previous = c;
  }
}

void XmlRecordSplitter::read_prolog() {
  started_ = true;
  if (ensure(3) && std::memcmp(buf_.get(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;  // UTF-8 BOM
  for (;;) {
    while (ensure(1) && is_xml_space(buf_[pos_])) {
      ++pos_;
      anchor_ = pos_;
    }
    anchor_ = pos_;
    if (!ensure(1)) {
      const std::string what = buf_offset_ + pos_ == 0 ? " (the file is empty)" : "";
      throw Error(ErrorCode::Corrupt, input_.path() + ": XML ends before the root element" + what);
    }
    const char next = ensure(2) ? buf_[pos_ + 1] : '\0';
    if (buf_[pos_] != '<' || next == '\0') {
      throw Error(ErrorCode::InvalidArgument,
                  input_.path() + ": not PubMed XML: text before the root element (" + where(pos_) + ")");
    }
    if (next == '?') {
      skip_past("?>", "a processing instruction");
    } else if (next == '!' && ensure(4) && std::memcmp(buf_.get() + pos_, "<!--", 4) == 0) {
      skip_past("-->", "a comment");
    } else if (next == '!' && ensure(9) && std::memcmp(buf_.get() + pos_, "<!DOCTYPE", 9) == 0) {
      skip_doctype();
    } else {
      count_lines_to(pos_);
      const std::uint64_t line = line_;
      const std::uint64_t byte = buf_offset_ + pos_;
      ++pos_;
      root_name_ = read_name();
      element_ = "the start tag <" + root_name_ + ">";
      element_line_ = line;
      element_byte_ = byte;
      if (is_bare_record_root(root_name_)) {
        bare_record_ = true;
        pos_ = anchor_;  // back to its '<': next() hands out the root as the one record
        return;
      }
      if (!is_pubmed_root(root_name_)) {
        throw Error(ErrorCode::InvalidArgument, input_.path() + ": not PubMed XML: root element is <" +
                                                    root_name_ + "> (line " + std::to_string(line) + ")");
      }
      const TagEnd root_end = skip_tag_rest();
      if (root_end == TagEnd::Eof) {
        throw_eof("the start tag <" + root_name_ + ">", line, byte);
      }
      if (root_end == TagEnd::Empty) finished_ = true;  // <PubmedArticleSet/>: no records
      anchor_ = pos_;
      return;
    }
  }
}

void XmlRecordSplitter::start() {
  if (!started_) read_prolog();
}

bool XmlRecordSplitter::next(RecordChunk& out) {
  start();
  if (finished_) return false;
  for (;;) {
    anchor_ = pos_;
    const void* lt = std::memchr(buf_.get() + pos_, '<', end_ - pos_);
    if (lt == nullptr) {
      pos_ = end_;
      anchor_ = pos_;
      if (!more()) {
        if (bare_record_) {
          finished_ = true;
          return false;
        }
        throw Error(ErrorCode::Corrupt, input_.path() + ": XML ends before </" + root_name_ +
                                            "> (" + where(pos_) + ")");
      }
      continue;
    }
    pos_ = static_cast<std::size_t>(static_cast<const char*>(lt) - buf_.get());
    anchor_ = pos_;
    const std::uint64_t start_byte = buf_offset_ + pos_;
    count_lines_to(pos_);
    const std::uint64_t start_line = line_;
    if (!ensure(2)) throw_eof("<" + root_name_ + ">", start_line, start_byte);
    const char kind = buf_[pos_ + 1];
    if (kind == '?') {
      skip_past("?>", "a processing instruction");
      continue;
    }
    if (kind == '!') {
      if (ensure(9) && std::memcmp(buf_.get() + pos_, "<![CDATA[", 9) == 0) {
        skip_past("]]>", "a CDATA section");
      } else if (ensure(4) && std::memcmp(buf_.get() + pos_, "<!--", 4) == 0) {
        skip_past("-->", "a comment");
      } else {
        skip_past(">", "a markup declaration");
      }
      continue;
    }
    if (kind == '/') {  // the only end tag seen here is the root's
      pos_ += 2;
      const std::string name = read_name();
      if (name != root_name_) {
        throw Error(ErrorCode::Corrupt, input_.path() + ": unexpected end tag </" + name + "> in <" +
                                            root_name_ + "> at line " + std::to_string(start_line));
      }
      finished_ = true;
      return false;
    }

    ++pos_;
    name_ = read_name();
    const auto fail_inside = [&]() { throw_eof("<" + name_ + ">", start_line, start_byte); };
    element_ = "<" + name_ + ">";
    element_line_ = start_line;
    element_byte_ = start_byte;
    if (name_.empty()) {
      throw Error(ErrorCode::Corrupt, input_.path() + ": '<' not followed by a name at line " +
                                          std::to_string(start_line));
    }
    const TagEnd tag_end = skip_tag_rest();
    if (tag_end == TagEnd::Eof) fail_inside();
    if (tag_end == TagEnd::Empty) check_record_size(pos_ - anchor_);
    if (tag_end == TagEnd::Open) {
      // Search "</name" followed by whitespace or '>' ("</PubmedArticleSet" also starts
      // with "</PubmedArticle"). `searched` is relative to anchor_, which more() moves.
      const std::string needle = "</" + name_;
      std::size_t searched = pos_ - anchor_;
      for (;;) {
        const std::size_t from = anchor_ + searched;
        const void* hit = ::memmem(buf_.get() + from, end_ - from, needle.data(), needle.size());
        if (hit != nullptr) {
          // Relative to anchor_ like `searched`: more() below may move the record to the
          // buffer's start. (An absolute position kept across it made a later search start
          // past the end of the data: memmem with a negative size, found by fuzzing.)
          const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - buf_.get()) - anchor_;
          const std::size_t after = at + needle.size();
          while (end_ - anchor_ <= after && more()) {
          }
          if (end_ - anchor_ <= after) fail_inside();
          const char c = buf_[anchor_ + after];
          if (c == '>' || is_xml_space(c)) {
            pos_ = anchor_ + after;
            if (skip_tag_rest() == TagEnd::Eof) fail_inside();
            check_record_size(pos_ - anchor_);  // closed, but over the cap all the same
            break;
          }
          searched = at + 1;
          continue;
        }
        searched = std::max(searched, end_ - anchor_ - std::min(end_ - anchor_, needle.size() - 1));
        check_record_size(end_ - anchor_);  // every byte read so far belongs to the record
        if (!more()) fail_inside();
      }
    }
    // Count the record's lines now: the caller may overwrite its bytes when parsing.
    count_lines_to(pos_);
    out.name = name_;
    out.data = buf_.get() + anchor_;
    out.size = pos_ - anchor_;
    out.byte_offset = start_byte;
    out.line = start_line;
    anchor_ = pos_;
    return true;
  }
}

}  // namespace medsearch::ingest
