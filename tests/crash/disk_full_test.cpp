// Disk full while state is written: each job runs once with a file-size limit
// (RLIMIT_FSIZE, SIGXFSZ ignored: a write past it fails with EFBIG) and, when the test may
// mount one (root), on a small tmpfs (ENOSPC). Every time the job ends with exit code 1
// and an error naming the file it could not write, the index opens at its last commit
// with its counts, and the same job without the limit then completes.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <nlohmann/json.hpp>

#include "crash_harness.hpp"
#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch {
namespace {

using namespace medsearch::testing;
namespace fs = std::filesystem;

std::string citations_gz(int first, int count, int revise_from = -1) {
  std::vector<FixtureCitation> c;
  for (int i = first; i < first + count; ++i) c.push_back({std::to_string(i), "title about stroke " + std::to_string(i % 31), 2001 + i % 20});
  if (revise_from >= 0) {
    for (int i = revise_from; i < revise_from + count / 2; ++i) c.push_back({std::to_string(i), "revised", 2020});
  }
  return gzip(pubmed_xml(c));
}

// Checks a failed run's output: exit 1, an error naming a file of `dir`, not a crash.
void expect_clear_error(int code, const std::string& out, const std::string& dir, const std::string& what) {
  EXPECT_EQ(code, 1) << what << ": " << out;
  EXPECT_NE(out.find("medsearch: error:"), std::string::npos) << what << ": " << out;
  EXPECT_NE(out.find(dir + "/"), std::string::npos) << what << ": the error must name the file: " << out;
  EXPECT_EQ(out.find("AddressSanitizer"), std::string::npos) << what << ": " << out;
}

struct IndexCounts {
  std::uint64_t live = 0;
  std::uint32_t docs = 0;
  std::size_t segments = 0;
  std::uint32_t vectors = 0;
  bool operator==(const IndexCounts&) const = default;
};

IndexCounts counts(const std::string& dir) {
  const engine::IndexReader index(dir);
  IndexCounts c{index.live_count(), index.doc_count(), index.manifest().segments.size(), 0};
  if (const auto dense = engine::load_dense_state(dir); dense && dense->index) c.vectors = dense->index->doc_count;
  return c;
}

std::ostream& operator<<(std::ostream& os, const IndexCounts& c) {
  return os << "{live " << c.live << ", docs " << c.docs << ", segments " << c.segments << ", vectors " << c.vectors << "}";
}

// One job on `dir` under a limit that makes it fail: the index keeps its last commit, and
// the job then succeeds without the limit.
struct Job {
  std::string name;
  std::vector<std::string> args;
};

// Runs the jobs one after another under `run_limited` (which returns exit code and output)
// and without a limit, checking what each leaves. `dir` must hold a valid index.
void check_jobs(const std::string& dir, const std::vector<Job>& jobs, const std::string& log,
                const std::function<std::pair<int, std::string>(const Job&)>& run_limited) {
  for (const Job& job : jobs) {
    const IndexCounts before = counts(dir);
    const auto [code, out] = run_limited(job);
    expect_clear_error(code, out, dir, job.name);
    const std::size_t at = out.find("medsearch: error:");
    std::printf("[disk-full] %s: exit %d: %s\n", job.name.c_str(), code,
                at == std::string::npos ? "(no error)" : out.substr(at, out.find('\n', at) - at).c_str());
    const IndexCounts after_failure = counts(dir);  // opens at a commit
    // Ingest commits batch by batch: a failure keeps the batches before it. Other jobs
    // commit once: nothing changed.
    if (job.name != "ingest") {
      EXPECT_EQ(after_failure, before) << job.name;
    }
    EXPECT_GE(after_failure.live, before.live) << job.name;
    const auto [ok, seconds] = run_to_end(job.args, log);
    EXPECT_EQ(ok, 0) << job.name << ": " << slurp(log);
  }
}

std::vector<Job> jobs_for(TempDir& tmp, const std::string& dir) {
  const std::string model = std::string(MEDSEARCH_TESTS_DIR) + "/data/encoder/bert-tiny";
  std::vector<std::string> ingest{"ingest", "--index", dir, "--compact-dead", "0", "--checkpoint-docs", "500", "--merge-factor", "0"};
  for (int f = 0; f < 6; ++f) ingest.push_back(tmp.write("u" + std::to_string(f) + ".xml.gz", citations_gz(10000 + f * 800, 800, 1 + f * 100)));
  return {{"ingest", ingest},
          {"compact", {"compact", "--index", dir, "--segment-docs", "100000"}},
          {"embed", {"embed", "--index", dir, "--threads", "1", "--model", model, "--index-type", "Flat"}}};
}

void make_base(TempDir& tmp, const std::string& dir) {
  ASSERT_EQ(run_to_end({"ingest", "--index", dir, tmp.write("base.xml.gz", citations_gz(1, 1000))}, tmp.file("log")).first, 0);
}

TEST(DiskFull, FileSizeLimitGivesAClearErrorAndKeepsTheIndex) {
  TempDir tmp;
  const std::string dir = tmp.file("idx");
  make_base(tmp, dir);
  // Per job, a limit its largest new file passes (an update batch's doc store, the
  // compacted segment, a segment's vectors) and manifest.json, dense.json and the lock do not.
  check_jobs(dir, jobs_for(tmp, dir), tmp.file("log"), [&](const Job& job) {
    const long limit = job.name == "ingest" ? 24 * 1024 : 96 * 1024;
    const auto [code, seconds] = run_to_end(job.args, tmp.file("limited.log"), limit);
    return std::pair{code, slurp(tmp.file("limited.log"))};
  });
  EXPECT_EQ(counts(dir), (IndexCounts{1000 + 6 * 800, 1000 + 6 * 800, 1, 1000 + 6 * 800}));
}

TEST(DiskFull, FullTmpfsGivesAClearErrorAndKeepsTheIndex) {
  TempDir tmp;
  const std::string mount_point = tmp.file("small");
  fs::create_directories(mount_point);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=3m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (not root?): the RLIMIT_FSIZE test covers this";
  }
  struct Unmount {
    std::string at;
    ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
  } unmount{mount_point};
  const std::string dir = mount_point + "/idx";
  make_base(tmp, dir);
  // A filler file takes most of what is left, so each job runs out of space; it is
  // removed before the job is run again without the limit.
  check_jobs(dir, jobs_for(tmp, dir), tmp.file("log"), [&](const Job& job) {
    const std::string filler = mount_point + "/filler";
    {
      std::FILE* f = std::fopen(filler.c_str(), "wb");
      std::string chunk(4096, 'x');
      const fs::space_info space = fs::space(mount_point);
      for (std::uintmax_t left = space.available; left > 160 * 1024; left -= chunk.size()) std::fwrite(chunk.data(), 1, chunk.size(), f);
      std::fclose(f);
    }
    const auto [code, seconds] = run_to_end(job.args, tmp.file("limited.log"));
    fs::remove(filler);
    return std::pair{code, slurp(tmp.file("limited.log"))};
  });
  EXPECT_EQ(counts(dir), (IndexCounts{1000 + 6 * 800, 1000 + 6 * 800, 1, 1000 + 6 * 800}));
}

}  // namespace
}  // namespace medsearch
