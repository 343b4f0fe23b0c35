// A streaming byte source over one file: gzip (RFC 1952) files are inflated on the fly,
// anything else is passed through unchanged. Used by every ingest reader.
//
// Contract:
// - The format is chosen from the first two bytes: 1f 8b (the gzip magic) means gzip.
// - Multi-member gzip (several members concatenated, as `cat a.gz b.gz` or pigz/bgzip
//   write) is read as one stream, as gzip(1) does.
// - Every member's header is parsed (FEXTRA, FNAME, FCOMMENT skipped; FHCRC checked) and its
//   trailer verified: CRC-32 and ISIZE (the length modulo 2^32) must match what was inflated.
// - Memory is bounded: one input chunk (`chunk_bytes`, default 1 MiB) plus the inflater's
//   state (about 90 KB: ISA-L's 32 KiB window and decoding tables).
// - A missing file throws Error(NotFound), an unreadable one Error(Io), both naming the
//   path. A truncated gzip (the file ends before a member's end), corrupt compressed data,
//   a CRC-32 or ISIZE mismatch, or trailing bytes after the last member other than zero
//   padding throw Error(Corrupt) naming the path and the compressed byte offset.
// Not thread-safe; one instance per reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace medsearch::ingest {

class GzipInput {
 public:
  static constexpr std::size_t kDefaultChunkBytes = std::size_t{1} << 20;

  // Opens `path` and reads its first chunk (to detect gzip). Throws as described above.
  explicit GzipInput(std::string path, std::size_t chunk_bytes = kDefaultChunkBytes);
  ~GzipInput();
  GzipInput(const GzipInput&) = delete;
  GzipInput& operator=(const GzipInput&) = delete;

  // Writes up to `capacity` (> 0) uncompressed bytes to `dest` and returns how many;
  // returns 0 only at the end of the stream (and on every call after it).
  std::size_t read(char* dest, std::size_t capacity);

  const std::string& path() const { return path_; }
  bool is_gzip() const { return gzip_; }
  // Bytes of the file consumed so far (for gzip: fed to and used by the inflater).
  std::uint64_t compressed_bytes() const;
  // Bytes handed out by read() so far.
  std::uint64_t uncompressed_bytes() const { return uncompressed_bytes_; }
  // Size of the file on disk when it was opened.
  std::uint64_t file_bytes() const { return file_bytes_; }

 private:
  bool refill();  // reads the next chunk of the file into in_; false at end of file
  std::size_t read_plain(char* dest, std::size_t capacity);
  std::size_t read_gzip(char* dest, std::size_t capacity);
  bool start_next_member();  // after a member: true if another follows, false at the end
  std::uint32_t feed_inflater();  // points the inflater at in_'s unused bytes; returns how many
  void read_member_header();
  std::size_t inflate_member(char* dest, std::size_t capacity);
  [[noreturn]] void throw_corrupt(const std::string& why) const;

  struct Inflater;  // ISA-L igzip state, kept out of this header
  std::string path_;
  int fd_ = -1;
  std::unique_ptr<char[]> in_;
  std::size_t in_capacity_ = 0;
  std::size_t in_pos_ = 0;  // next unused byte of in_
  std::size_t in_end_ = 0;  // bytes of in_ filled
  std::uint64_t file_read_bytes_ = 0;  // bytes read from the file so far
  std::uint64_t uncompressed_bytes_ = 0;
  std::uint64_t file_bytes_ = 0;
  bool gzip_ = false;
  bool file_eof_ = false;
  bool stream_end_ = false;   // true when the last member ended and no more input exists
  bool member_done_ = false;  // a member ended; another may follow
  bool in_header_ = false;    // the current member's header is not yet fully parsed
  std::unique_ptr<Inflater> inflater_;
};

// Reads more of `input` behind `buffer[0, end)`, which the caller has already compacted.
// The buffer grows (doubling, keeping its bytes) only when less than half of `read_bytes`
// is free, so it ends as large as the largest unit the caller keeps (a record, a line).
// Returns false at the end of the stream. Shared by the XML splitter and the line reader.
bool read_more(GzipInput& input, std::unique_ptr<char[]>& buffer, std::size_t& capacity, std::size_t& end,
               std::size_t read_bytes);

}  // namespace medsearch::ingest
