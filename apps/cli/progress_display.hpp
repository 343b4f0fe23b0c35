// Shows ingest progress on stderr: a one-line bar redrawn in place on a terminal
// (files, citations/s, MB/s, ETA), plain log lines (one per file) otherwise.
#pragma once

#include <string>

#include "medsearch/engine/index/indexer.hpp"

namespace medsearch::cli {

class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool terminal) : terminal_(terminal) {}
  void update(const engine::IngestProgress& progress);
  void warn(const std::string& message);
  void finish();

 private:
  bool terminal_;
  bool line_open_ = false;  // a bar is drawn on the current terminal line
};

// "1h02m", "3m05s", "42s".
std::string format_duration(double seconds);

// "[#########---------------]": `fraction` (0..1) of a 24-character bar.
std::string progress_bar(double fraction);

}  // namespace medsearch::cli
