// Query files for batch search and tuning: TSV "id<TAB>query" lines, or BEIR
// queries.jsonl ({"_id": ..., "text": ...}); blank lines are skipped.
#pragma once

#include <string>
#include <vector>

namespace medsearch::cli {

struct QueryLine {
  std::string id;
  std::string text;
};

// Throws Error(NotFound/Io) for an unreadable file and Error(InvalidArgument) naming the
// file and line for a malformed one.
std::vector<QueryLine> read_queries(const std::string& path);

}  // namespace medsearch::cli
