#include <gtest/gtest.h>

#include <filesystem>

#include "medsearch/core/error.hpp"
#include "medsearch/store/deletion_set.hpp"
#include "medsearch/store/doc_columns.hpp"
#include "medsearch/store/id_map.hpp"
#include "medsearch/store/index_lock.hpp"
#include "medsearch/store/manifest.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::store {
namespace {

using medsearch::testing::TempDir;

TEST(IdMap, FindsEveryIdIncludingDuplicatesAndMisses) {
  TempDir dir;
  IdMapWriter writer;
  writer.add("30000", 0);
  writer.add("9", 1);
  writer.add("MED-10", 2);
  writer.add("30000", 3);  // a second version in the same segment
  writer.write(dir.file("m.ids"));
  IdMapReader reader(dir.file("m.ids"));
  EXPECT_EQ(reader.size(), 4u);
  EXPECT_EQ(reader.find("30000"), (std::vector<std::uint32_t>{0, 3}));
  EXPECT_EQ(reader.find("9"), (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(reader.find("MED-10"), (std::vector<std::uint32_t>{2}));
  EXPECT_TRUE(reader.find("3000").empty());
  EXPECT_TRUE(reader.find("").empty());
  EXPECT_TRUE(reader.find("zzz").empty());
  EXPECT_EQ(reader.id_of(0), "30000");
  EXPECT_EQ(reader.id_of(1), "9");
  EXPECT_EQ(reader.id_of(2), "MED-10");
  EXPECT_EQ(reader.id_of(3), "30000");
}

TEST(IdMap, EmptyMap) {
  TempDir dir;
  IdMapWriter().write(dir.file("e.ids"));
  EXPECT_TRUE(IdMapReader(dir.file("e.ids")).find("1").empty());
}

TEST(DocColumns, RoundTripsAttributes) {
  TempDir dir;
  std::vector<DocAttributes> rows(3);
  rows[0].year = 1998;
  rows[0].month = 12;
  rows[0].flags = kFlagHasAbstract;
  rows[0].strings[static_cast<int>(StringColumn::Journal)] = {"J Biol Chem"};
  rows[0].strings[static_cast<int>(StringColumn::Language)] = {"eng", "fre"};
  rows[0].strings[static_cast<int>(StringColumn::MeshUi)] = {"D006801", "D000001"};
  rows[2].year = 2020;
  rows[2].strings[static_cast<int>(StringColumn::Language)] = {"eng"};
  rows[2].strings[static_cast<int>(StringColumn::PublicationType)] = {"Review"};
  DocColumnsWriter writer;
  for (const auto& r : rows) writer.add(r);
  writer.write(dir.file("c.cols"));
  DocColumnsReader reader(dir.file("c.cols"));
  ASSERT_EQ(reader.size(), 3u);
  for (std::uint32_t i = 0; i < 3; ++i) EXPECT_EQ(reader.attributes(i), rows[i]) << i;
  EXPECT_EQ(reader.strings(StringColumn::Language, 2), (std::vector<std::string_view>{"eng"}));
}

TEST(DeletionSet, InsertContainsCountAndPersist) {
  TempDir dir;
  DeletionSet set;
  EXPECT_TRUE(set.insert(5));
  EXPECT_FALSE(set.insert(5));
  EXPECT_TRUE(set.insert(130));
  EXPECT_TRUE(set.contains(5));
  EXPECT_FALSE(set.contains(6));
  EXPECT_FALSE(set.contains(100000));
  set.save(dir.file("d.bits"));
  const DeletionSet loaded = DeletionSet::load(dir.file("d.bits"));
  EXPECT_EQ(loaded.count(), 2u);
  EXPECT_TRUE(loaded.contains(130));
  EXPECT_FALSE(loaded.contains(129));
}

TEST(Manifest, AbsentIsNulloptAndRoundTrips) {
  TempDir dir;
  EXPECT_FALSE(load_manifest(dir.path()).has_value());
  Manifest m;
  m.generation = 3;
  m.segments = {{"seg-000001", 0, 10}, {"seg-000003", 10, 5}};
  m.deletions_file = "deleted-000003.bits";
  m.doc_count = 15;
  m.live_count = 12;
  m.totals.replacements = 2;
  m.totals.skipped["missing-pmid"] = 1;
  m.files = {{"a.xml.gz", 100, 10, 0, 1}};
  save_manifest(dir.path(), m);
  const auto loaded = load_manifest(dir.path());
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->segments.size(), 2u);
  EXPECT_EQ(loaded->segments[1].doc_base, 10u);
  EXPECT_EQ(loaded->totals.skipped.at("missing-pmid"), 1u);
  EXPECT_EQ(loaded->files[0].name, "a.xml.gz");
  EXPECT_FALSE(loaded->updated_utc.empty());
  EXPECT_FALSE(std::filesystem::exists(dir.file("manifest.json.tmp")));
}

TEST(Manifest, OtherVersionIsVersionMismatch) {
  TempDir dir;
  dir.write("manifest.json", R"({"format_version": 99})");
  try {
    load_manifest(dir.path());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::VersionMismatch);
  }
  dir.write("manifest.json", "{not json");
  EXPECT_THROW(load_manifest(dir.path()), Error);
}

TEST(IndexLock, SecondWriterIsRefused) {
  TempDir dir;
  IndexLock first(dir.path());
  // flock locks are per open file description: a second open in this process conflicts too.
  try {
    IndexLock second(dir.path());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Unavailable);
  }
}

}  // namespace
}  // namespace medsearch::store

namespace medsearch::store {
namespace {

TEST(IdMap, NumericIdsSortNumericallyAndRangeTestWorks) {
  EXPECT_TRUE(id_less("9", "10"));
  EXPECT_TRUE(id_less("10", "11"));
  EXPECT_FALSE(id_less("10", "10"));
  medsearch::testing::TempDir dir;
  IdMapWriter writer;
  for (std::uint32_t pmid = 95; pmid <= 105; ++pmid) writer.add(std::to_string(pmid), pmid - 95);
  writer.write(dir.file("r.ids"));
  IdMapReader reader(dir.file("r.ids"));
  EXPECT_EQ(reader.id_at(0), "95");
  EXPECT_EQ(reader.id_at(10), "105");
  EXPECT_TRUE(reader.in_range("100"));
  EXPECT_FALSE(reader.in_range("94"));
  EXPECT_FALSE(reader.in_range("106"));
  EXPECT_FALSE(reader.in_range("1000"));
  EXPECT_EQ(reader.find("99"), (std::vector<std::uint32_t>{4}));
}

}  // namespace
}  // namespace medsearch::store
