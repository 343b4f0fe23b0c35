// Cuts a PubMed/MEDLINE XML stream into its top-level records without building a tree
// of the whole file, so a 250 MB baseline file is read in memory bounded by its largest
// record.
//
// The file must be one of NLM's set documents (pubmed_190101.dtd, nlmmedlinecitationset_
// 150101.dtd): an optional UTF-8 BOM, XML declaration, DOCTYPE (with or without an
// internal subset), comments and processing instructions, then the root element
// <PubmedArticleSet> or <MedlineCitationSet> — or a single bare <PubmedArticle> or
// <MedlineCitation> as the root, which is then the file's one record. Every child element of the root is a
// record: PubmedArticle, PubmedBookArticle, MedlineCitation, DeleteCitation (anywhere
// among the children), or any other element, which is handed out too so the caller can
// count it. A record ends at its first matching end tag: these elements do not nest.
// Text, comments and processing instructions between records are ignored.
//
// Memory is bounded by the record cap: a record (from its '<' to its end tag's '>') longer
// than `max_record_bytes` is Error(Corrupt) naming the file, the record's element, line and
// byte, and the byte where the cap was passed, whether or not its end tag would come later.
// So a file whose record never closes stops there (having read and held at most about
// twice the cap: the buffer doubles) instead of growing the buffer until the allocator fails. The default, 16 MiB, is several times the largest real record (a few
// MB: citations with thousands of authors; docs/reliability.md, "Input limits").
//
// Errors (all name the file):
// - root element other than the two sets or a bare record: Error(InvalidArgument) "not PubMed XML";
// - the stream ends before the root element, inside a record, or before the root's end
//   tag: Error(Corrupt) with the line and uncompressed byte offset.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace medsearch::ingest {

class GzipInput;

// One top-level record. `data` points into the splitter's buffer and stays valid (and
// writable: the caller may parse it in place) until the next call to next().
struct RecordChunk {
  std::string_view name;      // element name, e.g. "PubmedArticle"
  char* data = nullptr;       // from '<' of the start tag to '>' of the end tag
  std::size_t size = 0;
  std::uint64_t byte_offset = 0;  // uncompressed byte offset of data[0] in the file
  std::uint64_t line = 0;         // 1-based line of data[0]
};

inline constexpr std::size_t kDefaultMaxRecordBytes = std::size_t{16} << 20;

class XmlRecordSplitter {
 public:
  // Reads from `input`, which must outlive the splitter. Reads nothing until next().
  explicit XmlRecordSplitter(GzipInput& input, std::size_t read_bytes = std::size_t{1} << 20,
                             std::size_t max_record_bytes = kDefaultMaxRecordBytes);
  ~XmlRecordSplitter();

  // Reads the prolog and the root element's start tag, checking the root's name. next()
  // calls it; call it early to fail fast on a file that is not PubMed XML. Idempotent.
  void start();

  // Fills `out` with the next record and returns true, or returns false after the root
  // element's end tag. Throws as described above.
  bool next(RecordChunk& out);

  // The root element's name; empty before the first call to next().
  const std::string& root_name() const { return root_name_; }
  // Bytes of buffer currently allocated (for tests of bounded memory).
  std::size_t buffer_capacity() const { return capacity_; }

 private:
  bool more();  // reads more input behind end_, compacting/growing; false at end of stream
  bool ensure(std::size_t n);  // true if n bytes are available at pos_, reading if needed
  void read_prolog();
  void skip_past(std::string_view terminator, const char* what);
  void skip_doctype();
  std::string read_name();  // at pos_ after '<': the element name (pos_ moves past it)
  enum class TagEnd { Eof, Open, Empty };  // how a tag ended: no '>', '>', "/>"
  TagEnd skip_tag_rest();  // after the name: moves pos_ past the tag's '>'
  void count_lines_to(std::size_t pos);
  std::string where(std::size_t pos);  // "line L, byte B"
  [[noreturn]] void throw_eof(const std::string& inside, std::uint64_t line,
                              std::uint64_t byte);
  // Throws when the element being read (from anchor_ to end_) is over the record cap.
  void check_record_size(std::size_t bytes);

  GzipInput& input_;
  std::size_t read_bytes_;
  std::size_t max_record_bytes_;
  std::unique_ptr<char[]> buf_;
  std::size_t capacity_ = 0;
  std::size_t pos_ = 0;     // scan position
  std::size_t end_ = 0;     // bytes of buf_ filled
  std::size_t anchor_ = 0;  // bytes before anchor_ may be discarded by more()
  std::uint64_t buf_offset_ = 0;  // stream offset of buf_[0]
  std::size_t line_pos_ = 0;      // lines are counted up to buf_[line_pos_]...
  std::uint64_t line_ = 1;        // ...which is on this line
  bool eof_ = false;
  bool started_ = false;
  bool finished_ = false;
  bool bare_record_ = false;  // the root element is itself the one record
  std::string root_name_;
  std::string name_;  // the current record's element name (RecordChunk::name views it)
  std::string element_;           // what check_record_size names: "<PubmedArticle>"
  std::uint64_t element_line_ = 0;  // ...and where it starts
  std::uint64_t element_byte_ = 0;
};

}  // namespace medsearch::ingest
