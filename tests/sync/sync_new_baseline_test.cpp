// A new yearly baseline (pubmed26 → pubmed27): built beside the current index, which keeps
// serving until the new one is complete; then ROOT/current switches; the next run removes
// the old generation. Synthetic files (no ../shared needed).
#include <gtest/gtest.h>

#include <filesystem>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/index_root.hpp"
#include "medsearch/engine/search/judged_queries.hpp"
#include "medsearch/engine/sync/syncer.hpp"
#include "mirror_server.hpp"
#include "sync_fixture.hpp"

namespace medsearch::testing {
namespace {

FixtureCitation citation(const std::string& pmid, const std::string& title) { return {.pmid = pmid, .title = title}; }

engine::sync::SyncSummary sync(const std::string& root, const std::string& source) {
  engine::sync::SyncOptions options;
  options.root = root;
  options.source = source;
  options.mirror.retry_wait_ms = 10;
  return engine::sync::run_sync(options, {});
}

std::vector<std::string> live_ids(const std::string& dir) {
  std::vector<std::string> ids;
  const engine::IndexReader reader(dir);
  for (std::uint32_t d = 0; d < reader.doc_count(); ++d) {
    if (reader.is_live(DocId(d))) ids.push_back(reader.external_id(DocId(d)));
  }
  return ids;
}

TEST(SyncNewBaseline, BuildsBesideTheServingIndexSwitchesWhenCompleteAndRemovesTheOldOneNextRun) {
  TempDir tmp;
  const std::string mirror = tmp.file("mirror");
  const std::string root = tmp.file("root");
  put_mirror_file(mirror, "baseline/pubmed26n0001.xml.gz",
                  gzip(pubmed_xml({citation("1", "one"), citation("2", "two"), citation("3", "three")})));
  put_mirror_file(mirror, "updatefiles/pubmed26n0002.xml.gz", gzip(pubmed_xml({citation("2", "two revised")}, {"3"})));
  MirrorServer server(mirror);
  const auto first = sync(root, server.url());
  EXPECT_TRUE(first.switched);
  EXPECT_EQ(engine::current_generation(root), "pubmed26");
  EXPECT_EQ(live_ids(root), (std::vector<std::string>{"1", "2"}));
  std::ofstream(root + "/pubmed26/ranking.json") << R"({"mode": "bm25"})";
  engine::save_judged_queries(root + "/pubmed26", {{}, {{"j1", "ten eleven", {{"10", 2}}}}});

  // NLM publishes pubmed27; its second file's .md5 is not there yet.
  put_mirror_file(mirror, "baseline/pubmed27n0001.xml.gz", gzip(pubmed_xml({citation("10", "ten")})));
  put_mirror_file(mirror, "baseline/pubmed27n0002.xml.gz", gzip(pubmed_xml({citation("11", "eleven")})));
  std::filesystem::remove(mirror + "/baseline/pubmed27n0002.xml.gz.md5");
  const auto partial = sync(root, server.url());
  EXPECT_TRUE(partial.plan.new_series);
  EXPECT_FALSE(partial.complete());
  EXPECT_FALSE(partial.switched);
  EXPECT_EQ(partial.files_applied, 1u);
  EXPECT_EQ(engine::current_generation(root), "pubmed26");  // the old index keeps serving
  EXPECT_EQ(live_ids(root), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(live_ids(root + "/pubmed27"), (std::vector<std::string>{"10"}));

  put_mirror_file(mirror, "baseline/pubmed27n0002.xml.gz", gzip(pubmed_xml({citation("11", "eleven")})));
  const auto done = sync(root, server.url());
  EXPECT_TRUE(done.complete());
  EXPECT_TRUE(done.switched);
  EXPECT_EQ(done.files_applied, 1u);
  EXPECT_EQ(engine::current_generation(root), "pubmed27");
  EXPECT_EQ(live_ids(root), (std::vector<std::string>{"10", "11"}));
  EXPECT_TRUE(std::filesystem::exists(root + "/pubmed27/ranking.json"));  // the tuned ranking carried over
  const auto judged = engine::load_judged_queries(root + "/pubmed27");    // and the judged queries
  ASSERT_TRUE(judged.has_value());
  ASSERT_EQ(judged->queries.size(), 1u);
  EXPECT_EQ(judged->queries[0].relevant, (std::vector<std::pair<std::string, int>>{{"10", 2}}));
  EXPECT_TRUE(std::filesystem::exists(root + "/pubmed26"));  // until the next run: a server may still read it

  const auto next = sync(root, server.url());
  EXPECT_EQ(next.removed_generations, (std::vector<std::string>{"pubmed26"}));
  EXPECT_FALSE(std::filesystem::exists(root + "/pubmed26"));
  EXPECT_EQ(next.files_applied, 0u);
}

TEST(SyncNewBaseline, AMirrorOlderThanTheIndexIsRefused) {
  TempDir tmp;
  const std::string root = tmp.file("root");
  put_mirror_file(tmp.file("new"), "baseline/pubmed26n0001.xml.gz", gzip(pubmed_xml({citation("1", "one")})));
  put_mirror_file(tmp.file("old"), "baseline/pubmed25n0001.xml.gz", gzip(pubmed_xml({citation("1", "one")})));
  sync(root, tmp.file("new"));
  try {
    sync(root, tmp.file("old"));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("its newest baseline is pubmed25, older than the index's pubmed26"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace medsearch::testing
