// A segment's vectors while `embed` writes them, possibly in row ranges on several ranks
// (docs/cluster.md): float32 rows in parts, each a file of contiguous rows from its first
// row on (segment_files.hpp: S.vec.partial from row 0, S.vec.partial-N from row N), under
// one marker S.vec.partial.json naming the model and dimension. Each part grows by synced
// appends of whole encoder chunks; when every row is in a part, the parts are joined in row
// order into the segment's VectorFile S.vec (footer-checked, written to a temporary name and
// renamed) and removed. A present S.vec is therefore complete; parts are resumable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace medsearch::engine {

// Rows [first, first + rows) of a segment, in the part that begins at `first`.
struct VectorPart {
  std::uint32_t first = 0;
  std::uint32_t rows = 0;
  bool operator==(const VectorPart&) const = default;
};

// Rows [begin, end) no part holds yet; encoded, they are appended to the part beginning at
// `append_to` (the part that ends at `begin`, or a new part when append_to == begin).
struct MissingRows {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t append_to = 0;
  bool operator==(const MissingRows&) const = default;
};

// Every part file in `dir`, by segment: the segment names and each one's parts' first rows.
struct PartListing {
  std::vector<std::string> segments;
  std::vector<std::vector<std::uint32_t>> firsts;  // sorted
  const std::vector<std::uint32_t>& of(const std::string& segment) const;
};
PartListing list_vector_parts(const std::string& dir);

// For the one process that plans (holding the writer lock): the parts of `segment`
// (doc_count rows) that hold vectors of this model, sorted and disjoint. Parts written for
// another model or dimension, or without a readable marker, are removed and a marker for
// this model is written. Each kept part is cut to whole rows ending on a multiple of
// `chunk_rows` from row 0 (or at the segment's end), so the rows still missing start on a
// chunk boundary and are encoded in the same chunks a single run encodes; empty parts and
// parts overlapping an earlier one are removed.
std::vector<VectorPart> usable_vector_parts(const std::string& dir, const std::string& segment, std::uint32_t doc_count,
                                            const std::vector<std::uint32_t>& part_firsts, const std::string& model_id,
                                            std::size_t dim, std::uint32_t chunk_rows);

// The rows of [0, doc_count) that `parts` (sorted, disjoint) lack, in row order.
std::vector<MissingRows> missing_rows(const std::vector<VectorPart>& parts, std::uint32_t doc_count);

// Joins the parts of `segment` into S.vec for `model_id` and removes them and the marker.
// Error(Corrupt) naming the part when the parts do not hold exactly rows [0, doc_count).
void publish_vector_parts(const std::string& dir, const std::string& segment, std::uint32_t doc_count,
                          const std::string& model_id, std::size_t dim);

}  // namespace medsearch::engine
