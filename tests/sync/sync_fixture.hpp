// The sync tests' mirror: NLM's layout built from the shared PubMed samples (../shared),
// renamed into one series ("pubmed26"), each with its .md5 as NLM writes it; and the
// oracle: a plain `ingest` of the same files in NLM's order, compared by fingerprint.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/sync/md5.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::testing {

namespace fs = std::filesystem;

inline std::string shared_pubmed() { return std::string(MEDSEARCH_SHARED_DIR) + "/data/pubmed"; }
inline bool have_shared_samples() { return fs::exists(shared_pubmed() + "/medline16n0902.xml.gz"); }

// One file of the mirror: where it goes and what it holds.
struct MirrorFile {
  std::string path;    // "baseline/pubmed26n0001.xml.gz"
  std::string source;  // a shared sample (gzipped here when it is plain XML)
};

inline std::vector<MirrorFile> sample_mirror_files() {
  return {
      {"baseline/pubmed26n0001.xml.gz", "pubmedsample18n0001.xml.gz"},
      {"baseline/pubmed26n0002.xml.gz", "medsamp2014.xml.gz"},
      {"baseline/pubmed26n0003.xml.gz", "pubmed21n1016_excerpt_original.xml.gz"},
      {"updatefiles/pubmed26n0004.xml.gz", "pubmed21n1016_excerpt_partially_changed.xml.gz"},
      {"updatefiles/pubmed26n0005.xml.gz", "medline16n0902.xml.gz"},
      {"updatefiles/pubmed26n0006.xml.gz", "medsamp2017.xml"},
  };
}

// Writes DIR/path and DIR/path.md5 ("MD5(name)= hex", NLM's form).
inline void put_mirror_file(const std::string& dir, const std::string& path, const std::string& bytes) {
  const fs::path file = fs::path(dir) / path;
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << bytes;
  std::ofstream(file.string() + ".md5") << "MD5(" << file.filename().string()
                                        << ")= " << engine::sync::md5_of_file(file.string()) << "\n";
}

// The sample mirror in DIR (baseline/ and updatefiles/).
inline void build_sample_mirror(const std::string& dir) {
  for (const MirrorFile& f : sample_mirror_files()) {
    std::string bytes = read_file(shared_pubmed() + "/" + f.source);
    if (!f.source.ends_with(".gz")) bytes = gzip(bytes);
    put_mirror_file(dir, f.path, bytes);
  }
}

// What two indexes must agree on: live documents, their ids (sorted), the files applied
// in order, and each live document's title (so a stale version would show).
struct Fingerprint {
  std::uint64_t live_count = 0;
  std::vector<std::string> ids_and_titles;
  std::vector<std::string> files;
  bool operator==(const Fingerprint&) const = default;
};

inline Fingerprint fingerprint(const std::string& dir) {
  const engine::IndexReader reader(dir);
  Fingerprint f;
  f.live_count = reader.live_count();
  for (std::uint32_t d = 0; d < reader.doc_count(); ++d) {
    if (reader.is_live(DocId(d))) f.ids_and_titles.push_back(reader.external_id(DocId(d)) + " " + reader.article(DocId(d)).title);
  }
  std::sort(f.ids_and_titles.begin(), f.ids_and_titles.end());
  for (const auto& file : reader.manifest().files) f.files.push_back(file.name);
  return f;
}

// The oracle: the mirror's files ingested by hand, in NLM's order, into DIR.
inline Fingerprint plain_ingest(const std::string& mirror_dir, const std::string& dir) {
  std::vector<std::string> files;
  for (const MirrorFile& f : sample_mirror_files()) files.push_back(mirror_dir + "/" + f.path);
  engine::Indexer(dir, engine::IngestOptions{}).ingest(files, nullptr, nullptr);
  return fingerprint(dir);
}

}  // namespace medsearch::testing
