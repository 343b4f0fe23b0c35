// Fuzz target: ingest::BeirReader (corpus.jsonl: one JSON object per line). Only
// medsearch::Error may escape; a bad line must be a Skipped record with a reason.
#include <cstdint>
#include <cstdlib>

#include "fuzz_file.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/ingest/beir_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static medsearch::fuzz::MemFile file;
  if (size == 0) return 0;
  // The first byte picks the read size (small reads keep ASan's cost of megabyte buffers
  // out of every run) and the line cap.
  const std::size_t read_bytes = std::size_t{256} << (data[0] & 7);
  const std::size_t max_line = (data[0] & 0x80) ? 512 : medsearch::ingest::LineReader::kDefaultMaxLineBytes;
  const std::string& path = file.write(data + 1, size - 1);
  try {
    medsearch::ingest::BeirReader reader(path, read_bytes, max_line);
    medsearch::ingest::Record record;
    while (reader.next(record)) {
      if (record.kind == medsearch::ingest::RecordKind::Skipped && record.skipped.reason.empty()) std::abort();
      if (record.kind == medsearch::ingest::RecordKind::Article && record.article.id.empty()) std::abort();
    }
  } catch (const medsearch::Error&) {
  }
  return 0;
}
