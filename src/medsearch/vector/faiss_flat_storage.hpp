// Internal to the vector module (faiss_index.cpp): FAISS's flat inner-product storage with
// SIMD distances. Debian's FAISS 1.7.3 is compiled for baseline x86-64 and its
// fvec_inner_product is a scalar loop (one multiply-add per ~4 cycles, a serial
// dependency chain), which dominates Flat scans, HNSW graph walks and builds, and IVF's
// coarse assignment of a query; the same holds for its fp16 scalar quantiser. The
// replacements (faiss_flat_storage.cpp) are an IndexFlatIP and an fp16
// IndexScalarQuantizer whose single-query search and distance computer use
// vector::inner_product(_half); they serialise as the plain FAISS types, so files stay
// standard FAISS.
#pragma once

#include <memory>

namespace faiss {
struct Index;
}

namespace medsearch::vector::detail {

// Replaces each stock inner-product IndexFlat or fp16 IndexScalarQuantizer inside `index`
// that the index owns (the
// index itself, an HNSW's storage, an IVF's coarse quantiser, below pre-transforms) by a
// SimdFlatIndex holding the same vectors (moved, not copied). Returns the index.
std::unique_ptr<faiss::Index> with_simd_flat_storage(std::unique_ptr<faiss::Index> index);

}  // namespace medsearch::vector::detail
