// Facet counts (engine/search/facets.hpp) against a brute-force oracle: every live document
// decoded through IndexReader::attributes, its match decided from its own text, and the
// values counted in std::maps. The index has several segments (each with its own value
// dictionaries, boundaries not on 64-bit words), replaced and deleted documents, and enough
// documents that every facet has more values than the listed top. Documents have one of 40
// publication types, some two types or two languages, so the segments' facet rows hold many
// profiles (store/facet_rows.hpp); rows built with small limits take every spill path.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <thread>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/search/retrieval.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "medsearch/lexical/posting_cursor.hpp"
#include "medsearch/store/facet_rows.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;

const std::vector<std::string> kWords = {"xqa", "xqb", "xqc", "xqd", "xqe", "xqf"};
const std::vector<std::string> kLanguages = {"eng", "fre", "ger", "chi", "jpn", "spa", "ita", "rus"};
const std::vector<std::string> kTypes = [] {
  std::vector<std::string> types = {"Journal Article", "Review", "Case Reports", "Editorial", "Letter",
                                    "Clinical Trial", "Meta-Analysis", "Comment"};
  for (int i = 0; i < 32; ++i) types.push_back("Test Type " + std::to_string(i));
  return types;
}();

// A second value in the fixture's one-value elements: "</Language><Language>" and the like.
std::string two_values(const std::string& first, const std::string& element, const std::string& second) {
  const std::string attributes = element == "PublicationType" ? " UI=\"D000000\"" : "";
  return first + "</" + element + "><" + element + attributes + ">" + second;
}

class FacetsTest : public ::testing::Test {
 protected:
  // One index for the suite (building it is most of the time).
  static void SetUpTestSuite() {
    tmp_ = new TempDir();
    std::mt19937 rng(19);
    const auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
    std::vector<std::string> files;
    int pmid = 1;
    for (int f = 0; f < 4; ++f) {
      std::vector<FixtureCitation> docs;
      for (int i = 0; i < 700 + 37 * f; ++i, ++pmid) {
        // Later files replace some earlier PMIDs (the old version becomes dead).
        const int id = (f > 0 && i % 50 == 0) ? pmid / 3 : pmid;
        std::string title = pick(kWords) + " " + pick(kWords) + " study";
        // Every 97th has no year the reader accepts (counted as unknown).
        const int year = i % 97 == 5 ? 0 : 1980 + static_cast<int>(rng() % 45);
        FixtureCitation c{std::to_string(id), title, year, pick(kLanguages),
                          rng() % 4 == 0 ? "" : "Findings on " + pick(kWords) + "."};
        // The first 4 types are common (most rows fit the facet rows' bits), the rest rare.
        c.publication_type = rng() % 2 == 0 ? kTypes[rng() % 4] : pick(kTypes);
        if (rng() % 5 == 0) {
          const std::string other = pick(kTypes);
          if (other != c.publication_type) c.publication_type = two_values(c.publication_type, "PublicationType", other);
        }
        if (rng() % 7 == 0) {
          const std::string other = pick(kLanguages);
          if (other != c.language) c.language = two_values(c.language, "Language", other);
        }
        c.journal = "J Test " + std::to_string(rng() % 37);
        docs.push_back(c);
      }
      std::vector<std::string> deleted;
      if (f == 3) deleted = {"5", "6", "77", "1000"};
      files.push_back(tmp_->write("f" + std::to_string(f) + ".xml", pubmed_xml(docs, deleted)));
    }
    IngestOptions options;
    options.checkpoint_docs = 500;
    options.threads = 2;
    Indexer(tmp_->file("idx"), options).ingest(files, nullptr, nullptr);
    index_ = new IndexReader(tmp_->file("idx"));
    searcher_ = new Searcher(*index_);
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete index_;
    delete tmp_;
  }

  // The oracle: documents whose title or abstract has `any_of` words (all of `all_of`),
  // within the year range, counted field by field from their decoded attributes.
  static FacetCounts brute_force(const std::set<std::string>& any_of, const std::set<std::string>& all_of,
                                 int year_from, std::size_t top) {
    return oracle(
        [&](DocId d) {
          const Article article = index_->article(d);
          const std::string text = article.title + " " + article.abstract_text();
          const auto has = [&](const std::string& w) { return text.find(w) != std::string::npos; };
          bool any = any_of.empty();
          for (const std::string& w : any_of) any = any || has(w);
          bool every = true;
          for (const std::string& w : all_of) every = every && has(w);
          return any && every && index_->attributes(d).year >= year_from;
        },
        top);
  }

  // The live documents for which `counted` is true, counted from their decoded attributes.
  template <typename Counted>
  static FacetCounts oracle(Counted&& counted, std::size_t top) {
    FacetCounts out;
    std::map<std::uint16_t, std::uint64_t> years;
    std::array<std::map<std::string, std::uint64_t>, 3> values;
    for (std::uint32_t d = 0; d < index_->doc_count(); ++d) {
      if (!index_->is_live(DocId(d)) || !counted(DocId(d))) continue;
      const store::DocAttributes a = index_->attributes(DocId(d));
      ++out.documents;
      if (a.year == 0)
        ++out.unknown_year;
      else
        ++years[a.year];
      if (a.flags & store::kFlagHasAbstract) ++out.has_abstract;
      const store::StringColumn columns[] = {store::StringColumn::PublicationType, store::StringColumn::Language,
                                             store::StringColumn::Journal};
      for (std::size_t c = 0; c < 3; ++c) {
        for (const std::string& v : a.strings[static_cast<std::size_t>(columns[c])]) ++values[c][v];
      }
    }
    for (const auto& [y, n] : years) out.years.push_back({y, n});
    std::vector<FacetValue>* lists[] = {&out.publication_types, &out.languages, &out.journals};
    for (std::size_t c = 0; c < 3; ++c) {
      std::vector<FacetValue> all;
      for (const auto& [v, n] : values[c]) all.push_back({v, n});
      std::stable_sort(all.begin(), all.end(),
                       [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
      if (all.size() > top) all.resize(top);
      *lists[c] = all;
    }
    return out;
  }

  static FacetCounts facets(const std::string& query, int year_from = 0, std::size_t top = kDefaultFacetTop) {
    SearchRequest request;
    request.query = query;
    request.facets = true;
    request.facet_top = top;
    request.filters.year_from = static_cast<std::uint16_t>(year_from);
    const SearchResponse response = searcher_->search(request);
    EXPECT_TRUE(response.facets.has_value());
    return response.facets.value_or(FacetCounts{});
  }

  static inline TempDir* tmp_ = nullptr;
  static inline IndexReader* index_ = nullptr;
  static inline Searcher* searcher_ = nullptr;
};

TEST_F(FacetsTest, TheIndexHasSeveralSegmentsAndDeadDocuments) {
  EXPECT_GE(index_->manifest().segments.size(), 3u);
  EXPECT_LT(index_->live_count(), index_->doc_count());
}

// With the default limits every row has a profile and its journal; the profile says what
// the columns say. Rows built with small limits spill profiles and journals, and a count
// that reads them (so reads the columns for the spilled parts) equals the oracle.
TEST_F(FacetsTest, FacetRowsHoldEveryRowAndSpillOnlyPastTheirLimits) {
  std::mt19937 rng(23);
  DocSet matches(index_->doc_count());
  std::vector<FacetTally> limited(index_->segment_count());
  std::size_t rows = 0, profile_spills = 0, journal_spills = 0, profiles = 0;
  for (std::size_t s = 0; s < index_->segment_count(); ++s) {
    const store::DocColumnsReader& columns = index_->segment_columns(s);
    const store::FacetRows& facet_rows = columns.facet_rows();
    profiles += facet_rows.profile_count();
    const auto ids = [&](store::StringColumn column, std::uint32_t local) {
      std::multiset<std::uint32_t> out;
      columns.for_each_term_id(column, local, [&](std::uint32_t id) { out.insert(id); });
      return out;
    };
    for (std::uint32_t local = 0; local < columns.size(); ++local, ++rows) {
      const store::FacetRow& row = facet_rows.row(local);
      EXPECT_EQ(row.year, columns.year(local));
      ASSERT_NE(row.profile, 0);
      const std::size_t p = row.profile - 1u;
      EXPECT_EQ(facet_rows.has_abstract(p), (columns.flags(local) & store::kFlagHasAbstract) != 0);
      const auto languages = facet_rows.languages(p), types = facet_rows.types(p);
      EXPECT_EQ(std::multiset<std::uint32_t>(languages.begin(), languages.end()),
                ids(store::StringColumn::Language, local));
      EXPECT_EQ(std::multiset<std::uint32_t>(types.begin(), types.end()),
                ids(store::StringColumn::PublicationType, local));
      const auto journals = ids(store::StringColumn::Journal, local);
      ASSERT_EQ(journals.size(), 1u);  // one journal per article
      EXPECT_EQ(row.journal, *journals.begin() + 1);
    }
    const store::FacetRows small(columns, {.profiles = 8, .journal_ids = 10});
    for (std::uint32_t local = 0; local < columns.size(); ++local) {
      profile_spills += small.row(local).profile == 0;
      journal_spills += small.row(local).journal == store::FacetRows::kJournalSpill;
    }
    const std::uint32_t first = index_->segment_first(s).value;
    DocSet local_matches(columns.size());
    for (std::uint32_t i = 0; i < columns.size(); ++i) {
      if (rng() % 2 == 0) local_matches.insert(DocId(i)), matches.insert(DocId(first + i));
    }
    limited[s].add_segment(*index_, s, &local_matches, nullptr, &index_->deleted(), &small);
  }
  EXPECT_GT(profiles, 8 * index_->segment_count());  // many profiles: the limit of 8 bites
  EXPECT_GT(profile_spills, rows / 4);
  EXPECT_GT(journal_spills, rows / 4);
  FacetTally all;
  for (const FacetTally& piece : limited) all.merge(piece);
  EXPECT_EQ(all.result(200), oracle([&](DocId d) { return matches.contains(d); }, 200));
}

TEST_F(FacetsTest, FreeTextCountsEveryDocumentWithAnyTerm) {
  const FacetCounts got = facets("xqa xqb");
  EXPECT_EQ(got, brute_force({"xqa", "xqb"}, {}, 0, kDefaultFacetTop));
  EXPECT_GT(got.documents, 500u);
  EXPECT_GT(got.journals.size(), 5u);
  EXPECT_GT(got.unknown_year, 0u);  // the year counter's other path
}

TEST_F(FacetsTest, BooleanQueryWithAFilterCountsItsMatchesAndEqualsTotal) {
  SearchRequest request;
  request.query = "xqc AND xqd";
  request.facets = true;
  request.filters.year_from = 2000;
  const SearchResponse response = searcher_->search(request);
  ASSERT_TRUE(response.facets);
  EXPECT_EQ(*response.facets, brute_force({}, {"xqc", "xqd"}, 2000, kDefaultFacetTop));
  EXPECT_EQ(response.facets->documents, response.total);
}

// Free text with a phrase matches the documents holding the phrase (with or without more
// words, with or without a filter): counted from the allowed set, no list decoded.
TEST_F(FacetsTest, PhrasesCountTheDocumentsHoldingThePhrase) {
  for (const std::string query : {"\"xqa xqb\"", "\"xqa xqb\" xqc", "xqd \"xqa xqb\""}) {
    EXPECT_EQ(facets(query), brute_force({}, {"xqa xqb"}, 0, kDefaultFacetTop)) << query;
    EXPECT_EQ(facets(query, 2010), brute_force({}, {"xqa xqb"}, 2010, kDefaultFacetTop)) << query;
  }
  const FacetCounts two = facets("\"xqc xqd\" \"xqd study\"");
  EXPECT_EQ(two, brute_force({}, {"xqc xqd", "xqd study"}, 0, kDefaultFacetTop));
  EXPECT_GT(two.documents, 5u);
}

// Free text under a filter few documents pass: each allowed document is looked up in the
// lists with a cursor (segment_facets' probe, kFacetProbeFactor) instead of decoding them.
// The narrow filter below takes that path in every segment (checked first); the wide one
// decodes.
TEST_F(FacetsTest, ANarrowFilterLooksItsDocumentsUpInTheLists) {
  SearchRequest narrow;
  narrow.query = "xqa xqb";
  narrow.facets = true;
  narrow.filters.year_from = narrow.filters.year_to = 2024;
  narrow.filters.languages = {"eng"};
  const auto allowed = [](DocId d) {
    const store::DocAttributes a = index_->attributes(d);
    const auto& languages = a.strings[static_cast<std::size_t>(store::StringColumn::Language)];
    return a.year == 2024 && std::find(languages.begin(), languages.end(), "eng") != languages.end();
  };
  for (std::size_t s = 0; s < index_->segment_count(); ++s) {
    const std::uint32_t first = index_->segment_first(s).value;
    const std::uint32_t size = index_->segment_columns(s).size();
    std::uint64_t passing = 0, postings = 0;
    for (std::uint32_t d = first; d < first + size; ++d) passing += index_->is_live(DocId(d)) && allowed(DocId(d));
    for (const std::string word : {"xqa", "xqb"}) {
      if (const auto info =
              index_->lexical_segments()[s].index->find(lexical::make_key(lexical::KeySpace::Prose, word)))
        postings += info->doc_freq;
    }
    EXPECT_LT(passing * kFacetProbeFactor * 2, postings) << "segment " << s << " would decode";
  }
  const FacetCounts got = *searcher_->search(narrow).facets;
  const FacetCounts want = oracle(
      [&](DocId d) {
        const Article article = index_->article(d);
        const std::string text = article.title + " " + article.abstract_text();
        return allowed(d) && (text.find("xqa") != std::string::npos || text.find("xqb") != std::string::npos);
      },
      kDefaultFacetTop);
  EXPECT_EQ(got, want);
  EXPECT_GT(got.documents, 3u);
  EXPECT_EQ(facets("xqa xqb", 2000), brute_force({"xqa", "xqb"}, {}, 2000, kDefaultFacetTop));
}

TEST_F(FacetsTest, TopListsEveryValueWhenLargeAndFewWhenSmall) {
  EXPECT_EQ(facets("xqe", 0, 200), brute_force({"xqe"}, {}, 0, 200));
  const FacetCounts small = facets("xqe", 0, 2);
  EXPECT_EQ(small, brute_force({"xqe"}, {}, 0, 2));
  EXPECT_EQ(small.journals.size(), 2u);
}

TEST_F(FacetsTest, ClickingAFacetValueNarrowsToItsCount) {
  const FacetCounts all = facets("xqf");
  ASSERT_FALSE(all.journals.empty());
  ASSERT_FALSE(all.languages.empty());
  ASSERT_FALSE(all.publication_types.empty());
  SearchRequest request;
  request.query = "xqf";
  request.facets = true;
  request.filters.journals = {all.journals[0].value};
  EXPECT_EQ(searcher_->search(request).facets->documents, all.journals[0].count);
  request.filters.journals.clear();
  request.filters.languages = {all.languages[0].value};
  EXPECT_EQ(searcher_->search(request).facets->documents, all.languages[0].count);
  request.filters.languages.clear();
  request.filters.publication_types = {all.publication_types[0].value};
  EXPECT_EQ(searcher_->search(request).facets->documents, all.publication_types[0].count);
  request.filters.publication_types.clear();
  request.filters.year_from = request.filters.year_to = all.years[0].year;
  EXPECT_EQ(searcher_->search(request).facets->documents, all.years[0].count);
  request.filters.year_from = request.filters.year_to = 0;
  request.filters.has_abstract = true;
  EXPECT_EQ(searcher_->search(request).facets->documents, all.has_abstract);
}

// Counted on a helper thread while the request's thread ranks (decision 0032), or by the
// request's thread alone: the same counts and the same page, from many threads at once.
TEST_F(FacetsTest, CountedBesideTheSearchOrAfterItTheyAreTheSame) {
  SearcherOptions inline_options;
  inline_options.helper_threads = 0;
  SearcherOptions helper_options;
  helper_options.helper_threads = 2;
  const Searcher counts_inline(*index_, inline_options);
  const Searcher counts_beside(*index_, helper_options);
  const std::string queries[] = {"xqa xqb", "xqc AND xqd", "xqe", "xqf xqa xqc"};
  const auto request_for = [](const std::string& query) {
    SearchRequest request;
    request.query = query;
    request.facets = true;
    return request;
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 5; ++round) {
        for (const std::string& query : queries) {
          const SearchResponse a = counts_inline.search(request_for(query));
          const SearchResponse b = counts_beside.search(request_for(query));
          ASSERT_TRUE(a.facets && b.facets);
          EXPECT_EQ(*a.facets, *b.facets) << query;
          ASSERT_EQ(a.hits.size(), b.hits.size()) << query;
          for (std::size_t i = 0; i < a.hits.size(); ++i) EXPECT_EQ(a.hits[i].id, b.hits[i].id);
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(*counts_beside.search(request_for("xqa xqb")).facets, brute_force({"xqa", "xqb"}, {}, 0, kDefaultFacetTop));
}

// A search that fails after its facets were offered (here: dense retrieval on an index
// without vectors) leaves no task behind that would touch the request's freed plan.
TEST_F(FacetsTest, ASearchThatFailsAfterOfferingItsFacetsThrowsCleanly) {
  SearcherOptions options;
  options.helper_threads = 1;
  const Searcher searcher(*index_, options);
  for (int i = 0; i < 20; ++i) {
    SearchRequest request;
    request.query = "xqa xqb xqc";
    request.facets = true;
    request.mode = RetrievalMode::Dense;
    try {
      (void)searcher.search(request);
      ADD_FAILURE() << "dense search without vectors answered";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::Unavailable) << e.what();
    }
  }
}

// The per-segment pieces (FacetTally::add_segment, as Searcher::search offers them to its
// helpers) merged in any order equal one count over the whole set: each piece's own
// matches numbered from its segment's start, the allowed and excluded sets over all DocIds
// (segment starts are not on 64-bit words, so their bits are read across word boundaries).
TEST_F(FacetsTest, SegmentPiecesMergedInAnyOrderEqualOneCount) {
  std::mt19937 rng(7);
  DocSet matches(index_->doc_count()), allowed(index_->doc_count()), excluded(index_->doc_count());
  for (std::uint32_t d = 0; d < index_->doc_count(); ++d) {
    if (rng() % 3 == 0) matches.insert(DocId(d));
    if (rng() % 4 != 0) allowed.insert(DocId(d));
    if (rng() % 9 == 0) excluded.insert(DocId(d));
  }
  DocSet expected_docs = matches;
  expected_docs.intersect(allowed).subtract(excluded);
  const FacetCounts expected = count_facets(expected_docs, *index_, 200);
  ASSERT_GT(expected.documents, 500u);

  std::vector<FacetTally> pieces(index_->segment_count());
  for (std::size_t s = 0; s < pieces.size(); ++s) {
    const std::uint32_t first = index_->segment_first(s).value;
    const std::uint32_t size = index_->segment_columns(s).size();
    DocSet local(size);
    for (std::uint32_t i = 0; i < size; ++i) {
      if (matches.contains(DocId(first + i))) local.insert(DocId(i));
    }
    pieces[s].add_segment(*index_, s, &local, &allowed, &excluded);
  }
  std::vector<std::size_t> order(pieces.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (int round = 0; round < 3; ++round) {
    std::shuffle(order.begin(), order.end(), rng);
    FacetTally all;
    for (std::size_t s : order) all.merge(pieces[s]);
    EXPECT_EQ(all.result(200), expected);
  }
  // No local matches: every document of the segment within allowed, minus excluded.
  DocSet allowed_live = allowed;
  allowed_live.subtract(excluded);
  FacetTally whole;
  for (std::size_t s = 0; s < index_->segment_count(); ++s) whole.add_segment(*index_, s, nullptr, &allowed, &excluded);
  EXPECT_EQ(whole.result(200), count_facets(allowed_live, *index_, 200));
}

// add_segment_union (free text through cached list counts, decision 0036) against
// add_segment over the union itself: random lists with documents in several of them, up to
// 6 cached lists (so the bit-sliced count passes 4), random dead documents.
TEST_F(FacetsTest, AUnionOfCachedListsCountsLikeTheUnionItself) {
  std::mt19937 rng(31);
  for (std::size_t trial = 0; trial < 44; ++trial) {  // 43: one list, no others, no dead
    DocSet dead(index_->doc_count());  // none in every fourth trial
    for (std::uint32_t d = 0; d < index_->doc_count(); ++d) {
      if (trial % 4 != 3 && rng() % 6 == 0) dead.insert(DocId(d));
    }
    FacetTally expected, got, got_sparse;
    for (std::size_t s = 0; s < index_->segment_count(); ++s) {
      const std::uint32_t size = index_->segment_columns(s).size();
      const std::size_t lists = trial % 7;
      std::vector<DocSet> docs(lists, DocSet(size));
      DocSet others(size), all(size);
      for (std::uint32_t i = 0; i < size; ++i) {
        for (DocSet& list : docs) {
          if (rng() % 3 == 0) list.insert(DocId(i));
        }
        if (trial % 3 != 1 && rng() % (trial % 2 == 0 ? 5 : 50) == 0) others.insert(DocId(i));
      }
      all.unite(others);
      std::vector<ListCounts> counts;
      for (const DocSet& list : docs) counts.push_back(count_list(*index_, s, list)), all.unite(list);
      std::vector<CachedList> cached;
      for (std::size_t l = 0; l < lists; ++l) cached.push_back({&docs[l], &counts[l]});
      got.add_segment_union(*index_, s, cached, others, &dead);
      expected.add_segment(*index_, s, &all, nullptr, &dead);
      // The same lists with the documents the contract lets them leave out left out: live,
      // in no other cached list, not in `others`.
      const std::uint32_t first = index_->segment_first(s).value;
      std::vector<DocSet> needed(lists, DocSet(size));
      for (std::uint32_t i = 0; i < size; ++i) {
        std::size_t in = 0;
        for (const DocSet& list : docs) in += list.contains(DocId(i));
        const bool keep = in >= 2 || others.contains(DocId(i)) || dead.contains(DocId(first + i));
        for (std::size_t l = 0; l < lists; ++l) {
          if (keep && docs[l].contains(DocId(i))) needed[l].insert(DocId(i));
        }
      }
      std::vector<CachedList> sparse;
      for (std::size_t l = 0; l < lists; ++l) sparse.push_back({&needed[l], &counts[l]});
      got_sparse.add_segment_union(*index_, s, sparse, others, &dead);
    }
    const FacetCounts want = expected.result(200);
    EXPECT_EQ(got.result(200), want) << "trial " << trial;
    EXPECT_EQ(got_sparse.result(200), want) << "trial " << trial;
    if (trial % 7 != 0) {
      EXPECT_GT(want.documents, 500u);
    }
  }
}

// Free text through the cache (min_doc_freq 1, so that every list of this small index is
// cached), before and after its lists are cached, with a helper and without, up to 5 terms (4 cached, the fifth
// read row by row), and through a cache too small to keep anything: the oracle's counts.
TEST_F(FacetsTest, CachedListCountsGiveTheOraclesCounts) {
  std::mt19937 rng(5);
  for (const std::size_t max_bytes : {std::size_t{1} << 20, std::size_t{1}}) {
    for (const unsigned helpers : {0u, 1u}) {
      for (const bool warm : {false, true}) {
        SearcherOptions options;
        options.helper_threads = helpers;
        options.chinese = SearcherOptions::Chinese::Off;
        options.facet_cache = {.max_bytes = max_bytes, .min_doc_freq = 1};
        const Searcher searcher(*index_, options);
        if (warm) (void)searcher.warm_up();  // the cache filled with the longest lists first
        for (int q = 0; q < 10; ++q) {
          std::set<std::string> words;
          std::string query;
          for (int i = 0; i <= q % 5; ++i) {
            const std::string& w = q % 5 == 4 ? kWords[i] : kWords[rng() % kWords.size()];
            words.insert(w);
            query += w + " ";
          }
          if (q % 3 == 2) query += "xqabsent";  // a term without a list
          // Rounds: the lists' first request (not cached), second (counted for the cache), third.
          for (int round = 0; round < 3; ++round) {
            SearchRequest request;
            request.query = query;
            request.facets = true;
            request.facet_top = 200;
            const SearchResponse response = searcher.search(request);
            ASSERT_TRUE(response.facets);
            EXPECT_EQ(*response.facets, brute_force(words, {}, 0, 200)) << query << " round " << round;
          }
        }
        // A filter: the cache is not used, the answer is the same.
        SearchRequest filtered;
        filtered.query = "xqa xqb";
        filtered.facets = true;
        filtered.filters.year_from = 2000;
        EXPECT_EQ(searcher.search(filtered).facets, brute_force({"xqa", "xqb"}, {}, 2000, kDefaultFacetTop));
        EXPECT_EQ(searcher.facet_cache().entries() > 0, max_bytes > 1);
        EXPECT_LE(searcher.facet_cache().bytes(), max_bytes);
      }
    }
  }
}

// warm() counts the cacheable lists before any request: terms by their documents over all
// segments, the largest first, within its byte and time limits. A warmed list is served
// from its first request (nothing counted then) with the counts a request would have made.
TEST_F(FacetsTest, WarmCountsTheLongestListsFirstWithinItsLimits) {
  const std::vector<lexical::SegmentView>& segments = index_->lexical_segments();
  std::map<std::string, std::uint64_t> total;  // prose key -> its documents over the segments
  std::size_t pairs = 0;                       // (segment, prose key) lists
  for (const lexical::SegmentView& s : segments) {
    for (std::uint32_t rank = 0; rank < s.index->key_count(); ++rank) {
      const std::string key(s.index->key_at(rank));
      if (key.empty() || key[0] != static_cast<char>(lexical::KeySpace::Prose)) continue;
      total[key] += s.index->info_at(rank).doc_freq;
      ++pairs;
    }
  }
  ASSERT_GE(total.size(), 8u);  // the six test words, "studi" and "find"
  const auto options = [](std::size_t warm_bytes, std::uint32_t warm_ms) {
    return FacetTermCache::Options{
        .max_bytes = std::size_t{1} << 30, .min_doc_freq = 1, .warm_bytes = warm_bytes, .warm_ms = warm_ms};
  };
  // Which lists a cache holds, without counting any: a held one comes back on the first get
  // without asking for its documents; one not held comes back null (its first request).
  const auto held = [&](FacetTermCache& cache) {
    std::set<std::pair<std::size_t, std::string>> out;
    const DocSet none;
    for (std::size_t s = 0; s < segments.size(); ++s) {
      for (const auto& [key, documents] : total) {
        if (!segments[s].index->find(key)) continue;
        bool asked = false;
        const auto counts = cache.get(*index_, s, key, [&]() -> const DocSet& {
          asked = true;
          return none;
        });
        EXPECT_FALSE(asked) << key;
        if (counts) out.emplace(s, key);
      }
    }
    return out;
  };

  FacetTermCache all(options(std::size_t{1} << 30, 600'000));
  const FacetTermCache::WarmReport everything = all.warm(*index_);
  EXPECT_FALSE(everything.stopped_at_limit);
  EXPECT_EQ(everything.lists, pairs);
  EXPECT_EQ(all.entries(), pairs);
  EXPECT_EQ(all.bytes(), everything.bytes);
  // Each warmed entry: count_list over the list's documents, walked with a cursor.
  for (std::size_t s = 0; s < segments.size(); ++s) {
    for (const auto& [key, documents] : total) {
      const auto info = segments[s].index->find(key);
      if (!info) continue;
      DocSet docs(index_->segment_columns(s).size());
      for (lexical::PostingCursor c(*segments[s].index, *info); c.doc() != lexical::kEndDoc; c.next())
        docs.insert(DocId(c.doc()));
      const auto counts = all.get(*index_, s, key, [&]() -> const DocSet& { return docs; });
      ASSERT_TRUE(counts) << key;
      EXPECT_EQ(*counts, count_list(*index_, s, docs)) << key << " in segment " << s;
    }
  }
  EXPECT_EQ(held(all).size(), pairs);

  // Half the bytes: it stops there, and no term it left out has more documents than one it
  // warmed (the term it stopped in may be warmed in some segments only).
  FacetTermCache half(options(everything.bytes / 2, 600'000));
  const FacetTermCache::WarmReport some = half.warm(*index_);
  EXPECT_TRUE(some.stopped_at_limit);
  EXPECT_GT(some.lists, 0u);
  EXPECT_LT(some.lists, pairs);
  EXPECT_LE(some.bytes, everything.bytes / 2);
  EXPECT_EQ(half.bytes(), some.bytes);
  std::set<std::string> warmed, left_out;
  const auto kept = held(half);
  EXPECT_EQ(kept.size(), some.lists);
  for (std::size_t s = 0; s < segments.size(); ++s) {
    for (const auto& [key, documents] : total) {
      if (segments[s].index->find(key)) (kept.contains({s, key}) ? warmed : left_out).insert(key);
    }
  }
  std::uint64_t least_warmed = UINT64_MAX, most_left_out = 0;
  std::size_t split_terms = 0;
  for (const std::string& key : warmed) least_warmed = std::min(least_warmed, total[key]);
  for (const std::string& key : left_out) {
    if (warmed.contains(key))
      ++split_terms;
    else
      most_left_out = std::max(most_left_out, total[key]);
  }
  EXPECT_LE(split_terms, 1u);
  EXPECT_GE(least_warmed, most_left_out);

  // No time: nothing warmed.
  FacetTermCache none(options(std::size_t{1} << 30, 0));
  const FacetTermCache::WarmReport nothing = none.warm(*index_);
  EXPECT_TRUE(nothing.stopped_at_limit);
  EXPECT_EQ(nothing.lists, 0u);
  EXPECT_EQ(none.entries(), 0u);
}

// A dense list (FacetTermCache::dense: a bit set of the segment at most 4 bytes a posting)
// keeps its documents with its counts: when a request counts it for the cache, or later
// through keep_docs (a warmed entry), charged to the cache's bytes; a cache too small for
// them keeps the counts alone.
TEST_F(FacetsTest, DenseListsKeepTheirDocumentsWithTheirCounts) {
  EXPECT_TRUE(FacetTermCache::dense(32, 1024));
  EXPECT_FALSE(FacetTermCache::dense(31, 1024));
  const std::string key = lexical::make_key(lexical::KeySpace::Prose, "xqa");
  const auto list_of = [&](std::size_t s) {
    DocSet docs(index_->segment_columns(s).size());
    const auto info = index_->lexical_segments()[s].index->find(key);
    for (lexical::PostingCursor c(*index_->lexical_segments()[s].index, *info); c.doc() != lexical::kEndDoc; c.next())
      docs.insert(DocId(c.doc()));
    EXPECT_TRUE(FacetTermCache::dense(info->doc_freq, docs.universe()));
    return std::make_pair(docs, info->doc_freq);
  };
  for (std::size_t s = 0; s < index_->segment_count(); ++s) {
    const auto [docs, doc_freq] = list_of(s);
    const auto list = [&]() -> const DocSet& { return docs; };
    FacetTermCache cache({.max_bytes = std::size_t{1} << 30, .min_doc_freq = 1});
    std::shared_ptr<const DocSet> kept;
    EXPECT_FALSE(cache.get(*index_, s, key, list, &kept));  // first request: nothing kept
    EXPECT_FALSE(kept);
    const auto counted = cache.get(*index_, s, key, list, &kept);  // second: counted and kept
    ASSERT_TRUE(counted);
    EXPECT_FALSE(kept);  // the caller has them decoded already
    const std::size_t bytes = cache.bytes();
    EXPECT_GE(bytes, docs.words().size() * 8);
    const auto served = cache.get(
        *index_, s, key, [&]() -> const DocSet& { throw std::logic_error("counted again"); }, &kept);
    ASSERT_TRUE(kept);
    EXPECT_EQ(*kept, docs);
    EXPECT_EQ(*served, count_list(*index_, s, docs));

    // A warmed entry has counts only; keep_docs adds the documents once, charged.
    FacetTermCache warmed({.max_bytes = std::size_t{1} << 30, .min_doc_freq = 1});
    (void)warmed.warm(*index_);
    const std::size_t before = warmed.bytes();
    (void)warmed.get(*index_, s, key, list, &kept);
    EXPECT_FALSE(kept);
    warmed.keep_docs(s, key, doc_freq, docs);
    warmed.keep_docs(s, key, doc_freq, docs);
    EXPECT_EQ(warmed.bytes(), before + docs.words().size() * 8);
    (void)warmed.get(*index_, s, key, list, &kept);
    ASSERT_TRUE(kept);
    EXPECT_EQ(*kept, docs);

    // Room for the counts and not for the documents: the counts stay, alone.
    const std::size_t counts_only = bytes - docs.words().size() * 8;
    FacetTermCache small({.max_bytes = counts_only, .min_doc_freq = 1});
    (void)small.get(*index_, s, key, list);
    ASSERT_TRUE(small.get(*index_, s, key, list));
    EXPECT_EQ(small.bytes(), counts_only);
    small.keep_docs(s, key, doc_freq, docs);
    EXPECT_EQ(small.bytes(), counts_only);
    ASSERT_TRUE(small.get(*index_, s, key, list, &kept));
    EXPECT_FALSE(kept);
  }
}

TEST_F(FacetsTest, OffByDefault) {
  SearchRequest request;
  request.query = "xqa";
  EXPECT_FALSE(searcher_->search(request).facets.has_value());
}

}  // namespace
}  // namespace medsearch::engine
