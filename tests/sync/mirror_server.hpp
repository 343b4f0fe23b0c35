// A PubMed mirror on loopback for the sync tests: serves DIR/baseline/ and DIR/updatefiles/
// as NLM does (Apache-style HTML listings, files, .md5 files; byte ranges through httplib),
// with faults injected per file name. Never touches the internet.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

namespace medsearch::testing {

struct Faults {
  int fail_first = 0;        // answer HTTP 500 to this many requests first
  int corrupt_first = 0;     // this many full answers have one byte flipped
  long cut_first_at = -1;    // the first answer declares the whole length but stops after this many bytes
  int slow_chunk_ms = 0;     // send in 4 KiB chunks, sleeping this long between them
};

struct ServedRequest {
  std::string path;
  std::string range;  // the Range header, empty if none
  int status = 0;
};

class MirrorServer {
 public:
  explicit MirrorServer(std::string dir) : dir_(std::move(dir)) {
    server_.Get(R"(/pubmed/(baseline|updatefiles)/(.*))", [this](const httplib::Request& req, httplib::Response& res) {
      serve(req, res, req.matches[1], req.matches[2]);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // bind_to_any_port() already listens: connections queue until the thread accepts them.
  }
  ~MirrorServer() {
    server_.stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/pubmed"; }
  void set_faults(const std::string& name, Faults faults) {
    const std::lock_guard lock(mutex_);
    faults_[name] = faults;
  }
  void reverse_listings(bool on) { reverse_ = on; }
  std::vector<ServedRequest> requests() const {
    const std::lock_guard lock(mutex_);
    return log_;
  }
  // Requests whose path ends with `name`.
  std::vector<ServedRequest> requests_for(const std::string& name) const {
    std::vector<ServedRequest> out;
    for (const ServedRequest& r : requests()) {
      if (r.path.ends_with("/" + name)) out.push_back(r);
    }
    return out;
  }
  // Bytes sent so far of a slow file (for kill tests).
  std::uint64_t slow_bytes_sent() const { return slow_bytes_; }

 private:
  void serve(const httplib::Request& req, httplib::Response& res, const std::string& folder, const std::string& name) {
    const bool ranged = !req.get_header_value("Range").empty();
    // This answer's faults, decided (and used up) under the lock.
    bool fail = false, corrupt = false;
    long cut = -1;
    int slow_ms = 0;
    {
      const std::lock_guard lock(mutex_);
      log_.push_back({req.path, req.get_header_value("Range"), 0});
      if (auto it = faults_.find(name.empty() ? folder + "/" : name); it != faults_.end()) {
        Faults& f = it->second;
        fail = f.fail_first > 0 && f.fail_first-- > 0;
        corrupt = !fail && !ranged && f.corrupt_first > 0 && f.corrupt_first-- > 0;
        if (!fail && !ranged && f.cut_first_at >= 0) cut = f.cut_first_at, f.cut_first_at = -1;
        slow_ms = f.slow_chunk_ms;
      }
    }
    auto finish = [&](int status) {
      const std::lock_guard lock(mutex_);
      for (auto it = log_.rbegin(); it != log_.rend(); ++it) {
        if (it->path == req.path && it->status == 0) {
          it->status = status;
          break;
        }
      }
    };
    if (fail) {
      res.status = 500;
      res.set_content("internal error", "text/plain");
      return finish(500);
    }
    const std::filesystem::path local = std::filesystem::path(dir_) / folder / name;
    if (name.empty()) {
      res.set_content(listing(folder), "text/html");
      return finish(200);
    }
    if (!std::filesystem::is_regular_file(local)) {
      res.status = 404;
      res.set_content("not found", "text/plain");
      return finish(404);
    }
    std::string body = read_file(local.string());
    if (corrupt) {
      body[body.size() / 2] = static_cast<char>(body[body.size() / 2] ^ 0x5a);
    }
    if (cut >= 0) {
      auto data = std::make_shared<std::string>(std::move(body));
      res.set_content_provider(data->size(), "application/octet-stream",
                               [data, cut = static_cast<std::size_t>(cut)](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 if (offset >= cut) return false;  // drop the connection mid-file
                                 sink.write(data->data() + offset, cut - offset);
                                 return true;
                               });
      return finish(200);
    }
    if (slow_ms > 0) {
      auto data = std::make_shared<std::string>(std::move(body));
      const int ms = slow_ms;
      res.set_content_provider(data->size(), "application/octet-stream",
                               [this, data, ms](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                 const std::size_t n = std::min<std::size_t>(4096, length);
                                 std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                                 sink.write(data->data() + offset, n);
                                 slow_bytes_ += n;
                                 return true;
                               });
      return finish(ranged ? 206 : 200);
    }
    res.set_content(std::move(body), "application/octet-stream");
    return finish(ranged ? 206 : 200);
  }

  std::string listing(const std::string& folder) const {
    std::vector<std::string> names;
    const std::filesystem::path path = std::filesystem::path(dir_) / folder;
    if (std::filesystem::is_directory(path)) {
      for (const auto& e : std::filesystem::directory_iterator(path)) names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    if (reverse_) std::reverse(names.begin(), names.end());
    std::string html = "<html><head><title>Index of /pubmed/" + folder +
                       "</title></head><body><h1>Index of /pubmed/" + folder +
                       "</h1><pre>Name Last modified Size<hr><a href=\"?C=N;O=D\">Name</a> "
                       "<a href=\"/pubmed/\">Parent Directory</a>\n";
    for (const std::string& n : names) html += "<a href=\"" + n + "\">" + n + "</a>   2026-12-01 10:00  1.0M\n";
    return html + "<hr></pre></body></html>\n";
  }

  std::string dir_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::map<std::string, Faults> faults_;
  std::vector<ServedRequest> log_;
  std::atomic<bool> reverse_{false};
  std::atomic<std::uint64_t> slow_bytes_{0};
};

}  // namespace medsearch::testing
