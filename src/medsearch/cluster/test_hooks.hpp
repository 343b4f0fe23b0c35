// A deterministic crash point for the MPI resume tests (tests/mpi/): compiled in only when
// MEDSEARCH_TEST_HOOKS is defined (Debug builds, the dev preset); a no-op otherwise.
#pragma once

#include <cstddef>

namespace medsearch::cluster {

// Called by a rank after it finished its `shares_done`-th share. With
// MEDSEARCH_TEST_KILL_AFTER_SHARES=K and MEDSEARCH_TEST_KILL_RANK=R in the environment,
// rank R sends itself SIGKILL once K shares are done (as a machine failure would end it).
void test_kill_point(int rank, std::size_t shares_done);

// Called by an embedding rank after each synced chunk of vectors (its `chunks_done`-th).
// With MEDSEARCH_TEST_KILL_AFTER_CHUNKS=K and MEDSEARCH_TEST_KILL_RANK=R, rank R sends
// itself SIGKILL once K chunks are done: in the middle of a row range.
void test_kill_after_chunks(int rank, std::size_t chunks_done);

}  // namespace medsearch::cluster
