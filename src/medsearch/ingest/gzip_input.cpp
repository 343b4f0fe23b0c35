#include "medsearch/ingest/gzip_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "medsearch/core/error.hpp"

namespace medsearch::ingest {

struct GzipInput::Inflater {
  z_stream stream{};
  bool initialised = false;
  ~Inflater() {
    if (initialised) inflateEnd(&stream);
  }
};

GzipInput::GzipInput(std::string path, std::size_t chunk_bytes)
    : path_(std::move(path)), in_(new char[std::max<std::size_t>(chunk_bytes, 64)]),
      in_capacity_(std::max<std::size_t>(chunk_bytes, 64)) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw_io_error("cannot open input file", path_);
  struct stat st{};
  if (::fstat(fd_, &st) != 0) {
    const int saved = errno;
    ::close(fd_);
    errno = saved;
    throw_io_error("cannot stat input file", path_);
  }
  file_bytes_ = static_cast<std::uint64_t>(st.st_size);
  try {
    refill();
  } catch (...) {
    ::close(fd_);
    throw;
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(in_.get());
  gzip_ = in_end_ >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;  // RFC 1952 §2.3.1 ID1 ID2
  if (gzip_) {
    inflater_ = std::make_unique<Inflater>();
    // 16 + MAX_WBITS: expect a gzip wrapper, not zlib or raw deflate (zlib.h, inflateInit2).
    if (inflateInit2(&inflater_->stream, 16 + MAX_WBITS) != Z_OK) {
      ::close(fd_);
      throw Error(ErrorCode::Unavailable, path_ + ": cannot initialise zlib");
    }
    inflater_->initialised = true;
  }
}

GzipInput::~GzipInput() {
  if (fd_ >= 0) ::close(fd_);
}

std::uint64_t GzipInput::compressed_bytes() const {
  return file_read_bytes_ - (in_end_ - in_pos_);
}

bool GzipInput::refill() {
  in_pos_ = 0;
  in_end_ = 0;
  if (file_eof_) return false;
  for (;;) {
    const ssize_t got = ::read(fd_, in_.get(), in_capacity_);
    if (got > 0) {
      in_end_ = static_cast<std::size_t>(got);
      file_read_bytes_ += static_cast<std::uint64_t>(got);
      return true;
    }
    if (got == 0) {
      file_eof_ = true;
      return false;
    }
    if (errno != EINTR) throw_io_error("cannot read input file", path_);
  }
}

std::size_t GzipInput::read(char* dest, std::size_t capacity) {
  if (capacity == 0 || stream_end_) return 0;
  const std::size_t produced = gzip_ ? read_gzip(dest, capacity) : read_plain(dest, capacity);
  uncompressed_bytes_ += produced;
  return produced;
}

std::size_t GzipInput::read_plain(char* dest, std::size_t capacity) {
  if (in_pos_ == in_end_) {
    if (file_eof_) {
      stream_end_ = true;
      return 0;
    }
    // A large request bypasses in_ to save one copy of the whole file.
    if (capacity >= in_capacity_) {
      for (;;) {
        const ssize_t got = ::read(fd_, dest, capacity);
        if (got > 0) {
          file_read_bytes_ += static_cast<std::uint64_t>(got);
          return static_cast<std::size_t>(got);
        }
        if (got == 0) {
          file_eof_ = stream_end_ = true;
          return 0;
        }
        if (errno != EINTR) throw_io_error("cannot read input file", path_);
      }
    }
    if (!refill()) {
      stream_end_ = true;
      return 0;
    }
  }
  const std::size_t n = std::min(capacity, in_end_ - in_pos_);
  std::memcpy(dest, in_.get() + in_pos_, n);
  in_pos_ += n;
  return n;
}

std::size_t GzipInput::read_gzip(char* dest, std::size_t capacity) {
  z_stream& zs = inflater_->stream;
  zs.next_out = reinterpret_cast<Bytef*>(dest);
  zs.avail_out = static_cast<uInt>(std::min<std::size_t>(capacity, UINT_MAX));
  const uInt requested = zs.avail_out;
  while (zs.avail_out > 0) {
    if (member_done_) {
      if (in_pos_ == in_end_ && !refill()) {
        stream_end_ = true;
        break;
      }
      if (static_cast<unsigned char>(in_[in_pos_]) != 0x1f) {
        // gzip(1) ignores zero padding after the last member (e.g. from tape blocking);
        // anything else there is not gzip data.
        do {
          const char* begin = in_.get() + in_pos_;
          const char* end = in_.get() + in_end_;
          if (std::any_of(begin, end, [](char c) { return c != 0; })) {
            throw_corrupt("trailing bytes after the last gzip member are not gzip data");
          }
          in_pos_ = in_end_;
        } while (refill());
        stream_end_ = true;
        break;
      }
      // Another member follows (multi-member gzip, RFC 1952 §2.2): start it afresh.
      inflateReset(&zs);
      member_done_ = false;
    }
    if (in_pos_ == in_end_ && !refill()) {
      throw_corrupt("truncated gzip: the file ends inside a compressed member");
    }
    zs.next_in = reinterpret_cast<Bytef*>(in_.get() + in_pos_);
    zs.avail_in = static_cast<uInt>(in_end_ - in_pos_);
    const int rc = inflate(&zs, Z_NO_FLUSH);
    in_pos_ = in_end_ - zs.avail_in;
    if (rc == Z_STREAM_END) {
      member_done_ = true;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      // Z_BUF_ERROR only means "no progress without more input": the loop refills.
      throw_corrupt(std::string("corrupt gzip data: ") + (zs.msg ? zs.msg : zError(rc)));
    }
  }
  return requested - zs.avail_out;
}

void GzipInput::throw_corrupt(const std::string& why) const {
  throw Error(ErrorCode::Corrupt,
              path_ + ": " + why + " (at compressed byte " + std::to_string(compressed_bytes()) +
                  " of " + std::to_string(file_bytes_) + ")");
}

}  // namespace medsearch::ingest
