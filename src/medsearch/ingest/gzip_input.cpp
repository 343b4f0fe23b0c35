#include "medsearch/ingest/gzip_input.hpp"

#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#include "medsearch/core/error.hpp"

namespace medsearch::ingest {

// ISA-L's igzip inflater: 2.3x zlib's inflate on PubMed XML (docs/decisions/0005-isal-inflate.md).
// We parse each member's header ourselves with isal_read_gzip_header and a header struct
// that lives as long as the member, then inflate with ISAL_GZIP_NO_HDR_VER (raw deflate,
// then the 8-byte trailer verified: CRC-32 and ISIZE). Letting isal_inflate parse the header
// (ISAL_GZIP) is not enough: in ISA-L 2.30 it keeps its header struct on the stack of each
// call, so a header with FHCRC that spans two input chunks fails its CRC check.
struct GzipInput::Inflater {
  inflate_state state;
  isal_gzip_header header;
};

namespace {

// ISA-L counts input and output in uint32_t.
constexpr std::size_t kMaxInflaterBytes = std::numeric_limits<std::uint32_t>::max();

const char* describe_isal_error(int rc) {
  switch (rc) {
    case ISAL_INVALID_BLOCK: return "invalid deflate block";
    case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK: return "invalid deflate distance too far back";
    case ISAL_INVALID_WRAPPER: return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM: return "checksum mismatch (CRC-32 or ISIZE of the member, or header CRC)";
    default: return "unexpected inflater status";
  }
}

}  // namespace

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
    isal_inflate_init(&inflater_->state);
    isal_gzip_header_init(&inflater_->header);  // name/comment/extra buffers NULL: skipped
    in_header_ = true;
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
  std::size_t produced = 0;
  while (produced < capacity) {
    if (member_done_ && !start_next_member()) {
      stream_end_ = true;
      break;
    }
    if (in_header_) {
      read_member_header();
      continue;
    }
    produced += inflate_member(dest + produced, capacity - produced);
  }
  return produced;
}

bool GzipInput::start_next_member() {
  if (in_pos_ == in_end_ && !refill()) return false;
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
    return false;
  }
  // Another member follows (multi-member gzip, RFC 1952 §2.2): start it afresh. The reset
  // keeps crc_flag; the header struct must be fresh so that no flags carry over.
  isal_inflate_reset(&inflater_->state);
  isal_gzip_header_init(&inflater_->header);
  member_done_ = false;
  in_header_ = true;
  return true;
}

std::uint32_t GzipInput::feed_inflater() {
  const auto given = static_cast<std::uint32_t>(std::min(in_end_ - in_pos_, kMaxInflaterBytes));
  inflater_->state.next_in = reinterpret_cast<std::uint8_t*>(in_.get() + in_pos_);
  inflater_->state.avail_in = given;
  return given;
}

void GzipInput::read_member_header() {
  if (in_pos_ == in_end_ && !refill()) {
    throw_corrupt("truncated gzip: the file ends inside a member header");
  }
  inflate_state& state = inflater_->state;
  const std::uint32_t given = feed_inflater();
  // Resumable: a header split across chunks is kept in the inflater and the header struct.
  const int rc = isal_read_gzip_header(&state, &inflater_->header);
  in_pos_ += given - state.avail_in;
  if (rc == ISAL_DECOMP_OK) {
    // Raw deflate from here, then the trailer is read and checked against the output.
    state.crc_flag = ISAL_GZIP_NO_HDR_VER;
    in_header_ = false;
  } else if (rc != ISAL_END_INPUT) {  // ISAL_END_INPUT: the header continues in the next chunk
    throw_corrupt(std::string("corrupt gzip data: ") + describe_isal_error(rc));
  }
}

std::size_t GzipInput::inflate_member(char* dest, std::size_t capacity) {
  inflate_state& state = inflater_->state;
  // At the end of the file the inflater is still called: it may hold decoded bytes (and the
  // trailer check) that did not fit the last output buffer.
  const bool at_eof = in_pos_ == in_end_ && !refill();
  const std::uint32_t given = feed_inflater();
  state.next_out = reinterpret_cast<std::uint8_t*>(dest);
  state.avail_out = static_cast<std::uint32_t>(std::min<std::size_t>(capacity, kMaxInflaterBytes));
  const auto block_state_before = state.block_state;
  const int rc = isal_inflate(&state);
  in_pos_ += given - state.avail_in;
  const auto produced = static_cast<std::size_t>(reinterpret_cast<char*>(state.next_out) - dest);
  if (rc != ISAL_DECOMP_OK) {
    throw_corrupt(std::string("corrupt gzip data: ") + describe_isal_error(rc));
  }
  if (state.block_state == ISAL_BLOCK_FINISH) {
    member_done_ = true;  // the trailer matched
  } else if (produced == 0 && state.avail_in == given &&
             state.block_state == block_state_before) {
    // No progress. With input left that cannot happen (output space is never 0 here), so
    // it means the file ended inside the member; the check keeps a surprise from spinning.
    throw_corrupt(at_eof ? "truncated gzip: the file ends inside a compressed member"
                         : "corrupt gzip data: the inflater made no progress");
  }
  return produced;
}

bool read_more(GzipInput& input, std::unique_ptr<char[]>& buffer, std::size_t& capacity, std::size_t& end,
               std::size_t read_bytes) {
  if (capacity - end < read_bytes / 2) {
    const std::size_t new_capacity = std::max(capacity * 2, end + read_bytes);
    std::unique_ptr<char[]> bigger(new char[new_capacity]);
    if (end > 0) std::memcpy(bigger.get(), buffer.get(), end);
    buffer = std::move(bigger);
    capacity = new_capacity;
  }
  const std::size_t got = input.read(buffer.get() + end, capacity - end);
  end += got;
  return got > 0;
}

void GzipInput::throw_corrupt(const std::string& why) const {
  throw Error(ErrorCode::Corrupt,
              path_ + ": " + why + " (at compressed byte " + std::to_string(compressed_bytes()) +
                  " of " + std::to_string(file_bytes_) + ")");
}

}  // namespace medsearch::ingest
