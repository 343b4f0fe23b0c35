// Carries documents' dense vectors into the segments a compaction writes, so that a
// compaction costs no re-encoding: the new "<segment>.vec" holds the same rows in the new
// document order. Active only when every old segment has vectors of one model; otherwise
// the new segments have none and the next `medsearch embed` encodes them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "medsearch/core/ids.hpp"
#include "medsearch/store/manifest.hpp"

namespace medsearch::vector {
class VectorFile;
class VectorFileWriter;
}  // namespace medsearch::vector

namespace medsearch::engine {

class VectorCarrier {
 public:
  // `manifest`: the index before compaction.
  VectorCarrier(const std::string& dir, const store::Manifest& manifest);
  ~VectorCarrier();
  bool active() const { return !files_.empty(); }
  // Starts the vector file of a new segment (no-op when inactive).
  void begin_segment(const std::string& segment);
  // Appends the vector of `old_doc` (a DocId before compaction) to the current segment.
  void add(DocId old_doc);
  // Publishes the current segment's vector file.
  void finish_segment();

 private:
  std::string dir_;
  std::vector<std::uint32_t> doc_bases_;
  std::vector<std::unique_ptr<vector::VectorFile>> files_;
  std::unique_ptr<vector::VectorFileWriter> writer_;
  std::vector<float> row_;
};

}  // namespace medsearch::engine
