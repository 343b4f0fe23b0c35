#include "medsearch/store/file_footer.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch::store {
namespace {

constexpr std::uint64_t kFooterTrailer = 0x5245544f4f46534dULL;  // "MSFOOTER" little-endian

std::uint32_t crc32_update(std::uint32_t crc, std::string_view bytes) {
  // zlib's crc32 takes a uInt length: feed large buffers in pieces.
  while (!bytes.empty()) {
    const std::size_t n = std::min<std::size_t>(bytes.size(), 1u << 30);
    crc = static_cast<std::uint32_t>(::crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(n)));
    bytes.remove_prefix(n);
  }
  return crc;
}

}  // namespace

FileWriter::FileWriter(std::string path, std::uint64_t magic, std::uint32_t format_version)
    : path_(std::move(path)), tmp_path_(path_ + ".tmp"), magic_(magic), format_version_(format_version) {
  file_ = std::fopen(tmp_path_.c_str(), "wb");
  if (file_ == nullptr) throw_io_error("cannot create", tmp_path_);
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
}

FileWriter::~FileWriter() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::remove(tmp_path_.c_str());
  }
}

void FileWriter::append(std::string_view bytes) {
  if (bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) throw_io_error("cannot write", tmp_path_);
  crc_ = crc32_update(crc_, bytes);
  payload_size_ += bytes.size();
}

void FileWriter::finish() {
  ByteWriter footer;
  footer.put_u64(magic_);
  footer.put_u32(format_version_);
  footer.put_u32(crc_);
  footer.put_u64(payload_size_);
  footer.put_u64(kFooterTrailer);
  if (std::fwrite(footer.bytes().data(), 1, footer.size(), file_) != footer.size() || std::fflush(file_) != 0 ||
      ::fsync(::fileno(file_)) != 0) {
    throw_io_error("cannot write", tmp_path_);
  }
  std::fclose(file_);
  file_ = nullptr;
  if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) throw_io_error("cannot rename into place", path_);
}

void write_file(const std::string& path, std::uint64_t magic, std::uint32_t format_version, std::string_view payload) {
  FileWriter writer(path, magic, format_version);
  writer.append(payload);
  writer.finish();
}

MappedFile::MappedFile(const std::string& path, std::uint64_t magic, FormatVersions versions, bool verify_checksum)
    : path_(path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_io_error("cannot open", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    throw_io_error("cannot stat", path);
  }
  map_size_ = static_cast<std::size_t>(st.st_size);
  if (map_size_ < kFooterSize) {
    ::close(fd);
    throw Error(ErrorCode::Corrupt, path + ": file too short for a footer (" + std::to_string(map_size_) + " bytes)");
  }
  map_ = ::mmap(nullptr, map_size_, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (map_ == MAP_FAILED) {
    map_ = nullptr;
    throw_io_error("cannot map", path);
  }
  const std::string_view all(static_cast<const char*>(map_), map_size_);
  ByteReader footer(all.substr(map_size_ - kFooterSize), path + " footer");
  const std::uint64_t file_magic = footer.get_u64();
  const std::uint32_t file_version = footer.get_u32();
  expected_crc_ = footer.get_u32();
  const std::uint64_t payload_size = footer.get_u64();
  const std::uint64_t trailer = footer.get_u64();
  std::string problem;
  if (trailer != kFooterTrailer || file_magic != magic) {
    problem = ": not a medsearch file of the expected kind (bad magic)";
  } else if (payload_size != map_size_ - kFooterSize) {
    problem = ": payload size in footer does not match the file size (truncated?)";
  }
  if (problem.empty() && (file_version < versions.oldest || file_version > versions.newest)) {
    ::munmap(map_, map_size_);
    map_ = nullptr;
    const std::string readable = versions.oldest == versions.newest
                                     ? "version " + std::to_string(versions.newest)
                                     : "versions " + std::to_string(versions.oldest) + " to " + std::to_string(versions.newest);
    throw Error(ErrorCode::VersionMismatch,
                path + ": format version " + std::to_string(file_version) + ", this build reads " + readable);
  }
  format_version_ = file_version;
  payload_ = all.substr(0, static_cast<std::size_t>(payload_size));
  if (problem.empty() && verify_checksum && crc32_update(0, payload_) != expected_crc_) {
    problem = ": checksum mismatch (the file is damaged)";
  }
  if (!problem.empty()) {
    ::munmap(map_, map_size_);
    map_ = nullptr;
    throw Error(ErrorCode::Corrupt, path + problem);
  }
}

MappedFile::~MappedFile() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
}

void MappedFile::verify() const {
  if (crc32_update(0, payload_) != expected_crc_) {
    throw Error(ErrorCode::Corrupt, path_ + ": checksum mismatch (the file is damaged)");
  }
}

void replace_text_file(const std::string& dir, const std::string& name, std::string_view text) {
  const std::string path = dir + "/" + name;
  const std::string tmp = path + ".tmp";
  std::FILE* file = std::fopen(tmp.c_str(), "wb");
  if (file == nullptr) throw_io_error("cannot create", tmp);
  const bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size() && std::fflush(file) == 0 &&
                  ::fsync(::fileno(file)) == 0;
  std::fclose(file);
  if (!ok) throw_io_error("cannot write", tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw_io_error("cannot rename into place", path);
  sync_directory(dir);
}

void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_io_error("cannot open directory", dir);
  ::fsync(fd);
  ::close(fd);
}

}  // namespace medsearch::store
