// `medsearch embed` then `search --mode dense|hybrid` through the real binary, with the
// default model and with a BERT model directory (the tiny fixture model).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch {
namespace {

using medsearch::testing::CliRun;
using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;

CliRun run(const std::string& args) { return medsearch::testing::run_cli(args, /*with_stderr=*/false); }

std::string corpus_xml() {
  std::vector<FixtureCitation> docs;
  const char* cardio[] = {"statin therapy after myocardial infarction", "coronary artery disease and cholesterol",
                          "cardiac arrest outcomes", "heart failure with reduced ejection fraction"};
  const char* neuro[] = {"seizure control in epilepsy", "dementia and cognitive decline", "stroke rehabilitation of the brain",
                         "hippocampus and memory"};
  for (int i = 0; i < 40; ++i) {
    const std::string topic = i % 2 == 0 ? cardio[i / 2 % 4] : neuro[i / 2 % 4];
    docs.push_back({std::to_string(100 + i), "Study " + std::to_string(i) + ": " + topic, 2000 + i % 10, "eng",
                    "We report on " + topic + " in patients; " + topic + " was the main outcome."});
  }
  return pubmed_xml(docs);
}

TEST(CliDense, EmbedWithTheDefaultModelThenHybridSearch) {
  TempDir tmp;
  const std::string idx = tmp.file("idx");
  ASSERT_EQ(run("ingest --index " + idx + " " + tmp.write("a.xml", corpus_xml())).exit_code, 0);

  const CliRun dense_before = run("search --index " + idx + " --mode dense epilepsy");
  EXPECT_EQ(dense_before.exit_code, 1) << "no vectors yet";

  const CliRun embed = run("embed --index " + idx + " --threads 1 --dim 16 --epochs 5 --min-count 1");
  ASSERT_EQ(embed.exit_code, 0) << embed.out;
  const auto summary = nlohmann::json::parse(embed.out);
  EXPECT_EQ(summary["documents_encoded"], 40);
  EXPECT_EQ(summary["trained"], true);

  for (const char* mode : {"dense", "hybrid"}) {
    const CliRun search = run("search --index " + idx + " --mode " + std::string(mode) + " --k 5 --format json 'seizure epilepsy'");
    ASSERT_EQ(search.exit_code, 0) << search.out;
    const auto response = nlohmann::json::parse(search.out);
    ASSERT_EQ(response["hits"].size(), 5u) << mode;
  }
  const CliRun stats = run("stats --index " + idx);
  EXPECT_EQ(nlohmann::json::parse(stats.out)["dense"]["dim"], 16);

  // Running embed again re-encodes nothing.
  const CliRun again = run("embed --index " + idx + " --threads 1");
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(again.out)["documents_encoded"], 0);
}

TEST(CliDense, EmbedWithABertModelDirectory) {
  TempDir tmp;
  const std::string idx = tmp.file("idx");
  ASSERT_EQ(run("ingest --index " + idx + " " + tmp.write("a.xml", corpus_xml())).exit_code, 0);
  const std::string model = std::string(MEDSEARCH_TESTS_DIR) + "/data/encoder/bert-tiny";
  const CliRun embed = run("embed --index " + idx + " --threads 1 --model " + model + " --index-type HNSW16");
  ASSERT_EQ(embed.exit_code, 0) << embed.out;
  const auto summary = nlohmann::json::parse(embed.out);
  EXPECT_EQ(summary["documents_encoded"], 40);
  EXPECT_EQ(summary["index_type"], "HNSW16");
  const CliRun search = run("search --index " + idx + " --mode dense --k 3 --format json stroke");
  ASSERT_EQ(search.exit_code, 0) << search.out;
  EXPECT_EQ(nlohmann::json::parse(search.out)["hits"].size(), 3u);

  const CliRun missing = run("embed --index " + idx + " --model " + tmp.file("no-such-model"));
  EXPECT_NE(missing.exit_code, 0);
  const CliRun bad_factory = run("embed --index " + idx + " --model " + model + " --index-type Bogus99");
  EXPECT_NE(bad_factory.exit_code, 0);
}

}  // namespace
}  // namespace medsearch
