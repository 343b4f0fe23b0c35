// The MPI world as a cluster::Communicator: the only file that includes <mpi.h>
// (compiled when CMake found MPI; MEDSEARCH_MPI in the top-level CMakeLists.txt).
#include <mpi.h>

#include <climits>
#include <string>

#include "medsearch/cluster/communicator.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch::cluster {
namespace {

void check(int rc, const char* call) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  throw Error(ErrorCode::Unavailable, std::string(call) + " failed: " + std::string(text, static_cast<std::size_t>(length)));
}

class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator() {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (initialized) throw Error(ErrorCode::Unavailable, "MPI is already initialised in this process");
    // FUNNELED: worker threads (ingest's file workers, the encoder's OpenMP team) never call
    // MPI; only the thread that opened the world does.
    int provided = 0;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    // Errors come back as codes (turned into medsearch::Error) instead of aborting the job.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
  }
  ~MpiCommunicator() override { MPI_Finalize(); }

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void barrier() override { check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier"); }

  void broadcast(std::string& bytes, int root) override {
    unsigned long long length = bytes.size();
    check(MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, root, MPI_COMM_WORLD), "MPI_Bcast");
    bytes.resize(length);
    // MPI counts are ints: pieces of at most INT_MAX bytes.
    for (unsigned long long done = 0; done < length;) {
      const int n = static_cast<int>(std::min<unsigned long long>(INT_MAX, length - done));
      check(MPI_Bcast(bytes.data() + done, n, MPI_CHAR, root, MPI_COMM_WORLD), "MPI_Bcast");
      done += static_cast<unsigned long long>(n);
    }
  }

  std::uint64_t sum(std::uint64_t value) override {
    unsigned long long in = value, out = 0;
    check(MPI_Allreduce(&in, &out, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
    return out;
  }

  bool any(bool flag) override {
    int in = flag ? 1 : 0, out = 0;
    check(MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD), "MPI_Allreduce");
    return out != 0;
  }

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace

std::unique_ptr<Communicator> mpi_world() { return std::make_unique<MpiCommunicator>(); }

}  // namespace medsearch::cluster
