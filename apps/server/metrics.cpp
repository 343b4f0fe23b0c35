#include "metrics.hpp"

#include <cstdio>

namespace medsearch::server {
namespace {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

}  // namespace

void Metrics::record(std::string_view route, int status, double seconds) {
  const std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), status}];
  Histogram& h = latency_[std::string(route)];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.counts[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(std::uint64_t index_documents) const {
  const std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP medsearch_http_requests_total HTTP requests handled, by route and status.\n";
  out += "# TYPE medsearch_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += "medsearch_http_requests_total{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"} " +
           std::to_string(count) + "\n";
  }
  out += "# HELP medsearch_http_request_duration_seconds Time to handle a request, by route.\n";
  out += "# TYPE medsearch_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string prefix = "medsearch_http_request_duration_seconds";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      out += prefix + "_bucket{route=\"" + route + "\",le=\"" + number(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += prefix + "_bucket{route=\"" + route + "\",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
    out += prefix + "_sum{route=\"" + route + "\"} " + number(h.sum) + "\n";
    out += prefix + "_count{route=\"" + route + "\"} " + std::to_string(h.count) + "\n";
  }
  out += "# HELP medsearch_index_documents Live documents in the served index.\n";
  out += "# TYPE medsearch_index_documents gauge\n";
  out += "medsearch_index_documents " + std::to_string(index_documents) + "\n";
  return out;
}

}  // namespace medsearch::server
