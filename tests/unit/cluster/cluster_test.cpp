// cluster/: the share plan (longest first to the least-loaded rank) against an exhaustive
// search of the best split on small inputs, the solo group, and how a launcher is detected.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>

#include "medsearch/cluster/collective.hpp"
#include "medsearch/cluster/communicator.hpp"
#include "medsearch/cluster/share_plan.hpp"

namespace medsearch::cluster {
namespace {

std::uint64_t makespan(const std::vector<std::uint64_t>& sizes, const std::vector<int>& owner, int ranks) {
  std::vector<std::uint64_t> load(static_cast<std::size_t>(ranks), 0);
  for (std::size_t i = 0; i < sizes.size(); ++i) load[static_cast<std::size_t>(owner[i])] += sizes[i];
  return *std::max_element(load.begin(), load.end());
}

// The best makespan over every assignment (ranks^n of them).
std::uint64_t best_makespan(const std::vector<std::uint64_t>& sizes, int ranks) {
  std::vector<int> owner(sizes.size(), 0);
  std::uint64_t best = UINT64_MAX;
  for (;;) {
    best = std::min(best, makespan(sizes, owner, ranks));
    std::size_t i = 0;
    while (i < owner.size() && ++owner[i] == ranks) owner[i++] = 0;
    if (i == owner.size()) return best;
  }
}

TEST(SharePlan, WithinFourThirdsOfTheBestSplit) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    const int ranks = 2 + trial % 3;
    std::vector<std::uint64_t> sizes(1 + rng() % 8);
    for (auto& s : sizes) s = 1 + rng() % 100;
    const std::vector<int> owner = assign_by_size(sizes, ranks);
    ASSERT_EQ(owner.size(), sizes.size());
    for (const int o : owner) ASSERT_TRUE(o >= 0 && o < ranks);
    // Graham (1969): LPT's makespan <= (4/3 - 1/(3m)) of the optimum.
    EXPECT_LE(3 * ranks * makespan(sizes, owner, ranks), (4 * ranks - 1) * best_makespan(sizes, ranks)) << trial;
    EXPECT_EQ(assign_by_size(sizes, ranks), owner) << "the same plan on every rank";
  }
}

TEST(SharePlan, OneRankTakesEverythingAndTiesGoToLowerRanks) {
  EXPECT_EQ(assign_by_size({5, 3, 9}, 1), (std::vector<int>{0, 0, 0}));
  EXPECT_EQ(assign_by_size({4, 4, 4, 4}, 2), (std::vector<int>{0, 1, 0, 1}));
  EXPECT_EQ(assign_by_size({}, 3), std::vector<int>{});
  EXPECT_EQ(assign_by_size({10, 1, 1, 8}, 2), (std::vector<int>{0, 1, 1, 1}));
}

TEST(Communicator, SoloGroupIsRankZeroOfOne) {
  auto solo = solo_communicator();
  EXPECT_EQ(solo->rank(), 0);
  EXPECT_EQ(solo->size(), 1);
  std::string bytes = "x";
  solo->broadcast(bytes, 0);
  EXPECT_EQ(bytes, "x");
  EXPECT_EQ(solo->sum(41), 41u);
  EXPECT_TRUE(solo->any(true));
  EXPECT_EQ(broadcast_result(*solo, 0, [] { return std::string("plan"); }), "plan");
  EXPECT_THROW(broadcast_result(*solo, 0, []() -> std::string { throw Error(ErrorCode::NotFound, "gone"); }), Error);
  EXPECT_THROW(run_on_every_rank(*solo, "phase", [] { throw Error(ErrorCode::Io, "disk"); }), Error);
}

TEST(Communicator, LauncherDetectedFromTheEnvironment) {
  ::unsetenv("OMPI_COMM_WORLD_SIZE");
  ::unsetenv("PMIX_RANK");
  ::unsetenv("SLURM_NTASKS");
  EXPECT_EQ(launcher_world_size(), 0);
  EXPECT_EQ(open_world()->size(), 1) << "no launcher: one process, MPI not initialised";
  ::setenv("OMPI_COMM_WORLD_SIZE", "1", 1);
  EXPECT_EQ(launcher_world_size(), 1);
  EXPECT_EQ(open_world()->size(), 1) << "mpirun -np 1: one process";
  ::setenv("OMPI_COMM_WORLD_SIZE", "4", 1);
  EXPECT_EQ(launcher_world_size(), 4);
  ::unsetenv("OMPI_COMM_WORLD_SIZE");
  ::setenv("PMIX_RANK", "0", 1);
  ::setenv("SLURM_NTASKS", "16", 1);
  EXPECT_EQ(launcher_world_size(), 16);
  ::unsetenv("PMIX_RANK");
  ::unsetenv("SLURM_NTASKS");
  if (!built_with_mpi()) {
    ::setenv("OMPI_COMM_WORLD_SIZE", "2", 1);
    EXPECT_THROW(open_world(), Error) << "several ranks without MPI: refused";
    ::unsetenv("OMPI_COMM_WORLD_SIZE");
  }
}

}  // namespace
}  // namespace medsearch::cluster
