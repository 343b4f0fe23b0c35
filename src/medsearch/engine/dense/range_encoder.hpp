// The encoding half of `embed` for one row range of a segment, shared by the
// single-process and the MPI paths (embedding_job.cpp), so a segment's vectors are the same
// bytes whichever process wrote them: RangeEncoder appends float32 rows to a part of the
// segment's partial vectors (vector_parts.hpp) in synced chunks of EmbedOptions::chunk_docs
// documents (an interrupted run resumes at its last chunk); publish_vector_parts then joins
// the parts into "<segment>.vec". PhaseReporter throttles progress callbacks.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/text_embedder.hpp"
#include "medsearch/engine/dense/dense_model.hpp"
#include "medsearch/engine/dense/embedding_job.hpp"
#include "medsearch/engine/dense/vector_parts.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/segment_files.hpp"

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

// Encodes rows [begin, end) of one segment and appends them, in synced chunks of
// EmbedOptions::chunk_docs rows, to the part beginning at row `append_to`
// (vector_parts.hpp; embedding_job.cpp plans the ranges so that each starts on a chunk
// boundary: the encoder then gets the same texts per call as a single run's, so the rows
// are the same bytes whichever process encodes them). Dead documents keep a zero row.
class RangeEncoder {
 public:
  RangeEncoder(const IndexReader& reader, const std::string& dir, const store::SegmentInfo& segment,
               const encoder::TextEmbedder& model)
      : reader_(reader), dir_(dir), segment_(segment), model_(model) {}

  // Returns the documents encoded. `after_chunk` (may be empty) runs after each synced chunk.
  // Error(Corrupt) when the part does not end at `begin` (another writer, or a directory
  // that is not one shared directory).
  std::uint64_t run(const MissingRows& range, const EmbedOptions& options, PhaseReporter& reporter,
                    std::uint64_t& done_overall, const std::function<void()>& after_chunk) {
    const std::size_t dim = model_.dim();
    const std::string path = partial_vectors_path(dir_, segment_.name, range.append_to);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) throw_io_error("cannot write vectors", path);
    std::uint64_t encoded = 0;
    std::vector<std::string> texts;
    std::vector<std::uint32_t> rows_of_texts;
    std::vector<float> chunk, embedded;
    try {
      const std::uint64_t expected = std::uint64_t(range.begin - range.append_to) * dim * sizeof(float);
      if (static_cast<std::uint64_t>(::lseek(fd, 0, SEEK_END)) != expected) {
        throw Error(ErrorCode::Corrupt, path + ": does not end at row " + std::to_string(range.begin) +
                                            " as planned (is the index directory one directory shared by every rank?)");
      }
      for (std::uint32_t begin = range.begin; begin < range.end;) {
        const std::uint32_t end = std::min<std::uint32_t>(range.end, begin + static_cast<std::uint32_t>(options.chunk_docs));
        texts.clear();
        rows_of_texts.clear();
        chunk.assign(std::size_t(end - begin) * dim, 0.0f);
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
        write_all(fd, chunk.data(), chunk.size() * sizeof(float), path);
        if (::fsync(fd) != 0) throw_io_error("cannot sync vectors", path);
        encoded += texts.size();
        done_overall += end - begin;
        reporter.report(done_overall);
        begin = end;
        if (after_chunk) after_chunk();
      }
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (::close(fd) != 0) throw_io_error("cannot write vectors", path);
    return encoded;
  }

 private:
  // A failed write (a full disk) names the file; rows written before it stay valid and a
  // torn last chunk is dropped by usable_vector_parts on the next run.
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

  const IndexReader& reader_;
  const std::string& dir_;
  const store::SegmentInfo& segment_;
  const encoder::TextEmbedder& model_;
};

}  // namespace medsearch::engine::dense_detail
