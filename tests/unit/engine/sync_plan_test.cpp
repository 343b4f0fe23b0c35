// NLM's names, listings and .md5 files, and the sync plan (pure functions).
#include <gtest/gtest.h>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/sync/md5.hpp"
#include "medsearch/engine/sync/nlm_files.hpp"
#include "medsearch/engine/sync/sync_plan.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine::sync {
namespace {

TEST(NlmFiles, ParsesDataFileNamesAndRejectsTheRest) {
  const auto f = parse_nlm_file_name("pubmed26n1335.xml.gz");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->series, "pubmed26");
  EXPECT_EQ(f->year, 26);
  EXPECT_EQ(f->number, 1335u);
  EXPECT_EQ(parse_nlm_file_name("medline16n0902.xml.gz")->series, "medline16");
  for (const char* other : {"pubmed26n0001.xml.gz.md5", "README.txt", "pubmed26n001.xml.gz", "pubmed26n0001.xml",
                            "Pubmed26n0001.xml.gz", "pubmedn0001.xml.gz", "stats.html", ""}) {
    EXPECT_FALSE(parse_nlm_file_name(other)) << other;
  }
}

TEST(NlmFiles, ReadsAnApacheListing) {
  const std::string html = R"(<html><head><title>Index of /pubmed/baseline</title></head><body>
<h1>Index of /pubmed/baseline</h1><pre><a href="?C=N;O=D">Name</a> <a href="?C=M;O=A">Last modified</a>
<hr><a href="/pubmed/">Parent Directory</a>                             -
<a href="README.txt">README.txt</a>                      2025-12-10 14:21  2.1K
<a href="pubmed26n0001.xml.gz">pubmed26n0001.xml.gz</a>            2025-12-10 14:35   18M
<a href="pubmed26n0001.xml.gz.md5">pubmed26n0001.xml.gz.md5</a>        2025-12-10 14:35   60
<A HREF='/pubmed/baseline/pubmed26n0002.xml.gz'>x</A> <a href=pubmed%32%36n0003.xml.gz>y</a>
<a href="subdir/">subdir/</a></pre></body></html>)";
  EXPECT_EQ(parse_listing(html), (std::vector<std::string>{"README.txt", "pubmed26n0001.xml.gz", "pubmed26n0001.xml.gz.md5",
                                                           "pubmed26n0002.xml.gz", "pubmed26n0003.xml.gz"}));
}

TEST(NlmFiles, ReadsMd5FilesInNlmsAndMd5sumsForm) {
  const std::string hex = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  EXPECT_EQ(parse_md5_file("MD5(pubmed26n0001.xml.gz)= " + hex + "\n"), hex);
  EXPECT_EQ(parse_md5_file("0A1B2C3D4E5F60718293A4B5C6D7E8F9  pubmed26n0001.xml.gz\n"), hex);
  EXPECT_FALSE(parse_md5_file("<html>404 Not Found</html>"));
  EXPECT_FALSE(parse_md5_file(hex + "00"));  // 34 digits: not an MD5
}

TEST(Md5, MatchesTheRfc1321TestVector) {
  testing::TempDir tmp;
  EXPECT_EQ(md5_of_file(tmp.write("abc", "abc")), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5_of_file(tmp.write("empty", "")), "d41d8cd98f00b204e9800998ecf8427e");
}

std::vector<std::string> with_md5(std::vector<std::string> names) {
  const std::size_t n = names.size();
  for (std::size_t i = 0; i < n; ++i) names.push_back(names[i] + ".md5");
  return names;
}

std::vector<std::string> paths(const SyncPlan& plan) {
  std::vector<std::string> out;
  for (const PlannedFile& f : plan.todo) out.push_back(f.path());
  return out;
}

TEST(SyncPlan, BaselineThenUpdatesByNumberWhateverTheListingOrder) {
  const auto plan = plan_sync(with_md5({"pubmed26n0002.xml.gz", "README.txt", "pubmed26n0001.xml.gz"}),
                              with_md5({"pubmed26n0004.xml.gz", "pubmed26n0003.xml.gz", "pubmed25n1300.xml.gz"}), "", {});
  EXPECT_EQ(plan.series, "pubmed26");
  EXPECT_TRUE(plan.new_series);
  EXPECT_EQ(paths(plan), (std::vector<std::string>{"baseline/pubmed26n0001.xml.gz", "baseline/pubmed26n0002.xml.gz",
                                                   "updatefiles/pubmed26n0003.xml.gz", "updatefiles/pubmed26n0004.xml.gz"}));
  EXPECT_FALSE(plan.held_back);
}

TEST(SyncPlan, SkipsAppliedFilesAndHoldsBackAtAMissingMd5OrAGap) {
  const std::vector<std::string> baseline = with_md5({"pubmed26n0001.xml.gz", "pubmed26n0002.xml.gz"});
  auto plan = plan_sync(baseline, with_md5({"pubmed26n0003.xml.gz"}), "pubmed26", {"pubmed26n0001.xml.gz"});
  EXPECT_FALSE(plan.new_series);
  EXPECT_EQ(plan.already_applied, 1u);
  EXPECT_EQ(paths(plan), (std::vector<std::string>{"baseline/pubmed26n0002.xml.gz", "updatefiles/pubmed26n0003.xml.gz"}));

  plan = plan_sync(baseline, {"pubmed26n0003.xml.gz", "pubmed26n0004.xml.gz", "pubmed26n0004.xml.gz.md5"}, "pubmed26", {});
  EXPECT_EQ(plan.todo.size(), 2u);
  EXPECT_EQ(plan.held_back, "pubmed26n0003.xml.gz has no .md5 listed yet");

  plan = plan_sync(baseline, with_md5({"pubmed26n0003.xml.gz", "pubmed26n0005.xml.gz"}), "pubmed26", {});
  EXPECT_EQ(plan.todo.size(), 3u);
  EXPECT_EQ(plan.held_back, "file number 4 of pubmed26 is not listed (before pubmed26n0005.xml.gz)");

  plan = plan_sync(with_md5({"pubmed26n0002.xml.gz"}), {}, "", {});
  EXPECT_TRUE(plan.todo.empty());
  EXPECT_EQ(plan.held_back, "file number 1 of pubmed26 is not listed (before pubmed26n0002.xml.gz)");
}

TEST(SyncPlan, TheNewestBaselineSeriesIsTheTarget) {
  const auto plan = plan_sync(with_md5({"pubmed26n0001.xml.gz", "pubmed27n0001.xml.gz"}), with_md5({"pubmed26n0002.xml.gz"}),
                              "pubmed26", {"pubmed26n0001.xml.gz"});
  EXPECT_EQ(plan.series, "pubmed27");
  EXPECT_TRUE(plan.new_series);
  EXPECT_EQ(plan.already_applied, 0u);  // `applied` is read from the target's manifest by the caller
  EXPECT_EQ(paths(plan), (std::vector<std::string>{"baseline/pubmed27n0001.xml.gz"}));
  EXPECT_THROW(plan_sync({"README.txt"}, {}, "", {}), Error);
}

}  // namespace
}  // namespace medsearch::engine::sync
