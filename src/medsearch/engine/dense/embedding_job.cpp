#include "medsearch/engine/dense/embedding_job.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "medsearch/cluster/collective.hpp"
#include "medsearch/cluster/test_hooks.hpp"
#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/dense/dense_model.hpp"
#include "medsearch/engine/dense/embed_plan.hpp"
#include "medsearch/engine/dense/range_encoder.hpp"
#include "medsearch/engine/dense/training_corpus.hpp"
#include "medsearch/engine/dense/vector_parts.hpp"
#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/store/index_lock.hpp"
#include "medsearch/vector/faiss_index.hpp"
#include "medsearch/vector/vector_file.hpp"

namespace medsearch::engine {
namespace {

using namespace dense_detail;

bool vectors_current(const std::string& path, const std::string& model_id, std::uint32_t rows, std::size_t dim) {
  if (!fs::exists(path)) return false;
  try {
    const vector::VectorFile file(path);
    return file.model_id() == model_id && file.count() == rows && file.dim() == dim;
  } catch (const Error&) {
    return false;  // damaged or of another format: encoded again
  }
}

// Trains the default model on the live documents' words, or on an evenly spread sample of
// them within options.train_token_budget (training_corpus.hpp); records what it used.
// A model that an earlier run of this generation trained and then did not commit (killed,
// or stopped by an error while encoding) is used as it is, so a rerun encodes only what is
// missing instead of training anew and re-encoding every segment (its vectors carry the
// model's id). It was trained on the index as it was then; so is every committed model.
DenseModelInfo train_default_model(const IndexReader& reader, const std::string& dir, std::uint64_t generation,
                                   const EmbedOptions& options, const EmbedProgressCallback& progress, EmbedSummary& summary) {
  DenseModelInfo info;
  info.kind = "sif";
  info.path = dense_file_name("dense-sif-", generation, "");
  encoder::SifTrainOptions sif = options.sif;
  sif.threads = static_cast<int>(std::max(1u, options.threads));
  if (encoder::SifEmbedder::finished_model_at(dir + "/" + info.path, sif)) {
    summary.resumed_model = true;
    return info;
  }
  const std::string corpus = dir + "/dense-train.txt.tmp";
  {
    std::ofstream out(corpus);
    if (!out) throw_io_error("cannot write the training corpus", corpus);
    const TrainingCorpusStats used = write_training_corpus(reader, out, options.train_token_budget);
    out.close();
    if (!out) throw_io_error("cannot write the training corpus", corpus);
    summary.training_documents = used.documents;
    summary.training_tokens = used.tokens;
  }
  PhaseReporter reporter(progress, "train", 1000);
  encoder::SifEmbedder::train(corpus, dir + "/" + info.path, sif,
                              [&](double fraction) { reporter.report(static_cast<std::uint64_t>(fraction * 1000)); });
  reporter.report(1000);
  fs::remove(corpus);
  return info;
}

// Adds the live rows of DocId `from_doc` and above to `index` in batches (ids are DocIds). A
// segment may straddle `from_doc` (a merge of covered and newer segments).
std::uint64_t add_documents_from(vector::FaissIndex& index, const IndexReader& reader, const std::string& dir,
                                 std::uint32_t from_doc, PhaseReporter& reporter, std::uint64_t& done) {
  std::uint64_t added = 0;
  std::vector<float> rows;
  std::vector<DocId> ids;
  std::vector<float> row;
  for (const store::SegmentInfo& segment : reader.manifest().segments) {
    if (segment.doc_base + segment.doc_count <= from_doc) continue;
    const vector::VectorFile file(vectors_path(dir, segment.name));
    row.resize(file.dim());
    auto flush = [&] {
      if (ids.empty()) return;
      index.add(rows.data(), ids.size(), ids.data());
      added += ids.size();
      rows.clear();
      ids.clear();
    };
    for (std::uint32_t local = from_doc > segment.doc_base ? from_doc - segment.doc_base : 0; local < segment.doc_count; ++local) {
      const DocId doc(segment.doc_base + local);
      ++done;
      if (!reader.is_live(doc)) continue;
      file.row(local, row.data());
      rows.insert(rows.end(), row.begin(), row.end());
      ids.push_back(doc);
      if (ids.size() == 16384) {
        flush();
        reporter.report(done);
      }
    }
    flush();
    reporter.report(done);
  }
  return added;
}

// Up to `limit` live rows spread evenly over the index, for training an IVF/PQ index.
std::vector<float> training_sample(const IndexReader& reader, const std::string& dir, std::size_t dim, std::size_t limit) {
  const std::uint64_t live = reader.live_count();
  const std::uint64_t stride = std::max<std::uint64_t>(1, (live + limit - 1) / limit);
  std::vector<float> sample, row(dim);
  std::uint64_t seen = 0;
  for (const store::SegmentInfo& segment : reader.manifest().segments) {
    const vector::VectorFile file(vectors_path(dir, segment.name));
    for (std::uint32_t local = 0; local < segment.doc_count; ++local) {
      if (!reader.is_live(DocId(segment.doc_base + local))) continue;
      if (seen++ % stride != 0) continue;
      file.row(local, row.data());
      sample.insert(sample.end(), row.begin(), row.end());
    }
  }
  return sample;
}

void remove_stale_dense_files(const std::string& dir, const DenseState& state) {
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("dense-") || name == kDenseStateName) continue;
    const bool model_file = state.model.kind == "sif" && name.starts_with(state.model.path + ".");
    const bool index_file = state.index && name == state.index->file;
    if (!model_file && !index_file) {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);
    }
  }
}

// Builds the FAISS index (extending the previous one when it applies) over every segment's
// vectors and commits dense.json. Rank 0 only, holding the writer lock.
void build_and_commit(const std::string& dir, const IndexReader& reader, const std::optional<DenseState>& previous,
                      DenseState next, const encoder::TextEmbedder& model, const EmbedOptions& options,
                      const EmbedProgressCallback& progress, EmbedSummary& summary) {
  // Every segment must have current vectors now (written by this rank or another one).
  for (const store::SegmentInfo& segment : reader.manifest().segments) {
    if (!vectors_current(vectors_path(dir, segment.name), next.model.id, segment.doc_count, model.dim())) {
      throw Error(ErrorCode::Corrupt, vectors_path(dir, segment.name) + ": missing or not for model " + next.model.id +
                                          " after every share was encoded (is " + dir + " one directory shared by every rank?)");
    }
  }
  // The FAISS index: extended when it holds the DocIds below some bound for this model
  // (dense_state.hpp, faiss_covered_docs), else built anew.
  const auto& segments = reader.manifest().segments;
  const std::optional<std::uint32_t> covered = previous ? faiss_covered_docs(*previous, reader.manifest()) : std::nullopt;
  const bool same_model = previous && previous->index && previous->model.id == next.model.id;
  const std::string factory = !options.factory.empty()                      ? options.factory
                              : same_model                                  ? previous->index->factory
                                                                            : vector::default_factory(reader.live_count(), model.dim());
  const bool extend = same_model && previous->index->factory == factory && covered &&
                      fs::exists(dir + "/" + previous->index->file);
  std::unique_ptr<vector::FaissIndex> index;
  std::uint32_t first_new_doc = 0;
  if (extend) {
    index = std::make_unique<vector::FaissIndex>(vector::FaissIndex::load(dir + "/" + previous->index->file));
    first_new_doc = *covered;
    summary.vectors_indexed = index->size();
  } else {
    index = std::make_unique<vector::FaissIndex>(factory, model.dim());
    if (!index->is_trained()) {
      const std::vector<float> sample = training_sample(reader, dir, model.dim(), 100'000);
      index->train(sample.data(), sample.size() / model.dim());
    }
    summary.index_rebuilt = true;
  }
  {
    PhaseReporter reporter(progress, "index", reader.doc_count() - first_new_doc);
    std::uint64_t done = 0;
    summary.vectors_indexed += add_documents_from(*index, reader, dir, first_new_doc, reporter, done);
  }
  DenseIndexInfo info;
  info.factory = factory;
  info.file = dense_file_name("dense-", next.generation, ".faiss");
  for (const store::SegmentInfo& segment : segments) info.segments.push_back(segment.name);
  info.doc_count = reader.doc_count();
  info.docid_epoch = reader.manifest().docid_epoch;
  index->save(dir + "/" + info.file);
  next.index = std::move(info);
  save_dense_state(dir, next);  // the commit point
  remove_stale_dense_files(dir, next);
  summary.factory = factory;
}

}  // namespace

EmbedSummary embed_index(const std::string& dir, const EmbedOptions& options, const EmbedProgressCallback& progress,
                         cluster::Communicator* group) {
  const auto start = Clock::now();
  if (options.batch_size == 0) throw Error(ErrorCode::InvalidArgument, "--batch must be at least 1");
  if (options.chunk_docs == 0 || options.chunk_docs > (std::size_t{1} << 30)) {
    throw Error(ErrorCode::InvalidArgument, "--chunk-docs must be between 1 and 2^30");
  }
  const std::unique_ptr<cluster::Communicator> solo = group ? nullptr : cluster::solo_communicator();
  cluster::Communicator& comm = group ? *group : *solo;
  const bool root = comm.rank() == 0;
  EmbedSummary summary;

  // 1. Rank 0 takes the writer lock (held for the whole job, for every rank) and chooses
  // the model: the one asked for, else the index's, else a new default one; then it lists
  // the segments lacking current vectors. Other ranks wait for its decision.
  std::unique_ptr<store::IndexLock> lock;
  std::unique_ptr<IndexReader> reader;
  std::optional<DenseState> previous;
  DenseState next;
  std::unique_ptr<encoder::TextEmbedder> model;
  const unsigned threads = std::max(1u, options.threads);
  const EmbedPlan plan = decode_plan(cluster::broadcast_result(comm, 0, [&] {
    lock = std::make_unique<store::IndexLock>(dir);
    reader = std::make_unique<IndexReader>(dir);
    previous = load_dense_state(dir);
    next.generation = previous ? previous->generation + 1 : 1;
    if (!options.model_dir.empty()) {
      next.model.kind = "transformer";
      next.model.path = fs::absolute(options.model_dir).lexically_normal().string();
      next.model.pooling = options.pooling;
      next.model.max_tokens = options.max_tokens;
    } else if (previous && !options.retrain) {
      next.model = previous->model;
    } else {
      if (reader->live_count() == 0) throw Error(ErrorCode::InvalidArgument, dir + ": no documents to train the default model on");
      const auto train_start = Clock::now();
      next.model = train_default_model(*reader, dir, next.generation, options, progress, summary);
      summary.trained = !summary.resumed_model;
      summary.train_seconds = seconds_since(train_start);
    }
    model = open_dense_model(dir, next.model, threads, options.batch_size, options.device);
    next.model.id = model->model_id();
    next.model.dim = static_cast<std::uint32_t>(model->dim());
    EmbedPlan decided{next.model, {}};
    const PartListing parts = list_vector_parts(dir);
    for (const store::SegmentInfo& segment : reader->manifest().segments) {
      const std::vector<std::uint32_t>& firsts = parts.of(segment.name);
      if (vectors_current(vectors_path(dir, segment.name), next.model.id, segment.doc_count, model->dim())) {
        ++summary.segments_kept;
        // Parts left by a run stopped between writing the .vec and removing them.
        for (const std::uint32_t first : firsts) fs::remove(partial_vectors_path(dir, segment.name, first));
        fs::remove(partial_vectors_meta_path(dir, segment.name));
      } else {
        const std::vector<VectorPart> usable = usable_vector_parts(dir, segment.name, segment.doc_count, firsts, next.model.id,
                                                                   model->dim(), static_cast<std::uint32_t>(options.chunk_docs));
        decided.pending.push_back({segment.name, missing_rows(usable, segment.doc_count)});
      }
    }
    return encode_plan(decided);
  }));
  summary.model_id = plan.model.id;

  // 2. Every rank encodes its row ranges of the pending segments (share_of), with the same
  // RangeEncoder a single process uses; then the segments split between ranks are joined.
  const auto encode_start = Clock::now();
  std::uint64_t encoded = 0, segments_encoded = 0, ranges_encoded = 0;
  std::vector<const store::SegmentInfo*> segments;
  RankShare share;
  cluster::run_on_every_rank(comm, "encoding", [&] {
    if (!root) {
      reader = std::make_unique<IndexReader>(dir);
      model = open_dense_model(dir, plan.model, threads, options.batch_size, options.device);
      if (model->model_id() != plan.model.id) {
        throw Error(ErrorCode::InvalidArgument, "rank " + std::to_string(comm.rank()) + " opened model " + model->model_id() +
                                                    " from " + plan.model.path + ", rank 0 model " + plan.model.id);
      }
    }
    for (const PendingSegment& pending : plan.pending) {
      const auto& all = reader->manifest().segments;
      const auto it = std::find_if(all.begin(), all.end(), [&](const store::SegmentInfo& s) { return s.name == pending.name; });
      if (it == all.end()) throw Error(ErrorCode::NotFound, dir + "/manifest.json: no segment " + pending.name + " (rank 0 listed it)");
      segments.push_back(&*it);
    }
    share = share_of(plan, comm.rank(), comm.size(), static_cast<std::uint32_t>(options.chunk_docs));
    PhaseReporter reporter(progress, "encode", share.rows);
    std::uint64_t done = 0, chunks = 0;
    const auto after_chunk = [&] { cluster::test_kill_after_chunks(comm.rank(), ++chunks); };
    for (const RankShare::Range& range : share.ranges) {
      const store::SegmentInfo& segment = *segments[range.segment];
      encoded += RangeEncoder(*reader, dir, segment, *model).run(range.rows, options, reporter, done, after_chunk);
      if (range.last_of_segment) {
        publish_vector_parts(dir, segment.name, segment.doc_count, plan.model.id, model->dim());
        ++segments_encoded;
      }
      cluster::test_kill_point(comm.rank(), ++ranges_encoded);
    }
  });
  cluster::run_on_every_rank(comm, "joining the vector parts", [&] {
    for (const std::size_t s : share.joined_after_all) {
      publish_vector_parts(dir, segments[s]->name, segments[s]->doc_count, plan.model.id, model->dim());
      ++segments_encoded;
    }
  });
  summary.documents_encoded = comm.sum(encoded);
  summary.segments_encoded = comm.sum(segments_encoded);
  summary.ranges_encoded = comm.sum(ranges_encoded);
  summary.encode_seconds = seconds_since(encode_start);
  summary.encode_docs_per_second = summary.encode_seconds > 0 ? double(summary.documents_encoded) / summary.encode_seconds : 0.0;

  // 3. Rank 0 builds the vector index over every share and commits dense.json.
  const auto index_start = Clock::now();
  cluster::run_on_every_rank(comm, "building the vector index", [&] {
    if (root) build_and_commit(dir, *reader, previous, std::move(next), *model, options, progress, summary);
  });
  summary.index_seconds = seconds_since(index_start);
  summary.seconds = seconds_since(start);
  return summary;
}

}  // namespace medsearch::engine
