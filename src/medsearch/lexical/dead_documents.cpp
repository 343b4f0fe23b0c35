#include "medsearch/lexical/dead_documents.hpp"

#include <algorithm>
#include <vector>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::lexical {
namespace {

constexpr std::uint64_t kDeadStatsMagic = 0x3154534448434d53ULL;  // "SMCHDST1"
constexpr std::uint32_t kDeadStatsVersion = 1;

}  // namespace

void DeadDocuments::add(const AnalyzedDocument& doc) {
  ++docs;
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    length_sums[f] += doc.lengths[f];
    if (doc.lengths[f] > 0) ++field_docs[f];
  }
  for (const AnalyzedPosting& p : doc.postings) {
    const std::string_view key = doc.key(p);
    if (!key.empty() && static_cast<KeySpace>(key[0]) == KeySpace::Prose) ++doc_freq[std::string(key)];
  }
}

void DeadDocuments::save(const std::string& path) const {
  ByteWriter out;
  out.put_u64(docs);
  for (std::size_t f = 0; f < kTextFieldCount; ++f) out.put_u64(length_sums[f]), out.put_u64(field_docs[f]);
  // Sorted, so the same state always writes the same bytes.
  std::vector<std::pair<std::string_view, std::uint32_t>> terms(doc_freq.begin(), doc_freq.end());
  std::sort(terms.begin(), terms.end());
  out.put_varint(terms.size());
  for (const auto& [key, n] : terms) out.put_string(key), out.put_varint(n);
  store::write_file(path, kDeadStatsMagic, kDeadStatsVersion, out.bytes());
}

DeadDocuments DeadDocuments::load(const std::string& path) {
  store::MappedFile file(path, kDeadStatsMagic, kDeadStatsVersion, /*verify_checksum=*/true);
  ByteReader in(file.payload(), path);
  DeadDocuments dead;
  dead.docs = in.get_u64();
  for (std::size_t f = 0; f < kTextFieldCount; ++f) dead.length_sums[f] = in.get_u64(), dead.field_docs[f] = in.get_u64();
  const std::size_t count = in.get_count();
  dead.doc_freq.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::string key = in.get_string();
    dead.doc_freq[std::move(key)] = static_cast<std::uint32_t>(in.get_varint());
  }
  if (!in.at_end()) throw Error(ErrorCode::Corrupt, path + ": trailing bytes after the dead-document statistics");
  return dead;
}

}  // namespace medsearch::lexical
