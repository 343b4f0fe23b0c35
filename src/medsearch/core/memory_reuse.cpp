#include "medsearch/core/memory_reuse.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace medsearch {

bool keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
  // mallopt returns 1 on success, 0 on error (mallopt(3)).
  const bool mmap_set = mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThreshold)) == 1;
  const bool trim_set = mallopt(M_TRIM_THRESHOLD, static_cast<int>(kTrimThreshold)) == 1;
  return mmap_set && trim_set;
#else
  return false;
#endif
}

}  // namespace medsearch
