// Error-aware collectives over a Communicator: a failure on one rank becomes an Error on
// every rank (instead of the others waiting in a collective the failed rank never joins).
#pragma once

#include <exception>
#include <string>

#include "medsearch/cluster/communicator.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch::cluster {

// Root runs `make` (returning std::string) and broadcasts its result; every rank returns
// it. When `make` throws, root rethrows its error and every other rank throws
// Error(same code, "rank ROOT: message").
template <typename Make>
std::string broadcast_result(Communicator& comm, int root, Make&& make) {
  std::string payload;
  std::exception_ptr failure;
  if (comm.rank() == root) {
    try {
      payload = "+" + make();
    } catch (const Error& e) {
      failure = std::current_exception();
      payload = "-" + std::to_string(static_cast<int>(e.code())) + ":" + e.what();
    } catch (const std::exception& e) {
      failure = std::current_exception();
      payload = "-" + std::to_string(static_cast<int>(ErrorCode::Io)) + ":" + e.what();
    }
  }
  comm.broadcast(payload, root);
  if (failure) std::rethrow_exception(failure);
  if (payload.empty() || payload[0] != '+') {
    const std::size_t colon = payload.find(':');
    const int code = colon == std::string::npos ? static_cast<int>(ErrorCode::Io) : std::stoi(payload.substr(1, colon - 1));
    throw Error(static_cast<ErrorCode>(code), "rank " + std::to_string(root) + ": " +
                                                   (colon == std::string::npos ? payload : payload.substr(colon + 1)));
  }
  return payload.substr(1);
}

// Every rank runs `work`; then, if any rank failed, every rank throws (a failed rank its
// own error, the others Error(Unavailable) saying which phase failed elsewhere).
template <typename Work>
void run_on_every_rank(Communicator& comm, const std::string& phase, Work&& work) {
  std::exception_ptr failure;
  try {
    work();
  } catch (...) {
    failure = std::current_exception();
  }
  const bool someone_failed = comm.any(failure != nullptr);
  if (failure) std::rethrow_exception(failure);
  if (someone_failed) throw Error(ErrorCode::Unavailable, phase + " failed on another rank (see its message)");
}

}  // namespace medsearch::cluster
