// Helpers for the ingest tests: a per-test temporary directory, in-test gzip (zlib), and
// reading every record of a source. Fixtures are written by the tests themselves.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/ingest/record_source.hpp"

namespace medsearch::ingest::testing {

// gzip (RFC 1952) of `data`, one member.
inline std::string gzip(std::string_view data, int level = 6) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

// A test fixture owning a fresh temporary directory.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("medsearch-ingest-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write(const std::string& name, std::string_view bytes) const {
    const std::string p = path(name);
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
  }

  std::filesystem::path dir_;
};

inline std::vector<Record> read_all(RecordSource& source) {
  std::vector<Record> records;
  Record record;
  while (source.next(record)) records.push_back(record);
  return records;
}

inline std::vector<Record> read_all(const std::string& path, InputFormat format = InputFormat::Auto) {
  auto source = open_record_source(path, format);
  return read_all(*source);
}

// Runs `f`, expecting medsearch::Error with `code` whose message contains every one of
// `needles`; returns the message.
template <typename F>
std::string expect_error(F&& f, ErrorCode code, std::initializer_list<std::string_view> needles) {
  try {
    f();
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(error_code_name(e.code()), error_code_name(code)) << message;
    for (std::string_view needle : needles) {
      EXPECT_NE(message.find(needle), std::string::npos) << "'" << needle << "' not in: " << message;
    }
    return message;
  }
  ADD_FAILURE() << "expected medsearch::Error(" << error_code_name(code) << ")";
  return {};
}

// A <PubmedArticleSet> document around `body`, with the usual declaration and DOCTYPE.
inline std::string pubmed_set(std::string_view body) {
  return std::string(
             "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
             "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2019//EN\" "
             "\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd\">\n"
             "<PubmedArticleSet>\n") +
         std::string(body) + "</PubmedArticleSet>\n";
}

// A minimal <PubmedArticle> with `pmid`, title and `article_extra` inside <Article>.
inline std::string minimal_article(std::string_view pmid, std::string_view title = "A title.",
                                   std::string_view article_extra = "") {
  return "<PubmedArticle><MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\">"
         "<PMID Version=\"1\">" + std::string(pmid) + "</PMID>"
         "<Article PubModel=\"Print\"><Journal><JournalIssue CitedMedium=\"Print\">"
         "<PubDate><Year>2020</Year></PubDate></JournalIssue></Journal>"
         "<ArticleTitle>" + std::string(title) + "</ArticleTitle>" + std::string(article_extra) +
         "<Language>eng</Language></Article></MedlineCitation></PubmedArticle>\n";
}

}  // namespace medsearch::ingest::testing
