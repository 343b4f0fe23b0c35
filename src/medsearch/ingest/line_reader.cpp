#include "medsearch/ingest/line_reader.hpp"

#include <algorithm>
#include <cstring>

#include "medsearch/core/error.hpp"
#include "medsearch/ingest/gzip_input.hpp"

namespace medsearch::ingest {

LineReader::LineReader(GzipInput& input, std::size_t read_bytes, std::size_t max_line_bytes)
    : input_(input), read_bytes_(std::max<std::size_t>(read_bytes, 64)), max_line_bytes_(max_line_bytes) {}

void LineReader::throw_too_long() const {
  const std::uint64_t start = buf_offset_ + pos_;
  throw Error(ErrorCode::Corrupt, input_.path() + ": line " + std::to_string(line_number_ + 1) +
                                      " (starting at byte " + std::to_string(start) +
                                      ") is longer than the maximum line length of " +
                                      std::to_string(max_line_bytes_) + " bytes (no end by byte " +
                                      std::to_string(start + max_line_bytes_) + ")");
}

bool LineReader::more() {
  if (eof_) return false;
  if (pos_ > 0) {  // keep only the unfinished line
    std::memmove(buf_.get(), buf_.get() + pos_, end_ - pos_);
    end_ -= pos_;
    buf_offset_ += pos_;
    pos_ = 0;
  }
  if (!read_more(input_, buf_, capacity_, end_, read_bytes_)) {
    eof_ = true;
    return false;
  }
  return true;
}

bool LineReader::next(std::string_view& line) {
  std::size_t searched = 0;  // bytes after pos_ known to hold no '\n'
  for (;;) {
    const char* start = buf_.get() + pos_;
    const void* newline = end_ > pos_ + searched
                              ? std::memchr(start + searched, '\n', end_ - pos_ - searched)
                              : nullptr;
    if (newline != nullptr) {
      const std::size_t length = static_cast<std::size_t>(static_cast<const char*>(newline) - start);
      if (length > max_line_bytes_) throw_too_long();
      line = std::string_view(start, length);
      pos_ += length + 1;
      break;
    }
    searched = end_ - pos_;
    if (searched > max_line_bytes_) throw_too_long();  // before reading more: memory stays bounded
    if (!more()) {
      if (end_ == pos_) return false;
      if (end_ - pos_ > max_line_bytes_) throw_too_long();
      line = std::string_view(buf_.get() + pos_, end_ - pos_);  // last line without '\n'
      pos_ = end_;
      break;
    }
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ++line_number_;
  return true;
}

}  // namespace medsearch::ingest
