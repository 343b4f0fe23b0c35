// Fuzz target: ingest::GzipInput (gzip members, headers, trailers, padding) and the
// LineReader on top of it. The first byte picks the input chunk, read and line-cap sizes
// so that headers and lines straddle chunk boundaries and the line cap is reached. Only
// medsearch::Error may escape; the bytes handed out must add up to uncompressed_bytes().
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "fuzz_file.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/ingest/gzip_input.hpp"
#include "medsearch/ingest/line_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static medsearch::fuzz::MemFile file;
  if (size == 0) return 0;
  const std::size_t chunk = std::size_t{64} << (data[0] & 7);
  const std::size_t read_size = 1 + ((data[0] >> 3) & 7) * 37;
  const std::string& path = file.write(data + 1, size - 1);
  try {
    medsearch::ingest::GzipInput input(path, chunk);
    if (data[0] & 0x80) {
      medsearch::ingest::LineReader lines(input, 64, 256);
      std::string_view line;
      while (lines.next(line)) {
        if (line.size() > 256) std::abort();
      }
    } else {
      std::vector<char> out(read_size);
      std::uint64_t total = 0;
      while (const std::size_t n = input.read(out.data(), out.size())) total += n;
      if (total != input.uncompressed_bytes()) std::abort();
      if (input.read(out.data(), out.size()) != 0) std::abort();  // stays at the end
    }
  } catch (const medsearch::Error&) {
  }
  return 0;
}
