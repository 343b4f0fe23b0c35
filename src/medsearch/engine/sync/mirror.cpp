#include "medsearch/engine/sync/mirror.hpp"

#include <curl/curl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/sync/nlm_files.hpp"

namespace medsearch::engine::sync {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxTextBytes = 64 << 20;  // a listing or an .md5; more is not one
constexpr int kMaxRetryWaitMs = 60'000;

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

std::uint64_t size_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

// How one request ended.
struct Outcome {
  bool ok = false;
  bool transient = false;  // worth retrying
  bool not_found = false;
  std::string reason;
};

// Receives a response body: into `file` (a download, appended after `offset` bytes the
// part already held) or into `text`; only the body of a 2xx answer is kept.
struct Sink {
  CURL* curl = nullptr;
  std::FILE* file = nullptr;
  std::string* text = nullptr;
  std::uint64_t offset = 0;
  const ByteProgress* on_bytes = nullptr;
  bool status_checked = false;
  bool discard = false;
  std::uint64_t received = 0;
  std::uint64_t total = 0;
};

std::size_t on_body(char* data, std::size_t, std::size_t n, void* user) {
  Sink& sink = *static_cast<Sink*>(user);
  if (!sink.status_checked) {
    sink.status_checked = true;
    long status = 0;
    curl_easy_getinfo(sink.curl, CURLINFO_RESPONSE_CODE, &status);
    sink.discard = status < 200 || status >= 300;
    if (status == 200 && sink.file != nullptr && sink.offset > 0) {
      // The server ignored the Range header and sends the whole file: start the part over.
      std::fflush(sink.file);
      if (::ftruncate(::fileno(sink.file), 0) != 0) return 0;
      sink.offset = 0;
    }
    curl_off_t length = -1;
    curl_easy_getinfo(sink.curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    if (!sink.discard && length >= 0) sink.total = sink.offset + static_cast<std::uint64_t>(length);
  }
  if (sink.discard) return n;
  if (sink.file != nullptr) {
    if (std::fwrite(data, 1, n, sink.file) != n) return 0;  // disk full: CURLE_WRITE_ERROR
  } else {
    if (sink.text->size() + n > kMaxTextBytes) return 0;
    sink.text->append(data, n);
  }
  sink.received += n;
  if (sink.on_bytes != nullptr && *sink.on_bytes) (*sink.on_bytes)(sink.offset + sink.received, sink.total);
  return n;
}

Outcome http_get(const std::string& url, Sink& sink, const MirrorOptions& options) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return {false, false, false, "cannot start a libcurl transfer"};
  sink.curl = curl.get();
  char error[CURL_ERROR_SIZE] = {0};
  const std::string range = std::to_string(sink.offset) + "-";
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "medsearch-sync");
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, static_cast<long>(options.connect_timeout_s));
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.stall_timeout_s));
  // CURLOPT_RANGE rather than RESUME_FROM: the latter fails when the server answers 200.
  if (sink.offset > 0) curl_easy_setopt(curl.get(), CURLOPT_RANGE, range.c_str());
  const CURLcode code = curl_easy_perform(curl.get());
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (code != CURLE_OK) {
    const std::string reason = error[0] != '\0' ? error : curl_easy_strerror(code);
    const bool permanent = code == CURLE_WRITE_ERROR || code == CURLE_URL_MALFORMAT ||
                           code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_FILESIZE_EXCEEDED ||
                           code == CURLE_PEER_FAILED_VERIFICATION;  // a certificate problem does not pass
    return {false, !permanent, false, reason};
  }
  if (status == 200 || status == 206) return {true, false, false, ""};
  // 416: the part already holds the whole file (its md5 check decides whether it is good).
  if (status == 416 && sink.offset > 0) return {true, false, false, ""};
  const std::string reason = "HTTP status " + std::to_string(status);
  if (status == 404 || status == 410) return {false, false, true, reason};
  return {false, status >= 500 || status == 429 || status == 408, false, reason};
}

// Runs `attempt` until it succeeds, retrying transient failures with exponential backoff.
template <typename Attempt>
void with_retries(const std::string& url, const MirrorOptions& options, Attempt attempt) {
  int wait_ms = options.retry_wait_ms;
  for (int tries = 0;; ++tries) {
    const Outcome outcome = attempt();
    if (outcome.ok) return;
    if (outcome.not_found) throw Error(ErrorCode::NotFound, url + ": not found (" + outcome.reason + ")");
    if (!outcome.transient) throw Error(ErrorCode::Io, url + ": " + outcome.reason);
    if (tries >= options.retries) {
      throw Error(ErrorCode::Unavailable,
                  url + ": " + outcome.reason + " (gave up after " + std::to_string(tries + 1) + " attempts)");
    }
    if (options.on_retry) {
      options.on_retry(url + ": " + outcome.reason + "; retrying in " + std::to_string(wait_ms / 1000.0).substr(0, 4) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    wait_ms = std::min(wait_ms * 2, kMaxRetryWaitMs);
  }
}

std::string fetch_text(const std::string& url, const MirrorOptions& options) {
  std::string text;
  with_retries(url, options, [&] {
    text.clear();
    Sink sink;
    sink.text = &text;
    return http_get(url, sink, options);
  });
  return text;
}

// A local source: copy what `part` lacks of `from`.
Mirror::Downloaded copy_rest(const std::string& from, const std::string& part, const ByteProgress& on_bytes) {
  std::ifstream in(from, std::ios::binary);
  if (!in) throw Error(ErrorCode::NotFound, from + ": not found");
  const std::uint64_t total = size_of(from);
  std::uint64_t done = size_of(part);
  if (done > total) done = 0;  // not a prefix of this file: start over
  Mirror::Downloaded result;
  result.continued = done > 0 ? 1 : 0;
  File out(std::fopen(part.c_str(), done == 0 ? "wb" : "ab"), &std::fclose);
  if (!out) throw_io_error("cannot write", part);
  in.seekg(static_cast<std::streamoff>(done));
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    if (std::fwrite(buffer.data(), 1, n, out.get()) != n) throw_io_error("cannot write", part);
    done += n;
    result.bytes_received += n;
    if (on_bytes) on_bytes(done, total);
  }
  if (std::fflush(out.get()) != 0) throw_io_error("cannot write", part);
  return result;
}

}  // namespace

Mirror::Mirror(std::string source, MirrorOptions options)
    : source_(std::move(source)), options_(std::move(options)) {
  remote_ = source_.starts_with("http://") || source_.starts_with("https://");
  while (source_.size() > 1 && source_.ends_with("/")) source_.pop_back();
}

std::string Mirror::location(const std::string& path) const { return source_ + "/" + path; }

std::vector<std::string> Mirror::list(const std::string& dir) const {
  if (remote_) return parse_listing(fetch_text(location(dir) + "/", options_));
  const std::string path = location(dir);
  if (!fs::is_directory(path)) throw Error(ErrorCode::NotFound, path + ": no such directory");
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(path)) {
    if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
  }
  return names;
}

std::string Mirror::read_text(const std::string& path) const {
  if (remote_) return fetch_text(location(path), options_);
  std::ifstream in(location(path), std::ios::binary);
  if (!in) throw Error(ErrorCode::NotFound, location(path) + ": not found");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

Mirror::Downloaded Mirror::download(const std::string& path, const std::string& part, const ByteProgress& on_bytes) const {
  const std::string url = location(path);
  if (!remote_) return copy_rest(url, part, on_bytes);
  Downloaded result;
  with_retries(url, options_, [&] {
    File out(std::fopen(part.c_str(), "ab"), &std::fclose);
    if (!out) throw_io_error("cannot write", part);
    Sink sink;
    sink.file = out.get();
    sink.offset = size_of(part);
    sink.on_bytes = &on_bytes;
    Outcome outcome = http_get(url, sink, options_);
    result.bytes_received += sink.received;
    if (sink.offset > 0 && sink.received > 0) ++result.continued;  // offset is 0 when the server sent it all
    if (std::fflush(out.get()) != 0) throw_io_error("cannot write", part);
    if (outcome.ok && sink.total > 0 && size_of(part) != sink.total) {
      outcome = {false, true, false, "transfer ended at " + std::to_string(size_of(part)) + " of " +
                                         std::to_string(sink.total) + " bytes"};
    }
    return outcome;
  });
  return result;
}

}  // namespace medsearch::engine::sync
