// Fuzz target: ingest::XmlRecordSplitter over arbitrary bytes (plain, or gzip when they
// start with its magic). The first byte picks the read size (64 B .. 8 KiB) and the record
// cap, so records straddle buffer refills and the cap is reached. Only medsearch::Error
// may escape the splitter; every record handed out must lie inside the buffer and start
// with '<' and end with '>'.
#include <cstdint>
#include <cstdlib>

#include "fuzz_file.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/ingest/gzip_input.hpp"
#include "medsearch/ingest/xml_record_splitter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static medsearch::fuzz::MemFile file;
  if (size == 0) return 0;
  const std::size_t read_bytes = std::size_t{64} << (data[0] & 7);
  const std::size_t max_record = (data[0] & 0x80) ? 512 : std::size_t{1} << 20;
  const std::string& path = file.write(data + 1, size - 1);
  try {
    medsearch::ingest::GzipInput input(path, 64 + (data[0] & 0x38) * 16);
    medsearch::ingest::XmlRecordSplitter splitter(input, read_bytes, max_record);
    medsearch::ingest::RecordChunk chunk;
    while (splitter.next(chunk)) {
      if (chunk.size < 2 || chunk.data[0] != '<' || chunk.data[chunk.size - 1] != '>') std::abort();
      if (chunk.size > max_record) std::abort();
      // The caller may parse the record in place: the bytes are writable.
      chunk.data[0] = '<';
    }
  } catch (const medsearch::Error&) {
  }
  return 0;
}
