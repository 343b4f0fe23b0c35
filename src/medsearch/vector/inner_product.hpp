// vector::inner_product: the dot product of two vectors, the one distance every index of
// this module computes (ExactIndex, and FAISS's flat and fp16 storage via
// faiss_flat_storage.cpp). Uses AVX2+FMA(+F16C) when the CPU has them (checked once at run
// time), else a portable loop with eight partial sums. Within one process every call uses the
// same code path, so ExactIndex and FaissIndex "Flat" / "SQfp16" searches give
// bit-identical scores. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace medsearch::vector {

float inner_product(const float* a, const float* b, std::size_t n);
// The same with b (or both) given as IEEE fp16 bit patterns (vector/half.hpp), converted
// on the fly: half the memory traffic of float rows.
float inner_product_half(const float* a, const std::uint16_t* b, std::size_t n);
float inner_product_halves(const std::uint16_t* a, const std::uint16_t* b, std::size_t n);

// Whether these use AVX2+FMA+F16C on this CPU (for tests and benchmarks).
bool inner_product_uses_avx2();

}  // namespace medsearch::vector
