// The reader and the indexer against figures computed independently with lxml
// (tests/integration/expected/compute_expected.py) over the real PubMed/MEDLINE samples in
// ../shared/data/pubmed and Debian's python-biopython-doc records. Skips, with a message,
// when a set's files are absent or differ from those the figures were computed on.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/ingest/record_source.hpp"
#include "support/temp_dir.hpp"

namespace medsearch {
namespace {

using nlohmann::json;
using Histogram = std::map<std::string, std::uint64_t>;

const json& expected() {
  static const json figures = [] {
    const std::string path = std::string(MEDSEARCH_TESTS_DIR) + "/integration/expected/shared_pubmed.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    return json::parse(in);
  }();
  return figures;
}

std::string base_of(const std::string& set) {
  if (set == "shared") return std::string(MEDSEARCH_SHARED_DIR) + "/data/pubmed";
  return expected()["sets"][set]["base"].get<std::string>();
}

// Empty when every file of the set is there with the recorded size; else why not.
std::string missing_files(const std::string& set) {
  for (const auto& [path, figures] : expected()["sets"][set]["files"].items()) {
    struct stat st {};
    const std::string full = base_of(set) + "/" + path;
    if (::stat(full.c_str(), &st) != 0) return full + " is absent";
    if (static_cast<std::uint64_t>(st.st_size) != figures["bytes_on_disk"].get<std::uint64_t>()) {
      return full + " differs from the file the expected figures were computed on";
    }
  }
  return "";
}

struct FileContent {
  std::vector<Article> articles;
  std::vector<std::string> deletions;
  std::map<std::string, std::uint64_t> skipped;
};

FileContent read_all(const std::string& path) {
  FileContent content;
  auto source = ingest::open_record_source(path, ingest::InputFormat::Pubmed);
  ingest::Record record;
  while (source->next(record)) {
    if (record.kind == ingest::RecordKind::Article) content.articles.push_back(record.article);
    if (record.kind == ingest::RecordKind::Deletion) content.deletions.push_back(record.deletion.id);
    if (record.kind == ingest::RecordKind::Skipped) ++content.skipped[record.skipped.reason];
  }
  return content;
}

void check_file(const std::string& path, const json& want) {
  SCOPED_TRACE(path);
  const FileContent got = read_all(path);
  EXPECT_EQ(got.articles.size(), want["citations"].get<std::size_t>());
  EXPECT_EQ(got.skipped.count("book-article") ? got.skipped.at("book-article") : 0u, want["book_articles"].get<std::uint64_t>());
  EXPECT_EQ(got.deletions, want["deletion_pmids"].get<std::vector<std::string>>());

  std::set<std::string> pmids;
  Histogram languages, labels, categories;
  std::uint64_t with_abstract = 0, collective = 0, with_doi = 0;
  std::vector<std::string> empty_titles;
  std::map<std::string, const Article*> by_pmid;
  for (const Article& a : got.articles) {
    pmids.insert(a.id);
    by_pmid[a.id] = &a;
    for (const auto& l : a.languages) ++languages[l];
    for (const auto& s : a.abstract) {
      if (!s.label.empty()) ++labels[s.label];
      if (!s.nlm_category.empty()) ++categories[s.nlm_category];
    }
    if (a.has_abstract()) ++with_abstract;
    for (const auto& au : a.authors) collective += au.collective_name.empty() ? 0 : 1;
    if (!a.doi.empty()) ++with_doi;
    if (a.title.empty()) empty_titles.push_back(a.id);
  }
  EXPECT_EQ(pmids.size(), want["unique_pmids"].get<std::size_t>());
  EXPECT_EQ(languages, want["languages"].get<Histogram>());
  EXPECT_EQ(labels, want["abstract_labels"].get<Histogram>());
  EXPECT_EQ(categories, want["nlm_categories"].get<Histogram>());
  EXPECT_EQ(with_abstract, want["with_abstract"].get<std::uint64_t>());
  EXPECT_EQ(collective, want["collective_name_authors"].get<std::uint64_t>());
  EXPECT_EQ(with_doi, want["with_doi"].get<std::uint64_t>());
  EXPECT_EQ(empty_titles, want["empty_titles"].get<std::vector<std::string>>());

  for (const json& date : want["medline_dates"]) {
    const Article& a = *by_pmid.at(date["pmid"].get<std::string>());
    SCOPED_TRACE(a.id + " MedlineDate " + date["medline_date"].get<std::string>());
    EXPECT_EQ(a.pub_year, date["year"].get<int>());
    EXPECT_EQ(a.pub_month, date["month"].get<int>());
    EXPECT_EQ(a.pub_date, date["medline_date"].get<std::string>());
  }
  for (const json& sample : want["samples"]) {
    const Article& a = *by_pmid.at(sample["pmid"].get<std::string>());
    SCOPED_TRACE("sample " + a.id);
    EXPECT_EQ(a.title, sample["title"].get<std::string>());
    EXPECT_EQ(a.journal.iso_abbreviation, sample["iso_abbreviation"].get<std::string>());
    EXPECT_EQ(a.pub_year, sample["year"].get<int>());
    EXPECT_EQ(a.languages, sample["languages"].get<std::vector<std::string>>());
    EXPECT_EQ(a.doi, sample["doi"].get<std::string>());
    std::vector<std::string> uis, names;
    for (const auto& m : a.mesh_headings) {
      uis.push_back(m.descriptor_ui);
      names.push_back(m.descriptor_name);
    }
    EXPECT_EQ(uis, sample["mesh_descriptor_uis"].get<std::vector<std::string>>());
    EXPECT_EQ(names, sample["mesh_descriptor_names"].get<std::vector<std::string>>());
  }
}

void check_corpus(const std::string& set, const json& want) {
  testing::TempDir tmp;
  std::vector<std::string> files;
  for (const json& path : want["order"]) files.push_back(base_of(set) + "/" + path.get<std::string>());
  engine::IngestOptions options;
  options.threads = 2;
  const engine::IngestSummary summary = engine::Indexer(tmp.file("idx"), options).ingest(files, nullptr, nullptr);
  EXPECT_EQ(summary.totals.articles_added, want["citations_applied"].get<std::uint64_t>());
  EXPECT_EQ(summary.totals.replacements, want["replacements"].get<std::uint64_t>());
  EXPECT_EQ(summary.totals.deletions_applied, want["deletions_applied"].get<std::uint64_t>());
  EXPECT_EQ(summary.totals.deletions_unknown, want["deletions_absent"].get<std::uint64_t>());

  const engine::IndexReader index(tmp.file("idx"));
  EXPECT_EQ(index.live_count(), want["live"].get<std::uint64_t>());
  std::set<std::string> live;
  Histogram languages, years;
  std::uint64_t with_abstract = 0;
  index.for_each_live([&](DocId doc, const store::DocColumnsReader& columns, std::uint32_t local) {
    live.insert(index.article(doc).id);
    for (std::string_view l : columns.strings(store::StringColumn::Language, local)) ++languages[std::string(l)];
    ++years[std::to_string(columns.year(local))];
    if (columns.flags(local) & store::kFlagHasAbstract) ++with_abstract;
  });
  std::set<std::string> want_live;
  for (const json& pmid : want["live_pmids"]) want_live.insert(std::to_string(pmid.get<std::uint64_t>()));
  EXPECT_EQ(live, want_live);
  EXPECT_EQ(languages, want["languages"].get<Histogram>());
  EXPECT_EQ(years, want["years"].get<Histogram>());
  EXPECT_EQ(with_abstract, want["live_with_abstract"].get<std::uint64_t>());
  for (const json& pmid : want["live_pmids"]) {
    EXPECT_TRUE(index.find(std::to_string(pmid.get<std::uint64_t>())).has_value()) << pmid;
  }
}

class SampleSet : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string why = missing_files(GetParam());
    if (!why.empty()) GTEST_SKIP() << "sample set '" << GetParam() << "' not available: " << why;
  }
};

TEST_P(SampleSet, ReaderMatchesIndependentFiguresForEveryFile) {
  for (const auto& [path, figures] : expected()["sets"][GetParam()]["files"].items()) {
    check_file(base_of(GetParam()) + "/" + path, figures);
  }
}

TEST_P(SampleSet, IndexerAppliesTheCorpusInOrder) {
  check_corpus(GetParam(), expected()["sets"][GetParam()]["corpus"]);
}

TEST_P(SampleSet, IndexerAppliesEachUpdateScenario) {
  const json& set = expected()["sets"][GetParam()];
  if (!set.contains("scenarios")) GTEST_SKIP() << "no update scenarios for this set";
  for (const auto& [name, scenario] : set["scenarios"].items()) {
    SCOPED_TRACE(name);
    check_corpus(GetParam(), scenario);
  }
}

INSTANTIATE_TEST_SUITE_P(RealPubmed, SampleSet, ::testing::Values("shared", "biopython_doc"));

}  // namespace
}  // namespace medsearch
