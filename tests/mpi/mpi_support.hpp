// Runs the medsearch binary under `mpirun --oversubscribe -np N` on loopback for the MPI
// tests, as root when the tests run as root (OpenMPI refuses root without the two
// OMPI_ALLOW_RUN_AS_ROOT variables), and compares indexes built different ways.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "support/cli_runner.hpp"

namespace medsearch::testing {

inline std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// `env` is prepended as VAR=value words (e.g. the kill hook's variables). `out` is the
// job's stdout followed by its stderr: mpirun forwards every rank's stderr (progress lines)
// as it comes, so in one stream they could land inside rank 0's stdout summary.
inline CliRun run_mpi(int ranks, const std::string& args, const std::string& env = "") {
  char err_path[] = "/tmp/medsearch-mpi-stderr-XXXXXX";
  const int err_fd = ::mkstemp(err_path);
  if (err_fd < 0) return {-1, "cannot create a temporary file for mpirun's stderr"};
  ::close(err_fd);
  // LSAN_OPTIONS: OpenMPI's own allocations still held at MPI_Finalize (tests/mpi/lsan.supp;
  // the slow unwinder, so their stacks reach OpenMPI's entry points).
  const std::string command = "env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 " +
                              std::string("LSAN_OPTIONS=suppressions=") + MEDSEARCH_TESTS_DIR + "/mpi/lsan.supp:fast_unwind_on_malloc=0 " + env + " " +
                              MEDSEARCH_MPIRUN + " --oversubscribe -np " + std::to_string(ranks) +
                              " --mca btl self,vader --mca oob_tcp_if_include lo " + MEDSEARCH_CLI_PATH + " " + args + " 2>" + err_path;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = ::pclose(pipe);
  out += file_bytes(err_path);
  std::filesystem::remove(err_path);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// The summary JSON rank 0 prints (other ranks' and mpirun's lines around it).
inline nlohmann::json summary_of(const std::string& out) {
  const std::size_t begin = out.find("{\n");
  const std::size_t end = out.find("\n}", begin);
  if (begin == std::string::npos || end == std::string::npos) return nlohmann::json::object();
  return nlohmann::json::parse(out.substr(begin, end + 2 - begin));
}

inline void copy_tree(const std::string& from, const std::string& to) {
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

// Every DocId's external id and liveness, in DocId order: equal for two indexes exactly
// when they hold the same documents under the same DocIds with the same versions live.
inline std::string docid_table(const std::string& dir) {
  const engine::IndexReader reader(dir);
  std::string out;
  for (std::uint32_t d = 0; d < reader.doc_count(); ++d) {
    out += reader.external_id(DocId(d)) + (reader.is_live(DocId(d)) ? "+" : "-") + " ";
  }
  return out;
}

// The hits of a search (ids and scores), in process (engine::Searcher, as the CLI's search).
inline std::string hits(const std::string& dir, const std::string& query, bool dense = false) {
  const engine::IndexReader index(dir);
  engine::SearchRequest request;
  request.query = query;
  request.mode = dense ? engine::RetrievalMode::Dense : engine::RetrievalMode::Lexical;
  request.limit = 10;
  std::string out;
  for (const engine::SearchHit& hit : engine::Searcher(index).search(request).hits) {
    char score[32];
    std::snprintf(score, sizeof score, "%a", static_cast<double>(hit.score));  // exact
    out += hit.id + ":" + score + " ";
  }
  return out;
}

}  // namespace medsearch::testing
