// Internal to the vector module: creating FAISS indexes from factory strings, and small
// helpers shared by faiss_index.cpp and faiss_index_io.cpp. FAISS appears here only as a
// forward declaration; faiss_factory.cpp includes it.
#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <string>

namespace faiss {
struct Index;
}

namespace medsearch::vector::detail {

// index_factory(dim, factory, inner product), or Error(InvalidArgument) naming the
// factory string (see validate_factory in faiss_index.hpp).
std::unique_ptr<faiss::Index> make_index(const std::string& factory, std::size_t dim);

// The index below any pre-transforms (PCA, OPQ...), which pass per-query parameters on.
faiss::Index* core_index(faiss::Index* index);

// A FAISS exception's message without its "Error in <function> at <file>:<line>: ".
std::string faiss_message(const std::exception& e);

}  // namespace medsearch::vector::detail
