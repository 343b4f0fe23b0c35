// distributed_ingest's checks before any rank stages a file, run with the one-process
// communicator (the MPI runs themselves: tests/mpi/).
#include <gtest/gtest.h>

#include <filesystem>

#include "medsearch/cluster/communicator.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/distributed_ingest.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

TEST(DistributedIngest, TwoPathsWithOneFileNameAreRefusedBeforeAnythingIsStaged) {
  testing::TempDir tmp;
  std::filesystem::create_directories(tmp.file("a"));
  std::filesystem::create_directories(tmp.file("b"));
  const std::string first = tmp.write("a/pubmed26n0001.xml", testing::pubmed_xml({{"1", "Asthma in children"}}));
  const std::string second = tmp.write("b/pubmed26n0001.xml", testing::pubmed_xml({{"2", "Heart failure"}, {"3", "Stroke"}}));
  const auto comm = cluster::solo_communicator();
  try {
    distributed_ingest(tmp.file("idx"), {first, second}, IngestOptions{}, *comm, {}, {}, nullptr);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    const std::string message = e.what();
    EXPECT_NE(message.find(first), std::string::npos) << message;
    EXPECT_NE(message.find(second), std::string::npos) << message;
  }
  EXPECT_FALSE(std::filesystem::exists(tmp.file("idx/ingest-staging"))) << "nothing staged";
  // The same path twice is one file (the indexer applies it once), not a clash.
  const IngestSummary once = distributed_ingest(tmp.file("idx"), {first, first}, IngestOptions{}, *comm, {}, {}, nullptr);
  EXPECT_EQ(once.files_applied, 1u);
  EXPECT_EQ(once.live_count, 1u);
}

}  // namespace
}  // namespace medsearch::engine
