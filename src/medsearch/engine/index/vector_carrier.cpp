#include "medsearch/engine/index/vector_carrier.hpp"

#include <algorithm>
#include <filesystem>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/vector/vector_file.hpp"

namespace medsearch::engine {

VectorCarrier::VectorCarrier(const std::string& dir, const store::Manifest& manifest) : dir_(dir) {
  for (const store::SegmentInfo& segment : manifest.segments) {
    const std::string path = vectors_path(dir, segment.name);
    std::unique_ptr<vector::VectorFile> file;
    try {
      if (std::filesystem::exists(path)) file = std::make_unique<vector::VectorFile>(path);
    } catch (const Error&) {
      file.reset();  // a damaged file: the segment is encoded again by the next embed
    }
    const bool usable = file && file->count() == segment.doc_count &&
                        (files_.empty() || (file->model_id() == files_[0]->model_id() && file->dim() == files_[0]->dim()));
    if (!usable) {
      files_.clear();
      doc_bases_.clear();
      return;
    }
    doc_bases_.push_back(segment.doc_base);
    files_.push_back(std::move(file));
  }
  if (!files_.empty()) row_.resize(files_[0]->dim());
}

VectorCarrier::~VectorCarrier() = default;

void VectorCarrier::begin_segment(const std::string& segment) {
  if (!active()) return;
  writer_ = std::make_unique<vector::VectorFileWriter>(vectors_path(dir_, segment), files_[0]->dim(), files_[0]->model_id());
}

void VectorCarrier::add(DocId old_doc) {
  if (!writer_) return;
  const auto it = std::upper_bound(doc_bases_.begin(), doc_bases_.end(), old_doc.value);
  const std::size_t s = static_cast<std::size_t>(it - doc_bases_.begin()) - 1;
  files_[s]->row(old_doc.value - doc_bases_[s], row_.data());
  writer_->append(row_.data(), 1);
}

void VectorCarrier::finish_segment() {
  if (!writer_) return;
  writer_->finish();
  writer_.reset();
}

}  // namespace medsearch::engine
