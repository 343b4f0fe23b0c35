// Compressed document store of one segment: records (opaque bytes, e.g. an encoded
// Article) numbered 0..n-1 in the order added, read back by number.
//
// Format (docs/formats.md): records are grouped kBlockDocs at a time; each block is
//   varint count, then per record varint length, then the bytes
// compressed as one zstd frame (with zstd's content checksum). The payload is the blocks
// back to back, then u64 block offsets (one per block plus the end), then u32 doc count.
// Random access decompresses one block (at most kBlockDocs records).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/store/file_footer.hpp"

namespace medsearch::store {

inline constexpr std::uint32_t kDocStoreBlockDocs = 16;

class DocStoreWriter {
 public:
  // zstd level 3 (zstd's default): about 4x on PubMed records at several hundred MB/s.
  explicit DocStoreWriter(const std::string& path, int zstd_level = 3);
  ~DocStoreWriter();
  void add(std::string_view record);
  std::uint32_t size() const { return doc_count_; }
  void finish();

 private:
  void flush_block();

  FileWriter file_;
  int zstd_level_;
  void* cctx_ = nullptr;  // ZSTD_CCtx, reused across blocks
  std::string block_;
  std::uint32_t block_docs_ = 0;
  std::uint32_t doc_count_ = 0;
  std::vector<std::uint64_t> block_offsets_;
  std::string compressed_;
};

// Immutable after construction; get() is thread-safe.
class DocStoreReader {
 public:
  explicit DocStoreReader(const std::string& path);
  std::uint32_t size() const { return doc_count_; }
  // The record numbered `index`; throws Error(InvalidArgument) when out of range and
  // Error(Corrupt) naming the file when the block does not decompress.
  std::string get(std::uint32_t index) const;
  // Every record in order, each block decompressed once (for copying a whole store).
  void for_each(const std::function<void(std::string_view)>& visit) const;

 private:
  std::string decode_block(std::uint32_t block) const;
  MappedFile file_;
  std::uint32_t doc_count_ = 0;
  std::uint32_t block_count_ = 0;
  const char* offsets_ = nullptr;  // (block_count_ + 1) little-endian u64
};

}  // namespace medsearch::store
