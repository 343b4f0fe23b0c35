#include "medsearch/engine/dense/embedding_job.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/dense/dense_model.hpp"
#include "medsearch/engine/dense/training_corpus.hpp"
#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/store/index_lock.hpp"
#include "medsearch/vector/faiss_index.hpp"
#include "medsearch/vector/vector_file.hpp"

namespace medsearch::engine {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Reports a phase's progress at most every 200 ms, and always at its end.
class PhaseReporter {
 public:
  PhaseReporter(const EmbedProgressCallback& callback, std::string phase, std::uint64_t total)
      : callback_(callback), phase_(std::move(phase)), total_(total) {}
  void report(std::uint64_t done) {
    if (!callback_) return;
    const auto now = Clock::now();
    if (done < total_ && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    callback_({phase_, done, total_, seconds_since(start_)});
  }

 private:
  const EmbedProgressCallback& callback_;
  std::string phase_;
  std::uint64_t total_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_{};
};

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
DenseModelInfo train_default_model(const IndexReader& reader, const std::string& dir, std::uint64_t generation,
                                   const EmbedOptions& options, const EmbedProgressCallback& progress, EmbedSummary& summary) {
  DenseModelInfo info;
  info.kind = "sif";
  info.path = dense_file_name("dense-sif-", generation, "");
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
  encoder::SifTrainOptions sif = options.sif;
  sif.threads = static_cast<int>(std::max(1u, options.threads));
  PhaseReporter reporter(progress, "train", 1000);
  encoder::SifEmbedder::train(corpus, dir + "/" + info.path, sif,
                              [&](double fraction) { reporter.report(static_cast<std::uint64_t>(fraction * 1000)); });
  reporter.report(1000);
  fs::remove(corpus);
  return info;
}

// Appends float32 rows to "<segment>.vec.partial" (synced per chunk) and, when the
// segment is complete, converts them into the segment's VectorFile.
class SegmentEncoder {
 public:
  SegmentEncoder(const IndexReader& reader, const std::string& dir, const store::SegmentInfo& segment,
                 const encoder::TextEmbedder& model)
      : reader_(reader), segment_(segment), model_(model), final_path_(vectors_path(dir, segment.name)),
        partial_path_(partial_vectors_path(dir, segment.name)),
        meta_path_(partial_vectors_meta_path(dir, segment.name)) {}

  // Returns the documents encoded by this call.
  std::uint64_t run(const EmbedOptions& options, PhaseReporter& reporter, std::uint64_t& done_overall) {
    const std::size_t dim = model_.dim();
    const std::size_t row_bytes = dim * sizeof(float);
    std::uint32_t first = resume_point(row_bytes);
    const int fd = ::open(partial_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) throw_io_error("cannot write vectors", partial_path_);
    std::uint64_t encoded = 0;
    std::vector<std::string> texts;
    std::vector<std::uint32_t> rows_of_texts;
    std::vector<float> chunk, embedded;
    try {
      for (std::uint32_t begin = first; begin < segment_.doc_count;) {
        const std::uint32_t end = std::min<std::uint32_t>(segment_.doc_count, begin + static_cast<std::uint32_t>(options.chunk_docs));
        texts.clear();
        rows_of_texts.clear();
        chunk.assign(std::size_t(end - begin) * dim, 0.0f);  // dead documents keep a zero row
        for (std::uint32_t local = begin; local < end; ++local) {
          const DocId doc(segment_.doc_base + local);
          if (!reader_.is_live(doc)) continue;
          texts.push_back(embedding_text(reader_.article(doc)));
          rows_of_texts.push_back(local - begin);
        }
        embedded.resize(texts.size() * dim);
        if (!texts.empty()) model_.embed(texts, encoder::TextRole::Passage, embedded.data());
        for (std::size_t t = 0; t < texts.size(); ++t) {
          std::copy_n(&embedded[t * dim], dim, &chunk[std::size_t(rows_of_texts[t]) * dim]);
        }
        write_all(fd, chunk.data(), chunk.size() * sizeof(float), partial_path_);
        if (::fsync(fd) != 0) throw_io_error("cannot sync vectors", partial_path_);
        encoded += texts.size();
        done_overall += end - begin;
        reporter.report(done_overall);
        begin = end;
      }
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
    publish(dim);
    return encoded;
  }

 private:
  // Rows already in a partial file written for this model (a torn last row is dropped).
  std::uint32_t resume_point(std::size_t row_bytes) {
    std::ifstream meta(meta_path_);
    if (meta && fs::exists(partial_path_)) {
      try {
        const auto j = nlohmann::json::parse(meta);
        if (j.at("model").get<std::string>() == model_.model_id() && j.at("dim").get<std::size_t>() == model_.dim()) {
          const std::uint64_t rows = std::min<std::uint64_t>(fs::file_size(partial_path_) / row_bytes, segment_.doc_count);
          fs::resize_file(partial_path_, rows * row_bytes);
          return static_cast<std::uint32_t>(rows);
        }
      } catch (const std::exception&) {
        // an unreadable marker: start the segment again
      }
    }
    fs::remove(partial_path_);
    std::ofstream out(meta_path_);
    out << nlohmann::json{{"model", model_.model_id()}, {"dim", model_.dim()}}.dump();
    if (!out) throw_io_error("cannot write", meta_path_);
    return 0;
  }

  // A failed write (a full disk) names the file; rows written before it stay valid and a
  // torn last row is dropped by resume_point on the next run.
  static void write_all(int fd, const void* data, std::size_t bytes, const std::string& path) {
    const char* p = static_cast<const char*>(data);
    while (bytes > 0) {
      const ssize_t n = ::write(fd, p, bytes);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_io_error("cannot write vectors", path);
      p += n;
      bytes -= static_cast<std::size_t>(n);
    }
  }

  void publish(std::size_t dim) {
    std::ifstream in(partial_path_, std::ios::binary);
    vector::VectorFileWriter writer(final_path_, dim, model_.model_id());
    std::vector<float> rows(std::size_t(4096) * dim);
    for (std::uint32_t done = 0; done < segment_.doc_count;) {
      const std::uint32_t n = std::min<std::uint32_t>(4096, segment_.doc_count - done);
      in.read(reinterpret_cast<char*>(rows.data()), static_cast<std::streamsize>(std::size_t(n) * dim * sizeof(float)));
      if (!in) throw Error(ErrorCode::Corrupt, partial_path_ + ": shorter than its segment's " + std::to_string(segment_.doc_count) + " rows");
      writer.append(rows.data(), n);
      done += n;
    }
    writer.finish();
    fs::remove(partial_path_);
    fs::remove(meta_path_);
  }

  const IndexReader& reader_;
  const store::SegmentInfo& segment_;
  const encoder::TextEmbedder& model_;
  std::string final_path_, partial_path_, meta_path_;
};

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

}  // namespace

EmbedSummary embed_index(const std::string& dir, const EmbedOptions& options, const EmbedProgressCallback& progress) {
  const auto start = Clock::now();
  if (options.batch_size == 0) throw Error(ErrorCode::InvalidArgument, "--batch must be at least 1");
  if (options.chunk_docs == 0) throw Error(ErrorCode::InvalidArgument, "chunk_docs must be at least 1");
  const store::IndexLock lock(dir);
  const IndexReader reader(dir);
  const std::optional<DenseState> previous = load_dense_state(dir);
  DenseState next;
  next.generation = previous ? previous->generation + 1 : 1;
  EmbedSummary summary;

  // 1. The model: the one asked for, else the index's, else a new default one.
  if (!options.model_dir.empty()) {
    next.model.kind = "transformer";
    next.model.path = fs::absolute(options.model_dir).lexically_normal().string();
    next.model.pooling = options.pooling;
    next.model.max_tokens = options.max_tokens;
  } else if (previous && !options.retrain) {
    next.model = previous->model;
  } else {
    if (reader.live_count() == 0) throw Error(ErrorCode::InvalidArgument, dir + ": no documents to train the default model on");
    const auto train_start = Clock::now();
    next.model = train_default_model(reader, dir, next.generation, options, progress, summary);
    summary.trained = true;
    summary.train_seconds = seconds_since(train_start);
  }
  const auto model = open_dense_model(dir, next.model, std::max(1u, options.threads), options.batch_size, options.device);
  next.model.id = model->model_id();
  next.model.dim = static_cast<std::uint32_t>(model->dim());
  summary.model_id = next.model.id;

  // 2. Vectors for every segment that lacks current ones.
  std::uint64_t to_encode = 0;
  std::vector<const store::SegmentInfo*> pending;
  for (const store::SegmentInfo& segment : reader.manifest().segments) {
    if (vectors_current(vectors_path(dir, segment.name), next.model.id, segment.doc_count, model->dim())) {
      ++summary.segments_kept;
    } else {
      pending.push_back(&segment);
      to_encode += segment.doc_count;
    }
  }
  const auto encode_start = Clock::now();
  {
    PhaseReporter reporter(progress, "encode", to_encode);
    std::uint64_t done = 0;
    for (const store::SegmentInfo* segment : pending) {
      summary.documents_encoded += SegmentEncoder(reader, dir, *segment, *model).run(options, reporter, done);
      ++summary.segments_encoded;
    }
  }
  summary.encode_seconds = seconds_since(encode_start);
  summary.encode_docs_per_second = summary.encode_seconds > 0 ? double(summary.documents_encoded) / summary.encode_seconds : 0.0;

  // 3. The FAISS index: extended when it holds the DocIds below some bound for this model
  // (dense_state.hpp, faiss_covered_docs), else built anew.
  const auto index_start = Clock::now();
  const auto& segments = reader.manifest().segments;
  const std::optional<std::uint32_t> covered = previous ? faiss_covered_docs(*previous, reader.manifest()) : std::nullopt;
  const bool same_model = previous && previous->index && previous->model.id == next.model.id;
  const std::string factory = !options.factory.empty()                      ? options.factory
                              : same_model                                  ? previous->index->factory
                                                                            : vector::default_factory(reader.live_count(), model->dim());
  const bool extend = same_model && previous->index->factory == factory && covered &&
                      fs::exists(dir + "/" + previous->index->file);
  std::unique_ptr<vector::FaissIndex> index;
  std::uint32_t first_new_doc = 0;
  if (extend) {
    index = std::make_unique<vector::FaissIndex>(vector::FaissIndex::load(dir + "/" + previous->index->file));
    first_new_doc = *covered;
    summary.vectors_indexed = index->size();
  } else {
    index = std::make_unique<vector::FaissIndex>(factory, model->dim());
    if (!index->is_trained()) {
      const std::vector<float> sample = training_sample(reader, dir, model->dim(), 100'000);
      index->train(sample.data(), sample.size() / model->dim());
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
  summary.index_seconds = seconds_since(index_start);
  summary.seconds = seconds_since(start);
  return summary;
}

}  // namespace medsearch::engine
