#include "medsearch/engine/dense/dense_index.hpp"

#include <algorithm>
#include <bit>
#include <filesystem>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/dense/dense_model.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/vector/faiss_index.hpp"
#include "medsearch/vector/inner_product.hpp"
#include "medsearch/vector/vector_file.hpp"

namespace medsearch::engine {

struct DenseIndex::SegmentVectors {
  std::uint32_t doc_base = 0;
  std::uint32_t doc_count = 0;
  std::unique_ptr<vector::VectorFile> file;  // null: not embedded (yet)
};

DenseIndex::DenseIndex(const IndexReader& index, unsigned encoder_threads, const DenseSearchOptions& options)
    : index_(index), options_(options) {
  auto state = load_dense_state(index.dir());
  if (!state) throw Error(ErrorCode::Unavailable, index.dir() + ": no dense vectors; run `medsearch embed --index " + index.dir() + "` first");
  state_ = std::move(*state);
  model_ = open_dense_model(index.dir(), state_.model, encoder_threads, 32);
  if (model_->model_id() != state_.model.id) {
    throw Error(ErrorCode::Corrupt, index.dir() + "/" + kDenseStateName + ": its model '" + state_.model.path +
                                        "' now identifies as '" + model_->model_id() + "', the vectors were made by '" +
                                        state_.model.id + "'; run `medsearch embed` again");
  }
  embedded_ = DocSet(index.doc_count());
  for (const store::SegmentInfo& info : index.manifest().segments) {
    SegmentVectors segment{info.doc_base, info.doc_count, nullptr};
    const std::string path = vectors_path(index.dir(), info.name);
    if (std::filesystem::exists(path)) {
      auto file = std::make_unique<vector::VectorFile>(path);
      if (file->model_id() == state_.model.id && file->count() == info.doc_count && file->dim() == state_.model.dim) {
        segment.file = std::move(file);
      }
    }
    for (std::uint32_t local = 0; local < info.doc_count; ++local) {
      const std::uint32_t doc = info.doc_base + local;
      if (!index.is_live(DocId(doc))) continue;
      if (segment.file) embedded_.insert(DocId(doc));
      else ++missing_;
    }
    segments_.push_back(std::move(segment));
  }
  if (faiss_covered_docs(state_, index.manifest())) {
    faiss_ = std::make_unique<vector::FaissIndex>(vector::FaissIndex::load(index.dir() + "/" + state_.index->file));
    faiss_doc_count_ = state_.index->doc_count;
    if (faiss_->dim() != state_.model.dim) {
      throw Error(ErrorCode::Corrupt, index.dir() + "/" + state_.index->file + ": " + std::to_string(faiss_->dim()) +
                                          " dimensions, the model has " + std::to_string(state_.model.dim));
    }
  }
}

DenseIndex::~DenseIndex() = default;

std::size_t DenseIndex::dim() const { return model_->dim(); }

std::vector<float> DenseIndex::embed_query(const std::string& text) const {
  std::vector<float> vector(model_->dim());
  const std::string texts[] = {text};
  model_->embed(texts, encoder::TextRole::Query, vector.data());
  return vector;
}

bool DenseIndex::vector_of(DocId doc, float* out) const {
  if (!embedded_.contains(doc)) return false;
  auto it = std::upper_bound(segments_.begin(), segments_.end(), doc.value,
                             [](std::uint32_t d, const SegmentVectors& s) { return d < s.doc_base; });
  const SegmentVectors& segment = *std::prev(it);
  segment.file->row(doc.value - segment.doc_base, out);
  return true;
}

DocSet DenseIndex::allowed_mask(const DocSet* allowed) const {
  DocSet mask = embedded_;
  if (allowed != nullptr) mask.intersect(*allowed);
  return mask;
}

RankedList DenseIndex::exact_over(const float* query, std::size_t k, const DocSet& mask, std::uint32_t from_doc,
                                  DeadlineCheck& check) const {
  // Scores every allowed document from its stored fp16 vector (SIMD inner products, the
  // same arithmetic as FAISS's fp16 storage). The members are read from the mask's words,
  // so the cost is the allowed documents plus one word per 64 DocIds, not a test per DocId.
  RankedList best;
  const std::size_t n = dim();
  for (const SegmentVectors& segment : segments_) {
    const std::uint32_t end = segment.doc_base + segment.doc_count;
    if (!segment.file || end <= from_doc) continue;
    const vector::VectorFile& file = *segment.file;
    mask.for_each_in(std::max(from_doc, segment.doc_base), end, [&](DocId doc) {
      check.tick();
      const ScoredDoc hit{doc, vector::inner_product_half(query, file.row_halves(doc.value - segment.doc_base), n)};
      if (best.size() < k) {
        best.push_back(hit);
        std::push_heap(best.begin(), best.end(), ranks_before);
      } else if (ranks_before(hit, best.front())) {
        std::pop_heap(best.begin(), best.end(), ranks_before);
        best.back() = hit;
        std::push_heap(best.begin(), best.end(), ranks_before);
      }
    });
  }
  sort_best_first(best);
  return best;
}

std::uint64_t DenseIndex::count(const DocSet* allowed) const {
  return allowed != nullptr ? embedded_.count_common(*allowed) : embedded_.count();
}

RankedList DenseIndex::search_exact(const float* query, std::size_t k, const DocSet* allowed) const {
  if (k == 0) return {};
  DeadlineCheck unlimited{Deadline{}};
  return exact_over(query, k, allowed_mask(allowed), 0, unlimited);
}

RankedList DenseIndex::search(const float* query, std::size_t k, const DocSet* allowed, const DenseSearchParams& params,
                              DenseSearchTrace* trace, const Deadline& deadline) const {
  DenseSearchTrace ignored;
  DenseSearchTrace& steps = trace != nullptr ? *trace : ignored;
  steps = {};
  if (k == 0) return {};
  const DocSet mask = allowed_mask(allowed);
  const std::uint64_t candidates = mask.count();
  if (candidates == 0) return {};
  DeadlineCheck check(deadline);
  if (!faiss_ || candidates <= options_.exact_search_limit) return exact_over(query, k, mask, 0, check);
  RankedList hits = search_faiss(query, k, allowed, mask, candidates, params, steps, check);
  deadline.check();  // FAISS's own search cannot be interrupted: checked after it
  if (hits.size() < std::min<std::uint64_t>(k, candidates)) {
    steps.exact_fallback = true;
    return exact_over(query, k, mask, 0, check);
  }
  return hits;
}

// FAISS's best k among the allowed DocIds it holds (those below faiss_doc_count_), merged
// with the exact best k of the segments ingested after it was built.
RankedList DenseIndex::search_faiss(const float* query, std::size_t k, const DocSet* allowed, const DocSet& mask,
                                    std::uint64_t candidates, const DenseSearchParams& params, DenseSearchTrace& trace,
                                    DeadlineCheck& check) const {
  vector::FaissSearchKnobs knobs = faiss_->knobs();
  if (params.ef_search != 0) knobs.ef_search = static_cast<int>(params.ef_search);
  if (params.nprobe != 0) knobs.nprobe = static_cast<int>(params.nprobe);
  // Only ask FAISS for a filter when something is filtered out among its documents.
  const bool filtered = allowed != nullptr || missing_ > 0 || index_.live_count() < index_.doc_count();
  // A widening FAISS round that would visit more vectors than are allowed costs more than
  // scoring the allowed ones exactly, which search() then does: the bound keeps a
  // selective filter from walking the whole graph (decision 0038).
  // params.max_visits bounds every round, the first included (a server's cap, decision 0039).
  const vector::FaissSearchBounds bounds{.max_round_visits = static_cast<std::size_t>(candidates),
                                         .max_visits = params.max_visits};
  RankedList hits = faiss_->search(query, k, filtered ? &mask : nullptr, knobs, bounds);
  trace.faiss = true;
  trace.id_selector = filtered;
  trace.faiss_hits = hits.size();
  if (faiss_doc_count_ < index_.doc_count()) {  // segments ingested after the FAISS index was built
    RankedList tail = exact_over(query, k, mask, faiss_doc_count_, check);
    trace.newer_segments = true;
    trace.newer_hits = tail.size();
    hits.insert(hits.end(), tail.begin(), tail.end());
    sort_best_first(hits);
    if (hits.size() > k) hits.resize(k);
  }
  return hits;
}

}  // namespace medsearch::engine
