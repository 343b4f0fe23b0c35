// Every on-disk file of an index ends with a fixed 32-byte footer (docs/formats.md):
//   u64 magic | u32 format_version | u32 crc32 of the payload | u64 payload_size | u64 "MSFOOTER"
// The payload is everything before the footer. Files are written to "<path>.tmp", synced,
// then renamed, so a reader never sees a half-written file under its final name.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace medsearch::store {

inline constexpr std::size_t kFooterSize = 32;

// Streams a payload to "<path>.tmp" and publishes it at `path` on finish().
// If destroyed before finish(), the temporary file is removed.
class FileWriter {
 public:
  FileWriter(std::string path, std::uint64_t magic, std::uint32_t format_version);
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  void append(std::string_view bytes);
  std::uint64_t size() const { return payload_size_; }
  // Writes the footer, fsyncs, renames to the final path. Throws Error(Io).
  void finish();

 private:
  std::string path_;
  std::string tmp_path_;
  std::uint64_t magic_;
  std::uint32_t format_version_;
  std::FILE* file_ = nullptr;
  std::uint32_t crc_ = 0;
  std::uint64_t payload_size_ = 0;
};

// Writes a whole small payload at once (see FileWriter).
void write_file(const std::string& path, std::uint64_t magic, std::uint32_t format_version, std::string_view payload);

// The format versions a reader accepts, oldest to newest (both included).
struct FormatVersions {
  std::uint32_t oldest = 0;
  std::uint32_t newest = 0;
};

// A read-only memory map of a file written by FileWriter. Immutable and thread-safe after
// construction. Checks magic and size (Corrupt), version (VersionMismatch), and the payload
// checksum when verify_checksum is true (Corrupt). Every message names the path.
class MappedFile {
 public:
  MappedFile(const std::string& path, std::uint64_t magic, std::uint32_t format_version, bool verify_checksum)
      : MappedFile(path, magic, FormatVersions{format_version, format_version}, verify_checksum) {}
  // For readers of more than one version: format_version() says which one the file has.
  MappedFile(const std::string& path, std::uint64_t magic, FormatVersions versions, bool verify_checksum);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view payload() const { return payload_; }
  const std::string& path() const { return path_; }
  std::uint32_t format_version() const { return format_version_; }
  // Recomputes the payload checksum; throws Error(Corrupt) on mismatch.
  void verify() const;

 private:
  std::string path_;
  void* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::string_view payload_;
  std::uint32_t expected_crc_ = 0;
  std::uint32_t format_version_ = 0;
};

// Syncs a directory so that renames inside it are durable.
void sync_directory(const std::string& dir);

// Replaces the small text file `dir`/`name` atomically and durably (footer-less: for
// human-readable JSON such as manifest.json): write "<name>.tmp", fsync, rename, fsync dir.
void replace_text_file(const std::string& dir, const std::string& name, std::string_view text);

}  // namespace medsearch::store
