#include "medsearch/ingest/line_reader.hpp"

#include <algorithm>
#include <cstring>

#include "medsearch/ingest/gzip_input.hpp"

namespace medsearch::ingest {

LineReader::LineReader(GzipInput& input, std::size_t read_bytes)
    : input_(input), read_bytes_(std::max<std::size_t>(read_bytes, 64)) {}

bool LineReader::more() {
  if (eof_) return false;
  if (pos_ > 0) {  // keep only the unfinished line
    std::memmove(buf_.get(), buf_.get() + pos_, end_ - pos_);
    end_ -= pos_;
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
      line = std::string_view(start, length);
      pos_ += length + 1;
      break;
    }
    searched = end_ - pos_;
    if (!more()) {
      if (end_ == pos_) return false;
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
