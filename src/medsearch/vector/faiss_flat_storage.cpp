#include "medsearch/vector/faiss_flat_storage.hpp"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/IDSelector.h>

#include <algorithm>
#include <limits>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "medsearch/vector/inner_product.hpp"

namespace medsearch::vector::detail {
namespace {

using idx_t = faiss::Index::idx_t;

// From this many queries on, a batch goes to FAISS's own search, which uses BLAS (its
// distance_compute_blas_threshold is 20 as well).
constexpr idx_t kBlasQueries = 20;

// Top-k by inner product over positions [0, ntotal) for n queries, scoring row i with
// score(query, i); FAISS's output layout (best first, padded with -max / -1).
template <typename Score>
void scan_top_k(idx_t n, const float* x, std::size_t dim, idx_t ntotal, idx_t k, const faiss::IDSelector* sel,
                float* distances, idx_t* labels, Score score) {
  // Best first: higher score, then smaller position; as a heap its front is the worst kept.
  const auto better = [](const std::pair<float, idx_t>& a, const std::pair<float, idx_t>& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  std::vector<std::pair<float, idx_t>> heap;
  for (idx_t q = 0; q < n; ++q) {
    const float* query = x + static_cast<std::size_t>(q) * dim;
    heap.clear();
    for (idx_t i = 0; i < ntotal; ++i) {
      if (sel != nullptr && !sel->is_member(i)) continue;
      const std::pair<float, idx_t> hit{score(query, i), i};
      if (static_cast<idx_t>(heap.size()) < k) {
        heap.push_back(hit);
        std::push_heap(heap.begin(), heap.end(), better);
      } else if (k > 0 && better(hit, heap.front())) {
        std::pop_heap(heap.begin(), heap.end(), better);
        heap.back() = hit;
        std::push_heap(heap.begin(), heap.end(), better);
      }
    }
    std::sort(heap.begin(), heap.end(), better);
    for (idx_t j = 0; j < k; ++j) {
      const bool have = j < static_cast<idx_t>(heap.size());
      distances[q * k + j] = have ? heap[static_cast<std::size_t>(j)].first : -std::numeric_limits<float>::max();
      labels[q * k + j] = have ? heap[static_cast<std::size_t>(j)].second : -1;
    }
  }
}

// Inner products against rows of T (float or fp16 bits) stored contiguously.
template <typename T>
class SimdInnerProductComputer final : public faiss::FlatCodesDistanceComputer {
 public:
  SimdInnerProductComputer(const faiss::IndexFlatCodes& index)
      : FlatCodesDistanceComputer(index.codes.data(), index.code_size),
        base_(reinterpret_cast<const T*>(index.codes.data())),
        dim_(static_cast<std::size_t>(index.d)) {}
  void set_query(const float* x) override { query_ = x; }
  float distance_to_code(const std::uint8_t* code) override { return score(query_, reinterpret_cast<const T*>(code)); }
  float symmetric_dis(idx_t i, idx_t j) override {
    const T* a = base_ + static_cast<std::size_t>(i) * dim_;
    const T* b = base_ + static_cast<std::size_t>(j) * dim_;
    if constexpr (std::is_same_v<T, float>) {
      return inner_product(a, b, dim_);
    } else {
      return inner_product_halves(a, b, dim_);
    }
  }
  float score(const float* query, const T* row) const {
    if constexpr (std::is_same_v<T, float>) {
      return inner_product(query, row, dim_);
    } else {
      return inner_product_half(query, row, dim_);
    }
  }

 private:
  const T* base_;
  std::size_t dim_;
  const float* query_ = nullptr;
};

class SimdFlatIndex final : public faiss::IndexFlatIP {
 public:
  explicit SimdFlatIndex(idx_t d) : faiss::IndexFlatIP(d) {}

  faiss::FlatCodesDistanceComputer* get_FlatCodesDistanceComputer() const override {
    return new SimdInnerProductComputer<float>(*this);
  }

  void search(idx_t n, const float* x, idx_t k, float* distances, idx_t* labels,
              const faiss::SearchParameters* params) const override {
    const faiss::IDSelector* sel = params != nullptr ? params->sel : nullptr;
    if (n >= kBlasQueries && sel == nullptr) {
      faiss::IndexFlatIP::search(n, x, k, distances, labels, params);
      return;
    }
    const auto dim = static_cast<std::size_t>(d);
    const float* base = get_xb();
    scan_top_k(n, x, dim, ntotal, k, sel, distances, labels, [&](const float* query, idx_t i) {
      return inner_product(query, base + static_cast<std::size_t>(i) * dim, dim);
    });
  }
};

// IndexScalarQuantizer with QT_fp16 codes (IEEE halves), as in "HNSW32,SQfp16".
class SimdFp16Index final : public faiss::IndexScalarQuantizer {
 public:
  explicit SimdFp16Index(int d) : faiss::IndexScalarQuantizer(d, faiss::ScalarQuantizer::QT_fp16, faiss::METRIC_INNER_PRODUCT) {}

  faiss::FlatCodesDistanceComputer* get_FlatCodesDistanceComputer() const override {
    return new SimdInnerProductComputer<std::uint16_t>(*this);
  }

  void search(idx_t n, const float* x, idx_t k, float* distances, idx_t* labels,
              const faiss::SearchParameters* params) const override {
    const auto dim = static_cast<std::size_t>(d);
    const auto* base = reinterpret_cast<const std::uint16_t*>(codes.data());
    scan_top_k(n, x, dim, ntotal, k, params != nullptr ? params->sel : nullptr, distances, labels,
               [&](const float* query, idx_t i) { return inner_product_half(query, base + static_cast<std::size_t>(i) * dim, dim); });
  }
};

// Swaps a stock inner-product IndexFlat, or fp16 IndexScalarQuantizer, in `slot` (owned
// by its parent) for its SIMD counterpart, moving the codes.
void replace(faiss::Index*& slot) {
  if (slot->metric_type != faiss::METRIC_INNER_PRODUCT) return;
  faiss::IndexFlatCodes* simd = nullptr;
  if (typeid(*slot) == typeid(faiss::IndexFlat) || typeid(*slot) == typeid(faiss::IndexFlatIP)) {
    simd = new SimdFlatIndex(slot->d);
  } else if (typeid(*slot) == typeid(faiss::IndexScalarQuantizer) &&
             static_cast<faiss::IndexScalarQuantizer*>(slot)->sq.qtype == faiss::ScalarQuantizer::QT_fp16) {
    simd = new SimdFp16Index(slot->d);
  } else {
    return;
  }
  auto* stock = static_cast<faiss::IndexFlatCodes*>(slot);
  simd->codes.swap(stock->codes);
  simd->ntotal = stock->ntotal;
  simd->is_trained = stock->is_trained;
  simd->verbose = stock->verbose;
  delete stock;
  slot = simd;
}

void replace_inside(faiss::Index*& slot) {
  replace(slot);
  if (auto* pre = dynamic_cast<faiss::IndexPreTransform*>(slot); pre != nullptr && pre->own_fields) {
    replace_inside(pre->index);
  } else if (auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(slot); hnsw != nullptr && hnsw->own_fields) {
    replace(hnsw->storage);
  } else if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(slot); ivf != nullptr && ivf->own_fields) {
    replace(ivf->quantizer);
  }
}

}  // namespace

std::unique_ptr<faiss::Index> with_simd_flat_storage(std::unique_ptr<faiss::Index> index) {
  faiss::Index* raw = index.release();
  try {
    replace_inside(raw);
  } catch (...) {
    delete raw;
    throw;
  }
  return std::unique_ptr<faiss::Index>(raw);
}

}  // namespace medsearch::vector::detail
