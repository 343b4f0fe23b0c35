// Reads NLM's real sample files from ../shared (skipped with a message when absent).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "medsearch/ingest/pubmed_reader.hpp"
#include "support/require_shared.hpp"

namespace medsearch::ingest {
namespace {

std::string shared_file(const std::string& name) {
  return std::string(MEDSEARCH_SHARED_DIR) + "/data/pubmed/" + name;
}

struct Counts {
  std::size_t articles = 0;
  std::size_t deletions = 0;
  std::size_t skipped = 0;
  std::size_t empty_ids = 0;
  std::size_t with_abstract = 0;
  std::size_t with_year = 0;
  std::string first_id;
};

Counts count(const std::string& path) {
  PubmedReader reader(path);
  Counts c;
  Record r;
  while (reader.next(r)) {
    if (r.kind == RecordKind::Article) {
      if (c.articles++ == 0) c.first_id = r.article.id;
      c.empty_ids += r.article.id.empty();
      c.with_abstract += r.article.has_abstract();
      c.with_year += r.article.pub_year != 0;
    } else if (r.kind == RecordKind::Deletion) {
      ++c.deletions;
    } else {
      ++c.skipped;
      ADD_FAILURE() << r.skipped.reason << ": " << r.skipped.detail;
    }
  }
  const ReadProgress progress = reader.progress();
  EXPECT_EQ(progress.compressed_bytes, progress.file_bytes) << path;
  return c;
}

TEST(RealPubmedFiles, PubmedSample2018Has177Articles) {
  const std::string p = shared_file("pubmedsample18n0001.xml.gz");
  REQUIRE_SHARED(p);
  const Counts c = count(p);
  EXPECT_EQ(c.articles, 177u);
  EXPECT_EQ(c.empty_ids, 0u);
  EXPECT_EQ(c.deletions, 0u);
  EXPECT_EQ(c.with_year, 177u);
  EXPECT_EQ(c.with_abstract, 109u);  // 109 <Abstract> elements in the file
}

TEST(RealPubmedFiles, MedlineSample2017WithBomAndDeletions) {
  const std::string p = shared_file("medsamp2017.xml");
  REQUIRE_SHARED(p);
  const Counts c = count(p);
  EXPECT_EQ(c.articles, 95u);
  EXPECT_EQ(c.deletions, 7u);
  EXPECT_EQ(c.first_id, "10389168");
}

TEST(RealPubmedFiles, MedlineSample2014OldDtd) {
  const std::string p = shared_file("medsamp2014.xml.gz");
  REQUIRE_SHARED(p);
  const Counts c = count(p);
  EXPECT_EQ(c.articles, 161u);
  EXPECT_EQ(c.first_id, "10540283");
}

TEST(RealPubmedFiles, Medline2016UpdateFile) {
  const std::string p = shared_file("medline16n0902.xml.gz");
  REQUIRE_SHARED(p);
  const Counts c = count(p);
  EXPECT_EQ(c.articles, 604u);
  EXPECT_EQ(c.deletions, 1u);
  EXPECT_EQ(c.empty_ids, 0u);
}

TEST(RealPubmedFiles, EfetchRecordWithReferences) {
  const std::string p = shared_file("pubmed-29768149.xml");
  REQUIRE_SHARED(p);
  PubmedReader reader(p);
  Record r;
  ASSERT_TRUE(reader.next(r));
  ASSERT_EQ(r.kind, RecordKind::Article);
  EXPECT_EQ(r.article.id, "29768149");
  EXPECT_EQ(r.article.journal.title, "The New England journal of medicine");
  EXPECT_EQ(r.article.pub_date, "2018 05 17");
  EXPECT_EQ(r.article.pub_month, 5);
  EXPECT_EQ(r.article.date_completed, "2018-05-24");
  EXPECT_EQ(r.article.date_revised, "2022-04-10");
  EXPECT_FALSE(reader.next(r));
}

}  // namespace
}  // namespace medsearch::ingest
