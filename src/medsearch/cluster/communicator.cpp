#include "medsearch/cluster/communicator.hpp"

#include <cstdlib>
#include <string>

#include "medsearch/core/error.hpp"

namespace medsearch::cluster {

#ifdef MEDSEARCH_HAVE_MPI
// cluster/mpi/mpi_communicator.cpp
std::unique_ptr<Communicator> mpi_world();
#endif

namespace {

class SoloCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void barrier() override {}
  void broadcast(std::string&, int) override {}
  std::uint64_t sum(std::uint64_t value) override { return value; }
  bool any(bool flag) override { return flag; }
};

int env_int(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return -1;
  char* end = nullptr;
  const long n = std::strtol(value, &end, 10);
  return (*end == '\0' && n >= 0 && n < 1'000'000) ? static_cast<int>(n) : -1;
}

}  // namespace

std::unique_ptr<Communicator> solo_communicator() { return std::make_unique<SoloCommunicator>(); }

int launcher_world_size() {
  // OpenMPI's mpirun (and its PRRTE successor) sets OMPI_COMM_WORLD_SIZE for every rank.
  if (const int n = env_int("OMPI_COMM_WORLD_SIZE"); n > 0) return n;
  // PMIx launchers (srun --mpi=pmix, prterun) set PMIX_RANK; the size then comes from
  // Slurm, or is not known before MPI_Init (reported as 2: "more than one, ask MPI").
  if (env_int("PMIX_RANK") >= 0) {
    if (const int n = env_int("SLURM_NTASKS"); n > 0) return n;
    return 2;
  }
  return 0;
}

bool built_with_mpi() {
#ifdef MEDSEARCH_HAVE_MPI
  return true;
#else
  return false;
#endif
}

std::unique_ptr<Communicator> open_world() {
  const int launched = launcher_world_size();
  if (launched <= 1) return solo_communicator();
#ifdef MEDSEARCH_HAVE_MPI
  return mpi_world();
#else
  throw Error(ErrorCode::Unavailable, "started by an MPI launcher with " + std::to_string(launched) +
                                          " ranks, but this medsearch was built without MPI (configure with "
                                          "-DMEDSEARCH_MPI=ON and libopenmpi-dev installed), so each rank would redo the whole job");
#endif
}

}  // namespace medsearch::cluster
