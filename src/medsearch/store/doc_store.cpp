#include "medsearch/store/doc_store.hpp"

#include <zstd.h>

#include <algorithm>
#include <cstring>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch::store {
namespace {

constexpr std::uint64_t kDocStoreMagic = 0x31534f4448434d53ULL;  // "SMCHDOS1"
constexpr std::uint32_t kDocStoreVersion = 1;

}  // namespace

DocStoreWriter::DocStoreWriter(const std::string& path, int zstd_level)
    : file_(path, kDocStoreMagic, kDocStoreVersion), zstd_level_(zstd_level) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, zstd_level_);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  cctx_ = cctx;
}

DocStoreWriter::~DocStoreWriter() { ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(cctx_)); }

void DocStoreWriter::add(std::string_view record) {
  ByteWriter header;
  header.put_varint(record.size());
  block_ += header.bytes();
  block_ += record;
  ++block_docs_;
  ++doc_count_;
  if (block_docs_ == kDocStoreBlockDocs) flush_block();
}

void DocStoreWriter::flush_block() {
  if (block_docs_ == 0) return;
  block_offsets_.push_back(file_.size());
  compressed_.resize(ZSTD_compressBound(block_.size()));
  const std::size_t n = ZSTD_compress2(static_cast<ZSTD_CCtx*>(cctx_), compressed_.data(), compressed_.size(),
                                       block_.data(), block_.size());
  if (ZSTD_isError(n)) throw Error(ErrorCode::Io, std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  file_.append(std::string_view(compressed_.data(), n));
  block_.clear();
  block_docs_ = 0;
}

void DocStoreWriter::finish() {
  flush_block();
  block_offsets_.push_back(file_.size());
  ByteWriter tail;
  for (std::uint64_t offset : block_offsets_) tail.put_u64(offset);
  tail.put_u32(doc_count_);
  file_.append(tail.bytes());
  file_.finish();
}

DocStoreReader::DocStoreReader(const std::string& path)
    : file_(path, kDocStoreMagic, kDocStoreVersion, /*verify_checksum=*/false) {
  // Blocks carry zstd checksums, verified on every read, so the (possibly many-GB) payload
  // is not read whole at open. `medsearch verify` checks the footer checksum too.
  const std::string_view payload = file_.payload();
  if (payload.size() < 4) throw Error(ErrorCode::Corrupt, path + ": doc store payload too short");
  std::memcpy(&doc_count_, payload.data() + payload.size() - 4, 4);
  block_count_ = (doc_count_ + kDocStoreBlockDocs - 1) / kDocStoreBlockDocs;
  const std::uint64_t table_bytes = (static_cast<std::uint64_t>(block_count_) + 1) * 8;
  if (table_bytes + 4 > payload.size()) throw Error(ErrorCode::Corrupt, path + ": doc store offset table truncated");
  offsets_ = payload.data() + payload.size() - 4 - table_bytes;
}

std::string DocStoreReader::decode_block(std::uint32_t block) const {
  std::uint64_t begin = 0, end = 0;
  std::memcpy(&begin, offsets_ + 8 * block, 8);
  std::memcpy(&end, offsets_ + 8 * (block + 1), 8);
  const std::uint64_t table_start = static_cast<std::uint64_t>(offsets_ - file_.payload().data());
  if (begin > end || end > table_start) throw Error(ErrorCode::Corrupt, file_.path() + ": bad block offsets");
  const char* src = file_.payload().data() + begin;
  const std::size_t src_size = static_cast<std::size_t>(end - begin);
  const unsigned long long raw_size = ZSTD_getFrameContentSize(src, src_size);
  if (raw_size == ZSTD_CONTENTSIZE_ERROR || raw_size == ZSTD_CONTENTSIZE_UNKNOWN || raw_size > (1ULL << 31)) {
    throw Error(ErrorCode::Corrupt, file_.path() + ": block " + std::to_string(block) + " is not a zstd frame");
  }
  std::string raw(static_cast<std::size_t>(raw_size), '\0');
  const std::size_t n = ZSTD_decompress(raw.data(), raw.size(), src, src_size);
  if (ZSTD_isError(n) || n != raw.size()) {
    throw Error(ErrorCode::Corrupt, file_.path() + ": block " + std::to_string(block) + " does not decompress");
  }
  return raw;
}

std::string DocStoreReader::get(std::uint32_t index) const {
  if (index >= doc_count_) {
    throw Error(ErrorCode::InvalidArgument, file_.path() + ": record " + std::to_string(index) + " out of range (" +
                                                std::to_string(doc_count_) + " records)");
  }
  const std::uint32_t block = index / kDocStoreBlockDocs;
  const std::string raw = decode_block(block);
  ByteReader reader(raw, file_.path() + " block " + std::to_string(block));
  std::string_view record;
  for (std::uint32_t i = block * kDocStoreBlockDocs; i <= index; ++i) record = reader.get_string_view();
  return std::string(record);
}

void DocStoreReader::for_each(const std::function<void(std::string_view)>& visit) const {
  for (std::uint32_t block = 0; block * kDocStoreBlockDocs < doc_count_; ++block) {
    const std::string raw = decode_block(block);
    ByteReader reader(raw, file_.path() + " block " + std::to_string(block));
    const std::uint32_t end = std::min(doc_count_, (block + 1) * kDocStoreBlockDocs);
    for (std::uint32_t i = block * kDocStoreBlockDocs; i < end; ++i) visit(reader.get_string_view());
  }
}

}  // namespace medsearch::store
