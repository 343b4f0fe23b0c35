// A PubMed source: NLM's server, an HTTP(S) mirror of its layout, or a local directory with
// the same layout (baseline/, updatefiles/). This is the only code in medsearch that
// downloads (mirror.cpp is the only file that includes libcurl); the base URL is a
// parameter, so tests point it at a server on loopback.
//
// Transient failures (connection refused or reset, timeouts, a transfer cut short, HTTP 5xx
// and 429) are retried up to `retries` times, waiting retry_wait_ms, then twice that, ... at
// most 60 s; then Error(Unavailable) naming the URL and the last failure. Other HTTP
// statuses fail at once: 404 as Error(NotFound), the rest as Error(Io). Thread-safe: each
// call uses its own connection.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace medsearch::engine::sync {

struct MirrorOptions {
  int retries = 5;
  int retry_wait_ms = 2000;
  int connect_timeout_s = 30;
  int stall_timeout_s = 120;  // a transfer that moves no byte for this long is retried
  std::function<void(const std::string&)> on_retry;  // "URL: what failed; retrying in N s"
};

// Bytes of the current download: already in the .part file plus received, and the total
// when known (0 otherwise). Called often; must be cheap.
using ByteProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;

class Mirror {
 public:
  // `source`: "http://…" or "https://…" (e.g. https://ftp.ncbi.nlm.nih.gov/pubmed), else a
  // directory path.
  Mirror(std::string source, MirrorOptions options = {});

  bool is_remote() const { return remote_; }
  // "<source>/<path>", for messages.
  std::string location(const std::string& path) const;

  // The file names in directory `dir` ("baseline", "updatefiles") of the source. A missing
  // directory: Error(NotFound).
  std::vector<std::string> list(const std::string& dir) const;
  // A small file's content (an .md5). A missing file: Error(NotFound).
  std::string read_text(const std::string& path) const;
  // Downloads `path` into the local file `part`, keeping what `part` already holds and
  // asking only for the rest (an HTTP Range request; a server that ignores it sends the
  // whole file, which replaces the part). A part as long as the file is left as it is.
  struct Downloaded {
    std::uint64_t bytes_received = 0;  // over every attempt
    int continued = 0;                 // requests that extended a part (the source honoured the range)
  };
  Downloaded download(const std::string& path, const std::string& part, const ByteProgress& on_bytes) const;

 private:
  std::string source_;
  bool remote_;
  MirrorOptions options_;
};

}  // namespace medsearch::engine::sync
