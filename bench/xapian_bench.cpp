// bench_xapian: the peer of the lexical benchmark (bench/lexical_bench.sh). Xapian 1.4
// indexes and searches the same PubMed files medsearch does, so both engines see identical
// text. A benchmark, not a test (DESIGN.md §5).
//
//   bench_xapian index  --db DIR FILES...
//   bench_xapian compact --db DIR [--db DIR ...] --out DIR
//   bench_xapian search --db DIR --queries FILE [--threads N] [--k 10] [--repeat R] [--dump F]
//                       [--times F] [--ids-only]
//
// index: reads every file through medsearch's own reader (ingest::open_record_source), so
// the records are exactly those `medsearch ingest` indexes, and builds one Xapian glass
// database (single writer: Xapian allows one WritableDatabase per database). Per citation
// the text of the four fields medsearch ranks (lexical::DocumentAnalyzer):
//   title     ArticleTitle, VernacularTitle          index_text(text, wdf_inc = 2)
//   abstract  every AbstractText, OtherAbstract text  index_text(text)
//   keywords  every Keyword                           index_text(text)
//   mesh      MeSH descriptor names, chemical names   index_text(text)
// all without a prefix (medsearch's default search covers all four), positions on. The
// title's weight of 2 is Xapian's within-document-frequency increment: each title word
// adds 2 to its wdf (and to the document length), the nearest Xapian has to medsearch's
// BM25F title weight of 2 (Xapian's BM25 is not field-aware). Positions jump by 16 between
// the values of a multi-valued field and by 100 between fields (increase_termpos), so a
// phrase never matches across them, as in medsearch. Analysis: Snowball English stemmer
// with STEM_ALL (only stemmed terms, positions kept: one term per word, as medsearch
// stores), CJK n-grams on, and medsearch's own stop-word list (text::is_stop_word) as a
// Xapian::Stopper with STOP_ALL, so both indexes leave the same words out. Document data:
// "PMID\ttitle\tjournal\tyear\tauthors" (what a hit shows), and the PMID alone in value
// slot 0 (for --ids-only); the unique term "Q"+PMID
// identifies the document and replace_document() applies it, so a later version of a
// citation replaces the earlier one (and DeleteCitation removes it), as in medsearch.
// Commits: Xapian's automatic ones (XAPIAN_FLUSH_THRESHOLD, 10000 documents unless the
// environment says otherwise) and one at the end. Prints one JSON line: documents,
// deletions, skipped, seconds (first record read to the final commit), docs_per_s,
// db_bytes, bytes_per_doc.
//
// compact: Xapian::Database::compact() of DIR into a new database OUT (what xapian-compact
// does: full B-tree blocks, no free space), the usual last step for a read-only database.
// Several --db (shards indexed side by side from disjoint sets of files, e.g. one per
// core) are merged into one OUT, their document ids renumbered in the order given, as
// xapian-compact does with several sources; the result holds the same documents and term
// statistics as one database indexed from all the files in that order, provided no file
// of a later shard replaces or deletes a citation of an earlier one.
// Prints one JSON line: seconds, db_bytes, bytes_per_doc.
//
// search: parses each query with Xapian::QueryParser (default operator OR, FLAG_BOOLEAN |
// FLAG_PHRASE | FLAG_CJK_NGRAM, the same stemmer, strategy and stopper), ranks with
// BM25Weight's defaults (k1 = 1, k2 = 0, k3 = 1, b = 0.5, min_normlen = 0.5) and reads
// the data of the k hits (as medsearch materialises its hits), or with --ids-only just
// value slot 0 (the PMID). Xapian's Database and
// Enquire are not thread-safe, so each thread opens its own Database. Timing and output
// come from query_harness.hpp, as for bench_query.
#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "medsearch/ingest/record_source.hpp"
#include "medsearch/text/stop_words.hpp"
#include "query_harness.hpp"

namespace {

constexpr Xapian::termpos kValueGap = 16;   // between values of one field (medsearch: 16)
constexpr Xapian::termpos kFieldGap = 100;  // between fields
constexpr Xapian::valueno kPmidSlot = 0;

// medsearch's stop words, so both engines index and search the same words.
class MedsearchStopper : public Xapian::Stopper {
 public:
  bool operator()(const std::string& term) const override { return medsearch::text::is_stop_word(term); }
  std::string get_description() const override { return "MedsearchStopper()"; }
};

int usage() {
  std::fprintf(stderr,
               "usage: bench_xapian index --db DIR FILES...\n"
               "       bench_xapian compact --db DIR [--db DIR ...] --out DIR\n"
               "       bench_xapian search --db DIR --queries FILE [--threads N] [--k 10] [--repeat 3] [--dump FILE]\n"
               "                           [--times FILE] [--ids-only]\n");
  return 2;
}

std::uint64_t directory_bytes(const std::string& dir) {
  std::uint64_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

void configure(Xapian::TermGenerator& tg, const Xapian::Stopper& stopper) {
  tg.set_stemmer(Xapian::Stem("english"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  tg.set_stopper(&stopper);
  tg.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
  tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
}

void index_field(Xapian::TermGenerator& tg, const std::vector<const std::string*>& values, Xapian::termcount wdf_inc) {
  for (const std::string* v : values) {
    if (v->empty()) continue;
    tg.index_text(*v, wdf_inc);
    tg.increase_termpos(kValueGap);
  }
  tg.increase_termpos(kFieldGap);
}

Xapian::Document make_document(const medsearch::Article& a, Xapian::TermGenerator& tg) {
  Xapian::Document doc;
  tg.set_document(doc);
  tg.set_termpos(0);
  index_field(tg, {&a.title, &a.vernacular_title}, 2);
  std::vector<const std::string*> values;
  for (const auto& s : a.abstract) values.push_back(&s.text);
  for (const auto& o : a.other_abstracts) {
    for (const auto& s : o.sections) values.push_back(&s.text);
  }
  index_field(tg, values, 1);
  values.clear();
  for (const auto& k : a.keywords) values.push_back(&k);
  index_field(tg, values, 1);
  values.clear();
  for (const auto& m : a.mesh_headings) values.push_back(&m.descriptor_name);
  for (const auto& c : a.chemicals) values.push_back(&c.name);
  index_field(tg, values, 1);

  std::string data = a.id;
  data += '\t';
  data += a.title.empty() ? a.vernacular_title : a.title;
  data += '\t';
  data += a.journal.iso_abbreviation.empty() ? a.journal.title : a.journal.iso_abbreviation;
  data += '\t';
  data += std::to_string(a.pub_year);
  data += '\t';
  for (std::size_t i = 0; i < a.authors.size(); ++i) {
    const auto& au = a.authors[i];
    if (i > 0) data += "; ";
    data += au.collective_name.empty() ? au.last_name + " " + au.initials : au.collective_name;
  }
  doc.set_data(data);
  doc.add_value(kPmidSlot, a.id);
  doc.add_boolean_term("Q" + a.id);
  return doc;
}

int run_index(const std::string& db_path, const std::vector<std::string>& files) {
  namespace ingest = medsearch::ingest;
  const MedsearchStopper stopper;
  Xapian::TermGenerator tg;
  configure(tg, stopper);
  std::uint64_t documents = 0, deletions = 0, skipped = 0, uncompressed = 0;
  const auto start = std::chrono::steady_clock::now();
  {
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    ingest::Record record;
    for (const std::string& path : files) {
      auto source = ingest::open_record_source(path, ingest::InputFormat::Pubmed);
      while (source->next(record)) {
        switch (record.kind) {
          case ingest::RecordKind::Article:
            db.replace_document("Q" + record.article.id, make_document(record.article, tg));
            ++documents;
            break;
          case ingest::RecordKind::Deletion:
            db.delete_document("Q" + record.deletion.id);
            ++deletions;
            break;
          case ingest::RecordKind::Skipped:
            ++skipped;
            break;
        }
      }
      uncompressed += source->progress().uncompressed_bytes;
    }
    db.commit();
    db.close();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t bytes = directory_bytes(db_path);
  const Xapian::Database check(db_path);
  std::printf(
      "{\"engine\":\"xapian\",\"mode\":\"index\",\"documents\":%llu,\"live_documents\":%u,\"deletions\":%llu,"
      "\"skipped\":%llu,\"uncompressed_bytes\":%llu,\"seconds\":%.3f,\"docs_per_s\":%.1f,\"db_bytes\":%llu,"
      "\"bytes_per_doc\":%.1f,\"xapian_version\":\"%s\"}\n",
      static_cast<unsigned long long>(documents), check.get_doccount(), static_cast<unsigned long long>(deletions),
      static_cast<unsigned long long>(skipped), static_cast<unsigned long long>(uncompressed), seconds,
      seconds > 0 ? static_cast<double>(documents) / seconds : 0.0, static_cast<unsigned long long>(bytes),
      check.get_doccount() > 0 ? static_cast<double>(bytes) / check.get_doccount() : 0.0, Xapian::version_string());
  return 0;
}

int run_compact(const std::vector<std::string>& db_paths, const std::string& out_path) {
  const auto start = std::chrono::steady_clock::now();
  Xapian::Database db;
  for (const std::string& path : db_paths) db.add_database(Xapian::Database(path));
  // One source keeps its document ids; several are renumbered one after another.
  db.compact(out_path, db_paths.size() == 1 ? Xapian::DBCOMPACT_NO_RENUMBER : 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t bytes = directory_bytes(out_path);
  std::printf("{\"engine\":\"xapian\",\"mode\":\"compact\",\"seconds\":%.3f,\"db_bytes\":%llu,\"bytes_per_doc\":%.1f}\n",
              seconds, static_cast<unsigned long long>(bytes),
              db.get_doccount() > 0 ? static_cast<double>(bytes) / db.get_doccount() : 0.0);
  return 0;
}

// One thread's handle: its own Database, QueryParser and Enquire.
class XapianWorker {
 public:
  XapianWorker(const std::string& db_path, const Xapian::Stopper& stopper, std::size_t k, bool ids_only)
      : db_(db_path), enquire_(db_), k_(static_cast<Xapian::doccount>(k)), ids_only_(ids_only) {
    parser_.set_database(db_);
    parser_.set_stemmer(Xapian::Stem("english"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    parser_.set_stopper(&stopper);
    parser_.set_default_op(Xapian::Query::OP_OR);
    enquire_.set_weighting_scheme(Xapian::BM25Weight());
  }

  void run(const std::string& text, bench::QueryAnswer& answer, bool count_all) {
    try {
      const unsigned flags = Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                             Xapian::QueryParser::FLAG_CJK_NGRAM;
      enquire_.set_query(parser_.parse_query(text, flags));
      const Xapian::MSet mset = enquire_.get_mset(0, k_, count_all ? db_.get_doccount() : 0);
      answer.hits = mset.size();
      answer.total = mset.get_matches_estimated();
      answer.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      answer.ids.clear();
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        if (ids_only_) {
          answer.ids.push_back(it.get_document().get_value(kPmidSlot));
        } else {
          const std::string data = it.get_document().get_data();
          answer.ids.push_back(data.substr(0, data.find('\t')));
        }
      }
    } catch (const Xapian::Error& e) {  // not a std::exception
      throw std::runtime_error(e.get_description());
    }
  }

 private:
  Xapian::Database db_;
  Xapian::QueryParser parser_;
  Xapian::Enquire enquire_;
  Xapian::doccount k_;
  bool ids_only_;
};

int run_search(const std::string& db_path, bench::HarnessOptions options) {
  const MedsearchStopper stopper;
  {
    const Xapian::Database db(db_path);
    options.extra_json = ",\"documents\":" + std::to_string(db.get_doccount()) + ",\"xapian_version\":\"" +
                         Xapian::version_string() + "\"";
  }
  const std::size_t k = options.k;
  const bool ids_only = options.ids_only;
  bench::run_harness(options, [&]() -> bench::Worker {
    auto worker = std::make_shared<XapianWorker>(db_path, stopper, k, ids_only);
    return [worker](const std::string& query, bench::QueryAnswer& answer, bool count_all) {
      worker->run(query, answer, count_all);
    };
  });
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string mode = argv[1];
  if (mode != "index" && mode != "search" && mode != "compact") return usage();
  bench::HarnessOptions options;
  options.engine = "xapian";
  options.threads = bench::default_threads();
  std::string db_path;
  std::vector<std::string> compact_sources;  // every --db of compact
  std::string out_path;
  std::vector<std::string> files;
  try {
    for (int i = 2; i < argc; ++i) {
      const std::string name = argv[i];
      if (name == "-h" || name == "--help") return usage();
      if (name == "--ids-only" && mode == "search") {
        options.ids_only = true;
        continue;
      }
      if (name.rfind("--", 0) != 0) {
        files.push_back(name);
        continue;
      }
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bench_xapian: %s needs a value\n", name.c_str());
        return usage();
      }
      const std::string value = argv[++i];
      if (name == "--db") {
        if (mode == "compact") compact_sources.push_back(value);
        db_path = value;
      } else if (name == "--out" && mode == "compact") {
        out_path = value;
      } else if (mode != "search" || !bench::parse_harness_option(name, value, options)) {
        std::fprintf(stderr, "bench_xapian: unknown option %s for %s\n", name.c_str(), mode.c_str());
        return usage();
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_xapian: %s\n", e.what());
    return usage();
  }
  if (db_path.empty()) return usage();
  try {
    if (mode == "index") {
      if (files.empty()) return usage();
      return run_index(db_path, files);
    }
    if (mode == "compact") {
      if (out_path.empty() || !files.empty()) return usage();
      return run_compact(compact_sources, out_path);
    }
    if (!files.empty() || options.queries_path.empty()) return usage();
    return run_search(db_path, options);
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "bench_xapian: %s\n", e.get_description().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_xapian: %s\n", e.what());
  }
  return 1;
}
