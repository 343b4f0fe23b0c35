// Request counters and latency histograms for GET /metrics, in the Prometheus text
// exposition format (version 0.0.4). Thread-safe: record() may be called from every
// server thread at once.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace medsearch::server {

class Metrics {
 public:
  // Upper bounds (seconds) of the latency histogram buckets; +Inf is implied.
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  // One finished request: its route label ("/api/search", "/api/doc/{pmid}", "static",
  // "unmatched"), HTTP status and handling time in seconds.
  void record(std::string_view route, int status, double seconds);

  // medsearch_http_requests_total{route,status}, medsearch_http_request_duration_seconds
  // {route} histogram, medsearch_index_documents gauge.
  std::string render(std::uint64_t index_documents) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};  // non-cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace medsearch::server
