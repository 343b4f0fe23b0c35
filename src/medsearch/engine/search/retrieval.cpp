#include "medsearch/engine/search/retrieval.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <unordered_set>

#include "medsearch/core/error.hpp"
#include "medsearch/lexical/boolean_match.hpp"
#include "medsearch/lexical/posting_cursor.hpp"
#include "medsearch/lexical/top_k.hpp"

namespace medsearch::engine {

std::optional<DocSet> allowed_documents(const SearchPlan& plan, const IndexReader& index, HelperThreads* helpers) {
  const auto& segments = index.lexical_segments();
  const lexical::SegmentSplit split{helpers};
  std::optional<DocSet> allowed;
  if (plan.compiled.match) allowed = lexical::match(segments, *plan.compiled.match, index.doc_count(), plan.deadline, split);
  if (plan.filters) {
    DocSet filtered = lexical::match(segments, *plan.filters, index.doc_count(), plan.deadline, split);
    if (allowed) filtered.intersect(*allowed);
    allowed = std::move(filtered);
  }
  if (allowed) allowed->subtract(index.deleted());  // counts are of live documents
  return allowed;
}

namespace {

// Free text with phrases ranks only the documents holding every phrase (the plan's match,
// within the filters): each holds the phrases' words, so each scores above 0 where no
// field weight and no term boost is 0, and then the allowed set counts the results exactly.
bool phrases_count_exactly(const SearchPlan& plan) {
  if (!plan.compiled.match) return false;
  for (float w : plan.ranking.weight) {
    if (!(w > 0)) return false;
  }
  for (const lexical::QueryTerm& t : plan.compiled.ranking_terms) {
    if (!(t.boost > 0)) return false;
  }
  return true;
}

}  // namespace

Retrieved retrieve_lexical(const SearchPlan& plan, const std::optional<DocSet>& allowed, const IndexReader& index,
                           std::size_t k, HelperThreads* helpers) {
  Retrieved out;
  const SearchRequest& request = plan.request;
  if (request.sort == SortOrder::Relevance && !plan.compiled.ranking_terms.empty() && request.mode != RetrievalMode::Dense) {
    const lexical::DocFilter filter{&index.deleted(), allowed ? &*allowed : nullptr};
    lexical::TopKResult top = lexical::top_k(index.lexical_segments(), plan.compiled.ranking_terms, plan.ranking, k, filter,
                                             &index.dead_documents(), plan.deadline, lexical::SegmentSplit{helpers});
    out.ranked = std::move(top.hits);
    out.total = top.matched;
    out.total_is_exact = false;
  }
  if (allowed && (!plan.ranked_free_text || phrases_count_exactly(plan))) {
    out.total = allowed->count();
    out.total_is_exact = true;
  }
  return out;
}

std::vector<float> query_vector(const SearchPlan& plan, const DenseIndex& dense) {
  const std::vector<float>& given = plan.request.query_vector;
  if (!given.empty() && given.size() != dense.dim()) {
    throw Error(ErrorCode::InvalidArgument, "query vector has " + std::to_string(given.size()) +
                                                " dimensions, the index's model " + std::to_string(dense.dim()));
  }
  if (!given.empty()) return given;
  return dense.embed_query(embeds_typed_text(plan, dense) ? plan.typed_text : plan.dense_text);
}

// A multilingual model reads a translated (Chinese) query as typed: it learned the language,
// and what the dictionaries lack survives; the lexical side searches the translation and
// fusion combines the two.
bool embeds_typed_text(const SearchPlan& plan, const DenseIndex& dense) {
  return plan.request.query_vector.empty() && !plan.typed_text.empty() && dense.model().multilingual();
}

Retrieved retrieve_dense(const SearchPlan& plan, const std::optional<DocSet>& allowed, const DenseIndex& dense,
                         const std::vector<float>& query, std::size_t k) {
  const DocSet* allowed_set = allowed ? &*allowed : nullptr;
  Retrieved out;
  // FAISS's search cannot be interrupted: its cost is bounded by the caps on k, ef_search
  // and nprobe instead (and its widening by the allowed set, decision 0038), and the budget
  // is checked on either side of it; the exact scoring checks it as it goes.
  plan.deadline.check();
  out.ranked = dense.search(query.data(), k, allowed_set, plan.request.hybrid.dense, nullptr, plan.deadline);
  plan.deadline.check();
  out.total = dense.count(allowed_set);
  out.total_is_exact = true;
  return out;
}

namespace {

// A match node for the documents with any of the plan's ranking terms.
lexical::MatchNode any_ranking_term_node(const SearchPlan& plan) {
  lexical::MatchNode any;
  for (const lexical::QueryTerm& t : plan.compiled.ranking_terms) any.keys.push_back(lexical::make_key(lexical::KeySpace::Prose, t.term));
  return any;
}

// The live documents with any of the plan's ranking terms, within `allowed`.
DocSet any_ranking_term(const SearchPlan& plan, const std::optional<DocSet>& allowed, const IndexReader& index,
                        HelperThreads* helpers) {
  DocSet pool = lexical::match(index.lexical_segments(), any_ranking_term_node(plan), index.doc_count(), plan.deadline,
                               lexical::SegmentSplit{helpers});
  pool.subtract(index.deleted());
  if (allowed) pool.intersect(*allowed);
  return pool;
}

}  // namespace

FacetTally segment_facets(const SearchPlan& plan, const std::optional<DocSet>& allowed, const IndexReader& index,
                          std::size_t segment, FacetTermCache* cache) {
  FacetTally tally;
  const DocSet* constraint = allowed ? &*allowed : nullptr;
  // Free text with phrases whose every allowed document scores (phrases_count_exactly)
  // matches exactly the allowed set: no list is read (a phrase's words have long lists).
  if (!plan.ranked_free_text || plan.request.mode == RetrievalMode::Dense || (allowed && phrases_count_exactly(plan))) {
    tally.add_segment(index, segment, nullptr, constraint, &index.deleted());
    return tally;
  }
  // The segment's documents with any ranking term, numbered from 0 in the segment (bit sets
  // the size of the segment, not of the index). Without a constraint, the long lists'
  // counts come from the cache and only the documents they miscount are read (decision 0036).
  const lexical::SegmentIndex& lists = *index.lexical_segments()[segment].index;
  const std::uint32_t size = index.segment_columns(segment).size();
  DeadlineCheck check(plan.deadline);
  std::set<std::string> keys;
  for (const lexical::QueryTerm& t : plan.compiled.ranking_terms) keys.insert(lexical::make_key(lexical::KeySpace::Prose, t.term));
  const auto decode = [&](const lexical::TermInfo& info, DocSet& out) {
    lexical::add_posting_docs(lists, info, 0, size, lexical::kAnyMask, 0, out, check);
  };
  // The long lists the cache has counts for (or counts now), and the union of the others.
  struct Cached {
    std::string key;
    lexical::TermInfo info;
    std::shared_ptr<const ListCounts> counts;
    std::shared_ptr<const DocSet> kept;  // the cache's copy of its documents (dense lists), or null
    std::optional<DocSet> docs;          // decoded when the cache counted it now, else below
  };
  std::vector<Cached> cached_lists;
  DocSet others(size);
  const std::uint32_t first = index.segment_first(segment).value;
  std::vector<std::pair<const std::string*, lexical::TermInfo>> found;  // the keys with a list here
  std::uint64_t postings = 0;
  for (const std::string& key : keys) {
    if (const auto info = lists.find(key)) found.emplace_back(&key, *info), postings += info->doc_freq;
  }
  if (allowed) {
    // A constraint few documents pass (a narrow filter): a cursor per list visits the
    // allowed documents instead of decoding the lists whole.
    if (allowed->count_in(first, first + size) * kFacetProbeFactor * found.size() < postings) {
      std::vector<lexical::PostingCursor> cursors;
      for (const auto& [key, info] : found) cursors.emplace_back(lists, info);
      allowed->for_each_in(first, first + size, [&](DocId doc) {
        const std::uint32_t local = doc.value - first;
        check.tick();
        for (lexical::PostingCursor& cursor : cursors) {
          cursor.advance(local);
          if (cursor.doc() == local) {
            others.insert(DocId(local));
            break;
          }
        }
      });
      tally.add_segment(index, segment, &others, constraint, &index.deleted());
      return tally;
    }
  }
  for (const auto& [key, info] : found) {
    if (cache != nullptr && !allowed && cache->caches(info.doc_freq) && cached_lists.size() < kMaxCachedLists) {
      Cached list{*key, info, nullptr, nullptr, std::nullopt};
      list.counts = cache->get(
          index, segment, *key,
          [&]() -> const DocSet& {
            decode(info, list.docs.emplace(size));
            return *list.docs;
          },
          &list.kept);
      if (list.counts) {
        cached_lists.push_back(std::move(list));
        continue;
      }
    }
    decode(info, others);
  }
  if (cached_lists.empty()) {
    tally.add_segment(index, segment, &others, constraint, &index.deleted());
    return tally;
  }
  // One cached list and nothing else: of its documents only the dead ones need reading
  // (add_segment_union's contract), found by advancing a cursor to each dead document of
  // the segment when they are few; otherwise every cached list is decoded whole, unless the
  // cache kept its documents (a dense list, FacetTermCache::keep_docs).
  const bool probe_dead = cached_lists.size() == 1 && others.empty() &&
                          index.deleted().count_in(first, first + size) * 16 < cached_lists[0].info.doc_freq;
  std::vector<CachedList> cached;
  for (Cached& list : cached_lists) {
    if (!list.docs && (probe_dead || !list.kept)) {
      DocSet& docs = list.docs.emplace(size);
      if (!probe_dead) {
        decode(list.info, docs);
        cache->keep_docs(segment, list.key, list.info.doc_freq, docs);
      } else {
        lexical::PostingCursor cursor(lists, list.info);
        index.deleted().for_each_in(first, first + size, [&](DocId dead) {
          const std::uint32_t local = dead.value - first;
          check.tick();
          cursor.advance(local);
          if (cursor.doc() == local) docs.insert(DocId(local));
        });
      }
    }
    cached.push_back({list.docs ? &*list.docs : list.kept.get(), list.counts.get()});
  }
  tally.add_segment_union(index, segment, cached, others, &index.deleted());
  return tally;
}

bool needs_date_fill(const SearchPlan& plan, const Retrieved& lexical) {
  return plan.request.sort == SortOrder::Date || (!plan.ranked_free_text && lexical.ranked.size() < plan.wanted);
}

void fill_by_date(const SearchPlan& plan, const std::optional<DocSet>& allowed, const IndexReader& index, Retrieved& result,
                  HelperThreads* helpers) {
  DocSet pool;
  if (plan.ranked_free_text) {
    // Sorting free text by date: every document with any ranking term.
    pool = any_ranking_term(plan, allowed, index, helpers);
    result.total = pool.count();
    result.total_is_exact = true;
  } else if (allowed) {
    pool = *allowed;
  }
  if (plan.request.sort == SortOrder::Date) result.ranked.clear();
  std::unordered_set<DocId> taken;
  for (const ScoredDoc& hit : result.ranked) taken.insert(hit.doc);
  // The newest `need` of the pool in a bounded min-heap (its top is the oldest kept): memory
  // stays O(need) however many documents match, where collecting every match and sorting
  // took 8 bytes a match (80 MB for "cancer" at PubMed's scale).
  const std::size_t need = plan.wanted - std::min(plan.wanted, result.ranked.size());
  using Dated = std::pair<std::uint32_t, DocId>;  // (year*16 + month, doc): larger is newer
  std::vector<Dated> newest;
  newest.reserve(need);
  const auto newer = [](const Dated& a, const Dated& b) { return a > b; };
  DeadlineCheck check(plan.deadline);
  pool.for_each([&](DocId doc) {
    check.tick();
    if (need == 0 || taken.contains(doc)) return;
    const Dated d{index.date_key(doc), doc};
    if (newest.size() < need) {
      newest.push_back(d);
      std::push_heap(newest.begin(), newest.end(), newer);
    } else if (newer(d, newest.front())) {
      std::pop_heap(newest.begin(), newest.end(), newer);
      newest.back() = d;
      std::push_heap(newest.begin(), newest.end(), newer);
    }
  });
  std::sort_heap(newest.begin(), newest.end(), newer);  // newest first
  for (const Dated& d : newest) result.ranked.push_back({d.second, 0.0f});
}

}  // namespace medsearch::engine
