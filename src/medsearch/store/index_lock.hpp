// An exclusive advisory lock on an index directory (flock on DIR/LOCK), held by the one
// writer allowed at a time. Released by the destructor or when the process dies.
#pragma once

#include <string>

namespace medsearch::store {

class IndexLock {
 public:
  // Throws Error(Unavailable) when another process holds the lock.
  explicit IndexLock(const std::string& dir);
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace medsearch::store
