#include "medsearch/engine/index/index_root.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "medsearch/core/error.hpp"
#include "medsearch/store/file_footer.hpp"
#include "medsearch/store/manifest.hpp"

namespace medsearch::engine {

namespace fs = std::filesystem;

std::optional<std::string> current_generation(const std::string& root) {
  std::error_code ec;
  const fs::path target = fs::read_symlink(fs::path(root) / kCurrentLink, ec);
  if (ec) return std::nullopt;
  return target.filename().string();
}

std::string resolve_index_dir(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(fs::path(dir) / store::kManifestName, ec)) return dir;
  const std::optional<std::string> generation = current_generation(dir);
  return generation ? dir + "/" + *generation : dir;
}

void switch_current(const std::string& root, const std::string& generation) {
  const std::string link = root + "/" + kCurrentLink;
  const std::string tmp = link + ".tmp";
  ::unlink(tmp.c_str());  // left by an interrupted switch
  if (::symlink(generation.c_str(), tmp.c_str()) != 0) throw_io_error("cannot create the symlink", tmp);
  // rename(2) replaces the old link in one step: a reader resolves the old or the new one.
  if (::rename(tmp.c_str(), link.c_str()) != 0) throw_io_error("cannot switch the symlink", link);
  store::sync_directory(root);
}

std::optional<IndexVersion> index_version(const std::string& dir) {
  IndexVersion version;
  version.dir = resolve_index_dir(dir);
  struct stat st {};
  if (::stat((version.dir + "/" + store::kManifestName).c_str(), &st) != 0) return std::nullopt;
  version.manifest_inode = static_cast<std::uint64_t>(st.st_ino);
  version.manifest_mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  return version;
}

}  // namespace medsearch::engine
