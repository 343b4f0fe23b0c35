// Indexer::State (indexer_state.hpp): background merges of adjacent segments, and compaction.
#include "medsearch/engine/index/indexer_state.hpp"

#include <algorithm>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/pair_words_sample.hpp"
#include "medsearch/engine/index/segment_builder.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/engine/index/segment_merger.hpp"
#include "medsearch/engine/index/vector_carrier.hpp"

namespace medsearch::engine {

void Indexer::State::start_merge_if_due() {
  if (merge_) return;
  std::vector<std::uint32_t> sizes;
  for (const store::SegmentInfo& s : manifest_.segments) sizes.push_back(s.doc_count);
  const std::optional<MergeRun> run = choose_merge(sizes, merge_groups(dir_, manifest_), options_.merge_policy);
  if (!run) return;
  RunningMerge merge;
  merge.inputs.assign(manifest_.segments.begin() + run->first, manifest_.segments.begin() + run->first + run->count);
  merge.output = segment_name(manifest_.generation + 1) + "-merged";
  merge.result = std::async(std::launch::async, [dir = dir_, inputs = merge.inputs, output = merge.output] {
    return merge_segments(dir, inputs, output);
  });
  merge_ = std::move(merge);
}

void Indexer::State::finish_merge(bool wait, IngestMerges& merges) {
  if (!merge_) return;
  if (!wait && merge_->result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  RunningMerge merge = std::move(*merge_);
  merge_.reset();
  const store::SegmentInfo merged = merge.result.get();  // rethrows the merge's error
  store::Manifest next = manifest_;
  next.generation = manifest_.generation + 1;
  auto first = std::find_if(next.segments.begin(), next.segments.end(),
                            [&](const store::SegmentInfo& s) { return s.name == merge.inputs.front().name; });
  // Only merges remove segments, one at a time, so the inputs are still there in order.
  if (first == next.segments.end() || next.segments.end() - first < static_cast<std::ptrdiff_t>(merge.inputs.size())) {
    throw Error(ErrorCode::Corrupt, dir_ + "/manifest.json: the segments being merged are no longer in it");
  }
  first = next.segments.erase(first, first + static_cast<std::ptrdiff_t>(merge.inputs.size()));
  next.segments.insert(first, merged);
  store::save_manifest(dir_, next);  // the commit point
  manifest_ = std::move(next);
  open_committed_ids();
  remove_unreferenced_files();
  ++merges.merges;
  merges.documents += merged.doc_count;
}

CompactSummary Indexer::State::compact(bool add_pair_words) {
  const auto start = Clock::now();
  CompactSummary summary;
  summary.segments_before = manifest_.segments.size();
  const std::uint64_t generation = manifest_.generation + 1;
  store::Manifest next = manifest_;
  next.generation = generation;
  ++next.docid_epoch;  // compaction renumbers DocIds
  next.segments.clear();
  next.deletions_file.clear();
  next.doc_count = 0;
  // Pair words added here are the analyzer's only once this commit names them.
  struct RestorePairWords {
    State& state;
    bool armed = false;
    ~RestorePairWords() {
      if (armed) state.analyzer_.set_pair_words(nullptr);
    }
  } restore{*this};
  {
    const IndexReader reader(dir_);
    if (add_pair_words && next.pair_words.empty() && reader.doc_count() > 0) {
      const lexical::PairWords words = sample_pair_words(reader, analyzer_, options_.pair_words);
      if (!words.empty()) {
        next.pair_words = words.words();
        summary.pair_words_added = words.size();
        analyzer_.set_pair_words(std::make_shared<const lexical::PairWords>(words));
        restore.armed = true;
      }
    }
    VectorCarrier vectors(dir_, manifest_);
    std::unique_ptr<SegmentBuilder> builder;
    lexical::AnalyzedDocument analyzed;
    auto flush = [&] {
      if (!builder) return;
      builder->finish();
      vectors.finish_segment();
      next.segments.push_back({builder->name(), static_cast<std::uint32_t>(next.doc_count), builder->size(),
                               !next.pair_words.empty()});  // analysed again by analyzer_
      next.doc_count += builder->size();
      builder.reset();
    };
    for (std::uint32_t d = 0; d < reader.doc_count(); ++d) {
      if (!reader.is_live(DocId(d))) {
        ++summary.dropped;
        continue;
      }
      if (!builder) {
        const std::string name = segment_name(generation) + "-" + std::to_string(next.segments.size() + 1);
        builder = std::make_unique<SegmentBuilder>(dir_, name);
        vectors.begin_segment(name);
      }
      const Article article = reader.article(DocId(d));
      analyzer_.analyze(article, analyzed);
      builder->add(article, analyzed);
      vectors.add(DocId(d));
      ++summary.documents;
      if (builder->size() >= options_.checkpoint_docs) flush();
    }
    flush();
  }
  next.live_count = next.doc_count;
  store::save_manifest(dir_, next);  // the commit point
  restore.armed = false;
  manifest_ = std::move(next);
  deleted_ = store::DeletionSet();
  dead_ = lexical::DeadDocuments();
  newly_dead_.clear();
  open_committed_ids();
  remove_unreferenced_files();
  summary.segments_after = manifest_.segments.size();
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return summary;
}

}  // namespace medsearch::engine
