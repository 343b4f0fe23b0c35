#include "medsearch/store/index_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "medsearch/core/error.hpp"

namespace medsearch::store {

IndexLock::IndexLock(const std::string& dir) {
  const std::string path = dir + "/LOCK";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_io_error("cannot open lock file", path);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw Error(ErrorCode::Unavailable, dir + ": another medsearch process is writing this index");
  }
}

IndexLock::~IndexLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace medsearch::store
