// Helpers shared by the fuzz targets (fuzz/*.cpp; docs/reliability.md, "Fuzzing").
//
// The readers under test open files by path, so each target hands its input over as a
// file: an anonymous in-memory file (memfd_create) reached as /proc/self/fd/N, rewritten on
// every run. No disk I/O, nothing left behind, and the readers run their real open/read/
// mmap code. ScratchDir is a directory under /dev/shm (tmpfs) for targets that need several
// files (a model directory), removed at exit.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace medsearch::fuzz {

class MemFile {
 public:
  MemFile() : fd_(::memfd_create("medsearch-fuzz", MFD_CLOEXEC)) {
    if (fd_ < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemFile() { ::close(fd_); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;

  // Replaces the file's contents with `bytes`.
  const std::string& write(const std::uint8_t* data, std::size_t size) {
    if (::ftruncate(fd_, 0) != 0) std::abort();
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    return path_;
  }
  const std::string& write(std::string_view text) {
    return write(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  }
  const std::string& path() const { return path_; }

 private:
  int fd_;
  std::string path_;
};

class ScratchDir {
 public:
  ScratchDir() {
    path_ = std::filesystem::path("/dev/shm") / ("medsearch-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `name` (present when `present`, removed otherwise) and returns its path.
  void put(const std::string& name, std::string_view bytes, bool present) {
    const std::filesystem::path file = path_ / name;
    if (!present) {
      std::error_code ignored;
      std::filesystem::remove(file, ignored);
      return;
    }
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace medsearch::fuzz
