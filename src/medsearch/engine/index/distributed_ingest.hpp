// `ingest` spread over the ranks of a cluster::Communicator (`mpirun -np N medsearch
// ingest`; docs/cluster.md, docs/decisions/0024-mpi-batch-work.md). Every rank calls this
// with the same arguments on one index directory that all of them can reach (a shared
// filesystem):
//
//   1. rank 0 opens the Indexer (the writer lock, held for the whole job) and lists the
//      files not yet applied (Indexer::files_to_apply); every rank receives the list;
//   2. the files are split between the ranks by size (cluster::assign_by_size) and each
//      rank stages its own, one share per file, in <index>/ingest-staging/
//      (staged_share.hpp: the same FileBatch worker code as a single-process ingest);
//   3. rank 0 applies every share in the files' order (Indexer::apply_staged: the same
//      replay and commit), so the index is the one a single-process ingest of the same
//      files makes: same DocIds, same live versions, same deletions.
//
// A rank that dies leaves its finished shares staged; the same command run again (with
// any rank count) stages only the missing files and applies everything. Returns rank 0's
// summary on rank 0 and an empty one elsewhere; an error on any rank is an error on all.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "medsearch/engine/index/indexer.hpp"

namespace medsearch::cluster {
class Communicator;
}

namespace medsearch::engine {

struct DistributedIngestStats {
  std::uint64_t files_staged = 0;       // by this run, over all ranks
  std::uint64_t files_already_staged = 0;  // found staged by an earlier run
  double stage_seconds = 0;             // until every rank had staged its files
  double combine_seconds = 0;           // rank 0's apply_staged
};

// `on_staged(rank, file, newly)` is called on the rank that staged `file`.
IngestSummary distributed_ingest(const std::string& dir, const std::vector<std::string>& files, const IngestOptions& options,
                                 cluster::Communicator& comm, const WarningCallback& on_warning,
                                 const std::function<void(int, const std::string&, bool)>& on_staged,
                                 DistributedIngestStats* stats = nullptr);

}  // namespace medsearch::engine
