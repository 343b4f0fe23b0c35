#include "medsearch/store/doc_store.hpp"

#define ZDICT_STATIC_LINKING_ONLY  // ZDICT_trainFromBuffer_fastCover with fixed parameters
#include <zdict.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch::store {
namespace {

constexpr std::uint64_t kDocStoreMagic = 0x31534f4448434d53ULL;  // "SMCHDOS1"
constexpr std::uint32_t kVersion1 = 1;  // 16 records a block, no dictionary, trailer: doc count
constexpr std::uint32_t kDocStoreVersion = 2;
constexpr std::uint32_t kVersion1BlockDocs = 16;

void check_zstd(std::size_t result, const char* what) {
  if (ZSTD_isError(result)) throw Error(ErrorCode::Io, std::string(what) + ": " + ZSTD_getErrorName(result));
}

// zstd's fastCover trainer with fixed parameters (one pass, no search over k and d): on
// PubMed records ~0.1 s for 1 MiB of samples, and within 1% of the searched optimum's size.
std::string train_dictionary(const std::string& samples, const std::vector<std::size_t>& sizes, std::size_t capacity) {
  std::string dictionary(capacity, '\0');
  ZDICT_fastCover_params_t params{};
  params.k = 1024;  // segment size (bytes)
  params.d = 8;     // d-mer size
  params.f = 20;    // log2 of the frequency table size
  params.accel = 1;
  params.splitPoint = 1.0;  // train on every sample
  params.zParams.compressionLevel = 3;
  const std::size_t n = ZDICT_trainFromBuffer_fastCover(dictionary.data(), dictionary.size(), samples.data(),
                                                        sizes.data(), static_cast<unsigned>(sizes.size()), params);
  if (ZDICT_isError(n)) return {};  // too few or too uniform samples: compress without one
  dictionary.resize(n);
  return dictionary;
}

// One decompression context per thread, created on first use and freed at thread exit.
ZSTD_DCtx* thread_dctx() {
  struct Owner {
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    ~Owner() { ZSTD_freeDCtx(dctx); }
  };
  thread_local Owner owner;
  if (owner.dctx == nullptr) throw Error(ErrorCode::Io, "cannot create a zstd decompression context");
  return owner.dctx;
}

}  // namespace

DocStoreWriter::DocStoreWriter(const std::string& path, DocStoreOptions options)
    : file_(path, kDocStoreMagic, kDocStoreVersion), options_(options) {
  if (options_.block_docs == 0) throw Error(ErrorCode::InvalidArgument, path + ": block_docs must be at least 1");
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, options_.zstd_level);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  cctx_ = cctx;
}

DocStoreWriter::~DocStoreWriter() {
  ZSTD_freeCDict(static_cast<ZSTD_CDict*>(cdict_));
  ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(cctx_));
}

void DocStoreWriter::add(std::string_view record) {
  ++doc_count_;
  pending_ += record;
  pending_sizes_.push_back(record.size());
  if (!dictionary_chosen_) {
    if (pending_.size() >= options_.dictionary_sample_bytes) choose_dictionary();
  } else if (pending_sizes_.size() >= kCompressBatchRecords) {
    compress_pending();
  }
}

// Trains on the pending records (or decides against a dictionary), then compresses them.
void DocStoreWriter::choose_dictionary() {
  dictionary_chosen_ = true;
  if (pending_.size() >= options_.dictionary_min_sample_bytes && options_.dictionary_max_bytes > 0) {
    const std::size_t capacity = std::min(options_.dictionary_max_bytes, pending_.size() / 16);
    dictionary_ = train_dictionary(pending_, pending_sizes_, capacity);
  }
  ZSTD_CCtx* cctx = static_cast<ZSTD_CCtx*>(cctx_);
  if (!dictionary_.empty()) {
    ZSTD_CDict* cdict = ZSTD_createCDict(dictionary_.data(), dictionary_.size(), options_.zstd_level);
    if (cdict == nullptr) throw Error(ErrorCode::Io, "cannot create a zstd dictionary");
    cdict_ = cdict;
    check_zstd(ZSTD_CCtx_refCDict(cctx, cdict), "zstd dictionary");
    file_.append(dictionary_);
  }
  compress_pending();
  std::string().swap(pending_);  // the sample buffer is much larger than a batch
  std::vector<std::size_t>().swap(pending_sizes_);
}

// Compresses the buffered records back to back. Batching matters for speed, not format: a
// dictionary's match tables (~400 KB at level 3) stay in cache across a batch, whereas one
// record at a time between two documents' indexing found them evicted (1-thread ingest of
// 100k synthetic citations spent 56% more time in zstd than with 16-record frames).
void DocStoreWriter::compress_pending() {
  std::size_t offset = 0;
  for (std::size_t size : pending_sizes_) {
    compress_record(std::string_view(pending_).substr(offset, size));
    offset += size;
  }
  pending_.clear();
  pending_sizes_.clear();
}

void DocStoreWriter::compress_record(std::string_view record) {
  ByteWriter header;
  header.put_varint(record.size());
  block_ += header.bytes();
  block_ += record;
  if (++block_docs_ == options_.block_docs) flush_block();
}

void DocStoreWriter::flush_block() {
  if (block_docs_ == 0) return;
  block_offsets_.push_back(file_.size());
  compressed_.resize(ZSTD_compressBound(block_.size()));
  // The CCtx keeps its parameters and the referenced dictionary across frames.
  const std::size_t n = ZSTD_compress2(static_cast<ZSTD_CCtx*>(cctx_), compressed_.data(), compressed_.size(),
                                       block_.data(), block_.size());
  check_zstd(n, "zstd compression failed");
  file_.append(std::string_view(compressed_.data(), n));
  block_.clear();
  block_docs_ = 0;
}

void DocStoreWriter::finish() {
  if (!dictionary_chosen_) choose_dictionary();
  compress_pending();
  flush_block();
  block_offsets_.push_back(file_.size());
  ByteWriter tail;
  for (std::uint64_t offset : block_offsets_) tail.put_u64(offset);
  tail.put_u32(options_.block_docs);
  tail.put_u32(static_cast<std::uint32_t>(dictionary_.size()));
  tail.put_u32(doc_count_);
  file_.append(tail.bytes());
  file_.finish();
}

DocStoreReader::DocStoreReader(const std::string& path)
    : file_(path, kDocStoreMagic, FormatVersions{kVersion1, kDocStoreVersion}, /*verify_checksum=*/false) {
  // Blocks carry zstd checksums, verified on every read, so the (possibly many-GB) payload
  // is not read whole at open. `medsearch verify` checks the footer checksum too.
  const std::string_view payload = file_.payload();
  const bool version1 = file_.format_version() == kVersion1;
  const std::size_t trailer = version1 ? 4 : 12;
  if (payload.size() < trailer) throw Error(ErrorCode::Corrupt, path + ": doc store payload too short");
  const char* end = payload.data() + payload.size();
  std::memcpy(&doc_count_, end - 4, 4);
  block_docs_ = kVersion1BlockDocs;
  std::uint32_t dictionary_bytes = 0;
  if (!version1) {
    std::memcpy(&block_docs_, end - 12, 4);
    std::memcpy(&dictionary_bytes, end - 8, 4);
    if (block_docs_ == 0) throw Error(ErrorCode::Corrupt, path + ": doc store block size is 0");
  }
  dictionary_bytes_ = dictionary_bytes;
  block_count_ = static_cast<std::uint32_t>((static_cast<std::uint64_t>(doc_count_) + block_docs_ - 1) / block_docs_);
  const std::uint64_t table_bytes = (static_cast<std::uint64_t>(block_count_) + 1) * 8;
  if (table_bytes + trailer + dictionary_bytes_ > payload.size()) {
    throw Error(ErrorCode::Corrupt, path + ": doc store offset table truncated");
  }
  offsets_ = end - trailer - table_bytes;
  if (dictionary_bytes_ > 0) {
    // A copy of the dictionary (at most 64 KiB a segment), digested once for every read.
    ddict_ = ZSTD_createDDict(payload.data(), dictionary_bytes_);
    if (ddict_ == nullptr) throw Error(ErrorCode::Corrupt, path + ": doc store dictionary does not load");
  }
}

DocStoreReader::~DocStoreReader() { ZSTD_freeDDict(static_cast<ZSTD_DDict*>(ddict_)); }

bool DocStoreReader::block_bounds(std::uint32_t block, std::uint64_t& begin, std::uint64_t& end) const {
  std::memcpy(&begin, offsets_ + 8 * block, 8);
  std::memcpy(&end, offsets_ + 8 * (block + 1), 8);
  const std::uint64_t table_start = static_cast<std::uint64_t>(offsets_ - file_.payload().data());
  return begin >= dictionary_bytes_ && begin <= end && end <= table_start;
}

void DocStoreReader::decode_block(std::uint32_t block, std::string& out) const {
  std::uint64_t begin = 0, end = 0;
  if (!block_bounds(block, begin, end)) throw Error(ErrorCode::Corrupt, file_.path() + ": bad block offsets");
  const char* src = file_.payload().data() + begin;
  const std::size_t src_size = static_cast<std::size_t>(end - begin);
  const unsigned long long raw_size = ZSTD_getFrameContentSize(src, src_size);
  if (raw_size == ZSTD_CONTENTSIZE_ERROR || raw_size == ZSTD_CONTENTSIZE_UNKNOWN || raw_size > (1ULL << 31)) {
    throw Error(ErrorCode::Corrupt, file_.path() + ": block " + std::to_string(block) + " is not a zstd frame");
  }
  out.resize(static_cast<std::size_t>(raw_size));
  ZSTD_DCtx* dctx = thread_dctx();
  const std::size_t n =
      ddict_ != nullptr
          ? ZSTD_decompress_usingDDict(dctx, out.data(), out.size(), src, src_size, static_cast<const ZSTD_DDict*>(ddict_))
          : ZSTD_decompressDCtx(dctx, out.data(), out.size(), src, src_size);
  if (ZSTD_isError(n) || n != out.size()) {
    throw Error(ErrorCode::Corrupt, file_.path() + ": block " + std::to_string(block) + " does not decompress");
  }
}

void DocStoreReader::prefetch(std::uint32_t index) const {
  if (index >= doc_count_) return;
  std::uint64_t begin = 0, end = 0;
  if (!block_bounds(index / block_docs_, begin, end)) return;  // decoding will report it
  // The frame's first 256 bytes: its header and the start of its literals.
  for (std::uint64_t at = begin; at < std::min<std::uint64_t>(end, begin + 256); at += 64) {
    __builtin_prefetch(file_.payload().data() + at);
  }
}

std::string DocStoreReader::get(std::uint32_t index) const {
  thread_local std::string raw;  // reused: a hit costs no allocation of the block's size
  return std::string(read(index, raw));
}

std::string_view DocStoreReader::read(std::uint32_t index, std::string& buffer) const {
  if (index >= doc_count_) {
    throw Error(ErrorCode::InvalidArgument, file_.path() + ": record " + std::to_string(index) + " out of range (" +
                                                std::to_string(doc_count_) + " records)");
  }
  const std::uint32_t block = index / block_docs_;
  decode_block(block, buffer);
  // Each record is a varint length and its bytes; the reader's name is built only on error.
  try {
    ByteReader reader(buffer, std::string());
    std::string_view record;
    for (std::uint32_t i = block * block_docs_; i <= index; ++i) record = reader.get_string_view();
    return record;
  } catch (const Error& e) {
    throw Error(e.code(), file_.path() + " block " + std::to_string(block) + e.what());
  }
}

void DocStoreReader::for_each(const std::function<void(std::string_view)>& visit) const {
  std::string raw;
  for (std::uint32_t block = 0; block < block_count_; ++block) {
    decode_block(block, raw);
    ByteReader reader(raw, file_.path() + " block " + std::to_string(block));
    const std::uint32_t end = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(doc_count_, (static_cast<std::uint64_t>(block) + 1) * block_docs_));
    for (std::uint32_t i = block * block_docs_; i < end; ++i) visit(reader.get_string_view());
  }
}

}  // namespace medsearch::store
