#include "medsearch/vector/faiss_factory.hpp"

#include <faiss/Index.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/index_factory.h>

#include <algorithm>
#include <climits>
#include <regex>

#include "medsearch/core/error.hpp"
#include "medsearch/vector/faiss_index.hpp"

namespace medsearch::vector {
namespace detail {
namespace {

// FAISS 1.7.3's index_factory leaks the coarse quantiser when a product quantiser after
// it rejects the dimension ("IVF16,PQ7" for d = 32). That common mistake is caught here
// first: the dimension is followed through the components that change it (PCA, OPQ_D,
// RR, Pad) and every "PQ<M>" must divide it.
void check_pq_dimensions(const std::string& factory, std::size_t dim) {
  static const std::regex kReshape(R"((?:PCAW?R?|OPQ\d+_|RR|Pad)(\d+))");
  static const std::regex kPq(R"(PQ(\d+).*)");
  std::size_t current = dim;
  std::size_t start = 0;
  while (start <= factory.size()) {
    const std::size_t end = std::min(factory.find(',', start), factory.size());
    const std::string component = factory.substr(start, end - start);
    std::smatch m;
    if (std::regex_match(component, m, kReshape)) {
      current = std::stoul(m[1].str());
    } else if (std::regex_match(component, m, kPq) && m[1].length() < 6) {
      const std::size_t sub_quantisers = std::stoul(m[1].str());
      if (sub_quantisers == 0 || current % sub_quantisers != 0) {
        throw Error(ErrorCode::InvalidArgument, "vector index factory '" + factory + "': " + component +
                                                    " needs the dimension (" + std::to_string(current) +
                                                    ") to be a multiple of " + m[1].str());
      }
    }
    start = end + 1;
  }
}

}  // namespace

// The part of a FAISS message after "Error in <function> at <file>:<line>: ".
std::string faiss_message(const std::exception& e) {
  std::string s = e.what();
  const auto at = s.rfind(" at ");
  if (s.rfind("Error in ", 0) == 0 && at != std::string::npos) {
    const auto colon = s.find(": ", at);
    if (colon != std::string::npos) s.erase(0, colon + 2);
  }
  if (s.rfind("Error: ", 0) == 0) s.erase(0, 7);
  return s;
}

faiss::Index* core_index(faiss::Index* index) {
  while (auto* pre = dynamic_cast<faiss::IndexPreTransform*>(index)) index = pre->index;
  return index;
}

std::unique_ptr<faiss::Index> make_index(const std::string& factory, std::size_t dim) {
  if (dim == 0 || dim > static_cast<std::size_t>(INT_MAX)) {
    throw Error(ErrorCode::InvalidArgument, "vector index: invalid dimension " + std::to_string(dim));
  }
  if (factory.find("IDMap") != std::string::npos) {
    throw Error(ErrorCode::InvalidArgument,
                "vector index factory '" + factory + "': IDMap is not allowed (document ids are managed outside FAISS)");
  }
  check_pq_dimensions(factory, dim);
  std::unique_ptr<faiss::Index> index;
  try {
    index.reset(faiss::index_factory(static_cast<int>(dim), factory.c_str(), faiss::METRIC_INNER_PRODUCT));
  } catch (const std::exception& e) {  // FaissException, or std::stoi's errors on huge numbers
    throw Error(ErrorCode::InvalidArgument, "vector index factory '" + factory + "' is not valid for dimension " +
                                                std::to_string(dim) + ": " + faiss_message(e));
  }
  const auto* ivf = dynamic_cast<const faiss::IndexIVF*>(core_index(index.get()));
  if (ivf != nullptr && ivf->nlist == 0) {
    throw Error(ErrorCode::InvalidArgument, "vector index factory '" + factory + "': an IVF needs at least one list");
  }
  return index;
}

}  // namespace detail

void validate_factory(const std::string& factory, std::size_t dim) { detail::make_index(factory, dim); }

std::string default_factory(std::size_t rows, std::size_t dim) {
  // Exact search while one scan reads at most 100k x 768 floats (307 MB; 200k x 384): a
  // scan measured 79 ms p50 at 300k x 768 on the 2-core development machine
  // (bench/README.md), so about 26 ms at the threshold, what a query can spend on vectors.
  // Beyond it, HNSW (Malkov & Yashunin 2018) with M = 32 links per node, FAISS's usual
  // setting for dense text embeddings, over fp16 vectors: measured the same recall@10 as
  // over floats (and segments store fp16 anyway, vector_file.hpp), 54% of the memory,
  // 10-20% faster to build, search latency within 10% (bench/README.md). IVF-PQ only
  // pays off when even fp16 vectors no longer fit in memory; its recall is far lower.
  constexpr std::size_t kFlatMaxFloats = std::size_t{100'000} * 768;
  return rows * dim <= kFlatMaxFloats ? "Flat" : "HNSW32,SQfp16";
}

}  // namespace medsearch::vector
