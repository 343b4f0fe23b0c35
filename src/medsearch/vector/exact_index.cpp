#include "medsearch/vector/exact_index.hpp"

#include <algorithm>
#include <queue>
#include <string>

#include "medsearch/core/error.hpp"
#include "medsearch/vector/half.hpp"
#include "medsearch/vector/inner_product.hpp"

namespace medsearch::vector {
namespace {

// Keeps the k best hits seen: a heap whose top is the worst kept hit.
class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) {}
  void offer(std::uint32_t id, float score) {
    const ScoredDoc hit{DocId(id), score};
    if (heap_.size() < k_) {
      heap_.push_back(hit);
      std::push_heap(heap_.begin(), heap_.end(), ranks_before);
    } else if (k_ > 0 && ranks_before(hit, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), ranks_before);
      heap_.back() = hit;
      std::push_heap(heap_.begin(), heap_.end(), ranks_before);
    }
  }
  RankedList take() {
    sort_best_first(heap_);
    return std::move(heap_);
  }

 private:
  std::size_t k_;
  RankedList heap_;  // with ranks_before as less-than, front() is the worst kept
};

}  // namespace

ExactIndex::ExactIndex(std::size_t dim) : dim_(dim) {
  if (dim == 0) throw Error(ErrorCode::InvalidArgument, "exact vector index: dimension must be positive");
}

void ExactIndex::add_matrix(const float* rows, std::size_t count, DocId first_id) {
  Source source;
  source.first_id = first_id.value;
  source.count = count;
  source.floats = rows;
  add_source(std::move(source));
}

void ExactIndex::add_file(std::shared_ptr<const VectorFile> file, DocId first_id) {
  if (file->dim() != dim_) {
    throw Error(ErrorCode::InvalidArgument, file->path() + ": vectors of dimension " + std::to_string(file->dim()) +
                                                ", the index has dimension " + std::to_string(dim_));
  }
  Source source;
  source.first_id = first_id.value;
  source.count = file->count();
  source.file = std::move(file);
  add_source(std::move(source));
}

void ExactIndex::add_source(Source source) {
  if (source.count == 0) return;
  const std::uint64_t end = std::uint64_t{source.first_id} + source.count;
  if (end > (std::uint64_t{1} << 32)) {
    throw Error(ErrorCode::InvalidArgument, "exact vector index: ids " + std::to_string(source.first_id) + ".." +
                                                std::to_string(end - 1) + " pass the 32-bit DocId range");
  }
  const auto pos = std::upper_bound(sources_.begin(), sources_.end(), source.first_id,
                                    [](std::uint32_t id, const Source& s) { return id < s.first_id; });
  const bool overlaps_next = pos != sources_.end() && end > pos->first_id;
  const bool overlaps_prev = pos != sources_.begin() && std::uint64_t{std::prev(pos)->first_id} + std::prev(pos)->count >
                                                            source.first_id;
  if (overlaps_next || overlaps_prev) {
    throw Error(ErrorCode::InvalidArgument, "exact vector index: ids " + std::to_string(source.first_id) + ".." +
                                                std::to_string(end - 1) + " overlap an earlier source");
  }
  size_ += source.count;
  sources_.insert(pos, std::move(source));
}

const ExactIndex::Source* ExactIndex::find_source(std::uint32_t id) const {
  const auto pos = std::upper_bound(sources_.begin(), sources_.end(), id,
                                    [](std::uint32_t v, const Source& s) { return v < s.first_id; });
  if (pos == sources_.begin()) return nullptr;
  const Source& s = *std::prev(pos);
  return id - s.first_id < s.count ? &s : nullptr;
}

RankedList ExactIndex::search(const float* query, std::size_t k, const DocSet* filter) const {
  TopK top(k);
  if (k == 0) return top.take();
  for (const Source& s : sources_) {
    for (std::size_t i = 0; i < s.count; ++i) {
      const auto id = static_cast<std::uint32_t>(s.first_id + i);
      if (filter != nullptr && !filter->contains(DocId(id))) continue;
      top.offer(id, score(s, i, query));
    }
  }
  return top.take();
}

RankedList ExactIndex::search_candidates(const float* query, std::size_t k,
                                     std::span<const DocId> candidates) const {
  std::vector<std::uint32_t> ids;
  for (const DocId id : candidates) ids.push_back(id.value);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  TopK top(k);
  for (const std::uint32_t id : ids) {
    if (const Source* s = find_source(id)) top.offer(id, score(*s, id - s->first_id, query));
  }
  return top.take();
}

float ExactIndex::score(const Source& source, std::size_t row, const float* query) const {
  // fp16 rows are converted inside the dot product: no buffer, half the memory traffic.
  return source.floats != nullptr ? inner_product(query, source.floats + row * dim_, dim_)
                                  : inner_product_half(query, source.file->row_halves(row), dim_);
}

bool ExactIndex::vector_of(DocId doc, float* out) const {
  const std::uint32_t id = doc.value;
  const Source* s = find_source(id);
  if (s == nullptr) return false;
  const std::size_t i = id - s->first_id;
  if (s->floats != nullptr) {
    std::copy_n(s->floats + i * dim_, dim_, out);
  } else {
    halves_to_floats(s->file->row_halves(i), out, dim_);
  }
  return true;
}

}  // namespace medsearch::vector
