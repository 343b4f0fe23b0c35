// Compressed document store of one segment: records (opaque bytes, e.g. an encoded
// Article) numbered 0..n-1 in the order added, read back by number.
//
// Format version 2 (docs/formats.md#docs--doc-store): records are grouped `block_docs` at a
// time (1 by default); each block is
//   per record: varint length, then the bytes
// compressed as one zstd frame (with zstd's content checksum), with the store's zstd
// dictionary when it has one. The payload is the dictionary, the blocks back to back, u64
// block offsets (one per block plus the end), then u32 block_docs, u32 dictionary bytes,
// u32 doc count. Version 1 (16 records a block, no dictionary, trailer u32 doc count only)
// is still read.
//
// Why one record a block with a dictionary (docs/decisions/0017-doc-store-dictionary.md):
// a search hit reads one record, and a block costs its whole decompression; a dictionary
// trained on the segment's first records gives single records the context a 16-record
// block gave them, so the store is no larger and a hit decompresses ~16x fewer bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/store/file_footer.hpp"

namespace medsearch::store {

struct DocStoreOptions {
  int zstd_level = 3;             // zstd's default: several hundred MB/s
  std::uint32_t block_docs = 1;   // records per zstd frame
  // The dictionary is trained (zstd's fastCover) on the first `dictionary_sample_bytes` of
  // records, then those and every later record are compressed with it. Its size is
  // min(dictionary_max_bytes, samples / 16); with under dictionary_min_sample_bytes of
  // records in the whole store (or when training fails) there is none.
  std::size_t dictionary_max_bytes = 64 * 1024;
  std::size_t dictionary_sample_bytes = 1024 * 1024;
  std::size_t dictionary_min_sample_bytes = 32 * 1024;
};

class DocStoreWriter {
 public:
  explicit DocStoreWriter(const std::string& path, DocStoreOptions options = {});
  ~DocStoreWriter();
  void add(std::string_view record);
  std::uint32_t size() const { return doc_count_; }
  std::size_t dictionary_bytes() const { return dictionary_.size(); }
  void finish();

 private:
  // Records are buffered and compressed kCompressBatchRecords at a time (see .cpp).
  static constexpr std::size_t kCompressBatchRecords = 64;
  void choose_dictionary();
  void compress_pending();
  void compress_record(std::string_view record);
  void flush_block();

  FileWriter file_;
  DocStoreOptions options_;
  void* cctx_ = nullptr;   // ZSTD_CCtx, reused across blocks
  void* cdict_ = nullptr;  // ZSTD_CDict, or null without a dictionary
  bool dictionary_chosen_ = false;
  std::string dictionary_;
  std::string pending_;                    // records not yet compressed, back to back
  std::vector<std::size_t> pending_sizes_;
  std::string block_;
  std::uint32_t block_docs_ = 0;
  std::uint32_t doc_count_ = 0;
  std::vector<std::uint64_t> block_offsets_;
  std::string compressed_;
};

// Immutable after construction; get() and for_each() are thread-safe (each thread
// decompresses with its own zstd context).
class DocStoreReader {
 public:
  explicit DocStoreReader(const std::string& path);
  ~DocStoreReader();
  DocStoreReader(const DocStoreReader&) = delete;
  DocStoreReader& operator=(const DocStoreReader&) = delete;

  std::uint32_t size() const { return doc_count_; }
  std::uint32_t block_docs() const { return block_docs_; }
  std::size_t dictionary_bytes() const { return dictionary_bytes_; }
  // The record numbered `index`; throws Error(InvalidArgument) when out of range and
  // Error(Corrupt) naming the file when the block does not decompress.
  std::string get(std::uint32_t index) const;
  // The same record as a view into `buffer`, which holds its decompressed block afterwards
  // (its capacity reused across calls): valid until `buffer` changes. Same errors as get().
  std::string_view read(std::uint32_t index, std::string& buffer) const;
  // Asks the CPU to start loading record `index`'s compressed block (a hint: no effect on
  // any result, nothing checked, out of range ignored). A page of hits asks for all its
  // records before decoding the first, so their cache misses overlap.
  void prefetch(std::uint32_t index) const;
  // Every record in order, each block decompressed once (for copying a whole store).
  void for_each(const std::function<void(std::string_view)>& visit) const;

 private:
  // Block `block`'s byte range in the payload; false when the offset table is damaged.
  bool block_bounds(std::uint32_t block, std::uint64_t& begin, std::uint64_t& end) const;
  // Decompresses block `block` into `out` (reusing its capacity).
  void decode_block(std::uint32_t block, std::string& out) const;
  MappedFile file_;
  std::uint32_t doc_count_ = 0;
  std::uint32_t block_docs_ = 0;
  std::uint32_t block_count_ = 0;
  std::size_t dictionary_bytes_ = 0;
  void* ddict_ = nullptr;          // ZSTD_DDict over the mapped dictionary, or null
  const char* offsets_ = nullptr;  // (block_count_ + 1) little-endian u64
};

}  // namespace medsearch::store
