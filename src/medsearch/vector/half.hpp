// IEEE 754 binary16 ("half", fp16) <-> binary32 conversion, for the on-disk vector files
// (vector/vector_file.hpp). A half is carried as its bit pattern in a std::uint16_t.
// float -> half rounds to nearest, ties to even; values at or above 65520 in magnitude
// become infinity, values below 2^-24 become (signed) subnormals or zero; NaN stays NaN
// (made quiet, the top nine payload bits kept). half -> float is exact.
// The bulk versions use the F16C instructions when the CPU has them (checked at run time)
// and give bit-identical results to the scalar ones. All functions are thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace medsearch::vector {

std::uint16_t float_to_half(float value);
float half_to_float(std::uint16_t half);

// out[i] = float_to_half(in[i]) for i < count.
void floats_to_halves(const float* in, std::uint16_t* out, std::size_t count);
// out[i] = half_to_float(in[i]) for i < count.
void halves_to_floats(const std::uint16_t* in, float* out, std::size_t count);

// Whether the bulk versions use F16C on this CPU (for tests and benchmarks).
bool half_uses_f16c();

}  // namespace medsearch::vector
