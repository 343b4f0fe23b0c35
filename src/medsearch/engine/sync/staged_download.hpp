// One file of a sync, brought into the staging directory and checked against NLM's md5
// before anything reads it:
//
//   STAGING/NAME.part   bytes received so far (kept across runs: the next one resumes it)
//   STAGING/NAME        complete and verified (renamed from .part only after the check)
//
// A file that fails its check is downloaded again from the start (a resumed download
// would keep a damaged prefix); a second failure is Error(Corrupt) naming the URL and both
// digests. Nothing here knows about indexes.
#pragma once

#include <cstdint>
#include <string>

#include "medsearch/engine/sync/mirror.hpp"

namespace medsearch::engine::sync {

struct StagedFile {
  std::string path;                 // STAGING/NAME, verified
  std::uint64_t bytes_downloaded = 0;  // received by this call (0: staged by an earlier run)
  bool resumed = false;             // a partial download (of this run or an earlier one) was continued
  int md5_failures = 0;             // 0 or 1 (a second one throws)
};

// `path`: the file's path in the mirror ("baseline/pubmed26n0001.xml.gz"); its digest is
// read from `path`.md5 (Error(NotFound) when the mirror has none).
StagedFile stage_verified(const Mirror& mirror, const std::string& path, const std::string& staging_dir,
                          const ByteProgress& on_bytes);

}  // namespace medsearch::engine::sync
