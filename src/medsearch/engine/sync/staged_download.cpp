#include "medsearch/engine/sync/staged_download.hpp"

#include <filesystem>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/sync/md5.hpp"
#include "medsearch/engine/sync/nlm_files.hpp"

namespace medsearch::engine::sync {

namespace fs = std::filesystem;

StagedFile stage_verified(const Mirror& mirror, const std::string& path, const std::string& staging_dir,
                          const ByteProgress& on_bytes) {
  const std::string md5_text = mirror.read_text(path + ".md5");
  const std::optional<std::string> expected = parse_md5_file(md5_text);
  if (!expected) {
    throw Error(ErrorCode::Corrupt, mirror.location(path + ".md5") + ": no MD5 digest in it (read '" +
                                        md5_text.substr(0, 80) + "')");
  }
  StagedFile staged;
  staged.path = staging_dir + "/" + fs::path(path).filename().string();
  const std::string part = staged.path + ".part";
  // Verified by an earlier run that did not get to apply it: check again (cheap) and use it.
  if (fs::exists(staged.path)) {
    if (md5_of_file(staged.path) == *expected) return staged;
    fs::remove(staged.path);
  }
  std::string got;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const Mirror::Downloaded downloaded = mirror.download(path, part, on_bytes);
    staged.bytes_downloaded += downloaded.bytes_received;
    if (downloaded.continued > 0) staged.resumed = true;
    got = md5_of_file(part);
    if (got == *expected) {
      fs::rename(part, staged.path);
      return staged;
    }
    ++staged.md5_failures;
    fs::remove(part);  // start over: a resumed download would keep the damaged bytes
  }
  throw Error(ErrorCode::Corrupt, mirror.location(path) + ": MD5 check failed twice (expected " + *expected + " from " +
                                      path + ".md5, downloaded file has " + got +
                                      "); the source's copy is damaged or changing: try later or another mirror");
}

}  // namespace medsearch::engine::sync
