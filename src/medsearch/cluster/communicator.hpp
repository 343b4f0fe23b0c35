// cluster::Communicator: the group of processes one command runs as. Under `mpirun -np N`
// (or Slurm's `srun --mpi=pmix`) it is MPI's world of N ranks; otherwise one process alone
// (rank 0 of 1), so the engine's code paths are the same with and without MPI and only
// decide, by rank, who does which share of the work (docs/cluster.md,
// docs/decisions/0024-mpi-batch-work.md).
//
// MPI itself is confined to cluster/mpi/mpi_communicator.cpp, compiled only when CMake found
// MPI (MEDSEARCH_MPI); nothing else includes <mpi.h>.
//
// Collectives (barrier, broadcast, sum, any) must be called by every rank in the same order,
// from the thread that opened the communicator. A rank that dies makes the launcher
// (mpirun, srun) end the others; nothing here waits forever on a dead rank by itself.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace medsearch::cluster {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;  // 0..size()-1
  virtual int size() const = 0;  // >= 1
  virtual void barrier() = 0;
  // On return every rank's `bytes` equals root's.
  virtual void broadcast(std::string& bytes, int root) = 0;
  // The sum of every rank's `value`, on every rank.
  virtual std::uint64_t sum(std::uint64_t value) = 0;
  // True on every rank when `flag` was true on any rank.
  virtual bool any(bool flag) = 0;
};

// The one-process group: rank 0 of 1; collectives return at once.
std::unique_ptr<Communicator> solo_communicator();

// The launcher's world size when this process was started by an MPI launcher (OpenMPI's
// mpirun sets OMPI_COMM_WORLD_SIZE; PMIx launchers such as `srun --mpi=pmix` set
// PMIX_RANK and, with Slurm, SLURM_NTASKS), else 0. Read from the environment only.
int launcher_world_size();

// True when this binary was built with MPI.
bool built_with_mpi();

// MPI's world (MPI_Init, once per process; MPI_Finalize when the returned object is
// destroyed) when launched by an MPI launcher with more than one rank, else the solo group.
// Throws Error(Unavailable) when launched with several ranks by a binary built without
// MPI: each process would otherwise redo the whole job on the same index.
std::unique_ptr<Communicator> open_world();

}  // namespace medsearch::cluster
