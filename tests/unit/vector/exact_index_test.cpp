#include "medsearch/vector/exact_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "medsearch/core/error.hpp"
#include "medsearch/vector/half.hpp"
#include "support/temp_dir.hpp"
#include "unit/vector/clustered_vectors.hpp"

namespace medsearch::vector {
namespace {

using medsearch::testing::TempDir;

// Every (id, score) by a plain loop, best first, cut to k.
RankedList naive(const std::vector<float>& rows, std::size_t dim, std::uint32_t first_id,
                             const float* query, std::size_t k, const DocSet* filter) {
  RankedList all;
  for (std::size_t i = 0; i < rows.size() / dim; ++i) {
    const auto id = static_cast<std::uint32_t>(first_id + i);
    if (filter != nullptr && !filter->contains(DocId(id))) continue;
    all.push_back({DocId(id), inner_product(query, rows.data() + i * dim, dim)});
  }
  sort_best_first(all);
  if (all.size() > k) all.resize(k);
  return all;
}

void expect_same(const RankedList& got, const RankedList& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].doc, want[i].doc) << "rank " << i;
    EXPECT_EQ(got[i].score, want[i].score) << "rank " << i;
  }
}

class ExactIndexTest : public ::testing::Test {
 protected:
  static constexpr std::size_t kDim = 24;
  void SetUp() override {
    testing::ClusteredVectors gen(kDim, 20, 11);
    matrix_ = gen.rows(1200);
    const auto file_rows = gen.rows(800);
    VectorFileWriter writer(dir_.file("seg.vec"), kDim, "m");
    writer.append(file_rows.data(), 800);
    writer.finish();
    // The file's rows as the index sees them: dequantised fp16.
    dequantised_.resize(file_rows.size());
    for (std::size_t i = 0; i < file_rows.size(); ++i) dequantised_[i] = half_to_float(float_to_half(file_rows[i]));
    queries_ = gen.rows(20);
    index_.add_file(std::make_shared<VectorFile>(dir_.file("seg.vec")), DocId(5000));  // ids 5000..5799
    index_.add_matrix(matrix_.data(), 1200, DocId(0));                                // ids 0..1199
  }
  // The naive answer over both sources.
  RankedList expected(const float* query, std::size_t k, const DocSet* filter) const {
    auto hits = naive(matrix_, kDim, 0, query, k, filter);
    const auto more = naive(dequantised_, kDim, 5000, query, k, filter);
    hits.insert(hits.end(), more.begin(), more.end());
    sort_best_first(hits);
    if (hits.size() > k) hits.resize(k);
    return hits;
  }

  TempDir dir_;
  std::vector<float> matrix_, dequantised_, queries_;
  ExactIndex index_{kDim};
};

TEST_F(ExactIndexTest, MatchesANaiveLoop) {
  EXPECT_EQ(index_.size(), 2000u);
  EXPECT_EQ(index_.dim(), kDim);
  for (std::size_t q = 0; q < 20; ++q) {
    const float* query = queries_.data() + q * kDim;
    expect_same(index_.search(query, 10, nullptr), expected(query, 10, nullptr));
  }
  EXPECT_EQ(index_.search(queries_.data(), 5000, nullptr).size(), 2000u);
  EXPECT_TRUE(index_.search(queries_.data(), 0, nullptr).empty());
}

TEST_F(ExactIndexTest, FilterAllowsOnlyItsIds) {
  // Every third id, and nothing past 5400 (the bitmap ends there).
  const auto words = testing::filter_words(5400, [](std::uint32_t id) { return id % 3 == 0; });
  const DocSet& filter = words;
  for (std::size_t q = 0; q < 20; ++q) {
    const float* query = queries_.data() + q * kDim;
    const auto hits = index_.search(query, 50, &filter);
    for (const auto& h : hits) EXPECT_TRUE(h.doc.value % 3 == 0 && h.doc.value < 5400) << h.doc.value;
    expect_same(hits, expected(query, 50, &filter));
  }
  const DocSet empty(6400);
  EXPECT_TRUE(index_.search(queries_.data(), 10, &empty).empty());
}

TEST_F(ExactIndexTest, CandidatesEqualAFilteredSearch) {
  const std::vector<DocId> candidates = {DocId(5799), DocId(7),    DocId(7),    DocId(1199), DocId(5000),
                                         DocId(123456), DocId(42), DocId(1200), DocId(5321), DocId(3)};
  const auto words = testing::filter_words(6000, [&](std::uint32_t id) {
    return std::find(candidates.begin(), candidates.end(), DocId(id)) != candidates.end();
  });
  const DocSet& filter = words;
  for (std::size_t q = 0; q < 20; ++q) {
    const float* query = queries_.data() + q * kDim;
    const auto hits = index_.search_candidates(query, 5, candidates);
    expect_same(hits, index_.search(query, 5, &filter));
    EXPECT_EQ(index_.search_candidates(query, 100, candidates).size(), 7u);  // duplicates, unknown ids dropped
  }
}

TEST_F(ExactIndexTest, VectorOfReturnsTheStoredRow) {
  std::vector<float> v(kDim);
  ASSERT_TRUE(index_.vector_of(DocId(5001), v.data()));
  EXPECT_TRUE(std::equal(v.begin(), v.end(), dequantised_.begin() + kDim));
  ASSERT_TRUE(index_.vector_of(DocId(1199), v.data()));
  EXPECT_TRUE(std::equal(v.begin(), v.end(), matrix_.begin() + 1199 * kDim));
  EXPECT_FALSE(index_.vector_of(DocId(1200), v.data()));
  EXPECT_FALSE(index_.vector_of(DocId(5800), v.data()));
}

TEST_F(ExactIndexTest, RejectsOverlapsAndOtherDimensions) {
  EXPECT_THROW(index_.add_matrix(matrix_.data(), 10, DocId(1195)), Error);
  EXPECT_THROW(index_.add_matrix(matrix_.data(), 10, DocId(4995)), Error);
  EXPECT_THROW(index_.add_matrix(matrix_.data(), 2, DocId(0xffffffffu)), Error);
  index_.add_matrix(matrix_.data(), 10, DocId(1200));  // adjacent is fine
  EXPECT_EQ(index_.size(), 2010u);

  VectorFileWriter writer(dir_.file("other.vec"), kDim + 1, "m");
  writer.finish();
  EXPECT_THROW(index_.add_file(std::make_shared<VectorFile>(dir_.file("other.vec")), DocId(9000)), Error);
}

}  // namespace
}  // namespace medsearch::vector
