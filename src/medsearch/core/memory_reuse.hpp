// keep_freed_memory_for_reuse(): makes the C library keep the memory a request frees for
// the next request, instead of handing it back to the kernel and faulting it in again.
//
// Why (docs/decisions/0034-keep-freed-memory.md): a search allocates and frees sets of one
// bit per document (core::DocSet: 125 KB at 1M documents, 4.5 MB at 36M) several times per
// query. glibc's defaults give the top of a heap back to the kernel once more than
// M_TRIM_THRESHOLD (128 KiB, raised dynamically) is free there, and serve allocations above
// M_MMAP_THRESHOLD (128 KiB, raised dynamically up to 32 MiB) with a fresh mmap each: either
// way every query touches its sets' pages anew, one page fault per 4 KiB, which on this
// VM cost more than the set operations themselves (a 1M Boolean query's median 1.9 ms →
// about 1.3 ms with the memory kept).
//
// What it sets (glibc mallopt(3); setting either one turns glibc's dynamic adjustment off):
//   M_MMAP_THRESHOLD  kMmapThreshold: allocations below it come from the heaps, so freed
//                     ones are reused; larger ones (a whole vector file) are still mapped.
//   M_TRIM_THRESHOLD  kTrimThreshold: the free top of a heap given back above this.
// Cost: each heap (glibc keeps one per thread that allocates, up to 8 × cores) may hold up
// to kTrimThreshold of freed memory it would have returned, on top of what its requests
// use at their peak. Called by the long-running query commands (serve, search) and the
// query benchmark; not by ingest, whose peak RSS has a stated bound. Elsewhere than glibc
// it does nothing.
#pragma once

#include <cstddef>

namespace medsearch {

inline constexpr std::size_t kMmapThreshold = std::size_t{64} << 20;
inline constexpr std::size_t kTrimThreshold = std::size_t{64} << 20;

// Returns whether the settings were applied (false: not glibc, or mallopt refused).
bool keep_freed_memory_for_reuse();

}  // namespace medsearch
