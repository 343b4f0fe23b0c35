// engine/dense/vector_parts: the parts of a segment's partial vectors (rows from row 0 and
// from row N) are kept to their last whole chunk, the rows they lack are listed with the
// part each continues, and joining checks that the parts hold exactly every row.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/dense/vector_parts.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/index/segment_merger.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/vector/vector_file.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
constexpr std::size_t kDim = 2;

// A part from `first` holding `rows` rows (row r = {r, -r}) and `extra` bytes of a torn row.
void write_part(const std::string& dir, std::uint32_t first, std::uint32_t rows, std::size_t extra = 0) {
  std::ofstream out(partial_vectors_path(dir, "seg-000001", first), std::ios::binary);
  for (std::uint32_t r = first; r < first + rows; ++r) {
    const float row[kDim] = {float(r), -float(r)};
    out.write(reinterpret_cast<const char*>(row), sizeof row);
  }
  out << std::string(extra, 'x');
}

void write_marker(const std::string& dir, const std::string& model) {
  std::ofstream(partial_vectors_meta_path(dir, "seg-000001")) << nlohmann::json{{"model", model}, {"dim", kDim}}.dump();
}

TEST(VectorParts, NamesOfParts) {
  EXPECT_EQ(partial_vectors_path("D", "seg-000001", 0), "D/seg-000001.vec.partial");
  EXPECT_EQ(partial_vectors_path("D", "seg-000001", 160), "D/seg-000001.vec.partial-160");
  const auto zero = parse_partial_vectors_name("seg-000001.vec.partial");
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->segment, "seg-000001");
  EXPECT_EQ(zero->first_row, 0u);
  const auto later = parse_partial_vectors_name("seg-000001-2.vec.partial-160");
  ASSERT_TRUE(later);
  EXPECT_EQ(later->segment, "seg-000001-2");
  EXPECT_EQ(later->first_row, 160u);
  for (const char* other : {"seg-000001.vec.partial.json", "seg-000001.vec", "seg-000001.vec.partial-", "seg-000001.vec.partial-0",
                            "seg-000001.vec.partial-016", "seg-000001.vec.partial-1x", ".vec.partial", "seg-000001.vec.partial-99999999999"}) {
    EXPECT_FALSE(parse_partial_vectors_name(other)) << other;
  }
}

TEST(VectorParts, KeptToWholeChunksAndTheMissingRowsContinueThem) {
  TempDir tmp;
  const std::string dir = tmp.path();
  write_marker(dir, "m");
  write_part(dir, 0, 10, 3);    // 10 rows and a torn one: kept to 8 (chunks of 4)
  write_part(dir, 12, 5);       // rows 12..16: kept to 12..15
  write_part(dir, 20, 2);       // rows 20, 21: the segment's end, kept whole
  write_part(dir, 14, 1);       // inside the part from 12: removed
  write_part(dir, 16, 1);       // no whole chunk: removed
  const PartListing listing = list_vector_parts(dir);
  EXPECT_EQ(listing.of("seg-000001"), (std::vector<std::uint32_t>{0, 12, 14, 16, 20}));
  const auto parts = usable_vector_parts(dir, "seg-000001", 22, listing.of("seg-000001"), "m", kDim, 4);
  EXPECT_EQ(parts, (std::vector<VectorPart>{{0, 8}, {12, 4}, {20, 2}}));
  EXPECT_EQ(fs::file_size(partial_vectors_path(dir, "seg-000001", 0)), 8 * kDim * sizeof(float));
  EXPECT_FALSE(fs::exists(partial_vectors_path(dir, "seg-000001", 14)));
  EXPECT_FALSE(fs::exists(partial_vectors_path(dir, "seg-000001", 16)));
  EXPECT_EQ(missing_rows(parts, 22), (std::vector<MissingRows>{{8, 12, 0}, {16, 20, 12}}));
  EXPECT_EQ(missing_rows({}, 22), (std::vector<MissingRows>{{0, 22, 0}}));
  EXPECT_EQ(missing_rows({{4, 4}}, 8), (std::vector<MissingRows>{{0, 4, 0}}));

  // Joining: refused while rows are missing; once the gaps are written, one .vec in row order.
  EXPECT_THROW(publish_vector_parts(dir, "seg-000001", 22, "m", kDim), Error);
  EXPECT_FALSE(fs::exists(vectors_path(dir, "seg-000001")));
  fs::remove(partial_vectors_path(dir, "seg-000001", 0));
  fs::remove(partial_vectors_path(dir, "seg-000001", 12));
  write_part(dir, 0, 12);
  write_part(dir, 12, 8);
  publish_vector_parts(dir, "seg-000001", 22, "m", kDim);
  const vector::VectorFile file(vectors_path(dir, "seg-000001"));
  ASSERT_EQ(file.count(), 22u);
  EXPECT_EQ(file.model_id(), "m");
  float row[kDim];
  for (std::uint32_t r = 0; r < 22; ++r) {
    file.row(r, row);
    EXPECT_EQ(row[0], float(r)) << r;
    EXPECT_EQ(row[1], -float(r)) << r;
  }
  EXPECT_TRUE(list_vector_parts(dir).segments.empty()) << "parts removed once joined";
  EXPECT_FALSE(fs::exists(partial_vectors_meta_path(dir, "seg-000001")));
}

TEST(VectorParts, PartsOfAnotherModelAreRemovedAndTheMarkerRewritten) {
  TempDir tmp;
  const std::string dir = tmp.path();
  write_marker(dir, "old");
  write_part(dir, 0, 8);
  write_part(dir, 8, 8);
  const auto parts = usable_vector_parts(dir, "seg-000001", 16, list_vector_parts(dir).of("seg-000001"), "new", kDim, 4);
  EXPECT_TRUE(parts.empty());
  EXPECT_TRUE(list_vector_parts(dir).segments.empty());
  std::ifstream marker(partial_vectors_meta_path(dir, "seg-000001"));
  EXPECT_EQ(nlohmann::json::parse(marker).at("model"), "new");
}

TEST(VectorParts, OverlappingPartsAreRefusedWhenJoining) {
  TempDir tmp;
  const std::string dir = tmp.path();
  write_part(dir, 0, 6);
  write_part(dir, 4, 4);
  EXPECT_THROW(publish_vector_parts(dir, "seg-000001", 8, "m", kDim), Error);
  EXPECT_FALSE(fs::exists(vectors_path(dir, "seg-000001")));
}

// An ingest between a killed `mpirun … embed` and its rerun keeps the parts of the
// segments it keeps (the writer removes only unreferenced segment files).
TEST(VectorParts, AnIngestKeepsThePartsOfItsSegmentsAndRemovesOrphans) {
  TempDir tmp;
  const std::string dir = tmp.file("index");
  Indexer(dir, {}).ingest({tmp.write("a.xml.gz", testing::ten_word_corpus_gz(1, 20))}, nullptr, nullptr);
  const std::string segment = IndexReader(dir).manifest().segments.at(0).name;
  for (const std::string& name : {segment + ".vec.partial", segment + ".vec.partial-16", segment + ".vec.partial.json",
                                  std::string("seg-999999.vec.partial-16")}) {
    std::ofstream(dir + "/" + name) << "rows";
  }
  Indexer(dir, {}).ingest({tmp.write("b.xml.gz", testing::ten_word_corpus_gz(21, 5))}, nullptr, nullptr);
  EXPECT_TRUE(fs::exists(partial_vectors_path(dir, segment, 0)));
  EXPECT_TRUE(fs::exists(partial_vectors_path(dir, segment, 16)));
  EXPECT_TRUE(fs::exists(partial_vectors_meta_path(dir, segment)));
  EXPECT_FALSE(fs::exists(dir + "/seg-999999.vec.partial-16")) << "a part of no segment in the manifest";
}

// A segment with any part of half-written vectors is never merged (its parts would be lost);
// a marker alone (rank 0 planned it, nothing was written) does not hold merges back.
TEST(VectorParts, SegmentsWithPartsAreNotMerged) {
  TempDir tmp;
  const std::string dir = tmp.file("index");
  IngestOptions options;
  options.merge_policy.merge_factor = 0;
  options.checkpoint_docs = 1;
  Indexer(dir, options).ingest({tmp.write("a.xml.gz", testing::ten_word_corpus_gz(1, 5)),
                                tmp.write("b.xml.gz", testing::ten_word_corpus_gz(6, 5)),
                                tmp.write("c.xml.gz", testing::ten_word_corpus_gz(11, 5))},
                               nullptr, nullptr);
  const store::Manifest manifest = IndexReader(dir).manifest();
  ASSERT_EQ(manifest.segments.size(), 3u);
  std::ofstream(partial_vectors_path(dir, manifest.segments[0].name, 0)) << "rows";
  std::ofstream(partial_vectors_path(dir, manifest.segments[1].name, 16)) << "rows";
  std::ofstream(partial_vectors_meta_path(dir, manifest.segments[2].name)) << "{}";
  EXPECT_EQ(merge_groups(dir, manifest), (std::vector<int>{-1, -1, 0}));
}

}  // namespace
}  // namespace medsearch::engine
