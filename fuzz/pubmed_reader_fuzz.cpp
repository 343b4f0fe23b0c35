// Fuzz target: ingest::PubmedReader (splitter + pugixml + field extraction + dates) over
// arbitrary bytes. Only medsearch::Error may escape; a malformed record must come back as
// RecordKind::Skipped with a reason. The first byte picks the read size (256 B .. 32 KiB;
// small reads also keep ASan's cost of megabyte buffers out of every run) and the record cap.
#include <cstdint>
#include <cstdlib>

#include "fuzz_file.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/ingest/pubmed_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static medsearch::fuzz::MemFile file;
  if (size == 0) return 0;
  medsearch::ingest::PubmedReaderOptions options;
  options.read_bytes = std::size_t{256} << (data[0] & 7);
  options.max_record_bytes = (data[0] & 0x80) ? 1024 : medsearch::ingest::kDefaultMaxRecordBytes;
  const std::string& path = file.write(data + 1, size - 1);
  try {
    medsearch::ingest::PubmedReader reader(path, options);
    medsearch::ingest::Record record;
    while (reader.next(record)) {
      if (record.kind == medsearch::ingest::RecordKind::Skipped && record.skipped.reason.empty()) std::abort();
    }
  } catch (const medsearch::Error&) {
  }
  return 0;
}
