// Inline copy, equality and hash for the short byte strings of the index writer's hot
// path (keys of ~10 bytes, doc entries of 2-6 bytes, position runs of a few bytes), where
// a libc call and its size dispatch cost more than the work. Each reads and writes only
// inside [p, p + n): strings of 4-16 bytes are covered by two overlapping fixed-size
// loads (first and last 4 or 8 bytes), shorter ones byte by byte; longer ones go to libc.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace medsearch::lexical::small_bytes {

inline std::uint64_t load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline std::uint32_t load32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

inline void copy(char* dst, const char* src, std::size_t n) {
  if (n > 16) {
    std::memcpy(dst, src, n);
  } else if (n >= 8) {
    std::memcpy(dst, src, 8);
    std::memcpy(dst + n - 8, src + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(dst, src, 4);
    std::memcpy(dst + n - 4, src + n - 4, 4);
  } else if (n > 0) {  // bytes 0, n/2 and n-1 are all of them for n <= 3
    dst[0] = src[0];
    dst[n / 2] = src[n / 2];
    dst[n - 1] = src[n - 1];
  }
}

inline bool equal(const char* a, const char* b, std::size_t n) {
  if (n > 16) return std::memcmp(a, b, n) == 0;
  if (n >= 8) return load64(a) == load64(b) && load64(a + n - 8) == load64(b + n - 8);
  if (n >= 4) return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
  return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

// 64 x 64 -> 128-bit multiply folded to 64 bits: the mixing step of wyhash (Wang Yi,
// public domain, github.com/wangyi-fudan/wyhash); the structure below (two words from the
// string, folded with the length and a seed) follows its short-input path. Not for
// untrusted adversarial keys; the term table only needs a good spread of its low bits.
__extension__ using Uint128 = unsigned __int128;  // GCC and Clang on 64-bit targets
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  const Uint128 r = static_cast<Uint128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

inline std::uint64_t hash(std::string_view key) {
  constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL, k2 = 0x8ebc6af09c88c6e3ULL;
  const char* p = key.data();
  const std::size_t n = key.size();
  std::uint64_t seed = k0;
  std::uint64_t a = 0, b = 0;
  if (n > 16) {
    std::size_t left = n;
    for (; left > 16; p += 16, left -= 16) seed = mix(load64(p) ^ k1, load64(p + 8) ^ seed);
    a = load64(p + left - 16);
    b = load64(p + left - 8);
  } else if (n >= 8) {
    a = load64(p);
    b = load64(p + n - 8);
  } else if (n >= 4) {
    a = load32(p);
    b = load32(p + n - 4);
  } else if (n > 0) {
    a = (std::uint64_t{static_cast<unsigned char>(p[0])} << 16) | (std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
        static_cast<unsigned char>(p[n - 1]);
  }
  return mix(k1 ^ n, mix(a ^ k1, b ^ seed) ^ k2);
}

}  // namespace medsearch::lexical::small_bytes
