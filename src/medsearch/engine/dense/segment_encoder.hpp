// The encoding half of `embed` for one segment, shared by the single-process and the MPI
// paths (embedding_job.cpp), so a segment's vectors are the same bytes whichever process
// wrote them: SegmentEncoder appends float32 rows to "<segment>.vec.partial" in synced
// chunks of EmbedOptions::chunk_docs documents (an interrupted run resumes at its last
// chunk) and, when the segment is complete, converts them into the segment's VectorFile
// "<segment>.vec" (footer-checked, written to a temporary name and renamed: a present
// .vec is a complete one). PhaseReporter throttles progress callbacks.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/text_embedder.hpp"
#include "medsearch/engine/dense/dense_model.hpp"
#include "medsearch/engine/dense/embedding_job.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/vector/vector_file.hpp"

namespace medsearch::engine::dense_detail {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

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

}  // namespace medsearch::engine::dense_detail
