// Splits a GzipInput's uncompressed stream into lines, in memory bounded by the longest
// line (plus one read chunk). A line ends at '\n'; a '\r' before it is dropped (CRLF
// files); the last line may lack its '\n'. Not thread-safe.
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
  explicit LineReader(GzipInput& input, std::size_t read_bytes = std::size_t{1} << 20);

  // Sets `line` to the next line (without its terminator; valid until the next call) and
  // returns true, or returns false at the end of the stream.
  bool next(std::string_view& line);
  // 1-based number of the line last returned; 0 before the first.
  std::uint64_t line_number() const { return line_number_; }

 private:
  bool more();  // reads more input behind end_, compacting/growing; false at the end

  GzipInput& input_;
  std::size_t read_bytes_;
  std::unique_ptr<char[]> buf_;
  std::size_t capacity_ = 0;
  std::size_t pos_ = 0;  // start of the next line
  std::size_t end_ = 0;  // bytes of buf_ filled
  std::uint64_t line_number_ = 0;
  bool eof_ = false;
};

}  // namespace medsearch::ingest
