// FaissIndex's persistence (faiss_index.hpp): save, load and memory_bytes.
#include <faiss/Index.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/store/file_footer.hpp"
#include "medsearch/vector/faiss_factory.hpp"
#include "medsearch/vector/faiss_flat_storage.hpp"
#include "medsearch/vector/faiss_index.hpp"

namespace medsearch::vector {
namespace {

constexpr std::uint64_t kFaissFileMagic = 0x3149414648434d53ULL;  // "SMCHFAI1"
constexpr std::uint32_t kFaissFileVersion = 1;

// faiss::write_index into the store's FileWriter (which checksums as it goes).
struct FileSink final : faiss::IOWriter {
  explicit FileSink(store::FileWriter* file) : file(file) {}
  std::size_t operator()(const void* ptr, std::size_t size, std::size_t nitems) override {
    if (file != nullptr) file->append(std::string_view(static_cast<const char*>(ptr), size * nitems));
    bytes += size * nitems;
    return nitems;
  }
  store::FileWriter* file;  // null: only count
  std::uint64_t bytes = 0;
};

// faiss::read_index from a span of the mapped file.
struct SpanSource final : faiss::IOReader {
  explicit SpanSource(std::string_view data) : data(data) {}
  std::size_t operator()(void* ptr, std::size_t size, std::size_t nitems) override {
    if (size == 0 || nitems == 0) return nitems;
    const std::size_t n = std::min(nitems, (data.size() - pos) / size);
    if (n > 0) std::memcpy(ptr, data.data() + pos, n * size);
    pos += n * size;
    return n;
  }
  std::string_view data;
  std::size_t pos = 0;
};

}  // namespace

using detail::faiss_message;

std::size_t FaissIndex::memory_bytes() const {
  FileSink counter(nullptr);
  faiss::write_index(index_.get(), &counter);
  return static_cast<std::size_t>(counter.bytes) + labels_.size() * sizeof(std::uint32_t);
}

// Payload: u32 dim | string factory | u64 count | u32 ef_search | u32 nprobe |
//          u8 has_labels | [u32 DocId per position] | FAISS's own serialisation | u64 its size
void FaissIndex::save(const std::string& path) const {
  store::FileWriter file(path, kFaissFileMagic, kFaissFileVersion);
  ByteWriter header;
  header.put_u32(static_cast<std::uint32_t>(dim_));
  header.put_string(factory_);
  header.put_u64(size());
  header.put_u32(static_cast<std::uint32_t>(std::max(knobs_.ef_search, 0)));
  header.put_u32(static_cast<std::uint32_t>(std::max(knobs_.nprobe, 0)));
  header.put_u8(labels_.empty() ? 0 : 1);
  file.append(header.bytes());
  file.append(std::string_view(reinterpret_cast<const char*>(labels_.data()), labels_.size() * sizeof(std::uint32_t)));
  FileSink sink(&file);
  try {
    faiss::write_index(index_.get(), &sink);
  } catch (const faiss::FaissException& e) {
    throw Error(ErrorCode::Io, path + ": FAISS cannot write the index: " + faiss_message(e));
  }
  ByteWriter tail;
  tail.put_u64(sink.bytes);
  file.append(tail.bytes());
  file.finish();
}

FaissIndex FaissIndex::load(const std::string& path) {
  const store::MappedFile file(path, kFaissFileMagic, kFaissFileVersion, /*verify_checksum=*/true);
  const std::string_view payload = file.payload();
  const auto corrupt = [&](const std::string& what) { return Error(ErrorCode::Corrupt, path + ": " + what); };
  if (payload.size() < 8) throw corrupt("FAISS index file too short");
  const auto blob_size = load_le<std::uint64_t>(payload.data() + payload.size() - 8);
  ByteReader reader(payload.substr(0, payload.size() - 8), path);
  FaissIndex index;
  index.dim_ = reader.get_u32();
  index.factory_ = reader.get_string();
  const std::uint64_t count = reader.get_u64();
  index.knobs_.ef_search = static_cast<int>(std::min<std::uint32_t>(reader.get_u32(), INT_MAX));
  index.knobs_.nprobe = static_cast<int>(std::min<std::uint32_t>(reader.get_u32(), INT_MAX));
  const std::uint8_t has_labels = reader.get_u8();
  if (has_labels > 1 || count > (std::uint64_t{1} << 31)) throw corrupt("invalid FAISS index header");
  if (has_labels == 1) {
    const std::string_view raw = reader.get_bytes(static_cast<std::size_t>(count) * sizeof(std::uint32_t));
    index.labels_.resize(static_cast<std::size_t>(count));
    std::memcpy(index.labels_.data(), raw.data(), raw.size());
  }
  if (reader.remaining() != blob_size) throw corrupt("FAISS index size does not match the file");
  SpanSource source(reader.get_bytes(reader.remaining()));
  try {
    index.index_.reset(faiss::read_index(&source));
    index.index_ = detail::with_simd_flat_storage(std::move(index.index_));
  } catch (const faiss::FaissException& e) {
    throw corrupt("FAISS cannot read the index: " + faiss_message(e));
  }
  if (source.pos != source.data.size() || index.index_->d != static_cast<int>(index.dim_) ||
      index.index_->ntotal != static_cast<faiss::Index::idx_t>(count) ||
      index.index_->metric_type != faiss::METRIC_INNER_PRODUCT) {
    throw corrupt("the FAISS index does not match its header (dimension, count or metric)");
  }
  index.classify();
  index.store_knobs_in_index();
  return index;
}

}  // namespace medsearch::vector
