// Splits a GzipInput's uncompressed stream into lines, in memory bounded by the longest
// line (plus one read chunk). A line ends at '\n'; a '\r' before it is dropped (CRLF
// files); the last line may lack its '\n'. A line longer than `max_line_bytes` (the
// bytes before its '\n', a CRLF's '\r' included) is Error(Corrupt) naming the file, the
// line number, the byte where the line starts and the byte by which it had not ended: a
// file without newlines stops there (having held at most about twice the cap: the buffer
// doubles) instead of growing the buffer until the allocator fails. The default, 16 MiB,
// is thousands of times a BEIR corpus line (a few KB; docs/reliability.md, "Input limits").
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace medsearch::ingest {

class GzipInput;

class LineReader {
 public:
  // Reads from `input`, which must outlive the reader.
  static constexpr std::size_t kDefaultMaxLineBytes = std::size_t{16} << 20;

  explicit LineReader(GzipInput& input, std::size_t read_bytes = std::size_t{1} << 20,
                      std::size_t max_line_bytes = kDefaultMaxLineBytes);

  // Sets `line` to the next line (without its terminator; valid until the next call) and
  // returns true, or returns false at the end of the stream.
  bool next(std::string_view& line);
  // 1-based number of the line last returned; 0 before the first.
  std::uint64_t line_number() const { return line_number_; }

 private:
  bool more();  // reads more input behind end_, compacting/growing; false at the end
  [[noreturn]] void throw_too_long() const;

  GzipInput& input_;
  std::size_t read_bytes_;
  std::size_t max_line_bytes_;
  std::unique_ptr<char[]> buf_;
  std::size_t capacity_ = 0;
  std::size_t pos_ = 0;  // start of the next line
  std::size_t end_ = 0;  // bytes of buf_ filled
  std::uint64_t line_number_ = 0;
  std::uint64_t buf_offset_ = 0;  // stream offset of buf_[0]
  bool eof_ = false;
};

}  // namespace medsearch::ingest
